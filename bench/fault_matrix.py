"""The fault matrix of issue 11: every fault, with real processes, and what came of it.

Run as root on Linux (tmpfs and read-only bind mounts; rows that need them are skipped with
the reason elsewhere)::

    .venv/bin/python bench/fault_matrix.py            # the whole matrix, a few minutes
    .venv/bin/python bench/fault_matrix.py --quick    # one trial per row, fewer rows

Each row is one fault; its columns: how many trials, the exit codes seen, the sentence the
user read (the last line on stderr; "—" when there was none), Python tracebacks printed,
``PRAGMA integrity_check``, and — after ``workbench resume`` once the fault is gone —
draws lost (sent to the service but not delivered, or received by it and unknown to the
library) and draws sent twice. Uses the offline sim with no random failures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.faults import faultkit  # noqa: E402

SMALL_RUN = (
    "run", "a fox running through snow", "--provider", "sim", "--draws", "1",
    "--duration", "2", "--resolution", "360p", "-q",
)  # fmt: skip
BIG_RUN = (
    "run", "a fox running through snow", "--provider", "sim", "--provider", "sim:sim-pro",
    "--draws", "12", "--duration", "2", "--resolution", "360p",
)  # fmt: skip
SLOW_SIM = {"WORKBENCH_SIM_RENDER_SCALE": "0.3", "WORKBENCH_SIM_LATENCY": "0.4"}


@dataclass
class Row:
    """One fault and what the trials of it showed."""

    fault: str
    trials: int = 0
    codes: Counter[int] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)
    tracebacks: int = 0
    integrity: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    twice: int = 0
    note: str = ""

    def add(self, outcomes: list[faultkit.Outcome]) -> None:
        """Record the processes of one trial."""
        self.trials += 1
        for outcome in outcomes:
            self.codes[outcome.code] += 1
            self.messages[_short(outcome.last_line()) or "—"] += 1
            self.tracebacks += outcome.tracebacks

    def settle(self, found: faultkit.Facts) -> None:
        """Record the library and the service after the trial (and its resume)."""
        self.integrity[found.integrity] += 1
        self.lost += found.sent_not_done + found.unknown_to_library
        self.twice += found.sent_twice


def _short(line: str, width: int = 400) -> str:
    line = re.sub(r"/tmp/workbench-faults-[^/ ]+", "$TMP", line)
    return line if len(line) <= width else line[: width - 1] + "…"


def _fmt(counter: Counter[object]) -> str:
    return ", ".join(f"{k}×{n}" if n > 1 else str(k) for k, n in counter.most_common())


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="workbench-faults-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _sim_elsewhere(home: Path, sim: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.json").write_text(
        json.dumps({"providers": {"sim": {"options": {"root": str(sim)}}}})
    )


def _resume(home: Path, sim: Path | None = None, **env: str) -> faultkit.Facts:
    faultkit.workbench(home, "resume", "-q", timeout=600, **env)
    return faultkit.facts(home, sim=sim)


# -- the rows ---------------------------------------------------------------------------------
def processes_at_once(processes: int, established: bool, trials: int) -> Row:
    """N ``workbench run`` at once on one library; lost = a process that did not finish."""
    row = Row(f"{processes} runs at once, {'established' if established else 'fresh'} library")
    for _ in range(trials):
        with _scratch() as scratch:
            home = scratch / "home"
            if established:
                faultkit.make_library(home)
            outcomes = faultkit.many([home] * processes, *SMALL_RUN)
            row.add(outcomes)
            found = faultkit.facts(home)
            row.settle(found)
            row.lost += processes - found.states["done"]
            if found.prompts != 1:
                row.note = f"{found.prompts} prompts for one text"
    return row


def disk_full(trials: int, sim_on_same_disk: bool) -> Row:
    """A 24-draw run on a 1 MB data directory; then room, and resume."""
    label = "the sim's files too" if sim_on_same_disk else "the sim elsewhere"
    row = Row(f"disk full mid-run (1 MB tmpfs, {label})")
    failed = 0
    for _ in range(trials):
        with _scratch() as scratch, faultkit.tmpfs(scratch / "home", "1m") as home:
            sim = None if sim_on_same_disk else scratch / "sim"
            if sim is not None:
                _sim_elsewhere(home, sim)
            done = faultkit.workbench(home, *BIG_RUN, timeout=600)
            row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
            faultkit.resize(home, "256m")
            found = _resume(home, sim)
            row.settle(found)
            failed += found.states["failed"]
    if failed:
        row.note = f"{failed} draw(s) failed on the sim: it could not write their clips"
    return row


def resume_still_full(trials: int) -> Row:
    """A run stopped by a full disk, then resume while it is still full; then with room."""
    row = Row("resume on a still-full disk")
    for _ in range(trials):
        with _scratch() as scratch, faultkit.tmpfs(scratch / "home", "1m") as home:
            _sim_elsewhere(home, scratch / "sim")
            faultkit.workbench(home, *BIG_RUN, "-q", timeout=600)
            filler = faultkit.fill(home)
            done = faultkit.workbench(home, "resume", timeout=600)
            row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
            filler.unlink()
            faultkit.resize(home, "256m")
            row.settle(_resume(home, scratch / "sim"))
    return row


def sim_full(trials: int) -> Row:
    """Only the sim's files on a full disk: each draw fails once, no temp files left."""
    row = Row("the sim's own disk full (library fine)")
    parts = 0
    for _ in range(trials):
        with _scratch() as scratch, faultkit.tmpfs(scratch / "sim", "1m") as sim:
            home = scratch / "home"
            _sim_elsewhere(home, sim)
            for sub in ("tasks", "refs", "outputs"):
                (sim / sub).mkdir()
            faultkit.fill(sim, leave=48 * 1024)
            started = time.monotonic()
            done = faultkit.workbench(
                home, "run", "a fox", "--provider", "sim", "--draws", "3", "--duration", "4",
                "--resolution", "720p", "-q", timeout=900,
            )  # fmt: skip
            took = time.monotonic() - started
            row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
            found = faultkit.facts(home, sim=sim)
            row.integrity[found.integrity] += 1
            parts += found.part_files
            row.note = f"{found.states['failed']} of 3 draws failed once, in {took:.0f} s"
    row.note += f"; temp files left: {parts}"
    return row


def read_only(trials: int) -> list[Row]:
    """Each command on a read-only bind mount of a library with two takes."""
    rows: list[Row] = []
    commands: list[tuple[str, ...]] = [
        ("runs",), ("takes",), ("stats",), ("export", "{out}"),
        ("run", "a new fox", "--provider", "sim"), ("rate", "1", "5"), ("resume",),
    ]  # fmt: skip
    with _scratch() as scratch:
        home = scratch / "home"
        made = faultkit.workbench(home, *SMALL_RUN[:4], "--draws", "2", *SMALL_RUN[6:])
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
        before = faultkit.snapshot(home)
        with faultkit.read_only_view(home, scratch / "ro") as view:
            for argv in commands:
                row = Row(f"read-only library: {argv[0]}")
                for n in range(trials):
                    args = [a.format(out=scratch / f"out{argv[0]}{n}") for a in argv]
                    done = faultkit.workbench(view, *args)
                    row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
                    if done.returncode == 0 and done.stdout:
                        row.messages = Counter(
                            {f"(output: {len(done.stdout.splitlines())} lines)": row.trials}
                        )
                rows.append(row)
        changed = faultkit.snapshot(home) != before
        found = faultkit.facts(home)
        for row in rows:
            row.integrity[found.integrity] += 1
            row.note = "library changed!" if changed else "library unchanged"
    return rows


def signalled(sig: int, name: str, trials: int) -> Row:
    """A signal while a draw is running; then resume."""
    row = Row(f"{name} mid-run (a draw running)")
    for _ in range(trials):
        with _scratch() as scratch:
            for attempt in range(5):
                home = scratch / f"try{attempt}"
                caught, outcome = faultkit.run_until(home, "running", sig, **SLOW_SIM)
                if caught:
                    break
            row.add([outcome])
            row.settle(_resume(home, **SLOW_SIM))
    return row


def killed(state: str, trials: int) -> Row:
    """kill -9 with a draw in ``state``; then resume (tests/cli/test_kill9.py's approach)."""
    row = Row(f"kill -9 with a draw {state}")
    missed = 0
    for _ in range(trials):
        with _scratch() as scratch:
            for attempt in range(5):
                home = scratch / f"try{attempt}"
                caught, _ = faultkit.run_until(home, state, signal.SIGKILL, **SLOW_SIM)
                if caught:
                    break
            else:
                missed += 1
                continue
            done = faultkit.workbench(home, "resume", "-q", timeout=600, **SLOW_SIM)
            row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
            found = faultkit.facts(home)
            row.settle(found)
            row.lost += sum(n for s, n in found.states.items() if s != "done")
    row.note = "exit code and message: of the resume" + (f"; {missed} not caught" if missed else "")
    return row


def held_lock(held_by: str, processes: int, trials: int) -> Row:
    """Another Workbench holds the library mid-creation / mid-upgrade while N open it."""
    row = Row(f"{processes} open while another holds it {held_by}")
    for _ in range(trials):
        with _scratch() as scratch:
            if held_by == "upgrading":
                faultkit.make_library(scratch / "round0", schema=1)
            (results,) = faultkit.open_at_once(scratch, processes, 1, "prompt", held_by=held_by)
            row.trials += 1
            for ok, detail in results:
                row.codes[0 if ok == "ok" else 1] += 1
                row.messages[_short(detail) if ok != "ok" else "—"] += 1
            db = scratch / "round0" / "library.sqlite3"
            with contextlib.closing(sqlite3.connect(db)) as conn:
                row.integrity[conn.execute("PRAGMA integrity_check").fetchone()[0]] += 1
                prompts = conn.execute("SELECT COUNT(*) FROM prompts").fetchone()[0]
            row.note = f"{prompts} prompt(s); exit 0/1 = opened / failed"
    return row


def busy_upgrade(trials: int) -> Row:
    """``workbench runs`` while another Workbench holds the library mid-upgrade for 6 s."""
    row = Row("another Workbench upgrading for 6 s: runs")
    for _ in range(trials):
        with _scratch() as scratch:
            home = scratch / "home"
            faultkit.make_library(home, schema=1)
            holder = faultkit.hold_lock(home / "library.sqlite3", "upgrading", time.time() + 6)
            done = faultkit.workbench(home, "runs")
            holder.communicate(timeout=60)
            outcome = faultkit.Outcome(done.returncode, done.stdout, done.stderr)
            row.add([outcome])
            row.settle(faultkit.facts(home))
            row.note = "message: the notice while it waited; then it listed the runs"
    return row


def broken_library(kind: str) -> Row:
    """A damaged or too-new library file: run, then takes."""
    row = Row(f"{kind} library file: run")
    with _scratch() as scratch:
        home = scratch / "home"
        home.mkdir()
        db = home / "library.sqlite3"
        if kind == "damaged":
            db.write_bytes(b"not a database " * 200)
        else:
            with contextlib.closing(sqlite3.connect(db)) as conn:
                conn.execute("PRAGMA user_version = 99")
        before = db.read_bytes()
        done = faultkit.workbench(home, "run", "a fox", "--provider", "sim")
        row.add([faultkit.Outcome(done.returncode, done.stdout, done.stderr)])
        row.integrity["untouched" if db.read_bytes() == before else "CHANGED"] += 1
    return row


# -- printing ---------------------------------------------------------------------------------
def print_table(rows: list[Row]) -> None:
    """The matrix as a Markdown table (for the closing note)."""
    head = ("fault", "trials", "exit codes", "message", "tracebacks", "integrity",
            "draws lost", "sent twice", "note")  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        cells = (
            r.fault, str(r.trials), _fmt(r.codes), _fmt(r.messages).replace("|", "\\|"),
            str(r.tracebacks), _fmt(r.integrity) or "—", str(r.lost), str(r.twice), r.note,
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |", flush=True)


def main() -> int:
    """Run the matrix and print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one trial per row, fewer rows")
    parser.add_argument("--trials", type=int, default=3, help="trials per row (default 3)")
    args = parser.parse_args()
    trials = 1 if args.quick else args.trials
    no_mount = faultkit.mount_unavailable()
    plan: list[Callable[[], Row | list[Row]]] = []
    for processes in (2, 4) if args.quick else (2, 4, 8):
        for established in (False, True):
            plan.append(lambda p=processes, e=established: processes_at_once(p, e, trials))
    for held_by in ("creating", "upgrading", "writing"):
        for processes in (2, 4):
            plan.append(lambda h=held_by, p=processes: held_lock(h, p, trials))
    if no_mount is None:
        plan += [
            lambda: disk_full(trials, sim_on_same_disk=False),
            lambda: disk_full(trials, sim_on_same_disk=True),
            lambda: resume_still_full(trials),
            lambda: sim_full(trials),
            lambda: read_only(trials),
        ]
    plan += [
        lambda: signalled(signal.SIGTERM, "SIGTERM", trials),
        lambda: signalled(signal.SIGINT, "Ctrl+C (SIGINT)", trials),
    ]
    plan += [lambda s=state: killed(s, trials) for state in faultkit.ACTIVE]
    plan += [
        lambda: busy_upgrade(trials),
        lambda: broken_library("damaged"),
        lambda: broken_library("too-new"),
    ]
    print(f"# Workbench fault matrix ({trials} trial(s) per row; sim, failure rate 0)")
    if no_mount is not None:
        print(f"(disk-full and read-only rows skipped: {no_mount})")
    rows: list[Row] = []
    started = time.monotonic()
    for make in plan:
        made = make()
        for row in made if isinstance(made, list) else [made]:
            rows.append(row)
            print(f"  … {row.fault}: done", file=sys.stderr, flush=True)
    print()
    print_table(rows)
    print(f"\n({time.monotonic() - started:.0f} s)")
    bad = [
        r
        for r in rows
        if r.tracebacks or r.lost or r.twice or set(r.integrity) - {"ok", "untouched"}
    ]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
