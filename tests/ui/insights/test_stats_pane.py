"""The statistics view over fixed numbers: charts and table say the same, filters ask right."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import pytest
from insights_helpers import NOW, FakeBridge, FakeEngine, stats_rows
from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from workbench.domain.views import ProviderStats, Sighting, StatsFilter
from workbench.engine.events import RunChanged
from workbench.ui.insights import words
from workbench.ui.insights.stats_model import COLUMNS
from workbench.ui.insights.stats_pane import StatsPane


def make_pane(qtbot: Any, bridge: FakeBridge) -> StatsPane:
    pane = StatsPane(bridge, clock=lambda: NOW)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane.resize(1200, 800)
    with qtbot.waitSignal(pane.sig_refreshed, timeout=5000):
        pane.show()
    return pane


def table_rows(pane: StatsPane) -> dict[tuple[str, str], dict[str, Any]]:
    model = pane.model
    rows = {}
    for r in range(model.rowCount()):
        raw = {
            key: model.index(r, c).data(Qt.ItemDataRole.UserRole) for c, key in enumerate(COLUMNS)
        }
        rows[(raw["service"], raw["model"])] = raw
    return rows


def test_charts_and_table_show_every_figure(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    rows = stats_rows()
    charts = pane.charts
    by_key = {(s.provider, s.model): s for s in rows}
    assert charts.hit_rate.values() == pytest.approx(
        {k: s.hit_rate * 100 for k, s in by_key.items()}
    )
    assert charts.cost.values() == pytest.approx(
        {k: s.cost_per_keeper_usd for k, s in by_key.items() if s.keepers}
    )
    # Grok has no keeper: named under the chart, not drawn as a free keeper.
    assert ("grok", "grok-imagine-video") not in charts.cost.values()
    assert words.pair_label("grok", "grok-imagine-video") in charts.cost_card.caption.text()
    assert charts.failures.values() == {
        k: {words.failure_label(kind): n for kind, n in s.failures.items()}
        for k, s in by_key.items()
        if s.failures
    }
    chips: Counter[str] = Counter()
    for s in rows:
        chips.update(s.reasons)
    assert charts.reasons.values() == dict(chips)
    # The table: one row per service and model, raw numbers in the user role.
    table = table_rows(pane)
    for key, s in by_key.items():
        row = table[key]
        assert (row["draws"], row["keepers"], row["failed"]) == (s.draws, s.keepers, s.failed)
        assert row["hit_rate"] == s.hit_rate
        assert row["draws_per_keeper"] == s.draws_per_keeper
        assert row["cost_usd"] == s.cost_usd
        assert row["cost_per_keeper_usd"] == s.cost_per_keeper_usd
        assert row["median_render_s"] == s.median_render_s
        assert row["failures"] == s.failures and row["reasons"] == s.reasons


def test_bars_carry_their_values_in_words(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    kling = next(s for s in stats_rows() if s.provider == "kling")
    assert f"{words.percent(kling.hit_rate)} · 63 of 318" in pane.charts.hit_rate.label_texts()
    assert "$2.83" in pane.charts.cost.label_texts()
    # Label order follows bar order: first row at the top.
    assert pane.charts.hit_rate.label_texts()[0].startswith("0 %")
    assert pane.charts.reasons.label_texts()[0] == "25"  # hands, the commonest chip
    assert "1,049" in pane.summary.text()
    # Every label lies inside the chart it belongs to once laid out.
    view = pane.charts.hit_rate
    qtbot.waitUntil(lambda: all(lbl.item.isVisible() for lbl in view._labels))
    chart_rect = view.chart().rect()
    for label in view._labels:
        box = label.item.mapRectToParent(label.item.boundingRect())
        assert chart_rect.contains(box), (label.full, box, chart_rect)


def test_table_words_format_money_rates_and_failures(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    model = pane.model
    seedance = next(
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == "seedance"
    )

    def shown(key: str) -> str:
        return model.index(seedance, COLUMNS.index(key)).data()

    assert shown("service") == "Seedance"
    assert shown("model") == "Seedance 2.0"
    assert shown("hit_rate") == "17 %"
    assert shown("cost_usd") == "$131.60"
    assert shown("cost_per_keeper_usd") == "$1.85"
    assert shown("median_render_s") == "74 s"
    assert shown("failures") == "Refused by moderation 21 · Service error 9 · No result in time 6"
    assert shown("reasons").startswith("Hands 14 · Physics 9")
    right = model.index(seedance, COLUMNS.index("draws")).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight


def test_money_and_rates_in_words() -> None:
    assert words.money(0.42) == "$0.42"
    assert words.money(0.0375) == "$0.0375"
    assert words.money(0.5) == "$0.50"
    assert words.money(1234.5) == "$1,234.50"
    assert words.money(0) == "$0.00"
    assert words.money(None) == "—"
    assert words.money(0.00001) == "<$0.0001"
    assert words.percent(0.1667) == "17 %"
    assert words.percent(0.045) == "4.5 %"
    assert words.ratio(None) == "—"
    assert words.pair_label("runway", "gen4.5") == "Runway · Gen-4.5"
    assert words.pair_label("kling", "kling-v3") == "Kling 3.0"
    assert words.pair_label("nobody", "mystery-1") == "nobody · mystery-1"


def test_filters_ask_for_prompt_period_and_sighting(
    qtbot: Any, bridge: FakeBridge, engine: FakeEngine
) -> None:
    pane = make_pane(qtbot, bridge)
    qtbot.waitUntil(lambda: pane.filters.prompt.count() == 3)  # all + two recent prompts
    assert engine.asked[-1] == StatsFilter()

    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_prompt(12)
    assert engine.asked[-1].prompt_id == 12
    assert len(pane.stats()) == 2

    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_period("7d")
    assert engine.asked[-1].since == NOW - 7 * 86_400 and engine.asked[-1].until is None

    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_dates(QDate(2026, 11, 2), QDate(2026, 11, 1))  # order does not matter
    custom = engine.asked[-1]
    assert custom.since == QDateTime(QDate(2026, 11, 1), QTime(0, 0)).toSecsSinceEpoch()
    assert custom.until == QDateTime(QDate(2026, 11, 3), QTime(0, 0)).toSecsSinceEpoch()
    assert pane.filters.since.isVisible() and pane.filters.until.isVisible()

    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_sighting(Sighting.BLIND)
    assert engine.asked[-1].sighting is Sighting.BLIND
    assert engine.asked[-1].prompt_id == 12  # the other choices stay

    # A filter that matches nothing: the empty page says so and can show everything again.
    assert pane.stack.currentIndex() == 1
    assert pane.empty.button.isVisible()
    with qtbot.waitSignal(pane.sig_refreshed):
        qtbot.mouseClick(pane.empty.button, Qt.MouseButton.LeftButton)
    assert pane.filter() == StatsFilter()
    assert len(pane.stats()) == len(stats_rows())
    assert pane.stack.currentIndex() == 0
    assert not pane.filters.since.isVisible()


def test_going_back_to_a_filter_is_instant_until_something_changes(
    qtbot: Any, bridge: FakeBridge, engine: FakeEngine
) -> None:
    pane = make_pane(qtbot, bridge)
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_sighting(Sighting.BLIND)
    asked = len(engine.asked)
    # Back to all ratings: shown at once from the answer read on showing, nothing asked.
    with qtbot.waitSignal(pane.sig_refreshed, timeout=100):
        pane.filters.set_sighting(Sighting.ALL)
    assert len(engine.asked) == asked
    assert len(pane.stats()) == len(stats_rows())
    # A judgement makes every kept answer stale: the next choice is read again.
    engine.rows = engine.rows[:3]
    pane.on_take_changed(object())
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_sighting(Sighting.BLIND)
    assert len(engine.asked) == asked + 1
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_sighting(Sighting.ALL)
    assert len(pane.stats()) == 3
    # Showing the view again shows what it has and reads again (another process may
    # have drawn meanwhile).
    pane.hide()
    asked = len(engine.asked)
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.show()
    qtbot.waitUntil(lambda: len(engine.asked) == asked + 1)


def test_an_empty_library_teaches(qtbot: Any, engine: FakeEngine) -> None:
    engine.rows = []
    pane = make_pane(qtbot, FakeBridge(engine))
    assert pane.stack.currentIndex() == 1
    assert "Ctrl+Enter" in pane.empty.body.text()
    assert "4–5 stars" in pane.empty.body.text()
    assert not pane.empty.button.isVisible()  # nothing to clear


def test_reads_again_after_runs_and_judgements_only_while_shown(
    qtbot: Any, bridge: FakeBridge, engine: FakeEngine
) -> None:
    pane = make_pane(qtbot, bridge)
    asked = len(engine.asked)
    run = _finished_run()
    # Many events in a row: one read, after the pause.
    with qtbot.waitSignal(pane.sig_refreshed, timeout=3000):
        for _ in range(5):
            pane.on_run_changed(run)
            pane.on_take_changed(object())
    assert len(engine.asked) == asked + 1
    # An unfinished run changes nothing counted.
    pane.on_run_changed(_finished_run(finished=False))
    assert not pane._debounce.isActive()
    # Hidden: no reads; shown again: one read.
    pane.hide()
    pane.on_take_changed(object())
    assert not pane._debounce.isActive()
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.show()
    assert len(engine.asked) == asked + 2


def test_answers_older_than_the_last_question_are_dropped(
    qtbot: Any, bridge: FakeBridge, engine: FakeEngine
) -> None:
    pane = make_pane(qtbot, bridge)
    pane.reload()  # the older question
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.filters.set_sighting(Sighting.BLIND)
    qtbot.wait(50)  # the first answer arrived and was ignored
    assert len(pane.stats()) == 2


def test_charts_follow_the_palette(qtbot: Any, bridge: FakeBridge) -> None:
    from PySide6.QtGui import QColor, QPalette

    pane = make_pane(qtbot, bridge)
    palette = pane.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#aa22cc"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    pane.setPalette(palette)
    bar_set = pane.charts.hit_rate.series.barSets()[0]
    qtbot.waitUntil(lambda: bar_set.color() == QColor("#aa22cc"))
    assert pane.charts.hit_rate.chart().backgroundBrush().color() == QColor("#101010")
    assert "#" in pane.charts.failure_card.legend.text()


def _finished_run(finished: bool = True) -> RunChanged:
    from insights_helpers import history, run_summary

    run = dataclasses.replace(run_summary(12, history().versions[0], 5), finished=finished)
    return RunChanged(run=run)


def test_stats_rows_helper_is_ordered_like_the_engine() -> None:
    rows: list[ProviderStats] = stats_rows()
    assert rows == sorted(rows, key=lambda s: (s.provider, s.model))
