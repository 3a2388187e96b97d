"""The xAI Grok Imagine adapter over plain REST (``https://api.x.ai/v1``).

One create call (``POST /videos/generations``), one status call (``GET /videos/{id}``)
and a signed result URL that works for 24 hours. xAI's own SDK speaks gRPC, so the REST
field names come from ComfyUI's client and third-party docs (``providers.md`` §6); the
UNVERIFIED ones are sent only when a creator asks for what they control.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.providers.base import Provider, RemoteRef, Status, Submission
from workbench.providers.errors import (
    AuthError,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
)
from workbench.providers.grok.models import INFO
from workbench.providers.grok.wire import (
    build_body,
    looks_like_moderation,
    looks_like_quota,
    parse_status,
    parse_submit,
)
from workbench.providers.images import data_url, image_mime, read_image


class GrokProvider(Provider):
    """Adapter for xAI's Grok Imagine video API."""

    info = INFO

    # -- plumbing ------------------------------------------------------------------------
    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Sharpen xAI's HTTP errors where the status code alone misleads.

        - A moderation refusal at create time (400/403/422 with moderation wording) is
          MODERATION, which the creator handles differently from a bad setting.
        - No credits or a spending limit (xAI has answered those with 402/403) is QUOTA,
          not a key problem: the key works, the account needs money.
        - A wrong key answered with 400 "Incorrect API key provided" (UNVERIFIED, seen from
          xAI's other endpoints) is an AUTH problem, not a bad setting.
        """
        text, code, status = error.provider_text, error.code, error.status
        if status in (400, 403, 422) and looks_like_moderation(code, text):
            return ProviderRefused(
                Failure(
                    kind=FailureKind.MODERATION,
                    message=f"{self.info.label}'s content moderation refused this prompt or "
                    "image; rewording it or choosing another image may help.",
                    provider_text=text,
                    code=code or str(status),
                    retryable=False,
                )
            )
        if status in (402, 403) and looks_like_quota(code, text):
            return ProviderRefused(
                Failure(
                    kind=FailureKind.QUOTA,
                    message=f"{self.info.label} says the account has no credit left or hit "
                    "its spending limit; add credit at console.x.ai, then draw again.",
                    provider_text=text,
                    code=code or str(status),
                    retryable=False,
                )
            )
        if status == 400 and "api key" in text.lower():
            return AuthError(
                f"{self.info.label} did not accept the API key (HTTP 400)",
                status=status,
                body=error.body,
                request_id=error.request_id,
                provider_text=text,
                code=code,
            )
        return error

    # -- validation ----------------------------------------------------------------------
    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Rules of xAI's own beyond the declared capabilities."""
        problems: list[Problem] = []
        spec = request.spec
        explicit = spec.options.get("generate_audio")
        if explicit is not None and not isinstance(explicit, bool):
            problems.append(
                Problem(
                    code="option_type",
                    field="options.generate_audio",
                    message="the generate_audio option must be true or false",
                )
            )
        elif explicit is False and spec.audio:
            problems.append(
                Problem(
                    code="audio_conflict",
                    field="audio",
                    message="audio is on but the generate_audio option turns it off; choose one",
                )
            )
        if spec.first_frame is not None and not Path(spec.first_frame.path).is_file():
            problems.append(
                Problem(
                    code="image_missing",
                    field="first_frame",
                    message=f"the first frame {spec.first_frame.path} cannot be found",
                )
            )
        return problems

    # -- wire calls ----------------------------------------------------------------------
    async def submit(self, request: DrawRequest) -> Submission:
        """Start one video. The create call is never retried once it may have arrived."""
        self.require("api_key")  # fail before reading images or sending anything
        first_frame = None
        image = request.spec.first_frame
        if image is not None:
            raw = await read_image(image, "first frame")
            first_frame = data_url(raw, image_mime(raw, image.mime_type))
        body = build_body(request, first_frame)
        answer = await self.send_create(request.model, "/videos/generations", json=body)
        return parse_submit(answer, data={"model": request.model})

    async def poll(self, ref: RemoteRef) -> Status:
        """The request's status; a finished one carries the signed video URL."""
        body = await self.http.json("GET", f"/videos/{quote(ref.remote_id, safe='')}")
        return self.settle(parse_status(body))

    async def live_probe(self) -> str:
        """``GET /models``: authenticated, free, generates nothing."""
        body = await self.http.json("GET", "/models")
        models = body.get("data") if isinstance(body, dict) else None
        ids = (
            {m.get("id") for m in models if isinstance(m, dict)}
            if isinstance(models, list)
            else set()
        )
        listed = [m for m in self.info.model_ids if m in ids]
        return (
            "the key works; video models listed: " + ", ".join(listed)
            if listed
            else ("the key works")
        )
