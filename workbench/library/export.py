"""Export takes: the clip files with their record embedded, one JSON sidecar each, an index.

Each clip is remuxed with its generation record in its metadata (:mod:`.embed`), so the
file alone recalls its prompt, service, seed and notes; a clip that cannot be remuxed is
copied as it is and the index says its record is in the sidecar only. The export reports
progress per clip and can be stopped between clips (the index then lists what was written).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.domain.views import TakeView
from workbench.library.embed import MARK, RECORD_VERSION, EmbedError, embed_record

#: ``progress(done, total, file name)`` after each clip (called on the exporting thread).
Progress = Callable[[int, int, str], None]

_INDEX_COLUMNS = (
    "file",
    "take",
    "run",
    "provider",
    "model",
    "seed",
    "draw",
    "rating",
    "favourite",
    "tags",
    "reasons",
    "duration",
    "width",
    "height",
    "cost_usd",
    "charged",
    "estimated_cost_usd",
    "prompt",
    "record",
)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:40] or "x"


def sidecar(take: TakeView, file: str) -> dict[str, Any]:
    """A take's whole generation record, as written next to an exported clip."""
    return {
        MARK: RECORD_VERSION,
        "file": file,
        "take": take.id,
        "job": take.job_id,
        "run": take.run_id,
        "prompt": take.prompt,
        "negative_prompt": take.negative,
        "prompt_id": take.prompt_id,
        "prompt_version": take.prompt_version,
        "provider": take.provider,
        "model": take.model,
        "seed": take.seed,
        "draw": take.draw_no,
        "parent_take": take.parent_take_id,
        "spec": take.params,
        "cost_usd": take.cost_usd if take.charged is not False else None,
        "charged": None if take.charged is None else take.charged,
        "estimated_cost_usd": take.est_cost_usd,
        "cost_reported": take.cost_reported,
        "render_s": take.render_s,
        "rating": take.rating,
        "rated_blind": take.blind,
        "favourite": take.favourite,
        "tags": list(take.tags),
        "reasons": list(take.reasons),
        "notes": list(take.notes),
        "clip": {
            "sha256": take.sha256,
            "bytes": take.bytes,
            "duration": take.duration,
            "width": take.width,
            "height": take.height,
            "fps": take.fps,
            "codec": take.codec,
            "audio": take.audio,
            "container": take.container,
        },
    }


def export_takes(
    takes: list[TakeView],
    dest: Path,
    *,
    embed: bool = True,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[dict[str, Any]]:
    """Copy every take into ``dest`` with a sidecar; returns the index rows.

    Files are written under temporary names and renamed, so an interrupted export never
    leaves a half-copied clip under its final name. Existing files with the same name are
    replaced (an export is reproducible from the library).

    Args:
        takes: newest first, as the library lists them (the index is oldest first).
        dest: the folder (created if missing).
        embed: remux each clip with its record in the metadata (else a plain copy).
        progress: told after each clip.
        stop: asked before each clip; True ends the export there (the index lists what
            was written).
    """
    dest.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    total = len(takes)
    for take in reversed(takes):  # oldest first reads naturally in the CSV
        if stop is not None and stop():
            break
        source = Path(take.path)
        stem = (
            f"take{take.id:05d}_{_slug(take.provider)}_{_slug(take.model)}"
            f"_seed{take.seed if take.seed is not None else 'na'}"
        )
        clip_name = f"{stem}{source.suffix}"
        record = sidecar(take, clip_name)
        embedded = False
        if embed:
            try:
                embed_record(source, dest / clip_name, record)
                embedded = True
            except EmbedError:
                pass  # still exported: a plain copy, the record in the sidecar
        if not embedded:
            _atomic_copy(source, dest / clip_name)
        _atomic_write(
            dest / f"{stem}.json", json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        )
        index.append(
            {
                "file": clip_name,
                "take": take.id,
                "run": take.run_id,
                "provider": take.provider,
                "model": take.model,
                "seed": take.seed,
                "draw": take.draw_no,
                "rating": take.rating,
                "favourite": take.favourite,
                "tags": ";".join(take.tags),
                "reasons": ";".join(take.reasons),
                "duration": take.duration,
                "width": take.width,
                "height": take.height,
                "cost_usd": record["cost_usd"],
                "charged": "unknown" if take.charged is None else ("yes" if take.charged else "no"),
                "estimated_cost_usd": take.est_cost_usd,
                "prompt": take.prompt,
                "record": "embedded" if embedded else "sidecar",
            }
        )
        if progress is not None:
            progress(len(index), total, clip_name)
    tmp = dest / "index.csv.part"
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=_INDEX_COLUMNS)
        writer.writeheader()
        writer.writerows(index)
    os.replace(tmp, dest / "index.csv")
    return index


def _atomic_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".part")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _atomic_write(target: Path, text: str) -> None:
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
