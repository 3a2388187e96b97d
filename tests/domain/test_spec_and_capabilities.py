from __future__ import annotations

import pytest
from pydantic import ValidationError

from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PriceRule,
    PriceUnit,
    SeedSupport,
)
from workbench.domain.geometry import frame_size
from workbench.domain.spec import GenerationSpec, ImageInput, SeedPolicy, SeedPolicyKind
from workbench.domain.takes import normalise_tag, parse_reason
from workbench.domain.validation import check_against

MODEL = ModelCapabilities(
    id="m1",
    durations=(4, 6, 8),
    aspects=("16:9", "9:16"),
    resolutions=("720p", "1080p"),
    default_duration=8,
    seed=SeedSupport(supported=True, maximum=1000),
    audio=AudioSupport.OPTIONAL,
    prompt_max_chars=20,
    image_min_px=300,
    image_max_bytes=1_000_000,
    image_ratio_range=(0.4, 2.5),
    price=PriceRule(usd=0.1, by_resolution={"1080p": 0.2}, audio_usd={"*": 0.4}),
)


def test_blank_prompt_and_orphan_last_frame_are_refused() -> None:
    with pytest.raises(ValidationError, match="the prompt is empty"):
        GenerationSpec(prompt="   ")
    image = ImageInput(path="/x.png", format="png", width=640, height=360)
    with pytest.raises(ValidationError, match="last frame needs a first frame"):
        GenerationSpec(prompt="x", last_frame=image)


def test_seed_policy_values() -> None:
    assert SeedPolicy().describe() == "random"
    assert SeedPolicy(kind=SeedPolicyKind.SEQUENCE, value=5).describe() == "sequence from 5"
    with pytest.raises(ValidationError, match="needs a starting seed"):
        SeedPolicy(kind=SeedPolicyKind.FIXED)
    with pytest.raises(ValidationError):
        SeedPolicy(kind=SeedPolicyKind.FIXED, value=-1)


def test_resolve_fills_model_defaults_only_where_open() -> None:
    resolved = MODEL.resolve(GenerationSpec(prompt="fox", resolution="1080p"))
    assert (resolved.duration, resolved.aspect, resolved.resolution, resolved.audio) == (
        8,
        "16:9",
        "1080p",
        False,
    )


def test_price_rules() -> None:
    spec = MODEL.resolve(GenerationSpec(prompt="fox", duration=4))
    assert MODEL.price.estimate(spec) == pytest.approx(0.4)
    assert MODEL.price.estimate(spec.model_copy(update={"resolution": "1080p"})) == 0.8
    assert MODEL.price.estimate(spec.model_copy(update={"audio": True})) == 1.6
    tokens = PriceRule(unit=PriceUnit.KTOKENS, usd=0.007, fps=24)
    # 1280×720×24×5/1024 = 108000 tokens → 108 × $0.007
    assert tokens.estimate(
        GenerationSpec(prompt="x", duration=5, resolution="720p", aspect="16:9")
    ) == pytest.approx(0.756)


def test_validation_names_the_problem_and_the_allowed_values() -> None:
    spec = GenerationSpec(
        prompt="a" * 25,
        duration=5,
        aspect="1:1",
        resolution="4k",
        audio=True,
        negative_prompt="blur",
    )
    problems = {p.code: p for p in check_against(MODEL, MODEL.resolve(spec), seed=5000)}
    assert set(problems) == {
        "duration",
        "aspect",
        "resolution",
        "prompt_length",
        "negative_prompt",
        "seed_range",
    }
    assert (
        problems["duration"].message == "duration: 5 s is not offered by m1; choose 4 s, 6 s or 8 s"
    )
    assert problems["aspect"].allowed == ("16:9", "9:16")
    assert "at most 20" in problems["prompt_length"].message
    assert "0–1000" in problems["seed_range"].message


def test_image_limits() -> None:
    small = ImageInput(path="/a.gif", format="gif", width=200, height=1000, bytes=2_000_000)
    spec = MODEL.resolve(GenerationSpec(prompt="x", first_frame=small))
    codes = {p.code for p in check_against(MODEL, spec)}
    assert codes == {"image_format", "image_bytes", "image_small", "image_ratio"}


def test_utf16_prompt_length_counts_like_the_service() -> None:
    model = MODEL.model_copy(update={"prompt_length_unit": "utf16", "prompt_max_chars": 3})
    spec = model.resolve(GenerationSpec(prompt="🎬🎬"))  # 2 characters, 4 UTF-16 units
    assert [p.code for p in check_against(model, spec)] == ["prompt_length"]


@pytest.mark.parametrize(
    ("resolution", "aspect", "size"),
    [
        ("720p", "16:9", (1280, 720)),
        ("480p", "9:16", (480, 854)),
        ("1080p", "1:1", (1080, 1080)),
        ("4k", "16:9", (3840, 2160)),
        ("bogus", "x", (1280, 720)),
    ],
)
def test_frame_size(resolution: str, aspect: str, size: tuple[int, int]) -> None:
    assert frame_size(resolution, aspect) == size


def test_tags_and_reason_chips() -> None:
    assert normalise_tag("  Hero   Shot ") == "hero shot"
    with pytest.raises(ValueError, match="no commas"):
        normalise_tag("a,b")
    assert parse_reason("Artifacts").value == "artefacts"
    with pytest.raises(ValueError, match="choose hands, face"):
        parse_reason("lighting")
