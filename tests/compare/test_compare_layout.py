"""Where tiles go: grid shapes, letterboxing, even rectangles, nothing overlapping."""

from __future__ import annotations

import itertools

import pytest

from workbench.compare.layout import CompareLayout, Rect, arrange, fit, grid_shapes

WIDE, TALL, SQUARE = 16 / 9, 9 / 16, 1.0
BANDS = {"band": 40, "caption": 60, "gutter": 4}


@pytest.mark.parametrize(
    ("count", "shapes"),
    [
        (2, [(1, 2)]),
        (3, [(1, 3), (2, 2)]),
        (4, [(2, 2)]),
        (5, [(2, 3)]),
        (6, [(2, 3)]),
        (7, [(3, 3)]),
        (8, [(3, 3)]),
        (9, [(3, 3)]),
    ],
)
def test_grid_shapes_follow_the_issue(count: int, shapes: list[tuple[int, int]]) -> None:
    assert grid_shapes(count, CompareLayout.GRID) == shapes
    assert grid_shapes(count, CompareLayout.ROW) == [(1, count)]


@pytest.mark.parametrize("count", [0, 1, 10])
def test_a_wrong_number_of_takes_is_refused_in_words(count: int) -> None:
    with pytest.raises(ValueError, match=f"2 to 9 takes, not {count}"):
        grid_shapes(count, CompareLayout.GRID)


def test_three_wide_takes_make_a_2x2_grid_and_three_tall_ones_a_row() -> None:
    wide = arrange([WIDE] * 3, CompareLayout.GRID, bound=(1920, 1080), exact=False, **BANDS)
    tall = arrange([TALL] * 3, CompareLayout.GRID, bound=(1920, 1080), exact=False, **BANDS)
    assert (wide.rows, wide.cols) == (2, 2)
    assert (tall.rows, tall.cols) == (1, 3)


def test_a_short_last_row_is_centred() -> None:
    layout = arrange([WIDE] * 3, CompareLayout.GRID, bound=(1920, 1080), exact=False, **BANDS)
    top_left, top_right, bottom = (s.box for s in layout.slots)
    assert bottom.y > top_left.y
    middle_of_top = (top_left.x + top_right.right) / 2
    assert abs((bottom.x + bottom.right) / 2 - middle_of_top) <= 2


@pytest.mark.parametrize("count", range(2, 10))
@pytest.mark.parametrize("layout", list(CompareLayout))
@pytest.mark.parametrize("exact", [False, True])
def test_every_rectangle_is_even_inside_the_canvas_and_apart(
    count: int, layout: CompareLayout, exact: bool
) -> None:
    aspects = [(WIDE, TALL, SQUARE)[i % 3] for i in range(count)]
    result = arrange(aspects, layout, bound=(1920, 1080), exact=exact, **BANDS)
    assert result.width % 2 == 0 and result.height % 2 == 0
    assert result.width <= 1920 and result.height <= 1080
    if exact:
        assert (result.width, result.height) == (1920, 1080)
    assert len(result.slots) == count
    for slot in result.slots:
        for rect in (slot.box, slot.picture):
            assert rect.x % 2 == 0 and rect.y % 2 == 0 and rect.w % 2 == 0 and rect.h % 2 == 0
            assert rect.x >= 0 and rect.right <= result.width
            assert rect.y >= 0 and rect.bottom <= result.caption.y
        assert _inside(slot.picture, slot.box)
        assert slot.band.bottom == slot.box.y and slot.band.w == slot.box.w
    for a, b in itertools.combinations(result.slots, 2):
        assert not _overlap(a.box, b.box) and not _overlap(a.band, b.band)
    # Order: row by row, left to right.
    positions = [(s.box.y, s.box.x) for s in result.slots]
    assert positions == sorted(positions)


@pytest.mark.parametrize("aspect", [WIDE, TALL, SQUARE, 2.39, 4 / 3])
@pytest.mark.parametrize(
    "box", [Rect(0, 0, 640, 360), Rect(10, 20, 360, 640), Rect(0, 0, 500, 500)]
)
def test_pictures_are_letterboxed_never_stretched(aspect: float, box: Rect) -> None:
    picture = fit(aspect, box)
    assert _inside(picture, box)
    assert picture.w == box.w or picture.h == box.h  # as large as fits
    assert abs(picture.w / picture.h - aspect) <= 2.5 / min(picture.w, picture.h) * aspect + 0.01


def test_a_canvas_too_small_for_the_tiles_is_refused() -> None:
    with pytest.raises(ValueError, match="too small"):
        arrange([WIDE] * 9, CompareLayout.ROW, bound=(16, 64), exact=True, **BANDS)


def _inside(inner: Rect, outer: Rect) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom
