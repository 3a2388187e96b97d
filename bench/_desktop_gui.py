"""The real window on an X display, driven like a user, with a 16 ms heartbeat on its thread.

Run by ``desktop_bench.py`` as a child process with ``DISPLAY`` pointing at its private
Xvfb (never ``QT_QPA_PLATFORM=offscreen``). The window is built exactly as
``workbench.ui.app.main`` builds it — QApplication, translators, theme, single instance,
``EngineHost`` → ``EngineBridge`` → ``MainWindow``, ``show()``, ``bridge.start()`` — except
that keys come through ``EngineHost(credentials_for=...)`` and each service's base URL and
concurrency through ``Settings.providers`` (what a user sets in Settings). The services are
loopback fakes in their own processes (``_service_fakes.py``), forked before Qt is loaded.

Scenario: tick the rows of four services (12 draws each), put the prompt in the editor,
trigger the Generate action, let all 48 draws settle and their posters load; then reroll
the same prompt until the board holds 200 tiles, for memory. Every heartbeat gap is kept
with the activity at its end (planning, submits, polling, downloads, posters loading).
Each heartbeat also reads the GUI thread's schedstat, so every gap splits into the GUI
thread's own CPU, time runnable without a core, and time blocked (the GIL, mostly). With
``--threads`` a sampler in another process records which threads ran during each long gap;
with ``--events`` the QApplication times every event it delivers (its own overhead skews
the figures, so neither is on in the measured run).

Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from array import array
from collections import Counter
from pathlib import Path
from typing import Any

import _common
from _service_fakes import ServiceFake, credentials_values
from _thread_sampler import ThreadSampler, busy_threads, read_schedstat

ROOT = _common.ROOT
PROMPT = "a paper boat drifting down a rainy street at night, neon reflections, slow dolly"
SERVICES: dict[str, str] = {  # service → the model row ticked in the services pane
    "seedance": "dreamina-seedance-2-0-260128",
    "kling": "kling-v2-6",
    "runway": "gen4.5",
    "sora": "sora-2",
}
#: render time per service: their completions (and downloads) arrive in separate bursts
RENDER_S = {"seedance": 6.0, "kling": 8.0, "runway": 10.0, "sora": 12.0}
PHASES = ("idle", "planning", "submits", "polling", "downloads", "posters", "settled")


def _log(text: str) -> None:
    print(f"[gui {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=12, help="draws per service (first run)")
    parser.add_argument("--tiles", type=int, default=200, help="tiles for the memory figure")
    parser.add_argument("--clip", default="5,720p", help="seconds,resolution of served clips")
    parser.add_argument("--events", action="store_true", help="time every Qt event delivery")
    parser.add_argument("--threads", action="store_true", help="sample every thread's CPU")
    parser.add_argument("--slow-ms", type=float, default=12.0, help="--events threshold")
    parser.add_argument("--profile", help="cProfile the GUI thread's run into this file")
    parser.add_argument("--prototype", action="append", default=[], help="see _prototypes.py")
    args = parser.parse_args()
    seconds, resolution = args.clip.split(",")

    # -- the services, in other processes (forked before Qt exists) ------------------------
    fakes = {s: ServiceFake(s, RENDER_S[s], (int(seconds), resolution)) for s in SERVICES}
    sampler = ThreadSampler(os.getpid()) if args.threads else None
    _log("fakes: " + ", ".join(f"{s} {f.base_url}" for s, f in fakes.items()))

    tmp = tempfile.TemporaryDirectory(prefix="wb-desktop-bench-")
    os.environ["WORKBENCH_HOME"] = str(Path(tmp.name, "home"))
    os.environ["XDG_CONFIG_HOME"] = str(Path(tmp.name, "config"))
    os.environ.pop("QT_QPA_PLATFORM", None)
    for service in SERVICES:
        os.environ.pop(f"WORKBENCH_{service.upper()}_BASE_URL", None)
    sys.path.insert(0, str(ROOT))
    result: dict[str, Any] = {"clip_bytes": next(iter(fakes.values())).clip_bytes}
    try:
        result.update(_run(args, fakes, sampler))
    finally:
        for fake in fakes.values():
            fake.close()
        tmp.cleanup()
    print(json.dumps(result), flush=True)
    return 0


def _run(
    args: argparse.Namespace, fakes: dict[str, ServiceFake], sampler: ThreadSampler | None
) -> dict[str, Any]:
    rss0 = _common.rss_mib()
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from workbench import settings as settings_mod
    from workbench.domain.credentials import Credentials
    from workbench.domain.jobs import JobState
    from workbench.resources import resource
    from workbench.ui import app as app_mod

    slow_events: list[tuple[float, float, int, str, int]] = []

    class TimedApplication(QApplication):
        """Times every event delivery (``--events`` only)."""

        depth = 0

        def notify(self, receiver: QObject, event: QEvent) -> bool:
            TimedApplication.depth += 1
            start = time.perf_counter()
            try:
                return super().notify(receiver, event)
            finally:
                TimedApplication.depth -= 1
                took = time.perf_counter() - start
                if took * 1000 >= args.slow_ms:
                    name = type(receiver).__name__
                    if receiver.objectName():
                        name += f"({receiver.objectName()})"
                    slow_events.append(
                        (start, took, int(event.type()), name, TimedApplication.depth)
                    )

    if args.prototype:
        import _prototypes

        for name in args.prototype:
            _prototypes.apply(name)

    # -- as workbench.ui.app.main() builds it ----------------------------------------------
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    app_mod._logging()
    app = (TimedApplication if args.events else QApplication)([sys.argv[0]])
    app.setOrganizationName("Workbench")
    app.setApplicationName("Workbench")
    app.setDesktopFileName("workbench")
    app.setWindowIcon(QIcon(str(resource("icons", "workbench.svg"))))
    from workbench.ui.i18n import install_translators
    from workbench.ui.theme import apply_theme

    settings = settings_mod.load().model_copy(
        update={
            "providers": {
                s: settings_mod.ProviderSettings(base_url=f.base_url, concurrency=50)
                for s, f in fakes.items()
            }
        }
    )
    install_translators(app, settings.language)
    apply_theme(app, settings.theme)
    from workbench.ui.single import SingleInstance, instance_key

    single = SingleInstance(instance_key())
    assert single.try_claim()
    from workbench.engine.host import EngineHost
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

    def credentials_for(provider_id: str) -> Credentials | None:
        if provider_id in fakes:
            return Credentials(credentials_values(provider_id), "bench")
        return None

    host = EngineHost(
        settings=settings, credentials_for=credentials_for, beside_window=True
    ).start()
    bridge = EngineBridge(host)
    window = MainWindow(bridge, settings)
    single.sig_activation_requested.connect(window.bring_forward)
    window.show()
    bridge.start()

    # -- instruments -----------------------------------------------------------------------
    states: dict[int, JobState] = {}
    counts: Counter[JobState] = Counter()
    phase = {"name": "idle", "events": 0, "run": None}
    posters = window.board.view.posters
    ticks = array("d")
    labels = array("b")
    on_cpu = array("q")  # the GUI thread's ns on a CPU at each tick
    on_queue = array("q")  # … and ns it was runnable but had no CPU
    sched = os.open("/proc/thread-self/schedstat", os.O_RDONLY)  # this (the GUI) thread
    code = {name: i for i, name in enumerate(PHASES)}

    def on_job(event: Any) -> None:
        phase["events"] += 1
        job = event.job
        old = states.get(job.id)
        if old is not job.state:
            if old is not None:
                counts[old] -= 1
            counts[job.state] += 1
            states[job.id] = job.state

    bridge.sig_job_changed.connect(on_job)

    def current_phase() -> str:
        if phase["name"] in ("idle", "planning") and not states:
            return phase["name"]
        if counts[JobState.PLANNED] or counts[JobState.SUBMITTING]:
            return "submits"
        if counts[JobState.DOWNLOADING]:
            return "downloads"
        if posters.pending():
            return "posters"
        if counts[JobState.SUBMITTED] or counts[JobState.RUNNING]:
            return "polling"
        return "settled"

    def tick() -> None:
        ticks.append(time.perf_counter())
        cpu_ns, queue_ns = read_schedstat(sched)
        on_cpu.append(cpu_ns)
        on_queue.append(queue_ns)
        labels.append(code[current_phase()])

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(16)
    heartbeat.timeout.connect(tick)
    heartbeat.start()

    def wait_until(predicate: Any, timeout: float, step_ms: int = 50) -> bool:
        """Run the event loop until ``predicate()``; never a processEvents loop."""
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(step_ms)

        def check() -> None:
            if predicate() or time.monotonic() > deadline:
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        check_now = predicate()
        if not check_now:
            loop.exec()
        poll.stop()
        return bool(predicate())

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        wait_until(lambda: time.monotonic() >= end, seconds + 1)

    # -- the window comes up -----------------------------------------------------------------
    t_shown = time.perf_counter()
    wait_until(lambda: window.isVisible() and window.board.model is not None, 10)
    settle(2.0)
    rss_idle = _common.rss_mib()
    _log(f"window up; RSS {rss_idle:.0f} MiB")

    # -- the user ticks four services and writes the prompt -------------------------------------
    services = window.services
    for row in services.rows():
        if row.is_checked():
            row.set_checked(False)
    for service, model in SERVICES.items():
        row = services.row(f"{service}:{model}")
        assert row is not None, f"no row {service}:{model}"
        row.draws.setValue(args.draws)
        row.set_checked(True)
    window.prompt.set_content(PROMPT, None)
    plans: list[Any] = []
    window.generator.sig_plan_ready.connect(plans.append)
    wait_until(lambda: plans and plans[-1].plan is not None, 20)
    settle(1.5)
    problems = plans[-1].all_problems if plans else ["no plan"]
    if problems:
        raise SystemExit(f"the plan has problems: {problems}")
    total = args.draws * len(SERVICES)

    started: list[int] = []
    finished: set[int] = set()
    window.generator.sig_run_started.connect(started.append)
    bridge.sig_run_changed.connect(lambda e: e.finished and finished.add(e.run.id))

    def run_once(draws_total: int, label: str, timeout: float) -> dict[str, Any]:
        before = len(ticks)
        cpu0, gui0, t0 = _common.cpu_s(), time.thread_time(), time.perf_counter()
        phase["name"] = "planning"
        n_started = len(started)
        states.clear()
        counts.clear()
        profiler = None
        if args.profile and label == "48-draw run":
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        window.actions.generate.trigger()  # what Ctrl+Enter does
        ok = wait_until(lambda: len(started) > n_started, 30)
        assert ok, "the run did not start"
        run_id = started[-1]
        t_started = time.perf_counter()
        ok = wait_until(
            lambda: run_id in finished
            and len(states) >= draws_total
            and all(s not in (JobState.PLANNED, JobState.SUBMITTING, JobState.SUBMITTED,
                              JobState.RUNNING, JobState.DOWNLOADING) for s in states.values()),
            timeout,
        )  # fmt: skip
        t_settled = time.perf_counter()
        wait_until(lambda: posters.pending() == 0, 20)
        settle(1.0)  # the last repaints
        t_end = time.perf_counter()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        phase["name"] = "settled"
        final = Counter(s.value for s in states.values())
        return {
            "label": label,
            "ok": ok,
            "run_id": run_id,
            "states": dict(final),
            "tiles": window.board.model.tile_count(),
            "plan_to_started_s": t_started - t0,
            "started_to_settled_s": t_settled - t_started,
            "wall_s": t_end - t0,
            "cpu_s": _common.cpu_s() - cpu0,
            "gui_cpu_s": time.thread_time() - gui0,
            "events": phase["events"],
            "tick_range": (before, len(ticks)),
            "t0": t0,
            "t_end": t_end,
        }

    # -- the 48-draw run -----------------------------------------------------------------------
    phase["events"] = 0
    _log(f"generate: {total} draws on {', '.join(SERVICES)}")
    main_run = run_once(total, "48-draw run", 180)
    rss_48 = _common.rss_mib()
    _log(
        f"run 1: {main_run['states']} in {main_run['wall_s']:.1f} s; tiles "
        f"{main_run['tiles']}; RSS {rss_48:.0f} MiB"
    )

    # -- rerolls of the same prompt until the board holds `tiles` tiles ------------------------
    memory_runs = []
    for fake in fakes.values():
        fake.set_render(1.0)
    while window.board.model.tile_count() < args.tiles and len(memory_runs) < 4:
        missing = args.tiles - window.board.model.tile_count()
        per_service = min(100, -(-missing // len(SERVICES)))
        for service, model in SERVICES.items():
            services.row(f"{service}:{model}").draws.setValue(per_service)
        plans.clear()
        wait_until(lambda: plans and plans[-1].plan is not None, 20)
        phase["events"] = 0
        _log(f"reroll: {per_service * len(SERVICES)} more draws")
        memory_runs.append(run_once(per_service * len(SERVICES), "reroll to 200 tiles", 240))
    tiles = window.board.model.tile_count()
    settle(1.0)
    rss_tiles_visible = _common.rss_mib()
    # Scroll through the whole board so every tile's poster is decoded and cached.
    view, model = window.board.view, window.board.model
    for r in range(model.rowCount()):
        for c in range(0, model.columnCount(), 3):
            view.scrollTo(model.index(r, c))
            wait_until(lambda: posters.pending() == 0, 5, step_ms=10)
    settle(1.0)
    rss_tiles_all = _common.rss_mib()
    _log(f"{tiles} tiles: RSS {rss_tiles_visible:.0f} MiB, after scrolling {rss_tiles_all:.0f}")

    heartbeat.stop()
    threads_seen = {t.native_id: t.name for t in threading.enumerate()}
    samples, kernel_names = sampler.stop() if sampler is not None else ([], {})

    def gap_rows(lo: int, hi: int) -> list[list[Any]]:
        """[gap ms, phase, GUI-thread CPU ms, ms runnable without a CPU, end time] per gap."""
        return [
            [
                round((ticks[i] - ticks[i - 1]) * 1000, 3),
                PHASES[labels[i]],
                round((on_cpu[i] - on_cpu[i - 1]) / 1e6, 3),
                round((on_queue[i] - on_queue[i - 1]) / 1e6, 3),
                ticks[i],
            ]
            for i in range(max(lo, 1), hi)
        ]

    def thread_name(tid: int) -> str:
        return threads_seen.get(tid) or kernel_names.get(tid, str(tid))

    runs_out = []
    for run in [main_run, *memory_runs]:
        run = dict(run)
        rows = gap_rows(*run.pop("tick_range"))
        long_gaps = []
        for row in rows:
            if row[0] > 50 and samples:
                busy = busy_threads(samples, row[4] - row[0] / 1000, row[4])
                busy.pop(threading.main_thread().native_id, None)
                top = sorted(busy.items(), key=lambda kv: -kv[1])[:4]
                long_gaps.append(
                    [round((row[4] - run["t0"]) * 1000), *row[:4],
                     [(thread_name(tid), round(ms, 1)) for tid, ms in top]]
                )  # fmt: skip
        run["gaps"] = [row[:4] for row in rows]
        run["long_gaps"] = long_gaps
        run["slow_events"] = [
            (round((s - run["t0"]) * 1000, 1), round(d * 1000, 2), t, n, depth)
            for s, d, t, n, depth in slow_events
            if run["t0"] <= s <= run["t_end"]
        ]
        runs_out.append(run)
    idle = [row[:4] for row in gap_rows(0, len(ticks)) if t_shown + 1 < row[4] < main_run["t0"]]

    # -- the way app.main() ends ----------------------------------------------------------------
    window.close()
    bridge.close()
    host.close()
    single.release()
    posters.wait(5000)
    return {
        "rss_start_mib": rss0,
        "rss_idle_mib": rss_idle,
        "rss_48_mib": rss_48,
        "rss_tiles_visible_mib": rss_tiles_visible,
        "rss_tiles_all_mib": rss_tiles_all,
        "tiles": tiles,
        "idle_gaps": idle,
        "runs": runs_out,
        "events_timed": args.events,
        "threads_sampled": args.threads,
        "prototypes": args.prototype,
    }


if __name__ == "__main__":
    sys.exit(main())
