"""An in-process adapter whose every answer a test scripts (engine tests without HTTP)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from tests.fakes.clips import clip_bytes
from workbench.domain.capabilities import ModelCapabilities, PollingHint, ProviderInfo, SeedSupport
from workbench.domain.spec import DrawRequest
from workbench.providers.base import Asset, Phase, Provider, RemoteRef, Status, Submission

MODEL = ModelCapabilities(
    id="m",
    durations=(1, 2, 4),
    aspects=("16:9",),
    resolutions=("240p", "720p"),
    default_duration=1,
    seed=SeedSupport(supported=True, maximum=10**6),
    polling=PollingHint(
        first_poll_s=1, interval_s=1, max_interval_s=2, typical_render_s=3, deadline_s=60
    ),
)


def info(lookup: bool = False, concurrency: int = 4) -> ProviderInfo:
    return ProviderInfo(
        id="scripted",
        label="Scripted",
        models=(MODEL,),
        default_model="m",
        needs_key=False,
        lookup_by_client_ref=lookup,
        can_cancel=True,
        default_concurrency=concurrency,
    )


def done(data: bytes | None = None, **kw: Any) -> Status:
    return Status(
        phase=Phase.SUCCEEDED,
        provider_status="done",
        assets=(Asset(data=clip_bytes() if data is None else data),),
        **kw,
    )


class ScriptedProvider(Provider):
    """Answers from queues; records every call. Unscripted polls succeed."""

    info = info()

    def __init__(self, provider_info: ProviderInfo | None = None) -> None:
        super().__init__()
        if provider_info is not None:
            self.info = provider_info  # type: ignore[misc]
        self.submits: list[DrawRequest] = []
        self.polls: list[str] = []
        self.cancels: list[str] = []
        self.submit_script: deque[Callable[[DrawRequest], Submission]] = deque()
        self.poll_script: deque[Status | Exception] = deque()
        self.fetch_script: deque[Callable[[Asset], AsyncIterator[bytes]]] = deque()
        self.remote: dict[str, DrawRequest] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.submit_delay = 0.0

    async def submit(self, request: DrawRequest) -> Submission:
        self.submits.append(request)
        if self.submit_delay:
            await asyncio.sleep(self.submit_delay)
        if self.submit_script:
            return self.submit_script.popleft()(request)
        remote_id = f"r-{len(self.submits)}"
        self.remote[request.client_ref] = request
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return Submission(
            ref=RemoteRef(remote_id, {"ref": request.client_ref}), seed=request.seed, cost_usd=0.5
        )

    async def lookup(self, request: DrawRequest) -> Submission | None:
        if request.client_ref in self.remote:
            return Submission(ref=RemoteRef("found-" + request.client_ref[-4:]))
        return None

    async def poll(self, ref: RemoteRef) -> Status:
        self.polls.append(ref.remote_id)
        await asyncio.sleep(0)
        item = self.poll_script.popleft() if self.poll_script else done()
        if isinstance(item, Exception):
            raise item
        if item.phase.is_terminal:
            self.in_flight -= 1
        return item

    async def fetch(self, ref: RemoteRef, asset: Asset) -> AsyncIterator[bytes]:
        if self.fetch_script:
            async for chunk in self.fetch_script.popleft()(asset):
                yield chunk
            return
        async for chunk in super().fetch(ref, asset):
            yield chunk

    async def cancel(self, ref: RemoteRef) -> bool:
        self.cancels.append(ref.remote_id)
        return True
