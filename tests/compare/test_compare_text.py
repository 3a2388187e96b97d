"""Labels and caption: what they say, how they wrap, that CJK really renders."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.compare import CompareTile, tile_labels
from workbench.compare.layout import CompareLayout, arrange
from workbench.compare.text import (
    BAND,
    ELLIPSIS,
    FONT_CANDIDATES,
    TextStyle,
    fit_line,
    font,
    paint,
    wrap,
)

TILES = [
    CompareTile(Path("a.mp4"), "Kling", "kling-v3", 123, take_id=7),
    CompareTile(Path("b.mp4"), "Google Veo", "veo-3.1-generate-preview", None, take_id=8),
    CompareTile(Path("c.mp4"), "Seedance", "dreamina-seedance-2-0-260128", 0, take_id=9),
]
HAS_CJK_FONT = any(Path(p).exists() for p in FONT_CANDIDATES[:-1])  # all but DejaVu


def test_sighted_labels_name_service_model_and_seed() -> None:
    assert tile_labels(TILES, blind=False) == [
        "Kling · kling-v3 · seed 123",
        "Google Veo · veo-3.1-generate-preview · no seed",
        "Seedance · dreamina-seedance-2-0-260128 · seed 0",
    ]


def test_blind_labels_are_letters_and_hide_every_name() -> None:
    labels = tile_labels(TILES, blind=True)
    assert labels == ["A", "B", "C"]
    words = {"Kling", "kling", "Veo", "veo", "Seedance", "seed", "123"}
    assert not any(word in label for word in words for label in labels)
    assert tile_labels(TILES * 3, blind=True)[-1] == "I"


def test_labels_are_drawn_on_their_bands() -> None:
    style = TextStyle.for_height(360)
    layout = arrange(
        [16 / 9] * 3,
        CompareLayout.GRID,
        bound=(640, 360),
        exact=True,
        band=style.band,
        caption=style.caption_band(1),
        gutter=style.gutter,
    )
    sighted = paint(layout, tile_labels(TILES, False), ["a fox"], style)
    blind = paint(layout, tile_labels(TILES, True), ["a fox"], style)
    for slot in layout.slots:
        band = slot.band
        sighted_band = sighted[band.y : band.bottom, band.x : band.right]
        blind_band = blind[band.y : band.bottom, band.x : band.right]
        assert _ink(sighted_band) > 3 * _ink(blind_band) > 0  # a long label, one letter
    caption = layout.caption
    assert _ink(sighted[caption.y : caption.bottom]) > 0


def test_the_caption_wraps_at_spaces_and_between_cjk_characters() -> None:
    face = font(20)
    text = "一只小狐狸在雪地里奔跑，电影感镜头 a small fox running through fresh snow"
    lines = wrap(text, face, 260, max_lines=10)
    assert len(lines) > 1
    assert all(face.getlength(line) <= 260 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.startswith(" ") or line.endswith(" ") for line in lines)


def test_a_long_caption_ends_in_an_ellipsis_on_its_last_line() -> None:
    face = font(20)
    lines = wrap("word " * 200, face, 300)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
    assert all(face.getlength(line) <= 300 for line in lines)
    assert wrap("", face, 300) == []
    assert wrap("x" * 500, face, 100, max_lines=2)[-1].endswith(ELLIPSIS)  # no spaces at all


def test_fit_line_cuts_with_an_ellipsis_only_when_needed() -> None:
    face = font(16)
    assert fit_line("short", face, 200) == "short"
    cut = fit_line("Google Veo · veo-3.1-generate-preview · seed 2147483647", face, 150)
    assert cut.endswith(ELLIPSIS) and face.getlength(cut) <= 150


@pytest.mark.skipif(not HAS_CJK_FONT, reason="no CJK font installed here")
def test_cjk_renders_as_glyphs_not_boxes() -> None:
    face = font(32)
    masks = [np.asarray(face.getmask(ch)) for ch in ("狐", "雪", "跑")]
    assert all(m.any() for m in masks)
    # Missing glyphs would all be the same box.
    assert not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])


def _ink(region: np.ndarray) -> int:
    """Pixels that are neither band nor background: the drawn text."""
    return int(np.count_nonzero(np.any(np.abs(region.astype(int) - BAND) > 40, axis=-1)))
