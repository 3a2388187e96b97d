"""The central pane: which board is shown (a prompt version), its header, and its tiles.

The board is filled by one typed read from the engine, then kept current by events; reads
and events carry the engine's sequence number, so their order does not matter. Older
boards stay one click away in the header's list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.views import RunSummary
from workbench.ui.board.model import BoardModel
from workbench.ui.board.view import BoardView

if TYPE_CHECKING:
    from workbench.engine.events import JobChanged, RunChanged, Snapshot
    from workbench.engine.reading import Board
    from workbench.ui.bridge import EngineBridge

#: Recent prompt versions listed in the header.
RECENT = 40


def _elide(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class BoardPane(QWidget):
    """Header (board title and the list of recent boards) over the board of tiles."""

    sig_board_shown = Signal(object)
    """A board was (re)loaded: (engine.reading.Board)."""
    sig_runs_changed = Signal()
    """The tally of a run on this board changed (the status bar recounts)."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = BoardModel(self)
        self.view = BoardView(self)
        self.view.setModel(self.model)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.boards = QComboBox(self)
        self.boards.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.boards.setMinimumContentsLength(24)
        self.boards.setToolTip(self.tr("Boards of earlier prompts and versions"))
        self.boards.activated.connect(self._on_boards_activated)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(8, 4, 8, 4)
        self.header.addWidget(self.title, 1)
        self._tools = QHBoxLayout()  # view modes and toggles added by the compare views
        self._tools.setSpacing(4)
        self.header.addLayout(self._tools)
        self.header.addSpacing(12)
        self.header.addWidget(QLabel(self.tr("Board:"), self))
        self.header.addWidget(self.boards)
        # The tiles, and the larger views of them (focus, A/B…) added by other panes.
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.header)
        layout.addWidget(self.stack, 1)
        self.board: Board | None = None
        self.runs: dict[int, RunSummary] = {}
        self._pending_select: int | None = None
        self._update_title()

    # -- room for other views -----------------------------------------------------------
    def add_header_widget(self, widget: QWidget) -> None:
        """Put a tool (view-mode buttons, a toggle) in the header, left of the board list."""
        self._tools.addWidget(widget)

    def add_page(self, widget: QWidget) -> int:
        """Add a view shown instead of the tiles (focus, A/B…); returns its index."""
        return self.stack.addWidget(widget)

    def show_page(self, widget: QWidget | None = None) -> None:
        """Show a page added with :meth:`add_page`, or the tiles (None)."""
        self.stack.setCurrentWidget(widget if widget is not None else self.view)

    # -- which board -----------------------------------------------------------------------
    def show_version(self, version_id: int, *, select_run: int | None = None) -> None:
        """Load the board of one prompt version (and make a run's first tile current)."""
        self._pending_select = select_run

        def shown(board: Board) -> None:
            self.board = board
            self.model.set_jobs(board.jobs, board.seq, board.prompt_version_id)
            for run in board.runs:
                self.runs[run.id] = run
            self._list_version(board.runs[-1] if board.runs else None)
            self._select_in_list(board.prompt_version_id)
            self._update_title()
            if self._pending_select is not None:
                self.view.select_first_of_run(self._pending_select)
                self._pending_select = None
            self.sig_board_shown.emit(board)

        self.bridge.call(lambda e: e.board(version_id), shown)

    def show_run(self, run_id: int) -> None:
        """Show the board a run belongs to, with its first tile current."""

        def found(run: RunSummary) -> None:
            self.runs[run.id] = run
            self._list_version(run)
            self.show_version(run.prompt_version_id, select_run=run.id)

        self.bridge.call(lambda e: e.run_summary(run_id), found)

    @property
    def version_id(self) -> int | None:
        """The prompt version shown."""
        return self.model.version_id

    # -- engine events ---------------------------------------------------------------------
    def on_snapshot(self, snapshot: Snapshot, remembered_version: int | None) -> None:
        """Fill the list of boards and show the remembered one (or the newest)."""
        for run in reversed(snapshot.runs):
            self.runs[run.id] = run
            self._list_version(run)
        known = {r.prompt_version_id for r in snapshot.runs}
        if remembered_version is not None and (remembered_version in known or not known):
            self.show_version(remembered_version)
        elif snapshot.runs:
            self.show_version(snapshot.runs[0].prompt_version_id)
        self._update_title()

    def on_job_changed(self, event: JobChanged) -> None:
        """Update a tile (events of other boards are ignored by the model)."""
        if self.model.version_id is not None:
            self.model.apply(event.job, event.seq)

    def on_run_changed(self, event: RunChanged) -> None:
        """Recount a run; a new run of another board joins the list."""
        run = event.run
        self.runs[run.id] = run
        self._list_version(run)
        if run.prompt_version_id == self.version_id:
            self.sig_runs_changed.emit()

    def shown_runs(self) -> list[RunSummary]:
        """The runs of the board shown, oldest first."""
        return sorted(
            (r for r in self.runs.values() if r.prompt_version_id == self.version_id),
            key=lambda r: r.id,
        )

    # -- the list of boards ----------------------------------------------------------------
    def _list_version(self, run: RunSummary | None) -> None:
        if run is None:
            return
        label = (
            self.tr("v%1 · %2")
            .replace("%1", str(run.prompt_version))
            .replace("%2", _elide(run.prompt, 36))
        )
        index = self.boards.findData(run.prompt_version_id)
        if index < 0:
            self.boards.insertItem(0, label, run.prompt_version_id)
            index = 0
            while self.boards.count() > RECENT:
                self.boards.removeItem(self.boards.count() - 1)
        self.boards.setItemData(index, run.prompt, Qt.ItemDataRole.ToolTipRole)
        if self.boards.currentIndex() < 0 and self.version_id is not None:
            self._select_in_list(self.version_id)

    def _select_in_list(self, version_id: int) -> None:
        index = self.boards.findData(version_id)
        if index >= 0:
            self.boards.setCurrentIndex(index)

    def _on_boards_activated(self, index: int) -> None:
        version_id = self.boards.itemData(index)
        if isinstance(version_id, int) and version_id != self.version_id:
            self.show_version(version_id)

    def _update_title(self) -> None:
        board = self.board
        if board is None:
            self.title.setText(self.tr("Board"))
            self.title.setToolTip("")
            return
        runs = self.shown_runs()
        runs_text = ", ".join(str(r.id) for r in runs[-3:])
        self.title.setText(
            self.tr("“%1” v%2 · run %3")
            .replace("%1", _elide(board.text))
            .replace("%2", str(board.version))
            .replace("%3", runs_text or "—")
        )
        self.title.setToolTip(board.text)
