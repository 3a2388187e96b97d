"""Runway against its fake: camelCase bodies per model, ratios, credits, failure codes, links.

The failure matrix every adapter shares (retries, broken answers, keys, links, retired
models) is in ``test_conformance.py``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clock import ManualClock
from tests.fakes.runway import OUTCOMES, FakeRunway
from tests.fakes.server import Response
from tests.providers import kit
from workbench.domain.capabilities import Charged
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy
from workbench.engine.planner import Target
from workbench.providers.base import Phase, Provider, Status
from workbench.providers.errors import AssetExpired, BadRequest, ProtocolError, ProviderRefused
from workbench.providers.runway.adapter import RunwayProvider
from workbench.providers.runway.models import INFO
from workbench.providers.runway.wire import parse_status, parse_submit

PROMPT = "A paper boat drifts down a rain gutter at dusk"
KEY = "test-key-0000"
T2V, I2V, TASK = "/v1/text_to_video", "/v1/image_to_video", r"/v1/tasks/.*"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeRunway]:
    with FakeRunway(render_s=60, clock=clock) as service:
        yield service


def adapter(fake: FakeRunway, key: str = KEY) -> Provider:
    return kit.adapter("runway", fake.base_url, {"api_key": key})


def draw(model: str = "gen4.5", seed: int | None = 42, **spec: Any) -> Any:
    return kit.draw(INFO, model, seed=seed, **{"prompt": PROMPT, **spec})


def submitted(fake: FakeRunway, request: Any) -> Any:
    return kit.run(adapter(fake), lambda p: p.submit(request))


def engine(home: Path, fake: FakeRunway, clock: ManualClock, spec: GenerationSpec, model: str):
    [job] = kit.run_engine(home, lambda _p: adapter(fake), spec, [Target("runway", model)], clock)
    return job


# -- declaration ----------------------------------------------------------------------------
def test_declaration_credits_durations_and_billing():
    assert INFO.credential_env == {"api_key": ("RUNWAYML_API_SECRET",)}
    assert INFO.default_base_url == "https://api.dev.runwayml.com"
    assert INFO.can_cancel and not INFO.lookup_by_client_ref and 2 <= INFO.default_concurrency <= 4
    assert INFO.billing.failed_draws is Charged.UNKNOWN and INFO.billing.source
    gen = INFO.model("gen4.5")
    assert gen.prompt_length_unit == "utf16" and gen.prompt_max_chars == 1000
    assert gen.polling.first_poll_s == 6 and gen.polling.deadline_s == 1200
    assert gen.seed.maximum == 2**32 - 1
    # "Checked 2026-11": $0.01 a credit; gen4.5 12/s, gen4_turbo 5/s, veo3.1 40/s with audio,
    # veo3.1_fast 15/10, seedance2 36/s; gen4.5 and gen4_turbo take 2–10 s.
    usd = {m.id: (m.price.usd, m.price.audio_usd.get("*")) for m in INFO.models}
    assert usd["gen4.5"] == (0.12, None) and usd["gen4_turbo"] == (0.05, None)
    assert usd["veo3.1"][1] == 0.4 and usd["veo3.1_fast"] == (0.1, 0.15)
    assert usd["seedance2"] == (0.36, None)
    assert gen.price.verified and INFO.model("veo3.1_fast").price.verified
    assert gen.durations == INFO.model("gen4_turbo").durations == tuple(range(2, 11))
    assert not INFO.model("gen4_turbo").text_to_video
    assert not INFO.model("kling2.5_turbo_pro").seed.supported


# -- wire mapping ---------------------------------------------------------------------------
def test_text_to_video_request_credits_and_a_signed_link(fake, clock):
    request = draw(duration=5, aspect="16:9", options={"public_figure_threshold": "low"})

    async def go(p: Provider) -> Any:
        sub = await p.submit(request)
        final, seen = await kit.finish(p, sub.ref, clock)
        return sub, final, seen

    sub, final, seen = kit.run(adapter(fake), go)
    [call] = fake.calls("POST", T2V)
    assert call.json() == {
        "model": "gen4.5",
        "promptText": PROMPT,
        "ratio": "1280:720",
        "duration": 5,
        "seed": 42,
        "contentModeration": {"publicFigureThreshold": "low"},
    }
    assert call.header("authorization") == f"Bearer {KEY}"
    assert call.header("x-runway-version") == "2024-11-06"
    assert sub.seed == 42 and sub.ref.data == {"model": "gen4.5", "endpoint": "text_to_video"}
    assert sub.cost_usd is None and sub.cost_reported is None  # estimatedCost is no charge
    assert final.cost_usd == 0.6 and final.cost_reported == "60 credits" and final.charged
    assert final.assets[0].signed and "_jwt=" in (final.assets[0].url or "")
    order = list(dict.fromkeys(s.provider_status for s in seen))
    assert order[:3] == ["pending", "throttled", "running"] and order[-1] == "succeeded"
    progress = [s.progress for s in seen if s.phase is Phase.RUNNING]
    assert progress == sorted(progress) and all(0 <= x <= 1 for x in progress)


def test_image_to_video_sends_a_data_uri_and_the_image_ratio(fake, tmp_path):
    first = kit.image(tmp_path, width=640, height=640)
    sub = submitted(fake, draw(duration=10, aspect="1:1", first_frame=first, seed=7))
    [call] = fake.calls("POST", I2V)
    body = call.json()
    assert body["ratio"] == "960:960" and body["duration"] == 10 and body["seed"] == 7
    prefix = "data:image/png;base64,"
    assert base64.b64decode(body["promptImage"][len(prefix) :]) == Path(first.path).read_bytes()
    assert sub.ref.data["endpoint"] == "image_to_video"


def test_veo_first_and_last_frame_audio_and_negative_prompt(fake, tmp_path):
    first = kit.image(tmp_path, "a.png", 720, 1280)
    last = kit.image(tmp_path, "b.png", 720, 1280)
    request = draw(
        "veo3.1",
        duration=6,
        aspect="9:16",
        resolution="1080p",
        audio=True,
        negative_prompt="text, watermark",
        first_frame=first,
        last_frame=last,
    )
    submitted(fake, request)
    body = fake.calls("POST", I2V)[0].json()
    assert [i["position"] for i in body["promptImage"]] == ["first", "last"]
    assert all(i["uri"].startswith("data:image/png;base64,") for i in body["promptImage"])
    assert body["ratio"] == "1080:1920" and body["audio"] is True and body["duration"] == 6
    assert body["negativePrompt"] == "text, watermark" and "contentModeration" not in body


@pytest.mark.parametrize(
    ("model", "spec", "expected", "absent"),
    [
        (
            "kling2.5_turbo_pro",
            {"duration": 10, "aspect": "9:16"},
            {"ratio": "1080:1920"},
            ("seed", "audio"),
        ),
        (
            "kling3.0_pro",
            {"duration": 7, "aspect": "1:1", "audio": True},
            {"ratio": "1440:1440", "audio": True},
            ("seed",),
        ),
        (
            "seedance2",
            {"duration": 4, "aspect": "9:16", "resolution": "480p"},
            {"ratio": "496:864", "seed": 42, "audio": False},
            (),
        ),
        (
            "grok_imagine_1_5",
            {"duration": 3, "aspect": "1:1", "resolution": "1080p"},
            {"ratio": "1:1", "resolution": "1080p"},
            ("seed", "audio"),
        ),
    ],
)
def test_resold_models_are_mapped_to_their_own_fields(fake, model, spec, expected, absent):
    sub = submitted(fake, draw(model, seed=42 if "seed" in expected else None, **spec))
    body = fake.calls("POST", T2V)[0].json()
    assert {k: body[k] for k in expected} == expected and not set(absent) & set(body)
    assert sub.seed == (42 if "seed" in expected else None)


def test_resold_kling_from_an_image_sends_no_ratio(fake, tmp_path):
    submitted(fake, draw("kling3.0_pro", None, duration=5, first_frame=kit.image(tmp_path)))
    body = fake.calls("POST", I2V)[0].json()
    assert "ratio" not in body and body["promptImage"].startswith("data:image/png")


def test_the_engine_records_seed_credits_and_takes(fake, clock, isolated_home, tmp_path):
    fixed = SeedPolicy(kind="fixed", value=1234)
    job = engine(
        isolated_home, fake, clock, GenerationSpec(prompt=PROMPT, seed_policy=fixed), "gen4.5"
    )
    assert job.state is JobState.DONE and job.seed == 1234
    assert job.cost_usd == 0.6 and job.cost_reported == "60 credits"
    first = kit.image(tmp_path, width=1280, height=720)
    spec = GenerationSpec(
        prompt=PROMPT,
        duration=4,
        first_frame=first,
        seed_policy=SeedPolicy(kind="fixed", value=99),
    )
    veo = engine(isolated_home, fake, clock, spec, "veo3.1_fast")
    body = fake.calls("POST", I2V)[0].json()
    assert veo.state is JobState.DONE and body["model"] == "veo3.1_fast"
    assert body["ratio"] == "1280:720" and body["audio"] is False and veo.seed == 99
    assert veo.cost_usd == 0.4 and veo.cost_reported == "40 credits"
    assert len(kit.takes(isolated_home, [job, veo])) == 2


# -- statuses and failures ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "phase", "provider_status"),
    [
        ({"status": "PENDING", "estimatedCost": {"credits": 5}}, Phase.QUEUED, "pending"),
        ({"status": "THROTTLED"}, Phase.QUEUED, "throttled"),
        ({"status": "RUNNING", "progress": 0.4}, Phase.RUNNING, "running"),
        (
            {"status": "SUCCEEDED", "output": ["https://x.example/v.mp4"]},
            Phase.SUCCEEDED,
            "succeeded",
        ),
        ({"status": "FAILED", "failure": "no"}, Phase.FAILED, "failed"),
        ({"status": "CANCELLED"}, Phase.CANCELED, "cancelled"),
    ],
)
def test_every_documented_status_maps_to_a_phase(body, phase, provider_status):
    status = parse_status({"id": "t", **body})
    assert status.phase is phase and status.provider_status == provider_status
    assert phase is not Phase.RUNNING or status.progress == 0.4
    assert phase is not Phase.FAILED or status.failure.provider_text == "no"
    assert status.cost_usd is None  # an estimate is not a charge


def test_cancel_stops_a_running_task_and_never_deletes_a_finished_one(fake, clock):
    async def go(p: Provider) -> tuple[bool, Phase, bool, Phase]:
        running = await p.submit(draw())
        clock.advance(30)
        cancelled = await p.cancel(running.ref)
        after = (await p.poll(running.ref)).phase
        done = await p.submit(draw())
        await kit.finish(p, done.ref, clock)
        return cancelled, after, await p.cancel(done.ref), (await p.poll(done.ref)).phase

    cancelled, after, second, still = kit.run(adapter(fake), go)
    assert cancelled and after is Phase.CANCELED and not second and still is Phase.SUCCEEDED
    assert len(fake.calls("DELETE", TASK)) == 1


@pytest.mark.parametrize(
    ("outcome", "kind", "retryable"),
    [
        ("moderation_input", FailureKind.MODERATION, False),
        ("moderation_output", FailureKind.MODERATION, False),
        ("succeeded_moderated", FailureKind.MODERATION, False),
        ("bad_output", FailureKind.PROVIDER, True),
        ("internal", FailureKind.PROVIDER, True),
        ("asset_invalid", FailureKind.INVALID, False),
        ("succeeded_empty", FailureKind.PROVIDER, True),
    ],
)
def test_task_failures_are_classified_and_their_zero_cost_believed(
    fake, clock, outcome, kind, retryable
):
    fake.queue_outcome(outcome)

    async def go(p: Provider) -> Status:
        return (await kit.finish(p, (await p.submit(draw())).ref, clock))[0]

    final = kit.run(adapter(fake), go)
    assert final.phase is Phase.FAILED and not final.assets
    assert (final.failure.kind, final.failure.retryable) == (kind, retryable)
    assert final.failure.code == OUTCOMES[outcome].get("failureCode", "")
    assert final.failure.provider_text == OUTCOMES[outcome].get("failure", "")
    assert final.failure.message.startswith("Runway")
    assert final.charged is False and final.cost_usd is None and final.cost_reported == "0 credits"


def test_a_failed_task_that_cost_credits_is_charged():
    body = {"id": "t", "status": "FAILED", "failure": "x", "cost": {"credits": 25}}
    status = parse_status(body)
    assert status.charged is True and status.cost_usd == 0.25  # the service says so


def test_create_errors_keep_runways_words(fake):
    issue = {"error": "Validation of body failed", "issues": [{"message": "Invalid ratio"}]}
    fake.fail_next("POST", T2V, Response(400, issue))
    with pytest.raises(BadRequest) as caught:
        submitted(fake, draw())
    assert caught.value.provider_text == "Validation of body failed: Invalid ratio"
    broke = {"error": "You do not have enough credits to run this task."}
    fake.fail_next("POST", T2V, Response(400, broke))
    with pytest.raises(ProviderRefused) as refused:
        submitted(fake, draw())
    failure = refused.value.failure()
    assert failure.kind is FailureKind.QUOTA and "credits" in failure.message
    assert failure.provider_text == broke["error"] and len(fake.calls("POST", T2V)) == 2


def test_the_fake_insists_on_the_version_header(fake):
    response = httpx.post(
        fake.url(T2V),
        json={"model": "gen4.5", "promptText": "x", "ratio": "1280:720", "duration": 5},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert response.status_code == 400 and "X-Runway-Version" in response.json()["error"]


# -- links ------------------------------------------------------------------------------------
def test_an_expired_link_is_renewed_by_polling_the_task_again(fake, clock, isolated_home):
    async def go(p: Provider) -> Any:
        sub = await p.submit(draw())
        done = (await kit.finish(p, sub.ref, clock))[0]
        fake.expire_links()
        with pytest.raises(AssetExpired) as caught:
            await kit.fetch_all(p, sub.ref, done)
        fresh = await p.poll(sub.ref)
        return caught.value, done.assets[0], fresh, await kit.fetch_all(p, sub.ref, fresh)

    error, old, fresh, data = kit.run(adapter(fake), go)
    assert error.failure().kind is FailureKind.EXPIRED and "expired" in error.message
    assert old.url != fresh.assets[0].url and data == fake.clip_for(1)
    fake.reset()
    fake.born_expired = 1
    job = engine(isolated_home, fake, clock, GenerationSpec(prompt=PROMPT), "gen4.5")
    downloads = fake.calls("GET", r"/outputs/.*")
    assert job.state is JobState.DONE and len(downloads) == 2
    assert downloads[0].query["_jwt"] != downloads[1].query["_jwt"]


# -- validation and live check ------------------------------------------------------------------
def test_validation_rejects_in_words_and_submit_sends_nothing(fake, tmp_path):
    big = kit.image(tmp_path).model_copy(update={"bytes": 4_000_000})
    gif = kit.image(tmp_path).model_copy(update={"format": "gif"})
    frames = {"first_frame": kit.image(tmp_path), "last_frame": kit.image(tmp_path, "b.png")}
    cases = [
        (draw(duration=11), "duration", "duration: 11 s is not offered by gen4.5; choose 2 s, 3 s"),
        (draw("gen4_turbo", duration=1), "duration", "choose 2 s, 3 s"),
        (draw(aspect="21:9"), "ratio", "choose 16:9 720p or 9:16 720p"),
        (
            draw(resolution="1080p"),
            "resolution",
            "resolution: 1080p is not offered by gen4.5; choose 720p",
        ),
        (draw("veo3.1", aspect="1:1"), "aspect", "choose 16:9 or 9:16"),
        (draw("veo3.1", duration=5), "duration", "choose 4 s, 6 s or 8 s"),
        (
            draw(prompt="🎬" * 501),
            "prompt_length",
            "1002 UTF-16 code units; gen4.5 accepts at most 1000",
        ),
        (draw(seed=2**32), "seed_range", "outside gen4.5's range 0–4294967295"),
        (draw("seedance2", seed=2**31), "seed_range", "range 0–2147483647"),
        (draw(first_frame=big), "image_bytes", "Runway accepts images of at most 3.9 MB"),
        (draw(first_frame=gif), "image_format", "the first frame is gif"),
        (draw("gen4_turbo"), "needs_first_frame", "from an image only"),
        (draw(**frames), "no_last_frame", "does not take a last-frame image"),
        (draw(audio=True), "audio", "silent clips only"),
        (draw("kling2.5_turbo_pro", duration=5, aspect="16:9", audio=True), "audio", "silent"),
        (draw(negative_prompt="blur"), "negative_prompt", "no negative prompt"),
        (draw(options={"public_figure_threshold": "high"}), "option", "'auto' or 'low'"),
        (
            draw().model_copy(update={"model": "wan3"}),
            "model_not_offered",
            "wan3 is not offered in Workbench yet",
        ),
    ]
    p = adapter(fake)
    for request, code, words in cases:
        problems = p.validate(request)
        assert code in [x.code for x in problems], (code, problems)
        assert any(words in x.message for x in problems), (words, problems)
        with pytest.raises(ProviderRefused) as caught:
            kit.run(adapter(fake), lambda q, r=request: q.submit(r))
        assert caught.value.failure().kind is FailureKind.INVALID
    assert fake.requests == []
    ok = RunwayProvider()
    assert ok.validate(draw(aspect="21:9", first_frame=kit.image(tmp_path))) == []
    assert ok.validate(draw(prompt="é" * 1000, seed=2**32 - 1)) == []
    assert ok.validate(draw("seedance2", aspect="21:9", resolution="4k", seed=0)) == []
    assert ok.validate(draw("gen4_turbo", duration=2, first_frame=kit.image(tmp_path))) == []


def test_the_live_check_reads_the_credit_balance(fake):
    good = kit.run(adapter(fake), lambda p: p.check_live())
    assert good.detail == "1234 credits left"
    missing = kit.run(kit.adapter("runway", fake.base_url, None), lambda p: p.check_live())
    assert missing.status == "auth failed" and "RUNWAYML_API_SECRET" in missing.detail
    assert [r.path for r in fake.requests] == ["/v1/organization"]


# -- parser fuzzing ----------------------------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    max_leaves=8,
)
ANY = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | JSON
STATUSES = ["PENDING", "THROTTLED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "DONE"]
TASKS = st.fixed_dictionaries(
    {"status": st.sampled_from(STATUSES) | ANY},
    optional={
        "id": ANY,
        "output": st.lists(st.text() | st.just("https://cdn.example/v.mp4") | ANY) | ANY,
        "progress": ANY,
        "failure": ANY,
        "failureCode": st.sampled_from(["SAFETY.INPUT.TEXT", "INTERNAL.BAD_OUTPUT.CODE01"]) | ANY,
        "cost": st.fixed_dictionaries({"credits": ANY}) | ANY,
        "estimatedCost": st.fixed_dictionaries({"credits": ANY}) | ANY,
    },
)  # fmt: skip
SUBMITS = st.fixed_dictionaries(
    {"id": st.uuids().map(str) | ANY},
    optional={"estimatedCost": st.fixed_dictionaries({"credits": ANY}) | ANY},
)


@settings(max_examples=300, deadline=None)
@given(JSON | TASKS)
def test_parse_status_is_total(body):
    try:
        status = parse_status(body)
    except ProtocolError:
        return
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and all(a.url and a.url.startswith("http") for a in status.assets)
    assert status.phase is not Phase.FAILED or status.failure is not None
    assert status.progress is None or 0 <= status.progress <= 1


@settings(max_examples=300, deadline=None)
@given(JSON | SUBMITS)
def test_parse_submit_is_total(body):
    try:
        sub = parse_submit(body)
    except ProtocolError:
        return
    assert sub.ref.remote_id == body["id"] and sub.cost_usd is None
