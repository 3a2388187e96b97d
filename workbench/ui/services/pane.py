"""The services panel: which services and models a run draws from, and with what settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from workbench.domain.capabilities import ProviderInfo
from workbench.domain.problems import Problem
from workbench.domain.spec import GenerationSpec
from workbench.domain.views import KeyStatus
from workbench.engine.planner import RunPlan, Target
from workbench.ui.services.group import ServiceGroup
from workbench.ui.services.row import ModelRow
from workbench.ui.services.tone import Tone, ToneLabel, tabular, wrapping
from workbench.ui.services.words import money, short_label

STATE_VERSION = 1
#: The launch contract: a first start draws from these two sim models.
DEFAULT_SELECTION = ("sim:sim-fast", "sim:sim-pro")


def _registry_infos() -> list[ProviderInfo]:
    from workbench.providers import registry

    return [registry.provider_info(pid) for pid in registry.PROVIDERS]


class ServicesPane(QWidget):
    """One group per service, one row per model; the estimate of the whole run on top.

    A view: it shows the plan it is given (``set_plan``) and says what the user chose
    (``targets``, ``sig_changed``); it never plans, reads keys or touches the network.
    """

    sig_changed = Signal()
    """The selection or a row's parameter changed; re-plan and call ``set_plan`` (no args)."""

    sig_settings_requested = Signal(str)
    """The user asked to set a service's key (argument: provider id)."""

    def __init__(
        self, providers: Sequence[ProviderInfo] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._budget: float | None = None
        self._plan: RunPlan | None = None
        self._default_draws = 2
        self._default_seed = "random"
        self._bulk = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 0)
        outer.setSpacing(4)
        self.summary = ToneLabel("", self)
        font = tabular(self.summary.font())
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setAccessibleName(self.tr("Estimated cost of the run"))
        self.top_problems = wrapping(ToneLabel("", self))
        self.top_problems.set_tone(Tone.ERROR)
        self.top_problems.hide()
        outer.addWidget(self.summary)
        outer.addWidget(self.top_problems)
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(rule)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(self.scroll)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 6)
        content_layout.setSpacing(4)
        self.groups: list[ServiceGroup] = []
        for info in providers if providers is not None else _registry_infos():
            group = ServiceGroup(info, content)
            group.sig_changed.connect(self._on_group_changed)
            group.sig_settings_requested.connect(self.sig_settings_requested)
            content_layout.addWidget(group)
            self.groups.append(group)
        content_layout.addStretch(1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)
        self._rows = {row.key: row for group in self.groups for row in group.rows}
        self._pristine = {key: row.state() for key, row in self._rows.items()}
        if self._rows:
            self.setFocusProxy(next(iter(self._rows.values())).check)
        self.set_default_draws(self._default_draws)
        self._refresh_summary()

    # -- reading the selection -------------------------------------------------------------

    def rows(self) -> list[ModelRow]:
        """Every model row, in panel order."""
        return list(self._rows.values())

    def row(self, key: str) -> ModelRow | None:
        """The row of ``provider:model``."""
        return self._rows.get(key)

    def group(self, provider_id: str) -> ServiceGroup | None:
        """The group of one service."""
        return next((g for g in self.groups if g.provider.id == provider_id), None)

    def targets(self) -> list[Target]:
        """The checked rows as planner targets, in panel order, with their overrides."""
        return [row.target() for row in self._rows.values() if row.is_checked()]

    def prompt_limits(self) -> list[tuple[str, int, str]]:
        """Prompt limits of the checked models, for ``PromptPane.set_limits``.

        Each is (short model label, maximum, unit "chars" | "utf16").
        """
        return [
            (short_label(row.model), row.model.prompt_max_chars, row.model.prompt_length_unit)
            for row in self._rows.values()
            if row.is_checked()
        ]

    # -- changing the selection ------------------------------------------------------------

    def select_defaults(self, draws: int) -> None:
        """The first-start state: sim-fast and sim-pro checked with ``draws`` draws each."""
        with self._batch():
            for row in self._rows.values():
                row.set_checked(False)
            self.set_default_draws(draws)
            for key in DEFAULT_SELECTION:
                row = self._rows.get(key)
                if row is not None:
                    row.restore_state({**self._fresh(key), "checked": True})

    def select_only(self, target: Target) -> bool:
        """Check only ``target``'s row, with the target's settings (Recall).

        Duration, aspect, resolution, audio, draws and seed policy come from the target;
        ``None`` keeps the row's default.

        Returns:
            False (and nothing changed) when the panel has no such model or it is retired.
        """
        row = self._rows.get(f"{target.provider}:{target.model}")
        if row is None or row.refused:
            return False
        state = {**self._fresh(row.key), "checked": True, "draws": target.draws}
        for name in ("duration", "aspect", "resolution", "audio"):
            value = getattr(target, name)
            if value is not None:
                state[name] = value
        policy = target.seed_policy
        if policy is not None and state["seed"] is not None:
            state["seed"] = policy.kind.value
            state["seed_chosen"] = True
            if policy.value is not None:
                state["seed_value"] = policy.value
        with self._batch():
            for other in self._rows.values():
                other.set_checked(False)
            row.restore_state(state)
            group = self.group(target.provider)
            if group is not None and not group.is_open():
                group.set_open(True)
        self.scroll.ensureWidgetVisible(row)
        return True

    def set_default_draws(self, draws: int) -> None:
        """Draws a row starts with when it is checked (settings' default draws)."""
        self._default_draws = max(1, min(100, int(draws)))
        with self._batch(emit=False):
            for row in self._rows.values():
                if not row.is_checked():
                    row.draws.setValue(self._default_draws)

    def set_default_seed_policy(self, kind: str) -> None:
        """Seed policy (random / fixed / sequence) of rows whose policy was not chosen by hand."""
        self._default_seed = kind
        with self._batch():
            for row in self._rows.values():
                row.set_default_seed_policy(kind)

    def focus_first(self) -> None:
        """Keyboard focus on the first checked row (or the first row)."""
        rows = list(self._rows.values())
        row = next((r for r in rows if r.is_checked()), rows[0] if rows else None)
        if row is not None:
            self.scroll.ensureWidgetVisible(row)
            row.check.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- showing what the engine said ------------------------------------------------------

    def set_key_status(self, statuses: dict[str, KeyStatus]) -> None:
        """Show each service's key status (provider id → status)."""
        for group in self.groups:
            group.set_key_status(statuses.get(group.provider.id))

    def set_budget(self, usd: float | None) -> None:
        """The budget the estimate is compared with (None: no budget)."""
        self._budget = usd
        self._refresh_summary()

    def set_plan(self, plan: RunPlan | None) -> None:
        """Show a plan's problems under the rows they concern and its estimate on top."""
        self._plan = plan
        problems = plan.problems if plan is not None else []
        by_row: dict[str, list[str]] = {}
        by_group: dict[str, list[str]] = {}
        top: list[str] = []
        providers = {g.provider.id for g in self.groups}
        for problem in problems:
            if problem.code == "budget":
                continue  # the summary says it, in amber: over budget asks, it does not refuse
            words = self._words(problem)
            if problem.target in self._rows:
                by_row.setdefault(problem.target, []).append(words)
            elif problem.target in providers:
                by_group.setdefault(problem.target, []).append(words)
            else:
                top.append(words)
        for key, row in self._rows.items():
            row.set_problems(by_row.get(key, []))
        for group in self.groups:
            group.set_problems(by_group.get(group.provider.id, []))
        self.top_problems.setText("\n".join(top))
        self.top_problems.setVisible(bool(top))
        self._refresh_summary()

    def _words(self, problem: Problem) -> str:
        """The problem in the panel's words; CLI-worded messages get desktop wording."""
        if problem.code == "no_provider":
            return self.tr("Check at least one model to draw from.")
        if problem.code == "no_key":
            provider = (problem.target or "").partition(":")[0]
            group = self.group(provider)
            name = group.provider.label if group else provider
            return self.tr("No API key for %1 — set one in Settings.").replace("%1", name)
        return problem.message

    def summary_text(self) -> str:
        """The always-visible estimate line ("est. $1.84 · 8 draws")."""
        return self.summary.text()

    # -- state for QSettings -----------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The panel's choices as JSON values (checked rows and rows changed from defaults)."""
        rows = {
            key: row.state()
            for key, row in self._rows.items()
            if row.is_checked() or row.state() != {**self._fresh(key), "draws": row.draws.value()}
        }
        folded = {g.provider.id: g.user_folded for g in self.groups if g.user_folded is not None}
        return {"version": STATE_VERSION, "rows": rows, "folded": folded}

    def restore_state(self, state: dict[str, Any]) -> bool:
        """Apply a saved ``state()``; unknown services and models are skipped.

        Returns:
            True when at least one row came back checked (else the caller may
            ``select_defaults``).
        """
        rows = state.get("rows") if isinstance(state, dict) else None
        rows = rows if isinstance(rows, dict) else {}
        folded = state.get("folded") if isinstance(state, dict) else None
        with self._batch():
            for key, row in self._rows.items():
                saved = rows.get(key)
                row.restore_state(saved if isinstance(saved, dict) else self._fresh(key))
            for group in self.groups:
                value = folded.get(group.provider.id) if isinstance(folded, dict) else None
                if isinstance(value, bool):
                    group.set_open(not value)
        return any(row.is_checked() for row in self._rows.values())

    # -- internals ---------------------------------------------------------------------------

    def _fresh(self, key: str) -> dict[str, Any]:
        """A row's state as it would be on a first start (today's default draws and seed)."""
        fresh = {**self._pristine[key], "draws": self._default_draws}
        if fresh["seed"] is not None:  # None: the model takes no seed
            fresh["seed"] = self._default_seed
        return fresh

    def _batch(self, *, emit: bool = True) -> _Batch:
        return _Batch(self, emit)

    def _on_group_changed(self) -> None:
        self._plan = None  # stale until the window re-plans
        if not self._bulk:  # a batch refreshes once, at its end
            self._refresh_summary()
            self.sig_changed.emit()

    def _refresh_summary(self) -> None:
        plan = self._plan
        estimates = self._row_estimates(plan)
        for key, row in self._rows.items():
            row.set_estimate(estimates.get(key) if row.is_checked() else None)
        if plan is not None:
            total, draws = plan.estimate_usd, len(plan.draws)
        else:
            total = sum(estimates.values())
            draws = sum(t.draws for t in self.targets())
        drawn = self.tr("1 draw") if draws == 1 else self.tr("%1 draws").replace("%1", str(draws))
        text = self.tr("est. %1 · %2").replace("%1", money(total)).replace("%2", drawn)
        budget = self._budget if self._budget is not None else (plan.budget_usd if plan else None)
        over = budget is not None and total > budget
        if over:
            text += " · " + self.tr("over budget (%1)").replace("%1", money(budget or 0))
        self.summary.setText(text)
        self.summary.set_tone(Tone.WARNING if over else Tone.NORMAL)
        self.summary.setToolTip(
            self.tr("List prices; the service's own bill may differ.")
            + (
                " " + self.tr("Over the budget: you will be asked before anything is sent.")
                if over
                else ""
            )
        )

    def _row_estimates(self, plan: RunPlan | None) -> dict[str, float]:
        """Estimated cost per checked row: from the plan when there is one, else list prices."""
        estimates: dict[str, float] = {}
        if plan is not None:
            for draw in plan.draws:
                key = f"{draw.provider}:{draw.request.model}"
                estimates[key] = estimates.get(key, 0.0) + draw.est_usd
            return estimates
        for row in self._rows.values():
            if row.is_checked():
                target = row.target()
                try:
                    spec = row.model.resolve(target.apply(GenerationSpec(prompt="·")))
                    estimates[row.key] = row.model.price.estimate(spec) * target.draws
                except ValueError:
                    continue
        return estimates


class _Batch:
    """Many row changes, one ``sig_changed`` at the end (or none with ``emit=False``)."""

    def __init__(self, pane: ServicesPane, emit: bool) -> None:
        self._pane = pane
        self._emit = emit
        self._outer = False

    def __enter__(self) -> None:
        self._outer = not self._pane._bulk
        self._pane._bulk = True
        for group in self._pane.groups:
            group.deferred = True

    def __exit__(self, *_exc: object) -> None:
        if self._outer:
            self._pane._bulk = False
            for group in self._pane.groups:
                group.deferred = False
                group.refresh()  # once, for every row changed in the batch
            self._pane._plan = None
            self._pane._refresh_summary()
            if self._emit:
                self._pane.sig_changed.emit()
