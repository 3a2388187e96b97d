"""Seedance's wire format: request bodies, and pure parsers for the answers (providers.md §3).

The parsers take whatever JSON came back and either return normalised data or raise
:class:`ProtocolError` — never anything else — so a surprising answer is reported in words
instead of crashing a poll loop.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.errors import ProtocolError
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission

LABEL = "Seedance"

#: Documented task states, plus ``expired``: a task that outlived ``execution_expires_after``
#: (default 172800 s; providers.md "Checked 2026-11").
PHASES = {
    "queued": Phase.QUEUED,
    "running": Phase.RUNNING,
    "succeeded": Phase.SUCCEEDED,
    "failed": Phase.FAILED,
    "cancelled": Phase.CANCELED,
    "canceled": Phase.CANCELED,
    "expired": Phase.FAILED,
}

#: Legacy text commands Seedance 1.x parses out of the prompt; top-level fields replace them.
LEGACY_FLAGS = (
    "--resolution",
    "--rs",
    "--ratio",
    "--rt",
    "--duration",
    "--dur",
    "--frames",
    "--seed",
    "--camerafixed",
    "--cf",
    "--watermark",
    "--wm",
)


# -- requests -------------------------------------------------------------------------------
def build_body(
    request: DrawRequest,
    *,
    images: Mapping[str, list[str]],
    with_audio_flag: bool,
) -> dict[str, Any]:
    """The ``POST /contents/generations/tasks`` body for a resolved draw.

    Args:
        request: the draw (spec resolved, so duration/aspect/resolution are concrete).
        images: data URLs by role (``first_frame``, ``last_frame``, ``reference_image``).
        with_audio_flag: the model takes ``generate_audio`` (1.5 Pro and 2.x).
    """
    spec = request.spec
    content: list[dict[str, Any]] = [{"type": "text", "text": spec.prompt}]
    for role in ("first_frame", "last_frame", "reference_image"):
        for url in images.get(role, ()):
            content.append({"type": "image_url", "image_url": {"url": url}, "role": role})
    body: dict[str, Any] = {
        "model": request.model,
        "content": content,
        "ratio": spec.aspect,
        "resolution": spec.resolution,
        # Seedance wants an integer duration (Sora/Kling want strings).
        "duration": int(spec.duration or 0),
        "watermark": bool(spec.options.get("watermark", False)),
    }
    if request.seed is not None:
        body["seed"] = int(request.seed)
    if with_audio_flag:
        body["generate_audio"] = bool(spec.audio)
    if "camera_fixed" in spec.options:
        body["camera_fixed"] = bool(spec.options["camera_fixed"])
    return body


# -- answers --------------------------------------------------------------------------------
def parse_submit(body: Any) -> Submission:
    """The create answer ``{"id": "cgt-…"}`` as a submission (ref data added by the caller).

    Raises:
        ProtocolError: no task id in the answer.
    """
    if not isinstance(body, dict):
        raise ProtocolError(
            f"{LABEL} answered the submit with {_kind(body)} instead of a task",
            provider_text=_preview(body),
        )
    task_id = body.get("id")
    if not isinstance(task_id, str) or not task_id.strip():
        error = body.get("error")
        if isinstance(error, dict):
            # A 200 that carries an error envelope: report the service's own words.
            raise ProtocolError(
                f"{LABEL} answered the submit with an error instead of a task id",
                provider_text=_error(error)[1],
                code=_error(error)[0],
            )
        raise ProtocolError(
            f"{LABEL} answered the submit without a task id", provider_text=_preview(body)
        )
    return Submission(ref=RemoteRef(task_id.strip()), provider_status="queued")


def refusal(body: Any) -> Failure | None:
    """An error envelope in a 2xx create answer without a task id, classified.

    Not documented, but an explicit error means no task was made, so it must fail the draw
    in words rather than leave it "unknown" (which :func:`parse_submit` would, correctly,
    for an answer it cannot read at all).
    """
    if not isinstance(body, dict) or isinstance(body.get("id"), str):
        return None
    code, text = _error(body.get("error"))
    return classify(code, text) if code else None


def parse_status(
    body: Any, rate_per_1k: float | None = None, cny_per_1k: float | None = None
) -> Status:
    """One task as a normalised status.

    Only a delivered video carries a cost: Seedance bills successful videos only, so a
    task that failed (or "succeeded" without a video) reports none, whatever its usage.

    Args:
        body: the ``GET /contents/generations/tasks/{id}`` answer.
        rate_per_1k: USD per 1,000 completion tokens, to turn ``usage`` into a cost
            (None: no USD price, as on Volcengine).
        cny_per_1k: yuan per 1,000 tokens (Volcengine), shown beside the token count.

    Raises:
        ProtocolError: the answer is not a task, or its status is not one Seedance documents.
    """
    if not isinstance(body, dict):
        raise ProtocolError(
            f"{LABEL} answered the status request with {_kind(body)} instead of a task",
            provider_text=_preview(body),
        )
    raw = body.get("status")
    if not isinstance(raw, str):
        raise ProtocolError(
            f"{LABEL} answered the status request without a task status",
            provider_text=_preview(body),
        )
    phase = PHASES.get(raw.strip().lower())
    if phase is None:
        raise ProtocolError(
            f"{LABEL} reported a task status Workbench does not know ({raw[:40]!r})",
            provider_text=_preview(body),
        )
    seed = body.get("seed")
    seed = seed if isinstance(seed, int) and not isinstance(seed, bool) else None
    status = raw.strip().lower()
    common: dict[str, Any] = {"provider_status": status, "seed": seed}
    code, text = _error(body.get("error"))
    if phase is Phase.SUCCEEDED:
        url = _video_url(body.get("content"))
        if code:
            # "Succeeded" that carries an error (e.g. the output failed moderation after
            # rendering): a failure, whatever the status says.
            return Status(phase=Phase.FAILED, failure=classify(code, text), **common)
        if url is None:
            return Status(
                phase=Phase.FAILED,
                failure=Failure(
                    kind=FailureKind.PROVIDER,
                    message=f"{LABEL} reported success but delivered no video.",
                    provider_text=text,
                    retryable=True,
                ),
                **common,
            )
        asset = Asset(url=url, auth=False, signed=True, mime_type="video/mp4")
        cost = _cost(_tokens(body.get("usage")), rate_per_1k, cny_per_1k)
        return Status(phase=phase, progress=1.0, assets=(asset,), **common, **cost)
    if phase is Phase.FAILED:
        if status == "expired":
            failure = Failure(
                kind=FailureKind.EXPIRED,
                code=code or "expired",
                message=f"{LABEL} let this job expire before it was made.",
                provider_text=text,
                retryable=True,
            )
        elif code or text:
            failure = classify(code, text)
        else:
            failure = Failure(
                kind=FailureKind.PROVIDER,
                message=f"{LABEL} reported the job failed without giving a reason.",
                retryable=True,
            )
        return Status(phase=phase, failure=failure, **common)
    return Status(phase=phase, **common)


def classify(code: str, text: str = "") -> Failure:
    """A Seedance error code (task ``error.code`` or HTTP envelope) as a failure.

    Moderation is the ``*SensitiveContentDetected*`` family (``.SevereViolation``,
    ``.PrivacyInformation`` …, Input/Output Text/Image/Video/Audio) and the
    ``*RiskDetection`` family; ``ContentSecurityDetectionError`` is the checker itself
    failing, a provider error worth another draw (providers.md "Checked 2026-11").
    Codes are matched by family, so new members are classified too.
    """
    lowered = code.lower()
    if "contentsecuritydetectionerror" in lowered:
        return Failure(
            kind=FailureKind.PROVIDER,
            code=code,
            message=f"{LABEL}'s content checker failed on this draw (not a refusal); "
            "another draw may work.",
            provider_text=text,
            retryable=True,
        )
    if is_moderation_code(code):
        if "audio" in lowered:
            message = (
                f"{LABEL}'s content filter refused the sound it generated for this clip "
                "(possibly a copyright match); turn audio off or change the prompt."
            )
        elif lowered.startswith("input"):
            message = (
                f"{LABEL}'s content filter refused the prompt or an input image; "
                "reword the prompt or use another image."
            )
        else:
            message = f"{LABEL}'s content filter refused the generated video."
        return Failure(
            kind=FailureKind.MODERATION,
            code=code,
            message=message,
            provider_text=text,
            retryable=False,
        )
    if lowered.startswith(("invalidparameter", "missingparameter", "invalidargument")):
        return Failure(
            kind=FailureKind.INVALID,
            code=code,
            message=f"{LABEL} rejected the request's settings.",
            provider_text=text,
        )
    if any(w in lowered for w in ("quota", "ratelimit", "limitexceeded", "overdue", "balance")):
        return Failure(
            kind=FailureKind.QUOTA,
            code=code,
            message=f"{LABEL}'s rate limit or account balance stopped this draw.",
            provider_text=text,
            retryable=True,
        )
    if any(word in lowered for word in ("authentication", "accessdenied", "notopen")):
        return Failure(
            kind=FailureKind.AUTH,
            code=code,
            message=f"{LABEL} refused this key for the model (check it is activated).",
            provider_text=text,
        )
    return Failure(
        kind=FailureKind.PROVIDER,
        code=code,
        message=f"{LABEL} failed to make this clip.",
        provider_text=text,
        retryable=True,
    )


def is_moderation_code(code: str) -> bool:
    """True for the ``*SensitiveContentDetected*`` and ``*RiskDetection`` families."""
    lowered = code.lower()
    return "sensitivecontentdetected" in lowered or "riskdetection" in lowered


def _cost(tokens: int | None, usd_per_1k: float | None, cny_per_1k: float | None) -> dict:
    """``cost_usd`` and ``cost_reported`` of a delivered video's billed tokens."""
    if tokens is None:
        return {}
    reported = f"{tokens} tokens"
    if cny_per_1k is not None and math.isfinite(cny_per_1k):
        reported += f" ≈ ¥{tokens / 1000 * cny_per_1k:.2f}"
    usd = None
    if usd_per_1k is not None and math.isfinite(usd_per_1k):
        usd = round(tokens / 1000 * usd_per_1k, 4)
    return {"cost_usd": usd, "cost_reported": reported, "charged": True}


# -- helpers --------------------------------------------------------------------------------
def _error(value: Any) -> tuple[str, str]:
    """``(code, message)`` of a task's ``error`` (absent, null, an object or a bare string)."""
    if isinstance(value, dict):
        code = value.get("code")
        message = value.get("message")
        return (
            str(code)[:200] if isinstance(code, (str, int)) and code != "" else "",
            str(message)[:500] if isinstance(message, str) else "",
        )
    if isinstance(value, str):
        return "", value[:500]
    return "", ""


def _video_url(content: Any) -> str | None:
    if not isinstance(content, dict):
        return None
    url = content.get("video_url")
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return url
    return None


def _tokens(usage: Any) -> int | None:
    if not isinstance(usage, dict):
        return None
    tokens = usage.get("completion_tokens")
    if isinstance(tokens, int) and not isinstance(tokens, bool) and tokens >= 0:
        return tokens
    return None


def _kind(body: Any) -> str:
    if body is None:
        return "nothing"
    if isinstance(body, list):
        return "a list"
    if isinstance(body, str):
        return "text"
    return f"a {type(body).__name__}"


def _preview(body: Any) -> str:
    try:
        return repr(body)[:200]
    except Exception:  # a pathological value must not break error reporting
        return ""
