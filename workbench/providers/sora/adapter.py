"""The Sora adapter: the OpenAI videos API at an OpenAI-compatible gateway.

OpenAI shut its own Sora API down on 2026-09-24 and Azure retired both ``sora-2`` versions
(providers.md "Checked 2026-11"), so this adapter talks to whatever gateway the user sets.
The OpenAI default stays declared so validation can explain, before anything is sent, that
it no longer works.

Wire summary (providers.md §1): ``POST /videos`` as multipart/form-data (``prompt``,
``model``, ``seconds`` as a string, exact ``size``, optional ``input_reference`` file);
``GET /videos/{id}`` for status (honouring ``openai-poll-after-ms``); the MP4 from the
authenticated ``GET /videos/{id}/content?variant=video``; ``DELETE /videos/{id}`` to cancel;
``GET /videos?limit=1`` as the live check.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.providers.base import Asset, Provider, RemoteRef, Status, Submission
from workbench.providers.errormap import as_retired, parse_json
from workbench.providers.errors import (
    NotFound,
    ProtocolError,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
    RetiredEndpoint,
)
from workbench.providers.images import read_image
from workbench.providers.sora.models import INFO, OPENAI_BASE_URL, size_for
from workbench.providers.sora.wire import (
    RETIRED_MESSAGE,
    classify,
    error_envelope,
    error_fields,
    is_moderation,
    is_retired,
    parse_status,
    parse_submit,
    poll_after,
)

#: Hosts whose Sora API is shut down (2026-09-24).
RETIRED_HOSTS = frozenset({"api.openai.com"})
SHUTDOWN_PROBLEM = (
    "OpenAI shut its own Sora API down on 24 September 2026 (and Azure retired sora-2), so "
    f"the default base URL {OPENAI_BASE_URL} no longer makes videos. Set an OpenAI-compatible "
    "gateway as Sora's base URL, in settings or with WORKBENCH_SORA_BASE_URL."
)
_AUTH_STYLES = {"authorization": "bearer", "bearer": "bearer", "api-key": "api-key"}


class SoraProvider(Provider):
    """Adapter for the OpenAI videos API (Sora 2) at any compatible base URL."""

    info = INFO

    # -- plumbing ------------------------------------------------------------------------
    def _auth_style(self) -> str:
        raw = str(self.config.options.get("auth_header") or "authorization").strip().lower()
        return _AUTH_STYLES.get(raw, "bearer")

    def auth_headers(self) -> dict[str, str]:
        """The key as ``Authorization: Bearer`` or, for some gateways, ``api-key``."""
        key = self.require("api_key")
        if self._auth_style() == "api-key":
            return {"api-key": key}
        return {"Authorization": f"Bearer {key}"}

    def headers(self) -> dict[str, str]:
        """OpenAI's optional organisation and project headers."""
        options = self.config.options
        return {
            name: str(options[key])
            for key, name in (
                ("organization", "OpenAI-Organization"),
                ("project", "OpenAI-Project"),
            )
            if options.get(key)
        }

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Vendor codes in HTTP error bodies: moderation refusals and retired models."""
        return _refine(error)

    @property
    def on_retired_host(self) -> bool:
        """True when the base URL is OpenAI's own (shut down) Sora API."""
        return (urlsplit(self.base_url).hostname or "").lower() in RETIRED_HOSTS

    # -- validation ----------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """The endpoint's retirement, the exact output size, and the first frame's size."""
        problems: list[Problem] = []
        if self.on_retired_host:
            problems.append(
                Problem(code="endpoint_retired", field="base_url", message=SHUTDOWN_PROBLEM)
            )
        raw_style = self.config.options.get("auth_header")
        if raw_style and str(raw_style).strip().lower() not in _AUTH_STYLES:
            problems.append(
                Problem(
                    code="auth_header",
                    field="options",
                    allowed=("authorization", "api-key"),
                    message=f"the auth_header option is {raw_style!r}; use 'authorization' "
                    "(Bearer, the default) or 'api-key' (Azure)",
                )
            )
        spec = request.spec
        size = size_for(model.id, spec.aspect, spec.resolution)
        image = spec.first_frame
        if size is not None and image is not None and image.width and image.height:
            width, height = (int(n) for n in size.split("x"))
            if (image.width, image.height) != (width, height):
                problems.append(
                    Problem(
                        code="image_size_mismatch",
                        field="first_frame",
                        message=f"the first frame is {image.width}×{image.height} px; Sora "
                        f"needs it to be exactly {width}×{height} px for {spec.aspect} "
                        f"{spec.resolution} (crop or resize it, or pick the matching aspect "
                        "and resolution)",
                    )
                )
        return problems

    # -- wire calls ----------------------------------------------------------------------
    async def submit(self, request: DrawRequest) -> Submission:
        """Create the video job (multipart, like the SDK); never retried once it may be sent.

        Raises:
            ModelRetired: the endpoint or model is gone (404/410, ``model_not_found``, a
                deprecation message), in the service's words.
            ProviderRefused: the service refused it in a 200 answer, or the first frame
                could not be read.
        """
        model = self.model(request.model)
        spec = request.spec
        size = size_for(model.id, spec.aspect, spec.resolution)
        if size is None or spec.duration is None:
            raise ProviderRefused(
                Failure(
                    kind=FailureKind.INVALID,
                    message=f"Sora {model.id} has no {spec.aspect} {spec.resolution} size "
                    f"or {spec.duration} s duration",
                )
            )
        # Every field goes as a multipart part (the SDK always sends multipart/form-data;
        # httpx would send text-only `data=` url-encoded). No seed, negative prompt or audio
        # field exists, so none is sent; `seconds` is a string enum.
        parts: list[tuple[str, tuple[str | None, Any] | tuple[str, bytes, str]]] = [
            ("prompt", (None, spec.prompt)),
            ("model", (None, model.id)),
            ("seconds", (None, str(spec.duration))),
            ("size", (None, size)),
        ]
        if spec.first_frame is not None:
            image = spec.first_frame
            data = await read_image(image, "first frame")
            parts.append(("input_reference", (Path(image.path).name, data, image.mime_type)))
        try:
            body = await self.send_create(model.id, "videos", files=parts)
        except ProviderStatusError as exc:
            # A gateway that no longer serves the videos API answers 404/410 (or a retired
            # model's words, which the refinement already turned into RetiredEndpoint).
            if exc.status in (404, 410) or isinstance(exc, RetiredEndpoint):
                text = exc.provider_text or RETIRED_MESSAGE
                raise as_retired(exc, self.retired(model.id, text, exc.code)) from exc
            raise
        error = error_envelope(body)
        if error is not None:  # a 200 that carries only an error: nothing was created
            raise ProviderRefused(classify(error))
        return parse_submit(body)

    async def poll(self, ref: RemoteRef) -> Status:
        """The job's status, with the service's poll-after hint and an absolute asset URL."""
        try:
            response = await self.http.request("GET", f"videos/{quote(ref.remote_id, safe='')}")
        except ProviderStatusError as exc:
            if exc.status == 410:  # gone: treat like "no such job" (expired or deleted)
                raise NotFound(
                    "Sora no longer has this job (HTTP 410)",
                    status=410,
                    provider_text=exc.provider_text,
                    code=exc.code,
                ) from exc
            raise
        body = parse_json(response, self.info.label)
        error = error_envelope(body)
        if error is not None:
            code, _, message = error_fields(error)
            raise ProtocolError(
                "Sora answered the status request with an error instead of the job",
                provider_text=message[:300],
                code=code,
            )
        status = parse_status(body)
        assets = tuple(
            dataclasses.replace(a, url=self.http.url(a.url)) if a.url else a for a in status.assets
        )
        status = dataclasses.replace(
            status, assets=assets, poll_after_s=poll_after(response.headers)
        )
        return self.settle(status)

    async def download_headers(self, asset: Asset) -> dict[str, str]:
        """The authenticated content endpoint is asked for bytes, as the SDK does.

        A 404/410 there means the clip expired (about 1 h after completion) or was deleted;
        the shared download path reports that as expired.
        """
        return {"Accept": "application/binary"}

    async def cancel(self, ref: RemoteRef) -> bool:
        """Delete the video; for a running job the API's delete is its only way to stop it."""
        try:
            body = await self.http.json("DELETE", f"videos/{quote(ref.remote_id, safe='')}")
        except NotFound:
            return False
        return bool(body.get("deleted", True)) if isinstance(body, dict) else True

    async def live_probe(self) -> str:
        """``GET /videos?limit=1``: authenticated, cheap, generates nothing."""
        try:
            await self.http.json("GET", "videos", params={"limit": 1})
        except ProviderError as exc:
            if exc.kind not in (FailureKind.AUTH, FailureKind.NETWORK):
                if self.on_retired_host:
                    exc.message = f"{exc.message}. {SHUTDOWN_PROBLEM}"
                elif isinstance(exc, NotFound | RetiredEndpoint):
                    exc.message = f"{exc.message}. {RETIRED_MESSAGE}"
            raise
        if self.on_retired_host:
            # The key works, but OpenAI's own Sora API no longer makes videos.
            raise ProtocolError(SHUTDOWN_PROBLEM)
        return self.base_url


def _refine(error: ProviderStatusError) -> ProviderError:
    """Vendor codes in HTTP error bodies: moderation refusals and retired models."""
    if error.status in (400, 403, 404, 422) and is_moderation(error.code, error.provider_text):
        failure = classify({"code": error.code, "message": error.provider_text})
        return ProviderRefused(failure)
    if error.status in (400, 404) and is_retired(error.code, error.provider_text):
        return RetiredEndpoint(
            RETIRED_MESSAGE,
            status=error.status,
            body=error.body,
            request_id=error.request_id,
            provider_text=error.provider_text,
            code=error.code,
        )
    return error
