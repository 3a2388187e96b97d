"""The sim adapter: drives :class:`SimService` like a remote service in every respect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from workbench import paths
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest, GenerationSpec
from workbench.providers.base import (
    Asset,
    Provider,
    ProviderConfig,
    RemoteRef,
    Status,
    Submission,
)
from workbench.providers.errors import NotFound, ProviderRefused
from workbench.providers.sim.models import INFO
from workbench.providers.sim.service import SimQuotaExceeded, SimService, SimUnavailable
from workbench.providers.sim.wire import status_of


class SimProvider(Provider):
    """Adapter for :class:`SimService`; behaves like a remote service in every respect."""

    info = INFO

    def __init__(self, config: ProviderConfig | None = None) -> None:
        super().__init__(config)
        options = self.config.options
        root = Path(options.get("root") or paths.sim_service_dir())
        self.service = SimService(
            root,
            render_scale=float(options.get("render_scale", 1.0)),
            failure_rate=float(options.get("failure_rate", 0.08)),
            **({"clock": options["clock"]} if "clock" in options else {}),
        )
        # Seconds every request takes, like a far-away service (tests catch each state).
        self.latency = float(options.get("latency", 0.0))

    async def _travel(self) -> None:
        if self.latency > 0:
            await asyncio.sleep(self.latency)

    async def submit(self, request: DrawRequest) -> Submission:
        """Queue the job; the sim refuses some draws for quota like a busy service."""
        model = self.model(request.model)
        try:
            task = self.service.submit(request, model.polling.typical_render_s)
        except SimQuotaExceeded as exc:
            raise ProviderRefused(
                Failure(
                    kind=FailureKind.QUOTA, code="SIM.QUOTA", provider_text=str(exc), retryable=True
                )
            ) from None
        except SimUnavailable as exc:  # it kept nothing: refused at the door, not billed
            raise ProviderRefused(
                Failure(kind=FailureKind.PROVIDER, code=exc.code, message=str(exc), retryable=True)
            ) from None
        await self._travel()  # the service has the job; its answer is still on the way
        return Submission(ref=RemoteRef(task["id"]), seed=task["seed"], provider_status="queued")

    async def lookup(self, request: DrawRequest) -> Submission | None:
        """Find a job by our own id (the sim honours caller ids, like Kling and ComfyUI)."""
        task = self.service.find(request.client_ref)
        if task is None:
            return None
        return Submission(ref=RemoteRef(task["id"]), seed=task["seed"])

    async def poll(self, ref: RemoteRef) -> Status:
        """The job's state, as the service's clock has it."""
        await self._travel()
        task = self.service.get(ref.remote_id)
        if task is None:
            raise NotFound("Sim does not know this job", status=404)
        state = self.service.state(task)
        price = 0.0
        model = self.info.model(task["model"])
        if state.phase == "succeeded" and model is not None:  # priced once delivered
            price = model.price.estimate(GenerationSpec.model_validate(task["spec"]))
        status = status_of(
            task,
            state,
            output=str(self.service.output_path(ref.remote_id)),
            now=self.service.clock(),
            price_usd=price,
        )
        return self.settle(status)

    async def fetch(self, ref: RemoteRef, asset: Asset) -> AsyncIterator[bytes]:
        """Stream the rendered file."""
        if asset.path is None:
            raise ValueError("sim assets are local files")
        with Path(asset.path).open("rb") as handle:  # noqa: ASYNC230 - local, small chunks
            while chunk := await asyncio.to_thread(handle.read, 1 << 20):
                await self._travel()
                yield chunk

    async def cancel(self, ref: RemoteRef) -> bool:
        """Cancel a job that has not finished."""
        return self.service.cancel(ref.remote_id)

    async def live_probe(self) -> str:
        """The sim is always reachable."""
        return str(self.service.root)
