"""What is wrong with a library, by kind and in one sentence (issue 11, item 7).

Busy, full, read-only, damaged and too new are told apart, so neither the command line nor
the window advises moving a healthy file aside. (Real read-only folders and full disks are
in ``tests/faults``; here SQLite's own limits stand in for them.)
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.faults import faultkit
from workbench.library import (
    Library,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
)
from workbench.library.db import connect, schema_version, transaction
from workbench.library.errors import classify
from workbench.library.migrations import LATEST


def _sqlite_error(code: int, text: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def _one_sentence(message: str) -> None:
    assert message.endswith((".", "…")), message
    assert ". " not in message.replace("e.g. ", ""), f"more than one sentence: {message}"
    assert "Traceback" not in message


def test_opening_waits_for_another_workbench_upgrading_it_and_says_so_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    faultkit.make_library(tmp_path, schema=1)
    path = tmp_path / "library.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another Workbench, half-way through its upgrade
    release = threading.Timer(2.0, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        with caplog.at_level(logging.INFO, logger="workbench.library"):
            conn = connect(path, busy_timeout=0.3, patience=30)
    finally:
        release.join()
        other.close()
    notices = [r.getMessage() for r in caplog.records if getattr(r, "notice", False)]
    assert notices == [
        f"The library at {path} is busy: another Workbench is upgrading it, retrying…"
    ]
    assert schema_version(conn) == LATEST
    assert conn.write_problem is None
    conn.close()


def test_opening_gives_up_on_a_library_held_too_long_and_says_busy(tmp_path: Path) -> None:
    faultkit.make_library(tmp_path, schema=1)
    path = tmp_path / "library.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LibraryBusy) as caught:
            connect(path, busy_timeout=0.2, patience=0.5)
    finally:
        other.close()
    assert caught.value.kind == "busy"
    assert "another Workbench is upgrading it" in str(caught.value)
    assert "Move it aside" not in str(caught.value)
    _one_sentence(str(caught.value))
    with sqlite3.connect(path) as conn:  # left as it was
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_too_new_library_is_its_own_kind_and_left_alone(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    path = isolated_home / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(LibraryTooNew) as caught:
        Library(isolated_home)
    assert caught.value.kind == "too-new"
    _one_sentence(str(caught.value))


def test_a_damaged_library_is_its_own_kind(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "library.sqlite3").write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    with pytest.raises(LibraryDamaged) as caught:
        Library(isolated_home)
    assert caught.value.kind == "damaged"
    assert "move it aside" in str(caught.value)
    _one_sentence(str(caught.value))


def test_a_full_library_says_full_and_keeps_nothing_of_the_write(lib: Library) -> None:
    before = lib.conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0]
    pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
    lib.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
    with pytest.raises(LibraryFull) as caught:
        lib.project_id("x" * 50_000)
    assert caught.value.kind == "full"
    assert "is full" in str(caught.value) and "Move it aside" not in str(caught.value)
    _one_sentence(str(caught.value))
    assert not lib.conn.in_transaction
    lib.conn.execute("PRAGMA max_page_count = 1073741823")
    assert lib.conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == before
    assert lib.project_id("after") > 0  # the connection is usable again


def test_a_connection_that_can_only_read_refuses_every_write_before_it_starts(
    lib: Library,
) -> None:
    problem = LibraryReadOnly(lib.home / "library.sqlite3", "its file system is mounted read-only")
    lib.conn.write_problem = problem  # type: ignore[attr-defined]
    with pytest.raises(LibraryReadOnly):
        lib.project_id("new")
    with pytest.raises(LibraryReadOnly):
        lib.require_writable()
    assert not lib.conn.in_transaction


def test_other_errors_inside_a_transaction_pass_through(lib: Library) -> None:
    with pytest.raises(sqlite3.IntegrityError), transaction(lib.conn):
        lib.conn.execute("INSERT INTO projects (id, name, created_at) VALUES (1, 'a', 0)")
        lib.conn.execute("INSERT INTO projects (id, name, created_at) VALUES (1, 'b', 0)")
    with pytest.raises(LookupError), transaction(lib.conn):
        raise LookupError("not a library problem")
    assert not lib.conn.in_transaction


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "full"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "full"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (PermissionError(errno.EACCES, "Permission denied"), "read-only"),
        (_sqlite_error(sqlite3.SQLITE_FULL, "database or disk is full"), "full"),
        (
            _sqlite_error(sqlite3.SQLITE_READONLY, "attempt to write a readonly database"),
            "read-only",
        ),
        (_sqlite_error(sqlite3.SQLITE_BUSY, "database is locked"), "busy"),
        (_sqlite_error(sqlite3.SQLITE_CORRUPT, "database disk image is malformed"), "damaged"),
        (_sqlite_error(sqlite3.SQLITE_NOTADB, "file is not a database"), "damaged"),
        (_sqlite_error(sqlite3.SQLITE_IOERR, "disk I/O error"), "unusable"),
    ],
)
def test_classify_tells_the_kinds_apart(tmp_path: Path, exc: BaseException, kind: str) -> None:
    problem = classify(exc, tmp_path / "library.sqlite3")
    assert isinstance(problem, LibraryError)
    assert problem.kind == kind
    _one_sentence(str(problem))
    assert "Move it aside" not in str(problem)
    assert problem.cause and problem.remedy


def test_classify_leaves_bugs_alone(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    assert classify(ValueError("a bug"), path) is None
    assert classify(sqlite3.IntegrityError("UNIQUE constraint failed"), path) is None
    assert classify(OSError(errno.ENOENT, "No such file"), path) is None
