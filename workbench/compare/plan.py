"""Planning a comparison video: the takes, their labels, the canvas, the clock.

Everything is decided here before a byte is written — canvas size, where each take goes,
the label and caption text, frame rate and frame count — so a window or a command can show
(and a test can check) what the video will be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from workbench.compare.errors import CompareError
from workbench.compare.layout import Arrangement, CompareLayout, arrange, even, grid_shapes
from workbench.compare.sources import SourceInfo, probe_source
from workbench.compare.text import TextStyle, blind_label, describe, font, wrap

#: The canvas a comparison fits in unless told otherwise (and the highest frame rate).
DEFAULT_BOUND = (1920, 1080)
MAX_FPS = Fraction(30)
_MIN_SIDE = 64


@dataclass(frozen=True, slots=True)
class CompareTile:
    """One take in a comparison video (``take_id`` is carried for the caller, not drawn)."""

    path: Path
    service: str
    model: str
    seed: int | None = None
    take_id: int | None = None


@dataclass(frozen=True, slots=True)
class ComparePlan:
    """A comparison video fully decided: render it with ``render_comparison``."""

    tiles: tuple[CompareTile, ...]
    sources: tuple[SourceInfo, ...]
    layout: CompareLayout
    blind: bool
    labels: tuple[str, ...]
    caption: tuple[str, ...]  # wrapped lines
    arrangement: Arrangement
    style: TextStyle
    fps: Fraction
    frames: int

    @property
    def width(self) -> int:
        """Output width in pixels (even)."""
        return self.arrangement.width

    @property
    def height(self) -> int:
        """Output height in pixels (even)."""
        return self.arrangement.height

    @property
    def duration(self) -> float:
        """Output seconds: the longest take, to the nearest output frame."""
        return float(self.frames / self.fps)


def tile_labels(tiles: Sequence[CompareTile], blind: bool) -> list[str]:
    """Each tile's label, in order: service · model · seed, or A, B, C… when blind."""
    if blind:
        return [blind_label(i) for i in range(len(tiles))]
    return [describe(t.service, t.model, t.seed) for t in tiles]


def plan_comparison(
    tiles: Sequence[CompareTile],
    *,
    layout: CompareLayout = CompareLayout.GRID,
    caption: str = "",
    blind: bool = False,
    width: int | None = None,
    height: int | None = None,
    fps: float | Fraction | None = None,
) -> ComparePlan:
    """Probe the takes and decide the whole video (reads the clips' headers only).

    Args:
        tiles: 2–9 takes, in the order they are shown (row by row).
        layout: ``ROW`` (all side by side) or ``GRID`` (2→1×2, 3→1×3 or 2×2, 4→2×2,
            5–6→2×3, 7–9→3×3).
        caption: the prompt, wrapped under the tiles (up to three lines, then "…").
        blind: label tiles A, B, C… instead of service · model · seed.
        width: with ``height``, the canvas is exactly this wide (rounded down to even);
            alone, or as the default 1920, the most the canvas may be wide.
        height: likewise for the height (default 1080). Without both, the canvas is the
            smallest that fits the tiles. Each take is letterboxed at its own aspect,
            never stretched.
        fps: output frame rate (default: the highest of the takes, at most 30).

    Raises:
        CompareError: a wrong number of takes, a clip that cannot be read, a bad size.
    """
    try:
        grid_shapes(len(tiles), layout)
    except ValueError as exc:
        raise CompareError(str(exc)) from None
    exact = width is not None and height is not None
    bound = (even(width or DEFAULT_BOUND[0]), even(height or DEFAULT_BOUND[1]))
    if min(bound) < _MIN_SIDE:
        raise CompareError(f"a {bound[0]}×{bound[1]} canvas is too small; use at least 64×64")
    sources = tuple(probe_source(Path(t.path)) for t in tiles)
    rate = _rate(fps, sources)
    style = TextStyle.for_height(bound[1])
    labels = tuple(tile_labels(tiles, blind))
    lines: list[str] = []
    for _ in range(4):  # a band for 0, then as many lines as the caption needs (≤ 3)
        try:
            arrangement = arrange(
                [s.aspect for s in sources],
                layout,
                bound=bound,
                exact=exact,
                band=style.band,
                caption=style.caption_band(len(lines)),
                gutter=style.gutter,
            )
        except ValueError as exc:
            raise CompareError(str(exc)) from None
        wrapped = wrap(caption, font(style.caption_px), arrangement.width - 2 * style.caption_px)
        if len(wrapped) <= len(lines):
            break
        lines = wrapped
    return ComparePlan(
        tiles=tuple(tiles),
        sources=sources,
        layout=layout,
        blind=blind,
        labels=labels,
        caption=tuple(wrapped),
        arrangement=arrangement,
        style=style,
        fps=rate,
        frames=max(1, round(max(s.duration for s in sources) * rate)),
    )


def _rate(fps: float | Fraction | None, sources: Sequence[SourceInfo]) -> Fraction:
    if fps is None:
        return min(MAX_FPS, max(s.fps for s in sources))
    rate = Fraction(fps).limit_denominator(1001)
    if not 1 <= rate <= 120:
        raise CompareError(f"a frame rate of {float(rate):g} is not usable; use 1 to 120")
    return rate
