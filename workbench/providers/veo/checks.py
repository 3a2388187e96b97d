"""Veo's own validation rules beyond the declared capabilities.

Backend fit (a Vertex model on the Gemini API and the other way round), the Vertex project
and location, Veo's resolution/duration pairing and Google's person-generation setting.
"""

from __future__ import annotations

import re

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.problems import Problem
from workbench.domain.spec import DrawRequest
from workbench.providers.veo import gemini
from workbench.providers.veo.config import NAMES, VeoSetup
from workbench.providers.veo.models import API_OMNI, BACKENDS, GEMINI, VERTEX, models_for, route

_PERSON_WORDS = ", ".join(gemini.PERSON_GENERATION)


def wrong_backend(model_id: str, api: str, backend: str) -> Problem:
    """The model belongs to the other backend than the one the provider is set to."""
    here = NAMES[backend]
    if api == API_OMNI:
        message = (
            f"{model_id} is served by the Gemini API only, but the Veo provider is set to "
            f"{here}; switch its region to gemini or choose a vertex/ model"
        )
    else:
        other = VERTEX if backend == GEMINI else GEMINI
        message = (
            f"{model_id} is a {NAMES[other].removeprefix('the ')} model, but the Veo "
            f"provider is set to {here}; choose one of {', '.join(models_for(backend))}, or "
            "switch the Veo region"
        )
    return Problem(code="backend", field="model", allowed=models_for(backend), message=message)


def extra_checks(setup: VeoSetup, request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
    """Backend fit, Vertex project, Veo's resolution/duration and person rules."""
    problems: list[Problem] = []
    if setup.bad_backend is not None:
        problems.append(
            Problem(
                code="backend",
                field="provider",
                allowed=BACKENDS,
                message=f"the Veo option backend is {setup.bad_backend!r}; use gemini or vertex",
            )
        )
    r = route(model.id)
    if r.backend != setup.backend:
        problems.append(wrong_backend(model.id, r.api, setup.backend))
        return problems
    if setup.backend == VERTEX and not re.fullmatch(r"[a-z0-9-]+", setup.location):
        problems.append(
            Problem(
                code="location",
                field="provider",
                message=f"the Veo option location {setup.location!r} is not a Google Cloud "
                "location such as us-central1 or global",
            )
        )
    if setup.backend == VERTEX and not setup.project:
        problems.append(
            Problem(
                code="project",
                field="provider",
                message="Vertex AI needs a Google Cloud project id: set the Veo option "
                "project (or GOOGLE_CLOUD_PROJECT)",
            )
        )
    if r.api == API_OMNI:
        return problems
    return problems + _veo_rules(request, model)


def _veo_rules(request: DrawRequest, model: ModelCapabilities) -> list[Problem]:
    spec = request.spec
    problems: list[Problem] = []
    # 1080p and 4k are 8-second clips only (providers.md §2a, UNVERIFIED but consistent
    # with every reseller): rejected here instead of by Google after a paid-looking wait.
    if spec.resolution in ("1080p", "4k") and spec.duration != 8:
        problems.append(
            Problem(
                code="duration",
                field="duration",
                allowed=("8",),
                message=f"{model.id} makes {spec.resolution} clips of 8 s only; choose 8 s or 720p",
            )
        )
    person = spec.options.get("person_generation")
    if person is not None and person not in gemini.PERSON_GENERATION:
        problems.append(
            Problem(
                code="person_generation",
                field="options",
                allowed=gemini.PERSON_GENERATION,
                message=f"person_generation {person!r} is not one Google knows; choose "
                f"{_PERSON_WORDS}",
            )
        )
    elif person == "allow_all" and spec.first_frame is not None:
        problems.append(
            Problem(
                code="person_generation",
                field="options",
                allowed=("allow_adult", "dont_allow"),
                message="with a first frame Google allows person_generation allow_adult or "
                "dont_allow only, not allow_all",
            )
        )
    enhance = spec.options.get("enhance_prompt")
    if enhance is not None and not isinstance(enhance, bool):
        problems.append(
            Problem(
                code="enhance_prompt",
                field="options",
                message="enhance_prompt must be true or false",
            )
        )
    return problems
