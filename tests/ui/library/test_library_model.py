"""The library model alone: pages, late pages, events in and out of the loaded range."""

from __future__ import annotations

from typing import Any

from workbench.domain.views import TakePage, TakeView
from workbench.library.records import TakeFilter
from workbench.ui.library.model import LibraryModel, matches


def take(n: int, **changes: Any) -> TakeView:
    values: dict[str, Any] = {
        "id": n,
        "job_id": n,
        "run_id": 1,
        "prompt_id": 1,
        "prompt_version_id": 1,
        "prompt_version": 1,
        "prompt": "A red fox in snow",
        "negative": None,
        "provider": "sim",
        "model": "sim-fast",
        "draw_no": n,
        "seed": n,
        "params": {},
        "path": f"/clips/{n}.mp4",
        "poster": None,
        "sha256": f"{n:064x}",
        "bytes": 1,
        "duration": 1.0,
        "width": 2,
        "height": 2,
        "fps": 24.0,
        "codec": "h264",
        "audio": False,
        "container": "mp4",
        "est_cost_usd": 0.1,
        "cost_usd": None,
        "cost_reported": None,
        "charged": None,
        "render_s": None,
        "created_at": 0.0,
        **changes,
    }
    return TakeView(**values)


def page(ids: list[int], more: bool, **changes: Any) -> TakePage:
    items = tuple(take(i, **changes) for i in ids)
    return TakePage(items, items[-1].id if more else None)


def started(flt: TakeFilter = TakeFilter()) -> tuple[LibraryModel, list[tuple]]:  # noqa: B008
    model = LibraryModel(page=3)
    asked: list[tuple] = []
    model.sig_page_requested.connect(lambda g, f, a: asked.append((g, f, a)))
    model.set_filter(flt)
    return model, asked


def ids(model: LibraryModel) -> list[int]:
    return [t.id for t in model.takes()]


def test_pages_append_and_the_next_one_continues_after_the_last_id(qtbot: Any) -> None:
    model, asked = started()
    assert asked == [(1, TakeFilter(), None)] and not model.canFetchMore(model.index(-1))
    assert model.add_page(1, page([9, 8, 7], more=True))
    assert model.canFetchMore(model.index(-1))
    model.fetchMore(model.index(-1))
    assert asked[-1] == (1, TakeFilter(), 7)
    assert not model.canFetchMore(model.index(-1))  # one page at a time
    model.add_page(1, page([6, 5], more=False))
    assert ids(model) == [9, 8, 7, 6, 5] and not model.canFetchMore(model.index(-1))


def test_events_that_crossed_a_page_in_flight_win_over_it(qtbot: Any) -> None:
    model, _ = started()
    model.apply_take(take(8, rating=5))  # judged while the first page was being read
    model.remove_take(7)  # deleted meanwhile
    model.add_page(1, page([9, 8, 7], more=True))
    assert ids(model) == [9, 8]
    assert model.take_at(model.index(1)).rating == 5


def test_a_new_matching_take_joins_in_id_order_only_within_what_is_loaded(qtbot: Any) -> None:
    model, _ = started(TakeFilter(min_rating=3))
    model.add_page(1, page([20, 18, 15], more=True, rating=3))
    model.apply_take(take(19))  # unrated: does not match
    assert ids(model) == [20, 18, 15]
    model.apply_take(take(19, rating=4))
    model.apply_take(take(30, rating=3))  # newer than everything: at the top
    model.apply_take(take(2, rating=5))  # beyond the last loaded: a later page brings it
    assert ids(model) == [30, 20, 19, 18, 15]
    model.apply_take(take(18, rating=1))  # no longer matches: leaves
    assert ids(model) == [30, 20, 19, 15]


def test_matches_mirrors_the_library_filter() -> None:
    fox = take(1, rating=4, favourite=True, tags=("hero",), reasons=("hands",), notes=("RESHOOT",))
    assert matches(fox, TakeFilter(text="red FOX"))
    assert matches(fox, TakeFilter(text="reshoot"))  # in a note
    assert matches(fox, TakeFilter(tag=" Hero ", reason="hands", favourite=True, min_rating=4))
    assert not matches(fox, TakeFilter(min_rating=5))
    assert not matches(fox, TakeFilter(provider="kling"))
    assert not matches(fox, TakeFilter(tag="b-roll"))
    assert matches(take(2, reasons=("artefacts",)), TakeFilter(reason="artifacts"))


def test_drag_data_names_each_clip_once_in_row_order(qtbot: Any) -> None:
    model, _ = started()
    model.add_page(1, TakePage((take(3), take(2, path="/clips/3.mp4"), take(1)), None))
    mime = model.mimeData([model.index(2), model.index(0), model.index(1)])
    assert [u.toLocalFile() for u in mime.urls()] == ["/clips/3.mp4", "/clips/1.mp4"]
