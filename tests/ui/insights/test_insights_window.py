"""Stats and History in the real window on a real engine: the numbers are the library's.

Takes are drawn through the window (sim, 2 s at 360p), judged through the engine, and the
charts and table are compared with ``workbench stats --json`` run in-process on the same
library; filters are compared with the engine's own filtered reads.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from workbench.domain.jobs import JobState
from workbench.domain.views import ProviderStats, Sighting, StatsFilter
from workbench.ui.insights import words
from workbench.ui.insights.stats_model import COLUMNS

PROMPT = "a paper boat drifting down a rainy neon street"
#: The sim service refuses prompts with this word: every draw fails (moderation).
REFUSED = "blood moon over the harbour"


def small_draws(window: Any, draws: int = 2) -> None:
    """Every checked services row: ``draws`` draws of 2 s at 360p (quick to render)."""
    for row in window.services.rows():
        if row.is_checked():
            state = row.state()
            state.update(duration=2, resolution="360p", draws=draws)
            row.restore_state(state)


def draw(qtbot: Any, desktop: Any, text: str, count: int = 4) -> list[Any]:
    """Generate ``text`` from the editor (Ctrl+Enter); returns its board's settled draws."""
    window = desktop.window
    small_draws(window)
    editor = window.prompt.editor
    editor.setPlainText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def settled() -> bool:
        board = window.board.board
        jobs = window.board.model.jobs()
        return (
            board is not None
            and board.text == text
            and len(jobs) == count
            and all(j.state.is_terminal for j in jobs)
        )

    qtbot.waitUntil(settled, timeout=60_000)
    return window.board.model.jobs()


def cli_stats(capsys: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """``workbench stats --json`` in-process, by (provider, model)."""
    from workbench.cli import main

    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return {(r["provider"], r["model"]): r for r in rows}


def engine_stats(desktop: Any, flt: StatsFilter) -> list[ProviderStats]:
    return desktop.host.call(lambda e: e.stats(flt))


def shown(qtbot: Any, pane: Any, expected: list[ProviderStats]) -> None:
    """Wait until the pane shows exactly these statistics."""
    qtbot.waitUntil(lambda: pane.stats() == expected, timeout=10_000)


def table(pane: Any) -> dict[tuple[str, str], dict[str, Any]]:
    model = pane.model
    out = {}
    for r in range(model.rowCount()):
        raw = {k: model.index(r, c).data(Qt.ItemDataRole.UserRole) for c, k in enumerate(COLUMNS)}
        out[(raw["service"], raw["model"])] = raw
    return out


def assert_pane_matches(pane: Any, cli: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Every chart series and table cell equals the command line's figure."""
    charts = pane.charts
    assert set(charts.hit_rate.values()) == set(cli)
    for key, row in cli.items():
        assert charts.hit_rate.values()[key] == pytest.approx(row["hit_rate"] * 100)
        if row["cost_per_keeper_usd"] is None:
            assert key not in charts.cost.values()
        else:
            assert charts.cost.values()[key] == pytest.approx(row["cost_per_keeper_usd"])
        failures = {words.failure_label(k): float(n) for k, n in row["failures"].items()}
        assert charts.failures.values().get(key, {}) == failures
        cells = table(pane)[key]
        for field in (
            "draws",
            "keepers",
            "failed",
            "hit_rate",
            "draws_per_keeper",
            "cost_usd",
            "cost_per_keeper_usd",
            "median_render_s",
            "failures",
            "reasons",
        ):
            assert cells[field] == row[field], (key, field)
    chips: Counter[str] = Counter()
    for row in cli.values():
        chips.update(row["reasons"])
    assert charts.reasons.values() == {k: float(n) for k, n in chips.items()}


def test_stats_view_equals_the_command_line_and_filters_narrow_it(
    qtbot: Any, launch: Any, capsys: Any
) -> None:
    desktop = launch()
    window = desktop.window
    kept = draw(qtbot, desktop, PROMPT)
    assert all(j.state is JobState.DONE for j in kept)
    prompt_id = window.board.board.prompt_id
    # A different prompt, not the next version of this one: File › New prompt (Ctrl+N).
    window.actions.new_prompt.trigger()
    refused = draw(qtbot, desktop, REFUSED)
    assert window.board.board.prompt_id != prompt_id
    assert all(j.state is JobState.FAILED for j in refused)
    t = [j.take.id for j in kept]
    call = desktop.host.call
    call(lambda e: e.rate(t[0], 5))  # a keeper, sighted
    call(lambda e: e.set_favourite(t[1], True))  # a keeper, not rated
    call(lambda e: e.rate(t[2], 4, blind=True))  # a keeper, blind
    call(lambda e: e.rate(t[3], 2, blind=True))  # not kept, blind, with a reason
    call(lambda e: e.add_reason(t[3], "hands"))

    # Ctrl+3 shows the statistics; they are read on showing.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    pane = window.stats
    assert window.views.currentWidget() is pane
    everything = engine_stats(desktop, StatsFilter())
    shown(qtbot, pane, everything)
    cli = cli_stats(capsys)
    assert sum(r["draws"] for r in cli.values()) == 8
    assert sum(r["keepers"] for r in cli.values()) == 3
    assert_pane_matches(pane, cli)
    assert pane.charts.failures.values()  # the refused prompt's draws, by kind
    assert pane.charts.reasons.values() == {"hands": 1.0}

    # Blind: only the two takes rated blind count.
    pane.filters.set_sighting(Sighting.BLIND)
    blind = engine_stats(desktop, StatsFilter(sighting=Sighting.BLIND))
    shown(qtbot, pane, blind)
    assert sum(s.draws for s in blind) == 2 and sum(s.keepers for s in blind) == 1
    assert pane.charts.hit_rate.values() == {
        (s.provider, s.model): pytest.approx(s.hit_rate * 100) for s in blind
    }
    # Sighted: everything else (failed draws have no blind rating).
    pane.filters.set_sighting(Sighting.SIGHTED)
    sighted = engine_stats(desktop, StatsFilter(sighting=Sighting.SIGHTED))
    shown(qtbot, pane, sighted)
    assert sum(s.draws for s in sighted) == 6 and sum(s.keepers for s in sighted) == 2

    # One prompt: its draws only (the refused prompt's failures leave).
    pane.filters.set_sighting(Sighting.ALL)
    qtbot.waitUntil(lambda: pane.filters.prompt.findData(prompt_id) >= 0)
    pane.filters.set_prompt(prompt_id)
    one = engine_stats(desktop, StatsFilter(prompt_id=prompt_id))
    shown(qtbot, pane, one)
    assert sum(s.draws for s in one) == 4 and not pane.charts.failures.values()

    # A period: the last 7 days hold everything; days long past hold nothing.
    pane.filters.set_prompt(None)
    pane.filters.set_period("7d")
    shown(qtbot, pane, everything)
    pane.filters.set_dates(QDate(2020, 1, 1), QDate(2020, 1, 31))
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == 1, timeout=10_000)
    assert pane.stats() == []

    # While shown, a judgement is counted without asking (after a short pause).
    pane.filters.clear()
    shown(qtbot, pane, everything)
    call(lambda e: e.rate(t[3], 5, blind=True))
    qtbot.waitUntil(lambda: sum(s.keepers for s in pane.stats()) == 4, timeout=10_000)
    assert_pane_matches(pane, cli_stats(capsys))


def test_history_lists_versions_diffs_them_and_its_buttons_act(qtbot: Any, launch: Any) -> None:
    desktop = launch()
    window = desktop.window
    first = draw(qtbot, desktop, PROMPT)
    board = window.board.board
    prompt_id, v1_id = board.prompt_id, board.prompt_version_id
    desktop.host.call(lambda e: e.rate(first[0].take.id, 5))

    # Ctrl+4 shows the history of the board's prompt.
    pane = window.history
    with qtbot.waitSignal(pane.sig_refreshed, timeout=10_000):
        window.show_view("history")
    assert pane.prompt.prompt_id() == prompt_id
    assert [pane.tree.topLevelItem(i).text(0) for i in range(pane.tree.topLevelItemCount())] == [
        "v1"
    ]

    # "Write a new version from v1": the editor holds its text, the next run is v2.
    window.prompt.editor.setPlainText("something else entirely")
    qtbot.mouseClick(pane.load, Qt.MouseButton.LeftButton)
    assert window.prompt.prompt() == PROMPT
    assert window.generator.prompt_id == prompt_id
    second_text = PROMPT + ", slow dolly shot"
    draw(qtbot, desktop, second_text)
    v2 = window.board.board
    assert (v2.prompt_id, v2.version) == (prompt_id, 2)

    with qtbot.waitSignal(pane.sig_refreshed, timeout=10_000):
        window.show_view("history")
    expected = desktop.host.call(lambda e: e.prompt_history(prompt_id))
    qtbot.waitUntil(lambda: pane.history == expected, timeout=10_000)
    tree = pane.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "v2",
        "v1",
    ]
    for row, version in zip((1, 0), expected.versions, strict=True):
        item = tree.topLevelItem(row)
        assert item.childCount() == len(version.outcomes) == 2
        for k, outcome in enumerate(version.outcomes):
            child = item.child(k)
            assert child.text(2) == words.count(outcome.draws)
            assert child.text(3) == words.count(outcome.keepers)
            assert child.text(4) == words.percent(outcome.hit_rate)
            assert child.text(5) == words.money(outcome.cost_per_keeper_usd)
    assert tree.topLevelItem(1).text(3) == "1"  # v1's keeper
    # v2 against v1: the added words are underlined, nothing struck.
    diff = pane.diff.prompt_diff
    assert diff is not None and diff.new_text == second_text and diff.old_text == PROMPT
    underlined = [
        f.text()
        for f in _fragments(pane.diff.document())
        if f.charFormat().fontUnderline() and f.text().strip()
    ]
    assert underlined == [", slow dolly shot"]

    # "Open the board of v1": the board tab shows v1's draws.
    tree.setCurrentItem(tree.topLevelItem(1))
    assert pane.target() is not None and pane.target().id == v1_id
    qtbot.mouseClick(pane.open_board, Qt.MouseButton.LeftButton)
    assert window.views.currentWidget() is window.board
    qtbot.waitUntil(lambda: window.board.version_id == v1_id, timeout=10_000)
    assert {j.id for j in window.board.model.jobs()} == {j.id for j in first}


def _fragments(document: Any) -> list[Any]:
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            out.append(it.fragment())
            it += 1
        block = block.next()
    return out
