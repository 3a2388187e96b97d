"""Real H.264 clips for the compare tests and the sync benchmark, made with PyAV.

Each frame carries its own number: the top third is black with ten white bars for the bits
of the frame index (bar ``b`` spans ``[b * w / 12, (b + 1) * w / 12)``), the rest is one
solid colour per clip. Reading the bars back off any image of the frame (a player's image,
a grab of a view) tells which frame is shown, whatever the size it is drawn at.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtGui import QImage

BITS = 10
#: The test clips: name → (seconds, fps, colour of the lower two thirds).
CLIPS = {
    "red": (2.0, 24, (200, 40, 40)),
    "blue": (3.0, 30, (40, 60, 200)),
    "green": (2.0, 30, (40, 180, 60)),
    "gold": (3.0, 24, (210, 170, 40)),
}
CLIP_COLORS = {name: color for name, (_s, _f, color) in CLIPS.items()}


def yuv(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """BT.601 studio-swing Y, U, V of an RGB colour (what players assume for H.264)."""
    r, g, b = rgb
    y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
    u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
    v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
    return round(y), round(u), round(v)


def make_clip(
    path: Path,
    seconds: float,
    fps: int,
    size: tuple[int, int] = (320, 180),
    color: tuple[int, int, int] = (200, 60, 40),
    *,
    keyint: int | None = None,
    tone_hz: float | None = None,
) -> Path:
    """Write a frame-numbered clip (see the module docstring) and return its path.

    With ``tone_hz``, the clip also has a mono AAC sine tone.
    """
    import av

    width, height = size
    frames = round(seconds * fps)
    y0, u0, v0 = yuv(color)
    top = height // 3
    bar = width // 12
    container = av.open(str(path), mode="w", format="mp4")
    try:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "18", "threads": "2"}
        if keyint:
            stream.options = {**stream.options, "g": str(keyint)}
        audio = container.add_stream("aac", rate=48_000, layout="mono") if tone_hz else None
        plane = np.empty((height * 3 // 2, width), np.uint8)
        for index in range(frames):
            luma = plane[:height]
            luma[:] = y0
            luma[:top] = 16
            for b in range(BITS):
                if index >> b & 1:
                    luma[:top, b * bar : (b + 1) * bar] = 235
            chroma = plane[height:].reshape(2, height // 2, width // 2)
            chroma[0], chroma[1] = u0, v0
            chroma[:, : top // 2] = 128
            frame = av.VideoFrame.from_ndarray(plane, format="yuv420p")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
        if audio is not None and tone_hz:
            _tone(container, audio, tone_hz, frames / fps)
    finally:
        container.close()
    return path


def _tone(container: Any, audio: Any, hz: float, seconds: float) -> None:
    import av

    rate = 48_000
    samples = (0.2 * np.sin(2 * np.pi * hz * np.arange(int(seconds * rate)) / rate)).astype(
        np.float32
    )
    for start in range(0, len(samples), 1024):
        chunk = samples[start : start + 1024].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
        frame.sample_rate = rate
        frame.pts = start
        container.mux(audio.encode(frame))
    container.mux(audio.encode(None))


def frame_number(image: QImage, rect: tuple[int, int, int, int] | None = None) -> int:
    """The frame number drawn in ``image`` (or in ``rect`` = x, y, w, h of it)."""
    x, y, w, h = rect if rect is not None else (0, 0, image.width(), image.height())
    value = 0
    for b in range(BITS):
        px = x + int((b + 0.5) * w / 12)
        if image.pixelColor(px, y + h // 6).lightness() > 128:
            value |= 1 << b
    return value


def color_at(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    """``(r, g, b)`` of one pixel."""
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue()
