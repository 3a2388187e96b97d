"""Seedance models: what each one accepts and what it costs (providers.md §3).

BytePlus ModelArk (international) and Volcengine Ark (China) serve the same models under
different ids: ``dreamina-``/``seedance-`` on BytePlus, ``doubao-`` on Volcengine. Both sets
are declared; the adapter refuses an id that belongs to the other region.

Prices are USD per 1,000 output tokens (``usage.completion_tokens``), where a clip costs
about width × height × 24 fps × seconds / 1024 tokens. Sources: the Seedance 2.x rates are
ComfyUI's ``SEEDANCE2_PRICE_PER_1K_TOKENS`` table (quoted in providers.md); the 1.x rates are
derived from ComfyUI's ten-second price badges. Neither is the vendor's own price list, so
every rule is ``verified=False``. Volcengine bills in CNY and providers.md has no Volcengine
prices: its models carry the BytePlus rate as a stand-in for the estimate only.
"""

from __future__ import annotations

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    PriceUnit,
    SeedSupport,
)

BYTEPLUS = "byteplus"
VOLCENGINE = "volcengine"
BYTEPLUS_URL = "https://ark.ap-southeast.bytepluses.com/api/v3"
VOLCENGINE_URL = "https://ark.cn-beijing.volces.com/api/v3"

#: Output ratios every Seedance model offers; ``adaptive`` follows the input image.
RATIOS = ("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive")
ADAPTIVE = "adaptive"

#: Seed range (ComfyUI bounds it to 0–2147483647); the task echoes the seed it used.
SEED = SeedSupport(supported=True, minimum=0, maximum=2_147_483_647, echoed=True)

# Input-image limits. ComfyUI checks 300–6000 px per side and a 0.4–2.5 shape before it
# uploads; the 30 MB cap and the format list are from BytePlus's docs as remembered
# (UNVERIFIED). BytePlus also lists bmp/tiff/gif; only formats with a well-known data-URL
# MIME type are offered.
IMAGE_FORMATS = ("png", "jpeg", "webp")
IMAGE_MAX_BYTES = 30 * 1024 * 1024
IMAGE_MIN_PX = 300
IMAGE_MAX_PX = 6000
IMAGE_RATIO_RANGE = (0.4, 2.5)

# No prompt limit is documented for video tasks (BytePlus only *recommends* short prompts);
# this guard stops runaway text before it is sent (UNVERIFIED as a service limit).
PROMPT_MAX_CHARS = 5000

_COMFY_2X = "ComfyUI apis/bytedance.py SEEDANCE2_PRICE_PER_1K_TOKENS (third party)"
_COMFY_1X = "derived from ComfyUI's 10 s price badges in nodes_bytedance.py (third party)"
_VOLC = "BytePlus USD rate as a stand-in: Volcengine bills in CNY, price not in providers.md"


def _polling(typical_s: float) -> PollingHint:
    # ComfyUI polls Seedance 2 every 9 s; renders take about a minute or two, and a task
    # may wait in the account's queue first, hence the generous deadline.
    return PollingHint(
        first_poll_s=min(15.0, max(5.0, typical_s / 4)),
        interval_s=9.0,
        max_interval_s=20.0,
        typical_render_s=typical_s,
        deadline_s=60 * 60,
    )


def _model(
    model_id: str,
    label: str,
    *,
    durations: range,
    resolutions: tuple[str, ...],
    price: dict[str, float],
    fallback_usd: float,
    typical_s: float,
    audio: AudioSupport,
    last_frame: bool = True,
    references: int = 0,
    audio_price: dict[str, float] | None = None,
    source: str,
    notes: str = "",
) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        durations=tuple(durations),
        aspects=RATIOS,
        resolutions=resolutions,
        default_duration=5,
        default_aspect="16:9",
        default_resolution="720p" if "720p" in resolutions else resolutions[0],
        seed=SEED,
        last_frame=last_frame,
        reference_images=references,
        image_formats=IMAGE_FORMATS,
        image_max_bytes=IMAGE_MAX_BYTES,
        image_min_px=IMAGE_MIN_PX,
        image_ratio_range=IMAGE_RATIO_RANGE,
        audio=audio,
        negative_prompt=False,
        prompt_max_chars=PROMPT_MAX_CHARS,
        price=PriceRule(
            unit=PriceUnit.KTOKENS,
            usd=fallback_usd,
            by_resolution=price,
            audio_usd=audio_price or {},
            fps=24,
            verified=False,
            source=source,
        ),
        polling=_polling(typical_s),
        notes=notes,
    )


def _family(prefix: str, volcengine: bool) -> tuple[ModelCapabilities, ...]:
    """One region's models; ``prefix`` decorates the labels."""
    src2 = _VOLC if volcengine else _COMFY_2X
    src1 = _VOLC if volcengine else _COMFY_1X
    if volcengine:
        ids = {
            "2.5": "doubao-seedance-2-5-260628",
            "2.0": "doubao-seedance-2-0-260128",
            "2.0-fast": "doubao-seedance-2-0-fast-260128",
            "2.0-mini": "doubao-seedance-2-0-mini-260615",
            "1.5-pro": "doubao-seedance-1-5-pro-251215",
            "1.0-pro": "doubao-seedance-1-0-pro-250528",
            "1.0-pro-fast": "doubao-seedance-1-0-pro-fast-251015",
        }
    else:
        ids = {
            "2.5": "dreamina-seedance-2-5-260628",
            "2.0": "dreamina-seedance-2-0-260128",
            "2.0-fast": "dreamina-seedance-2-0-fast-260128",
            "2.0-mini": "dreamina-seedance-2-0-mini",
            "1.5-pro": "seedance-1-5-pro-251215",
            "1.0-pro": "seedance-1-0-pro-250528",
            "1.0-pro-fast": "seedance-1-0-pro-fast-251015",
        }
    four = ("480p", "720p", "1080p")
    two = ("480p", "720p")
    return (
        _model(
            ids["2.0"],
            f"{prefix}Seedance 2.0 — best quality, up to 4k",
            durations=range(4, 16),
            resolutions=(*four, "4k"),
            price={"480p": 0.007, "720p": 0.007, "1080p": 0.0077, "4k": 0.004},
            fallback_usd=0.007,
            typical_s=90,
            audio=AudioSupport.OPTIONAL,
            references=9,
            source=src2,
        ),
        _model(
            ids["2.5"],
            f"{prefix}Seedance 2.5 — newest, up to 30 s",
            durations=range(4, 31),
            resolutions=four,
            # No 1080p rate in the table; the 480p/720p rate stands in (estimate only).
            price={"480p": 0.0107, "720p": 0.0107},
            fallback_usd=0.0107,
            typical_s=120,
            audio=AudioSupport.OPTIONAL,
            references=30,
            source=src2,
        ),
        _model(
            ids["2.0-fast"],
            f"{prefix}Seedance 2.0 Fast",
            durations=range(4, 16),
            resolutions=two,
            price={"480p": 0.0056, "720p": 0.0056},
            fallback_usd=0.0056,
            typical_s=60,
            audio=AudioSupport.OPTIONAL,
            references=9,
            source=src2,
        ),
        _model(
            ids["2.0-mini"],
            f"{prefix}Seedance 2.0 Mini — fastest, cheapest",
            durations=range(4, 16),
            resolutions=two,
            price={"480p": 0.0035, "720p": 0.0035},
            fallback_usd=0.0035,
            typical_s=45,
            audio=AudioSupport.OPTIONAL,
            references=9,
            source=src2,
        ),
        _model(
            ids["1.5-pro"],
            f"{prefix}Seedance 1.5 Pro",
            durations=range(4, 13),
            resolutions=four,
            price={},
            fallback_usd=0.0012,
            audio_price={"*": 0.0024},  # ComfyUI doubles the 1.5 Pro price with audio
            typical_s=100,
            audio=AudioSupport.OPTIONAL,
            source=src1,
        ),
        _model(
            ids["1.0-pro"],
            f"{prefix}Seedance 1.0 Pro",
            durations=range(3, 13),
            resolutions=four,
            price={},
            fallback_usd=0.0025,
            typical_s=85,
            audio=AudioSupport.NONE,
            references=4,
            source=src1,
        ),
        _model(
            ids["1.0-pro-fast"],
            f"{prefix}Seedance 1.0 Pro Fast",
            durations=range(3, 13),
            resolutions=four,
            price={},
            fallback_usd=0.001,
            typical_s=65,
            audio=AudioSupport.NONE,
            last_frame=False,
            source=src1,
        ),
    )


BYTEPLUS_MODELS = _family("", volcengine=False)
VOLCENGINE_MODELS = _family("Volcengine · ", volcengine=True)
MODELS = BYTEPLUS_MODELS + VOLCENGINE_MODELS
DEFAULT_MODEL = "dreamina-seedance-2-0-260128"

BYTEPLUS_IDS = frozenset(m.id for m in BYTEPLUS_MODELS)
VOLCENGINE_IDS = frozenset(m.id for m in VOLCENGINE_MODELS)
#: The same model in the other region (for "choose … instead" messages).
COUNTERPART = {
    **dict(zip((m.id for m in BYTEPLUS_MODELS), (m.id for m in VOLCENGINE_MODELS), strict=True)),
    **dict(zip((m.id for m in VOLCENGINE_MODELS), (m.id for m in BYTEPLUS_MODELS), strict=True)),
}


def region_of_model(model_id: str) -> str | None:
    """``byteplus`` or ``volcengine`` for a declared id, None for anything else."""
    if model_id in BYTEPLUS_IDS:
        return BYTEPLUS
    if model_id in VOLCENGINE_IDS:
        return VOLCENGINE
    return None
