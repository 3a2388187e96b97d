"""The inspector (issue "Judge, reroll and learn"): the current take's record and judgement.

``attach(window)`` adds the Inspector dock (right, under the services), the Take menu with
its keys (1–5, 0, F/P, X, T, Shift+N, R, Shift+R, Ctrl+Shift+C, Ctrl+Z, Ctrl+Shift+Z), and
the lineage on tile tooltips. The pieces:

- ``controller.Inspector``: follows the board's current tile; ``window.inspector``.
- ``pane.InspectorPane`` (a view) with ``widgets`` (stars, chips, tags, notes) and
  ``record.RecordView`` (the full record).
- ``judge.JudgeController``: changes through the engine, on an undo stack.
- ``reroll.RerollController``: reroll, reroll the row, Recall.
- ``actions.TakeActions`` and ``reject.RejectMenu``: the keys and the X popup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the inspector into the window: its dock, the Take menu and the keys."""
    from workbench.ui.inspector.controller import Inspector

    inspector = Inspector(window)
    window.inspector = inspector  # type: ignore[attr-defined]
    dock = window.add_dock(
        "inspector",
        QCoreApplication.translate("InspectorPane", "Inspector"),
        inspector.pane,
        Qt.DockWidgetArea.RightDockWidgetArea,
    )
    services = next(
        (d for d in window.findChildren(QDockWidget) if d.widget() is window.services), None
    )
    if services is not None:
        window.splitDockWidget(services, dock, Qt.Orientation.Vertical)
        # First start (a saved layout replaces this): the inspector gets the larger half,
        # the services keep room for two checked models.
        window.resizeDocks([services, dock], [380, 480], Qt.Orientation.Vertical)
    menu = inspector.actions.build_menu(window)
    bar = window.menuBar()
    menus = bar.actions()
    # Before Help (the last menu), so Help stays last as everywhere.
    if menus:
        bar.insertMenu(menus[-1], menu)
    else:
        bar.addMenu(menu)
