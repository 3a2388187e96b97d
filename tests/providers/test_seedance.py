"""Seedance against its fake: wire mapping, statuses, refusal codes, regions, tokens and yuan.

The failure matrix every adapter shares (retries, broken answers, keys, links, retired
models) is in ``test_conformance.py``.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.clock import ManualClock
from tests.fakes.seedance import OUTCOMES, TASKS, FakeSeedance, envelope, tokens
from tests.fakes.server import Response
from tests.providers import kit
from workbench.domain.capabilities import Charged, PriceUnit
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, ImageInput, SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target, plan_run
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, Status
from workbench.providers.errors import BadRequest, ProtocolError, ProviderRefused
from workbench.providers.seedance.adapter import SeedanceProvider
from workbench.providers.seedance.models import INFO, VOLCENGINE_URL
from workbench.providers.seedance.wire import classify, parse_status, parse_submit

KEY = "test-key-0000"
V20 = "dreamina-seedance-2-0-260128"
FAST = "dreamina-seedance-2-0-fast-260128"
MINI = "dreamina-seedance-2-0-mini"
PRO15 = "seedance-1-5-pro-251215"
PRO10 = "seedance-1-0-pro-250528"
PRO10_FAST = "seedance-1-0-pro-fast-251015"
VOLC20 = "doubao-seedance-2-0-260128"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeSeedance]:
    with FakeSeedance(api_key=KEY, render_s=60, clock=clock) as service:
        yield service


def adapter(fake: FakeSeedance, **options: Any) -> Provider:
    return kit.adapter("seedance", fake.api_base, {"api_key": KEY}, **options)


def draw(model: str = V20, seed: int | None = 1234, **spec: Any) -> Any:
    values: dict[str, Any] = {"prompt": "A red fox runs", "duration": 5, "aspect": "16:9"}
    return kit.draw(INFO, model, seed=seed, **{"resolution": "720p", **values, **spec})


def finished(fake: FakeSeedance, clock: ManualClock, request: Any, **options: Any) -> Status:
    async def go(p: Provider) -> Status:
        return (await kit.finish(p, (await p.submit(request)).ref, clock))[0]

    return kit.run(adapter(fake, **options), go)


def cost(resolution: str, ratio: str, duration: int, per_1k: float) -> tuple[float, str]:
    n = tokens(resolution, ratio, duration)
    return round(n / 1000 * per_1k, 4), f"{n} tokens"


# -- declaration ----------------------------------------------------------------------------
def test_declaration_regions_models_prices_and_billing() -> None:
    assert registry.provider_class("seedance").info is INFO
    assert INFO.credential_env == {"api_key": ("ARK_API_KEY",)} and INFO.needs_key
    assert INFO.regions == {
        "byteplus": "https://ark.ap-southeast.bytepluses.com/api/v3",
        "volcengine": "https://ark.cn-beijing.volces.com/api/v3",
    }
    assert INFO.default_base_url == INFO.regions["byteplus"] and INFO.default_model == V20
    assert not INFO.lookup_by_client_ref and INFO.can_cancel and 2 <= INFO.default_concurrency <= 4
    assert INFO.billing.failed_draws is Charged.NO and "successful" in INFO.billing.source
    spans = {m.id: (min(m.durations), max(m.durations)) for m in INFO.models}
    assert spans["dreamina-seedance-2-5-260628"] == (4, 30) and spans[V20] == (4, 15)
    assert spans[PRO15] == (4, 12) and spans[PRO10] == (3, 12)
    assert INFO.model(V20).resolutions == ("480p", "720p", "1080p", "4k")  # type: ignore[union-attr]
    assert INFO.model(FAST).resolutions == INFO.model(MINI).resolutions == ("480p", "720p")  # type: ignore[union-attr]
    for model in INFO.models:
        assert model.seed.supported and model.seed.echoed and model.seed.maximum == 2**31 - 1
        assert "adaptive" in model.aspects and not model.negative_prompt
        assert model.price.unit is PriceUnit.KTOKENS and model.price.source
        assert model.image_max_bytes == 30_000_000 and "bmp" in model.image_formats
    # "Checked 2026-11": BytePlus USD per M tokens, Volcengine CNY per M tokens.
    rates = {m.id: (m.price.usd * 1000, m.price.verified) for m in INFO.models}
    assert rates[PRO10] == (2.5, True) and rates[PRO10_FAST] == (1.0, True)
    assert rates[PRO15] == (1.2, True) and INFO.model(PRO15).price.audio_usd == {"*": 0.0024}  # type: ignore[union-attr]
    volc = INFO.model(VOLC20)
    assert volc is not None and volc.price.currency == "CNY" and volc.price.native == {"*": 0.046}
    assert "¥46/M tokens" in volc.price.describe()


def test_estimates_count_tokens() -> None:
    model = INFO.model(V20)
    assert model is not None
    # 1280×720 × 24 fps × 5 s / 1024 = 108,000 tokens at $7 per million
    spec = GenerationSpec(prompt="x", duration=5, aspect="16:9", resolution="720p")
    assert model.estimate_usd(spec) == pytest.approx(0.756)
    pro15 = INFO.model(PRO15)
    assert pro15 is not None
    loud, quiet = (pro15.estimate_usd(spec.model_copy(update={"audio": a})) for a in (True, False))
    assert loud == pytest.approx(2 * quiet)


# -- wire mapping ---------------------------------------------------------------------------
def test_text_to_video_body_echoed_seed_and_token_cost(fake: FakeSeedance, clock) -> None:
    request = draw(aspect="9:16", audio=True, options={"watermark": True, "camera_fixed": True})

    async def go(p: Provider) -> Any:
        sub = await p.submit(request)
        return sub, (await kit.finish(p, sub.ref, clock))[0]

    sub, final = kit.run(adapter(fake), go)
    assert sub.ref.remote_id.startswith("cgt-") and sub.seed == 1234
    assert sub.ref.data == {"model": V20, "resolution": "720p", "audio": True, "region": ""}
    [body] = fake.created_bodies()
    assert body == {
        "model": V20,
        "content": [{"type": "text", "text": "A red fox runs"}],
        "ratio": "9:16",
        "resolution": "720p",
        "duration": 5,
        "seed": 1234,
        "watermark": True,
        "generate_audio": True,
        "camera_fixed": True,
    }
    assert fake.calls("POST", TASKS)[0].header("authorization") == f"Bearer {KEY}"
    assert final.seed == 1234 and final.charged is True
    assert (final.cost_usd, final.cost_reported) == cost("720p", "9:16", 5, 0.007)
    assert final.assets[0].signed and not final.assets[0].auth


@pytest.mark.parametrize(("model", "audio_field"), [(PRO15, True), (PRO10, False)])
def test_frames_go_as_data_urls_with_roles(
    fake: FakeSeedance, clock, tmp_path: Path, model: str, audio_field: bool
) -> None:
    first = kit.image(tmp_path, "first.png")
    last = kit.image(tmp_path, "last.jpg", fmt="jpeg")
    request = draw(model, None, first_frame=first, last_frame=last, aspect="adaptive")
    assert finished(fake, clock, request).phase is Phase.SUCCEEDED
    [body] = fake.created_bodies()
    text, first_item, last_item = body["content"]
    assert text["type"] == "text" and [first_item["role"], last_item["role"]] == [
        "first_frame",
        "last_frame",
    ]
    for item, img, mime in ((first_item, first, "image/png"), (last_item, last, "image/jpeg")):
        head, _, payload = item["image_url"]["url"].partition(",")
        assert head == f"data:{mime};base64"
        assert base64.b64decode(payload) == Path(img.path).read_bytes()
    assert "seed" not in body and body["watermark"] is False  # the service picks a seed
    assert ("generate_audio" in body) is audio_field


@pytest.mark.parametrize(("fmt", "mime"), [("bmp", "image/bmp"), ("tiff", "image/tiff")])
def test_bmp_and_tiff_frames_keep_their_type(fake, clock, tmp_path, fmt, mime) -> None:
    first = kit.image(tmp_path, f"first.{fmt}", fmt=fmt)
    assert adapter(fake).validate(draw(first_frame=first, aspect="adaptive")) == []
    assert finished(fake, clock, draw(first_frame=first, aspect="adaptive")).phase is (
        Phase.SUCCEEDED
    )
    url = fake.created_bodies()[0]["content"][1]["image_url"]["url"]
    assert url.startswith(f"data:{mime};base64,")


def test_engine_records_the_echoed_seed_and_the_billed_tokens(
    isolated_home: Path, fake: FakeSeedance, clock, tmp_path: Path
) -> None:
    fake.echo_seed = 99  # the seed the service says it used wins over the one sent
    spec = GenerationSpec(
        prompt="A red fox",
        resolution="480p",
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=77),
    )
    first = kit.image(tmp_path, "first.png", 720, 1280)
    image_spec = GenerationSpec(prompt="A fox", first_frame=first, aspect="adaptive", duration=4)
    factory = lambda _p: adapter(fake)  # noqa: E731
    [job] = kit.run_engine(isolated_home, factory, spec, [Target("seedance", FAST)], clock)
    [image_job] = kit.run_engine(
        isolated_home, factory, image_spec, [Target("seedance", MINI)], clock
    )
    assert job.state is image_job.state is JobState.DONE
    first_body, image_body = fake.created_bodies()
    assert first_body["seed"] == 77 and job.seed == 99
    assert (job.cost_usd, job.cost_reported) == cost("480p", "16:9", 5, 0.0056)
    assert [i.get("role") for i in image_body["content"]] == [None, "first_frame"]
    assert (image_job.cost_usd, image_job.cost_reported) == cost("720p", "adaptive", 4, 0.0035)


def test_volcengine_records_tokens_and_yuan_but_no_dollars(fake: FakeSeedance, clock) -> None:
    final = finished(fake, clock, draw(VOLC20), region="volcengine")
    n = tokens("720p", "16:9", 5)
    assert final.phase is Phase.SUCCEEDED and final.charged is True and final.cost_usd is None
    assert final.cost_reported == f"{n} tokens ≈ ¥{n / 1000 * 0.046:.2f}"


# -- statuses and refusals ------------------------------------------------------------------
VIDEO = {"video_url": "https://ark-content.example/abc.mp4?X-Tos-Signature=x"}


@pytest.mark.parametrize(
    ("body", "phase"),
    [
        ({"status": "queued"}, Phase.QUEUED),
        ({"status": "running"}, Phase.RUNNING),
        ({"status": "succeeded", "content": VIDEO}, Phase.SUCCEEDED),
        ({"status": "failed", "error": {"code": "X", "message": "m"}}, Phase.FAILED),
        ({"status": "cancelled"}, Phase.CANCELED),
        ({"status": "expired"}, Phase.FAILED),
    ],
)
def test_every_status_value_maps(body: dict[str, Any], phase: Phase) -> None:
    status = parse_status({"id": "t", **body})
    assert status.phase is phase and status.provider_status == body["status"]
    with pytest.raises(ProtocolError, match="does not know"):
        parse_status({"id": "t", "status": "paused"})


def test_the_task_walks_queued_running_then_ends_or_is_cancelled(fake: FakeSeedance, clock):
    fake.next_outcome("success", "cancelled")

    async def go(p: Provider) -> list[list[Phase]]:
        runs = []
        for _ in range(2):
            _final, seen = await kit.finish(p, (await p.submit(draw())).ref, clock, step_s=15)
            runs.append([s.phase for s in seen])
        return runs

    done, cancelled = kit.run(adapter(fake), go)
    assert done[0] is Phase.QUEUED and Phase.RUNNING in done and done[-1] is Phase.SUCCEEDED
    assert cancelled[-1] is Phase.CANCELED


@pytest.mark.parametrize(
    ("outcome", "kind", "retryable", "words"),
    [
        ("moderation", FailureKind.MODERATION, False, "content filter"),
        ("input_moderation", FailureKind.MODERATION, False, "prompt or an input image"),
        ("audio_moderation", FailureKind.MODERATION, False, "turn audio off"),
        ("risk_moderation", FailureKind.MODERATION, False, "content filter"),
        ("success_moderated", FailureKind.MODERATION, False, "content filter"),
        ("checker_error", FailureKind.PROVIDER, True, "checker failed"),
        ("failure_no_reason", FailureKind.PROVIDER, True, "without giving a reason"),
        ("success_no_video", FailureKind.PROVIDER, True, "delivered no video"),
        ("expired", FailureKind.EXPIRED, True, "expire"),
    ],
)
def test_each_failure_is_classified_by_its_code(
    fake: FakeSeedance, clock, outcome: str, kind: FailureKind, retryable: bool, words: str
) -> None:
    fake.next_outcome(outcome)
    final = finished(fake, clock, draw(audio=True))
    assert final.phase is Phase.FAILED and final.failure is not None
    assert (final.failure.kind, final.failure.retryable) == (kind, retryable)
    assert words in final.failure.message
    assert final.charged is False and final.cost_usd is None  # Seedance bills videos only
    error = OUTCOMES[outcome][1]
    if error is not None:
        assert (final.failure.code, final.failure.provider_text) == error


@pytest.mark.parametrize(
    "code",
    [
        "InputTextSensitiveContentDetected.SevereViolation",
        "OutputVideoSensitiveContentDetected.Violence",
        "InputTextRiskDetection",
        "InputImageRiskDetection",
        "OutputTextRiskDetection",
    ],
)
def test_every_moderation_family_member_is_moderation(code: str) -> None:
    assert classify(code, "words").kind is FailureKind.MODERATION


def test_a_moderation_400_on_create_is_refused_once(
    fake: FakeSeedance, clock, isolated_home
) -> None:
    fake.reject_next_create("InputTextSensitiveContentDetected", "The input text is sensitive.")
    with pytest.raises(ProviderRefused) as caught:
        kit.run(adapter(fake), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert failure.provider_text == "The input text is sensitive."
    fake.reject_next_create("InputImageRiskDetection", "risky image")
    [job] = kit.run_engine(
        isolated_home,
        lambda _p: adapter(fake),
        GenerationSpec(prompt="x"),
        [Target("seedance")],
        clock,
    )
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.MODERATION
    assert len(fake.calls("POST", TASKS)) == 2 and fake.tasks == {}


def test_create_errors_in_a_200_or_as_bad_parameters(fake: FakeSeedance) -> None:
    refused = Response(200, envelope("InputImageSensitiveContentDetected", "refused image"))
    fake.fail_next("POST", TASKS, refused)
    with pytest.raises(ProviderRefused) as caught:
        kit.run(adapter(fake), lambda p: p.submit(draw()))
    assert (
        caught.value.kind is FailureKind.MODERATION
        and caught.value.provider_text == "refused image"
    )
    fake.reject_next_create("InvalidParameter", "The parameter `ratio` is not valid.")
    with pytest.raises(BadRequest) as bad:
        kit.run(adapter(fake), lambda p: p.submit(draw()))
    assert bad.value.failure().kind is FailureKind.INVALID
    fake.reject_next_create("ModelNotOpen", "The model is not activated.", 403)
    with pytest.raises(ProviderRefused, match="not activated this model"):
        kit.run(adapter(fake), lambda p: p.submit(draw()))


# -- cancel and live check ------------------------------------------------------------------
def test_cancel_only_deletes_a_queued_task(fake: FakeSeedance, clock) -> None:
    fake.next_outcome("hold_queued", "hold_running", "success")

    async def go(p: Provider) -> tuple[bool, Phase, bool, bool, Phase]:
        queued, running, done = [await p.submit(draw()) for _ in range(3)]
        clock.advance(60)
        cancelled = await p.cancel(queued.ref)
        after = (await p.poll(queued.ref)).phase
        refused, finished_ = await p.cancel(running.ref), await p.cancel(done.ref)
        return cancelled, after, refused, finished_, (await p.poll(done.ref)).phase

    cancelled, after, refused, finished_, still = kit.run(adapter(fake), go)
    assert cancelled and after is Phase.CANCELED and not refused and not finished_
    assert still is Phase.SUCCEEDED  # a finished record is never deleted
    assert len(fake.calls("DELETE", TASKS + "/.*")) == 1


def test_the_live_check_lists_one_task(fake: FakeSeedance) -> None:
    assert kit.run(adapter(fake), lambda p: p.check_live()).ok
    assert [r.query for r in fake.calls("GET", TASKS)] == [{"page_size": ["1"]}]


# -- validation -----------------------------------------------------------------------------
def problems(provider: Provider, request: Any) -> dict[str, str]:
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
    found = problems(adapter(fake), draw(model, **changes))
    assert code in found and words in found[code]
    assert fake.requests == []


def test_validation_of_images_seeds_and_regions(fake: FakeSeedance, tmp_path: Path) -> None:
    provider = adapter(fake)

    def img(**kw: Any) -> ImageInput:
        values = {"path": str(tmp_path / "x.png"), "format": "png", "width": 1280, "height": 720}
        return ImageInput(**{**values, "bytes": 1000, **kw})

    def check(model: str = V20, **frames: Any) -> dict[str, str]:
        return problems(provider, draw(model, **frames))

    assert "png" in check(first_frame=img(format="heic"))["image_format"]
    assert "31.5 MB" in check(first_frame=img(bytes=31_500_000))["image_bytes"]
    assert "at least 300 px" in check(first_frame=img(width=200, height=200))["image_small"]
    assert "6000 px" in check(first_frame=img(width=7000, height=3000))["image_large"]
    assert "outside" in check(first_frame=img(width=1000, height=300))["image_ratio"]
    many = tuple(img(bytes=20_000_000) for _ in range(3))
    assert "64 MB" in check(reference_images=many)["request_bytes"]
    frames = {"first_frame": img(), "last_frame": img()}
    assert "last-frame" in check(PRO10_FAST, **frames)["no_last_frame"]
    assert (
        "not both" in check(first_frame=img(), reference_images=(img(),))["references_with_frames"]
    )
    assert "at most 0" in check(PRO15, reference_images=(img(),))["too_many_references"]
    assert check(first_frame=img(format="bmp"), aspect="adaptive") == {}
    assert "outside" in problems(provider, draw(V20, seed=2**31))["seed_range"]
    volc = adapter(fake, region="volcengine")
    assert VOLC20 in problems(volc, draw(V20))["model_region"]
    assert problems(volc, draw(VOLC20)) == {}
    assert "model_region" in problems(adapter(fake, region="byteplus"), draw(VOLC20))
    # No region setting: the host decides (the real Volcengine host; nothing is sent).
    by_host = registry.create("seedance", ProviderConfig(base_url=VOLCENGINE_URL))
    assert isinstance(by_host, SeedanceProvider) and by_host.region == "volcengine"
    assert fake.requests == []


def test_a_plan_with_problems_sends_nothing(fake: FakeSeedance) -> None:
    plan = plan_run(
        GenerationSpec(prompt="x", duration=40, resolution="8k"),
        [Target("seedance", V20)],
        provider_for=lambda _p: adapter(fake),
        has_key=lambda _p: True,
    )
    assert not plan.ok and {"duration", "resolution"} <= {p.code for p in plan.problems}
    assert fake.requests == []


# -- parsers never crash ----------------------------------------------------------------------
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
ANY = JSON | st.floats()
STATUSES = st.sampled_from(["queued", "running", "succeeded", "failed", "expired", "QUEUED", ""])
TASK_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "id": ANY,
        "status": STATUSES | ANY,
        "error": st.none() | st.fixed_dictionaries({}, optional={"code": ANY, "message": ANY}),
        "content": st.fixed_dictionaries(
            {}, optional={"video_url": st.sampled_from(["https://x/y.mp4", "ftp://x"]) | ANY}
        )
        | ANY,
        "usage": st.fixed_dictionaries({}, optional={"completion_tokens": ANY}) | ANY,
        "seed": ANY,
    },
)


@settings(max_examples=300, deadline=None)
@given(body=JSON | TASK_BODIES, rate=st.none() | st.floats(), cny=st.none() | st.floats())
def test_parse_status_returns_a_status_or_protocol_error(body: Any, rate: Any, cny: Any) -> None:
    try:
        status = parse_status(body, rate, cny)
    except ProtocolError:
        return
    assert status.phase is not Phase.SUCCEEDED or status.assets[0].url
    assert status.phase is not Phase.FAILED or (status.failure and status.cost_usd is None)


@settings(max_examples=300, deadline=None)
@given(body=JSON | st.fixed_dictionaries({}, optional={"id": st.text() | ANY, "error": ANY}))
def test_parse_submit_returns_a_submission_or_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id and submission.ref.remote_id == submission.ref.remote_id.strip()
