"""The prompt text editor and its character count against the selected models' limits."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workbench.domain.validation import prompt_length
from workbench.ui.services.tone import Tone, ToneLabel, tabular

#: Share of a limit from which the count turns amber.
NEAR_LIMIT = 0.9


class PromptEdit(QPlainTextEdit):
    """A multi-line prompt editor where Ctrl+Enter asks to generate instead of adding a line.

    Input methods (Chinese pinyin, Japanese, …) go through QPlainTextEdit untouched; only
    the Ctrl+Enter key press is taken. When the window has a Generate action on Ctrl+Enter,
    Qt delivers the shortcut to the action first and this editor never sees the key; the
    signal covers the editor used on its own (and tests).
    """

    sig_generate_requested = Signal()
    """Ctrl+Enter was pressed in the editor (no arguments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText(
            self.tr(
                "Describe the shot: subject, action, place, camera, light, style.\n"
                "e.g. A small fox walks down a rainy neon street at night, slow push-in\n"
                "例：雨夜霓虹街道，一只小狐狸慢慢走过，镜头缓缓推进"
            )
        )
        self.setAccessibleName(self.tr("Prompt"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Ctrl+Enter (either Enter key) generates; everything else edits as usual."""
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if is_enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            event.accept()
            self.sig_generate_requested.emit()
            return
        super().keyPressEvent(event)


class PromptCount(ToneLabel):
    """The prompt's length against the tightest limit of the selected models.

    Shows "123 / 2,000"; amber near the limit and red over it, with the words "nearly
    full" / "too long" as well (never colour alone).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setFont(tabular(self.font()))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(self.tr("Prompt length"))
        self._limits: list[tuple[str, int, str]] = []
        self._text = ""
        self.over: list[str] = []  # labels of the models the prompt is too long for
        self._render()

    def set_limits(self, limits: list[tuple[str, int, str]]) -> None:
        """Limits of the selected models: (label, max, unit "chars" | "utf16")."""
        self._limits = [(label, int(limit), unit) for label, limit, unit in limits]
        self._render()

    def set_text(self, text: str) -> None:
        """Count ``text``."""
        self._text = text
        self._render()

    def _render(self) -> None:
        text = self._text
        if not self._limits:
            self.over = []
            self.setText(self.tr("%1 characters").replace("%1", f"{len(text):,}"))
            self.set_tone(Tone.MUTED)
            self.setToolTip(self.tr("Choose models to see their prompt limits."))
            return
        counted = [
            (label, limit, unit, prompt_length(text, unit)) for label, limit, unit in self._limits
        ]
        # The tightest limit is the one with the least room left (units may differ).
        label, limit, _unit, length = min(counted, key=lambda c: c[1] - c[3])
        self.over = [c[0] for c in counted if c[3] > c[1]]
        shown = f"{length:,} / {limit:,}"
        lines = [self._limit_line(c) for c in sorted(counted, key=lambda c: c[1] - c[3])]
        if self.over:
            self.setText(self.tr("%1 · too long").replace("%1", shown))
            self.set_tone(Tone.ERROR)
            head = self.tr("Too long for %1.").replace("%1", ", ".join(self.over))
        elif length >= NEAR_LIMIT * limit:
            self.setText(self.tr("%1 · nearly full").replace("%1", shown))
            self.set_tone(Tone.WARNING)
            head = self.tr("Nearly at the limit of %1.").replace("%1", label)
        else:
            self.setText(shown)
            self.set_tone(Tone.MUTED)
            head = self.tr("Counted against the tightest limit, %1's.").replace("%1", label)
        self.setToolTip("\n".join([head, *lines]))

    def _limit_line(self, counted: tuple[str, int, str, int]) -> str:
        label, limit, unit, length = counted
        units = self.tr("UTF-16 units") if unit == "utf16" else self.tr("characters")
        return (
            self.tr("%1: %2 of %3 %4")
            .replace("%1", label)
            .replace("%2", f"{length:,}")
            .replace("%3", f"{limit:,}")
            .replace("%4", units)
        )
