"""The Google adapter: two backends (Gemini API, Vertex AI), three wire protocols.

- Gemini API, Omni Flash: ``POST interactions``, ``GET interactions/{id}``, cancel (§2c).
- Gemini API, Veo (retired; kept to follow draws sent before): ``GET {operation}``, the
  clip from ``files/{id}:download`` with the API key (§2a).
- Vertex AI, Veo: ``POST …/models/{m}:predictLongRunning``, ``POST …:fetchPredictOperation``,
  the clip inline as base64 (§2b).

Where it talks to is decided once by :mod:`.config`; the service's own validation rules
live in :mod:`.checks`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.providers.base import Asset, Provider, ProviderConfig, RemoteRef, Status, Submission
from workbench.providers.errormap import as_retired
from workbench.providers.errors import (
    AuthError,
    BadRequest,
    MissingKey,
    PermissionDenied,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
)
from workbench.providers.veo import checks, gemini, omni, vertex
from workbench.providers.veo.config import NAMES, setup
from workbench.providers.veo.models import (
    API_OMNI,
    API_VEO,
    BACKENDS,
    DEFAULT_MODEL,
    INFO,
    VERTEX,
    route,
)
from workbench.providers.veo.wire import failure, looks_like_moderation

# How the Gemini API answers a Veo create once Veo is gone for API keys (newer SDKs say video
# generation "is only supported in … Platform mode"; Google's 404 says "no longer available").
_RETIRED = re.compile(
    r"only supported in|only available in|no longer (?:supported|available)|retired|"
    r"deprecated|shut down|not supported for api key",
    re.IGNORECASE,
)


class VeoProvider(Provider):
    """Google Veo (and Gemini Omni Flash) over the Gemini API or Vertex AI."""

    info = INFO

    def __init__(self, config: ProviderConfig | None = None) -> None:
        super().__init__(config)
        self.setup = setup(self.config.options, self.base_url, self.credentials)
        self.backend = self.setup.backend
        self.base_url = self.setup.base_url
        self.tokens = self.setup.tokens
        if self.backend == VERTEX:
            # The default model must belong to the chosen backend; the planner asks this
            # instance (not the class) for it.
            self.info = INFO.model_copy(update={"default_model": DEFAULT_MODEL[VERTEX]})

    @property
    def project(self) -> str | None:
        """The Google Cloud project (Vertex AI)."""
        return self.setup.project

    @property
    def location(self) -> str:
        """The Vertex AI location."""
        return self.setup.location

    def _model_path(self, wire_id: str) -> str:
        where = f"projects/{self.project}/locations/{self.location}"
        return f"{where}/publishers/google/models/{wire_id}"

    # -- validation ---------------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Backend fit, Vertex project, Veo's resolution/duration and person rules."""
        return checks.extra_checks(self.setup, request, model)

    # -- auth ---------------------------------------------------------------------------------
    async def _prepare_auth(self) -> None:
        if self.backend == VERTEX:
            await self.tokens.refresh()
        else:
            self._api_key()

    def _api_key(self) -> str:
        key = self.credentials.get("api_key") if self.credentials else None
        if not key:
            raise MissingKey(
                "no Gemini API key for Google Veo: run `workbench keys set veo` or set "
                "GEMINI_API_KEY / GOOGLE_API_KEY (for Vertex AI, choose a vertex region)"
            )
        return key

    def auth_headers(self) -> dict[str, str]:
        """A Vertex bearer token, or the Gemini API key as ``x-goog-api-key``."""
        if self.backend == VERTEX:
            return {"Authorization": f"Bearer {self.tokens.token()}"}
        return {"x-goog-api-key": self._api_key()}

    def secrets(self) -> tuple[str, ...]:
        """The keys, plus a ready Vertex token from the environment."""
        found = super().secrets()
        return (*found, self.tokens.access_token) if self.tokens.access_token else found

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Google's envelope: a bad key is a 400, safety blocks are 400s with words."""
        body = error.body if isinstance(error.body, dict) else {}
        envelope = body.get("error") if isinstance(body.get("error"), dict) else {}
        status_name = envelope.get("status")
        if isinstance(status_name, str) and status_name:
            error.code = status_name  # "RESOURCE_EXHAUSTED" says more than "429"
        details = envelope.get("details")
        reasons = (
            {d.get("reason") for d in details if isinstance(d, dict)}
            if isinstance(details, list)
            else set()
        )
        text = error.provider_text
        kwargs: dict[str, Any] = {
            "status": error.status,
            "body": error.body,
            "request_id": error.request_id,
            "provider_text": text,
        }
        if "API_KEY_INVALID" in reasons or "API key not valid" in text or "API key expired" in text:
            return AuthError(
                f"{self.info.label} did not accept the API key (HTTP {error.status})",
                code="API_KEY_INVALID",
                **kwargs,
            )
        if self.backend == VERTEX and error.status == 401:
            return AuthError(
                "Vertex AI did not accept the access token (HTTP 401); a token from `gcloud "
                "auth print-access-token` lasts about an hour, so renew VERTEX_ACCESS_TOKEN",
                code=error.code,
                **kwargs,
            )
        if error.status == 400 and looks_like_moderation(text):
            return ProviderRefused(failure(FailureKind.MODERATION, text, error.code))
        return error

    # -- wire calls ---------------------------------------------------------------------------
    async def submit(self, request: DrawRequest) -> Submission:
        """Start one generation; the remote id is the operation name or interaction id."""
        model = self.model(request.model)
        r = route(model.id)
        if r.backend != self.backend:  # validate says so first; this keeps submit honest
            message = checks.wrong_backend(model.id, r.api, self.backend).message
            raise ProviderRefused(failure(FailureKind.INVALID, message=message))
        await self._prepare_auth()
        data: dict[str, Any] = {"backend": self.backend, "api": r.api, "model": r.wire_id}
        if r.api == API_OMNI:
            body = await asyncio.to_thread(
                omni.build_body, request, r.wire_id, delivery=self.setup.omni_delivery
            )
            sub = omni.parse_submit(await self.send_create(model.id, "interactions", json=body))
        elif self.backend == VERTEX:
            if not self.project:
                raise ProviderRefused(
                    failure(
                        FailureKind.INVALID,
                        message="Vertex AI needs a Google Cloud project id: set the Veo option "
                        "project.",
                    )
                )
            data.update(project=self.project, location=self.location)
            body = await asyncio.to_thread(vertex.build_body, request, r.family)
            path = f"{self._model_path(r.wire_id)}:predictLongRunning"
            sub = vertex.parse_submit(await self.send_create(model.id, path, json=body))
        else:
            body = await asyncio.to_thread(gemini.build_body, request, r.family)
            path = f"models/{r.wire_id}:predictLongRunning"
            try:
                answer = await self.send_create(model.id, path, json=body)
            except BadRequest as exc:
                if not _RETIRED.search(exc.provider_text):
                    raise
                retired = self.retired(model.id, exc.provider_text, exc.code)
                raise as_retired(exc, retired) from None
            sub = gemini.parse_submit(answer)
        # The list price rides along in the reference, to price a delivered video later
        # (Google reports no cost); nothing is charged yet.
        data["list_usd"] = model.estimate_usd(request.spec)
        return replace(
            sub,
            ref=RemoteRef(sub.ref.remote_id, data),
            seed=request.seed if model.seed.supported else None,
        )

    def _ref_route(self, ref: RemoteRef) -> tuple[str, str]:
        api = ref.data.get("api")
        backend = ref.data.get("backend")
        if api not in (API_VEO, API_OMNI):
            api = API_VEO if ref.remote_id.startswith(("models/", "projects/")) else API_OMNI
        if backend not in BACKENDS:
            backend = VERTEX if ref.remote_id.startswith("projects/") else "gemini"
        if backend != self.backend:
            raise ProviderError(
                f"this draw was sent through {NAMES[backend]}, but the Veo provider is now set "
                f"to {NAMES[self.backend]}; switch the Veo region back to follow it"
            )
        return str(api), str(backend)

    async def poll(self, ref: RemoteRef) -> Status:
        """The operation's or interaction's current state (a delivered video at list price)."""
        api, backend = self._ref_route(ref)
        await self._prepare_auth()
        if api == API_OMNI:
            found = omni.parse_status(await self.http.json("GET", f"interactions/{ref.remote_id}"))
        elif backend == VERTEX:
            path = vertex.model_path(ref.remote_id) or self._model_path(
                str(ref.data.get("model") or "")
            )
            # fetchPredictOperation is a POST that only reads: safe to retry.
            body = await self.http.json(
                "POST",
                f"{path}:fetchPredictOperation",
                json={"operationName": ref.remote_id},
                idempotent=True,
            )
            found = vertex.parse_status(body, storage_url=self.setup.storage_url)
        else:
            found = gemini.parse_status(await self.http.json("GET", ref.remote_id))
        list_usd = ref.data.get("list_usd")
        if found.assets and isinstance(list_usd, (int, float)) and not isinstance(list_usd, bool):
            found = dataclasses.replace(found, cost_usd=float(list_usd))
        return self.settle(found)

    def _is_gcs(self, url: str) -> bool:
        return url.startswith(f"{self.setup.storage_url}/storage/v1/b/")

    async def fetch(self, ref: RemoteRef, asset: Asset) -> AsyncIterator[bytes]:
        """Inline bytes, the Gemini Files download (API key, redirect), or a GCS object.

        The Files endpoint is an authenticated endpoint, not a signed link, so only a 404 or
        410 means the file is gone (Google keeps generated files for about 2 days,
        UNVERIFIED); a 401/403 stays an auth problem the creator can fix and resume.
        """
        gcs = asset.url is not None and self._is_gcs(asset.url)
        if gcs:  # the bearer goes in download_headers, to the storage host only
            asset = dataclasses.replace(asset, auth=False)
        try:
            async for chunk in super().fetch(ref, asset):
                yield chunk
        except ProviderStatusError as exc:
            if gcs and exc.status in (401, 403):
                raise PermissionDenied(
                    "the results were written to Cloud Storage, and this token may not read "
                    "them; Workbench asks Vertex for inline results, so remove storageUri from "
                    "the project's settings (or grant the account storage read access)",
                    status=exc.status,
                    provider_text=exc.provider_text,
                    code=exc.code,
                ) from None
            raise

    async def download_headers(self, asset: Asset) -> dict[str, str]:
        """A Cloud Storage object is read with the Vertex bearer token."""
        if asset.url is None or not self._is_gcs(asset.url):
            return {}
        await self._prepare_auth()
        return {"Authorization": f"Bearer {self.tokens.token()}"}

    async def cancel(self, ref: RemoteRef) -> bool:
        """Cancel a Gemini Omni interaction; Veo operations have no cancel (False)."""
        api, _backend = self._ref_route(ref)
        if api != API_OMNI:
            return False
        await self._prepare_auth()
        await self.http.json(
            "POST", f"interactions/{ref.remote_id}/cancel", json={}, idempotent=True
        )
        return True

    async def live_probe(self) -> str:
        """List one model (Gemini API) or read the Veo publisher model (Vertex AI)."""
        await self._prepare_auth()
        if self.backend == VERTEX:
            wire = route(DEFAULT_MODEL[VERTEX]).wire_id
            await self.http.json("GET", f"publishers/google/models/{wire}")
        else:
            await self.http.json("GET", "models", params={"pageSize": 1})
        return f"{NAMES[self.backend]} at {urlsplit(self.base_url).netloc}"
