"""Play, pause, step, scrub, Home/End and loop keep every selected take on one timeline.

Clips of 2 s at 24 fps and 3 s at 30 fps (conftest): positions are read back from the
frame numbers drawn into the pictures the players hand to the views.
"""

from __future__ import annotations

from typing import Any

from compare_clips import frame_number
from compare_helpers import Compare
from PySide6.QtCore import Qt

from workbench.ui.compare import timeline
from workbench.ui.compare.player import ClipPlayer


def expected_frame(player: ClipPlayer, position: float) -> int:
    count = timeline.frame_count(player.duration_ms, player.fps)
    return min(timeline.frame_index(position, player.fps), count - 1)


def shown(player: ClipPlayer) -> int | None:
    image = player.image()
    return frame_number(image) if image is not None else None


def on_frames(compare: Compare, position: float) -> bool:
    """Every player shows exactly the frame the timeline's position asks for."""
    players = compare.sync.players()
    return bool(players) and all(shown(p) == expected_frame(p, position) for p in players)


def in_step(compare: Compare) -> list[float]:
    """The times (ms) of the frames shown; all within one frame of the slowest clip."""
    players = compare.sync.players()
    times = [timeline.frame_start(shown(p) or 0, p.fps) for p in players]
    slowest = max(p.frame_ms for p in players)
    assert max(times) - min(times) <= slowest + 0.5, times
    return times


def press(qtbot: Any, compare: Compare, key: Qt.Key, text_key: str = "") -> None:
    qtbot.keyClick(compare.pane.view, key)


def test_space_on_the_board_plays_the_selection_in_step_and_pause_aligns_them(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id)
    sync = compare.sync
    assert not sync.players()  # a selection alone decodes nothing
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_Space)
    assert sync.is_playing()
    assert [p.take_id for p in sync.players()] == [red.take.id, blue.take.id]
    qtbot.waitUntil(lambda: sync.position() > 900, timeout=10_000)
    # While playing, both tiles stay within a frame of each other.
    qtbot.waitUntil(lambda: all(p.image() is not None for p in sync.players()))
    in_step(compare)
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_Space)
    assert not sync.is_playing()
    position = sync.position()
    assert 900 < position < 2000
    qtbot.waitUntil(lambda: on_frames(compare, position), timeout=5000)
    # The tiles paint the players' frames instead of their posters.
    delegate = compare.pane.view.tile_delegate
    assert delegate.live_frame is not None
    assert delegate.live_frame(red.id) is sync.player(red.take.id).image()
    # The current tile is also the audible one.
    assert sync.audible() == red.take.id


def test_frame_steps_go_by_the_fastest_clip_and_hold_the_slower(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id)
    sync = compare.sync
    assert sync.step_ms() == timeline.frame_ms(30)
    for n in range(1, 5):
        qtbot.keyClick(compare.pane.view, Qt.Key.Key_Period)
        assert abs(sync.position() - n * 1000 / 30) < 0.01
        qtbot.waitUntil(lambda: on_frames(compare, sync.position()), timeout=5000)
    assert shown(sync.player(blue.take.id)) == 4
    assert shown(sync.player(red.take.id)) == 3  # 133 ms at 24 fps: frame 3
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: on_frames(compare, 100.0), timeout=5000)
    # On the board the arrows still move the current tile, they do not step.
    before = sync.position()
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_Right)
    assert sync.position() == before
    assert compare.pane.view.current_job().id == blue.id


def test_scrub_home_and_end_move_every_take_and_the_shorter_holds_its_last_frame(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id)
    sync = compare.sync
    compare.controller.board_play.refresh()
    bar = compare.controller.transport
    assert bar.timecode_text() == "00:00.00 / 00:03.00"
    sync.seek(1500.0)
    qtbot.waitUntil(lambda: on_frames(compare, 1500.0), timeout=5000)
    assert (shown(sync.player(red.take.id)), shown(sync.player(blue.take.id))) == (36, 45)
    assert bar.timecode_text() == "00:01.50 / 00:03.00"
    sync.seek(2500.0)  # past the red clip's end
    qtbot.waitUntil(lambda: on_frames(compare, 2500.0), timeout=5000)
    assert (shown(sync.player(red.take.id)), shown(sync.player(blue.take.id))) == (47, 75)
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: shown(sync.player(blue.take.id)) == 89, timeout=5000)
    assert shown(sync.player(red.take.id)) == 47
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: on_frames(compare, 0.0), timeout=5000)


def test_scrub_bar_drags_pause_and_resume(qtbot: Any, compare: Compare, jobs_by_clip: Any) -> None:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id)
    sync = compare.sync
    slider = compare.controller.transport.slider
    compare.controller.play_pause()
    qtbot.waitUntil(lambda: sync.position() > 300, timeout=10_000)
    x = slider.width() // 2
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=slider.rect().center())
    assert not sync.is_playing()
    jumped = sync.position()
    assert abs(jumped - slider.value()) < 1
    assert 1000 < jumped < 2000, jumped
    qtbot.waitUntil(lambda: on_frames(compare, jumped), timeout=5000)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=slider.rect().center())
    assert sync.is_playing()
    del x
    compare.controller.play_pause()


def test_playing_past_the_shorter_clip_and_looping(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    green, blue = jobs_by_clip("green"), jobs_by_clip("blue")  # 2 s and 3 s, both 30 fps
    compare.select(green.id, blue.id)
    sync = compare.sync
    compare.controller.board_play.refresh()
    sync.seek(1700.0)
    compare.controller.play_pause()
    qtbot.waitUntil(lambda: sync.position() > 2300, timeout=10_000)
    # The 2 s clip holds its last frame while the 3 s one plays on.
    assert shown(sync.player(green.take.id)) == 59
    assert sync.player(blue.take.id).is_playing()
    # The timeline stops with the longest clip.
    qtbot.waitUntil(lambda: not sync.is_playing(), timeout=10_000)
    qtbot.waitUntil(lambda: on_frames(compare, sync.end_position()), timeout=5000)
    # L loops: playing on past the end starts over.
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_L)
    assert sync.loop() and compare.controller.transport.loop_button.isChecked()
    sync.seek(2700.0)
    compare.controller.play_pause()
    qtbot.waitUntil(lambda: sync.is_playing() and 50 < sync.position() < 900, timeout=10_000)
    compare.controller.play_pause()


def test_off_screen_tiles_do_not_decode(qtbot: Any, compare: Compare, jobs_by_clip: Any) -> None:
    red, gold = jobs_by_clip("red"), jobs_by_clip("gold")  # first row, second row
    view = compare.pane.view
    model = view.board_model()
    compare.host.resize(700, 220)  # room for part of one row of tiles (169 px each)

    def seen(job_id: int) -> bool:
        return view.viewport().rect().intersects(view.visualRect(model.index_of(job_id)))

    compare.select(red.id, gold.id)
    view.scrollTo(model.index_of(red.id))
    qtbot.waitUntil(lambda: seen(red.id) and not seen(gold.id))
    qtbot.keyClick(view, Qt.Key.Key_Period)
    assert [p.take_id for p in compare.sync.players()] == [red.take.id]
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert seen(gold.id) and not seen(red.id)
    qtbot.waitUntil(lambda: gold.take.id in [p.take_id for p in compare.sync.players()])
    assert red.take.id not in [p.take_id for p in compare.sync.players()]


def test_only_the_hovered_or_current_tile_is_heard(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id, current=blue.id)
    compare.controller.board_play.refresh()
    sync = compare.sync
    assert sync.audible() == blue.take.id
    view = compare.pane.view
    rect = view.visualRect(view.board_model().index_of(red.id))
    qtbot.mouseMove(view.viewport(), rect.center())
    qtbot.waitUntil(lambda: sync.audible() == red.take.id)


def test_sound_goes_to_one_player_only_and_follows_the_hover(
    qtbot: Any, compare: Compare, clip_dir: Any, tmp_path: Any
) -> None:
    import dataclasses
    from pathlib import Path

    from compare_clips import make_clip

    loud = make_clip(Path(tmp_path) / "loud.mp4", 2.0, 24, tone_hz=440.0)
    jobs = compare.pane.model.jobs()
    with_sound = [
        dataclasses.replace(j, take=dataclasses.replace(j.take, path=str(loud), audio=True))
        for j in jobs[:2]
    ]
    sync = compare.sync
    sync.set_takes([j.take for j in with_sound])
    sync.set_audible(with_sound[0].take.id)
    sync.play()
    qtbot.waitUntil(lambda: sync.position() > 300, timeout=10_000)

    def outputs() -> list[bool]:
        return [p.is_audible() for p in sync.players()]

    assert outputs() == [True, False]
    sync.set_audible(with_sound[1].take.id)
    assert outputs() == [False, True]
    sync.set_audible(None)
    assert outputs() == [False, False]
    sync.pause()


def test_a_take_that_cannot_play_says_so_and_the_others_play_on(
    qtbot: Any, compare: Compare, tmp_path: Any
) -> None:
    import dataclasses
    from pathlib import Path

    broken = Path(tmp_path) / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    jobs = compare.pane.model.jobs()
    bad = dataclasses.replace(jobs[1], take=dataclasses.replace(jobs[1].take, path=str(broken)))
    compare.pane.model.apply(bad, 50)
    compare.select(jobs[0].id, bad.id)
    assert compare.controller.show_mode("survey")
    sync = compare.sync
    qtbot.waitUntil(lambda: bool(sync.player(bad.take.id).error), timeout=10_000)
    sync.play()
    qtbot.waitUntil(lambda: sync.position() > 500, timeout=10_000)
    assert sync.player(jobs[0].take.id).is_playing()
    tile = compare.controller.focus_view.tiles()[1]
    assert tile.job.id == bad.id
    image = tile.grab().toImage()  # the tile paints the failure in words, not a crash
    assert not image.isNull()
    sync.pause()
