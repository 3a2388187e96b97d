"""Gemini Omni Flash through the Interactions API fake: body, every status, cancel, delivery."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clips import clip_bytes
from tests.fakes.veo import FakeGeminiApi, draw, image_input
from tests.helpers import finish, make_provider, run_draws
from tests.helpers import run_with as run
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.providers.base import Phase, Provider, Status
from workbench.providers.veo import VeoProvider

KEY = "test-key-0000"
CREATE = r"/v1beta/interactions"
GET = r"/v1beta/interactions/[^/]+"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGeminiApi]:
    with FakeGeminiApi(key=KEY) as service:
        yield service  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeGeminiApi) -> FakeGeminiApi:
    server.reset()
    return server


def omni(fake: FakeGeminiApi, **options: Any) -> VeoProvider:
    provider = make_provider("veo", fake.api_base, credentials={"api_key": KEY}, **options)
    assert isinstance(provider, VeoProvider)
    return provider


def test_text_to_video_body_statuses_and_echoed_seed(fake) -> None:
    request = draw("gemini-omni-1.1-flash", seed=1234, resolution="1080p", duration=6)

    async def go(p: Provider) -> tuple[Any, Status, list[Status], bytes]:
        sub = await p.submit(request)
        status, seen = await finish(p, sub.ref)
        data = b"".join([c async for c in p.fetch(sub.ref, status.assets[0])])
        return sub, status, seen, data

    sub, status, seen, data = run(omni(fake), go)
    (create,) = fake.calls("POST", CREATE)
    assert create.header("x-goog-api-key") == KEY
    assert create.json() == {
        "model": "gemini-omni-1.1-flash",
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
    assert Phase.QUEUED in phases and Phase.RUNNING in phases
    assert phases[-1] is Phase.SUCCEEDED
    assert status.seed == 1234  # echoed in generation_config
    assert data == clip_bytes()


def test_image_to_video_sends_content_blocks(fake, tmp_path: Path) -> None:
    first = image_input(tmp_path / "first.png")

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("gemini-omni-1.2-flash", seed=5, first_frame=first))
        return (await finish(p, sub.ref))[0]

    assert run(omni(fake), go).phase is Phase.SUCCEEDED
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
def test_every_unhappy_status_fails_in_words(
    fake, outcome: str, code: int, kind: FailureKind, words: str
) -> None:
    fake.next_outcome(outcome, code=code)

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("gemini-omni-1.1-flash"))).ref))[0]

    status = run(omni(fake), go)
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is kind
    assert words in status.failure.message.lower() or words in status.failure.message
    assert status.failure.provider_text
    if kind is FailureKind.MODERATION:
        assert not status.failure.retryable


def test_cancel_stops_an_interaction(fake) -> None:
    async def go(p: Provider) -> tuple[bool, Status]:
        sub = await p.submit(draw("gemini-omni-1.1-flash"))
        cancelled = await p.cancel(sub.ref)
        return cancelled, await p.poll(sub.ref)

    cancelled, status = run(omni(fake), go)
    assert cancelled is True
    assert status.phase is Phase.CANCELED and status.provider_status == "cancelled"
    assert len(fake.calls("POST", r"/v1beta/interactions/[^/]+/cancel")) == 1


def test_uri_delivery_downloads_through_the_files_endpoint(fake) -> None:
    async def go(p: Provider) -> bytes:
        sub = await p.submit(draw("gemini-omni-1.1-flash"))
        status, _ = await finish(p, sub.ref)
        asset = status.assets[0]
        assert asset.url is not None and asset.url.endswith(":download?alt=media")
        return b"".join([c async for c in p.fetch(sub.ref, asset)])

    assert run(omni(fake, omni_delivery="uri"), go) == clip_bytes()
    assert fake.calls("POST", CREATE)[0].json()["response_format"]["delivery"] == "uri"
    assert fake.calls("GET", r"/v1beta/files/[^/]+:download")[0].header("x-goog-api-key") == KEY


def test_engine_run_records_seed_and_cost(fake, isolated_home: Path) -> None:
    spec = GenerationSpec(
        prompt="paper boats on a river",
        duration=4,
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=99),
    )
    (job,) = run_draws(
        isolated_home, lambda _p: omni(fake), spec, [Target("veo", "gemini-omni-1.1-flash")]
    )
    assert job.state is JobState.DONE, job.failure
    assert job.seed == 99 and job.cost_usd == pytest.approx(0.15 * 4)


def test_omni_validation_in_words(fake) -> None:
    p = omni(fake)
    assert p.validate(draw("gemini-omni-1.1-flash", seed=0)) == []
    words = " | ".join(x.message for x in p.validate(draw("gemini-omni-1.1-flash", seed=2**31)))
    assert "outside gemini-omni-1.1-flash's range 0–2147483647" in words
    words = " | ".join(
        x.message
        for x in p.validate(draw("gemini-omni-1.1-flash", negative_prompt="no text", duration=5))
    )
    assert "has no negative prompt" in words and "duration: 5 s is not offered" in words
    assert fake.requests == []
