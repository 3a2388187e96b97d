"""What the creator asks for: the generation spec, its images and the seed policy."""

from __future__ import annotations

import enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Largest seed any service here accepts (uint32); adapters narrow it per model.
SEED_MAX = 2**32 - 1


class SeedPolicyKind(enum.StrEnum):
    """How seeds are chosen for the draws of a run."""

    RANDOM = "random"
    FIXED = "fixed"
    SEQUENCE = "sequence"


class SeedPolicy(BaseModel):
    """Seed policy: random per draw, one fixed seed for every draw, or ``start, start+1, …``."""

    model_config = ConfigDict(frozen=True)

    kind: SeedPolicyKind = SeedPolicyKind.RANDOM
    value: int | None = Field(default=None, ge=0, le=SEED_MAX)

    @model_validator(mode="after")
    def _value_matches_kind(self) -> SeedPolicy:
        if self.kind is SeedPolicyKind.RANDOM and self.value is not None:
            raise ValueError("a random seed policy takes no seed value")
        if self.kind is not SeedPolicyKind.RANDOM and self.value is None:
            raise ValueError(f"the {self.kind.value} seed policy needs a starting seed")
        return self

    def describe(self) -> str:
        """Short human form, e.g. ``sequence from 100``."""
        if self.kind is SeedPolicyKind.RANDOM:
            return "random"
        if self.kind is SeedPolicyKind.FIXED:
            return f"fixed {self.value}"
        return f"sequence from {self.value}"


class ImageInput(BaseModel):
    """A local image used as first frame, last frame or reference.

    The engine fills in ``width``/``height``/``format``/``bytes`` by opening the file, so
    adapters can check size and format limits without touching the disk.
    """

    model_config = ConfigDict(frozen=True)

    path: str
    format: str = ""
    width: int = 0
    height: int = 0
    bytes: int = 0

    @property
    def mime_type(self) -> str:
        """MIME type for the probed format (``image/png`` …)."""
        return {
            "jpeg": "image/jpeg",
            "jpg": "image/jpeg",
            "png": "image/png",
            "webp": "image/webp",
        }.get(self.format.lower(), "application/octet-stream")


class GenerationSpec(BaseModel):
    """One prompt's request, the same for every provider in a run.

    Duration, aspect, resolution and audio may be left open (``None``); each target then
    uses its model's default (see ``ModelCapabilities.resolve``).

    ``options`` carries service-specific switches (``watermark``, ``camera_fixed``,
    Kling ``mode`` …) that adapters read by name and ignore otherwise.
    """

    model_config = ConfigDict(frozen=True)

    prompt: str
    negative_prompt: str | None = None
    # None means "this model's default"; the planner resolves them per target, so an
    # adapter always receives concrete values.
    # Only a floor here: which lengths exist is each model's business (the planner says,
    # per model, "duration: 999 s is not offered by sim-fast; choose 2–8 s").
    duration: int | None = Field(default=None, ge=1)
    aspect: str | None = None
    resolution: str | None = None
    audio: bool | None = None
    seed_policy: SeedPolicy = SeedPolicy()
    first_frame: ImageInput | None = None
    last_frame: ImageInput | None = None
    reference_images: tuple[ImageInput, ...] = ()
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("prompt")
    @classmethod
    def _prompt_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("the prompt is empty")
        return value

    @field_validator("negative_prompt")
    @classmethod
    def _blank_negative_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _last_frame_needs_first(self) -> GenerationSpec:
        if self.last_frame is not None and self.first_frame is None:
            raise ValueError("a last frame needs a first frame as well")
        return self

    @property
    def mode(self) -> str:
        """``image`` when a first frame is given, else ``text``."""
        return "image" if self.first_frame is not None else "text"


class DrawRequest(BaseModel):
    """One draw as an adapter receives it: the spec, the model, the concrete seed.

    ``client_ref`` is our own id for the draw; adapters whose service accepts a caller id
    (Kling ``external_task_id``, ComfyUI ``prompt_id``) send it so a lost submit can be
    looked up instead of sent again.
    """

    model_config = ConfigDict(frozen=True)

    spec: GenerationSpec
    model: str
    seed: int | None = None
    client_ref: str
