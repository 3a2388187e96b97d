"""Every window action with its shortcut, defined once (menus, buttons and tests use these).

The keyboard contract of the desktop issues is a promise to users: Ctrl+Enter generates,
Ctrl+Q quits, F6 / Shift+F6 move between panes. Shortcuts use Qt's portable sequences, so
Ctrl is Cmd on macOS.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

translate = QCoreApplication.translate


class Actions(QObject):
    """The window's actions. Connect ``triggered``; put them in menus and on buttons."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generate = self._make(
            translate("Actions", "&Generate"),
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            QCoreApplication.translate(
                "Actions", "Send the prompt to every checked service (Ctrl+Enter)"
            ),
        )
        self.new_prompt = self._make(
            translate("Actions", "&New prompt"),
            [QKeySequence(QKeySequence.StandardKey.New)],
            QCoreApplication.translate(
                "Actions", "Start a new prompt (the current board stays in the list)"
            ),
        )
        self.settings = self._make(
            translate("Actions", "&Settings…"),
            [QKeySequence(QKeySequence.StandardKey.Preferences), QKeySequence("Ctrl+,")],
            QCoreApplication.translate(
                "Actions", "API keys, regions, defaults, language and theme"
            ),
        )
        self.quit = self._make(
            translate("Actions", "&Quit"),
            [QKeySequence("Ctrl+Q")],
            QCoreApplication.translate(
                "Actions", "Quit; draws still rendering are collected next time"
            ),
        )
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.next_pane = self._make(
            translate("Actions", "Next pane"),
            [QKeySequence("F6")],
            translate("Actions", "Prompt → services → board"),
        )
        self.previous_pane = self._make(
            translate("Actions", "Previous pane"),
            [QKeySequence("Shift+F6")],
            translate("Actions", "Board → services → prompt"),
        )
        self.cancel_run = self._make(
            translate("Actions", "&Cancel unfinished draws"),
            [],
            QCoreApplication.translate(
                "Actions",
                "Stop the draws of this board that have not finished (where the service allows)",
            ),
        )
        self.resume = self._make(
            translate("Actions", "Collect &unfinished draws"),
            [],
            QCoreApplication.translate(
                "Actions",
                "Poll every draw left unfinished, and look again at those past our deadline",
            ),
        )
        self.shortcuts = self._make(
            translate("Actions", "&Keyboard shortcuts"),
            [QKeySequence("F1")],
            translate("Actions", "Every shortcut, in one list"),
        )
        self.about = self._make(translate("Actions", "&About Workbench"), [], "")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        # Window-wide: they work whichever pane has the focus.
        for action in self.all():
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _make(self, text: str, keys: list[QKeySequence], tip: str) -> QAction:
        action = QAction(text, self)
        keys = [k for k in keys if not k.isEmpty()]
        if keys:
            action.setShortcuts(keys)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def all(self) -> list[QAction]:
        """Every action, in menu order."""
        return [v for v in vars(self).values() if isinstance(v, QAction)]
