"""What each provider and model can do, what it costs, and how it wants to be polled.

Also each model's life cycle (available, deprecated, retired) and each service's billing
policy for failed draws, so a creator never pays for a draw the app could have known would
fail, and sees which draws were charged.
"""

from __future__ import annotations

import datetime
import enum

from pydantic import BaseModel, ConfigDict, Field

from workbench.domain.geometry import frame_size
from workbench.domain.problems import Problem
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
    replaces it when audio is on (services that charge more for sound); ``image_usd`` is
    added per input image (first frame, last frame, references). ``verified`` is False when
    ``providers.md`` marks the price UNVERIFIED.

    A service that bills in another currency (Volcengine: CNY) keeps its own tariff in
    ``currency`` / ``native`` / ``native_audio`` (per unit, keyed by resolution or ``*``);
    the USD fields then hold the estimate's conversion, said in ``source``.
    """

    model_config = ConfigDict(frozen=True)

    unit: PriceUnit = PriceUnit.SECOND
    usd: float = 0.0
    by_resolution: dict[str, float] = Field(default_factory=dict)
    audio_usd: dict[str, float] = Field(default_factory=dict)
    image_usd: float = 0.0
    fps: int = 24
    verified: bool = False
    source: str = ""
    currency: str = "USD"
    native: dict[str, float] = Field(default_factory=dict)
    native_audio: dict[str, float] = Field(default_factory=dict)

    def rate(self, resolution: str, audio: bool) -> float:
        """USD per unit for a resolution, with or without sound."""
        rate = self.by_resolution.get(resolution, self.usd)
        if audio and self.audio_usd:
            rate = self.audio_usd.get(resolution, self.audio_usd.get("*", rate))
        return rate

    def native_rate(self, resolution: str, audio: bool) -> float | None:
        """Rate per unit in the billing currency (None when only USD is known)."""
        table = self.native_audio if audio and self.native_audio else self.native
        return table.get(resolution, table.get("*"))

    def units(self, spec: GenerationSpec) -> float:
        """How many price units one draw of a resolved spec uses."""
        if self.unit is PriceUnit.CLIP:
            return 1.0
        seconds = spec.duration or 0
        if self.unit is PriceUnit.KTOKENS:
            width, height = frame_size(spec.resolution or "", spec.aspect or "16:9")
            return width * height * self.fps * seconds / 1024 / 1000
        return float(seconds)

    def estimate(self, spec: GenerationSpec) -> float:
        """Estimated USD for one draw of a resolved spec."""
        rate = self.rate(spec.resolution or "", bool(spec.audio))
        images = len(spec.reference_images) + (spec.first_frame is not None)
        images += spec.last_frame is not None
        return round(rate * self.units(spec) + self.image_usd * images, 4)

    def describe(self) -> str:
        """The price basis in one line (``$0.10/s; 1080p $0.12/s; audio $0.15/s``)."""
        # Token prices read best per million tokens, as vendors publish them.
        scale = 1000 if self.unit is PriceUnit.KTOKENS else 1
        per = {PriceUnit.SECOND: "/s", PriceUnit.CLIP: "/clip", PriceUnit.KTOKENS: "/M tokens"}[
            self.unit
        ]

        def money(symbol: str, value: float) -> str:
            return f"{symbol}{round(value * scale, 6):g}{per}"

        if self.native:
            sym = "¥" if self.currency == "CNY" else f"{self.currency} "
            parts = [money(sym, v) + _where(k) for k, v in self.native.items()]
            parts += [f"audio {money(sym, v)}" + _where(k) for k, v in self.native_audio.items()]
        else:
            parts = [money("$", self.usd)]
            parts += [
                f"{k} {money('$', v)}" for k, v in self.by_resolution.items() if v != self.usd
            ]
            parts += [f"audio {money('$', v)}" + _where(k) for k, v in self.audio_usd.items()]
        if self.image_usd:
            parts.append(f"+${self.image_usd:g} per input image")
        return "; ".join(parts) + ("" if self.verified else " (unverified)")


def _where(key: str) -> str:
    return "" if key == "*" else f" at {key}"


class ModelStatus(enum.StrEnum):
    """Where a model stands in its service's life cycle."""

    AVAILABLE = "available"
    DEPRECATED = "deprecated"  # still served; may go on or after ``Lifecycle.date``
    RETIRED = "retired"  # shut down on ``Lifecycle.date``; the service refuses it


class Lifecycle(BaseModel):
    """A model's life-cycle status, kept as data in each service's catalogue file.

    ``date`` is the day a deprecated model may go, or the day a retired one went;
    ``replacement`` is the model to choose instead (None when the service names none).
    """

    model_config = ConfigDict(frozen=True)

    status: ModelStatus = ModelStatus.AVAILABLE
    date: datetime.date | None = None
    replacement: str | None = None
    source: str = ""
    note: str = ""

    def describe(self) -> str:
        """``available``, ``deprecated (may go on or after 2026-11-17)``, ``retired …``."""
        if self.status is ModelStatus.AVAILABLE:
            return "available"
        when = f" on {self.date.isoformat()}" if self.date else ""
        if self.status is ModelStatus.DEPRECATED:
            text = "deprecated"
            if self.date:
                text += f" (may go on or after {self.date.isoformat()})"
        else:
            text = f"retired{when}"
        if self.replacement:
            text += f"; use {self.replacement}"
        return text

    def problem(self, model_id: str, label: str) -> Problem | None:
        """The refusal for a retired model, naming the replacement (None otherwise)."""
        if self.status is not ModelStatus.RETIRED:
            return None
        when = f" on {self.date.isoformat()}" if self.date else ""
        if self.replacement:
            advice = f"choose {self.replacement} instead"
        else:
            advice = f"{label} names no replacement; choose another model or service"
        return Problem(
            code="model_retired",
            field="model",
            allowed=(self.replacement,) if self.replacement else (),
            message=f"{label} retired {model_id}{when}, so a draw would fail; {advice}",
        )

    def warning(self, model_id: str, label: str) -> Problem | None:
        """A warning (not a refusal) for a deprecated model."""
        if self.status is not ModelStatus.DEPRECATED:
            return None
        when = f" on or after {self.date.isoformat()}" if self.date else " soon"
        advice = f"; consider {self.replacement}" if self.replacement else ""
        return Problem(
            code="model_deprecated",
            field="model",
            allowed=(self.replacement,) if self.replacement else (),
            message=f"{label} has deprecated {model_id}; it may stop working{when}{advice}",
        )


class Charged(enum.StrEnum):
    """Whether a service bills a draw that failed."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class BillingPolicy(BaseModel):
    """What a service does about failed draws, and where that is written."""

    model_config = ConfigDict(frozen=True)

    failed_draws: Charged = Charged.UNKNOWN
    source: str = ""

    def charged_if_failed(self) -> bool | None:
        """True, False, or None (unknown) for a draw that ended without a video."""
        return {Charged.YES: True, Charged.NO: False, Charged.UNKNOWN: None}[self.failed_draws]

    def describe(self) -> str:
        """``failed draws: not charged (source)``."""
        words = {Charged.YES: "charged", Charged.NO: "not charged", Charged.UNKNOWN: "unknown"}
        text = f"failed draws: {words[self.failed_draws]}"
        return f"{text} ({self.source})" if self.source else text


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
    lifecycle: Lifecycle = Lifecycle()
    notes: str = ""

    @property
    def retired(self) -> bool:
        """True once the service has shut this model down."""
        return self.lifecycle.status is ModelStatus.RETIRED

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
    #: what the service does about failed draws (Kling and Seedance bill successes only)
    billing: BillingPolicy = BillingPolicy()
    #: the day the model catalogue (life cycle) was last checked against the vendor
    catalogue_checked: datetime.date | None = None
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
        """Ids of every model one can still choose (retired ones left out), default first."""
        ids = [m.id for m in self.models if not m.retired]
        ids.sort(key=lambda i: i != self.default_model)
        return tuple(ids)
