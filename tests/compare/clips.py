"""Real little clips for the comparison video tests: one solid colour per frame (PyAV)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np

Colour = tuple[int, int, int]
RED, GREEN, BLUE, YELLOW = (220, 40, 40), (40, 200, 60), (40, 70, 220), (230, 210, 40)
MAGENTA, CYAN, WHITE, ORANGE, GREY = (
    (200, 40, 200),
    (40, 200, 210),
    (235, 235, 235),
    (240, 140, 30),
    (128, 128, 128),
)
PALETTE = (RED, GREEN, BLUE, YELLOW, MAGENTA, CYAN, WHITE, ORANGE, GREY)


def write_clip(path: Path, width: int, height: int, fps: int, colours: Sequence[Colour]) -> Path:
    """An H.264 MP4 with one frame per colour (solid), at ``fps``."""
    import av

    with av.open(str(path), mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18"}
        for index, colour in enumerate(colours):
            picture = np.empty((height, width, 3), dtype=np.uint8)
            picture[:] = colour
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def decode_rgb(path: Path) -> list[np.ndarray]:
    """Every frame of a video as RGB arrays."""
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def colour_at(picture: np.ndarray, rect: object) -> np.ndarray:
    """The mean colour of the middle of a rectangle (x, y, w, h) of a frame."""
    x, y, w, h = rect.x, rect.y, rect.w, rect.h  # type: ignore[attr-defined]
    middle = picture[y + h // 4 : y + 3 * h // 4, x + w // 4 : x + 3 * w // 4]
    return middle.reshape(-1, 3).mean(axis=0)


def close_to(measured: np.ndarray, colour: Colour, tolerance: float = 12) -> bool:
    """True when every channel is within ``tolerance`` of ``colour``."""
    return bool(np.all(np.abs(measured - np.array(colour)) <= tolerance))
