"""The library view (issue "Judge, reroll and learn"): every take, filtered and paged.

``attach(window)`` adds the Library tab (Ctrl+2), an "Export takes…" entry in the File
menu, the jump from a take to its board, and clip drops: an exported clip dropped onto
the window recalls the record it carries. The pieces:

- ``pane.LibraryPane`` (``window.library``): filter bar, tools, grid; the reads and events.
- ``model.LibraryModel``: keyset pages of ``TakeView``; ``view.LibraryView`` and
  ``delegate.LibraryDelegate``: the grid, hover scrub (``scrub.ScrubFrames``), drag-out.
- ``export_flow.LibraryExportFlow``, ``trash.TrashFlow``: export with progress; delete to the trash.
- ``recall.ClipDrop`` and ``record_dialog.RecordDialog``: a dropped clip's record.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from workbench.domain.views import TakeView

if TYPE_CHECKING:
    from workbench.engine.reading import Board
    from workbench.ui.window import MainWindow


class BoardJump(QObject):
    """Shows a take on its board and makes its tile current once the board has loaded."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._want: TakeView | None = None
        window.board.sig_board_shown.connect(self._on_board_shown)

    def show(self, take: TakeView) -> None:
        """Switch to the board of the take's prompt version with its tile selected."""
        board = self.window.board
        self.window.show_view("board")
        if board.version_id == take.prompt_version_id and board.view.select_job(take.job_id):
            self._want = None
            return
        self._want = take
        board.show_version(take.prompt_version_id)

    def _on_board_shown(self, shown: Board) -> None:
        take, self._want = self._want, None
        if take is not None and shown.prompt_version_id == take.prompt_version_id:
            self.window.board.view.select_job(take.job_id)
            self.window.board.view.setFocus(Qt.FocusReason.OtherFocusReason)


def attach(window: MainWindow) -> None:
    """Plug the library view, its File-menu export and clip drops into the window."""
    from workbench.ui.library.pane import LibraryPane
    from workbench.ui.library.recall import ClipDrop, joined, recall
    from workbench.ui.library.record_dialog import RecordDialog

    pane = LibraryPane(window.bridge, window)
    window.library = pane  # type: ignore[attr-defined]
    window.add_view("library", QCoreApplication.translate("LibraryPane", "Library"), pane, "Ctrl+2")
    bridge = window.bridge
    bridge.sig_take_changed.connect(pane.on_take_changed)
    bridge.sig_take_deleted.connect(pane.on_take_deleted)
    bridge.sig_job_changed.connect(pane.on_job_changed)
    pane.sig_message.connect(window.status.say)
    jump = BoardJump(window)
    pane.sig_show_on_board_requested.connect(jump.show)

    export = QAction(QCoreApplication.translate("LibraryPane", "&Export takes…"), window)
    export.setShortcut(QKeySequence("Ctrl+Shift+E"))
    export.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    export.setStatusTip(
        QCoreApplication.translate(
            "LibraryPane", "Copy the library's selected takes (or all shown) with their records"
        )
    )

    def export_from_menu() -> None:
        window.show_view("library")
        pane.export_selection()

    export.triggered.connect(export_from_menu)
    window.addAction(export)
    file_menu = next(
        (
            a.menu()
            for a in window.menuBar().actions()
            if a.menu() is not None and window.actions.settings in a.menu().actions()
        ),
        None,
    )
    if file_menu is not None:
        file_menu.insertAction(window.actions.settings, export)
        file_menu.insertSeparator(window.actions.settings)
    pane.export_menu_action = export  # type: ignore[attr-defined]

    drops = ClipDrop(bridge, window)
    drops.watch(window)
    drops.sig_message.connect(window.status.say)

    def recalled(path: str, record: dict[str, Any] | None) -> None:
        if record is None:
            return
        done = recall(window, record)
        dialog = RecordDialog(record, Path(path).name, done, window)
        window.record_dialog = dialog  # type: ignore[attr-defined]
        dialog.open()
        window.status.say(
            QCoreApplication.translate("ClipDrop", "Recalled from %1: %2.")
            .replace("%1", Path(path).name)
            .replace("%2", joined(done) or "—")
        )

    drops.sig_record_read.connect(recalled)
    window.clip_drop = drops  # type: ignore[attr-defined]
