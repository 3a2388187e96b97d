"""The engine end to end on an in-process adapter: states, seeds, faults, never twice."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.engine.scripted import ScriptedProvider, done, info
from tests.fakes.clips import clip_bytes
from tests.helpers import fast_sleep
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind
from workbench.engine.engine import Engine
from workbench.engine.events import EngineChanged, JobChanged, RunChanged
from workbench.engine.planner import Target, plan_run
from workbench.library.records import JobRecord
from workbench.providers.base import Asset, Phase, Status
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    DownloadError,
    NotFound,
    ProviderRefused,
    ServerError,
    SubmitOutcomeUnknown,
)

SPEC = GenerationSpec(prompt="a fox", duration=1, resolution="240p")


def run(
    home: Path,
    provider: ScriptedProvider,
    draws: int = 1,
    spec: GenerationSpec = SPEC,
    events: list[object] | None = None,
    **engine_kw: object,
) -> list[JobRecord]:
    async def go() -> list[JobRecord]:
        options = {"sleep": fast_sleep, "rng": random.Random(3), **engine_kw}
        engine = Engine(provider_factory=lambda _p: provider, home=home, **options)  # type: ignore[arg-type]
        sub = engine.bus.subscribe(events.append, coalesce=False) if events is not None else None
        try:
            plan = plan_run(
                spec,
                [Target("scripted", None, draws)],
                provider_for=lambda _p: provider,
                has_key=lambda _p: True,
                rng=random.Random(3),
            )
            assert plan.ok, plan.problems
            run_id = await engine.start_run(plan)
            jobs = await engine.wait_run(run_id)
            if sub is not None:
                await asyncio.to_thread(sub.flush)
            return jobs
        finally:
            await engine.aclose()

    return asyncio.run(go())


def test_happy_path_records_take_seed_cost_and_events(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.extend(
        [
            Status(phase=Phase.QUEUED),
            Status(Phase.RUNNING, progress=0.5),
            done(seed=777, cost_usd=0.42, cost_reported="42 credits"),
        ]
    )
    events: list[object] = []
    (job,) = run(isolated_home, provider, events=events)
    assert job.state is JobState.DONE
    assert (job.seed, job.cost_usd, job.cost_reported) == (777, 0.42, "42 credits")
    assert job.render_s is not None and job.attempts == 1
    # The whole sequence, in order: busy, the run (not finished), every move of the draw,
    # the run finished, idle.
    kinds = [
        type(e).__name__
        + ":"
        + (
            e.state.value
            if isinstance(e, (JobChanged, EngineChanged))
            else str(e.finished)
            if isinstance(e, RunChanged)
            else ""
        )
        for e in events
    ]
    assert kinds == [
        "EngineChanged:busy",
        "RunChanged:False",
        "JobChanged:submitting",
        "JobChanged:submitted",
        "JobChanged:running",
        "JobChanged:running",
        "JobChanged:downloading",
        "JobChanged:done",
        "RunChanged:True",
        "EngineChanged:idle",
    ]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))  # type: ignore[attr-defined]
    last_run = events[-2]
    assert isinstance(last_run, RunChanged) and last_run.run.done == 1
    clip = next(e for e in events if isinstance(e, JobChanged) and e.take_id)
    assert clip.job.take is not None and Path(clip.job.take.path).exists()


def test_seed_policies_are_applied_and_recorded(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    spec = SPEC.model_copy(
        update={"seed_policy": SeedPolicy(kind=SeedPolicyKind.SEQUENCE, value=100)}
    )
    jobs = run(isolated_home, provider, draws=3, spec=spec)
    assert [j.seed for j in jobs] == [100, 101, 102]
    assert [r.seed for r in provider.submits] == [100, 101, 102]
    assert [j.draw_no for j in jobs] == [1, 2, 3]


def test_per_provider_concurrency_is_respected(isolated_home: Path) -> None:
    provider = ScriptedProvider(info(concurrency=2))
    provider.submit_delay = 0.02
    jobs = run(isolated_home, provider, draws=6)
    assert all(j.state is JobState.DONE for j in jobs)
    assert provider.max_in_flight == 2


def test_a_refused_submit_fails_with_its_kind(isolated_home: Path) -> None:
    from workbench.domain.jobs import Failure

    provider = ScriptedProvider()

    def refuse(_request: object) -> object:
        raise ProviderRefused(Failure(kind=FailureKind.MODERATION, provider_text="no"))

    provider.submit_script.append(refuse)  # type: ignore[arg-type]
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.FAILED and job.failure is not None
    assert job.failure.kind is FailureKind.MODERATION


def _lost(_request: object) -> object:
    raise SubmitOutcomeUnknown("timed out after sending")


def test_a_lost_submit_without_lookup_is_unknown_and_not_resent(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.submit_script.append(_lost)  # type: ignore[arg-type]
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.UNKNOWN and len(provider.submits) == 1
    assert job.failure is not None and "not sent again" in job.failure.message


def test_a_lost_submit_is_found_by_our_own_id(isolated_home: Path) -> None:
    provider = ScriptedProvider(info(lookup=True))

    def received_then_lost(request: object) -> object:
        provider.remote[request.client_ref] = request  # type: ignore[attr-defined]
        raise SubmitOutcomeUnknown("timed out after sending")

    provider.submit_script.append(received_then_lost)  # type: ignore[arg-type]
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DONE and len(provider.submits) == 1
    assert job.remote_id is not None and job.remote_id.startswith("found-")


def test_a_submit_the_service_never_got_is_sent_once_more(isolated_home: Path) -> None:
    provider = ScriptedProvider(info(lookup=True))
    provider.submit_script.append(_lost)  # type: ignore[arg-type]  # lost before arrival
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DONE and len(provider.submits) == 2 and job.attempts == 2


def test_transient_poll_errors_are_ridden_out(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.extend(
        [ServerError("boom", status=502), ServerError("x", status=500), done()]
    )
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DONE and len(provider.polls) == 3


def test_a_rejected_key_while_polling_keeps_the_job_resumable(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.append(AuthError("bad key", status=401))
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.RUNNING and job.remote_id
    assert job.provider_status is not None and job.provider_status.startswith("paused")


def test_a_forgotten_job_is_expired(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.append(NotFound("gone", status=404))
    (job,) = run(isolated_home, provider)
    assert job.failure is not None and job.failure.kind is FailureKind.EXPIRED


def test_success_without_a_video_is_a_failure(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.append(Status(phase=Phase.SUCCEEDED))
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.FAILED and "no video" in job.failure.message  # type: ignore[union-attr]


def test_non_video_bytes_are_not_recorded(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.append(done(b"<!DOCTYPE html><html>" + b"x" * 200))
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.FAILED
    assert "not a video" in job.failure.message  # type: ignore[union-attr]
    assert not list((isolated_home / "clips").rglob("*.mp4"))


def test_a_truncated_clip_is_not_recorded(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.append(done(clip_bytes()[:2000]))
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.FAILED
    assert "not a playable video" in job.failure.message  # type: ignore[union-attr]


def test_a_broken_transfer_is_retried(isolated_home: Path) -> None:
    provider = ScriptedProvider()

    async def broken(_asset: Asset) -> AsyncIterator[bytes]:
        yield clip_bytes()[:500]
        raise DownloadError("cut off")

    provider.fetch_script.extend([broken, broken])
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DONE


def test_a_transfer_that_keeps_breaking_stays_resumable(isolated_home: Path) -> None:
    provider = ScriptedProvider()

    async def broken(_asset: Asset) -> AsyncIterator[bytes]:
        raise DownloadError("cut off")
        yield b""  # pragma: no cover

    provider.fetch_script.extend([broken] * 4)
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DOWNLOADING
    assert "resume" in (job.provider_status or "")


def test_an_expired_link_is_refreshed_once(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.extend([done(b"old"), done()])

    async def expired(_asset: Asset) -> AsyncIterator[bytes]:
        raise AssetExpired("link expired")
        yield b""  # pragma: no cover

    provider.fetch_script.append(expired)
    (job,) = run(isolated_home, provider)
    assert job.state is JobState.DONE and len(provider.polls) == 2


def test_the_size_cap_refuses_huge_clips(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    (job,) = run(isolated_home, provider, max_download_bytes=1000)
    assert job.state is JobState.FAILED
    assert "download limit" in job.failure.message  # type: ignore[union-attr]


def test_the_deadline_ends_a_job_that_never_finishes(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.extend([Status(Phase.RUNNING)] * 500)
    clock = [1000.0]

    async def advancing_sleep(seconds: float) -> None:
        clock[0] += seconds
        await asyncio.sleep(0)

    (job,) = run(isolated_home, provider, clock=lambda: clock[0], sleep=advancing_sleep)
    assert job.failure is not None and job.failure.kind is FailureKind.TIMEOUT


def test_service_failure_and_cancel_statuses(isolated_home: Path) -> None:
    from workbench.domain.jobs import Failure

    provider = ScriptedProvider()
    provider.poll_script.extend(
        [
            Status(Phase.FAILED, failure=Failure(kind=FailureKind.QUOTA, retryable=True)),
            Status(Phase.CANCELED, provider_status="CANCELLED"),
        ]
    )
    jobs = run(isolated_home, provider, draws=2)
    assert sorted(j.state.value for j in jobs) == ["canceled", "failed"]


def test_budget_and_unknown_targets_refuse_the_whole_plan(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.info = info().model_copy(
        update={
            "models": (
                provider.info.models[0].model_copy(
                    update={"price": provider.info.models[0].price.model_copy(update={"usd": 1.0})}
                ),
            )
        }
    )
    plan = plan_run(
        SPEC,
        [Target("scripted", None, 3), Target("scripted", "nope", 1)],
        provider_for=lambda _p: provider,
        has_key=lambda _p: True,
        budget_usd=2.0,
    )
    codes = [p.code for p in plan.problems]
    assert codes == ["model", "budget"]
    assert "over the budget of $2.00" in str(plan.problems[-1])
    assert "choose m" in str(plan.problems[0])


@pytest.mark.parametrize("state", ["planned", "submitting", "submitted", "running", "downloading"])
def test_resume_takes_up_every_unfinished_state(isolated_home: Path, state: str) -> None:
    from workbench.library.library import Library
    from workbench.library.records import JobUpdate, PlannedJob

    provider = ScriptedProvider(info(lookup=True))
    lib = Library(isolated_home)
    version = lib.prompt_version("fox", None)
    _, (job_id,) = lib.create_run(
        version.id,
        SPEC.model_dump_json(),
        "random",
        0.1,
        [
            PlannedJob(
                "scripted",
                "m",
                SPEC.model_copy(update={"duration": 1}).model_dump(mode="json"),
                5,
                True,
                0.1,
                "wb-resume-1",
            )
        ],
    )
    path = {
        "planned": [],
        "submitting": ["submitting"],
        "submitted": ["submitting", "submitted"],
        "running": ["submitting", "submitted", "running"],
        "downloading": ["submitting", "submitted", "downloading"],
    }[state]
    for step in path:
        lib.move(
            job_id, JobState(step), JobUpdate(remote_id="r-9") if step == "submitted" else None
        )
    lib.close()
    if state == "submitting":
        provider.remote["wb-resume-1"] = None  # type: ignore[assignment]  # it did arrive

    async def go() -> JobRecord:
        engine = Engine(provider_factory=lambda _p: provider, home=isolated_home, sleep=fast_sleep)
        try:
            assert await engine.resume() == [job_id]
            await engine.wait_idle()
            return engine.library.job(job_id)
        finally:
            await engine.aclose()

    job = asyncio.run(go())
    assert job.state is JobState.DONE
    expected_submits = 1 if state == "planned" else 0
    assert len(provider.submits) == expected_submits


def test_cancel_stops_locally_and_on_the_service(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    provider.poll_script.extend([Status(Phase.RUNNING)] * 10_000)

    async def go() -> JobRecord:
        engine = Engine(provider_factory=lambda _p: provider, home=isolated_home, sleep=fast_sleep)
        try:
            plan = plan_run(
                SPEC,
                [Target("scripted")],
                provider_for=lambda _p: provider,
                has_key=lambda _p: True,
            )
            run_id = await engine.start_run(plan)
            while not provider.polls:
                await asyncio.sleep(0.01)
            job_id = engine.library.jobs_for_run(run_id)[0].id
            assert await engine.cancel(job_id)
            return engine.library.job(job_id)
        finally:
            await engine.aclose()

    job = asyncio.run(go())
    assert job.state is JobState.CANCELED and provider.cancels == ["r-1"]
