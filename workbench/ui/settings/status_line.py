"""A one-line status with an icon: the icon carries the tone, so colour is never alone."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyle, QWidget

from workbench.ui.settings.texts import Tone

_ICONS = {
    Tone.OK: QStyle.StandardPixmap.SP_DialogApplyButton,
    Tone.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Tone.BUSY: QStyle.StandardPixmap.SP_BrowserReload,
    Tone.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Tone.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class StatusLine(QWidget):
    """Icon + wrapped words; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tone: Tone | None = None
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)  # service text is never markup
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1, Qt.AlignmentFlag.AlignTop)
        # Wrapped text: the height follows the width it is given, not a guess at a narrow one.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setVisible(False)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        """Height of the wrapped text at the width it has (form layouts ask for a hint only)."""
        hint = super().sizeHint()
        if self.width() > 1:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt override)
        """A new width may mean a new number of lines: ask the layout again."""
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def show_status(self, text: str, tone: Tone) -> None:
        """Show ``text`` with the icon of ``tone``."""
        self.tone = tone
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(_ICONS[tone])
        self._icon.setPixmap(icon.pixmap(size, size))
        self._icon.setAccessibleName(tone.value)
        self._text.setText(text)
        self.setVisible(True)

    def clear_status(self) -> None:
        """Hide the line."""
        self.tone = None
        self._text.clear()
        self.setVisible(False)

    def text(self) -> str:
        """The words shown now ("" when hidden)."""
        return self._text.text()
