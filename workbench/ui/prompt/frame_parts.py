"""The parts of a frame slot: the thumbnail drop box and an eliding file-name label."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from workbench.ui.services.tone import ToneLabel

#: Thumbnail box in device-independent pixels (16:9, like the board's tiles).
THUMB = QSize(112, 63)
#: Near-black surface behind images in both themes, as behind video.
_SURFACE = QColor("#141414")


class ElidedLabel(ToneLabel):
    """One line of text that elides in the middle when narrow; a suffix is always kept.

    File names have no spaces to wrap at, and "frame.png · 1920×1080" should lose letters
    of the name before it loses the size.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._name = ""
        self._suffix = ""

    def set_parts(self, text: str, suffix: str = "") -> None:
        """Show ``text`` (elided when needed) followed by ``suffix`` (never elided)."""
        self._name = text
        self._suffix = suffix
        self.setText(text + suffix)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """A few characters plus the suffix; the rest elides."""
        width = self.fontMetrics().horizontalAdvance("M" * 4 + self._suffix)
        return QSize(width, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the text elided to the label's width."""
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        room = rect.width() - metrics.horizontalAdvance(self._suffix)
        text = metrics.elidedText(self._name, Qt.TextElideMode.ElideMiddle, max(0, room))
        painter.drawText(rect, int(self.alignment()), text + self._suffix)


class FrameThumb(QWidget):
    """The picture part of a slot: a dashed drop box when empty, the image when set."""

    sig_activated = Signal()
    """Clicked, or Space/Enter pressed: pick a file (no arguments)."""

    sig_clear_requested = Signal()
    """Delete or Backspace pressed on a set image (no arguments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(THUMB)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pixmap: QPixmap | None = None
        self.drag_over = False
        self.busy = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Image letterboxed on near-black, or a dashed box that says what to do."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        palette = self.palette()
        if self.pixmap is not None:
            painter.fillRect(box, _SURFACE)
            size = self.pixmap.deviceIndependentSize()
            x = box.x() + (box.width() - size.width()) / 2
            y = box.y() + (box.height() - size.height()) / 2
            painter.drawPixmap(int(x), int(y), self.pixmap)
        else:
            painter.setPen(QPen(palette.mid().color(), 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(palette.placeholderText().color())
            text = self.tr("reading…") if self.busy else self.tr("drop an image\nor click")
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        if self.drag_over or self.hasFocus():
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A left click inside picks a file."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.sig_activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Space/Enter pick a file; Delete/Backspace remove the image."""
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_activated.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.sig_clear_requested.emit()
        else:
            super().keyPressEvent(event)
