"""Kling against its fake: wire format, business codes, the JWT, lookup by our own id, units.

The failure matrix every adapter shares (retries, broken answers, keys, links, retired
models) is in ``test_conformance.py``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clips import png_bytes
from tests.fakes.clock import ManualClock
from tests.fakes.kling import (
    ACCESS_KEY,
    API_KEY,
    FAILURE_TEXT,
    MODERATION_TEXT,
    SECRET_KEY,
    FakeKling,
)
from tests.fakes.server import Response
from tests.providers import kit
from workbench.domain.capabilities import Charged
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy
from workbench.engine.planner import Target, plan_run
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, RemoteRef, Status
from workbench.providers.errors import (
    AuthError,
    MissingKey,
    PermissionDenied,
    ProtocolError,
    ProviderRefused,
    RateLimited,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.kling.adapter import KlingProvider
from workbench.providers.kling.models import INFO
from workbench.providers.kling.wire import classify_code, parse_status, parse_submit

KEYS = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
PROMPT = "A paper boat drifts down a rain gutter"
T2V = "/v1/videos/text2video"
I2V = "/v1/videos/image2video"
TASK = r"/v1/videos/text2video/\d+"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_900_000_000.0)


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeKling]:
    with FakeKling(render_s=60, clock=clock) as service:
        yield service


def adapter(fake: FakeKling, clock: ManualClock, credentials: Any = None, **kw: Any) -> Provider:
    return kit.adapter("kling", fake.base_url, credentials or KEYS, clock=clock, **kw)


def draw(model: str = "kling-v2-6", ref: str = "wb-test-1", **spec: Any) -> Any:
    return kit.draw(INFO, model, ref=ref, **{"prompt": PROMPT, **spec})


def finished(fake: FakeKling, clock: ManualClock, request: Any = None) -> tuple[Any, Status]:
    async def go(p: Provider) -> tuple[Any, Status]:
        sub = await p.submit(request or draw())
        return sub, (await kit.finish(p, sub.ref, clock))[0]

    return kit.run(adapter(fake, clock), go)


def engine(home: Path, fake: FakeKling, clock: ManualClock, spec: GenerationSpec, model: str):
    [job] = kit.run_engine(
        home, lambda _p: adapter(fake, clock), spec, [Target("kling", model)], clock
    )
    return job


def segment(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


# -- declaration --------------------------------------------------------------------------------
def test_declaration_keys_regions_lookup_prices_and_billing():
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
    assert INFO.billing.failed_draws is Charged.NO and "deduct nothing" in INFO.billing.source
    assert not any(m.seed.supported for m in INFO.models)
    v3 = INFO.model("kling-v3")
    assert v3 is not None and v3.durations == tuple(range(3, 16))
    assert v3.resolutions == ("720p", "1080p", "4k") and v3.price.verified
    hint = v3.polling
    assert (hint.first_poll_s, hint.interval_s, hint.max_interval_s) == (10, 10, 30)
    assert (hint.typical_render_s, hint.deadline_s) == (120, 1800)
    assert not INFO.model("kling-v1-5").text_to_video  # type: ignore[union-attr]
    # "Checked 2026-11": audio is 1.5× silent on v3; 4K is one price with or without sound.
    price = {
        (res, audio): v3.estimate_usd(
            GenerationSpec(prompt="x", duration=10, resolution=res, audio=audio)
        )
        for res in ("720p", "1080p", "4k")
        for audio in (False, True)
    }
    assert price == {
        ("720p", False): 0.84,
        ("720p", True): 1.26,
        ("1080p", False): 1.12,
        ("1080p", True): 1.68,
        ("4k", False): 4.2,
        ("4k", True): 4.2,
    }
    v26 = INFO.model("kling-v2-6")
    assert v26 is not None and (v26.price.usd, v26.price.audio_usd) == (0.07, {"*": 0.14})


# -- wire mapping -------------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_body_and_is_charged_in_units(fake, clock):
    request = draw(
        duration=10,
        aspect="9:16",
        resolution="1080p",
        audio=True,
        negative_prompt="text, watermark",
        options={"watermark": False},
    )
    sub, status = finished(fake, clock, request)
    [create] = fake.creates()
    assert create.path == T2V and create.json() == {
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
    assert status.provider_status == "succeed" and status.charged is True
    assert status.cost_usd == pytest.approx(0.35) and status.cost_reported == "2.5 units"
    bearer = create.header("authorization")[len("Bearer ") :]
    assert bearer.count(".") == 2 and bearer != API_KEY
    for request_ in fake.requests:  # no secret anywhere on the wire or in the reference
        assert SECRET_KEY.encode() not in request_.body + json.dumps(request_.headers).encode()
    assert SECRET_KEY not in json.dumps(sub.ref.data)


def test_image_to_video_sends_raw_base64_frames_and_polls_its_family(fake, clock, tmp_path):
    first = kit.image(tmp_path, "first.png", 640, 360)
    tail = kit.image(tmp_path, "tail.png", 400, 400)
    sub, status = finished(fake, clock, draw("kling-v2-1", first_frame=first, last_frame=tail))
    [create] = fake.creates()
    body = create.json()
    assert create.path == I2V and not body["image"].startswith("data:")
    assert base64.b64decode(body["image"]) == png_bytes(640, 360)
    assert base64.b64decode(body["image_tail"]) == png_bytes(400, 400)
    assert {k: v for k, v in body.items() if k not in ("image", "image_tail")} == {
        "model_name": "kling-v2-1",
        "prompt": PROMPT,
        "mode": "std",
        "duration": "5",
        "external_task_id": "wb-test-1",
    }  # no aspect_ratio (the image sets the shape), no sound on 2.1, no seed
    assert sub.ref.data["family"] == "image2video" and status.phase is Phase.SUCCEEDED
    assert fake.calls("GET", rf"{I2V}/\d+") and not fake.calls("GET", TASK)


def test_the_engine_records_take_units_and_family(fake, clock, isolated_home, tmp_path):
    job = engine(isolated_home, fake, clock, GenerationSpec(prompt=PROMPT), "kling-v2-6")
    assert job.state is JobState.DONE and job.seed is None
    assert job.cost_usd == pytest.approx(0.35) and job.cost_reported == "2.5 units"
    assert job.remote == {"family": "text2video", "external_task_id": job.client_ref}
    first = kit.image(tmp_path, "first.png", 720, 720)
    spec = GenerationSpec(prompt=PROMPT, first_frame=first, resolution="1080p")
    image_job = engine(isolated_home, fake, clock, spec, "kling-v1-6")
    assert image_job.state is JobState.DONE and image_job.remote["family"] == "image2video"
    assert fake.creates()[1].json()["mode"] == "pro"
    assert len(kit.takes(isolated_home, [job, image_job])) == 2


def test_no_seed_is_planned_or_sent(fake, clock):
    spec = GenerationSpec(prompt=PROMPT, seed_policy=SeedPolicy(kind="fixed", value=42))
    plan = plan_run(
        spec, [Target("kling")], provider_for=lambda _p: adapter(fake, clock), has_key=bool
    )
    assert plan.ok and plan.draws[0].request.seed is None
    kit.run(adapter(fake, clock), lambda p: p.submit(plan.draws[0].request))
    assert "seed" not in fake.creates()[0].json()
    seeded = draw().model_copy(update={"seed": 7})
    assert [p.code for p in adapter(fake, clock).validate(seeded)] == ["seed_unsupported"]


# -- statuses, units and codes ------------------------------------------------------------------
def answer(status: str, **data: Any) -> dict[str, Any]:
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
    parsed = parse_status(answer(status, task_result=result, task_status_msg="x"))
    assert parsed.phase is phase and parsed.provider_status == status


def test_the_task_passes_through_every_status(fake, clock):
    async def go(p: Provider) -> list[str]:
        _final, seen = await kit.finish(p, (await p.submit(draw())).ref, clock)
        return list(dict.fromkeys(s.provider_status for s in seen))

    assert kit.run(adapter(fake, clock), go) == ["submitted", "processing", "succeed"]


def test_units_say_what_was_charged():
    video = {"videos": [{"url": "https://cdn.example/v.mp4"}]}
    assert parse_status(answer("succeed", task_result=video, final_unit_deduction=4)).cost_usd == (
        pytest.approx(0.56)
    )
    unknown = parse_status(answer("succeed", task_result=video, final_unit_deduction="n/a"))
    assert unknown.cost_usd is None and unknown.charged is None
    # A success without a video that still deducted units: the service says it charged.
    empty = parse_status(answer("succeed", task_result={"videos": []}, final_unit_deduction="2"))
    assert empty.phase is Phase.FAILED and empty.charged is True and empty.cost_usd == 0.28
    free = parse_status(answer("failed", task_status_msg="x", final_unit_deduction="0"))
    assert free.charged is False and free.cost_reported == "0 units"


@pytest.mark.parametrize(
    ("outcome", "kind", "retryable", "text"),
    [
        ("moderation", FailureKind.MODERATION, False, MODERATION_TEXT),
        ("failed", FailureKind.PROVIDER, True, FAILURE_TEXT),
        ("empty", FailureKind.PROVIDER, True, ""),
        ("code", FailureKind.MODERATION, False, "Content security policy triggered"),
    ],
)
def test_failed_tasks_are_classified_and_cost_nothing(fake, clock, outcome, kind, retryable, text):
    fake.next_outcome(outcome)
    status = finished(fake, clock)[1]
    assert status.phase is Phase.FAILED and status.failure is not None
    assert (status.failure.kind, status.failure.retryable) == (kind, retryable)
    assert status.failure.provider_text == text
    assert status.charged is False and status.cost_usd is None


@pytest.mark.parametrize(
    ("code", "kind", "retryable"),
    [
        (1000, FailureKind.AUTH, False),
        (1004, FailureKind.AUTH, False),
        (1100, FailureKind.QUOTA, False),
        (1101, FailureKind.QUOTA, False),
        (1102, FailureKind.QUOTA, False),
        (1103, FailureKind.AUTH, False),
        (1201, FailureKind.INVALID, False),
        (1203, FailureKind.INVALID, False),
        (1300, FailureKind.INVALID, False),
        (1301, FailureKind.MODERATION, False),
        (1302, FailureKind.QUOTA, True),
        (1303, FailureKind.QUOTA, True),
        (1304, FailureKind.AUTH, False),
        (5000, FailureKind.PROVIDER, True),
        (5002, FailureKind.PROVIDER, True),
    ],
)
def test_every_business_code_has_its_kind(code, kind, retryable):
    failure = classify_code(code, "the service's own words")
    assert (failure.kind, failure.retryable, failure.code) == (kind, retryable, str(code))
    assert failure.provider_text == "the service's own words"


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
def test_a_refused_create_is_classified_by_its_code(
    fake, clock, http_status, code, kind, retryable
):
    fake.refuse_next_create(code, "the service's own words", http_status)
    with pytest.raises(ProviderRefused) as caught:
        kit.run(adapter(fake, clock), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert (failure.kind, failure.retryable, failure.code) == (kind, retryable, str(code))
    assert failure.provider_text == "the service's own words" and len(fake.creates()) == 1


@pytest.mark.parametrize(("code", "error"), [(1102, ProviderRefused), (1304, PermissionDenied)])
def test_a_final_refusal_sent_as_429_is_never_waited_on(fake, clock, code, error):
    sleeps = kit.Sleeps()
    for _ in range(3):
        fake.refuse_next_create(code, "resource pack exhausted", 429)
    with pytest.raises(error) as caught:
        kit.run(adapter(fake, clock, http=kit.policy(sleeps)), lambda p: p.submit(draw()))
    assert not caught.value.retryable
    assert len(fake.creates()) == 1 and sleeps == []  # balance or allow-list: no retry


@pytest.mark.parametrize(
    ("code", "error"), [(1303, RateLimited), (1004, AuthError), (5001, ServerError)]
)
def test_call_errors_on_a_200_status_answer_do_not_fail_the_job(fake, clock, code, error):
    async def go(p: Provider) -> None:
        sub = await p.submit(draw())
        fake.fail_next("GET", TASK, Response(200, {"code": code, "message": "busy"}))
        await p.poll(sub.ref)

    with pytest.raises(error):
        kit.run(adapter(fake, clock), go)


# -- auth ---------------------------------------------------------------------------------------
def test_the_jwt_is_hs256_with_iss_exp_nbf_and_a_valid_signature(fake, clock):
    assert kit.run(adapter(fake, clock), lambda p: p.check_live()).ok
    head, claims, signature = fake.bearers[-1].split(".")
    assert segment(head) == {"alg": "HS256", "typ": "JWT"}
    now = int(clock())
    assert segment(claims) == {"iss": ACCESS_KEY, "exp": now + 1800, "nbf": now - 5}
    expected = hmac.new(SECRET_KEY.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected


def test_the_token_is_cached_and_renewed_before_the_30_minute_limit(fake, clock):
    async def go(p: Provider) -> list[str]:
        for step in (0, 1, 1400, 200):  # seconds before each call
            clock.advance(step)
            assert (await p.check_live()).ok
        return list(fake.bearers)

    first, cached, still, renewed = kit.run(adapter(fake, clock), go)
    assert first == cached == still  # reused while more than 5 minutes remain
    assert renewed != first  # 199 s left at the 4th call: a fresh token
    assert segment(renewed.split(".")[1])["exp"] == int(clock()) + 1800
    clock.advance(200)  # the old token, past its exp, is refused as Kling would
    refused = httpx.get(fake.url(T2V), headers={"Authorization": f"Bearer {first}"})
    assert refused.status_code == 401 and refused.json()["code"] == 1004


def test_an_expired_or_wrongly_signed_token_fails_in_plain_words(fake, clock):
    hour_ago = ManualClock(clock() - 3600)  # our token is an hour old for the service
    with pytest.raises(AuthError) as expired:
        kit.run(adapter(fake, hour_ago), lambda p: p.submit(draw()))
    assert expired.value.code == "1004" and "did not accept the key" in expired.value.message
    wrong = {"access_key": ACCESS_KEY, "secret_key": "sk-not-the-right-one"}
    with pytest.raises(AuthError) as caught:
        kit.run(adapter(fake, clock, wrong), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert failure.code == "1002" and "access key and secret key" in failure.message
    assert "sk-not-the-right-one" not in failure.describe() and not fake.tasks


def test_api_key_or_key_pair_as_the_bearer(fake, clock):
    kit.run(adapter(fake, clock, {"api_key": API_KEY}), lambda p: p.check_live())
    assert fake.bearers == [API_KEY]
    kit.run(adapter(fake, clock, {**KEYS, "api_key": API_KEY}), lambda p: p.check_live())
    assert fake.bearers[1] != API_KEY and fake.bearers[1].count(".") == 2  # the pair wins
    with pytest.raises(MissingKey, match="both the access key and the secret key"):
        kit.run(adapter(fake, clock, {"access_key": ACCESS_KEY}), lambda p: p.submit(draw()))
    assert len(fake.requests) == 2


# -- lookup by our own id -----------------------------------------------------------------------
def test_a_lost_create_is_found_by_our_id_not_sent_again(fake, clock):
    fake.drop_answer_next("POST", T2V)
    request = draw(ref="wb-lost-1")

    async def go(p: Provider) -> Any:
        with pytest.raises(SubmitOutcomeUnknown):
            await p.submit(request)
        return await p.lookup(request)

    found = kit.run(adapter(fake, clock), go)
    assert found is not None and found.ref.remote_id == next(iter(fake.tasks))
    assert found.ref.data == {"family": "text2video", "external_task_id": "wb-lost-1"}
    assert len(fake.creates()) == 1 and fake.calls("GET", f"{T2V}/wb-lost-1")


def test_lookup_falls_back_to_the_task_list_and_follows_the_family(fake, clock, tmp_path):
    fake.path_accepts_external_id = False
    first = kit.image(tmp_path)

    async def go(p: Provider) -> tuple[Any, Any, Any]:
        await p.submit(draw(ref="wb-listed"))
        await p.submit(draw("kling-v1-6", ref="wb-img", first_frame=first))
        found = await p.lookup(draw(ref="wb-listed"))
        image = await p.lookup(draw("kling-v1-6", ref="wb-img", first_frame=first))
        return found, image, await p.lookup(draw(ref="wb-absent"))

    found, image, absent = kit.run(adapter(fake, clock), go)
    assert found is not None and found.ref.data["family"] == "text2video" and absent is None
    assert image is not None and image.ref.data["family"] == "image2video"
    listing = fake.calls("GET", T2V)
    assert listing and listing[0].query == {"pageNum": ["1"], "pageSize": ["100"]}
    assert fake.calls("GET", f"{I2V}/wb-img")


# -- validation and live check ------------------------------------------------------------------
def test_validation_rejects_what_kling_rejects_in_words(fake, tmp_path):
    def problems(model: str = "kling-v2-6", **spec: Any) -> dict[str, str]:
        return {p.code: p.message for p in KlingProvider().validate(draw(model, **spec))}

    assert "duration: 7 s is not offered" in problems(duration=7)["duration"]
    assert "aspect: 4:3" in problems(aspect="4:3")["aspect"]
    assert "resolution: 4k is not offered" in problems(resolution="4k")["resolution"]
    assert problems("kling-v3", resolution="4k", duration=15) == {}
    assert "at most 2500" in problems(prompt="x" * 2501)["prompt_length"]
    assert "at most 2500" in problems(negative_prompt="y" * 2501)["negative_prompt_length"]
    assert "silent" in problems("kling-v1", audio=True)["audio"]
    assert "from an image only" in problems("kling-v1-5")["needs_first_frame"]
    assert "mode" in problems(resolution="720p", options={"mode": "pro"})["mode"]
    assert "on or off" in problems(options={"watermark": "yes"})["watermark"]
    assert (
        "at least 300 px"
        in problems(first_frame=kit.image(tmp_path, "s.png", 200, 200))["image_small"]
    )
    assert "outside" in problems(first_frame=kit.image(tmp_path, "w.png", 1200, 400))["image_ratio"]
    ok = kit.image(tmp_path)
    assert "webp" in problems(first_frame=ok.model_copy(update={"format": "webp"}))["image_format"]
    huge = ok.model_copy(update={"bytes": 11_000_000})
    assert "at most 10 MB" in problems(first_frame=huge)["image_bytes"]
    tail = kit.image(tmp_path, "tail.png")
    assert (
        "last-frame"
        in problems("kling-v2-master", first_frame=ok, last_frame=tail)["no_last_frame"]
    )
    plan = plan_run(
        GenerationSpec(prompt=PROMPT, duration=7, aspect="21:9"),
        [Target("kling", "kling-v2-6", draws=2)],
        provider_for=lambda _p: KlingProvider(),
        has_key=bool,
    )
    assert {p.code for p in plan.problems} == {"duration", "aspect"}
    assert fake.requests == []


def test_the_live_check_lists_one_task_and_names_a_missing_key(fake, clock):
    assert kit.run(adapter(fake, clock), lambda p: p.check_live()).ok
    assert fake.requests[0].query == {"pageNum": ["1"], "pageSize": ["1"]}
    missing = kit.run(adapter(fake, clock, {"api_key": ""}), lambda p: p.check_live())
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
    assert status.phase is not Phase.FAILED or status.failure is not None
    assert status.phase is not Phase.SUCCEEDED or (status.assets and status.assets[0].url)


@settings(max_examples=300, deadline=None)
@given(JSON | ENVELOPE | SHAPED)
def test_parse_submit_gives_a_submission_or_a_protocol_error(value):
    try:
        submission = parse_submit(value)
    except ProtocolError:
        return
    assert submission.ref.remote_id.strip()
