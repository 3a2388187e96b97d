"""The xAI Grok Imagine adapter against its loopback fake: wire format, statuses, failures."""

from __future__ import annotations

import asyncio
import base64
import io
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.fakes.clips import clip_bytes, png_bytes
from tests.fakes.grok import FakeGrok
from tests.fakes.server import Response, html_error_page
from tests.helpers import fast_policy, make_provider, run_draws
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput
from workbench.engine.planner import Target, plan_run
from workbench.library.library import Library
from workbench.library.records import JobRecord
from workbench.providers import registry
from workbench.providers.base import Asset, Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    BadRequest,
    MissingKey,
    NotFound,
    ProtocolError,
    ProviderRefused,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.grok import INFO, TICKS_PER_USD, GrokProvider, parse_status, parse_submit
from workbench.providers.grok.wire import classify_failure, parse_cost

KEY = "test-key-0000"
CREATE = r"/v1/videos/generations"
STATUS = r"/v1/videos/(?!generations)[^/]+"
PROMPT = "A neon koi circles in a dark pond, ripples catching light"
T = TypeVar("T")


# -- helpers ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server() -> Iterator[FakeGrok]:
    # One server for the module: stopping one takes 0.5 s (serve_forever's poll interval).
    service = FakeGrok(api_key=KEY, render_s=0.2)
    service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def fake(server: FakeGrok) -> FakeGrok:
    """The fake with no history, tasks or scripted faults."""
    server.reset()
    return server


def grok(
    fake: FakeGrok, key: str | None = KEY, sleeps: list[float] | None = None, **policy: Any
) -> Provider:
    """An adapter on the fake; ``sleeps`` records every retry wait."""
    if sleeps is None and not policy and key == KEY:
        return make_provider("grok", fake.base_url, credentials={"api_key": KEY})
    if sleeps is not None:

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        policy["sleep"] = sleep
    creds = Credentials({"api_key": key}, source="test") if key else None
    return registry.create(
        "grok",
        ProviderConfig(base_url=fake.base_url, credentials=creds, policy=fast_policy(**policy)),
    )


def run(provider: Provider, action: Callable[[Provider], Awaitable[T]]) -> T:
    """Run one coroutine against the adapter, closing its client afterwards."""

    async def go() -> T:
        try:
            return await action(provider)
        finally:
            await provider.aclose()

    return asyncio.run(go())


def draw(model: str = "grok-imagine-video", seed: int | None = None, **spec: Any) -> DrawRequest:
    """A draw resolved the way the planner resolves it."""
    raw = GenerationSpec(prompt=spec.pop("prompt", PROMPT), **spec)
    caps = INFO.model(model)
    resolved = caps.resolve(raw) if caps else raw
    return DrawRequest(spec=resolved, model=model, seed=seed, client_ref="wb-test-1")


def image_file(
    tmp_path: Path, data: bytes | None = None, name: str = "first.png", **kw: Any
) -> ImageInput:
    path = tmp_path / name
    path.write_bytes(data if data is not None else png_bytes(640, 360))
    values: dict[str, Any] = {
        "format": "png",
        "width": 640,
        "height": 360,
        "bytes": path.stat().st_size,
    }
    values.update(kw)
    return ImageInput(path=str(path), **values)


async def until_terminal(
    provider: Provider, ref: RemoteRef, limit_s: float = 5.0
) -> tuple[Status, list[str]]:
    """Poll like a patient client; returns the last status and every status seen."""
    seen: list[str] = []
    deadline = time.monotonic() + limit_s
    while True:
        status = await provider.poll(ref)
        seen.append(status.provider_status)
        if status.phase.is_terminal or time.monotonic() > deadline:
            return status, seen
        await asyncio.sleep(0.03)


async def download(provider: Provider, ref: RemoteRef, asset: Asset) -> bytes:
    return b"".join([chunk async for chunk in provider.fetch(ref, asset)])


def takes(home: Path) -> list[tuple[int, int]]:
    """(job id, bytes) of every recorded take."""
    library = Library(home)
    try:
        rows = library.conn.execute("SELECT job_id, bytes FROM takes ORDER BY job_id").fetchall()
        return [(row[0], row[1]) for row in rows]
    finally:
        library.close()


def engine_run(
    home: Path,
    fake: FakeGrok,
    spec: GenerationSpec,
    model: str | None = None,
    draws: int = 1,
    factory: Callable[[str], Provider] | None = None,
) -> list[JobRecord]:
    factory = factory or (
        lambda pid: make_provider(pid, fake.base_url, credentials={"api_key": KEY})
    )
    return run_draws(home, factory, spec, [Target("grok", model, draws)])


# -- happy paths -----------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_body_and_delivers_the_clip(fake: FakeGrok) -> None:
    fake.render_s = 0.5  # room to see `pending` first even on a busy machine

    async def go(p: Provider) -> tuple[Any, Status, list[str], bytes]:
        sub = await p.submit(draw())
        status, seen = await until_terminal(p, sub.ref)
        return sub, status, seen, await download(p, sub.ref, status.assets[0])

    sub, status, seen, data = run(grok(fake), go)
    (body,) = fake.created_bodies()
    assert body == {
        "model": "grok-imagine-video",
        "prompt": PROMPT,
        "duration": 8,  # xAI's default, as an integer
        "aspect_ratio": "16:9",
        "resolution": "480p",
    }
    assert type(body["duration"]) is int
    create = fake.calls("POST", CREATE)[0]
    assert create.header("authorization") == f"Bearer {KEY}"
    assert create.header("content-type") == "application/json"
    (task,) = fake.tasks.values()
    assert sub.ref == RemoteRef(task.id, {"model": "grok-imagine-video"})
    assert sub.seed is None and sub.cost_usd is None
    assert seen[0] == "pending" and seen[-1] == "done"
    assert status.phase is Phase.SUCCEEDED and status.progress == 1.0
    (asset,) = status.assets
    assert asset.url == f"{fake.root_url}/files/{task.token}/{task.id}.mp4"
    assert (asset.auth, asset.signed) == (False, True)
    assert status.cost_usd == pytest.approx(0.4) == task.ticks / TICKS_PER_USD
    assert status.cost_reported == "4000000000 ticks"
    assert data == clip_bytes()
    assert fake.media_calls()[0].header("authorization") is None  # signed URL: no key


def test_image_to_video_sends_a_data_url_first_frame_and_explicit_audio(
    fake: FakeGrok, tmp_path: Path
) -> None:
    image = image_file(tmp_path)
    request = draw(
        "grok-imagine-video-1.5",
        duration=6,
        aspect="9:16",
        resolution="720p",
        audio=True,
        first_frame=image,
    )

    async def go(p: Provider) -> Status:
        sub = await p.submit(request)
        return (await until_terminal(p, sub.ref))[0]

    status = run(grok(fake), go)
    (body,) = fake.created_bodies()
    expected_url = (
        "data:image/png;base64," + base64.b64encode(Path(image.path).read_bytes()).decode()
    )
    assert body == {
        "model": "grok-imagine-video-1.5",
        "prompt": PROMPT,
        "image": {"url": expected_url},
        "duration": 6,
        "aspect_ratio": "9:16",
        "resolution": "720p",
        "generate_audio": True,
    }
    assert status.phase is Phase.SUCCEEDED
    assert status.cost_usd == pytest.approx(0.48) and status.cost_reported == "4800000000 ticks"


def test_the_image_type_comes_from_its_bytes_not_its_name(fake: FakeGrok, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 200, 90)).save(buffer, format="JPEG")
    image = image_file(tmp_path, buffer.getvalue(), name="actually-a-jpeg.png", format="jpeg")
    run(grok(fake), lambda p: p.submit(draw(first_frame=image)))
    (body,) = fake.created_bodies()
    assert body["image"]["url"].startswith("data:image/jpeg;base64,/9j/")


def test_audio_is_only_sent_when_asked_for(fake: FakeGrok) -> None:
    async def go(p: Provider) -> None:
        await p.submit(draw(audio=False))
        await p.submit(draw(options={"generate_audio": False}))

    run(grok(fake), go)
    first, second = fake.created_bodies()
    assert "generate_audio" not in first  # UNVERIFIED spelling: left to xAI's default
    assert second["generate_audio"] is False


def test_engine_text_to_video_records_takes_cost_and_no_seed(
    fake: FakeGrok, isolated_home: Path
) -> None:
    jobs = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT, duration=4), draws=2)
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    assert all(
        j.cost_usd == pytest.approx(0.2) and j.cost_reported == "2000000000 ticks" for j in jobs
    )
    assert all(j.seed is None and not j.seed_supported for j in jobs)  # xAI has no seed
    assert all(j.est_cost_usd == pytest.approx(0.2) for j in jobs)
    assert {j.remote_id for j in jobs} == set(fake.tasks)
    assert [t[0] for t in takes(isolated_home)] == [j.id for j in jobs]
    assert all(t[1] == len(clip_bytes()) for t in takes(isolated_home))
    assert [b["duration"] for b in fake.created_bodies()] == [4, 4]


def test_engine_image_to_video_records_a_take(
    fake: FakeGrok, isolated_home: Path, tmp_path: Path
) -> None:
    spec = GenerationSpec(
        prompt=PROMPT, duration=3, resolution="720p", first_frame=image_file(tmp_path)
    )
    (job,) = engine_run(isolated_home, fake, spec, model="grok-imagine-video-1.5")
    assert job.state is JobState.DONE and job.failure is None
    assert job.cost_usd == pytest.approx(0.24) and job.cost_reported == "2400000000 ticks"
    assert job.remote == {"model": "grok-imagine-video-1.5"}
    assert takes(isolated_home) == [(job.id, len(clip_bytes()))]
    (body,) = fake.created_bodies()
    assert body["image"]["url"].startswith("data:image/png;base64,iVBOR")


# -- every status --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("knob", "phase", "kind"),
    [
        (None, Phase.SUCCEEDED, None),
        ("omit_status_next", Phase.SUCCEEDED, None),
        ("expire_next", Phase.FAILED, FailureKind.EXPIRED),
        ("fail_next_task", Phase.FAILED, FailureKind.PROVIDER),
        ("moderate_next", Phase.FAILED, FailureKind.MODERATION),
    ],
)
def test_each_outcome_follows_pending_and_maps_to_its_phase(
    fake: FakeGrok, knob: str | None, phase: Phase, kind: FailureKind | None
) -> None:
    fake.render_s = 0.5  # room to see `pending` first even on a busy machine
    if knob:
        getattr(fake, knob)()

    async def go(p: Provider) -> tuple[Status, list[str]]:
        sub = await p.submit(draw())
        return await until_terminal(p, sub.ref)

    status, seen = run(grok(fake), go)
    assert seen[0] == "pending" and all(s == "pending" for s in seen[:-1])
    assert status.phase is phase
    assert (status.failure.kind if status.failure else None) is kind


@pytest.mark.parametrize(
    ("body", "phase"),
    [
        ({"status": "pending"}, Phase.RUNNING),
        (
            {
                "status": "done",
                "video": {"url": "https://vidgen.x.ai/a.mp4", "respect_moderation": True},
            },
            Phase.SUCCEEDED,
        ),
        ({"status": "DONE", "video": {"url": "https://vidgen.x.ai/a.mp4"}}, Phase.SUCCEEDED),
        ({"video": {"url": "https://vidgen.x.ai/a.mp4", "duration": 8}}, Phase.SUCCEEDED),
        ({"status": "expired"}, Phase.FAILED),
        ({"status": "failed", "error": {"code": "internal", "message": "boom"}}, Phase.FAILED),
    ],
)
def test_parse_status_maps_every_documented_value(body: dict[str, Any], phase: Phase) -> None:
    status = parse_status(body)
    assert status.phase is phase
    if phase is Phase.SUCCEEDED:
        assert status.assets == (
            Asset(url="https://vidgen.x.ai/a.mp4", auth=False, signed=True, mime_type="video/mp4"),
        )


def test_expired_and_failed_carry_plain_words_and_the_services_text() -> None:
    expired = parse_status({"status": "expired"}).failure
    assert expired is not None and expired.kind is FailureKind.EXPIRED and not expired.retryable
    assert "expire" in expired.message
    failed = parse_status(
        {
            "status": "failed",
            "error": {"code": "internal_error", "message": "GPU fell over"},
            "usage": {"cost_in_usd_ticks": 0},
        }
    )
    assert failed.failure is not None
    assert (failed.failure.kind, failed.failure.code, failed.failure.provider_text) == (
        FailureKind.PROVIDER,
        "internal_error",
        "GPU fell over",
    )
    assert failed.failure.retryable and failed.cost_usd == 0.0


def test_unknown_status_and_bad_links_are_protocol_errors() -> None:
    with pytest.raises(ProtocolError, match="unknown job status 'processing'"):
        parse_status({"status": "processing"})
    with pytest.raises(ProtocolError, match="cannot download"):
        parse_status({"status": "done", "video": {"url": "file:///etc/passwd"}})
    with pytest.raises(ProtocolError, match="moderation flag"):
        parse_status(
            {"status": "done", "video": {"url": "https://x/a.mp4", "respect_moderation": "yes"}}
        )


def test_done_without_a_link_is_a_failure_not_a_success() -> None:
    status = parse_status({"status": "done", "video": {"duration": 8, "respect_moderation": True}})
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is FailureKind.PROVIDER and "no link" in status.failure.message


# -- moderation ---------------------------------------------------------------------------
def test_done_that_moderation_withheld_is_a_moderation_failure(fake: FakeGrok) -> None:
    fake.moderate_next()

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw())
        return (await until_terminal(p, sub.ref))[0]

    status = run(grok(fake), go)
    assert status.phase is Phase.FAILED and status.provider_status == "done"
    assert status.failure is not None
    assert status.failure.kind is FailureKind.MODERATION and not status.failure.retryable
    assert "moderation" in status.failure.message and status.assets == ()
    assert status.cost_reported == "4000000000 ticks"  # xAI may still bill it; keep the figure


def test_engine_moderation_fails_the_job_without_a_take(
    fake: FakeGrok, isolated_home: Path
) -> None:
    fake.moderate_next()
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert takes(isolated_home) == [] and fake.media_calls() == []


@pytest.mark.parametrize(
    ("code", "message", "kind", "retryable"),
    [
        ("content_moderation", "Rejected.", FailureKind.MODERATION, False),
        ("", "The prompt violates our usage guidelines", FailureKind.MODERATION, False),
        ("internal", "Output flagged by safety system", FailureKind.MODERATION, False),
        ("RESOURCE_EXHAUSTED", "Too many concurrent requests", FailureKind.QUOTA, True),
        ("invalid_argument", "duration out of range", FailureKind.INVALID, False),
        ("internal_error", "Video generation failed.", FailureKind.PROVIDER, True),
    ],
)
def test_failed_codes_are_classified(
    code: str, message: str, kind: FailureKind, retryable: bool
) -> None:
    failure = classify_failure(code, message)
    assert (failure.kind, failure.retryable, failure.code, failure.provider_text) == (
        kind,
        retryable,
        code,
        message,
    )


def test_engine_failed_task_with_moderation_code_is_not_retryable(
    fake: FakeGrok, isolated_home: Path
) -> None:
    fake.fail_next_task(
        "content_moderation", "Your request was rejected by our content moderation."
    )
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.failure is not None and job.failure.kind is FailureKind.MODERATION
    assert job.failure.provider_text == "Your request was rejected by our content moderation."


def test_create_refused_for_moderation_is_a_moderation_refusal(
    fake: FakeGrok, isolated_home: Path
) -> None:
    refusal = Response(
        400,
        {
            "code": "Client specified an invalid argument",
            "error": "Prompt was rejected by content moderation.",
        },
    )
    fake.fail_next("POST", CREATE, refusal)
    with pytest.raises(ProviderRefused) as caught:
        run(grok(fake), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert failure.provider_text == "Prompt was rejected by content moderation."
    fake.fail_next("POST", CREATE, refusal)
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION
    assert len(fake.calls("POST", CREATE)) == 2  # once per test call, never re-sent


def test_no_credit_is_quota_not_a_key_problem(fake: FakeGrok) -> None:
    fake.fail_next(
        "POST",
        CREATE,
        Response(
            403,
            {
                "code": "The caller does not have permission to execute the specified operation",
                "error": "Your team has no credits left. Purchase credits at console.x.ai.",
            },
        ),
    )
    with pytest.raises(ProviderRefused) as caught:
        run(grok(fake), lambda p: p.submit(draw()))
    assert caught.value.failure().kind is FailureKind.QUOTA
    assert "add credit" in caught.value.message


# -- auth -----------------------------------------------------------------------------------
def test_wrong_key_is_an_auth_failure_in_plain_words(fake: FakeGrok, isolated_home: Path) -> None:
    with pytest.raises(AuthError) as caught:
        run(grok(fake, key="wrong-key-1234"), lambda p: p.submit(draw()))
    assert caught.value.message == "xAI Grok Imagine did not accept the API key (HTTP 401)"
    assert caught.value.failure().kind is FailureKind.AUTH
    assert "wrong-key-1234" not in str(caught.value) + caught.value.provider_text
    (job,) = engine_run(
        isolated_home,
        fake,
        GenerationSpec(prompt=PROMPT),
        factory=lambda pid: grok(fake, key="wrong-key-1234"),
    )
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.AUTH and "API key" in job.failure.message
    assert fake.tasks == {}


def test_wrong_key_answered_with_400_is_still_auth(fake: FakeGrok) -> None:
    fake.bad_key_status = 400
    with pytest.raises(AuthError, match="did not accept the API key") as caught:
        run(grok(fake, key="wrong-key-1234"), lambda p: p.submit(draw()))
    assert caught.value.provider_text.startswith("Incorrect API key provided")


def test_missing_key_sends_nothing(fake: FakeGrok) -> None:
    with pytest.raises(MissingKey, match="XAI_API_KEY"):
        run(grok(fake, key=None), lambda p: p.submit(draw()))
    assert fake.requests == []


def test_a_key_echoed_by_the_service_is_scrubbed(fake: FakeGrok) -> None:
    fake.fail_next(
        "POST", CREATE, Response(400, {"code": "bad", "error": f"bad request for {KEY}"})
    )
    with pytest.raises(BadRequest) as caught:
        run(grok(fake), lambda p: p.submit(draw()))
    assert KEY not in caught.value.provider_text and "***" in caught.value.provider_text


# -- retries ---------------------------------------------------------------------------------
def test_429_on_status_honours_retry_after_then_succeeds(fake: FakeGrok) -> None:
    fake.render_s = 60.0  # stays pending, so the answer after the retry is predictable
    sleeps: list[float] = []
    provider = grok(fake, sleeps=sleeps)
    sub = run(grok(fake), lambda p: p.submit(draw()))
    fake.fail_next(
        "GET",
        STATUS,
        Response(
            429, {"code": "Too many requests", "error": "Slow down."}, headers={"Retry-After": "2"}
        ),
    )
    status = run(provider, lambda p: p.poll(sub.ref))
    assert status.phase is Phase.RUNNING
    assert sleeps == [2.0]
    assert len(fake.calls("GET", STATUS)) == 2


def test_429_and_503_on_create_are_retried_because_nothing_was_started(fake: FakeGrok) -> None:
    sleeps: list[float] = []
    fake.fail_next(
        "POST",
        CREATE,
        Response(429, {"code": "x", "error": "rate"}, headers={"Retry-After": "1"}),
        Response(503, {"code": "x", "error": "busy"}),
    )
    sub = run(grok(fake, sleeps=sleeps), lambda p: p.submit(draw()))
    assert len(fake.calls("POST", CREATE)) == 3 and list(fake.tasks) == [sub.ref.remote_id]
    assert sleeps[0] == 1.0


def test_5xx_on_status_is_retried_then_succeeds(fake: FakeGrok) -> None:
    fake.render_s = 60.0
    sub = run(grok(fake), lambda p: p.submit(draw()))
    fake.fail_next(
        "GET", STATUS, Response(500, {"code": "internal", "error": "oops"}), html_error_page(502)
    )
    status = run(grok(fake), lambda p: p.poll(sub.ref))
    assert status.phase is Phase.RUNNING and len(fake.calls("GET", STATUS)) == 3


def test_500_on_create_is_never_resent(fake: FakeGrok) -> None:
    fake.fail_next("POST", CREATE, Response(500, {"code": "internal", "error": "went wrong"}))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(grok(fake), lambda p: p.submit(draw()))
    assert len(fake.calls("POST", CREATE)) == 1 and caught.value.provider_text == "went wrong"


def test_submit_that_times_out_after_arrival_is_sent_once(
    fake: FakeGrok, isolated_home: Path
) -> None:
    fake.hold_next("POST", CREATE, 0.8)
    with pytest.raises(SubmitOutcomeUnknown, match="may or may not have started"):
        run(grok(fake, timeout_s=0.3), lambda p: p.submit(draw()))
    assert len(fake.calls("POST", CREATE)) == 1 and len(fake.tasks) == 1  # xAI did get it

    fake.hold_next("POST", CREATE, 0.8)
    (job,) = engine_run(
        isolated_home,
        fake,
        GenerationSpec(prompt=PROMPT),
        factory=lambda pid: grok(fake, timeout_s=0.3),
    )
    assert job.state is JobState.UNKNOWN and job.failure is not None
    assert job.failure.kind is FailureKind.LOST and "not sent again" in job.failure.message
    assert len(fake.calls("POST", CREATE)) == 2  # one per attempt above, none re-sent


# -- broken answers -------------------------------------------------------------------------
def test_malformed_json_and_html_on_create_are_classified(fake: FakeGrok) -> None:
    fake.fail_next(
        "POST",
        CREATE,
        Response(200, '{"request_id": "abc', headers={"Content-Type": "application/json"}),
    )
    with pytest.raises(ProtocolError, match="malformed JSON"):
        run(grok(fake), lambda p: p.submit(draw()))
    fake.fail_next(
        "POST",
        CREATE,
        Response(200, "<!DOCTYPE html><html>Sign in</html>", headers={"Content-Type": "text/html"}),
    )
    with pytest.raises(ProtocolError, match="HTML page instead of JSON"):
        run(grok(fake), lambda p: p.submit(draw()))
    fake.fail_next("POST", CREATE, html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(grok(fake), lambda p: p.submit(draw()))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    fake.fail_next("POST", CREATE, Response(200, {"id": "not-the-field"}))
    with pytest.raises(ProtocolError, match="no request id"):
        run(grok(fake), lambda p: p.submit(draw()))
    assert len(fake.calls("POST", CREATE)) == 4 and fake.tasks == {}


def test_malformed_json_and_html_on_status_are_classified(fake: FakeGrok) -> None:
    sub = run(grok(fake), lambda p: p.submit(draw()))
    fake.fail_next(
        "GET", STATUS, Response(200, "{not json", headers={"Content-Type": "application/json"})
    )
    with pytest.raises(ProtocolError, match="malformed JSON"):
        run(grok(fake), lambda p: p.poll(sub.ref))
    fake.fail_next("GET", STATUS, *[html_error_page(502)] * 3)
    with pytest.raises(ServerError) as caught:
        run(grok(fake), lambda p: p.poll(sub.ref))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    assert "server error" in caught.value.message


def test_engine_rides_out_broken_status_answers(fake: FakeGrok, isolated_home: Path) -> None:
    fake.fail_next("GET", STATUS, Response(200, "{not json"), *[html_error_page(502)] * 3)
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DONE and len(takes(isolated_home)) == 1


def test_engine_marks_a_garbled_create_answer_unknown(fake: FakeGrok, isolated_home: Path) -> None:
    fake.fail_next("POST", CREATE, Response(200, "{oops"))
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.UNKNOWN and len(fake.calls("POST", CREATE)) == 1


def test_unknown_request_id_is_not_found(fake: FakeGrok) -> None:
    with pytest.raises(NotFound):
        run(grok(fake), lambda p: p.poll(RemoteRef("no-such/id")))
    assert fake.calls("GET", STATUS)[0].path == "/v1/videos/no-such%2Fid"


# -- downloads ---------------------------------------------------------------------------------
def test_expired_link_is_expired(fake: FakeGrok, isolated_home: Path) -> None:
    async def go(p: Provider) -> None:
        sub = await p.submit(draw())
        status = (await until_terminal(p, sub.ref))[0]
        fake.expire_links()
        await download(p, sub.ref, status.assets[0])

    with pytest.raises(AssetExpired, match="expired") as caught:
        run(grok(fake), go)
    assert caught.value.failure().kind is FailureKind.EXPIRED
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.EXPIRED and takes(isolated_home) == []


def test_truncated_download_is_retried_and_never_recorded_half(
    fake: FakeGrok, isolated_home: Path
) -> None:
    fake.truncate_next_downloads(1)
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DONE and len(fake.media_calls()) == 2
    assert takes(isolated_home) == [(job.id, len(clip_bytes()))]


def test_download_that_keeps_breaking_stays_resumable(fake: FakeGrok, isolated_home: Path) -> None:
    fake.truncate_next_downloads(100)
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DOWNLOADING and takes(isolated_home) == []
    assert len(fake.media_calls()) == 4


@pytest.mark.parametrize(
    "payload", [b"<html><body>Access denied</body></html>" + b" " * 100, png_bytes(64, 64)]
)
def test_non_video_bytes_fail_the_job_in_words(
    fake: FakeGrok, isolated_home: Path, payload: bytes
) -> None:
    fake.serve_instead(payload)
    (job,) = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert "not a video" in job.failure.message and takes(isolated_home) == []


# -- validation -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (
            {"duration": 20},
            "duration",
            "duration: 20 s is not offered by grok-imagine-video; choose 1–15 s",
        ),
        ({"aspect": "21:9"}, "aspect", "aspect: 21:9 is not offered"),
        ({"resolution": "4k"}, "resolution", "resolution: 4k is not offered"),
        ({"prompt": "x" * 5000}, "prompt_length", "the prompt is 5000 characters"),
        ({"negative_prompt": "blurry"}, "negative_prompt", "has no negative prompt"),
        ({"options": {"generate_audio": "yes"}}, "option_type", "must be true or false"),
        ({"audio": True, "options": {"generate_audio": False}}, "audio_conflict", "choose one"),
    ],
)
def test_validation_refuses_in_words_before_sending(
    fake: FakeGrok, change: dict[str, Any], code: str, words: str
) -> None:
    provider = grok(fake)
    problems = provider.validate(draw(**change))
    assert [p.code for p in problems] == [code]
    assert words in problems[0].message
    assert fake.requests == []


def test_image_and_seed_rules_are_checked_before_sending(fake: FakeGrok, tmp_path: Path) -> None:
    provider = grok(fake)
    webp = image_file(tmp_path, name="a.webp", format="webp")
    huge = image_file(tmp_path, name="b.png", bytes=30_000_000)
    gone = ImageInput(
        path=str(tmp_path / "missing.png"), format="png", width=640, height=360, bytes=100
    )
    first = image_file(tmp_path, name="c.png")
    cases = {
        "image_format": draw(first_frame=webp),
        "image_bytes": draw(first_frame=huge),
        "image_missing": draw(first_frame=gone),
        "seed_unsupported": draw(seed=42),
        "no_last_frame": draw("grok-imagine-video-1.5", first_frame=first, last_frame=first),
        "model": draw("grok-imagine-video-beta"),
    }
    for code, request in cases.items():
        problems = provider.validate(request)
        assert code in [p.code for p in problems], (code, problems)
        assert all(p.message.count(" ") >= 4 for p in problems)  # sentences, not codes
    assert "takes png or jpeg" in provider.validate(cases["image_format"])[0].message
    assert "at most 20 MB" in provider.validate(cases["image_bytes"])[0].message
    assert "cannot be found" in provider.validate(cases["image_missing"])[0].message
    assert "takes no seed" in provider.validate(cases["seed_unsupported"])[0].message
    assert fake.requests == []


def test_a_first_frame_gone_before_submit_is_refused_unsent(fake: FakeGrok, tmp_path: Path) -> None:
    request = draw(first_frame=image_file(tmp_path))
    Path(request.spec.first_frame.path).unlink()  # type: ignore[union-attr]
    with pytest.raises(ProviderRefused, match="could not be read") as caught:
        run(grok(fake), lambda p: p.submit(request))
    assert caught.value.failure().kind is FailureKind.INVALID and fake.requests == []


def test_a_plan_with_problems_sends_nothing(fake: FakeGrok) -> None:
    plan = plan_run(
        GenerationSpec(prompt=PROMPT, duration=30, aspect="21:9"),
        [Target("grok")],
        provider_for=lambda pid: make_provider(pid, fake.base_url),
        has_key=lambda _p: True,
    )
    assert not plan.ok and {p.code for p in plan.problems} == {"duration", "aspect"}
    assert fake.requests == []


# -- parser fuzz ----------------------------------------------------------------------------
# Any JSON value; sizes are capped so 300 examples stay quick (breadth, not bulk, finds bugs).
TEXT = st.text(max_size=16)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=8,
)
STATUS_WORDS = st.sampled_from(["pending", "done", "expired", "failed", "DONE", "queued", ""])
VIDEO = st.fixed_dictionaries(
    {},
    optional={
        "url": st.sampled_from(["https://vidgen.x.ai/v.mp4", "", "ftp://x", "http://127.0.0.1/v"])
        | JSON,
        "respect_moderation": st.booleans() | JSON,
        "duration": JSON,
        "upsampled_prompt": JSON,
    },
)
STATUS_BODY = st.fixed_dictionaries(
    {},
    optional={
        "status": STATUS_WORDS | JSON,
        "video": VIDEO | JSON,
        "model": JSON,
        "usage": st.fixed_dictionaries({}, optional={"cost_in_usd_ticks": st.integers() | JSON})
        | JSON,
        "error": st.fixed_dictionaries({}, optional={"code": JSON, "message": JSON}) | JSON,
        "code": JSON,
        "message": JSON,
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, STATUS_BODY))
def test_parse_status_gives_a_status_or_a_protocol_error(body: Any) -> None:
    try:
        status = parse_status(body)
    except ProtocolError:
        return
    assert isinstance(status, Status)
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and status.assets[0].url and status.assets[0].url.startswith("http")
    if status.phase is Phase.FAILED:
        assert status.failure is not None


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        JSON, st.fixed_dictionaries({}, optional={"request_id": st.text() | JSON, "status": JSON})
    )
)
def test_parse_submit_gives_a_submission_or_a_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id and submission.ref.remote_id == submission.ref.remote_id.strip()


def test_cost_ticks_become_dollars() -> None:
    assert TICKS_PER_USD == 10**10
    assert parse_cost({"usage": {"cost_in_usd_ticks": 2_500_000_000}}) == (0.25, "2500000000 ticks")
    assert parse_cost({"usage": {"cost_in_usd_ticks": "500000000"}}) == (0.05, "500000000 ticks")
    assert parse_cost({"usage": {"cost_in_usd_ticks": -1}}) == (None, None)
    assert parse_cost({"usage": {"cost_in_usd_ticks": True}}) == (None, None)
    assert parse_cost({}) == (None, None)


# -- live check, declaration ----------------------------------------------------------------
def test_check_live_ok_with_a_good_key_and_auth_failed_with_a_bad_one(fake: FakeGrok) -> None:
    good = run(grok(fake), lambda p: p.check_live())
    assert good.ok and good.status == "ok"
    assert "grok-imagine-video" in good.detail
    bad = run(grok(fake, key="wrong-key-1234"), lambda p: p.check_live())
    assert (bad.ok, bad.status) == (False, "auth failed")
    assert [r.path for r in fake.requests] == ["/v1/models", "/v1/models"]
    none = run(grok(fake, key=None), lambda p: p.check_live())
    assert none.status == "auth failed" and len(fake.requests) == 2


def test_check_live_unreachable() -> None:
    provider = registry.create(
        "grok",
        ProviderConfig(
            base_url="http://127.0.0.1:9/v1",
            credentials=Credentials({"api_key": KEY}),
            policy=fast_policy(),
        ),
    )
    result = run(provider, lambda p: p.check_live())
    assert (result.ok, result.status) == (False, "unreachable")


def test_declaration() -> None:
    assert registry.provider_class("grok") is GrokProvider
    assert INFO.credential_env == {"api_key": ("XAI_API_KEY",)}
    assert INFO.default_base_url == "https://api.x.ai/v1" and INFO.needs_key
    assert not INFO.can_cancel and not INFO.lookup_by_client_ref
    assert 2 <= INFO.default_concurrency <= 4
    for model in INFO.models:
        assert model.durations == tuple(range(1, 16)) and model.default_duration == 8
        assert set(model.aspects) == {"1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"}
        assert model.default_resolution == "480p" and not model.seed.supported
        assert not model.price.verified and "UNVERIFIED" in model.price.source
        hint = model.polling
        assert (hint.first_poll_s, hint.interval_s, hint.max_interval_s, hint.deadline_s) == (
            3,
            3,
            10,
            900,
        )
    base = INFO.model("grok-imagine-video")
    assert base is not None
    assert base.estimate_usd(GenerationSpec(prompt="x")) == pytest.approx(0.4)  # 8 s × $0.05
    assert run(grok_offline(), lambda p: p.cancel(RemoteRef("r"))) is False


def grok_offline() -> Provider:
    return registry.create("grok", ProviderConfig(credentials=Credentials({"api_key": KEY})))
