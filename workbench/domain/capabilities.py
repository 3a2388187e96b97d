"""What each provider and model can do, what it costs, and how it wants to be polled."""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict, Field

from workbench.domain.geometry import frame_size
from workbench.domain.spec import GenerationSpec


class AudioSupport(enum.StrEnum):
    """Whether a model can make sound."""

    NONE = "none"
    OPTIONAL = "optional"
    ALWAYS = "always"


class SeedSupport(BaseModel):
    """Seed range a model accepts; ``echoed`` when the service reports the seed it used."""

    model_config = ConfigDict(frozen=True)

    supported: bool = False
    minimum: int = 0
    maximum: int = 2**31 - 1
    echoed: bool = False


class PriceUnit(enum.StrEnum):
    """What a price is counted in."""

    SECOND = "second"
    CLIP = "clip"
    KTOKENS = "ktokens"  # Seedance: usage.completion_tokens / 1000 × price


class PriceRule(BaseModel):
    """List price of one draw, used for the estimate shown before anything is sent.

    ``usd`` is per unit; ``by_resolution`` overrides it for a resolution; ``audio_usd``
    replaces it when audio is on (services that charge more for sound). ``verified`` is
    False when ``providers.md`` marks the price UNVERIFIED.
    """

    model_config = ConfigDict(frozen=True)

    unit: PriceUnit = PriceUnit.SECOND
    usd: float = 0.0
    by_resolution: dict[str, float] = Field(default_factory=dict)
    audio_usd: dict[str, float] = Field(default_factory=dict)
    fps: int = 24
    verified: bool = False
    source: str = ""

    def estimate(self, spec: GenerationSpec) -> float:
        """Estimated USD for one draw of a resolved spec."""
        resolution = spec.resolution or ""
        rate = self.by_resolution.get(resolution, self.usd)
        if spec.audio and self.audio_usd:
            rate = self.audio_usd.get(resolution, self.audio_usd.get("*", rate))
        seconds = spec.duration or 0
        if self.unit is PriceUnit.CLIP:
            return round(rate, 4)
        if self.unit is PriceUnit.KTOKENS:
            width, height = frame_size(resolution, spec.aspect or "16:9")
            tokens = width * height * self.fps * seconds / 1024
            return round(tokens / 1000 * rate, 4)
        return round(rate * seconds, 4)


class PollingHint(BaseModel):
    """How a service likes to be polled, before Workbench has learned its render times."""

    model_config = ConfigDict(frozen=True)

    first_poll_s: float = 5.0
    interval_s: float = 5.0
    max_interval_s: float = 30.0
    typical_render_s: float = 90.0
    deadline_s: float = 30 * 60


class ModelCapabilities(BaseModel):
    """Everything validation, cost estimate and polling need to know about one model."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str = ""
    text_to_video: bool = True
    image_to_video: bool = True
    durations: tuple[int, ...] = (5,)
    aspects: tuple[str, ...] = ("16:9",)
    resolutions: tuple[str, ...] = ("720p",)
    default_duration: int | None = None
    default_aspect: str | None = None
    default_resolution: str | None = None
    seed: SeedSupport = SeedSupport()
    last_frame: bool = False
    reference_images: int = 0
    image_formats: tuple[str, ...] = ("png", "jpeg", "webp")
    image_max_bytes: int | None = None
    image_min_px: int | None = None
    image_ratio_range: tuple[float, float] | None = None
    audio: AudioSupport = AudioSupport.NONE
    negative_prompt: bool = False
    prompt_max_chars: int = 2000
    prompt_length_unit: str = "chars"  # or "utf16" (Runway counts UTF-16 code units)
    price: PriceRule = PriceRule()
    polling: PollingHint = PollingHint()
    notes: str = ""

    def resolve(self, spec: GenerationSpec) -> GenerationSpec:
        """Fill the spec's open choices with this model's defaults."""
        return spec.model_copy(
            update={
                "duration": spec.duration
                if spec.duration is not None
                else (self.default_duration or self.durations[0]),
                "aspect": spec.aspect or self.default_aspect or self.aspects[0],
                "resolution": spec.resolution or self.default_resolution or self.resolutions[0],
                "audio": spec.audio
                if spec.audio is not None
                else self.audio is AudioSupport.ALWAYS,
            }
        )

    def estimate_usd(self, spec: GenerationSpec) -> float:
        """Estimated USD of one draw (``spec`` resolved or not)."""
        return self.price.estimate(self.resolve(spec))


class ProviderInfo(BaseModel):
    """A provider's cheap declaration: importable and usable without any network."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    models: tuple[ModelCapabilities, ...]
    default_model: str
    #: credential name → environment variables the vendor's own SDK reads, in order.
    credential_env: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    needs_key: bool = True
    default_base_url: str = ""
    regions: dict[str, str] = Field(default_factory=dict)
    lookup_by_client_ref: bool = False
    can_cancel: bool = False
    default_concurrency: int = 2
    notes: str = ""

    def model(self, model_id: str | None) -> ModelCapabilities | None:
        """The model with this id (or the default model for ``None``)."""
        wanted = model_id or self.default_model
        return next((m for m in self.models if m.id == wanted), None)

    @property
    def env_keys(self) -> tuple[str, ...]:
        """Every environment variable that can hold this provider's key."""
        return tuple(name for names in self.credential_env.values() for name in names)

    @property
    def model_ids(self) -> tuple[str, ...]:
        """Ids of every model, default first."""
        ids = [m.id for m in self.models]
        ids.sort(key=lambda i: i != self.default_model)
        return tuple(ids)
