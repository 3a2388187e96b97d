"""The four charts of the statistics, each on a card with a title and a line of words.

- hit rate per service and model (keepers per draw), accent bars;
- cost per keeper (charged spend ÷ keepers), accent bars; models without a keeper named
  under the chart instead of drawn as a misleading zero;
- failures by kind, stacked, in shades of the failure red with a legend;
- reason chips (why takes were not kept), all models together, neutral bars.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from workbench.domain.views import ProviderStats
from workbench.ui.insights import words
from workbench.ui.insights.charts import Bar, BarChart, Stack, StackedBarChart


class ChartCard(QFrame):
    """A chart with its title above and a sentence below (or only the sentence when empty)."""

    def __init__(
        self, title: str, chart: BarChart | StackedBarChart, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.chart = chart
        chart.setParent(self)
        chart.setFont(words.tabular(self.font()))
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.hide()
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(chart)
        layout.addWidget(self.legend)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set_caption(self, text: str) -> None:
        """The sentence under the chart (hidden when empty)."""
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def set_legend(self, items: Sequence[tuple[str, QColor]]) -> None:
        """Name each colour of the chart (a swatch and the words; hidden when empty)."""
        self.legend.setText(
            "&nbsp;&nbsp; ".join(
                f'<span style="color:{color.name()};">&#9632;</span>&nbsp;'
                + html.escape(name).replace(" ", "&nbsp;").replace("-", "&#8209;")
                for name, color in items
            )
        )
        self.legend.setVisible(bool(items))

    def set_empty(self, empty: bool) -> None:
        """Hide the chart when it has nothing to draw (the caption says why)."""
        self.chart.setVisible(not empty)


class StatsCharts(QWidget):
    """Hit rate, cost per keeper, failures by kind and reason chips, in a 2 × 2 grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hit_rate = BarChart()
        self.cost = BarChart()
        self.failures = StackedBarChart()
        self.reasons = BarChart(neutral=True)
        self.hit_card = ChartCard(self.tr("Hit rate — keepers per draw"), self.hit_rate, self)
        self.cost_card = ChartCard(
            self.tr("Cost per keeper — charged spend ÷ keepers"), self.cost, self
        )
        self.failure_card = ChartCard(self.tr("Failed draws by kind"), self.failures, self)
        self.reason_card = ChartCard(
            self.tr("Why takes were not kept — reason chips"), self.reasons, self
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setSpacing(8)
        grid.addWidget(self.hit_card, 0, 0)
        grid.addWidget(self.cost_card, 0, 1)
        grid.addWidget(self.failure_card, 1, 0)
        grid.addWidget(self.reason_card, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A new theme: the legend's swatches follow the chart's new colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.failures.apply_palette()
            self.failure_card.set_legend(self.failures.legend())

    def set_stats(self, stats: Sequence[ProviderStats]) -> None:
        """Draw the charts of these rows (ordered by service, then model)."""
        self._hit_rate(stats)
        self._cost(stats)
        self._failures(stats)
        self._reasons(stats)

    def _hit_rate(self, stats: Sequence[ProviderStats]) -> None:
        self.hit_rate.set_bars(
            [
                Bar(
                    (s.provider, s.model),
                    words.pair_label(s.provider, s.model),
                    s.hit_rate * 100,
                    self.tr("%1 · %2 of %3")
                    .replace("%1", words.percent(s.hit_rate))
                    .replace("%2", words.count(s.keepers))
                    .replace("%3", words.count(s.draws)),
                )
                for s in stats
            ]
        )
        self.hit_card.set_empty(not stats)
        self.hit_card.set_caption(self.tr("Longer is better: more keepers from each draw."))

    def _cost(self, stats: Sequence[ProviderStats]) -> None:
        kept = [s for s in stats if s.cost_per_keeper_usd is not None]
        self.cost.set_bars(
            [
                Bar(
                    (s.provider, s.model),
                    words.pair_label(s.provider, s.model),
                    s.cost_per_keeper_usd or 0.0,
                    words.money(s.cost_per_keeper_usd),
                )
                for s in kept
            ]
        )
        self.cost_card.set_empty(not kept)
        without = [words.pair_label(s.provider, s.model) for s in stats if s.keepers == 0]
        self.cost_card.set_caption(
            self.tr("Shorter is better. No keeper yet: %1.").replace("%1", ", ".join(without))
            if without
            else self.tr("Shorter is better.")
        )

    def _failures(self, stats: Sequence[ProviderStats]) -> None:
        failing = [s for s in stats if s.failures]
        # Kinds in one order for every bar: the commonest first (they get the strongest red).
        totals: Counter[str] = Counter()
        for s in failing:
            totals.update(s.failures)
        kinds = [k for k, _n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
        self.failures.set_stacks(
            [
                Stack(
                    (s.provider, s.model),
                    words.pair_label(s.provider, s.model),
                    tuple(
                        (words.failure_label(k), float(s.failures[k]))
                        for k in kinds
                        if k in s.failures
                    ),
                )
                for s in failing
            ],
            [
                self.tr("%1 of %2 failed")
                .replace("%1", words.count(sum(s.failures.values())))
                .replace("%2", words.count(s.draws))
                for s in failing
            ],
        )
        self.failure_card.set_empty(not failing)
        self.failure_card.set_legend(self.failures.legend())
        self.failure_card.set_caption(
            self.tr("No draw failed.")
            if not failing
            else self.tr("Failed draws are counted as draws; most are not charged.")
        )

    def _reasons(self, stats: Sequence[ProviderStats]) -> None:
        chips: Counter[str] = Counter()
        for s in stats:
            chips.update(s.reasons)
        ordered = sorted(chips.items(), key=lambda kv: (-kv[1], kv[0]))
        self.reasons.set_bars(
            [Bar(chip, words.reason(chip), float(n), words.count(n)) for chip, n in ordered]
        )
        self.reason_card.set_empty(not ordered)
        self.reason_card.set_caption(
            self.tr("No reason chips yet: press X on a take to say why it was not kept.")
            if not ordered
            else self.tr("All services together; the table splits them per model.")
        )
