"""Screenshots of the real window in every view, driven by the keyboard like a creator would.

Not a test. Launches ``workbench`` under a private Xvfb on a fresh data directory (the
offline ``sim`` provider, no keys), in English and Chinese: generates 8 takes, judges a few
by keyboard (stars, favourite, a second run for the history), then saves the board with the
inspector, the compare view, the library, the statistics and the prompt history.

Usage (from the project root; needs xvfb, xdotool, x11-apps, imagemagick)::

    .venv/bin/python tests/ui/tour_shots.py /tmp/tour [--lang en_US.UTF-8]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def _xvfb() -> Iterator[str]:
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    display = ":" + (proc.stdout.readline().strip() if proc.stdout else "")
    try:
        yield display
    finally:
        proc.terminate()
        proc.wait(5)


def _shot(env: dict[str, str], out: Path) -> Path:
    raw = subprocess.run(["xwd", "-root", "-silent"], env=env, capture_output=True).stdout
    subprocess.run(["convert", "xwd:-", f"png:{out}"], input=raw, check=True)
    return out


def _xdo(env: dict[str, str], *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True).stdout


def _keys(env: dict[str, str], *keys: str, pause: float = 0.25) -> None:
    for key in keys:
        _xdo(env, "key", key)
        time.sleep(pause)


def tour(env: dict[str, str], out: Path, tag: str, prompt: str, rewrite: str) -> list[Path]:
    """Drive one window through the views; returns the PNGs saved."""
    saved: list[Path] = []
    _xdo(env, "type", "--delay", "15", prompt)
    _keys(env, "ctrl+Return")
    time.sleep(12)  # the 8 sim takes land
    _keys(env, "F6", "F6")  # prompt → services → board: the current tile is the run's first
    _keys(env, "4", "Right", "5", "f", "Right", "2", "Right", "1")
    time.sleep(1)
    saved.append(_shot(env, out / f"{tag}-4-inspector.png"))
    # Select the row's four takes and survey them side by side, playing.
    _keys(env, "Left", "Left", "Left", "shift+Right", "shift+Right", "shift+Right", "n", "space")
    time.sleep(1.5)
    saved.append(_shot(env, out / f"{tag}-5-compare.png"))
    _keys(env, "space", "Escape", "shift+r")  # reroll the row: same spec, new seeds
    time.sleep(8)
    # A second version of the prompt (board → prompt with F6), for the history's diff.
    _keys(env, "F6", "ctrl+End")
    _xdo(env, "type", "--delay", "15", rewrite)
    _keys(env, "ctrl+Return")
    time.sleep(10)
    _keys(env, "ctrl+2")
    time.sleep(2)
    saved.append(_shot(env, out / f"{tag}-6-library.png"))
    _keys(env, "ctrl+3")
    time.sleep(2)
    saved.append(_shot(env, out / f"{tag}-7-stats.png"))
    _keys(env, "ctrl+4")
    time.sleep(2)
    saved.append(_shot(env, out / f"{tag}-8-history.png"))
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--venv", default=".venv")
    parser.add_argument("--lang", action="append")
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    # xdotool cannot type Chinese into Xvfb (no keysyms for it), so the Chinese window gets
    # a Latin prompt too; Chinese prompts and their diff are in insights/insights_shots.py.
    prompt = "a paper boat drifting down a rainy street at night"
    rewrite = ", slow dolly in, neon reflections"
    exe = Path(args.venv) / "bin" / "workbench"
    with _xvfb() as display:
        for lang in args.lang or ["en_US.UTF-8", "zh_CN.UTF-8"]:
            tag = lang.split("_")[0]
            home = tempfile.mkdtemp(prefix=f"wb-tour-{tag}-")
            env = dict(
                os.environ,
                DISPLAY=display,
                WORKBENCH_HOME=home,
                LANG=lang,
                LC_ALL=lang,
                LANGUAGE=lang.split(".")[0],
                WORKBENCH_SIM_RENDER_SCALE="0.2",
            )
            env.pop("QT_QPA_PLATFORM", None)
            with open(Path(home) / "stderr.txt", "w") as log:
                app = subprocess.Popen([str(exe)], env=env, stderr=log, start_new_session=True)
                window = ""
                for _ in range(400):
                    found = _xdo(env, "search", "--onlyvisible", "--name", "^Workbench").split()
                    if found:
                        window = found[-1]
                        break
                    time.sleep(0.05)
                time.sleep(2)
                # No window manager under Xvfb: give the window the focus, or Qt never sees
                # it as active and its window shortcuts (F6, Ctrl+2…) stay silent.
                _xdo(env, "windowfocus", "--sync", window)
                saved = tour(env, args.outdir, tag, prompt, rewrite)
                _keys(env, "ctrl+q")
                try:
                    code: object = app.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(app.pid, signal.SIGKILL)
                    code = "killed"
            err = (Path(home) / "stderr.txt").read_text(errors="replace")
            print(
                f"{tag}: exit {code}; stderr {'has a Traceback' if 'Traceback' in err else 'clean'}"
            )
            for path in saved:
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
