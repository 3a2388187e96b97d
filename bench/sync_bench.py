"""Compare views: nine 720p takes playing in sync in the focus view (issue 9, "Speed").

Targets, on this 2-core machine with software decoding:

- drift between any two tiles ≤ 1 frame after 10 s of play, and after 20 scrubs;
- dropped frames per tile reported (frames the decoder skipped + frames replaced before
  they could be converted for display);
- longest gap between 16 ms GUI heartbeats ≤ 50 ms while playing.

What runs: the board pane with the compare views (``CompareController``) in a 1600×1000
window — the focus view then gets the whole window, the largest tiles and so the most
conversion work — nine delivered takes selected and opened as a survey (3×3), then Space.
The clips are real 12 s 720p H.264 files from the offline ``sim`` renderer (three looks —
flat, glow and the film-grain "cinema", the heaviest to decode — three files each, text
overlay off), made once and kept in a cache folder.

How drift is measured, every 100 ms while playing:

- *shown*: the start times of the frames the nine tiles are showing at that instant,
  max − min, in frames. Tiles receive their frames at slightly different moments within a
  frame period, so 1 frame is what a perfectly synced set can show at an instant;
- *lag*: each player's median (frame start − timeline at arrival) over its last frames,
  max − min across players, in frames: how far apart the players run, arrival jitter aside.

A scrub is what a user does with the scrub bar: grab (playback pauses), three moves 50 ms
apart, let go (playback resumes from there, prerolled). Twenty of them, then drift again.

Usage (from the project root)::

    .venv/bin/python bench/sync_bench.py              # under a private Xvfb when available
    .venv/bin/python bench/sync_bench.py --offscreen  # Qt's offscreen platform
    .venv/bin/python bench/sync_bench.py --seconds 10 --scrubs 20 --cache /tmp/sync-clips
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common
from _x11 import xvfb

TILES = 9
LOOKS = ("sim-fast", "sim-pro", "sim-cinema")
MAX_DRIFT_FRAMES = 1.0
MAX_GAP_MS = 50.0


def make_clips(cache: Path, looks: tuple[str, ...] = LOOKS) -> list[Path]:
    """Nine 12 s 720p sim clips (the looks in turn), rendered once per cache."""
    import numpy as np

    import workbench.providers.sim.render as render
    from workbench.domain.spec import GenerationSpec

    cache.mkdir(parents=True, exist_ok=True)
    # The burned-in caption is a few pixels of text; leave it out (it names the model).
    render.text_overlay = lambda _t, _w, _h: (  # type: ignore[assignment]
        np.zeros((1, 1, 3), np.uint8),
        np.zeros((1, 1, 1), np.float32),
    )
    paths = []
    for n, look in enumerate(LOOKS):
        if look not in looks:
            continue
        source = cache / f"{look}-720p-12s.mp4"
        if not source.exists():
            spec = GenerationSpec(
                prompt=f"sync bench {look}", duration=12, aspect="16:9", resolution="720p"
            )
            started = time.perf_counter()
            part = source.with_suffix(".part")
            render.render_clip(spec, 4000 + n, look, part)
            part.rename(source)
            print(f"  rendered {source.name} in {time.perf_counter() - started:.0f} s")
        for copy in range(TILES):
            target = cache / f"tile-{n}-{copy}.mp4"
            if not target.exists():
                shutil.copyfile(source, target)
            paths.append(target)
    # Interleave the looks, nine files in all.
    per_look = [paths[i : i + TILES] for i in range(0, len(paths), TILES)]
    return [per_look[n % len(per_look)][n // len(per_look)] for n in range(TILES)]


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine so far (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


class Bench:
    """Drives the compare views and records heartbeats, drift and drops."""

    def __init__(self, clips: list[Path], seconds: float, scrubs: int) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer
        from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

        from workbench.ui import theme
        from workbench.ui.board_pane import BoardPane
        from workbench.ui.compare.controller import CompareController

        self.app = QApplication.instance() or QApplication([])
        theme.apply_theme(self.app, "dark")  # type: ignore[arg-type]
        self.seconds, self.scrubs = seconds, scrubs
        self.host = QWidget()
        self.host.resize(1600, 1000)
        self.pane = BoardPane(_Bridge(), self.host)  # type: ignore[arg-type]
        layout = QVBoxLayout(self.host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pane)
        self.controller = CompareController(self.pane, self.host)
        self.sync = self.controller.sync
        self.pane.model.set_jobs(_jobs(clips), 1, 1)
        self.host.show()
        self.clock = QElapsedTimer()
        self.clock.start()
        self.gaps: list[tuple[float, str]] = []  # (gap ms, phase)
        # Long gaps split by the GUI thread's schedstat: (gap, own CPU, waiting for a core).
        self.long_gaps: list[tuple[float, float, float]] = []
        self._sched = _schedstat()
        self.phase = "idle"
        self._last_beat = 0.0
        self.beat = QTimer()
        self.beat.setTimerType(Qt.TimerType.PreciseTimer)
        self.beat.setInterval(16)
        self.beat.timeout.connect(self._on_beat)
        self.samples: dict[str, list[tuple[float, float]]] = {}  # phase → (shown, lag) frames

    # -- plumbing ----------------------------------------------------------------------------
    def wait(self, ms: float) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(int(ms), loop.quit)
        loop.exec()

    def wait_until(self, test: Any, timeout_ms: float) -> bool:
        deadline = time.perf_counter() + timeout_ms / 1000
        while time.perf_counter() < deadline:
            if test():
                return True
            self.wait(20)
        return test()

    def _on_beat(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        sched = _schedstat()
        if self._last_beat:
            gap = now - self._last_beat
            self.gaps.append((gap, self.phase))
            if gap > MAX_GAP_MS and self.phase != "scrubs":
                cpu, wait = ((b - a) / 1e6 for a, b in zip(self._sched, sched, strict=True))
                self.long_gaps.append((gap, cpu, wait))
        self._last_beat, self._sched = now, sched

    def sample(self, phase: str) -> None:
        """One drift reading (see the module docstring), filed under ``phase``."""
        players = self.sync.players()
        shown = [p.image_start for p in players if p.image_start is not None]
        frame = max(p.frame_ms for p in players)
        lags = [statistics.median(p.offsets) for p in players if len(p.offsets) >= 3]
        spread_shown = (max(shown) - min(shown)) / frame if len(shown) == len(players) else 99.0
        spread_lag = (max(lags) - min(lags)) / frame if len(lags) >= 2 else float("nan")
        self.samples.setdefault(phase, []).append((spread_shown, spread_lag))

    def sample_for(self, phase: str, ms: float) -> None:
        end = time.perf_counter() + ms / 1000
        while time.perf_counter() < end:
            self.sample(phase)
            self.wait(100)

    # -- the run -------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        from PySide6.QtCore import QItemSelectionModel

        view = self.pane.view
        model = view.board_model()
        assert model is not None
        for job in model.jobs():
            view.selectionModel().select(
                model.index_of(job.id), QItemSelectionModel.SelectionFlag.Select
            )
        self.wait(300)
        assert self.controller.show_mode("survey")
        tiles = self.controller.focus_view.tiles()
        sizes = {t.video_rect().size().toTuple() for t in tiles}
        loaded = self.wait_until(
            lambda: all(p.image() is not None for p in self.sync.players()), 20_000
        )
        assert loaded and len(self.sync.players()) == TILES, "players did not load"
        self.beat.start()
        cpu0, gui0, wall0 = _common.cpu_s(), time.thread_time(), time.perf_counter()
        busy0 = machine_busy()
        stats0 = {p.take_id: _stats(p) for p in self.sync.players()}
        self.phase = "play"
        self.sync.play()
        self.wait_until(lambda: self.sync.position() > 200, 10_000)
        started = time.perf_counter()
        while time.perf_counter() - started < self.seconds - 1.0:
            self.sample("play (first 10 s)")
            self.wait(100)
        self.sample_for("after 10 s of play", 1000)
        played_s = time.perf_counter() - started
        stats1 = {p.take_id: _stats(p) for p in self.sync.players()}
        elapsed = time.perf_counter() - wall0
        cpu_play = (_common.cpu_s() - cpu0) / elapsed
        others = (machine_busy() - busy0) / elapsed - cpu_play
        gui_play = (time.thread_time() - gui0) / elapsed
        self.phase = "scrubs"
        rng = random.Random(9)
        slider_end = self.sync.end_position()
        for _ in range(self.scrubs):
            self.sync.begin_scrub()
            target = rng.uniform(0.0, slider_end - 3000)
            for step in range(3):
                self.sync.seek(target + 120 * step)
                self.wait(50)
            self.sync.end_scrub()
            self.wait(rng.uniform(250, 600))
        self.phase = "play after scrubs"
        if not self.sync.is_playing():
            self.sync.play()
        # Each scrub's seeks decode from the clips' last keyframe: wait until the last
        # preroll is done and the players have run a second together.
        self.wait_until(lambda: not self.sync.is_prerolling(), 15_000)
        self.wait(1000)
        self.sample_for("after 20 scrubs", 1000)
        self.phase = "pause"
        self.sync.pause()
        paused_at = self.sync.position()
        aligned = self.wait_until(
            lambda: all(
                p.image_start is not None and abs(p.image_start - _frame_at(p, paused_at)) < 0.5
                for p in self.sync.players()
            ),
            5000,
        )
        self.beat.stop()
        result = {
            "tile_px": sorted(sizes),
            "played_s": played_s,
            "cpu_cores_play": cpu_play,
            "gui_cores_play": gui_play,
            "others_cores_play": others,
            "corrections": self.sync.corrections,
            "paused_aligned": aligned,
            "drops": {
                take_id: {k: stats1[take_id][k] - stats0[take_id][k] for k in stats1[take_id]}
                for take_id in stats1
            },
            "fps": [p.fps for p in self.sync.players()],
            "gaps": self.gaps,
            "long_gaps": self.long_gaps,
            "samples": self.samples,
            "rss_mib": _common.rss_mib(),
        }
        self.controller.shutdown()
        self.host.close()
        return result


class _Bridge:
    """The pane is fed directly; nothing is asked of an engine."""

    def call(self, *_args: object, **_kwargs: object) -> None:
        return None


def _jobs(clips: list[Path]) -> list[Any]:
    from workbench.domain.jobs import JobState
    from workbench.domain.views import JobView, TakeBrief

    services = [
        ("kling", "kling-v3"),
        ("seedance", "dreamina-seedance-2-0-260128"),
        ("veo", "veo-3.1-generate-preview"),
    ]
    jobs = []
    for n, path in enumerate(clips):
        provider, model = services[n % len(services)]
        take = TakeBrief(
            id=500 + n,
            path=str(path),
            poster=None,
            duration=12.0,
            width=1280,
            height=720,
            fps=24.0,
            audio=False,
        )
        jobs.append(
            JobView(
                id=n + 1,
                run_id=1,
                prompt_version_id=1,
                provider=provider,
                model=model,
                draw_no=n // len(services) + 1,
                state=JobState.DONE,
                seed=1000 + n,
                seed_supported=True,
                params={"duration": 12},
                take=take,
            )
        )
    return jobs


def _schedstat() -> tuple[int, int]:
    """(CPU ns, ns runnable but waiting for a core) of the calling thread."""
    try:
        cpu, wait, _slices = Path("/proc/thread-self/schedstat").read_text().split()
    except (OSError, ValueError):
        return 0, 0
    return int(cpu), int(wait)


def _stats(player: Any) -> dict[str, int]:
    s = player.stats
    return {
        "received": s.received,
        "shown": s.shown,
        "decoder_skips": s.decoder_skips,
        "display_drops": s.display_drops,
    }


def _frame_at(player: Any, position: float) -> float:
    from workbench.ui.compare import timeline

    count = timeline.frame_count(player.duration_ms, player.fps)
    return timeline.frame_start(
        min(timeline.frame_index(position, player.fps), count - 1), player.fps
    )


def report(result: dict[str, Any], platform: str) -> bool:
    print(f"\nSync benchmark — {TILES} × 720p in the focus view ({platform})")
    print(f"  machine: {_common.machine()}")
    print(
        f"  while playing, every other process on the machine (Xvfb included) used "
        f"{result['others_cores_play']:.2f} cores"
    )
    print(
        f"  tiles {result['tile_px'][0][0]}×{result['tile_px'][0][1]} px; played "
        f"{result['played_s']:.1f} s; process CPU while playing "
        f"{result['cpu_cores_play']:.2f} cores (GUI thread {result['gui_cores_play']:.2f}); "
        f"RSS {result['rss_mib']:.0f} MiB; holds for a stalled player {result['corrections']}"
    )
    print("\n  drift (frames, max over 100 ms samples)      shown    lag   samples")
    for phase, values in result["samples"].items():
        shown = [s for s, _ in values]
        lags = [lag for _, lag in values if lag == lag]
        print(
            f"    {phase:<40} {max(shown):6.2f} {max(lags, default=float('nan')):6.2f}"
            f" {len(values):6d}"
        )
    print("\n  per tile while playing 10 s        received  shown  decoder skips  display drops")
    for take_id, d in result["drops"].items():
        print(
            f"    take {take_id:<27} {d['received']:8d} {d['shown']:6d} "
            f"{d['decoder_skips']:14d} {d['display_drops']:14d}"
        )
    expected = round(result["played_s"] * result["fps"][0])
    print(f"    (a tile would show about {expected} frames in {result['played_s']:.1f} s)")
    gaps = [g for g, phase in result["gaps"] if phase != "scrubs"]
    scrub_gaps = [g for g, phase in result["gaps"] if phase == "scrubs"]
    print(
        f"\n  heartbeat gaps while playing: max {max(gaps):.1f} ms, p99 {pct(gaps, 99):.1f} ms, "
        f"median {statistics.median(gaps):.1f} ms ({len(gaps)} beats); during scrubs max "
        f"{max(scrub_gaps, default=0):.1f} ms"
    )
    long_gaps = result["long_gaps"]
    if long_gaps:
        total = sum(g for g, _, _ in long_gaps)
        own = sum(c for _, c, _ in long_gaps)
        waiting = sum(w for _, _, w in long_gaps)
        print(
            f"  the {len(long_gaps)} gaps over {MAX_GAP_MS:g} ms: GUI thread running "
            f"{100 * own / total:.0f} %, waiting for a core {100 * waiting / total:.0f} %, "
            f"blocked (the GIL, in practice) {100 * (total - own - waiting) / total:.0f} %"
        )
    print(
        f"  paused: every tile on the frame at the timeline's position: {result['paused_aligned']}"
    )
    print()
    ok = True
    ok &= _common.verdict(
        "drift after 10 s of play (shown)",
        max(s for s, _ in result["samples"]["after 10 s of play"]),
        MAX_DRIFT_FRAMES,
        "frames",
    )
    ok &= _common.verdict(
        "drift after 20 scrubs (shown)",
        max(s for s, _ in result["samples"]["after 20 scrubs"]),
        MAX_DRIFT_FRAMES,
        "frames",
    )
    ok &= _common.verdict("longest heartbeat gap while playing", max(gaps), MAX_GAP_MS, "ms")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offscreen", action="store_true", help="Qt's offscreen platform")
    parser.add_argument("--seconds", type=float, default=11.0, help="play this long first")
    parser.add_argument("--scrubs", type=int, default=20)
    parser.add_argument(
        "--looks",
        default=",".join(LOOKS),
        help="sim looks to use, in turn (sim-cinema's film grain is the costliest to decode)",
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "wb-sync-bench")
    args = parser.parse_args()
    os.environ["QT_LOGGING_RULES"] = "qt.multimedia*=false"
    clips = make_clips(args.cache, tuple(args.looks.split(",")))
    use_xvfb = not args.offscreen and shutil.which("Xvfb") is not None
    with xvfb() if use_xvfb else contextlib.nullcontext("") as display:
        if use_xvfb:
            os.environ["DISPLAY"] = display
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            platform = f"Xvfb {display}, xcb"
        else:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            platform = "offscreen"
        result = Bench(clips, args.seconds, args.scrubs).run()
    return 0 if report(result, platform) else 1


if __name__ == "__main__":
    sys.exit(main())
