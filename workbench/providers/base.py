"""The adapter protocol every provider implements, and the data it speaks.

An adapter knows one service's wire protocol and nothing else: no database, no engine.
``submit`` returns a reference the engine persists *before* waiting on anything; ``poll``
returns a normalised :class:`Status`; failures the service reports are data (a
:class:`~workbench.domain.jobs.Failure` in the status), exceptions are for calls that got
no usable answer (``providers.errors``).
"""

from __future__ import annotations

import abc
import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

from workbench.domain.capabilities import ModelCapabilities, ProviderInfo
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import Failure
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.domain.validation import check_against
from workbench.providers._http import HttpClient, HttpPolicy
from workbench.providers.errors import DownloadError, MissingKey


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
    """A service's answer to a submit."""

    ref: RemoteRef
    seed: int | None = None
    cost_usd: float | None = None
    cost_reported: str | None = None
    poll_after_s: float | None = None
    provider_status: str | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """One poll's normalised answer."""

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


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """How one provider instance is set up: where, with which key, under which policy."""

    base_url: str | None = None
    credentials: Credentials | None = None
    policy: HttpPolicy = field(default_factory=HttpPolicy)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """Result of ``doctor --live``: one cheap, authenticated, non-generating request."""

    ok: bool
    status: str  # "ok" | "auth failed" | "unreachable" | "error"
    detail: str = ""


class Provider(abc.ABC):
    """Base of every adapter. Subclasses set :attr:`info` and implement the wire calls."""

    info: ClassVar[ProviderInfo]

    def __init__(self, config: ProviderConfig | None = None) -> None:
        self.config = config or ProviderConfig()
        self.base_url = (self.config.base_url or self.info.default_base_url).rstrip("/")
        self.credentials = self.config.credentials

    # -- declaration ---------------------------------------------------------------------
    def model(self, model_id: str) -> ModelCapabilities:
        """Capabilities of one model (KeyError for an unknown id)."""
        found = self.info.model(model_id)
        if found is None:
            raise KeyError(model_id)
        return found

    def validate(self, request: DrawRequest) -> list[Problem]:
        """Every problem with this draw, in words, before any network call.

        The shared checks come from the model's capabilities; subclasses add the service's
        own rules by overriding :meth:`extra_checks`.
        """
        model = self.info.model(request.model)
        if model is None:
            return [
                Problem(
                    code="model",
                    field="model",
                    allowed=self.info.model_ids,
                    message=f"{self.info.label} has no model {request.model!r}; choose "
                    + ", ".join(self.info.model_ids),
                )
            ]
        seed = request.seed if model.seed.supported else None
        return check_against(model, request.spec, seed) + self.extra_checks(request, model)

    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Service-specific validation beyond the declared capabilities."""
        return []

    # -- wire calls ----------------------------------------------------------------------
    @abc.abstractmethod
    async def submit(self, request: DrawRequest) -> Submission:
        """Start one paid job. Never retried by the engine once it may have been sent."""

    async def lookup(self, request: DrawRequest) -> Submission | None:
        """Find a job we may have submitted, by our own ``client_ref``.

        Only services that accept a caller id support this (``info.lookup_by_client_ref``).
        Returns None when the service has no such job.
        """
        raise NotImplementedError(f"{self.info.label} cannot look jobs up by our own id")

    @abc.abstractmethod
    async def poll(self, ref: RemoteRef) -> Status:
        """The job's current normalised status."""

    async def fetch(self, ref: RemoteRef, asset: Asset) -> AsyncIterator[bytes]:
        """Yield the clip's bytes in chunks (signed URL, authenticated endpoint or inline)."""
        if asset.data is not None:
            yield asset.data
            return
        if asset.url is None:
            raise ValueError("the asset has neither a URL nor data")
        headers = await self.download_headers(asset)
        async with self.http.stream(
            asset.url, auth=asset.auth, signed=asset.signed, headers=headers
        ) as resp:
            try:
                async for chunk in resp.aiter_bytes(1 << 16):
                    yield chunk
            except httpx.HTTPError as exc:  # cut off mid-body: truncated or reset
                raise DownloadError(
                    f"the download from {self.info.label} broke off ({type(exc).__name__})"
                ) from exc

    async def download_headers(self, asset: Asset) -> dict[str, str]:
        """Extra headers for fetching ``asset`` (e.g. ``Accept``, a storage bearer token)."""
        return {}

    async def cancel(self, ref: RemoteRef) -> bool:
        """Ask the service to stop the job; False when it has no cancel."""
        return False

    async def check_live(self) -> LiveCheck:
        """One cheap authenticated request that generates nothing (``doctor --live``)."""
        return LiveCheck(ok=False, status="error", detail="no live check for this service")

    # -- plumbing ------------------------------------------------------------------------
    @property
    def http(self) -> HttpClient:
        """This adapter's HTTP client (created on first use)."""
        client = getattr(self, "_http", None)
        if client is None:
            client = self.make_http()
            self._http = client
        return client

    def make_http(self) -> HttpClient:
        """Build the HTTP client; adapters override to add auth and headers."""
        return HttpClient(
            self.info.label,
            self.base_url,
            policy=self.config.policy,
            secrets=self.credentials.secrets() if self.credentials else (),
        )

    def require(self, name: str = "api_key") -> str:
        """A credential value.

        Raises:
            MissingKey: no such value was configured.
        """
        value = self.credentials.get(name) if self.credentials else None
        if not value:
            raise MissingKey(
                f"no API key for {self.info.label}: run `workbench keys set "
                f"{self.info.id}` or set {' / '.join(self.info.env_keys)}"
            )
        return value

    async def aclose(self) -> None:
        """Release network resources."""
        client = getattr(self, "_http", None)
        if client is not None:
            await client.aclose()
