"""Writing a comparison video: H.264 (yuv420p, +faststart) MP4 with PyAV, atomically.

The still parts (bands, labels, caption) are painted once; each output frame only copies
the pictures whose source frame changed into that canvas, in yuv420p, and hands it to
x264. The file is written next to the target under a hidden temporary name and moved over
it at the end; on cancel or error the temporary file is removed, so the target is either
the whole new video or untouched.

No audio: takes are compared by eye (a mix of several soundtracks helps nobody).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from workbench.compare.errors import CompareCanceled, CompareError, CompareFailed
from workbench.compare.layout import CompareLayout
from workbench.compare.plan import ComparePlan, CompareTile, plan_comparison
from workbench.compare.sources import TileReader
from workbench.compare.text import paint

Progress = Callable[[float], None]

# x264: superfast keeps a 4-take 1080p export of 8 s at ~10–12 CPU seconds on this 2-core
# machine (veryfast took ~13–15 s for a 15 % smaller file; bench/compare_bench.py). No
# macroblock-tree: its path reads uninitialised memory at some widths (measured for the
# sim clips), which made equal inputs give different files.
ENCODER_OPTIONS = {
    "preset": "superfast",
    "crf": "23",
    "x264-params": "no-mbtree=1",
    "flags": "+bitexact",
}
_UNSPECIFIED = 2  # FFmpeg's AVCOL_*_UNSPECIFIED


def output_problems(out: Path, sources: Sequence[Path] = ()) -> list[str]:
    """Why ``out`` cannot receive a comparison video, in words (empty when it can).

    Checks the name (.mp4), the folder (exists, is a folder, can be written — by making
    and dropping an unnamed file there) and that no take would be overwritten.
    """
    problems = []
    if out.suffix.lower() != ".mp4":
        problems.append(f"the output {out.name!r} must end in .mp4")
    if out.is_dir():
        problems.append(f"the output {str(out)!r} is a folder; name a file in it")
    folder = out.parent
    if not folder.exists():
        problems.append(f"the folder {str(folder)!r} does not exist")
    elif not folder.is_dir():
        problems.append(f"{str(folder)!r} is not a folder")
    else:
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            problems.append(f"the folder {str(folder)!r} cannot be written to ({exc.strerror})")
    target = out.resolve()
    if any(Path(s).resolve() == target for s in sources):
        problems.append(f"the output {out.name!r} is one of the takes; choose another name")
    return problems


def make_comparison(
    tiles: Sequence[CompareTile],
    out: Path,
    *,
    layout: CompareLayout = CompareLayout.GRID,
    caption: str = "",
    blind: bool = False,
    width: int | None = None,
    height: int | None = None,
    fps: float | Fraction | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Export 2–9 takes as one labelled H.264 MP4; returns ``out``.

    Takes play from their first frames together; a shorter one holds its last frame until
    the longest ends. Arguments as in :func:`plan_comparison`; ``progress`` receives 0–1
    (on the calling thread); ``cancel`` stops the export between two frames. An existing
    ``out`` is replaced only once the new video is complete.

    Raises:
        CompareError: bad input (count, clips, output place); nothing was written.
        CompareFailed: writing failed part way; nothing was left behind.
        CompareCanceled: ``cancel`` was set; nothing was left behind.
    """
    plan = plan_comparison(
        tiles, layout=layout, caption=caption, blind=blind, width=width, height=height, fps=fps
    )
    return render_comparison(plan, out, progress=progress, cancel=cancel)


def render_comparison(
    plan: ComparePlan,
    out: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write a planned comparison video to ``out`` (see :func:`make_comparison`)."""
    import av

    out = Path(out)
    problems = output_problems(out, [s.path for s in plan.sources])
    if problems:
        raise CompareError("; ".join(problems))
    tmp = _temporary_beside(out)
    try:
        _encode(plan, tmp, progress, cancel)
        os.replace(tmp, out)
    except BaseException as exc:  # canceled, failed or interrupted: leave nothing behind
        tmp.unlink(missing_ok=True)
        if isinstance(exc, av.error.FFmpegError | OSError):  # type: ignore[attr-defined]
            raise CompareFailed(f"the comparison video could not be written: {exc}") from exc
        raise
    if progress is not None:
        progress(1.0)
    return out


def _temporary_beside(out: Path) -> Path:
    """A new hidden file next to ``out`` (same filesystem, so the final move is atomic).

    Made with the process's umask, unlike ``mkstemp``: the video ends up as readable as
    any file the person saves.
    """
    for _ in range(100):
        tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            break_reason = exc.strerror or str(exc)
            break
        return tmp
    else:
        break_reason = "every name tried is taken"
    raise CompareFailed(f"no temporary file could be made in {str(out.parent)!r} ({break_reason})")


def _encode(
    plan: ComparePlan, tmp: Path, progress: Progress | None, cancel: threading.Event | None
) -> None:
    import av

    canvas = _Canvas(paint(plan.arrangement, plan.labels, plan.caption, plan.style))
    with contextlib.ExitStack() as stack:
        readers = []
        for source, slot in zip(plan.sources, plan.arrangement.slots, strict=True):
            reader = TileReader(source, slot.picture, plan.fps)
            stack.callback(reader.close)
            readers.append(reader)
        container = av.open(
            str(tmp),
            mode="w",
            format="mp4",
            options={"movflags": "+faststart", "fflags": "+bitexact"},
        )
        stack.callback(container.close)
        stream = container.add_stream("libx264", rate=plan.fps)
        stream.width, stream.height, stream.pix_fmt = plan.width, plan.height, "yuv420p"
        _tag_colour(stream.codec_context, plan)
        stream.options = {**ENCODER_OPTIONS, "g": str(max(1, round(2 * plan.fps)))}
        time_base = 1 / plan.fps
        step = max(1, plan.frames // 100)
        for index in range(plan.frames):
            if cancel is not None and cancel.is_set():
                raise CompareCanceled("the comparison video was canceled; nothing was written")
            t = float(index * time_base)
            for reader in readers:
                if reader.advance(t) and reader.planes is not None:
                    canvas.paste(reader.planes, reader.picture)
            frame = canvas.frame()
            frame.pts = index
            frame.time_base = time_base
            container.mux(stream.encode(frame))
            if progress is not None and index % step == 0:
                progress(index / plan.frames)
        container.mux(stream.encode(None))


class _Canvas:
    """One yuv420p picture (I420 layout) the tiles are pasted into, frame after frame."""

    def __init__(self, rgb: np.ndarray) -> None:
        import av

        height, width = rgb.shape[:2]
        still = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        self.buffer = still.reformat(format="yuv420p", dst_color_range="MPEG").to_ndarray()
        flat = self.buffer.reshape(-1)
        luma, chroma = width * height, width * height // 4
        self.planes = (
            flat[:luma].reshape(height, width),
            flat[luma : luma + chroma].reshape(height // 2, width // 2),
            flat[luma + chroma :].reshape(height // 2, width // 2),
        )

    def paste(self, planes: tuple[np.ndarray, ...], picture: Any) -> None:
        for index, (target, source) in enumerate(zip(self.planes, planes, strict=True)):
            shift = 1 if index else 0
            x, y = picture.x >> shift, picture.y >> shift
            h, w = source.shape
            target[y : y + h, x : x + w] = source

    def frame(self) -> Any:
        import av

        return av.VideoFrame.from_ndarray(self.buffer, format="yuv420p")


def _tag_colour(ctx: Any, plan: ComparePlan) -> None:
    """Pass the takes' colour tags on when they all agree (the pictures are not converted)."""
    ctx.color_range = 1  # MPEG (limited): what every picture is scaled to
    tags = {s.colour for s in plan.sources}
    if len(tags) != 1:
        return
    space, primaries, trc = tags.pop()
    if space != _UNSPECIFIED:
        ctx.colorspace = space
    if primaries != _UNSPECIFIED:
        ctx.color_primaries = primaries
    if trc != _UNSPECIFIED:
        ctx.color_trc = trc
