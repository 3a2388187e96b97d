"""Keeping two processes from driving the same draw.

Every engine that runs draws holds a *shared* lock on ``engine.lock`` in the data
directory; a resume needs it *exclusively* while it picks up unfinished jobs, so it cannot
take over a draw another live process is still sending. The OS releases the lock when a
process dies, even by ``kill -9``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no shared locks in msvcrt
    fcntl = None  # type: ignore[assignment]


class EngineBusy(RuntimeError):
    """Another Workbench process is driving draws on this library."""


class EngineLock:
    """The data directory's engine lock, held for the life of an engine."""

    def __init__(self, home: Path) -> None:
        self.path = home / "engine.lock"
        self._handle: IO[str] | None = None

    def acquire_shared(self) -> None:
        """Take the shared lock (waits while a resume is picking up jobs)."""
        self._lock(exclusive=False, wait=True)

    def acquire_exclusive(self) -> None:
        """Take the lock alone, or raise :class:`EngineBusy` at once."""
        self._lock(exclusive=True, wait=False)

    def downgrade(self) -> None:
        """Exclusive → shared, once a resume has claimed its jobs."""
        self._lock(exclusive=False, wait=True)

    def release(self) -> None:
        """Drop the lock (idempotent)."""
        if self._handle is not None:
            if fcntl is not None:
                fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def _lock(self, *, exclusive: bool, wait: bool) -> None:
        if fcntl is None:
            return
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a+", encoding="utf-8")
        flags = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        if not wait:
            flags |= fcntl.LOCK_NB
        try:
            fcntl.flock(self._handle, flags)
        except BlockingIOError:
            raise EngineBusy(
                "another Workbench process is running draws on this library; let it finish "
                "(or close it), then resume"
            ) from None
        if exclusive:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(f"{os.getpid()}\n")
            self._handle.flush()
