"""The comparison video itself: decoded back, measured, and checked pixel by pixel."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.compare.clips import (
    BLUE,
    GREEN,
    GREY,
    PALETTE,
    RED,
    YELLOW,
    close_to,
    colour_at,
    decode_rgb,
)
from workbench.compare import (
    CompareCanceled,
    CompareError,
    CompareLayout,
    CompareTile,
    make_comparison,
    plan_comparison,
    render_comparison,
)
from workbench.compare.text import BACKGROUND
from workbench.media import probe

Clip = Callable[..., Path]


def tiles_of(*paths: Path) -> list[CompareTile]:
    return [CompareTile(p, f"Service {i}", f"model-{i}", i, take_id=i) for i, p in enumerate(paths)]


def test_a_grid_decodes_with_the_planned_size_duration_and_tile_order(
    clip: Clip, tmp_path: Path
) -> None:
    """16:9 and 9:16, 24 and 30 fps, 0.1–0.2 s: each tile shows its own clip, in order."""
    paths = [
        clip("red.mp4", 160, 90, 24, [RED] * 3),  # 0.125 s
        clip("green.mp4", 90, 160, 30, [GREEN] * 6),  # 0.2 s, the longest
        clip("blue.mp4", 160, 90, 30, [BLUE] * 3),  # 0.1 s
        clip("yellow.mp4", 90, 160, 24, [YELLOW] * 2),
    ]
    out = tmp_path / "grid.mp4"
    plan = plan_comparison(tiles_of(*paths), caption="a fox 狐狸")
    assert make_comparison(tiles_of(*paths), out, caption="a fox 狐狸") == out

    info = probe(out)
    assert (info.width, info.height) == (plan.width, plan.height)
    assert plan.width <= 1920 and plan.height <= 1080 and plan.width % 2 == plan.height % 2 == 0
    assert (plan.arrangement.rows, plan.arrangement.cols) == (2, 2)
    assert info.codec == "h264" and not info.audio and info.fps == 30
    assert info.duration == pytest.approx(0.2, abs=1 / 30)
    frames = decode_rgb(out)
    assert len(frames) == plan.frames == 6
    for frame in frames:
        for slot, colour in zip(plan.arrangement.slots, (RED, GREEN, BLUE, YELLOW), strict=True):
            assert close_to(colour_at(frame, slot.picture), colour)


def test_a_row_puts_the_takes_left_to_right_and_letterboxes_tall_ones(
    clip: Clip, tmp_path: Path
) -> None:
    paths = [
        clip("a.mp4", 160, 90, 30, [RED] * 3),
        clip("b.mp4", 90, 160, 30, [GREEN] * 3),
        clip("c.mp4", 160, 90, 30, [BLUE] * 3),
    ]
    out = tmp_path / "row.mp4"
    kwargs = {"layout": CompareLayout.ROW, "width": 960, "height": 360}
    plan = plan_comparison(tiles_of(*paths), **kwargs)
    make_comparison(tiles_of(*paths), out, **kwargs)
    assert (plan.width, plan.height) == (960, 360)  # both given: exactly this size
    slots = plan.arrangement.slots
    assert [s.box.x for s in slots] == sorted(s.box.x for s in slots)
    assert len({s.box.y for s in slots}) == 1
    tall = slots[1]
    assert tall.picture.w < tall.box.w and tall.picture.h == tall.box.h  # pillarboxed
    assert tall.picture.w / tall.picture.h == pytest.approx(9 / 16, rel=0.05)
    frame = decode_rgb(out)[-1]
    for slot, colour in zip(slots, (RED, GREEN, BLUE), strict=True):
        assert close_to(colour_at(frame, slot.picture), colour)
    bar = frame[tall.box.y + 10 : tall.box.bottom - 10, tall.box.x + 2 : tall.picture.x - 2]
    assert bar.size and close_to(bar.reshape(-1, 3).mean(axis=0), BACKGROUND)


def test_the_shorter_clip_holds_its_last_frame(clip: Clip, tmp_path: Path) -> None:
    short = clip("short.mp4", 160, 90, 30, [RED, RED, GREEN])  # ends on green at 0.1 s
    long = clip("long.mp4", 160, 90, 30, [BLUE] * 9)  # 0.3 s
    out = tmp_path / "hold.mp4"
    plan = plan_comparison(tiles_of(short, long), width=640, height=360)
    make_comparison(tiles_of(short, long), out, width=640, height=360)
    frames = decode_rgb(out)
    assert len(frames) == 9 and probe(out).duration == pytest.approx(0.3, abs=1 / 30)
    shown = [colour_at(f, plan.arrangement.slots[0].picture) for f in frames]
    assert close_to(shown[0], RED) and close_to(shown[1], RED)
    assert all(close_to(c, GREEN) for c in shown[2:])
    assert all(close_to(colour_at(f, plan.arrangement.slots[1].picture), BLUE) for f in frames)


def test_24_and_30_fps_stay_aligned_in_time(clip: Clip, tmp_path: Path) -> None:
    """Each frame of the 24 fps clip appears when its time comes on the 30 fps clock."""
    steps = [(40 + 60 * k, 40, 40) for k in range(4)]  # frame k of the 24 fps clip
    slow = clip("slow.mp4", 160, 90, 24, steps)  # 0, 1/24, 2/24, 3/24 s
    fast = clip("fast.mp4", 160, 90, 30, [GREY] * 5)  # 1/6 s
    out = tmp_path / "rates.mp4"
    plan = plan_comparison(tiles_of(slow, fast), width=640, height=360)
    make_comparison(tiles_of(slow, fast), out, width=640, height=360)
    assert plan.fps == 30 and plan.frames == 5
    frames = decode_rgb(out)
    for index, frame in enumerate(frames):
        t = index / 30
        expected = max(k for k in range(4) if k / 24 <= t)  # the frame on screen at t
        assert close_to(colour_at(frame, plan.arrangement.slots[0].picture), steps[expected])


def test_nine_takes_make_a_3x3_grid_in_order(clip: Clip, tmp_path: Path) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 2) for i, c in enumerate(PALETTE)]
    out = tmp_path / "nine.mp4"
    plan = plan_comparison(tiles_of(*paths), width=960, height=540, blind=True)
    make_comparison(tiles_of(*paths), out, width=960, height=540, blind=True)
    assert (plan.arrangement.rows, plan.arrangement.cols) == (3, 3)
    assert plan.labels == tuple("ABCDEFGHI")
    frame = decode_rgb(out)[0]
    for slot, colour in zip(plan.arrangement.slots, PALETTE, strict=True):
        assert close_to(colour_at(frame, slot.picture), colour)


def test_progress_climbs_to_one(clip: Clip, tmp_path: Path) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 6) for i, c in enumerate((RED, BLUE))]
    seen: list[float] = []
    make_comparison(
        tiles_of(*paths), tmp_path / "p.mp4", width=320, height=180, progress=seen.append
    )
    assert seen[0] == 0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_cancel_leaves_no_file_and_no_temporary_file(clip: Clip, tmp_path: Path) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 9) for i, c in enumerate((RED, BLUE))]
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "cmp.mp4"
    old.write_bytes(b"the previous export")
    cancel = threading.Event()

    def progress(fraction: float) -> None:
        if fraction > 0.3:
            cancel.set()

    with pytest.raises(CompareCanceled, match="nothing was written"):
        make_comparison(
            tiles_of(*paths), old, width=320, height=180, progress=progress, cancel=cancel
        )
    assert os.listdir(folder) == ["cmp.mp4"]
    assert old.read_bytes() == b"the previous export"  # replaced only by a whole video


def test_an_error_part_way_leaves_nothing_behind(clip: Clip, tmp_path: Path) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 9) for i, c in enumerate((RED, BLUE))]
    folder = tmp_path / "out"
    folder.mkdir()

    def broken(fraction: float) -> None:
        if fraction > 0.5:
            raise RuntimeError("the window went away")

    with pytest.raises(RuntimeError, match="went away"):
        make_comparison(tiles_of(*paths), folder / "x.mp4", width=320, height=180, progress=broken)
    assert os.listdir(folder) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/sys is Linux's")
def test_an_unwritable_output_is_refused_in_words_before_anything_is_written(
    clip: Clip, tmp_path: Path
) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 2) for i, c in enumerate((RED, BLUE))]
    plan = plan_comparison(tiles_of(*paths), width=320, height=180)
    cases = {
        Path("/sys/cmp.mp4"): "cannot be written to",  # even root may not write there
        tmp_path / "missing" / "cmp.mp4": "does not exist",
        tmp_path / "cmp.mov": "must end in .mp4",
        paths[0].with_suffix(".mp4"): "is one of the takes",
        tmp_path / "clips": "is a folder",
    }
    for out, words in cases.items():
        before = sorted(os.listdir(tmp_path))
        with pytest.raises(CompareError, match=words):
            render_comparison(plan, out)
        assert sorted(os.listdir(tmp_path)) == before
        assert sorted(os.listdir(tmp_path / "clips")) == ["0.mp4", "1.mp4"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_folder_is_refused(clip: Clip, tmp_path: Path) -> None:
    paths = [clip(f"{i}.mp4", 64, 36, 30, [c] * 2) for i, c in enumerate((RED, BLUE))]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(CompareError, match="cannot be written to"):
            make_comparison(tiles_of(*paths), locked / "x.mp4", width=320, height=180)
    finally:
        locked.chmod(0o700)


def test_bad_input_is_refused_in_words(clip: Clip, tmp_path: Path) -> None:
    red = clip("red.mp4", 64, 36, 30, [RED] * 2)
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("hello")
    with pytest.raises(CompareError, match="2 to 9 takes, not 1"):
        plan_comparison(tiles_of(red))
    with pytest.raises(CompareError, match="2 to 9 takes, not 10"):
        plan_comparison(tiles_of(*[red] * 10))
    with pytest.raises(CompareError, match="does not exist"):
        plan_comparison(tiles_of(red, tmp_path / "gone.mp4"))
    with pytest.raises(CompareError, match=r"cannot be decoded|no video"):
        plan_comparison(tiles_of(red, not_video))
    with pytest.raises(CompareError, match="too small"):
        plan_comparison(tiles_of(red, red), width=32, height=32)


def test_the_output_is_web_friendly_h264(clip: Clip, tmp_path: Path) -> None:
    """yuv420p, even size, moov before mdat (+faststart): starts playing while it loads."""
    import av

    paths = [clip(f"{i}.mp4", 100, 56, 30, [c] * 3) for i, c in enumerate((RED, BLUE))]
    out = tmp_path / "web.mp4"
    make_comparison(tiles_of(*paths), out, width=322, height=182)
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.codec_context.width, stream.codec_context.height) == (322, 182)
    head = out.read_bytes()
    assert 0 < head.find(b"moov") < head.find(b"mdat")


def test_the_same_takes_give_the_same_file(clip: Clip, tmp_path: Path) -> None:
    """x264 without macroblock-tree and a bit-exact muxer: reproducible exports."""
    paths = [clip(f"{i}.mp4", 100, 56, 24 + 6 * i, [c] * 4) for i, c in enumerate((RED, BLUE))]
    first, second = tmp_path / "1.mp4", tmp_path / "2.mp4"
    make_comparison(tiles_of(*paths), first, width=322, height=182, caption="狐狸")
    make_comparison(tiles_of(*paths), second, width=322, height=182, caption="狐狸")
    assert first.read_bytes() == second.read_bytes()
