"""A teaching empty state: a muted icon, a headline, a few sentences and perhaps a button."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.ui import icons


class EmptyState(QWidget):
    """Centred words that say why a view is empty and how it fills (board style)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.headline = QLabel(self)
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        self.body = QLabel(self)
        self.body.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for label in (self.headline, self.body):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.hide()
        # A column of fixed width (see resizeEvent): wrapped labels get their full height.
        self.column = QWidget(self)
        column = QVBoxLayout(self.column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.icon)
        column.addWidget(self.headline)
        column.addWidget(self.body)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(2)
        layout.addWidget(self.column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._paint_icon()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """About 34 text lines wide at most, so sentences stay readable on a wide window."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(200, min(34 * self.fontMetrics().height(), self.width() - 48))
        self.column.setFixedWidth(width)
        # Laid out with alignment, the column would get its size hint's height, which
        # knows nothing of wrapping: ask the layout for the height this width needs.
        height = self.column.layout().heightForWidth(width)
        self.column.setFixedHeight(height if height > 0 else self.column.sizeHint().height())

    def set_text(self, headline: str, body: str = "") -> None:
        """The headline and the sentences under it."""
        self.headline.setText(headline)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-tint the icon for a new theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icon()

    def _paint_icon(self) -> None:
        size = 3 * self.fontMetrics().height()
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        self.icon.setPixmap(icons.pixmap("workbench", size, muted, self.devicePixelRatioF()))
