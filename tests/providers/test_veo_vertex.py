"""Veo on Vertex AI against its loopback fake: bearer auth, seed, inline and GCS results."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clips import clip_bytes
from tests.fakes.server import Response
from tests.fakes.veo import FakeVertex, draw, google_error, image_input
from tests.helpers import fast_policy, fetch_all, finish, make_provider, run_draws
from tests.helpers import run_with as run
from workbench.domain.credentials import Credentials
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.library.library import Library
from workbench.providers import registry
from workbench.providers.base import Phase, Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.errors import (
    AuthError,
    MissingKey,
    PermissionDenied,
    ProviderError,
    ProviderRefused,
)
from workbench.providers.veo import VeoProvider
from workbench.providers.veo.vertex import gcs_download_url, parse_status

TOKEN = "ya29.test-token"
MODELS = r"/v1/projects/my-project/locations/us-central1/publishers/google/models/"
CREATE = MODELS + r"[^/:]+:predictLongRunning"
FETCH = MODELS + r"[^/:]+:fetchPredictOperation"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeVertex]:
    with FakeVertex(token=TOKEN) as service:
        yield service  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeVertex) -> FakeVertex:
    server.reset()
    return server


def vertex(fake: FakeVertex, token: str = TOKEN, **options: Any) -> VeoProvider:
    values = {"backend": "vertex", "project": "my-project", "location": "us-central1"}
    values.update(options)
    provider = make_provider("veo", fake.api_base, credentials={"access_token": token}, **values)
    assert isinstance(provider, VeoProvider)
    return provider


# -- happy paths ---------------------------------------------------------------------------------
def test_text_to_video_sends_seed_and_audio_and_gets_inline_bytes(fake) -> None:
    request = draw("vertex/veo-3.1-generate-001", seed=4_000_000_000, audio=True, duration=4)

    async def go(p: Provider) -> tuple[Any, Status, list[Status], bytes]:
        sub = await p.submit(request)
        status, seen = await finish(p, sub.ref)
        return sub, status, seen, await fetch_all(p, sub.ref, status)

    sub, status, seen, data = run(vertex(fake), go)
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
    }
    assert "storageUri" not in create.json()["parameters"]  # inline results, please
    assert sub.seed == 4_000_000_000 and sub.cost_usd == pytest.approx(0.40 * 4)
    assert sub.ref.data == {
        "backend": "vertex",
        "api": "veo",
        "model": "veo-3.1-generate-001",
        "project": "my-project",
        "location": "us-central1",
    }
    fetches = fake.calls("POST", FETCH)
    assert fetches and all(r.json() == {"operationName": sub.ref.remote_id} for r in fetches)
    assert [s.phase for s in seen][-1] is Phase.SUCCEEDED and len(seen) > 1
    assert status.assets[0].data == clip_bytes() and data == clip_bytes()


def test_image_to_video_on_veo_2_sends_no_audio_switch(fake, tmp_path: Path) -> None:
    first = image_input(tmp_path / "first.png")

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("vertex/veo-2.0-generate-001", seed=7, first_frame=first))
        return (await finish(p, sub.ref))[0]

    assert run(vertex(fake), go).phase is Phase.SUCCEEDED
    body = fake.calls("POST", CREATE)[0].json()
    b64 = base64.b64encode(Path(first.path).read_bytes()).decode()
    assert body["instances"][0]["image"] == {"bytesBase64Encoded": b64, "mimeType": "image/png"}
    assert body["parameters"] == {
        "sampleCount": 1,
        "durationSeconds": 8,
        "aspectRatio": "16:9",
        "seed": 7,
    }


def test_silent_veo_3_says_so_and_costs_less(fake) -> None:
    async def go(p: Provider) -> Any:
        return await p.submit(draw("vertex/veo-3.0-fast-generate-001", seed=1))

    sub = run(vertex(fake), go)
    assert fake.calls("POST", CREATE)[0].json()["parameters"]["generateAudio"] is False
    assert sub.cost_usd == pytest.approx(0.10 * 8)


def test_engine_records_seed_cost_and_take(fake, isolated_home: Path) -> None:
    spec = GenerationSpec(
        prompt="a lighthouse in fog",
        duration=6,
        audio=True,
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=31337),
    )
    (job,) = run_draws(isolated_home, lambda _p: vertex(fake), spec, [Target("veo", None)])
    assert job.state is JobState.DONE, job.failure
    assert job.model == "vertex/veo-3.1-generate-001"  # the Vertex default, not Gemini's
    assert job.seed == 31337 and job.seed_supported
    assert job.cost_usd == pytest.approx(0.40 * 6)
    assert fake.calls("POST", CREATE)[0].json()["parameters"]["seed"] == 31337
    row = (
        Library(isolated_home)
        .conn.execute("SELECT sha256 FROM takes WHERE job_id = ?", (job.id,))
        .fetchone()
    )
    assert row["sha256"] == hashlib.sha256(clip_bytes()).hexdigest()


def test_gcs_results_are_read_with_the_bearer_from_the_storage_host(
    fake, isolated_home: Path
) -> None:
    fake.next_outcome("gcs")
    (job,) = run_draws(
        isolated_home,
        lambda _p: vertex(fake, storage_url=fake.base_url),
        GenerationSpec(prompt="a fox", audio=False),
        [Target("veo", "vertex/veo-3.0-generate-001")],
    )
    assert job.state is JobState.DONE, job.failure
    (read,) = fake.calls("GET", r"/storage/v1/b/veo-out/o/.*")
    assert read.query["alt"] == ["media"]
    assert read.header("authorization") == f"Bearer {TOKEN}"


def test_gcs_uris_become_json_api_urls_and_others_fail_in_words() -> None:
    assert gcs_download_url("gs://b/dir/clip 1.mp4") == (
        "https://storage.googleapis.com/storage/v1/b/b/o/dir%2Fclip%201.mp4?alt=media"
    )
    done = {"done": True, "response": {"videos": [{"gcsUri": "https://elsewhere/x.mp4"}]}}
    status = parse_status(done)
    assert status.phase is Phase.FAILED and status.failure is not None
    assert "written to Cloud Storage" in status.failure.message
    assert "remove storageUri" in status.failure.message


# -- failures -------------------------------------------------------------------------------------
def test_filtered_operation_is_moderation(fake) -> None:
    fake.next_outcome("moderation")

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("vertex/veo-3.0-generate-001", seed=1))).ref))[
            0
        ]

    status = run(vertex(fake), go)
    assert status.failure is not None and status.failure.kind is FailureKind.MODERATION
    assert not status.failure.retryable
    assert "person generation" in status.failure.provider_text


def test_quota_error_in_the_operation(fake) -> None:
    fake.next_outcome("error", code=8, message="Quota exceeded for online_prediction_requests")

    async def go(p: Provider) -> Status:
        return (await finish(p, (await p.submit(draw("vertex/veo-3.0-generate-001", seed=1))).ref))[
            0
        ]

    status = run(vertex(fake), go)
    assert status.failure is not None and status.failure.kind is FailureKind.QUOTA
    assert status.failure.code == "RESOURCE_EXHAUSTED" and status.failure.retryable


def test_a_bad_token_is_an_auth_failure(fake) -> None:
    with pytest.raises(AuthError) as caught:
        run(
            vertex(fake, token="ya29.expired"),
            lambda p: p.submit(draw("vertex/veo-3.0-generate-001")),
        )
    assert "did not accept the access token" in caught.value.message
    assert "VERTEX_ACCESS_TOKEN" in caught.value.message
    assert caught.value.code == "UNAUTHENTICATED"
    assert "ya29.expired" not in str(caught.value)


def test_a_wrong_project_is_permission_denied(fake) -> None:
    with pytest.raises(PermissionDenied) as caught:
        run(
            vertex(fake, project="someone-else"),
            lambda p: p.submit(draw("vertex/veo-3.0-generate-001")),
        )
    assert caught.value.failure().kind is FailureKind.AUTH
    assert "someone-else" in caught.value.provider_text


def test_5xx_on_fetch_operation_is_retried(fake) -> None:
    fake.fail_next("POST", FETCH, google_error(500, "Internal error", "INTERNAL"))
    fake.fail_next(
        "POST", FETCH, Response(429, {"error": {"code": 429}}, headers={"Retry-After": "0"})
    )

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("vertex/veo-3.0-generate-001"))
        return await p.poll(sub.ref)

    assert run(vertex(fake), go).phase is Phase.RUNNING
    assert len(fake.calls("POST", FETCH)) == 3  # a read, although it is a POST


def test_no_token_is_refused_before_sending(fake) -> None:
    provider = registry.create(
        "veo",
        ProviderConfig(
            base_url=fake.api_base,
            credentials=Credentials({"api_key": "gemini-key-only"}),
            policy=fast_policy(),
            options={"backend": "vertex", "project": "my-project"},
        ),
    )
    with pytest.raises(MissingKey, match="VERTEX_ACCESS_TOKEN"):
        run(provider, lambda p: p.submit(draw("vertex/veo-3.0-generate-001")))
    assert fake.requests == []


def test_check_live_reads_the_publisher_model(fake) -> None:
    good = run(vertex(fake), lambda p: p.check_live())
    assert good.ok and good.status == "ok"
    (read,) = fake.calls("GET", r"/v1/publishers/google/models/.*")
    assert read.path == "/v1/publishers/google/models/veo-3.1-generate-001"
    bad = run(vertex(fake, token="nope-nope"), lambda p: p.check_live())
    assert (bad.ok, bad.status) == (False, "auth failed")


# -- configuration --------------------------------------------------------------------------------
def test_backend_and_location_follow_region_and_host() -> None:
    central = registry.create("veo", ProviderConfig(options={"region": "vertex-us-central1"}))
    assert isinstance(central, VeoProvider)
    assert central.backend == "vertex" and central.location == "us-central1"
    assert central.base_url == "https://us-central1-aiplatform.googleapis.com/v1"
    assert central.info.default_model == "vertex/veo-3.1-generate-001"
    by_host = registry.create(
        "veo", ProviderConfig(base_url="https://aiplatform.googleapis.com/v1")
    )
    assert isinstance(by_host, VeoProvider)
    assert (by_host.backend, by_host.location) == ("vertex", "global")
    plain = registry.create("veo")
    assert isinstance(plain, VeoProvider) and plain.backend == "gemini"
    assert plain.info.default_model == "veo-3.1-generate-preview"
    moved = registry.create("veo", ProviderConfig(options={"backend": "vertex", "location": "x1"}))
    assert moved.base_url == "https://x1-aiplatform.googleapis.com/v1"


def test_validation_in_words_for_vertex(fake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
    p = vertex(fake)
    assert p.validate(draw("vertex/veo-3.1-generate-001", seed=2**32 - 1)) == []
    words = " | ".join(m.message for m in p.validate(draw("veo-3.1-generate-preview")))
    assert "is a Gemini API model" in words and "vertex/veo-3.1-generate-001" in words
    words = " | ".join(m.message for m in p.validate(draw("gemini-omni-1.1-flash")))
    assert "served by the Gemini API only" in words
    words = " | ".join(
        m.message for m in p.validate(draw("vertex/veo-3.1-lite-generate-001", resolution="4k"))
    )
    assert "resolution: 4k is not offered" in words
    no_project = vertex(fake, project="")
    words = " | ".join(m.message for m in no_project.validate(draw("vertex/veo-2.0-generate-001")))
    assert "needs a Google Cloud project id" in words
    with pytest.raises(ProviderRefused, match="project"):
        run(no_project, lambda q: q.submit(draw("vertex/veo-2.0-generate-001")))
    assert fake.requests == []


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


def test_service_account_tokens_are_minted_with_google_auth(
    fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The optional google-auth route, with a stand-in for the package."""
    refreshed: list[object] = []

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

    google = types.ModuleType("google")
    auth = types.ModuleType("google.auth")
    auth.load_credentials_from_file = load_credentials_from_file  # type: ignore[attr-defined]
    transport = types.ModuleType("google.auth.transport")
    requests_mod = types.ModuleType("google.auth.transport.requests")
    requests_mod.Request = lambda: "http-request"  # type: ignore[attr-defined]
    exceptions = types.ModuleType("google.auth.exceptions")

    class GoogleAuthError(Exception):
        pass

    class TransportError(GoogleAuthError):
        pass

    exceptions.GoogleAuthError = GoogleAuthError  # type: ignore[attr-defined]
    exceptions.TransportError = TransportError  # type: ignore[attr-defined]
    for name, module in {
        "google": google,
        "google.auth": auth,
        "google.auth.transport": transport,
        "google.auth.transport.requests": requests_mod,
        "google.auth.exceptions": exceptions,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    account = tmp_path / "sa.json"
    account.write_text("{}")
    provider = registry.create(
        "veo",
        ProviderConfig(
            base_url=fake.api_base,
            credentials=Credentials({"service_account_file": str(account)}),
            policy=fast_policy(),
            options={"backend": "vertex", "project": "my-project"},
        ),
    )

    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("vertex/veo-3.0-generate-001"))
        await p.poll(sub.ref)
        return await p.poll(sub.ref)

    run(provider, go)
    assert refreshed == ["http-request"]  # minted once, reused while valid
    assert fake.calls("POST", CREATE)[0].header("authorization") == f"Bearer {TOKEN}"


def test_a_service_account_without_google_auth_says_what_to_install(
    fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "google.auth", None)
    provider = registry.create(
        "veo",
        ProviderConfig(
            base_url=fake.api_base,
            credentials=Credentials({"service_account_file": str(tmp_path / "sa.json")}),
            policy=fast_policy(),
            options={"backend": "vertex", "project": "my-project"},
        ),
    )
    with pytest.raises(MissingKey, match="google-auth package is not installed"):
        run(provider, lambda p: p.submit(draw("vertex/veo-3.0-generate-001")))
    assert fake.requests == []


def test_old_refs_are_routed_by_their_name_and_other_backends_are_refused(fake) -> None:
    async def go(p: Provider) -> Status:
        sub = await p.submit(draw("vertex/veo-3.0-generate-001"))
        return await p.poll(RemoteRef(sub.ref.remote_id))  # no adapter data

    assert run(vertex(fake), go).phase is Phase.RUNNING
    gemini_side = make_provider("veo", "https://generativelanguage.googleapis.com/v1beta")
    with pytest.raises(ProviderError, match="sent through Vertex AI"):
        run(gemini_side, lambda p: p.poll(RemoteRef("projects/p/locations/l/x/operations/1")))


def test_a_malformed_location_is_reported(fake) -> None:
    words = " | ".join(
        m.message
        for m in vertex(fake, location="us central").validate(draw("vertex/veo-2.0-generate-001"))
    )
    assert "is not a Google Cloud location" in words
