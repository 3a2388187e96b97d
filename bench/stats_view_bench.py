"""Stats view over 100,000 takes: the engine's statistics reads and the view's refresh.

The library is the one ``bench/_library_fill.py`` writes through the Library API (cached in
the temp directory, shared with the library benchmarks): ~1,000 prompts, 7 services and
models, ~15 % failed draws, ~30 % rated (a fifth of them blind), reason chips on ~10 %.

Measured, each against the issue's target (stats view over 100,000 takes ≤ 300 ms):

- **engine.stats** for every filter the view offers: all, one prompt (the busiest), the
  last 7 and 30 days (of the library's own time), blind, sighted, and a prompt + period +
  blind combination — the median of 5 reads on the engine's loop (what the view waits for);
- **the view**: from showing the Stats tab (and from each filter change) to the first
  paint of the refreshed charts, through the real window, bridge and engine thread —
  cold (the answer must be read: after a finished run or a judgement) and warm (a filter
  read since the last change, which the view keeps);
- for reference: ``run_summaries(200)`` (the prompt list) and the History tab's open.

Usage: ``bench/stats_view_bench.py [--takes N] [--rebuild]``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.*=false")

from _common import machine, rss_mib, run_until_quit, settle, verdict
from _library_fill import filled_library

TARGET_MS = 300.0
DAY = 86_400


def library_now(home: Path) -> float:
    """The newest draw's time: "the last 7 days" of a library filled over a past year."""
    with sqlite3.connect(f"file:{home / 'library.sqlite3'}?mode=ro", uri=True) as conn:
        return float(conn.execute("SELECT MAX(created_at) FROM jobs").fetchone()[0])


def timed_call(host: Any, make: Any, runs: int = 5) -> tuple[float, Any]:
    """Median milliseconds of ``runs`` engine calls (after one warm-up), and the answer."""
    answer = host.call(make)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = host.call(make)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), answer


class PaintClock:
    """Time from a mark to the first paint of a widget after a signal said it is refreshed.

    The wait is an event loop that sleeps between events (not a busy loop), so the GUI
    thread leaves the engine's thread the CPU, as the idle window does.
    """

    def __init__(self, app: Any, widget: Any, refreshed: Any) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject

        self.app = app
        self.start = 0.0
        self.fresh = False
        self.result: float | None = None
        self.loop = QEventLoop()
        clock = self

        class Filter(QObject):
            def eventFilter(self, _obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint and clock.fresh and clock.result is None:
                    clock.result = (time.perf_counter() - clock.start) * 1000
                    clock.loop.quit()
                return False

        self._filter = Filter()
        widget.installEventFilter(self._filter)
        refreshed.connect(self._on_refreshed)

    def _on_refreshed(self, _value: object) -> None:
        self.fresh = True

    def measure(self, action: Any, timeout_s: float = 30.0, *, fresh: bool = False) -> float:
        """Run ``action``; wait for the refresh (unless ``fresh``) and the paint after it."""

        self.result = None
        self.fresh = fresh
        self.start = time.perf_counter()
        action()
        if self.result is None:
            run_until_quit(self.loop, timeout_s)
        return self.result if self.result is not None else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    print(f"Stats view benchmark: {args.takes:,} takes ({machine()})")
    started = time.perf_counter()
    home, facts, cached = filled_library(args.takes, rebuild=args.rebuild)
    print(
        f"  library: {home} ({'cached' if cached else 'filled'} in "
        f"{time.perf_counter() - started:.1f} s; {facts.takes:,} takes, {facts.jobs:,} draws, "
        f"{facts.prompts:,} prompts)"
    )
    now = library_now(home)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.domain.views import Sighting, StatsFilter
    from workbench.engine.host import EngineHost
    from workbench.settings import Settings
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

    app = QApplication([sys.argv[0]])
    state = Path(tempfile.mkdtemp(prefix="wb-bench-qsettings-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(state))
    settings = Settings()
    host = EngineHost(home=home, settings=settings, beside_window=True).start()
    ok = True

    print("\n  engine.stats (median of 5 on the engine's loop)")
    filters = {
        "all": StatsFilter(),
        f"one prompt (#{facts.big_prompt_id}, the busiest)": StatsFilter(
            prompt_id=facts.big_prompt_id
        ),
        "last 7 days": StatsFilter(since=now - 7 * DAY),
        "last 30 days": StatsFilter(since=now - 30 * DAY),
        "a custom month": StatsFilter(since=now - 120 * DAY, until=now - 90 * DAY),
        "rated blind": StatsFilter(sighting=Sighting.BLIND),
        "rated sighted": StatsFilter(sighting=Sighting.SIGHTED),
        "prompt + 30 days + blind": StatsFilter(
            prompt_id=facts.big_prompt_id, since=now - 30 * DAY, sighting=Sighting.BLIND
        ),
    }
    for name, flt in filters.items():
        ms, rows = timed_call(host, lambda e, flt=flt: e.stats(flt))
        draws = sum(r.draws for r in rows)
        ok &= verdict(f"{name} ({draws:,} draws)", ms, TARGET_MS, "ms")
    ms, _runs = timed_call(host, lambda e: e.run_summaries(200))
    print(f"  {'run_summaries(200) (the prompt list)':<44} {ms:10.2f} ms     (reference)")
    ms, _h = timed_call(host, lambda e: e.prompt_history(facts.big_prompt_id))
    print(f"  {'prompt_history (the busiest prompt)':<44} {ms:10.2f} ms     (reference)")

    bridge = EngineBridge(host)
    window = MainWindow(bridge, settings)
    # The fill's draws are synthetic: "collecting" them would poll services that do not
    # exist and keep the engine busy during the measurements.
    window.resume = lambda: None  # type: ignore[method-assign]
    window.resize(1400, 900)
    window.show()
    snapshots: list[object] = []
    bridge.sig_snapshot.connect(snapshots.append)
    bridge.start()
    while not snapshots:
        app.processEvents()
    settle(2.0)  # the newest board loads first; let it
    pane = window.stats
    clock = PaintClock(app, pane.charts.hit_rate.viewport(), pane.sig_refreshed)
    rss_before = rss_mib()

    print("\n  The view: action → first paint of the refreshed charts (real window)")
    opened = clock.measure(lambda: window.show_view("stats"))
    ok &= verdict("open the Stats tab", opened, TARGET_MS, "ms")
    settle(1.0)
    bar = pane.filters
    steps = [
        ("prompt: the busiest", lambda: bar.set_prompt(facts.big_prompt_id)),
        ("prompt: all again", lambda: bar.set_prompt(None)),
        ("period: last 7 days", lambda: bar.set_period("7d")),
        ("period: last 30 days", lambda: bar.set_period("30d")),
        ("period: all time", lambda: bar.set_period("all")),
        ("ratings: blind", lambda: bar.set_sighting(Sighting.BLIND)),
        ("ratings: sighted", lambda: bar.set_sighting(Sighting.SIGHTED)),
        ("ratings: all", lambda: bar.set_sighting(Sighting.ALL)),
    ]
    # "Last 7 days" of the view is the wall clock's: the fill's year lies in the past, so
    # the view is told the library's own "now" to count real draws.
    bar.clock = lambda: now

    # Each step changes what is shown (the steps go from one filter to another). Cold:
    # every kept answer forgotten first, as after a finished run or a judgement, and the
    # charts drawn anew even if the numbers came back the same.
    def forget() -> None:
        pane._forget()
        pane._shown = None

    for title, cold in (
        ("cold: the answer must be read (after a finished run or a judgement)", True),
        ("warm: going back to a filter read since the last change", False),
    ):
        print(f"    {title}")
        times: dict[str, list[float]] = {name: [] for name, _a in steps}
        for _ in range(3):
            for name, action in steps:
                if cold:
                    forget()
                times[name].append(clock.measure(action))
                settle(0.2)
        for name, _a in steps:
            ok &= verdict(name, statistics.median(times[name]), TARGET_MS, "ms")
    print("    (median of 3 rounds)")
    window.show_view("board")
    settle(0.5)
    forget()
    ok &= verdict(
        "show the tab again after a change (reads)",
        clock.measure(lambda: window.show_view("stats")),
        TARGET_MS,
        "ms",
    )
    window.show_view("board")
    settle(0.5)
    # Nothing changed: what the view kept is painted at once (it reads again meanwhile).
    clock.fresh = True
    ok &= verdict(
        "show the tab again, nothing changed",
        clock.measure(lambda: window.show_view("stats"), fresh=True),
        TARGET_MS,
        "ms",
    )
    settle(3.0)  # the read it starts

    history = window.history
    history_clock = PaintClock(app, history.tree.viewport(), history.sig_refreshed)
    history.default_prompt = lambda: facts.big_prompt_id
    ms = history_clock.measure(lambda: window.show_view("history"))
    print(f"  {'open the History tab (busiest prompt)':<44} {ms:10.2f} ms     (reference)")
    print(f"\n  RSS: {rss_before:.0f} MiB before the views, {rss_mib():.0f} MiB after")

    window.close()
    bridge.close()
    host.close()
    print("\nAll figures met." if ok else "\nSome figures MISSED.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
