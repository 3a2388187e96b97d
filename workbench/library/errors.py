"""What can be wrong with the library, in one sentence each, with a ``kind`` for windows.

Every problem the library (and the folder it lives in) can have is a :class:`LibraryError`
whose ``str()`` is one sentence naming the cause and what happens next, so the command line
prints it as it is and the desktop can show it (and pick an icon or an action by ``kind``):

========== ============================================================================
kind       meaning
========== ============================================================================
read-only  the file, folder or file system cannot be written (reading still works)
full       the disk holding the data directory is full (reading still works)
busy       another Workbench holds the library (creating or upgrading it, most often)
damaged    the file is not a Workbench library, or SQLite found it corrupt
too-new    a newer Workbench wrote it; it is left untouched
unusable   anything else SQLite or the disk refused (an I/O error, say)
========== ============================================================================

:func:`classify` turns a ``sqlite3.Error`` or ``OSError`` into one of these.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import ClassVar

#: Less room than this on the disk makes an I/O error a "disk full".
_NEARLY_FULL_BYTES = 1024**2
#: How long one statement waits for another process's write lock before it gives up.
BUSY_TIMEOUT_S = 10.0


class LibraryError(RuntimeError):
    """The library cannot be used as asked; ``str()`` says why and what to do, in a sentence.

    Attributes:
        kind: what is wrong, for windows (see the module docstring).
        path: the library file (or the folder, for a full disk).
        cause: the sentence's first half, for "…: N draws were not sent" reports.
        remedy: when things will work again ("there is room"), for the same reports.
    """

    kind: ClassVar[str] = "unusable"

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        cause: str | None = None,
        remedy: str = "the library can be written again",
    ) -> None:
        super().__init__(message)
        self.path = path
        self.cause = cause or message.rstrip(".")
        self.remedy = remedy

    @classmethod
    def unusable(cls, path: Path, detail: str) -> LibraryError:
        """Anything else the disk or SQLite refused (an I/O error, say)."""
        return cls(
            f"Workbench could not use the library at {path} ({detail}); nothing was changed: "
            "check the disk, then try again.",
            path=path,
            cause=f"Workbench could not write to the library at {path} ({detail})",
            remedy="the disk works again",
        )


class LibraryReadOnly(LibraryError):
    """The library (or its folder, or its file system) cannot be written; reads still work."""

    kind = "read-only"

    def __init__(
        self, path: Path, why: str, *, missing: bool = False, needs_upgrade: bool = False
    ) -> None:
        folder = path.parent
        if missing:
            message = (
                f"Workbench cannot create its library in {folder} ({why}); make the folder "
                "writable or point WORKBENCH_HOME at a writable one."
            )
        elif needs_upgrade:
            message = (
                f"The library in {folder} is read-only ({why}) and must be upgraded by this "
                "Workbench before it can be read; make the folder writable once, or use the "
                "Workbench that made it."
            )
        else:
            message = (
                f"The library in {folder} is read-only ({why}): it can be looked through, but "
                "nothing can be sent or changed until the folder is writable again (or "
                "WORKBENCH_HOME points at a writable one)."
            )
        super().__init__(
            message,
            path=path,
            cause=f"The library in {folder} is read-only ({why})",
            remedy="the folder is writable again",
        )
        self.why = why


class LibraryFull(LibraryError):
    """The disk holding the data directory is full; reads still work."""

    kind = "full"

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The disk holding {folder} is full, so Workbench cannot write to its library: "
            "nothing was sent or changed; free some space and try again.",
            path=folder,
            cause=f"The disk holding {folder} is full",
            remedy="there is room",
        )
        self.folder = folder


class LibraryBusy(LibraryError):
    """Another Workbench holds the library's write lock (creating or upgrading it)."""

    kind = "busy"

    def __init__(self, path: Path, *, waited_s: float, upgrading: bool = True) -> None:
        if upgrading:
            message = (
                f"The library at {path} is still busy after {waited_s:.0f} s: another "
                "Workbench is upgrading it (or is stuck holding it); nothing was changed, so "
                "try again once it has finished."
            )
        else:
            message = (
                f"The library at {path} is busy: another Workbench process kept it locked for "
                f"more than {waited_s:.0f} s; nothing was changed, so try again in a moment."
            )
        super().__init__(
            message,
            path=path,
            cause=f"The library at {path} stayed locked by another Workbench process",
            remedy="it is free again",
        )

    @staticmethod
    def notice(path: Path) -> str:
        """What to say while waiting for the other Workbench."""
        return f"The library at {path} is busy: another Workbench is upgrading it, retrying…"


class LibraryDamaged(LibraryError):
    """The file is not a Workbench library, or SQLite found it corrupt."""

    kind = "damaged"

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"{path} is damaged or is not a Workbench library ({detail}); Workbench left it "
            "untouched: move it aside (or restore a backup) and Workbench starts a new one.",
            path=path,
            cause=f"The library at {path} is damaged ({detail})",
            remedy="it is repaired or moved aside",
        )


class LibraryTooNew(LibraryError):
    """The file was written by a newer Workbench; it is left untouched."""

    kind = "too-new"

    def __init__(self, path: Path | str, found: int, known: int) -> None:
        super().__init__(
            f"{path} was written by a newer Workbench (schema {found}; this version knows up "
            f"to {known}): install the newer Workbench to use it; the file was not changed.",
            path=Path(path),
            remedy="the newer Workbench is installed",
        )


def why_read_only(path: Path) -> str | None:
    """Why ``path`` (a file or a folder; the file need not exist) cannot be written, if so."""
    folder = path if path.is_dir() else path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "its file system is mounted read-only"
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    if path.is_file() and not os.access(path, os.W_OK):
        return "the file is write-protected"
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return "the folder is write-protected"
    return None


def nearly_full(folder: Path) -> bool:
    """True when the disk holding ``folder`` has (almost) no room left."""
    import shutil

    try:
        usage = os.statvfs(folder)
        free = (usage.f_bfree if _root() else usage.f_bavail) * usage.f_frsize
    except (OSError, AttributeError):
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            return False
    return free < _NEARLY_FULL_BYTES


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def classify(exc: BaseException, path: Path) -> LibraryError | None:
    """The library problem behind ``exc`` (None when it is no such problem, e.g. a bug).

    Args:
        exc: what SQLite or the operating system raised.
        path: the library file (its folder is the data directory).
    """
    if isinstance(exc, LibraryError):
        return exc
    folder = path.parent
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return LibraryFull(folder)
        if exc.errno in _READ_ONLY_ERRNOS:
            where = Path(exc.filename) if isinstance(exc.filename, str) else path
            return LibraryReadOnly(path, why_read_only(where) or "Workbench may not write there")
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return LibraryFull(folder)
    if code == sqlite3.SQLITE_READONLY:
        return LibraryReadOnly(path, why_read_only(path) or "SQLite could only open it to read")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return LibraryBusy(path, waited_s=BUSY_TIMEOUT_S, upgrading=False)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return LibraryDamaged(path, str(exc))
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        why = why_read_only(path)
        if why is not None:
            return LibraryReadOnly(path, why, missing=not path.exists())
        if nearly_full(folder):
            return LibraryFull(folder)
        return LibraryError.unusable(path, str(exc))
    return None
