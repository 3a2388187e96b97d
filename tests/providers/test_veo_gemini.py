"""Veo on the Gemini API, retired: refused before sending, and old operations still followed.

Every Veo id on the Gemini API shut down by 2026-10-22 ("Checked 2026-11"). A new draw is
refused naming Gemini Omni 1.1 Flash; a create that reaches Google anyway is classified as
retired in Google's words; an operation made before the shutdown is still polled, its clip
downloaded with the API key. The fake plays the pre-shutdown service where a test needs it.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clock import ManualClock
from tests.fakes.veo import FakeGeminiApi, google_error
from tests.providers import kit
from workbench.domain.capabilities import ModelStatus
from workbench.domain.jobs import FailureKind
from workbench.domain.spec import GenerationSpec
from workbench.engine.planner import Target, plan_run
from workbench.providers.base import Phase, Provider, Status
from workbench.providers.errors import ModelRetired, ProviderRefused
from workbench.providers.veo.models import INFO

KEY = "test-key-0000"
CREATE = r"/v1beta/models/[^/:]+:predictLongRunning"
V31, V30, V20 = "veo-3.1-generate-preview", "veo-3.0-generate-001", "veo-2.0-generate-001"
OMNI = "gemini-omni-1.1-flash"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeGeminiApi]:
    with FakeGeminiApi(key=KEY, render_s=60, clock=clock) as service:
        yield service  # type: ignore[misc]


@pytest.fixture
def before(fake: FakeGeminiApi) -> FakeGeminiApi:
    """The Gemini API as it was before Veo was shut down (for following old operations)."""
    fake.serve_retired_veo = True
    return fake


def veo(fake: FakeGeminiApi, key: str = KEY, **options: Any) -> Provider:
    return kit.adapter("veo", fake.api_base, {"api_key": key}, **options)


def draw(model: str = V31, **spec: Any) -> Any:
    return kit.draw(INFO, model, **spec)


def finished(fake: FakeGeminiApi, clock: ManualClock, request: Any) -> tuple[Any, Status, bytes]:
    async def go(p: Provider) -> tuple[Any, Status, bytes]:
        sub = await p.submit(request)
        status = (await kit.finish(p, sub.ref, clock))[0]
        data = await kit.fetch_all(p, sub.ref, status) if status.assets else b""
        return sub, status, data

    return kit.run(veo(fake), go)


# -- the catalogue --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "date"),
    [
        ("veo-3.1-generate-preview", "2026-10-22"),
        ("veo-3.1-fast-generate-preview", "2026-10-22"),
        ("veo-3.1-lite-generate-preview", "2026-10-22"),
        (V30, "2026-06-30"),
        ("veo-3.0-fast-generate-001", "2026-06-30"),
        (V20, "2026-06-30"),
        ("gemini-omni-flash-preview", "2026-09-30"),
    ],
)
def test_every_retired_id_is_refused_naming_omni_and_nothing_is_sent(fake, model, date):
    caps = INFO.model(model)
    assert caps is not None and caps.lifecycle.status is ModelStatus.RETIRED
    assert caps.lifecycle.date == datetime.date.fromisoformat(date)
    [problem] = veo(fake).validate(draw(model, prompt="x" * 5000, duration=5))
    assert problem.code == "model_retired" and problem.allowed == (OMNI,)
    assert date in problem.message and f"choose {OMNI} instead" in problem.message
    plan = plan_run(
        GenerationSpec(prompt="a fox"),
        [Target("veo", model)],
        provider_for=lambda _p: veo(fake),
        has_key=bool,
    )
    assert [p.code for p in plan.problems] == ["model_retired"] and fake.requests == []


def test_the_gemini_default_is_omni_and_vertex_31_is_only_deprecated(fake) -> None:
    assert INFO.default_model == OMNI and INFO.model_ids[0] == OMNI
    assert not any(INFO.model(m).retired for m in INFO.model_ids)  # type: ignore[union-attr]
    vertex = kit.adapter(
        "veo", fake.api_base, {"access_token": "t"}, region="vertex-us-central1", project="p"
    )
    request = draw("vertex/veo-3.1-generate-001")
    assert vertex.validate(request) == []  # deprecated still draws …
    [warning] = vertex.warnings(request)  # … with a warning
    assert warning.code == "model_deprecated" and "2026-11-17" in warning.message
    assert veo(fake).warnings(draw(OMNI)) == []


@pytest.mark.parametrize("refusal", [404, 400])
def test_a_create_that_reaches_google_anyway_is_retired_in_googles_words(fake, refusal):
    if refusal == 400:
        fake.retire_veo(400)  # the SDK's "only supported in … Platform mode"
    with pytest.raises(ModelRetired) as caught:
        kit.run(veo(fake), lambda p: p.submit(draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.RETIRED and not failure.retryable
    assert f"choose {OMNI} instead" in failure.message
    words = "no longer available" if refusal == 404 else "only supported in"
    assert words in failure.provider_text
    assert not fake.tasks and len(fake.calls("POST", CREATE)) == 1


# -- operations made before the shutdown ----------------------------------------------------
def test_an_old_operation_is_followed_and_its_file_fetched_with_the_key(before, clock) -> None:
    sub, status, data = finished(before, clock, draw(negative_prompt="blurry", duration=6))
    (create,) = before.calls("POST", CREATE)
    assert create.path == f"/v1beta/models/{V31}:predictLongRunning"
    assert create.header("x-goog-api-key") == KEY
    assert create.json() == {
        "instances": [{"prompt": "a red fox in snow"}],
        "parameters": {
            "sampleCount": 1,
            "durationSeconds": 6,
            "aspectRatio": "16:9",
            "resolution": "720p",
            "negativePrompt": "blurry",
        },
    }
    assert sub.ref.remote_id.startswith(f"models/{V31}/operations/")
    assert sub.ref.data == {"backend": "gemini", "api": "veo", "model": V31, "list_usd": 2.4}
    assert sub.seed is None and sub.cost_usd is None and KEY not in repr(sub.ref)
    assert status.phase is Phase.SUCCEEDED and status.charged is True
    assert status.cost_usd == pytest.approx(0.40 * 6)  # list price: Google reports none
    asset = status.assets[0]
    assert asset.auth and not asset.signed and (asset.url or "").endswith(":download?alt=media")
    assert data == before.clip_for(1)
    # The key went to the Files endpoint; the redirect target is a signed path.
    (download,) = before.calls("GET", r"/v1beta/files/[^/]+:download")
    assert download.header("x-goog-api-key") == KEY
    assert len(before.calls("GET", r"/signed/[^/]+")) == 1


def test_frames_references_and_person_setting_are_sent(before, clock, tmp_path: Path) -> None:
    first = kit.image(tmp_path, "first.png")
    last = kit.image(tmp_path, "last.png", 320, 180)
    ref = kit.image(tmp_path, "ref.png", 200, 200)
    request = draw(
        first_frame=first,
        last_frame=last,
        reference_images=(ref,),
        resolution="1080p",
        aspect="9:16",
        options={"person_generation": "allow_adult", "enhance_prompt": False},
    )
    assert finished(before, clock, request)[1].phase is Phase.SUCCEEDED
    body = before.calls("POST", CREATE)[0].json()
    instance = body["instances"][0]
    b64 = base64.b64encode(Path(first.path).read_bytes()).decode()
    assert instance["image"] == {"bytesBase64Encoded": b64, "mimeType": "image/png"}
    tail = base64.b64decode(instance["lastFrame"]["bytesBase64Encoded"])
    assert tail == Path(last.path).read_bytes()
    assert instance["referenceImages"][0]["referenceType"] == "ASSET"
    assert body["parameters"] == {
        "sampleCount": 1,
        "durationSeconds": 8,
        "aspectRatio": "9:16",
        "resolution": "1080p",
        "personGeneration": "allow_adult",
        "enhancePrompt": False,
    }


def test_veo_2_sends_no_resolution_and_inline_results_arrive_as_data(before, clock) -> None:
    before.next_outcome("inline")
    _sub, status, data = finished(before, clock, draw(V20, duration=5))
    params = before.calls("POST", CREATE)[0].json()["parameters"]
    assert "resolution" not in params and params["durationSeconds"] == 5
    assert status.assets[0].data == before.clip_for(1) == data
    assert not before.calls("GET", r"/v1beta/files/.*")


@pytest.mark.parametrize(
    ("code", "kind", "phase"),
    [
        (3, FailureKind.INVALID, Phase.FAILED),
        (7, FailureKind.AUTH, Phase.FAILED),
        (16, FailureKind.AUTH, Phase.FAILED),
        (8, FailureKind.QUOTA, Phase.FAILED),
        (13, FailureKind.PROVIDER, Phase.FAILED),
        (1, None, Phase.CANCELED),
    ],
)
def test_operation_errors_map_by_rpc_code(before, clock, code: int, kind: Any, phase) -> None:
    before.next_outcome("error", code=code, message=f"boom {code}")
    status = finished(before, clock, draw(V30))[1]
    assert status.phase is phase and status.cost_usd is None
    if kind is not None:
        assert status.failure.kind is kind and status.failure.provider_text == f"boom {code}"
        assert status.failure.retryable is (code in (8, 13))


def test_filtered_or_empty_done_operations_are_failures_in_words(before, clock) -> None:
    before.next_outcome("moderation", reasons=("Prompt contained a celebrity likeness.",))
    before.next_outcome("empty")
    filtered = finished(before, clock, draw(V30))[1]
    assert filtered.failure.kind is FailureKind.MODERATION and not filtered.failure.retryable
    assert filtered.failure.provider_text == "Prompt contained a celebrity likeness."
    assert "safety filters" in filtered.failure.message
    empty = finished(before, clock, draw(V30))[1]
    assert empty.failure.kind is FailureKind.PROVIDER and "no video" in empty.failure.message
    assert filtered.charged is empty.charged is None  # Google's billing of these: unknown


def test_a_safety_refusal_at_create_is_moderation(before) -> None:
    words = (
        "The prompt could not be submitted. This prompt contains sensitive words that violate "
        "Google's Responsible AI practices. Support codes: 58061214"
    )
    before.fail_next("POST", CREATE, google_error(400, words, "INVALID_ARGUMENT"))
    with pytest.raises(ProviderRefused) as caught:
        kit.run(veo(before), lambda p: p.submit(draw(V30)))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert "Responsible AI" in failure.provider_text


def test_an_operation_survives_the_shutdown_and_cannot_be_cancelled(before, clock) -> None:
    async def go(p: Provider) -> tuple[bool, Status]:
        sub = await p.submit(draw(V30))
        before.serve_retired_veo = False  # Veo is shut down while the job renders
        cancelled = await p.cancel(sub.ref)
        return cancelled, (await kit.finish(p, sub.ref, clock))[0]

    cancelled, status = kit.run(veo(before), go)
    assert cancelled is False and not before.calls("POST", r".*cancel.*")
    assert status.phase is Phase.SUCCEEDED


def test_validation_of_the_gemini_backend(fake) -> None:
    p = veo(fake)
    assert p.validate(draw(OMNI)) == []
    words = " | ".join(x.message for x in p.validate(draw("vertex/veo-3.1-generate-001")))
    assert "is a Vertex AI model" in words
    unknown = draw(OMNI).model_copy(update={"model": "veo-9"})
    assert "has no model" in p.validate(unknown)[0].message
    assert "use gemini or vertex" in veo(fake, backend="vertx").validate(draw(OMNI))[0].message
    assert fake.requests == []
