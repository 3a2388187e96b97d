"""Screenshots of the compare views in the real window, English or Chinese (not a test).

Six sim takes from three services (text overlay off, so the clips name nobody), then:
the board playing its selection, a survey of six, A/B wipe at 50 %, difference, the
blind board and a blind survey. Chinese uses the shipped zh_CN translation plus
``compare_zh_CN.json`` (this package's strings, in ``i18n_tool apply`` format).

Usage (from the project root)::

    .venv/bin/python tests/ui/compare/compare_shots.py en /tmp/shots
    .venv/bin/python tests/ui/compare/compare_shots.py zh /tmp/shots
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROMPT = {
    "en": "A paper boat drifts down a rain-soaked neon street at night, slow dolly shot",
    "zh": "雨夜霓虹街道上，一只纸船顺着积水缓缓漂流，镜头缓慢推进",
}
SERVICES = [
    ("kling", "kling-v3", "sim-pro"),
    ("seedance", "dreamina-seedance-2-0-260128", "sim-fast"),
    ("veo", "veo-3.1-generate-preview", "sim-cinema"),
]
SEEDS = [123456789, 987654, 42, 31337, 2024111, 77]
COSTS = [0.42, 0.42, 0.30, 0.30, 1.60, 1.60]
RENDER_S = [83, 91, 47, 52, 140, 133]


def clips(folder: Path) -> list[tuple[Path, Path]]:
    """Six 4 s 480p sim clips and their posters (made once per folder)."""
    import numpy as np

    import workbench.providers.sim.render as render
    from workbench.domain.spec import GenerationSpec
    from workbench.media import probe

    render.text_overlay = lambda _t, _w, _h: (  # type: ignore[assignment]
        np.zeros((1, 1, 3), np.uint8),
        np.zeros((1, 1, 1), np.float32),
    )
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(6):
        look = SERVICES[n // 2][2]
        path, poster = folder / f"take{n}.mp4", folder / f"take{n}.jpg"
        if not path.exists():
            spec = GenerationSpec(prompt=f"{PROMPT['en']} {n}", duration=4, resolution="480p")
            render.render_clip(spec, 1000 + 37 * n, look, path)
        if not poster.exists():
            probe(path, poster)
        made.append((path, poster))
    return made


def _fake_bridge() -> Any:
    """An object with every signal of EngineBridge whose calls do nothing (fed directly)."""
    from PySide6.QtCore import QObject, Signal

    from workbench.ui.bridge import EngineBridge

    signals = {k: v for k, v in vars(EngineBridge).items() if isinstance(v, Signal)}

    def call(_self: object, *_args: object, **_kwargs: object) -> None:
        return None

    return type("FakeBridge", (QObject,), {**signals, "call": call, "pending": 0})()


def main() -> int:
    lang, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_LOGGING_RULES"] = "qt.multimedia*=false"
    os.environ["WORKBENCH_HOME"] = tempfile.mkdtemp(prefix="wb-compare-shots-")
    sys.path.insert(0, str(HERE.parents[2]))
    made = clips(Path(tempfile.gettempdir()) / "wb-compare-shots-clips")

    from PySide6.QtCore import QEventLoop, QItemSelectionModel, QTimer, QTranslator
    from PySide6.QtWidgets import QApplication

    from workbench.domain.jobs import JobState
    from workbench.domain.views import JobView, TakeBrief
    from workbench.settings import Settings
    from workbench.ui import i18n, theme
    from workbench.ui.window import MainWindow

    app = QApplication([])
    theme.apply_theme(app, "dark")
    if lang == "zh":
        i18n.install_translators(app, "zh_CN")
        entries = json.loads((HERE / "compare_zh_CN.json").read_text("utf-8"))
        table = {(e["context"], e["source"]): e["translation"] for e in entries}

        class Table(QTranslator):
            def translate(self, context: str, source: str, _d: object = None, _n: int = -1) -> Any:
                found = table.get((context, source))
                return found[0] if isinstance(found, list) else found

            def isEmpty(self) -> bool:
                return False

        translator = Table(app)
        app.installTranslator(translator)
    window = MainWindow(_fake_bridge(), Settings())
    window.resize(1600, 1000)
    window.show()
    jobs = []
    for n, (path, poster) in enumerate(made):
        provider, model, _look = SERVICES[n // 2]
        take = TakeBrief(
            id=500 + n,
            path=str(path),
            poster=str(poster),
            duration=4.0,
            width=854,
            height=480,
            fps=24.0,
            audio=False,
        )
        jobs.append(
            JobView(
                id=n + 1,
                run_id=12,
                prompt_version_id=3,
                provider=provider,
                model=model,
                draw_no=n % 2 + 1,
                state=JobState.DONE,
                seed=SEEDS[n],
                seed_supported=True,
                params={"duration": 4},
                est_cost_usd=COSTS[n],
                charged=True,
                render_s=RENDER_S[n],
                take=take,
            )
        )
    board = window.board
    board.model.set_jobs(jobs, 1, 3)
    board.title.setText(f"“{PROMPT[lang][:40]}…” v3 · run 12")
    compare = window.compare  # type: ignore[attr-defined]
    compare.blind_mode._rng = random.Random(3)

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def select(ids: list[int]) -> None:
        view = board.view
        model = view.board_model()
        selection = view.selectionModel()
        selection.clearSelection()
        for job_id in ids:
            selection.select(model.index_of(job_id), QItemSelectionModel.SelectionFlag.Select)
        selection.setCurrentIndex(
            model.index_of(ids[0]), QItemSelectionModel.SelectionFlag.NoUpdate
        )

    def shot(name: str, at_ms: float | None = None) -> None:
        if at_ms is not None:
            compare.sync.seek(at_ms)
            wait(1200)
        window.grab().save(str(out / f"{name}-{lang}.png"))

    wait(300)
    select([1, 3, 5])
    board.view.setFocus()
    compare.play_pause()
    wait(1500)
    compare.play_pause()
    wait(800)
    shot("board-playing")
    select([1, 2, 3, 4, 5, 6])
    compare.show_mode("survey")
    shot("focus6", 1500)
    select([1, 3])
    compare.show_mode("ab")
    compare.ab_view.canvas.set_split(0.5)
    shot("ab-wipe", 1500)
    compare.ab_view.set_mode("difference")
    wait(300)
    shot("ab-diff")
    compare.show_mode("grid")
    compare.sync.reset()
    select([1])
    compare.blind_mode.set_active(True)
    wait(600)
    shot("blind-board")
    select(compare.blind_mode.model().job_ids()[:4])
    compare.show_mode("survey")
    shot("blind-survey", 1000)
    window.close()
    print("saved", sorted(p.name for p in out.glob(f"*-{lang}.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
