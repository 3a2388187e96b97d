"""Shared test helpers: instant sleeps, a fast HTTP policy, running draws through the engine."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from workbench.domain.credentials import Credentials
from workbench.domain.spec import GenerationSpec
from workbench.engine.engine import Engine
from workbench.engine.planner import Target, plan_run
from workbench.library.records import JobRecord
from workbench.providers import registry
from workbench.providers._http import HttpPolicy
from workbench.providers.base import Provider, ProviderConfig, RemoteRef, Status


async def fast_sleep(seconds: float) -> None:
    """Sleep at most 10 ms: polling and retry waits cost nothing in tests."""
    await asyncio.sleep(min(max(seconds, 0.0), 0.01))


def fast_policy(**overrides: object) -> HttpPolicy:
    """Short timeouts and instant backoff, with the house retry rules unchanged."""
    values: dict[str, object] = {
        "timeout_s": 2.0,
        "connect_timeout_s": 1.0,
        "download_read_timeout_s": 2.0,
        "sleep": fast_sleep,
        "jitter": lambda: 0.0,
    }
    values.update(overrides)
    return HttpPolicy(**values)  # type: ignore[arg-type]


def make_provider(
    provider_id: str, base_url: str, credentials: dict[str, str] | None = None, **options: object
) -> Provider:
    """An adapter pointed at a fake, with test credentials and the fast policy."""
    creds = Credentials(credentials or {"api_key": "test-key-0000"}, source="test")
    return registry.create(
        provider_id,
        ProviderConfig(
            base_url=base_url, credentials=creds, policy=fast_policy(), options=dict(options)
        ),
    )


def run_draws(
    home: Path, factory: Callable[[str], Provider], spec: GenerationSpec, targets: list[Target]
) -> list[JobRecord]:
    """Plan, record and drive a run to the end with instant sleeps; returns its jobs."""

    async def go() -> list[JobRecord]:
        engine = Engine(provider_factory=factory, home=home, sleep=fast_sleep, rng=random.Random(7))
        try:
            plan = plan_run(spec, targets, provider_for=factory, has_key=lambda _p: True)
            assert plan.ok, plan.problems
            run_id = await engine.start_run(plan)
            return await engine.wait_run(run_id)
        finally:
            await engine.aclose()

    return asyncio.run(go())


def run_with(provider: Provider, go: Callable[[Provider], Awaitable[Any]]) -> Any:
    """Run ``go(provider)`` on a fresh loop, closing the adapter afterwards."""

    async def main() -> Any:
        try:
            return await go(provider)
        finally:
            await provider.aclose()

    return asyncio.run(main())


async def finish(provider: Provider, ref: RemoteRef) -> tuple[Status, list[Status]]:
    """Poll (10 ms apart, at most 3 s) until the job ends; the last status and all seen."""
    seen: list[Status] = []
    for _ in range(300):
        status = await provider.poll(ref)
        seen.append(status)
        if status.phase.is_terminal:
            return status, seen
        await asyncio.sleep(0.01)
    raise AssertionError("the fake never finished")


async def fetch_all(provider: Provider, ref: RemoteRef, status: Status) -> bytes:
    """The whole clip of a finished status's first asset."""
    return b"".join([chunk async for chunk in provider.fetch(ref, status.assets[0])])
