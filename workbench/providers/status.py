"""The data an adapter speaks: remote references, assets, submissions, normalised statuses.

Plain frozen dataclasses with no I/O, so wire parsers and the engine can use them without
importing the network stack.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from workbench.domain.jobs import Failure


class Phase(enum.StrEnum):
    """Normalised status of a remote job."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def is_terminal(self) -> bool:
        """Succeeded, failed and canceled end a job."""
        return self in (Phase.SUCCEEDED, Phase.FAILED, Phase.CANCELED)


@dataclass(frozen=True, slots=True)
class RemoteRef:
    """What the engine persists to find a job again: the service's id plus adapter data.

    ``data`` must be JSON-serialisable (Kling's endpoint family, Veo's operation name, fal's
    status URL …) and never holds a secret.
    """

    remote_id: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Asset:
    """Where a finished clip can be fetched: a URL, inline bytes, or a local file."""

    url: str | None = None
    data: bytes | None = field(default=None, repr=False)
    path: str | None = None
    auth: bool = False  # send the provider's auth headers (authenticated content endpoint)
    signed: bool = True  # 401/403/404/410 on the URL mean "expired"
    mime_type: str | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    """A service's answer to a submit.

    ``cost_usd`` is set only when the service says the submit itself was charged (none of
    today's services does); ``cost_reported`` may carry its own estimate in its own words
    (Runway's ``estimatedCost``). ``charged`` is None: nothing is known yet.
    """

    ref: RemoteRef
    seed: int | None = None
    cost_usd: float | None = None
    cost_reported: str | None = None
    poll_after_s: float | None = None
    provider_status: str | None = None
    charged: bool | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """One poll's normalised answer.

    On a terminal status, ``charged`` says whether the service billed the draw (True,
    False, or None when unknown) and ``cost_usd`` is set only when it did — see
    :func:`workbench.providers.billing.settle`.
    """

    phase: Phase
    provider_status: str = ""
    progress: float | None = None  # 0–1
    eta_s: float | None = None
    assets: tuple[Asset, ...] = ()
    failure: Failure | None = None
    seed: int | None = None
    cost_usd: float | None = None
    cost_reported: str | None = None
    poll_after_s: float | None = None
    charged: bool | None = None


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """Result of ``doctor --live``: one cheap, authenticated, non-generating request."""

    ok: bool
    status: str  # "ok" | "auth failed" | "unreachable" | "error"
    detail: str = ""
