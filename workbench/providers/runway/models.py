"""Runway's models: what each one accepts on the wire, and the capabilities derived from it.

Source of truth is ``shared/providers.md`` §5, read from the ``runwayml`` 5.24.0 SDK's
TypedDicts. Runway speaks in exact pixel ``ratio`` strings (``"1280:720"``) rather than an
aspect plus a resolution, so each model carries a table from Workbench's
``(aspect, resolution)`` pair to the string Runway wants, per endpoint: ``gen4.5`` takes
more ratios from an image than from text.

Facts marked UNVERIFIED in providers.md (and third-party facts about the resold models)
are kept, flagged in ``notes`` and in ``PriceRule.verified=False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    ProviderInfo,
    SeedSupport,
)

#: Runway's API host; one global host, no regions.
BASE_URL = "https://api.dev.runwayml.com"
#: The ``X-Runway-Version`` the SDK 5.24.0 sends; the API refuses requests without one.
API_VERSION = "2024-11-06"
#: Price of one credit in USD (UNVERIFIED, from memory per providers.md §5).
USD_PER_CREDIT = 0.01
#: Largest encoded ``data:`` URI Runway accepts: "under 5MB (1024 × 1024 × 5 bytes)".
DATA_URI_MAX_BYTES = 5 * 1024 * 1024
#: Image types a data URI may carry.
IMAGE_FORMATS = ("png", "jpeg", "webp")

Ratios = Mapping[tuple[str, str], str]

# The SDK polls every 6 s (± jitter) with a 10 min timeout; renders take about a minute.
_POLLING = PollingHint(
    first_poll_s=6.0, interval_s=6.0, max_interval_s=15.0, typical_render_s=60.0, deadline_s=1200
)
# "Older docs give a range of 0–4294967295 (UNVERIFIED)".
_SEED_UINT32 = SeedSupport(supported=True, minimum=0, maximum=2**32 - 1, echoed=False)
# Seedance's own API takes 0–2^31−1; Runway resells it, so the narrower range is the safe one.
_SEED_INT31 = SeedSupport(supported=True, minimum=0, maximum=2**31 - 1, echoed=False)
_NO_SEED = SeedSupport(supported=False)


@dataclass(frozen=True)
class WireModel:
    """How one Runway model is addressed on the wire (what the capabilities cannot say).

    Attributes:
        id: Runway's ``model`` value.
        t2v: ``(aspect, resolution)`` → ``ratio`` for ``POST /v1/text_to_video``; empty when
            the model makes video from an image only.
        i2v: the same for ``POST /v1/image_to_video``; empty when it takes no image.
        i2v_ratio: whether ``ratio`` is sent with an image (the resold Kling and Seedance
            models take the frame's shape and refuse the field — third-party, UNVERIFIED).
        seed: sends ``seed``.
        audio: sends ``audio`` (bool).
        negative_prompt: sends ``negativePrompt``.
        content_moderation: sends ``contentModeration.publicFigureThreshold``.
        resolution_field: ``ratio`` is an aspect like ``16:9`` and ``resolution`` is sent
            separately (the resold Grok Imagine).
        credits_per_s: list price in credits per second of video.
        credits_per_s_audio: the same with audio on (0 = no surcharge).
    """

    id: str
    t2v: Ratios
    i2v: Ratios
    i2v_ratio: bool = True
    seed: bool = False
    audio: bool = False
    negative_prompt: bool = False
    content_moderation: bool = False
    resolution_field: bool = False
    credits_per_s: float = 0.0
    credits_per_s_audio: float = 0.0

    def ratios(self, mode: str) -> Ratios:
        """The ratio table for ``"text"`` or ``"image"`` mode."""
        return self.i2v if mode == "image" else self.t2v

    def ratio(self, mode: str, aspect: str, resolution: str) -> str | None:
        """Runway's ``ratio`` string for a spec, or None when the model lacks it."""
        return self.ratios(mode).get((aspect, resolution))


_GEN_T2V: Ratios = {("16:9", "720p"): "1280:720", ("9:16", "720p"): "720:1280"}
# The four extra image-to-video sizes all hold about 720p's pixel count.
_GEN_I2V: Ratios = {
    **_GEN_T2V,
    ("4:3", "720p"): "1104:832",
    ("1:1", "720p"): "960:960",
    ("3:4", "720p"): "832:1104",
    ("21:9", "720p"): "1584:672",
}
_VEO: Ratios = {
    ("16:9", "720p"): "1280:720",
    ("9:16", "720p"): "720:1280",
    ("16:9", "1080p"): "1920:1080",
    ("9:16", "1080p"): "1080:1920",
}
# Third-party (a client repo listing Runway's ratios for kling3.0_pro), UNVERIFIED.
_KLING3: Ratios = {
    ("16:9", "1080p"): "1920:1080",
    ("9:16", "1080p"): "1080:1920",
    ("1:1", "1080p"): "1440:1440",
}
_KLING25: Ratios = {("16:9", "1080p"): "1920:1080", ("9:16", "1080p"): "1080:1920"}


def _sizes() -> Ratios:
    """Seedance 2's 24 exact sizes, as quoted from Runway's own validation error (3p)."""
    rows = {
        "480p": ("992:432", "864:496", "752:560", "640:640", "560:752", "496:864"),
        "720p": ("1470:630", "1280:720", "1112:834", "960:960", "834:1112", "720:1280"),
        "1080p": ("2206:946", "1920:1080", "1664:1248", "1440:1440", "1248:1664", "1080:1920"),
        "4k": ("3840:1646", "3840:2160", "3840:2880", "3840:3840", "2880:3840", "2160:3840"),
    }
    aspects = ("21:9", "16:9", "4:3", "1:1", "3:4", "9:16")
    return {
        (a, res): size
        for res, sizes in rows.items()
        for a, size in zip(aspects, sizes, strict=True)
    }


_SEEDANCE = _sizes()
_GROK_ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3")
_GROK: Ratios = {(a, r): a for r in ("480p", "720p", "1080p") for a in _GROK_ASPECTS}

WIRE: dict[str, WireModel] = {
    m.id: m
    for m in (
        WireModel(
            "gen4.5",
            _GEN_T2V,
            _GEN_I2V,
            seed=True,
            content_moderation=True,
            credits_per_s=12,
        ),
        WireModel("gen4_turbo", {}, _GEN_I2V, seed=True, content_moderation=True, credits_per_s=5),
        WireModel(
            "veo3.1",
            _VEO,
            _VEO,
            seed=True,
            audio=True,
            negative_prompt=True,
            credits_per_s=20,
            credits_per_s_audio=40,
        ),
        WireModel(
            "veo3.1_fast",
            _VEO,
            _VEO,
            seed=True,
            audio=True,
            negative_prompt=True,
            credits_per_s=10,
            credits_per_s_audio=15,
        ),
        WireModel("kling3.0_pro", _KLING3, _KLING3, i2v_ratio=False, audio=True, credits_per_s=15),
        WireModel("kling2.5_turbo_pro", _KLING25, _KLING25, i2v_ratio=False, credits_per_s=8),
        WireModel(
            "seedance2",
            _SEEDANCE,
            _SEEDANCE,
            i2v_ratio=False,
            seed=True,
            audio=True,
            credits_per_s=12,
        ),
        WireModel("grok_imagine_1_5", _GROK, _GROK, resolution_field=True, credits_per_s=5),
    )
}

#: Runway models Workbench knows of but does not offer, with the reason in words.
NOT_OFFERED: dict[str, str] = {
    **dict.fromkeys(
        (
            "kling3.0_standard",
            "kling3.0_4k",
            "klingO3_pro",
            "klingO3_standard",
            "klingO3_4k",
            "kling_4",
        ),
        "its sizes and durations on Runway are not documented well enough yet",
    ),
    **dict.fromkeys(
        ("seedance2_fast", "seedance2_mini", "seedance2_5", "grok_imagine_1_5_lite"),
        "its limits on Runway are not documented well enough yet",
    ),
    **dict.fromkeys(
        ("hailuo3", "h3_max", "wan3", "wan3_prime"),
        "it is sized with Runway-specific values Workbench does not map yet",
    ),
    **dict.fromkeys(
        ("gemini_omni_flash", "gemini_omni_flash_1.1", "happyhorse_1_0"),
        "its request shape is not documented in Workbench's reference yet",
    ),
    **dict.fromkeys(
        ("veo3", "gen4", "gen3a_turbo"),
        "it is an older model; use its newer sibling",
    ),
}


def _aspects(wire: WireModel) -> tuple[str, ...]:
    keys = [*wire.t2v, *wire.i2v]
    return tuple(dict.fromkeys(a for a, _ in keys))


def _resolutions(wire: WireModel) -> tuple[str, ...]:
    keys = [*wire.t2v, *wire.i2v]
    return tuple(dict.fromkeys(r for _, r in keys))


def _price(wire: WireModel, source: str) -> PriceRule:
    audio = {"*": round(wire.credits_per_s_audio * USD_PER_CREDIT, 4)}
    return PriceRule(
        usd=round(wire.credits_per_s * USD_PER_CREDIT, 4),
        audio_usd=audio if wire.credits_per_s_audio else {},
        verified=False,
        source=source + "; 1 credit = $0.01 (UNVERIFIED)",
    )


def _caps(
    model_id: str,
    label: str,
    durations: tuple[int, ...],
    default_duration: int,
    *,
    seed: SeedSupport = _NO_SEED,
    last_frame: bool = False,
    audio: AudioSupport = AudioSupport.NONE,
    price_source: str,
    notes: str = "",
) -> ModelCapabilities:
    wire = WIRE[model_id]
    aspects = _aspects(wire)
    resolutions = _resolutions(wire)
    return ModelCapabilities(
        id=model_id,
        label=label,
        text_to_video=bool(wire.t2v),
        image_to_video=bool(wire.i2v),
        durations=durations,
        aspects=aspects,
        resolutions=resolutions,
        default_duration=default_duration,
        default_aspect="16:9",
        default_resolution="720p" if "720p" in resolutions else resolutions[0],
        seed=seed,
        last_frame=last_frame,
        image_formats=IMAGE_FORMATS,
        # The real limit is on the encoded data URI (checked by the adapter); base64 makes
        # it about 3/4 of that for the file itself.
        image_max_bytes=None,
        audio=audio,
        negative_prompt=wire.negative_prompt,
        prompt_max_chars=1000,
        prompt_length_unit="utf16",
        price=_price(wire, price_source),
        polling=_POLLING,
        notes=notes,
    )


MODELS: tuple[ModelCapabilities, ...] = (
    _caps(
        "gen4.5",
        "Gen-4.5",
        tuple(range(2, 11)),
        5,
        seed=_SEED_UINT32,
        price_source="12 credits/s, third-party client code (UNVERIFIED)",
        notes="Text: 16:9 or 9:16 at 720p. From an image also 4:3, 1:1, 3:4 and 21:9.",
    ),
    _caps(
        "gen4_turbo",
        "Gen-4 Turbo (image only)",
        (5, 10),
        5,
        seed=_SEED_UINT32,
        price_source="5 credits/s, third-party client code (UNVERIFIED)",
        notes="Needs a first frame. Durations limited to 5 and 10 s, the values every SDK "
        "version accepted (providers.md only says 'int').",
    ),
    _caps(
        "veo3.1",
        "Veo 3.1 (via Runway)",
        (4, 6, 8),
        8,
        seed=_SEED_UINT32,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        price_source="20 credits/s, 40 with audio, from memory (UNVERIFIED)",
    ),
    _caps(
        "veo3.1_fast",
        "Veo 3.1 Fast (via Runway)",
        (4, 6, 8),
        8,
        seed=_SEED_UINT32,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        price_source="10 credits/s, 15 with audio, from memory (UNVERIFIED)",
    ),
    _caps(
        "kling3.0_pro",
        "Kling 3.0 Pro (via Runway)",
        tuple(range(3, 16)),
        5,
        audio=AudioSupport.OPTIONAL,
        price_source="placeholder estimate; Runway publishes no figure Workbench has checked",
        notes="Sizes are third-party and durations follow Kling's own 3–15 s (UNVERIFIED). "
        "From an image the clip takes the image's shape.",
    ),
    _caps(
        "kling2.5_turbo_pro",
        "Kling 2.5 Turbo Pro (via Runway)",
        (5, 10),
        5,
        price_source="about 8 credits/s, third-party client code (UNVERIFIED)",
        notes="Silent (Kling adds sound from 2.6 on). Sizes UNVERIFIED; from an image the "
        "clip takes the image's shape.",
    ),
    _caps(
        "seedance2",
        "Seedance 2 (via Runway)",
        tuple(range(4, 16)),
        5,
        seed=_SEED_INT31,
        audio=AudioSupport.OPTIONAL,
        price_source="placeholder estimate; Runway publishes no figure Workbench has checked",
        notes="24 exact sizes from 480p to 4k (third-party); durations follow Seedance 2.0's "
        "own 4–15 s (UNVERIFIED). From an image the clip takes the image's shape.",
    ),
    _caps(
        "grok_imagine_1_5",
        "Grok Imagine 1.5 (via Runway)",
        tuple(range(1, 16)),
        8,
        price_source="placeholder estimate; Runway publishes no figure Workbench has checked",
        notes="Durations follow xAI's own 1–15 s (UNVERIFIED on Runway).",
    ),
)

INFO = ProviderInfo(
    id="runway",
    label="Runway",
    models=MODELS,
    default_model="gen4.5",
    credential_env={"api_key": ("RUNWAYML_API_SECRET",)},
    needs_key=True,
    default_base_url=BASE_URL,
    regions={},
    lookup_by_client_ref=False,
    can_cancel=True,
    default_concurrency=2,
    notes="Runway's developer API (api.dev.runwayml.com), billed in credits. Also resells "
    "Veo, Kling, Seedance and Grok Imagine. Busy accounts see jobs wait as 'throttled'. "
    "Not offered yet: " + ", ".join(sorted(NOT_OFFERED)) + ".",
)
