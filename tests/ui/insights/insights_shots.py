"""Screenshots of the statistics and the prompt history, English or Chinese, light or dark.

Not a test: the panes are fed realistic data by a fake engine (``insights_helpers``) and
grabbed. Chinese installs the shipped zh_CN translation and uses Chinese prompts.

Usage (from the project root)::

    .venv/bin/python tests/ui/insights/insights_shots.py en light /tmp/shots
    .venv/bin/python tests/ui/insights/insights_shots.py zh dark /tmp/shots
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(language: str, mode: str, out: Path) -> None:
    from insights_helpers import FakeBridge, FakeEngine
    from PySide6.QtWidgets import QApplication

    from workbench.ui import theme
    from workbench.ui.i18n import install_translators

    app = QApplication([])
    theme.apply_theme(app, mode)
    install_translators(app, "zh_CN" if language == "zh" else "en")
    from workbench.ui.insights.history_pane import HistoryPane
    from workbench.ui.insights.stats_pane import StatsPane

    out.mkdir(parents=True, exist_ok=True)
    bridge = FakeBridge(FakeEngine(language), sync=True)
    stats = StatsPane(bridge)  # type: ignore[arg-type]
    stats.resize(1280, 860)
    stats.show()
    app.processEvents()
    stats.grab().save(str(out / f"ui-stats-{language}-{mode}.png"))
    stats.resize(900, 700)
    app.processEvents()
    stats.grab().save(str(out / f"ui-stats-narrow-{language}-{mode}.png"))
    stats.filters.set_period("custom")
    from PySide6.QtCore import QDate

    stats.filters.set_dates(QDate(2020, 1, 1), QDate(2020, 1, 2))
    app.processEvents()
    stats.grab().save(str(out / f"ui-stats-empty-{language}-{mode}.png"))

    history = HistoryPane(bridge)  # type: ignore[arg-type]
    history.default_prompt = lambda: 12
    history.resize(1180, 760)
    history.show()
    app.processEvents()
    history.compare(30, 32)
    app.processEvents()
    history.grab().save(str(out / f"ui-history-{language}-{mode}.png"))
    # A new library: both views teach.
    empty_engine = FakeEngine(language)
    empty_engine.rows = []
    empty_engine.histories = {}
    empty = FakeBridge(empty_engine, sync=True)
    first = StatsPane(empty)  # type: ignore[arg-type]
    first.resize(1000, 560)
    first.show()
    app.processEvents()
    first.grab().save(str(out / f"ui-stats-first-{language}-{mode}.png"))
    none = HistoryPane(empty)  # type: ignore[arg-type]
    none.resize(1000, 560)
    none.show()
    app.processEvents()
    none.grab().save(str(out / f"ui-history-first-{language}-{mode}.png"))
    print("\n".join(sorted(str(p) for p in out.glob(f"ui-*-{language}-{mode}.png"))))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
