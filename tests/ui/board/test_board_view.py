"""BoardView: keyboard, selection, signals, the empty state, the live clock, zoom."""

from __future__ import annotations

from typing import Any

from board_helpers import job
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView
from workbench.ui.board import BoardModel, BoardView

Board = tuple[BoardModel, BoardView]


def two_rows() -> list[JobView]:
    return [
        job(1, 1, JobState.DONE),
        job(2, 2, JobState.DONE),
        job(3, 3, JobState.DONE),
        job(4, 1, JobState.DONE, model="sim-pro"),
        job(5, 2, JobState.DONE, model="sim-pro"),
        job(6, 3, JobState.DONE, model="sim-pro"),
    ]


def test_arrow_keys_move_the_current_tile(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    view.setFocus()
    assert view.select_job(1)
    seen: list[int | None] = []
    view.sig_current_changed.connect(lambda j: seen.append(j.id if j else None))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current_job().id == 2
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_job().id == 5
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.current_job().id == 4
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.current_job().id == 1
    assert seen == [2, 5, 4, 1]


def test_shift_arrows_extend_and_row_header_selects_a_row(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    view.setFocus()
    view.select_job(1)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert [j.id for j in view.selected_jobs()] == [1, 2, 3]
    header = view.verticalHeader()
    y = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(10, y))
    assert [j.id for j in view.selected_jobs()] == [4, 5, 6]


def test_ctrl_click_adds_to_the_selection(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    first = view.visualRect(model.index(0, 0)).center()
    other = view.visualRect(model.index(1, 2)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, other
    )
    assert [j.id for j in view.selected_jobs()] == [1, 6]


def test_enter_and_double_click_open_a_tile(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    view.setFocus()
    view.select_job(5)
    with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [5]
    with qtbot.assertNotEmitted(view.sig_open_requested):
        qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    pos = view.visualRect(model.index(0, 2)).center()
    # A real double-click is press, release, double-click; QTest sends only the last.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [3]


def test_current_follows_its_draw_through_a_reset_and_a_retry(board: Board) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    view.select_job(5)
    seen: list[JobView | None] = []
    view.sig_current_changed.connect(seen.append)
    model.set_jobs(list(reversed(two_rows())), seq=2)
    assert view.current_job().id == 5
    assert seen == []  # same draw, same state: nothing to announce
    model.apply(job(9, 9, JobState.PLANNED, model="sim-pro", retry_of=5), seq=3)
    assert view.current_job().id == 9
    assert [j.id for j in seen] == [9]
    model.apply(job(9, 9, JobState.SUBMITTING, model="sim-pro", retry_of=5), seq=4)
    assert [j.state for j in seen][-1] is JobState.SUBMITTING


def test_empty_board_teaches(board: Board, qtbot: Any) -> None:
    model, view = board
    assert "Ctrl+Enter" in view.empty_text()
    assert not view.verticalHeader().isVisible()

    def ink() -> int:
        image = view.viewport().grab().toImage()
        base = view.palette().color(QPalette.ColorRole.Base)
        band = range(image.height() // 2 - 40, image.height() // 2 + 60)
        return sum(
            1
            for y in band
            for x in range(0, image.width(), 2)
            if abs(image.pixelColor(x, y).lightness() - base.lightness()) > 30
        )

    assert ink() > 100
    model.set_jobs([job(1, 1, JobState.PLANNED)], seq=1)
    assert view.verticalHeader().isVisible()
    # The text is gone once there is a tile (the hollow queued tile sits at the top left).
    image = view.viewport().grab().toImage()
    middle = image.pixelColor(image.width() // 2, image.height() // 2 + 10)
    assert middle == view.palette().color(QPalette.ColorRole.Base)


def test_clock_runs_only_while_tiles_are_live(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs([job(1, 1, JobState.DONE), job(2, 2, JobState.PLANNED)], seq=1)
    assert not view.tick_active()
    model.apply(job(2, 2, JobState.RUNNING, progress=0.1), seq=2)
    assert view.tick_active()
    model.apply(job(2, 2, JobState.DOWNLOADING), seq=3)
    assert view.tick_active()
    model.apply(job(2, 2, JobState.DONE), seq=4)
    assert not view.tick_active()
    model.apply(job(3, 3, JobState.SUBMITTING), seq=5)
    assert view.tick_active()
    view.hide()
    assert not view.tick_active()
    view.show()
    assert view.tick_active()
    model.set_jobs([], seq=6)
    assert not view.tick_active()


def test_the_clock_repaints_only_live_tiles(board: Board, qtbot: Any, monkeypatch: Any) -> None:
    model, view = board
    model.set_jobs([job(1, 1, JobState.DONE), job(2, 2, JobState.RUNNING, progress=0.5)], seq=1)
    repainted: list[tuple[int, int]] = []
    monkeypatch.setattr(
        view, "update", lambda index: repainted.append((index.row(), index.column()))
    )
    # Once a second the running tile (and only it) is repainted for its elapsed time.
    qtbot.waitUntil(lambda: len(repainted) >= 1, timeout=2500)
    assert set(repainted) == {(0, 1)}


def test_zoom_with_ctrl_keys_and_wheel(board: Board, qtbot: Any) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    view.setFocus()
    width = view.visualRect(model.index(0, 0)).width()
    with qtbot.waitSignal(view.sig_zoom_changed, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.visualRect(model.index(0, 0)).width() > width
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.visualRect(model.index(0, 0)).width() == width
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.visualRect(model.index(0, 0)).width() < width
    view.set_zoom(100)
    assert view.zoom() == 2.0


def test_tile_size_follows_the_font(board: Board) -> None:
    model, view = board
    model.set_jobs(two_rows(), seq=1)
    size = view.visualRect(model.index(0, 0)).size()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    view.setFont(font)
    bigger = view.visualRect(model.index(0, 0)).size()
    assert bigger.width() > size.width() * 1.3
    poster = view.tile_delegate.metrics.poster
    assert abs(poster.width() * 9 / 16 - poster.height()) <= 1
