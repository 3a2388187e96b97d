"""``sim``: the built-in offline provider. Real H.264 clips, no key, no network."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from workbench import paths
from workbench.domain.capabilities import (
    AudioSupport,
    ModelCapabilities,
    PollingHint,
    PriceRule,
    ProviderInfo,
    SeedSupport,
)
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import DrawRequest
from workbench.providers.base import (
    Asset,
    LiveCheck,
    Phase,
    Provider,
    ProviderConfig,
    RemoteRef,
    Status,
    Submission,
)
from workbench.providers.errors import NotFound, ProviderRefused
from workbench.providers.sim.service import SimQuotaExceeded, SimService, SimUnavailable

_SEED = SeedSupport(supported=True, minimum=0, maximum=2**31 - 1, echoed=True)
_ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")


def _model(
    model_id: str,
    label: str,
    durations: range,
    resolutions: tuple[str, ...],
    usd: float,
    render_s: float,
    **extra: object,
) -> ModelCapabilities:
    return ModelCapabilities(
        id=model_id,
        label=label,
        durations=tuple(durations),
        aspects=_ASPECTS,
        resolutions=resolutions,
        default_duration=4,
        default_aspect="16:9",
        default_resolution="480p",
        seed=_SEED,
        last_frame=True,
        audio=AudioSupport.OPTIONAL,
        negative_prompt=True,
        prompt_max_chars=2000,
        price=PriceRule(usd=usd, verified=True, source="sim: play money"),
        polling=PollingHint(
            first_poll_s=0.5,
            interval_s=1.0,
            max_interval_s=5.0,
            typical_render_s=render_s,
            deadline_s=600,
        ),
        **extra,
    )  # type: ignore[arg-type]


INFO = ProviderInfo(
    id="sim",
    label="Sim (offline)",
    default_model="sim-fast",
    needs_key=False,
    default_base_url="local://sim",
    lookup_by_client_ref=True,
    can_cancel=True,
    default_concurrency=8,
    notes="Renders real clips on this computer; costs are play money.",
    models=(
        _model(
            "sim-fast", "Sim Fast — flat shapes", range(2, 9), ("360p", "480p", "720p"), 0.01, 4.0
        ),
        _model(
            "sim-pro",
            "Sim Pro — glowing shapes",
            range(2, 11),
            ("360p", "480p", "720p", "1080p"),
            0.05,
            10.0,
        ),
        _model(
            "sim-cinema",
            "Sim Cinema — slow and wide",
            range(4, 11, 2),
            ("480p", "720p", "1080p"),
            0.12,
            20.0,
        ),
    ),
)


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
        return Submission(
            ref=RemoteRef(task["id"]),
            seed=task["seed"],
            cost_usd=model.estimate_usd(request.spec),
            provider_status="queued",
        )

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
        phase = Phase(state.phase)
        failure = None
        if phase is Phase.FAILED and state.failure_code.startswith("SIM.RENDER."):
            failure = Failure(
                kind=FailureKind.PROVIDER, code=state.failure_code, message=state.failure_text
            )
        elif phase is Phase.FAILED:
            failure = Failure(
                kind=FailureKind.MODERATION,
                code=state.failure_code,
                provider_text=state.failure_text,
            )
        assets = ()
        if phase is Phase.SUCCEEDED:
            assets = (
                Asset(path=str(self.service.output_path(ref.remote_id)), mime_type="video/mp4"),
            )
        render_s = task["render_s"]
        return Status(
            phase=phase,
            provider_status=state.phase,
            progress=state.progress,
            eta_s=max(0.0, render_s - (self.service.clock() - task["created_at"])),
            assets=assets,
            failure=failure,
            seed=task["seed"],
        )

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

    async def check_live(self) -> LiveCheck:
        """The sim is always reachable."""
        return LiveCheck(ok=True, status="ok", detail=str(self.service.root))
