"""The house HTTP policy as plain data: timeouts, retries, backoff, allowed URLs.

No httpx here, so declarations and the engine's set-up can name the policy without pulling
in the network stack (``workbench providers`` must stay cheap). The client that applies
the policy is :mod:`workbench.providers._http`.

Stainless-SDK defaults (openai, runway): ``Timeout(60, connect=5)``, two retries, backoff
0.5 s × 2ⁿ capped at 8 s with jitter, ``retry-after-ms`` / ``Retry-After`` honoured up to
60 s.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workbench.providers.errors import ProviderError


@dataclass(frozen=True)
class HttpPolicy:
    """Timeouts and retry policy; ``sleep`` and ``jitter`` are injectable for tests."""

    timeout_s: float = 60.0
    connect_timeout_s: float = 5.0
    download_read_timeout_s: float = 120.0
    max_retries: int = 2
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 8.0
    retry_after_cap_s: float = 60.0
    #: Clip downloads at once per service. A window in the same process wants few (each
    #: download's hashing and writing contends with its thread for the interpreter lock);
    #: the command line takes more (a burst of 100 finished draws lands sooner).
    download_slots: int = 4
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)
    jitter: Callable[[], float] = field(default=random.random)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number ``attempt`` (0-based), with up to 25 % jitter."""
        base = min(self.backoff_initial_s * 2**attempt, self.backoff_max_s)
        return base * (1 - 0.25 * self.jitter())


@functools.lru_cache(maxsize=256)
def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Only HTTPS leaves this machine; plain HTTP is allowed to loopback (tests, ComfyUI).

    Raises:
        ProviderError: the URL is malformed or would send data in clear text.
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    where = f"{parts.scheme}://{parts.hostname}" if parts.hostname else repr(url[:60])
    raise ProviderError(
        f"refusing {where}: only HTTPS is used, except to this computer (127.0.0.1)"
    )


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
