"""Fixtures for fault tests: mounts (root on Linux, else skipped with the reason), libraries."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults import faultkit


@pytest.fixture(scope="session")
def can_mount() -> None:
    """Skip (saying why) where tmpfs and read-only bind mounts cannot be made."""
    reason = faultkit.mount_unavailable()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def established(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory after one finished run of two sim draws, one take a favourite."""
    home = tmp_path_factory.mktemp("established") / "home"
    done = faultkit.workbench(
        home, "run", "a red fox in snow", "--provider", "sim", "--draws", "2",
        "--duration", "2", "--resolution", "360p", "-q",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert faultkit.workbench(home, "fav", "1").returncode == 0
    return home


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory, established: Path) -> Path:
    """A copy of ``established`` whose last writer died: its latest change is in the WAL."""
    home = tmp_path_factory.mktemp("crashed") / "home"
    subprocess.run(["cp", "-a", str(established), str(home)], check=True)
    code = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('UPDATE takes SET favourite = 1 WHERE id = 2')\n"
        "os._exit(0)  # no close: the change stays in library.sqlite3-wal\n"
    )
    subprocess.run([sys.executable, "-c", code, str(home / "library.sqlite3")], check=True)
    assert (home / "library.sqlite3-wal").stat().st_size > 0
    return home


@pytest.fixture
def read_only(can_mount: None, tmp_path: Path) -> Iterator[object]:
    """``read_only(home)`` → the same data directory through a read-only bind mount."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        count = 0

        def view(home: Path) -> Path:
            nonlocal count
            count += 1
            return stack.enter_context(faultkit.read_only_view(home, tmp_path / f"ro{count}"))

        yield view
