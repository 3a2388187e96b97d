"""Google Veo's declaration: backends, regions, models and their capabilities.

Two backends: the Gemini Developer API (API key, ``generativelanguage``) and Vertex AI
(OAuth bearer token, ``{location}-aiplatform``). Veo on the Gemini API is gone ("Checked
2026-11": every Veo id there retired by 2026-10-22), so the Gemini backend's default is
Gemini Omni 1.1 Flash (Interactions API, §2c); the retired Veo ids stay declared so old
draws can still be followed and new ones are refused naming the replacement. The same Veo
model behaves differently on each backend (no seed and no audio switch on the Gemini API),
so Vertex models carry a ``vertex/`` prefix and their own capabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    ProviderInfo,
    SeedSupport,
)
from workbench.providers import catalogue

GEMINI = "gemini"
VERTEX = "vertex"
BACKENDS = (GEMINI, VERTEX)

#: Which wire protocol a model speaks.
API_VEO = "veo"  # :predictLongRunning + operations
API_OMNI = "omni"  # Interactions API

GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta"
VERTEX_DEFAULT_LOCATION = "us-central1"
#: Where ``gs://`` results are read (GCS JSON API); configurable for tests and proxies.
GCS_JSON_API = "https://storage.googleapis.com"
VERTEX_PREFIX = "vertex/"


def vertex_base_url(location: str) -> str:
    """Vertex AI's REST root for a location (``global`` has no location prefix)."""
    prefix = "" if location == "global" else f"{location}-"
    return f"https://{prefix}aiplatform.googleapis.com/v1"


@dataclass(frozen=True, slots=True)
class Route:
    """How a declared model id reaches the service."""

    backend: str
    api: str
    wire_id: str  # the id the service knows
    family: str  # "veo2" | "veo3" | "veo31" | "omni"


#: Google samples sleep 10–20 s between polls (providers.md §2a); renders take ~1–1.5 min.
_POLLING = PollingHint(
    first_poll_s=10.0,
    interval_s=10.0,
    max_interval_s=20.0,
    typical_render_s=75.0,
    deadline_s=30 * 60,
)
_CHECKED = "ai.google.dev/gemini-api/docs/pricing (providers.md Checked 2026-11)"
_OLD_PRICE = "providers.md §2a: late-2025 list price from memory (UNVERIFIED); model retired"
#: Documented as 1,024 tokens (UNVERIFIED); counted as characters, which never exceeds it.
_PROMPT_MAX = 1024
#: Inline base64 grows by a third and Google caps a request at ~20 MB (UNVERIFIED), so two
#: frames of 8 MB still fit.
_IMAGE_MAX_BYTES = 8_000_000
_ASPECTS = ("16:9", "9:16")


def _veo(
    model_id: str,
    label: str,
    *,
    family: str,
    vertex: bool,
    resolutions: tuple[str, ...],
    rates: dict[str, float],
    last_frame: bool = False,
    references: int = 0,
    verified: bool = True,
) -> ModelCapabilities:
    veo2 = family == "veo2"
    # Gemini API: Veo 3.x always makes sound and the SDK rejects generateAudio.
    audio = AudioSupport.NONE if veo2 else AudioSupport.OPTIONAL if vertex else AudioSupport.ALWAYS
    # One price per resolution is known (with sound); a silent Vertex clip is estimated at
    # it too, so an estimate errs high rather than low.
    price = PriceRule(
        usd=rates["720p"],
        by_resolution=rates,
        verified=verified,
        source=(_CHECKED if verified else _OLD_PRICE)
        + ("; silent clips estimated at the same rate (UNVERIFIED)" if vertex and not veo2 else ""),
    )
    seed = (
        # uint32 per providers.md §2b (range UNVERIFIED); Vertex does not echo the seed.
        SeedSupport(supported=True, minimum=0, maximum=2**32 - 1, echoed=False)
        if vertex
        else SeedSupport(supported=False)
    )
    notes = (
        "Vertex AI: seed and audio switch supported; results come back inline."
        if vertex
        else "Gemini API: no seed; Veo 3.x always makes sound. Retired on the Gemini API."
    )
    return ModelCapabilities(
        id=(VERTEX_PREFIX + model_id) if vertex else model_id,
        label=label + (" (Vertex AI)" if vertex else ""),
        durations=(5, 6, 7, 8) if veo2 else (4, 6, 8),
        aspects=_ASPECTS,
        resolutions=resolutions,
        default_duration=8,
        default_aspect="16:9",
        default_resolution="720p",
        seed=seed,
        last_frame=last_frame,
        reference_images=references,
        image_formats=("png", "jpeg", "jpg"),
        image_max_bytes=_IMAGE_MAX_BYTES,
        audio=audio,
        negative_prompt=True,
        prompt_max_chars=_PROMPT_MAX,
        price=price,
        polling=_POLLING,
        notes=notes,
    )


#: Gemini Omni 1.1 Flash: $17.50 per million video tokens at 1931 / 5792 / 8688 / 17376
#: tokens per second for 360p / 720p / 1080p / 4k (≈ $0.10/s at 720p).
OMNI_USD_PER_M_TOKENS = 17.5
OMNI_TOKENS_PER_S = {"360p": 1931, "720p": 5792, "1080p": 8688, "4k": 17376}
_OMNI_RATES = {r: round(n * OMNI_USD_PER_M_TOKENS / 1e6, 5) for r, n in OMNI_TOKENS_PER_S.items()}


def _omni(model_id: str, label: str, *, checked: bool) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        # The duration range is UNVERIFIED (providers.md §2c); Veo's 4/6/8 is the safe set.
        durations=(4, 6, 8),
        aspects=_ASPECTS,
        resolutions=("360p", "720p", "1080p", "4k"),
        default_duration=8,
        default_aspect="16:9",
        default_resolution="720p",
        # generation_config.seed: an int32 in Google's APIs (range UNVERIFIED).
        seed=SeedSupport(supported=True, minimum=0, maximum=2**31 - 1, echoed=False),
        image_formats=("png", "jpeg", "jpg"),
        image_max_bytes=_IMAGE_MAX_BYTES,
        audio=AudioSupport.ALWAYS,
        negative_prompt=False,
        prompt_max_chars=_PROMPT_MAX,
        price=PriceRule(
            usd=_OMNI_RATES["720p"],
            by_resolution=_OMNI_RATES,
            verified=checked,
            source=f"${OMNI_USD_PER_M_TOKENS} per M video tokens, "
            + ", ".join(f"{n} tokens/s at {r}" for r, n in OMNI_TOKENS_PER_S.items())
            + f", {_CHECKED}"
            + ("" if checked else "; 1.1 Flash's price, assumed for this model (UNVERIFIED)"),
        ),
        polling=_POLLING,
        notes="Gemini API Interactions API; audio always on; no negative prompt.",
    )


_31 = ("720p", "1080p", "4k")
_30 = ("720p", "1080p")
_V31 = {"720p": 0.40, "1080p": 0.40, "4k": 0.60}
_V31_FAST = {"720p": 0.10, "1080p": 0.12, "4k": 0.30}
_V31_LITE = {"720p": 0.05, "1080p": 0.08}
_V30 = {"720p": 0.40, "1080p": 0.40}  # retired: the old figures, for resumed draws only
_V30_FAST = {"720p": 0.15, "1080p": 0.15}
_V20 = {"720p": 0.35}

MODELS: tuple[ModelCapabilities, ...] = (
    # -- Gemini API (API key) --------------------------------------------------------------
    _omni("gemini-omni-1.1-flash", "Gemini Omni Flash 1.1", checked=True),
    _omni("gemini-omni-1.2-flash", "Gemini Omni Flash 1.2", checked=False),
    _omni("gemini-omni-flash-preview", "Gemini Omni Flash (preview)", checked=False),
    _veo("veo-3.1-generate-preview", "Veo 3.1", family="veo31", vertex=False, resolutions=_31,
         rates=_V31, last_frame=True, references=3),
    _veo("veo-3.1-fast-generate-preview", "Veo 3.1 Fast", family="veo31", vertex=False,
         resolutions=_31, rates=_V31_FAST, last_frame=True),
    _veo("veo-3.1-lite-generate-preview", "Veo 3.1 Lite", family="veo31", vertex=False,
         resolutions=_30, rates=_V31_LITE, last_frame=True),
    _veo("veo-3.0-generate-001", "Veo 3", family="veo3", vertex=False, resolutions=_30,
         rates=_V30, verified=False),
    _veo("veo-3.0-fast-generate-001", "Veo 3 Fast", family="veo3", vertex=False,
         resolutions=_30, rates=_V30_FAST, verified=False),
    _veo("veo-2.0-generate-001", "Veo 2", family="veo2", vertex=False, resolutions=("720p",),
         rates=_V20, verified=False),
    # -- Vertex AI (OAuth bearer token) ----------------------------------------------------
    _veo("veo-3.1-generate-001", "Veo 3.1", family="veo31", vertex=True, resolutions=_31,
         rates=_V31, last_frame=True, references=3),
    _veo("veo-3.1-fast-generate-001", "Veo 3.1 Fast", family="veo31", vertex=True,
         resolutions=_31, rates=_V31_FAST, last_frame=True),
    _veo("veo-3.1-lite-generate-001", "Veo 3.1 Lite", family="veo31", vertex=True,
         resolutions=_30, rates=_V31_LITE, last_frame=True),
    _veo("veo-3.0-generate-001", "Veo 3", family="veo3", vertex=True, resolutions=_30,
         rates=_V30, verified=False),
    _veo("veo-3.0-fast-generate-001", "Veo 3 Fast", family="veo3", vertex=True,
         resolutions=_30, rates=_V30_FAST, verified=False),
    _veo("veo-2.0-generate-001", "Veo 2", family="veo2", vertex=True, resolutions=("720p",),
         rates=_V20, verified=False),
)  # fmt: skip


def _family(wire_id: str) -> str:
    if wire_id.startswith("gemini-omni"):
        return "omni"
    if wire_id.startswith("veo-2"):
        return "veo2"
    if wire_id.startswith("veo-3.1"):
        return "veo31"
    return "veo3"


def route(model_id: str) -> Route:
    """Backend, protocol and wire id of a declared model.

    Raises:
        KeyError: the id is not one of :data:`MODELS`.
    """
    if not any(m.id == model_id for m in MODELS):
        raise KeyError(model_id)
    if model_id.startswith(VERTEX_PREFIX):
        wire = model_id.removeprefix(VERTEX_PREFIX)
        return Route(VERTEX, API_VEO, wire, _family(wire))
    family = _family(model_id)
    return Route(GEMINI, API_OMNI if family == "omni" else API_VEO, model_id, family)


def models_for(backend: str) -> tuple[str, ...]:
    """Ids of the models one backend still serves (retired ones left out)."""
    return tuple(m.id for m in INFO.models if route(m.id).backend == backend and not m.retired)


DEFAULT_MODEL = {GEMINI: "gemini-omni-1.1-flash", VERTEX: "vertex/veo-3.1-generate-001"}
CATALOGUE = catalogue.load(__package__)

INFO = ProviderInfo(
    id="veo",
    label="Google Veo",
    models=CATALOGUE.apply(MODELS),
    default_model=DEFAULT_MODEL[GEMINI],
    credential_env={
        "api_key": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
        # Vertex AI: a ready OAuth token (e.g. `gcloud auth print-access-token`) …
        "access_token": ("VERTEX_ACCESS_TOKEN",),
        # … or a service-account file, used when the optional google-auth package is present.
        "service_account_file": ("GOOGLE_APPLICATION_CREDENTIALS",),
    },
    needs_key=True,
    default_base_url=GEMINI_BASE_URL,
    regions={
        "gemini": GEMINI_BASE_URL,
        "vertex-us-central1": vertex_base_url("us-central1"),
        "vertex-global": vertex_base_url("global"),
    },
    lookup_by_client_ref=False,
    can_cancel=True,  # Gemini Omni interactions only; Veo operations have no cancel
    default_concurrency=2,
    billing=CATALOGUE.billing,
    catalogue_checked=CATALOGUE.checked,
    notes=(
        "Two backends: the Gemini API (API key), whose video model is now Gemini Omni Flash "
        "(Veo there retired by 2026-10-22), and Vertex AI (set the options project and "
        "location, and VERTEX_ACCESS_TOKEN or a service account with google-auth installed), "
        "which still runs Veo 3.1. Vertex model ids start with 'vertex/'."
    ),
)
