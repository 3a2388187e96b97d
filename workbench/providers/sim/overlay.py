"""Small burned-in caption (prompt, seed, model) for sim clips, CJK-capable when a font exists."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

# CJK-capable fonts found on common systems; the first that exists is used. Without one,
# Pillow's built-in font draws ASCII and boxes for CJK (the picture still follows the prompt).
_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


@functools.lru_cache(maxsize=8)
def _font(size: int) -> object:
    from PIL import ImageFont

    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size)


def text_overlay(text: str, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """An RGB patch and its alpha (H×W×1, 0–1) to place at the frame's bottom-left."""
    from PIL import Image, ImageDraw

    size = max(9, height // 36)
    font = _font(size)
    if len(text) > 90:
        text = text[:87] + "…"
    pad = max(2, size // 3)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font)  # type: ignore[arg-type]
    patch_w = min(width, right - left + 2 * pad)
    patch_h = min(height, bottom - top + 2 * pad)
    mask = Image.new("L", (patch_w, patch_h), 0)
    ImageDraw.Draw(mask).text((pad - left, pad - top), text, fill=255, font=font)  # type: ignore[arg-type]
    glyphs = np.asarray(mask, dtype=np.float32)[:, :, None] / 255.0
    # White text on a translucent dark band keeps the caption legible on any palette.
    alpha = np.maximum(glyphs, 0.45)
    rgb = np.repeat(glyphs * 255.0, 3, axis=2)
    return rgb, alpha
