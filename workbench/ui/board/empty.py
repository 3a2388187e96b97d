"""A teaching empty state painted in a view's viewport (the board; the library may reuse it)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from workbench.ui import icons


def paint_empty_state(viewport: QWidget, text: str, icon: str = "workbench") -> None:
    """A muted icon over one wrapped sentence, centred; call from the view's paintEvent."""
    painter = QPainter(viewport)
    pal = viewport.palette()
    fh = QFontMetrics(viewport.font()).height()
    area = viewport.rect()
    size = 3 * fh
    width = max(10 * fh, min(area.width() - 2 * fh, 34 * fh))
    font = QFont(viewport.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 20 * fh), flags, text)
    top = area.center().y() - (size + fh + box.height()) // 2
    muted = pal.color(QPalette.ColorRole.PlaceholderText)
    pixmap = icons.pixmap(icon, size, muted, viewport.devicePixelRatioF())
    painter.drawPixmap(area.center().x() - size // 2, top, pixmap)
    painter.setPen(muted)
    painter.drawText(
        QRect(area.center().x() - width // 2, top + size + fh, width, box.height()), flags, text
    )
    painter.end()
