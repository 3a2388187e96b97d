"""The "General" page of Settings: defaults for new runs, download cap, language, theme."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.settings import Settings
from workbench.ui.settings.status_line import StatusLine
from workbench.ui.settings.texts import Tone

#: Language choices: each language is named in itself, so a user who cannot read the current
#: interface still finds their own ("System" is the only translated entry).
LANGUAGE_NATIVE_NAMES = {"zh_CN": "中文", "en": "English"}


class GeneralPage(QWidget):
    """Editors for the top-level preferences of :class:`~workbench.settings.Settings`."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._initial_language = settings.language

        runs = QGroupBox(self.tr("New runs"), self)
        runs_form = QFormLayout(runs)
        self.draws_spin = QSpinBox(runs)
        self.draws_spin.setRange(1, 100)
        self.draws_spin.setValue(settings.default_draws)
        self.draws_spin.setToolTip(self.tr("Draws per service and model in a new run"))
        runs_form.addRow(self.tr("Draws per model"), self.draws_spin)
        self.seed_combo = QComboBox(runs)
        for value, label in (
            ("random", self.tr("Random")),
            ("fixed", self.tr("Fixed")),
            ("sequence", self.tr("Sequence")),
        ):
            self.seed_combo.addItem(label, value)
        _select(self.seed_combo, settings.default_seed_policy)
        runs_form.addRow(self.tr("Seed policy"), self.seed_combo)
        self.budget_spin = QDoubleSpinBox(runs)
        self.budget_spin.setRange(0, 100_000)
        self.budget_spin.setDecimals(2)
        self.budget_spin.setSingleStep(1.0)
        self.budget_spin.setPrefix("$ ")
        self.budget_spin.setSpecialValueText(self.tr("No budget"))
        self.budget_spin.setValue(settings.default_budget_usd or 0)
        self.budget_spin.setToolTip(self.tr("A run estimated above this asks before sending"))
        runs_form.addRow(self.tr("Budget per run"), self.budget_spin)

        downloads = QGroupBox(self.tr("Downloads"), self)
        downloads_form = QFormLayout(downloads)
        self.download_spin = QDoubleSpinBox(downloads)
        self.download_spin.setRange(0.1, 64)
        self.download_spin.setDecimals(1)
        self.download_spin.setSingleStep(0.5)
        self.download_spin.setSuffix(" GiB")
        self.download_spin.setValue(settings.max_download_gib)
        self.download_spin.setToolTip(
            self.tr("Larger files are refused instead of filling the disk")
        )
        downloads_form.addRow(self.tr("Largest clip"), self.download_spin)

        looks = QGroupBox(self.tr("Appearance"), self)
        looks_form = QFormLayout(looks)
        self.language_combo = QComboBox(looks)
        self.language_combo.addItem(self.tr("System"), "auto")
        for value, name in LANGUAGE_NATIVE_NAMES.items():
            self.language_combo.addItem(name, value)
        _select(self.language_combo, settings.language)
        looks_form.addRow(self.tr("Language"), self.language_combo)
        self.language_note = StatusLine(looks)
        looks_form.addRow("", self.language_note)
        self.theme_combo = QComboBox(looks)
        for value, label in (
            ("system", self.tr("System")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme_combo.addItem(label, value)
        _select(self.theme_combo, settings.theme)
        looks_form.addRow(self.tr("Theme"), self.theme_combo)

        for form in (runs_form, downloads_form, looks_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.problem_line = StatusLine(self)
        layout = QVBoxLayout(self)
        for widget in (runs, downloads, looks, self.problem_line):
            layout.addWidget(widget)
        layout.addStretch(1)
        _align_fields(runs_form, downloads_form, looks_form)
        self.language_combo.currentIndexChanged.connect(self._on_language_changed)

    def values(self) -> dict[str, Any]:
        """The edited preferences as ``Settings`` fields."""
        budget = round(self.budget_spin.value(), 2)
        return {
            "default_draws": self.draws_spin.value(),
            "default_seed_policy": self.seed_combo.currentData(),
            "default_budget_usd": budget or None,
            "max_download_gib": round(self.download_spin.value(), 1),
            "language": self.language_combo.currentData(),
            "theme": self.theme_combo.currentData(),
        }

    def show_problem(self, text: str) -> None:
        """A value the settings model refused (should not happen with these editors)."""
        self.problem_line.show_status(text, Tone.ERROR)

    def _on_language_changed(self) -> None:
        if self.language_combo.currentData() == self._initial_language:
            self.language_note.clear_status()
        else:
            self.language_note.show_status(
                self.tr("The new language is used from the next start of Workbench."), Tone.INFO
            )


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _align_fields(*forms: QFormLayout) -> None:
    # One label width and one editor width across the groups, so they read as one column;
    # editors keep that width (Fixed) while notes in the field column wrap at full width.
    def cells(role: QFormLayout.ItemRole) -> list[QWidget]:
        found = []
        for form in forms:
            for row in range(form.rowCount()):
                item = form.itemAt(row, role)
                if item is not None and item.widget() is not None:
                    found.append(item.widget())
        return found

    labels = cells(QFormLayout.ItemRole.LabelRole)
    label_width = max(w.sizeHint().width() for w in labels)
    for label in labels:
        label.setMinimumWidth(label_width)
    editors = [
        w
        for w in cells(QFormLayout.ItemRole.FieldRole)
        if isinstance(w, QSpinBox | QDoubleSpinBox | QComboBox)
    ]
    width = max(w.sizeHint().width() for w in editors)
    for editor in editors:
        editor.setFixedWidth(width)
