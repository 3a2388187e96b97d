"""Gemini Omni Flash (the Gemini API's video model) against its fake: body, statuses, price.

The failure matrix every adapter shares is in ``test_conformance.py`` (harness
``veo-omni``, with uri delivery).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clock import ManualClock
from tests.fakes.veo import FakeGeminiApi
from tests.providers import kit
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.providers.base import Phase, Provider, Status
from workbench.providers.veo.models import INFO, OMNI_TOKENS_PER_S

KEY = "test-key-0000"
CREATE = r"/v1beta/interactions"
OMNI, OMNI12 = "gemini-omni-1.1-flash", "gemini-omni-1.2-flash"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeGeminiApi]:
    with FakeGeminiApi(key=KEY, render_s=60, clock=clock) as service:
        yield service  # type: ignore[misc]


def omni(fake: FakeGeminiApi, **options: Any) -> Provider:
    return kit.adapter("veo", fake.api_base, {"api_key": KEY}, **options)


def draw(model: str = OMNI, **spec: Any) -> Any:
    return kit.draw(INFO, model, **spec)


def finished(fake: FakeGeminiApi, clock: ManualClock, request: Any, **options: Any) -> Any:
    async def go(p: Provider) -> tuple[Any, Status, list[Status], bytes]:
        sub = await p.submit(request)
        status, seen = await kit.finish(p, sub.ref, clock)
        data = await kit.fetch_all(p, sub.ref, status) if status.assets else b""
        return sub, status, seen, data

    return kit.run(omni(fake, **options), go)


def test_the_price_is_tokens_per_second_at_each_resolution() -> None:
    caps = INFO.model(OMNI)
    assert caps is not None and caps.price.verified
    # $17.50 per million video tokens at 1931 / 5792 / 8688 / 17376 tokens a second.
    assert OMNI_TOKENS_PER_S == {"360p": 1931, "720p": 5792, "1080p": 8688, "4k": 17376}
    for resolution, tokens in OMNI_TOKENS_PER_S.items():
        spec = GenerationSpec(prompt="x", duration=8, resolution=resolution)
        assert caps.estimate_usd(spec) == pytest.approx(tokens * 17.5 / 1e6 * 8, abs=1e-3)
    assert caps.estimate_usd(GenerationSpec(prompt="x", duration=1)) == pytest.approx(0.1, 0.02)
    assert not INFO.model(OMNI12).price.verified  # type: ignore[union-attr]


def test_text_to_video_body_statuses_echoed_seed_and_list_price(fake, clock) -> None:
    sub, status, seen, data = finished(fake, clock, draw(seed=1234, resolution="1080p", duration=6))
    (create,) = fake.calls("POST", CREATE)
    assert create.header("x-goog-api-key") == KEY
    assert create.json() == {
        "model": OMNI,
        "input": "a red fox in snow",
        "response_modalities": ["video"],
        "response_format": {
            "type": "video",
            "aspect_ratio": "16:9",
            "resolution": "1080p",
            "duration": "6s",
            "delivery": "inline",
        },
        "generation_config": {"video_config": {"task": "text_to_video"}, "seed": 1234},
        "background": True,
    }
    assert sub.ref.remote_id.startswith("v1_") and sub.ref.data["api"] == "omni"
    assert sub.provider_status == "queued" and sub.seed == 1234
    phases = [s.phase for s in seen]
    assert Phase.QUEUED in phases and Phase.RUNNING in phases and phases[-1] is Phase.SUCCEEDED
    assert status.seed == 1234  # echoed in generation_config
    assert status.assets[0].data == data == fake.clip_for(1)  # inline by default
    assert status.cost_usd == pytest.approx(8688 * 17.5 / 1e6 * 6, abs=1e-3)


def test_image_to_video_sends_content_blocks(fake, clock, tmp_path: Path) -> None:
    first = kit.image(tmp_path, "first.png")
    assert finished(fake, clock, draw(OMNI12, seed=5, first_frame=first))[1].phase is (
        Phase.SUCCEEDED
    )
    body = fake.calls("POST", CREATE)[0].json()
    assert body["input"] == [
        {"type": "text", "text": "a red fox in snow"},
        {
            "type": "image",
            "data": base64.b64encode(Path(first.path).read_bytes()).decode(),
            "mime_type": "image/png",
        },
    ]
    assert body["generation_config"]["video_config"] == {"task": "image_to_video"}


@pytest.mark.parametrize(
    ("outcome", "code", "kind", "words"),
    [
        ("failed", 8, FailureKind.QUOTA, "quota"),
        ("failed", 3, FailureKind.INVALID, "rejected"),
        ("incomplete", 13, FailureKind.PROVIDER, "before the video was finished"),
        ("budget_exceeded", 8, FailureKind.QUOTA, "budget"),
        ("requires_action", 13, FailureKind.PROVIDER, "doesn't support"),
        ("requires_continuation", 13, FailureKind.PROVIDER, "doesn't support"),
        ("empty", 13, FailureKind.MODERATION, "safety filters"),
    ],
)
def test_every_unhappy_status_fails_in_words(fake, clock, outcome, code, kind, words) -> None:
    fake.next_outcome(outcome, code=code)
    status = finished(fake, clock, draw())[1]
    assert status.phase is Phase.FAILED and status.failure.kind is kind
    assert words in status.failure.message.lower() or words in status.failure.message
    assert status.failure.provider_text and status.cost_usd is None
    assert kind is not FailureKind.MODERATION or not status.failure.retryable


def test_a_refusal_worded_as_text_is_moderation_and_silence_is_a_provider_failure(
    fake, clock
) -> None:
    fake.next_outcome("empty", message="I can't make that: it shows a real public figure.")
    fake.next_outcome("no_video")
    worded = finished(fake, clock, draw())[1]
    assert worded.failure.kind is FailureKind.MODERATION
    assert worded.failure.provider_text == "I can't make that: it shows a real public figure."
    silent = finished(fake, clock, draw())[1]
    assert (
        silent.failure.kind is FailureKind.PROVIDER and "without a video" in silent.failure.message
    )


def test_cancel_stops_an_interaction(fake) -> None:
    async def go(p: Provider) -> tuple[bool, Status]:
        sub = await p.submit(draw())
        return await p.cancel(sub.ref), await p.poll(sub.ref)

    cancelled, status = kit.run(omni(fake), go)
    assert cancelled is True and status.phase is Phase.CANCELED
    assert status.provider_status == "cancelled"
    assert len(fake.calls("POST", r"/v1beta/interactions/[^/]+/cancel")) == 1


def test_uri_delivery_downloads_through_the_files_endpoint(fake, clock) -> None:
    _sub, status, _seen, data = finished(fake, clock, draw(), omni_delivery="uri")
    assert (status.assets[0].url or "").endswith(":download?alt=media") and data == fake.clip_for(1)
    assert fake.calls("POST", CREATE)[0].json()["response_format"]["delivery"] == "uri"
    assert fake.calls("GET", r"/v1beta/files/[^/]+:download")[0].header("x-goog-api-key") == KEY


def test_the_engine_records_seed_and_cost(fake, clock, isolated_home: Path) -> None:
    spec = GenerationSpec(
        prompt="paper boats on a river",
        duration=4,
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=99),
    )
    [job] = kit.run_engine(isolated_home, lambda _p: omni(fake), spec, [Target("veo")], clock)
    assert job.state is JobState.DONE and job.model == OMNI  # the Gemini API's default now
    assert job.seed == 99 and job.cost_usd == pytest.approx(5792 * 17.5 / 1e6 * 4, abs=1e-3)


def test_omni_validation_in_words(fake) -> None:
    p = omni(fake)
    assert p.validate(draw(seed=0)) == []
    words = " | ".join(x.message for x in p.validate(draw(seed=2**31)))
    assert f"outside {OMNI}'s range 0–2147483647" in words
    words = " | ".join(x.message for x in p.validate(draw(negative_prompt="no text", duration=5)))
    assert "has no negative prompt" in words and "duration: 5 s is not offered" in words
    assert fake.requests == []
