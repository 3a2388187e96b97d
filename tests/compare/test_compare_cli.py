"""``workbench compare`` end to end on a real sim library, and the engine's use case."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest

from tests.compare.clips import decode_rgb
from workbench.cli import main
from workbench.compare import CompareCanceled, CompareLayout
from workbench.domain.problems import InvalidRequest
from workbench.engine.host import EngineHost
from workbench.media import probe


@pytest.fixture(autouse=True)
def quick_sim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_SIM_RENDER_SCALE", "0.02")
    monkeypatch.setenv("WORKBENCH_SIM_FAILURE_RATE", "0")


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def takes(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    """Two real sim takes (two models, 16:9, 2 s) and one 9:16 take of 3 s."""
    code, out, err = cli(
        capsys,
        *("run", "一只小狐狸在雪地里奔跑 a fox in the snow", "-p", "sim", "-p", "sim:sim-pro"),
        *("-n", "1", "--duration", "2", "--resolution", "360p", "--json", "-q"),
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    code, out, err = cli(
        capsys,
        *("run", "a fox", "-p", "sim", "--aspect", "9:16", "--duration", "3"),
        *("--resolution", "360p", "--json", "-q"),
    )
    assert code == 0, err
    return [*rows, json.loads(out)]


def test_compare_writes_a_labelled_grid_and_says_what_is_where(
    capsys: pytest.CaptureFixture[str], takes: list[dict], tmp_path: Path
) -> None:
    ids = [str(t["take"]) for t in takes]
    out = tmp_path / "compare.mp4"
    code, stdout, err = cli(capsys, "compare", *ids, "-o", str(out), "--json")
    assert code == 0, err
    video = json.loads(stdout)
    assert video["path"] == str(out.resolve()) and video["layout"] == "grid"
    assert (video["rows"], video["cols"]) in {(1, 3), (2, 2)}
    assert [t["take_id"] for t in video["tiles"]] == [t["take"] for t in takes]
    by_id = {t["take"]: t for t in takes}
    for tile in video["tiles"]:
        take = by_id[tile["take_id"]]
        assert tile["label"] == f"Sim (offline) · {take['model']} · seed {take['seed']}"
    info = probe(out)
    assert (info.width, info.height) == (video["width"], video["height"])
    assert info.duration == pytest.approx(3.0, abs=0.05)  # the longest take
    assert "comparison video 100%" in err  # progress on stderr


def test_compare_row_blind_hides_names_and_prints_the_key(
    capsys: pytest.CaptureFixture[str], takes: list[dict], tmp_path: Path
) -> None:
    ids = [str(t["take"]) for t in takes[:3]]
    out = tmp_path / "blind.mp4"
    code, stdout, err = cli(capsys, "compare", *ids, "-o", str(out), "--row", "--blind", "-q")
    assert code == 0, err
    assert err.startswith("Wrote ") and ", row," in err and "blind" in err
    assert "%" not in err  # quiet: no progress
    lines = stdout.splitlines()  # the key: which letter is which take
    assert lines[0].split() == ["tile", "label", "take", "provider", "model", "seed"]
    assert [line.split()[1:3] for line in lines[1:]] == [
        ["A", ids[0]],
        ["B", ids[1]],
        ["C", ids[2]],
    ]
    assert probe(out).duration == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["1"], "2 to 9 takes, not 1"),
        ([str(i) for i in range(1, 11)], "2 to 9 takes, not 10"),
        (["1", "2", "1"], "repeated: 1"),
        (["1", "999"], "there is no take 999"),
    ],
)
def test_bad_takes_are_refused_in_words_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    code, stdout, err = cli(capsys, "compare", *args, "-o", str(tmp_path / "x.mp4"))
    assert code == 2 and words in err and "No comparison video was made" in err
    assert not stdout and not (tmp_path / "x.mp4").exists()


def test_a_bad_output_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    cases = {
        str(folder / "missing" / "x.mp4"): "does not exist",
        str(folder / "x.gif"): "must end in .mp4",
    }
    if sys.platform.startswith("linux"):
        cases["/sys/x.mp4"] = "cannot be written to"  # even root may not write there
    for out, words in cases.items():
        code, _, err = cli(capsys, "compare", "1", "2", "-o", out)
        assert code == 2 and words in err
        assert os.listdir(folder) == []
    # Every problem at once, not only the first.
    code, _, err = cli(capsys, "compare", "1", "1", "-o", str(folder / "nope" / "x.mov"))
    assert code == 2
    assert all(w in err for w in ("repeated", "must end in .mp4", "does not exist"))


def test_the_engine_use_case_runs_off_the_loop_and_can_be_canceled(
    takes: list[dict], tmp_path: Path
) -> None:
    ids = [t["take"] for t in takes[:2]]
    folder = tmp_path / "out"
    folder.mkdir()
    with EngineHost() as host:
        heard: list[tuple[float, str]] = []
        done = host.call(
            lambda e: e.compare_video(
                ids,
                folder / "ok.mp4",
                CompareLayout.ROW,
                progress=lambda f: heard.append((f, threading.current_thread().name)),
            )
        )
        assert done.path == str((folder / "ok.mp4").resolve()) and done.layout == "row"
        assert heard[-1][0] == 1.0
        assert all(name != "workbench-engine" for _, name in heard)  # a worker thread
        assert len(decode_rgb(folder / "ok.mp4")) == done.frames

        cancel = threading.Event()
        with pytest.raises(CompareCanceled):
            host.call(
                lambda e: e.compare_video(
                    ids,
                    folder / "gone.mp4",
                    progress=lambda f: f > 0.2 and cancel.set(),
                    cancel=cancel,
                )
            )
        with pytest.raises(InvalidRequest) as refused:
            host.call(lambda e: e.compare_video([ids[0]], folder / "one.mp4"))
        assert refused.value.problems[0].code == "count"
    assert os.listdir(folder) == ["ok.mp4"]


def test_canceling_the_engine_call_stops_the_export_and_cleans_up(
    takes: list[dict], tmp_path: Path
) -> None:
    """Closing the host (or cancelling the task) mid-export leaves no temporary file."""
    ids = [t["take"] for t in takes]
    folder = tmp_path / "out"
    folder.mkdir()
    started = threading.Event()
    host = EngineHost().start()
    try:
        future = host.submit(
            lambda e: e.compare_video(ids, folder / "x.mp4", progress=lambda f: started.set())
        )
        assert started.wait(30)
    finally:
        host.close()
    assert future.cancelled() or isinstance(future.exception(5), BaseException)
    assert os.listdir(folder) == []
