"""The Runway adapter against a loopback fake of its API, and through the engine."""

from __future__ import annotations

import asyncio
import base64
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clips import png_bytes
from tests.fakes.runway import OUTCOMES, FakeRunway
from tests.fakes.server import Response, html_error_page
from tests.helpers import fast_policy, make_provider, run_draws
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput, SeedPolicy
from workbench.engine.planner import Target
from workbench.providers import registry
from workbench.providers.base import Asset, Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    BadRequest,
    ProtocolError,
    ProviderRefused,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.runway import INFO, RunwayProvider, parse_status, parse_submit

PROMPT = "A paper boat drifts down a rain gutter at dusk"
KEY = "test-key-0000"


# -- helpers ------------------------------------------------------------------------------
_OPEN: list[Provider] = []


@pytest.fixture(scope="module")
def server():
    # One server for the module: stopping one costs half a second (serve_forever's poll).
    with FakeRunway() as service:
        yield service


@pytest.fixture
def fake(server):
    server.reset()
    _OPEN.clear()
    return server


def provider(fake: FakeRunway, key: str = KEY, sleeps: list[float] | None = None, **policy):
    """The adapter pointed at the fake; a custom policy only when a test needs one."""
    if sleeps is None and not policy:
        made = make_provider("runway", fake.base_url, credentials={"api_key": key})
        _OPEN.append(made)
        return made

    async def record(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    if sleeps is not None:
        policy["sleep"] = record
    made = registry.create(
        "runway",
        ProviderConfig(
            base_url=fake.base_url,
            credentials=Credentials({"api_key": key}, source="test"),
            policy=fast_policy(**policy),
        ),
    )
    _OPEN.append(made)
    return made


def image(
    tmp_path: Path, name: str = "frame.png", width: int = 640, height: int = 640
) -> ImageInput:
    data = png_bytes(width, height)
    path = tmp_path / name
    path.write_bytes(data)
    return ImageInput(path=str(path), format="png", width=width, height=height, bytes=len(data))


def draw(model: str = "gen4.5", seed: int | None = 42, **spec: Any) -> DrawRequest:
    resolved = INFO.model(model).resolve(GenerationSpec(prompt=spec.pop("prompt", PROMPT), **spec))
    return DrawRequest(spec=resolved, model=model, seed=seed, client_ref="wb-test")


def run(coro):
    """Run one coroutine, then close the adapters' connections inside the same loop."""

    async def go():
        try:
            return await coro
        finally:
            for made in _OPEN:
                await made.aclose()

    return asyncio.run(go())


async def until_done(p: Provider, ref: RemoteRef, limit: float = 5.0) -> list[Status]:
    seen: list[Status] = []
    for _ in range(int(limit / 0.01)):
        status = await p.poll(ref)
        seen.append(status)
        if status.phase.is_terminal:
            return seen
        await asyncio.sleep(0.01)
    raise AssertionError(f"no terminal state: {seen[-1]}")


async def read(p: Provider, ref: RemoteRef, asset: Asset) -> bytes:
    return b"".join([chunk async for chunk in p.fetch(ref, asset)])


def creates(fake: FakeRunway) -> list:
    return fake.calls("POST", r"/v1/(text|image)_to_video")


def takes(home: Path) -> list[tuple]:
    conn = sqlite3.connect(home / "library.sqlite3")
    try:
        return conn.execute("SELECT job_id, bytes, width FROM takes").fetchall()
    finally:
        conn.close()


def factory_for(fake: FakeRunway, **policy):
    return lambda pid: provider(fake, **policy)


# -- happy paths ---------------------------------------------------------------------------
def test_text_to_video_request_status_cost_and_download(fake):
    p = provider(fake)
    request = draw(duration=5, aspect="16:9", options={"public_figure_threshold": "low"})

    async def go():
        sub = await p.submit(request)
        seen = await until_done(p, sub.ref)
        data = await read(p, sub.ref, seen[-1].assets[0])
        return sub, seen, data

    sub, seen, data = run(go())
    [call] = fake.calls("POST", "/v1/text_to_video")
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
    assert sub.seed == 42
    assert sub.cost_reported == "60 credits (estimated)" and sub.cost_usd == 0.6
    assert sub.ref.data == {"model": "gen4.5", "endpoint": "text_to_video"}
    final = seen[-1]
    assert final.phase is Phase.SUCCEEDED and final.provider_status == "succeeded"
    assert final.cost_usd == 0.6 and final.cost_reported == "60 credits"
    asset = final.assets[0]
    assert asset.signed and not asset.auth and "_jwt=" in (asset.url or "")
    assert data == fake.clip
    [download] = fake.calls("GET", r"/outputs/.*")
    assert download.header("authorization") is None  # signed links need no key


def test_image_to_video_sends_a_data_uri_and_the_image_ratio(fake, tmp_path):
    p = provider(fake)
    first = image(tmp_path)
    request = draw(duration=10, aspect="1:1", first_frame=first, seed=7)
    sub = run(p.submit(request))
    [call] = fake.calls("POST", "/v1/image_to_video")
    body = call.json()
    assert body["ratio"] == "960:960" and body["duration"] == 10 and body["seed"] == 7
    prefix = "data:image/png;base64,"
    assert body["promptImage"].startswith(prefix)
    assert base64.b64decode(body["promptImage"][len(prefix) :]) == Path(first.path).read_bytes()
    assert sub.ref.data["endpoint"] == "image_to_video"


def test_veo_first_and_last_frame_audio_and_negative_prompt(fake, tmp_path):
    p = provider(fake)
    request = draw(
        "veo3.1",
        duration=6,
        aspect="9:16",
        resolution="1080p",
        audio=True,
        negative_prompt="text, watermark",
        first_frame=image(tmp_path, "a.png", 720, 1280),
        last_frame=image(tmp_path, "b.png", 720, 1280),
    )
    run(p.submit(request))
    body = fake.calls("POST", "/v1/image_to_video")[0].json()
    assert [i["position"] for i in body["promptImage"]] == ["first", "last"]
    assert all(i["uri"].startswith("data:image/png;base64,") for i in body["promptImage"])
    assert body["ratio"] == "1080:1920"
    assert body["audio"] is True and body["negativePrompt"] == "text, watermark"
    assert body["duration"] == 6 and "contentModeration" not in body


@pytest.mark.parametrize(
    ("model", "spec", "expected", "absent"),
    [
        (
            "kling2.5_turbo_pro",
            {"duration": 10, "aspect": "9:16"},
            {"ratio": "1080:1920", "duration": 10},
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
    p = provider(fake)
    sub = run(p.submit(draw(model, **spec)))
    body = fake.calls("POST", "/v1/text_to_video")[0].json()
    assert {k: body[k] for k in expected} == expected
    assert not set(absent) & set(body)
    assert sub.seed == (42 if "seed" in expected else None)


def test_resold_kling_from_an_image_sends_no_ratio(fake, tmp_path):
    p = provider(fake)
    run(p.submit(draw("kling3.0_pro", duration=5, first_frame=image(tmp_path))))
    body = fake.calls("POST", "/v1/image_to_video")[0].json()
    assert "ratio" not in body and body["promptImage"].startswith("data:image/png")


def test_engine_text_to_video_records_take_seed_and_cost(fake, isolated_home):
    spec = GenerationSpec(
        prompt=PROMPT,
        duration=5,
        aspect="16:9",
        seed_policy=SeedPolicy(kind="fixed", value=1234),
    )
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.DONE, job.failure
    assert job.seed == 1234 and fake.calls("POST", "/v1/text_to_video")[0].json()["seed"] == 1234
    assert job.cost_usd == 0.6 and job.cost_reported == "60 credits"
    [(job_id, size, width)] = takes(isolated_home)
    assert job_id == job.id and size == len(fake.clip) and width > 0
    assert len(creates(fake)) == 1


def test_engine_image_to_video_with_veo(fake, isolated_home, tmp_path):
    spec = GenerationSpec(
        prompt=PROMPT,
        duration=4,
        aspect="16:9",
        resolution="720p",
        first_frame=image(tmp_path, width=1280, height=720),
        seed_policy=SeedPolicy(kind="fixed", value=99),
    )
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "veo3.1_fast")])
    assert job.state is JobState.DONE, job.failure
    body = fake.calls("POST", "/v1/image_to_video")[0].json()
    assert body["model"] == "veo3.1_fast" and body["ratio"] == "1280:720"
    assert body["audio"] is False and body["seed"] == 99 and job.seed == 99
    assert job.cost_usd == 0.4 and job.cost_reported == "40 credits"
    assert len(takes(isolated_home)) == 1


# -- statuses --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "phase", "provider_status"),
    [
        (
            {"id": "t", "status": "PENDING", "estimatedCost": {"credits": 5}},
            Phase.QUEUED,
            "pending",
        ),
        ({"id": "t", "status": "THROTTLED"}, Phase.QUEUED, "throttled"),
        ({"id": "t", "status": "RUNNING", "progress": 0.4}, Phase.RUNNING, "running"),
        (
            {"id": "t", "status": "SUCCEEDED", "output": ["https://x.example/v.mp4"]},
            Phase.SUCCEEDED,
            "succeeded",
        ),
        ({"id": "t", "status": "FAILED", "failure": "no"}, Phase.FAILED, "failed"),
        ({"id": "t", "status": "CANCELLED"}, Phase.CANCELED, "cancelled"),
    ],
)
def test_every_documented_status_maps_to_a_phase(body, phase, provider_status):
    status = parse_status(body)
    assert status.phase is phase and status.provider_status == provider_status
    if phase is Phase.RUNNING:
        assert status.progress == 0.4
    if phase is Phase.FAILED:
        assert status.failure is not None and status.failure.provider_text == "no"


def test_a_task_walks_through_pending_throttled_running_succeeded(fake):
    fake.render_s = 0.6
    p = provider(fake)

    async def go():
        sub = await p.submit(draw())
        return await until_done(p, sub.ref)

    seen = run(go())
    order = list(dict.fromkeys(s.provider_status for s in seen))
    assert order == ["pending", "throttled", "running", "succeeded"]
    assert {s.phase for s in seen if s.provider_status == "throttled"} == {Phase.QUEUED}
    progress = [s.progress for s in seen if s.phase is Phase.RUNNING]
    assert progress == sorted(progress) and all(0 <= x <= 1 for x in progress)


def test_cancel_stops_a_running_task_and_never_deletes_a_finished_one(fake):
    fake.render_s = 30
    p = provider(fake)

    async def go():
        sub = await p.submit(draw())
        cancelled = await p.cancel(sub.ref)
        after = await p.poll(sub.ref)
        fake.render_s = 0.01
        sub2 = await p.submit(draw())
        await until_done(p, sub2.ref)
        second = await p.cancel(sub2.ref)
        still = await p.poll(sub2.ref)
        return cancelled, after, second, still

    cancelled, after, second, still = run(go())
    assert cancelled is True and after.phase is Phase.CANCELED
    assert second is False and still.phase is Phase.SUCCEEDED
    assert len(fake.calls("DELETE", r"/v1/tasks/.*")) == 1


# -- failures reported by the task ----------------------------------------------------------
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
def test_task_failures_are_classified(fake, outcome, kind, retryable):
    fake.queue_outcome(outcome)
    p = provider(fake)

    async def go():
        sub = await p.submit(draw())
        return (await until_done(p, sub.ref))[-1]

    final = run(go())
    assert final.phase is Phase.FAILED and final.failure is not None
    assert final.failure.kind is kind and final.failure.retryable is retryable
    assert final.failure.code == OUTCOMES[outcome].get("failureCode", "")
    assert final.failure.provider_text == OUTCOMES[outcome].get("failure", "")
    assert final.failure.message.startswith("Runway")
    assert not final.assets


def test_engine_fails_a_moderated_success_without_a_take(fake, isolated_home):
    fake.queue_outcome("succeeded_moderated")
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.FAILED
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert "content filter" in job.failure.message and job.failure.code == "SAFETY.OUTPUT.VIDEO"
    assert takes(isolated_home) == []


# -- HTTP errors ---------------------------------------------------------------------------------
def test_wrong_key_is_an_auth_failure_in_plain_words(fake):
    p = provider(fake, key="wrong-key-1234")
    with pytest.raises(AuthError) as caught:
        run(p.submit(draw()))
    assert "did not accept the API key" in caught.value.message
    assert caught.value.failure().kind is FailureKind.AUTH
    assert "wrong-key-1234" not in str(caught.value) + caught.value.provider_text
    assert fake.tasks == {}


def test_engine_auth_failure_fails_the_job(fake, isolated_home):
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    factory = lambda pid: provider(fake, key="wrong-key-1234")  # noqa: E731
    [job] = run_draws(isolated_home, factory, spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.AUTH
    assert "API key" in job.failure.message


def test_429_retry_after_is_honoured_on_create_and_status(fake):
    sleeps: list[float] = []
    p = provider(fake, sleeps=sleeps)
    limited = Response(429, {"error": "Too many requests"}, headers={"Retry-After": "2"})
    fake.fail_next("POST", "/v1/text_to_video", limited)
    fake.fail_next("GET", r"/v1/tasks/.*", limited)

    async def go():
        sub = await p.submit(draw())
        return await p.poll(sub.ref)

    status = run(go())
    assert status.phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert sleeps == [2.0, 2.0]
    assert len(creates(fake)) == 2 and len(fake.tasks) == 1  # 429 means "not taken"
    assert len(fake.calls("GET", r"/v1/tasks/.*")) == 2


def test_5xx_on_status_is_retried_and_503_on_create_is_retried(fake):
    p = provider(fake)
    fake.fail_next("POST", "/v1/text_to_video", Response(503, {"error": "busy"}))
    fake.fail_next(
        "GET", r"/v1/tasks/.*", Response(502, {"error": "bad gateway"}), Response(504, "timeout")
    )

    async def go():
        sub = await p.submit(draw())
        return await p.poll(sub.ref)

    assert run(go()).phase in (Phase.QUEUED, Phase.RUNNING)
    assert len(creates(fake)) == 2 and len(fake.tasks) == 1
    assert len(fake.calls("GET", r"/v1/tasks/.*")) == 3


def test_500_on_create_is_never_resent(fake):
    fake.fail_next("POST", "/v1/text_to_video", Response(500, {"error": "internal"}))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(provider(fake).submit(draw()))
    assert caught.value.provider_text == "internal" and len(creates(fake)) == 1


def test_submit_timeout_is_sent_once_and_ends_unknown(fake, isolated_home):
    fake.hold_next("POST", "/v1/text_to_video", 1.0)
    with pytest.raises(SubmitOutcomeUnknown):
        run(provider(fake, timeout_s=0.3).submit(draw()))
    assert len(creates(fake)) == 1 and len(fake.tasks) == 1  # Runway did get it

    fake.hold_next("POST", "/v1/text_to_video", 1.0)
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(
        isolated_home, factory_for(fake, timeout_s=0.3), spec, [Target("runway", "gen4.5")]
    )
    assert job.state is JobState.UNKNOWN and job.failure.kind is FailureKind.LOST
    assert "not sent again" in job.failure.message
    assert len(creates(fake)) == 2  # one per draw, never a second send


def test_validation_error_body_is_kept_for_the_creator(fake):
    fake.fail_next(
        "POST",
        "/v1/text_to_video",
        Response(
            400,
            {"error": "Validation of body failed", "issues": [{"message": "Invalid ratio"}]},
        ),
    )
    with pytest.raises(BadRequest) as caught:
        run(provider(fake).submit(draw()))
    assert caught.value.provider_text == "Validation of body failed: Invalid ratio"
    assert caught.value.failure().kind is FailureKind.INVALID and len(creates(fake)) == 1


def test_out_of_credits_is_a_quota_failure(fake):
    fake.fail_next(
        "POST",
        "/v1/text_to_video",
        Response(400, {"error": "You do not have enough credits to run this task."}),
    )
    with pytest.raises(ProviderRefused) as caught:
        run(provider(fake).submit(draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.QUOTA and "credits" in failure.message
    assert failure.provider_text == "You do not have enough credits to run this task."


def test_the_fake_insists_on_the_version_header(fake):
    response = httpx.post(
        fake.url("/v1/text_to_video"),
        json={"model": "gen4.5", "promptText": "x", "ratio": "1280:720", "duration": 5},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert response.status_code == 400 and "X-Runway-Version" in response.json()["error"]


# -- malformed answers -------------------------------------------------------------------------
def _html_200() -> Response:
    return Response(200, "<!DOCTYPE html><html>login</html>", headers={"Content-Type": "text/html"})


def _bad_json() -> Response:
    return Response(200, '{"id": "abc", ', headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("response", "words"), [(_bad_json(), "malformed JSON"), (_html_200(), "HTML page")]
)
def test_garbage_on_create_and_status_is_a_protocol_error(fake, response, words):
    p = provider(fake)
    fake.fail_next("POST", "/v1/text_to_video", response)
    with pytest.raises(ProtocolError, match=words):
        run(p.submit(draw()))
    sub = run(provider(fake).submit(draw()))
    fake.fail_next("GET", r"/v1/tasks/.*", response)
    with pytest.raises(ProtocolError, match=words):
        run(provider(fake).poll(sub.ref))


def test_html_error_page_in_words_on_status_and_unknown_on_create(fake):
    p = provider(fake)
    sub = run(p.submit(draw()))
    fake.fail_next("GET", r"/v1/tasks/.*", *[html_error_page(502)] * 3)
    with pytest.raises(ServerError) as caught:
        run(provider(fake).poll(sub.ref))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    fake.fail_next("POST", "/v1/text_to_video", html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown):
        run(provider(fake).submit(draw()))


def test_engine_rides_out_a_malformed_status(fake, isolated_home):
    fake.fail_next("GET", r"/v1/tasks/.*", _bad_json(), html_error_page(502))
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.DONE and len(takes(isolated_home)) == 1


def test_engine_malformed_create_answer_is_unknown_not_resent(fake, isolated_home):
    fake.fail_next("POST", "/v1/text_to_video", _bad_json())
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.UNKNOWN and len(creates(fake)) == 1


# -- downloads ---------------------------------------------------------------------------------
def test_expired_link_then_a_fresh_one_from_the_task(fake):
    p = provider(fake)

    async def go():
        sub = await p.submit(draw())
        done = (await until_done(p, sub.ref))[-1]
        fake.expire_links()
        with pytest.raises(AssetExpired) as caught:
            await read(p, sub.ref, done.assets[0])
        fresh = await p.poll(sub.ref)
        return (
            caught.value,
            done.assets[0],
            fresh.assets[0],
            await read(p, sub.ref, fresh.assets[0]),
        )

    error, old, new, data = run(go())
    assert error.failure().kind is FailureKind.EXPIRED and "expired" in error.message
    assert old.url != new.url and data == fake.clip


def test_engine_refetches_the_task_when_the_link_expired(fake, isolated_home):
    fake.born_expired = 1
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.DONE, job.failure
    downloads = fake.calls("GET", r"/outputs/.*")
    assert len(downloads) == 2
    assert downloads[0].query["_jwt"] != downloads[1].query["_jwt"]
    assert len(takes(isolated_home)) == 1


def test_engine_retries_a_truncated_download(fake, isolated_home):
    cut = Response(200, fake.clip, headers={"Content-Type": "video/mp4"}, truncate_to=300)
    fake.fail_next("GET", r"/outputs/.*", cut)
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.DONE and len(fake.calls("GET", r"/outputs/.*")) == 2
    [(_, size, _)] = takes(isolated_home)
    assert size == len(fake.clip)


def test_engine_never_records_an_always_truncated_download(fake, isolated_home):
    cut = Response(200, fake.clip, headers={"Content-Type": "video/mp4"}, truncate_to=300)
    fake.fail_next("GET", r"/outputs/.*", *[cut] * 8)
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.DOWNLOADING and takes(isolated_home) == []
    assert "interrupted" in (job.provider_status or "")


def test_engine_fails_a_download_that_is_not_a_video(fake, isolated_home):
    page = Response(200, b"<html><body>" + b"x" * 4000 + b"</body></html>")
    fake.fail_next("GET", r"/outputs/.*", page)
    spec = GenerationSpec(prompt=PROMPT, duration=5)
    [job] = run_draws(isolated_home, factory_for(fake), spec, [Target("runway", "gen4.5")])
    assert job.state is JobState.FAILED and "not a video" in job.failure.message
    assert takes(isolated_home) == []


# -- validation --------------------------------------------------------------------------------
def _spec_cases(tmp_path: Path) -> list[tuple[DrawRequest, str, str]]:
    big = image(tmp_path).model_copy(update={"bytes": 4_000_000})
    gif = image(tmp_path).model_copy(update={"format": "gif"})
    return [
        (draw(duration=11), "duration", "duration: 11 s is not offered by gen4.5; choose 2 s, 3 s"),
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
        (
            draw(first_frame=image(tmp_path), last_frame=image(tmp_path, "b.png")),
            "no_last_frame",
            "does not take a last-frame image",
        ),
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


def test_validation_rejects_in_words_and_sends_nothing(fake, tmp_path):
    p = provider(fake)
    for request, code, words in _spec_cases(tmp_path):
        problems = p.validate(request)
        assert code in [x.code for x in problems], (code, problems)
        assert any(words in x.message for x in problems), (words, problems)
        with pytest.raises(ProviderRefused) as caught:
            run(p.submit(request))
        assert caught.value.failure().kind is FailureKind.INVALID
    assert fake.requests == []


def test_valid_requests_have_no_problems(tmp_path):
    p = RunwayProvider()
    assert p.validate(draw(aspect="21:9", first_frame=image(tmp_path))) == []
    assert p.validate(draw(prompt="é" * 1000, seed=2**32 - 1)) == []
    assert p.validate(draw("seedance2", aspect="21:9", resolution="4k", seed=0)) == []


def test_declaration():
    assert INFO.credential_env == {"api_key": ("RUNWAYML_API_SECRET",)}
    assert INFO.default_base_url == "https://api.dev.runwayml.com"
    assert INFO.can_cancel and not INFO.lookup_by_client_ref and 2 <= INFO.default_concurrency <= 4
    gen = INFO.model("gen4.5")
    assert gen.prompt_length_unit == "utf16" and gen.prompt_max_chars == 1000
    assert gen.polling.first_poll_s == 6 and gen.polling.deadline_s == 1200
    assert not gen.price.verified and "UNVERIFIED" in gen.price.source
    assert not INFO.model("gen4_turbo").text_to_video
    assert not INFO.model("kling2.5_turbo_pro").seed.supported
    assert INFO.model("veo3.1").estimate_usd(
        GenerationSpec(prompt="x", duration=8, audio=True)
    ) == pytest.approx(3.2)


# -- live check ----------------------------------------------------------------------------------
def test_check_live(fake):
    good = run(provider(fake).check_live())
    bad = run(provider(fake, key="nope-nope").check_live())
    assert good.ok and good.status == "ok" and good.detail == "1234 credits left"
    assert not bad.ok and bad.status == "auth failed" and "API key" in bad.detail
    assert [r.path for r in fake.requests] == ["/v1/organization", "/v1/organization"]
    assert fake.tasks == {}  # nothing was generated
    dead = make_provider("runway", "http://127.0.0.1:9")
    _OPEN.append(dead)
    result = run(dead.check_live())
    assert not result.ok and result.status == "unreachable"


def test_missing_key_is_named_in_words(fake):
    p = registry.create("runway", ProviderConfig(base_url=fake.base_url, policy=fast_policy()))
    live = run(p.check_live())
    assert live.status == "auth failed" and "RUNWAYML_API_SECRET" in live.detail
    assert fake.requests == []


# -- parser fuzzing --------------------------------------------------------------------------------
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


def _total(parser, body) -> None:
    try:
        result = parser(body)
    except ProtocolError:
        return
    assert result is not None


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_parse_status_is_total_on_any_json(body):
    _total(parse_status, body)


@settings(max_examples=300, deadline=None)
@given(TASKS)
def test_parse_status_is_total_on_task_shaped_dicts(body):
    try:
        status = parse_status(body)
    except ProtocolError:
        return
    assert isinstance(status, Status)
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and all(a.url and a.url.startswith("http") for a in status.assets)
    if status.phase is Phase.FAILED:
        assert status.failure is not None
    if status.progress is not None:
        assert 0 <= status.progress <= 1


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_parse_submit_is_total_on_any_json(body):
    _total(parse_submit, body)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"id": st.uuids().map(str) | ANY},
        optional={"estimatedCost": st.fixed_dictionaries({"credits": ANY}) | ANY},
    )
)
def test_parse_submit_is_total_on_submit_shaped_dicts(body):
    try:
        sub = parse_submit(body)
    except ProtocolError:
        return
    assert sub.ref.remote_id == body["id"]
    assert sub.cost_usd is None or sub.cost_usd >= 0
