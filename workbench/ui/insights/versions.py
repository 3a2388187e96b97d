"""Every version of a prompt, newest first, with how its draws went per service and model.

A version's row adds up its outcomes (draws, keepers, hit rate, cost per keeper); its
children are the outcome on each service and model. Selecting one version compares it
with the one before; selecting two compares them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workbench.domain.views import PromptHistory, PromptVersionView, VersionOutcome
from workbench.ui.insights import words

#: Item data role holding a row's version id.
VERSION_ROLE = Qt.ItemDataRole.UserRole
#: Columns holding numbers (right-aligned, tabular figures).
NUMBER_COLUMNS = (2, 3, 4, 5)
_NO_UPDATE = QItemSelectionModel.SelectionFlag.NoUpdate


def totals(outcomes: Sequence[VersionOutcome]) -> VersionOutcome:
    """One outcome adding up all services and models of a version."""
    return VersionOutcome(
        provider="",
        model="",
        draws=sum(o.draws for o in outcomes),
        keepers=sum(o.keepers for o in outcomes),
        charged_usd=sum(o.charged_usd for o in outcomes),
        charged_draws=sum(o.charged_draws for o in outcomes),
    )


class VersionsTree(QTreeWidget):
    """Versions (v1…vn with their dates) and their outcomes per service and model."""

    sig_versions_selected = Signal(object)
    """The selection changed: (list[PromptVersionView], oldest first; one or two)."""
    sig_user_picked = Signal()
    """The user clicked or moved with the keys (so the selection is theirs to keep)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history: PromptHistory | None = None
        self.setColumnCount(7)
        self.setHeaderLabels(
            [
                self.tr("Version"),
                self.tr("Created"),
                self.tr("Draws"),
                self.tr("Keepers"),
                self.tr("Hit rate"),
                self.tr("Cost per keeper"),
                self.tr("Prompt"),
            ]
        )
        self.setFont(words.tabular(self.font()))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for column in NUMBER_COLUMNS:
            self.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.itemSelectionChanged.connect(self._on_selection_changed)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A click picks versions."""
        self.sig_user_picked.emit()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Keys pick versions too."""
        self.sig_user_picked.emit()
        super().keyPressEvent(event)

    def set_history(self, history: PromptHistory) -> None:
        """List the versions of this prompt (the selection is kept where it can be)."""
        kept = [v.id for v in self.selected_versions()]
        current = self.current_version()
        self.history = history
        self.blockSignals(True)
        try:
            self.clear()
            for version in reversed(history.versions):
                self.addTopLevelItem(self._version_item(version))
            self.expandAll()
            for i in range(self.topLevelItemCount()):
                item = self.topLevelItem(i)
                if item.data(0, VERSION_ROLE) in kept:
                    item.setSelected(True)
                if current is not None and item.data(0, VERSION_ROLE) == current.id:
                    self.setCurrentItem(item, 0, _NO_UPDATE)
        finally:
            self.blockSignals(False)

    def _version_item(self, version: PromptVersionView) -> QTreeWidgetItem:
        total = totals(version.outcomes)
        item = QTreeWidgetItem(
            [
                self.tr("v%1").replace("%1", str(version.version)),
                words.when(version.created_at),
                *self._numbers(total),
                words.elide(version.text, 120),
            ]
        )
        item.setData(0, VERSION_ROLE, version.id)
        tip = version.text + (
            "\n\n" + self.tr("Negative: %1").replace("%1", version.negative)
            if version.negative
            else ""
        )
        item.setToolTip(6, tip)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self._align(item)
        for outcome in version.outcomes:
            child = QTreeWidgetItem(
                [words.pair_label(outcome.provider, outcome.model), "", *self._numbers(outcome)]
            )
            child.setData(0, VERSION_ROLE, version.id)
            child.setToolTip(0, f"{words.service_label(outcome.provider)} · {outcome.model}")
            self._align(child)
            item.addChild(child)
        if not version.outcomes:
            item.setText(2, "0")
        return item

    def _numbers(self, o: VersionOutcome) -> list[str]:
        if not o.draws:
            return ["—", "—", "—", "—"]
        return [
            words.count(o.draws),
            words.count(o.keepers),
            words.percent(o.hit_rate),
            words.money(o.cost_per_keeper_usd),
        ]

    @staticmethod
    def _align(item: QTreeWidgetItem) -> None:
        for column in NUMBER_COLUMNS:
            item.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )

    # -- what is chosen --------------------------------------------------------------------
    def version(self, version_id: int) -> PromptVersionView | None:
        """A version of the history shown, by id."""
        if self.history is None:
            return None
        return next((v for v in self.history.versions if v.id == version_id), None)

    def selected_versions(self) -> list[PromptVersionView]:
        """Versions whose row (or one of its outcome rows) is selected, oldest first."""
        ids = {item.data(0, VERSION_ROLE) for item in self.selectedItems()}
        found = [self.version(i) for i in ids]
        return sorted((v for v in found if v is not None), key=lambda v: v.version)

    def current_version(self) -> PromptVersionView | None:
        """The version of the current row (keyboard focus)."""
        item = self.currentItem()
        return self.version(item.data(0, VERSION_ROLE)) if item is not None else None

    def select_versions(self, version_ids: Sequence[int]) -> None:
        """Select these versions' rows (the last one current); tells once."""
        self.blockSignals(True)
        try:
            self.clearSelection()
            for i in range(self.topLevelItemCount()):
                item = self.topLevelItem(i)
                if item.data(0, VERSION_ROLE) in version_ids:
                    item.setSelected(True)
                    if item.data(0, VERSION_ROLE) == version_ids[-1]:
                        self.setCurrentItem(item, 0, _NO_UPDATE)
                        item.setSelected(True)
        finally:
            self.blockSignals(False)
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        chosen = self.selected_versions()
        if chosen:
            self.sig_versions_selected.emit(chosen)
