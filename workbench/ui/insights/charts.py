"""Horizontal bar charts (Qt Charts) whose every bar carries its value in words.

Qt Charts formats bar labels with one ``@value`` pattern per series, which cannot say
"$0.0375" or "Moderation 3"; so the labels are our own text items on the chart, placed
with :meth:`QChart.mapToPosition` whenever the plot area moves. A label sits beyond the
end of its bar, or inside it when there is no room; a stacked segment too narrow for its
words shows its number, and the legend and the table still name it (never colour alone).
Colours come from the palette: bars in the one accent (or a neutral grey), failures in
shades of the theme's red.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QSizePolicy, QWidget

from workbench.ui import theme
from workbench.ui.insights import words

#: Pixels per category row (a bar and the gap to the next).
ROW_PX = 30
#: Longest category label (longer ones are cut with "…").
LABEL_CHARS = 30
#: Room over the largest value for the label beyond its bar.
HEADROOM = 1.32


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its key (for tests and lookups), label on the axis, value, and words."""

    key: Hashable
    label: str
    value: float
    text: str


@dataclass(slots=True)
class _Label:
    """A value label on the chart: where its bar runs, and its words long and short."""

    item: QGraphicsSimpleTextItem
    index: int
    start: float
    end: float
    inside: bool
    full: str
    short: str


@dataclass(frozen=True, slots=True)
class Stack:
    """One stacked bar: its key and axis label, and each part's (name, value) in order."""

    key: Hashable
    label: str
    parts: tuple[tuple[str, float], ...]


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """``a`` with ``share`` of ``b`` mixed in."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


def _unique(labels: list[str]) -> list[str]:
    """Labels made distinct (a category axis drops repeats) by invisible zero-width spaces."""
    seen: set[str] = set()
    out = []
    for label in labels:
        while label in seen:
            label += "\u200b"
        seen.add(label)
        out.append(label)
    return out


def readable_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on ``color``."""
    luma = 0.299 * color.redF() + 0.587 * color.greenF() + 0.114 * color.blueF()
    return QColor("#111111") if luma > 0.6 else QColor("#ffffff")


class _BarChartView(QChartView):
    """A horizontal chart on the palette's Base colour, with our own value labels.

    The series and both axes live as long as the view; new data replaces the bar sets
    and the categories in place (Qt Charts keeps drawing axes that were removed).
    """

    def __init__(self, series: QHorizontalBarSeries, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 12, 4))
        chart.legend().hide()
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QChartView.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.series = series
        series.setBarWidth(0.62)
        self.axis_y = QBarCategoryAxis()
        self.axis_y.setGridLineVisible(False)
        # Qt elides category labels it has already made room for; ours are kept short.
        self.axis_y.setTruncateLabels(False)
        self.axis_x = QValueAxis()
        self.axis_x.setLabelsVisible(False)
        self.axis_x.setGridLineVisible(False)
        self.axis_x.setLineVisible(False)
        chart.addSeries(series)
        chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(self.axis_y)
        series.attachAxis(self.axis_x)
        self._labels: list[_Label] = []
        self._top = 0.0
        self.keys: list[Hashable] = []  # category index → key
        chart.plotAreaChanged.connect(lambda _r: self._place_labels())

    # -- building ----------------------------------------------------------------------
    def _reset(
        self,
        categories: Sequence[str],
        sets: Sequence[tuple[str, Sequence[float]]],
        top: float,
    ) -> None:
        """New categories and bar sets ``(name, value per category)``; labels cleared.

        When the categories and set names are those shown, only the values change (a
        judgement, a finished run): Qt rebuilds nothing but the bars.
        """
        categories = _unique([words.elide(c, LABEL_CHARS) for c in categories])
        for label in self._labels:
            if label.item.scene() is not None:
                label.item.scene().removeItem(label.item)
        self._labels = []
        current = self.series.barSets()
        if self.axis_y.categories() == categories and [b.label() for b in current] == [
            name for name, _v in sets
        ]:
            for bar_set, (_name, values) in zip(current, sets, strict=True):
                for i, value in enumerate(values):
                    if bar_set.at(i) != value:
                        bar_set.replace(i, value)
        else:
            self.series.clear()
            self.axis_y.setCategories(list(categories))
            for name, values in sets:
                bar_set = QBarSet(name)
                bar_set.append(list(values))
                bar_set.setPen(QPen(Qt.PenStyle.NoPen))
                self.series.append(bar_set)
        self._top = top
        self.setFixedHeight(max(1, len(categories)) * ROW_PX + 12)

    def _finish(self) -> None:
        """After new data: colours, the value axis's room for the labels, their places."""
        self._recolor()
        self._place_labels()

    def _label(
        self, text: str, index: int, start: float, end: float, inside: bool, short: str = ""
    ) -> None:
        item = QGraphicsSimpleTextItem(text, self.chart())
        item.setFont(self.font())
        item.setZValue(20)
        self._labels.append(_Label(item, index, start, end, inside, text, short or text))

    # -- placing the labels ----------------------------------------------------------------
    def _make_room(self, plot_width: float) -> None:
        """Stretch the value axis so every label beyond its bar fits in the plot."""
        if self._top <= 0 or plot_width <= 0:
            wanted = self._top * HEADROOM if self._top > 0 else 1.0
            if self.axis_x.max() != wanted:
                self.axis_x.setRange(0, wanted)
            return
        wanted = self._top * 1.02
        for label in self._labels:
            room = plot_width - label.item.boundingRect().width() - 4
            if not label.inside and room > 0.3 * plot_width:
                # x(end) = end / max × width must leave the label's width free.
                wanted = max(wanted, label.end * plot_width / room)
        if abs(wanted - self.axis_x.max()) > 0.005 * wanted:
            self.axis_x.setRange(0, wanted)

    def _place_labels(self) -> None:
        series = self.series
        chart = self.chart()
        plot = chart.plotArea()
        palette = self.palette()
        self._make_room(plot.width())
        for label in self._labels:
            item = label.item
            left = chart.mapToPosition(QPointF(label.start, label.index), series)
            right = chart.mapToPosition(QPointF(label.end, label.index), series)
            width = right.x() - left.x()
            fill = self._fill_at(label.index, label.start)
            if label.inside:  # a stacked segment: its name and number, or the number alone
                item.setText(label.full)
                if item.boundingRect().width() + 8 > width:
                    item.setText(label.short)
            rect = item.boundingRect()
            y = right.y() - rect.height() / 2
            if label.inside:
                item.setVisible(rect.width() + 6 <= width)
                item.setPos(left.x() + (width - rect.width()) / 2, y)
                item.setBrush(readable_on(fill))
            elif right.x() + 6 + rect.width() <= plot.right() + 10:
                item.setVisible(True)
                item.setPos(right.x() + 6, y)
                item.setBrush(palette.color(QPalette.ColorRole.Text))
            else:  # no room beyond the bar: inside its end
                item.setVisible(True)
                item.setPos(right.x() - rect.width() - 6, y)
                item.setBrush(readable_on(fill))

    def _fill_at(self, index: int, start: float) -> QColor:
        series = self.series
        if not series.barSets():
            return QColor()
        total = 0.0
        for bar_set in series.barSets():
            value = bar_set.at(index)
            if start <= total + 1e-9 and value > 0:
                return bar_set.color()
            total += value
        return series.barSets()[-1].color()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Follow the theme: colours are read again when the palette changes."""
        super().changeEvent(event)
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.FontChange,
        ):
            self.apply_palette()

    def apply_palette(self) -> None:
        """Chart background, axis text and label colours from the palette."""
        palette = self.palette()
        chart = self.chart()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        chart.setBackgroundBrush(QBrush(base))
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setPlotAreaBackgroundVisible(False)
        self.setBackgroundBrush(QBrush(base))
        for axis in chart.axes():
            axis.setLabelsBrush(QBrush(text))
            axis.setLabelsFont(self.font())
            axis.setLinePen(QPen(palette.color(QPalette.ColorRole.Mid)))
        self._recolor()
        self._place_labels()

    def _recolor(self) -> None:
        """Colour the bar sets (subclasses)."""


class BarChart(_BarChartView):
    """One bar per category, in the accent colour (or a neutral grey), labelled in words."""

    def __init__(self, parent: QWidget | None = None, *, neutral: bool = False) -> None:
        super().__init__(QHorizontalBarSeries(), parent)
        self.neutral = neutral
        self.bars: list[Bar] = []
        self.set_bars([])
        self.apply_palette()

    def set_bars(self, bars: Sequence[Bar]) -> None:
        """Show these bars, the first at the top."""
        self.bars = list(bars)
        ordered = list(reversed(self.bars))  # category 0 is drawn at the bottom
        self.keys = [b.key for b in ordered]
        top = max((b.value for b in ordered), default=0.0)
        self._reset([b.label for b in ordered], [("", [b.value for b in ordered])], top)
        for index, bar in enumerate(ordered):
            self._label(bar.text, index, 0.0, bar.value, False)
        self._finish()

    def values(self) -> dict[Hashable, float]:
        """Key → the value its bar shows (read from the chart's own series)."""
        if not self.series.barSets():
            return {}
        bar_set = self.series.barSets()[0]
        return {key: bar_set.at(i) for i, key in enumerate(self.keys)}

    def label_texts(self) -> list[str]:
        """The words on the bars, top to bottom."""
        return [label.full for label in reversed(self._labels)]

    def _recolor(self) -> None:
        if not self.series.barSets():
            return
        palette = self.palette()
        if self.neutral:
            color = _mix(
                palette.color(QPalette.ColorRole.Base),
                palette.color(QPalette.ColorRole.Text),
                0.42,
            )
        else:
            color = palette.color(QPalette.ColorRole.Highlight)
        self.series.barSets()[0].setColor(color)


class StackedBarChart(_BarChartView):
    """One stacked bar per category, parts in shades of the failure red.

    The parts are named in words on the segments that have room; :meth:`legend` gives
    each part's colour for a legend beside the chart.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QHorizontalStackedBarSeries(), parent)
        self.stacks: list[Stack] = []
        self.part_names: list[str] = []
        self.set_stacks([])
        self.apply_palette()

    def set_stacks(self, stacks: Sequence[Stack], totals: Sequence[str] = ()) -> None:
        """Show these stacks, the first at the top; ``totals`` are the words after each."""
        self.stacks = list(stacks)
        ordered = list(reversed(self.stacks))
        ordered_totals = list(reversed(list(totals))) if totals else []
        self.keys = [s.key for s in ordered]
        names: list[str] = []
        for stack in self.stacks:
            for name, _value in stack.parts:
                if name not in names:
                    names.append(name)
        self.part_names = names
        sets = [(name, [dict(s.parts).get(name, 0.0) for s in ordered]) for name in names]
        top = max((sum(v for _n, v in s.parts) for s in ordered), default=0.0)
        self._reset([s.label for s in ordered], sets, top)
        for index, stack in enumerate(ordered):
            start = 0.0
            for name in names:
                value = dict(stack.parts).get(name, 0.0)
                if value > 0:
                    number = f"{value:,.0f}"
                    self._label(f"{name} {number}", index, start, start + value, True, number)
                start += value
            if ordered_totals:
                self._label(ordered_totals[index], index, 0.0, start, False)
        self._finish()

    def values(self) -> dict[Hashable, dict[str, float]]:
        """Key → {part name: value}, read from the chart's own series (zero parts left out)."""
        out: dict[Hashable, dict[str, float]] = {k: {} for k in self.keys}
        for bar_set in self.series.barSets():
            for i, key in enumerate(self.keys):
                if bar_set.at(i) > 0:
                    out[key][bar_set.label()] = bar_set.at(i)
        return out

    def legend(self) -> list[tuple[str, QColor]]:
        """Each part's name and colour, in stacking order."""
        return [(b.label(), b.color()) for b in self.series.barSets()]

    def _recolor(self) -> None:
        red = theme.colors().failure
        base = self.palette().color(QPalette.ColorRole.Base)
        sets = self.series.barSets()
        for k, bar_set in enumerate(sets):
            # Darkest first: the commonest kinds (listed first) get the strongest red.
            bar_set.setColor(_mix(red, base, 0.6 * k / max(1, len(sets) - 1)))
