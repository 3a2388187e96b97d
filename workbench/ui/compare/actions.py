"""Every compare action with its shortcut, for the Compare menu and the keyboard.

Scopes, so the keys never fight the prompt editor or the board's own arrows:

- *board keys* (Space, K, "," ".", Home, End, L, G, E, C, N, B) work while the focus is in
  the board pane (tiles, focus or A/B page) — not while typing elsewhere;
- *player keys* (←/→ one frame, Shift+←/→ one second, Esc back) work in the focus and A/B
  pages only: on the board the arrows keep moving the current tile.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

translate = QCoreApplication.translate


class CompareActions(QObject):
    """The actions (connect ``triggered``); :meth:`install` scopes their shortcuts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        t = translate
        self.play_pause = self._make(
            t("CompareActions", "&Play / pause"),
            ["Space"],
            t("CompareActions", "Play or pause every selected take together"),
        )
        self.pause = self._make(t("CompareActions", "Pa&use"), ["K"], "")
        self.step_back = self._make(
            t("CompareActions", "Frame &back"),
            [","],
            t("CompareActions", "One frame back (← in Focus and A/B)"),
        )
        self.step_forward = self._make(
            t("CompareActions", "Frame &forward"),
            ["."],
            t("CompareActions", "One frame forward (→ in Focus and A/B)"),
        )
        self.start = self._make(t("CompareActions", "Go to &start"), ["Home"], "")
        self.end = self._make(t("CompareActions", "Go to &end"), ["End"], "")
        self.loop = self._make(
            t("CompareActions", "&Loop"), ["L"], t("CompareActions", "Start over at the end")
        )
        self.loop.setCheckable(True)
        self.grid = self._make(t("CompareActions", "&Grid"), ["G"], "")
        self.focus = self._make(t("CompareActions", "F&ocus"), ["E"], "")
        self.ab = self._make(t("CompareActions", "&A/B"), ["C"], "")
        self.survey = self._make(t("CompareActions", "Sur&vey"), ["N"], "")
        self.blind = self._make(
            t("CompareActions", "&Blind judging"),
            ["B"],
            t("CompareActions", "Hide who made each take until every take is rated"),
        )
        self.blind.setCheckable(True)
        self.export = self._make(
            t("CompareActions", "E&xport comparison video…"),
            [],
            t("CompareActions", "The selected takes side by side or in a grid, as one MP4"),
        )
        # Player views only (not in the menu: the entries above name them).
        self.back = self._make(t("CompareActions", "Back to the board"), ["Esc"], "")
        self.frame_left = self._make("", ["Left"], "")
        self.frame_right = self._make("", ["Right"], "")
        self.second_left = self._make("", ["Shift+Left"], "")
        self.second_right = self._make("", ["Shift+Right"], "")

    def _make(self, text: str, keys: list[str], tip: str) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def board_keys(self) -> list[QAction]:
        """Actions whose keys work anywhere in the board pane."""
        return [
            self.play_pause,
            self.pause,
            self.step_back,
            self.step_forward,
            self.start,
            self.end,
            self.loop,
            self.grid,
            self.focus,
            self.ab,
            self.survey,
            self.blind,
        ]

    def player_keys(self) -> list[QAction]:
        """Actions whose keys work in the focus and A/B pages only."""
        return [self.back, self.frame_left, self.frame_right, self.second_left, self.second_right]

    def menu_actions(self) -> list[QAction | None]:
        """The Compare menu, None for separators."""
        return [
            self.play_pause,
            self.step_back,
            self.step_forward,
            self.start,
            self.end,
            self.loop,
            None,
            self.grid,
            self.focus,
            self.ab,
            self.survey,
            None,
            self.blind,
            None,
            self.export,
        ]

    def install(self, pane: QWidget, pages: list[QWidget]) -> None:
        """Scope the shortcuts (see the module docstring)."""
        pane.addActions(self.board_keys())
        for page in pages:
            page.addActions(self.player_keys())
