"""From the prompt and services panes to a planned, priced, sent run.

Every change of the prompt or the services asks the engine for a plan (validation and price,
nothing sent); the newest answer is shown inline. Generate plans once more with the exact
inputs, asks first when the run is over the budget, and starts it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.domain.problems import InvalidRequest, Problem, problems_from_validation
from workbench.domain.spec import GenerationSpec
from workbench.engine.planner import RunPlan, RunRequest, Target

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.prompt.pane import PromptPane
    from workbench.ui.services.pane import ServicesPane

#: Used to price a run while the editor is still empty (nothing is sent with it).
_PLACEHOLDER = "…"


@dataclass(frozen=True)
class Inputs:
    """Everything a run is made of, read from the panes on the GUI thread."""

    prompt: str
    negative: str | None
    first: str | None
    last: str | None
    targets: tuple[Target, ...]
    budget_usd: float | None
    prompt_id: int | None


@dataclass
class Planned:
    """A plan, or the problems that stopped one being made (a missing image, …)."""

    plan: RunPlan | None
    problems: list[Problem] = field(default_factory=list)
    empty_prompt: bool = False

    @property
    def all_problems(self) -> list[Problem]:
        """The plan's problems and the ones found before planning."""
        return self.problems + (self.plan.problems if self.plan else [])


def plan_use_case(inputs: Inputs) -> Callable[[Engine], Coroutine[Any, Any, Planned]]:
    """The engine-side work of planning: read the images, build the spec, plan."""

    async def plan(engine: Engine) -> Planned:
        try:
            first = await engine.load_image(inputs.first, "first frame") if inputs.first else None
            last = await engine.load_image(inputs.last, "last frame") if inputs.last else None
        except ValueError as exc:
            field_name = "last_frame" if "last frame" in str(exc) else "first_frame"
            return Planned(None, [Problem(code="image", field=field_name, message=str(exc))])
        empty = not inputs.prompt.strip()
        try:
            spec = GenerationSpec(
                prompt=inputs.prompt if not empty else _PLACEHOLDER,
                negative_prompt=inputs.negative,
                first_frame=first,
                last_frame=last,
            )
        except ValidationError as exc:
            return Planned(None, problems_from_validation(exc))
        request = RunRequest(spec, inputs.targets, inputs.budget_usd, inputs.prompt_id)
        return Planned(await engine.plan(request), empty_prompt=empty)

    return plan


class GenerateController(QObject):
    """Plans as the creator types and ticks; sends on Generate.

    Args:
        bridge: the engine bridge.
        prompt: the prompt pane.
        services: the services pane.
        window: parent for the budget question.
    """

    sig_plan_ready = Signal(object)
    """A fresh plan for the panes' current inputs: (Planned)."""
    sig_run_started = Signal(int)
    """A run was recorded and its draws started: (run id)."""
    sig_message = Signal(str)
    """A sentence for the status bar (why nothing was sent, what was sent)."""

    def __init__(
        self,
        bridge: EngineBridge,
        prompt: PromptPane,
        services: ServicesPane,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.prompt = prompt
        self.services = services
        self.window = window
        self.budget_usd: float | None = None
        #: The prompt the editor's text belongs to: a changed text becomes its next version.
        self.prompt_id: int | None = None
        self._asked = 0  # plans asked for; only the newest answer is shown
        self._shown = 0
        self._sending = False
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.replan)
        prompt.sig_changed.connect(self._timer.start)
        services.sig_changed.connect(self._timer.start)
        prompt.sig_generate_requested.connect(self.generate)

    def inputs(self, *, budget: bool = True) -> Inputs:
        """The panes' current inputs."""
        return Inputs(
            prompt=self.prompt.prompt(),
            negative=self.prompt.negative(),
            first=self.prompt.first_frame(),
            last=self.prompt.last_frame(),
            targets=tuple(self.services.targets()),
            budget_usd=self.budget_usd if budget else None,
            prompt_id=self.prompt_id,
        )

    # -- planning as one types -------------------------------------------------------------
    def replan(self) -> None:
        """Ask for a plan of the current inputs (answers older than the newest are dropped)."""
        self._asked += 1
        ticket = self._asked
        self.prompt.set_limits(self.services.prompt_limits())
        self.bridge.call(
            plan_use_case(self.inputs()), lambda planned: self._on_planned(ticket, planned)
        )

    def _on_planned(self, ticket: int, planned: Planned) -> None:
        if ticket < self._shown:
            return
        self._shown = ticket
        self.services.set_plan(planned.plan)
        problems = planned.all_problems
        self.prompt.set_frame_problems(
            [p.message for p in problems if p.field == "first_frame"],
            [p.message for p in problems if p.field == "last_frame"],
        )
        self.sig_plan_ready.emit(planned)

    # -- generate --------------------------------------------------------------------------
    def generate(self) -> None:
        """Plan the exact current inputs and send them (asking first when over budget)."""
        if self._sending:
            return
        inputs = self.inputs()
        if not inputs.prompt.strip():
            self.sig_message.emit(self.tr("Write a prompt first — nothing was sent."))
            self.prompt.focus_editor()
            return
        if not inputs.targets:
            self.sig_message.emit(self.tr("Tick at least one service — nothing was sent."))
            return
        self._sending = True
        self.bridge.call(plan_use_case(inputs), self._on_final_plan, self._on_failed)

    def _on_final_plan(self, planned: Planned) -> None:
        self._on_planned(self._asked + 1, planned)
        problems = planned.all_problems
        over_budget = [p for p in problems if p.code == "budget"]
        if planned.plan is not None and problems and len(over_budget) == len(problems):
            self._ask_budget(planned.plan)
            return
        if problems or planned.plan is None:
            self._sending = False
            self.sig_message.emit(
                self.tr(
                    "Nothing was sent: %n problem(s) to fix, shown beside the services.",
                    "",
                    len(problems),
                )
            )
            return
        self._start(planned.plan)

    def _ask_budget(self, plan: RunPlan) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Over budget"),
            self.tr("This run is estimated at ${est:.2f}, over your budget of ${budget:.2f}.")
            .replace("{est:.2f}", f"{plan.estimate_usd:.2f}")
            .replace("{budget:.2f}", f"{plan.budget_usd or 0:.2f}"),
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        send = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setInformativeText(self.tr("Nothing has been sent yet."))

        def answered() -> None:
            if box.clickedButton() is send:
                plan.budget_usd = None
                plan.problems = []
                self._start(plan)
            else:
                self._sending = False
                self.sig_message.emit(self.tr("Nothing was sent (over budget)."))

        box.finished.connect(answered)
        box.open()  # never exec(): the engine keeps running underneath

    def _start(self, plan: RunPlan) -> None:
        prompt_id = self.prompt_id

        async def start(engine: Any) -> tuple[int, int]:
            run_id = await engine.start_run(plan, prompt_id=prompt_id)
            return run_id, (await engine.run_summary(run_id)).prompt_id

        def started(answer: tuple[int, int]) -> None:
            run_id, run_prompt = answer
            # The editor's text now belongs to this prompt: a rewrite becomes its next version.
            self.prompt_id = run_prompt
            self._sending = False
            self.sig_run_started.emit(run_id)
            self.sig_message.emit(
                self.tr("Sent %n draw(s); estimated $%1.", "", len(plan.draws)).replace(
                    "%1", f"{plan.estimate_usd:.2f}"
                )
            )

        self.bridge.call(start, started, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        self._sending = False
        if isinstance(error, InvalidRequest):
            text = "; ".join(str(p) for p in error.problems)
        else:
            text = str(error)
        self.sig_message.emit(self.tr("Nothing was sent: %1").replace("%1", text))
