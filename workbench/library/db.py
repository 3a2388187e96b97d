"""Opening the SQLite library: WAL, foreign keys, migrations, transactions.

Any number of processes may open one library at once, a brand-new one too: switching to WAL
and every migration step wait for another process's write lock (SQLite gives up at once
where waiting could deadlock, so those steps are retried), and each step reads the schema
version again under the lock, so a process that waited finds the work done.

A library that cannot be written — a read-only folder or file system, a full disk — is
opened to read (``mode=ro``, or ``immutable=1`` where SQLite cannot make its WAL index), so
runs, takes, stats and export still work; its connection knows why it cannot write, and
every :func:`transaction` on it says so (see ``library.errors``) before anything changes.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from workbench.library.errors import (
    BUSY_TIMEOUT_S,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
    classify,
    why_read_only,
)
from workbench.library.migrations import LATEST, MIGRATIONS

__all__ = [
    "LibraryBusy",
    "LibraryConnection",
    "LibraryDamaged",
    "LibraryError",
    "LibraryFull",
    "LibraryReadOnly",
    "LibraryTooNew",
    "connect",
    "integrity_problems",
    "migrate",
    "schema_version",
    "transaction",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: How long opening waits for another Workbench that is creating or upgrading the library.
PATIENCE_S = 300.0
#: While opening, how long one wait lasts before "retrying…" is said (then it goes on).
_OPEN_WAIT_S = 1.0


class LibraryConnection(sqlite3.Connection):
    """A connection that knows its file and, when it can only read, why."""

    path: Path = Path("library.sqlite3")
    #: Why this connection cannot write (read-only or full); None when it can.
    write_problem: LibraryError | None = None


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def connect(
    path: Path, *, busy_timeout: float = BUSY_TIMEOUT_S, patience: float = PATIENCE_S
) -> LibraryConnection:
    """Open (creating or upgrading) the library at ``path``; read-only when it must be.

    Args:
        path: the library file.
        busy_timeout: how long one statement waits for another process's write lock.
        patience: how long opening waits for another Workbench creating or upgrading it
            (saying "retrying…" once, in the log's notices, after the first second).

    Returns:
        The connection; ``write_problem`` says why it can only read, if it can only read.

    Raises:
        LibraryTooNew: the file's schema is newer than this program knows.
        LibraryDamaged: the file is not a Workbench library or is damaged.
        LibraryReadOnly, LibraryFull: it cannot be written, and not read either (there is
            no library yet, or it must be upgraded first).
        LibraryBusy: another Workbench held it for longer than ``patience``.
        LibraryError: anything else the disk refused.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise (classify(exc, path) or LibraryError.unusable(path, str(exc))) from exc
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = _open_to_write(path, busy_timeout, patience)
    except (sqlite3.Error, OSError) as exc:
        problem = classify(exc, path)
        if isinstance(problem, LibraryReadOnly) and not existed:
            problem = LibraryReadOnly(path, problem.why, missing=True)
        if isinstance(problem, LibraryReadOnly | LibraryFull) and existed:
            return _open_to_read(path, problem, busy_timeout)
        if problem is None or type(problem) is LibraryError:
            problem = LibraryDamaged(path, str(exc)) if problem is None else problem
        raise problem from exc
    why = why_read_only(path)
    if why is not None:  # SQLite opened a write-protected file to read, without a word
        conn.close()
        return _open_to_read(path, LibraryReadOnly(path, why), busy_timeout)
    return conn


def _new_connection(target: str | Path, busy_timeout: float, uri: bool) -> LibraryConnection:
    conn = sqlite3.connect(
        target,
        isolation_level=None,
        check_same_thread=False,
        timeout=busy_timeout,
        uri=uri,
        factory=LibraryConnection,
    )
    conn.row_factory = sqlite3.Row
    return conn


def _open_to_write(path: Path, busy_timeout: float, patience: float) -> LibraryConnection:
    conn = _new_connection(path, busy_timeout, uri=False)
    conn.path = path
    deadline = time.monotonic() + patience
    try:
        # Short waits while opening, so "retrying…" can be said; long ones afterwards.
        conn.execute(f"PRAGMA busy_timeout = {int(min(busy_timeout, _OPEN_WAIT_S) * 1000)}")
        # Refuse a newer file before anything (even switching on WAL) writes to it.
        _when_free(conn, deadline, lambda: _refuse_newer(conn, path))
        conn.execute("PRAGMA foreign_keys = ON")
        _when_free(conn, deadline, lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        # NORMAL is durable across application crashes in WAL mode (only an OS crash
        # can lose the last transactions), and keeps each job-state write well under 1 ms.
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, path, deadline=deadline)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    except BaseException:
        conn.close()
        raise
    return conn


def _open_to_read(path: Path, problem: LibraryError, busy_timeout: float) -> LibraryConnection:
    """Open a library that cannot be written, to read it; raise ``problem`` if it cannot be."""
    wal = path.with_name(path.name + "-wal")
    detail = ""
    for options in ("mode=ro", "mode=ro&immutable=1"):
        if "immutable" in options and wal.exists() and wal.stat().st_size > 0:
            # Immutable ignores the WAL: it would show the library without its latest changes.
            break
        try:
            conn = _new_connection(f"{path.resolve().as_uri()}?{options}", busy_timeout, True)
        except sqlite3.Error as exc:
            detail = str(exc)
            continue
        try:
            version = schema_version(conn)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            detail = str(exc)
            continue
        if version > LATEST:
            conn.close()
            raise LibraryTooNew(path, version, LATEST)
        if version < LATEST:
            conn.close()
            if isinstance(problem, LibraryReadOnly) and version > 0:
                raise LibraryReadOnly(path, problem.why, needs_upgrade=True)
            raise problem
        conn.execute("PRAGMA query_only = ON")
        conn.path = path
        conn.write_problem = problem
        log.info("library %s opened to read only (%s)", path, problem.kind)
        return conn
    log.info("library %s cannot be read either: %s", path, detail)
    raise problem


def _when_free(conn: sqlite3.Connection, deadline: float, step: Callable[[], T]) -> T:
    """Run ``step``; while another process holds the write lock, wait for it and retry.

    SQLite does not wait where waiting could deadlock (a statement that already reads and
    then needs to write, like switching to WAL), so the wait happens here: ``BEGIN
    IMMEDIATE`` from outside any transaction waits for the lock in SQLite's busy handler.
    """
    told = False
    started = time.monotonic()
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                path = getattr(conn, "path", Path("library"))
                raise LibraryBusy(path, waited_s=time.monotonic() - started) from exc
        try:
            conn.execute("BEGIN IMMEDIATE")  # waits (up to the busy timeout) for the lock
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            if not told:
                path = getattr(conn, "path", Path("library"))
                log.warning("%s", LibraryBusy.notice(path), extra={"notice": True})
                told = True


def _is_busy(exc: sqlite3.Error) -> bool:
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection, path: Path | str = "library", *, deadline: float | None = None
) -> int:
    """Bring the schema up to :data:`LATEST`; refuse files from a newer Workbench.

    Safe from any number of processes at once: each step takes the write lock first and
    reads the version again under it, so a process that waited finds the work done.
    ``deadline`` (a ``time.monotonic()`` value) bounds the wait for another process.
    """
    deadline = time.monotonic() + PATIENCE_S if deadline is None else deadline
    current = _refuse_newer(conn, path)
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        _when_free(conn, deadline, lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            current = _refuse_newer(conn, path)
            if version <= current:  # another process upgraded while we waited
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        current = version
    return current


def _refuse_newer(conn: sqlite3.Connection, path: Path | str) -> int:
    current = schema_version(conn)
    if current > LATEST:
        raise LibraryTooNew(path, current, LATEST)
    return current


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    Raises:
        LibraryError: the library cannot be written (read-only, full, busy …); nothing
            of the transaction was kept. Other exceptions pass through unchanged.
    """
    problem = getattr(conn, "write_problem", None)
    if problem is not None:
        raise problem
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        # A failed COMMIT (a full disk) may leave the transaction open, or SQLite may have
        # rolled it back itself; either way nothing of it is kept.
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            found = classify(exc, getattr(conn, "path", Path("library.sqlite3")))
            if found is not None:
                raise found from exc
        raise


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``integrity_check`` and ``foreign_key_check`` report (empty when healthy)."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
    return problems
