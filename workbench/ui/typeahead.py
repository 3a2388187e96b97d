"""Keys typed before the window is ready are kept and replayed, never lost.

The window is shown as a frame first and filled a moment later (see ``ui/app.py``). A
creator who starts typing the prompt at once — or a script driving the window — would lose
those keys; this buffer holds them (Ctrl+Enter included) and hands them to the prompt
editor once it exists, in order.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


class TypeAhead(QObject):
    """Holds key events aimed at ``window`` until :meth:`replay`."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.held: list[QKeyEvent] = []
        # On the window, not the application: the frame has no focusable child yet, so its
        # keys go to the window itself; an application-wide filter would also see the tens
        # of thousands of events of the panes' build, each wrapped for Python (~0.3 s).
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Keep key presses and releases meant for the window (Ctrl+Q still quits)."""
        if isinstance(event, QKeyEvent) and event.type() in _KEYS:
            target = watched if isinstance(watched, QWidget) else None
            if target is not None and (target is self.window or self.window.isAncestorOf(target)):
                if event.keyCombination().toCombined() == _quit_key():
                    return False
                self.held.append(event.clone())
                return True
        return False

    def replay(self, into: QWidget) -> int:
        """Stop holding; post every held key to ``into`` (in order). Returns how many."""
        self.window.removeEventFilter(self)
        held, self.held = self.held, []
        for event in held:
            QCoreApplication.postEvent(into, event)
        self.deleteLater()
        return len(held)


def _quit_key() -> int:
    from PySide6.QtCore import Qt

    return (Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Q).toCombined()
