"""The one HTTP policy every adapter uses: timeouts, redirects, retries, error mapping.

Stainless-SDK defaults (openai, runway): ``Timeout(60, connect=5)``, two retries, backoff
0.5 s × 2ⁿ capped at 8 s with jitter, ``retry-after-ms`` / ``Retry-After`` honoured up to
60 s. One deliberate difference: a create call (POST without an idempotency key) is
retried only when it certainly did not reach the service — a connection that never opened,
408, 429 or 503. After a read timeout or another 5xx the service may have started a paid
job, so :class:`SubmitOutcomeUnknown` is raised instead of sending it twice.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from workbench import __version__
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    BadRequest,
    NotFound,
    PermissionDenied,
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    ProviderStatusError,
    ProviderTimeout,
    RateLimited,
    ServerError,
    SubmitOutcomeUnknown,
)

log = logging.getLogger("workbench.http")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_SAFE_SUBMIT_RETRY = frozenset({408, 429, 503})  # the service says it did not take the job
_RETRY_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))
_REQUEST_SLOTS = 8  # concurrent API calls per provider
_DOWNLOAD_SLOTS = 4  # concurrent clip downloads per provider
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


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


def _describe_body(response: httpx.Response, body: Any) -> tuple[str, str]:
    """The service's own error text and code from the usual error envelopes."""
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            return (
                str(err.get("message") or err.get("status") or err)[:500],
                str(err.get("code") or err.get("type") or err.get("status") or ""),
            )
        if isinstance(err, str):
            return err[:500], str(body.get("code") or "")
        for key in ("message", "detail", "title", "msg"):
            if body.get(key):
                return str(body[key])[:500], str(body.get("code") or body.get("type") or "")
        return str(body)[:300], ""
    text = response.text.strip()
    if text[:100].lower().lstrip().startswith(("<!doctype", "<html")):
        return f"an HTML error page (HTTP {response.status_code})", ""
    return text[:300], ""


def error_from_response(
    response: httpx.Response, provider: str, scrub: Callable[[str], str] = lambda s: s
) -> ProviderStatusError:
    """Map an HTTP error answer to the matching :class:`ProviderStatusError`."""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    text, code = _describe_body(response, body)
    text = scrub(text)
    status = response.status_code
    request_id = (
        response.headers.get("x-request-id")
        or response.headers.get("request-id")
        or response.headers.get("x-fal-request-id")
        or ""
    )
    kwargs: dict[str, Any] = {
        "status": status,
        "body": body,
        "request_id": request_id,
        "provider_text": text,
        "code": code,
    }
    if status == 401:
        return AuthError(f"{provider} did not accept the API key (HTTP 401)", **kwargs)
    if status == 403:
        return PermissionDenied(f"{provider} refused access for this key (HTTP 403)", **kwargs)
    if status == 404:
        return NotFound(f"{provider} does not know this request (HTTP 404)", **kwargs)
    if status == 429:
        return RateLimited(
            f"{provider} is rate-limiting or out of quota (HTTP 429)",
            retry_after=parse_retry_after(response.headers),
            **kwargs,
        )
    if status >= 500:
        return ServerError(f"{provider} had a server error (HTTP {status})", **kwargs)
    return BadRequest(f"{provider} rejected the request (HTTP {status})", **kwargs)


class HttpClient:
    """One provider's HTTP access: base URL, auth headers, policy, error mapping.

    Args:
        provider: the provider's display name, used in messages.
        base_url: root every relative path is joined to (HTTPS, or HTTP on loopback).
        auth: returns the auth headers for a request (called per request, so short-lived
            tokens can be renewed). Sent only to the base URL's own host.
        refine: lets an adapter turn a status error into a more specific one (vendor codes).
        secrets: values to scrub from any service text we keep.
    """

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        policy: HttpPolicy | None = None,
        auth: Callable[[], Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        refine: Callable[[ProviderStatusError], ProviderError] | None = None,
        secrets: tuple[str, ...] = (),
    ) -> None:
        check_url(base_url)
        self.provider = provider
        self.base_url = base_url.rstrip("/")
        self.policy = policy or HttpPolicy()
        self._auth = auth
        self._headers = {"User-Agent": f"Workbench/{__version__}", **(headers or {})}
        self._refine = refine
        self._secrets = tuple(s for s in secrets if len(s) >= 4)
        self._client: httpx.AsyncClient | None = None
        # Requests wait here rather than inside httpcore, whose pool re-scans every queued
        # request against every connection on each change (measured: 100 draws in flight
        # cost ~15 ms of CPU per draw that way, ~6 ms with these gates).
        self._request_gate = asyncio.Semaphore(_REQUEST_SLOTS)
        self._download_gate = asyncio.Semaphore(_DOWNLOAD_SLOTS)
        self._host = urlsplit(self.base_url).netloc

    def scrub(self, text: str) -> str:
        """Remove any secret value from text that came back from the service."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    @property
    def client(self) -> httpx.AsyncClient:
        """The shared AsyncClient, created on first use in the running loop."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                follow_redirects=True,  # every vendor SDK does; httpx does not by default
                timeout=httpx.Timeout(self.policy.timeout_s, connect=self.policy.connect_timeout_s),
                limits=httpx.Limits(
                    max_connections=_REQUEST_SLOTS + _DOWNLOAD_SLOTS,
                    max_keepalive_connections=_REQUEST_SLOTS + _DOWNLOAD_SLOTS,
                ),
            )
        return self._client

    def url(self, path: str) -> str:
        """Absolute URL for a path (absolute URLs pass through, checked)."""
        full = path if "://" in path else f"{self.base_url}/{path.lstrip('/')}"
        check_url(full)
        return full

    def _request_headers(
        self, url: str, extra: Mapping[str, str] | None, auth: bool
    ) -> dict[str, str]:
        headers = dict(self._headers)
        if auth and self._auth is not None and urlsplit(url).netloc == self._host:
            headers.update(self._auth())
        headers.update(extra or {})
        return headers

    def _raise(self, response: httpx.Response) -> ProviderError:
        error = error_from_response(response, self.provider, self.scrub)
        return self._refine(error) if self._refine else error

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        """Send with the house retry policy; returns only 2xx answers.

        Raises:
            ProviderStatusError: an error status after any allowed retries.
            SubmitOutcomeUnknown: a non-idempotent call may have reached the service.
            ProviderConnectionError: the service could not be reached.
        """
        method = method.upper()
        safe = idempotent if idempotent is not None else method in _IDEMPOTENT_METHODS
        url = self.url(path)
        where = f"{method} {urlsplit(url).path}"
        for attempt in range(self.policy.max_retries + 1):
            last = attempt == self.policy.max_retries
            started = time.perf_counter()
            try:
                async with self._request_gate:
                    response = await self.client.request(
                        method,
                        url,
                        json=json,
                        data=data,
                        files=files,
                        params=params,
                        headers=self._request_headers(url, headers, auth),
                    )
            except _NEVER_SENT as exc:
                if last:
                    raise ProviderConnectionError(
                        f"could not reach {self.provider} at {self._host} ({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            except _MAYBE_SENT as exc:
                if not safe:
                    raise SubmitOutcomeUnknown(
                        f"{self.provider} did not answer the submit in time; it may or may "
                        f"not have started the job ({type(exc).__name__})"
                    ) from exc
                if last:
                    raise ProviderTimeout(
                        f"{self.provider} did not answer in time ({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            log.debug(
                "%s %s → %s in %.0f ms",
                self.provider,
                where,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            if response.is_success:
                return response
            status = response.status_code
            retry_after = parse_retry_after(response.headers)
            wanted = response.headers.get("x-should-retry")
            retry_ok = (status in _SAFE_SUBMIT_RETRY) if not safe else status in _RETRY_STATUSES
            if wanted is not None:
                retry_ok = wanted.lower() == "true"
            too_long = retry_after is not None and retry_after > self.policy.retry_after_cap_s
            if retry_ok and not last and not too_long:
                await self.policy.sleep(
                    retry_after if retry_after is not None else self.policy.backoff(attempt)
                )
                continue
            if not safe and status >= 500 and status != 503:
                error = self._raise(response)
                raise SubmitOutcomeUnknown(
                    f"{self.provider} failed while taking the submit (HTTP {status}); it may or "
                    "may not have started the job",
                    provider_text=error.provider_text,
                    code=error.code,
                )
            raise self._raise(response)
        raise AssertionError("unreachable")  # pragma: no cover

    async def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """:meth:`request`, then the body parsed as JSON.

        Raises:
            ProtocolError: the body is not JSON (an HTML page from a proxy, cut-off text).
        """
        response = await self.request(method, path, **kwargs)
        return parse_json(response, self.provider)

    @asynccontextmanager
    async def stream(
        self,
        url: str,
        *,
        auth: bool = False,
        signed: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Open a download; yields the 2xx response whose body is read in chunks.

        Args:
            url: absolute or relative to the base URL.
            auth: send the provider's auth headers (only to its own host).
            signed: the URL is a signed link, so 401/403 (like 404/410) mean it has expired.
            headers: extra request headers.
        """
        full = self.url(url)
        timeout = httpx.Timeout(
            self.policy.timeout_s,
            connect=self.policy.connect_timeout_s,
            read=self.policy.download_read_timeout_s,
        )
        async with (
            self._download_gate,
            self._open_stream(full, timeout, auth, signed, headers) as response,
        ):
            yield response

    @asynccontextmanager
    async def _open_stream(
        self,
        full: str,
        limits: httpx.Timeout,
        auth: bool,
        signed: bool,
        headers: Mapping[str, str] | None,
    ) -> AsyncIterator[httpx.Response]:
        for attempt in range(self.policy.max_retries + 1):
            request = self.client.build_request(
                "GET", full, headers=self._request_headers(full, headers, auth), timeout=limits
            )
            try:
                response = await self.client.send(request, stream=True)
            except (*_NEVER_SENT, *_MAYBE_SENT) as exc:
                if attempt == self.policy.max_retries:
                    raise ProviderConnectionError(
                        f"could not download the clip from {urlsplit(full).netloc} "
                        f"({type(exc).__name__})"
                    ) from exc
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            if response.is_success:
                try:
                    yield response
                finally:
                    await response.aclose()
                return
            await response.aread()
            await response.aclose()
            status = response.status_code
            # A signed link answers 401/403 once expired; any result URL answers 404/410
            # when the file is gone. On an authenticated endpoint 401/403 stays an auth
            # problem the creator can fix, then resume.
            if status in (404, 410) or (signed and status in (401, 403)):
                error = self._raise(response)
                raise AssetExpired(
                    f"the clip at {self.provider} has expired or was removed (HTTP {status})",
                    provider_text=error.provider_text,
                    code=error.code or str(status),
                )
            if status in _RETRY_STATUSES and attempt < self.policy.max_retries:
                await self.policy.sleep(self.policy.backoff(attempt))
                continue
            raise self._raise(response)

    async def aclose(self) -> None:
        """Close the pooled connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def parse_json(response: httpx.Response, provider: str) -> Any:
    """The JSON body of a 2xx answer, or a :class:`ProtocolError` in plain words."""
    try:
        return response.json()
    except ValueError:
        head = response.text[:200].lstrip().lower()
        if head.startswith(("<!doctype", "<html")):
            raise ProtocolError(
                f"{provider} answered with an HTML page instead of JSON (HTTP "
                f"{response.status_code}); a proxy or login page may be in the way"
            ) from None
        raise ProtocolError(
            f"{provider} answered with malformed JSON (HTTP {response.status_code})",
            provider_text=response.text[:200],
        ) from None
