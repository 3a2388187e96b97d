"""The focus view: one take large, or the selection (1–9) as a grid at full board size.

Each tile paints its take's player frame, letterboxed on near-black, with a label (service ·
model · seed, or the letter when blind). The hovered tile has the sound; otherwise the
current one (clicked). Playback is the sync controller's; this view only paints.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QStyle, QWidget

from workbench.domain.views import JobView
from workbench.ui.compare import surface
from workbench.ui.compare.sync import SyncController

#: Most tiles a focus view shows (a 3×3 grid).
MAX_TILES = 9


def grid_shape(count: int, area: QSize, aspect: float, gap: int) -> tuple[int, int]:
    """Columns and rows that give ``count`` tiles of ``aspect`` the largest size in ``area``."""
    best = (-1.0, 1, 1)
    for columns in range(1, max(1, count) + 1):
        rows = math.ceil(count / columns)
        width = (area.width() - gap * (columns - 1)) / columns
        height = (area.height() - gap * (rows - 1)) / rows
        size = min(width, height * aspect)
        if size > best[0] + 0.5:
            best = (size, columns, rows)
    return best[1], best[2]


class FocusTile(QWidget):
    """One take in the focus view (painted, not a video widget: frames come as images).

    Args:
        job: the take's draw (masked when blind).
        sync: where the take's frames come from.
        parent: the focus view.
    """

    sig_hovered = Signal(int)
    """The mouse entered the tile: (job id)."""
    sig_clicked = Signal(int)
    """The tile was clicked: (job id)."""
    sig_double_clicked = Signal(int)
    """The tile was double-clicked: (job id)."""

    def __init__(self, job: JobView, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.sync = sync
        self.label = ""
        self.audible = False
        self.current = False
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def take_id(self) -> int:
        """The take shown."""
        return self.job.take.id if self.job.take else -1

    def set_label(self, text: str) -> None:
        """The label painted on the tile; also its accessible name and tooltip."""
        self.label = text
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.update()

    def video_rect(self) -> QRect:
        """Where the picture is drawn (letterboxed in the tile)."""
        player = self.sync.player(self.take_id)
        image = player.image() if player else None
        source = image.size() if image is not None else surface.clip_size(self.job)
        return surface.fitted(source, self.rect())

    def request_size(self) -> None:
        """Ask for frames converted at this tile's picture size (device pixels)."""
        size = surface.fitted(surface.clip_size(self.job), self.rect()).size()
        self.sync.set_display_size(self.take_id, size * self.devicePixelRatioF())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Frame, label, sound mark, and the current tile's ring."""
        painter = QPainter(self)
        player = self.sync.player(self.take_id)
        image = player.image() if player else None
        picture = surface.paint_video(painter, self.rect(), image, surface.clip_size(self.job))
        if player is not None and player.error:
            surface.paint_notice(painter, picture, surface.error_text(player.error), self.font())
        elif image is None:
            surface.paint_notice(painter, picture, surface.loading_text(), self.font())
        tag = surface.paint_tag(
            painter,
            picture,
            self.label,
            surface.label_font(self.font(), self.label),
            max_width=picture.width() - 40,
        )
        if self.audible and self.job.take is not None and self.job.take.audio:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume)
            side = tag.height()
            painter.drawPixmap(
                QRect(picture.right() - side - tag.top() + picture.top(), tag.top(), side, side),
                icon.pixmap(QSize(side, side), self.devicePixelRatioF()),
            )
        if self.current:
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Frames follow the tile's size."""
        super().resizeEvent(event)
        self.request_size()

    def enterEvent(self, event: QEvent) -> None:  # noqa: N802
        """Hovering a tile gives it the sound."""
        super().enterEvent(event)
        self.sig_hovered.emit(self.job.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A click makes the tile current."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.job.id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A double-click focuses this tile alone."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_double_clicked.emit(self.job.id)
        super().mouseDoubleClickEvent(event)


class FocusView(QWidget):
    """Tiles of the takes being compared, as large as the board allows (see module docstring).

    Args:
        sync: the controller whose players the tiles paint.
        parent: owner (the board pane's stack).
    """

    sig_focus_one_requested = Signal(int)
    """A tile was double-clicked (show it alone): (job id)."""

    GAP = 4

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare-focus")
        self.sync = sync
        self._tiles: list[FocusTile] = []
        self._current: int | None = None
        self._hovered: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        self.setAccessibleName(self.tr("Focus view"))
        sync.sig_frame.connect(self._on_sync_frame)
        sync.sig_audible_changed.connect(self._on_sync_audible_changed)

    def tiles(self) -> list[FocusTile]:
        """The tiles, in order."""
        return list(self._tiles)

    def jobs(self) -> list[JobView]:
        """The draws shown, in order."""
        return [t.job for t in self._tiles]

    def set_jobs(self, jobs: list[JobView], labels: dict[int, str]) -> None:
        """Show these takes (at most nine) with these labels (job id → text)."""
        jobs = jobs[:MAX_TILES]
        old = {t.job.id: t for t in self._tiles}
        self._tiles = []
        for job in jobs:
            tile = old.pop(job.id, None) or self._make_tile(job)
            tile.job = job
            tile.set_label(labels.get(job.id, ""))
            self._tiles.append(tile)
        for tile in old.values():
            tile.deleteLater()
        ids = [j.id for j in jobs]
        if self._current not in ids:
            self._current = ids[0] if ids else None
        self._mark()
        self._lay_out()

    def set_labels(self, labels: dict[int, str]) -> None:
        """New labels (blind mode changed)."""
        for tile in self._tiles:
            tile.set_label(labels.get(tile.job.id, ""))

    def current_job_id(self) -> int | None:
        """The current tile's draw (clicked; it has the sound when nothing is hovered)."""
        return self._current

    def sound_target(self) -> int | None:
        """The take that should be heard: the hovered tile's, else the current one's."""
        job_id = self._hovered if self._hovered is not None else self._current
        tile = next((t for t in self._tiles if t.job.id == job_id), None)
        return tile.take_id if tile is not None else None

    def _make_tile(self, job: JobView) -> FocusTile:
        tile = FocusTile(job, self.sync, self)
        tile.sig_hovered.connect(self._on_tile_hovered)
        tile.sig_clicked.connect(self._on_tile_clicked)
        tile.sig_double_clicked.connect(self.sig_focus_one_requested)
        tile.show()
        return tile

    def _mark(self) -> None:
        audible = self.sync.audible()
        many = len(self._tiles) > 1
        for tile in self._tiles:
            tile.current = many and tile.job.id == self._current
            tile.audible = audible is not None and tile.take_id == audible
            tile.update()

    def _lay_out(self) -> None:
        count = len(self._tiles)
        if not count:
            return
        area = self.rect().adjusted(self.GAP, self.GAP, -self.GAP, -self.GAP)
        first = surface.clip_size(self._tiles[0].job)
        aspect = first.width() / max(1, first.height())
        columns, rows = grid_shape(count, area.size(), aspect, self.GAP)
        cell_w = (area.width() - self.GAP * (columns - 1)) // columns
        cell_h = (area.height() - self.GAP * (rows - 1)) // rows
        # Cells shaped like the clips, the grid centred: no bands of empty tile around.
        cell_w, cell_h = min(cell_w, round(cell_h * aspect)), min(cell_h, round(cell_w / aspect))
        grid_w = columns * cell_w + (columns - 1) * self.GAP
        grid_h = rows * cell_h + (rows - 1) * self.GAP
        left = area.x() + (area.width() - grid_w) // 2
        top = area.y() + (area.height() - grid_h) // 2
        for n, tile in enumerate(self._tiles):
            row, column = divmod(n, columns)
            if row == rows - 1 and count % columns:  # centre a short last row
                left_row = left + (columns - count % columns) * (cell_w + self.GAP) // 2
            else:
                left_row = left
            tile.setGeometry(
                left_row + column * (cell_w + self.GAP),
                top + row * (cell_h + self.GAP),
                cell_w,
                cell_h,
            )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Tiles follow the view's size."""
        super().resizeEvent(event)
        self._lay_out()

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        """Nothing hovered: the current tile has the sound."""
        super().leaveEvent(event)
        self._hovered = None
        self.sync.set_audible(self.sound_target())

    def _on_tile_hovered(self, job_id: int) -> None:
        self._hovered = job_id
        self.sync.set_audible(self.sound_target())

    def _on_tile_clicked(self, job_id: int) -> None:
        self._current = job_id
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._mark()
        self.sync.set_audible(self.sound_target())

    def _on_sync_frame(self, take_id: int) -> None:
        if not self.isVisible():
            return
        for tile in self._tiles:
            if tile.take_id == take_id:
                tile.update()

    def _on_sync_audible_changed(self, _take_id: object) -> None:
        self._mark()
