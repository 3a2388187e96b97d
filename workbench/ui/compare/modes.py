"""The board header's view-mode buttons and the Blind toggle.

The modes follow Lightroom's Library: Grid G, Loupe E (here Focus), Compare C (A/B), Survey N.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QToolButton, QWidget

translate = QCoreApplication.translate

GRID, FOCUS, AB, SURVEY = "grid", "focus", "ab", "survey"
MODES = (GRID, FOCUS, AB, SURVEY)


def mode_texts() -> dict[str, tuple[str, str, str]]:
    """Mode → (button text, shortcut letter, tooltip)."""
    return {
        GRID: (
            translate("ModeBar", "Grid"),
            "G",
            translate("ModeBar", "Every take of the board (G)"),
        ),
        FOCUS: (
            translate("ModeBar", "Focus"),
            "E",
            translate("ModeBar", "The current take, as large as the board (E, Enter)"),
        ),
        AB: (
            translate("ModeBar", "A/B"),
            "C",
            translate("ModeBar", "Two selected takes in one frame: wipe, fade, difference (C)"),
        ),
        SURVEY: (
            translate("ModeBar", "Survey"),
            "N",
            translate("ModeBar", "The selected takes side by side, up to nine (N)"),
        ),
    }


class ModeBar(QWidget):
    """Four exclusive mode buttons and the Blind toggle; they mirror and request, no more.

    Args:
        parent: owner (the board pane's header).
    """

    sig_mode_requested = Signal(str)
    """A mode button was clicked: ("grid", "focus", "ab" or "survey")."""
    sig_blind_requested = Signal(bool)
    """The Blind button was toggled by the user: (on)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare-modes")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for mode, (text, key, tip) in mode_texts().items():
            button = self._button(f"{text}  {key}", tip)
            button.setAccessibleName(text)
            group.addButton(button)
            layout.addWidget(button)
            button.clicked.connect(lambda _c=False, m=mode: self.sig_mode_requested.emit(m))
            self.buttons[mode] = button
        self.buttons[GRID].setChecked(True)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addSpacing(6)
        layout.addWidget(rule)
        layout.addSpacing(6)
        self.blind_button = self._button(
            self.tr("Blind  B"),
            self.tr(
                "Hide service, model, seed and cost and shuffle the takes; the names come "
                "back when every take is rated (B)"
            ),
        )
        self.blind_button.setAccessibleName(self.tr("Blind judging"))
        self.blind_button.clicked.connect(self.sig_blind_requested)
        layout.addWidget(self.blind_button)

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and letters stay with the board
        return button

    def set_mode(self, mode: str) -> None:
        """Show which mode is on."""
        if mode in self.buttons:
            self.buttons[mode].setChecked(True)

    def set_blind(self, on: bool) -> None:
        """Show whether blind judging is on."""
        self.blind_button.setChecked(on)
