"""``workbench export`` embeds each take's record; ``workbench info FILE`` reads it back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.library.fill import fill
from workbench.cli import main
from workbench.library import Library
from workbench.media import probe


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two_takes(isolated_home: Path) -> list:
    lib = Library(isolated_home)
    made = fill(lib, 2)
    lib.add_note(made[0].id, "keep the last second")
    lib.close()
    return made


def test_export_then_info_gives_back_the_sidecar_record(capsys, two_takes, tmp_path: Path):
    out = tmp_path / "export"
    code, _, err = cli(capsys, "export", str(out))
    assert code == 0 and "Exported 2 take" in err
    clips = sorted(out.glob("*.mp4"))
    assert len(clips) == 2
    for clip in clips:
        code, printed, _ = cli(capsys, "info", "--json", str(clip))
        assert code == 0
        record = json.loads(printed)
        assert record == json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))
        made = next(t for t in two_takes if t.id == record["take"])
        assert (record["provider"], record["model"], record["seed"]) == (
            made.provider,
            made.model,
            made.seed,
        )
        # Still a playable clip of the same length and size as the library's.
        assert probe(clip).duration == pytest.approx(probe(made.clip).duration, abs=0.05)
        assert (probe(clip).width, probe(clip).height) == (426, 240)
    first = next(c for c in clips if f"take{two_takes[0].id:05d}" in c.name)
    code, printed, _ = cli(capsys, "info", str(first))
    assert code == 0
    assert "keep the last second" in printed and two_takes[0].prompt in printed
    assert re.search(rf"^seed\s+{two_takes[0].seed}$", printed, re.MULTILINE)


def test_info_says_when_a_clip_carries_no_record(capsys, two_takes) -> None:
    code, printed, err = cli(capsys, "info", str(two_takes[0].clip))
    assert code == 1 and printed == ""
    assert "carries no Workbench record" in err


def test_info_on_a_missing_file_or_a_non_video(capsys, tmp_path: Path) -> None:
    code, _, err = cli(capsys, "info", str(tmp_path / "gone.mp4"))
    assert code == 2 and "There is no file" in err
    text = tmp_path / "a.txt"
    text.write_text("not a clip")
    code, _, err = cli(capsys, "info", str(text))
    assert code == 2 and "cannot be read as a video" in err
