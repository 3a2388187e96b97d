"""Kling's declaration: models, what each can do, what it costs, how to poll it.

Facts come from ``shared/providers.md`` §4 and its "Checked 2026-11" section, which fixed
the unit price ($0.14), kling-v3's and kling-v2-6's rates (audio is 1.5× silent on v3; 4K
is one rate with or without sound) and that failed videos deduct nothing. The other models'
rates are still the third-party catalog's (UNVERIFIED), or an analogy that says so.
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

#: Endpoint families; a task is polled on the family it was created on.
TEXT2VIDEO = "text2video"
IMAGE2VIDEO = "image2video"
FAMILIES = (TEXT2VIDEO, IMAGE2VIDEO)

#: ``mode`` follows the resolution: std is 720p, pro is 1080p, 4k exists on kling-v3 only.
MODE_FOR_RESOLUTION = {"720p": "std", "1080p": "pro", "4k": "4k"}

#: Models that take ``sound`` ("on"/"off"): v2.6 and later.
SOUND_MODELS = frozenset({"kling-v2-6", "kling-v3"})

#: Kling bills prepaid "units"; one unit is $0.14 ("Checked 2026-11").
USD_PER_UNIT = 0.14

PROMPT_MAX = 2500
IMAGE_MAX_BYTES = 10_000_000  # "≤10 MB"; the decimal reading is the stricter one
IMAGE_MIN_PX = 300
IMAGE_RATIO = (1 / 2.5, 2.5)

_ASPECTS = ("16:9", "9:16", "1:1")
_FIVE_TEN = (5, 10)
_CATALOG = "providers.md §4: third-party catalog citing kling.ai/document-api/pricing (UNVERIFIED)"
_CHECKED = "providers.md Checked 2026-11 (kling.ai/dev/pricing via third-party log; Comfy docs)"
_ANALOGY = "no price in providers.md; assumed like {0} (UNVERIFIED)"
# Kling's own SDK gives no poll cadence; renders take about two minutes.
_POLLING = PollingHint(
    first_poll_s=10.0,
    interval_s=10.0,
    max_interval_s=30.0,
    typical_render_s=120.0,
    deadline_s=30 * 60,
)
_SEED = SeedSupport(supported=False)  # Kling has no seed field at all


def _model(
    model_id: str,
    label: str,
    *,
    resolutions: tuple[str, ...] = ("720p", "1080p"),
    durations: tuple[int, ...] = _FIVE_TEN,
    text: bool = True,
    last_frame: bool = True,
    price: PriceRule,
    notes: str = "",
) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        text_to_video=text,
        image_to_video=True,
        durations=durations,
        aspects=_ASPECTS,
        resolutions=resolutions,
        default_duration=5,
        default_aspect="16:9",
        default_resolution=resolutions[0],
        seed=_SEED,
        last_frame=last_frame,
        reference_images=0,
        image_formats=("png", "jpeg"),
        image_max_bytes=IMAGE_MAX_BYTES,
        image_min_px=IMAGE_MIN_PX,
        image_ratio_range=IMAGE_RATIO,
        audio=AudioSupport.OPTIONAL if model_id in SOUND_MODELS else AudioSupport.NONE,
        negative_prompt=True,
        prompt_max_chars=PROMPT_MAX,
        price=price,
        polling=_POLLING,
        notes=notes,
    )


def _rates(
    sd: float, hd: float, source: str, audio_usd: dict[str, float] | None = None
) -> PriceRule:
    return PriceRule(
        usd=sd,
        by_resolution={"720p": sd, "1080p": hd},
        audio_usd=audio_usd or {},
        verified=False,
        source=source,
    )


_V1_RATES = _rates(
    0.028, 0.098, _CATALOG + "; 1080p (pro) assumed 3.5× std like Kling's unit table"
)
_V26_RATES = _rates(0.042, 0.07, _ANALOGY.format("kling-v2-6 in the older catalog"))

MODELS: tuple[ModelCapabilities, ...] = (
    _model(
        "kling-v2-6",
        "Kling 2.6 — native audio",
        # One rate per sound setting is given, not one per mode: both modes use it.
        price=PriceRule(
            usd=0.07,
            audio_usd={"*": 0.14},
            verified=True,
            source=_CHECKED + "; one rate for std and pro (the split by mode is UNVERIFIED)",
        ),
        notes="Durations 5 and 10 s (providers.md gives 3–15 for some models; third-party "
        "clients list only 5/10 for 2.6, so the narrower set is used — UNVERIFIED).",
    ),
    _model(
        "kling-v3",
        "Kling 3.0 — up to 15 s, 4K",
        resolutions=("720p", "1080p", "4k"),
        durations=tuple(range(3, 16)),
        price=PriceRule(
            usd=0.084,
            by_resolution={"720p": 0.084, "1080p": 0.112, "4k": 0.42},
            audio_usd={"720p": 0.126, "1080p": 0.168, "4k": 0.42},  # ×1.5; 4K the same
            verified=True,
            source=_CHECKED,
        ),
        notes="3–15 s and the 4k mode come from providers.md (4k from a client's test; "
        "UNVERIFIED).",
    ),
    _model("kling-v2-5-turbo", "Kling 2.5 Turbo", price=_V26_RATES),
    _model(
        "kling-v2-1-master",
        "Kling 2.1 Master (1080p)",
        resolutions=("1080p",),
        last_frame=False,
        price=PriceRule(usd=0.28, verified=False, source=_CATALOG),
    ),
    _model(
        "kling-v2-master",
        "Kling 2.0 Master (1080p)",
        resolutions=("1080p",),
        last_frame=False,
        price=PriceRule(usd=0.28, verified=False, source=_CATALOG),
    ),
    _model(
        "kling-v2-1",
        "Kling 2.1 — image to video",
        text=False,
        price=_V26_RATES,
    ),
    _model("kling-v1-6", "Kling 1.6", price=_rates(0.028, 0.098, _ANALOGY.format("kling-v1"))),
    _model(
        "kling-v1-5",
        "Kling 1.5 — image to video",
        text=False,
        price=_rates(0.028, 0.098, _ANALOGY.format("kling-v1")),
    ),
    _model("kling-v1", "Kling 1.0", price=_V1_RATES),
)

CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="kling",
    label="Kling",
    models=CATALOGUE.apply(MODELS),
    default_model="kling-v2-6",
    credential_env={
        "access_key": ("KLING_ACCESS_KEY",),
        "secret_key": ("KLING_SECRET_KEY",),
        "api_key": ("KLING_API_KEY",),
    },
    needs_key=True,
    default_base_url="https://api-singapore.klingai.com",
    regions={
        "singapore": "https://api-singapore.klingai.com",
        "beijing": "https://api-beijing.klingai.com",
        "global": "https://api.klingai.com",
    },
    lookup_by_client_ref=True,
    can_cancel=False,
    default_concurrency=2,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes=(
        "Sign in with an access key and secret key (a short-lived token is made from them) or "
        "a plain API key. Keys work only in the region that issued them. No seed. "
        "Image-to-video clips take the shape of the image (no aspect choice). Clips are "
        "deleted by Kling after 30 days. Billed in units of $0.14; failed videos cost nothing."
    ),
)
