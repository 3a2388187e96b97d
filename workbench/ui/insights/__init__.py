"""Statistics and prompt history (issue "Judge, reroll and learn"): what pays off.

``attach(window)`` adds two views beside the board and the library:

- **Stats** (Ctrl+3, ``window.stats``): ``stats_pane.StatsPane`` — the 抽卡 ledger per
  service and model as charts (``stats_charts``, ``charts``) and a table (``stats_model``),
  filtered by prompt, period and blind/sighted ratings (``filters``).
- **History** (Ctrl+4, ``window.history``): ``history_pane.HistoryPane`` — every version
  of a prompt with its outcome (``versions``), a word-level diff of any two
  (``diff_view`` over ``workbench.domain.textdiff``), and buttons to open a version's
  board or write the next version from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from workbench.domain.views import PromptVersionView
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the statistics and history views into the window and keep them current."""
    from workbench.ui.insights.history_pane import HistoryPane
    from workbench.ui.insights.stats_pane import StatsPane

    bridge = window.bridge
    stats = StatsPane(bridge, window)
    window.stats = stats  # type: ignore[attr-defined]
    window.add_view("stats", QCoreApplication.translate("StatsPane", "Stats"), stats, "Ctrl+3")
    history = HistoryPane(bridge, window)
    window.history = history  # type: ignore[attr-defined]
    window.add_view(
        "history", QCoreApplication.translate("HistoryPane", "History"), history, "Ctrl+4"
    )

    def board_prompt() -> int | None:
        board = window.board.board
        return board.prompt_id if board is not None else None

    history.default_prompt = board_prompt
    for pane in (stats, history):
        bridge.sig_run_changed.connect(pane.on_run_changed)
        bridge.sig_take_changed.connect(pane.on_take_changed)
        bridge.sig_take_deleted.connect(pane.on_take_changed)

    def open_board(version_id: int) -> None:
        window.board.show_version(version_id)
        window.show_view("board")

    def load(version: PromptVersionView) -> None:
        # A version is its text; the frames the creator has in the editor stay.
        prompt = window.prompt
        prompt.set_content(
            version.text, version.negative, prompt.first_frame(), prompt.last_frame()
        )
        window.generator.prompt_id = version.prompt_id
        window.prompt.focus_editor()
        window.status.say(
            QCoreApplication.translate(
                "HistoryPane",
                "v%1 is in the prompt editor: change it and generate to make the next version.",
            ).replace("%1", str(version.version))
        )

    history.sig_open_board_requested.connect(open_board)
    history.sig_load_requested.connect(load)
