"""xAI video REST wire format: request bodies, and pure parsers for the answers.

The parsers take any JSON value and either return a normalised object or raise
:class:`ProtocolError`; nothing else escapes them (a hypothesis test holds them to it).
They are strict about what decides a job's fate (``request_id``, ``status``, the video URL,
``respect_moderation``) and lenient about bookkeeping (``usage``, ``duration``): a strange
cost field must not stop a finished, paid-for clip from being saved.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.errors import ProtocolError
from workbench.providers.grok.models import TICKS_PER_USD
from workbench.providers.status import Asset, Phase, RemoteRef, Status, Submission

LABEL = "xAI Grok Imagine"

#: Every documented ``status`` value [xai-sdk: DeferredStatus PENDING/DONE/EXPIRED/FAILED].
#: ``pending`` covers both waiting in the queue and rendering (xAI has one state for both),
#: so it maps to RUNNING: the creator sees "rendering" from the start rather than a
#: "queued" that never changes.
STATUS_PHASES: dict[str, Phase] = {
    "pending": Phase.RUNNING,
    "done": Phase.SUCCEEDED,
    "expired": Phase.FAILED,
    "failed": Phase.FAILED,
}

_MAX_ID_CHARS = 256
_MODERATION_WORDS = (
    "moderat",  # moderation, moderated
    "content policy",
    "content_policy",
    "safety",
    "nsfw",
    "inappropriate",
    "violat",  # violates, violation
    "prohibited",
    "not allowed by",
    "respect_moderation",
)
_QUOTA_WORDS = (
    "resource_exhausted",
    "rate limit",
    "rate_limit",
    "too many requests",
    "too many concurrent",
    "quota",
    "credit",
    "spending limit",
    "insufficient balance",
    "billing",
)
_INVALID_WORDS = ("invalid_argument", "invalid argument", "invalid", "unsupported", "not supported")


def _text(value: Any, limit: int = 500) -> str:
    """A short printable form of a service value (strings verbatim)."""
    return (value if isinstance(value, str) else "" if value is None else str(value))[:limit]


def looks_like_moderation(*texts: str) -> bool:
    """True when a service code or message speaks of moderation or content policy."""
    joined = " ".join(texts).lower()
    return any(word in joined for word in _MODERATION_WORDS)


def looks_like_quota(*texts: str) -> bool:
    """True when a service code or message speaks of rate limits, credits or billing."""
    joined = " ".join(texts).lower()
    return any(word in joined for word in _QUOTA_WORDS)


def classify_failure(code: str, message: str) -> Failure:
    """A ``failed`` job's ``{code, message}`` as a normalised failure.

    xAI documents no failure codes, so this reads the words: moderation first (never
    retried: the same prompt would be refused again), then quota, then bad parameters;
    anything else is the service's own failure and worth another draw.
    """
    if looks_like_moderation(code, message):
        return Failure(
            kind=FailureKind.MODERATION,
            message=f"{LABEL}'s content moderation refused this draw; rewording the prompt "
            "or choosing another image may help.",
            provider_text=message,
            code=code,
            retryable=False,
        )
    if looks_like_quota(code, message):
        return Failure(
            kind=FailureKind.QUOTA,
            message=f"{LABEL} stopped this draw for a rate limit or the account's credit.",
            provider_text=message,
            code=code,
            retryable=True,
        )
    lowered = f"{code} {message}".lower()
    if any(word in lowered for word in _INVALID_WORDS):
        return Failure(
            kind=FailureKind.INVALID,
            message=f"{LABEL} rejected this draw's settings.",
            provider_text=message,
            code=code,
            retryable=False,
        )
    return Failure(
        kind=FailureKind.PROVIDER,
        message=f"{LABEL} failed to make this video.",
        provider_text=message,
        code=code,
        retryable=True,
    )


def parse_cost(body: dict[str, Any]) -> tuple[float | None, str | None]:
    """USD and the raw figure from ``usage.cost_in_usd_ticks`` (None, None when absent).

    Ticks arrive as a JSON integer, or as a digit string where int64 is encoded the
    protobuf-JSON way; anything else is ignored rather than failing the poll.
    """
    usage = body.get("usage")
    if not isinstance(usage, dict):
        return None, None
    ticks = usage.get("cost_in_usd_ticks")
    if isinstance(ticks, str) and ticks.strip().isdigit():
        ticks = int(ticks.strip())
    if isinstance(ticks, bool) or not isinstance(ticks, int) or ticks < 0:
        return None, None
    return round(ticks / TICKS_PER_USD, 6), f"{ticks} ticks"


def parse_submit(body: Any, *, data: dict[str, Any] | None = None) -> Submission:
    """The answer to ``POST /videos/generations``: ``{"request_id": "…"}``.

    Args:
        body: the parsed JSON answer.
        data: json-safe adapter data to keep in the reference (never a secret).

    Raises:
        ProtocolError: no usable request id.
    """
    if not isinstance(body, dict):
        raise ProtocolError(
            f"{LABEL} answered the submit with something other than a JSON object",
            provider_text=_text(body, 200),
        )
    request_id = body.get("request_id")
    if not isinstance(request_id, str) or not request_id.strip():
        raise ProtocolError(
            f"{LABEL} accepted the submit but sent no request id, so the job cannot be followed",
            provider_text=_text(body, 200),
        )
    request_id = request_id.strip()
    if len(request_id) > _MAX_ID_CHARS or not request_id.isprintable():
        raise ProtocolError(
            f"{LABEL} sent a request id Workbench cannot use",
            provider_text=request_id[:80],
        )
    return Submission(ref=RemoteRef(request_id, dict(data or {})), provider_status="pending")


def parse_status(body: Any) -> Status:
    """The answer to ``GET /videos/{request_id}`` as a normalised status.

    Documented shape: ``{"status": "pending"|"done"|"expired"|"failed", "video": {"url",
    "duration", "upsampled_prompt", "respect_moderation"}, "model", "usage":
    {"cost_in_usd_ticks"}}``; on ``failed`` an error ``{code, message}``. A finished answer
    without ``status`` is read as ``done`` (ComfyUI's client does the same).

    Raises:
        ProtocolError: the answer is not that shape (unknown status, a video that is not
            an object, a non-boolean moderation flag, a URL that is not http(s)).
    """
    if not isinstance(body, dict):
        raise ProtocolError(
            f"{LABEL} answered the status request with something other than a JSON object",
            provider_text=_text(body, 200),
        )
    raw = body.get("status")
    video = body.get("video")
    if raw is None and isinstance(video, dict):
        raw = "done"
    if not isinstance(raw, str):
        raise ProtocolError(
            f"{LABEL} sent a job status Workbench does not understand",
            provider_text=_text(body, 200),
        )
    status = raw.strip().lower()  # the gRPC enum is upper-case; REST examples are lower
    phase = STATUS_PHASES.get(status)
    if phase is None:
        raise ProtocolError(
            f"{LABEL} reported an unknown job status {raw[:40]!r}",
            provider_text=_text(body, 200),
        )
    if status == "pending":
        return Status(phase=Phase.RUNNING, provider_status=status)
    cost_usd, cost_reported = parse_cost(body)
    common: dict[str, Any] = {
        "provider_status": status,
        "cost_usd": cost_usd,
        "cost_reported": cost_reported,
        # usage.cost_in_usd_ticks is xAI saying what it charged for this request.
        "charged": None if cost_usd is None else cost_usd > 0,
    }
    if status == "expired":
        return Status(
            phase=Phase.FAILED,
            failure=Failure(
                kind=FailureKind.EXPIRED,
                code="expired",
                message=f"{LABEL} let this request expire before the video was collected.",
                provider_text=_error_of(body)[1],
            ),
            **common,
        )
    if status == "failed":
        return Status(phase=Phase.FAILED, failure=classify_failure(*_error_of(body)), **common)
    return _done(body, video, common)


def _done(body: dict[str, Any], video: Any, common: dict[str, Any]) -> Status:
    """``done``: a video, or a success that is really a failure."""
    if video is None:
        video = {}
    if not isinstance(video, dict):
        raise ProtocolError(
            f"{LABEL} reported the job done but its video entry is not an object",
            provider_text=_text(video, 200),
        )
    respected = video.get("respect_moderation")
    if respected is not None and not isinstance(respected, bool):
        raise ProtocolError(
            f"{LABEL} sent a moderation flag Workbench does not understand",
            provider_text=_text(respected, 80),
        )
    if respected is False:
        # The SDK withholds the URL here ("Video did not respect moderation rules"). Even
        # if a URL came along, the service has said the clip breaks its rules.
        return Status(
            phase=Phase.FAILED,
            failure=Failure(
                kind=FailureKind.MODERATION,
                code="respect_moderation=false",
                message=f"{LABEL}'s moderation withheld this video although it finished; "
                "rewording the prompt or choosing another image may help.",
                provider_text="Video did not respect moderation rules.",
                retryable=False,
            ),
            **common,
        )
    url = video.get("url")
    if url is None or url == "":
        return Status(
            phase=Phase.FAILED,
            failure=Failure(
                kind=FailureKind.PROVIDER,
                code="no_video_url",
                message=f"{LABEL} reported the video done but sent no link to it.",
                provider_text=_text(body, 300),
                retryable=True,
            ),
            **common,
        )
    if not isinstance(url, str) or urlsplit(url.strip()).scheme not in ("https", "http"):
        raise ProtocolError(
            f"{LABEL} sent a video link Workbench cannot download",
            provider_text=_text(url, 120),
        )
    asset = Asset(url=url.strip(), auth=False, signed=True, mime_type="video/mp4")
    return Status(phase=Phase.SUCCEEDED, progress=1.0, assets=(asset,), **common)


def _error_of(body: dict[str, Any]) -> tuple[str, str]:
    """``(code, message)`` of a failed job from ``error`` (object or text) or the top level."""
    error = body.get("error")
    if isinstance(error, dict):
        return _text(error.get("code"), 100), _text(error.get("message") or error.get("error"))
    if isinstance(error, str):
        return _text(body.get("code"), 100), _text(error)
    return _text(body.get("code"), 100), _text(body.get("message"))


# -- requests -----------------------------------------------------------------------------
def audio_switch(request: DrawRequest) -> bool | None:
    """The ``generate_audio`` value to send, or None to leave the field out.

    The REST spelling is UNVERIFIED, so the field is sent only when asked for: a creator's
    explicit ``options["generate_audio"]``, or ``audio=True``. Otherwise xAI's default
    applies (sound on, per its SDK).
    """
    explicit = request.spec.options.get("generate_audio")
    if isinstance(explicit, bool):
        return explicit
    return True if request.spec.audio else None


def build_body(request: DrawRequest, first_frame: str | None) -> dict[str, Any]:
    """The JSON body of ``POST /videos/generations`` for a resolved draw.

    Args:
        request: the draw (spec already resolved to this model's defaults).
        first_frame: the first frame as a ``data:`` URL, or None for text-to-video.
    """
    spec = request.spec
    body: dict[str, Any] = {"model": request.model, "prompt": spec.prompt}
    if first_frame is not None:
        body["image"] = {"url": first_frame}
    if spec.duration is not None:
        body["duration"] = int(spec.duration)  # integer seconds, not "8" or "8s"
    if spec.aspect is not None:
        body["aspect_ratio"] = spec.aspect
    if spec.resolution is not None:
        body["resolution"] = spec.resolution
    audio = audio_switch(request)
    if audio is not None:
        body["generate_audio"] = audio
    # No seed (the API has none) and no caller id (the API takes none).
    return body
