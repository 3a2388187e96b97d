"""X = reject: a small popup of reason chips at the current tile, one key or click each."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QMenu, QWidget

from workbench.ui.inspector import texts

#: Modifiers that still count as typing a key (Shift, Alt for mnemonics, the keypad).
_TYPING = (
    Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.KeypadModifier
)


class RejectMenu(QMenu):
    """The reason chips as a popup menu; 1–9 pick one, Esc closes it.

    The chips already on show a tick; picking one of them takes it off again.
    """

    sig_chip_picked = Signal(int, str)
    """A chip was picked: (take id, reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Why not a keeper?"))
        self._take_id: int | None = None
        self.chip_actions: dict[str, QAction] = {}
        header = self.addAction(self.tr("Why not a keeper?"))
        header.setEnabled(False)
        self.addSeparator()
        for n, chip in enumerate(texts.REASONS, start=1):
            # "&1 Hands": the digit is the mnemonic, so the keyboard picks in one press.
            action = self.addAction(f"&{n}  {texts.reason_label(chip)}")
            action.setCheckable(True)
            action.setToolTip(texts.reason_tip(chip))
            action.setData(chip)
            action.triggered.connect(lambda _c=False, chip=chip: self._on_action_triggered(chip))
            self.chip_actions[chip] = action
        self.setToolTipsVisible(True)

    def open_for(self, take_id: int, reasons: Iterable[str], at: QPoint) -> None:
        """Pop up for one take (global position ``at``); returns at once."""
        self._take_id = take_id
        on = set(reasons)
        for chip, action in self.chip_actions.items():
            action.setChecked(chip in on)
        self.popup(at)

    def event(self, event: QEvent) -> bool:
        """Keep plain keys for the menu: "1" picks a chip here, it does not rate the take."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~_TYPING
        ):
            event.accept()
            return True
        return super().event(event)

    def _on_action_triggered(self, chip: str) -> None:
        if self._take_id is not None:
            self.sig_chip_picked.emit(self._take_id, chip)
