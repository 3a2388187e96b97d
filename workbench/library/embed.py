"""A take's generation record carried inside its exported clip, so the file alone tells it.

Exporting remuxes the clip (streams copied, nothing re-encoded) and writes the record as
compact JSON into the container's ``comment`` tag, which every common player and tool
(ffprobe, exiftool, VLC's media information) shows. The title tag gets the prompt, so a
player's window says what the clip is. Reading needs only the file: no database, no engine.

A record is recognised by its ``workbench_record`` key (the format's version), so a clip
whose comment happens to be other JSON is not mistaken for one of ours.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from workbench.media import NotAVideo

#: The record format's version, stored under :data:`MARK` in every record.
RECORD_VERSION = 1
MARK = "workbench_record"
#: Container tag that holds the JSON.
TAG = "comment"
#: Muxer per file suffix; anything else is refused (copied without a record by the export).
MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".webm": "webm", ".mkv": "matroska"}
_TITLE_CHARS = 200


class EmbedError(RuntimeError):
    """The clip could not be remuxed with its record (the message says why)."""


def record_text(record: dict[str, Any]) -> str:
    """The record as the compact JSON stored in the tag (UTF-8, no padding)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def embed_record(source: Path, target: Path, record: dict[str, Any]) -> None:
    """Copy ``source`` to ``target`` with ``record`` in its metadata; no re-encoding.

    ``target`` is written under a temporary name and renamed, so it is never half there.

    Raises:
        EmbedError: the container is not one we can write, or the remux failed.
    """
    import av

    muxer = MUXERS.get(target.suffix.lower())
    if muxer is None:
        raise EmbedError(f"cannot write a record into a {target.suffix or 'suffix-less'} file")
    tmp = target.with_name(target.name + ".part")
    options = {"movflags": "+faststart"} if muxer in ("mp4", "mov") else {}
    try:
        with (
            av.open(str(source)) as inp,
            av.open(str(tmp), "w", format=muxer, options=options) as out,
        ):
            out.metadata[TAG] = record_text({MARK: RECORD_VERSION, **record})
            prompt = " ".join(str(record.get("prompt") or "").split())
            if prompt:
                out.metadata["title"] = prompt[:_TITLE_CHARS]
            streams = {}
            for stream in inp.streams:
                if stream.type in ("video", "audio"):
                    streams[stream.index] = out.add_stream_from_template(stream)
            if not streams:
                raise EmbedError("the clip has no video or audio stream to copy")
            for packet in inp.demux(*(inp.streams[i] for i in streams)):
                if packet.dts is None:  # the demuxer's flush packet
                    continue
                packet.stream = streams[packet.stream.index]
                out.mux(packet)
    except (av.error.FFmpegError, ValueError, OSError) as exc:  # type: ignore[attr-defined]
        tmp.unlink(missing_ok=True)
        raise EmbedError(f"the clip could not be remuxed ({exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)


def read_record(path: Path) -> dict[str, Any] | None:
    """The record embedded in a clip, or None when it carries none.

    Raises:
        FileNotFoundError: there is no such file.
        NotAVideo: the file is not a container this app can read.
    """
    import av

    if not path.is_file():
        raise FileNotFoundError(f"there is no file {path}")
    try:
        with av.open(str(path)) as container:
            metadata = dict(container.metadata)
    except av.error.FFmpegError as exc:  # type: ignore[attr-defined]
        raise NotAVideo(f"the file cannot be read as a video ({exc.strerror or exc})") from exc
    # Matroska keeps tag names upper-case; MP4 lower-case.
    text = next((v for k, v in metadata.items() if k.lower() == TAG), None)
    return parse_record(text)


def parse_record(text: str | None) -> dict[str, Any] | None:
    """A record from a tag's text; None when the text is not one of our records."""
    if not text or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get(MARK), int):
        return None
    return data
