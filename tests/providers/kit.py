"""What every adapter test needs: instant policies, a clock-driven poll loop, engine runs.

Nothing here waits for real time. HTTP retries sleep on a recording no-op; polls advance
the fakes' :class:`ManualClock`; the engine sleeps on that clock too.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from tests.fakes.clips import png_bytes
from tests.fakes.clock import ManualClock
from workbench.domain.capabilities import ProviderInfo
from workbench.domain.credentials import Credentials
from workbench.domain.spec import DrawRequest, GenerationSpec, ImageInput
from workbench.engine.engine import Engine
from workbench.engine.planner import Target, plan_run
from workbench.library.library import Library
from workbench.library.records import JobRecord
from workbench.providers import registry
from workbench.providers.base import Provider, ProviderConfig, RemoteRef, Status
from workbench.providers.policy import HttpPolicy

T = TypeVar("T")


class Sleeps(list[float]):
    """The waits an HTTP policy asked for, recorded instead of slept."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
        await asyncio.sleep(0)


def policy(sleeps: Sleeps | None = None, **overrides: Any) -> HttpPolicy:
    """Short timeouts, no jitter, and retry waits recorded (never slept)."""
    values: dict[str, Any] = {
        "timeout_s": 5.0,
        "connect_timeout_s": 1.0,
        "download_read_timeout_s": 5.0,
        "sleep": sleeps if sleeps is not None else Sleeps(),
        "jitter": lambda: 0.0,
    }
    values.update(overrides)
    return HttpPolicy(**values)


def adapter(
    provider_id: str,
    base_url: str,
    credentials: dict[str, str] | None,
    *,
    http: HttpPolicy | None = None,
    **options: Any,
) -> Provider:
    """An adapter pointed at a fake, with instant retries."""
    creds = Credentials(credentials, source="test") if credentials is not None else None
    return registry.create(
        provider_id,
        ProviderConfig(
            base_url=base_url, credentials=creds, policy=http or policy(), options=options
        ),
    )


def run(provider: Provider, scenario: Callable[[Provider], Awaitable[T]]) -> T:
    """Run one coroutine with the provider, closing its connections in the same loop."""

    async def go() -> T:
        try:
            return await scenario(provider)
        finally:
            await provider.aclose()

    return asyncio.run(go())


async def finish(
    provider: Provider, ref: RemoteRef, clock: ManualClock, step_s: float = 10.0
) -> tuple[Status, list[Status]]:
    """Poll, moving the clock ``step_s`` between polls, until the job ends."""
    seen: list[Status] = []
    for _ in range(200):
        status = await provider.poll(ref)
        seen.append(status)
        if status.phase.is_terminal:
            return status, seen
        clock.advance(step_s)
    raise AssertionError(f"the fake never finished: {seen[-1]}")


async def fetch_all(provider: Provider, ref: RemoteRef, status: Status) -> bytes:
    """Every byte of a finished status's first asset."""
    return b"".join([chunk async for chunk in provider.fetch(ref, status.assets[0])])


def run_engine(
    home: Path,
    factory: Callable[[str], Provider],
    spec: GenerationSpec,
    targets: list[Target],
    clock: ManualClock,
) -> list[JobRecord]:
    """Plan, record and drive a run to its end on the manual clock; returns its jobs."""

    async def go() -> list[JobRecord]:
        engine = Engine(
            provider_factory=factory,
            home=home,
            clock=clock,
            sleep=clock.sleep,
            rng=random.Random(7),
        )
        try:
            plan = plan_run(spec, targets, provider_for=factory, has_key=lambda _p: True)
            assert plan.ok, plan.problems
            run_id = await engine.start_run(plan)
            return await engine.wait_run(run_id)
        finally:
            await engine.aclose()

    return asyncio.run(go())


def takes(home: Path, jobs: list[JobRecord]) -> list[str]:
    """The content hashes of the takes recorded for these jobs."""
    library = Library(home)
    try:
        return [
            row[0]
            for job in jobs
            for row in library.conn.execute("SELECT sha256 FROM takes WHERE job_id = ?", (job.id,))
        ]
    finally:
        library.close()


def draw(
    info: ProviderInfo, model: str, seed: int | None = None, ref: str = "wb-test-1", **spec: Any
) -> DrawRequest:
    """A draw with the spec resolved for ``model``, as the planner hands it to adapters."""
    caps = info.model(model)
    assert caps is not None, model
    resolved = caps.resolve(GenerationSpec(prompt=spec.pop("prompt", "a red fox in snow"), **spec))
    return DrawRequest(spec=resolved, model=model, seed=seed, client_ref=ref)


def image(
    tmp_path: Path,
    name: str = "frame.png",
    width: int = 640,
    height: int = 360,
    fmt: str = "png",
) -> ImageInput:
    """A real image file on disk, described the way the engine probes it."""
    path = tmp_path / name
    if fmt == "png":
        path.write_bytes(png_bytes(width, height))
    else:
        from PIL import Image

        Image.new("RGB", (width, height), (20, 90, 200)).save(path, format=fmt.upper())
    return ImageInput(
        path=str(path), format=fmt, width=width, height=height, bytes=path.stat().st_size
    )
