"""The sim's declaration: three offline models with play-money prices (no I/O)."""

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

_SEED = SeedSupport(supported=True, minimum=0, maximum=2**31 - 1, echoed=True)
_ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")


def _model(
    model_id: str,
    label: str,
    durations: range,
    resolutions: tuple[str, ...],
    usd: float,
    render_s: float,
) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        durations=tuple(durations),
        aspects=_ASPECTS,
        resolutions=resolutions,
        default_duration=4,
        default_aspect="16:9",
        default_resolution="480p",
        seed=_SEED,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        negative_prompt=True,
        prompt_max_chars=2000,
        price=PriceRule(usd=usd, verified=True, source="sim: play money"),
        polling=PollingHint(
            first_poll_s=0.5,
            interval_s=1.0,
            max_interval_s=5.0,
            typical_render_s=render_s,
            deadline_s=600,
        ),
    )


MODELS = (
    _model("sim-fast", "Sim Fast — flat shapes", range(2, 9), ("360p", "480p", "720p"), 0.01, 4.0),
    _model(
        "sim-pro",
        "Sim Pro — glowing shapes",
        range(2, 11),
        ("360p", "480p", "720p", "1080p"),
        0.05,
        10.0,
    ),
    _model(
        "sim-cinema",
        "Sim Cinema — slow and wide",
        range(4, 11, 2),
        ("480p", "720p", "1080p"),
        0.12,
        20.0,
    ),
)

CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="sim",
    label="Sim (offline)",
    default_model="sim-fast",
    needs_key=False,
    default_base_url="local://sim",
    lookup_by_client_ref=True,
    can_cancel=True,
    default_concurrency=8,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes="Renders real clips on this computer; costs are play money, for delivered clips only.",
    models=CATALOGUE.apply(MODELS),
)
