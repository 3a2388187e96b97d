"""Renders a real H.264 MP4 for the offline ``sim`` service with PyAV.

The clip is a pure function of (prompt, seed, model, spec): same inputs, byte-identical
file (x264 on one thread, bit-exact muxing). Prompt and seed are burned in small.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from workbench.domain.geometry import frame_size
from workbench.providers.sim.look import Look, Sprite, look_for
from workbench.providers.sim.overlay import text_overlay

if TYPE_CHECKING:
    from workbench.domain.spec import GenerationSpec

FPS = 24
AUDIO_RATE = 48_000


def render_clip(spec: GenerationSpec, seed: int, model: str, out: Path) -> None:
    """Write the clip for a resolved ``spec`` to ``out`` (overwritten)."""
    import av  # heavy: only when a clip is actually made

    width, height = frame_size(spec.resolution or "480p", spec.aspect or "16:9")
    look = look_for(spec.prompt, seed, model)
    frames = max(1, round((spec.duration or 4) * FPS))
    background = _background(look, width, height, spec)
    last = _image_plate(spec.last_frame.path, width, height) if spec.last_frame else None
    label = f"{spec.prompt}  ·  seed {seed}  ·  {model}"
    overlay, alpha = text_overlay(label, width, height)
    grain = _grain_tiles(look, width, height, seed)
    bars = max(0, (height - round(width / 2.39)) // 2) if look.letterbox else 0
    container = av.open(
        str(out), mode="w", format="mp4", options={"fflags": "+bitexact", "movflags": "+faststart"}
    )
    try:
        video = container.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        # One thread and no macroblock-tree: x264's mbtree path reads uninitialised memory
        # at some frame widths, which made equal inputs give different files (measured).
        video.options = {
            "preset": "veryfast",
            "crf": "26",
            "threads": "1",
            "flags": "+bitexact",
            "x264-params": "no-mbtree=1",
        }
        audio = None
        if spec.audio:
            audio = container.add_stream("aac", rate=AUDIO_RATE, layout="mono")
            audio.options = {"flags": "+bitexact"}
        frame = np.empty_like(background)  # reused: a fresh 6 MB array per frame page-faults
        for index in range(frames):
            t = index / FPS
            np.copyto(frame, background)
            if last is not None:  # ease towards the requested last frame
                mix = (index / max(1, frames - 1)) ** 2
                np.copyto(frame, (background * (1 - mix) + last * mix).astype(np.uint8))
            for sprite in look.sprites:
                _draw_sprite(frame, sprite, look, t, index / max(1, frames - 1))
            if grain is not None:
                _add_grain(frame, grain[index % len(grain)])
            if bars:
                frame[:bars] = 0
                frame[-bars:] = 0
            _blend(frame, overlay, alpha)
            vframe = av.VideoFrame.from_ndarray(frame, format="rgb24")
            vframe.pts = index
            vframe.time_base = Fraction(1, FPS)
            container.mux(video.encode(vframe))
        container.mux(video.encode(None))
        if audio is not None:
            _write_tone(container, audio, look.tone_hz, frames / FPS)
    finally:
        container.close()


def _background(look: Look, width: int, height: int, spec: GenerationSpec) -> np.ndarray:
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    top = np.array(look.top, dtype=np.float32)
    bottom = np.array(look.bottom, dtype=np.float32)
    column = top * (1 - ramp) + bottom * ramp
    plate = np.broadcast_to(column, (height, width, 3)).astype(np.float32)
    if spec.first_frame is not None:  # image-to-video: the picture starts from the image
        plate = 0.75 * _image_plate(spec.first_frame.path, width, height) + 0.25 * plate
    return plate.clip(0, 255).astype(np.uint8)


def _image_plate(path: str, width: int, height: int) -> np.ndarray:
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        fitted = ImageOps.fit(image.convert("RGB"), (width, height))
        return np.asarray(fitted, dtype=np.float32)


def _position(sprite: Sprite, look: Look, t: float, progress: float) -> tuple[float, float, float]:
    x, y, size = sprite.x + sprite.vx * t, sprite.y + sprite.vy * t, sprite.size
    motion = look.motion
    if motion == "orbit":
        radius = 0.15 + 0.25 * sprite.size / 0.16
        x = 0.5 + radius * math.cos(sprite.phase + t * 1.2)
        y = 0.5 + radius * math.sin(sprite.phase + t * 1.2)
    elif motion == "fall":
        y = sprite.y + (0.25 + abs(sprite.vy)) * t
    elif motion == "rise":
        y = sprite.y - (0.1 + abs(sprite.vy)) * t
    elif motion == "wave":
        y = sprite.y + 0.08 * math.sin(sprite.phase + t * 2.5)
    elif motion == "zoom":
        size = sprite.size * (1 + 1.5 * progress)
        x = 0.5 + (sprite.x - 0.5) * (1 + progress)
        y = 0.5 + (sprite.y - 0.5) * (1 + progress)
    return x % 1.0, y % 1.0, size


def _draw_sprite(frame: np.ndarray, sprite: Sprite, look: Look, t: float, progress: float) -> None:
    height, width = frame.shape[:2]
    fx, fy, size = _position(sprite, look, t, progress)
    radius = max(2, int(size * min(width, height) / 2))
    cx, cy = int(fx * width), int(fy * height)
    if look.glow:
        _stamp(frame, "circle", cx, cy, int(radius * 1.6), sprite.colour, 0.25, 0.0)
    _stamp(frame, sprite.shape, cx, cy, radius, sprite.colour, 0.9, sprite.phase + t)


def _stamp(
    frame: np.ndarray,
    shape: str,
    cx: int,
    cy: int,
    radius: int,
    colour: tuple[int, int, int],
    opacity: float,
    angle: float,
) -> None:
    height, width = frame.shape[:2]
    x0, x1 = max(0, cx - radius), min(width, cx + radius + 1)
    y0, y1 = max(0, cy - radius), min(height, cy + radius + 1)
    if x0 >= x1 or y0 >= y1:
        return
    ys, xs = np.ogrid[y0 - cy : y1 - cy, x0 - cx : x1 - cx]
    if shape == "square":
        mask = (np.abs(xs) <= radius * 0.8) & (np.abs(ys) <= radius * 0.8)
    elif shape == "triangle":
        mask = (ys >= -radius) & (ys <= radius * 0.7) & (np.abs(xs) <= (ys + radius) * 0.6)
    elif shape == "star":
        theta = np.arctan2(ys, xs) + angle
        mask = (xs * xs + ys * ys) <= (radius * (0.55 + 0.45 * np.cos(5 * theta))) ** 2
    else:
        mask = (xs * xs + ys * ys) <= radius * radius
    region = frame[y0:y1, x0:x1]
    tint = np.array(colour, dtype=np.float32)
    region[mask] = (region[mask] * (1 - opacity) + tint * opacity).astype(np.uint8)


def _grain_tiles(look: Look, width: int, height: int, seed: int) -> list[np.ndarray] | None:
    """A few frames of film grain, cycled (seeded, so the clip stays reproducible)."""
    if not look.grain:
        return None
    rng = np.random.default_rng(seed)
    return [rng.normal(0, look.grain, (height, width, 1)).astype(np.int16) for _ in range(3)]


def _add_grain(frame: np.ndarray, tile: np.ndarray) -> None:
    np.copyto(frame, np.clip(frame.astype(np.int16) + tile, 0, 255).astype(np.uint8))


def _blend(frame: np.ndarray, overlay: np.ndarray, alpha: np.ndarray) -> None:
    if overlay.size == 0:
        return
    h, w = overlay.shape[:2]
    region = frame[-h:, :w]
    region[:] = (region * (1 - alpha) + overlay * alpha).astype(np.uint8)


def _write_tone(container: object, stream: object, hz: float, seconds: float) -> None:
    import av

    chunk = 1024  # AAC frame size; a short last frame is padded so output is bit-exact
    samples_total = math.ceil(seconds * AUDIO_RATE / chunk) * chunk
    t = np.arange(samples_total, dtype=np.float64) / AUDIO_RATE
    envelope = np.minimum(1.0, np.minimum(t * 8, (seconds - t) * 8)).clip(0, 1)
    wave = (0.2 * envelope * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    for start in range(0, samples_total, chunk):
        block = wave[start : start + chunk]
        frame = av.AudioFrame.from_ndarray(block[None, :], format="fltp", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        container.mux(stream.encode(frame))  # type: ignore[attr-defined]
    container.mux(stream.encode(None))  # type: ignore[attr-defined]
