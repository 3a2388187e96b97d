"""Checking and describing video files: magic bytes, a PyAV probe, a poster frame.

A leaf module (PyAV and Pillow, imported lazily) used by the engine's download step and by
the ``sim`` service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.domain.takes import ClipInfo


class NotAVideo(ValueError):
    """The bytes are not a playable video; the message says what they looked like."""


# ISO-BMFF (MP4/MOV) boxes that may open a file, and the WebM/Matroska EBML magic.
_BMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")
_EBML = b"\x1a\x45\xdf\xa3"


def sniff(head: bytes) -> str:
    """Container guessed from a file's first bytes: ``mp4``, ``mov`` or ``webm``.

    Raises:
        NotAVideo: the bytes look like something else (HTML, JSON, an image, nothing).
    """
    if len(head) >= 12 and head[4:8] in _BMFF_BOXES:
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head.startswith(_EBML):
        return "webm"
    stripped = head.lstrip()[:64].lower()
    if stripped.startswith((b"<!doctype", b"<html", b"<?xml")):
        raise NotAVideo("the download is an HTML/XML page, not a video")
    if stripped.startswith((b"{", b"[")):
        raise NotAVideo("the download is JSON text, not a video")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        raise NotAVideo("the download is an image, not a video")
    if not head:
        raise NotAVideo("the download is empty")
    raise NotAVideo("the download is not a video file this app can read")


def probe(
    path: Path, poster: Path | None = None, *, at_fraction: float = 0.1, poster_width: int = 640
) -> ClipInfo:
    """Duration, size, frame rate, codec and audio of a clip, proven by decoding a frame.

    With ``poster``, that decoded frame (from ``at_fraction`` into the clip, at a keyframe)
    is also saved there as a JPEG — one open and one decode for both jobs.

    Raises:
        NotAVideo: the container cannot be opened or holds no decodable video.
    """
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise NotAVideo("the file has no video stream")
            stream = container.streams.video[0]
            duration = _duration(container, stream)
            fps = float(stream.average_rate or stream.guessed_rate or 0)
            frame = _frame_near(container, stream, duration * at_fraction)
            info = ClipInfo(
                duration=round(duration, 3),
                width=stream.codec_context.width,
                height=stream.codec_context.height,
                fps=round(fps, 3),
                codec=stream.codec_context.name,
                audio=bool(container.streams.audio),
                container=_container_name(container.format.name),
            )
            image = _poster_image(frame, poster_width) if poster is not None else None
    except av.error.FFmpegError as exc:  # type: ignore[attr-defined]
        raise NotAVideo(f"the file cannot be decoded ({exc.strerror or exc})") from exc
    if image is not None and poster is not None:
        _save_jpeg(image, poster, poster_width)
    return info


def _poster_image(frame: Any, max_width: int) -> Any:
    """The frame as a poster-sized RGB image, scaled by FFmpeg (swscale) while converting.

    Converting a 720p frame at full size and resizing it in Pillow held the interpreter
    lock ~40 ms a poster, long enough to stall the window while a run's clips land.
    """
    if frame.width <= max_width:
        return frame.to_image()
    height = max(2, round(frame.height * max_width / frame.width / 2) * 2)
    return frame.to_image(width=max_width, height=height)


def _frame_near(container: Any, stream: Any, seconds: float) -> Any:
    """The first frame at or after the keyframe before ``seconds`` (else the first frame)."""
    import av

    if seconds > 0 and stream.time_base:
        try:
            container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
            return next(container.decode(stream))
        except (StopIteration, av.error.FFmpegError):  # type: ignore[attr-defined]
            container.seek(0, stream=stream)  # an unseekable file: start from the top
    try:
        return next(container.decode(stream))
    except StopIteration:
        raise NotAVideo("the video stream holds no decodable frame") from None


def _save_jpeg(image: Any, poster: Path, max_width: int) -> None:
    if image.width > max_width:
        image = image.resize((max_width, round(image.height * max_width / image.width)))
    tmp = poster.with_name(poster.name + ".part")
    poster.parent.mkdir(parents=True, exist_ok=True)
    image.save(tmp, format="JPEG", quality=85)
    tmp.replace(poster)


def _duration(container: object, stream: object) -> float:
    if getattr(stream, "duration", None) and getattr(stream, "time_base", None):
        return float(stream.duration * stream.time_base)  # type: ignore[attr-defined]
    if getattr(container, "duration", None):
        return float(container.duration) / 1_000_000  # type: ignore[attr-defined]
    return 0.0


def _container_name(names: str) -> str:
    if "webm" in names or "matroska" in names:
        return "webm"
    return "mp4"
