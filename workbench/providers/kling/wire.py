"""Kling's wire format: request bodies, task answers and states (codes in :mod:`.codes`).

Everything here is pure: parsers take decoded JSON and return a :class:`Status` or a
:class:`Submission`, or raise :class:`ProtocolError` for anything that is not the documented
shape — never another exception.
"""

from __future__ import annotations

import math
from typing import Any

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.errors import ProtocolError
from workbench.providers.kling.codes import (
    BALANCE_CODES,
    NOT_FOUND_CODES,
    RATE_CODES,
    classify_code,
    envelope_code,
    envelope_failure,
    head,
    task_failure,
)
from workbench.providers.kling.models import (
    IMAGE2VIDEO,
    MODE_FOR_RESOLUTION,
    SOUND_MODELS,
    TEXT2VIDEO,
    USD_PER_UNIT,
)
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission

LABEL = "Kling"
_MAX_ID = 2**63

#: Documented ``task_status`` values (``succeed`` is Kling's spelling).
PHASES = {
    "submitted": Phase.QUEUED,
    "processing": Phase.RUNNING,
    "succeed": Phase.SUCCEEDED,
    "failed": Phase.FAILED,
}


# -- envelope ---------------------------------------------------------------------------------
def _data(body: Any) -> dict[str, Any]:
    code, message = envelope_code(body)
    if code != 0:
        raise ProtocolError(
            f"{LABEL} answered with error code {code}", provider_text=message, code=str(code)
        )
    data = body.get("data")
    if not isinstance(data, dict):
        raise ProtocolError(f"{LABEL}'s answer has no task data", provider_text=head(body))
    return data


def task_id_of(data: dict[str, Any]) -> str:
    """Kling's task id of a task object.

    Raises:
        ProtocolError: there is none.
    """
    task_id = data.get("task_id")
    if isinstance(task_id, int) and not isinstance(task_id, bool) and 0 <= task_id < _MAX_ID:
        task_id = str(task_id)
    if not isinstance(task_id, str) or not task_id.strip():
        raise ProtocolError(f"{LABEL}'s answer has no task id", provider_text=head(data))
    return task_id.strip()


def external_id(data: dict[str, Any]) -> str | None:
    """``task_info.external_task_id`` (our own id) when present."""
    info = data.get("task_info")
    value = info.get("external_task_id") if isinstance(info, dict) else None
    return value if isinstance(value, str) and value else None


# -- submit -----------------------------------------------------------------------------------
def parse_submit(body: Any) -> Submission:
    """A create answer as a :class:`Submission` (the family is added by the adapter).

    Raises:
        ProtocolError: not a successful create answer with a task id.
    """
    data = _data(body)
    task_id = task_id_of(data)
    status = data.get("task_status")
    if status is not None and not (isinstance(status, str) and status in PHASES):
        raise ProtocolError(f"{LABEL} reported an unknown task status", provider_text=head(status))
    ref_data: dict[str, Any] = {}
    ext = external_id(data)
    if ext is not None:
        ref_data["external_task_id"] = ext
    return Submission(
        ref=RemoteRef(task_id, ref_data),
        provider_status=status if isinstance(status, str) else "submitted",
    )


# -- status -----------------------------------------------------------------------------------
def _units(*places: Any) -> float | None:
    """``final_unit_deduction`` (a number or a numeric string) from the first place holding it."""
    for place in places:
        if not isinstance(place, dict):
            continue
        raw = place.get("final_unit_deduction")
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            continue
        try:
            value = float(raw.strip() if isinstance(raw, str) else raw)
        except (ValueError, OverflowError):
            continue
        if math.isfinite(value) and value >= 0:
            return value
    return None


def _video_url(data: dict[str, Any]) -> str | None:
    result = data.get("task_result")
    if result is None:
        return None
    if not isinstance(result, dict):
        raise ProtocolError(f"{LABEL}'s task result is malformed", provider_text=head(result))
    videos = result.get("videos")
    if videos is None or videos == []:
        return None
    if not isinstance(videos, list) or not isinstance(videos[0], dict):
        raise ProtocolError(f"{LABEL}'s video list is malformed", provider_text=head(videos))
    url = videos[0].get("url")
    if isinstance(url, str) and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def parse_task(data: Any, body: Any = None) -> Status:
    """One task object (``data`` of a status answer, or an item of a list answer).

    Raises:
        ProtocolError: not a task object with a documented status.
    """
    if not isinstance(data, dict):
        raise ProtocolError(f"{LABEL}'s task data is malformed", provider_text=head(data))
    status = data.get("task_status")
    if not isinstance(status, str) or status not in PHASES:
        raise ProtocolError(f"{LABEL} reported an unknown task status", provider_text=head(status))
    phase = PHASES[status]
    raw_msg = data.get("task_status_msg")
    if phase is not Phase.FAILED and phase is not Phase.SUCCEEDED:
        return Status(phase=phase, provider_status=status)
    msg = raw_msg if isinstance(raw_msg, str) else ""
    units = _units(data, body)
    # ``final_unit_deduction`` is Kling saying what it charged: zero for a failed video.
    cost: dict[str, Any] = {
        "cost_usd": round(units * USD_PER_UNIT, 4) if units is not None else None,
        "cost_reported": f"{units:g} units" if units is not None else None,
        "charged": None if units is None else units > 0,
    }
    if phase is Phase.FAILED:
        return Status(phase=phase, provider_status=status, failure=task_failure(msg), **cost)
    url = _video_url(data)
    if url is None:
        # "succeed" without a video: a success that is really a failure.
        return Status(
            phase=Phase.FAILED,
            provider_status=status,
            failure=Failure(
                kind=FailureKind.PROVIDER,
                message="Kling reported success but sent no video link.",
                provider_text=msg,
                code="no_video",
                retryable=True,
            ),
            **cost,
        )
    asset = Asset(url=url, auth=False, signed=True, mime_type="video/mp4")
    return Status(phase=phase, provider_status=status, progress=1.0, assets=(asset,), **cost)


def parse_status(body: Any) -> Status:
    """A status answer as a :class:`Status`; a non-zero ``code`` is a failed status.

    Raises:
        ProtocolError: not Kling's envelope, or a task that is not the documented shape.
    """
    code, message = envelope_code(body)
    if code != 0:
        return Status(
            phase=Phase.FAILED,
            provider_status=f"error {code}",
            failure=classify_code(code, message),
        )
    return parse_task(body.get("data"), body)


def find_in_list(body: Any, client_ref: str) -> dict[str, Any] | None:
    """The task of a list answer whose ``external_task_id`` is ours.

    Raises:
        ProtocolError: not a successful list answer.
    """
    code, message = envelope_code(body)
    if code != 0:
        raise ProtocolError(
            f"{LABEL} answered the task list with error code {code}", provider_text=message
        )
    items = body.get("data")
    if not isinstance(items, list):
        raise ProtocolError(f"{LABEL}'s task list is malformed", provider_text=head(items))
    for item in items:
        if isinstance(item, dict) and external_id(item) == client_ref:
            return item
    return None


# -- request ----------------------------------------------------------------------------------
def family_for(request: DrawRequest) -> str:
    """``image2video`` when a first frame is given, else ``text2video``."""
    return IMAGE2VIDEO if request.spec.first_frame is not None else TEXT2VIDEO


def build_body(
    request: DrawRequest, image_b64: str | None = None, tail_b64: str | None = None
) -> dict[str, Any]:
    """The create body for a resolved draw.

    Args:
        request: the draw (spec resolved for its model).
        image_b64: the first frame as raw base64 (no ``data:`` prefix), for image2video.
        tail_b64: the last frame, likewise.
    """
    spec = request.spec
    body: dict[str, Any] = {
        "model_name": request.model,
        "prompt": spec.prompt,
        "mode": MODE_FOR_RESOLUTION[spec.resolution or "720p"],
        # Kling takes the duration as a string ("5", "10").
        "duration": str(spec.duration),
        "external_task_id": request.client_ref,
    }
    if spec.negative_prompt:
        body["negative_prompt"] = spec.negative_prompt
    if image_b64 is None:
        body["aspect_ratio"] = spec.aspect
    else:
        # image2video has no aspect_ratio in Kling's docs: the clip takes the image's shape.
        body["image"] = image_b64
        if tail_b64 is not None:
            body["image_tail"] = tail_b64
    if request.model in SOUND_MODELS:
        body["sound"] = "on" if spec.audio else "off"
    watermark = spec.options.get("watermark")
    if isinstance(watermark, bool):
        body["watermark_info"] = {"enabled": watermark}
    return body


__all__ = [
    "BALANCE_CODES",
    "NOT_FOUND_CODES",
    "RATE_CODES",
    "build_body",
    "classify_code",
    "envelope_code",
    "envelope_failure",
    "external_id",
    "family_for",
    "find_in_list",
    "parse_status",
    "parse_submit",
    "parse_task",
    "task_failure",
    "task_id_of",
]
