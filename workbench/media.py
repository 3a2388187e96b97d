"""Checking and describing video files: magic bytes, a PyAV probe, a poster frame.

A leaf module (PyAV and Pillow, imported lazily) used by the engine's download step and by
the ``sim`` service.
"""

from __future__ import annotations

from pathlib import Path

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


def probe(path: Path) -> ClipInfo:
    """Duration, size, frame rate, codec and audio of a clip, decoding its first frame.

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
            # Decoding one frame proves the stream is really playable (a file cut short
            # before its first keyframe opens fine but decodes nothing).
            next(container.decode(stream))
            return ClipInfo(
                duration=round(duration, 3),
                width=stream.codec_context.width,
                height=stream.codec_context.height,
                fps=round(fps, 3),
                codec=stream.codec_context.name,
                audio=bool(container.streams.audio),
                container=_container_name(container.format.name),
            )
    except StopIteration:
        raise NotAVideo("the video stream holds no decodable frame") from None
    except av.error.FFmpegError as exc:  # type: ignore[attr-defined]
        raise NotAVideo(f"the file cannot be decoded ({exc.strerror or exc})") from exc


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


def write_poster(path: Path, poster: Path, at_fraction: float = 0.1, max_width: int = 640) -> Path:
    """Save a JPEG poster from ``path`` (a frame ``at_fraction`` into the clip)."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        duration = _duration(container, stream)
        target = duration * at_fraction
        chosen = None
        for frame in container.decode(stream):
            chosen = frame
            if frame.time is not None and frame.time >= target:
                break
        if chosen is None:
            raise NotAVideo("the video stream holds no decodable frame")
        image = chosen.to_image()
    if image.width > max_width:
        image = image.resize((max_width, round(image.height * max_width / image.width)))
    tmp = poster.with_name(poster.name + ".part")
    poster.parent.mkdir(parents=True, exist_ok=True)
    image.save(tmp, format="JPEG", quality=85)
    tmp.replace(poster)
    return poster
