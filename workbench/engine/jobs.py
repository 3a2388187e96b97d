"""Driving one draw through its states: submit, poll, download, record.

The remote id is written to the library before anything waits. A submit that may have
reached the service is never sent again: it is looked up by our own id where the service
allows, else the job becomes ``unknown`` and the creator is told in words.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.spec import DrawRequest, GenerationSpec
from workbench.engine.downloads import UnusableClip, save_clip
from workbench.engine.events import JobChanged
from workbench.engine.polling import PollPlanner
from workbench.engine.subscriptions import EventBus
from workbench.library.library import Library
from workbench.library.records import JobRecord, JobUpdate
from workbench.providers.base import Phase, Provider, RemoteRef, Status, Submission
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    NotFound,
    PermissionDenied,
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    RateLimited,
    ServerError,
    SubmitOutcomeUnknown,
)

log = logging.getLogger(__name__)

LOST_MESSAGE = (
    "Workbench lost contact while sending this draw, so it cannot tell whether "
    "{label} received it. It was not sent again, to avoid paying twice; check the "
    "service's console, and reroll if it never arrived."
)
_TRANSIENT = (ProviderConnectionError, ServerError, ProtocolError, RateLimited)
#: Most status requests one wait may make, whatever the service answers (a service that
#: says "too many requests" or "ask again at once" forever must not be polled forever).
MAX_POLLS = 1500


@dataclass
class JobContext:
    """What a driver needs from the engine."""

    library: Library
    bus: EventBus
    clock: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    rng: random.Random
    max_download_bytes: int
    clip_checks: asyncio.Semaphore | None = None  # None: one check at a time per loop


class JobDriver:
    """Moves one job from wherever it stands to a terminal state (or a safe pause)."""

    def __init__(self, ctx: JobContext, provider: Provider, job: JobRecord) -> None:
        self.ctx = ctx
        self.provider = provider
        self.job = job
        self.label = provider.info.label
        self.render_s: float | None = None  # estimated submit → finished, once known
        self.version_id: int = ctx.library.run_row(job.run_id)["prompt_version_id"]
        # The wait's deadline counts from here: the submit, or a "check again".
        self.wait_from: float | None = None

    @property
    def request(self) -> DrawRequest:
        """The draw as the adapter receives it."""
        return DrawRequest(
            spec=GenerationSpec.model_validate(self.job.params),
            model=self.job.model,
            seed=self.job.seed,
            client_ref=self.job.client_ref,
        )

    def move(
        self,
        state: JobState,
        update: JobUpdate | None = None,
        *,
        eta_s: float | None = None,
        message: str | None = None,
        take_id: int | None = None,
    ) -> None:
        """Persist a state move and publish it."""
        self.job = self.ctx.library.move(self.job.id, state, update)
        self.publish(eta_s=eta_s, message=message, take_id=take_id)

    def publish(
        self, *, eta_s: float | None = None, message: str | None = None, take_id: int | None = None
    ) -> None:
        """Tell subscribers where the job stands."""
        if take_id is not None or self.job.state is JobState.DONE:
            view = self.ctx.library.job_view(self.job.id)  # with its take
        else:
            view = self.job.view(self.version_id)
        self.ctx.bus.publish(JobChanged(view, eta_s=eta_s, message=message))

    def fail(
        self, failure: Failure, *, charged: bool | None = None, cost_usd: float | None = None
    ) -> None:
        """End the job as failed with a classified reason, whether it was billed, and what.

        ``charged`` None leaves what is already known (a clip that rendered was charged
        before its download broke); a cost is recorded only for a charged draw.
        """
        if self.job.charged is True:  # its clip rendered: billed, whatever came after
            charged, cost_usd = None, None
        self.move(
            JobState.FAILED,
            JobUpdate(
                failure=failure,
                charged=charged,
                cost_usd=cost_usd if charged else None,
                clear_cost=charged is not True and self.job.charged is not True,
            ),
        )

    def policy_charge(self) -> bool | None:
        """Whether this service bills a draw that ended without a video (None: unknown)."""
        billing = getattr(self.provider.info, "billing", None)
        return billing.charged_if_failed() if billing is not None else None

    async def drive(self) -> None:
        """Run the job from its persisted state."""
        state = self.job.state
        if state is JobState.PLANNED:
            await self.submit()
        elif state is JobState.SUBMITTING:
            await self.settle_lost_submit()
        if self.job.state in (JobState.SUBMITTED, JobState.RUNNING, JobState.DOWNLOADING):
            ref = RemoteRef(self.job.remote_id or "", self.job.remote)
            status = await self.wait_for_result(ref)
            if status is not None:
                await self.download(ref, status)

    # -- submit ---------------------------------------------------------------------------
    async def submit(self) -> None:
        """Send the job once; record the remote id before anything else."""
        self.move(JobState.SUBMITTING, JobUpdate(count_attempt=True))
        await self._send(resent=False)

    async def _send(self, *, resent: bool) -> None:
        try:
            submission = await self.provider.submit(self.request)
        except (SubmitOutcomeUnknown, ProtocolError) as exc:
            log.info("submit of job %s is in doubt: %s", self.job.id, exc)
            await self.settle_lost_submit(str(exc), may_resend=not resent)
            return
        except ProviderError as exc:
            # Refused at the door: the service made nothing, so it billed nothing.
            self.fail(exc.failure(), charged=False)
            return
        self.record_submission(submission)

    def record_submission(self, submission: Submission) -> None:
        """Persist what the service said about the new job."""
        self.move(
            JobState.SUBMITTED,
            JobUpdate(
                remote_id=submission.ref.remote_id,
                remote=submission.ref.data,
                seed=submission.seed,
                cost_usd=submission.cost_usd,
                cost_reported=submission.cost_reported,
                provider_status=submission.provider_status or "submitted",
            ),
        )

    async def settle_lost_submit(
        self, detail: str = "", *, may_resend: bool = True, canceling: bool = False
    ) -> None:
        """A submit whose fate is unknown: look it up by our own id, or mark it ``unknown``.

        Only a service that finds jobs by our id can settle this. When it says twice, a few
        seconds apart, that it never received the job, sending it is not a second submit,
        so it is sent (once). Without lookup the job becomes ``unknown`` and is never re-sent.
        """
        if self.provider.info.lookup_by_client_ref:
            absent = 0
            for attempt in range(6):
                try:
                    found = await self.provider.lookup(self.request)
                except ProviderError as exc:
                    log.info("lookup of job %s failed: %s", self.job.id, exc)
                    await self.ctx.sleep(2.0 * (attempt + 1))
                    continue
                if found is not None:
                    if self.job.state is JobState.SUBMITTING:
                        self.record_submission(found)
                    else:
                        self.move(
                            JobState.SUBMITTED,
                            JobUpdate(remote_id=found.ref.remote_id, remote=found.ref.data),
                        )
                    return
                absent += 1
                if absent >= 2:
                    break
                await self.ctx.sleep(3.0)  # a just-received job may take a moment to list
            if absent >= 2 and canceling and self.job.state is JobState.SUBMITTING:
                self.move(
                    JobState.CANCELED,
                    JobUpdate(
                        provider_status=f"canceled before {self.label} received it",
                        charged=False,
                    ),
                )
                return
            if absent >= 2 and may_resend and self.job.state is JobState.SUBMITTING:
                log.info("job %s never reached %s; sending it now", self.job.id, self.label)
                self.move(JobState.SUBMITTING, JobUpdate(count_attempt=True))
                await self._send(resent=True)
                return
        message = LOST_MESSAGE.format(label=self.label)
        if detail:
            message += f" ({detail})"
        self.move(
            JobState.UNKNOWN,
            JobUpdate(failure=Failure(kind=FailureKind.LOST, message=message, retryable=False)),
        )

    # -- poll -------------------------------------------------------------------------------
    async def wait_for_result(self, ref: RemoteRef) -> Status | None:
        """Poll until the job ends; returns the success status, or None when it stopped.

        Every branch — progress, rate limits, transient errors — answers to one deadline and
        one budget of polls, so no answer from a service can keep a draw waiting forever.
        """
        model = self.provider.model(self.job.model)
        history = self.ctx.library.render_times(
            self.job.provider,
            self.job.model,
            self.job.params.get("duration"),
            self.job.params.get("resolution"),
        )
        submitted_at = self.job.submitted_at or self.ctx.clock()
        wait_from = self.wait_from if self.wait_from is not None else submitted_at
        planner = PollPlanner(
            model.polling, history, rng=self.ctx.rng, wait_offset_s=wait_from - submitted_at
        )
        elapsed = self.ctx.clock() - submitted_at
        # A job resumed in `downloading` was already done: ask for fresh links at once.
        delay = 0.0 if self.job.state is JobState.DOWNLOADING else planner.first_delay(elapsed)
        errors = polls = 0
        last_pending: float | None = None
        while True:
            await self.ctx.sleep(delay)
            elapsed = self.ctx.clock() - submitted_at
            waited = self.ctx.clock() - wait_from
            polls += 1
            overdue = waited >= planner.deadline_s or polls >= MAX_POLLS
            try:
                status = await self.provider.poll(ref)
                errors = 0
            except RateLimited as exc:
                if overdue:
                    self._give_up(planner, f"{self.label} kept answering 'too many requests'")
                    return None
                delay = exc.retry_after if exc.retry_after is not None else 10.0
                continue
            except (AuthError, PermissionDenied) as exc:
                # The job is still on the service; keep it resumable instead of failing it.
                keep = (
                    JobState.DOWNLOADING
                    if self.job.state is JobState.DOWNLOADING
                    else JobState.RUNNING
                )
                self.move(
                    keep,
                    JobUpdate(provider_status=f"paused: {exc.message}"),
                    message="fix the key, then run `workbench resume`",
                )
                return None
            except NotFound as exc:
                self.fail(
                    Failure(
                        kind=FailureKind.EXPIRED,
                        code=exc.code,
                        message=f"{self.label} no longer knows this job (expired or deleted).",
                        provider_text=exc.provider_text,
                    ),
                    charged=self.policy_charge(),
                )
                return None
            except _TRANSIENT as exc:
                errors += 1
                if errors >= 8 or overdue:
                    self.fail(exc.failure())
                    return None
                delay = min(60.0, 2.0 * 2**errors)
                continue
            except ProviderError as exc:
                self.fail(exc.failure(), charged=self.policy_charge())
                return None
            if status.phase is Phase.SUCCEEDED:
                if self.job.state is not JobState.DOWNLOADING:
                    # The render ended between the last "not yet" (or the submit) and this
                    # answer; the midpoint keeps learned render times free of our own
                    # polling lag, and a too-early guess only costs one extra poll.
                    start = last_pending if last_pending is not None else 0.0
                    self.render_s = round((start + elapsed) / 2, 3)
                return status
            last_pending = elapsed
            if status.phase is Phase.FAILED:
                # The adapter settled the charge: the service's word, else its policy.
                self.fail(
                    status.failure
                    or Failure(kind=FailureKind.PROVIDER, provider_text=status.provider_status),
                    charged=status.charged,
                    cost_usd=status.cost_usd,
                )
                return None
            if status.phase is Phase.CANCELED:
                self.move(JobState.CANCELED, JobUpdate(provider_status=status.provider_status))
                return None
            self.note_progress(status)
            if overdue:
                self._give_up(planner, f"{self.label} did not finish")
                return None
            delay = planner.next_delay(elapsed, status)

    def _give_up(self, planner: PollPlanner, what: str) -> None:
        """Stop waiting: a timeout that keeps the remote id, so it can be checked again."""
        self.fail(
            Failure(
                kind=FailureKind.TIMEOUT,
                retryable=True,
                message=f"{what} within {planner.deadline_s / 60:.0f} minutes. The service "
                "may still finish it: Check again (or `workbench resume`) looks once more.",
            )
        )

    async def check_again(self) -> None:
        """Poll a draw we stopped waiting for; carry on from whatever the service says.

        Only the service saying "not found / expired" ends it for good; a failed request
        leaves it as it was (still to be checked again).
        """
        ref = RemoteRef(self.job.remote_id or "", self.job.remote)
        try:
            status = await self.provider.poll(ref)
        except NotFound as exc:
            self.job = self.ctx.library.reopen(self.job.id)
            self.fail(
                Failure(
                    kind=FailureKind.EXPIRED,
                    code=exc.code,
                    message=f"{self.label} no longer knows this job (expired or deleted).",
                    provider_text=exc.provider_text,
                )
            )
            return
        except ProviderError as exc:
            log.info("check again of job %s failed: %s", self.job.id, exc)
            return
        self.job = self.ctx.library.reopen(self.job.id)
        self.wait_from = self.ctx.clock()
        if status.phase is Phase.SUCCEEDED:
            await self.download(ref, status)
            return
        self.publish()
        found = await self.wait_for_result(ref)
        if found is not None:
            await self.download(ref, found)

    def note_progress(self, status: Status) -> None:
        """Persist and publish a running job's progress when it changed."""
        job = self.job
        progress = round(status.progress, 3) if status.progress is not None else None
        if (
            job.state is JobState.RUNNING
            and progress == job.progress
            and status.provider_status == job.provider_status
        ):
            return
        if job.state is JobState.DOWNLOADING:
            return
        self.move(
            JobState.RUNNING,
            JobUpdate(progress=progress, provider_status=status.provider_status, seed=status.seed),
            eta_s=status.eta_s,
        )

    # -- download ---------------------------------------------------------------------------
    async def download(self, ref: RemoteRef, status: Status) -> None:
        """Fetch, verify and record the clip; a broken transfer stays resumable."""
        job = self.job
        cost = JobUpdate(
            cost_usd=status.cost_usd,
            cost_reported=status.cost_reported,
            # A rendered clip is billed, whatever happens to its download from here on.
            charged=True if status.assets else None,
            seed=status.seed,
            render_s=self.render_s,
            provider_status=status.provider_status or "succeeded",
            progress=1.0,
        )
        self.move(JobState.DOWNLOADING, cost)
        if not status.assets:
            self.fail(
                Failure(
                    kind=FailureKind.PROVIDER,
                    message=f"{self.label} reported success but delivered no video.",
                ),
                # Only the service's own figure says it billed a draw with no video.
                charged=True if status.cost_usd else self.policy_charge(),
                cost_usd=status.cost_usd,
            )
            return
        asset = status.assets[0]
        refreshed = False
        for attempt in range(4):
            try:
                take = await save_clip(
                    self.provider.fetch(ref, asset),
                    self.ctx.library.clips,
                    max_bytes=self.ctx.max_download_bytes,
                    checks=self.ctx.clip_checks,
                )
            except AssetExpired as exc:
                fresh = await self._refresh(ref) if not refreshed else None
                refreshed = True
                if fresh is None or fresh == asset:
                    self.fail(exc.failure())
                    return
                asset = fresh
                continue
            except UnusableClip as exc:
                self.fail(exc.failure())
                return
            except ProviderError as exc:
                log.info("download of job %s failed (attempt %d): %s", job.id, attempt + 1, exc)
                await self.ctx.sleep(1.0 * 2**attempt)
                continue
            take_id = self.ctx.library.finish_with_take(job.id, take)
            self.job = self.ctx.library.job(job.id)
            self.publish(take_id=take_id)
            return
        self.move(
            JobState.DOWNLOADING,
            JobUpdate(provider_status="download interrupted; `workbench resume` will try again"),
            message="download interrupted; the clip is still on the service",
        )

    async def _refresh(self, ref: RemoteRef) -> object | None:
        """Ask the service again for fresh result links (signed URLs expire)."""
        try:
            status = await self.provider.poll(ref)
        except ProviderError:
            return None
        return status.assets[0] if status.phase is Phase.SUCCEEDED and status.assets else None


async def cancel_remote(provider: Provider, ref: RemoteRef) -> bool:
    """Best-effort remote cancel (never raises)."""
    try:
        return await asyncio.wait_for(provider.cancel(ref), timeout=15)
    except (ProviderError, TimeoutError, NotImplementedError):
        return False
