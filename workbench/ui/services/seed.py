"""Seed policy controls of one model row: random / fixed / sequence, or "no seed"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from workbench.domain.capabilities import ModelCapabilities
from workbench.domain.spec import SeedPolicy, SeedPolicyKind
from workbench.ui.services.tone import Tone, ToneLabel, tabular

#: QSpinBox holds a signed 32-bit int; seeds above that are entered as their lower range.
_SPIN_MAX = 2**31 - 1


class SeedControls(QWidget):
    """Chooses how a row's draws get their seeds; says "no seed" where the model has none."""

    sig_changed = Signal()
    """The policy or its seed value changed (no arguments)."""

    def __init__(self, model: ModelCapabilities, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._supported = model.seed.supported
        self.touched = False  # set once the user picks a policy by hand
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.kind_combo = QComboBox(self)
        self.value_spin = QSpinBox(self)
        self.no_seed_label = ToneLabel(self.tr("no seed"), self)
        self.no_seed_label.set_tone(Tone.MUTED)
        self.no_seed_label.setToolTip(
            self.tr("This model takes no seed: every draw is random and cannot be repeated.")
        )
        for kind, text in (
            (SeedPolicyKind.RANDOM, self.tr("random seed")),
            (SeedPolicyKind.FIXED, self.tr("fixed seed")),
            (SeedPolicyKind.SEQUENCE, self.tr("seed sequence")),
        ):
            self.kind_combo.addItem(text, kind.value)
        self.kind_combo.setToolTip(
            self.tr(
                "Random: a new seed for every draw. Fixed: the same seed for every draw. "
                "Sequence: seed, seed+1, seed+2, …"
            )
        )
        self.kind_combo.setAccessibleName(self.tr("Seed policy"))
        self.value_spin.setRange(max(0, model.seed.minimum), min(model.seed.maximum, _SPIN_MAX))
        self.value_spin.setFont(tabular(self.value_spin.font()))
        self.value_spin.setAccessibleName(self.tr("Seed"))
        self.value_spin.setToolTip(self.tr("The seed (the first one of a sequence)"))
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.value_spin)
        layout.addWidget(self.no_seed_label)
        self.kind_combo.setVisible(self._supported)
        self.no_seed_label.setVisible(not self._supported)
        self.value_spin.setVisible(False)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.kind_combo.activated.connect(self._on_kind_activated)
        self.value_spin.valueChanged.connect(self.sig_changed)

    @property
    def supported(self) -> bool:
        """False when the model takes no seed."""
        return self._supported

    def kind(self) -> SeedPolicyKind:
        """The chosen policy kind."""
        return SeedPolicyKind(self.kind_combo.currentData())

    def policy(self) -> SeedPolicy | None:
        """The chosen policy, or None for a model without seed."""
        if not self._supported:
            return None
        kind = self.kind()
        if kind is SeedPolicyKind.RANDOM:
            return SeedPolicy()
        return SeedPolicy(kind=kind, value=self.value_spin.value())

    def set_policy(self, kind: str, value: int | None = None) -> None:
        """Show ``kind`` (random / fixed / sequence) and, when given, its seed value."""
        index = self.kind_combo.findData(SeedPolicyKind(kind).value)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        if value is not None:
            self.value_spin.setValue(int(value))

    def _on_kind_changed(self, _index: int) -> None:
        self.value_spin.setVisible(self._supported and self.kind() is not SeedPolicyKind.RANDOM)
        self.sig_changed.emit()

    def _on_kind_activated(self, _index: int) -> None:
        self.touched = True
