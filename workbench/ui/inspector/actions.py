"""The Take menu: judging, 抽卡 and Recall keys, each a QAction with its shortcut shown.

The keyboard contract (issue "Judge, reroll and learn", ui-guide): with the focus in the
board, 1–5 rate the current take, 0 clears, F favourite (P too), X asks for a reason chip,
R rerolls, Shift+R rerolls the row, Ctrl+Z / Ctrl+Shift+Z undo and redo.

The keys are plain letters and digits, so they must never fire while one types: each
action's shortcut only works while the focus is inside a widget it was added to
(:meth:`TakeActions.add_scope`: the board pane with its compare pages, the inspector).
Text fields inside those still get their letters, because a line edit claims typed text
before any shortcut is looked up.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

translate = QCoreApplication.translate


class TakeActions(QObject):
    """Every action of the Take menu (connect ``triggered``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo = self._make(translate("TakeActions", "&Undo"), ["Ctrl+Z"])
        self.redo = self._make(translate("TakeActions", "&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"])
        # One literal per label: lupdate sees no plural in a module-level translate().
        labels = (
            translate("TakeActions", "&1 star"),
            translate("TakeActions", "&2 stars"),
            translate("TakeActions", "&3 stars"),
            translate("TakeActions", "&4 stars"),
            translate("TakeActions", "&5 stars"),
        )
        self.rate: dict[int, QAction] = {
            n: self._make(label, [str(n)], data=n) for n, label in enumerate(labels, start=1)
        }
        self.clear_rating = self._make(translate("TakeActions", "&Clear rating"), ["0"])
        self.favourite = self._make(
            translate("TakeActions", "&Favourite"),
            ["F"],
            translate("TakeActions", "Mark or unmark the current take as a favourite"),
        )
        self.pick = self._make(
            translate("TakeActions", "&Pick (favourite)"),
            ["P"],
            translate("TakeActions", "Lightroom's pick key: the same as Favourite"),
        )
        self.reject = self._make(
            translate("TakeActions", "Re&ject with a reason…"),
            ["X"],
            translate("TakeActions", "Choose why the current take is not a keeper"),
        )
        self.tag = self._make(translate("TakeActions", "Add a &tag…"), ["T"])
        self.note = self._make(translate("TakeActions", "Add a &note…"), ["Shift+N"])
        self.reroll = self._make(
            translate("TakeActions", "&Reroll"),
            ["R"],
            translate("TakeActions", "Draw the current take again: same spec, a new seed"),
        )
        self.reroll_row = self._make(
            translate("TakeActions", "Reroll the &row"),
            ["Shift+R"],
            translate(
                "TakeActions",
                "As many new draws as the row has takes, from the current take's spec",
            ),
        )
        self.recall = self._make(
            translate("TakeActions", "Re&call into the editor"),
            ["Ctrl+Shift+C"],
            translate(
                "TakeActions",
                "Load the current draw's prompt, service, spec and seed back to edit and "
                "generate again",
            ),
        )
        self.open_folder = self._make(
            translate("TakeActions", "Show in &folder"),
            [],
            translate("TakeActions", "Open the folder of the current take's clip"),
        )
        for action in self.all():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _make(self, text: str, keys: list[str], tip: str = "", data: object = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if data is not None:
            action.setData(data)
        return action

    def all(self) -> list[QAction]:
        """Every action, in menu order."""
        return [
            self.undo,
            self.redo,
            *self.rate.values(),
            self.clear_rating,
            self.favourite,
            self.pick,
            self.reject,
            self.tag,
            self.note,
            self.reroll,
            self.reroll_row,
            self.recall,
            self.open_folder,
        ]

    def judging(self) -> list[QAction]:
        """Actions that need a take under focus."""
        return [
            *self.rate.values(),
            self.clear_rating,
            self.favourite,
            self.pick,
            self.reject,
            self.tag,
            self.note,
            self.reroll,
            self.reroll_row,
            self.open_folder,
        ]

    def add_scope(self, widget: QWidget) -> None:
        """Make the keys work while the focus is in ``widget`` (or any of its children)."""
        widget.addActions(self.all())

    def build_menu(self, parent: QWidget) -> QMenu:
        """The Take menu."""
        menu = QMenu(translate("TakeActions", "&Take"), parent)
        menu.addActions([self.undo, self.redo])
        menu.addSeparator()
        rate = menu.addMenu(translate("TakeActions", "R&ate"))
        rate.addActions([*self.rate.values(), self.clear_rating])
        menu.addActions([self.favourite, self.pick, self.reject, self.tag, self.note])
        menu.addSeparator()
        menu.addActions([self.reroll, self.reroll_row, self.recall])
        menu.addSeparator()
        menu.addAction(self.open_folder)
        return menu
