"""Where each take goes in a comparison video: grid shape, label bands, picture rectangles.

Pure geometry (no PyAV, no Pillow). Every rectangle a picture is copied into has even
position and size, because H.264 in yuv420p stores colour at half resolution.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

MIN_TILES, MAX_TILES = 2, 9


class CompareLayout(enum.StrEnum):
    """How the takes are arranged: all side by side, or a grid of up to 3×3."""

    ROW = "row"
    GRID = "grid"


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in canvas pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """One past the last column."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """One past the last row."""
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Slot:
    """One tile: its label band on top, the box under it, the picture letterboxed in it."""

    band: Rect
    box: Rect
    picture: Rect


@dataclass(frozen=True, slots=True)
class Arrangement:
    """The whole canvas: size, grid shape, one slot per take (in order), the caption band."""

    width: int
    height: int
    rows: int
    cols: int
    slots: tuple[Slot, ...]
    caption: Rect


def grid_shapes(count: int, layout: CompareLayout) -> list[tuple[int, int]]:
    """The (rows, cols) shapes worth trying for ``count`` takes; the fitter keeps the best.

    Raises:
        ValueError: fewer than 2 or more than 9 takes.
    """
    if not MIN_TILES <= count <= MAX_TILES:
        raise ValueError(f"a comparison video takes {MIN_TILES} to {MAX_TILES} takes, not {count}")
    if layout is CompareLayout.ROW:
        return [(1, count)]
    return {2: [(1, 2)], 3: [(1, 3), (2, 2)], 4: [(2, 2)], 5: [(2, 3)], 6: [(2, 3)]}.get(
        count, [(3, 3)]
    )


def even(value: float) -> int:
    """The even integer at or below ``value`` (at least 2)."""
    return max(2, int(value) // 2 * 2)


def fit(aspect: float, box: Rect) -> Rect:
    """A picture of ``aspect`` (w/h) made as large as fits in ``box``, centred, never stretched."""
    if box.w / box.h > aspect:  # a box wider than the picture: bars left and right
        h = box.h
        w = min(box.w, even(round(h * aspect)))
    else:
        w = box.w
        h = min(box.h, even(round(w / aspect)))
    return Rect(box.x + _half(box.w - w), box.y + _half(box.h - h), w, h)


def arrange(
    aspects: Sequence[float],
    layout: CompareLayout,
    *,
    bound: tuple[int, int],
    exact: bool,
    band: int,
    caption: int,
    gutter: int,
) -> Arrangement:
    """Lay ``aspects`` (one per take, in order, row by row) out on a canvas.

    Args:
        aspects: each take's display aspect ratio (width / height).
        layout: row or grid.
        bound: the canvas size to fit in (width, height), both even.
        exact: make the canvas exactly ``bound``; otherwise as small as the tiles need.
        band: height of the label band over each picture (even).
        caption: height of the caption band at the bottom (even; 0 for none).
        gutter: space between tiles (even).

    Raises:
        ValueError: a wrong number of takes, or a canvas too small for them.
    """
    width, height = bound
    best: tuple[float, int, int, int, int] | None = None
    for rows, cols in grid_shapes(len(aspects), layout):
        box_w = (width - (cols - 1) * gutter) / cols
        box_h = (height - caption - rows * band - (rows - 1) * gutter) / rows
        if box_w < 2 or box_h < 2:
            continue
        # Boxes take the shape of one of the takes: whichever shows the most picture.
        for cell in [box_w / box_h] if exact else sorted(set(aspects)):
            w = box_w if exact else min(box_w, box_h * cell)
            w, h = even(w), even(box_h if exact else w / cell)
            shown = sum(_area(fit(a, Rect(0, 0, w, h))) for a in aspects)
            if best is None or shown > best[0]:
                best = (shown, rows, cols, w, h)
    if best is None:
        raise ValueError(f"{width}×{height} is too small for {len(aspects)} tiles")
    _, rows, cols, box_w, box_h = best
    grid_w = cols * box_w + (cols - 1) * gutter
    grid_h = rows * (band + box_h) + (rows - 1) * gutter
    if not exact:
        width, height = grid_w, grid_h + caption
    x0 = _half(width - grid_w)
    y0 = _half(height - caption - grid_h)
    slots = []
    for index, aspect in enumerate(aspects):
        row, col = divmod(index, cols)
        in_row = min(cols, len(aspects) - row * cols)  # a short last row is centred
        x = x0 + _half((cols - in_row) * (box_w + gutter)) + col * (box_w + gutter)
        y = y0 + row * (band + box_h + gutter)
        box = Rect(x, y + band, box_w, box_h)
        slots.append(Slot(band=Rect(x, y, box_w, band), box=box, picture=fit(aspect, box)))
    return Arrangement(
        width=width,
        height=height,
        rows=rows,
        cols=cols,
        slots=tuple(slots),
        caption=Rect(0, height - caption, width, caption),
    )


def _area(rect: Rect) -> int:
    return rect.w * rect.h


def _half(value: int) -> int:
    """Half of a non-negative span, rounded down to even (0 stays 0)."""
    return max(0, value) // 4 * 2
