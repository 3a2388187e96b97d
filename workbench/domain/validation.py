"""Checks every adapter shares: a resolved spec against a model's declared capabilities.

Adapters call :func:`check_against` first and add their service's own rules after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain.capabilities import AudioSupport, ModelCapabilities
from workbench.domain.problems import Problem
from workbench.domain.spec import GenerationSpec, ImageInput


def _choices(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def prompt_length(text: str, unit: str) -> int:
    """Length as the service counts it (characters or UTF-16 code units)."""
    if unit == "utf16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def check_against(
    model: ModelCapabilities, spec: GenerationSpec, seed: int | None = None
) -> list[Problem]:
    """Every way ``spec`` (resolved for ``model``) breaks the model's declared limits."""
    problems: list[Problem] = []
    name = model.id
    if spec.first_frame is None and not model.text_to_video:
        problems.append(
            Problem(
                code="needs_first_frame",
                field="first_frame",
                message=f"{name} makes video from an image only; give a first frame",
            )
        )
    if spec.first_frame is not None and not model.image_to_video:
        problems.append(
            Problem(
                code="no_image_input",
                field="first_frame",
                message=f"{name} does not take a first-frame image",
            )
        )
    if spec.last_frame is not None and not model.last_frame:
        problems.append(
            Problem(
                code="no_last_frame",
                field="last_frame",
                message=f"{name} does not take a last-frame image",
            )
        )
    if len(spec.reference_images) > model.reference_images:
        problems.append(
            Problem(
                code="too_many_references",
                field="reference_images",
                message=f"{name} takes at most {model.reference_images} reference images, "
                f"not {len(spec.reference_images)}",
            )
        )
    if spec.duration not in model.durations:
        problems.append(
            Problem(
                code="duration",
                field="duration",
                allowed=_choices(model.durations),
                message=f"duration: {spec.duration} s is not offered by {name}; choose "
                f"{_list(model.durations, ' s')}",
            )
        )
    if spec.aspect not in model.aspects:
        problems.append(
            Problem(
                code="aspect",
                field="aspect",
                allowed=model.aspects,
                message=f"aspect: {spec.aspect} is not offered by {name}; choose "
                f"{_list(model.aspects)}",
            )
        )
    if spec.resolution not in model.resolutions:
        problems.append(
            Problem(
                code="resolution",
                field="resolution",
                allowed=model.resolutions,
                message=f"resolution: {spec.resolution} is not offered by {name}; choose "
                f"{_list(model.resolutions)}",
            )
        )
    if spec.audio and model.audio is AudioSupport.NONE:
        problems.append(
            Problem(
                code="audio",
                field="audio",
                message=f"{name} makes silent clips only; turn audio off",
            )
        )
    if spec.audio is False and model.audio is AudioSupport.ALWAYS:
        problems.append(
            Problem(
                code="audio_always",
                field="audio",
                message=f"{name} always makes sound; audio cannot be turned off",
            )
        )
    if spec.negative_prompt and not model.negative_prompt:
        problems.append(
            Problem(
                code="negative_prompt",
                field="negative_prompt",
                message=f"{name} has no negative prompt; leave it empty for this model",
            )
        )
    length = prompt_length(spec.prompt, model.prompt_length_unit)
    unit = "UTF-16 code units" if model.prompt_length_unit == "utf16" else "characters"
    if length > model.prompt_max_chars:
        problems.append(
            Problem(
                code="prompt_length",
                field="prompt",
                message=f"the prompt is {length} {unit}; {name} accepts at most "
                f"{model.prompt_max_chars}",
            )
        )
    if (
        seed is not None
        and model.seed.supported
        and not (model.seed.minimum <= seed <= model.seed.maximum)
    ):
        problems.append(
            Problem(
                code="seed_range",
                field="seed",
                message=f"seed {seed} is outside {name}'s range "
                f"{model.seed.minimum}–{model.seed.maximum}",
            )
        )
    for role, image in (
        ("first frame", spec.first_frame),
        ("last frame", spec.last_frame),
        *(("reference image", r) for r in spec.reference_images),
    ):
        if image is not None:
            problems.extend(check_image(model, image, role))
    return problems


def check_image(model: ModelCapabilities, image: ImageInput, role: str) -> list[Problem]:
    """Format, size and shape limits of one input image."""
    problems: list[Problem] = []
    field = role.replace(" ", "_")
    if image.format.lower() not in model.image_formats:
        problems.append(
            Problem(
                code="image_format",
                field=field,
                allowed=model.image_formats,
                message=f"the {role} is {image.format or 'not an image'}; {model.id} takes "
                f"{_list(model.image_formats)}",
            )
        )
    if model.image_max_bytes is not None and image.bytes > model.image_max_bytes:
        problems.append(
            Problem(
                code="image_bytes",
                field=field,
                message=f"the {role} is {image.bytes / 1e6:.1f} MB; {model.id} takes at most "
                f"{model.image_max_bytes / 1e6:.0f} MB",
            )
        )
    if model.image_min_px is not None and min(image.width, image.height) < model.image_min_px:
        problems.append(
            Problem(
                code="image_small",
                field=field,
                message=f"the {role} is {image.width}×{image.height}; {model.id} needs at least "
                f"{model.image_min_px} px on each side",
            )
        )
    if model.image_ratio_range is not None and image.width and image.height:
        low, high = model.image_ratio_range
        ratio = image.width / image.height
        if not low <= ratio <= high:
            problems.append(
                Problem(
                    code="image_ratio",
                    field=field,
                    message=f"the {role}'s shape ({ratio:.2f}:1) is outside {model.id}'s "
                    f"{low:g}:1 to {high:g}:1",
                )
            )
    return problems


def _list(values: Iterable[object], suffix: str = "") -> str:
    items = [f"{v}{suffix}" for v in values]
    if len(items) > 12 and all(isinstance(v, int) for v in values):
        ints = [int(v) for v in values]  # type: ignore[call-overload]
        return f"{min(ints)}–{max(ints)}{suffix}"
    return ", ".join(items[:-1]) + (" or " if len(items) > 1 else "") + items[-1]
