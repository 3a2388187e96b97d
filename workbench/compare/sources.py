"""Reading the takes of a comparison video: probing them, and one frame at a time after.

A :class:`TileReader` decodes its clip as the output advances, never more than one frame
ahead, and scales only the frames that are shown (straight to yuv420p at the tile's size,
with FFmpeg's scaler). Clips are aligned on their first frame; after its last frame a clip
holds it until the longest one ends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from workbench.compare.errors import CompareError
from workbench.compare.layout import Rect

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What the comparison needs to know of one clip."""

    path: Path
    width: int
    height: int
    aspect: float  # as displayed (pixel aspect applied)
    fps: Fraction
    duration: float
    colour: tuple[int, int, int]  # colorspace, primaries, transfer (FFmpeg's numbers)


def probe_source(path: Path) -> SourceInfo:
    """Open a clip and read its size, rate, duration and colour tags.

    Raises:
        CompareError: the file is missing or holds no decodable video.
    """
    import av

    if not path.is_file():
        raise CompareError(f"the clip {str(path)!r} does not exist")
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise CompareError(f"{path.name} has no video stream")
            stream = container.streams.video[0]
            ctx = stream.codec_context
            width, height = ctx.width, ctx.height
            if not width or not height:
                raise CompareError(f"{path.name} has a video stream without a picture size")
            sar = ctx.sample_aspect_ratio or Fraction(1)
            fps = Fraction(stream.average_rate or stream.guessed_rate or 0)
            if fps <= 0:
                fps = Fraction(25)
            if stream.duration and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            elif container.duration:
                duration = container.duration / 1_000_000
            else:
                duration = float((stream.frames or 1) / fps)
            colour = (int(ctx.colorspace), int(ctx.color_primaries), int(ctx.color_trc))
            if next(container.decode(stream), None) is None:
                raise CompareError(f"{path.name} holds no decodable frame")
    except av.error.FFmpegError as exc:  # type: ignore[attr-defined]
        raise CompareError(f"{path.name} cannot be decoded ({exc.strerror or exc})") from exc
    return SourceInfo(
        path=path,
        width=width,
        height=height,
        aspect=width * float(sar) / height,
        fps=fps,
        duration=max(duration, float(1 / fps)),
        colour=colour,
    )


class TileReader:
    """One clip, decoded as the output's clock advances, scaled into its picture rectangle.

    Args:
        source: the probed clip.
        picture: where it goes (even size).
        out_fps: the output's frame rate (it bounds the timing tolerance).
    """

    def __init__(self, source: SourceInfo, picture: Rect, out_fps: Fraction) -> None:
        import av
        from av.video.reformatter import VideoReformatter

        self.source = source
        self.picture = picture
        self._container: Any = av.open(str(source.path))
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        self._time_base = stream.time_base or Fraction(1, 90_000)
        self._frames = self._container.decode(stream)
        self._scaler = VideoReformatter()
        # A frame is shown from its own time on, as a player would; 1 ms early counts as
        # on time, so rounded timestamps (ms time bases at 29.97) neither skip nor repeat.
        self._slack = min(0.001, 0.25 / float(max(source.fps, out_fps)))
        self._origin: float | None = None
        self._count = 0
        self._next: Any = self._pull()
        self._shown: Any = None
        self.planes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def _pull(self) -> tuple[float, Any] | None:
        """The next frame with its time from the clip's first frame (None at the end).

        A clip that breaks part way ends there: its last good frame is held.
        """
        import av

        if self._frames is None:
            return None
        try:
            frame = next(self._frames)
        except StopIteration:
            frame = None
        except av.error.FFmpegError as exc:  # type: ignore[attr-defined]
            log.warning("%s stops decoding early: %s", self.source.path.name, exc)
            frame = None
        if frame is None:
            self.close()
            return None
        seconds = (
            float(frame.pts * self._time_base)
            if frame.pts is not None
            else self._count / float(self.source.fps)
        )
        if self._origin is None:
            self._origin = seconds
        self._count += 1
        return (seconds - self._origin, frame)

    def advance(self, t: float) -> bool:
        """Move to the frame shown at ``t`` seconds; True when :attr:`planes` changed."""
        changed = False
        while self._next is not None and self._next[0] <= t + self._slack:
            self._shown, self._next = self._next[1], self._pull()
            changed = True
        if changed:
            self._scale(self._shown)
        return changed

    def _scale(self, frame: Any) -> None:
        pic = self.picture
        scaled = self._scaler.reformat(
            frame,
            width=pic.w,
            height=pic.h,
            format="yuv420p",
            src_color_range=frame.color_range or None,
            dst_color_range="MPEG",
            interpolation="AREA",  # the best downscale, and the cheapest here (bench)
            threads=1,  # x264 and the decoders have the cores
        )
        self.planes = tuple(  # type: ignore[assignment]
            _plane(scaled, index, pic.w >> (index > 0), pic.h >> (index > 0)) for index in range(3)
        )

    def close(self) -> None:
        """Release the decoder (idempotent; the last scaled frame stays in :attr:`planes`)."""
        if self._container is not None:
            self._frames = None
            self._container.close()
            self._container = None


def _plane(frame: Any, index: int, width: int, height: int) -> np.ndarray:
    plane = frame.planes[index]
    rows = np.frombuffer(plane, dtype=np.uint8)  # a view: it keeps the frame alive
    return rows[: plane.line_size * height].reshape(height, plane.line_size)[:, :width]
