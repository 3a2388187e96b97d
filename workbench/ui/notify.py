"""A desktop notification when a run finishes while the window is not active.

Uses the system tray's message balloon where the platform has one (Windows, macOS, most
Linux desktops) and otherwise asks the window manager to flag the window
(``QApplication.alert``: taskbar flash, dock bounce, urgency hint). Best effort: a desktop
without either simply gets nothing, and nothing here may raise into the caller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

log = logging.getLogger(__name__)

#: How long a tray message stays up (ms); the platform may cap it.
MESSAGE_MS = 8000


class Notifier(QObject):
    """Tells the user about finished work while they are in another window.

    The tray icon is created on the first notification only, so a user who never leaves the
    window never gets one. Clicking it or its message brings the window forward.
    """

    sig_activation_requested = Signal()
    """The user clicked the tray icon or a notification; the window should come forward."""

    def __init__(self, window: QWidget, icon: QIcon | None = None) -> None:
        super().__init__(window)
        self.window = window
        self._icon = icon
        self._tray: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str, *, force: bool = False) -> str:
        """Show ``title``/``text`` unless the window is the active one.

        Args:
            title: short heading (already translated).
            text: one or two sentences (already translated).
            force: notify even when the window is active.

        Returns:
            How the user was told: "tray", "alert", "skipped" (window active) or "none".
        """
        try:
            if not force and self.window.isActiveWindow():
                return "skipped"
            route = "none"
            if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
                tray = self._ensure_tray()
                tray.showMessage(title, text, tray.icon(), MESSAGE_MS)
                route = "tray"
            # The taskbar/dock flag as well: the balloon disappears, the flag stays until the
            # window is activated.
            QApplication.alert(self.window, 0)
            return route if route != "none" else "alert"
        except Exception:  # a notification must never take the app down
            log.exception("desktop notification failed")
            return "none"

    def close(self) -> None:
        """Remove the tray icon (on quit)."""
        if self._tray is not None:
            self._tray.hide()
            self._tray.deleteLater()
            self._tray = None

    def _ensure_tray(self) -> QSystemTrayIcon:
        if self._tray is None:
            icon = self._icon or self.window.windowIcon()
            if icon.isNull():
                icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            tray = QSystemTrayIcon(icon, self)
            tray.setToolTip(self.window.windowTitle())
            tray.activated.connect(self._on_tray_activated)
            tray.messageClicked.connect(self.sig_activation_requested)
            tray.show()
            self._tray = tray
        return self._tray

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.sig_activation_requested.emit()


def notify(window: QWidget, title: str, text: str) -> str:
    """One-shot helper: notify through the window's :class:`Notifier` (created on demand)."""
    notifier = window.findChild(Notifier)
    if notifier is None:
        notifier = Notifier(window)
    return notifier.notify(title, text)
