from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.library import Library, LibraryError, LibraryTooNew
from workbench.library.db import _statements, migrate, schema_version
from workbench.library.migrations import LATEST, V1_CORE


def _v1_file(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(V1_CORE):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO projects (name, created_at) VALUES ('Default', 0)")
    conn.execute("INSERT INTO prompts (project_id, created_at) VALUES (1, 0)")
    conn.execute(
        "INSERT INTO prompt_versions (prompt_id, version, text, text_sha, created_at)"
        " VALUES (1, 1, 'old fox', 'x', 0)"
    )
    conn.close()


def test_new_file_is_at_the_latest_schema(isolated_home: Path) -> None:
    lib = Library(isolated_home)
    assert schema_version(lib.conn) == LATEST
    lib.close()


def test_an_older_file_upgrades_and_keeps_its_data(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    _v1_file(isolated_home / "library.sqlite3")
    lib = Library(isolated_home)
    assert schema_version(lib.conn) == LATEST
    assert lib.conn.execute("SELECT text FROM prompt_versions").fetchone()[0] == "old fox"
    columns = {r[1] for r in lib.conn.execute("PRAGMA table_info(takes)")}
    assert {"rating", "favourite"} <= columns
    lib.close()


def test_a_newer_file_is_refused_untouched(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    path = isolated_home / "library.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew, match="newer Workbench"):
        Library(isolated_home)
    assert path.read_bytes() == before


def test_a_damaged_file_gets_a_clear_message(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "library.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="is damaged or is not a Workbench library") as caught:
        Library(isolated_home)
    assert caught.value.kind == "damaged"
    assert "(file is not a database)" in str(caught.value)


def test_a_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.library import db

    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    monkeypatch.setattr(db, "MIGRATIONS", ((1, V1_CORE), (2, "CREATE TABLE broken (;")))
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    assert schema_version(conn) == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='broken'").fetchone()[0] == 0
