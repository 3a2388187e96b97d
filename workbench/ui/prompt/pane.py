"""The prompt pane: prompt, negative prompt, first and last frame, and the length count."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.prompt.editor import PromptCount, PromptEdit
from workbench.ui.prompt.frames import FrameSlot

#: Below this width the two frame slots stack, so their messages have room to wrap.
SIDE_BY_SIDE_MIN_WIDTH = 600
#: Typing settles for this long before ``sig_changed`` (planning on every key is waste).
DEBOUNCE_MS = 150


class PromptPane(QWidget):
    """What the creator asks for: the prompt text, what to avoid, and optional frame images.

    A view: it holds text and file paths and says when they change; the window plans the
    run and hands back limits (``set_limits``) and refusals (``set_frame_problems``).
    """

    sig_changed = Signal()
    """Prompt, negative prompt or a frame image changed (typing is debounced ~150 ms)."""

    sig_generate_requested = Signal()
    """Ctrl+Enter was pressed inside the editor (no arguments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = PromptEdit(self)
        self.count = PromptCount(self)
        self.negative_edit = QLineEdit(self)
        self.negative_edit.setPlaceholderText(
            self.tr("What to avoid (optional), e.g. blur, text, extra fingers")
        )
        self.negative_edit.setClearButtonEnabled(True)
        self.negative_edit.setAccessibleName(self.tr("Negative prompt"))
        negative_label = QLabel(self.tr("Avoid:"), self)
        negative_label.setBuddy(self.negative_edit)
        negative_label.setToolTip(self.tr("Negative prompt: what the clip should not show"))
        self.first_slot = FrameSlot(
            self.tr("First frame"), self.tr("optional: the clip starts from this image"), self
        )
        self.last_slot = FrameSlot(
            self.tr("Last frame"), self.tr("optional: the clip ends on this image"), self
        )
        self.generate_button = QToolButton(self)
        self.generate_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.generate_button.hide()  # shown once the window hands over its Generate action

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.editor, 1)
        negative_row = QHBoxLayout()
        negative_row.addWidget(negative_label)
        negative_row.addWidget(self.negative_edit, 1)
        negative_row.addWidget(self.count)
        layout.addLayout(negative_row)
        frames_row = QHBoxLayout()
        self._slots = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._slots.setSpacing(12)
        self._slots.addWidget(self.first_slot, 1)
        self._slots.addWidget(self.last_slot, 1)
        frames_row.addLayout(self._slots, 1)
        frames_row.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(frames_row)
        self.setFocusProxy(self.editor)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.sig_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.sig_generate_requested.connect(self.sig_generate_requested)
        self.negative_edit.textChanged.connect(self._on_negative_text_changed)
        self.first_slot.sig_changed.connect(self._on_slot_changed)
        self.last_slot.sig_changed.connect(self._on_slot_changed)

    # -- reading -------------------------------------------------------------------------------

    def prompt(self) -> str:
        """The prompt as typed."""
        return self.editor.toPlainText()

    def negative(self) -> str | None:
        """The negative prompt, or None when empty."""
        return self.negative_edit.text().strip() or None

    def first_frame(self) -> str | None:
        """Path of the first-frame image, or None."""
        return self.first_slot.path()

    def last_frame(self) -> str | None:
        """Path of the last-frame image, or None."""
        return self.last_slot.path()

    # -- writing -------------------------------------------------------------------------------

    def set_content(
        self,
        prompt: str,
        negative: str | None = None,
        first: str | None = None,
        last: str | None = None,
    ) -> None:
        """Show a whole request at once (Recall); emits ``sig_changed`` once, right away."""
        for widget in (self.editor, self.negative_edit, self.first_slot, self.last_slot):
            widget.blockSignals(True)
        try:
            self.editor.setPlainText(prompt)
            self.negative_edit.setText(negative or "")
            self.first_slot.set_path(first, notify=False)
            self.last_slot.set_path(last, notify=False)
        finally:
            for widget in (self.editor, self.negative_edit, self.first_slot, self.last_slot):
                widget.blockSignals(False)
        self.count.set_text(self.prompt())
        self._emit_now()

    def set_limits(self, limits: list[tuple[str, int, str]]) -> None:
        """Prompt limits of the selected models: (label, max, unit "chars" | "utf16")."""
        self.count.set_limits(limits)

    def set_frame_problems(self, first: list[str], last: list[str]) -> None:
        """Why the selected models cannot take the given images, in words, beside each slot."""
        self.first_slot.set_problems(first)
        self.last_slot.set_problems(last)

    def set_generate_action(self, action: QAction) -> None:
        """Show the window's Generate action as a button beside the frames."""
        self.generate_button.setDefaultAction(action)
        self.generate_button.show()

    def focus_editor(self) -> None:
        """Put the keyboard focus in the prompt editor."""
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Frame slots side by side when there is room, one above the other when narrow."""
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_MIN_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self._slots.direction() != direction:
            self._slots.setDirection(direction)

    def _on_editor_text_changed(self) -> None:
        self.count.set_text(self.editor.toPlainText())
        self._debounce.start()

    def _on_negative_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_slot_changed(self) -> None:
        self._emit_now()

    def _emit_now(self) -> None:
        self._debounce.stop()  # this emission covers any typing still pending
        self.sig_changed.emit()
