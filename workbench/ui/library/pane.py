"""The library view: every take, filtered, paged from the engine, kept current by its events.

The pane is the library's traffic: it answers the model's page requests through the
bridge (typed reads, keyset pages of 200), counts the matches, and turns the engine's take
events into model updates. The grid (:mod:`.view`), the filter bar (:mod:`.filters`), the
export (:mod:`.export_flow`) and delete (:mod:`.trash`) flows do the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QMenu, QStyle, QToolButton, QVBoxLayout, QWidget

from workbench.domain.jobs import JobState
from workbench.domain.views import TakePage, TakeView
from workbench.library.records import TakeFilter
from workbench.ui.library.export_flow import LibraryExportFlow
from workbench.ui.library.filters import FilterBar
from workbench.ui.library.model import LibraryModel
from workbench.ui.library.trash import TrashFlow
from workbench.ui.library.view import LibraryView

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.engine.events import JobChanged, TakeChanged, TakeDeleted
    from workbench.ui.bridge import EngineBridge

# Folders opened at most by one "Open containing folder".
MAX_FOLDERS = 5


async def count_takes(engine: Engine, flt: TakeFilter) -> int:
    """How many takes match (the engine's typed read)."""
    return await engine.count_takes(flt)


class LibraryPane(QWidget):
    """Filter bar and tools over the grid of takes.

    Args:
        bridge: the engine bridge (reads, deletes and exports go through it).
        parent: owner (the window).
    """

    sig_message = Signal(str)
    """Something to tell in the status bar: (words)."""
    sig_show_on_board_requested = Signal(object)
    """Show a take among the draws of its prompt version: (TakeView)."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = LibraryModel(self)
        self.view = LibraryView(self)
        self.view.setModel(self.model)
        self.filters = FilterBar(self)
        self.exporter = LibraryExportFlow(bridge, self)
        self.trash = TrashFlow(bridge, self)
        self._count: int | None = None
        self._count_generation = 0
        self._asked: set[int] = set()  # new takes whose record was asked for
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(700)
        self._recount.timeout.connect(self._count_now)
        self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        self.model.sig_page_requested.connect(self._on_model_page_requested)
        self.model.sig_first_page.connect(self._on_model_first_page)
        self.model.rowsRemoved.connect(lambda *_: self._update_empty_text())
        self.filters.sig_filter_changed.connect(self._on_filters_filter_changed)
        self.view.sig_open_requested.connect(self.sig_show_on_board_requested)
        self.view.sig_delete_requested.connect(self.delete_selection)
        self.view.sig_context_requested.connect(self._on_view_context_requested)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.exporter.sig_message.connect(self.sig_message)
        self.trash.sig_message.connect(self.sig_message)
        self._opened = False
        self._update_empty_text()
        self._on_selection()

    def _make_actions(self) -> None:
        style = self.style()
        self.export_action = QAction(self.tr("Export…"), self)
        self.export_action.setToolTip(
            self.tr("Copy the selected takes (or all shown) to a folder, with their records")
        )
        self.export_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.export_action.triggered.connect(self.export_selection)
        self.folder_action = QAction(self.tr("Open containing folder"), self)
        self.folder_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.folder_action.triggered.connect(self.open_folder)
        self.delete_action = QAction(self.tr("Delete…"), self)
        self.delete_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_action.setToolTip(self.tr("Move the selected takes' clips to the system trash"))
        self.delete_action.triggered.connect(self.delete_selection)
        self.board_action = QAction(self.tr("Show on its board"), self)
        self.board_action.setShortcut(QKeySequence(Qt.Key.Key_Return))
        self.board_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.board_action.triggered.connect(self._on_board_action)
        self._tool_buttons: list[QToolButton] = []
        for action in (self.export_action, self.folder_action, self.delete_action):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            self.filters.tools.addWidget(button)
            self._tool_buttons.append(button)
        # Narrower than the bar with words (a small window, a wide services dock): icons only.
        self._wide = self.filters.sizeHint().width() + 20 * self.fontMetrics().averageCharWidth()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Tools lose their words when the bar would not fit with them."""
        super().resizeEvent(event)
        style = (
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if event.size().width() < self._wide
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )
        for button in self._tool_buttons:
            button.setToolButtonStyle(style)

    # -- opening and filtering ---------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """The first time the library is shown, its first page is read."""
        super().showEvent(event)
        if not self._opened:
            self.open()

    def open(self) -> None:
        """Read the first page of the current filter (once; later filters reload)."""
        self._opened = True
        self.model.set_filter(self.filters.filter())

    def is_open(self) -> bool:
        """True once the library was shown (events then keep it current)."""
        return self._opened

    def set_filter(self, flt: TakeFilter) -> None:
        """Filter by ``flt`` (as if chosen in the bar)."""
        self.filters.set_filter(flt)

    def _on_filters_filter_changed(self, flt: TakeFilter) -> None:
        self.view.end_scrub()
        self.model.set_filter(flt)
        self._update_empty_text()
        # A count (a scan of every match) waits until the filter has shown its first page
        # and rested a moment: it must not hold up the page, nor pile up behind fast changes.
        self._recount.stop()
        self._count_generation += 1
        self._count = None
        self.filters.set_count(None)

    def _on_model_page_requested(self, generation: int, flt: TakeFilter, after: int | None) -> None:
        limit = self.model.page

        def arrived(page: TakePage) -> None:
            self.model.add_page(generation, page)

        def failed(error: BaseException) -> None:
            self.model.page_failed(generation)
            text = self.tr("The library could not be read: %1").replace("%1", str(error))
            self.sig_message.emit(text)

        self.bridge.call(lambda e: e.takes_page(flt, after, limit), arrived, failed)

    def _on_model_first_page(self, _count: int) -> None:
        self._update_empty_text()
        self.view.viewport().update()
        if self.model.complete():
            self._count_now()  # everything is here: no query needed
        else:
            self._recount.start()

    def _count_now(self) -> None:
        self._recount.stop()
        self._count_generation += 1
        if self.model.complete():
            self._count = self.model.rowCount()
            self._on_selection()
            return
        generation, flt = self._count_generation, self.model.filter

        def counted(n: int) -> None:
            if generation == self._count_generation:
                self._count = n
                self._on_selection()

        self.bridge.call(lambda e: count_takes(e, flt), counted, lambda _error: None)

    def _update_empty_text(self) -> None:
        if self.filters.is_filtered():
            text = self.tr("No take matches these filters. Clear them to see every take.")
        else:
            text = self.tr(
                "No takes yet. Write a prompt and press Ctrl+Enter: every clip a service "
                "delivers lands here with its prompt, seed and cost — the offline sim "
                "works without any key."
            )
        self.view.set_empty_text(text)

    def _on_selection(self) -> None:
        selected = len(self.view.selectionModel().selectedIndexes())
        self.filters.set_count(self._count, selected)
        for action in (self.folder_action, self.delete_action, self.board_action):
            action.setEnabled(selected > 0)

    # -- engine events -----------------------------------------------------------------------
    def on_take_changed(self, event: TakeChanged) -> None:
        """A take was judged: update its card (it may leave or join the filtered grid)."""
        if self._opened:
            before = self.model.rowCount()
            self.model.apply_take(event.take)
            if self.model.rowCount() != before or self.filters.is_filtered():
                self._recount.start()

    def on_take_deleted(self, event: TakeDeleted) -> None:
        """A take left the library: its card goes."""
        if self._opened:
            self.model.remove_take(event.take_id)
            self._recount.start()

    def on_job_changed(self, event: JobChanged) -> None:
        """A draw delivered a take: read its record and show it if it matches."""
        take_id = event.take_id
        if (
            not self._opened
            or take_id is None
            or event.state is not JobState.DONE
            or take_id in self._asked
            or self.model.row_of(take_id) >= 0
        ):
            return
        self._asked.add(take_id)

        def arrived(take: TakeView) -> None:
            self.model.apply_take(take)
            self._recount.start()

        self.bridge.call(lambda e: e.take(take_id), arrived, lambda _error: None)

    # -- actions -----------------------------------------------------------------------------
    def export_selection(self) -> None:
        """Export the selected takes, or every take the filter shows when none is selected."""
        takes = self.view.selected_takes()
        self.exporter.start(takes or None, self.model.filter, None if takes else self._count)

    def delete_selection(self) -> None:
        """Ask, then delete the selected takes (clips to the system trash)."""
        self.trash.ask(self.view.selected_takes())

    def open_folder(self) -> None:
        """Open the folders holding the selected clips in the file manager."""
        folders: list[str] = []
        for take in self.view.selected_takes():
            folder = str(Path(take.path).parent)
            if folder not in folders:
                folders.append(folder)
        for folder in folders[:MAX_FOLDERS]:
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def _on_board_action(self) -> None:
        take = self.view.current_take()
        if take is not None:
            self.sig_show_on_board_requested.emit(take)

    def _on_view_context_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(self.view.viewport().mapFromGlobal(pos))
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.selectionModel().setCurrentIndex(
                index, self.view.selectionModel().SelectionFlag.ClearAndSelect
            )
        menu = self.context_menu()
        menu.popup(pos)

    def context_menu(self) -> QMenu:
        """The menu a right-click on the grid shows."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.board_action)
        menu.addAction(self.folder_action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def close_workers(self) -> None:
        """Wait for poster, scrub and trash workers (window close and tests)."""
        self.view.posters.wait(5000)
        self.view.scrub.wait(5000)
        self.trash.wait(5000)

    def index_of(self, take_id: int) -> QModelIndex:
        """The grid index of a take (invalid when not loaded)."""
        return self.model.index_of(take_id)
