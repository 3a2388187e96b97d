"""What a long-lived engine (the desktop's) hits: each bug of issue 6 with its failing test."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

from tests.engine.scripted import ScriptedProvider, done, info
from tests.fakes.clips import clip_bytes
from tests.helpers import fast_sleep
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec
from workbench.engine.engine import Engine
from workbench.engine.events import RunChanged
from workbench.engine.planner import RunRequest, Target
from workbench.providers.base import Asset, Phase, Status
from workbench.providers.errors import NotFound, RateLimited, SubmitOutcomeUnknown

SPEC = GenerationSpec(prompt="a fox", duration=1, resolution="240p")


class VirtualTime:
    """A clock that only moves when the engine sleeps: an hour of polling in milliseconds."""

    def __init__(self, frozen: bool = False) -> None:
        self.now = 1_000_000.0
        self.frozen = frozen

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if not self.frozen:
            self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def engine_for(home: Path, provider: ScriptedProvider, **kw: object) -> Engine:
    options: dict[str, object] = {"sleep": fast_sleep, "rng": random.Random(5), **kw}
    return Engine(provider_factory=lambda _p: provider, home=home, **options)  # type: ignore[arg-type]


def request(draws: int = 1, text: str = "a fox") -> RunRequest:
    spec = SPEC.model_copy(update={"prompt": text})
    return RunRequest(spec, (Target("scripted", None, draws),))


def test_resume_inside_a_live_engine_keeps_a_download_in_flight(isolated_home: Path) -> None:
    """Bug 1: a resume swept the .part file of a running download; the paid clip was lost."""
    provider = ScriptedProvider()
    halfway = asyncio.Event()
    release = asyncio.Event()

    async def slow_fetch(_asset: Asset) -> AsyncIterator[bytes]:
        data = clip_bytes()
        yield data[:1000]
        halfway.set()
        await release.wait()
        yield data[1000:]

    provider.fetch_script.append(slow_fetch)

    async def go() -> JobState:
        engine = engine_for(isolated_home, provider)
        try:
            run_id = await engine.run(request())
            await asyncio.wait_for(halfway.wait(), 5)
            parts = list((isolated_home / "clips" / ".incoming").glob("*"))
            assert len(parts) == 1  # the download's temp file exists…
            assert await engine.resume() == []  # …and the draw is already being driven
            assert parts[0].exists()  # …so the resume left its file alone
            release.set()
            (job,) = await engine.wait_run(run_id)
            return job.state
        finally:
            await engine.aclose()

    assert asyncio.run(go()) is JobState.DONE


def test_a_run_is_not_finished_before_its_draws_start(isolated_home: Path) -> None:
    """Bug 2: the first RunChanged said finished=True before any draw was spawned."""
    provider = ScriptedProvider()

    async def go() -> list[RunChanged]:
        engine = engine_for(isolated_home, provider)
        seen: list[object] = []
        sub = engine.bus.subscribe(seen.append, coalesce=False)
        try:
            run_id = await engine.run(request(draws=3))
            await engine.wait_run(run_id)
            await asyncio.to_thread(sub.flush)
        finally:
            await engine.aclose()
        return [e for e in seen if isinstance(e, RunChanged)]

    runs = asyncio.run(go())
    assert not runs[0].finished and runs[-1].finished
    assert [r.finished for r in runs].count(True) == 1  # only once every draw settled


def test_a_service_answering_429_forever_is_given_up_at_the_deadline(isolated_home: Path) -> None:
    """Bug 3: the rate-limited branch ignored the deadline: polled forever."""
    provider = ScriptedProvider()
    provider.poll_script.extend(
        RateLimited("slow down", retry_after=5.0, status=429) for _ in range(10_000)
    )
    time = VirtualTime()

    async def go() -> JobState:
        engine = engine_for(isolated_home, provider, clock=time.clock, sleep=time.sleep)
        try:
            (job,) = await engine.wait_run(await engine.run(request()))
        finally:
            await engine.aclose()
        assert job.failure is not None and job.failure.kind is FailureKind.TIMEOUT
        assert "too many requests" in job.failure.message
        return job.state

    assert asyncio.run(go()) is JobState.FAILED
    # The scripted model's deadline is 60 s; at one poll per 5 s that is about a dozen.
    assert 10 <= len(provider.polls) <= 14


def test_an_endless_stream_of_instant_poll_hints_hits_the_attempt_budget(
    isolated_home: Path,
) -> None:
    """Every branch also answers to one attempt budget, whatever the clock says."""
    from workbench.engine import jobs

    provider = ScriptedProvider()
    provider.poll_script.extend(
        Status(Phase.RUNNING, progress=0.1, poll_after_s=0.0) for _ in range(jobs.MAX_POLLS + 50)
    )
    time = VirtualTime(frozen=True)  # the deadline never comes: only the budget can stop it

    async def go() -> None:
        engine = engine_for(isolated_home, provider, clock=time.clock, sleep=time.sleep)
        try:
            await engine.wait_run(await engine.run(request()))
        finally:
            await engine.aclose()

    asyncio.run(go())
    assert len(provider.polls) == jobs.MAX_POLLS


def test_a_reroll_stays_on_its_prompt_version_and_continues_its_count(
    isolated_home: Path,
) -> None:
    """Bug 4: rerolling a v1 take after a v2 existed recorded a third version at draw 1."""
    provider = ScriptedProvider()

    async def go() -> tuple[int, int, list[int], list[int]]:
        engine = engine_for(isolated_home, provider)
        try:
            first = await engine.run(request(draws=2, text="fox v1"))
            await engine.wait_run(first)
            v1 = engine.library.run_row(first)["prompt_version_id"]
            prompt_id = engine.library.version_by_id(v1).prompt_id
            second = await engine.run(
                RunRequest(
                    SPEC.model_copy(update={"prompt": "fox v2"}), request().targets, None, prompt_id
                )
            )
            await engine.wait_run(second)
            take = engine.library.take_id_for_job(engine.library.job_ids_for_run(first)[0])
            assert take is not None
            third = await engine.reroll(take, draws=2)
            jobs = await engine.wait_run(third)
            versions = engine.library.prompt_history(prompt_id).versions
            return (
                engine.library.run_row(third)["prompt_version_id"],
                v1,
                [v.version for v in versions],
                [j.draw_no for j in jobs],
            )
        finally:
            await engine.aclose()

    rerolled_version, v1, versions, draws = asyncio.run(go())
    assert rerolled_version == v1
    assert versions == [1, 2]  # no third version holding v1's text
    assert draws == [3, 4]  # v1 had draws 1 and 2 on this service and model


def _timed_out_job(isolated_home: Path, provider: ScriptedProvider, time: VirtualTime) -> int:
    provider.poll_script.extend(Status(Phase.RUNNING, progress=0.5) for _ in range(200))

    async def go() -> int:
        engine = engine_for(isolated_home, provider, clock=time.clock, sleep=time.sleep)
        try:
            (job,) = await engine.wait_run(await engine.run(request()))
        finally:
            await engine.aclose()
        assert job.state is JobState.FAILED and job.failure is not None
        assert job.failure.kind is FailureKind.TIMEOUT and job.remote_id
        return job.id

    return asyncio.run(go())


def test_a_draw_past_our_deadline_is_looked_at_again_by_resume(isolated_home: Path) -> None:
    """Bug 5: a timed-out draw (remote id kept, maybe billed) was never polled again."""
    provider = ScriptedProvider()
    time = VirtualTime()
    job_id = _timed_out_job(isolated_home, provider, time)
    provider.poll_script.clear()
    provider.poll_script.append(done())  # the service finished it after all

    async def go() -> tuple[list[int], JobState, int | None]:
        engine = engine_for(isolated_home, provider, clock=time.clock, sleep=time.sleep)
        try:
            taken = await engine.resume()
            await engine.wait_idle()
            job = engine.library.job(job_id)
            return taken, job.state, engine.library.take_id_for_job(job_id)
        finally:
            await engine.aclose()

    taken, state, take = asyncio.run(go())
    assert taken == [job_id] and state is JobState.DONE and take is not None
    assert len(provider.submits) == 1  # looked up by its remote id, never sent again


def test_check_again_ends_a_draw_for_good_only_when_the_service_forgot_it(
    isolated_home: Path,
) -> None:
    provider = ScriptedProvider()
    time = VirtualTime()
    job_id = _timed_out_job(isolated_home, provider, time)

    async def go() -> list[tuple[bool, JobState, FailureKind | None]]:
        engine = engine_for(isolated_home, provider, clock=time.clock, sleep=time.sleep)
        results = []
        try:
            for answer in (RateLimited("busy", status=429), NotFound("gone", status=404)):
                provider.poll_script.clear()
                provider.poll_script.append(answer)
                started = await engine.check_again(job_id)
                await engine.wait_idle()
                job = engine.library.job(job_id)
                results.append((started, job.state, job.failure.kind if job.failure else None))
            results.append((await engine.check_again(job_id), job.state, None))
        finally:
            await engine.aclose()
        return results

    busy, gone, after = asyncio.run(go())
    assert busy == (True, JobState.FAILED, FailureKind.TIMEOUT)  # still to be checked again
    assert gone == (True, JobState.FAILED, FailureKind.EXPIRED)  # the service forgot it
    assert after[0] is False  # expired is for good


def test_cancel_while_submitting_settles_the_send_and_cancels_it(isolated_home: Path) -> None:
    provider = ScriptedProvider(info(lookup=True))
    provider.submit_delay = 5.0

    async def go() -> tuple[JobState, int]:
        engine = engine_for(isolated_home, provider)
        try:
            run_id = await engine.run(request())
            for _ in range(200):
                if provider.submits:
                    break
                await asyncio.sleep(0.01)
            (job_id,) = engine.library.job_ids_for_run(run_id)
            assert engine.library.job(job_id).state is JobState.SUBMITTING
            assert await engine.cancel(job_id)
            return engine.library.job(job_id).state, len(provider.submits)
        finally:
            await engine.aclose()

    state, submits = asyncio.run(go())
    # The service never got it (the send was cut), it is looked up, absent: canceled, unsent.
    assert state is JobState.CANCELED and submits == 1


def test_cancel_while_submitting_without_lookup_is_unknown(isolated_home: Path) -> None:
    provider = ScriptedProvider()

    async def held(request: object) -> object:
        raise SubmitOutcomeUnknown("held")

    provider.submit_delay = 5.0

    async def go() -> JobState:
        engine = engine_for(isolated_home, provider)
        try:
            run_id = await engine.run(request())
            for _ in range(200):
                if provider.submits:
                    break
                await asyncio.sleep(0.01)
            (job_id,) = engine.library.job_ids_for_run(run_id)
            await engine.cancel(job_id)
            return engine.library.job(job_id).state
        finally:
            await engine.aclose()

    # It may have reached the service: never sent again, marked unknown in words.
    assert asyncio.run(go()) is JobState.UNKNOWN


def test_cancel_while_downloading_keeps_the_paid_clip(isolated_home: Path) -> None:
    provider = ScriptedProvider()
    halfway = asyncio.Event()
    release = asyncio.Event()

    async def slow_fetch(_asset: Asset) -> AsyncIterator[bytes]:
        data = clip_bytes()
        yield data[:1000]
        halfway.set()
        await release.wait()
        yield data[1000:]

    provider.fetch_script.append(slow_fetch)

    async def go() -> tuple[bool, JobState]:
        engine = engine_for(isolated_home, provider)
        try:
            run_id = await engine.run(request())
            await asyncio.wait_for(halfway.wait(), 5)
            (job_id,) = engine.library.job_ids_for_run(run_id)
            canceled = await engine.cancel(job_id)
            release.set()
            (job,) = await engine.wait_run(run_id)
            return canceled, job.state
        finally:
            await engine.aclose()

    canceled, state = asyncio.run(go())
    assert canceled is False and state is JobState.DONE
    assert provider.cancels == []


def test_a_failed_draw_is_retried_in_its_place(isolated_home: Path) -> None:
    from workbench.domain.jobs import Failure
    from workbench.providers.errors import ProviderRefused

    provider = ScriptedProvider()

    def refuse(_request: object) -> object:
        raise ProviderRefused(Failure(kind=FailureKind.QUOTA, provider_text="too many"))

    provider.submit_script.append(refuse)  # type: ignore[arg-type]

    async def go() -> tuple[list[int], int | None, JobState, bool | None]:
        engine = engine_for(isolated_home, provider)
        try:
            run_id = await engine.run(request())
            (failed,) = await engine.wait_run(run_id)
            new_id = await engine.retry(failed.id)
            await engine.wait_run(run_id)
            retried = engine.library.job(new_id)
            draws = [j.draw_no for j in engine.library.jobs_for_run(run_id)]
            return draws, retried.retry_of, retried.state, failed.charged
        finally:
            await engine.aclose()

    draws, retry_of, state, charged = asyncio.run(go())
    assert draws == [1, 1] and retry_of is not None and state is JobState.DONE
    assert charged is False  # refused at the door: nothing was billed
    assert provider.submits[0].seed == provider.submits[1].seed  # the same draw, again


def test_a_failed_draw_records_the_charge_the_service_settled(isolated_home: Path) -> None:
    """Issue 7: charged yes/no/unknown per draw, and a cost only for a charged draw."""
    from workbench.domain.jobs import Failure

    provider = ScriptedProvider()
    refusal = Failure(kind=FailureKind.MODERATION, provider_text="flagged after render")
    provider.poll_script.extend(
        [
            Status(Phase.FAILED, failure=refusal, charged=True, cost_usd=0.3),
            Status(Phase.FAILED, failure=refusal, charged=False),
            Status(Phase.FAILED, failure=refusal),  # the service said nothing: unknown
        ]
    )

    async def go() -> list[tuple[bool | None, float | None]]:
        engine = engine_for(isolated_home, provider, concurrency={"scripted": 1})
        try:
            jobs = await engine.wait_run(await engine.run(request(draws=3)))
        finally:
            await engine.aclose()
        return [(j.charged, j.cost_usd) for j in jobs]

    assert asyncio.run(go()) == [(True, 0.3), (False, None), (None, None)]
