"""A read-only library: reading works, anything that writes says so in words (items 7 and 8).

The data directory is seen through a read-only bind mount (``chmod 0555`` does not stop
root, and CI runs as root), once after a clean exit (no WAL: SQLite must open it
``immutable``) and once after a crash (its latest change is only in the WAL), and with the
file alone made immutable (``chattr +i``) in a writable folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.faults import faultkit

READ_ONLY = "is read-only (its file system is mounted read-only)"
# Real processes for every command: about a minute in all.
pytestmark = pytest.mark.slow


@pytest.fixture(params=["clean", "crashed"])
def library_home(
    request: pytest.FixtureRequest, established: Path, crashed: Path
) -> tuple[Path, int]:
    """A library and how many favourites it has (the crashed one's second is in its WAL)."""
    return (established, 1) if request.param == "clean" else (crashed, 2)


def _no_noise(outcome: faultkit.Outcome) -> None:
    assert outcome.tracebacks == 0, outcome.err
    assert "Cannot open the library" not in outcome.err
    assert "Move it aside" not in outcome.err and "move it aside" not in outcome.err


def test_reading_commands_work_on_a_read_only_library(
    read_only, library_home: tuple[Path, int], tmp_path: Path
) -> None:
    source, favourites = library_home
    home = read_only(source)
    before = faultkit.snapshot(source)
    runs = faultkit.workbench(home, "runs", "--json")
    takes = faultkit.workbench(home, "takes", "--json")
    favs = faultkit.workbench(home, "takes", "--fav", "--json")
    stats = faultkit.workbench(home, "stats", "--json")
    export = faultkit.workbench(home, "export", str(tmp_path / "out"), "--json")
    for done in (runs, takes, favs, stats, export):
        outcome = faultkit.Outcome(done.returncode, done.stdout, done.stderr)
        assert done.returncode == 0, done.stderr
        _no_noise(outcome)
    assert [json.loads(x)["draws"] for x in runs.stdout.splitlines()] == [2]
    assert len(takes.stdout.splitlines()) == 2
    assert len(favs.stdout.splitlines()) == favourites
    assert json.loads(stats.stdout.splitlines()[0])["draws"] == 2
    assert (tmp_path / "out" / "index.csv").exists()
    assert len(list((tmp_path / "out").glob("*.mp4"))) == 2
    assert faultkit.snapshot(source) == before


@pytest.mark.parametrize(
    "argv",
    [
        ("run", "a new fox", "--provider", "sim", "--draws", "2"),
        ("reroll", "1"),
        ("resume",),
        ("rate", "1", "5"),
        ("note", "1", "too dark"),
    ],
    ids=lambda argv: argv[0],
)
def test_writing_commands_refuse_a_read_only_library_in_words(
    read_only, established: Path, argv: tuple[str, ...]
) -> None:
    home = read_only(established)
    before = faultkit.snapshot(established)
    done = faultkit.workbench(home, *argv)
    outcome = faultkit.Outcome(done.returncode, done.stdout, done.stderr)
    assert done.returncode == 1, done.stderr
    _no_noise(outcome)
    assert "Sending" not in done.stderr
    sentence = outcome.last_line()
    assert READ_ONLY in sentence, done.stderr
    assert "nothing can be sent or changed" in sentence
    assert done.stderr.strip() == sentence  # one sentence, nothing else
    assert faultkit.snapshot(established) == before


def test_a_write_protected_library_file_reads_and_refuses_writes(
    can_mount: None, established: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    shutil.copytree(established, home)
    db = home / "library.sqlite3"
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported on this file system")
    try:
        takes = faultkit.workbench(home, "takes", "--json")
        run = faultkit.workbench(home, "run", "a new fox", "--provider", "sim")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert takes.returncode == 0, takes.stderr
    assert len(takes.stdout.splitlines()) == 2
    assert run.returncode == 1
    assert "is read-only (the file is write-protected)" in run.stderr
    assert "Traceback" not in run.stderr and "Sending" not in run.stderr


def test_a_read_only_folder_without_a_library_says_it_cannot_make_one(
    read_only, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    home = read_only(empty)
    for argv in (("takes",), ("run", "a fox", "--provider", "sim")):
        done = faultkit.workbench(home, *argv)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.strip() == (
            f"Workbench cannot create its library in {home} (its file system is mounted "
            "read-only); make the folder writable or point WORKBENCH_HOME at a writable one."
        )


def test_the_engine_lock_on_a_read_only_folder_is_said_in_words(
    read_only, established: Path
) -> None:
    from workbench.engine.locks import EngineLock
    from workbench.library import LibraryReadOnly

    home = read_only(established)
    for take in (EngineLock.acquire_shared, EngineLock.acquire_exclusive):
        lock = EngineLock(home)
        with pytest.raises(LibraryReadOnly, match="its file system is mounted read-only"):
            take(lock)
        lock.release()


def test_the_engine_reads_a_read_only_library_for_a_window_and_refuses_writes_by_kind(
    read_only, crashed: Path
) -> None:
    """What the desktop's board, library, history and stats views ask, through the engine."""
    import asyncio

    from workbench.engine.engine import Engine
    from workbench.library import LibraryReadOnly
    from workbench.library.records import TakeFilter
    from workbench.providers import registry

    home = read_only(crashed)

    async def go() -> None:
        engine = Engine(provider_factory=registry.create, home=home)
        try:
            seen: list[object] = []
            await engine.subscribe(seen.append)
            (run,) = await engine.run_summaries()
            board = await engine.board(run.prompt_version_id)
            page = await engine.takes_page(TakeFilter(favourite=True))
            history = await engine.prompt_history(run.prompt_id)
            stats = await engine.stats()
            assert len(board.jobs) == 2 and len(page.items) == 2  # one favourite in the WAL
            assert history and stats[0].draws == 2
            with pytest.raises(LibraryReadOnly) as caught:
                await engine.rate(1, 5)
            assert caught.value.kind == "read-only"
            with pytest.raises(LibraryReadOnly):
                await engine.resume()
        finally:
            await engine.aclose()

    asyncio.run(go())
