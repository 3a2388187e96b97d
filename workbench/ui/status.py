"""The status bar: what just happened, the board's tally and spend, and the engine's state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from workbench.domain.jobs import UNFINISHED, JobState
from workbench.domain.views import JobView, RunSummary

if TYPE_CHECKING:
    from workbench.ui.generate import Planned

#: How long a sentence stays (ms); the tally and engine state stay for good.
MESSAGE_MS = 10_000


def spent_usd(jobs: Sequence[JobView]) -> float:
    """What the charged draws cost: the service's figure, else the estimate."""
    return sum(
        (j.cost_usd if j.cost_usd is not None else j.est_cost_usd or 0.0) for j in jobs if j.charged
    )


class StatusBar(QStatusBar):
    """Messages on the left; tally, spend and engine state on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tally = QLabel(self)
        self.engine = QLabel(self)
        self.addPermanentWidget(self.tally)
        self.addPermanentWidget(self.engine)
        self._estimate: str = ""
        self.set_engine_state("idle", 0)

    def say(self, text: str) -> None:
        """A sentence about what just happened (errors in plain words)."""
        self.showMessage(text, MESSAGE_MS)

    def show_plan(self, planned: Planned) -> None:
        """Remember the estimate of what Generate would send (shown while the board is empty)."""
        plan = planned.plan
        self._estimate = (
            self.tr("next run: est. $%1").replace("%1", f"{plan.estimate_usd:.2f}")
            if plan is not None and plan.draws
            else ""
        )
        if not self.tally.text() or self.tally.property("empty"):
            self.tally.setText(self._estimate)
            self.tally.setProperty("empty", True)

    def show_runs(self, runs: Sequence[RunSummary], jobs: Sequence[JobView]) -> None:
        """The board's tally: rendering, done, failed, and spent of the estimate."""
        if not jobs:
            self.tally.setText(self._estimate)
            self.tally.setProperty("empty", True)
            return
        live = sum(j.state in UNFINISHED for j in jobs)
        done = sum(j.state is JobState.DONE for j in jobs)
        failed = sum(j.state is JobState.FAILED for j in jobs)
        estimate = sum(r.estimate_usd for r in runs)
        parts = []
        if live:
            parts.append(self.tr("%n rendering", "", live))
        parts.append(self.tr("%n done", "", done))
        if failed:
            parts.append(self.tr("%n failed", "", failed))
        parts.append(
            self.tr("spent $%1 of $%2 est.")
            .replace("%1", f"{spent_usd(jobs):.2f}")
            .replace("%2", f"{estimate:.2f}")
        )
        self.tally.setText(" · ".join(parts))
        self.tally.setProperty("empty", False)

    def set_engine_state(self, state: str, active: int) -> None:
        """Idle, or busy with how many draws."""
        if state == "busy":
            self.engine.setText(self.tr("engine busy · %n draw(s)", "", active))
        elif state == "stopping":
            self.engine.setText(self.tr("engine stopping"))
        else:
            self.engine.setText(self.tr("engine idle"))
