"""kill -9 at random moments, then `workbench resume`: nothing lost, nothing sent twice."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROUNDS = 6


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update(
        WORKBENCH_HOME=str(home),
        WORKBENCH_SIM_RENDER_SCALE="0.15",
        WORKBENCH_SIM_FAILURE_RATE="0",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.mark.slow
def test_killed_runs_resume_with_every_take_and_no_double_submit(tmp_path: Path) -> None:
    seed = int(os.environ.get("KILL_TEST_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    for round_no in range(ROUNDS):
        home = tmp_path / f"round{round_no}"
        env = _env(home)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "workbench",
                "run",
                "a fox running through snow",
                "--provider",
                "sim",
                "--provider",
                "sim:sim-pro",
                "--draws",
                "3",
                "--duration",
                "2",
                "--resolution",
                "360p",
                "-q",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kill_at = rng.uniform(0.6, 4.0)
        time.sleep(kill_at)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        resumed = subprocess.run(
            [sys.executable, "-m", "workbench", "resume", "-q"],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        context = f"seed {seed}, round {round_no}, killed at {kill_at:.2f}s: {resumed.stderr}"
        assert resumed.returncode == 0, context
        _check(home, context)


def _check(home: Path, context: str) -> None:
    db = home / "library.sqlite3"
    if not db.exists():  # killed before the run was recorded: nothing may have been sent
        assert not (home / "sim-service" / "submissions.log").exists(), context
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], context
        jobs = conn.execute("SELECT id, state, client_ref FROM jobs").fetchall()
        takes = dict(conn.execute("SELECT job_id, path || '|' || sha256 FROM takes").fetchall())
    assert jobs and len(jobs) == 6, context
    for job_id, state, _ref in jobs:
        assert state == "done", f"job {job_id} is {state}; {context}"
        path, sha = takes[job_id].split("|")
        assert hashlib.sha256((home / path).read_bytes()).hexdigest() == sha, context
    log = home / "sim-service" / "submissions.log"
    sent = [line.split("\t")[0] for line in log.read_text().splitlines()]
    doubles = [ref for ref, n in Counter(sent).items() if n > 1]
    assert not doubles, f"sent twice: {doubles}; {context}"
    assert set(sent) == {ref for _id, _state, ref in jobs}, context
    assert not list((home / "clips" / ".incoming").glob("*")), context
