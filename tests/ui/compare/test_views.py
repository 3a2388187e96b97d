"""Focus / survey and A/B views: opening and closing by keyboard, labels, frame steps, and
the wipe, fade and difference pictures checked pixel by pixel on known frames."""

from __future__ import annotations

from typing import Any

from compare_clips import CLIP_COLORS, color_at, frame_number
from compare_helpers import Compare
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit

from workbench.ui.compare import timeline
from workbench.ui.compare.ab import DIFFERENCE, FADE, WIPE


def near(actual: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def tile_frames(compare: Compare) -> list[int]:
    """Frame numbers read off a grab of the focus view, tile by tile."""
    view = compare.controller.focus_view
    image = view.grab().toImage()
    numbers = []
    for tile in view.tiles():
        rect = tile.video_rect().translated(tile.pos())
        numbers.append(frame_number(image, (rect.x(), rect.y(), rect.width(), rect.height())))
    return numbers


def frames_settled(compare: Compare, position: float) -> bool:
    players = compare.sync.players()
    if not players or any(p.image() is None for p in players):
        return False
    wanted = [
        min(
            timeline.frame_index(position, p.fps),
            timeline.frame_count(p.duration_ms, p.fps) - 1,
        )
        for p in players
    ]
    return tile_frames(compare) == wanted


def test_enter_opens_the_focus_view_and_esc_returns_to_the_board(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red = jobs_by_clip("red")
    compare.select(red.id)
    view = compare.pane.view
    qtbot.keyClick(view, Qt.Key.Key_Return)
    focus = compare.controller.focus_view
    assert compare.controller.mode() == "focus"
    assert compare.pane.stack.currentWidget() is focus
    assert [t.job.id for t in focus.tiles()] == [red.id]
    assert compare.controller.modes.buttons["focus"].isChecked()
    # One take: no current-tile ring; the label names the service, model and seed.
    label = focus.tiles()[0].label
    assert label == f"Kling · Kling 3.0 · seed {red.seed}"
    qtbot.waitUntil(lambda: frames_settled(compare, 0.0), timeout=5000)
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    assert compare.controller.mode() == "grid"
    assert compare.pane.stack.currentWidget() is view
    assert view.hasFocus()


def test_a_selection_opens_as_a_survey_whose_arrows_step_every_tile(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    names = ["red", "blue", "green", "gold"]
    jobs = [jobs_by_clip(n) for n in names]
    compare.select(*(j.id for j in jobs))
    view = compare.pane.view
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert compare.controller.mode() == "survey"
    focus = compare.controller.focus_view
    tiles = focus.tiles()
    assert len(tiles) == 4
    assert {t.job.id for t in tiles} == {j.id for j in jobs}
    for tile in tiles:
        assert str(tile.job.seed) in tile.label and tile.accessibleName() == tile.label
    # 2×2 (the largest 16:9 tiles in this page), all the same size.
    assert len({t.geometry().size().toTuple() for t in tiles}) == 1
    assert len({t.geometry().y() for t in tiles}) == 2
    qtbot.waitUntil(lambda: frames_settled(compare, 0.0), timeout=5000)
    for _ in range(3):
        qtbot.keyClick(focus, Qt.Key.Key_Right)
    assert abs(compare.sync.position() - 100.0) < 0.01  # three 30 fps frames
    qtbot.waitUntil(lambda: frames_settled(compare, 100.0), timeout=5000)
    qtbot.keyClick(focus, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert abs(compare.sync.position() - 1100.0) < 0.01
    qtbot.waitUntil(lambda: frames_settled(compare, 1100.0), timeout=5000)
    qtbot.keyClick(focus, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: frames_settled(compare, 1100.0 - 1000 / 30), timeout=5000)
    # Played and paused in the survey, the grab shows every tile on the same moment.
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: compare.sync.position() > 1600, timeout=10_000)
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    paused = compare.sync.position()
    qtbot.waitUntil(lambda: frames_settled(compare, paused), timeout=5000)
    # G goes back to the board, N to the survey again.
    qtbot.keyClick(focus, Qt.Key.Key_G)
    assert compare.controller.mode() == "grid"
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert compare.controller.mode() == "survey"


def test_double_click_on_a_tile_focuses_it(qtbot: Any, compare: Compare, jobs_by_clip: Any) -> None:
    gold = jobs_by_clip("gold")
    view = compare.pane.view
    center = view.visualRect(view.board_model().index_of(gold.id)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert compare.controller.mode() == "focus"
    assert [t.job.id for t in compare.controller.focus_view.tiles()] == [gold.id]


def test_letter_keys_do_nothing_while_typing_outside_the_board(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    editor = QLineEdit(compare.host)
    compare.host.layout().addWidget(editor)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    compare.select(jobs_by_clip("red").id, jobs_by_clip("blue").id)
    qtbot.keyClicks(editor, "gecnbl ,.")
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert editor.text() == "gecnbl ,. "
    assert compare.controller.mode() == "grid"
    assert not compare.controller.blind_mode.active
    assert not compare.sync.is_playing() and not compare.sync.loop()
    assert not compare.sync.players()


def ab_open(qtbot: Any, compare: Compare, jobs_by_clip: Any) -> Any:
    red, blue = jobs_by_clip("red"), jobs_by_clip("blue")
    compare.select(red.id, blue.id)
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_C)
    assert compare.controller.mode() == "ab"
    canvas = compare.controller.ab_view.canvas
    assert canvas.take_ids() == (red.take.id, blue.take.id)
    assert canvas.labels[0].startswith("Kling · Kling 3.0")
    compare.sync.seek(0.0)
    players = compare.sync.players()
    qtbot.waitUntil(
        lambda: all(p.image() is not None and frame_number(p.image()) == 0 for p in players),
        timeout=5000,
    )
    return canvas


def grab(canvas: Any) -> QImage:
    return canvas.grab().toImage()


def test_ab_wipe_at_half_shows_a_left_and_b_right(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    canvas = ab_open(qtbot, compare, jobs_by_clip)
    assert canvas.mode == WIPE and canvas.split == 0.5
    picture = canvas.picture_rect()
    split = canvas.split_x()
    assert abs(split - (picture.left() + picture.width() / 2)) <= 1
    image = grab(canvas)
    y = picture.top() + picture.height() * 3 // 4
    red, blue = CLIP_COLORS["red"], CLIP_COLORS["blue"]
    for x in range(picture.left() + 4, split - 4, 23):
        assert near(color_at(image, x, y), red), (x, color_at(image, x, y))
    for x in range(split + 4, picture.right() - 4, 23):
        assert near(color_at(image, x, y), blue), (x, color_at(image, x, y))
    # Dragging moves the split; with Shift held it follows the mouse without a click.
    target = picture.left() + picture.width() // 4
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(target, y))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(target, y))
    assert abs(canvas.split - 0.25) < 0.01
    image = grab(canvas)
    assert near(color_at(image, target + 20, y), blue)
    assert near(color_at(image, target - 20, y), red)
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    x = picture.left() + picture.width() * 3 // 4
    move = QMouseEvent(
        QMouseEvent.Type.MouseMove,
        QPointF(x, y),
        canvas.mapToGlobal(QPointF(x, y)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ShiftModifier,
    )
    QApplication.sendEvent(canvas, move)
    assert abs(canvas.split - 0.75) < 0.01
    # Frame steps move both takes.
    qtbot.keyClick(compare.controller.ab_view, Qt.Key.Key_Right)
    players = compare.sync.players()
    qtbot.waitUntil(lambda: [frame_number(p.image()) for p in players] == [0, 1], timeout=5000)


def test_ab_difference_is_black_where_the_takes_agree(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    canvas = ab_open(qtbot, compare, jobs_by_clip)
    compare.controller.ab_view.set_mode(DIFFERENCE)
    assert compare.controller.ab_view.mode_buttons[DIFFERENCE].isChecked()
    picture = canvas.picture_rect()
    image = grab(canvas)
    red, blue = CLIP_COLORS["red"], CLIP_COLORS["blue"]
    expected = tuple(abs(a - b) for a, b in zip(red, blue, strict=True))
    y_solid = picture.top() + picture.height() * 3 // 4
    y_bits = picture.top() + picture.height() // 6  # frame 0 in both: black bars, equal
    for x in range(picture.left() + 4, picture.right() - 4, 37):
        assert near(color_at(image, x, y_solid), expected), (x, color_at(image, x, y_solid))
    for x in range(picture.left() + picture.width() // 2, picture.right() - 4, 37):
        assert near(color_at(image, x, y_bits), (0, 0, 0), 8), (x, color_at(image, x, y_bits))


def test_ab_fade_mixes_b_over_a(qtbot: Any, compare: Compare, jobs_by_clip: Any) -> None:
    canvas = ab_open(qtbot, compare, jobs_by_clip)
    page = compare.controller.ab_view
    assert not page.fade.isEnabled()
    page.set_mode(FADE)
    assert page.fade.isEnabled()
    page.fade.setValue(50)
    picture = canvas.picture_rect()
    y = picture.top() + picture.height() * 3 // 4
    red, blue = CLIP_COLORS["red"], CLIP_COLORS["blue"]
    mix = tuple((a + b) // 2 for a, b in zip(red, blue, strict=True))
    image = grab(canvas)
    assert near(color_at(image, picture.center().x(), y), mix)
    page.fade.setValue(100)
    assert near(color_at(grab(canvas), picture.center().x(), y), blue)
    page.swap()
    assert canvas.take_ids() == (jobs_by_clip("blue").take.id, jobs_by_clip("red").take.id)
    assert near(color_at(grab(canvas), picture.center().x(), y), red)
