"""One model of one service: a check box on one line, its controls on the next when checked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.capabilities import AudioSupport, ModelCapabilities, ProviderInfo
from workbench.engine.planner import Target
from workbench.ui.services.seed import SeedControls
from workbench.ui.services.tone import Tone, ToneLabel, tabular, wrapping
from workbench.ui.services.widgets import ElidedCheckBox, FlowLayout
from workbench.ui.services.words import LifeKind, life_cycle, money, price_basis, short_label


class ModelRow(QWidget):
    """A model row: check it to draw from it.

    Its duration, aspect, resolution, audio, draws and seed policy apply to this model only.
    """

    sig_changed = Signal()
    """The row was checked or unchecked, or one of its controls changed (no arguments)."""

    def __init__(
        self, provider: ProviderInfo, model: ModelCapabilities, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.provider = provider
        self.model = model
        self.life = life_cycle(model)
        self._loading = False
        self._build()
        self._fill()
        self._connect()
        self._refresh()

    @property
    def key(self) -> str:
        """``provider:model``, as plan problems name their target."""
        return f"{self.provider.id}:{self.model.id}"

    @property
    def refused(self) -> bool:
        """True for a retired model: it cannot be checked."""
        return self.life.kind is LifeKind.RETIRED

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 1, 0, 1)
        outer.setSpacing(2)
        line = QHBoxLayout()
        line.setSpacing(6)
        self.check = ElidedCheckBox(self.model.label or self.model.id, self)
        self.check.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.badge = ToneLabel("", self)
        self.price = ToneLabel("", self)
        self.price.set_tone(Tone.MUTED)
        self.price.setFont(tabular(self.price.font()))
        line.addWidget(self.check, 1)
        line.addWidget(self.badge)
        line.addWidget(self.price)
        outer.addLayout(line)

        indent = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6
        self.controls = QWidget(self)
        flow = FlowLayout(self.controls)
        flow.setContentsMargins(indent, 0, 0, 2)
        self.duration = QComboBox(self.controls)
        self.aspect = QComboBox(self.controls)
        self.resolution = QComboBox(self.controls)
        self.audio = QCheckBox(self.tr("audio"), self.controls)
        self.draws = QSpinBox(self.controls)
        self.draws.setRange(1, 100)
        self.draws.setPrefix("× ")
        self.draws.setFont(tabular(self.draws.font()))
        self.seed = SeedControls(self.model, self.controls)
        self.cost = ToneLabel("", self.controls)
        self.cost.set_tone(Tone.MUTED)
        self.cost.setFont(tabular(self.cost.font()))
        for widget in (
            self.duration,
            self.aspect,
            self.resolution,
            self.audio,
            self.draws,
            self.seed,
            self.cost,
        ):
            flow.addWidget(widget)
        outer.addWidget(self.controls)

        self.problems = wrapping(ToneLabel("", self))
        self.problems.set_tone(Tone.ERROR)
        self.problems.setContentsMargins(indent, 0, 0, 2)
        self.problems.hide()
        outer.addWidget(self.problems)

    def _fill(self) -> None:
        model = self.model
        self.check.setToolTip(
            "\n".join(part for part in (model.label or model.id, self.key, model.notes) if part)
        )
        self.check.setAccessibleName(model.label or model.id)
        for seconds in model.durations:
            self.duration.addItem(self.tr("%1 s").replace("%1", str(seconds)), seconds)
        for aspect in model.aspects:
            self.aspect.addItem(self.tr("adaptive") if aspect == "adaptive" else aspect, aspect)
        for resolution in model.resolutions:
            self.resolution.addItem(resolution, resolution)
        self.duration.setToolTip(self.tr("Clip length"))
        self.duration.setAccessibleName(self.tr("Duration"))
        self.aspect.setToolTip(self.tr("Aspect ratio"))
        self.aspect.setAccessibleName(self.tr("Aspect ratio"))
        self.resolution.setToolTip(self.tr("Resolution"))
        self.resolution.setAccessibleName(self.tr("Resolution"))
        self.draws.setToolTip(self.tr("Draws: how many takes of this model the run makes"))
        self.draws.setAccessibleName(self.tr("Draws"))
        self.cost.setToolTip(self.tr("Estimated cost of this row's draws"))
        self._reset_choices()
        self.set_estimate(None)
        if model.audio is AudioSupport.NONE:
            self.audio.setEnabled(False)
            self.audio.setToolTip(self.tr("This model makes silent clips only"))
        elif model.audio is AudioSupport.ALWAYS:
            self.audio.setEnabled(False)
            self.audio.setToolTip(self.tr("This model always makes sound"))
        else:
            self.audio.setToolTip(self.tr("Make sound with the video"))
        self._fill_life()

    def _fill_life(self) -> None:
        life = self.life
        if life.kind is LifeKind.AVAILABLE:
            self.badge.hide()
            return
        replacement = self.provider.model(life.replacement) if life.replacement else None
        instead = short_label(replacement) if replacement else life.replacement
        if life.kind is LifeKind.DEPRECATED:
            self.badge.set_tone(Tone.WARNING)
            self.badge.setText(
                self.tr("deprecated · %1").replace("%1", life.date)
                if life.date
                else self.tr("deprecated")
            )
            tip = self.tr("The service will retire this model")
            tip += (" " + self.tr("on or after %1").replace("%1", life.date)) if life.date else ""
            tip += "." + (
                (" " + self.tr("Use %1 instead.").replace("%1", instead)) if instead else ""
            )
        else:
            self.badge.set_tone(Tone.ERROR)
            self.badge.setText(
                self.tr("retired → %1").replace("%1", instead) if instead else self.tr("retired")
            )
            tip = self.tr("Retired by the service")
            tip += (" " + self.tr("on %1").replace("%1", life.date)) if life.date else ""
            tip += "; " + self.tr("draws cannot be sent to it.")
            tip += (" " + self.tr("Use %1 instead.").replace("%1", instead)) if instead else ""
            self.check.setEnabled(False)
        self.badge.setToolTip(tip)
        self.check.setToolTip(self.check.toolTip() + "\n" + tip)

    def _reset_choices(self) -> None:
        model = self.model
        self._select(self.duration, model.default_duration or model.durations[0])
        self._select(self.aspect, model.default_aspect or model.aspects[0])
        self._select(self.resolution, model.default_resolution or model.resolutions[0])
        self.audio.setChecked(model.audio is AudioSupport.ALWAYS)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> bool:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        return index >= 0

    def _connect(self) -> None:
        self.check.toggled.connect(self._on_check_toggled)
        for combo in (self.duration, self.aspect, self.resolution):
            combo.currentIndexChanged.connect(self._on_control_changed)
        self.audio.toggled.connect(self._on_control_changed)
        self.draws.valueChanged.connect(self._on_control_changed)
        self.seed.sig_changed.connect(self._on_control_changed)

    def _on_check_toggled(self, _checked: bool) -> None:
        self._refresh()
        self._emit()

    def _on_control_changed(self, *_args: object) -> None:
        self._refresh()
        self._emit()

    def _emit(self) -> None:
        if not self._loading:
            self.sig_changed.emit()

    def _refresh(self) -> None:
        self.controls.setVisible(self.check.isChecked())
        text, tip = price_basis(
            self.model, self.resolution.currentData(), self.aspect.currentData(), self.audio_value()
        )
        self.price.setText(text)
        self.price.setToolTip(tip)

    # -- state ------------------------------------------------------------------------------

    def is_checked(self) -> bool:
        """True when the run draws from this model."""
        return self.check.isChecked()

    def set_checked(self, checked: bool) -> None:
        """Check or uncheck the row (a retired model stays unchecked)."""
        self.check.setChecked(checked and not self.refused)

    def audio_value(self) -> bool:
        """Audio as it will be sent (forced for models without a choice)."""
        if self.model.audio is AudioSupport.NONE:
            return False
        if self.model.audio is AudioSupport.ALWAYS:
            return True
        return self.audio.isChecked()

    def target(self) -> Target:
        """The row's draws as a planner target, with every override the row shows."""
        return Target(
            provider=self.provider.id,
            model=self.model.id,
            draws=self.draws.value(),
            duration=self.duration.currentData(),
            aspect=self.aspect.currentData(),
            resolution=self.resolution.currentData(),
            audio=self.audio_value(),
            seed_policy=self.seed.policy(),
        )

    def set_problems(self, messages: list[str]) -> None:
        """Show the plan's problems for this row in words (none hides the line)."""
        self.problems.setText("\n".join(messages))
        self.problems.setVisible(bool(messages))

    def problem_text(self) -> str:
        """The problems shown under the row ("" when none)."""
        return self.problems.text() if self.problems.isVisibleTo(self) else ""

    def set_estimate(self, usd: float | None) -> None:
        """Show the estimated cost of this row's draws (None hides it)."""
        self.cost.setText(f"≈ {money(usd)}" if usd is not None else "")
        self.cost.setVisible(usd is not None)

    def set_default_seed_policy(self, kind: str) -> None:
        """Use ``kind`` unless the user chose this row's seed policy by hand."""
        if not self.seed.touched:
            self.seed.set_policy(kind)

    def state(self) -> dict[str, Any]:
        """The row's choices as plain JSON values."""
        seed = self.seed.policy()
        return {
            "checked": self.is_checked(),
            "duration": self.duration.currentData(),
            "aspect": self.aspect.currentData(),
            "resolution": self.resolution.currentData(),
            "audio": self.audio.isChecked(),
            "draws": self.draws.value(),
            "seed": seed.kind.value if seed else None,
            "seed_value": self.seed.value_spin.value(),
            "seed_chosen": self.seed.touched,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Apply a saved state; values this model no longer offers keep their defaults."""
        self._loading = True
        try:
            self._reset_choices()
            self._select(self.duration, state.get("duration"))
            self._select(self.aspect, state.get("aspect"))
            self._select(self.resolution, state.get("resolution"))
            if self.model.audio is AudioSupport.OPTIONAL:
                self.audio.setChecked(bool(state.get("audio", False)))
            draws = state.get("draws")
            if isinstance(draws, int):
                self.draws.setValue(draws)
            kind = state.get("seed")
            if self.seed.supported and kind in ("random", "fixed", "sequence"):
                value = state.get("seed_value")
                self.seed.set_policy(kind, value if isinstance(value, int) else None)
            self.seed.touched = bool(state.get("seed_chosen", False))
            self.set_checked(bool(state.get("checked", False)))
        finally:
            self._loading = False
        self._refresh()
