"""Any number of Workbench processes can start on one library at once (issue 11, items 1–3).

Each child opens the library on a shared schedule, so one process start races many times:
the window and the command line opening a brand-new library together, an established one,
one that needs an upgrade; the first prompt typed in two places at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.faults import faultkit
from workbench.library.migrations import LATEST

# Real processes racing many times: minutes in all, so they run in CI and on demand.
pytestmark = pytest.mark.slow

ROUNDS = 16


def _failures(rounds: list[list[tuple[str, str]]]) -> list[str]:
    return [f"round {i}: {detail}" for i, r in enumerate(rounds) for ok, detail in r if ok != "ok"]


@pytest.mark.parametrize("processes", [2, 4])
def test_processes_opening_a_new_library_at_once_all_open_it(
    tmp_path: Path, processes: int
) -> None:
    rounds = faultkit.open_at_once(tmp_path, processes, ROUNDS)
    assert _failures(rounds) == []
    for i in range(ROUNDS):
        with sqlite3.connect(tmp_path / f"round{i}" / "library.sqlite3") as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("schema", [1, None], ids=["to-upgrade", "current"])
@pytest.mark.parametrize("processes", [2, 4])
def test_processes_opening_an_established_library_at_once_all_open_it(
    tmp_path: Path, processes: int, schema: int
) -> None:
    for i in range(ROUNDS):
        faultkit.make_library(tmp_path / f"round{i}", schema)
    rounds = faultkit.open_at_once(tmp_path, processes, ROUNDS)
    assert _failures(rounds) == []
    for i in range(ROUNDS):
        with sqlite3.connect(tmp_path / f"round{i}" / "library.sqlite3") as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
            assert conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0] <= 1


@pytest.mark.parametrize("processes", [2, 4])
def test_the_first_project_made_by_processes_at_once_is_one_project(
    tmp_path: Path, processes: int
) -> None:
    rounds = faultkit.open_at_once(tmp_path, processes, ROUNDS, action="project")
    assert _failures(rounds) == []
    for i, results in enumerate(rounds):
        assert len({detail for _ok, detail in results}) == 1, f"round {i}: {results}"
        with sqlite3.connect(tmp_path / f"round{i}" / "library.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 1


@pytest.mark.parametrize("processes", [2, 4])
def test_the_same_new_prompt_from_processes_at_once_is_one_prompt(
    tmp_path: Path, processes: int
) -> None:
    rounds = faultkit.open_at_once(tmp_path, processes, ROUNDS, action="prompt")
    assert _failures(rounds) == []
    for i, results in enumerate(rounds):
        assert len({detail for _ok, detail in results}) == 1, f"round {i}: {results}"
        with sqlite3.connect(tmp_path / f"round{i}" / "library.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM prompts").fetchone()[0] == 1
            assert conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("held_by", "action"),
    [
        ("creating", "open"),
        ("creating", "prompt"),
        ("upgrading", "open"),
        ("upgrading", "prompt"),
        ("writing", "project"),
        ("writing", "prompt"),
    ],
)
@pytest.mark.parametrize("processes", [2, 4])
def test_processes_waiting_on_another_workbench_all_open_the_library_once_it_is_free(
    tmp_path: Path, processes: int, held_by: str, action: str
) -> None:
    """Another Workbench holds the new file mid-way; every process waits, then shares it."""
    if held_by != "creating":
        faultkit.make_library(tmp_path / "round0", schema=1 if held_by == "upgrading" else None)
    (results,) = faultkit.open_at_once(tmp_path, processes, 1, action=action, held_by=held_by)
    assert [detail for ok, detail in results if ok != "ok"] == []
    assert len({detail for _ok, detail in results}) == 1, results
    with sqlite3.connect(tmp_path / "round0" / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        names = [r[0] for r in conn.execute("SELECT name FROM projects")]
        assert len(names) == len(set(names)), names
        assert conn.execute("SELECT COUNT(*) FROM prompts").fetchone()[0] <= 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("library", ["empty", "established"])
@pytest.mark.parametrize("processes", [2, 4])
def test_first_runs_from_processes_at_once_share_one_prompt_and_number_every_draw(
    tmp_path: Path, processes: int, library: str
) -> None:
    """The window and the command line (here: N command lines) sending the same prompt."""
    home = tmp_path / "home"
    if library == "established":
        faultkit.make_library(home)
    outcomes = faultkit.many(
        [home] * processes,
        "run", "the same prompt from every window", "--provider", "sim", "--draws", "2",
        "--duration", "2", "--resolution", "360p", "-q",
    )  # fmt: skip
    for outcome in outcomes:
        assert outcome.code == 0, outcome.err
        assert outcome.tracebacks == 0 and outcome.err == "", outcome.err
    found = faultkit.facts(home)
    assert found.integrity == "ok"
    assert (found.projects, found.prompts, found.versions) == (1, 1, 1)
    assert found.states == {"done": 2 * processes}
    numbers = [n for _p, _m, n in found.draw_numbers]
    assert sorted(numbers) == list(range(1, 2 * processes + 1))  # draw n of this prompt
    assert (found.sent_twice, found.sent_not_done, found.unknown_to_library) == (0, 0, 0)
