"""Warning and failure text colours that read on both light and dark palettes.

Red only for failures, amber only for warnings (ui-guide "Visual rules"); the exact shade
depends on whether the palette is light or dark so the contrast holds in both themes.
The prompt editor uses this too; it belongs in a shared ``ui/theme.py`` once one exists.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget


class Tone(enum.StrEnum):
    """What a piece of text means, not what colour it is."""

    NORMAL = "normal"
    MUTED = "muted"
    WARNING = "warning"
    ERROR = "error"


# (light palette, dark palette): dark-on-light shades and light-on-dark shades that both
# keep a contrast ratio above 4.5:1 against Fusion's Window colour.
_SHADES = {
    Tone.WARNING: ("#9a5b00", "#ffc04d"),
    Tone.ERROR: ("#c62828", "#ff6b6b"),
}


def is_dark(palette: QPalette) -> bool:
    """True when the palette's window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(tone: Tone, palette: QPalette) -> QColor:
    """The text colour for ``tone`` on ``palette``."""
    if tone in _SHADES:
        light, dark = _SHADES[tone]
        return QColor(dark if is_dark(palette) else light)
    if tone is Tone.MUTED:
        # Between text and background: quieter than text, still above 4.5:1 contrast
        # (Fusion's disabled text colour is too faint to read all day).
        text = palette.color(QPalette.ColorRole.WindowText)
        back = palette.color(QPalette.ColorRole.Window)
        return QColor(
            round(text.red() * 0.62 + back.red() * 0.38),
            round(text.green() * 0.62 + back.green() * 0.38),
            round(text.blue() * 0.62 + back.blue() * 0.38),
        )
    return palette.color(QPalette.ColorRole.WindowText)


def tabular(font: QFont) -> QFont:
    """A copy of ``font`` with tabular figures, so costs and counts line up."""
    copy = QFont(font)
    copy.setFeature(QFont.Tag("tnum"), 1)
    return copy


class ToneLabel(QLabel):
    """A label whose colour follows its meaning and the current palette (theme switches)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._tone = Tone.NORMAL
        self._applying = False

    def tone(self) -> Tone:
        """The label's current meaning."""
        return self._tone

    def set_tone(self, tone: Tone) -> None:
        """Colour the text for ``tone``."""
        self._tone = tone
        self._apply()

    def _apply(self) -> None:
        parent = self.parentWidget()
        base = parent.palette() if parent is not None else QApplication.palette()
        palette = QPalette(self.palette())
        color = tone_color(self._tone, base)
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.WindowText, color)
        self._applying = True
        try:
            self.setPalette(palette)
        finally:
            self._applying = False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Re-colour when the application palette changes (light ↔ dark)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._applying:
            self._apply()


def wrapping(label: QLabel) -> QLabel:
    """Make ``label`` wrap words and let the user select its text (messages can be copied)."""
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
