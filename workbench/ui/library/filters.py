"""The library's filter bar: text, favourites, service, model, rating, reason chip, tag.

Choices apply at once; typing (prompt/note text, tag) waits for a short pause, so a word
typed is one query, not one per letter. The bar only emits the filter; the pane reads.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.takes import FailureReason, normalise_tag
from workbench.library.records import TakeFilter
from workbench.providers import registry
from workbench.ui import icons
from workbench.ui.services.tone import tabular

# Typing pause before a text or tag filter applies.
DEBOUNCE_MS = 250


def _service_choices() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(service id, label, [(model id, short label)]) in the registry's order."""
    out = []
    for pid in registry.PROVIDERS:
        try:
            info = registry.provider_info(pid)
        except (KeyError, ImportError):
            continue
        models = [(m.id, (m.label or m.id).split(" — ")[0]) for m in info.models]
        out.append((pid, info.label or pid, models))
    return out


class FilterBar(QWidget):
    """Two rows: search, favourites, count and the pane's tools; then the narrowing choices."""

    sig_filter_changed = Signal(object)
    """The filter changed: (TakeFilter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search prompts and notes"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.favourite = QToolButton(self)
        self.favourite.setCheckable(True)
        self.favourite.setText(self.tr("Favourites"))
        self.favourite.setIcon(icons.icon("heart"))
        self.favourite.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.favourite.setToolTip(self.tr("Only takes marked as favourite"))
        self.count = QLabel(self)
        self.count.setFont(tabular(self.count.font()))
        self.count.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.service = QComboBox(self)
        self.service.addItem(self.tr("All services"), None)
        self._models: dict[str, list[tuple[str, str]]] = {}
        for pid, label, models in _service_choices():
            self.service.addItem(label, pid)
            self._models[pid] = models
        self.model = QComboBox(self)
        self.model.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model.setMinimumContentsLength(12)
        self.rating = QComboBox(self)
        self.rating.addItem(self.tr("Any rating"), None)
        for stars in range(1, 6):
            label = self.tr("%1 or more").replace("%1", "★" * stars) if stars < 5 else "★" * 5
            self.rating.addItem(label, stars)
        self.reason = QComboBox(self)
        self.reason.addItem(self.tr("Any reason"), None)
        for chip in FailureReason:
            self.reason.addItem(self.reason_label(chip.value), chip.value)
        self.tag = QLineEdit(self)
        self.tag.setPlaceholderText(self.tr("Tag"))
        self.tag.setClearButtonEnabled(True)
        self.tag.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self._layout()
        self._fill_models(None)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.tag.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._emit)
        self.tag.returnPressed.connect(self._emit)
        self.favourite.toggled.connect(lambda _on: self._emit())
        self.service.currentIndexChanged.connect(self._on_service_changed)
        for combo in (self.model, self.rating, self.reason):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        self._last = self.filter()
        self.clear_button.setVisible(False)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.favourite)
        top.addSpacing(8)
        top.addWidget(self.count)
        top.addSpacing(8)
        # The pane's buttons (Export…, Open folder, Delete) go here.
        self.tools = QHBoxLayout()
        self.tools.setSpacing(4)
        top.addLayout(self.tools)
        choices = QHBoxLayout()
        choices.setContentsMargins(0, 0, 0, 0)
        for widget in (self.service, self.model, self.rating, self.reason, self.tag):
            choices.addWidget(widget)
        choices.addWidget(self.clear_button)
        choices.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(choices)

    def reason_label(self, chip: str) -> str:
        """A reason chip in words."""
        words = {
            "hands": self.tr("Hands"),
            "face": self.tr("Face"),
            "physics": self.tr("Physics"),
            "camera": self.tr("Camera"),
            "text": self.tr("Text"),
            "off-prompt": self.tr("Off-prompt"),
            "style": self.tr("Style"),
            "artefacts": self.tr("Artefacts"),
            "other": self.tr("Other"),
        }
        return words.get(chip, chip)

    # -- the filter --------------------------------------------------------------------------
    def filter(self) -> TakeFilter:
        """The filter the choices make (an invalid tag narrows nothing)."""
        try:
            tag = normalise_tag(self.tag.text()) if self.tag.text().strip() else None
        except ValueError:
            tag = None
        return TakeFilter(
            favourite=self.favourite.isChecked(),
            provider=self.service.currentData(),
            model=self.model.currentData() if self.model.isEnabled() else None,
            min_rating=self.rating.currentData(),
            tag=tag,
            reason=self.reason.currentData(),
            text=self.search.text().strip() or None,
        )

    def set_filter(self, flt: TakeFilter) -> None:
        """Show a filter's choices (emits once if it differs from the last one)."""
        widgets = (self.search, self.tag, self.favourite, self.service, self.model)
        for widget in (*widgets, self.rating, self.reason):
            widget.blockSignals(True)
        try:
            self.search.setText(flt.text or "")
            self.tag.setText(flt.tag or "")
            self.favourite.setChecked(flt.favourite)
            self.service.setCurrentIndex(max(0, self.service.findData(flt.provider)))
            self._fill_models(flt.provider)
            self.model.setCurrentIndex(max(0, self.model.findData(flt.model)))
            self.rating.setCurrentIndex(max(0, self.rating.findData(flt.min_rating)))
            self.reason.setCurrentIndex(max(0, self.reason.findData(flt.reason)))
        finally:
            for widget in (*widgets, self.rating, self.reason):
                widget.blockSignals(False)
        self._emit()

    def clear(self) -> None:
        """Every take again."""
        self.set_filter(TakeFilter())

    def is_filtered(self) -> bool:
        """True when any choice narrows the takes."""
        return self.filter() != TakeFilter()

    def set_count(self, total: int | None, selected: int = 0) -> None:
        """``1,234 takes`` (and ``· 3 selected``); None while counting."""
        if total is None:
            self.count.setText(self.tr("Counting…"))
            return
        number = QLocale().toString(total)
        text = self.tr("%n take(s)", "", total).replace(str(total), number)
        if selected:
            text += " · " + self.tr("%n selected", "", selected)
        self.count.setText(text)

    # -- internals ---------------------------------------------------------------------------
    def _on_service_changed(self, _index: int) -> None:
        self._fill_models(self.service.currentData())
        self._emit()

    def _fill_models(self, provider: str | None) -> None:
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItem(self.tr("All models"), None)
        for model_id, label in self._models.get(provider or "", []):
            self.model.addItem(label, model_id)
        self.model.setEnabled(provider is not None)
        self.model.setToolTip("" if provider else self.tr("Choose a service to pick a model"))
        self.model.blockSignals(False)

    def _emit(self) -> None:
        self._debounce.stop()
        flt = self.filter()
        self.clear_button.setVisible(flt != TakeFilter())
        if flt != self._last:
            self._last = flt
            self.sig_filter_changed.emit(flt)
