"""Comparing takes (issue "Compare takes"): synced players, focus view, A/B, blind judging.

``attach(window)`` adds this pane's widgets and actions to the main window and exposes:

- ``window.compare`` — the :class:`~workbench.ui.compare.controller.CompareController`;
- ``window.blind_mode`` — the :class:`~workbench.ui.compare.blind.BlindMode` (``active``,
  ``sig_changed(bool)``): raters pass ``blind=window.blind_mode.active`` to ``engine.rate``.

Modules: ``timeline`` (frame arithmetic), ``frames`` (frame → image off the GUI thread),
``player`` (one take's decoder), ``sync`` (the one place that keeps players in step) with
``drift`` and ``present`` (its policies while playing), ``transport`` (buttons, scrub bar,
timecode), ``board_play`` (playing in the board's tiles), ``focus`` (1–9 tiles large),
``ab`` / ``ab_page`` (wipe, fade, difference), ``blind`` / ``blind_model`` (blind judging),
``modes`` and ``actions`` (header buttons and keys), ``export`` (the comparison video),
``surface`` (shared painting), ``controller`` (wiring).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


class _CloseWatcher(QObject):
    """Stops the players when the window closes (the window has no hook for panes)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """On Close, shut the compare views down (players stopped, timers stopped)."""
        if watched is self._window and event.type() == QEvent.Type.Close:
            self._window.compare.shutdown()  # type: ignore[attr-defined]
        return False


def attach(window: MainWindow) -> None:
    """Plug the compare views into the window: header buttons, pages, transport, menu."""
    from PySide6.QtWidgets import QMenu

    from workbench.ui.compare.controller import CompareController
    from workbench.ui.compare.export import ComparisonExport

    controller = CompareController(window.board, window, window.status.say)
    window.compare = controller  # type: ignore[attr-defined]
    window.blind_mode = controller.blind_mode  # type: ignore[attr-defined]
    controller.export_flow = ComparisonExport(controller, window.bridge, window)
    controller.export_flow.sig_message.connect(window.status.say)
    bar = window.menuBar()
    menu = QMenu(QCoreApplication.translate("CompareController", "&Compare"), bar)
    menus = [a for a in bar.actions() if a.menu() is not None]
    if menus:  # before Help, the last menu by convention
        bar.insertMenu(menus[-1], menu)
    else:
        bar.addMenu(menu)
    for action in controller.actions.menu_actions():
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    _CloseWatcher(window)
