"""What xAI's Grok Imagine video models can do, what they cost, and how to poll them.

Source of truth: ``providers.md`` §6 (xai-sdk 1.21.0 and ComfyUI's ``comfy_api_nodes``).
Everything the REST API does not document itself is marked UNVERIFIED here and in the
model notes, so the settings screen can say so.
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

#: xAI reports cost as integer "USD ticks": one tick is 1e-10 USD ("Checked 2026-11",
#: xai-sdk-python ``src/xai_sdk/cost.py``). The raw tick count is kept beside the dollars.
TICKS_PER_USD = 10**10

ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3")
#: 1080p exists on grok-imagine-video-1.5 only ("Checked 2026-11").
RESOLUTIONS = ("480p", "720p")
DURATIONS = tuple(range(1, 16))  # 1–15 s, integers [xai-sdk: sync/video.py docstring]

#: Image formats sent as a ``data:`` URL first frame. xAI's image inputs are documented
#: for JPEG and PNG; WebP is not listed anywhere we read, so it is not offered.
IMAGE_FORMATS = ("png", "jpeg")
#: UNVERIFIED: no size limit is documented for the video first frame. xAI's image inputs
#: elsewhere stop at about 20 MB, and the image travels base64-encoded (×4/3) inside the
#: JSON body, so larger files are refused here rather than by a failed upload.
IMAGE_MAX_BYTES = 20_000_000
#: UNVERIFIED: no prompt limit is documented; this generous bound only stops runaway input.
PROMPT_MAX_CHARS = 4096

#: Polling. The SDK polls every 1 s for up to 10 minutes [xai-sdk: video.py
#: DEFAULT_VIDEO_POLL_INTERVAL, DEFAULT_VIDEO_TIMEOUT]. A render takes tens of seconds, so
#: 1 s would spend ~40 requests on a typical clip for nothing; 3 s growing to 10 s finds a
#: finished clip within a few seconds at a fraction of the requests. The deadline is longer
#: than the SDK's 10 min because queues at busy times push renders past it, and a job
#: given up on is a job paid for and lost.
POLLING = PollingHint(
    first_poll_s=3.0,
    interval_s=3.0,
    max_interval_s=10.0,
    typical_render_s=45.0,  # 30–60 s is what third-party clients report for 480p–720p
    deadline_s=15 * 60,
)

_CHECKED = "docs.x.ai/developers/pricing via third-party log (providers.md Checked 2026-11)"


def _price(rates: dict[str, float], image_fee: float, source: str = _CHECKED) -> PriceRule:
    """Per-second price by resolution, plus the fee for an input image."""
    return PriceRule(
        usd=rates["480p"],
        by_resolution=rates,
        image_usd=image_fee,
        verified=source == _CHECKED,
        source=source,
    )


_COMMON_NOTES = (
    "No seed: every draw is random. Sound: Grok's own default is on; Workbench sends "
    "generate_audio (REST spelling UNVERIFIED) only when you ask for sound, so a clip "
    "asked to be silent may still have sound. Last frame and reference images are not "
    "offered because their REST spellings are UNVERIFIED."
)


def _model(
    model_id: str,
    label: str,
    price: PriceRule,
    notes: str,
    resolutions: tuple[str, ...] = RESOLUTIONS,
) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        text_to_video=True,
        image_to_video=True,
        durations=DURATIONS,
        aspects=ASPECTS,
        resolutions=resolutions,
        default_duration=8,
        default_aspect="16:9",
        default_resolution="480p",
        seed=SeedSupport(supported=False),
        # The SDK has last_frame for 1.5, but the REST body spelling (and whether its
        # inner object is {url} or {image_url}) is UNVERIFIED: a misspelt field may be
        # ignored silently, and the creator would pay for a clip that ignores the frame.
        last_frame=False,
        reference_images=0,
        image_formats=IMAGE_FORMATS,
        image_max_bytes=IMAGE_MAX_BYTES,
        audio=AudioSupport.OPTIONAL,
        negative_prompt=False,
        prompt_max_chars=PROMPT_MAX_CHARS,
        price=price,
        polling=POLLING,
        notes=f"{notes} {_COMMON_NOTES}",
    )


MODELS = (
    _model(
        "grok-imagine-video",
        "Grok Imagine Video",
        _price({"480p": 0.05, "720p": 0.07}, image_fee=0.002),
        "xAI's first video model; text or first frame to video, 1–15 s, 480p or 720p.",
    ),
    _model(
        "grok-imagine-video-1.5",
        "Grok Imagine Video 1.5 — up to 1080p",
        _price({"480p": 0.08, "720p": 0.14, "1080p": 0.25}, image_fee=0.01),
        "Newer and pricier; the only Grok model with 1080p. ComfyUI's node claims 1.5 needs a "
        "first frame (UNVERIFIED; xAI's SDK does not say so, so text-only draws are allowed "
        "and the service decides).",
        resolutions=(*RESOLUTIONS, "1080p"),
    ),
    _model(
        "grok-imagine-video-1.5-lite",
        "Grok Imagine Video 1.5 Lite",
        # "≈ 25 % of 1.5": the exact figures are not published in providers.md.
        _price(
            {"480p": 0.02, "720p": 0.035},
            image_fee=0.01,
            source=_CHECKED + ": about 25 % of 1.5's rates (exact figures UNVERIFIED); the "
            "image fee is assumed to be 1.5's",
        ),
        "Cheaper 1.5 at 480p or 720p.",
    ),
)

CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="grok",
    label="xAI Grok Imagine",
    models=CATALOGUE.apply(MODELS),
    default_model="grok-imagine-video",
    credential_env={"api_key": ("XAI_API_KEY",)},
    needs_key=True,
    default_base_url="https://api.x.ai/v1",
    regions={},  # one documented host
    lookup_by_client_ref=False,  # the API takes no caller id, so a lost submit stays unknown
    can_cancel=False,  # no cancel in the SDK or the REST paths we know
    default_concurrency=2,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes=(
        "xAI's video API. Finished clips are signed links that work for 24 hours; Workbench "
        "saves them at once. xAI reports the real cost of each draw in ticks (1e-10 USD; the "
        "raw count is kept). There is no seed and no cancel. A clip xAI's moderation "
        "withholds counts as refused even though the service says 'done'. An input image "
        "adds a small fee."
    ),
)
