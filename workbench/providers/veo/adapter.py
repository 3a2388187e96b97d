"""The Google Veo adapter: two backends (Gemini API, Vertex AI), three wire protocols.

- Gemini API, Veo: ``POST models/{m}:predictLongRunning``, ``GET {operation}``, the clip
  from ``files/{id}:download`` with the API key (§2a).
- Vertex AI, Veo: ``POST …/models/{m}:predictLongRunning``, ``POST …:fetchPredictOperation``,
  the clip inline as base64 (§2b).
- Gemini API, Omni Flash: ``POST interactions``, ``GET interactions/{id}``, cancel (§2c).

The backend comes from the ``backend`` option, else the region (``gemini`` /
``vertex-<location>``), else the base URL's host.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.providers._http import HttpClient
from workbench.providers.base import (
    Asset,
    LiveCheck,
    Provider,
    ProviderConfig,
    RemoteRef,
    Status,
    Submission,
)
from workbench.providers.errors import (
    AuthError,
    BadRequest,
    MissingKey,
    NotFound,
    PermissionDenied,
    ProviderConnectionError,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
    RetiredEndpoint,
)
from workbench.providers.veo import gemini, omni, vertex
from workbench.providers.veo.auth import VertexTokens, project_from_file
from workbench.providers.veo.models import (
    API_OMNI,
    API_VEO,
    BACKENDS,
    DEFAULT_MODEL,
    GCS_JSON_API,
    GEMINI,
    GEMINI_BASE_URL,
    INFO,
    VERTEX,
    VERTEX_DEFAULT_LOCATION,
    models_for,
    route,
    vertex_base_url,
)
from workbench.providers.veo.wire import failure, looks_like_moderation

_NAMES = {GEMINI: "the Gemini API", VERTEX: "Vertex AI"}
_GEMINI_HOST = "generativelanguage.googleapis.com"
_VERTEX_HOST = re.compile(r"(?:([a-z0-9-]+)-)?aiplatform\.googleapis\.com")
# Answers to a Veo create on the Gemini API that mean "not here any more" (headline 2 of
# providers.md: newer SDKs say video generation "is only supported in … Platform mode").
_RETIRED = re.compile(
    r"only supported in|only available in|no longer (?:supported|available)|retired|"
    r"deprecated|shut down|not supported for api key",
    re.IGNORECASE,
)
_PERSON_WORDS = ", ".join(gemini.PERSON_GENERATION)


class VeoProvider(Provider):
    """Google Veo (and Gemini Omni Flash) over the Gemini API or Vertex AI."""

    info = INFO

    def __init__(self, config: ProviderConfig | None = None) -> None:
        super().__init__(config)
        options = self.config.options
        self.bad_backend: str | None = None
        self.backend = self._choose_backend(options)
        host = urlsplit(self.base_url).hostname or ""
        self.location = self._choose_location(options, host)
        # A backend picked by option while the URL still points at the other one's host.
        if self.backend == VERTEX and host == _GEMINI_HOST:
            self.base_url = vertex_base_url(self.location)
        elif self.backend == GEMINI and _VERTEX_HOST.fullmatch(host):
            self.base_url = GEMINI_BASE_URL
        creds = self.credentials
        # Keychain credentials hide the environment (secrets.load_credentials), so the
        # Vertex variables are also read here: a Gemini key in the keychain must not stop
        # a Vertex token from the shell from working.
        access = (creds.get("access_token") if creds else None) or os.environ.get(
            "VERTEX_ACCESS_TOKEN"
        )
        account = (creds.get("service_account_file") if creds else None) or os.environ.get(
            "GOOGLE_APPLICATION_CREDENTIALS"
        )
        self.tokens = VertexTokens(access, account)
        self.project: str | None = (
            str(options.get("project") or "")
            or os.environ.get("GOOGLE_CLOUD_PROJECT")
            or project_from_file(account)
        )
        self.storage_url = str(options.get("storage_url") or GCS_JSON_API).rstrip("/")
        delivery = options.get("omni_delivery", "inline")
        self.omni_delivery = delivery if delivery in omni.DELIVERIES else "inline"
        if self.backend == VERTEX:
            # The default model must belong to the chosen backend; the planner asks this
            # instance (not the class) for it.
            self.info = INFO.model_copy(update={"default_model": DEFAULT_MODEL[VERTEX]})

    # -- configuration ------------------------------------------------------------------------
    def _choose_backend(self, options: Mapping[str, Any]) -> str:
        wanted = options.get("backend")
        if wanted is not None:
            if isinstance(wanted, str) and wanted.lower() in BACKENDS:
                return wanted.lower()
            self.bad_backend = str(wanted)
        region = options.get("region")
        if isinstance(region, str) and region:
            if region.startswith("vertex"):
                return VERTEX
            if region == GEMINI:
                return GEMINI
        host = urlsplit(self.base_url).hostname or ""
        return VERTEX if _VERTEX_HOST.fullmatch(host) else GEMINI

    @staticmethod
    def _choose_location(options: Mapping[str, Any], host: str) -> str:
        explicit = options.get("location") or os.environ.get("GOOGLE_CLOUD_LOCATION")
        if explicit:
            return str(explicit)
        region = options.get("region")
        if isinstance(region, str) and region.startswith("vertex-"):
            return region.removeprefix("vertex-")
        match = _VERTEX_HOST.fullmatch(host)
        if match:
            return match.group(1) or "global"
        return VERTEX_DEFAULT_LOCATION

    def _model_path(self, wire_id: str) -> str:
        where = f"projects/{self.project}/locations/{self.location}"
        return f"{where}/publishers/google/models/{wire_id}"

    # -- validation ---------------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Backend fit, Vertex project, Veo's resolution/duration and person rules."""
        problems: list[Problem] = []
        if self.bad_backend is not None:
            problems.append(
                Problem(
                    code="backend",
                    field="provider",
                    allowed=BACKENDS,
                    message=f"the Veo option backend is {self.bad_backend!r}; use gemini or vertex",
                )
            )
        r = route(model.id)
        if r.backend != self.backend:
            problems.append(self._wrong_backend(model.id, r.api))
            return problems
        if self.backend == VERTEX and not re.fullmatch(r"[a-z0-9-]+", self.location):
            problems.append(
                Problem(
                    code="location",
                    field="provider",
                    message=f"the Veo option location {self.location!r} is not a Google Cloud "
                    "location such as us-central1 or global",
                )
            )
        if self.backend == VERTEX and not self.project:
            problems.append(
                Problem(
                    code="project",
                    field="provider",
                    message="Vertex AI needs a Google Cloud project id: set the Veo option "
                    "project (or GOOGLE_CLOUD_PROJECT)",
                )
            )
        spec = request.spec
        if r.api == API_OMNI:
            return problems
        # 1080p and 4k are 8-second clips only (providers.md §2a, UNVERIFIED but consistent
        # with every reseller): rejected here instead of by Google after a paid-looking wait.
        if spec.resolution in ("1080p", "4k") and spec.duration != 8:
            problems.append(
                Problem(
                    code="duration",
                    field="duration",
                    allowed=("8",),
                    message=f"{model.id} makes {spec.resolution} clips of 8 s only; choose 8 s "
                    "or 720p",
                )
            )
        person = spec.options.get("person_generation")
        if person is not None and person not in gemini.PERSON_GENERATION:
            problems.append(
                Problem(
                    code="person_generation",
                    field="options",
                    allowed=gemini.PERSON_GENERATION,
                    message=f"person_generation {person!r} is not one Google knows; choose "
                    f"{_PERSON_WORDS}",
                )
            )
        elif person == "allow_all" and spec.first_frame is not None:
            problems.append(
                Problem(
                    code="person_generation",
                    field="options",
                    allowed=("allow_adult", "dont_allow"),
                    message="with a first frame Google allows person_generation allow_adult or "
                    "dont_allow only, not allow_all",
                )
            )
        enhance = spec.options.get("enhance_prompt")
        if enhance is not None and not isinstance(enhance, bool):
            problems.append(
                Problem(
                    code="enhance_prompt",
                    field="options",
                    message="enhance_prompt must be true or false",
                )
            )
        return problems

    def _wrong_backend(self, model_id: str, api: str) -> Problem:
        here = _NAMES[self.backend]
        if api == API_OMNI:
            message = (
                f"{model_id} is served by the Gemini API only, but the Veo provider is set to "
                f"{here}; switch its region to gemini or choose a vertex/ model"
            )
        else:
            other = VERTEX if self.backend == GEMINI else GEMINI
            message = (
                f"{model_id} is a {_NAMES[other].removeprefix('the ')} model, but the Veo "
                f"provider is set to {here}; choose one of "
                f"{', '.join(models_for(self.backend))}, or switch the Veo region"
            )
        return Problem(
            code="backend", field="model", allowed=models_for(self.backend), message=message
        )

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

    def _auth_headers(self) -> dict[str, str]:
        if self.backend == VERTEX:
            return {"Authorization": f"Bearer {self.tokens.token()}"}
        return {"x-goog-api-key": self._api_key()}

    def make_http(self) -> HttpClient:
        """HttpClient with Google's auth header and error refinement."""
        secrets = list(self.credentials.secrets() if self.credentials else ())
        if self.tokens.access_token:
            secrets.append(self.tokens.access_token)
        return HttpClient(
            self.info.label,
            self.base_url,
            policy=self.config.policy,
            auth=self._auth_headers,
            refine=self._refine,
            secrets=tuple(secrets),
        )

    def _refine(self, error: ProviderStatusError) -> ProviderError:
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
        if "API_KEY_INVALID" in reasons or "API key not valid" in text or "API key expired" in text:
            return AuthError(
                f"{self.info.label} did not accept the API key (HTTP {error.status})",
                status=error.status,
                body=error.body,
                request_id=error.request_id,
                provider_text=text,
                code="API_KEY_INVALID",
            )
        if self.backend == VERTEX and error.status == 401:
            return AuthError(
                "Vertex AI did not accept the access token (HTTP 401); a token from `gcloud "
                "auth print-access-token` lasts about an hour, so renew VERTEX_ACCESS_TOKEN",
                status=error.status,
                body=error.body,
                request_id=error.request_id,
                provider_text=text,
                code=error.code,
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
            raise ProviderRefused(
                failure(FailureKind.INVALID, message=self._wrong_backend(model.id, r.api).message)
            )
        await self._prepare_auth()
        data: dict[str, Any] = {"backend": self.backend, "api": r.api, "model": r.wire_id}
        if r.api == API_OMNI:
            body = await asyncio.to_thread(
                omni.build_body, request, r.wire_id, delivery=self.omni_delivery
            )
            sub = omni.parse_submit(await self.http.json("POST", "interactions", json=body))
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
            sub = vertex.parse_submit(await self.http.json("POST", path, json=body))
        else:
            body = await asyncio.to_thread(gemini.build_body, request, r.family)
            path = f"models/{r.wire_id}:predictLongRunning"
            try:
                answer = await self.http.json("POST", path, json=body)
            except (BadRequest, NotFound) as exc:
                if exc.status == 404 or _RETIRED.search(exc.provider_text):
                    raise self._retired(exc) from None
                raise
            sub = gemini.parse_submit(answer)
        return replace(
            sub,
            ref=RemoteRef(sub.ref.remote_id, data),
            seed=request.seed if model.seed.supported else None,
            cost_usd=model.estimate_usd(request.spec),
        )

    def _retired(self, exc: ProviderStatusError) -> RetiredEndpoint:
        return RetiredEndpoint(
            "Google's Gemini API did not accept Veo for this API key (HTTP "
            f"{exc.status}). Veo on the Gemini API may have been retired for API keys — newer "
            "Google SDKs send video generation through Vertex AI only. Switch the Veo provider "
            "to a vertex region (with a project and an access token), or choose "
            "gemini-omni-1.1-flash.",
            status=exc.status,
            body=exc.body,
            request_id=exc.request_id,
            provider_text=exc.provider_text,
            code=exc.code,
        )

    def _ref_route(self, ref: RemoteRef) -> tuple[str, str]:
        api = ref.data.get("api")
        backend = ref.data.get("backend")
        if api not in (API_VEO, API_OMNI):
            api = API_VEO if ref.remote_id.startswith(("models/", "projects/")) else API_OMNI
        if backend not in BACKENDS:
            backend = VERTEX if ref.remote_id.startswith("projects/") else GEMINI
        if backend != self.backend:
            raise ProviderError(
                f"this draw was sent through {_NAMES[backend]}, but the Veo provider is now set "
                f"to {_NAMES[self.backend]}; switch the Veo region back to follow it"
            )
        return str(api), str(backend)

    async def poll(self, ref: RemoteRef) -> Status:
        """The operation's or interaction's current state."""
        api, backend = self._ref_route(ref)
        await self._prepare_auth()
        if api == API_OMNI:
            return omni.parse_status(await self.http.json("GET", f"interactions/{ref.remote_id}"))
        if backend == VERTEX:
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
            return vertex.parse_status(body, storage_url=self.storage_url)
        return gemini.parse_status(await self.http.json("GET", ref.remote_id))

    def _is_gcs(self, url: str) -> bool:
        return url.startswith(f"{self.storage_url}/storage/v1/b/")

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

    async def check_live(self) -> LiveCheck:
        """List one model (Gemini API) or read the Veo publisher model (Vertex AI)."""
        where = f"{_NAMES[self.backend]} at {urlsplit(self.base_url).netloc}"
        try:
            await self._prepare_auth()
            if self.backend == VERTEX:
                wire = route(DEFAULT_MODEL[VERTEX]).wire_id
                await self.http.json("GET", f"publishers/google/models/{wire}")
            else:
                await self.http.json("GET", "models", params={"pageSize": 1})
        except (MissingKey, AuthError, PermissionDenied) as exc:
            detail = exc.provider_text or exc.message
            return LiveCheck(ok=False, status="auth failed", detail=detail)
        except ProviderConnectionError as exc:
            return LiveCheck(ok=False, status="unreachable", detail=exc.message)
        except ProviderError as exc:
            return LiveCheck(ok=False, status="error", detail=exc.provider_text or exc.message)
        return LiveCheck(ok=True, status="ok", detail=where)
