"""The Runway adapter: submit, poll, cancel and check a key against api.dev.runwayml.com."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest, ImageInput
from workbench.providers.base import Provider, RemoteRef, Status, Submission
from workbench.providers.errormap import as_retired
from workbench.providers.errors import (
    AuthError,
    BadRequest,
    NotFound,
    ProviderError,
    ProviderRefused,
    ProviderStatusError,
)
from workbench.providers.images import data_url, image_mime, read_image
from workbench.providers.runway.models import API_VERSION, DATA_URI_MAX_BYTES, INFO
from workbench.providers.runway.ratios import NOT_OFFERED, WIRE
from workbench.providers.runway.wire import (
    build_body,
    parse_status,
    parse_submit,
    public_figure_threshold,
    threshold_problem,
)

# "You do not have enough credits to run this task." and similar balance refusals.
_NO_CREDITS = re.compile(r"(enough|insufficient|out of) credits|credit balance", re.IGNORECASE)


def data_uri_length(image: ImageInput, size: int) -> int:
    """Length of the ``data:<mime>;base64,…`` URI a file of ``size`` bytes becomes."""
    return len(f"data:{image.mime_type};base64,") + 4 * ((size + 2) // 3)


def _image_size(image: ImageInput) -> int:
    if image.bytes:
        return image.bytes
    try:
        return os.path.getsize(image.path)
    except OSError:
        return 0


def _or_list(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _invalid(message: str, provider_text: str = "") -> ProviderRefused:
    return ProviderRefused(
        Failure(kind=FailureKind.INVALID, message=message, provider_text=provider_text)
    )


def refine_error(
    error: ProviderStatusError, scrub: Callable[[str], str] = lambda text: text
) -> ProviderError:
    """Runway's HTTP errors in plainer words, and with the kind their body implies.

    Validation issues are copied from the raw body, so they pass through ``scrub`` too.
    """
    body = error.body if isinstance(error.body, dict) else {}
    kwargs: dict[str, Any] = {
        "status": error.status,
        "body": error.body,
        "request_id": error.request_id,
        "provider_text": error.provider_text,
        "code": error.code,
    }
    if isinstance(error, AuthError):
        return AuthError(
            "Runway did not accept the API key (HTTP 401); check it with `workbench keys "
            "set runway` or the RUNWAYML_API_SECRET variable",
            **kwargs,
        )
    if isinstance(error, BadRequest):
        # Validation errors list each bad field under "issues"; keep them for the creator.
        issues = body.get("issues")
        if isinstance(issues, list):
            details = [
                str(issue.get("message"))
                for issue in issues[:5]
                if isinstance(issue, dict) and issue.get("message")
            ]
            if details:
                joined = f"{error.provider_text}: {'; '.join(details)}"[:1000]
                error.provider_text = scrub(joined)
        if _NO_CREDITS.search(error.provider_text):
            return ProviderRefused(
                Failure(
                    kind=FailureKind.QUOTA,
                    message="Your Runway account does not have enough credits for this draw; "
                    "top it up in Runway's developer portal.",
                    provider_text=error.provider_text,
                    code=error.code or str(error.status),
                    retryable=False,
                )
            )
    return error


def _model_refused(body: Any) -> bool:
    """True when Runway's validation error is about the ``model`` field itself."""
    issues = body.get("issues") if isinstance(body, dict) else None
    return isinstance(issues, list) and any(
        isinstance(issue, dict) and issue.get("path") in (["model"], "model") for issue in issues
    )


class RunwayProvider(Provider):
    """Runway's developer API: ``/v1/text_to_video``, ``/v1/image_to_video``, ``/v1/tasks``."""

    info = INFO

    def auth_headers(self) -> dict[str, str]:
        """The bearer key and the required API version, sent to Runway's host only.

        Never to the signed download links, which answer 400 to a stray header.
        """
        return {
            "Authorization": f"Bearer {self.require('api_key')}",
            "X-Runway-Version": API_VERSION,
        }

    def refine(self, error: ProviderStatusError) -> ProviderError:
        """Runway's HTTP errors in plainer words, and with the kind their body implies."""
        return refine_error(error, self.http.scrub)

    # -- validation -------------------------------------------------------------------------
    def validate(self, request: DrawRequest) -> list[Problem]:
        """Every problem with this draw; names Runway models Workbench knows but skips."""
        if request.model in NOT_OFFERED:
            return [
                Problem(
                    code="model_not_offered",
                    field="model",
                    allowed=self.info.model_ids,
                    message=f"Runway's {request.model} is not offered in Workbench yet "
                    f"({NOT_OFFERED[request.model]}); choose " + ", ".join(self.info.model_ids),
                )
            ]
        return super().validate(request)

    def extra_checks(self, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
        """Runway's own rules: exact ratio per endpoint, data-URI size, moderation option."""
        spec = request.spec
        wire = WIRE[model.id]
        problems: list[Problem] = []
        table = wire.ratios(spec.mode)
        declared = spec.aspect in model.aspects and spec.resolution in model.resolutions
        if (
            table
            and declared
            and wire.ratio(spec.mode, spec.aspect or "", spec.resolution or "") is None
        ):
            allowed = tuple(f"{a} {r}" for a, r in table)
            how = "from text" if spec.mode == "text" else "from an image"
            problems.append(
                Problem(
                    code="ratio",
                    field="aspect",
                    allowed=allowed,
                    message=f"{model.id} cannot make {spec.aspect} at {spec.resolution} {how}; "
                    f"choose {_or_list(allowed)}",
                )
            )
        for role, image in (("first frame", spec.first_frame), ("last frame", spec.last_frame)):
            if image is None:
                continue
            size = _image_size(image)
            encoded = data_uri_length(image, size)
            if encoded > DATA_URI_MAX_BYTES:
                largest = (DATA_URI_MAX_BYTES - len(f"data:{image.mime_type};base64,")) // 4 * 3
                problems.append(
                    Problem(
                        code="image_bytes",
                        field=role.replace(" ", "_"),
                        message=f"the {role} is {size / 1e6:.1f} MB and would be "
                        f"{encoded / 1e6:.1f} MB once encoded; Runway accepts images of at "
                        f"most {largest / 1e6:.1f} MB, so save it smaller (e.g. as JPEG)",
                    )
                )
        why = threshold_problem(public_figure_threshold(spec.options))
        if why is not None and wire.content_moderation:
            problems.append(Problem(code="option", field="options", message=why))
        return problems

    # -- wire calls ---------------------------------------------------------------------------
    async def _data_uri(self, image: ImageInput, role: str) -> str:
        """Read a local image into the ``data:`` URI Runway accepts (≤ 5 MiB encoded)."""
        data = await read_image(image, role)
        uri = data_url(data, image_mime(data, image.mime_type))
        if len(uri) > DATA_URI_MAX_BYTES:
            raise _invalid(
                f"the {role} is {len(data) / 1e6:.1f} MB, too large to send to Runway "
                "(at most 5 MiB once encoded); save it smaller"
            )
        return uri

    async def submit(self, request: DrawRequest) -> Submission:
        """Create the task with one POST (never retried after it may have arrived)."""
        problems = self.validate(request)
        if problems:  # the plan was checked; this catches a file changed since
            raise _invalid("; ".join(p.message for p in problems))
        model = self.model(request.model)
        wire = WIRE[model.id]
        spec = request.spec
        first = last = None
        if spec.first_frame is not None:
            first = await self._data_uri(spec.first_frame, "first frame")
        if spec.last_frame is not None:
            last = await self._data_uri(spec.last_frame, "last frame")
        body = build_body(request, wire, first, last)
        endpoint = "image_to_video" if first is not None else "text_to_video"
        try:
            answer = await self.send_create(model.id, f"/v1/{endpoint}", json=body)
        except BadRequest as exc:
            if not _model_refused(exc.body):
                raise
            # Runway's validator no longer lists the model: it was dropped from the API.
            failure = self.retired(model.id, exc.provider_text, exc.code or "model")
            raise as_retired(exc, failure) from exc
        submission = parse_submit(answer)
        return dataclasses.replace(
            submission,
            ref=RemoteRef(submission.ref.remote_id, {"model": model.id, "endpoint": endpoint}),
            seed=body.get("seed"),
        )

    @staticmethod
    def _task_path(ref: RemoteRef) -> str:
        return f"/v1/tasks/{quote(ref.remote_id, safe='')}"

    async def poll(self, ref: RemoteRef) -> Status:
        """``GET /v1/tasks/{id}``; each answer carries freshly signed output links."""
        return self.settle(parse_status(await self.http.json("GET", self._task_path(ref))))

    async def cancel(self, ref: RemoteRef) -> bool:
        """Cancel a waiting or running task.

        ``DELETE`` on a *finished* task deletes it and its output, so the task is looked at
        first and a finished one is left alone.
        """
        try:
            status = await self.poll(ref)
        except NotFound:
            return False
        if status.phase.is_terminal:
            return False
        try:
            await self.http.request("DELETE", self._task_path(ref))
        except NotFound:
            return False
        return True

    async def live_probe(self) -> str:
        """``GET /v1/organization``: the credit balance, which costs nothing."""
        body = await self.http.json("GET", "/v1/organization")
        balance = body.get("creditBalance") if isinstance(body, dict) else None
        if isinstance(balance, (int, float)) and not isinstance(balance, bool):
            return f"{balance:g} credits left"
        return "key accepted"
