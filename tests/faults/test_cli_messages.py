"""The smaller promises of issue 11, item 10, and one sentence per library problem (item 7).

``--budget`` must be a positive amount; a broken settings file is not "the library"; ``run``
says nothing about sending before the library is open; a damaged or too-new library is one
sentence, with no traceback and nothing sent.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.library.migrations import LATEST


@pytest.fixture(autouse=True)
def quick_sim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SIM_RENDER_SCALE", "0")
    monkeypatch.setenv("WORKBENCH_SIM_FAILURE_RATE", "0")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    _out, err = capsys.readouterr()
    return code, err


def _nothing_sent(home: Path) -> None:
    assert not (home / "sim-service" / "submissions.log").exists()
    db = home / "library.sqlite3"
    if not db.exists():
        return
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError:  # the damaged file of the test itself
            return
        if "runs" in tables:
            assert conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


@pytest.mark.parametrize("budget", ["-1", "0", "nan", "inf", "-inf"])
@pytest.mark.parametrize("command", ["run", "reroll"])
def test_a_budget_must_be_a_positive_amount(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, budget: str, command: str
) -> None:
    argv = (("run", "a fox", "--provider", "sim") if command == "run" else ("reroll", "1")) + (
        f"--budget={budget}",
    )
    code, err = _cli(capsys, *argv)
    assert code == 2, err
    assert "budget" in err and "must be" in err, err
    assert "Traceback" not in err and "Sending" not in err
    _nothing_sent(isolated_home)


@pytest.mark.parametrize(
    ("content", "says"),
    [("{ not json", "is not valid JSON"), ('{"default_draws": 0}', "has invalid values")],
)
@pytest.mark.parametrize("argv", [("runs",), ("run", "a fox", "--provider", "sim")])
def test_a_broken_settings_file_is_not_called_the_library(
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
    content: str,
    says: str,
    argv: tuple[str, ...],
) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "settings.json").write_text(content)
    code, err = _cli(capsys, *argv)
    assert code == 2
    assert "library" not in err.lower(), err
    assert err.startswith("Cannot read the settings: ") and says in err, err
    assert err.count("\n") == 1 and "Sending" not in err  # one sentence, nothing sent
    _nothing_sent(isolated_home)


@pytest.mark.parametrize(
    ("write", "kind_words"),
    [
        (lambda p: p.write_bytes(b"not a database " * 200), "is damaged or is not a Workbench"),
        (lambda p: sqlite3.connect(p).execute(f"PRAGMA user_version = {LATEST + 2}"), "newer"),
    ],
    ids=["damaged", "too-new"],
)
@pytest.mark.parametrize("argv", [("run", "a fox", "--provider", "sim"), ("takes",), ("resume",)])
def test_a_library_problem_is_one_sentence_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str],
    isolated_home: Path,
    write: object,
    kind_words: str,
    argv: tuple[str, ...],
) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "library.sqlite3"
    write(db)  # type: ignore[operator]
    before = db.read_bytes()
    code, err = _cli(capsys, *argv)
    assert code == 1
    assert kind_words in err
    assert "Sending" not in err and "Traceback" not in err
    assert "Cannot open the library" not in err
    assert err.count("\n") == 1, err  # exactly one line: the sentence
    assert db.read_bytes() == before  # left untouched
    _nothing_sent(isolated_home)
