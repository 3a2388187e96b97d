"""Pieces the three Google protocols share: shape checks, google.rpc errors, images.

Every parser in this package goes through the small getters here, so an answer of the
wrong shape becomes a :class:`ProtocolError` in words and never a ``KeyError`` or
``TypeError`` half-way through.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import ImageInput
from workbench.providers.errors import ProtocolError
from workbench.providers.images import image_mime, load_image, raw_base64

LABEL = "Google Veo"

#: google.rpc.Code numbers → names (googleapis/google/rpc/code.proto).
RPC_NAMES: dict[int, str] = {
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}
_KIND_BY_NAME: dict[str, FailureKind] = {
    "INVALID_ARGUMENT": FailureKind.INVALID,
    "FAILED_PRECONDITION": FailureKind.INVALID,
    "OUT_OF_RANGE": FailureKind.INVALID,
    "PERMISSION_DENIED": FailureKind.AUTH,
    "UNAUTHENTICATED": FailureKind.AUTH,
    "RESOURCE_EXHAUSTED": FailureKind.QUOTA,
}
#: Worth another draw: the service was busy or broke, not the request.
_RETRYABLE = frozenset(
    {"RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "ABORTED", "INTERNAL", "UNAVAILABLE", "UNKNOWN"}
)
_PLAIN: dict[FailureKind, str] = {
    FailureKind.MODERATION: "Google's safety filters blocked this clip; rewording the prompt or "
    "choosing another image may help.",
    FailureKind.QUOTA: "Google's quota for this project is used up for now; wait and try again, "
    "or raise the quota.",
    FailureKind.AUTH: "Google refused this job for the key or account in use.",
    FailureKind.INVALID: "Google rejected the request's settings.",
    FailureKind.PROVIDER: "Google failed to make this clip.",
}
# Vertex and the Gemini API report prompt/image safety blocks as INVALID_ARGUMENT with
# sentences like "… violate Google's Responsible AI practices … Support codes: …" or
# "… against our usage guidelines"; there is no separate code, so the words decide.
_MODERATION = re.compile(
    r"responsible ai|usage guidelines|sensitive words|safety|content polic|violat|\brai\b",
    re.IGNORECASE,
)


def looks_like_moderation(text: str) -> bool:
    """True when Google's own text says a safety filter refused the content."""
    return bool(_MODERATION.search(text))


def rpc_name(code: Any, status: Any = None) -> str:
    """The google.rpc code name from a numeric ``code`` or a ``status`` string."""
    if isinstance(code, int) and not isinstance(code, bool):
        return RPC_NAMES.get(code, str(code))
    if isinstance(code, str) and code:
        return code
    return status if isinstance(status, str) else ""


def rpc_failure(error: dict[str, Any], *, fallback: str = "") -> Failure:
    """A google.rpc.Status (``{"code", "message", "status"?}``) as a classified failure."""
    text = error.get("message")
    text = text if isinstance(text, str) and text else fallback
    name = rpc_name(error.get("code"), error.get("status"))
    if looks_like_moderation(text):
        kind = FailureKind.MODERATION
    else:
        kind = _KIND_BY_NAME.get(name.upper(), FailureKind.PROVIDER)
    return Failure(
        kind=kind,
        message=_PLAIN[kind],
        provider_text=text[:500],
        code=name,
        retryable=kind is not FailureKind.MODERATION and name.upper() in _RETRYABLE,
    )


def failure(kind: FailureKind, provider_text: str = "", code: str = "", **kw: Any) -> Failure:
    """A failure with this package's plain words for its kind (``message=`` overrides)."""
    values: dict[str, Any] = {"message": _PLAIN.get(kind, ""), "retryable": False, **kw}
    return Failure(kind=kind, provider_text=provider_text[:500], code=code, **values)


# -- shape checks ----------------------------------------------------------------------------
def as_object(value: Any, where: str) -> dict[str, Any]:
    """``value`` as a JSON object, else a :class:`ProtocolError` naming ``where``."""
    if not isinstance(value, dict):
        raise ProtocolError(
            f"{LABEL} answered with {where} that is not a JSON object",
            provider_text=repr(value)[:200],
        )
    return value


def opt_object(parent: dict[str, Any], key: str, where: str) -> dict[str, Any] | None:
    """An optional object member (absent or null → None)."""
    value = parent.get(key)
    return None if value is None else as_object(value, f"{where}.{key}")


def opt_list(parent: dict[str, Any], key: str, where: str) -> list[Any]:
    """An optional array member (absent or null → empty)."""
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProtocolError(f"{LABEL} answered with {where}.{key} that is not a list")
    return value


def opt_str(parent: dict[str, Any], key: str, where: str) -> str | None:
    """An optional string member (absent or null → None)."""
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProtocolError(f"{LABEL} answered with {where}.{key} that is not text")
    return value


def opt_bool(parent: dict[str, Any], key: str, where: str) -> bool:
    """An optional boolean member (absent or null → False)."""
    value = parent.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ProtocolError(f"{LABEL} answered with {where}.{key} that is not true/false")
    return value


def decode_video(data: str, where: str) -> bytes:
    """Inline base64 video bytes."""
    try:
        return base64.b64decode(data, validate=True)
    except ValueError:  # binascii.Error, and non-ASCII text
        raise ProtocolError(f"{LABEL} answered with {where} that is not valid base64") from None


def text_list(values: list[Any]) -> list[str]:
    """Reasons and messages as text, whatever their JSON type."""
    return [v if isinstance(v, str) else repr(v) for v in values if v is not None]


# -- requests --------------------------------------------------------------------------------
def read_image(image: ImageInput, role: str) -> tuple[str, str]:
    """Base64 text and MIME type of a local image (blocking; call in a thread).

    Raises:
        ProviderRefused: the file cannot be read (INVALID, nothing was sent).
    """
    data = load_image(image, role)
    return raw_base64(data), image_mime(data, image.mime_type)
