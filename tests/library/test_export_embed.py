"""Export embeds each take's record in its clip; the clip still plays; progress and stop."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.library.fill import fill
from workbench.library import Library
from workbench.library.embed import EmbedError, embed_record, parse_record, read_record
from workbench.library.export import export_takes
from workbench.library.records import TakeFilter
from workbench.media import NotAVideo, probe


def test_exported_clips_carry_the_sidecar_record_and_still_play(lib: Library, tmp_path: Path):
    made = fill(lib, 3)
    lib.add_note(made[1].id, "黄昏的光线很好")
    takes = lib.takes(TakeFilter())
    rows = export_takes(takes, tmp_path / "out")
    assert [r["record"] for r in rows] == ["embedded"] * 3
    for row, take in zip(rows, reversed(takes), strict=True):
        clip = tmp_path / "out" / row["file"]
        sidecar = json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))
        assert read_record(clip) == sidecar
        assert sidecar["take"] == take.id and sidecar["clip"]["sha256"] == take.sha256
        # Remuxed, not re-encoded: same duration and size as the library's clip.
        original, exported = probe(Path(take.path)), probe(clip)
        assert exported.duration == pytest.approx(original.duration, abs=0.05)
        assert (exported.width, exported.height) == (original.width, original.height)
        assert exported.codec == original.codec
    note = read_record(tmp_path / "out" / rows[1]["file"])
    assert note is not None and note["notes"] == ["黄昏的光线很好"]
    index = list(csv.DictReader((tmp_path / "out" / "index.csv").open(encoding="utf-8")))
    assert [r["record"] for r in index] == ["embedded"] * 3


def test_a_library_clip_has_no_record(lib: Library) -> None:
    made = fill(lib, 1)
    assert read_record(made[0].clip) is None


def test_not_a_video_and_missing_files_are_told_apart(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(NotAVideo):
        read_record(text)
    with pytest.raises(FileNotFoundError):
        read_record(tmp_path / "gone.mp4")


def test_foreign_json_comments_are_not_records() -> None:
    assert parse_record('{"title": "someone else"}') is None
    assert parse_record("just words") is None
    assert parse_record('{"workbench_record": 1, "take": 3}') == {"workbench_record": 1, "take": 3}


def test_a_clip_that_cannot_be_remuxed_is_copied_with_its_sidecar(
    lib: Library, tmp_path: Path
) -> None:
    made = fill(lib, 1)
    made[0].clip.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64)  # broken inside
    rows = export_takes(lib.takes(TakeFilter()), tmp_path / "out")
    assert rows[0]["record"] == "sidecar"
    assert (tmp_path / "out" / rows[0]["file"]).read_bytes() == made[0].clip.read_bytes()
    assert not list((tmp_path / "out").glob("*.part"))


def test_embedding_refuses_unknown_containers(lib: Library, tmp_path: Path) -> None:
    made = fill(lib, 1)
    with pytest.raises(EmbedError):
        embed_record(made[0].clip, tmp_path / "clip.avi", {"take": 1})


def test_progress_is_told_per_clip_and_stop_ends_the_export(lib: Library, tmp_path: Path):
    fill(lib, 5, judge=False)
    takes = lib.takes(TakeFilter())
    seen: list[tuple[int, int]] = []
    rows = export_takes(
        takes,
        tmp_path / "out",
        progress=lambda done, total, _name: seen.append((done, total)),
        stop=lambda: len(seen) >= 2,
    )
    assert seen == [(1, 5), (2, 5)] and len(rows) == 2
    index = list(csv.DictReader((tmp_path / "out" / "index.csv").open(encoding="utf-8")))
    assert [r["file"] for r in index] == [r["file"] for r in rows]
    assert len(list((tmp_path / "out").glob("*.mp4"))) == 2
