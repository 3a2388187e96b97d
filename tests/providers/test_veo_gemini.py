"""Veo on the Gemini API against its loopback fake: bodies, statuses, faults, downloads."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clips import clip_bytes
from tests.fakes.server import Response, html_error_page
from tests.fakes.veo import FakeGeminiApi, draw, google_error, image_input
from tests.helpers import fast_policy, fetch_all, finish, make_provider, run_draws
from tests.helpers import run_with as run
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec
from workbench.engine.planner import Target
from workbench.library.library import Library
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    MissingKey,
    ProtocolError,
    ProviderRefused,
    RetiredEndpoint,
    ServerError,
    SubmitOutcomeUnknown,
)
from workbench.providers.veo import VeoProvider

CREATE = r"/v1beta/models/[^/:]+:predictLongRunning"
OPERATION = r"/v1beta/models/[^/]+/operations/[^/]+"
KEY = "test-key-0000"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGeminiApi]:
    with FakeGeminiApi(key=KEY) as service:
        yield service  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeGeminiApi) -> FakeGeminiApi:
    server.reset()
    return server


def veo(fake: FakeGeminiApi, key: str = KEY, **options: Any) -> VeoProvider:
    provider = make_provider("veo", fake.api_base, credentials={"api_key": key}, **options)
    assert isinstance(provider, VeoProvider)
    return provider


def with_policy(fake: FakeGeminiApi, sleeps: list[float] | None = None, **policy: Any) -> Provider:
    async def record(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    return registry.create(
        "veo",
        ProviderConfig(
            base_url=fake.api_base,
            credentials=Credentials({"api_key": KEY}, source="test"),
            policy=fast_policy(sleep=record, **policy),
        ),
    )


# -- happy paths ---------------------------------------------------------------------------------
def test_text_to_video_sends_the_documented_body_and_downloads_with_the_key(fake) -> None:
    request = draw("veo-3.1-generate-preview", negative_prompt="blurry", duration=6)

    async def go(p: Provider) -> tuple[Any, Status, list[Status], bytes]:
        sub = await p.submit(request)
        status, seen = await finish(p, sub.ref)
        return sub, status, seen, await fetch_all(p, sub.ref, status)

    sub, status, seen, data = run(veo(fake), go)
    (create,) = fake.calls("POST", CREATE)
    assert create.path == "/v1beta/models/veo-3.1-generate-preview:predictLongRunning"
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
    assert sub.ref.remote_id.startswith("models/veo-3.1-generate-preview/operations/")
    assert sub.ref.data == {"backend": "gemini", "api": "veo", "model": "veo-3.1-generate-preview"}
    assert sub.seed is None and sub.cost_usd == pytest.approx(0.40 * 6)
    assert KEY not in repr(sub.ref)
    assert [s.phase for s in seen][-1] is Phase.SUCCEEDED
    assert all(s.phase is Phase.RUNNING for s in seen[:-1]) and len(seen) > 1
    asset = status.assets[0]
    assert asset.auth and not asset.signed and asset.url is not None
    assert asset.url.endswith(":download?alt=media")
    assert data == clip_bytes()
    # The key went to the Files endpoint; the redirect target is a signed path.
    (download,) = fake.calls("GET", r"/v1beta/files/[^/]+:download")
    assert download.header("x-goog-api-key") == KEY
    assert len(fake.calls("GET", r"/signed/[^/]+")) == 1


def test_image_to_video_sends_frames_references_and_person_setting(fake, tmp_path: Path) -> None:
    first = image_input(tmp_path / "first.png")
    last = image_input(tmp_path / "last.png", 320, 180)
    ref = image_input(tmp_path / "ref.png", 200, 200)
    request = draw(
        "veo-3.1-generate-preview",
        first_frame=first,
        last_frame=last,
        reference_images=(ref,),
        resolution="1080p",
        aspect="9:16",
        options={"person_generation": "allow_adult", "enhance_prompt": False},
    )

    async def go(p: Provider) -> Status:
        sub = await p.submit(request)
        status, _ = await finish(p, sub.ref)
        return status

    assert run(veo(fake), go).phase is Phase.SUCCEEDED
    body = fake.calls("POST", CREATE)[0].json()
    instance = body["instances"][0]
    b64 = base64.b64encode(Path(first.path).read_bytes()).decode()
    assert instance["image"] == {"bytesBase64Encoded": b64, "mimeType": "image/png"}
    assert (
        base64.b64decode(instance["lastFrame"]["bytesBase64Encoded"])
        == Path(last.path).read_bytes()
    )
    assert instance["referenceImages"][0]["referenceType"] == "ASSET"
    assert body["parameters"] == {
        "sampleCount": 1,
        "durationSeconds": 8,
        "aspectRatio": "9:16",
        "resolution": "1080p",
        "personGeneration": "allow_adult",
        "enhancePrompt": False,
    }


def test_veo_2_sends_no_resolution_and_inline_results_arrive_as_data(fake) -> None:
    fake.next_outcome("inline")

    async def go(p: Provider) -> tuple[Status, bytes]:
        sub = await p.submit(draw("veo-2.0-generate-001", duration=5))
        status, _ = await finish(p, sub.ref)
        return status, await fetch_all(p, sub.ref, status)

    status, data = run(veo(fake), go)
    params = fake.calls("POST", CREATE)[0].json()["parameters"]
    assert "resolution" not in params and params["durationSeconds"] == 5
    assert status.assets[0].data == clip_bytes() and data == clip_bytes()
    assert not fake.calls("GET", r"/v1beta/files/.*")


def test_engine_records_the_take_and_the_estimated_cost(fake, isolated_home: Path) -> None:
    spec = GenerationSpec(prompt="waves at dusk", duration=4)
    jobs = run_draws(
        isolated_home, lambda _p: veo(fake), spec, [Target("veo", "veo-3.1-fast-generate-preview")]
    )
    (job,) = jobs
    assert job.state is JobState.DONE, job.failure
    assert job.seed is None and not job.seed_supported  # no seed on the Gemini API
    assert job.cost_usd == pytest.approx(0.15 * 4)
    assert job.remote["model"] == "veo-3.1-fast-generate-preview"
    row = (
        Library(isolated_home)
        .conn.execute("SELECT sha256, bytes FROM takes WHERE job_id = ?", (job.id,))
        .fetchone()
    )
    assert row["sha256"] == hashlib.sha256(clip_bytes()).hexdigest()
    assert row["bytes"] == len(clip_bytes())


# -- statuses and failures reported in the operation ---------------------------------------------
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
def test_operation_errors_map_by_rpc_code(fake, code: int, kind: Any, phase: Phase) -> None:
    fake.next_outcome("error", code=code, message=f"boom {code}")

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("veo-3.0-generate-001"))).ref))[0]

    status = run(veo(fake), go)
    assert status.phase is phase
    if kind is not None:
        assert status.failure is not None and status.failure.kind is kind
        assert status.failure.provider_text == f"boom {code}"
        assert status.failure.retryable is (code in (8, 13))


def test_filtered_done_without_samples_is_moderation(fake) -> None:
    fake.next_outcome("moderation", reasons=("Prompt contained a celebrity likeness.",))

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("veo-3.0-generate-001"))).ref))[0]

    status = run(veo(fake), go)
    assert status.phase is Phase.FAILED and status.failure is not None
    assert status.failure.kind is FailureKind.MODERATION and not status.failure.retryable
    assert status.failure.provider_text == "Prompt contained a celebrity likeness."
    assert "safety filters" in status.failure.message


def test_done_with_nothing_at_all_is_a_provider_failure(fake) -> None:
    fake.next_outcome("empty")

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("veo-3.0-generate-001"))).ref))[0]

    status = run(veo(fake), go)
    assert status.failure is not None and status.failure.kind is FailureKind.PROVIDER
    assert "no video" in status.failure.message


def test_a_safety_refusal_at_create_is_moderation(fake) -> None:
    fake.fail_next(
        "POST",
        CREATE,
        google_error(
            400,
            "The prompt could not be submitted. This prompt contains sensitive words that "
            "violate Google's Responsible AI practices. Support codes: 58061214",
            "INVALID_ARGUMENT",
        ),
    )
    with pytest.raises(ProviderRefused) as caught:
        run(veo(fake), lambda p: p.submit(draw("veo-3.0-generate-001")))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.MODERATION and not failure.retryable
    assert "Responsible AI" in failure.provider_text


# -- HTTP faults -----------------------------------------------------------------------------------
def test_401_is_an_auth_failure_in_words(fake) -> None:
    fake.fail_next("POST", CREATE, google_error(401, "Request is missing a key", "UNAUTHENTICATED"))
    with pytest.raises(AuthError) as caught:
        run(veo(fake), lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert caught.value.failure().kind is FailureKind.AUTH
    assert "did not accept the API key" in caught.value.message
    assert len(fake.calls("POST", CREATE)) == 1


def test_a_wrong_key_is_googles_400_and_still_an_auth_failure(fake) -> None:
    with pytest.raises(AuthError) as caught:
        run(veo(fake, key="wrong-key-1234"), lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert caught.value.code == "API_KEY_INVALID"
    assert "API key not valid" in caught.value.provider_text
    assert "wrong-key-1234" not in str(caught.value)


def keyless(fake: FakeGeminiApi) -> Provider:
    return registry.create("veo", ProviderConfig(base_url=fake.api_base, policy=fast_policy()))


def test_missing_key_is_refused_before_sending(fake) -> None:
    provider = keyless(fake)
    with pytest.raises(MissingKey, match="GEMINI_API_KEY"):
        run(provider, lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert fake.requests == []


def test_429_on_status_honours_retry_after_then_succeeds(fake) -> None:
    sleeps: list[float] = []
    fake.fail_next(
        "GET",
        OPERATION,
        google_error(429, "Resource has been exhausted", "RESOURCE_EXHAUSTED"),
    )
    fake.faults[("GET", OPERATION)][0].headers["Retry-After"] = "2"

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("veo-3.0-generate-001"))
        return await p.poll(sub.ref)

    status = run(with_policy(fake, sleeps), go)
    assert status.phase is Phase.RUNNING
    assert sleeps == [2.0]
    assert len(fake.calls("GET", OPERATION)) == 2


def test_5xx_on_status_is_retried_and_503_on_create_is_resent(fake) -> None:
    fake.fail_next("POST", CREATE, google_error(503, "The service is unavailable.", "UNAVAILABLE"))
    fake.fail_next("GET", OPERATION, Response(500, {"error": {"code": 500, "message": "x"}}))

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("veo-3.0-generate-001"))
        return await p.poll(sub.ref)

    assert run(veo(fake), go).phase is Phase.RUNNING
    assert len(fake.calls("POST", CREATE)) == 2  # 503 = not taken: sent again
    assert len(fake.calls("GET", OPERATION)) == 2
    assert len(fake.tasks) == 1


def test_a_500_on_create_is_never_resent(fake) -> None:
    fake.fail_next("POST", CREATE, google_error(500, "Internal error", "INTERNAL"))
    with pytest.raises(SubmitOutcomeUnknown):
        run(veo(fake), lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert len(fake.calls("POST", CREATE)) == 1


def test_a_timed_out_submit_is_sent_once(fake) -> None:
    fake.hold_next("POST", CREATE, 1.0)
    provider = with_policy(fake, timeout_s=0.3)
    with pytest.raises(SubmitOutcomeUnknown):
        run(provider, lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert len(fake.calls("POST", CREATE)) == 1
    assert len(fake.tasks) == 1  # Google did start it


def test_a_timed_out_submit_ends_unknown_in_the_engine(fake, isolated_home: Path) -> None:
    fake.hold_next("POST", CREATE, 1.0)
    jobs = run_draws(
        isolated_home,
        lambda _p: with_policy(fake, timeout_s=0.3),
        GenerationSpec(prompt="a fox"),
        [Target("veo", "veo-3.0-generate-001")],
    )
    assert [j.state for j in jobs] == [JobState.UNKNOWN]
    assert jobs[0].failure is not None and jobs[0].failure.kind is FailureKind.LOST
    assert len(fake.calls("POST", CREATE)) == 1


@pytest.mark.parametrize(
    "answer",
    [
        Response(200, "{not json", headers={"Content-Type": "application/json"}),
        Response(200, "<!DOCTYPE html><html>sign in</html>", headers={"Content-Type": "text/html"}),
    ],
)
def test_garbage_on_create_is_a_protocol_error_in_words(fake, answer: Response) -> None:
    fake.fail_next("POST", CREATE, answer)
    with pytest.raises(ProtocolError, match=r"HTML page|malformed JSON"):
        run(veo(fake), lambda p: p.submit(draw("veo-3.0-generate-001")))


def test_an_html_error_page_on_create_is_in_doubt_not_resent(fake) -> None:
    fake.fail_next("POST", CREATE, html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        run(veo(fake), lambda p: p.submit(draw("veo-3.0-generate-001")))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    assert len(fake.calls("POST", CREATE)) == 1


def test_garbage_on_status_is_classified(fake) -> None:
    async def go(p: Provider) -> list[BaseException]:
        sub = await p.submit(draw("veo-3.0-generate-001"))
        fake.fail_next("GET", OPERATION, Response(200, "{", headers={}))
        fake.fail_next("GET", OPERATION, *[html_error_page(502)] * 3)
        fake.fail_next("GET", OPERATION, Response(200, ["not", "an", "operation"]))
        errors: list[BaseException] = []
        for _ in range(3):
            try:
                await p.poll(sub.ref)
            except (ProtocolError, ServerError) as exc:
                errors.append(exc)
        return errors

    malformed, html, shape = run(veo(fake), go)
    assert isinstance(malformed, ProtocolError) and "malformed JSON" in str(malformed)
    assert isinstance(html, ServerError) and html.provider_text == "an HTML error page (HTTP 502)"
    assert isinstance(shape, ProtocolError) and "not a JSON object" in str(shape)


# -- downloads ------------------------------------------------------------------------------------
def test_an_expired_file_is_expired(fake, isolated_home: Path) -> None:
    async def go(p: Provider) -> None:
        sub = await p.submit(draw("veo-3.0-generate-001"))
        status, _ = await finish(p, sub.ref)
        fake.expire_links()
        await fetch_all(p, sub.ref, status)

    with pytest.raises(AssetExpired, match="expired or was removed"):
        run(veo(fake), go)


def test_engine_fails_an_expired_file_as_expired(fake, isolated_home: Path) -> None:
    fake.expire_links()
    (job,) = run_draws(
        isolated_home,
        lambda _p: veo(fake),
        GenerationSpec(prompt="a fox"),
        [Target("veo", "veo-3.0-generate-001")],
    )
    assert job.state is JobState.FAILED
    assert job.failure is not None and job.failure.kind is FailureKind.EXPIRED


def test_truncated_download_records_no_take(fake, isolated_home: Path) -> None:
    fake.truncate_downloads = True
    (job,) = run_draws(
        isolated_home,
        lambda _p: veo(fake),
        GenerationSpec(prompt="a fox"),
        [Target("veo", "veo-3.0-generate-001")],
    )
    assert job.state is JobState.DOWNLOADING  # resumable; nothing recorded
    assert len(fake.calls("GET", r"/signed/.*")) >= 2  # retried
    count = Library(isolated_home).conn.execute("SELECT COUNT(*) FROM takes").fetchone()[0]
    assert count == 0


def test_non_video_bytes_fail_in_words(fake, isolated_home: Path) -> None:
    fake.video_bytes = b"<html><body>quota page</body></html>" * 10
    (job,) = run_draws(
        isolated_home,
        lambda _p: veo(fake),
        GenerationSpec(prompt="a fox"),
        [Target("veo", "veo-3.0-generate-001")],
    )
    assert job.state is JobState.FAILED
    assert job.failure is not None and "not a video" in job.failure.message
    assert Library(isolated_home).conn.execute("SELECT COUNT(*) FROM takes").fetchone()[0] == 0


# -- retirement, cancel, live check ---------------------------------------------------------------
@pytest.mark.parametrize("status", [400, 404])
def test_a_retired_gemini_veo_says_so_and_suggests_vertex(fake, status: int) -> None:
    fake.retire_veo(status)
    with pytest.raises(RetiredEndpoint) as caught:
        run(veo(fake), lambda p: p.submit(draw("veo-3.1-generate-preview")))
    message = caught.value.message
    assert "may have been retired for API keys" in message and "vertex" in message
    assert caught.value.failure().kind is FailureKind.INVALID
    assert caught.value.provider_text  # Google's own words are kept


def test_veo_operations_cannot_be_cancelled(fake) -> None:
    async def go(p: Provider) -> bool:
        sub = await p.submit(draw("veo-3.0-generate-001"))
        return await p.cancel(sub.ref)

    assert run(veo(fake), go) is False
    assert not fake.calls("POST", r".*cancel.*")


def test_check_live_ok_and_auth_failed(fake) -> None:
    good = run(veo(fake), lambda p: p.check_live())
    assert good.ok and good.status == "ok"
    assert fake.calls("GET", r"/v1beta/models")[0].query["pageSize"] == ["1"]
    bad = run(veo(fake, key="nope-nope"), lambda p: p.check_live())
    assert (bad.ok, bad.status) == (False, "auth failed")
    assert "API key not valid" in bad.detail
    missing = run(keyless(fake), lambda p: p.check_live())
    assert missing.status == "auth failed"


def test_check_live_unreachable() -> None:
    provider = make_provider("veo", "http://127.0.0.1:9/v1beta")
    result = run(provider, lambda p: p.check_live())
    assert (result.ok, result.status) == (False, "unreachable")


# -- validation: nothing is sent ------------------------------------------------------------------
def _problems(provider: Provider, request: Any) -> str:
    return " | ".join(p.message for p in provider.validate(request))


def test_validation_rejects_in_words_before_sending(fake, tmp_path: Path) -> None:
    p = veo(fake)
    assert p.validate(draw("veo-3.1-generate-preview")) == []
    assert (
        "duration: 5 s is not offered by veo-3.1-generate-preview; choose 4 s, 6 s or 8 s"
        in _problems(p, draw("veo-3.1-generate-preview", duration=5))
    )
    assert "aspect: 1:1 is not offered" in _problems(p, draw("veo-3.0-generate-001", aspect="1:1"))
    assert "resolution: 4k is not offered" in _problems(
        p, draw("veo-3.0-generate-001", resolution="4k")
    )
    assert "1080p clips of 8 s only" in _problems(
        p, draw("veo-3.0-generate-001", resolution="1080p", duration=4)
    )
    assert "accepts at most 1024" in _problems(p, draw("veo-3.0-generate-001", prompt="x" * 1025))
    assert "always makes sound" in _problems(p, draw("veo-3.0-generate-001", audio=False))
    assert "silent clips only" in _problems(p, draw("veo-2.0-generate-001", audio=True))
    webp = image_input(tmp_path / "a.webp", fmt="webp")
    assert "the first frame is webp" in _problems(p, draw("veo-3.0-generate-001", first_frame=webp))
    big = image_input(tmp_path / "big.png").model_copy(update={"bytes": 9_000_000})
    assert "9.0 MB" in _problems(p, draw("veo-3.0-generate-001", first_frame=big))
    first = image_input(tmp_path / "f.png")
    assert "does not take a last-frame image" in _problems(
        p, draw("veo-3.0-generate-001", first_frame=first, last_frame=first)
    )
    assert "allow_adult or dont_allow only" in _problems(
        p,
        draw(
            "veo-3.0-generate-001",
            first_frame=first,
            options={"person_generation": "allow_all"},
        ),
    )
    assert "is not one Google knows" in _problems(
        p, draw("veo-3.0-generate-001", options={"person_generation": "everyone"})
    )
    assert "is a Vertex AI model" in _problems(p, draw("vertex/veo-3.1-generate-001"))
    assert "has no model" in _problems(
        p, draw("veo-3.0-generate-001").model_copy(update={"model": "veo-9"})
    )
    assert fake.requests == []


def test_a_bad_backend_option_is_reported(fake) -> None:
    p = veo(fake, backend="vertx")
    assert "use gemini or vertex" in _problems(p, draw("veo-3.0-generate-001"))
