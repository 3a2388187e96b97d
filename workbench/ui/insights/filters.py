"""The statistics' filter bar: which prompt, which period, which ratings (blind or sighted)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from workbench.domain.views import Sighting, StatsFilter
from workbench.ui.insights.prompts import PromptCombo

#: Periods offered, in order; custom shows two dates.
PERIODS = ("all", "7d", "30d", "custom")
DAY_S = 86_400


class StatsFilterBar(QWidget):
    """Prompt, period and ratings choices; says when the filter changed.

    Args:
        parent: owner.
        clock: seconds since the epoch (injected so tests can fix "the last 7 days").
    """

    sig_filter_changed = Signal(object)
    """A choice changed: (StatsFilter)."""

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.prompt = PromptCombo(self.tr("All prompts"), self)
        self.prompt.setToolTip(self.tr("Count the draws of one prompt (all its versions)"))
        self.period = QComboBox(self)
        for key, label in zip(
            PERIODS,
            (
                self.tr("All time"),
                self.tr("Last 7 days"),
                self.tr("Last 30 days"),
                self.tr("Dates…"),
            ),
            strict=True,
        ):
            self.period.addItem(label, key)
        self.since = QDateEdit(self)
        self.until = QDateEdit(self)
        today = QDate.currentDate()
        for edit, date in ((self.since, today.addDays(-30)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(date)
        self.since.setToolTip(self.tr("First day counted"))
        self.until.setToolTip(self.tr("Last day counted (included)"))
        self._dash = QLabel("–", self)
        self.sighting = QComboBox(self)
        for value, label, tip in (
            (Sighting.ALL, self.tr("All ratings"), self.tr("Every rating counts")),
            (
                Sighting.BLIND,
                self.tr("Rated blind"),
                self.tr(
                    "Only takes rated while service and model were hidden: the fairest "
                    "comparison, since no name sways the stars"
                ),
            ),
            (
                Sighting.SIGHTED,
                self.tr("Rated sighted"),
                self.tr("Draws whose take was not rated blind (with the names in view)"),
            ),
        ):
            self.sighting.addItem(label, value.value)
            self.sighting.setItemData(self.sighting.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        groups = (
            (self.tr("Prompt:"), [self.prompt]),
            (self.tr("Period:"), [self.period, self.since, self._dash, self.until]),
            (self.tr("Ratings:"), [self.sighting]),
        )
        for label, widgets in groups:
            caption = QLabel(label, self)
            caption.setBuddy(widgets[0])
            layout.addWidget(caption)
            for widget in widgets:
                layout.addWidget(widget)
            layout.addSpacing(10)
        layout.addStretch(1)
        self.tools = QHBoxLayout()  # room on the right (the "updated" note)
        layout.addLayout(self.tools)
        self._show_dates()
        self.prompt.sig_prompt_chosen.connect(lambda _p: self._changed())
        self.period.activated.connect(lambda _i: self._on_period_activated())
        self.sighting.activated.connect(lambda _i: self._changed())
        self.since.dateChanged.connect(lambda _d: self._changed())
        self.until.dateChanged.connect(lambda _d: self._changed())

    # -- what is chosen --------------------------------------------------------------------
    def filter(self) -> StatsFilter:
        """The filter the choices make, as of now."""
        since: float | None = None
        until: float | None = None
        key = self.period.currentData()
        if key in ("7d", "30d"):
            days = 7 if key == "7d" else 30
            # To the minute: the same choice a moment later is the same filter (cached).
            since = (self.clock() - days * DAY_S) // 60 * 60
        elif key == "custom":
            first, last = sorted((self.since.date(), self.until.date()))
            since = QDateTime(first, QTime(0, 0)).toSecsSinceEpoch()
            until = QDateTime(last.addDays(1), QTime(0, 0)).toSecsSinceEpoch()
        return StatsFilter(
            prompt_id=self.prompt.prompt_id(),
            since=since,
            until=until,
            sighting=Sighting(self.sighting.currentData()),
        )

    def is_narrowed(self) -> bool:
        """Whether any choice narrows the statistics (for the empty state's words)."""
        return self.filter() != StatsFilter()

    def set_prompts(self, prompts: Iterable[tuple[int, str]]) -> None:
        """The recent prompts to offer (the chosen one stays)."""
        self.prompt.set_prompts(prompts)

    def set_period(self, key: str) -> None:
        """Choose a period ("all", "7d", "30d", "custom") and tell."""
        self.period.setCurrentIndex(max(0, self.period.findData(key)))
        self._show_dates()
        self._changed()

    def set_dates(self, first: QDate, last: QDate) -> None:
        """Choose custom dates (both included) and tell once."""
        for edit, date in ((self.since, first), (self.until, last)):
            edit.blockSignals(True)
            edit.setDate(date)
            edit.blockSignals(False)
        self.set_period("custom")

    def set_sighting(self, sighting: Sighting) -> None:
        """Choose which ratings count and tell."""
        self.sighting.setCurrentIndex(max(0, self.sighting.findData(sighting.value)))
        self._changed()

    def set_prompt(self, prompt_id: int | None) -> None:
        """Choose a prompt (None: all) and tell."""
        self.prompt.choose(prompt_id)
        self._changed()

    def clear(self) -> None:
        """Back to everything: all prompts, all time, all ratings."""
        self.prompt.choose(None)
        self.period.setCurrentIndex(0)
        self.sighting.setCurrentIndex(0)
        self._show_dates()
        self._changed()

    # -- slots -----------------------------------------------------------------------------
    def _on_period_activated(self) -> None:
        self._show_dates()
        self._changed()

    def _show_dates(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.since, self._dash, self.until):
            widget.setVisible(custom)

    def _changed(self) -> None:
        self.sig_filter_changed.emit(self.filter())
