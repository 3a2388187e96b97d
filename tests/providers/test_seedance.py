"""The Seedance adapter against its loopback fake: wire mapping, statuses, failures, engine runs."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clips import clip_bytes, png_bytes
from tests.fakes.seedance import OUTCOMES, TASK, TASKS, FakeSeedance, envelope, tokens
from tests.fakes.server import Response, html_error_page
from tests.helpers import fast_policy, run_draws
from workbench.domain.capabilities import PriceUnit
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import (
    DrawRequest,
    GenerationSpec,
    ImageInput,
    SeedPolicy,
    SeedPolicyKind,
)
from workbench.engine.planner import Target, plan_run
from workbench.library.library import Library
from workbench.library.records import JobRecord
from workbench.providers import registry
from workbench.providers._http import HttpPolicy
from workbench.providers.base import Asset, Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    BadRequest,
    MissingKey,
    ProtocolError,
    ProviderRefused,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.seedance import INFO, SeedanceProvider, parse_status, parse_submit
from workbench.providers.seedance.models import VOLCENGINE_URL

KEY = "test-key-0000"
V20 = "dreamina-seedance-2-0-260128"
FAST = "dreamina-seedance-2-0-fast-260128"
MINI = "dreamina-seedance-2-0-mini"
PRO15 = "seedance-1-5-pro-251215"
PRO10 = "seedance-1-0-pro-250528"
PRO10_FAST = "seedance-1-0-pro-fast-251015"
T = TypeVar("T")


# -- plumbing -------------------------------------------------------------------------------
@pytest.fixture
def fake() -> Any:
    service = FakeSeedance(api_key=KEY, render_s=0.12)
    with service:
        yield service


def adapter(
    fake: FakeSeedance,
    key: str = KEY,
    policy: HttpPolicy | None = None,
    base_url: str | None = None,
    **options: object,
) -> Provider:
    """The adapter pointed at the fake (``…/api/v3``), fast policy, test key."""
    return registry.create(
        "seedance",
        ProviderConfig(
            base_url=base_url or fake.api_base,
            credentials=Credentials({"api_key": key}, source="test"),
            policy=policy or fast_policy(),
            options=dict(options),
        ),
    )


def run(provider: Provider, scenario: Callable[[Provider], Awaitable[T]]) -> T:
    """Run one coroutine with the provider and close its connections in the same loop."""

    async def go() -> T:
        try:
            return await scenario(provider)
        finally:
            await provider.aclose()

    return asyncio.run(go())


async def until_done(provider: Provider, ref: RemoteRef, limit_s: float = 5.0) -> list[Status]:
    """Poll until a terminal phase; every status seen, last one terminal."""
    seen: list[Status] = []
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        status = await provider.poll(ref)
        seen.append(status)
        if status.phase.is_terminal:
            return seen
        await asyncio.sleep(0.02)
    raise AssertionError(f"still {seen[-1].phase} after {limit_s} s")


async def download(provider: Provider, ref: RemoteRef, asset: Asset) -> bytes:
    return b"".join([chunk async for chunk in provider.fetch(ref, asset)])


def spec_of(prompt: str = "A red fox runs through fresh snow", **kw: Any) -> GenerationSpec:
    values: dict[str, Any] = {"duration": 5, "aspect": "16:9", "resolution": "720p"}
    values.update(kw)
    return GenerationSpec(prompt=prompt, **values)


def draw(spec: GenerationSpec, model: str = V20, seed: int | None = 1234) -> DrawRequest:
    """A draw resolved the way the planner resolves it."""
    resolved = INFO.model(model).resolve(spec)  # type: ignore[union-attr]
    return DrawRequest(spec=resolved, model=model, seed=seed, client_ref="wb-test-1")


def image(
    tmp_path: Path, name: str, *, fmt: str = "png", size: tuple[int, int] = (640, 360)
) -> ImageInput:
    """A real image file on disk, described the way the engine probes it."""
    path = tmp_path / f"{name}.{'jpg' if fmt == 'jpeg' else fmt}"
    if fmt == "png":
        path.write_bytes(png_bytes(*size))
    else:
        from PIL import Image

        Image.new("RGB", size, (20, 90, 200)).save(path, format=fmt.upper())
    return ImageInput(
        path=str(path), format=fmt, width=size[0], height=size[1], bytes=path.stat().st_size
    )


def factory(fake: FakeSeedance, **kw: Any) -> Callable[[str], Provider]:
    return lambda _pid: adapter(fake, **kw)


def takes_of(home: Path, job: JobRecord) -> int:
    library = Library(home)
    try:
        return int(
            library.conn.execute(
                "SELECT COUNT(*) FROM takes WHERE job_id = ?", (job.id,)
            ).fetchone()[0]
        )
    finally:
        library.close()


def expected_cost(resolution: str, ratio: str, duration: int, rate: float) -> tuple[float, str]:
    n = tokens(resolution, ratio, duration)
    return round(n / 1000 * rate, 4), f"{n} tokens"


# -- declarations -----------------------------------------------------------------------------
def test_declaration_matches_the_service() -> None:
    assert INFO.id == "seedance" and SeedanceProvider.info is INFO
    assert INFO.credential_env == {"api_key": ("ARK_API_KEY",)} and INFO.needs_key
    assert INFO.regions == {
        "byteplus": "https://ark.ap-southeast.bytepluses.com/api/v3",
        "volcengine": "https://ark.cn-beijing.volces.com/api/v3",
    }
    assert INFO.default_base_url == INFO.regions["byteplus"]
    assert not INFO.lookup_by_client_ref and INFO.can_cancel
    assert 2 <= INFO.default_concurrency <= 4
    assert INFO.model(None) is not None and INFO.model(None).id == V20  # type: ignore[union-attr]
    durations = {m.id: (min(m.durations), max(m.durations)) for m in INFO.models}
    assert durations["dreamina-seedance-2-5-260628"] == (4, 30)
    assert durations[V20] == (4, 15) and durations[PRO15] == (4, 12) and durations[PRO10] == (3, 12)
    assert INFO.model(V20).resolutions == ("480p", "720p", "1080p", "4k")  # type: ignore[union-attr]
    assert INFO.model(FAST).resolutions == INFO.model(MINI).resolutions == ("480p", "720p")  # type: ignore[union-attr]
    for model in INFO.models:
        assert model.seed.supported and model.seed.echoed
        assert (model.seed.minimum, model.seed.maximum) == (0, 2_147_483_647)
        assert "adaptive" in model.aspects and not model.negative_prompt
        assert model.price.unit is PriceUnit.KTOKENS and not model.price.verified
        assert model.price.source
        assert model.polling.interval_s == 9.0
    assert {m.id for m in INFO.models if m.id.startswith("doubao-")} >= {
        "doubao-seedance-2-0-260128",
        "doubao-seedance-2-5-260628",
    }


def test_estimate_uses_tokens_per_thousand() -> None:
    model = INFO.model(V20)
    assert model is not None
    # 1280×720 × 24 fps × 5 s / 1024 = 108,000 tokens at $0.007 per 1K
    assert model.estimate_usd(spec_of(resolution="720p")) == pytest.approx(0.756)
    pro15 = INFO.model(PRO15)
    assert pro15 is not None
    assert pro15.estimate_usd(spec_of(audio=True)) == pytest.approx(
        2 * pro15.estimate_usd(spec_of(audio=False))
    )


# -- happy paths ---------------------------------------------------------------------------
def test_text_to_video_request_body_result_seed_and_cost(fake: FakeSeedance) -> None:
    spec = spec_of(aspect="9:16", audio=True, options={"watermark": True, "camera_fixed": True})

    async def scenario(p: Provider) -> tuple[Any, list[Status], bytes]:
        sub = await p.submit(draw(spec, V20, seed=1234))
        seen = await until_done(p, sub.ref)
        data = await download(p, sub.ref, seen[-1].assets[0])
        return sub, seen, data

    sub, seen, data = run(adapter(fake), scenario)
    assert sub.ref.remote_id.startswith("cgt-") and sub.seed == 1234
    assert sub.ref.data == {"model": V20, "resolution": "720p", "audio": True, "region": ""}
    assert KEY not in json.dumps(sub.ref.data)
    [body] = fake.created_bodies()
    assert body == {
        "model": V20,
        "content": [{"type": "text", "text": "A red fox runs through fresh snow"}],
        "ratio": "9:16",
        "resolution": "720p",
        "duration": 5,
        "seed": 1234,
        "watermark": True,
        "generate_audio": True,
        "camera_fixed": True,
    }
    assert type(body["duration"]) is int and "--" not in body["content"][0]["text"]
    assert fake.calls("POST", TASKS)[0].header("authorization") == f"Bearer {KEY}"
    final = seen[-1]
    assert final.phase is Phase.SUCCEEDED and final.provider_status == "succeeded"
    assert final.seed == 1234
    cost, reported = expected_cost("720p", "9:16", 5, 0.007)
    assert (final.cost_usd, final.cost_reported) == (cost, reported)
    [asset] = final.assets
    assert asset.signed and not asset.auth and asset.url and "/tos/" in asset.url
    assert data == clip_bytes()
    [fetch] = fake.calls("GET", r"/tos/.*")
    assert fetch.header("authorization") is None  # signed links get no key


@pytest.mark.parametrize(("model", "audio_field"), [(PRO15, True), (PRO10, False)])
def test_image_to_video_sends_frames_as_data_urls(
    fake: FakeSeedance, tmp_path: Path, model: str, audio_field: bool
) -> None:
    first = image(tmp_path, "first", fmt="png")
    last = image(tmp_path, "last", fmt="jpeg")
    spec = spec_of(first_frame=first, last_frame=last, aspect="adaptive", resolution="1080p")

    async def scenario(p: Provider) -> list[Status]:
        sub = await p.submit(draw(spec, model, seed=None))
        return await until_done(p, sub.ref)

    seen = run(adapter(fake), scenario)
    assert seen[-1].phase is Phase.SUCCEEDED
    [body] = fake.created_bodies()
    text, first_item, last_item = body["content"]
    assert text == {"type": "text", "text": spec.prompt}
    assert (first_item["type"], first_item["role"]) == ("image_url", "first_frame")
    assert (last_item["type"], last_item["role"]) == ("image_url", "last_frame")
    for item, img, mime in ((first_item, first, "image/png"), (last_item, last, "image/jpeg")):
        head, _, payload = item["image_url"]["url"].partition(",")
        assert head == f"data:{mime};base64"
        assert base64.b64decode(payload) == Path(img.path).read_bytes()
    assert body["ratio"] == "adaptive" and body["resolution"] == "1080p"
    assert "seed" not in body  # no seed chosen: the service picks and echoes one
    assert isinstance(seen[-1].seed, int)
    if audio_field:
        assert body["generate_audio"] is False
    else:
        assert "generate_audio" not in body
    assert body["watermark"] is False


def test_engine_text_to_video_records_take_seed_and_cost(
    isolated_home: Path, fake: FakeSeedance
) -> None:
    fake.echo_seed = 99  # the seed the service says it used wins over the one sent
    spec = spec_of(resolution="480p", seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=77))
    [job] = run_draws(isolated_home, factory(fake), spec, [Target("seedance", FAST)])
    assert job.state is JobState.DONE, job.failure
    [body] = fake.created_bodies()
    assert body["seed"] == 77 and body["model"] == FAST and body["duration"] == 5
    assert job.seed == 99
    cost, reported = expected_cost("480p", "16:9", 5, 0.0056)
    assert job.cost_usd == cost and job.cost_reported == reported
    assert job.remote_id and job.remote_id.startswith("cgt-")
    assert takes_of(isolated_home, job) == 1
    assert len(fake.calls("POST", TASKS)) == 1


def test_engine_image_to_video_done(
    isolated_home: Path, fake: FakeSeedance, tmp_path: Path
) -> None:
    first = image(tmp_path, "first", size=(720, 1280))
    spec = spec_of(first_frame=first, aspect="adaptive", resolution="480p", duration=4)
    [job] = run_draws(isolated_home, factory(fake), spec, [Target("seedance", MINI)])
    assert job.state is JobState.DONE, job.failure
    [body] = fake.created_bodies()
    assert [item.get("role") for item in body["content"]] == [None, "first_frame"]
    assert body["ratio"] == "adaptive" and body["duration"] == 4
    assert job.seed == body["seed"]
    cost, reported = expected_cost("480p", "adaptive", 4, 0.0035)
    assert job.cost_usd == cost and job.cost_reported == reported
    assert takes_of(isolated_home, job) == 1


# -- statuses ------------------------------------------------------------------------------
VIDEO = {"video_url": "https://ark-content.example/abc.mp4?X-Tos-Signature=x"}


@pytest.mark.parametrize(
    ("body", "phase"),
    [
        ({"id": "t", "status": "queued"}, Phase.QUEUED),
        ({"id": "t", "status": "running"}, Phase.RUNNING),
        ({"id": "t", "status": "succeeded", "content": VIDEO}, Phase.SUCCEEDED),
        ({"id": "t", "status": "failed", "error": {"code": "X", "message": "m"}}, Phase.FAILED),
        ({"id": "t", "status": "cancelled"}, Phase.CANCELED),
        ({"id": "t", "status": "expired"}, Phase.FAILED),
    ],
)
def test_every_status_value_maps(body: dict[str, Any], phase: Phase) -> None:
    status = parse_status(body)
    assert status.phase is phase and status.provider_status == body["status"]


def test_expired_task_is_an_expired_failure() -> None:
    status = parse_status({"id": "t", "status": "expired"})
    assert status.failure is not None and status.failure.kind is FailureKind.EXPIRED


def test_unknown_status_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="does not know"):
        parse_status({"id": "t", "status": "paused"})


def test_the_fake_walks_through_queued_running_succeeded(fake: FakeSeedance) -> None:
    fake.render_s = 1.0  # queued for 0.3 s: room for the first poll even on a busy machine

    async def scenario(p: Provider) -> list[Status]:
        sub = await p.submit(draw(spec_of()))
        return await until_done(p, sub.ref)

    phases = [s.phase for s in run(adapter(fake), scenario)]
    assert phases[0] is Phase.QUEUED and Phase.RUNNING in phases
    assert phases[-1] is Phase.SUCCEEDED
    assert phases.index(Phase.RUNNING) > phases.index(Phase.QUEUED)


def test_cancelled_task_is_canceled(fake: FakeSeedance) -> None:
    fake.next_outcome("cancelled")

    async def scenario(p: Provider) -> list[Status]:
        sub = await p.submit(draw(spec_of()))
        return await until_done(p, sub.ref)

    assert run(adapter(fake), scenario)[-1].phase is Phase.CANCELED


# -- failures ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "outcome", ["moderation", "input_moderation", "audio_moderation", "success_moderated"]
)
def test_moderation_is_a_final_moderation_failure(fake: FakeSeedance, outcome: str) -> None:
    fake.next_outcome(outcome)

    async def scenario(p: Provider) -> list[Status]:
        sub = await p.submit(draw(spec_of(audio=True)))
        return await until_done(p, sub.ref)

    final = run(adapter(fake), scenario)[-1]
    code, text = OUTCOMES[outcome][1]  # type: ignore[misc]
    assert final.phase is Phase.FAILED and not final.assets
    assert final.failure is not None
    assert final.failure.kind is FailureKind.MODERATION and not final.failure.retryable
    assert (final.failure.code, final.failure.provider_text) == (code, text)
    assert "content filter" in final.failure.message
    if outcome == "audio_moderation":
        assert "turn audio off" in final.failure.message


def test_success_that_is_really_moderation_fails_the_job(
    isolated_home: Path, fake: FakeSeedance
) -> None:
    fake.next_outcome("success_moderated")
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert takes_of(isolated_home, job) == 0
    assert fake.calls("GET", r"/tos/.*") == []


@pytest.mark.parametrize(
    ("outcome", "kind", "words"),
    [
        ("failure", FailureKind.PROVIDER, "failed to make"),
        ("failure_no_reason", FailureKind.PROVIDER, "without giving a reason"),
        ("success_no_video", FailureKind.PROVIDER, "delivered no video"),
        ("expired", FailureKind.EXPIRED, "expire"),
    ],
)
def test_other_failure_shapes(
    fake: FakeSeedance, outcome: str, kind: FailureKind, words: str
) -> None:
    fake.next_outcome(outcome)

    async def scenario(p: Provider) -> list[Status]:
        sub = await p.submit(draw(spec_of()))
        return await until_done(p, sub.ref)

    final = run(adapter(fake), scenario)[-1]
    assert final.phase is Phase.FAILED and final.failure is not None
    assert final.failure.kind is kind and words in final.failure.message
    assert final.failure.retryable  # a reroll may well work


def test_moderation_400_on_create_is_refused_not_retried(fake: FakeSeedance) -> None:
    fake.reject_next_create(
        "InputTextSensitiveContentDetected", "The input text may contain sensitive content."
    )
    with pytest.raises(ProviderRefused) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert failure.code == "InputTextSensitiveContentDetected"
    assert failure.provider_text == "The input text may contain sensitive content."
    assert len(fake.calls("POST", TASKS)) == 1 and fake.tasks == {}


def test_moderation_400_on_create_fails_the_job(isolated_home: Path, fake: FakeSeedance) -> None:
    fake.reject_next_create("InputTextSensitiveContentDetected.PolicyViolation", "sensitive")
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION


def test_error_envelope_in_a_200_create_is_classified(fake: FakeSeedance) -> None:
    fake.fail_next(
        "POST",
        TASKS,
        Response(200, envelope("InputImageSensitiveContentDetected", "refused image")),
    )
    with pytest.raises(ProviderRefused) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert caught.value.failure().kind is FailureKind.MODERATION
    assert caught.value.provider_text == "refused image"


def test_other_400_stays_an_invalid_request(fake: FakeSeedance) -> None:
    fake.reject_next_create("InvalidParameter", "The parameter `ratio` is not valid.")
    with pytest.raises(BadRequest) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert caught.value.failure().kind is FailureKind.INVALID
    assert caught.value.provider_text == "The parameter `ratio` is not valid."


def test_wrong_key_is_an_auth_failure_in_plain_words(fake: FakeSeedance) -> None:
    with pytest.raises(AuthError) as caught:
        run(adapter(fake, key="wrong-key-1234"), lambda p: p.submit(draw(spec_of())))
    assert "did not accept the API key" in caught.value.message
    assert caught.value.code == "AuthenticationError"
    assert "wrong-key-1234" not in str(caught.value) + caught.value.provider_text
    assert caught.value.failure().kind is FailureKind.AUTH
    assert len(fake.calls("POST", TASKS)) == 1 and fake.tasks == {}


def test_wrong_key_fails_the_job_as_auth(isolated_home: Path, fake: FakeSeedance) -> None:
    [job] = run_draws(
        isolated_home, factory(fake, key="wrong-key-1234"), spec_of(), [Target("seedance", V20)]
    )
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.AUTH


def test_missing_key_sends_nothing(fake: FakeSeedance) -> None:
    provider = registry.create("seedance", ProviderConfig(base_url=fake.api_base))
    with pytest.raises(MissingKey, match="ARK_API_KEY"):
        run(provider, lambda p: p.submit(draw(spec_of())))
    assert fake.requests == []


def test_key_echoed_in_an_error_is_scrubbed(fake: FakeSeedance) -> None:
    fake.fail_next(
        "GET", TASK, Response(400, envelope("InvalidParameter", f"bad header Bearer {KEY}"))
    )
    with pytest.raises(BadRequest) as caught:
        run(adapter(fake), lambda p: p.poll(RemoteRef("cgt-1")))
    assert KEY not in caught.value.provider_text and "***" in caught.value.provider_text


# -- retries and broken answers --------------------------------------------------------------
def recording_policy(**overrides: Any) -> tuple[HttpPolicy, list[float]]:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return fast_policy(sleep=sleep, **overrides), sleeps


def test_429_retry_after_is_honoured_then_success(fake: FakeSeedance) -> None:
    policy, sleeps = recording_policy()
    fake.fail_next(
        "POST",
        TASKS,
        Response(429, envelope("RateLimitExceeded", "slow down"), headers={"Retry-After": "2"}),
    )

    async def scenario(p: Provider) -> Status:
        sub = await p.submit(draw(spec_of()))
        fake.fail_next(
            "GET",
            TASK,
            Response(429, envelope("RateLimitExceeded", "slow"), headers={"Retry-After": "3"}),
        )
        return await p.poll(sub.ref)

    status = run(adapter(fake, policy=policy), scenario)
    assert status.phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert sleeps == [2.0, 3.0]
    assert len(fake.calls("POST", TASKS)) == 2 and len(fake.tasks) == 1
    assert len(fake.calls("GET", TASK)) == 2


def test_5xx_on_status_is_retried_then_succeeds(fake: FakeSeedance) -> None:
    async def scenario(p: Provider) -> Status:
        sub = await p.submit(draw(spec_of()))
        fake.fail_next(
            "GET", TASK, Response(500, envelope("InternalError", "boom")), html_error_page(502)
        )
        return await p.poll(sub.ref)

    status = run(adapter(fake), scenario)
    assert status.phase in (Phase.QUEUED, Phase.RUNNING, Phase.SUCCEEDED)
    assert len(fake.calls("GET", TASK)) == 3


def test_503_on_create_is_retried_but_500_is_not(fake: FakeSeedance) -> None:
    fake.fail_next("POST", TASKS, Response(503, envelope("ServiceUnavailable", "busy")))
    sub = run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert sub.ref.remote_id in fake.tasks and len(fake.calls("POST", TASKS)) == 2

    fake.fail_next("POST", TASKS, Response(500, envelope("InternalServiceError", "oops")))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert caught.value.provider_text == "oops"
    assert len(fake.calls("POST", TASKS)) == 3  # the 500 was not re-sent


def test_submit_timeout_is_sent_once_and_unknown(fake: FakeSeedance) -> None:
    fake.hold_next("POST", TASKS, 1.0)
    with pytest.raises(SubmitOutcomeUnknown, match="may or may not"):
        run(adapter(fake, policy=fast_policy(timeout_s=0.3)), lambda p: p.submit(draw(spec_of())))
    assert len(fake.calls("POST", TASKS)) == 1
    assert len(fake.tasks) == 1  # the service did take it


def test_submit_timeout_through_the_engine_ends_unknown(
    isolated_home: Path, fake: FakeSeedance
) -> None:
    fake.hold_next("POST", TASKS, 1.0)
    [job] = run_draws(
        isolated_home,
        factory(fake, policy=fast_policy(timeout_s=0.3)),
        spec_of(),
        [Target("seedance", V20)],
    )
    assert job.state is JobState.UNKNOWN and job.failure is not None
    assert job.failure.kind is FailureKind.LOST and "not sent again" in job.failure.message
    assert len(fake.calls("POST", TASKS)) == 1


def test_malformed_json_and_html_on_create(fake: FakeSeedance) -> None:
    fake.fail_next(
        "POST", TASKS, Response(200, '{"id": "cgt-1"', headers={"Content-Type": "application/json"})
    )
    with pytest.raises(ProtocolError, match="malformed JSON"):
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    fake.fail_next("POST", TASKS, html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    fake.fail_next(
        "POST",
        TASKS,
        Response(200, "<!DOCTYPE html><html>sign in</html>", headers={"Content-Type": "text/html"}),
    )
    with pytest.raises(ProtocolError, match="HTML page"):
        run(adapter(fake), lambda p: p.submit(draw(spec_of())))
    assert len(fake.calls("POST", TASKS)) == 3  # none of them re-sent


def test_malformed_json_and_html_on_status(fake: FakeSeedance) -> None:
    async def scenario(p: Provider) -> list[Exception]:
        sub = await p.submit(draw(spec_of()))
        caught: list[Exception] = []
        fake.fail_next(
            "GET",
            TASK,
            Response(200, '{"status": "runn', headers={"Content-Type": "application/json"}),
        )
        fake.fail_next("GET", TASK, *[html_error_page(502)] * 3)
        fake.fail_next("GET", TASK, Response(200, {"status": 7}))
        for _ in range(3):
            try:
                await p.poll(sub.ref)
            except Exception as exc:  # collected for the asserts below
                caught.append(exc)
        return caught

    malformed, html, shapeless = run(adapter(fake), scenario)
    assert isinstance(malformed, ProtocolError) and "malformed JSON" in malformed.message
    assert isinstance(html, ServerError) and html.provider_text == "an HTML error page (HTTP 502)"
    assert isinstance(shapeless, ProtocolError) and "without a task status" in shapeless.message


def test_engine_rides_out_broken_status_answers(isolated_home: Path, fake: FakeSeedance) -> None:
    fake.fail_next("GET", TASK, *[html_error_page(502)] * 3, Response(200, "{oops"))
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.DONE, job.failure


# -- result delivery -----------------------------------------------------------------------
def test_expired_link_is_expired(fake: FakeSeedance) -> None:
    async def scenario(p: Provider) -> None:
        sub = await p.submit(draw(spec_of()))
        final = (await until_done(p, sub.ref))[-1]
        fake.expire_links()
        await download(p, sub.ref, final.assets[0])

    with pytest.raises(AssetExpired) as caught:
        run(adapter(fake), scenario)
    assert caught.value.failure().kind is FailureKind.EXPIRED
    assert "expired" in caught.value.message


def test_expired_link_through_the_engine(isolated_home: Path, fake: FakeSeedance) -> None:
    fake.expire_links()
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.EXPIRED
    assert takes_of(isolated_home, job) == 0


def test_truncated_download_records_no_take(isolated_home: Path, fake: FakeSeedance) -> None:
    fake.truncate_to = 200
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.DOWNLOADING  # resumable, not done
    assert takes_of(isolated_home, job) == 0
    assert len(fake.calls("GET", r"/tos/.*")) >= 2  # retried


def test_non_video_download_fails_in_words(isolated_home: Path, fake: FakeSeedance) -> None:
    fake.video_bytes = b"<!DOCTYPE html><html><body>Access denied, please log in</body></html>"
    [job] = run_draws(isolated_home, factory(fake), spec_of(), [Target("seedance", V20)])
    assert job.state is JobState.FAILED and job.failure is not None
    assert "not a video" in job.failure.message
    assert takes_of(isolated_home, job) == 0


# -- cancel and live check -------------------------------------------------------------------
def test_cancel_only_deletes_a_queued_task(fake: FakeSeedance) -> None:
    fake.next_outcome("hold_queued", "hold_running", "success")

    async def scenario(p: Provider) -> tuple[bool, Phase, bool, bool, Phase]:
        queued = await p.submit(draw(spec_of()))
        running = await p.submit(draw(spec_of()))
        done = await p.submit(draw(spec_of()))
        await asyncio.sleep(0.25)
        cancelled = await p.cancel(queued.ref)
        after = (await p.poll(queued.ref)).phase
        refused = await p.cancel(running.ref)
        finished = await p.cancel(done.ref)
        still = (await p.poll(done.ref)).phase
        return cancelled, after, refused, finished, still

    cancelled, after, refused, finished, still = run(adapter(fake), scenario)
    assert cancelled and after is Phase.CANCELED
    assert not refused and not finished
    assert still is Phase.SUCCEEDED  # a finished record is never deleted
    assert len(fake.calls("DELETE", TASK)) == 1


def test_check_live(fake: FakeSeedance) -> None:
    good = run(adapter(fake), lambda p: p.check_live())
    assert good.ok and good.status == "ok"
    [listing] = fake.calls("GET", TASKS)
    assert listing.query == {"page_size": ["1"]}
    bad = run(adapter(fake, key="wrong-key-1234"), lambda p: p.check_live())
    assert not bad.ok and bad.status == "auth failed" and "wrong-key-1234" not in bad.detail
    assert fake.calls("POST", TASKS) == []  # nothing generated


def test_check_live_unreachable() -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{sock.getsockname()[1]}/api/v3"
    live = run(
        registry.create(
            "seedance",
            ProviderConfig(
                base_url=base, credentials=Credentials({"api_key": KEY}), policy=fast_policy()
            ),
        ),
        lambda p: p.check_live(),
    )
    assert not live.ok and live.status == "unreachable"


# -- validation ------------------------------------------------------------------------------
def _problems(provider: Provider, request: DrawRequest) -> dict[str, str]:
    return {p.code: p.message for p in provider.validate(request)}


@pytest.mark.parametrize(
    ("model", "changes", "code", "words"),
    [
        (V20, {"duration": 20}, "duration", "duration: 20 s is not offered"),
        (PRO15, {"duration": 3}, "duration", "duration: 3 s is not offered"),
        (V20, {"aspect": "2:1"}, "aspect", "aspect: 2:1 is not offered"),
        (FAST, {"resolution": "1080p"}, "resolution", "resolution: 1080p is not offered"),
        (MINI, {"resolution": "4k"}, "resolution", "choose 480p or 720p"),
        (V20, {"prompt": "x" * 5001}, "prompt_length", "at most 5000"),
        (V20, {"aspect": "adaptive"}, "adaptive_needs_image", "give a first frame"),
        (V20, {"prompt": "a cat --duration 10"}, "prompt_flags", "--duration"),
        (PRO10, {"audio": True}, "audio", "silent clips only"),
        (V20, {"negative_prompt": "blur"}, "negative_prompt", "no negative prompt"),
        (V20, {"options": {"watermark": "yes"}}, "option_type", "true or false"),
    ],
)
def test_validation_rejects_in_words(
    fake: FakeSeedance, model: str, changes: dict[str, Any], code: str, words: str
) -> None:
    provider = adapter(fake)
    problems = _problems(provider, draw(spec_of(**changes), model))
    assert code in problems and words in problems[code]
    assert fake.requests == []


def test_validation_of_images(fake: FakeSeedance, tmp_path: Path) -> None:
    provider = adapter(fake)

    def problems(**frames: Any) -> dict[str, str]:
        return _problems(provider, draw(spec_of(**frames), V20))

    def img(**kw: Any) -> ImageInput:
        base: dict[str, Any] = {
            "path": str(tmp_path / "x.png"),
            "format": "png",
            "width": 1280,
            "height": 720,
            "bytes": 1000,
        }
        base.update(kw)
        return ImageInput(**base)

    assert "png" in problems(first_frame=img(format="gif"))["image_format"]
    assert "31.5 MB" in problems(first_frame=img(bytes=31_500_000))["image_bytes"]
    assert "at least 300 px" in problems(first_frame=img(width=200, height=200))["image_small"]
    assert "6000 px" in problems(first_frame=img(width=7000, height=3000))["image_large"]
    assert "outside" in problems(first_frame=img(width=1000, height=300))["image_ratio"]
    assert (
        "does not take a last-frame"
        in _problems(
            provider,
            draw(spec_of(first_frame=img(), last_frame=img()), PRO10_FAST),
        )["no_last_frame"]
    )
    assert (
        "not both"
        in problems(first_frame=img(), reference_images=(img(),))["references_with_frames"]
    )
    assert (
        "at most 0 reference"
        in _problems(provider, draw(spec_of(reference_images=(img(),)), PRO15))[
            "too_many_references"
        ]
    )
    assert problems(first_frame=img(), aspect="adaptive") == {}
    assert fake.requests == []


def test_validation_of_seed_range(fake: FakeSeedance) -> None:
    provider = adapter(fake)
    assert "outside" in _problems(provider, draw(spec_of(), V20, seed=2**31))["seed_range"]
    assert _problems(provider, draw(spec_of(), V20, seed=2**31 - 1)) == {}
    assert fake.requests == []


def test_region_and_model_ids_must_match(fake: FakeSeedance) -> None:
    volc = adapter(fake, region="volcengine")
    problems = _problems(volc, draw(spec_of(), V20))
    assert "doubao-seedance-2-0-260128" in problems["model_region"]
    assert _problems(volc, draw(spec_of(), "doubao-seedance-2-0-260128")) == {}
    byteplus = adapter(fake, region="byteplus")
    assert "model_region" in _problems(byteplus, draw(spec_of(), "doubao-seedance-2-0-260128"))
    # No region setting: the host decides (here the real Volcengine host; nothing is sent).
    by_host = registry.create("seedance", ProviderConfig(base_url=VOLCENGINE_URL))
    assert isinstance(by_host, SeedanceProvider) and by_host.region == "volcengine"
    assert "model_region" in _problems(by_host, draw(spec_of(), V20))
    assert fake.requests == []


def test_plan_with_problems_sends_nothing(fake: FakeSeedance) -> None:
    plan = plan_run(
        spec_of(duration=40, resolution="8k"),
        [Target("seedance", V20)],
        provider_for=factory(fake),
        has_key=lambda _p: True,
    )
    assert not plan.ok
    codes = {p.code for p in plan.problems}
    assert {"duration", "resolution"} <= codes
    assert fake.requests == []


def test_volcengine_task_reports_tokens_but_no_usd(fake: FakeSeedance) -> None:
    async def scenario(p: Provider) -> Status:
        sub = await p.submit(draw(spec_of(), "doubao-seedance-2-0-260128"))
        return (await until_done(p, sub.ref))[-1]

    final = run(adapter(fake, region="volcengine"), scenario)
    assert final.phase is Phase.SUCCEEDED
    assert final.cost_usd is None and final.cost_reported == f"{tokens('720p', '16:9', 5)} tokens"


# -- parsers never crash -----------------------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
ANY = JSON | st.floats()
TASK_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "id": ANY,
        "model": ANY,
        "status": st.sampled_from(
            ["queued", "running", "succeeded", "failed", "cancelled", "expired", "QUEUED", ""]
        )
        | ANY,
        "error": st.none()
        | st.fixed_dictionaries({}, optional={"code": ANY, "message": ANY})
        | ANY,
        "content": st.fixed_dictionaries(
            {}, optional={"video_url": st.sampled_from(["https://x/y.mp4", "ftp://x"]) | ANY}
        )
        | ANY,
        "usage": st.fixed_dictionaries({}, optional={"completion_tokens": ANY}) | ANY,
        "seed": ANY,
    },
)


@settings(max_examples=300, deadline=None)
@given(body=JSON | TASK_BODIES, rate=st.none() | st.floats())
def test_parse_status_returns_a_status_or_protocol_error(body: Any, rate: float | None) -> None:
    try:
        status = parse_status(body, rate)
    except ProtocolError:
        return
    assert isinstance(status, Status)
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and status.assets[0].url
    if status.phase is Phase.FAILED:
        assert status.failure is not None


@settings(max_examples=300, deadline=None)
@given(
    body=JSON
    | st.fixed_dictionaries(
        {},
        optional={
            "id": st.text() | ANY,
            "error": st.fixed_dictionaries({}, optional={"code": ANY, "message": ANY}) | ANY,
        },
    )
)
def test_parse_submit_returns_a_submission_or_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id and submission.ref.remote_id == submission.ref.remote_id.strip()


def test_unreadable_image_fails_before_sending(fake: FakeSeedance, tmp_path: Path) -> None:
    gone = ImageInput(
        path=str(tmp_path / "gone.png"), format="png", width=640, height=360, bytes=100
    )
    with pytest.raises(ProviderRefused) as caught:
        run(adapter(fake), lambda p: p.submit(draw(spec_of(first_frame=gone))))
    assert caught.value.failure().kind is FailureKind.INVALID
    assert "could not be read" in caught.value.message
    assert fake.requests == []
