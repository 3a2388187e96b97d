"""The Kling adapter against its loopback fake: wire format, auth, failures, lookup, engine."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clips import clip_bytes, png_bytes
from tests.fakes.kling import (
    ACCESS_KEY,
    API_KEY,
    FAILURE_TEXT,
    MODERATION_TEXT,
    SECRET_KEY,
    FakeKling,
)
from tests.fakes.server import Response, html_error_page
from tests.helpers import fast_policy, make_provider, run_draws
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput, SeedPolicy
from workbench.engine.planner import Target, plan_run
from workbench.library.library import Library
from workbench.library.records import JobRecord
from workbench.providers import registry
from workbench.providers._http import HttpPolicy
from workbench.providers.base import Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    MissingKey,
    ProtocolError,
    ProviderRefused,
    RateLimited,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.kling import INFO, KlingProvider, parse_status, parse_submit

KEYS = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
PROMPT = "A paper boat drifts down a rain gutter"
T2V = "/v1/videos/text2video"
I2V = "/v1/videos/image2video"
TASK = r"/v1/videos/text2video/\d+"


@pytest.fixture
def fake():
    with FakeKling() as service:
        yield service


def provider(
    fake: FakeKling,
    credentials: dict[str, str] | None = None,
    policy: HttpPolicy | None = None,
    **options: Any,
) -> KlingProvider:
    """The adapter pointed at the fake (custom policy where a test needs one)."""
    if policy is None:
        made = make_provider("kling", fake.base_url, credentials=credentials or KEYS, **options)
        assert isinstance(made, KlingProvider)
        return made
    return KlingProvider(
        ProviderConfig(
            base_url=fake.base_url,
            credentials=Credentials(credentials or KEYS, source="test"),
            policy=policy,
            options=options,
        )
    )


def draw(model: str = "kling-v2-6", ref: str = "wb-test-1", **spec: Any) -> DrawRequest:
    """A draw resolved for the model, as the planner hands it to the adapter."""
    caps = INFO.model(model)
    assert caps is not None
    resolved = caps.resolve(GenerationSpec(prompt=spec.pop("prompt", PROMPT), **spec))
    return DrawRequest(spec=resolved, model=model, seed=None, client_ref=ref)


def image(
    tmp_path: Path, width: int = 640, height: int = 360, name: str = "frame.png"
) -> tuple[bytes, ImageInput]:
    """A PNG on disk and its probed description."""
    data = png_bytes(width, height)
    path = tmp_path / name
    path.write_bytes(data)
    return data, ImageInput(
        path=str(path), format="png", width=width, height=height, bytes=len(data)
    )


async def until_terminal(p: Provider, ref: RemoteRef, timeout_s: float = 5.0) -> Status:
    deadline = time.monotonic() + timeout_s
    while True:
        status = await p.poll(ref)
        if status.phase.is_terminal:
            return status
        assert time.monotonic() < deadline, "the fake task never finished"
        await asyncio.sleep(0.03)


def recording_policy(**overrides: Any) -> tuple[HttpPolicy, list[float]]:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return fast_policy(sleep=sleep, **overrides), sleeps


def engine_run(
    home: Path,
    fake: FakeKling,
    spec: GenerationSpec,
    model: str = "kling-v2-6",
    policy: HttpPolicy | None = None,
) -> JobRecord:
    jobs = run_draws(
        home, lambda pid: provider(fake, policy=policy), spec, [Target("kling", model)]
    )
    assert len(jobs) == 1
    return jobs[0]


def takes_of(home: Path, job_id: int) -> int:
    library = Library(home)
    try:
        return int(
            library.conn.execute(
                "SELECT COUNT(*) FROM takes WHERE job_id = ?", (job_id,)
            ).fetchone()[0]
        )
    finally:
        library.close()


def decode_segment(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# -- declaration ------------------------------------------------------------------------------
def test_info_declares_keys_regions_lookup_and_no_seed():
    assert registry.provider_class("kling") is KlingProvider
    assert INFO.credential_env == {
        "access_key": ("KLING_ACCESS_KEY",),
        "secret_key": ("KLING_SECRET_KEY",),
        "api_key": ("KLING_API_KEY",),
    }
    assert INFO.regions == {
        "singapore": "https://api-singapore.klingai.com",
        "beijing": "https://api-beijing.klingai.com",
        "global": "https://api.klingai.com",
    }
    assert KlingProvider().base_url == "https://api-singapore.klingai.com"
    assert INFO.lookup_by_client_ref and not INFO.can_cancel and INFO.needs_key
    assert not any(m.seed.supported for m in INFO.models)
    assert not any(m.price.verified for m in INFO.models)
    v3 = INFO.model("kling-v3")
    assert v3 is not None and v3.durations == tuple(range(3, 16))
    assert v3.resolutions == ("720p", "1080p", "4k")
    hint = v3.polling
    assert (hint.first_poll_s, hint.interval_s, hint.max_interval_s) == (10, 10, 30)
    assert (hint.typical_render_s, hint.deadline_s) == (120, 1800)
    assert not INFO.model("kling-v1-5").text_to_video  # type: ignore[union-attr]
    assert v3.estimate_usd(GenerationSpec(prompt="x", duration=10, resolution="4k")) == 4.2


# -- happy paths --------------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_body_and_delivers_the_clip(fake):
    request = draw(
        duration=10,
        aspect="9:16",
        resolution="1080p",
        audio=True,
        negative_prompt="text, watermark",
        options={"watermark": False},
    )

    async def go() -> tuple[Any, Status, bytes]:
        p = provider(fake)
        try:
            sub = await p.submit(request)
            status = await until_terminal(p, sub.ref)
            chunks = [c async for c in p.fetch(sub.ref, status.assets[0])]
            return sub, status, b"".join(chunks)
        finally:
            await p.aclose()

    sub, status, data = asyncio.run(go())
    create = fake.creates()[0]
    assert create.path == T2V
    assert create.json() == {
        "model_name": "kling-v2-6",
        "prompt": PROMPT,
        "negative_prompt": "text, watermark",
        "mode": "pro",
        "aspect_ratio": "9:16",
        "duration": "10",
        "sound": "on",
        "external_task_id": "wb-test-1",
        "watermark_info": {"enabled": False},
    }
    task_id = next(iter(fake.tasks))
    assert sub.ref == RemoteRef(task_id, {"family": "text2video", "external_task_id": "wb-test-1"})
    assert sub.seed is None and sub.provider_status == "submitted"
    assert status.phase is Phase.SUCCEEDED and status.provider_status == "succeed"
    assert status.cost_usd == pytest.approx(0.35) and status.cost_reported == "2.5 units"
    assert status.assets[0].signed and not status.assets[0].auth
    assert data == clip_bytes()
    assert fake.calls("GET", rf"{T2V}/{task_id}")
    bearer = create.header("authorization")[len("Bearer ") :]
    assert bearer.count(".") == 2 and bearer != API_KEY


def test_image_to_video_sends_raw_base64_frames_and_polls_its_family(fake, tmp_path):
    first_png, first = image(tmp_path, 640, 360)
    tail_png, tail = image(tmp_path, 400, 400, "tail.png")
    request = draw("kling-v2-1", first_frame=first, last_frame=tail, duration=5)

    async def go() -> tuple[Any, Status]:
        p = provider(fake)
        try:
            sub = await p.submit(request)
            return sub, await until_terminal(p, sub.ref)
        finally:
            await p.aclose()

    sub, status = asyncio.run(go())
    body = fake.creates()[0].json()
    assert fake.creates()[0].path == I2V
    assert not body["image"].startswith("data:")
    assert base64.b64decode(body["image"]) == first_png
    assert base64.b64decode(body["image_tail"]) == tail_png
    assert {k: v for k, v in body.items() if k not in ("image", "image_tail")} == {
        "model_name": "kling-v2-1",
        "prompt": PROMPT,
        "mode": "std",
        "duration": "5",
        "external_task_id": "wb-test-1",
    }  # no aspect_ratio (the image sets the shape), no sound on 2.1, no seed
    assert sub.ref.data["family"] == "image2video"
    assert status.phase is Phase.SUCCEEDED
    assert fake.calls("GET", rf"{I2V}/\d+") and not fake.calls("GET", TASK)


def test_text_to_video_through_the_engine_records_take_and_cost(fake, isolated_home):
    spec = GenerationSpec(prompt=PROMPT, duration=5, aspect="16:9")
    job = engine_run(isolated_home, fake, spec)
    assert job.state is JobState.DONE, job.failure
    assert job.seed is None and not job.seed_supported
    assert job.cost_usd == pytest.approx(0.35) and job.cost_reported == "2.5 units"
    assert job.remote == {"family": "text2video", "external_task_id": job.client_ref}
    assert takes_of(isolated_home, job.id) == 1
    assert fake.creates()[0].json()["external_task_id"] == job.client_ref


def test_image_to_video_through_the_engine(fake, isolated_home, tmp_path):
    _, first = image(tmp_path, 720, 720)
    spec = GenerationSpec(prompt=PROMPT, first_frame=first, resolution="1080p")
    job = engine_run(isolated_home, fake, spec, model="kling-v1-6")
    assert job.state is JobState.DONE, job.failure
    assert job.remote["family"] == "image2video"
    assert fake.creates()[0].json()["mode"] == "pro"
    assert takes_of(isolated_home, job.id) == 1


# -- statuses -----------------------------------------------------------------------------------
def _answer(status: str, **data: Any) -> dict[str, Any]:
    return {
        "code": 0,
        "message": "SUCCEED",
        "data": {"task_id": "1", "task_status": status, **data},
    }


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        ("submitted", Phase.QUEUED),
        ("processing", Phase.RUNNING),
        ("succeed", Phase.SUCCEEDED),
        ("failed", Phase.FAILED),
    ],
)
def test_every_documented_status_maps_to_its_phase(status, phase):
    result = {"videos": [{"id": "v", "url": "https://cdn.example/v.mp4", "duration": "5"}]}
    parsed = parse_status(_answer(status, task_result=result, task_status_msg="x"))
    assert parsed.phase is phase and parsed.provider_status == status


def test_the_fake_task_passes_through_every_status(fake):
    fake.render_s = 0.6

    async def go() -> list[str]:
        p = provider(fake)
        try:
            sub = await p.submit(draw())
            seen: list[str] = []
            while True:
                status = await p.poll(sub.ref)
                if not seen or seen[-1] != status.provider_status:
                    seen.append(status.provider_status)
                if status.phase.is_terminal:
                    return seen
                await asyncio.sleep(0.02)
        finally:
            await p.aclose()

    assert asyncio.run(go()) == ["submitted", "processing", "succeed"]


def test_units_may_come_as_numbers_and_unparsable_units_are_ignored():
    body = _answer("processing", final_unit_deduction=4)
    assert parse_status(body).cost_usd == pytest.approx(0.56)
    assert parse_status(_answer("processing", final_unit_deduction="n/a")).cost_usd is None


# -- failures the service reports -------------------------------------------------------------
def _final(fake: FakeKling, outcome: str) -> Status:
    fake.next_outcome(outcome)

    async def go() -> Status:
        p = provider(fake)
        try:
            sub = await p.submit(draw())
            return await until_terminal(p, sub.ref)
        finally:
            await p.aclose()

    return asyncio.run(go())


def test_risk_control_failure_is_moderation_and_not_retryable(fake):
    status = _final(fake, "moderation")
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is FailureKind.MODERATION and not status.failure.retryable
    assert status.failure.provider_text == MODERATION_TEXT
    assert "content filter" in status.failure.message


def test_a_render_failure_is_a_retryable_provider_failure(fake):
    status = _final(fake, "failed")
    assert status.failure is not None and status.failure.kind is FailureKind.PROVIDER
    assert status.failure.retryable and status.failure.provider_text == FAILURE_TEXT


def test_success_without_a_video_is_a_failure(fake):
    status = _final(fake, "empty")
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is FailureKind.PROVIDER
    assert "no video" in status.failure.message


def test_nonzero_code_on_http_200_status_is_a_moderation_failure(fake):
    status = _final(fake, "code")
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is FailureKind.MODERATION and status.failure.code == "1301"
    assert status.failure.provider_text == "Content security policy triggered"


def test_moderation_through_the_engine_fails_the_job_in_words(fake, isolated_home):
    fake.next_outcome("moderation")
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert MODERATION_TEXT in job.failure.describe()
    assert takes_of(isolated_home, job.id) == 0


@pytest.mark.parametrize(
    ("http_status", "code", "kind", "retryable"),
    [
        (200, 1301, FailureKind.MODERATION, False),
        (400, 1301, FailureKind.MODERATION, False),
        (200, 1102, FailureKind.QUOTA, False),
        (200, 1303, FailureKind.QUOTA, True),
        (200, 1201, FailureKind.INVALID, False),
        (200, 1004, FailureKind.AUTH, False),
    ],
)
def test_a_refused_create_is_classified_by_its_code(fake, http_status, code, kind, retryable):
    fake.refuse_next_create(code, "the service's own words", http_status)

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(ProviderRefused) as caught:
        asyncio.run(go())
    failure = caught.value.failure()
    assert (failure.kind, failure.retryable, failure.code) == (kind, retryable, str(code))
    assert failure.provider_text == "the service's own words"
    assert len(fake.creates()) == 1


def test_balance_code_on_a_429_is_not_waited_on_like_a_rate_limit(fake):
    fake.refuse_next_create(1102, "resource pack exhausted", 429)
    fake.refuse_next_create(1102, "resource pack exhausted", 429)
    fake.refuse_next_create(1102, "resource pack exhausted", 429)

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(ProviderRefused) as caught:
        asyncio.run(go())
    assert caught.value.kind is FailureKind.QUOTA and not caught.value.retryable


@pytest.mark.parametrize(
    ("code", "error"), [(1303, RateLimited), (1004, AuthError), (5001, ServerError)]
)
def test_call_errors_on_a_200_status_answer_do_not_fail_the_job(fake, code, error):
    async def go() -> None:
        p = provider(fake)
        try:
            sub = await p.submit(draw())
            fake.fail_next("GET", TASK, Response(200, {"code": code, "message": "busy"}))
            await p.poll(sub.ref)
        finally:
            await p.aclose()

    with pytest.raises(error):
        asyncio.run(go())


# -- auth ---------------------------------------------------------------------------------------
def test_the_jwt_is_hs256_with_iss_exp_nbf_and_a_valid_signature(fake):
    now = 1_900_000_000.0
    fake.clock = lambda: now

    async def go() -> None:
        p = provider(fake, clock=lambda: now)
        try:
            assert (await p.check_live()).ok
        finally:
            await p.aclose()

    asyncio.run(go())
    token = fake.bearers[-1]
    head, claims, signature = token.split(".")
    assert decode_segment(head) == {"alg": "HS256", "typ": "JWT"}
    assert decode_segment(claims) == {
        "iss": ACCESS_KEY,
        "exp": int(now) + 1800,
        "nbf": int(now) - 5,
    }
    expected = hmac.new(SECRET_KEY.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected


def test_the_token_is_cached_and_renewed_before_the_30_minute_limit(fake):
    clock = [1_900_000_000.0]
    fake.clock = lambda: clock[0]

    async def go() -> list[str]:
        p = provider(fake, clock=lambda: clock[0])
        try:
            for step in (0, 1, 1400, 200):  # seconds added before each call
                clock[0] += step
                check = await p.check_live()
                assert check.ok, check
        finally:
            await p.aclose()
        return list(fake.bearers)

    first, cached, still, renewed = asyncio.run(go())
    assert first == cached == still  # reused while more than 5 minutes remain
    assert renewed != first  # 199 s left at the 4th call: a fresh token
    assert decode_segment(renewed.split(".")[1])["exp"] == int(clock[0]) + 1800
    # The old token past its exp is refused by the service, as Kling would.
    clock[0] += 200
    answer = httpx.get(fake.url(T2V), headers={"Authorization": f"Bearer {first}"})
    assert answer.status_code == 401 and answer.json()["code"] == 1004


def test_an_expired_token_fails_in_plain_words(fake):
    fake.clock = lambda: time.time() + 3600  # our token is an hour old for the service

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(AuthError) as caught:
        asyncio.run(go())
    assert caught.value.code == "1004" and "did not accept the key" in caught.value.message
    assert not fake.tasks


def test_wrong_secret_key_is_an_auth_failure_and_no_secret_leaks(fake):
    wrong = {"access_key": ACCESS_KEY, "secret_key": "sk-not-the-right-one"}

    async def go() -> None:
        p = provider(fake, credentials=wrong)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(AuthError) as caught:
        asyncio.run(go())
    failure = caught.value.failure()
    assert failure.kind is FailureKind.AUTH and failure.code == "1002"
    assert "access key and secret key" in failure.message
    assert "sk-not-the-right-one" not in failure.describe()


def test_a_plain_api_key_is_sent_as_the_bearer(fake):
    async def go() -> bool:
        p = provider(fake, credentials={"api_key": API_KEY})
        try:
            return (await p.check_live()).ok
        finally:
            await p.aclose()

    assert asyncio.run(go())
    assert fake.bearers == [API_KEY]


def test_access_and_secret_win_over_an_api_key(fake):
    async def go() -> None:
        p = provider(fake, credentials={**KEYS, "api_key": API_KEY})
        try:
            await p.check_live()
        finally:
            await p.aclose()

    asyncio.run(go())
    assert fake.bearers[0] != API_KEY and fake.bearers[0].count(".") == 2


def test_a_half_configured_key_pair_is_missing_key_and_nothing_is_sent(fake):
    async def go() -> None:
        p = provider(fake, credentials={"access_key": ACCESS_KEY})
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(MissingKey, match="both the access key and the secret key"):
        asyncio.run(go())
    assert fake.requests == []


def test_no_secret_reaches_the_ref_or_any_request(fake):
    async def go() -> RemoteRef:
        p = provider(fake, credentials={**KEYS, "api_key": API_KEY})
        try:
            sub = await p.submit(draw())
            await until_terminal(p, sub.ref)
            return sub.ref
        finally:
            await p.aclose()

    ref = asyncio.run(go())
    assert SECRET_KEY not in json.dumps(ref.data) and API_KEY not in json.dumps(ref.data)
    for request in fake.requests:
        assert SECRET_KEY.encode() not in request.body + json.dumps(request.headers).encode()


# -- transport faults ---------------------------------------------------------------------------
def test_429_with_retry_after_is_honoured_then_the_create_succeeds(fake):
    policy, sleeps = recording_policy()
    fake.fail_next(
        "POST",
        T2V,
        Response(429, {"code": 1302, "message": "too fast"}, headers={"Retry-After": "2"}),
    )

    async def go() -> str:
        p = provider(fake, policy=policy)
        try:
            return (await p.submit(draw())).ref.remote_id
        finally:
            await p.aclose()

    assert asyncio.run(go()) in fake.tasks
    assert sleeps == [2.0]
    assert len(fake.creates()) == 2


def test_503_on_create_is_retried_once_sent_twice_only_because_it_was_refused(fake):
    fake.fail_next("POST", T2V, Response(503, {"code": 5001, "message": "maintenance"}))

    async def go() -> str:
        p = provider(fake)
        try:
            return (await p.submit(draw())).ref.remote_id
        finally:
            await p.aclose()

    assert asyncio.run(go()) in fake.tasks
    assert len(fake.creates()) == 2 and len(fake.tasks) == 1


def test_500_on_create_is_never_resent(fake):
    fake.fail_next("POST", T2V, Response(500, {"code": 5000, "message": "internal"}))

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(SubmitOutcomeUnknown) as caught:
        asyncio.run(go())
    assert caught.value.provider_text == "internal"
    assert len(fake.creates()) == 1


def test_5xx_on_a_status_call_is_retried_then_succeeds(fake):
    async def go() -> Status:
        p = provider(fake)
        try:
            sub = await p.submit(draw())
            fake.fail_next(
                "GET", TASK, Response(500, {"code": 5000, "message": "x"}), html_error_page(502)
            )
            return await p.poll(sub.ref)
        finally:
            await p.aclose()

    assert asyncio.run(go()).phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert len(fake.calls("GET", TASK)) == 3


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (Response(200, "{not json", headers={"Content-Type": "application/json"}), "malformed"),
        (
            Response(
                200, "<!DOCTYPE html><html>login</html>", headers={"Content-Type": "text/html"}
            ),
            "HTML page",
        ),
    ],
)
def test_malformed_or_html_create_answers_are_protocol_errors_sent_once(fake, response, words):
    fake.fail_next("POST", T2V, response)

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(ProtocolError, match=words):
        asyncio.run(go())
    assert len(fake.creates()) == 1


def test_an_html_502_on_create_is_an_unknown_outcome_described_in_words(fake):
    fake.fail_next("POST", T2V, html_error_page(502))

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(draw())
        finally:
            await p.aclose()

    with pytest.raises(SubmitOutcomeUnknown) as caught:
        asyncio.run(go())
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    assert len(fake.creates()) == 1


def test_malformed_and_html_status_answers_are_classified(fake):
    async def go() -> tuple[Exception, Exception]:
        p = provider(fake)
        try:
            sub = await p.submit(draw())
            fake.fail_next("GET", TASK, Response(200, '{"code": 0, "data": {'))
            with pytest.raises(ProtocolError, match="malformed JSON") as bad:
                await p.poll(sub.ref)
            fake.fail_next("GET", TASK, *[html_error_page(502)] * 3)
            with pytest.raises(ServerError) as html:
                await p.poll(sub.ref)
            return bad.value, html.value
        finally:
            await p.aclose()

    _, html = asyncio.run(go())
    assert html.provider_text == "an HTML error page (HTTP 502)"  # type: ignore[attr-defined]


def test_a_garbled_status_answer_through_the_engine_is_retried(fake, isolated_home):
    fake.fail_next("GET", TASK, Response(200, "garbage"))
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DONE, job.failure


# -- lost submits and lookup by our own id ------------------------------------------------------
def test_a_timed_out_create_is_found_by_our_id_not_sent_again(fake):
    fake.hold_next("POST", T2V, 1.0)
    policy = fast_policy(timeout_s=0.3)
    request = draw(ref="wb-lost-1")

    async def go() -> Any:
        p = provider(fake, policy=policy)
        try:
            with pytest.raises(SubmitOutcomeUnknown):
                await p.submit(request)
            return await p.lookup(request)
        finally:
            await p.aclose()

    found = asyncio.run(go())
    task_id = next(iter(fake.tasks))
    assert found is not None and found.ref.remote_id == task_id
    assert found.ref.data == {"family": "text2video", "external_task_id": "wb-lost-1"}
    assert len(fake.creates()) == 1
    assert fake.calls("GET", f"{T2V}/wb-lost-1")


def test_lookup_falls_back_to_the_task_list_when_the_path_wants_kling_ids(fake):
    fake.path_accepts_external_id = False

    async def go() -> tuple[Any, Any]:
        p = provider(fake)
        try:
            await p.submit(draw(ref="wb-listed"))
            return await p.lookup(draw(ref="wb-listed")), await p.lookup(draw(ref="wb-absent"))
        finally:
            await p.aclose()

    found, absent = asyncio.run(go())
    assert found is not None and found.ref.remote_id == next(iter(fake.tasks))
    assert absent is None
    listing = fake.calls("GET", T2V)
    assert listing and listing[0].query == {"pageNum": ["1"], "pageSize": ["100"]}


def test_lookup_of_an_image_draw_uses_the_image2video_family(fake, tmp_path):
    _, first = image(tmp_path)
    request = draw("kling-v1-6", ref="wb-img", first_frame=first)

    async def go() -> Any:
        p = provider(fake)
        try:
            await p.submit(request)
            return await p.lookup(request)
        finally:
            await p.aclose()

    found = asyncio.run(go())
    assert found is not None and found.ref.data["family"] == "image2video"
    assert fake.calls("GET", f"{I2V}/wb-img")


def test_a_lost_create_through_the_engine_is_looked_up_and_completes(fake, isolated_home):
    fake.hold_next("POST", T2V, 1.0)
    job = engine_run(
        isolated_home, fake, GenerationSpec(prompt=PROMPT), policy=fast_policy(timeout_s=0.3)
    )
    assert job.state is JobState.DONE, job.failure
    assert len(fake.creates()) == 1
    assert fake.calls("GET", f"{T2V}/{job.client_ref}")
    assert takes_of(isolated_home, job.id) == 1


# -- downloads ----------------------------------------------------------------------------------
def test_an_expired_result_link_is_expired(fake, isolated_home):
    async def go() -> None:
        p = provider(fake)
        try:
            sub = await p.submit(draw(ref="wb-exp"))
            status = await until_terminal(p, sub.ref)
            fake.expire_links()
            async for _ in p.fetch(sub.ref, status.assets[0]):
                pass
        finally:
            await p.aclose()

    with pytest.raises(AssetExpired):
        asyncio.run(go())
    fake.links_expired = True
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.EXPIRED
    assert takes_of(isolated_home, job.id) == 0


def test_a_truncated_download_is_retried_and_recorded_once(fake, isolated_home):
    clip = clip_bytes()
    fake.fail_next("GET", r"/files/.*", Response(200, clip, truncate_to=len(clip) // 2))
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DONE, job.failure
    assert len(fake.calls("GET", r"/files/.*")) == 2
    assert takes_of(isolated_home, job.id) == 1


def test_a_download_that_keeps_breaking_records_no_take(fake, isolated_home):
    clip = clip_bytes()
    fake.fail_next("GET", r"/files/.*", *[Response(200, clip, truncate_to=100)] * 4)
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.DOWNLOADING  # resumable, the clip is still on Kling
    assert takes_of(isolated_home, job.id) == 0


def test_non_video_bytes_fail_the_job_saying_so(fake, isolated_home):
    fake.fail_next(
        "GET",
        r"/files/.*",
        Response(
            200, "<html><body>Access denied</body></html>", headers={"Content-Type": "text/html"}
        ),
    )
    job = engine_run(isolated_home, fake, GenerationSpec(prompt=PROMPT))
    assert job.state is JobState.FAILED and job.failure is not None
    assert "not a video" in job.failure.message
    assert takes_of(isolated_home, job.id) == 0


# -- validation ---------------------------------------------------------------------------------
def _problems(model: str = "kling-v2-6", **spec: Any) -> dict[str, str]:
    p = KlingProvider()
    return {problem.code: problem.message for problem in p.validate(draw(model, **spec))}


def test_validation_rejects_what_kling_rejects_in_words(fake, tmp_path):
    assert "duration: 7 s is not offered" in _problems(duration=7)["duration"]
    assert "aspect: 4:3" in _problems(aspect="4:3")["aspect"]
    assert "resolution: 4k is not offered" in _problems(resolution="4k")["resolution"]
    assert _problems("kling-v3", resolution="4k", duration=15) == {}
    assert "at most 2500" in _problems(prompt="x" * 2501)["prompt_length"]
    assert "at most 2500" in _problems(negative_prompt="y" * 2501)["negative_prompt_length"]
    assert "silent" in _problems("kling-v1", audio=True)["audio"]
    assert "from an image only" in _problems("kling-v1-5")["needs_first_frame"]
    assert "mode" in _problems(resolution="720p", options={"mode": "pro"})["mode"]
    assert "on or off" in _problems(options={"watermark": "yes"})["watermark"]
    _, small = image(tmp_path, 200, 200, "small.png")
    assert "at least 300 px" in _problems(first_frame=small)["image_small"]
    _, wide = image(tmp_path, 1200, 400, "wide.png")
    assert "outside" in _problems(first_frame=wide)["image_ratio"]
    _, ok = image(tmp_path, 640, 360, "ok.png")
    webp = ok.model_copy(update={"format": "webp"})
    assert "webp" in _problems(first_frame=webp)["image_format"]
    huge = ok.model_copy(update={"bytes": 11_000_000})
    assert "at most 10 MB" in _problems(first_frame=huge)["image_bytes"]
    _, tail = image(tmp_path, 640, 360, "tail.png")
    assert (
        "last-frame"
        in _problems("kling-v2-master", first_frame=ok, last_frame=tail)["no_last_frame"]
    )
    assert fake.requests == []


def test_seed_is_not_supported_so_none_is_planned_or_sent(fake):
    spec = GenerationSpec(prompt=PROMPT, seed_policy=SeedPolicy(kind="fixed", value=42))
    plan = plan_run(
        spec,
        [Target("kling")],
        provider_for=lambda pid: provider(fake),
        has_key=lambda _p: True,
    )
    assert plan.ok and plan.draws[0].request.seed is None

    async def go() -> None:
        p = provider(fake)
        try:
            await p.submit(plan.draws[0].request)
        finally:
            await p.aclose()

    asyncio.run(go())
    assert "seed" not in fake.creates()[0].json()


def test_a_plan_with_problems_sends_nothing(fake):
    plan = plan_run(
        GenerationSpec(prompt=PROMPT, duration=7, aspect="21:9"),
        [Target("kling", "kling-v2-6", draws=2)],
        provider_for=lambda pid: provider(fake),
        has_key=lambda _p: True,
    )
    assert not plan.ok
    assert {p.code for p in plan.problems} == {"duration", "aspect"}
    assert fake.requests == []


# -- live check ---------------------------------------------------------------------------------
def test_check_live_ok_auth_failed_and_unreachable(fake):
    async def check(creds: dict[str, str], base: str | None = None) -> Any:
        p = KlingProvider(
            ProviderConfig(
                base_url=base or fake.base_url, credentials=Credentials(creds), policy=fast_policy()
            )
        )
        try:
            return await p.check_live()
        finally:
            await p.aclose()

    good = asyncio.run(check(KEYS))
    assert good.ok and good.status == "ok"
    assert fake.requests[0].query == {"pageNum": ["1"], "pageSize": ["1"]}
    assert not fake.tasks  # nothing generated
    bad = asyncio.run(check({"api_key": "not-a-kling-key"}))
    assert (bad.ok, bad.status) == (False, "auth failed")
    assert "not-a-kling-key" not in bad.detail
    gone = asyncio.run(check(KEYS, "http://127.0.0.1:9"))
    assert gone.status == "unreachable"
    missing = asyncio.run(check({}))
    assert missing.status == "auth failed" and "KLING_ACCESS_KEY" in missing.detail


# -- parser fuzz --------------------------------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=6,
)
VIDEO = st.fixed_dictionaries(
    {"url": st.just("https://cdn.example/v.mp4") | JSON}, optional={"duration": JSON}
)
TASK_DATA = st.fixed_dictionaries(
    {},
    optional={
        "task_id": st.text() | st.integers() | JSON,
        "task_status": st.sampled_from(["submitted", "processing", "succeed", "failed"]) | JSON,
        "task_status_msg": st.sampled_from([MODERATION_TEXT, "触发平台的内容风控"]) | JSON,
        "task_info": st.fixed_dictionaries({}, optional={"external_task_id": JSON}) | JSON,
        "task_result": st.fixed_dictionaries({}, optional={"videos": st.lists(VIDEO) | JSON})
        | JSON,
        "final_unit_deduction": st.text() | st.integers() | st.floats() | JSON,
    },
)
ENVELOPE = st.fixed_dictionaries(
    {},
    optional={
        "code": st.just(0) | st.integers() | st.text() | JSON,
        "message": JSON,
        "request_id": JSON,
        "data": TASK_DATA | JSON,
    },
)


# Near-valid answers: code 0 and a task with a real status, the other fields random.
SHAPED = st.fixed_dictionaries(
    {
        "code": st.just(0),
        "data": st.fixed_dictionaries(
            {
                "task_id": st.text(min_size=1, max_size=8),
                "task_status": st.sampled_from(["submitted", "processing", "succeed", "failed"]),
                "task_result": st.fixed_dictionaries(
                    {"videos": st.lists(VIDEO, min_size=1, max_size=2)}
                )
                | JSON,
            }
        ).flatmap(lambda base: TASK_DATA.map(lambda extra: {**extra, **base})),
    },
    optional={"message": JSON, "final_unit_deduction": JSON},
)


@settings(max_examples=300, deadline=None)
@given(JSON | ENVELOPE | SHAPED)
def test_parse_status_gives_a_status_or_a_protocol_error(value):
    try:
        status = parse_status(value)
    except ProtocolError:
        return
    assert isinstance(status, Status)
    if status.phase is Phase.FAILED:
        assert status.failure is not None
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and status.assets[0].url


@settings(max_examples=300, deadline=None)
@given(JSON | ENVELOPE | SHAPED)
def test_parse_submit_gives_a_submission_or_a_protocol_error(value):
    try:
        submission = parse_submit(value)
    except ProtocolError:
        return
    assert submission.ref.remote_id.strip()
