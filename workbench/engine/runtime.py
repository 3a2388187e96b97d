"""The engine's own asyncio loop in a dedicated thread (style.md §4).

The UI and the CLI hand coroutines to :meth:`EngineRuntime.submit` and get a
``concurrent.futures.Future`` back; nothing of the engine runs on their thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class EngineRuntime:
    """Owns one event loop running in one daemon thread.

    ``close`` cancels every task, runs registered async cleanups (closing HTTP clients),
    stops the loop and joins the thread, so a window can quit without leaving work behind.
    """

    def __init__(self, name: str = "workbench-engine") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._cleanups: list[Callable[[], Awaitable[None]]] = []

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The running loop (after :meth:`start`)."""
        if self._loop is None:
            raise RuntimeError("the engine runtime is not started")
        return self._loop

    @property
    def thread(self) -> threading.Thread | None:
        """The loop's thread, if started."""
        return self._thread

    def start(self) -> EngineRuntime:
        """Start the loop thread and wait until it runs."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.call_soon(self._ready.set)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run a coroutine on the engine loop; returns a thread-safe future."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` on the engine thread."""
        self.loop.call_soon_threadsafe(fn, *args)

    def add_cleanup(self, cleanup: Callable[[], Awaitable[None]]) -> None:
        """Register an async cleanup run on :meth:`close` (e.g. ``engine.aclose``)."""
        self._cleanups.append(cleanup)

    def close(self, timeout: float = 10.0) -> None:
        """Cancel all tasks, run cleanups, stop the loop, join the thread."""
        if self._thread is None or self._loop is None:
            return
        loop = self._loop

        async def shutdown() -> None:
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for cleanup in reversed(self._cleanups):
                with contextlib.suppress(Exception):
                    await cleanup()

        if loop.is_running():
            with contextlib.suppress(concurrent.futures.TimeoutError, RuntimeError):
                asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout)
            loop.call_soon_threadsafe(loop.stop)
        self._thread.join(timeout)
        self._thread = None
        self._loop = None
