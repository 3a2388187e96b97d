"""Prompt history: every version of a prompt with its outcome, and what changed between two.

The prompt shown is the board's (or the one chosen in the list). Reads go through the
bridge (``engine.prompt_history``); while the pane is visible, finished runs and
judgements read it again after a pause. Two buttons act on the version in focus: open
its board, or load its text into the prompt editor to write the next version from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.views import PromptHistory, PromptVersionView
from workbench.ui import icons
from workbench.ui.insights import words
from workbench.ui.insights.diff_view import DiffView
from workbench.ui.insights.empty import EmptyState
from workbench.ui.insights.prompts import RECENT_RUNS, PromptCombo, recent_prompts
from workbench.ui.insights.stats_pane import DEBOUNCE_MS
from workbench.ui.insights.versions import VersionsTree, totals

if TYPE_CHECKING:
    from workbench.domain.views import RunSummary
    from workbench.engine.events import RunChanged
    from workbench.ui.bridge import EngineBridge


class HistoryPane(QWidget):
    """Prompt choice and actions over the versions tree and the diff of two versions.

    Args:
        bridge: the engine bridge (reads only).
        parent: owner (the window).
    """

    sig_open_board_requested = Signal(int)
    """Show the board of a prompt version: (version id)."""
    sig_load_requested = Signal(object)
    """Put a version's text in the prompt editor to write the next one: (PromptVersionView)."""
    sig_refreshed = Signal(object)
    """A prompt's history is shown: (PromptHistory)."""

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        #: The prompt to show when none was chosen here (the window: the board's prompt).
        self.default_prompt: Callable[[], int | None] = lambda: None
        self.prompt = PromptCombo(None, self)
        self.prompt.setToolTip(self.tr("The prompt whose versions are listed"))
        self.open_board = QPushButton(self)
        self.open_board.setIcon(icons.icon("board"))
        self.open_board.setToolTip(self.tr("Show the draws of this version on the board"))
        self.load = QPushButton(self)
        self.load.setIcon(icons.icon("rewrite"))
        self.load.setToolTip(
            self.tr("Put this version's text in the prompt editor; generating makes a new version")
        )
        for button in (self.open_board, self.load):
            # Never elided: the prompt list gives up room first.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        bar.setSpacing(6)
        caption = QLabel(self.tr("Prompt:"), self)
        caption.setBuddy(self.prompt)
        bar.addWidget(caption)
        bar.addWidget(self.prompt, 1)
        bar.addSpacing(12)
        bar.addWidget(self.open_board)
        bar.addWidget(self.load)
        self.tree = VersionsTree(self)
        self.old = QComboBox(self)
        self.new = QComboBox(self)
        compare = QHBoxLayout()
        compare.setContentsMargins(0, 0, 0, 0)
        compare.addWidget(QLabel(self.tr("Compare"), self))
        compare.addWidget(self.old)
        compare.addWidget(QLabel("→", self))
        compare.addWidget(self.new)
        compare.addStretch(1)
        self.outcome = QLabel(self)
        self.outcome.setFont(words.tabular(self.outcome.font()))
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.diff = DiffView(self)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(8, 6, 8, 8)
        lower_layout.setSpacing(6)
        lower_layout.addLayout(compare)
        lower_layout.addWidget(self.outcome)
        lower_layout.addWidget(self.diff, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.empty = EmptyState(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self._asked = 0
        self._chosen: int | None = None  # a prompt picked here (else the board's is followed)
        self._picked = False  # versions picked by the user (else the newest is followed)
        self.history: PromptHistory | None = None
        self._target: PromptVersionView | None = None
        self.prompt.sig_prompt_chosen.connect(self._on_prompt_chosen)
        self.tree.sig_versions_selected.connect(self._on_tree_versions_selected)
        self.tree.sig_user_picked.connect(self._on_user_picked)
        self.tree.currentItemChanged.connect(lambda *_: self._on_tree_current())
        self.old.activated.connect(lambda _i: self._on_compare_chosen())
        self.new.activated.connect(lambda _i: self._on_compare_chosen())
        self.open_board.clicked.connect(self._on_open_board_clicked)
        self.load.clicked.connect(self._on_load_clicked)
        self._set_target(None)
        self._show_empty()

    # -- choosing --------------------------------------------------------------------------
    def prompt_id(self) -> int | None:
        """The prompt shown (or being read)."""
        return self.prompt.prompt_id()

    def show_prompt(self, prompt_id: int) -> None:
        """Show this prompt's versions (and keep it, rather than following the board)."""
        self._chosen = prompt_id
        self.prompt.choose(prompt_id)
        self.reload()

    def compare(self, old_version_id: int, new_version_id: int) -> None:
        """Diff two versions of the prompt shown (their rows are selected)."""
        self._picked = True
        self.tree.select_versions([old_version_id, new_version_id])

    def target(self) -> PromptVersionView | None:
        """The version the buttons act on."""
        return self._target

    # -- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the chosen prompt's history now (older answers are dropped)."""
        self._debounce.stop()
        prompt_id = self.prompt_id()
        if prompt_id is None:
            return
        self._asked += 1
        ticket = self._asked
        self.bridge.call(
            lambda e: e.prompt_history(prompt_id),
            lambda history: self._on_history(ticket, history),
            lambda _error: self._on_history(ticket, None),
        )

    def schedule_reload(self) -> None:
        """Something changed: read again after a pause if visible."""
        if self.isVisible():
            self._debounce.start()

    def on_run_changed(self, event: RunChanged) -> None:
        """A finished run (perhaps of a new version): read again (debounced)."""
        if event.finished:
            self.schedule_reload()

    def on_take_changed(self, _event: object) -> None:
        """A judgement changes the keepers: read again (debounced)."""
        self.schedule_reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """On every show: the recent prompts, then the history (the board's prompt first)."""
        super().showEvent(event)
        if not event.spontaneous():
            self.bridge.call(lambda e: e.run_summaries(RECENT_RUNS), self._on_runs)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """No reads while hidden."""
        super().hideEvent(event)
        self._debounce.stop()

    def _on_runs(self, runs: list[RunSummary]) -> None:
        prompts = recent_prompts(runs)
        wanted = self._chosen or self.default_prompt() or (prompts[0][0] if prompts else None)
        self.prompt.set_prompts(prompts, keep=wanted)
        if self.prompt_id() is None:
            self._show_empty()
            return
        self.reload()

    def _on_history(self, ticket: int, history: PromptHistory | None) -> None:
        if ticket != self._asked:
            return
        self.history = history
        if history is None or not history.versions:
            self._show_empty()
            return
        self.stack.setCurrentIndex(0)
        self.open_board.show()
        self.load.show()
        self.tree.set_history(history)
        self._fill_compare(history)
        if not self._picked or not self.tree.selected_versions():
            # The newest version (perhaps one just drawn) against the one before it.
            self.tree.select_versions([history.versions[-1].id])
            self._picked = False
        else:
            self._on_tree_versions_selected(self.tree.selected_versions())
        self.sig_refreshed.emit(history)

    def _show_empty(self) -> None:
        self.stack.setCurrentIndex(1)
        self.open_board.hide()
        self.load.hide()
        self._set_target(None)
        self.empty.set_text(
            self.tr("No prompt history yet"),
            self.tr(
                "Every time you generate, the exact prompt is kept as a version. Change the "
                "text and generate again to make v2: here you will see what changed, word by "
                "word (Chinese character by character), and which version kept more takes "
                "for less money."
            ),
        )

    # -- comparing -------------------------------------------------------------------------
    def _fill_compare(self, history: PromptHistory) -> None:
        for combo in (self.old, self.new):
            combo.clear()
            for version in history.versions:
                combo.addItem(
                    self.tr("v%1 · %2")
                    .replace("%1", str(version.version))
                    .replace("%2", words.when(version.created_at)),
                    version.id,
                )

    def _on_tree_versions_selected(self, chosen: list[PromptVersionView]) -> None:
        if self.history is None or not chosen:
            return
        if len(chosen) >= 2:
            old, new = chosen[0], chosen[-1]
        else:
            new = chosen[0]
            earlier = [v for v in self.history.versions if v.version < new.version]
            old = earlier[-1] if earlier else new
        self._show_compare(old, new)
        self._set_target(self.tree.current_version() or new)

    def _on_tree_current(self) -> None:
        current = self.tree.current_version()
        if current is not None:
            self._set_target(current)

    def _on_user_picked(self) -> None:
        self._picked = True

    def _on_compare_chosen(self) -> None:
        self._picked = True
        old = self.tree.version(self.old.currentData())
        new = self.tree.version(self.new.currentData())
        if old is not None and new is not None:
            self._show_compare(old, new)
            self._set_target(new)

    def _show_compare(self, old: PromptVersionView, new: PromptVersionView) -> None:
        self.old.setCurrentIndex(self.old.findData(old.id))
        self.new.setCurrentIndex(self.new.findData(new.id))
        self.diff.set_versions(old, new)
        self.outcome.setText(
            self._outcome_text(old)
            if old.id == new.id
            else f"{self._outcome_text(old)}   →   {self._outcome_text(new)}"
        )

    def _outcome_text(self, version: PromptVersionView) -> str:
        total = totals(version.outcomes)
        head = self.tr("v%1:").replace("%1", str(version.version))
        if not total.draws:
            return self.tr("%1 no draws yet").replace("%1", head)
        return (
            self.tr("%1 draws %2 · keepers %3 · hit rate %4 · %5 per keeper")
            .replace("%1", head)
            .replace("%2", words.count(total.draws))
            .replace("%3", words.count(total.keepers))
            .replace("%4", words.percent(total.hit_rate))
            .replace("%5", words.money(total.cost_per_keeper_usd))
        )

    # -- acting ----------------------------------------------------------------------------
    def _set_target(self, version: PromptVersionView | None) -> None:
        self._target = version
        if version is None:
            self.open_board.setText(self.tr("Open the board"))
            self.load.setText(self.tr("Write a new version"))
        else:
            number = str(version.version)
            self.open_board.setText(self.tr("Open the board of v%1").replace("%1", number))
            self.load.setText(self.tr("Write a new version from v%1").replace("%1", number))
        self.open_board.setEnabled(version is not None and bool(version.outcomes))
        self.load.setEnabled(version is not None)

    def _on_open_board_clicked(self) -> None:
        if self._target is not None:
            self.sig_open_board_requested.emit(self._target.id)

    def _on_load_clicked(self) -> None:
        if self._target is not None:
            self.sig_load_requested.emit(self._target)

    def _on_prompt_chosen(self, prompt_id: object) -> None:
        if isinstance(prompt_id, int):
            self._chosen = prompt_id
            self._picked = False
            self.tree.clearSelection()
            self.history = None
            self.reload()
