"""The engine host: the one composition root of the desktop and the command line.

settings → adapters and keys (``ProviderSetup``) → runtime thread → engine →
subscriptions → cleanups. Both front ends build exactly this; neither touches the library
or an adapter directly. Starting, driving and stopping it::

    from workbench.engine.host import EngineHost
    from workbench.engine.planner import RunRequest, Target
    from workbench.domain.spec import GenerationSpec

    with EngineHost() as host:                                  # thread + engine
        sub = host.subscribe(print)                             # snapshot, then every change
        request = RunRequest(GenerationSpec(prompt="a fox"), (Target("sim", draws=4),))
        run_id = host.call(lambda e: e.run(request))            # plan, record, send
        jobs = host.call(lambda e: e.wait_run(run_id))          # or just listen to events
    # leaving the block stops the engine: draws stay resumable, nothing is sent twice

A window uses :meth:`EngineHost.submit` (a ``concurrent.futures.Future``) instead of
:meth:`EngineHost.call`, so its thread never waits on the engine.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from workbench import settings as settings_mod
from workbench.domain.credentials import Credentials
from workbench.engine.engine import Engine
from workbench.engine.runtime import EngineRuntime
from workbench.engine.setup import ProviderSetup
from workbench.engine.subscriptions import Callback, Subscription
from workbench.settings import Settings

if TYPE_CHECKING:
    from workbench.providers._http import HttpPolicy

T = TypeVar("T")
UseCase = Callable[[Engine], Coroutine[Any, Any, T]]


class EngineHost:
    """Builds and owns one engine on its own thread.

    Args:
        home: data directory (default: ``WORKBENCH_HOME`` or the platform's).
        settings: preferences (default: read from the data directory).
        credentials_for: tests and benchmarks inject keys here instead of the keychain.
        policy: the HTTP policy for every adapter (tests shorten its timeouts).
        clock / sleep: virtual time for tests and benchmarks.
        beside_window: a window runs in this process (the desktop). Its thread shares the
            interpreter lock with the engine's, so clips are checked one at a time and
            downloaded four at a time per service. Without one (the command line) clips are
            checked on every core and downloaded eight at a time: a burst of finished draws
            lands sooner.
    """

    def __init__(
        self,
        *,
        home: Path | None = None,
        settings: Settings | None = None,
        credentials_for: Callable[[str], Credentials | None] | None = None,
        policy: HttpPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        beside_window: bool = False,
    ) -> None:
        self.settings = settings if settings is not None else settings_mod.load()
        self._credentials_for = credentials_for
        self._policy = policy
        self._beside_window = beside_window
        self.setup = self._make_setup(self.settings)
        self.runtime = EngineRuntime()
        self.engine = Engine(
            provider_factory=self.setup,
            home=home,
            clock=clock,
            sleep=sleep,
            concurrency=self.setup.concurrency(),
            max_download_bytes=int(self.settings.max_download_gib * 1024**3),
            clip_checks=1 if beside_window else min(4, os.cpu_count() or 1),
        )

    def _make_setup(self, settings: Settings) -> ProviderSetup:
        setup = ProviderSetup(
            settings,
            credentials_for=self._credentials_for,
            download_slots=4 if self._beside_window else 8,
        )
        if self._policy is not None:
            setup.policy = self._policy
        return setup

    # -- life -----------------------------------------------------------------------------
    def start(self) -> EngineHost:
        """Start the engine's thread (idempotent)."""
        if self.runtime.thread is None:
            self.runtime.start()
            self.runtime.add_cleanup(self.engine.aclose)
        return self

    def close(self, timeout: float = 10.0) -> None:
        """Stop: cancel the draws' tasks (they stay resumable), close everything, join."""
        self.runtime.close(timeout)

    def __enter__(self) -> EngineHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`close`."""
        return self.runtime.thread is not None

    # -- driving --------------------------------------------------------------------------
    def submit(self, use_case: UseCase[T]) -> concurrent.futures.Future[T]:
        """Run ``use_case(engine)`` on the engine thread; returns at once with a future."""
        return self.runtime.submit(use_case(self.engine))

    def call(self, use_case: UseCase[T], timeout: float | None = None) -> T:
        """Run ``use_case(engine)`` on the engine thread and wait for its result."""
        return self.submit(use_case).result(timeout)

    def subscribe(self, callback: Callback, **options: Any) -> Subscription:
        """Snapshot first, then every change (see ``Engine.subscribe``)."""
        return self.call(lambda e: e.subscribe(callback, **options))

    def apply_settings(self, settings: Settings) -> concurrent.futures.Future[None]:
        """Use new preferences for every draw started from now on (the caller saved them)."""
        self.settings = settings
        setup = self._make_setup(settings)
        self.setup = setup

        async def apply(engine: Engine) -> None:
            engine.reconfigure(setup)

        return self.submit(apply)
