"""Opening the SQLite library: WAL, foreign keys, migrations, transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.library.migrations import LATEST, MIGRATIONS


class LibraryError(RuntimeError):
    """The library file cannot be used; the message says why and what to do."""


class LibraryTooNew(LibraryError):
    """The file was written by a newer Workbench; it is left untouched."""


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


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating or upgrading) the library at ``path``.

    Raises:
        LibraryTooNew: the file's schema is newer than this program knows.
        LibraryError: the file is not a Workbench library or is damaged.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        # Refuse a newer file before anything (even switching on WAL) writes to it.
        _refuse_newer(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across application crashes in WAL mode (only an OS crash
        # can lose the last transactions), and keeps each job-state write well under 1 ms.
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LibraryError(
            f"{path} is not a usable Workbench library ({exc}). "
            "Move it aside or point WORKBENCH_HOME elsewhere."
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path | str = "library") -> int:
    """Bring the schema up to :data:`LATEST`; refuse files from a newer Workbench.

    Safe from any number of processes at once: each step takes the write lock first and
    reads the version again under it, so a process that waited finds the work done.
    """
    current = _refuse_newer(conn, path)
    for version, script in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = _refuse_newer(conn, path)
            if version <= current:  # another process upgraded while we waited
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        current = version
    return current


def _refuse_newer(conn: sqlite3.Connection, path: Path | str) -> int:
    current = schema_version(conn)
    if current > LATEST:
        raise LibraryTooNew(
            f"{path} was written by a newer Workbench (schema {current}; this version knows "
            f"up to {LATEST}). Install the newer Workbench; the file was not changed."
        )
    return current


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``integrity_check`` and ``foreign_key_check`` report (empty when healthy)."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
    return problems
