"""Veo on Vertex AI against its fake: bearer auth, seed, audio, inline and GCS results, config.

The failure matrix every adapter shares is in ``test_conformance.py`` (harness
``veo-vertex``).
"""

from __future__ import annotations

import base64
import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clock import ManualClock
from tests.fakes.server import Response
from tests.fakes.vertex import FakeVertex, google_error
from tests.providers import kit
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AuthError,
    MissingKey,
    PermissionDenied,
    ProviderError,
    ProviderRefused,
)
from workbench.providers.veo.adapter import VeoProvider
from workbench.providers.veo.models import INFO
from workbench.providers.veo.vertex import gcs_download_url, parse_status

TOKEN = "ya29.test-token"
MODELS = r"/v1/projects/my-project/locations/us-central1/publishers/google/models/"
CREATE = MODELS + r"[^/:]+:predictLongRunning"
FETCH = MODELS + r"[^/:]+:fetchPredictOperation"
V31, LITE = "vertex/veo-3.1-generate-001", "vertex/veo-3.1-lite-generate-001"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> Iterator[FakeVertex]:
    with FakeVertex(token=TOKEN, render_s=60, clock=clock) as service:
        yield service  # type: ignore[misc]


def vertex(fake: FakeVertex, token: str = TOKEN, **options: Any) -> Provider:
    values = {"backend": "vertex", "project": "my-project", "location": "us-central1", **options}
    return kit.adapter("veo", fake.api_base, {"access_token": token}, **values)


def draw(model: str = V31, **spec: Any) -> Any:
    return kit.draw(INFO, model, **spec)


def finished(fake: FakeVertex, clock: ManualClock, request: Any, **kw: Any) -> Any:
    async def go(p: Provider) -> tuple[Any, Status, list[Status]]:
        sub = await p.submit(request)
        final, seen = await kit.finish(p, sub.ref, clock)
        return sub, final, seen

    return kit.run(vertex(fake, **kw), go)


# -- wire mapping -------------------------------------------------------------------------
def test_text_to_video_sends_seed_and_audio_and_gets_inline_bytes(fake, clock) -> None:
    sub, status, seen = finished(fake, clock, draw(seed=4_000_000_000, audio=True, duration=4))
    (create,) = fake.calls("POST", CREATE)
    assert create.path.endswith("/models/veo-3.1-generate-001:predictLongRunning")
    assert create.header("authorization") == f"Bearer {TOKEN}"
    assert create.header("x-goog-api-key") is None
    assert create.json() == {
        "instances": [{"prompt": "a red fox in snow"}],
        "parameters": {
            "sampleCount": 1,
            "durationSeconds": 4,
            "aspectRatio": "16:9",
            "resolution": "720p",
            "seed": 4_000_000_000,
            "generateAudio": True,
        },
    }  # no storageUri: inline results, please
    assert sub.seed == 4_000_000_000 and sub.cost_usd is None
    assert sub.ref.data == {
        "backend": "vertex",
        "api": "veo",
        "model": "veo-3.1-generate-001",
        "project": "my-project",
        "location": "us-central1",
        "list_usd": 1.6,
    }
    fetches = fake.calls("POST", FETCH)
    assert fetches and all(r.json() == {"operationName": sub.ref.remote_id} for r in fetches)
    assert len(seen) > 1 and status.assets[0].data == fake.clip_for(1)
    assert status.cost_usd == pytest.approx(0.40 * 4) and status.charged is True


def test_a_silent_draw_says_so_and_is_estimated_at_the_audio_price(fake) -> None:
    sub = kit.run(vertex(fake), lambda p: p.submit(draw(LITE, seed=1)))
    assert fake.calls("POST", CREATE)[0].json()["parameters"]["generateAudio"] is False
    assert sub.ref.data["list_usd"] == pytest.approx(0.05 * 8)  # no silent price is known


def test_veo_2_from_an_image_sends_no_audio_switch_while_it_was_served(
    fake, clock, tmp_path
) -> None:
    fake.retired.clear()  # as Vertex was before 2026-06-30
    first = kit.image(tmp_path, "first.png")
    status = finished(fake, clock, draw("vertex/veo-2.0-generate-001", seed=7, first_frame=first))[
        1
    ]
    assert status.phase is Phase.SUCCEEDED
    body = fake.calls("POST", CREATE)[0].json()
    b64 = base64.b64encode(Path(first.path).read_bytes()).decode()
    assert body["instances"][0]["image"] == {"bytesBase64Encoded": b64, "mimeType": "image/png"}
    assert body["parameters"] == {
        "sampleCount": 1,
        "durationSeconds": 8,
        "aspectRatio": "16:9",
        "seed": 7,
    }


def test_the_engine_records_seed_cost_and_the_vertex_default(fake, clock, isolated_home) -> None:
    spec = GenerationSpec(
        prompt="a lighthouse in fog",
        duration=6,
        audio=True,
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=31337),
    )
    [job] = kit.run_engine(isolated_home, lambda _p: vertex(fake), spec, [Target("veo")], clock)
    assert job.state is JobState.DONE and job.model == V31  # the Vertex default, not Gemini's
    assert job.seed == 31337 and job.seed_supported
    assert job.cost_usd == pytest.approx(0.40 * 6)
    assert fake.calls("POST", CREATE)[0].json()["parameters"]["seed"] == 31337


def test_gcs_results_are_read_with_the_bearer_from_the_storage_host(
    fake, clock, isolated_home
) -> None:
    fake.next_outcome("gcs")
    [job] = kit.run_engine(
        isolated_home,
        lambda _p: vertex(fake, storage_url=fake.base_url),
        GenerationSpec(prompt="a fox", audio=False),
        [Target("veo", LITE)],
        clock,
    )
    assert job.state is JobState.DONE
    (read,) = fake.calls("GET", r"/storage/v1/b/veo-out/o/.*")
    assert read.query["alt"] == ["media"] and read.header("authorization") == f"Bearer {TOKEN}"
    assert gcs_download_url("gs://b/dir/clip 1.mp4") == (
        "https://storage.googleapis.com/storage/v1/b/b/o/dir%2Fclip%201.mp4?alt=media"
    )
    done = {"done": True, "response": {"videos": [{"gcsUri": "https://elsewhere/x.mp4"}]}}
    status = parse_status(done)
    assert status.phase is Phase.FAILED and "remove storageUri" in status.failure.message


# -- failures -----------------------------------------------------------------------------
def test_filtered_and_quota_operations(fake, clock) -> None:
    fake.next_outcome("moderation")
    fake.next_outcome("error", code=8, message="Quota exceeded for online_prediction_requests")
    filtered = finished(fake, clock, draw(seed=1))[1]
    assert filtered.failure.kind is FailureKind.MODERATION and not filtered.failure.retryable
    assert "person generation" in filtered.failure.provider_text
    quota = finished(fake, clock, draw(seed=1))[1]
    assert quota.failure.kind is FailureKind.QUOTA and quota.failure.retryable
    assert quota.failure.code == "RESOURCE_EXHAUSTED"


def test_a_bad_token_and_a_wrong_project_are_told_apart(fake) -> None:
    with pytest.raises(AuthError) as caught:
        kit.run(vertex(fake, token="ya29.expired"), lambda p: p.submit(draw()))
    assert "did not accept the access token" in caught.value.message
    assert "VERTEX_ACCESS_TOKEN" in caught.value.message and caught.value.code == "UNAUTHENTICATED"
    assert "ya29.expired" not in str(caught.value)
    with pytest.raises(PermissionDenied) as denied:
        kit.run(vertex(fake, project="someone-else"), lambda p: p.submit(draw()))
    assert denied.value.failure().kind is FailureKind.AUTH
    assert "someone-else" in denied.value.provider_text


def test_fetch_operation_is_a_post_that_is_retried_like_a_read(fake) -> None:
    fake.fail_next("POST", FETCH, google_error(500, "Internal error", "INTERNAL"))
    fake.fail_next(
        "POST", FETCH, Response(429, {"error": {"code": 429}}, headers={"Retry-After": "0"})
    )

    async def go(p: Provider) -> Status:
        return await p.poll((await p.submit(draw())).ref)

    assert kit.run(vertex(fake), go).phase is Phase.RUNNING
    assert len(fake.calls("POST", FETCH)) == 3


def test_no_token_is_refused_before_sending(fake) -> None:
    p = kit.adapter(
        "veo", fake.api_base, {"api_key": "gemini-key-only"}, backend="vertex", project="p"
    )
    with pytest.raises(MissingKey, match="VERTEX_ACCESS_TOKEN"):
        kit.run(p, lambda q: q.submit(draw()))
    assert fake.requests == []


def test_the_live_check_reads_the_publisher_model(fake) -> None:
    assert kit.run(vertex(fake), lambda p: p.check_live()).ok
    (read,) = fake.calls("GET", r"/v1/publishers/google/models/.*")
    assert read.path == "/v1/publishers/google/models/veo-3.1-generate-001"


# -- configuration ------------------------------------------------------------------------
def test_backend_and_location_follow_region_and_host() -> None:
    central = registry.create("veo", ProviderConfig(options={"region": "vertex-us-central1"}))
    assert isinstance(central, VeoProvider)
    assert central.backend == "vertex" and central.location == "us-central1"
    assert central.base_url == "https://us-central1-aiplatform.googleapis.com/v1"
    assert central.info.default_model == V31
    by_host = registry.create(
        "veo", ProviderConfig(base_url="https://aiplatform.googleapis.com/v1")
    )
    assert isinstance(by_host, VeoProvider)
    assert (by_host.backend, by_host.location) == ("vertex", "global")
    plain = registry.create("veo")
    assert isinstance(plain, VeoProvider) and plain.backend == "gemini"
    assert plain.info.default_model == "gemini-omni-1.1-flash"
    moved = registry.create("veo", ProviderConfig(options={"backend": "vertex", "location": "x1"}))
    assert moved.base_url == "https://x1-aiplatform.googleapis.com/v1"


def test_validation_in_words_for_vertex(fake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    p = vertex(fake)

    def words(request: Any, provider: Provider = p) -> str:
        return " | ".join(x.message for x in provider.validate(request))

    assert p.validate(draw(seed=2**32 - 1)) == []
    assert "served by the Gemini API only" in words(draw("gemini-omni-1.1-flash"))
    assert "resolution: 4k is not offered" in words(draw(LITE, resolution="4k"))
    assert "1080p clips of 8 s only" in words(draw(resolution="1080p", duration=4))
    assert "accepts at most 1024" in words(draw(prompt="x" * 1025))
    assert "retired vertex/veo-2.0-generate-001" in words(draw("vertex/veo-2.0-generate-001"))
    no_project = vertex(fake, project="")
    assert "needs a Google Cloud project id" in words(draw(), no_project)
    with pytest.raises(ProviderRefused, match="project"):
        kit.run(no_project, lambda q: q.submit(draw()))
    assert "is not a Google Cloud location" in words(draw(), vertex(fake, location="us central"))
    assert fake.requests == []


def test_veo_rules_on_images_people_and_sound(fake, tmp_path) -> None:
    p = vertex(fake)

    def words(**spec: Any) -> str:
        return " | ".join(x.message for x in p.validate(draw(LITE, **spec)))

    webp = kit.image(tmp_path, "a.webp").model_copy(update={"format": "webp"})
    assert "the first frame is webp" in words(first_frame=webp)
    big = kit.image(tmp_path, "big.png").model_copy(update={"bytes": 9_000_000})
    assert "9.0 MB" in words(first_frame=big)
    first = kit.image(tmp_path, "f.png")
    people = {"person_generation": "allow_all"}
    assert "allow_adult or dont_allow only" in words(first_frame=first, options=people)
    assert "is not one Google knows" in words(options={"person_generation": "everyone"})
    assert "enhance_prompt must be true or false" in words(options={"enhance_prompt": "y"})
    assert "no seed" not in words(seed=5)  # Vertex takes a seed
    assert fake.requests == []


# -- credentials ----------------------------------------------------------------------------
def test_project_comes_from_the_service_account_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    account = tmp_path / "sa.json"
    account.write_text(json.dumps({"type": "service_account", "project_id": "from-file"}))
    provider = registry.create(
        "veo",
        ProviderConfig(
            credentials=Credentials({"service_account_file": str(account)}),
            options={"region": "vertex-us-central1"},
        ),
    )
    assert isinstance(provider, VeoProvider) and provider.project == "from-file"


def _google_auth_stand_in(monkeypatch: pytest.MonkeyPatch, refreshed: list[object]) -> None:
    class Minted:
        token: str | None = None

        @property
        def valid(self) -> bool:
            return self.token is not None

        def refresh(self, request: object) -> None:
            refreshed.append(request)
            self.token = TOKEN

    def load_credentials_from_file(path: str, scopes: list[str]) -> tuple[Minted, str]:
        assert scopes == ["https://www.googleapis.com/auth/cloud-platform"]
        assert path.endswith("sa.json")
        return Minted(), "from-file"

    class GoogleAuthError(Exception):
        pass

    modules = {
        name: types.ModuleType(name)
        for name in (
            "google",
            "google.auth",
            "google.auth.transport",
            "google.auth.transport.requests",
            "google.auth.exceptions",
        )
    }
    modules["google.auth"].load_credentials_from_file = load_credentials_from_file  # type: ignore[attr-defined]
    modules["google.auth.transport.requests"].Request = lambda: "http-request"  # type: ignore[attr-defined]
    modules["google.auth.exceptions"].GoogleAuthError = GoogleAuthError  # type: ignore[attr-defined]
    modules["google.auth.exceptions"].TransportError = type(
        "TransportError", (GoogleAuthError,), {}
    )  # type: ignore[attr-defined]
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)


def test_service_account_tokens_are_minted_with_google_auth(fake, tmp_path, monkeypatch) -> None:
    """The optional google-auth route, with a stand-in for the package."""
    refreshed: list[object] = []
    _google_auth_stand_in(monkeypatch, refreshed)
    account = tmp_path / "sa.json"
    account.write_text("{}")
    p = kit.adapter(
        "veo",
        fake.api_base,
        {"service_account_file": str(account)},
        backend="vertex",
        project="my-project",
    )

    async def go(q: Provider) -> None:
        sub = await q.submit(draw())
        await q.poll(sub.ref)
        await q.poll(sub.ref)

    kit.run(p, go)
    assert refreshed == ["http-request"]  # minted once, reused while valid
    assert fake.calls("POST", CREATE)[0].header("authorization") == f"Bearer {TOKEN}"


def test_a_service_account_without_google_auth_says_what_to_install(
    fake, tmp_path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "google.auth", None)
    account = {"service_account_file": str(tmp_path / "sa.json")}
    p = kit.adapter("veo", fake.api_base, account, backend="vertex", project="my-project")
    with pytest.raises(MissingKey, match="google-auth package is not installed"):
        kit.run(p, lambda q: q.submit(draw()))
    assert fake.requests == []


def test_old_refs_are_routed_by_their_name_and_other_backends_are_refused(fake) -> None:
    async def go(p: Provider) -> Status:
        sub = await p.submit(draw())
        return await p.poll(RemoteRef(sub.ref.remote_id))  # no adapter data

    status = kit.run(vertex(fake), go)
    assert status.phase is Phase.RUNNING
    gemini_side = kit.adapter("veo", "https://generativelanguage.googleapis.com/v1beta", None)
    with pytest.raises(ProviderError, match="sent through Vertex AI"):
        kit.run(gemini_side, lambda p: p.poll(RemoteRef("projects/p/locations/l/x/operations/1")))


def test_a_finished_old_ref_without_a_list_price_shows_no_cost(fake, clock) -> None:
    async def go(p: Provider) -> Status:
        sub = await p.submit(draw())
        bare = RemoteRef(sub.ref.remote_id)  # a reference recorded before prices rode along
        return (await kit.finish(p, bare, clock))[0]

    status = kit.run(vertex(fake), go)
    assert status.phase is Phase.SUCCEEDED and status.charged is True and status.cost_usd is None
