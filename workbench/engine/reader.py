"""Heavy reads on their own thread and connection, so draws never wait on a report.

The statistics of 100,000 draws or a filtered page of the library can take a few hundred
milliseconds; on the engine's loop that time would delay every poll and download. SQLite in
WAL mode lets a second connection read while the loop's connection writes, and each
connection belongs to one thread (the library enforces it), so the reader owns a thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from workbench.library.library import Library

T = TypeVar("T")


class Reader:
    """One worker thread with its own library connection, opened on first use."""

    def __init__(self, home: Path | None, clock: Callable[[], float]) -> None:
        self._home = home
        self._clock = clock
        self._library: Library | None = None
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="workbench-reader"
        )

    async def run(self, read: Callable[[Library], T]) -> T:
        """``read(library)`` on the reader's thread; the loop stays free meanwhile."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, read)

    def _call(self, read: Callable[[Library], T]) -> T:
        if self._library is None:
            self._library = Library(self._home, clock=self._clock)
        return read(self._library)

    def close(self) -> None:
        """Close the connection on its own thread, then stop the thread (blocking)."""

        def close_library() -> None:
            if self._library is not None:
                self._library.close()
                self._library = None

        with contextlib.suppress(RuntimeError, concurrent.futures.TimeoutError):
            self._executor.submit(close_library).result(timeout=10)
        self._executor.shutdown(wait=True, cancel_futures=True)
