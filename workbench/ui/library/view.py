"""The grid of library cards: uniform cells, hover scrub, drag-out of clips, a teaching empty state.

A ``QListView`` in icon mode with static placement and uniform item sizes, so laying out
thousands of loaded takes costs nothing per item. The next page is asked for well before
the end (two screens ahead), so scrolling rarely meets the bottom.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDrag,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from workbench.domain.views import TakeView
from workbench.ui.board.empty import paint_empty_state
from workbench.ui.board.layout import ZOOM_MAX, ZOOM_MIN
from workbench.ui.board.posters import PosterCache
from workbench.ui.library.card import card_metrics
from workbench.ui.library.delegate import LibraryDelegate
from workbench.ui.library.model import LibraryModel
from workbench.ui.library.scrub import ScrubFrames

_ZOOM_STEP = 1.15
#: Cards grow to fill a row in steps of this much zoom.
_FIT_STEP = 0.05
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DELETE = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class LibraryView(QListView):
    """Cards of a :class:`LibraryModel`, wrapped into rows as wide as the view."""

    sig_open_requested = Signal(object)
    """Double-click or Enter on a card: (TakeView); shows the take on its board."""
    sig_delete_requested = Signal()
    """The Delete key with takes selected (the pane asks before deleting)."""
    sig_context_requested = Signal(QPoint)
    """A right-click: (global position) — the pane shows its menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.posters = PosterCache(self, capacity=400)
        self.scrub = ScrubFrames(self)
        self.card_delegate = LibraryDelegate(self.posters, self.scrub, self)
        self.setItemDelegate(self.card_delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setFrameShape(QListView.Shape.NoFrame)
        # Always there, so its coming and going never changes how many cards fit a row.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.sig_context_requested.emit(self.viewport().mapToGlobal(pos))
        )
        self.viewport().setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, False)
        self._zoom = 1.0
        self._hover_path: str | None = None
        self._empty_text = ""
        self.doubleClicked.connect(self._on_self_double_clicked)
        self.posters.sig_poster_ready.connect(self._on_posters_ready)
        self.scrub.sig_frames_ready.connect(self._on_scrub_ready)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        self._apply_metrics()

    # -- reading ---------------------------------------------------------------------------
    def library_model(self) -> LibraryModel | None:
        """The model shown, if it is a LibraryModel."""
        model = self.model()
        return model if isinstance(model, LibraryModel) else None

    def selected_takes(self) -> list[TakeView]:
        """The selected takes, newest first (the model's order)."""
        model = self.library_model()
        if model is None:
            return []
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [t for t in (model.take_at(model.index(r)) for r in rows) if t is not None]

    def current_take(self) -> TakeView | None:
        """The take of the current card."""
        model = self.library_model()
        return model.take_at(self.currentIndex()) if model else None

    def select_take(self, take_id: int) -> bool:
        """Make a take current and the only one selected; False if it is not loaded."""
        model = self.library_model()
        index = model.index_of(take_id) if model else QModelIndex()
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(
            index, self.selectionModel().SelectionFlag.ClearAndSelect
        )
        self.scrollTo(index)
        return True

    # -- paging ----------------------------------------------------------------------------
    def _on_scroll_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        model = self.library_model()
        # Two screens before the end, not at it: the page lands before the bottom shows.
        near_end = value >= bar.maximum() - 2 * self.viewport().height()
        if model is not None and near_end and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())

    # -- drag out --------------------------------------------------------------------------
    def drag_mime(self) -> object:
        """What a drag of the selection carries: file URLs of the selected clips."""
        model = self.library_model()
        indexes = self.selectionModel().selectedIndexes() if model else []
        return model.mimeData(indexes) if model else None

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802
        """Drag the selected clips out as files, with a small poster as the drag image."""
        mime = self.drag_mime()
        if mime is None or not mime.urls():
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        take = self.current_take() or (self.selected_takes() or [None])[0]
        pixmap = self.posters.get(take.poster) if take and take.poster else None
        if pixmap is not None and not pixmap.isNull():
            small = pixmap.scaled(
                QSize(160, 90) * self.devicePixelRatioF(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            small.setDevicePixelRatio(self.devicePixelRatioF())
            drag.setPixmap(self._counted(small, len(mime.urls())))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def _counted(self, pixmap: QPixmap, count: int) -> QPixmap:
        if count < 2:
            return pixmap
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.setBrush(pal.highlight())
        painter.setPen(Qt.PenStyle.NoPen)
        side = self.fontMetrics().height() + 6
        painter.drawEllipse(4, 4, side, side)
        painter.setPen(pal.highlightedText().color())
        painter.drawText(4, 4, side, side, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.end()
        return pixmap

    # -- hover scrub -----------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Across a poster the clip scrubs: the frame at the mouse's place is shown."""
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        self.scrub_at(event.position().toPoint())

    def scrub_at(self, pos: QPoint) -> None:
        """Show the frame of the card under ``pos`` (viewport coordinates) at that place."""
        index = self.indexAt(pos)
        model = self.library_model()
        take = model.take_at(index) if model else None
        poster = self.card_delegate.metrics.poster_rect(self.visualRect(index)) if take else None
        if take is None or poster is None or not poster.contains(pos):
            self.end_scrub()
            return
        fraction = (pos.x() - poster.left()) / max(1, poster.width())
        old = self.card_delegate.hover
        self.card_delegate.hover = (take.id, fraction)
        if self._hover_path != take.path:
            self._hover_path = take.path
            self.scrub.hover(take.path)
        if old and old[0] != take.id:
            self._update_take(old[0])
        self.update(index)

    def end_scrub(self) -> None:
        """The mouse left the posters: show them again, stop decoding."""
        old = self.card_delegate.hover
        self.card_delegate.hover = None
        if self._hover_path is not None:
            self._hover_path = None
            self.scrub.hover(None)
        if old:
            self._update_take(old[0])

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        """Leaving the grid ends the scrub."""
        super().leaveEvent(event)
        self.end_scrub()

    def _update_take(self, take_id: int) -> None:
        model = self.library_model()
        index = model.index_of(take_id) if model else QModelIndex()
        if index.isValid():
            self.update(index)

    def _on_scrub_ready(self, path: str) -> None:
        hover = self.card_delegate.hover
        if hover is not None and path == self._hover_path:
            self._update_take(hover[0])

    def _on_posters_ready(self, _path: str) -> None:
        # A handful of posters land per frame; repainting the viewport is cheaper than
        # finding the cards that show this one among thousands loaded.
        self.viewport().update()

    # -- size and zoom ---------------------------------------------------------------------
    def zoom(self) -> float:
        """Card size factor (1.0 is the board's tile size)."""
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        """Resize every card; posters reload at the new size in the background."""
        zoom = round(min(ZOOM_MAX, max(ZOOM_MIN, zoom)), 3)
        if zoom != self._zoom:
            self._zoom = zoom
            self._apply_metrics()

    def _apply_metrics(self) -> None:
        # The zoom sets the smallest card; cards grow to fill the row's spare width, in
        # steps, so a window being resized reloads posters a few times, not on every pixel.
        base = card_metrics(self.font(), self._zoom).cell_size()
        width = max(1, self.viewport().width() - 1)  # QListView wraps a pixel early
        columns = max(1, width // max(1, base.width()))
        grow = int((width / columns) / base.width() / _FIT_STEP) * _FIT_STEP
        metrics = card_metrics(self.font(), min(ZOOM_MAX, self._zoom * max(1.0, grow)))
        if metrics != self.card_delegate.metrics:
            self.card_delegate.set_metrics(metrics)
            dpr = self.devicePixelRatioF()
            self.posters.set_size(metrics.tile.poster * dpr)
            self.scrub.set_size(metrics.tile.poster * dpr)
            self.verticalScrollBar().setSingleStep(max(8, metrics.cell_size().height() // 6))
        grid = QSize(
            max(metrics.cell_size().width(), width // columns), metrics.cell_size().height()
        )
        if grid != self.gridSize():
            self.setGridSize(grid)
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A new width re-spreads the cards."""
        super().resizeEvent(event)
        self._apply_metrics()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Font or style changes resize the cards."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._apply_metrics()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Ctrl+wheel zooms; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self._zoom * _ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- keys and clicks -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter shows the take on its board; Delete asks to delete the selection."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _ENTER and plain == Qt.KeyboardModifier.NoModifier:
            take = self.current_take()
            if take is not None:
                self.sig_open_requested.emit(take)
                return
        if event.key() in _DELETE and plain == Qt.KeyboardModifier.NoModifier:
            if self.selected_takes():
                self.sig_delete_requested.emit()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Typing does not jump between cards (letters are shortcuts elsewhere)."""

    def _on_self_double_clicked(self, index: QModelIndex) -> None:
        model = self.library_model()
        take = model.take_at(index) if model else None
        if take is not None:
            self.sig_open_requested.emit(take)

    # -- empty state -----------------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        """What an empty grid teaches (the pane says: no takes yet, or none match)."""
        self._empty_text = text
        self.viewport().update()

    def empty_text(self) -> str:
        """The teaching text shown when no card is."""
        return self._empty_text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Cards, or the teaching text when there are none."""
        self.card_delegate.begin_frame()
        super().paintEvent(event)
        if self.card_delegate.end_frame():
            QTimer.singleShot(0, self.viewport().update)  # the cards left bare this frame
        model = self.library_model()
        if model is not None and (model.rowCount() or not model.started()):
            return
        text = self.empty_text()
        if text:
            paint_empty_state(self.viewport(), text)
