"""A/B: two takes in one frame — a draggable split (wipe), a fade, or their difference.

The canvas paints both players' frames into the same letterboxed rectangle: A whole, then
B clipped to the right of the split (wipe), over A at the fade's opacity (fade), or with
``CompositionMode_Difference`` (``|A − B|`` per channel: black where they agree). Drag
anywhere to move the split; with Shift held it follows the mouse without a click.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from workbench.domain.views import JobView
from workbench.ui.compare import surface
from workbench.ui.compare.sync import SyncController
from workbench.ui.theme import colors

WIPE, FADE, DIFFERENCE = "wipe", "fade", "difference"
MODES = (WIPE, FADE, DIFFERENCE)


class ABCanvas(QWidget):
    """Paints take A and take B in one frame (see the module docstring).

    Args:
        sync: where both takes' frames come from.
        parent: the A/B view.
    """

    sig_split_changed = Signal(float)
    """The split moved: (fraction of the picture's width, 0–1)."""

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.jobs: tuple[JobView, JobView] | None = None
        self.labels = ("A", "B")
        self.mode = WIPE
        self.split = 0.5
        self.fade = 0.5
        self._dragging = False
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.SplitHCursor)
        sync.sig_frame.connect(self._on_sync_frame)

    # -- what it shows ---------------------------------------------------------------------
    def set_jobs(self, a: JobView, b: JobView, labels: tuple[str, str]) -> None:
        """Compare take ``a`` (left of the split) with take ``b``."""
        self.jobs = (a, b)
        self.set_labels(labels)
        self.request_sizes()

    def set_labels(self, labels: tuple[str, str]) -> None:
        """Labels painted over A and B (names, or letters when blind)."""
        self.labels = labels
        self.setAccessibleName(
            self.tr("A/B: %1 against %2").replace("%1", labels[0]).replace("%2", labels[1])
        )
        self.update()

    def set_mode(self, mode: str) -> None:
        """Wipe, fade or difference."""
        if mode in MODES and mode != self.mode:
            self.mode = mode
            self.setCursor(
                Qt.CursorShape.SplitHCursor if mode == WIPE else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def set_split(self, fraction: float) -> None:
        """Where the wipe splits A from B (fraction of the picture's width)."""
        fraction = min(1.0, max(0.0, fraction))
        if fraction != self.split:
            self.split = fraction
            self.sig_split_changed.emit(fraction)
            self.update()

    def set_fade(self, fraction: float) -> None:
        """How much of B shows over A in fade mode (0 = only A, 1 = only B)."""
        self.fade = min(1.0, max(0.0, fraction))
        self.update()

    def take_ids(self) -> tuple[int, int] | None:
        """The two takes' ids."""
        if self.jobs is None or self.jobs[0].take is None or self.jobs[1].take is None:
            return None
        return self.jobs[0].take.id, self.jobs[1].take.id

    def picture_rect(self) -> QRect:
        """The frame both takes are drawn into (letterboxed to A's aspect)."""
        aspect = surface.clip_size(self.jobs[0] if self.jobs else None)
        return surface.fitted(aspect, self.rect())

    def split_x(self) -> int:
        """The split's x in widget coordinates."""
        picture = self.picture_rect()
        return picture.left() + round(self.split * picture.width())

    def request_sizes(self) -> None:
        """Frames of both takes at the picture's size (device pixels)."""
        ids = self.take_ids()
        if ids is None:
            return
        size = self.picture_rect().size() * self.devicePixelRatioF()
        for take_id in ids:
            self.sync.set_display_size(take_id, size)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A, then B by the mode, then the split line and the labels."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), colors().video_surface)
        ids = self.take_ids()
        if ids is None:
            painter.end()
            return
        picture = self.picture_rect()
        images = [self._image(i) for i in ids]
        if images[0] is not None:
            painter.drawImage(surface.fitted(images[0].size(), picture), images[0])
        else:
            surface.paint_notice(painter, picture, surface.loading_text(), self.font())
        b = images[1]
        if b is not None:
            target = surface.fitted(b.size(), picture)
            painter.save()
            if self.mode == WIPE:
                split = self.split_x()
                painter.setClipRect(
                    QRect(split, picture.top(), picture.right() - split + 1, picture.height())
                )
            elif self.mode == FADE:
                painter.setOpacity(self.fade)
            else:
                painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
            painter.drawImage(target, b)
            painter.restore()
        self._paint_marks(painter, picture)
        painter.end()

    def _image(self, take_id: int) -> object:
        player = self.sync.player(take_id)
        return player.image() if player is not None else None

    def _paint_marks(self, painter: QPainter, picture: QRect) -> None:
        font = self.font()
        a, b = self.labels
        if self.mode == DIFFERENCE:
            text = self.tr("Difference: %1 − %2").replace("%1", a).replace("%2", b)
            surface.paint_tag(painter, picture, text, font)
            return
        half = picture.width() // 2
        if self.mode == WIPE:
            split = self.split_x()
            painter.save()
            painter.setPen(QPen(QColor(255, 255, 255, 220), 2))
            painter.drawLine(split, picture.top(), split, picture.bottom())
            grip = QRect(0, 0, 10, 36)
            grip.moveCenter(picture.center())
            grip.moveLeft(split - 5)
            painter.setBrush(QColor(255, 255, 255, 220))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(grip, 4, 4)
            painter.restore()
            half = split - picture.left()
        room = (max(60, half), max(60, picture.width() - half))
        surface.paint_tag(painter, picture, a, surface.label_font(font, a), max_width=room[0])
        surface.paint_tag(
            painter, picture, b, surface.label_font(font, b), right=True, max_width=room[1]
        )

    # -- mouse -----------------------------------------------------------------------------
    def _split_to(self, x: float) -> None:
        picture = self.picture_rect()
        if picture.width() > 0:
            self.set_split((x - picture.left()) / picture.width())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Drag the split from anywhere in wipe mode."""
        if event.button() == Qt.MouseButton.LeftButton and self.mode == WIPE:
            self._dragging = True
            self._split_to(event.position().x())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Dragging, or Shift held, moves the split; the side under the mouse is heard."""
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self.mode == WIPE and (self._dragging or shift):
            self._split_to(event.position().x())
        self._hear(event.position().x())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Let go of the split."""
        self._dragging = False
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        """Away from the picture, A is heard."""
        super().leaveEvent(event)
        ids = self.take_ids()
        if ids is not None:
            self.sync.set_audible(ids[0])

    def _hear(self, x: float) -> None:
        ids = self.take_ids()
        if ids is None:
            return
        left = x < self.split_x() if self.mode == WIPE else x < self.width() / 2
        self.sync.set_audible(ids[0] if left else ids[1])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Frames follow the picture's size."""
        super().resizeEvent(event)
        self.request_sizes()

    def _on_sync_frame(self, take_id: int) -> None:
        ids = self.take_ids()
        if ids is not None and take_id in ids and self.isVisible():
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        """A 16:9 picture of a useful size."""
        return QSize(640, 360)
