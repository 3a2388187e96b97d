"""Export takes: the clip files, one JSON sidecar each, and an index CSV."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from workbench.library.records import TakeFilter
from workbench.library.takes_repo import TakesRepo

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
    "prompt",
)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:40] or "x"


def export_takes(repo: TakesRepo, dest: Path, flt: TakeFilter) -> list[dict[str, Any]]:
    """Copy every matching take into ``dest`` with a sidecar; returns the index rows.

    Files are written under temporary names and renamed, so an interrupted export never
    leaves a half-copied clip under its final name. Existing files with the same name are
    replaced (an export is reproducible from the library).
    """
    takes = repo.query_takes(flt)
    dest.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    for take in reversed(takes):  # oldest first reads naturally in the CSV
        source = Path(take["path"])
        stem = (
            f"take{take['take']:05d}_{_slug(take['provider'])}_{_slug(take['model'])}"
            f"_seed{take['seed'] if take['seed'] is not None else 'na'}"
        )
        clip_name = f"{stem}{source.suffix}"
        _atomic_copy(source, dest / clip_name)
        sidecar = {
            "file": clip_name,
            "take": take["take"],
            "job": take["job"],
            "run": take["run"],
            "prompt": take["prompt"],
            "negative_prompt": take["negative"],
            "prompt_id": take["prompt_id"],
            "prompt_version": take["prompt_version"],
            "provider": take["provider"],
            "model": take["model"],
            "seed": take["seed"],
            "draw": take["draw"],
            "spec": json.loads(take["params_json"]),
            "cost_usd": take["cost_usd"],
            "estimated_cost_usd": take["est_cost_usd"],
            "cost_reported": take["cost_reported"],
            "render_s": take["render_s"],
            "rating": take["rating"],
            "favourite": take["favourite"],
            "tags": take["tags"],
            "reasons": take["reasons"],
            "notes": take["notes"],
            "clip": {
                k: take[k]
                for k in (
                    "sha256",
                    "bytes",
                    "duration",
                    "width",
                    "height",
                    "fps",
                    "codec",
                    "audio",
                    "container",
                )
            },
        }
        _atomic_write(
            dest / f"{stem}.json", json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n"
        )
        row = {c: take.get(c) for c in _INDEX_COLUMNS if c in take}
        row.update(file=clip_name, tags=";".join(take["tags"]), reasons=";".join(take["reasons"]))
        index.append(row)
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
