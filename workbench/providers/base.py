"""The adapter protocol every provider implements, and the plumbing they share.

An adapter knows one service's wire protocol and nothing else: no database, no engine.
``submit`` returns a reference the engine persists *before* waiting on anything; ``poll``
returns a normalised :class:`Status`; failures the service reports are data (a
:class:`~workbench.domain.jobs.Failure` in the status), exceptions are for calls that got
no usable answer (``providers.errors``).

What every adapter used to copy lives here once: the bearer-auth client set-up
(:meth:`Provider.auth_headers`, :meth:`Provider.refine`), the ``doctor --live`` ladder
(:meth:`Provider.check_live` around :meth:`Provider.live_probe`), the retired-model and
"this model has no seed" checks, the classification of a "model not found" answer to a
create, and the billing rule for finished draws. The network stack is imported only when
a client is first needed, so declarations stay cheap to import.
"""

from __future__ import annotations

import abc
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from workbench.domain.capabilities import ModelCapabilities, ProviderInfo
from workbench.domain.credentials import Credentials
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.domain.validation import check_against
from workbench.providers import billing
from workbench.providers.errormap import as_retired, looks_retired, retired_failure
from workbench.providers.errors import (
    AuthError,
    MissingKey,
    PermissionDenied,
    ProviderConnectionError,
    ProviderError,
    ProviderStatusError,
)
from workbench.providers.policy import HttpPolicy
from workbench.providers.status import Asset, LiveCheck, Phase, RemoteRef, Status, Submission

if TYPE_CHECKING:
    from workbench.domain.jobs import Failure
    from workbench.providers._http import HttpClient

__all__ = [
    "Asset",
    "LiveCheck",
    "Phase",
    "Provider",
    "ProviderConfig",
    "RemoteRef",
    "Status",
    "Submission",
]


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """How one provider instance is set up: where, with which key, under which policy."""

    base_url: str | None = None
    credentials: Credentials | None = None
    policy: HttpPolicy = field(default_factory=HttpPolicy)
    options: dict[str, Any] = field(default_factory=dict)


def detail(exc: ProviderError) -> str:
    """An error's plain words plus the service's own, for ``doctor --live``."""
    return f"{exc.message} ({exc.provider_text})" if exc.provider_text else exc.message


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

        A retired model is refused on its own (naming the replacement): nothing else about
        the draw matters. Otherwise the shared checks come from the model's capabilities,
        then the service's own rules from :meth:`extra_checks`.
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
        retired = model.lifecycle.problem(model.id, self.info.label)
        if retired is not None:
            return [retired]
        problems = check_against(model, request.spec, request.seed)
        if request.seed is not None and not model.seed.supported:
            problems.append(
                Problem(
                    code="seed_unsupported",
                    field="seed",
                    message=f"{model.id} takes no seed; every draw is random, so a seed "
                    "cannot be repeated here",
                )
            )
        return problems + self.extra_checks(request, model)

    def warnings(self, request: DrawRequest) -> list[Problem]:
        """Things worth saying that do not stop the draw (a deprecated model)."""
        model = self.info.model(request.model)
        found = model.lifecycle.warning(model.id, self.info.label) if model else None
        return [found] if found is not None else []

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
        """The job's current normalised status (terminal ones settled by :meth:`settle`)."""

    async def fetch(self, ref: RemoteRef, asset: Asset) -> AsyncIterator[bytes]:
        """Yield the clip's bytes in chunks (signed URL, authenticated endpoint or inline)."""
        if asset.data is not None:
            yield asset.data
            return
        if asset.url is None:
            raise ValueError("the asset has neither a URL nor data")
        headers = await self.download_headers(asset)
        async for chunk in self.http.download(
            asset.url, auth=asset.auth, signed=asset.signed, headers=headers
        ):
            yield chunk

    async def download_headers(self, asset: Asset) -> dict[str, str]:
        """Extra headers for fetching ``asset`` (e.g. ``Accept``, a storage bearer token)."""
        return {}

    async def cancel(self, ref: RemoteRef) -> bool:
        """Ask the service to stop the job; False when it has no cancel."""
        return False

    async def check_live(self) -> LiveCheck:
        """One cheap authenticated request that generates nothing (``doctor --live``)."""
        try:
            said = await self.live_probe()
        except NotImplementedError:
            return LiveCheck(ok=False, status="error", detail="no live check for this service")
        except (MissingKey, AuthError, PermissionDenied) as exc:
            return LiveCheck(ok=False, status="auth failed", detail=detail(exc))
        except ProviderConnectionError as exc:
            return LiveCheck(ok=False, status="unreachable", detail=exc.message)
        except ProviderError as exc:
            return LiveCheck(ok=False, status="error", detail=detail(exc))
        return said if isinstance(said, LiveCheck) else LiveCheck(ok=True, status="ok", detail=said)

    async def live_probe(self) -> str | LiveCheck:
        """The cheap request behind :meth:`check_live`; returns what to show when it works.

        Raises:
            ProviderError: the request failed (sorted into auth / unreachable / error).
        """
        raise NotImplementedError

    # -- shared wire helpers -------------------------------------------------------------
    async def send_create(self, model_id: str, path: str, **kwargs: Any) -> Any:
        """POST a create (never resent once it may have arrived) and return its JSON.

        A "model not found / no longer available" answer becomes :class:`ModelRetired`
        with the service's words and the catalogue's replacement.
        """
        kwargs.setdefault("idempotent", False)
        try:
            return await self.http.json("POST", path, **kwargs)
        except ProviderStatusError as exc:
            if exc.status in (400, 403, 404, 410) and looks_retired(exc.code, exc.provider_text):
                raise as_retired(exc, self.retired(model_id, exc.provider_text, exc.code)) from exc
            raise

    def retired(self, model_id: str, text: str, code: str = "") -> Failure:
        """A RETIRED failure for ``model_id`` in the service's words."""
        model = self.info.model(model_id)
        replacement = model.lifecycle.replacement if model else None
        return retired_failure(self.info.label, model_id, replacement, text, code)

    def settle(self, status: Status) -> Status:
        """Decide ``charged`` (and keep a cost only when charged) for a terminal status."""
        return billing.settle(status, self.info.billing)

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
        """Build the HTTP client from :meth:`auth_headers`, :meth:`headers` and :meth:`refine`."""
        from workbench.providers._http import HttpClient  # the network stack, on first use

        return HttpClient(
            self.info.label,
            self.base_url,
            policy=self.config.policy,
            auth=self.auth_headers,
            headers=self.headers(),
            refine=self.refine,
            secrets=self.secrets(),
        )

    def auth_headers(self) -> Mapping[str, str]:
        """Auth for one request (sent to the base URL's host only): a bearer API key."""
        return {"Authorization": f"Bearer {self.require('api_key')}"}

    def headers(self) -> dict[str, str]:
        """Headers sent with every request besides auth (API versions, organisation …)."""
        return {}

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Turn an HTTP error into a sharper one where the service's body says more."""
        return error

    def secrets(self) -> tuple[str, ...]:
        """Values to scrub from any service text that is kept."""
        return self.credentials.secrets() if self.credentials else ()

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
