"""Use cases that send draws: plan, run, reroll, retry — shared by the desktop and the CLI."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from workbench.domain.jobs import JobState
from workbench.domain.problems import InvalidRequest, Problem
from workbench.domain.spec import DrawRequest, GenerationSpec, SeedPolicy
from workbench.engine.events import JobChanged
from workbench.engine.planner import RunPlan, RunRequest, Target, new_client_ref, plan_run
from workbench.providers.registry import UnknownProvider

if TYPE_CHECKING:
    import random

    from workbench.engine.subscriptions import EventBus
    from workbench.library.library import Library
    from workbench.providers.base import Provider


class RequestsMixin:
    """Mixin of :class:`~workbench.engine.engine.Engine`: planning and sending."""

    bus: EventBus
    _rng: random.Random
    _provider_factory: Callable[[str], Provider]

    # Provided by the Engine this is mixed into (annotations only).
    library: Library
    provider: Callable[[str], Provider]
    _spawn: Callable[..., None]
    _publish_run: Callable[..., None]
    start_run: Callable[..., Awaitable[int]]

    async def _key_presence(self, provider_ids: set[str]) -> dict[str, bool]:
        """Which providers have a key — read off the loop (a keychain may be slow)."""
        has_key: Any = getattr(self._provider_factory, "has_key", None)
        if has_key is None:
            return dict.fromkeys(provider_ids, True)

        def read() -> dict[str, bool]:
            found = {}
            for pid in provider_ids:
                try:
                    found[pid] = bool(has_key(pid))
                except UnknownProvider:
                    found[pid] = True  # the planner reports the unknown id itself
            return found

        return await asyncio.to_thread(read)

    async def plan(self, request: RunRequest) -> RunPlan:
        """Check every draw of a request and price it; nothing is sent or recorded."""
        keys = await self._key_presence({t.provider for t in request.targets})
        return plan_run(
            request.spec,
            list(request.targets),
            provider_for=self.provider,
            has_key=lambda pid: keys.get(pid, True),
            budget_usd=request.budget_usd,
            rng=self._rng,
        )

    async def run(self, request: RunRequest) -> int:
        """Plan and start a run; returns its id.

        Raises:
            InvalidRequest: something is wrong (nothing was sent or recorded).
        """
        plan = await self.plan(request)
        if not plan.ok:
            raise InvalidRequest(plan.problems)
        return await self.start_run(plan, prompt_id=request.prompt_id)

    async def plan_reroll(
        self, take_id: int, draws: int = 1, budget_usd: float | None = None
    ) -> tuple[RunPlan, int]:
        """A take's exact spec with new seeds on its service and model; with its version id."""
        take = self.library.take_view(take_id)
        job = self.library.job(take.job_id)
        spec = GenerationSpec.model_validate(job.params).model_copy(
            update={"seed_policy": SeedPolicy()}
        )
        request = RunRequest(spec, (Target(job.provider, job.model, draws),), budget_usd)
        return await self.plan(request), take.prompt_version_id

    async def reroll(self, take_id: int, draws: int = 1, budget_usd: float | None = None) -> int:
        """Draw again from a take (抽卡): same spec, new seeds, filed under the take's version.

        The new draws continue that version's count on that service and model, and record
        the take they reroll.

        Raises:
            InvalidRequest: the draw can no longer be sent as it was (nothing was sent).
        """
        plan, version_id = await self.plan_reroll(take_id, draws, budget_usd)
        if not plan.ok:
            raise InvalidRequest(plan.problems)
        return await self.start_run(plan, prompt_version_id=version_id, parent_take_id=take_id)

    async def retry(self, job_id: int) -> int:
        """Send a failed, canceled or lost draw again as a new draw in its place.

        Same run, spec, seed and draw number; the original stays in the ledger (it may have
        been charged). Returns the new draw's id.

        Raises:
            InvalidRequest: the draw cannot be retried, or would be refused (nothing sent).
        """
        lib = self.library
        job = lib.job(job_id)
        label = f"{job.provider}:{job.model}"
        if job.state not in (JobState.FAILED, JobState.CANCELED, JobState.UNKNOWN):
            raise InvalidRequest(
                [
                    Problem(
                        code="retry",
                        message=f"draw {job_id} is {job.state.value}; only a "
                        "failed, canceled or lost draw can be retried",
                        target=label,
                    )
                ]
            )
        if lib.retried_by(job_id) is not None:
            raise InvalidRequest(
                [Problem(code="retry", message=f"draw {job_id} was already retried", target=label)]
            )
        keys = await self._key_presence({job.provider})
        provider = self.provider(job.provider)
        request = DrawRequest(
            spec=GenerationSpec.model_validate(job.params),
            model=job.model,
            seed=job.seed,
            client_ref=new_client_ref(),
        )
        problems = [p.for_target(label) for p in provider.validate(request)]
        if not keys.get(job.provider, True):
            problems.append(
                Problem(
                    code="no_key",
                    field="provider",
                    target=label,
                    message=f"no API key for {provider.info.label}",
                )
            )
        if problems:
            raise InvalidRequest(problems)
        new_id = lib.add_retry(job_id, request.client_ref)
        version_id = lib.run_row(job.run_id)["prompt_version_id"]
        self.bus.publish(JobChanged(lib.job(new_id).view(version_id)))
        self._spawn(new_id, job.run_id)
        self._publish_run(job.run_id)
        return new_id

    async def load_image(self, path: str, role: str) -> Any:
        """Open an input image off the loop (format, size) — see ``engine.images``."""
        from workbench.engine.images import load_image

        return await asyncio.to_thread(load_image, path, role)
