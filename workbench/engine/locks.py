"""Keeping two processes from driving the same draw (Linux, macOS and Windows).

Every engine that runs draws holds a *shared* lock on ``engine.lock`` in the data
directory; a resume needs it *exclusively* while it picks up unfinished jobs, so it cannot
take over a draw another live process is still sending. The OS releases the locks when a
process dies, even by ``kill -9``.

No platform converts an exclusive lock to a shared one atomically (``flock`` drops the old
lock first, Windows has no conversion at all), so a resume also holds ``engine.gate``
exclusively from before it takes ``engine.lock`` until after it has stepped down: another
resume cannot slip into that gap and drive the draws this one just claimed.

The locks come from portalocker (``fcntl.flock`` on POSIX, ``LockFileEx`` on Windows).
A lock file that cannot be made (a read-only folder, a full disk) raises a ``LibraryError``
that says so; reading and judging never take the lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

import portalocker
from portalocker import LockFlags

from workbench.library.errors import LibraryError, classify


class EngineBusy(RuntimeError):
    """Another Workbench process is driving draws on this library."""


BUSY_MESSAGE = (
    "another Workbench process is running draws on this library; let it finish "
    "(or close it), then resume"
)


class EngineLock:
    """The data directory's engine lock, held for the life of an engine."""

    def __init__(self, home: Path) -> None:
        self.path = home / "engine.lock"
        self.gate_path = home / "engine.gate"
        self._handle: IO[str] | None = None
        self._gate: IO[str] | None = None
        self._shared = False  # holding the shared lock (not the exclusive one)

    def acquire_shared(self) -> None:
        """Take the shared lock (waits while a resume is picking up jobs)."""
        portalocker.lock(self._open(), LockFlags.SHARED)
        self._shared = True

    def acquire_exclusive(self) -> None:
        """Take the lock alone, or raise :class:`EngineBusy` at once.

        Call :meth:`downgrade` when done: it steps back to shared and opens the gate.
        """
        gate = self._open_file(self.gate_path)
        portalocker.lock(gate, LockFlags.EXCLUSIVE)
        handle = self._open()
        was_shared = self._shared
        try:
            if was_shared:  # a lock is never converted in place (see the module doc)
                portalocker.unlock(handle)
                self._shared = False
            portalocker.lock(handle, LockFlags.EXCLUSIVE | LockFlags.NON_BLOCKING)
        except portalocker.LockException:
            if was_shared:  # put back what we had
                portalocker.lock(handle, LockFlags.SHARED)
                self._shared = True
            portalocker.unlock(gate)
            gate.close()
            raise EngineBusy(BUSY_MESSAGE) from None
        self._gate = gate
        self._write_pid(handle)

    def downgrade(self) -> None:
        """Exclusive → shared, once a resume has claimed its jobs; opens the gate."""
        handle = self._open()
        portalocker.unlock(handle)
        portalocker.lock(handle, LockFlags.SHARED)
        self._shared = True
        if self._gate is not None:
            portalocker.unlock(self._gate)
            self._gate.close()
            self._gate = None

    def release(self) -> None:
        """Drop the locks (idempotent)."""
        for handle in (self._gate, self._handle):
            if handle is not None:
                with contextlib.suppress(OSError, portalocker.LockException):
                    portalocker.unlock(handle)
                handle.close()
        self._gate = self._handle = None
        self._shared = False

    def _open(self) -> IO[str]:
        if self._handle is None:
            self._handle = self._open_file(self.path)
        return self._handle

    @staticmethod
    def _open_file(path: Path) -> IO[str]:
        """Open (or make) a lock file; a read-only folder or a full disk is said in words.

        Raises:
            LibraryError: the data directory cannot be written (read-only, full …).
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return path.open("a+", encoding="utf-8")
        except OSError as exc:
            library = path.with_name("library.sqlite3")
            raise (classify(exc, library) or LibraryError.unusable(library, str(exc))) from exc

    @staticmethod
    def _write_pid(handle: IO[str]) -> None:
        # Only a hint for people reading the file; a full disk must not stop a resume.
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
