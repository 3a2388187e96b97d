"""The engine: records runs, drives their draws concurrently, resumes unfinished ones.

A plain asyncio object. It lives on the loop of ``EngineRuntime`` in the app, or under
``asyncio.run`` in tests; it never touches Qt.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.problems import InvalidRequest
from workbench.engine.downloads import DEFAULT_MAX_BYTES
from workbench.engine.events import EventBus, RunChanged
from workbench.engine.jobs import JobContext, JobDriver, cancel_remote
from workbench.engine.locks import EngineLock
from workbench.engine.planner import RunPlan
from workbench.library.library import Library
from workbench.library.records import JobRecord, JobUpdate, PlannedJob
from workbench.providers.base import Provider, RemoteRef

log = logging.getLogger(__name__)


class Engine:
    """Runs draws. All methods are coroutines for the engine's own loop.

    Args:
        home: data directory (default: ``WORKBENCH_HOME`` or the platform's).
        provider_factory: builds a configured adapter for a provider id.
        clock: wall-clock seconds (virtual in tests and the polling benchmark).
        sleep: awaitable sleep matching ``clock``.
        concurrency: jobs in flight per provider (default: the provider's declaration).
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
    ) -> None:
        self.bus = EventBus()
        self._home = home
        self._provider_factory = provider_factory
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._concurrency = dict(concurrency or {})
        self._max_download_bytes = max_download_bytes
        self._library: Library | None = None
        self._use_lock = use_lock
        self._lock: EngineLock | None = None
        self._providers: dict[str, Provider] = {}
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}

    # -- resources ------------------------------------------------------------------------
    @property
    def library(self) -> Library:
        """The engine's own library connection (opened on first use, on the loop thread)."""
        if self._library is None:
            self._library = Library(self._home, clock=self._clock)
            if self._use_lock:
                self._lock = EngineLock(self._library.home)
                self._lock.acquire_shared()
        return self._library

    def provider(self, provider_id: str) -> Provider:
        """The configured adapter for a provider (one instance per engine)."""
        if provider_id not in self._providers:
            self._providers[provider_id] = self._provider_factory(provider_id)
        return self._providers[provider_id]

    def _slot(self, provider_id: str) -> asyncio.Semaphore:
        if provider_id not in self._slots:
            limit = (
                self._concurrency.get(provider_id)
                or self.provider(provider_id).info.default_concurrency
            )
            self._slots[provider_id] = asyncio.Semaphore(max(1, limit))
        return self._slots[provider_id]

    def _context(self) -> JobContext:
        return JobContext(
            library=self.library,
            bus=self.bus,
            clock=self._clock,
            sleep=self._sleep,
            rng=self._rng,
            max_download_bytes=self._max_download_bytes,
        )

    @property
    def active_jobs(self) -> int:
        """How many draws are being driven right now."""
        return len(self._tasks)

    # -- runs -----------------------------------------------------------------------------
    async def start_run(
        self, plan: RunPlan, *, prompt_id: int | None = None, parent_take_id: int | None = None
    ) -> int:
        """Record a checked plan and start its draws; returns the run id.

        Raises:
            InvalidRequest: the plan has problems (nothing is recorded or sent).
        """
        if not plan.ok:
            raise InvalidRequest(plan.problems)
        lib = self.library
        spec = plan.spec
        version = lib.prompt_version(spec.prompt, spec.negative_prompt, prompt_id=prompt_id)
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
            version.id,
            spec.model_dump_json(),
            spec.seed_policy.describe(),
            plan.estimate_usd,
            jobs,
            budget_usd=plan.budget_usd,
            parent_take_id=parent_take_id,
        )
        self._publish_run(run_id)
        for job_id in job_ids:
            self._spawn(job_id)
        return run_id

    async def wait_run(self, run_id: int) -> list[JobRecord]:
        """Wait until every draw of the run has settled; returns the jobs."""
        jobs = self.library.jobs_for_run(run_id)
        tasks = [self._tasks[j.id] for j in jobs if j.id in self._tasks]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.library.jobs_for_run(run_id)

    async def wait_idle(self) -> None:
        """Wait until no draw is being driven."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def resume(self) -> list[int]:
        """Take up every unfinished job of this library (never re-sending a submitted one).

        Raises:
            EngineBusy: another live Workbench process is driving draws here.
        """
        lib = self.library
        if self._lock is not None:
            self._lock.acquire_exclusive()
        try:
            lib.clips.sweep_incoming()
            taken = [j.id for j in lib.unfinished_jobs() if j.id not in self._tasks]
            for job_id in taken:
                self._spawn(job_id)
        finally:
            if self._lock is not None:
                self._lock.downgrade()
        return taken

    async def cancel(self, job_id: int) -> bool:
        """Stop a draw: locally at once, and on the service where it supports cancelling."""
        task = self._tasks.get(job_id)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        job = self.library.job(job_id)
        if job.state.is_terminal or job.state is JobState.UNKNOWN:
            return False
        driver = JobDriver(self._context(), self.provider(job.provider), job)
        if job.state is JobState.SUBMITTING:
            await driver.settle_lost_submit("canceled while sending", may_resend=False)
        if driver.job.state.is_remote and driver.job.state is not JobState.DOWNLOADING:
            await cancel_remote(
                driver.provider, RemoteRef(driver.job.remote_id or "", driver.job.remote)
            )
        if driver.job.state in (JobState.PLANNED, JobState.SUBMITTED, JobState.RUNNING):
            driver.move(JobState.CANCELED, JobUpdate(provider_status="canceled by you"))
        self._publish_run(job.run_id)
        return True

    async def aclose(self) -> None:
        """Stop driving (jobs stay resumable), close adapters and the library."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for provider in self._providers.values():
            await provider.aclose()
        if self._library is not None:
            self._library.close()
            self._library = None
        if self._lock is not None:
            self._lock.release()

    # -- driving --------------------------------------------------------------------------
    def _spawn(self, job_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self._drive(job_id), name=f"job-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(job_id, None))

    async def _drive(self, job_id: int) -> None:
        job = self.library.job(job_id)
        try:
            provider = self.provider(job.provider)
            if job.state is JobState.PLANNED:
                async with self._slot(job.provider):
                    await JobDriver(self._context(), provider, job).drive()
            else:
                await JobDriver(self._context(), provider, job).drive()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not take other draws down with it
            log.exception("job %s stopped on an internal error", job_id)
            # Only a never-sent job can be failed safely; anything the service may hold
            # stays as it is for `resume`.
            if self.library.job(job_id).state is JobState.PLANNED:
                self.library.move(
                    job_id,
                    JobState.FAILED,
                    JobUpdate(
                        failure=Failure(
                            kind=FailureKind.PROVIDER, message=f"Workbench failed internally: {exc}"
                        )
                    ),
                )
        finally:
            self._publish_run(job.run_id, finishing=job_id)

    def _publish_run(self, run_id: int, finishing: int | None = None) -> None:
        counts = self.library.run_tally(run_id)
        total = sum(counts.values())
        done, failed = counts.get(JobState.DONE, 0), counts.get(JobState.FAILED, 0)
        live = any(
            job_id in self._tasks and job_id != finishing
            for job_id in self.library.job_ids_for_run(run_id)
        )
        self.bus.publish(
            RunChanged(
                run_id=run_id,
                total=total,
                done=done,
                failed=failed,
                other=total - done - failed,
                finished=not live,
            )
        )
