"""The words on a comparison video: each tile's label and the prompt as a caption.

Labels and caption sit on dark bands outside the pictures, so they stay readable on any
clip and are painted once for the whole video. Chinese, Japanese and Korean text renders
when a CJK font is installed (the same fonts the ``sim`` clips use); without one, Pillow's
own font draws Latin text and boxes for the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from workbench.compare.layout import Arrangement

# The candidates of providers/sim/overlay.py (kept in step by hand: the comparison video
# must not import a provider), the first that exists wins.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)

BACKGROUND = (0, 0, 0)  # letterbox bars and gutters
BAND = (24, 24, 24)  # under labels and caption
INK = (240, 240, 240)
CAPTION_LINES = 3
ELLIPSIS = "…"

# One CJK character is a word of its own when wrapping; Latin words break at spaces.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Type sizes and band heights for a canvas of a given height (all even but the px)."""

    label_px: int
    band: int
    caption_px: int
    line: int
    gutter: int

    @classmethod
    def for_height(cls, height: int) -> TextStyle:
        """Sizes that read well on a phone at this canvas height (27 px labels at 1080)."""
        label_px = min(48, max(10, round(height / 40)))
        caption_px = min(48, max(10, round(height / 36)))
        return cls(
            label_px=label_px,
            band=_even(label_px * 1.6),
            caption_px=caption_px,
            line=round(caption_px * 1.3),
            gutter=_even(max(2, height / 270)),
        )

    def caption_band(self, lines: int) -> int:
        """Height of the caption band for ``lines`` lines (0 without a caption)."""
        return _even(lines * self.line + self.caption_px * 0.8) if lines else 0


@functools.lru_cache(maxsize=16)
def font(size: int) -> Any:
    """The first installed CJK-capable font at ``size`` px (Pillow's own as a last resort)."""
    from PIL import ImageFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size)


def describe(service: str, model: str, seed: int | None) -> str:
    """A sighted tile's label: ``"Kling · kling-v3 · seed 123"``."""
    return f"{service} · {model} · " + ("no seed" if seed is None else f"seed {seed}")


def blind_label(index: int) -> str:
    """A blind tile's label: A, B, C… in tile order."""
    return chr(ord("A") + index)


def fit_line(text: str, face: Any, width: int) -> str:
    """``text`` cut with an ellipsis so it is at most ``width`` px wide."""
    if face.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        mid = (low + high + 1) // 2
        if face.getlength(text[:mid].rstrip() + ELLIPSIS) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""


def wrap(text: str, face: Any, width: int, max_lines: int = CAPTION_LINES) -> list[str]:
    """Greedy wrapping at spaces and between CJK characters; an overflow is ellipsised.

    A word wider than the line is cut where it must be (long URLs, unspaced runs).
    """
    pieces: list[str] = []
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace() or face.getlength(token) <= width:
            pieces.append(token)
        else:
            pieces.extend(_chunks(token, face, width))
    lines: list[list[str]] = [[]]
    for piece in pieces:
        line = lines[-1]
        if piece.isspace():
            if line:
                line.append(piece)
            continue
        if line and face.getlength("".join(line) + piece) > width:
            lines.append([])
        lines[-1].append(piece)
    texts = ["".join(line).strip() for line in lines if line]
    if len(texts) <= max_lines:
        return texts
    rest = "".join(piece for line in lines[max_lines - 1 :] for piece in line)
    return [*texts[: max_lines - 1], fit_line(rest.strip(), face, width)]


def _chunks(word: str, face: Any, width: int) -> list[str]:
    chunks = []
    while word:
        low, high = 1, len(word)
        while low < high:  # the longest prefix that fits (one character at least)
            mid = (low + high + 1) // 2
            if face.getlength(word[:mid]) <= width:
                low = mid
            else:
                high = mid - 1
        chunks.append(word[:low])
        word = word[low:]
    return chunks


def label_size(labels: Sequence[str], style: TextStyle, width: int) -> int:
    """One type size for every label: the style's, shrunk (to 70 %) until the longest fits."""
    size = style.label_px
    floor = max(9, round(style.label_px * 0.7))
    pad = style.label_px
    while size > floor and max(font(size).getlength(t) for t in labels) > width - pad:
        size -= 1
    return size


def paint(
    arrangement: Arrangement,
    labels: Sequence[str],
    caption: Sequence[str],
    style: TextStyle,
) -> np.ndarray:
    """The still part of every frame (bands, labels, caption) as an RGB array (H×W×3)."""
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (arrangement.width, arrangement.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    box_w = arrangement.slots[0].band.w
    face = font(label_size(labels, style, box_w))
    for slot, label in zip(arrangement.slots, labels, strict=True):
        band = slot.band
        draw.rectangle((band.x, band.y, band.right - 1, band.bottom - 1), fill=BAND)
        text = fit_line(label, face, band.w - style.label_px)
        draw.text(
            (band.x + band.w / 2, band.y + band.h / 2), text, font=face, fill=INK, anchor="mm"
        )
    band = arrangement.caption
    if caption and band.h:
        draw.rectangle((band.x, band.y, band.right - 1, band.bottom - 1), fill=BAND)
        face = font(style.caption_px)
        top = band.y + (band.h - len(caption) * style.line) / 2
        for index, line in enumerate(caption):
            middle = top + (index + 0.5) * style.line
            draw.text((band.w / 2, middle), line, font=face, fill=INK, anchor="mm")
    return np.asarray(image)


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)
