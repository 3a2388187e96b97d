"""The statistics view: the 抽卡 ledger per service and model, as charts and as a table.

The pane reads ``engine.stats(filter)`` through the bridge when it is shown and whenever
a filter changes; while it is visible, finished runs and judged or deleted takes read it
again after a short pause (many judgements in a row cost one read). Answers older than
the newest question are dropped, so a slow read never overwrites a newer one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.views import ProviderStats, Sighting, StatsFilter
from workbench.ui.insights import words
from workbench.ui.insights.empty import EmptyState
from workbench.ui.insights.filters import StatsFilterBar
from workbench.ui.insights.prompts import RECENT_RUNS, recent_prompts
from workbench.ui.insights.stats_charts import StatsCharts
from workbench.ui.insights.stats_model import StatsTableModel

if TYPE_CHECKING:
    from workbench.domain.views import RunSummary
    from workbench.engine.events import RunChanged
    from workbench.ui.bridge import EngineBridge

#: Pause after the last finished run or judgement before reading again.
DEBOUNCE_MS = 600
#: Filters whose answers are kept.
CACHED_FILTERS = 16


class StatsPane(QWidget):
    """Filter bar over the charts and the table (or a page that teaches when empty).

    Args:
        bridge: the engine bridge (the only way to the statistics).
        parent: owner (the window).
        clock: seconds since the epoch, for "last 7 days" (tests fix it).
    """

    sig_refreshed = Signal(object)
    """New statistics are shown: (list[ProviderStats])."""

    def __init__(
        self,
        bridge: EngineBridge,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.filters = StatsFilterBar(self, clock)
        self.updated = QLabel(self)
        self.updated.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.filters.tools.addWidget(self.updated)
        self.summary = QLabel(self)
        self.summary.setFont(words.tabular(self.summary.font()))
        self.summary.setContentsMargins(16, 6, 16, 0)
        self.summary.setWordWrap(True)
        self.charts = StatsCharts(self)
        self.model = StatsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setFont(words.tabular(self.table.font()))
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The page scrolls, not the table: it is as tall as its rows.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rule = QLabel(words.keeper_rule(), self)
        self.rule.setWordWrap(True)
        self.rule.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 8)
        page_layout.setSpacing(4)
        page_layout.addWidget(self.summary)
        page_layout.addWidget(self.charts)
        table_box = QVBoxLayout()
        table_box.setContentsMargins(16, 0, 16, 0)
        table_box.addWidget(self.table)
        table_box.addWidget(self.rule)
        page_layout.addLayout(table_box)
        page_layout.addStretch(1)
        content = QScrollArea(self)
        content.setWidgetResizable(True)
        content.setFrameShape(QScrollArea.Shape.NoFrame)
        content.setWidget(page)
        self.empty = EmptyState(self)
        self.show_all = self.empty.button
        self.show_all.setText(self.tr("Show all draws"))
        self.show_all.clicked.connect(self.filters.clear)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self._asked = 0
        # Answers per filter, until a run finishes or a take is judged: going back to a
        # filter shows at once (a read of 100,000 draws takes the engine a while).
        self._cache: dict[StatsFilter, list[ProviderStats]] = {}
        self._generation = 0
        self._shown: list[ProviderStats] | None = None
        self.filters.sig_filter_changed.connect(lambda _f: self.reload())

    # -- reading -----------------------------------------------------------------------------
    def reload(self, *, fresh: bool = False) -> None:
        """Show the statistics of the current filter (older answers are dropped).

        An answer read since the last change is shown at once; ``fresh`` reads again anyway
        (on showing: another process may have drawn meanwhile).
        """
        self._debounce.stop()
        self._asked += 1
        flt = self.filters.filter()
        cached = self._cache.get(flt)
        if cached is not None:
            self._on_stats(self._asked, flt, cached)
            if not fresh:
                return
            self._asked += 1
        ticket, generation = self._asked, self._generation
        self.updated.setText(self.tr("Counting…"))
        self.bridge.call(
            lambda e: e.stats(flt), lambda stats: self._on_read(ticket, generation, flt, stats)
        )

    def reload_prompts(self) -> None:
        """Read the recent prompts the filter offers."""
        self.bridge.call(lambda e: e.run_summaries(RECENT_RUNS), self._on_runs)

    def schedule_reload(self) -> None:
        """Something changed: read again after a pause if visible (else the next show reads)."""
        if self.isVisible():
            self._debounce.start()

    def stats(self) -> list[ProviderStats]:
        """The statistics shown (empty before the first answer)."""
        return list(self._shown or [])

    def filter(self) -> StatsFilter:
        """The filter the shown statistics answer."""
        return self.filters.filter()

    # -- engine events -----------------------------------------------------------------------
    def on_run_changed(self, event: RunChanged) -> None:
        """A finished run adds draws: read again (debounced)."""
        if event.finished:
            self._forget()
            self.schedule_reload()

    def on_take_changed(self, _event: object) -> None:
        """A judged or deleted take may add or lose a keeper: read again (debounced)."""
        self._forget()
        self.schedule_reload()

    def _forget(self) -> None:
        # Answers read before this change (even those still on their way) are stale.
        self._cache.clear()
        self._generation += 1

    # -- showing -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Read on every show: the window may have drawn and judged since."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload(fresh=True)
            self.reload_prompts()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """A narrower window may need the table's scroll bar (and the room for it)."""
        super().resizeEvent(event)
        if self.model.rowCount():
            self._fit_table()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """No reads while hidden (the next show reads anyway)."""
        super().hideEvent(event)
        self._debounce.stop()

    def _on_runs(self, runs: list[RunSummary]) -> None:
        self.filters.set_prompts(recent_prompts(runs))

    def _on_read(
        self, ticket: int, generation: int, flt: StatsFilter, stats: list[ProviderStats]
    ) -> None:
        if generation == self._generation:
            if len(self._cache) >= CACHED_FILTERS:
                self._cache.pop(next(iter(self._cache)))
            self._cache[flt] = list(stats)
        self._on_stats(ticket, flt, stats)

    def _on_stats(self, ticket: int, flt: StatsFilter, stats: list[ProviderStats]) -> None:
        if ticket != self._asked:
            return
        if stats != self._shown or self.stack.currentIndex() != 0 or not stats:
            # The same answer again (a fresh read on showing) leaves the charts as they are.
            self._shown = list(stats)
            self.model.set_stats(stats)
            self._fit_table()
            self.charts.set_stats(stats)
            self._summarise(stats)
        self.updated.setText(
            self.tr("Updated %1").replace("%1", QDateTime.currentDateTime().toString("HH:mm:ss"))
        )
        if stats:
            self.stack.setCurrentIndex(0)
        else:
            self.empty.set_text(*self._empty_text(flt))
            self.show_all.setVisible(flt != StatsFilter())
            self.stack.setCurrentIndex(1)
        self.sig_refreshed.emit(list(stats))

    def _fit_table(self) -> None:
        table = self.table
        # Widths from the words themselves (resizeColumnsToContents asks every cell for
        # every role through the delegate; this is a tenth of the time).
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        header_metrics = header.fontMetrics()
        pad = 2 * metrics.averageCharWidth()
        # Failures and reasons can run long: capped (elided, whole in the tooltip).
        cap = 30 * metrics.averageCharWidth()
        titles = self.model.headers()
        total = 0
        for column in range(self.model.columnCount()):
            texts = self.model.column_words(column)
            width = max(
                [header_metrics.horizontalAdvance(titles[column])]
                + [metrics.horizontalAdvance(t) for t in texts]
            )
            table.setColumnWidth(column, min(cap, width + pad))
            total += table.columnWidth(column)
        rows = self.model.rowCount()
        height = header.sizeHint().height() + 2 * table.frameWidth()
        height += rows * table.verticalHeader().defaultSectionSize()
        if total > table.width() - 2 * table.frameWidth():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    def _summarise(self, stats: list[ProviderStats]) -> None:
        draws = sum(s.draws for s in stats)
        keepers = sum(s.keepers for s in stats)
        spend = sum(s.cost_usd for s in stats)
        failed = sum(s.failed for s in stats)
        parts = [
            self.tr("%n draw(s)", "", draws).replace(str(draws), words.count(draws), 1),
            self.tr("%n keeper(s)", "", keepers).replace(str(keepers), words.count(keepers), 1),
            self.tr("hit rate %1").replace("%1", words.percent(keepers / draws if draws else 0)),
            self.tr("%1 spent").replace("%1", words.money(spend)),
            self.tr("%1 per keeper").replace(
                "%1", words.money(spend / keepers) if keepers else "—"
            ),
            self.tr("%n failed", "", failed).replace(str(failed), words.count(failed), 1),
        ]
        self.summary.setText("  ·  ".join(parts))

    def _empty_text(self, flt: StatsFilter) -> tuple[str, str]:
        if flt == StatsFilter():
            return self.tr("Nothing to count yet"), self.tr(
                "Here every draw is counted per service and model: how many takes you kept, "
                "what each keeper cost, how long renders took and why draws failed.\n\n"
                "Write a prompt and press Ctrl+Enter to draw takes (the offline Sim service "
                "needs no key), then rate them with 1–5 or mark favourites with F: a keeper "
                "is a take with 4–5 stars or a favourite."
            )
        if flt.sighting is Sighting.BLIND:
            return self.tr("No take here was rated blind"), self.tr(
                "Turn on Blind on the board to hide service and model names, then rate: "
                "those ratings are counted here, free of what each name promises."
            )
        return self.tr("No draw matches these filters"), self.tr(
            "Choose another prompt or a longer period, or show every draw."
        )
