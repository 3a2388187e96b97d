"""The Sora (OpenAI videos API) adapter against its loopback fake, and through the engine."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clips import clip_bytes, png_bytes
from tests.fakes.server import Response, html_error_page
from tests.fakes.sora import FakeSora, openai_error
from tests.helpers import fast_policy, make_provider, run_draws
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput
from workbench.engine.planner import Target, plan_run
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    MissingKey,
    NotFound,
    ProtocolError,
    ProviderRefused,
    RetiredEndpoint,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.sora import INFO, SoraProvider, parse_status, parse_submit
from workbench.providers.sora.wire import STATUS_PHASES

KEY = "test-key-0000"
V = "/openai/v1/videos"
ONE = r"/openai/v1/videos/[^/]+"
CONTENT = r"/openai/v1/videos/[^/]+/content"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeSora]:
    # One server per module: stopping one costs 0.5 s (serve_forever's poll interval).
    with FakeSora() as service:
        assert isinstance(service, FakeSora)
        yield service


@pytest.fixture
def fake(server: FakeSora) -> FakeSora:
    server.reset()
    return server


def run(coro: Any, p: Provider | None = None) -> Any:
    """Run one coroutine in a fresh loop; close ``p``'s pooled connections with that loop."""

    async def go() -> Any:
        try:
            return await coro
        finally:
            if p is not None:
                await p.aclose()

    return asyncio.run(go())


def call(p: Provider, fn: Any) -> Any:
    """``fn(p)`` in a fresh loop, closing ``p`` afterwards."""
    return run(fn(p), p)


def provider(fake: FakeSora, sleeps: list[float] | None = None, **kw: Any) -> SoraProvider:
    """An adapter on the fake; ``sleeps`` records the HTTP policy's waits."""
    policy_kw = {k: kw.pop(k) for k in list(kw) if k in ("timeout_s",)}
    if sleeps is not None:

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        policy_kw["sleep"] = sleep
    creds = kw.pop("credentials", {"api_key": KEY})
    return SoraProvider(
        ProviderConfig(
            base_url=kw.pop("base_url", fake.api_base),
            credentials=Credentials(creds, source="test"),
            policy=fast_policy(**policy_kw),
            options=kw,
        )
    )


def spec(**kw: Any) -> GenerationSpec:
    values: dict[str, Any] = {
        "prompt": "A red fox trotting through fresh snow at dawn, handheld",
        "duration": 8,
        "aspect": "16:9",
        "resolution": "720p",
    }
    values.update(kw)
    model = INFO.model(values.pop("model", None))
    assert model is not None
    return model.resolve(GenerationSpec(**values))


def request(model: str = "sora-2", seed: int | None = None, **kw: Any) -> DrawRequest:
    return DrawRequest(spec=spec(model=model, **kw), model=model, seed=seed, client_ref="wb-1")


def image(tmp_path: Path, width: int, height: int, name: str = "first.png") -> ImageInput:
    data = png_bytes(width, height)
    path = tmp_path / name
    path.write_bytes(data)
    return ImageInput(path=str(path), format="png", width=width, height=height, bytes=len(data))


async def until_done(p: Provider, ref: RemoteRef, limit_s: float = 5.0) -> list[Status]:
    seen: list[Status] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + limit_s
    while loop.time() < end:
        status = await p.poll(ref)
        seen.append(status)
        if status.phase.is_terminal:
            return seen
        await asyncio.sleep(0.03)
    raise AssertionError(f"no terminal status: {seen[-1:]}")


async def download(p: Provider, ref: RemoteRef, status: Status) -> bytes:
    chunks = [c async for c in p.fetch(ref, status.assets[0])]
    return b"".join(chunks)


def takes_for(home: Path, job_id: int) -> list[sqlite3.Row]:
    conn = sqlite3.connect(home / "library.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM takes WHERE job_id = ?", (job_id,)).fetchall()
    finally:
        conn.close()


def factory(fake: FakeSora, **options: Any):
    return lambda pid: make_provider(pid, fake.api_base, **options)


# -- declaration -------------------------------------------------------------------------
def test_info_declares_the_retired_default_and_the_models() -> None:
    assert registry.provider_class("sora") is SoraProvider
    assert INFO.default_base_url == "https://api.openai.com/v1"
    assert INFO.regions == {"openai": "https://api.openai.com/v1"}
    assert INFO.credential_env == {"api_key": ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")}
    assert "2026-09-24" in INFO.notes and "<resource>.openai.azure.com/openai/v1" in INFO.notes
    assert not INFO.lookup_by_client_ref and INFO.can_cancel
    assert set(INFO.model_ids) == {
        "sora-2",
        "sora-2-pro",
        "sora-2-2025-10-06",
        "sora-2-2025-12-08",
        "sora-2-pro-2025-10-06",
    }
    two, pro = INFO.model("sora-2"), INFO.model("sora-2-pro")
    assert two is not None and pro is not None
    assert two.durations == (4, 8, 12) and two.resolutions == ("720p",)
    assert pro.resolutions == ("720p", "1024p")
    assert not two.seed.supported and two.audio == "always" and not two.negative_prompt
    assert not two.price.verified and "UNVERIFIED" in two.price.source
    assert two.estimate_usd(spec(duration=8)) == pytest.approx(0.8)
    assert pro.estimate_usd(spec(model="sora-2-pro", resolution="1024p", duration=4)) == 2.0
    assert (two.polling.first_poll_s, two.polling.interval_s, two.polling.max_interval_s) == (
        5.0,
        5.0,
        20.0,
    )


# -- happy paths -------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_multipart_body(fake: FakeSora) -> None:
    p = provider(fake)

    async def go() -> tuple[Any, list[Status], bytes]:
        sub = await p.submit(request(seed=123))  # a seed is ignored: Sora has none
        seen = await until_done(p, sub.ref)
        data = await download(p, sub.ref, seen[-1])
        await p.aclose()
        return sub, seen, data

    sub, seen, data = run(go(), p)
    create = fake.calls("POST", V)
    assert len(create) == 1
    assert create[0].header("content-type").startswith("multipart/form-data")
    assert create[0].header("authorization") == f"Bearer {KEY}"
    form = fake.request_form()
    assert {k: v.data.decode() for k, v in form.items()} == {
        "prompt": "A red fox trotting through fresh snow at dawn, handheld",
        "model": "sora-2",
        "seconds": "8",
        "size": "1280x720",
    }
    assert all(part.filename is None for part in form.values())
    assert sub.ref.remote_id.startswith("video_")
    assert sub.ref.data == {"model": "sora-2", "seconds": "8", "size": "1280x720"}
    assert sub.seed is None and sub.cost_usd == pytest.approx(0.8)
    assert sub.provider_status == "queued"
    done = seen[-1]
    assert done.phase is Phase.SUCCEEDED and done.progress == 1.0
    assert done.cost_usd == pytest.approx(0.8)
    asset = done.assets[0]
    assert asset.url == f"{fake.api_base}/videos/{sub.ref.remote_id}/content?variant=video"
    assert asset.auth and not asset.signed
    assert data == clip_bytes()
    content = fake.calls("GET", CONTENT)[0]
    assert content.header("authorization") == f"Bearer {KEY}"
    assert content.header("accept") == "application/binary"
    assert content.query == {"variant": ["video"]}


def test_image_to_video_uploads_the_first_frame_as_a_file(fake: FakeSora, tmp_path: Path) -> None:
    frame = image(tmp_path, 1024, 1792)
    p = provider(fake)
    req = request("sora-2-pro", aspect="9:16", resolution="1024p", duration=12, first_frame=frame)
    assert p.validate(req) == []

    async def go() -> tuple[Any, list[Status]]:
        sub = await p.submit(req)
        return sub, await until_done(p, sub.ref)

    sub, seen = run(go(), p)
    form = fake.request_form()
    assert form["model"].data == b"sora-2-pro" and form["size"].data == b"1024x1792"
    assert form["seconds"].data == b"12"
    ref = form["input_reference"]
    assert ref.filename == "first.png" and ref.content_type == "image/png"
    assert ref.data == Path(frame.path).read_bytes()
    assert fake.tasks[sub.ref.remote_id].image == (1024, 1792)
    assert sub.cost_usd == pytest.approx(6.0)  # 12 s × $0.50 at 1024p
    assert seen[-1].phase is Phase.SUCCEEDED and seen[-1].cost_usd == pytest.approx(6.0)


def test_text_to_video_through_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    jobs = run_draws(isolated_home, factory(fake), spec(duration=4), [Target("sora", draws=2)])
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    for job in jobs:
        assert job.seed is None and not job.seed_supported
        assert job.cost_usd == pytest.approx(0.4) and job.render_s is not None
        assert job.remote_id in fake.tasks and job.remote["size"] == "1280x720"
        (take,) = takes_for(isolated_home, job.id)
        assert take["bytes"] == len(clip_bytes()) and take["container"] == "mp4"
    assert len(fake.calls("POST", V)) == 2
    assert fake.request_form()["seconds"].data == b"4"


def test_image_to_video_through_the_engine(
    fake: FakeSora, isolated_home: Path, tmp_path: Path
) -> None:
    frame = image(tmp_path, 720, 1280)
    the_spec = spec(aspect="9:16", duration=8, first_frame=frame)
    (job,) = run_draws(isolated_home, factory(fake), the_spec, [Target("sora", "sora-2-pro")])
    assert job.state is JobState.DONE, job.failure
    assert job.cost_usd == pytest.approx(2.4) and job.seed is None
    assert len(takes_for(isolated_home, job.id)) == 1
    form = fake.request_form()
    assert form["size"].data == b"720x1280" and form["input_reference"].filename == "first.png"


def test_api_key_header_option_and_azure_style_auth(fake: FakeSora) -> None:
    p = provider(fake, auth_header="api-key")
    sub = run(p.submit(request()), p)
    sent = fake.calls("POST", V)[0]
    assert sent.header("api-key") == KEY and sent.header("authorization") is None
    assert sub.ref.remote_id in fake.tasks
    fake.accept_api_key_header = False
    with pytest.raises(AuthError):
        call(provider(fake, auth_header="api-key"), lambda p: p.submit(request()))


def test_organization_and_project_headers(fake: FakeSora) -> None:
    call(provider(fake, organization="org-1", project="proj-2"), lambda p: p.submit(request()))
    sent = fake.calls("POST", V)[0]
    assert sent.header("openai-organization") == "org-1"
    assert sent.header("openai-project") == "proj-2"


# -- statuses ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "phase"),
    [
        ("queued", Phase.QUEUED),
        ("in_progress", Phase.RUNNING),
        ("completed", Phase.SUCCEEDED),
        ("failed", Phase.FAILED),
    ],
)
def test_every_documented_status_maps(status: str, phase: Phase) -> None:
    body = {"id": "video_1", "object": "video", "status": status, "progress": 37, "error": None}
    result = parse_status(body)
    assert result.phase is phase and result.provider_status == status
    assert set(STATUS_PHASES) == {"queued", "in_progress", "completed", "failed"}
    if phase is Phase.RUNNING:
        assert result.progress == pytest.approx(0.37)


def test_unknown_status_is_a_protocol_error_in_words() -> None:
    with pytest.raises(ProtocolError, match="status this app does not know"):
        parse_status({"id": "video_1", "status": "exploded"})


def test_the_fake_walks_through_every_status(fake: FakeSora) -> None:
    fake.render_s = 1.0  # a queued window of 0.3 s survives a loaded machine
    p = provider(fake)

    async def go() -> list[Status]:
        sub = await p.submit(request())
        return await until_done(p, sub.ref)

    seen = run(go(), p)
    phases = [s.phase for s in seen]
    assert phases[0] is Phase.QUEUED and phases[-1] is Phase.SUCCEEDED
    assert Phase.RUNNING in phases
    running = [s.progress for s in seen if s.phase is Phase.RUNNING]
    assert all(p is not None and 0 < p < 1 for p in running)
    assert running == sorted(running)


def test_poll_after_header_becomes_the_polling_hint(fake: FakeSora) -> None:
    fake.poll_after_ms = 1500
    p = provider(fake)

    async def go() -> Status:
        sub = await p.submit(request())
        return await p.poll(sub.ref)

    assert run(go(), p).poll_after_s == pytest.approx(1.5)
    fake.poll_after_ms = None

    async def without() -> Status:
        sub = await p.submit(request())
        return await p.poll(sub.ref)

    assert run(without(), p).poll_after_s is None


# -- failures the service reports --------------------------------------------------------
@pytest.mark.parametrize(
    ("outcome", "kind", "retryable", "code"),
    [
        ("moderation", FailureKind.MODERATION, False, "moderation_blocked"),
        ("completed_with_error", FailureKind.MODERATION, False, "content_policy_violation"),
        ("capacity", FailureKind.QUOTA, True, "rate_limit_exceeded"),
        ("failure", FailureKind.PROVIDER, True, "internal_error"),
        ("failed_without_error", FailureKind.PROVIDER, True, ""),
    ],
)
def test_failed_jobs_are_classified(
    fake: FakeSora, outcome: str, kind: FailureKind, retryable: bool, code: str
) -> None:
    fake.next_outcome(outcome)
    p = provider(fake)

    async def go() -> Status:
        sub = await p.submit(request())
        return (await until_done(p, sub.ref))[-1]

    status = run(go(), p)
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is kind and status.failure.retryable is retryable
    assert status.failure.code == code
    if outcome == "failed_without_error":
        assert "without saying why" in status.failure.message
    else:
        assert status.failure.provider_text  # the service's own words are kept
    if kind is FailureKind.MODERATION:
        assert "content filter" in status.failure.message
    expected = "completed with error" if outcome == "completed_with_error" else "failed"
    assert status.provider_status == expected


def test_moderation_through_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    fake.next_outcome("completed_with_error")
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert "flagged by our content policy" in job.failure.provider_text
    assert takes_for(isolated_home, job.id) == []
    assert fake.calls("GET", CONTENT) == []


def test_moderation_refusal_on_create_is_not_retryable(fake: FakeSora) -> None:
    fake.fail_next(
        "POST",
        V,
        openai_error(
            400,
            "Your request was rejected as a result of our safety system.",
            "moderation_blocked",
        ),
    )
    with pytest.raises(ProviderRefused) as caught:
        call(provider(fake), lambda p: p.submit(request()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert "safety system" in failure.provider_text
    assert len(fake.calls("POST", V)) == 1


def test_an_error_in_a_200_create_answer_is_a_refusal(fake: FakeSora) -> None:
    fake.fail_next(
        "POST", V, Response(200, {"error": {"code": "insufficient_quota", "message": "No credit"}})
    )
    with pytest.raises(ProviderRefused) as caught:
        call(provider(fake), lambda p: p.submit(request()))
    assert caught.value.failure().kind is FailureKind.QUOTA


@pytest.mark.parametrize("style", ["url", "model", "deprecated"])
def test_retired_endpoint_or_model_on_create_is_invalid_in_words(
    fake: FakeSora, style: str
) -> None:
    fake.retire(style)
    with pytest.raises(RetiredEndpoint) as caught:
        call(provider(fake), lambda p: p.submit(request()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.INVALID and not failure.retryable
    assert "retired or unavailable" in failure.message
    assert "24 September 2026" in failure.message
    assert failure.provider_text  # the service's own words
    assert len(fake.calls("POST", V)) == 1


def test_retired_endpoint_through_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    fake.retire("model")
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.INVALID
    assert "retired or unavailable" in job.failure.message
    assert job.failure.code == "model_not_found"


# -- HTTP errors -------------------------------------------------------------------------
def test_401_is_an_auth_failure_in_plain_words_without_the_key(fake: FakeSora) -> None:
    bad = "sk-wrong-key-123456"
    with pytest.raises(AuthError) as caught:
        call(provider(fake, credentials={"api_key": bad}), lambda p: p.submit(request()))
    assert "did not accept the API key" in caught.value.message
    assert bad not in caught.value.provider_text and "***" in caught.value.provider_text
    assert bad not in str(caught.value)
    assert fake.tasks == {}


def test_missing_key_sends_nothing(fake: FakeSora) -> None:
    with pytest.raises(MissingKey, match="OPENAI_API_KEY / AZURE_OPENAI_API_KEY"):
        call(provider(fake, credentials={}), lambda p: p.submit(request()))
    assert fake.requests == []


def test_401_through_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    jobs = run_draws(
        isolated_home,
        lambda pid: make_provider(pid, fake.api_base, credentials={"api_key": "nope-0000"}),
        spec(),
        [Target("sora")],
    )
    assert jobs[0].state is JobState.FAILED and jobs[0].failure is not None
    assert jobs[0].failure.kind is FailureKind.AUTH


def test_429_with_retry_after_is_honoured_on_status_and_create(fake: FakeSora) -> None:
    sleeps: list[float] = []
    p = provider(fake, sleeps)
    fake.fail_next(
        "POST",
        V,
        openai_error(
            429, "Rate limit reached", "rate_limit_exceeded", headers={"Retry-After": "2"}
        ),
    )
    sub = run(p.submit(request()), p)
    assert len(fake.calls("POST", V)) == 2 and sleeps == [2.0]
    assert len(fake.tasks) == 1
    fake.fail_next(
        "GET",
        ONE,
        openai_error(429, "Slow down", "rate_limit_exceeded", headers={"retry-after-ms": "1200"}),
    )
    status = run(p.poll(sub.ref), p)
    assert status.phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert len(fake.calls("GET", ONE)) == 2 and sleeps == [2.0, 1.2]


def test_x_should_retry_false_stops_retries(fake: FakeSora) -> None:
    sub = call(provider(fake), lambda p: p.submit(request()))
    fake.fail_next(
        "GET", ONE, Response(500, {"error": {"message": "no"}}, headers={"x-should-retry": "false"})
    )
    with pytest.raises(ServerError):
        call(provider(fake), lambda p: p.poll(sub.ref))
    assert len(fake.calls("GET", ONE)) == 1


def test_5xx_on_status_is_retried_then_succeeds(fake: FakeSora) -> None:
    p = provider(fake)
    sub = run(p.submit(request()), p)
    fake.fail_next("GET", ONE, openai_error(500, "The server had an error", type_="server_error"))
    fake.fail_next("GET", ONE, html_error_page(502))
    status = run(p.poll(sub.ref), p)
    assert status.phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert len(fake.calls("GET", ONE)) == 3


def test_503_on_create_is_retried_but_500_is_never_resent(fake: FakeSora) -> None:
    fake.fail_next("POST", V, openai_error(503, "Service unavailable", type_="server_error"))
    call(provider(fake), lambda p: p.submit(request()))
    assert len(fake.calls("POST", V)) == 2 and len(fake.tasks) == 1
    fake.fail_next("POST", V, openai_error(500, "internal", type_="server_error"))
    with pytest.raises(SubmitOutcomeUnknown):
        call(provider(fake), lambda p: p.submit(request()))
    assert len(fake.calls("POST", V)) == 3


def test_submit_timeout_is_sent_once_and_unknown(fake: FakeSora) -> None:
    fake.hold_next("POST", V, 1.0)
    with pytest.raises(SubmitOutcomeUnknown, match="may or may not have started"):
        call(provider(fake, timeout_s=0.3), lambda p: p.submit(request()))
    assert len(fake.calls("POST", V)) == 1
    assert len(fake.tasks) == 1  # the service did create it


def test_submit_timeout_through_the_engine_ends_unknown(
    fake: FakeSora, isolated_home: Path
) -> None:
    fake.hold_next("POST", V, 1.0)

    def slow(pid: str) -> Provider:
        return registry.create(
            pid,
            ProviderConfig(
                base_url=fake.api_base,
                credentials=Credentials({"api_key": KEY}),
                policy=fast_policy(timeout_s=0.3),
            ),
        )

    (job,) = run_draws(isolated_home, slow, spec(), [Target("sora")])
    assert job.state is JobState.UNKNOWN and job.failure is not None
    assert job.failure.kind is FailureKind.LOST and "not sent again" in job.failure.message
    assert len(fake.calls("POST", V)) == 1


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Response(200, '{"id": "video_1", "status": '), "malformed JSON"),
        (
            Response(
                200, "<!DOCTYPE html><html>login</html>", headers={"Content-Type": "text/html"}
            ),
            "HTML page",
        ),
    ],
)
def test_garbage_on_create_is_a_protocol_error(
    fake: FakeSora, answer: Response, words: str
) -> None:
    fake.fail_next("POST", V, answer)
    with pytest.raises(ProtocolError, match=words):
        call(provider(fake), lambda p: p.submit(request()))
    assert len(fake.calls("POST", V)) == 1


def test_html_error_page_on_create_is_in_doubt_and_described(fake: FakeSora) -> None:
    fake.fail_next("POST", V, html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        call(provider(fake), lambda p: p.submit(request()))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    assert len(fake.calls("POST", V)) == 1


def test_garbage_on_status_is_classified(fake: FakeSora) -> None:
    p = provider(fake)
    sub = run(p.submit(request()), p)
    fake.fail_next("GET", ONE, Response(200, "{not json"))
    with pytest.raises(ProtocolError, match="malformed JSON"):
        run(p.poll(sub.ref), p)
    fake.fail_next("GET", ONE, *[html_error_page(502)] * 3)
    with pytest.raises(ServerError) as caught:
        run(p.poll(sub.ref), p)
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    fake.fail_next("GET", ONE, Response(200, {"error": {"message": "upstream busy"}}))
    with pytest.raises(ProtocolError, match="error instead of the job"):
        run(p.poll(sub.ref), p)


def test_garbage_on_status_is_survived_by_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    fake.fail_next("GET", ONE, Response(200, "{not json"), *[html_error_page(502)] * 3)
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.DONE


def test_gone_job_on_status_is_not_found(fake: FakeSora) -> None:
    fake.fail_next("GET", ONE, openai_error(410, "This video was deleted.", "gone"))
    with pytest.raises(NotFound, match="410"):
        call(provider(fake), lambda p: p.poll(RemoteRef("video_1")))


def test_unknown_job_on_status_is_not_found(fake: FakeSora) -> None:
    with pytest.raises(NotFound):
        call(provider(fake), lambda p: p.poll(RemoteRef("video_missing")))


# -- results -----------------------------------------------------------------------------
@pytest.mark.parametrize("status_code", [404, 410])
def test_expired_content_is_expired(fake: FakeSora, status_code: int) -> None:
    fake.expired_status = status_code
    p = provider(fake)

    async def go() -> None:
        sub = await p.submit(request())
        done = (await until_done(p, sub.ref))[-1]
        fake.expire_links()
        await download(p, sub.ref, done)

    with pytest.raises(AssetExpired) as caught:
        run(go(), p)
    failure = caught.value.failure()
    assert failure.kind is FailureKind.EXPIRED and "expired" in failure.message
    assert "no longer available" in failure.provider_text


def test_content_without_auth_is_refused_by_the_fake(fake: FakeSora) -> None:
    p = provider(fake)

    async def go() -> int:
        sub = await p.submit(request())
        await until_done(p, sub.ref)
        async with p.http.client.stream(
            "GET", fake.api_base + f"/videos/{sub.ref.remote_id}/content"
        ) as r:
            return r.status_code

    assert run(go(), p) == 401


def test_expired_result_through_the_engine(fake: FakeSora, isolated_home: Path) -> None:
    fake.next_outcome("expired")
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.EXPIRED
    assert takes_for(isolated_home, job.id) == []


def test_truncated_download_is_retried(fake: FakeSora, isolated_home: Path) -> None:
    clip = clip_bytes()
    fake.fail_next("GET", CONTENT, Response(200, clip, truncate_to=len(clip) // 3))
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.DONE
    assert len(fake.calls("GET", CONTENT)) == 2
    assert takes_for(isolated_home, job.id)[0]["bytes"] == len(clip)


def test_always_truncated_download_records_no_take(fake: FakeSora, isolated_home: Path) -> None:
    clip = clip_bytes()
    fake.fail_next("GET", CONTENT, *[Response(200, clip, truncate_to=200)] * 20)
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.DOWNLOADING  # resumable; the clip is still on the service
    assert takes_for(isolated_home, job.id) == []


def test_non_video_bytes_fail_in_words(fake: FakeSora, isolated_home: Path) -> None:
    fake.fail_next("GET", CONTENT, Response(200, json.dumps({"status": "ok"}) + " " * 80))
    (job,) = run_draws(isolated_home, factory(fake), spec(), [Target("sora")])
    assert job.state is JobState.FAILED and job.failure is not None
    assert "not a video" in job.failure.message
    assert takes_for(isolated_home, job.id) == []


# -- validation (nothing is sent) --------------------------------------------------------
def _messages(p: SoraProvider, req: DrawRequest) -> dict[str, str]:
    return {problem.code: problem.message for problem in p.validate(req)}


def test_validation_rules_in_words_with_nothing_sent(fake: FakeSora, tmp_path: Path) -> None:
    p = provider(fake)
    assert _messages(p, request()) == {}
    assert "4 s, 8 s or 12 s" in _messages(p, request(duration=5))["duration"]
    assert "16:9 or 9:16" in _messages(p, request(aspect="1:1"))["aspect"]
    assert "choose 720p" in _messages(p, request(resolution="1024p"))["resolution"]
    assert "at most 32000" in _messages(p, request(prompt="x" * 32_001))["prompt_length"]
    assert "no negative prompt" in _messages(p, request(negative_prompt="blur"))["negative_prompt"]
    assert "always makes sound" in _messages(p, request(audio=False))["audio_always"]
    frame = image(tmp_path, 640, 360)
    mismatch = _messages(p, request(first_frame=frame))["image_size_mismatch"]
    assert "640×360" in mismatch and "exactly 1280×720" in mismatch
    gif = ImageInput(path=frame.path, format="gif", width=1280, height=720, bytes=10)
    assert "gif" in _messages(p, request(first_frame=gif))["image_format"]
    last = image(tmp_path, 1280, 720, "last.png")
    both = request(first_frame=image(tmp_path, 1280, 720), last_frame=last)
    assert "last-frame" in _messages(p, both)["no_last_frame"]
    # No seed exists: a seed in the draw is neither a problem nor sent.
    assert _messages(p, request(seed=2**40)) == {}
    assert "api-key" in _messages(provider(fake, auth_header="x-key"), request())["auth_header"]
    assert fake.requests == []


def test_openai_default_base_url_is_refused_before_any_request(fake: FakeSora) -> None:
    p = SoraProvider(ProviderConfig(credentials=Credentials({"api_key": KEY})))
    assert p.base_url == "https://api.openai.com/v1"
    message = _messages(p, request())["endpoint_retired"]
    assert "24 September 2026" in message and "WORKBENCH_SORA_BASE_URL" in message
    assert "https://<resource>.openai.azure.com/openai/v1" in message
    plan = plan_run(
        spec(),
        [Target("sora")],
        provider_for=lambda pid: SoraProvider(ProviderConfig()),
        has_key=lambda _p: True,
    )
    assert not plan.ok and any("shut its own Sora API down" in str(x) for x in plan.problems)
    assert fake.requests == []


# -- cancel and live check ---------------------------------------------------------------
def test_cancel_deletes_the_video(fake: FakeSora) -> None:
    fake.render_s = 5.0
    p = provider(fake)

    async def go() -> tuple[bool, bool]:
        sub = await p.submit(request())
        first = await p.cancel(sub.ref)
        second = await p.cancel(sub.ref)
        with pytest.raises(NotFound):
            await p.poll(sub.ref)
        return first, second

    assert run(go(), p) == (True, False)
    assert len(fake.calls("DELETE", ONE)) == 2 and fake.tasks == {}


def test_check_live(fake: FakeSora) -> None:
    ok = call(provider(fake), lambda p: p.check_live())
    assert ok.ok and ok.status == "ok"
    assert fake.calls("GET", V)[0].query == {"limit": ["1"]}
    bad = call(provider(fake, credentials={"api_key": "bad-key-9999"}), lambda p: p.check_live())
    assert not bad.ok and bad.status == "auth failed"
    assert "bad-key-9999" not in bad.detail
    gone = call(provider(fake, base_url="http://127.0.0.1:9/v1"), lambda p: p.check_live())
    assert gone.status == "unreachable"
    fake.retire("url")
    retired = call(provider(fake), lambda p: p.check_live())
    assert retired.status == "error" and "retired or unavailable" in retired.detail
    assert len(fake.calls("POST", V)) == 0  # never a paid request


# -- fuzzing the parsers -----------------------------------------------------------------
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=4),
    max_leaves=8,
)
_scalar = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.just(10**5000)
    | st.floats()
    | st.text(max_size=20)
)
_videoish = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=30) | _scalar,
        "object": st.just("video") | _scalar,
        "model": st.sampled_from(["sora-2", "sora-2-pro", "sora-2-2025-10-06", "x"]) | _scalar,
        "status": st.sampled_from([*STATUS_PHASES, "cancelled", ""]) | _scalar,
        "progress": _scalar | st.floats(allow_nan=True, allow_infinity=True),
        "created_at": _scalar,
        "completed_at": _scalar,
        "expires_at": _scalar,
        "seconds": st.sampled_from(["4", "8", "12", "1e400", "-3"]) | _scalar,
        "size": st.sampled_from(["1280x720", "1024x1792", "9x9"]) | _scalar,
        "error": _json
        | st.fixed_dictionaries(
            {}, optional={"code": _scalar, "message": _scalar, "headers": _json}
        ),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json, _videoish))
def test_parse_status_returns_a_status_or_a_protocol_error(body: Any) -> None:
    try:
        status = parse_status(body)
    except ProtocolError:
        return
    assert isinstance(status, Status)
    assert status.progress is None or 0.0 <= status.progress <= 1.0
    if status.phase is Phase.FAILED:
        assert status.failure is not None
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and status.assets[0].auth


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json, _videoish))
def test_parse_submit_returns_a_submission_or_a_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id.strip()
    json.dumps(submission.ref.data)  # persisted as JSON
