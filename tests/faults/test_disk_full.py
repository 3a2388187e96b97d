"""A disk that fills up: one sentence, honest counts, nothing lost or sent twice (items 4–6).

The data directory (or only the sim service's files) lives on a size-limited tmpfs; once
the run has stopped, the tmpfs gets room and ``workbench resume`` must bring every draw
home without sending any twice.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.faults import faultkit

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

FULL = re.compile(
    r"^The disk holding (?P<folder>\S+) is full: "
    r"(?:(?P<unsent>\d+) draw\(s\) were not sent(?: and (?P<sent>\d+) are rendering on their "
    r"services; once there is room, `workbench resume` collects them and sends the rest"
    r"|; once there is room, `workbench resume` sends them)"
    r"|(?P<only_sent>\d+) draw\(s\) are rendering on their services; once there is room, "
    r"`workbench resume` collects them)\.$"
)
#: A run bigger than a 1 MB disk: 2 × 12 draws of 2 s at 360p (~45 KB a clip and poster).
BIG_RUN = (
    "run", "a fox running through snow", "--provider", "sim", "--provider", "sim:sim-pro",
    "--draws", "12", "--duration", "2", "--resolution", "360p",
)  # fmt: skip


def _counts(match: re.Match[str]) -> tuple[int, int]:
    unsent = int(match["unsent"] or 0)
    sent = int(match["sent"] or match["only_sent"] or 0)
    return unsent, sent


def _sim_elsewhere(home: Path, sim: Path) -> None:
    """The sim service's files on another disk: only Workbench's own disk fills up."""
    settings = {"providers": {"sim": {"options": {"root": str(sim)}}}}
    (home / "settings.json").write_text(json.dumps(settings))


def _resume_with_room(home: Path, sim: Path | None = None) -> faultkit.Facts:
    faultkit.resize(home, "256m")
    done = faultkit.workbench(home, "resume", "-q", timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    found = faultkit.facts(home, sim=sim)
    assert found.integrity == "ok"
    assert set(found.states) == {"done"}, found.states
    assert (found.sent_twice, found.sent_not_done, found.unknown_to_library) == (0, 0, 0)
    assert found.part_files == 0
    return found


def test_a_run_that_fills_the_disk_says_so_once_and_counts_honestly(
    can_mount: None, tmp_path: Path
) -> None:
    with faultkit.tmpfs(tmp_path / "home", "1m") as home:
        _sim_elsewhere(home, tmp_path / "sim")
        started = time.monotonic()
        done = faultkit.workbench(home, *BIG_RUN, "--json", timeout=240)
        took = time.monotonic() - started
        outcome = faultkit.Outcome(done.returncode, done.stdout, done.stderr)
        assert done.returncode == 1, done.stderr
        assert outcome.tracebacks == 0, done.stderr
        assert "ERROR" not in done.stderr and "internal error" not in done.stderr
        sentence = outcome.last_line()
        match = FULL.match(sentence)
        assert match, done.stderr
        assert match["folder"] == str(home)
        assert sum(1 for line in done.stderr.splitlines() if "is full" in line) == 1
        unsent, sent = _counts(match)
        states = faultkit.facts(home).states
        assert unsent == states["planned"]
        assert sent == sum(states[s] for s in faultkit.ACTIVE)
        assert unsent + sent > 0
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert len(rows) == 24
        assert took < 60  # stopped, not waiting out the poll deadline
        _resume_with_room(home, tmp_path / "sim")


def test_resume_on_a_still_full_disk_says_the_disk_is_full(can_mount: None, tmp_path: Path) -> None:
    with faultkit.tmpfs(tmp_path / "home", "1m") as home:
        _sim_elsewhere(home, tmp_path / "sim")
        first = faultkit.workbench(home, *BIG_RUN, "-q", timeout=240)
        assert first.returncode == 1 and FULL.match(first.stderr.strip()), first.stderr
        faultkit.fill(home)
        again = faultkit.workbench(home, "resume", timeout=240)
        outcome = faultkit.Outcome(again.returncode, again.stdout, again.stderr)
        assert again.returncode == 1, again.stderr
        assert outcome.tracebacks == 0, again.stderr
        sentence = outcome.last_line()
        assert sentence.startswith(f"The disk holding {home} is full"), again.stderr
        assert "Traceback" not in again.stderr and "engine.lock" not in again.stderr
        (home / "filler.bin").unlink()
        _resume_with_room(home, tmp_path / "sim")


def test_a_sim_render_that_cannot_be_written_fails_that_draw_once_and_leaves_no_temp_file(
    can_mount: None, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with faultkit.tmpfs(tmp_path / "sim", "1m") as sim:
        _sim_elsewhere(home, sim)
        for sub in ("tasks", "refs", "outputs"):
            (sim / sub).mkdir()
        faultkit.fill(sim, leave=48 * 1024)  # room for job files, none for a clip
        started = time.monotonic()
        done = faultkit.workbench(
            home, "run", "a fox", "--provider", "sim", "--draws", "3", "--duration", "4",
            "--resolution", "720p", "--json", timeout=120,
        )  # fmt: skip
        took = time.monotonic() - started
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert [r["state"] for r in rows] == ["failed"] * 3
        for row in rows:
            assert row["failure_kind"] == "provider", row
            assert "no space" in (row["failure_message"] or "").lower(), row
            assert row["charged"] in ("no", "unknown")  # never billed twice, never invented
        assert took < 60  # the old sim restarted the render on every poll until the deadline
        leftovers = [p.name for p in (sim / "outputs").iterdir()]
        assert leftovers == [], leftovers
        assert not list((sim / "tasks").glob("*.tmp")) and not list((sim / "refs").glob("*.tmp"))
