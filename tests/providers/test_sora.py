"""Sora at an OpenAI-compatible gateway: multipart bodies, auth styles, codes, retired models.

The failure matrix every adapter shares (retries, broken answers, keys, links, retired
models) is in ``test_conformance.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clock import ManualClock
from tests.fakes.server import Response
from tests.fakes.sora import FakeSora, openai_error
from tests.providers import kit
from workbench.domain.capabilities import Charged, ModelStatus
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, ImageInput
from workbench.engine.planner import Target, plan_run
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    ModelRetired,
    NotFound,
    ProtocolError,
    ProviderRefused,
    ServerError,
)
from workbench.providers.sora.adapter import SoraProvider
from workbench.providers.sora.models import INFO
from workbench.providers.sora.wire import STATUS_PHASES, parse_status, parse_submit

KEY = "test-key-0000"
V = "/openai/v1/videos"
ONE = r"/openai/v1/videos/[^/]+"
CONTENT = r"/openai/v1/videos/[^/]+/content"
PROMPT = "A red fox trotting through fresh snow at dawn, handheld"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeSora]:
    with FakeSora(render_s=60, clock=clock) as service:
        yield service


def sora(fake: FakeSora, key: str | None = KEY, **options: Any) -> Provider:
    return kit.adapter("sora", fake.api_base, {"api_key": key} if key else {}, **options)


def draw(model: str = "sora-2", **spec: Any) -> Any:
    values = {"prompt": PROMPT, "duration": 8, "aspect": "16:9", "resolution": "720p"}
    return kit.draw(INFO, model, **{**values, **spec})


def finished(fake: FakeSora, clock: ManualClock, request: Any, **options: Any) -> Any:
    async def go(p: Provider) -> Any:
        sub = await p.submit(request)
        final, seen = await kit.finish(p, sub.ref, clock)
        return sub, final, seen

    return kit.run(sora(fake, **options), go)


# -- declaration --------------------------------------------------------------------------
def test_declaration_for_gateways_only_with_retired_snapshots() -> None:
    assert registry.provider_class("sora") is SoraProvider
    assert INFO.default_base_url == "https://api.openai.com/v1"
    assert INFO.regions == {"openai": "https://api.openai.com/v1"}
    assert INFO.credential_env == {"api_key": ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")}
    assert "2026-09-24" in INFO.notes and "gateway" in INFO.notes
    assert not INFO.lookup_by_client_ref and INFO.can_cancel
    assert INFO.billing.failed_draws is Charged.UNKNOWN
    assert set(INFO.model_ids) == {"sora-2", "sora-2-pro"}  # the retired ones are not offered
    life = {m.id: (m.lifecycle.status, str(m.lifecycle.date)) for m in INFO.models}
    assert life["sora-2-2025-10-06"] == (ModelStatus.RETIRED, "2026-07-15")
    assert life["sora-2-2025-12-08"] == (ModelStatus.RETIRED, "2026-09-15")
    assert life["sora-2-pro-2025-10-06"] == (ModelStatus.RETIRED, "2026-09-24")
    two, pro = INFO.model("sora-2"), INFO.model("sora-2-pro")
    assert two is not None and pro is not None
    assert two.durations == (4, 8, 12) and two.resolutions == ("720p",)
    assert pro.resolutions == ("720p", "1024p")
    assert not two.seed.supported and two.audio == "always" and not two.negative_prompt
    assert not two.price.verified and "UNVERIFIED" in two.price.source
    assert two.estimate_usd(GenerationSpec(prompt="x", duration=8)) == pytest.approx(0.8)
    big = GenerationSpec(prompt="x", duration=4, resolution="1024p")
    assert pro.estimate_usd(big) == 2.0
    hint = two.polling
    assert (hint.first_poll_s, hint.interval_s, hint.max_interval_s) == (5.0, 5.0, 20.0)


# -- wire mapping -------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_multipart_body(fake, clock) -> None:
    sub, done, seen = finished(fake, clock, draw())
    [create] = fake.calls("POST", V)
    assert create.header("content-type").startswith("multipart/form-data")
    assert create.header("authorization") == f"Bearer {KEY}"
    form = fake.request_form()
    assert {k: v.data.decode() for k, v in form.items()} == {
        "prompt": PROMPT,
        "model": "sora-2",
        "seconds": "8",
        "size": "1280x720",
    }
    assert all(part.filename is None for part in form.values())
    assert sub.ref.remote_id.startswith("video_") and sub.provider_status == "queued"
    assert sub.ref.data == {"model": "sora-2", "seconds": "8", "size": "1280x720"}
    assert sub.seed is None and sub.cost_usd is None  # priced once delivered
    assert done.cost_usd == pytest.approx(0.8) and done.charged is True
    asset = done.assets[0]
    assert asset.url == f"{fake.api_base}/videos/{sub.ref.remote_id}/content?variant=video"
    assert asset.auth and not asset.signed
    phases = [s.phase for s in seen]
    assert phases[0] is Phase.QUEUED and Phase.RUNNING in phases
    running = [s.progress for s in seen if s.phase is Phase.RUNNING]
    assert all(x is not None and 0 < x < 1 for x in running) and running == sorted(running)
    kit.run(sora(fake), lambda p: kit.fetch_all(p, sub.ref, done))
    content = fake.calls("GET", CONTENT)[0]
    assert content.header("authorization") == f"Bearer {KEY}"
    assert content.header("accept") == "application/binary"
    assert content.query == {"variant": ["video"]}


def test_image_to_video_uploads_the_first_frame_as_a_file(fake, clock, tmp_path) -> None:
    frame = kit.image(tmp_path, "first.png", 1024, 1792)
    request = draw("sora-2-pro", aspect="9:16", resolution="1024p", duration=12, first_frame=frame)
    assert sora(fake).validate(request) == []
    sub, done, _ = finished(fake, clock, request)
    form = fake.request_form()
    assert form["model"].data == b"sora-2-pro" and form["size"].data == b"1024x1792"
    assert form["seconds"].data == b"12"
    ref = form["input_reference"]
    assert ref.filename == "first.png" and ref.content_type == "image/png"
    assert ref.data == Path(frame.path).read_bytes()
    assert fake.tasks[sub.ref.remote_id].image == (1024, 1792)
    assert done.cost_usd == pytest.approx(6.0)  # 12 s × $0.50 at 1024p


def test_the_engine_records_list_price_takes_and_no_seed(fake, clock, isolated_home, tmp_path):
    jobs = kit.run_engine(
        isolated_home,
        lambda _p: sora(fake),
        GenerationSpec(prompt=PROMPT, duration=4),
        [Target("sora", draws=2)],
        clock,
    )
    assert [j.state for j in jobs] == [JobState.DONE] * 2
    for job in jobs:
        assert job.seed is None and not job.seed_supported and job.render_s is not None
        assert job.cost_usd == pytest.approx(0.4) and job.remote["size"] == "1280x720"
    frame = kit.image(tmp_path, "first.png", 720, 1280)
    spec = GenerationSpec(prompt=PROMPT, aspect="9:16", duration=8, first_frame=frame)
    [job] = kit.run_engine(
        isolated_home, lambda _p: sora(fake), spec, [Target("sora", "sora-2-pro")], clock
    )
    assert job.state is JobState.DONE and job.cost_usd == pytest.approx(2.4)
    assert fake.request_form()["size"].data == b"720x1280"


def test_auth_styles_and_openai_headers(fake) -> None:
    sub = kit.run(sora(fake, auth_header="api-key"), lambda p: p.submit(draw()))
    sent = fake.calls("POST", V)[0]
    assert sent.header("api-key") == KEY and sent.header("authorization") is None
    assert sub.ref.remote_id in fake.tasks
    kit.run(sora(fake, organization="org-1", project="proj-2"), lambda p: p.submit(draw()))
    sent = fake.calls("POST", V)[1]
    assert (sent.header("openai-organization"), sent.header("openai-project")) == (
        "org-1",
        "proj-2",
    )
    fake.accept_api_key_header = False
    with pytest.raises(AuthError):
        kit.run(sora(fake, auth_header="api-key"), lambda p: p.submit(draw()))


# -- statuses and failures ----------------------------------------------------------------
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
    assert phase is not Phase.RUNNING or result.progress == pytest.approx(0.37)
    with pytest.raises(ProtocolError, match="status this app does not know"):
        parse_status({"id": "video_1", "status": "exploded"})


def test_poll_after_header_becomes_the_polling_hint(fake) -> None:
    async def go(p: Provider) -> list[float | None]:
        sub = await p.submit(draw())
        first = (await p.poll(sub.ref)).poll_after_s
        fake.poll_after_ms = None
        return [first, (await p.poll(sub.ref)).poll_after_s]

    fake.poll_after_ms = 1500
    assert kit.run(sora(fake), go) == [pytest.approx(1.5), None]


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
def test_failed_jobs_are_classified_and_not_priced(fake, clock, outcome, kind, retryable, code):
    fake.next_outcome(outcome)
    status = finished(fake, clock, draw())[1]
    assert status.phase is Phase.FAILED and status.failure is not None
    assert (status.failure.kind, status.failure.retryable, status.failure.code) == (
        kind,
        retryable,
        code,
    )
    if outcome == "failed_without_error":
        assert "without saying why" in status.failure.message
    else:
        assert status.failure.provider_text  # the service's own words are kept
    assert kind is not FailureKind.MODERATION or "content filter" in status.failure.message
    expected = "completed with error" if outcome == "completed_with_error" else "failed"
    assert status.provider_status == expected
    assert status.charged is None and status.cost_usd is None  # billing unknown


def test_create_refusals_in_an_error_or_a_200(fake) -> None:
    blocked = openai_error(400, "Rejected by our safety system.", "moderation_blocked")
    broke = Response(200, {"error": {"code": "insufficient_quota", "message": "No credit"}})
    fake.fail_next("POST", V, blocked, broke)
    refusals = []
    for _ in range(2):
        with pytest.raises(ProviderRefused) as caught:
            kit.run(sora(fake), lambda p: p.submit(draw()))
        refusals.append(caught.value.failure())
    assert [f.kind for f in refusals] == [FailureKind.MODERATION, FailureKind.QUOTA]
    assert "safety system" in refusals[0].provider_text and not refusals[0].retryable
    assert len(fake.calls("POST", V)) == 2


@pytest.mark.parametrize("style", ["url", "model", "deprecated"])
def test_a_retired_endpoint_or_model_is_retired_in_words(fake, clock, isolated_home, style):
    fake.retire(style)
    with pytest.raises(ModelRetired) as caught:
        kit.run(sora(fake), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.RETIRED and not failure.retryable
    assert "no longer offers sora-2" in failure.message and failure.provider_text
    [job] = kit.run_engine(
        isolated_home, lambda _p: sora(fake), GenerationSpec(prompt="x"), [Target("sora")], clock
    )
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.RETIRED
    assert len(fake.calls("POST", V)) == 2 and not fake.tasks


def test_retry_hints_a_gone_job_and_an_unauthenticated_download(fake, clock) -> None:
    sleeps = kit.Sleeps()
    limited = openai_error(
        429, "Slow down", "rate_limit_exceeded", headers={"retry-after-ms": "1200"}
    )
    stop = Response(500, {"error": {"message": "no"}}, headers={"x-should-retry": "false"})

    async def go(p: Provider) -> Any:
        sub = await p.submit(draw())
        fake.fail_next("GET", ONE, limited)
        await p.poll(sub.ref)
        fake.fail_next("GET", ONE, stop)
        with pytest.raises(ServerError):
            await p.poll(sub.ref)
        fake.fail_next("GET", ONE, Response(200, {"error": {"message": "upstream busy"}}))
        with pytest.raises(ProtocolError, match="error instead of the job"):
            await p.poll(sub.ref)
        fake.fail_next("GET", ONE, openai_error(410, "This video was deleted.", "gone"))
        with pytest.raises(NotFound, match="410"):
            await p.poll(sub.ref)
        await kit.finish(p, sub.ref, clock)
        async with p.http.client.stream(
            "GET", f"{fake.api_base}/videos/{sub.ref.remote_id}/content"
        ) as r:
            return r.status_code

    assert kit.run(sora(fake, http=kit.policy(sleeps)), go) == 401  # no key, no clip
    assert sleeps == [1.2] and len(fake.calls("GET", ONE)) >= 6


@pytest.mark.parametrize("status_code", [404, 410])
def test_expired_content_is_expired(fake, clock, status_code: int) -> None:
    fake.expired_status = status_code

    async def go(p: Provider) -> None:
        sub = await p.submit(draw())
        done = (await kit.finish(p, sub.ref, clock))[0]
        fake.expire_links()
        await kit.fetch_all(p, sub.ref, done)

    with pytest.raises(AssetExpired) as caught:
        kit.run(sora(fake), go)
    assert "no longer available" in caught.value.failure().provider_text


# -- validation, cancel, live check -------------------------------------------------------
def test_validation_rules_in_words_with_nothing_sent(fake, tmp_path) -> None:
    def messages(request: Any, **options: Any) -> dict[str, str]:
        return {x.code: x.message for x in sora(fake, **options).validate(request)}

    assert messages(draw()) == {}
    assert "4 s, 8 s or 12 s" in messages(draw(duration=5))["duration"]
    assert "16:9 or 9:16" in messages(draw(aspect="1:1"))["aspect"]
    assert "choose 720p" in messages(draw(resolution="1024p"))["resolution"]
    assert "at most 32000" in messages(draw(prompt="x" * 32_001))["prompt_length"]
    assert "no negative prompt" in messages(draw(negative_prompt="blur"))["negative_prompt"]
    assert "always makes sound" in messages(draw(audio=False))["audio_always"]
    frame = kit.image(tmp_path, "small.png", 640, 360)
    mismatch = messages(draw(first_frame=frame))["image_size_mismatch"]
    assert "640×360" in mismatch and "exactly 1280×720" in mismatch
    gif = ImageInput(path=frame.path, format="gif", width=1280, height=720, bytes=10)
    assert "gif" in messages(draw(first_frame=gif))["image_format"]
    right = kit.image(tmp_path, "first.png", 1280, 720)
    last = kit.image(tmp_path, "last.png", 1280, 720)
    assert "last-frame" in messages(draw(first_frame=right, last_frame=last))["no_last_frame"]
    assert "takes no seed" in messages(draw().model_copy(update={"seed": 7}))["seed_unsupported"]
    assert "api-key" in messages(draw(), auth_header="x-key")["auth_header"]
    assert fake.requests == []


def test_the_openai_default_is_refused_before_any_request(fake) -> None:
    p = SoraProvider(ProviderConfig(credentials=Credentials({"api_key": KEY})))
    assert p.base_url == "https://api.openai.com/v1"
    [problem] = p.validate(draw())
    assert problem.code == "endpoint_retired" and "24 September 2026" in problem.message
    assert "WORKBENCH_SORA_BASE_URL" in problem.message and "gateway" in problem.message
    plan = plan_run(
        GenerationSpec(prompt="x"),
        [Target("sora")],
        provider_for=lambda _p: SoraProvider(ProviderConfig()),
        has_key=bool,
    )
    assert not plan.ok and any("shut its own Sora API down" in str(x) for x in plan.problems)
    assert fake.requests == []


def test_cancel_deletes_the_video(fake) -> None:
    async def go(p: Provider) -> tuple[bool, bool]:
        sub = await p.submit(draw())
        first, second = await p.cancel(sub.ref), await p.cancel(sub.ref)
        with pytest.raises(NotFound):
            await p.poll(sub.ref)
        return first, second

    assert kit.run(sora(fake), go) == (True, False)
    assert len(fake.calls("DELETE", ONE)) == 2 and fake.tasks == {}


def test_the_live_check_lists_one_video_and_explains_a_retired_endpoint(fake) -> None:
    assert kit.run(sora(fake), lambda p: p.check_live()).ok
    assert fake.calls("GET", V)[0].query == {"limit": ["1"]}
    fake.retire("url")
    retired = kit.run(sora(fake), lambda p: p.check_live())
    assert retired.status == "error" and "retired or unavailable" in retired.detail
    assert fake.calls("POST", V) == []  # never a paid request


# -- fuzzing the parsers ------------------------------------------------------------------
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
        "model": st.sampled_from(["sora-2", "sora-2-pro", "sora-2-2025-10-06", "x"]) | _scalar,
        "status": st.sampled_from([*STATUS_PHASES, "cancelled", ""]) | _scalar,
        "progress": _scalar | st.floats(allow_nan=True, allow_infinity=True),
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
    assert status.phase is not Phase.FAILED or status.failure is not None
    assert status.phase is not Phase.SUCCEEDED or (status.assets and status.assets[0].auth)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json, _videoish))
def test_parse_submit_returns_a_submission_or_a_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id.strip()
    json.dumps(submission.ref.data)  # persisted as JSON
