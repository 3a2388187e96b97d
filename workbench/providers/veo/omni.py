"""Gemini Omni Flash through the Gemini API's Interactions API (providers.md §2c).

Types from google-genai 3.4.0 ``_gaos/types/interactions`` (``Interaction``,
``VideoResponseFormat``, ``GenerationConfig``). ``response_format.duration`` is typed as a
string whose format is UNVERIFIED; Workbench sends ``"8s"`` (the form Luma and Google's
own ``durationSeconds`` docs use in prose). Change :func:`duration_text` if the live
service wants plain ``"8"``.
"""

from __future__ import annotations

import re
from typing import Any

from workbench.domain.jobs import FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.errors import ProtocolError
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission
from workbench.providers.veo.wire import (
    as_object,
    decode_video,
    failure,
    looks_like_moderation,
    opt_list,
    opt_object,
    opt_str,
    read_image,
    rpc_failure,
    text_list,
)

#: Every ``interaction.status`` documented (``continuation_required`` is the spelling in
#: the newest SDK types, ``requires_continuation`` the one in providers.md: both accepted).
STATUSES = (
    "queued",
    "in_progress",
    "requires_action",
    "requires_continuation",
    "continuation_required",
    "completed",
    "failed",
    "cancelled",
    "incomplete",
    "budget_exceeded",
)
_NEEDS_INTERACTION = frozenset(
    {"requires_action", "requires_continuation", "continuation_required"}
)
DELIVERIES = ("inline", "uri")
#: A model that answers in words instead of a video is declining ("I can't make that …");
#: that is a refusal of the content, not a failure of the service.
_DECLINED = re.compile(
    r"\b(?:I|I'm|I am|we)\b.{0,24}\b(?:can(?:no|')t|unable|won't|will not|not able|must decline)\b"
    r"|\bsorry\b|\bpublic figures?\b|\breal (?:person|people)\b",
    re.IGNORECASE,
)


def duration_text(seconds: int) -> str:
    """``response_format.duration`` as sent (format UNVERIFIED, see the module docs)."""
    return f"{seconds}s"


def build_body(request: DrawRequest, wire_id: str, *, delivery: str = "inline") -> dict[str, Any]:
    """``POST /interactions`` body for one video (reads the first frame; blocking)."""
    spec = request.spec
    prompt: str | list[dict[str, str]] = spec.prompt
    if spec.first_frame is not None:
        data, mime = read_image(spec.first_frame, "first frame")
        prompt = [
            {"type": "text", "text": spec.prompt},
            {"type": "image", "data": data, "mime_type": mime},
        ]
    config: dict[str, Any] = {
        "video_config": {
            "task": "image_to_video" if spec.first_frame is not None else "text_to_video"
        }
    }
    if request.seed is not None:
        config["seed"] = request.seed
    return {
        "model": wire_id,
        "input": prompt,
        "response_modalities": ["video"],
        "response_format": {
            "type": "video",
            "aspect_ratio": spec.aspect,
            "resolution": spec.resolution,
            "duration": duration_text(int(spec.duration or 8)),
            "delivery": delivery,
        },
        "generation_config": config,
        "background": True,  # answer at once with an id; poll GET /interactions/{id}
    }


def parse_submit(body: Any) -> Submission:
    """The new Interaction (``{"id", "status": "queued", …}``).

    Raises:
        ProtocolError: no interaction id.
    """
    it = as_object(body, "the new interaction")
    interaction_id = opt_str(it, "id", "the new interaction")
    if not interaction_id:
        raise ProtocolError("Gemini Omni accepted the request but sent no interaction id")
    status = opt_str(it, "status", "the new interaction") or "queued"
    return Submission(ref=RemoteRef(interaction_id), provider_status=status)


def _asset(block: dict[str, Any], where: str) -> Asset | None:
    mime = opt_str(block, "mime_type", where) or "video/mp4"
    data = opt_str(block, "data", where)
    if data:
        decoded = decode_video(data, f"{where}.data")
        if decoded:
            return Asset(data=decoded, mime_type=mime)
    uri = opt_str(block, "uri", where)
    if not uri:
        return None
    if "://" not in uri:  # a Files API name ("files/abc"): its download endpoint
        uri = f"{uri}:download?alt=media"
    return Asset(url=uri, auth=True, signed=False, mime_type=mime)


def _video(it: dict[str, Any]) -> Asset | None:
    block = opt_object(it, "output_video", "the interaction")
    if block is not None:
        return _asset(block, "output_video")
    # Without the convenience field, the video is a content item of a model output step.
    for step in opt_list(it, "steps", "the interaction"):
        if not isinstance(step, dict) or not isinstance(step.get("content"), list):
            continue
        for item in step["content"]:
            if isinstance(item, dict) and item.get("type") == "video":
                found = _asset(item, "steps[].content[]")
                if found is not None:
                    return found
    return None


def _errors(it: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for raw in opt_list(it, "errors", "the interaction"):
        if isinstance(raw, dict):
            found.append(raw)
        elif raw is not None:
            found.append({"message": text_list([raw])[0]})
    return found


def parse_status(body: Any) -> Status:
    """An Interaction from ``GET /interactions/{id}`` as a normalised status.

    Raises:
        ProtocolError: no status, or one Google does not document.
    """
    it = as_object(body, "the interaction")
    status = opt_str(it, "status", "the interaction")
    if not status:
        raise ProtocolError("Gemini Omni answered without an interaction status")
    config = it.get("generation_config")
    raw_seed = config.get("seed") if isinstance(config, dict) else None
    seed = raw_seed if isinstance(raw_seed, int) and not isinstance(raw_seed, bool) else None
    errors = _errors(it)
    text = "; ".join(m for e in errors if isinstance(m := e.get("message"), str) and m)
    if status == "queued":
        return Status(Phase.QUEUED, provider_status=status, seed=seed)
    if status == "in_progress":
        return Status(Phase.RUNNING, provider_status=status, seed=seed)
    if status == "cancelled":
        return Status(Phase.CANCELED, provider_status=status, seed=seed)
    if status == "completed":
        asset = _video(it)
        if asset is not None:
            return Status(
                Phase.SUCCEEDED, provider_status=status, progress=1.0, assets=(asset,), seed=seed
            )
        # "Success" that is really a failure: the model answered in words (a refusal) or
        # recorded errors, but made no video.
        said = text or (opt_str(it, "output_text", "the interaction") or "")
        refused = looks_like_moderation(said) or bool(_DECLINED.search(said))
        kind = FailureKind.MODERATION if refused else FailureKind.PROVIDER
        words = None if kind is FailureKind.MODERATION else "Gemini Omni finished without a video."
        fail = failure(kind, said or "completed with no output_video", "NO_VIDEO")
        if words:
            fail = fail.model_copy(update={"message": words})
        return Status(Phase.FAILED, provider_status="completed without video", failure=fail)
    if status == "failed":
        fail = (
            rpc_failure(errors[0], fallback=text)
            if errors
            else failure(FailureKind.PROVIDER, "failed without an error message")
        )
        return Status(Phase.FAILED, provider_status=status, failure=fail, seed=seed)
    if status == "incomplete":
        fail = failure(
            FailureKind.PROVIDER,
            text or "incomplete",
            status,
            message="Gemini Omni stopped before the video was finished.",
            retryable=True,
        )
        return Status(Phase.FAILED, provider_status=status, failure=fail, seed=seed)
    if status == "budget_exceeded":
        fail = failure(
            FailureKind.QUOTA,
            text or "budget_exceeded",
            status,
            message="Gemini Omni stopped: the interaction ran over its budget.",
        )
        return Status(Phase.FAILED, provider_status=status, failure=fail, seed=seed)
    if status in _NEEDS_INTERACTION:
        fail = failure(
            FailureKind.PROVIDER,
            text or status,
            status,
            message=f"Gemini Omni paused the job and asked for a reply ({status}); that needs "
            "an interaction Workbench doesn't support, so this draw cannot finish.",
        )
        return Status(Phase.FAILED, provider_status=status, failure=fail, seed=seed)
    raise ProtocolError(
        f"Gemini Omni answered with an unknown interaction status {status[:40]!r}",
        provider_text=status[:200],
    )
