"""The command line end to end on the offline sim (real clips, real library, real keyring API)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.fakes.clips import png_bytes
from workbench.cli import main


@pytest.fixture(autouse=True)
def quick_sim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SIM_RENDER_SCALE", "0.02")
    monkeypatch.setenv("WORKBENCH_SIM_FAILURE_RATE", "0")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return code, rows, err


def runs_in_library(home: Path) -> int:
    db = home / "library.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]


def generate(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict]:
    code, rows, err = cli(
        capsys,
        "run",
        "a red fox running through snow",
        "--provider",
        "sim",
        "--provider",
        "sim:sim-pro",
        "--draws",
        "2",
        "--duration",
        "2",
        "--resolution",
        "240p" if False else "360p",
        "--json",
        *extra,
    )
    assert code == 0, err
    return rows


def test_run_makes_playable_takes_and_reports_each_draw(capsys, isolated_home: Path) -> None:
    rows = generate(capsys, "--seed-policy", "sequence", "--seed", "40")
    assert len(rows) == 4
    assert {(r["provider"], r["model"]) for r in rows} == {("sim", "sim-fast"), ("sim", "sim-pro")}
    assert sorted(r["seed"] for r in rows) == [40, 40, 41, 41]
    for row in rows:
        assert row["state"] == "done" and row["failure_kind"] is None
        assert Path(row["clip"]).read_bytes()[4:8] == b"ftyp"
        assert Path(row["poster"]).exists()
        assert row["duration"] == pytest.approx(2.0, abs=0.1) and row["height"] == 360
        assert row["cost_usd"] > 0 and row["take"]
    assert {r["draw"] for r in rows} == {1, 2}


def test_failed_draws_exit_1_with_their_reason(capsys) -> None:
    code, rows, err = cli(
        capsys, "run", "a scene of gore", "--provider", "sim", "--json", "--duration", "2"
    )
    assert code == 1
    assert rows[0]["failure_kind"] == "moderation" and rows[0]["take"] is None
    assert "content filter" in rows[0]["failure_message"]
    assert "content filter" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--provider", "nosuch"], "there is no provider 'nosuch'; choose sim"),
        (["--provider", "sim:sim-ultra"], "has no model 'sim-ultra'; choose sim-fast"),
        (
            ["--provider", "sim", "--duration", "999"],
            "duration: 999 s is not offered by sim-fast; choose 2 s, 3 s",
        ),
        (["--provider", "sim", "--duration", "0"], "duration: 0 is too small; use at least 1"),
        (["--provider", "sim", "--seed", "-5"], "seed: -5 is negative"),
        (["--provider", "sim", "--budget", "-1"], "budget: -1 must be above 0"),
        (["--provider", "sim", "--aspect", "5:4"], "choose 16:9, 9:16"),
        (
            ["--provider", "sim", "--resolution", "8k"],
            "resolution: 8k is not offered by sim-fast; choose 360p, 480p",
        ),
        (["--provider", "sim", "--seed-policy", "fixed"], "--seed-policy fixed needs --seed N"),
        (["--provider", "sim", "--first-frame", "/no/such.png"], "does not exist"),
        (["--provider", "sim", "--draws", "3", "--budget", "0.01"], "over the budget of $0.01"),
        (["--provider", "seedance"], "no API key for"),
    ],
)
def test_bad_input_exits_2_names_the_problem_and_sends_nothing(
    capsys, isolated_home: Path, argv: list[str], words: str
) -> None:
    code, rows, err = cli(capsys, "run", "a fox", *argv)
    assert code == 2 and rows == []
    assert words in err and "Nothing was sent" in err
    assert "Input should be" not in err and "Value error" not in err  # no raw pydantic text
    assert runs_in_library(isolated_home) == 0
    assert not (isolated_home / "sim-service" / "submissions.log").exists()


def test_image_to_video_with_first_and_last_frame(capsys, tmp_path: Path) -> None:
    first, last = tmp_path / "first.png", tmp_path / "last.png"
    first.write_bytes(png_bytes(colour=(250, 0, 0)))
    last.write_bytes(png_bytes(colour=(0, 0, 250)))
    code, rows, err = cli(
        capsys,
        "run",
        "the colour drains away",
        "--provider",
        "sim",
        "--first-frame",
        str(first),
        "--last-frame",
        str(last),
        "--duration",
        "2",
        "--json",
    )
    assert code == 0, err
    assert rows[0]["state"] == "done"


def test_judging_filtering_and_stats(capsys) -> None:
    rows = generate(capsys)
    keeper, dud = rows[0]["take"], rows[1]["take"]
    assert cli(capsys, "rate", str(keeper), "5")[0] == 0
    assert cli(capsys, "fav", str(keeper))[0] == 0
    assert cli(capsys, "tag", str(keeper), "Hero Shot")[0] == 0
    assert cli(capsys, "note", str(dud), "the fox has five legs")[0] == 0
    assert cli(capsys, "reason", str(dud), "physics")[0] == 0
    code, favs, _ = cli(capsys, "takes", "--fav", "--json")
    assert code == 0 and [t["take"] for t in favs] == [keeper]
    assert favs[0]["tags"] == ["hero shot"] and favs[0]["rating"] == 5
    assert [t["take"] for t in cli(capsys, "takes", "--min-rating", "4", "--json")[1]] == [keeper]
    assert [t["take"] for t in cli(capsys, "takes", "--tag", "hero shot", "--json")[1]] == [keeper]
    assert cli(capsys, "takes", "--provider", "sim", "--json")[1]
    assert cli(capsys, "takes", "--provider", "kling", "--json")[1] == []
    code, stats, _ = cli(capsys, "stats", "--json")
    by_model = {s["model"]: s for s in stats}
    assert sum(s["keepers"] for s in stats) == 1 and sum(s["draws"] for s in stats) == 4
    assert all(s["median_render_s"] > 0 for s in stats)
    code, _, err = cli(capsys, "rate", str(keeper), "9")
    assert code == 2
    code, _, err = cli(capsys, "reason", str(dud), "lighting")
    assert code == 2 and "choose hands" in err
    code, _, err = cli(capsys, "fav", "9999")
    assert code == 2 and "there is no take 9999" in err
    assert by_model


def test_reroll_keeps_lineage_with_new_seeds(capsys, isolated_home: Path) -> None:
    first = generate(capsys)[0]
    code, rows, err = cli(capsys, "reroll", str(first["take"]), "--draws", "2", "--json")
    assert code == 0, err
    assert {(r["provider"], r["model"]) for r in rows} == {(first["provider"], first["model"])}
    assert [r["draw"] for r in rows] == [3, 4]  # draws 1 and 2 were the first run
    assert first["seed"] not in {r["seed"] for r in rows}
    with sqlite3.connect(isolated_home / "library.sqlite3") as conn:
        parent = conn.execute("SELECT parent_take_id FROM runs ORDER BY id DESC").fetchone()[0]
        versions = conn.execute("SELECT COUNT(*) FROM prompt_versions").fetchone()[0]
    assert parent == first["take"] and versions == 1


def test_export_writes_clips_sidecars_and_an_index(capsys, tmp_path: Path) -> None:
    rows = generate(capsys)
    cli(capsys, "fav", str(rows[0]["take"]))
    cli(capsys, "note", str(rows[0]["take"]), "keeper")
    out = tmp_path / "export"
    code, _, err = cli(capsys, "export", str(out), "--fav")
    assert code == 0 and "Exported 1 take" in err
    clips = list(out.glob("*.mp4"))
    assert len(clips) == 1 and clips[0].read_bytes()[4:8] == b"ftyp"
    sidecar = json.loads(clips[0].with_suffix(".json").read_text())
    assert sidecar["prompt"] == "a red fox running through snow"
    assert sidecar["notes"] == ["keeper"] and sidecar["seed"] == rows[0]["seed"]
    assert sidecar["spec"]["duration"] == 2
    index = list(csv.DictReader(io.StringIO((out / "index.csv").read_text())))
    assert [r["file"] for r in index] == [clips[0].name]


def test_runs_and_resume_with_nothing_left(capsys) -> None:
    generate(capsys)
    code, runs, _ = cli(capsys, "runs", "--json")
    assert code == 0 and runs[0]["draws"] == 4 and runs[0]["done"] == 4
    code, _, err = cli(capsys, "resume")
    assert code == 0 and "Nothing to resume" in err


def test_providers_lists_capabilities_and_key_state(capsys) -> None:
    code, rows, _ = cli(capsys, "providers", "--json")
    sim = next(r for r in rows if r["provider"] == "sim")
    assert code == 0 and sim["key"] == "not needed"
    assert {m["id"] for m in sim["models"]} == {"sim-fast", "sim-pro", "sim-cinema"}


def test_keys_are_read_from_stdin_and_kept_in_the_keychain(
    capsys, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("AK-123:SK-456\n"))
    code, _, err = cli(capsys, "keys", "set", "kling")
    assert code == 0 and "stored" in err and "SK-456" not in err
    stored = json.loads(memory_keyring.items[("workbench", "kling")])
    assert stored == {"access_key": "AK-123", "secret_key": "SK-456"}
    assert cli(capsys, "keys", "delete", "kling")[0] == 0
    assert ("workbench", "kling") not in memory_keyring.items


def test_no_keychain_points_at_the_environment(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-test\n"))
    code, _, err = cli(capsys, "keys", "set", "runway")
    assert code == 2
    assert "no system keychain" in err and "RUNWAYML_API_SECRET" in err
    assert "Traceback" not in err


def test_default_draws_setting_applies_and_quiet_is_quiet(capsys) -> None:
    assert main(["settings", "set", "default_draws", "3"]) == 0
    capsys.readouterr()
    code, rows, err = cli(capsys, "run", "a fox", "--provider", "sim", "--json", "--quiet")
    assert code == 0 and len(rows) == 3
    assert err == ""  # no "Sending …", no progress
    code, rows, _ = cli(capsys, "run", "a fox", "--provider", "sim", "--json", "-n", "1")
    assert len(rows) == 1  # --draws still wins


def test_reroll_after_a_newer_version_stays_on_its_version(capsys) -> None:
    """Issue 6 bug 4 through the command line, exactly as reported."""
    _, first, _ = cli(capsys, "run", "fox v1", "-p", "sim", "--json")
    cli(capsys, "run", "fox v2", "-p", "sim", "--prompt-id", "1", "--json")
    code, rerolled, _ = cli(capsys, "reroll", str(first[0]["take"]), "--json")
    assert code == 0 and rerolled[0]["draw"] == 2
    _, takes, _ = cli(capsys, "takes", "--json")
    assert sorted({(t["prompt"], t["prompt_version"]) for t in takes}) == [
        ("fox v1", 1),
        ("fox v2", 2),
    ]
