"""Google Veo's declaration: backends, regions, models and their capabilities.

Two backends serve Veo: the Gemini Developer API (API key, ``generativelanguage``) and
Vertex AI (OAuth bearer token, ``{location}-aiplatform``). The same Veo model behaves
differently on each (no seed and no audio switch on the Gemini API, providers.md §2a), so
Vertex models carry a ``vertex/`` prefix and their own capabilities. Gemini Omni Flash
(Interactions API, §2c) runs on the Gemini backend only.
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
_PRICE_SOURCE = (
    "providers.md §2a: UNVERIFIED late-2025 list price from memory; check Google's pricing page"
)
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
    usd_audio: float,
    usd_silent: float,
    last_frame: bool = False,
    references: int = 0,
    price_note: str = "",
) -> ModelCapabilities:
    veo2 = family == "veo2"
    # Gemini API: Veo 3.x always makes sound and the SDK rejects generateAudio.
    audio = AudioSupport.NONE if veo2 else AudioSupport.OPTIONAL if vertex else AudioSupport.ALWAYS
    price = PriceRule(
        usd=usd_audio if audio is AudioSupport.ALWAYS or veo2 else usd_silent,
        audio_usd={"*": usd_audio} if audio is AudioSupport.OPTIONAL else {},
        verified=False,
        source=_PRICE_SOURCE + (f"; {price_note}" if price_note else ""),
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
        else "Gemini API: no seed; Veo 3.x always makes sound. Google may have retired Veo "
        "on the Gemini API for API keys (UNVERIFIED)."
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


def _omni(model_id: str, label: str) -> ModelCapabilities:
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
            usd=0.15,
            verified=False,
            source="placeholder: providers.md has no Gemini Omni Flash price; assumed like "
            "Veo 3.1 Fast",
        ),
        polling=_POLLING,
        notes="Gemini API Interactions API; audio always on; no negative prompt.",
    )


_31 = ("720p", "1080p", "4k")
_30 = ("720p", "1080p")

MODELS: tuple[ModelCapabilities, ...] = (
    # -- Gemini API (API key) --------------------------------------------------------------
    _veo(
        "veo-3.1-generate-preview",
        "Veo 3.1",
        family="veo31",
        vertex=False,
        resolutions=_31,
        usd_audio=0.40,
        usd_silent=0.40,
        last_frame=True,
        references=3,
    ),
    _veo(
        "veo-3.1-fast-generate-preview",
        "Veo 3.1 Fast",
        family="veo31",
        vertex=False,
        resolutions=_31,
        usd_audio=0.15,
        usd_silent=0.15,
        last_frame=True,
    ),
    _veo(
        "veo-3.0-generate-001",
        "Veo 3",
        family="veo3",
        vertex=False,
        resolutions=_30,
        usd_audio=0.40,
        usd_silent=0.40,
    ),
    _veo(
        "veo-3.0-fast-generate-001",
        "Veo 3 Fast",
        family="veo3",
        vertex=False,
        resolutions=_30,
        usd_audio=0.15,
        usd_silent=0.15,
    ),
    _veo(
        "veo-2.0-generate-001",
        "Veo 2",
        family="veo2",
        vertex=False,
        resolutions=("720p",),
        usd_audio=0.35,
        usd_silent=0.35,
    ),
    _omni("gemini-omni-1.1-flash", "Gemini Omni Flash 1.1"),
    _omni("gemini-omni-1.2-flash", "Gemini Omni Flash 1.2"),
    # -- Vertex AI (OAuth bearer token) ----------------------------------------------------
    _veo(
        "veo-3.1-generate-001",
        "Veo 3.1",
        family="veo31",
        vertex=True,
        resolutions=_31,
        usd_audio=0.40,
        usd_silent=0.20,
        last_frame=True,
        references=3,
    ),
    _veo(
        "veo-3.1-lite-generate-001",
        "Veo 3.1 Lite",
        family="veo31",
        vertex=True,
        resolutions=_30,
        usd_audio=0.15,
        usd_silent=0.10,
        last_frame=True,
        price_note="no Lite price known; Veo 3.1 Fast's used so estimates err high",
    ),
    _veo(
        "veo-3.0-generate-001",
        "Veo 3",
        family="veo3",
        vertex=True,
        resolutions=_30,
        usd_audio=0.40,
        usd_silent=0.20,
    ),
    _veo(
        "veo-3.0-fast-generate-001",
        "Veo 3 Fast",
        family="veo3",
        vertex=True,
        resolutions=_30,
        usd_audio=0.15,
        usd_silent=0.10,
    ),
    _veo(
        "veo-2.0-generate-001",
        "Veo 2",
        family="veo2",
        vertex=True,
        resolutions=("720p",),
        usd_audio=0.35,
        usd_silent=0.35,
    ),
)


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
    """Ids of the models one backend serves."""
    return tuple(m.id for m in MODELS if route(m.id).backend == backend)


DEFAULT_MODEL = {GEMINI: "veo-3.1-generate-preview", VERTEX: "vertex/veo-3.1-generate-001"}

INFO = ProviderInfo(
    id="veo",
    label="Google Veo",
    models=MODELS,
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
    notes=(
        "Two backends: the Gemini API (API key; Veo there may be retired for API keys, "
        "UNVERIFIED) and Vertex AI (set the options project and location, and "
        "VERTEX_ACCESS_TOKEN or a service account with google-auth installed). Vertex model "
        "ids start with 'vertex/'. Gemini Omni Flash runs on the Gemini API only. Prices are "
        "unverified estimates."
    ),
)
