"""kill -9 with a draw caught in each state, then `workbench resume`: nothing lost or paid twice.

The test watches the library while `workbench run` works and kills the process the moment a
draw is in the wanted state, then checks that state was really caught (a test that kills at
random can pass without testing anything). The sim answers every request after a delay, so
each state lasts long enough to be caught.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

STATES = ("submitting", "submitted", "running", "downloading")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update(
        WORKBENCH_HOME=str(home),
        WORKBENCH_SIM_RENDER_SCALE="0.3",
        WORKBENCH_SIM_FAILURE_RATE="0",
        WORKBENCH_SIM_LATENCY="0.4",
        PYTHONUNBUFFERED="1",
    )
    return env


def _states(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
            return [r[0] for r in conn.execute("SELECT state FROM jobs")]
    except sqlite3.Error:  # mid-creation or busy: look again
        return []


def _kill_in(state: str, home: Path) -> bool:
    """Run, kill -9 as soon as a draw is in ``state``; True when it was caught there."""
    db = home / "library.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "workbench", "run", "a fox running through snow",
            "--provider", "sim", "--provider", "sim:sim-pro", "--draws", "2",
            "--duration", "2", "--resolution", "360p", "-q",
        ],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if state in _states(db):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return state in _states(db)  # the state the process died in, as the library has it


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
def test_killed_in_each_state_resume_brings_every_take_and_sends_nothing_twice(
    tmp_path: Path, state: str
) -> None:
    for attempt in range(5):
        home = tmp_path / f"try{attempt}"
        if _kill_in(state, home):
            break
    else:
        pytest.fail(f"never caught a draw in {state} in 5 tries")
    resumed = subprocess.run(
        [sys.executable, "-m", "workbench", "resume", "-q"],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=180,
    )
    context = f"killed in {state}: {resumed.stderr}"
    assert resumed.returncode == 0, context
    _check(home, context)


def _check(home: Path, context: str) -> None:
    with sqlite3.connect(home / "library.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        jobs = conn.execute("SELECT id, state, client_ref FROM jobs").fetchall()
        takes = dict(conn.execute("SELECT job_id, path || '|' || sha256 FROM takes").fetchall())
    assert len(jobs) == 4, context
    for job_id, state, _ref in jobs:
        assert state == "done", f"job {job_id} is {state}; {context}"
        path, sha = takes[job_id].split("|")
        assert hashlib.sha256((home / path).read_bytes()).hexdigest() == sha, context
    # What the service received: its job files (the submissions log is a best-effort diary
    # that a process killed mid-request may not have written yet).
    tasks = [json.loads(p.read_text()) for p in (home / "sim-service" / "tasks").glob("*.json")]
    received = Counter(task["client_ref"] for task in tasks)
    doubles = [ref for ref, n in received.items() if n > 1]
    assert not doubles, f"sent twice: {doubles}; {context}"
    assert set(received) == {ref for _id, _state, ref in jobs}, context
    assert not list((home / "clips" / ".incoming").glob("*")), context
