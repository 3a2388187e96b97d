"""Takes (delivered clips) and the creator's judgement of them."""

from __future__ import annotations

import enum
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FailureReason(enum.StrEnum):
    """One-click chips for why a take is not a keeper."""

    HANDS = "hands"
    FACE = "face"
    PHYSICS = "physics"
    CAMERA = "camera"
    TEXT = "text"
    OFF_PROMPT = "off-prompt"
    STYLE = "style"
    ARTEFACTS = "artefacts"
    OTHER = "other"


class ClipInfo(BaseModel):
    """What a probe of the clip file found."""

    model_config = ConfigDict(frozen=True)

    duration: float
    width: int
    height: int
    fps: float
    codec: str
    audio: bool
    container: str = "mp4"


class Take(BaseModel):
    """A delivered clip and what the creator thinks of it."""

    model_config = ConfigDict(frozen=True)

    id: int
    job_id: int
    sha256: str
    path: str
    poster: str | None
    bytes: int
    clip: ClipInfo
    rating: int | None = Field(default=None, ge=1, le=5)
    favourite: bool = False
    tags: tuple[str, ...] = ()
    reasons: tuple[FailureReason, ...] = ()
    notes: tuple[str, ...] = ()


RATING_RANGE = range(1, 6)
_TAG = re.compile(r"^[^\s,][^,]{0,47}$")


def check_rating(value: int) -> int:
    """Ratings are whole stars 1–5."""
    if value not in RATING_RANGE:
        raise ValueError(f"a rating is 1 to 5 stars, not {value}")
    return value


def normalise_tag(tag: str) -> str:
    """Tags are trimmed, lower-cased, up to 48 characters, without commas."""
    clean = " ".join(tag.split()).lower()
    if not _TAG.match(clean):
        raise ValueError(f"tag {tag!r} must be 1–48 characters with no commas")
    return clean


def parse_reason(chip: str) -> FailureReason:
    """A chip by name (``hands``, ``off-prompt``, ``artifacts`` also accepted)."""
    key = chip.strip().lower().replace("_", "-")
    key = {"artifacts": "artefacts", "offprompt": "off-prompt", "faces": "face"}.get(key, key)
    try:
        return FailureReason(key)
    except ValueError:
        allowed = ", ".join(r.value for r in FailureReason)
        raise ValueError(f"no reason chip {chip!r}; choose {allowed}") from None


class Note(BaseModel):
    """A free-text note on a take."""

    model_config = ConfigDict(frozen=True)

    take_id: int
    text: str
    created_at: float

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the note is empty")
        return value.strip()
