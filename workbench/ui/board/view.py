"""The board: a table of tiles, one row per service and model, one column per draw."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workbench.domain.views import JobView
from workbench.ui.board import words
from workbench.ui.board.delegate import TileDelegate
from workbench.ui.board.empty import paint_empty_state
from workbench.ui.board.header import RowHeader
from workbench.ui.board.layout import ZOOM_MAX, ZOOM_MIN, metrics_for
from workbench.ui.board.model import BoardModel
from workbench.ui.board.posters import PosterCache

_ZOOM_STEP = 1.15
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class BoardView(QTableView):
    """Tiles of a :class:`BoardModel`: fixed size, keyboard-navigable, extended selection.

    Args:
        parent: owner widget.
        clock: wall-clock seconds (the engine's), for elapsed times on live tiles.
        posters: a shared poster cache; the view makes its own when omitted.
    """

    sig_retry_requested = Signal(int)
    """Retry was clicked on a failed, canceled or unknown tile: (job id)."""
    sig_check_again_requested = Signal(int)
    """Check again was clicked on a tile that timed out on our side: (job id)."""
    sig_current_changed = Signal(object)
    """The current tile changed, or its draw changed state or was replaced by its retry:
    (JobView, or None when no tile is current). Progress-only updates do not emit."""
    sig_open_requested = Signal(int)
    """Double-click or Enter on a tile: (job id); opens it larger (the focus view)."""
    sig_zoom_changed = Signal(float)
    """Ctrl+wheel or Ctrl+=/-/0 changed the tile size: (zoom factor, 1.0 is the default)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.time,
        posters: PosterCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.posters = posters if posters is not None else PosterCache(self)
        self.tile_delegate = TileDelegate(self.posters, self, clock)
        self.setItemDelegate(self.tile_delegate)
        self.setVerticalHeader(RowHeader(self))
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)  # Tab and F6 leave the board; arrows move in it
        self.viewport().setMouseTracking(True)  # hover cursor over drawn buttons
        self.setFrameShape(QTableView.Shape.NoFrame)
        self._zoom = 1.0
        self._current: tuple[int, object, object] | None = None
        self._keep: tuple[int | None, list[int]] = (None, [])
        # Elapsed times change once a second; a quarter of the live tiles is repainted every
        # 250 ms, so a board of many rendering tiles never repaints them all in one go.
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._phase = 0
        self._tick.timeout.connect(self._on_tick_timeout)
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.tile_delegate.sig_retry_clicked.connect(self.sig_retry_requested)
        self.tile_delegate.sig_check_again_clicked.connect(self.sig_check_again_requested)
        self.posters.sig_poster_ready.connect(self._on_posters_ready)
        self._apply_metrics()

    # -- model wiring ------------------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        """Show a :class:`BoardModel` (other models are not supported)."""
        old = self.model()
        if isinstance(old, BoardModel):
            for signal, slot in self._model_links(old):
                signal.disconnect(slot)
        super().setModel(model)
        if isinstance(model, BoardModel):
            for signal, slot in self._model_links(model):
                signal.connect(slot)
            self.selectionModel().currentChanged.connect(self._on_selection_current_changed)
        self._on_model_reset()

    def _model_links(self, model: BoardModel) -> list[tuple[object, Callable[..., None]]]:
        return [
            (model.modelAboutToBeReset, self._on_model_about_to_be_reset),
            (model.modelReset, self._on_model_reset),
            (model.dataChanged, self._on_model_data_changed),
            (model.rowsInserted, self._on_model_inserted),
            (model.columnsInserted, self._on_model_inserted),
        ]

    def board_model(self) -> BoardModel | None:
        """The model shown, if it is a BoardModel."""
        model = self.model()
        return model if isinstance(model, BoardModel) else None

    def current_job(self) -> JobView | None:
        """The draw of the current tile."""
        model = self.board_model()
        return model.job_at(self.currentIndex()) if model else None

    def selected_jobs(self) -> list[JobView]:
        """Draws of the selected tiles, row by row."""
        model = self.board_model()
        if model is None:
            return []
        indexes = sorted(
            self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())
        )
        return [j for j in (model.job_at(i) for i in indexes) if j is not None]

    def select_job(self, job_id: int) -> bool:
        """Make a draw's tile current (and the only selected one); False if not shown."""
        model = self.board_model()
        index = model.index_of(job_id) if model else QModelIndex()
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def select_first_of_run(self, run_id: int) -> bool:
        """Make a run's first tile current (after Generate); False if none is shown."""
        model = self.board_model()
        index = model.first_index_of_run(run_id) if model else QModelIndex()
        job = model.job_at(index) if model else None
        return job is not None and self.select_job(job.id)

    def _on_model_about_to_be_reset(self) -> None:
        job = self.current_job()
        self._keep = (job.id if job else None, [j.id for j in self.selected_jobs()])

    def _on_model_reset(self) -> None:
        model = self.board_model()
        current, selected = self._keep
        self._keep = (None, [])
        if model is not None:
            for job_id in selected:
                index = model.index_of(job_id)
                if index.isValid():
                    self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select)
            index = model.index_of(current) if current is not None else QModelIndex()
            if index.isValid():
                self.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.NoUpdate
                )
        self._after_change()

    def _on_model_inserted(self, *_args: object) -> None:
        self._after_change()

    def _on_model_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object
    ) -> None:
        current = self.currentIndex()
        if (
            current.isValid()
            and top_left.row() <= current.row() <= bottom_right.row()
            and top_left.column() <= current.column() <= bottom_right.column()
        ):
            self._announce_current()
        self._update_tick()

    def _after_change(self) -> None:
        header = self.verticalHeader()
        if isinstance(header, RowHeader):
            header.refit()
        # An empty board shows only its teaching text, no empty header strip.
        header.setVisible(self.model() is not None and self.model().rowCount() > 0)
        self._announce_current()
        self._update_tick()
        self.viewport().update()

    def _on_selection_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._announce_current()

    def _announce_current(self) -> None:
        job = self.current_job()
        key = (job.id, job.state, job.take) if job else None
        if key != self._current:
            self._current = key
            self.sig_current_changed.emit(job)

    # -- live clock and posters ------------------------------------------------------------------

    def _update_tick(self) -> None:
        model = self.board_model()
        live = model is not None and self.isVisible() and model.live_count() > 0
        if live and not self._tick.isActive():
            self._tick.start()
        elif not live and self._tick.isActive():
            self._tick.stop()

    def tick_active(self) -> bool:
        """True while the once-a-second repaint of elapsed times runs."""
        return self._tick.isActive()

    def _on_tick_timeout(self) -> None:
        model = self.board_model()
        if model is None:
            return
        self._phase = (self._phase + 1) % 4
        for n, index in enumerate(model.indexes(lambda j: j.state in words.LIVE_STATES)):
            if n % 4 == self._phase:
                self.update(index)
        self._update_tick()

    def _on_posters_ready(self, path: str) -> None:
        model = self.board_model()
        if model is None:
            return
        for index in model.indexes(lambda j: j.take is not None and j.take.poster == path):
            self.update(index)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        """Start the clock if tiles are live."""
        super().showEvent(event)
        self._update_tick()

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802
        """A hidden board needs no clock."""
        super().hideEvent(event)
        self._tick.stop()

    # -- size and zoom -----------------------------------------------------------------------

    def zoom(self) -> float:
        """The tile size factor (1.0 is about 240×135 at a 14 px font)."""
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Resize every tile; posters reload at the new size in the background."""
        zoom = round(min(ZOOM_MAX, max(ZOOM_MIN, zoom)), 3)
        if zoom != self._zoom:
            self._zoom = zoom
            self._apply_metrics()
            self.sig_zoom_changed.emit(zoom)

    def _apply_metrics(self) -> None:
        metrics = metrics_for(self.font(), self._zoom)
        self.tile_delegate.set_metrics(metrics)
        cell = metrics.cell_size()
        self.horizontalHeader().setDefaultSectionSize(cell.width())
        header = self.verticalHeader()
        if isinstance(header, RowHeader):
            header.set_metrics(metrics)
        dpr = self.devicePixelRatioF()
        self.posters.set_size(metrics.poster * dpr)
        self.horizontalScrollBar().setSingleStep(max(8, cell.width() // 8))
        self.verticalScrollBar().setSingleStep(max(8, cell.height() // 8))
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Font, style or screen changes resize the tiles."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._apply_metrics()

    def event(self, event: QEvent) -> bool:
        """Moving to a screen of another pixel ratio reloads posters at that sharpness."""
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._apply_metrics()
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Ctrl+wheel zooms; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * _ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- keys and mouse ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter opens the current tile; Ctrl+=/-/0 zoom; arrows move (QTableView)."""
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() == Qt.Key.Key_Equal
        ):
            self.set_zoom(self._zoom * _ZOOM_STEP)
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut):
            self.set_zoom(self._zoom / _ZOOM_STEP)
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_0:
            self.set_zoom(1.0)
            return
        plain = (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            == Qt.KeyboardModifier.NoModifier
        )
        if event.key() in _ENTER and plain:
            job = self.current_job()
            if job is not None:
                self.sig_open_requested.emit(job.id)
                return
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A pointing hand over the buttons drawn on tiles, so they read as clickable."""
        super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        model = self.board_model()
        job = model.job_at(index) if model else None
        rects = (
            self.tile_delegate.button_rects(self.visualRect(index), job, self.font()) if job else []
        )
        if any(rect.contains(pos) for _, rect in rects):
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Typing does not jump between tiles: letters are shortcuts here (R, F, 1–5…)."""

    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        model = self.board_model()
        job = model.job_at(index) if model else None
        if job is not None:
            self.sig_open_requested.emit(job.id)

    # -- empty state -------------------------------------------------------------------------

    def empty_text(self) -> str:
        """What an empty board teaches."""
        return self.tr(
            "Write a prompt and press Ctrl+Enter — the offline sim works without any key"
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Tiles, or the teaching text when there are none."""
        super().paintEvent(event)
        model = self.board_model()
        if model is not None and model.tile_count():
            return
        paint_empty_state(self.viewport(), self.empty_text())
