"""The engine: records runs, drives their draws concurrently, resumes unfinished ones.

A plain asyncio object. It lives on the loop of ``EngineRuntime`` (the desktop and the
command line reach it through ``EngineHost``), or under ``asyncio.run`` in tests; it never
touches Qt. The front ends' use cases are mixed in from ``requests`` (plan, run, reroll,
retry), ``judging`` (rate, favourite, …), ``reading`` (typed reads) and ``keys``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.problems import InvalidRequest
from workbench.domain.views import RunSummary
from workbench.engine.comparing import ComparingMixin
from workbench.engine.events import EngineChanged, EngineState, RunChanged, Snapshot
from workbench.engine.judging import JudgingMixin
from workbench.engine.keys import KeysMixin
from workbench.engine.limits import DEFAULT_MAX_BYTES
from workbench.engine.locks import EngineLock
from workbench.engine.planner import RunPlan
from workbench.engine.reader import Reader
from workbench.engine.reading import ReadingMixin
from workbench.engine.requests import RequestsMixin
from workbench.engine.subscriptions import Callback, EventBus, Subscription
from workbench.library.errors import LibraryError, classify
from workbench.library.library import Library
from workbench.library.records import JobRecord, JobUpdate, PlannedJob

if TYPE_CHECKING:
    from workbench.engine.jobs import JobContext
    from workbench.providers.base import Provider

# The drivers (and httpx under the adapters) are imported when a draw is driven, not when
# the engine is built: a command that only reads the library starts without them.

log = logging.getLogger(__name__)

#: Recent runs a subscription's snapshot carries.
SNAPSHOT_RUNS = 30


class Engine(RequestsMixin, JudgingMixin, ReadingMixin, KeysMixin, ComparingMixin):
    """Runs draws. All methods are coroutines for the engine's own loop.

    Args:
        provider_factory: builds a configured adapter for a provider id (an
            ``engine.setup.ProviderSetup`` in the app: it also knows keys and settings).
        home: data directory (default: ``WORKBENCH_HOME`` or the platform's).
        clock: wall-clock seconds (virtual in tests and the polling benchmark).
        sleep: awaitable sleep matching ``clock``.
        concurrency: jobs in flight per provider (default: the provider's declaration).
        clip_checks: clips decoded (checked, postered) at once. A window in the same process
            wants 1: decodes on worker threads contend for the interpreter lock with its
            thread. Without a window, one per core finishes a burst of clips sooner.
    """

    def __init__(
        self,
        *,
        provider_factory: Callable[[str], Provider],
        home: Path | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        concurrency: Mapping[str, int] | None = None,
        max_download_bytes: int = DEFAULT_MAX_BYTES,
        use_lock: bool = True,
        clip_checks: int = 1,
    ) -> None:
        self.bus = EventBus()
        self._home = home
        self._provider_factory = provider_factory
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._concurrency = dict(concurrency or {})
        self._max_download_bytes = max_download_bytes
        self._clip_checks = max(1, clip_checks)
        self._checks: asyncio.Semaphore | None = None  # made on the loop, on first use
        self._library: Library | None = None
        self._reader = Reader(home, clock)
        self._use_lock = use_lock
        self._lock: EngineLock | None = None
        self._providers: dict[str, Provider] = {}
        self._retired: list[Provider] = []
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._run_of: dict[int, int] = {}  # live job id → its run
        self._state = EngineState.IDLE
        # Why driving stopped (a full disk, a read-only folder): see `storage_problem`.
        self._storage_problem: LibraryError | None = None

    # -- resources ------------------------------------------------------------------------
    @property
    def library(self) -> Library:
        """The engine's own library connection (opened on first use, on the loop thread)."""
        if self._library is None:
            self._library = Library(self._home, clock=self._clock)
        return self._library

    async def open_library(self, *, writable: bool = False) -> None:
        """Open the library now, so a problem with it is reported before anything else.

        Args:
            writable: also make sure it can be written (before a run says "Sending").

        Raises:
            LibraryError: the library cannot be used (or, with ``writable``, only read: a
                read-only folder, a full disk); the message says why and what to do.
        """
        if writable:
            self._writable_library()
        else:
            _ = self.library

    def _writable_library(self) -> Library:
        """The library, ready to write; one opened read-only is opened again first.

        A long-lived engine (the window) may have opened it while the disk was full or the
        folder read-only; once that is fixed, the next run must not need a restart.

        Raises:
            LibraryError: it still cannot be written; the message says why.
        """
        lib = self.library
        if lib.write_problem is not None and not self._tasks:
            lib.close()
            self._library = None
            lib = self.library
        lib.require_writable()
        return lib

    def _claim(self) -> EngineLock | None:
        """Hold the shared engine lock from the first draw this engine drives.

        Reading and judging need no lock (and work where the lock file cannot be made);
        sending, polling and resuming do, so two processes never drive one draw.
        """
        if self._use_lock and self._lock is None:
            lock = EngineLock(self.library.home)
            lock.acquire_shared()
            self._lock = lock
        return self._lock

    def provider(self, provider_id: str) -> Provider:
        """The configured adapter for a provider (one instance per engine and setting)."""
        if provider_id not in self._providers:
            self._providers[provider_id] = self._provider_factory(provider_id)
        return self._providers[provider_id]

    def reconfigure(self, provider_factory: Callable[[str], Provider]) -> None:
        """Use new settings (base URLs, regions, keys) for every draw started from now on.

        Draws in flight keep the adapter they started with; it is closed with the engine.
        """
        self._provider_factory = provider_factory
        self._retired.extend(self._providers.values())
        self._providers.clear()
        concurrency = getattr(provider_factory, "concurrency", None)
        if callable(concurrency):
            self._concurrency = dict(concurrency())
            self._slots.clear()

    def _slot(self, provider_id: str) -> asyncio.Semaphore:
        if provider_id not in self._slots:
            limit = (
                self._concurrency.get(provider_id)
                or self.provider(provider_id).info.default_concurrency
            )
            self._slots[provider_id] = asyncio.Semaphore(max(1, limit))
        return self._slots[provider_id]

    def _context(self) -> JobContext:
        from workbench.engine.jobs import JobContext

        if self._checks is None:
            self._checks = asyncio.Semaphore(self._clip_checks)
        return JobContext(
            library=self.library,
            bus=self.bus,
            clock=self._clock,
            sleep=self._sleep,
            rng=self._rng,
            max_download_bytes=self._max_download_bytes,
            clip_checks=self._checks,
        )

    @property
    def active_jobs(self) -> int:
        """How many draws are being driven right now."""
        return len(self._tasks)

    @property
    def state(self) -> EngineState:
        """Idle, busy or stopping."""
        return self._state

    # -- events ---------------------------------------------------------------------------
    async def subscribe(self, callback: Callback, **options: object) -> Subscription:
        """Subscribe with a snapshot first, then every later change — no gap, no duplicate.

        The snapshot is read and the subscription attached in one step of the loop, and
        events are only published on this loop, so nothing can slip in between.
        """
        runs = self._live_runs(self.library.run_summaries(SNAPSHOT_RUNS))
        run_ids = {r.id for r in runs if not r.finished} | ({runs[0].id} if runs else set())
        jobs = tuple(
            j for run_id in sorted(run_ids) for j in self.library.job_views_for_run(run_id)
        )
        snapshot = Snapshot(self._state, self.active_jobs, tuple(runs), jobs)
        return self.bus.attach(Subscription(callback, **options), snapshot)  # type: ignore[arg-type]

    def _set_state(self, state: EngineState) -> None:
        if state is not self._state:
            self._state = state
            self.bus.publish(EngineChanged(state, self.active_jobs))

    def _live_runs(self, runs: list[RunSummary]) -> list[RunSummary]:
        """Runs with ``finished`` as this engine knows it (a paused draw cannot move)."""
        live = {self._run_of.get(j) for j, task in self._tasks.items() if not task.done()}
        return [dataclasses.replace(r, finished=r.id not in live) for r in runs]

    # -- runs -----------------------------------------------------------------------------
    async def start_run(
        self,
        plan: RunPlan,
        *,
        prompt_version_id: int | None = None,
        prompt_id: int | None = None,
        parent_take_id: int | None = None,
    ) -> int:
        """Record a checked plan and start its draws; returns the run id.

        ``prompt_version_id`` files the run under that exact version (a reroll); otherwise
        the text finds or makes its version (``prompt_id``: as a new version of that prompt).

        Raises:
            InvalidRequest: the plan has problems (nothing is recorded or sent).
        """
        if not plan.ok:
            raise InvalidRequest(plan.problems)
        if self._state is EngineState.STOPPING:
            raise RuntimeError("the engine is stopping; nothing new is sent")
        lib = self._writable_library()
        self._claim()
        self._storage_problem = None  # a new attempt: the disk may have room again
        spec = plan.spec
        if prompt_version_id is None:
            prompt_version_id = lib.prompt_version(
                spec.prompt, spec.negative_prompt, prompt_id=prompt_id
            ).id
        jobs = [
            PlannedJob(
                provider=d.provider,
                model=d.request.model,
                params=d.request.spec.model_dump(mode="json"),
                seed=d.request.seed,
                seed_supported=d.seed_supported,
                est_cost_usd=d.est_usd,
                client_ref=d.request.client_ref,
            )
            for d in plan.draws
        ]
        run_id, job_ids = lib.create_run(
            prompt_version_id,
            spec.model_dump_json(),
            spec.seed_policy.describe(),
            plan.estimate_usd,
            jobs,
            budget_usd=plan.budget_usd,
            parent_take_id=parent_take_id,
        )
        for job_id in job_ids:
            self._spawn(job_id, run_id)
        # Published after the draws are live, so `finished` is false until they settle.
        self._publish_run(run_id)
        return run_id

    async def wait_run(self, run_id: int) -> list[JobRecord]:
        """Wait until every draw of the run has settled; returns the jobs."""
        while True:
            tasks = [t for j, t in self._tasks.items() if self._run_of.get(j) == run_id]
            if not tasks:
                return self.library.jobs_for_run(run_id)
            await asyncio.gather(*tasks, return_exceptions=True)

    async def wait_idle(self) -> None:
        """Wait until no draw is being driven."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def resume(self) -> list[int]:
        """Take up every unfinished draw, and look once more at those we stopped waiting for.

        Nothing that may have reached a service is sent again. Draws this engine is already
        driving are left alone, as are their downloads' temp files.

        Raises:
            EngineBusy: another live Workbench process is driving draws here.
        """
        lib = self._writable_library()
        lock = self._claim()
        self._storage_problem = None
        if lock is not None:
            lock.acquire_exclusive()
        try:
            lib.clips.sweep_incoming()
            taken = [j for j in lib.unfinished_jobs() if j.id not in self._tasks]
            recheck = [j for j in lib.recheckable_jobs() if j.id not in self._tasks]
            for job in taken:
                self._spawn(job.id, job.run_id)
            for job in recheck:
                self._spawn(job.id, job.run_id, check_again=True)
        finally:
            if lock is not None:
                lock.downgrade()
        for run_id in sorted({j.run_id for j in taken + recheck}):
            self._publish_run(run_id)
        return [j.id for j in taken + recheck]

    async def check_again(self, job_id: int) -> bool:
        """Poll a draw Workbench stopped waiting for; False when it is not such a draw."""
        job = self.library.job(job_id)
        if job_id in self._tasks or not self.library.job_view(job_id).can_check_again:
            return False
        self._spawn(job_id, job.run_id, check_again=True)
        self._publish_run(job.run_id)
        return True

    async def cancel(self, job_id: int) -> bool:
        """Stop a draw: locally at once, and on the service where it supports cancelling.

        A draw whose clip is downloading is not stopped: it rendered and is paid, so it is
        saved. Returns False when there was nothing to cancel.
        """
        from workbench.engine.jobs import JobDriver, cancel_remote
        from workbench.providers.base import RemoteRef

        job = self.library.job(job_id)
        if job.state is JobState.DOWNLOADING or job.state.is_terminal:
            return False
        if job.state is JobState.UNKNOWN:
            return False
        task = self._tasks.get(job_id)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        job = self.library.job(job_id)
        if job.state.is_terminal or job.state is JobState.UNKNOWN:
            self._publish_run(job.run_id)
            return False
        driver = JobDriver(self._context(), self.provider(job.provider), job)
        if job.state is JobState.SUBMITTING:
            await driver.settle_lost_submit(
                "canceled while sending", may_resend=False, canceling=True
            )
        if driver.job.state in (JobState.SUBMITTED, JobState.RUNNING):
            await cancel_remote(
                driver.provider, RemoteRef(driver.job.remote_id or "", driver.job.remote)
            )
        if driver.job.state in (JobState.PLANNED, JobState.SUBMITTED, JobState.RUNNING):
            driver.move(
                JobState.CANCELED,
                JobUpdate(
                    provider_status="canceled by you",
                    charged=False if job.state is JobState.PLANNED else None,
                ),
            )
        self._publish_run(job.run_id)
        return True

    async def storage_problem(self) -> LibraryError | None:
        """Why this engine stopped driving draws (a full disk, a read-only folder), if it did.

        Then every draw stopped where it stood: never-sent ones stay planned, those on a
        service stay with their remote ids, so `resume` takes them all up once the library
        can be written again. Cleared when a new run or resume starts.
        """
        return self._storage_problem

    async def stop_driving(self) -> None:
        """Stop every draw now, locally (Ctrl+C, a logout): each stays resumable as it is."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def cancel_run(self, run_id: int) -> int:
        """Cancel every draw of a run that can be cancelled; returns how many were."""
        canceled = 0
        for job_id in self.library.job_ids_for_run(run_id):
            canceled += await self.cancel(job_id)
        return canceled

    async def aclose(self) -> None:
        """Stop driving (jobs stay resumable), close adapters, subscriptions and the library."""
        self._set_state(EngineState.STOPPING)
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for provider in [*self._providers.values(), *self._retired]:
            await provider.aclose()
        self._providers.clear()
        self._retired.clear()
        self.bus.close()
        await asyncio.to_thread(self._reader.close)
        if self._library is not None:
            self._library.close()
            self._library = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- driving --------------------------------------------------------------------------
    def _spawn(self, job_id: int, run_id: int, *, check_again: bool = False) -> None:
        self._claim()
        loop = asyncio.get_running_loop()
        task = loop.create_task(self._drive(job_id, check_again), name=f"job-{job_id}")
        self._tasks[job_id] = task
        self._run_of[job_id] = run_id
        task.add_done_callback(lambda _t: self._forget(job_id))
        self._set_state(EngineState.BUSY)

    def _forget(self, job_id: int) -> None:
        self._tasks.pop(job_id, None)
        self._run_of.pop(job_id, None)
        if not self._tasks and self._state is EngineState.BUSY:
            self._set_state(EngineState.IDLE)

    async def _drive(self, job_id: int, check_again: bool) -> None:
        from workbench.engine.jobs import JobDriver

        job = self.library.job(job_id)
        try:
            provider = self.provider(job.provider)
            driver = JobDriver(self._context(), provider, job)
            if check_again:
                await driver.check_again()
            elif job.state is JobState.PLANNED:
                async with self._slot(job.provider):
                    if self._storage_problem is not None:
                        return  # nothing could record it: not sent, it stays planned
                    await driver.drive()
            else:
                await driver.drive()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not take other draws down with it
            if not self._halt_on_storage(job_id, exc):
                log.exception("job %s stopped on an internal error", job_id)
                try:
                    self._fail_if_never_sent(job_id, exc)
                except Exception as again:
                    if not self._halt_on_storage(job_id, again):
                        raise
        finally:
            if self._library is not None:
                self._publish_run(job.run_id, finishing=job_id)

    def _halt_on_storage(self, job_id: int, exc: Exception) -> bool:
        """Stop every draw when the library or its disk refused a write; False for a bug.

        A full disk or a read-only folder is not one draw's fault, and every other draw
        would hit it too: they all stop where they stand (resumable, nothing sent twice),
        and draws not yet sent are not sent.
        """
        problem = classify(exc, self.library.home / "library.sqlite3")
        if problem is None:
            return False
        if self._storage_problem is None:
            self._storage_problem = problem
            log.info("job %s: %s; stopping every draw", job_id, problem)
            current = asyncio.current_task()
            for task in self._tasks.values():
                if task is not current:
                    task.cancel()
        return True

    def _fail_if_never_sent(self, job_id: int, exc: Exception) -> None:
        # Only a never-sent job can be failed safely; anything the service may hold stays
        # as it is for `resume`.
        if self.library.job(job_id).state is JobState.PLANNED:
            self.library.move(
                job_id,
                JobState.FAILED,
                JobUpdate(
                    failure=Failure(
                        kind=FailureKind.PROVIDER, message=f"Workbench failed internally: {exc}"
                    ),
                    charged=False,
                ),
            )

    def _publish_run(self, run_id: int, finishing: int | None = None) -> None:
        summary = self.library.run_summary(run_id)
        # A task whose coroutine returned is done even before its done-callback forgets it.
        live = any(
            self._run_of.get(job_id) == run_id and job_id != finishing and not task.done()
            for job_id, task in self._tasks.items()
        )
        self.bus.publish(RunChanged(dataclasses.replace(summary, finished=not live)))
