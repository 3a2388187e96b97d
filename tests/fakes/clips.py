"""Small real H.264 clips for fakes to serve (made with PyAV, cached per process)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path


@functools.lru_cache(maxsize=8)
def clip_bytes(
    seed: int = 1, seconds: int = 1, resolution: str = "240p", audio: bool = False, tag: str = ""
) -> bytes:
    """An MP4 rendered by the sim renderer (~0.1 s, a few KB); each seed and tag its own clip."""
    from workbench.domain.spec import GenerationSpec
    from workbench.providers.sim.render import render_clip

    spec = GenerationSpec(
        prompt=f"fake clip {seed} {tag}".strip(),
        duration=seconds,
        aspect="16:9",
        resolution=resolution,
        audio=audio,
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.mp4"
        render_clip(spec, seed, "sim-fast", out)
        return out.read_bytes()


def png_bytes(
    width: int = 640, height: int = 360, colour: tuple[int, int, int] = (200, 80, 40)
) -> bytes:
    """A PNG image (first/last frame inputs)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()
