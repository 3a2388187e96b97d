"""One real launch on a virtual screen: `workbench` opens its window, a second launch hands
over to it, Ctrl+Q quits. A screenshot is saved (CI keeps it as evidence)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "xwd")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS) or sys.platform != "linux",
    reason="needs Xvfb, xdotool and xwd (apt: xvfb xdotool x11-apps)",
)


def _wait_for_window(env: dict[str, str], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Workbench"],
            env=env, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        if found:
            return found[-1]
        time.sleep(0.1)
    return ""


def test_workbench_opens_its_window_hands_over_and_quits(tmp_path: Path) -> None:
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert xvfb.stdout is not None
        display = ":" + xvfb.stdout.readline().strip()
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env.update(
            DISPLAY=display,
            WORKBENCH_HOME=str(tmp_path / "home"),
            WORKBENCH_SIM_RENDER_SCALE="0.05",
            XDG_CONFIG_HOME=str(tmp_path / "config"),
        )
        log = (tmp_path / "stderr.txt").open("w")
        app = subprocess.Popen([sys.executable, "-m", "workbench"], env=env, stderr=log)
        try:
            window = _wait_for_window(env, 30)
            assert window, (tmp_path / "stderr.txt").read_text()
            # A second launch on the same data directory brings the first forward and exits.
            second = subprocess.run(
                [sys.executable, "-m", "workbench"], env=env, capture_output=True, timeout=30
            )
            assert second.returncode == 0 and app.poll() is None
            raw = subprocess.run(["xwd", "-root", "-silent"], env=env, capture_output=True)
            assert len(raw.stdout) > 1_000_000  # a 1600×1000 screen was captured
            shot = Path(os.environ.get("WORKBENCH_SCREENSHOT_DIR", tmp_path)) / "smoke.xwd"
            shot.write_bytes(raw.stdout)
            subprocess.run(["xdotool", "windowfocus", "--sync", window], env=env, check=False)
            subprocess.run(["xdotool", "key", "ctrl+q"], env=env, check=True)
            assert app.wait(20) == 0
            # A logout (SIGTERM) closes it as cleanly as Ctrl+Q.
            app = subprocess.Popen([sys.executable, "-m", "workbench"], env=env, stderr=log)
            assert _wait_for_window(env, 30)
            app.terminate()
            assert app.wait(20) == 0
        finally:
            if app.poll() is None:
                app.kill()
            log.close()
        assert "Traceback" not in (tmp_path / "stderr.txt").read_text()
    finally:
        xvfb.terminate()
        xvfb.wait(10)
