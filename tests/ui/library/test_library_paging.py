"""Paging and filtering through the real window over a library of a few hundred takes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from tests.ui.library.conftest import open_library
from workbench.library.records import TakeFilter
from workbench.ui.library.model import LibraryModel


def ids(pane: Any) -> list[int]:
    return [t.id for t in pane.model.takes()]


def engine_ids(desktop: Any, flt: TakeFilter) -> list[int]:
    return [t.id for t in desktop.host.call(lambda e: e.takes(flt))]


def test_first_page_then_next_pages_until_the_end(qtbot: Any, launch: Any, filled: Any) -> None:
    made = filled(450, judge=False)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    newest = [t.id for t in reversed(made)]
    assert ids(pane) == newest[:200]  # the first page only, newest first
    qtbot.waitUntil(lambda: pane.filters.count.text().startswith("450"), timeout=5000)
    # Scrolling near the end asks for the next page, and the one after.
    bar = pane.view.verticalScrollBar()
    for rows in (400, 450):
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda rows=rows: pane.model.rowCount() == rows, timeout=5000)
    assert ids(pane) == newest
    assert not pane.model.canFetchMore(QModelIndex())


def test_a_filter_starts_paging_again_from_its_first_page(
    qtbot: Any, launch: Any, filled: Any
) -> None:
    filled(450)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: pane.model.rowCount() == 400, timeout=5000)
    generation = pane.model.generation
    flt = TakeFilter(provider="kling")
    pane.set_filter(flt)
    assert pane.model.generation == generation + 1
    qtbot.waitUntil(lambda: pane.model.started(), timeout=5000)
    expected = engine_ids(desktop, flt)
    assert len(expected) > 100
    assert ids(pane) == expected[: len(ids(pane))] and pane.model.rowCount() <= 200
    assert all(t.provider == "kling" for t in pane.model.takes())
    qtbot.waitUntil(lambda: pane.filters.count.text().startswith(str(len(expected))), timeout=5000)


@pytest.mark.parametrize(
    "flt",
    [
        TakeFilter(provider="sim"),
        TakeFilter(provider="sim", model="sim-pro"),
        TakeFilter(min_rating=4),
        TakeFilter(favourite=True),
        TakeFilter(tag="hero"),
        TakeFilter(reason="hands"),
        TakeFilter(text="LIGHTHOUSE"),  # prompt text, any case
        TakeFilter(text="longer lens"),  # only in notes
        TakeFilter(text="霓虹"),
        TakeFilter(provider="veo", min_rating=2, tag="hero"),
    ],
    ids=[
        "service",
        "model",
        "rating",
        "favourite",
        "tag",
        "reason",
        "prompt",
        "note",
        "chinese",
        "combined",
    ],
)
def test_each_filter_shows_what_the_library_lists(
    qtbot: Any, launch: Any, filled: Any, flt: TakeFilter
) -> None:
    filled(120)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    pane.set_filter(flt)
    qtbot.waitUntil(lambda: pane.model.started(), timeout=5000)
    expected = engine_ids(desktop, flt)
    assert expected, "the fill should give every filter something to find"
    assert ids(pane) == expected
    assert pane.filters.filter() == flt
    qtbot.waitUntil(lambda: pane.filters.count.text().startswith(str(len(expected))), timeout=5000)


def test_typing_a_search_is_debounced_into_one_query(qtbot: Any, launch: Any, filled: Any) -> None:
    filled(60)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    asked: list[TakeFilter] = []
    pane.model.sig_page_requested.connect(lambda _g, flt, _a: asked.append(flt))
    qtbot.keyClicks(pane.filters.search, "fox")
    qtbot.waitUntil(lambda: bool(asked), timeout=2000)
    qtbot.wait(400)
    assert [f.text for f in asked] == ["fox"]
    qtbot.waitUntil(lambda: pane.model.started(), timeout=5000)
    assert ids(pane) == engine_ids(desktop, TakeFilter(text="fox"))


def test_a_late_page_of_an_older_filter_is_dropped(qtbot: Any, launch: Any, filled: Any) -> None:
    filled(80)
    desktop = launch()
    model = LibraryModel(page=50)
    asked: list[tuple[int, TakeFilter, Any]] = []
    model.sig_page_requested.connect(lambda g, f, a: asked.append((g, f, a)))
    old, new = TakeFilter(provider="sim"), TakeFilter(provider="kling")
    model.set_filter(old)
    model.set_filter(new)
    (g_old, f_old, _), (g_new, f_new, _) = asked
    new_page = desktop.host.call(lambda e: e.takes_page(f_new, None, 50))
    old_page = desktop.host.call(lambda e: e.takes_page(f_old, None, 50))
    assert model.add_page(g_new, new_page)
    assert not model.add_page(g_old, old_page)  # arrives late: dropped
    assert [t.id for t in model.takes()] == [t.id for t in new_page.items]
    assert all(t.provider == "kling" for t in model.takes())
