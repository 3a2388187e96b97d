"""抽卡 from the board: reroll a take or its whole row, and Recall a draw's spec for editing.

Rerolls go through ``engine.reroll`` (same spec, new seeds, filed under the take's prompt
version with the take as parent), so the new tiles continue the row's draw numbers. Recall
puts a draw's request back into the prompt editor and the services panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from workbench.domain.problems import InvalidRequest
from workbench.domain.spec import SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.ui.board.model import row_labels
from workbench.ui.inspector import texts

if TYPE_CHECKING:
    from workbench.domain.views import JobView
    from workbench.ui.window import MainWindow


def recall_target(job: JobView) -> Target:
    """The services-panel row of a draw: its model, spec and its own seed, one draw.

    The seed is *fixed* to the draw's seed (when the model takes one), so Generate after
    a prompt edit shows what the edit changed and nothing else; switch the row to a
    random seed to explore instead.
    """
    params = job.params
    seed = (
        SeedPolicy(kind=SeedPolicyKind.FIXED, value=job.seed)
        if job.seed is not None and job.seed_supported
        else None
    )
    return Target(
        provider=job.provider,
        model=job.model,
        draws=1,
        duration=params.get("duration"),
        aspect=params.get("aspect"),
        resolution=params.get("resolution"),
        audio=params.get("audio"),
        seed_policy=seed,
    )


class RerollController(QObject):
    """Reroll (R), reroll the row (Shift+R) and Recall, for the window's current tile.

    Args:
        window: the main window (its bridge, board, prompt, services, generator, status).
    """

    sig_message = Signal(str)
    """A sentence for the status bar."""
    sig_rerolled = Signal(int)
    """A reroll's run started: (run id)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = window.bridge

    # -- reroll ----------------------------------------------------------------------------
    def row_takes(self, job: JobView) -> list[JobView]:
        """Tiles of the job's row (same service and model) that have a take."""
        return [
            j
            for j in self.window.board.model.jobs()
            if (j.provider, j.model) == (job.provider, job.model) and j.take is not None
        ]

    def reroll(self, job: JobView | None, *, row: bool = False) -> bool:
        """Draw again from the job's take: once, or as many times as its row has takes.

        Returns False (and says why) when the tile has no take to reroll from.
        """
        if job is None or job.take is None:
            self.sig_message.emit(
                self.tr(
                    "Nothing to reroll: pick a tile that has a take (Retry resends a failed one)."
                )
            )
            return False
        draws = max(1, len(self.row_takes(job))) if row else 1
        self._send(job.take.id, draws, getattr(self.window.generator, "budget_usd", None))
        return True

    def _send(self, take_id: int, draws: int, budget: float | None) -> None:
        def started(run_id: int) -> None:
            self.sig_rerolled.emit(run_id)
            self.sig_message.emit(
                self.tr(
                    "Rerolling take %1: %n new draw(s), same spec, new seeds.", "", draws
                ).replace("%1", str(take_id))
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, InvalidRequest):
                problems = error.problems
                if problems and all(p.code == "budget" for p in problems):
                    self._ask_budget(take_id, draws, budget)
                    return
                text = "; ".join(str(p) for p in problems)
            else:
                text = str(error)
            self.sig_message.emit(self.tr("Nothing was sent: %1").replace("%1", text))

        self.bridge.call(lambda e: e.reroll(take_id, draws, budget), started, failed)

    def _ask_budget(self, take_id: int, draws: int, budget: float | None) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Over budget"),
            self.tr("%n new draw(s) would go over your budget of $%1.", "", draws).replace(
                "%1", f"{budget or 0:.2f}"
            ),
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        send = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(self.tr("Nothing has been sent yet."))

        def answered() -> None:
            if box.clickedButton() is send:
                self._send(take_id, draws, None)
            else:
                self.sig_message.emit(self.tr("Nothing was sent (over budget)."))

        box.finished.connect(answered)
        box.open()  # never exec(): the engine keeps running underneath

    # -- recall ----------------------------------------------------------------------------
    def recall(self, job: JobView | None) -> bool:
        """Load a draw's prompt, negative prompt, frames and its service row back.

        The next Generate makes a new version of the draw's prompt once the text changes.
        Returns False when there is no draw, or its model is not in the services panel.
        """
        window = self.window
        if job is None:
            self.sig_message.emit(self.tr("Nothing to recall: pick a tile on the board."))
            return False
        board = window.board.board
        prompt_id = (
            board.prompt_id
            if board is not None and board.prompt_version_id == job.prompt_version_id
            else None
        )
        params = job.params
        first = params.get("first_frame") or {}
        last = params.get("last_frame") or {}
        target = recall_target(job)
        selected = window.services.select_only(target)
        window.prompt.set_content(
            str(params.get("prompt") or ""),
            params.get("negative_prompt"),
            first.get("path") if isinstance(first, dict) else None,
            last.get("path") if isinstance(last, dict) else None,
        )
        window.generator.prompt_id = prompt_id
        window.prompt.focus_editor()
        if not selected:
            self.sig_message.emit(
                self.tr(
                    "Recalled the prompt only: %1 cannot be checked in the services panel."
                ).replace("%1", row_labels(job.provider, job.model)[2])
            )
            return True
        row = window.services.row(f"{job.provider}:{job.model}")
        wanted = target.seed_policy
        if wanted is not None and row is not None and row.target().seed_policy != wanted:
            # The panel's seed box is narrower than some services' seeds.
            self.sig_message.emit(
                self.tr(
                    "Recalled, but seed %1 does not fit the seed box; the row keeps its own."
                ).replace("%1", str(job.seed))
            )
            return True
        seed = texts.seed_text(job.seed, job.seed_supported)
        self.sig_message.emit(
            self.tr("Recalled draw #%1 of %2 (seed %3): edit the prompt and Generate.")
            .replace("%1", str(job.draw_no))
            .replace("%2", row_labels(job.provider, job.model)[1])
            .replace("%3", seed)
        )
        return True
