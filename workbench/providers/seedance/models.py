"""Seedance's declaration: regions, models, what each accepts and costs (providers.md §3).

BytePlus ModelArk (international) and Volcengine Ark (China) serve the same models under
different ids: ``dreamina-``/``seedance-`` on BytePlus, ``doubao-`` on Volcengine. Both sets
are declared; the adapter refuses an id that belongs to the other region.

Prices are per 1,000 output tokens (``usage.completion_tokens``); a clip costs width ×
height × 24 fps × seconds / 1024 tokens, and only successful videos are billed. BytePlus
bills in USD, Volcengine in CNY ("Checked 2026-11"); Volcengine models carry their CNY
tariff, and their USD estimate converts it at an assumed rate (said in the source).
"""

from __future__ import annotations

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    PriceUnit,
    ProviderInfo,
    SeedSupport,
)
from workbench.providers import catalogue

BYTEPLUS = "byteplus"
VOLCENGINE = "volcengine"
BYTEPLUS_URL = "https://ark.ap-southeast.bytepluses.com/api/v3"
VOLCENGINE_URL = "https://ark.cn-beijing.volces.com/api/v3"

#: Output ratios every Seedance model offers; ``adaptive`` follows the input image.
RATIOS = ("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive")
ADAPTIVE = "adaptive"

#: Seed range (ComfyUI bounds it to 0–2147483647); the task echoes the seed it used.
SEED = SeedSupport(supported=True, minimum=0, maximum=2_147_483_647, echoed=True)

# Input images ("Checked 2026-11"): jpeg/png/webp/bmp/tiff/gif, 300–6000 px a side, shape
# 0.4–2.5, under 30 MB each (read as 30,000,000 bytes), 64 MB for the whole request.
# 1.5 Pro also takes heic/heif, which this app cannot open to check, so they are not offered.
IMAGE_FORMATS = ("png", "jpeg", "webp", "bmp", "tiff", "gif")
IMAGE_MAX_BYTES = 30_000_000
REQUEST_MAX_BYTES = 64_000_000
IMAGE_MIN_PX = 300
IMAGE_MAX_PX = 6000
IMAGE_RATIO_RANGE = (0.4, 2.5)

# No prompt limit is documented for video tasks (BytePlus only *recommends* short prompts);
# this guard stops runaway text before it is sent (UNVERIFIED as a service limit).
PROMPT_MAX_CHARS = 5000

#: Assumed for the USD estimate of a CNY tariff only; the draw's own record keeps yuan.
USD_PER_CNY = 0.14

_CHECKED = "providers.md Checked 2026-11 (BytePlus price list, third-party copy)"
_COMFY = "ComfyUI SEEDANCE2_PRICE_PER_1K_TOKENS (third party, UNVERIFIED)"
_VOLC = "providers.md Checked 2026-11: Volcengine online tier (third-party copy of its price page)"


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


def _usd(per_m: dict[str, float], audio_per_m: float | None, source: str, sure: bool) -> PriceRule:
    """A USD tariff given per million tokens (``*`` = every resolution)."""
    by = {k: v / 1000 for k, v in per_m.items() if k != "*"}
    return PriceRule(
        unit=PriceUnit.KTOKENS,
        usd=per_m.get("*", next(iter(per_m.values()))) / 1000,
        by_resolution=by,
        audio_usd={"*": audio_per_m / 1000} if audio_per_m else {},
        verified=sure,
        source=source,
    )


def _cny(per_m: float, audio_per_m: float | None = None) -> PriceRule:
    """A Volcengine CNY tariff per million tokens, with its converted USD estimate."""
    native_audio = {"*": audio_per_m / 1000} if audio_per_m else {}
    return PriceRule(
        unit=PriceUnit.KTOKENS,
        usd=round(per_m / 1000 * USD_PER_CNY, 6),
        audio_usd={"*": round(audio_per_m / 1000 * USD_PER_CNY, 6)} if audio_per_m else {},
        verified=True,
        source=f"{_VOLC}; USD estimate at an assumed ¥1 = ${USD_PER_CNY}",
        currency="CNY",
        native={"*": per_m / 1000},
        native_audio=native_audio,
    )


_FOUR = ("480p", "720p", "1080p")
_TWO = ("480p", "720p")

#: key → (label, durations, resolutions, audio, last frame, references, render s)
_SHAPES: dict[str, tuple[str, range, tuple[str, ...], AudioSupport, bool, int, float]] = {
    "2.0": ("Seedance 2.0 — best quality, up to 4k", range(4, 16), (*_FOUR, "4k"),
            AudioSupport.OPTIONAL, True, 9, 90),
    "2.5": ("Seedance 2.5 — newest, up to 30 s", range(4, 31), _FOUR,
            AudioSupport.OPTIONAL, True, 30, 120),
    "2.0-fast": ("Seedance 2.0 Fast", range(4, 16), _TWO, AudioSupport.OPTIONAL, True, 9, 60),
    "2.0-mini": ("Seedance 2.0 Mini — fastest, cheapest", range(4, 16), _TWO,
                 AudioSupport.OPTIONAL, True, 9, 45),
    "1.5-pro": ("Seedance 1.5 Pro", range(4, 13), _FOUR, AudioSupport.OPTIONAL, True, 0, 100),
    "1.0-pro": ("Seedance 1.0 Pro", range(3, 13), _FOUR, AudioSupport.NONE, True, 4, 85),
    "1.0-pro-fast": ("Seedance 1.0 Pro Fast", range(3, 13), _FOUR, AudioSupport.NONE,
                     False, 0, 65),
}  # fmt: skip

BYTEPLUS_IDS_BY_KEY = {
    "2.0": "dreamina-seedance-2-0-260128",
    "2.5": "dreamina-seedance-2-5-260628",
    "2.0-fast": "dreamina-seedance-2-0-fast-260128",
    "2.0-mini": "dreamina-seedance-2-0-mini",
    "1.5-pro": "seedance-1-5-pro-251215",
    "1.0-pro": "seedance-1-0-pro-250528",
    "1.0-pro-fast": "seedance-1-0-pro-fast-251015",
}
VOLCENGINE_IDS_BY_KEY = {
    "2.0": "doubao-seedance-2-0-260128",
    "2.5": "doubao-seedance-2-5-260628",
    "2.0-fast": "doubao-seedance-2-0-fast-260128",
    "2.0-mini": "doubao-seedance-2-0-mini-260615",
    "1.5-pro": "doubao-seedance-1-5-pro-251215",
    "1.0-pro": "doubao-seedance-1-0-pro-250528",
    "1.0-pro-fast": "doubao-seedance-1-0-pro-fast-251015",
}

_BYTEPLUS_PRICES = {
    "2.0": _usd({"480p": 7.0, "720p": 7.0, "1080p": 7.7, "4k": 4.0, "*": 7.0}, None,
                f"480p/720p: {_CHECKED}; 1080p/4k: {_COMFY}", sure=False),
    "2.5": _usd({"*": 10.7}, None, _COMFY, sure=False),
    "2.0-fast": _usd({"*": 5.6}, None, _COMFY, sure=False),
    "2.0-mini": _usd({"*": 3.5}, None, _COMFY, sure=False),
    "1.5-pro": _usd({"*": 1.2}, 2.4, _CHECKED, sure=True),
    "1.0-pro": _usd({"*": 2.5}, None, _CHECKED, sure=True),
    "1.0-pro-fast": _usd({"*": 1.0}, None, _CHECKED, sure=True),
}  # fmt: skip
_VOLCENGINE_PRICES = {
    # Workbench sends no input video, so 2.x uses the "without video input" rate.
    "2.0": _cny(46.0),
    "2.0-fast": _cny(37.0),
    "1.5-pro": _cny(8.0, 16.0),
    "1.0-pro": _cny(15.0),
    "1.0-pro-fast": _cny(4.2),
}


def _model(model_id: str, key: str, prefix: str, price: PriceRule) -> ModelCapabilities:
    label, durations, resolutions, audio, last, refs, render_s = _SHAPES[key]
    return ModelCapabilities(
        id=model_id,
        label=prefix + label,
        durations=tuple(durations),
        aspects=RATIOS,
        resolutions=resolutions,
        default_duration=5,
        default_aspect="16:9",
        default_resolution="720p",
        seed=SEED,
        last_frame=last,
        reference_images=refs,
        image_formats=IMAGE_FORMATS,
        image_max_bytes=IMAGE_MAX_BYTES,
        image_min_px=IMAGE_MIN_PX,
        image_ratio_range=IMAGE_RATIO_RANGE,
        audio=audio,
        negative_prompt=False,
        prompt_max_chars=PROMPT_MAX_CHARS,
        price=price,
        polling=_polling(render_s),
    )


def _volcengine_price(key: str) -> PriceRule:
    found = _VOLCENGINE_PRICES.get(key)
    if found is not None:
        return found
    # No Volcengine price for this model in providers.md: BytePlus's USD rate stands in.
    stand_in = _BYTEPLUS_PRICES[key]
    return stand_in.model_copy(
        update={"source": f"no Volcengine price known; BytePlus rate ({stand_in.source})"}
    )


BYTEPLUS_MODELS = tuple(
    _model(mid, key, "", _BYTEPLUS_PRICES[key]) for key, mid in BYTEPLUS_IDS_BY_KEY.items()
)
VOLCENGINE_MODELS = tuple(
    _model(mid, key, "Volcengine · ", _volcengine_price(key))
    for key, mid in VOLCENGINE_IDS_BY_KEY.items()
)
DEFAULT_MODEL = BYTEPLUS_IDS_BY_KEY["2.0"]
CATALOGUE = catalogue.load(__package__)
MODELS = CATALOGUE.apply(BYTEPLUS_MODELS + VOLCENGINE_MODELS)

BYTEPLUS_IDS = frozenset(BYTEPLUS_IDS_BY_KEY.values())
VOLCENGINE_IDS = frozenset(VOLCENGINE_IDS_BY_KEY.values())
#: The same model in the other region (for "choose … instead" messages).
COUNTERPART = {
    **{BYTEPLUS_IDS_BY_KEY[k]: VOLCENGINE_IDS_BY_KEY[k] for k in BYTEPLUS_IDS_BY_KEY},
    **{VOLCENGINE_IDS_BY_KEY[k]: BYTEPLUS_IDS_BY_KEY[k] for k in BYTEPLUS_IDS_BY_KEY},
}


def region_of_model(model_id: str) -> str | None:
    """``byteplus`` or ``volcengine`` for a declared id, None for anything else."""
    if model_id in BYTEPLUS_IDS:
        return BYTEPLUS
    if model_id in VOLCENGINE_IDS:
        return VOLCENGINE
    return None


INFO = ProviderInfo(
    id="seedance",
    label="Seedance",
    models=MODELS,
    default_model=DEFAULT_MODEL,
    credential_env={"api_key": ("ARK_API_KEY",)},
    needs_key=True,
    default_base_url=BYTEPLUS_URL,
    regions={BYTEPLUS: BYTEPLUS_URL, VOLCENGINE: VOLCENGINE_URL},
    lookup_by_client_ref=False,
    can_cancel=True,
    default_concurrency=3,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes=(
        "ByteDance Seedance via BytePlus ModelArk (international, the default; USD) or "
        "Volcengine Ark (China, CNY; choose the volcengine region and a doubao- model). Keys "
        "are bound to their region. Clips are billed by output tokens, successful ones only; "
        "links expire after 24 hours. Only queued jobs can be cancelled."
    ),
)
