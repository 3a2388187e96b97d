"""Fault tooling shared by ``tests/faults`` and ``bench/fault_matrix.py``.

Real processes (the ``workbench`` command line, or a small child that opens the library on a
shared schedule), size-limited and read-only folders (tmpfs and read-only bind mounts: a
``chmod 0555`` does not stop root), and what a library looks like afterwards (integrity,
draws per state, draws the sim service received twice or that never came home).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: A run that spreads over several states long enough to be caught in each.
RUN_ARGS = (
    "run", "a fox running through snow", "--provider", "sim", "--provider", "sim:sim-pro",
    "--draws", "2", "--duration", "2", "--resolution", "360p",
)  # fmt: skip
ACTIVE = ("submitting", "submitted", "running", "downloading")


# -- mounts ---------------------------------------------------------------------------------
def mount_unavailable() -> str | None:
    """Why size-limited and read-only mounts cannot be made here (None when they can)."""
    if not sys.platform.startswith("linux"):
        return "tmpfs and read-only bind mounts need Linux"
    if os.geteuid() != 0:
        return "mounting a tmpfs or a read-only bind mount needs root (CI runs as root)"
    probe = Path(f"/tmp/workbench-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return f"mount is not allowed here: {done.stderr.strip()}"
        subprocess.run(["umount", str(probe)], check=False)
        return None
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()


def _umount(path: Path) -> None:
    for _ in range(50):
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)  # a child that was just killed may still hold a file open
    subprocess.run(["umount", "-l", str(path)], check=False)


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A size-limited folder at ``path`` (``size`` like ``"2m"``), unmounted afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        _umount(path)


def resize(path: Path, size: str) -> None:
    """Give a tmpfs more (or less) room, keeping its files."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True)


def fill(path: Path, leave: int = 0) -> Path:
    """Fill the disk holding ``path`` until at most ``leave`` bytes are free."""
    filler = path / "filler.bin"
    with filler.open("ab") as handle:
        block = b"\0" * 65536
        with contextlib.suppress(OSError):
            while True:
                free = os.statvfs(path).f_bavail * os.statvfs(path).f_frsize
                if free <= leave:
                    break
                handle.write(block[: max(1, min(len(block), free - leave))])
                handle.flush()
    return filler


@contextlib.contextmanager
def read_only_view(source: Path, at: Path) -> Iterator[Path]:
    """``source`` seen through a read-only bind mount at ``at`` (root cannot write there)."""
    at.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "--bind", str(source), str(at)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(at)], check=True)
        yield at
    finally:
        _umount(at)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time (to see no change)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


# -- processes ------------------------------------------------------------------------------
def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``workbench`` child: its own home, a quick sim that never fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update(
        WORKBENCH_HOME=str(home),
        WORKBENCH_SIM_RENDER_SCALE="0.05",
        WORKBENCH_SIM_FAILURE_RATE="0",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)])),
    )
    env.update(extra)
    return env


def start(home: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    """Start ``workbench ARGS`` with its output captured."""
    home.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", *args],
        env=cli_env(home, **extra),
        cwd=home.parent,  # not the checkout: PYTHONPATH says which code runs
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Started from a background job, SIGINT arrives ignored; a user's terminal sends it.
        preexec_fn=_default_sigint if os.name == "posix" else None,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def workbench(
    home: Path, *args: str, timeout: float = 180, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run ``workbench ARGS`` to the end."""
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        env=cli_env(home, **extra),
        cwd=home.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def many(homes: list[Path], *args: str, timeout: float = 240, **extra: str) -> list[Outcome]:
    """Start ``workbench ARGS`` in every home at once (a home may repeat); wait for all."""
    procs = [start(home, *args, **extra) for home in homes]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=timeout)
        outcomes.append(Outcome(proc.returncode, out, err))
    return outcomes


@dataclass
class Outcome:
    """What one ``workbench`` process said and how it ended."""

    code: int
    out: str
    err: str

    @property
    def tracebacks(self) -> int:
        """Python tracebacks printed (there should be none)."""
        return self.err.count("Traceback (most recent call last)")

    def last_line(self) -> str:
        """The last line on stderr (the sentence that says what happened)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def states_now(db: Path) -> list[str]:
    """Every draw's state, read without waiting (empty while the file is being made)."""
    if not db.exists():
        return []
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        ) as conn:
            return [r[0] for r in conn.execute("SELECT state FROM jobs")]
    except sqlite3.Error:
        return []


def run_until(home: Path, state: str, sig: int, *args: str, **extra: str) -> tuple[bool, Outcome]:
    """Start a run, send ``sig`` once a draw is in ``state``; whether it was caught there."""
    proc = start(home, *(args or RUN_ARGS), **extra)
    db = home / "library.sqlite3"
    deadline = time.monotonic() + 60
    caught = False
    while time.monotonic() < deadline and proc.poll() is None:
        if state in states_now(db):
            proc.send_signal(sig)
            caught = True
            break
        time.sleep(0.002)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig == signal.SIGKILL:
        caught = caught and state in states_now(db)  # the state it died in, as recorded
    return caught, Outcome(proc.returncode, out, err)


# -- the library afterwards -----------------------------------------------------------------
@dataclass
class Facts:
    """A library and its sim service after a fault (and, maybe, a resume)."""

    integrity: str = "no library"
    states: Counter[str] = field(default_factory=Counter)
    projects: int = 0
    prompts: int = 0
    versions: int = 0
    draw_numbers: list[tuple[str, str, int]] = field(default_factory=list)
    sent_twice: int = 0
    #: Sent to the sim service but not delivered as a take (after a resume, always a loss).
    sent_not_done: int = 0
    #: Received by the sim service but unknown to the library (a loss).
    unknown_to_library: int = 0
    part_files: int = 0

    @property
    def total(self) -> int:
        """Draws recorded."""
        return sum(self.states.values())


def facts(home: Path, library: Path | None = None, sim: Path | None = None) -> Facts:
    """Read what the library and the sim service hold (read-only; never changes either).

    Args:
        home: the data directory.
        library: the library file, when not ``home/library.sqlite3``.
        sim: the sim service's folder, when not ``home/sim-service``.
    """
    found = Facts()
    db = library or home / "library.sqlite3"
    if db.exists():
        uri = db.resolve().as_uri() + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            found.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if conn.execute("PRAGMA foreign_key_check").fetchall():
                found.integrity += " (foreign keys broken)"
            found.states = Counter(r[0] for r in conn.execute("SELECT state FROM jobs"))
            found.projects = conn.execute("SELECT COUNT(*) FROM projects").fetchone()[0]
            found.prompts = conn.execute("SELECT COUNT(*) FROM prompts").fetchone()[0]
            found.versions = conn.execute("SELECT COUNT(*) FROM prompt_versions").fetchone()[0]
            found.draw_numbers = [
                tuple(r)
                for r in conn.execute(
                    "SELECT provider, model, draw_no FROM jobs WHERE retry_of IS NULL"
                    " ORDER BY provider, model, draw_no"
                )
            ]
            jobs = dict(conn.execute("SELECT client_ref, state FROM jobs").fetchall())
    else:
        jobs = {}
    sim = sim or home / "sim-service"
    # What the service received is its job files (its log is a best-effort diary).
    tasks = sim / "tasks"
    sent = (
        [json.loads(p.read_text())["client_ref"] for p in tasks.glob("*.json")]
        if tasks.exists()
        else []
    )
    counts = Counter(sent)
    found.sent_twice = sum(1 for n in counts.values() if n > 1)
    found.sent_not_done = sum(1 for ref in counts if ref in jobs and jobs[ref] != "done")
    found.unknown_to_library = sum(1 for ref in counts if ref not in jobs)
    found.part_files = sum(
        len(list(folder.glob(pattern)))
        for folder, pattern in (
            (sim / "outputs", "*.part*"),
            (home / "clips" / ".incoming", "*"),
            (sim / "tasks", "*.tmp"),
            (sim / "refs", "*.tmp"),
        )
        if folder.exists()
    )
    return found


# -- many processes opening one library on a shared schedule --------------------------------
_OPENER = """
import json, sys, time
from pathlib import Path
from workbench.library.library import Library
base, start, gap, rounds, action = Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), \
    int(sys.argv[4]), sys.argv[5]
child = int(sys.argv[6])
results = []
for i in range(rounds):
    # Children start a round up to a few milliseconds apart, a different spread each round,
    # so one of them is somewhere inside another's open (not only exactly level with it).
    at = start + i * gap + child * (i % 12) * 0.002
    while time.time() < at:
        pass
    try:
        lib = Library(base / f"round{i}")
        try:
            if action == "prompt":
                version = lib.prompt_version("the same new prompt, typed in two windows")
                results.append(["ok", f"prompt {version.prompt_id} version {version.id}"])
            elif action == "project":
                results.append(["ok", f"project {lib.project_id('Shared')}"])
            else:
                results.append(["ok", "open"])
        finally:
            lib.close()
    except Exception as exc:
        results.append(["fail", f"{type(exc).__name__}: {exc}"])
print(json.dumps(results))
"""


_HOLDER = """
import sqlite3, sys, time
path, mode, until = sys.argv[1], sys.argv[2], float(sys.argv[3])
conn = sqlite3.connect(path, isolation_level=None, timeout=30)
if mode != "creating":
    conn.execute("PRAGMA journal_mode = WAL")
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
while time.time() < until:
    time.sleep(0.01)
conn.execute("ROLLBACK")
conn.close()
"""


def hold_lock(db: Path, mode: str, until: float) -> subprocess.Popen[str]:
    """Another Workbench holding the write lock of ``db`` until ``until`` (``time.time()``).

    ``mode``: ``"creating"`` (a new file, before WAL), ``"upgrading"`` or ``"writing"``.
    Returns once the lock is held; ``communicate()`` the process to wait for its end.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), mode, repr(until)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def open_at_once(
    base: Path,
    processes: int,
    rounds: int,
    action: str = "open",
    gap: float = 0.12,
    held_by: str | None = None,
) -> list[list[tuple[str, str]]]:
    """``processes`` children open ``base/roundI/library.sqlite3`` at the same instant.

    Each child walks the same schedule (round ``i`` at ``start + i × gap``), so one process
    start buys ``rounds`` races. Returns, per round, each child's ``(ok|fail, detail)``.

    ``held_by`` stands for another Workbench caught half-way through the first round's file
    while every child opens it: ``"creating"`` holds the write lock of a new file before it is
    switched to WAL, ``"upgrading"`` (or ``"writing"``) holds the WAL write lock of a file a
    migration (or any write) is changing. The lock is let go 0.8 s after the children
    started, so they all wait on it and then find it free at once — the moment a race is
    lost, made to happen every time.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))
    start_at = time.time() + 2.0 + 0.25 * processes  # after every child has imported
    holder = None
    if held_by is not None:
        holder = hold_lock(base / "round0" / "library.sqlite3", held_by, start_at + 0.8)
    schedule = [str(base), repr(start_at), repr(gap), str(rounds), action]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPENER, *schedule, str(child)],
            env=env,
            cwd=base,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for child in range(processes)
    ]
    per_child = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        per_child.append([tuple(r) for r in json.loads(out.strip().splitlines()[-1])])
    if holder is not None:
        holder.communicate(timeout=60)
    return [list(r) for r in zip(*per_child, strict=True)]


def make_library(home: Path, schema: int | None = None) -> None:
    """An established library in ``home``: the latest schema, or an older one to upgrade.

    The latest schema is made by a child process, so it is the schema of the code under test
    (``PYTHONPATH`` may point at another checkout).
    """
    home.mkdir(parents=True, exist_ok=True)
    if schema is None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))
        subprocess.run(
            [sys.executable, "-c", _MAKER, str(home)], env=env, cwd=home, check=True, timeout=60
        )
        return
    from workbench.library.db import _statements
    from workbench.library.migrations import MIGRATIONS

    conn = sqlite3.connect(home / "library.sqlite3", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        for version, script in MIGRATIONS:
            if version > schema:
                break
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
        conn.execute("INSERT INTO projects (name, created_at) VALUES ('Default', 0)")
    finally:
        conn.close()


_MAKER = """
import sys
from pathlib import Path
from workbench.library.library import Library
library = Library(Path(sys.argv[1]))
library.project_id()  # the default project, as after a first run
library.close()
"""
