"""Runway's declaration: the capabilities derived from each model's wire description.

Source of truth is ``shared/providers.md`` §5, read from the ``runwayml`` 5.24.0 SDK's
TypedDicts; the ``ratio`` tables and per-model fields are in :mod:`.ratios`.

Prices are credits per second at $0.01 a credit ("Checked 2026-11": gen4.5 12, gen4_turbo
5, veo3.1 with audio 40, veo3.1_fast 15 with audio / 10 silent, seedance2 36 at 480p/720p).
Facts still UNVERIFIED (and third-party facts about the resold models) are kept, flagged
in ``notes`` and in ``PriceRule.verified=False``.
"""

from __future__ import annotations

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    ProviderInfo,
    SeedSupport,
)
from workbench.providers import catalogue
from workbench.providers.runway.ratios import NOT_OFFERED, WIRE, WireModel

#: Runway's API host; one global host, no regions.
BASE_URL = "https://api.dev.runwayml.com"
#: The ``X-Runway-Version`` the SDK 5.24.0 sends; the API refuses requests without one.
API_VERSION = "2024-11-06"
#: Price of one credit in USD ("Checked 2026-11": docs.dev.runwayml.com/guides/pricing).
USD_PER_CREDIT = 0.01
#: Largest encoded ``data:`` URI Runway accepts: "under 5MB (1024 × 1024 × 5 bytes)".
DATA_URI_MAX_BYTES = 5 * 1024 * 1024
#: Image types a data URI may carry.
IMAGE_FORMATS = ("png", "jpeg", "webp")

# The SDK polls every 6 s (± jitter) with a 10 min timeout; renders take about a minute.
_POLLING = PollingHint(
    first_poll_s=6.0, interval_s=6.0, max_interval_s=15.0, typical_render_s=60.0, deadline_s=1200
)
# 0–4294967295 ("Checked 2026-11").
_SEED_UINT32 = SeedSupport(supported=True, minimum=0, maximum=2**32 - 1, echoed=False)
# Seedance's own API takes 0–2^31−1; Runway resells it, so the narrower range is the safe one.
_SEED_INT31 = SeedSupport(supported=True, minimum=0, maximum=2**31 - 1, echoed=False)
_NO_SEED = SeedSupport(supported=False)


def _aspects(wire: WireModel) -> tuple[str, ...]:
    keys = [*wire.t2v, *wire.i2v]
    return tuple(dict.fromkeys(a for a, _ in keys))


def _resolutions(wire: WireModel) -> tuple[str, ...]:
    keys = [*wire.t2v, *wire.i2v]
    return tuple(dict.fromkeys(r for _, r in keys))


_CHECKED = "docs.dev.runwayml.com/guides/pricing (providers.md Checked 2026-11)"


def _price(wire: WireModel, source: str, *, verified: bool = False) -> PriceRule:
    audio = {"*": round(wire.credits_per_s_audio * USD_PER_CREDIT, 4)}
    return PriceRule(
        usd=round(wire.credits_per_s * USD_PER_CREDIT, 4),
        audio_usd=audio if wire.credits_per_s_audio else {},
        verified=verified,
        source=source + "; 1 credit = $0.01",
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
    price_verified: bool = False,
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
        price=_price(wire, price_source, verified=price_verified),
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
        price_source="12 credits/s, " + _CHECKED,
        price_verified=True,
        notes="Text: 16:9 or 9:16 at 720p. From an image also 4:3, 1:1, 3:4 and 21:9.",
    ),
    _caps(
        "gen4_turbo",
        "Gen-4 Turbo (image only)",
        tuple(range(2, 11)),
        5,
        seed=_SEED_UINT32,
        price_source="5 credits/s, " + _CHECKED,
        price_verified=True,
        notes="Needs a first frame. Durations 2–10 s in whole seconds.",
    ),
    _caps(
        "veo3.1",
        "Veo 3.1 (via Runway)",
        (4, 6, 8),
        8,
        seed=_SEED_UINT32,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        price_source="40 credits/s with audio, " + _CHECKED + "; silent 20 credits/s is from "
        "memory (UNVERIFIED)",
    ),
    _caps(
        "veo3.1_fast",
        "Veo 3.1 Fast (via Runway)",
        (4, 6, 8),
        8,
        seed=_SEED_UINT32,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        price_source="10 credits/s silent, 15 with audio, " + _CHECKED,
        price_verified=True,
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
        price_source="36 credits/s at 480p/720p, " + _CHECKED + "; 1080p and 4k cost more "
        "and are estimated at the same rate (UNVERIFIED)",
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

CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="runway",
    label="Runway",
    models=CATALOGUE.apply(MODELS),
    default_model="gen4.5",
    credential_env={"api_key": ("RUNWAYML_API_SECRET",)},
    needs_key=True,
    default_base_url=BASE_URL,
    regions={},
    lookup_by_client_ref=False,
    can_cancel=True,
    default_concurrency=2,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes="Runway's developer API (api.dev.runwayml.com), billed in credits. Also resells "
    "Veo, Kling, Seedance and Grok Imagine. Busy accounts see jobs wait as 'throttled'. "
    "Not offered yet: " + ", ".join(sorted(NOT_OFFERED)) + ".",
)
