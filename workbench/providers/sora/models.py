"""Sora's declaration: models, exact frame sizes and list prices (no I/O).

OpenAI shut its own Sora API down on 2026-09-24 and Azure retired both ``sora-2`` versions
(providers.md "Checked 2026-11"), so no first-party endpoint remains: this provider is for
OpenAI-compatible gateways only, and the dated snapshots are retired in ``catalogue.toml``.
Facts from ``providers.md`` §1. The sizes come from the openai 3.54.0 SDK's typed enum; that
``sora-2`` renders only the two 720p sizes is third-party (ComfyUI docs, a skills file). The
prices are third-party launch prices and marked unverified.
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

OPENAI_BASE_URL = "https://api.openai.com/v1"

#: Workbench resolution name → (landscape size, portrait size) as the ``size`` field wants
#: them. "1024p" names Sora's large sizes by their short side: 1792×1024 is 7:4, close to
#: but not exactly 16:9, and Sora calls it neither, so we pick the short-side name.
SIZES: dict[str, dict[str, str]] = {
    "720p": {"16:9": "1280x720", "9:16": "720x1280"},
    "1024p": {"16:9": "1792x1024", "9:16": "1024x1792"},
}

_PRICE_SOURCE = (
    "providers.md §1: third-party (help.apiyi.com, cometapi.com), matches launch pricing; "
    "UNVERIFIED"
)

#: Model id → per-second USD by resolution (the ``size`` family), for estimates and for
#: pricing what the service says it rendered.
PRICES: dict[str, dict[str, float]] = {
    "sora-2": {"720p": 0.10},
    "sora-2-pro": {"720p": 0.30, "1024p": 0.50},
}

#: Dated snapshots behave like the model they snapshot.
SNAPSHOTS: dict[str, str] = {
    "sora-2-2025-10-06": "sora-2",
    "sora-2-2025-12-08": "sora-2",
    "sora-2-pro-2025-10-06": "sora-2-pro",
}

_NOTES_COMMON = (
    "Durations 4, 8 or 12 s; always with sound; no seed and no negative prompt. A first "
    "frame must have exactly the output's pixel size."
)


def family(model_id: str) -> str:
    """``sora-2`` or ``sora-2-pro`` for a model id or snapshot (unknown ids map to themselves)."""
    return SNAPSHOTS.get(model_id, model_id)


def size_for(model_id: str, aspect: str | None, resolution: str | None) -> str | None:
    """The exact ``size`` string for an aspect and resolution, or None when the model lacks it."""
    if resolution not in PRICES.get(family(model_id), {}):
        return None
    return SIZES.get(resolution or "", {}).get(aspect or "")


def resolution_of_size(size: str) -> str | None:
    """Workbench resolution name of a ``WxH`` size string the service reports."""
    for name, by_aspect in SIZES.items():
        if size in by_aspect.values():
            return name
    return None


def _model(model_id: str, label: str) -> ModelCapabilities:
    prices = PRICES[family(model_id)]
    return ModelCapabilities(
        id=model_id,
        label=label,
        durations=(4, 8, 12),
        aspects=("16:9", "9:16"),
        resolutions=tuple(prices),
        default_duration=4,  # the API's own default ("4")
        # The API defaults to 720x1280 (portrait); Workbench always sends `size`, and
        # landscape matches the other providers' defaults for side-by-side comparison.
        default_aspect="16:9",
        default_resolution="720p",
        seed=SeedSupport(supported=False),
        last_frame=False,
        reference_images=0,
        image_formats=("png", "jpeg", "jpg", "webp"),
        audio=AudioSupport.ALWAYS,
        negative_prompt=False,
        # No limit is documented. A generous guard catches runaway pastes before paying;
        # a lower real limit comes back from the service as an "invalid" failure with its
        # own words.
        prompt_max_chars=32_000,
        price=PriceRule(
            usd=prices["720p"], by_resolution=dict(prices), verified=False, source=_PRICE_SOURCE
        ),
        # The SDK's poller waits `openai-poll-after-ms` (1 s without it); we start slower
        # and let the header, when sent, decide (engine/polling.py obeys it).
        polling=PollingHint(
            first_poll_s=5.0,
            interval_s=5.0,
            max_interval_s=20.0,
            typical_render_s=90.0,
            deadline_s=30 * 60,
        ),
        notes=_NOTES_COMMON,
    )


MODELS: tuple[ModelCapabilities, ...] = (
    _model("sora-2", "Sora 2 — 720p"),
    _model("sora-2-pro", "Sora 2 Pro — 720p or 1024p"),
    _model("sora-2-2025-12-08", "Sora 2 (snapshot 2025-12-08)"),
    _model("sora-2-2025-10-06", "Sora 2 (snapshot 2025-10-06)"),
    _model("sora-2-pro-2025-10-06", "Sora 2 Pro (snapshot 2025-10-06)"),
)


CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="sora",
    label="Sora",
    default_model="sora-2",
    credential_env={"api_key": ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")},
    needs_key=True,
    default_base_url=OPENAI_BASE_URL,
    regions={"openai": OPENAI_BASE_URL},
    lookup_by_client_ref=False,  # the videos API takes no caller id
    can_cancel=True,
    default_concurrency=2,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes=(
        "Sora 2 through an OpenAI-compatible gateway only: OpenAI shut its own Sora API down "
        "on 2026-09-24 and Azure retired both sora-2 versions, so the default base URL (region "
        "'openai') is kept only to explain that. Set the gateway as the base URL in settings "
        "or with WORKBENCH_SORA_BASE_URL. The key is sent as 'Authorization: Bearer' "
        "(OPENAI_API_KEY, then AZURE_OPENAI_API_KEY); set the option auth_header = 'api-key' "
        "for gateways that want an 'api-key' header. Options organization / project add the "
        "OpenAI-Organization / OpenAI-Project headers. Resolutions: 720p = 1280x720 or "
        "720x1280; 1024p (sora-2-pro only) = 1792x1024 or 1024x1792. Results come from the "
        "authenticated content endpoint and expire (about 1 h, unverified), so clips are "
        "fetched at once. Cancel deletes the video. No seed; prices, moderation codes and "
        "whether failed draws are billed are unverified."
    ),
    models=CATALOGUE.apply(MODELS),
)
