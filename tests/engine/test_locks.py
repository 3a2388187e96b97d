"""The engine lock: shared while driving, exclusive to resume, across real processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.engine.locks import EngineBusy, EngineLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from workbench.engine.locks import EngineLock
    lock = EngineLock(Path(sys.argv[1]))
    getattr(lock, sys.argv[2])()
    print("held", flush=True)
    sys.stdin.readline()
    """
)


def hold(home: Path, how: str) -> subprocess.Popen[str]:
    """Another process holding the lock (``acquire_shared`` or ``acquire_exclusive``)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(10)


def test_a_live_engine_in_another_process_makes_resume_busy(tmp_path: Path) -> None:
    other = hold(tmp_path, "acquire_shared")
    try:
        mine = EngineLock(tmp_path)
        mine.acquire_shared()  # two engines may drive draws side by side…
        with pytest.raises(EngineBusy, match="another Workbench process"):
            mine.acquire_exclusive()  # …but neither may take over the other's
    finally:
        release(other)
    mine.acquire_exclusive()  # the other process is gone: now it may
    mine.downgrade()
    mine.release()


def test_a_failed_exclusive_attempt_keeps_the_shared_lock(tmp_path: Path) -> None:
    other = hold(tmp_path, "acquire_shared")
    mine = EngineLock(tmp_path)
    mine.acquire_shared()
    with pytest.raises(EngineBusy):
        mine.acquire_exclusive()
    release(other)
    # Still holding shared: a third process cannot resume while we live.
    third = subprocess.run(
        [
            sys.executable,
            "-c",
            HOLDER.replace("sys.stdin.readline()", ""),
            str(tmp_path),
            "acquire_exclusive",
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert third.returncode != 0 and "EngineBusy" in third.stderr
    mine.release()


def test_downgrade_lets_other_engines_start_but_not_resume(tmp_path: Path) -> None:
    mine = EngineLock(tmp_path)
    mine.acquire_exclusive()
    mine.downgrade()
    other = hold(tmp_path, "acquire_shared")  # does not wait: we are shared now
    release(other)
    third = subprocess.run(
        [
            sys.executable,
            "-c",
            HOLDER.replace("sys.stdin.readline()", ""),
            str(tmp_path),
            "acquire_exclusive",
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert third.returncode != 0 and "EngineBusy" in third.stderr
    mine.release()


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    other = hold(tmp_path, "acquire_exclusive")
    other.kill()
    other.wait(10)
    mine = EngineLock(tmp_path)
    mine.acquire_exclusive()
    assert (tmp_path / "engine.lock").read_text().strip().isdigit()  # our pid, as a hint
    mine.release()
