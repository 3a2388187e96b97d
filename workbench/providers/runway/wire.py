"""Runway's wire format: request bodies out, task answers in. Pure functions, no I/O.

The parsers are total: any JSON value gives a :class:`Status` / :class:`Submission` or a
:class:`ProtocolError`, never another exception. Required fields (``id``, ``status``,
``output``) are checked strictly; informational ones (cost, progress) are dropped when
malformed rather than failing a job that otherwise went fine.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.errors import ProtocolError
from workbench.providers.runway.models import USD_PER_CREDIT
from workbench.providers.runway.ratios import WireModel
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission

#: Every documented task status. THROTTLED is a job waiting for one of the account's
#: concurrency slots — queued, not failed.
PHASES: dict[str, Phase] = {
    "PENDING": Phase.QUEUED,
    "THROTTLED": Phase.QUEUED,
    "RUNNING": Phase.RUNNING,
    "SUCCEEDED": Phase.SUCCEEDED,
    "FAILED": Phase.FAILED,
    "CANCELLED": Phase.CANCELED,
}
# Task ids are UUIDs; anything that could escape the /v1/tasks/{id} path is refused.
_TASK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")
_PUBLIC_FIGURE = ("auto", "low")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def credits_of(cost: Any) -> float | None:
    """``{"credits": N}`` → N; None when absent or not a sane number."""
    if not isinstance(cost, dict):
        return None
    credits = cost.get("credits")
    if isinstance(credits, bool) or not isinstance(credits, (int, float)):
        return None
    if not math.isfinite(credits) or credits < 0 or credits > 1e9:
        return None
    return float(credits)


def credits_text(credits: float, *, estimated: bool = False) -> str:
    """``50 credits`` (or ``50 credits (estimated)``), as Runway bills them."""
    text = f"{credits:g} credit" + ("" if credits == 1 else "s")
    return text + " (estimated)" if estimated else text


def credits_usd(credits: float) -> float:
    """Credits in USD at the (UNVERIFIED) list price of one cent a credit."""
    return round(credits * USD_PER_CREDIT, 4)


def parse_submit(body: Any) -> Submission:
    """Runway's answer to a create: ``{"id": …, "estimatedCost": {"credits": N}}``.

    ``estimatedCost`` is Runway's informational estimate, not a charge, so it is not
    recorded as a cost (the draw's own estimate is made before sending).

    Raises:
        ProtocolError: no usable task id.
    """
    if not isinstance(body, dict):
        raise ProtocolError(
            f"Runway answered the submit with {_short(body)} instead of a task with an id"
        )
    task_id = body.get("id")
    if not isinstance(task_id, str) or not _TASK_ID.fullmatch(task_id):
        raise ProtocolError(
            f"Runway's answer to the submit has no usable task id ({_short(task_id)})"
        )
    return Submission(ref=RemoteRef(task_id), provider_status="pending")


def classify_failure(code: str, text: str) -> Failure:
    """A task's ``failureCode`` (and ``failure`` text) as a classified failure.

    ``SAFETY.INPUT.*`` / ``SAFETY.OUTPUT.*`` are moderation ("You should not retry these
    generations"); ``INTERNAL.BAD_OUTPUT.*`` is a quality rejection that may be retried
    [docs.dev.runwayml.com/errors/task-failures]. Other codes go by their family.
    """
    upper = code.strip().upper()
    parts = set(re.split(r"[._]", upper))
    if "SAFETY" in parts or (not upper and re.search(r"moderat|safety", text, re.IGNORECASE)):
        if "OUTPUT" in parts:
            message = (
                "Runway's content filter refused the finished video; rewording the prompt may help."
            )
        else:
            message = (
                "Runway's content filter refused the prompt or image; reword it or use "
                "another image."
            )
        return Failure(
            kind=FailureKind.MODERATION,
            message=message,
            provider_text=text,
            code=code,
            retryable=False,
        )
    if upper.startswith("INTERNAL.BAD_OUTPUT"):
        return Failure(
            kind=FailureKind.PROVIDER,
            message="Runway's quality check discarded the generated video; another draw may work.",
            provider_text=text,
            code=code,
            retryable=True,
        )
    if upper.startswith("ASSET"):
        return Failure(
            kind=FailureKind.INVALID,
            message="Runway could not use the input image; try another file.",
            provider_text=text,
            code=code,
            retryable=False,
        )
    if "INTERNAL" in parts:
        return Failure(
            kind=FailureKind.PROVIDER,
            message="Runway had an internal error with this draw; another draw may work.",
            provider_text=text,
            code=code,
            retryable=True,
        )
    return Failure(
        kind=FailureKind.PROVIDER,
        message="Runway could not make this draw.",
        provider_text=text,
        code=code,
        retryable=False,
    )


def _text(value: Any) -> str:
    return value.strip()[:1000] if isinstance(value, str) else ""


def _progress(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value):
        return None
    return min(1.0, max(0.0, float(value)))


def _output_assets(output: Any) -> tuple[Asset, ...]:
    if not isinstance(output, list):
        raise ProtocolError(
            f"Runway's finished task has no list of video links (output is {_short(output)})"
        )
    assets = []
    for url in output:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise ProtocolError(f"Runway sent a video link that is not a URL ({_short(url)})")
        # Signed links that need no auth; 401/403/404/410 on them mean "expired".
        assets.append(Asset(url=url, auth=False, signed=True))
    return tuple(assets)


def parse_status(body: Any) -> Status:
    """``GET /v1/tasks/{id}`` as a normalised status.

    Raises:
        ProtocolError: not a task, an unknown ``status``, or a finished task without links.
    """
    if not isinstance(body, dict):
        raise ProtocolError(f"Runway answered the status request with {_short(body)}")
    raw = body.get("status")
    if not isinstance(raw, str) or raw not in PHASES:
        raise ProtocolError(f"Runway reported a task status Workbench does not know: {_short(raw)}")
    phase = PHASES[raw]
    provider_status = raw.lower()
    credits = credits_of(body.get("cost")) if phase.is_terminal else None
    cost: dict[str, Any] = {}
    if credits is not None:  # what Runway says it charged for this task
        cost = {
            "cost_usd": credits_usd(credits),
            "cost_reported": credits_text(credits),
            "charged": credits > 0,
        }
    code, text = _text(body.get("failureCode")), _text(body.get("failure"))
    if raw == "RUNNING":
        return Status(phase, provider_status, progress=_progress(body.get("progress")))
    if raw == "FAILED":
        return Status(phase, provider_status, failure=classify_failure(code, text), **cost)
    if raw == "SUCCEEDED":
        if code or text:  # "success" carrying a failure: believe the failure
            return Status(
                Phase.FAILED,
                "succeeded with a failure",
                failure=classify_failure(code, text),
                **cost,
            )
        assets = _output_assets(body.get("output"))
        if not assets:
            return Status(
                Phase.FAILED,
                "succeeded without output",
                failure=Failure(
                    kind=FailureKind.PROVIDER,
                    message="Runway reported success but sent no video link.",
                    retryable=True,
                ),
                **cost,
            )
        return Status(phase, provider_status, progress=1.0, assets=assets, **cost)
    return Status(phase, provider_status, **cost)


def public_figure_threshold(options: dict[str, Any]) -> Any:
    """The requested ``contentModeration.publicFigureThreshold`` from ``spec.options``.

    Accepts ``public_figure_threshold: "low"`` or a ``content_moderation`` /
    ``contentModeration`` mapping in Runway's own casing. None when not given.
    """
    nested = options.get("contentModeration", options.get("content_moderation"))
    if isinstance(nested, dict):
        return nested.get("publicFigureThreshold", nested.get("public_figure_threshold"))
    return options.get("public_figure_threshold", nested)


def threshold_problem(value: Any) -> str | None:
    """Why a public-figure threshold is unusable, or None when it is fine."""
    if value is None or value in _PUBLIC_FIGURE:
        return None
    return (
        f"Runway's public-figure threshold must be 'auto' or 'low', not {_short(value)}; "
        "fix the content_moderation option"
    )


def build_body(
    request: DrawRequest,
    wire: WireModel,
    first_uri: str | None = None,
    last_uri: str | None = None,
) -> dict[str, Any]:
    """The JSON body of a create, in Runway's camelCase and types.

    Args:
        request: a validated draw (resolved spec, concrete seed or None).
        wire: the model's wire description.
        first_uri: the first frame as a ``data:`` URI (image-to-video only).
        last_uri: the last frame as a ``data:`` URI.
    """
    spec = request.spec
    mode = "image" if first_uri is not None else "text"
    aspect, resolution = spec.aspect or "", spec.resolution or ""
    body: dict[str, Any] = {"model": wire.id, "promptText": spec.prompt}
    if first_uri is not None:
        if last_uri is not None:
            body["promptImage"] = [
                {"uri": first_uri, "position": "first"},
                {"uri": last_uri, "position": "last"},
            ]
        else:
            body["promptImage"] = first_uri
    if mode == "text" or wire.i2v_ratio:
        body["ratio"] = wire.ratio(mode, aspect, resolution)
        if wire.resolution_field:
            body["resolution"] = resolution
    body["duration"] = int(spec.duration or 0)  # an integer: Runway refuses "5"
    if wire.seed and request.seed is not None:
        body["seed"] = int(request.seed)
    if wire.audio:
        body["audio"] = bool(spec.audio)
    if wire.negative_prompt and spec.negative_prompt:
        body["negativePrompt"] = spec.negative_prompt
    threshold = public_figure_threshold(spec.options)
    if wire.content_moderation and threshold is not None:
        body["contentModeration"] = {"publicFigureThreshold": threshold}
    return body
