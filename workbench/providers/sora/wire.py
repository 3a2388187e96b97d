"""The OpenAI videos wire format: Video objects in, normalised statuses and failures out.

Pure functions, no I/O. :func:`parse_status` and :func:`parse_submit` accept any JSON value
and either return a result or raise :class:`ProtocolError`, nothing else.

Video object (openai 3.54.0 ``types/video.py``)::

    {"id": "video_123", "object": "video", "model": "sora-2", "status": "queued",
     "progress": 0, "created_at": 1760000000, "completed_at": null, "expires_at": null,
     "seconds": "8", "size": "1280x720", "error": null}

``status`` is ``queued``, ``in_progress``, ``completed`` or ``failed``; ``error`` on a failed
job is ``{code, message, param?, type?, headers?}``. The moderation and capacity ``code``
strings are UNVERIFIED (providers.md §1), so classification also reads the message.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from workbench.domain.jobs import Failure, FailureKind
from workbench.providers.errors import ProtocolError
from workbench.providers.sora.models import PRICES, family, resolution_of_size
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission

LABEL = "Sora"

STATUS_PHASES: dict[str, Phase] = {
    "queued": Phase.QUEUED,
    "in_progress": Phase.RUNNING,
    "completed": Phase.SUCCEEDED,
    "failed": Phase.FAILED,
}

#: UNVERIFIED: OpenAI's image API uses ``moderation_blocked``; the others are the usual
#: OpenAI / Azure OpenAI content-filter codes. Matched case-insensitively.
MODERATION_CODES = frozenset(
    {
        "moderation_blocked",
        "content_policy_violation",
        "content_filter",
        "content_filtered",
        "responsibleaipolicyviolation",
        "safety_violation",
        "input_moderation",
        "output_moderation",
    }
)
_MODERATION_WORDS = (
    "moderation",
    "content policy",
    "content filter",
    "usage polic",
    "safety system",
    "guardrail",
)
QUOTA_CODES = frozenset(
    {
        "rate_limit_exceeded",
        "insufficient_quota",
        "billing_hard_limit_reached",
        "quota_exceeded",
        "capacity_exceeded",
        "server_overloaded",
        "engine_overloaded",
        "too_many_requests",
    }
)
_QUOTA_WORDS = ("rate limit", "capacity", "quota", "overloaded", "too many requests")
RETIRED_CODES = frozenset(
    {"model_not_found", "model_deprecated", "deprecated", "endpoint_deprecated", "gone"}
)
_RETIRED_WORDS = (
    "shut down",
    "shutdown",
    "deprecated",
    "no longer available",
    "no longer supported",
    "retired",
    "decommissioned",
)

RETIRED_MESSAGE = (
    "This Sora endpoint or model is retired or unavailable at the configured base URL. "
    "OpenAI shut its own Sora API down on 24 September 2026 and Azure retired both sora-2 "
    "versions; set an OpenAI-compatible gateway as Sora's base URL in settings or with "
    "WORKBENCH_SORA_BASE_URL, and check it serves the model."
)
_MESSAGES = {
    FailureKind.MODERATION: "Sora's content filter refused this draw. Reword the prompt or use "
    "another first frame; real people, copyrighted characters and faces are often refused.",
    FailureKind.QUOTA: "Sora is rate-limited, out of quota or out of capacity for this key; "
    "try again later.",
    FailureKind.INVALID: "Sora rejected the request's settings.",
    FailureKind.PROVIDER: "Sora failed to make this video.",
}


def _short(value: Any, limit: int = 200) -> str:
    """``str(value)`` cut to ``limit``; never raises (huge ints cannot become text)."""
    try:
        return str(value)[:limit]
    except ValueError:
        return f"<{type(value).__name__}>"


def _text(value: Any) -> str:
    """A JSON scalar as text ("" for null and containers)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return _short(value, 2000)


def _has(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(word in low for word in words)


def error_fields(error: Any) -> tuple[str, str, str]:
    """``(code, type, message)`` of an OpenAI error object (or a bare string)."""
    if isinstance(error, str):
        return "", "", error
    if not isinstance(error, Mapping):
        return "", "", ""
    return _text(error.get("code")), _text(error.get("type")), _text(error.get("message"))


def is_moderation(code: str, message: str) -> bool:
    """The service's content filter refused the request."""
    return code.lower() in MODERATION_CODES or _has(message, _MODERATION_WORDS)


def is_retired(code: str, message: str) -> bool:
    """The endpoint or model is gone (shut down, deprecated, not deployed)."""
    return code.lower() in RETIRED_CODES or _has(message, _RETIRED_WORDS)


def classify(error: Any) -> Failure:
    """A failed job's ``error`` object as a normalised failure.

    Moderation first (never retryable), then rate/capacity (retryable), a retired model,
    invalid settings, and anything else as a retryable service failure.
    """
    code, kind_name, message = error_fields(error)
    headers = error.get("headers") if isinstance(error, Mapping) else None
    capacity = isinstance(headers, Mapping) and any(
        _short(k, 64).lower()
        in ("x-openai-inference-capacity-reason", "retry-after", "retry-after-ms")
        for k in headers
    )
    text = message[:500]
    if is_moderation(code, message):
        return Failure(
            kind=FailureKind.MODERATION,
            message=_MESSAGES[FailureKind.MODERATION],
            provider_text=text,
            code=code,
            retryable=False,
        )
    if capacity or code.lower() in QUOTA_CODES or _has(message, _QUOTA_WORDS):
        return Failure(
            kind=FailureKind.QUOTA,
            message=_MESSAGES[FailureKind.QUOTA],
            provider_text=text,
            code=code,
            retryable=True,
        )
    if is_retired(code, message):
        return Failure(
            kind=FailureKind.RETIRED,
            message=RETIRED_MESSAGE,
            provider_text=text,
            code=code,
            retryable=False,
        )
    if code.lower().startswith("invalid") or kind_name == "invalid_request_error":
        return Failure(
            kind=FailureKind.INVALID,
            message=_MESSAGES[FailureKind.INVALID],
            provider_text=text,
            code=code,
            retryable=False,
        )
    if not (code or message):
        return Failure(
            kind=FailureKind.PROVIDER,
            message="Sora reported that the video failed without saying why.",
            retryable=True,
        )
    return Failure(
        kind=FailureKind.PROVIDER,
        message=_MESSAGES[FailureKind.PROVIDER],
        provider_text=text,
        code=code,
        retryable=True,
    )


def error_envelope(body: Any) -> Any | None:
    """The ``error`` of a 200 answer that carries only an error (a gateway's way to fail)."""
    if isinstance(body, Mapping) and "id" not in body and body.get("error"):
        return body["error"]
    return None


def content_path(video_id: str) -> str:
    """Relative path of a finished video's MP4 (the authenticated content endpoint)."""
    return f"videos/{quote(video_id, safe='')}/content?variant=video"


def _video(body: Any) -> tuple[str, str]:
    """Validated ``(id, status)`` of a Video object."""
    if not isinstance(body, Mapping):
        raise ProtocolError(
            f"{LABEL} answered with {type(body).__name__} instead of a video job object"
        )
    video_id = body.get("id")
    if not isinstance(video_id, str) or not video_id.strip():
        raise ProtocolError(f"{LABEL}'s answer has no video id", provider_text=_short(body))
    status = body.get("status")
    if not isinstance(status, str) or status not in STATUS_PHASES:
        raise ProtocolError(
            f"{LABEL} reported a job status this app does not know ({_short(status, 40)!r})",
            code=_text(status)[:40],
        )
    error = body.get("error")
    if error is not None and not isinstance(error, (Mapping, str)):
        raise ProtocolError(f"{LABEL}'s job error is not an error object")
    return video_id, status


def _progress(value: Any) -> float | None:
    """``progress`` percent → 0–1; tolerant, because it is only shown, never decided on."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        fraction = float(value) / 100
    except OverflowError:
        return None
    if not math.isfinite(fraction):
        return None
    return min(1.0, max(0.0, fraction))


def _seconds(value: Any) -> int | None:
    """The ``seconds`` string (or number) the service echoes."""
    if isinstance(value, bool):
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return int(seconds) if math.isfinite(seconds) and 0 < seconds <= 600 else None


def cost_of(model: Any, seconds: Any, size: Any) -> float | None:
    """List price of what the service says it rendered (None when it did not say).

    Gateways report no cost, so a delivered video is charged at the list price of what
    was rendered; a failed one is not priced at all (billing unknown).
    """
    if not isinstance(model, str) or not isinstance(size, str):
        return None
    rates = PRICES.get(family(model))
    resolution = resolution_of_size(size)
    secs = _seconds(seconds)
    if rates is None or resolution is None or secs is None or resolution not in rates:
        return None
    return round(rates[resolution] * secs, 4)


def parse_status(body: Any) -> Status:
    """One Video object as a normalised status.

    A ``completed`` job that still carries an ``error`` is treated as failed (a success that
    is really a failure). The asset is the relative content path; the adapter makes it
    absolute against its base URL.

    Raises:
        ProtocolError: the body is not a Video object with an id and a known status.
    """
    video_id, status = _video(body)
    phase = STATUS_PHASES[status]
    error = body.get("error")
    code, _, message = error_fields(error)
    progress = _progress(body.get("progress"))
    if phase is Phase.FAILED or (phase is Phase.SUCCEEDED and (code or message)):
        return Status(
            phase=Phase.FAILED,
            provider_status=status if phase is Phase.FAILED else f"{status} with error",
            progress=progress,
            failure=classify(error),
        )
    if phase is Phase.SUCCEEDED:
        return Status(
            phase=phase,
            provider_status=status,
            progress=1.0,
            assets=(Asset(url=content_path(video_id), auth=True, signed=False),),
            cost_usd=cost_of(body.get("model"), body.get("seconds"), body.get("size")),
        )
    return Status(phase=phase, provider_status=status, progress=progress)


def parse_submit(body: Any) -> Submission:
    """The create answer (a Video object, normally ``queued``) as a submission.

    Raises:
        ProtocolError: the body is not a Video object with an id and a known status.
    """
    video_id, status = _video(body)
    data: dict[str, Any] = {}
    for key in ("model", "seconds", "size"):
        value = body.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            data[key] = _short(value, 64)  # kept for display and resume; never a secret
    return Submission(ref=RemoteRef(video_id, data), provider_status=status)


def poll_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from the ``openai-poll-after-ms`` header (None when absent or unusable)."""
    raw = headers.get("openai-poll-after-ms")
    if not raw:
        return None
    try:
        millis = float(raw)
    except ValueError:
        return None
    if not math.isfinite(millis) or millis < 0:
        return None
    return min(millis / 1000, 600.0)
