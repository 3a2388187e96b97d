"""xAI Grok Imagine against its fake: wire format, statuses, words-based refusals, ticks.

The failure matrix every adapter shares (retries, broken answers, keys, links, retired
models) is in ``test_conformance.py``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.fakes.clock import ManualClock
from tests.fakes.grok import FakeGrok
from tests.fakes.server import Response
from tests.providers import kit
from workbench.domain.capabilities import Charged
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, ImageInput
from workbench.engine.planner import Target, plan_run
from workbench.providers import registry
from workbench.providers.base import Asset, Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import AuthError, ProtocolError, ProviderRefused
from workbench.providers.grok.adapter import GrokProvider
from workbench.providers.grok.models import INFO, TICKS_PER_USD
from workbench.providers.grok.wire import classify_failure, parse_cost, parse_status, parse_submit

KEY = "test-key-0000"
CREATE = r"/v1/videos/generations"
PROMPT = "A neon koi circles in a dark pond, ripples catching light"
BASE, V15, LITE = "grok-imagine-video", "grok-imagine-video-1.5", "grok-imagine-video-1.5-lite"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeGrok]:
    with FakeGrok(api_key=KEY, render_s=30, clock=clock) as service:
        yield service


def grok(fake: FakeGrok, key: str | None = KEY) -> Provider:
    return kit.adapter("grok", fake.base_url, {"api_key": key} if key else None)


def draw(model: str = BASE, seed: int | None = None, **spec: Any) -> Any:
    return kit.draw(INFO, model, seed=seed, **{"prompt": PROMPT, **spec})


def finished(fake: FakeGrok, clock: ManualClock, request: Any) -> tuple[Any, Status, list[str]]:
    async def go(p: Provider) -> tuple[Any, Status, list[str]]:
        sub = await p.submit(request)
        final, seen = await kit.finish(p, sub.ref, clock, step_s=5)
        return sub, final, [s.provider_status for s in seen]

    return kit.run(grok(fake), go)


def engine(home: Path, fake: FakeGrok, clock: ManualClock, spec: GenerationSpec, **kw: Any):
    target = Target("grok", kw.pop("model", None), kw.pop("draws", 1))
    return kit.run_engine(home, lambda _p: grok(fake), spec, [target], clock)


# -- declaration ----------------------------------------------------------------------------
def test_declaration_models_resolutions_prices_and_billing() -> None:
    assert registry.provider_class("grok") is GrokProvider
    assert INFO.credential_env == {"api_key": ("XAI_API_KEY",)}
    assert INFO.default_base_url == "https://api.x.ai/v1" and INFO.needs_key
    assert not INFO.can_cancel and not INFO.lookup_by_client_ref
    assert INFO.billing.failed_draws is Charged.UNKNOWN
    assert TICKS_PER_USD == 10**10
    for model in INFO.models:
        assert model.durations == tuple(range(1, 16)) and model.default_duration == 8
        assert set(model.aspects) == {"1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"}
        assert model.default_resolution == "480p" and not model.seed.supported
        hint = model.polling
        assert (hint.first_poll_s, hint.interval_s, hint.max_interval_s) == (3, 3, 10)
        assert hint.deadline_s == 900
    # "Checked 2026-11": 1080p only on 1.5; 1.5-lite exists; an image adds a fee.
    rates = {m.id: (m.resolutions, m.price.by_resolution, m.price.image_usd) for m in INFO.models}
    assert rates[BASE] == (("480p", "720p"), {"480p": 0.05, "720p": 0.07}, 0.002)
    assert rates[V15] == (
        ("480p", "720p", "1080p"),
        {"480p": 0.08, "720p": 0.14, "1080p": 0.25},
        0.01,
    )
    assert rates[LITE][0] == ("480p", "720p") and not INFO.model(LITE).price.verified  # type: ignore[union-attr]
    base = INFO.model(BASE)
    assert base is not None and base.estimate_usd(GenerationSpec(prompt="x")) == pytest.approx(0.4)
    image = ImageInput(path="/x.png", format="png", width=640, height=360)
    with_image = GenerationSpec(prompt="x", first_frame=image)
    assert base.estimate_usd(with_image) == pytest.approx(0.402)


# -- wire mapping -------------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_body_and_is_charged_in_ticks(fake, clock) -> None:
    sub, status, seen = finished(fake, clock, draw())
    (body,) = fake.created_bodies()
    assert body == {
        "model": BASE,
        "prompt": PROMPT,
        "duration": 8,  # xAI's default, as an integer
        "aspect_ratio": "16:9",
        "resolution": "480p",
    }
    create = fake.calls("POST", CREATE)[0]
    assert create.header("authorization") == f"Bearer {KEY}"
    assert create.header("content-type") == "application/json"
    (task,) = fake.tasks.values()
    assert sub.ref == RemoteRef(task.id, {"model": BASE}) and sub.seed is None
    assert seen[0] == "pending" and set(seen[:-1]) == {"pending"} and seen[-1] == "done"
    (asset,) = status.assets
    assert asset.url == f"{fake.root_url}/files/{task.token}/{task.id}.mp4"
    assert (asset.auth, asset.signed) == (False, True)
    assert status.cost_usd == pytest.approx(0.4) == task.ticks / TICKS_PER_USD
    assert status.cost_reported == "4000000000 ticks" and status.charged is True


def test_image_to_video_sends_a_data_url_first_frame_and_explicit_audio(
    fake, clock, tmp_path
) -> None:
    image = kit.image(tmp_path)
    request = draw(
        V15, duration=6, aspect="9:16", resolution="1080p", audio=True, first_frame=image
    )
    status = finished(fake, clock, request)[1]
    (body,) = fake.created_bodies()
    data = base64.b64encode(Path(image.path).read_bytes()).decode()
    assert body == {
        "model": V15,
        "prompt": PROMPT,
        "image": {"url": f"data:image/png;base64,{data}"},
        "duration": 6,
        "aspect_ratio": "9:16",
        "resolution": "1080p",
        "generate_audio": True,
    }
    assert status.cost_usd == pytest.approx(0.48) and status.cost_reported == "4800000000 ticks"


def test_the_image_type_comes_from_its_bytes_not_its_name(fake, tmp_path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 200, 90)).save(buffer, format="JPEG")
    path = tmp_path / "actually-a-jpeg.png"
    path.write_bytes(buffer.getvalue())
    image = ImageInput(
        path=str(path), format="jpeg", width=320, height=240, bytes=len(buffer.getvalue())
    )
    kit.run(grok(fake), lambda p: p.submit(draw(first_frame=image)))
    assert fake.created_bodies()[0]["image"]["url"].startswith("data:image/jpeg;base64,/9j/")


def test_audio_is_only_sent_when_asked_for(fake) -> None:
    async def go(p: Provider) -> None:
        await p.submit(draw(audio=False))
        await p.submit(draw(options={"generate_audio": False}))

    kit.run(grok(fake), go)
    first, second = fake.created_bodies()
    assert "generate_audio" not in first  # UNVERIFIED spelling: left to xAI's default
    assert second["generate_audio"] is False


def test_the_engine_records_ticks_and_no_seed(fake, clock, isolated_home, tmp_path) -> None:
    jobs = engine(isolated_home, fake, clock, GenerationSpec(prompt=PROMPT, duration=4), draws=2)
    assert [j.state for j in jobs] == [JobState.DONE] * 2
    assert all(j.cost_usd == pytest.approx(0.2) and j.seed is None for j in jobs)
    assert all(j.cost_reported == "2000000000 ticks" and not j.seed_supported for j in jobs)
    assert {j.remote_id for j in jobs} == set(fake.tasks)
    spec = GenerationSpec(
        prompt=PROMPT, duration=3, resolution="720p", first_frame=kit.image(tmp_path)
    )
    (job,) = engine(isolated_home, fake, clock, spec, model=V15)
    assert job.cost_usd == pytest.approx(0.24) and job.remote == {"model": V15}
    assert fake.created_bodies()[-1]["image"]["url"].startswith("data:image/png;base64,iVBOR")


# -- statuses and refusals ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("knob", "phase", "kind"),
    [
        ("omit_status_next", Phase.SUCCEEDED, None),
        ("expire_next", Phase.FAILED, FailureKind.EXPIRED),
        ("fail_next_task", Phase.FAILED, FailureKind.PROVIDER),
        ("moderate_next", Phase.FAILED, FailureKind.MODERATION),
    ],
)
def test_each_outcome_follows_pending_and_maps_to_its_phase(fake, clock, knob, phase, kind):
    getattr(fake, knob)()
    _sub, status, seen = finished(fake, clock, draw())
    assert seen[0] == "pending" and status.phase is phase
    assert (status.failure.kind if status.failure else None) is kind


@pytest.mark.parametrize(
    ("body", "phase"),
    [
        ({"status": "pending"}, Phase.RUNNING),
        (
            {
                "status": "done",
                "video": {"url": "https://v.x.ai/a.mp4", "respect_moderation": True},
            },
            Phase.SUCCEEDED,
        ),
        ({"status": "DONE", "video": {"url": "https://v.x.ai/a.mp4"}}, Phase.SUCCEEDED),
        ({"video": {"url": "https://v.x.ai/a.mp4", "duration": 8}}, Phase.SUCCEEDED),
        ({"status": "expired"}, Phase.FAILED),
        ({"status": "failed", "error": {"code": "internal", "message": "boom"}}, Phase.FAILED),
    ],
)
def test_parse_status_maps_every_documented_value(body: dict[str, Any], phase: Phase) -> None:
    status = parse_status(body)
    assert status.phase is phase
    if phase is Phase.SUCCEEDED:
        expected = Asset(url="https://v.x.ai/a.mp4", auth=False, signed=True, mime_type="video/mp4")
        assert status.assets == (expected,)


def test_failures_carry_plain_words_the_services_text_and_what_it_charged() -> None:
    expired = parse_status({"status": "expired"}).failure
    assert expired is not None and expired.kind is FailureKind.EXPIRED and not expired.retryable
    failed = parse_status(
        {
            "status": "failed",
            "error": {"code": "internal_error", "message": "GPU fell over"},
            "usage": {"cost_in_usd_ticks": 0},
        }
    )
    assert (failed.failure.kind, failed.failure.code, failed.failure.provider_text) == (
        FailureKind.PROVIDER,
        "internal_error",
        "GPU fell over",
    )
    assert failed.failure.retryable and failed.charged is False and failed.cost_usd == 0.0
    # Moderation withheld the video but xAI reported a cost: it says it charged.
    withheld = {"status": "done", "video": {"respect_moderation": False}}
    billed = parse_status({**withheld, "usage": {"cost_in_usd_ticks": 4_000_000_000}})
    assert billed.failure.kind is FailureKind.MODERATION
    assert billed.charged is True and billed.cost_usd == 0.4
    unknown = parse_status(withheld)
    assert unknown.charged is None and unknown.cost_usd is None


def test_bad_shapes_are_protocol_errors_and_a_linkless_done_a_failure() -> None:
    with pytest.raises(ProtocolError, match="unknown job status 'processing'"):
        parse_status({"status": "processing"})
    with pytest.raises(ProtocolError, match="cannot download"):
        parse_status({"status": "done", "video": {"url": "file:///etc/passwd"}})
    with pytest.raises(ProtocolError, match="moderation flag"):
        parse_status({"status": "done", "video": {"url": "https://x/a", "respect_moderation": "y"}})
    status = parse_status({"status": "done", "video": {"duration": 8, "respect_moderation": True}})
    assert status.phase is Phase.FAILED and "no link" in status.failure.message


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
def test_failed_codes_are_classified_by_their_words(code, message, kind, retryable) -> None:
    failure = classify_failure(code, message)
    assert (failure.kind, failure.retryable, failure.code, failure.provider_text) == (
        kind,
        retryable,
        code,
        message,
    )


def test_a_task_failed_for_moderation_is_not_retryable(fake, clock, isolated_home) -> None:
    fake.fail_next_task("content_moderation", "Your request was rejected by content moderation.")
    (job,) = engine(isolated_home, fake, clock, GenerationSpec(prompt=PROMPT))
    assert job.failure.kind is FailureKind.MODERATION and not job.failure.retryable
    assert job.failure.provider_text == "Your request was rejected by content moderation."


def test_create_refusals_for_moderation_credit_and_key_are_told_apart(fake) -> None:
    moderated = {
        "code": "Client specified an invalid argument",
        "error": "Prompt was rejected by content moderation.",
    }
    broke = {
        "code": "The caller does not have permission",
        "error": "Your team has no credits left.",
    }
    fake.fail_next("POST", CREATE, Response(400, moderated), Response(403, broke))
    for kind in (FailureKind.MODERATION, FailureKind.QUOTA):
        with pytest.raises(ProviderRefused) as caught:
            kit.run(grok(fake), lambda p: p.submit(draw()))
        assert caught.value.failure().kind is kind and not caught.value.retryable
    assert "add credit" in caught.value.message
    fake.bad_key_status = 400  # as xAI's other endpoints answer a wrong key
    with pytest.raises(AuthError, match="did not accept the API key") as bad:
        kit.run(grok(fake, key="wrong-key-1234"), lambda p: p.submit(draw()))
    assert bad.value.provider_text.startswith("Incorrect API key provided")
    assert len(fake.calls("POST", CREATE)) == 3 and not fake.tasks  # none re-sent


# -- validation and live check ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (
            {"duration": 20},
            "duration",
            "duration: 20 s is not offered by grok-imagine-video; choose 1–15 s",
        ),
        ({"aspect": "21:9"}, "aspect", "aspect: 21:9 is not offered"),
        ({"resolution": "1080p"}, "resolution", "resolution: 1080p is not offered"),
        ({"prompt": "x" * 5000}, "prompt_length", "the prompt is 5000 characters"),
        ({"negative_prompt": "blurry"}, "negative_prompt", "has no negative prompt"),
        ({"options": {"generate_audio": "yes"}}, "option_type", "must be true or false"),
        ({"audio": True, "options": {"generate_audio": False}}, "audio_conflict", "choose one"),
    ],
)
def test_validation_refuses_in_words_before_sending(fake, change, code, words) -> None:
    problems = grok(fake).validate(draw(**change))
    assert [p.code for p in problems] == [code] and words in problems[0].message
    assert fake.requests == []


def test_image_and_seed_rules_are_checked_before_sending(fake, tmp_path) -> None:
    provider = grok(fake)
    first = kit.image(tmp_path, "c.png")
    cases = {
        "image_format": draw(first_frame=first.model_copy(update={"format": "webp"})),
        "image_bytes": draw(first_frame=first.model_copy(update={"bytes": 30_000_000})),
        "image_missing": draw(first_frame=first.model_copy(update={"path": str(tmp_path / "x")})),
        "seed_unsupported": draw(seed=42),
        "no_last_frame": draw(V15, first_frame=first, last_frame=first),
        "model": draw().model_copy(update={"model": "grok-imagine-video-beta"}),
    }
    for code, request in cases.items():
        problems = provider.validate(request)
        assert code in [p.code for p in problems], (code, problems)
        assert all(p.message.count(" ") >= 4 for p in problems)  # sentences, not codes
    assert "takes png or jpeg" in provider.validate(cases["image_format"])[0].message
    assert "at most 20 MB" in provider.validate(cases["image_bytes"])[0].message
    assert "cannot be found" in provider.validate(cases["image_missing"])[0].message
    assert "takes no seed" in provider.validate(cases["seed_unsupported"])[0].message
    plan = plan_run(
        GenerationSpec(prompt=PROMPT, duration=30, aspect="21:9"),
        [Target("grok")],
        provider_for=lambda _p: provider,
        has_key=bool,
    )
    assert {p.code for p in plan.problems} == {"duration", "aspect"} and fake.requests == []


def test_the_live_check_lists_models_and_nothing_is_cancelled(fake) -> None:
    good = kit.run(grok(fake), lambda p: p.check_live())
    assert good.ok and BASE in good.detail
    missing = kit.run(grok(fake, key=None), lambda p: p.check_live())
    assert missing.status == "auth failed" and [r.path for r in fake.requests] == ["/v1/models"]
    offline = registry.create("grok", ProviderConfig())
    assert kit.run(offline, lambda p: p.cancel(RemoteRef("r"))) is False


# -- parser fuzz --------------------------------------------------------------------------------
TEXT = st.text(max_size=16)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=8,
)
VIDEO = st.fixed_dictionaries(
    {},
    optional={
        "url": st.sampled_from(["https://vidgen.x.ai/v.mp4", "", "ftp://x", "http://127.0.0.1/v"])
        | JSON,
        "respect_moderation": st.booleans() | JSON,
        "duration": JSON,
    },
)
STATUS_BODY = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["pending", "done", "expired", "failed", "DONE", ""]) | JSON,
        "video": VIDEO | JSON,
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
    if status.phase is Phase.SUCCEEDED:
        assert status.assets and status.assets[0].url and status.assets[0].url.startswith("http")
    assert status.phase is not Phase.FAILED or status.failure is not None


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON, st.fixed_dictionaries({}, optional={"request_id": st.text() | JSON})))
def test_parse_submit_gives_a_submission_or_a_protocol_error(body: Any) -> None:
    try:
        submission = parse_submit(body)
    except ProtocolError:
        return
    assert submission.ref.remote_id and submission.ref.remote_id == submission.ref.remote_id.strip()


def test_cost_ticks_become_dollars() -> None:
    assert parse_cost({"usage": {"cost_in_usd_ticks": 2_500_000_000}}) == (0.25, "2500000000 ticks")
    assert parse_cost({"usage": {"cost_in_usd_ticks": "500000000"}}) == (0.05, "500000000 ticks")
    assert parse_cost({"usage": {"cost_in_usd_ticks": -1}}) == (None, None)
    assert parse_cost({"usage": {"cost_in_usd_ticks": True}}) == (None, None)
    assert parse_cost({}) == (None, None)
