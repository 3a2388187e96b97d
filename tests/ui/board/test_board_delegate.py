"""TileDelegate: every state paints, pixels where they belong, buttons that click."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from board_helpers import job, take
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.views import JobView
from workbench.ui.board import BoardModel, BoardView
from workbench.ui.theme import colors

Board = tuple[BoardModel, BoardView]


def close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def shot(view: BoardView) -> QImage:
    return view.viewport().grab().toImage()


def rects(view: BoardView, row: int, column: int) -> tuple[QRect, QRect, QRect]:
    """Cell, tile and poster rects of a tile, in viewport coordinates."""
    cell = view.visualRect(view.model().index(row, column))
    m = view.tile_delegate.metrics
    return cell, m.tile(cell), m.poster_rect(cell)


def show(model: BoardModel, jobs: list[JobView]) -> None:
    model.set_jobs(jobs, seq=1)


def wait_posters(qtbot: Any, view: BoardView) -> None:
    qtbot.waitUntil(lambda: view.posters.pending() == 0)


@pytest.mark.parametrize("state", list(JobState))
def test_every_state_paints_its_surface(board: Board, state: JobState) -> None:
    model, view = board
    extra: dict[str, Any] = {}
    if state is JobState.FAILED:
        extra["failure"] = Failure(kind=FailureKind.QUOTA)
    if state is JobState.RUNNING:
        extra["progress"] = 0.4
    show(model, [job(1, 1, state, **extra)])
    _, _, poster = rects(view, 0, 0)
    corner = shot(view).pixelColor(poster.left() + 12, poster.top() + 12)
    if state is JobState.PLANNED:
        # Queued is hollow: the background shows through, no video surface yet.
        assert close(corner, view.palette().color(QPalette.ColorRole.Base), 6)
    else:
        assert close(corner, colors().video_surface, 6)


def test_failed_tile_has_a_red_edge_and_others_do_not(board: Board) -> None:
    model, view = board
    failure = Failure(kind=FailureKind.MODERATION, provider_text="sensitive content")
    show(model, [job(1, 1, JobState.FAILED, failure=failure), job(2, 2, JobState.RUNNING)])
    image = shot(view)
    _, tile, _ = rects(view, 0, 0)
    edge = image.pixelColor(tile.left() + 1, tile.center().y())
    assert close(edge, colors().failure)
    _, other, _ = rects(view, 0, 1)
    assert not close(image.pixelColor(other.left() + 1, other.center().y()), colors().failure)


def test_done_tile_shows_its_poster(
    board: Board, qtbot: Any, make_poster: Callable[..., str]
) -> None:
    model, view = board
    green = make_poster("#20c040")
    show(model, [job(1, 1, JobState.DONE, take=take(green))])
    wait_posters(qtbot, view)
    qtbot.waitUntil(
        lambda: close(shot(view).pixelColor(rects(view, 0, 0)[2].center()), QColor("#20c040"), 12)
    )


def test_other_aspects_are_letterboxed_not_stretched(
    board: Board, qtbot: Any, make_poster: Callable[..., str]
) -> None:
    model, view = board
    tall = make_poster("#e0a000", 360, 640)
    show(model, [job(1, 1, JobState.DONE, take=take(tall, width=720, height=1280))])
    wait_posters(qtbot, view)
    _, _, poster = rects(view, 0, 0)
    qtbot.waitUntil(lambda: close(shot(view).pixelColor(poster.center()), QColor("#e0a000"), 12))
    image = shot(view)
    # 9:16 in a 16:9 box: the poster is ~32 % of the width; the sides stay near-black.
    side = QPoint(poster.left() + poster.width() // 8, poster.center().y())
    assert close(image.pixelColor(side), colors().video_surface, 6)
    poster_w = sum(
        1
        for x in range(poster.left(), poster.right())
        if close(image.pixelColor(x, poster.center().y()), QColor("#e0a000"), 12)
    )
    assert abs(poster_w - poster.height() * 9 / 16) <= 3


def test_progress_bar_fills_with_the_accent(board: Board) -> None:
    model, view = board
    show(
        model,
        [job(1, 1, JobState.RUNNING, progress=0.2), job(2, 2, JobState.RUNNING, progress=0.8)],
    )
    image = shot(view)
    accent = view.palette().color(QPalette.ColorRole.Highlight)

    def filled(column: int) -> int:
        _, _, poster = rects(view, 0, column)
        return sum(
            1
            for y in range(poster.top(), poster.bottom())
            for x in range(poster.left(), poster.right())
            if close(image.pixelColor(x, y), accent, 20)
        )

    assert 0 < filled(0) * 2.5 < filled(1)


def test_ratings_and_favourites_are_drawn(
    board: Board, qtbot: Any, make_poster: Callable[..., str]
) -> None:
    model, view = board
    navy = make_poster("#102060")
    show(
        model,
        [
            job(1, 1, JobState.DONE, take=take(navy)),
            job(2, 2, JobState.DONE, take=take(navy, rating=5, favourite=True, reasons=("hands",))),
        ],
    )
    wait_posters(qtbot, view)
    qtbot.waitUntil(
        lambda: close(shot(view).pixelColor(rects(view, 0, 0)[2].center()), QColor("#102060"), 12)
    )
    image = shot(view)

    def bright(column: int, left: bool) -> int:
        _, _, poster = rects(view, 0, column)
        band = range(poster.bottom() - poster.height() // 5, poster.bottom())
        xs = (
            range(poster.left(), poster.center().x())
            if left
            else range(poster.center().x(), poster.right())
        )
        return sum(1 for y in band for x in xs if image.pixelColor(x, y).lightness() > 200)

    assert bright(0, left=True) == 0
    assert bright(1, left=True) > 20  # five white stars
    _, _, poster = rects(view, 0, 1)
    accent = view.palette().color(QPalette.ColorRole.Highlight).lighter(135)
    heart = [
        image.pixelColor(x, y)
        for y in range(poster.bottom() - poster.height() // 5, poster.bottom())
        for x in range(poster.center().x(), poster.right())
    ]
    assert any(close(c, accent, 30) for c in heart)


def test_selection_border_and_focus_ring(board: Board) -> None:
    model, view = board
    show(model, [job(1, 1, JobState.RUNNING), job(2, 2, JobState.RUNNING)])
    view.setFocus()
    sel = view.selectionModel()
    sel.setCurrentIndex(model.index(0, 1), sel.SelectionFlag.ClearAndSelect)
    sel.select(model.index(0, 0), sel.SelectionFlag.Select)
    image = shot(view)
    m = view.tile_delegate.metrics
    accent = view.palette().color(QPalette.ColorRole.Highlight)
    text = view.palette().color(QPalette.ColorRole.Text)
    for column in (0, 1):
        _, tile, _ = rects(view, 0, column)
        assert close(image.pixelColor(tile.left() - 2, tile.center().y()), accent, 10)
    _, tile, _ = rects(view, 0, 1)
    ring_x = tile.left() - m.sel_w - 1 - m.ring_w // 2 - 1
    assert close(image.pixelColor(ring_x, tile.center().y()), text, 40)
    _, plain, _ = rects(view, 0, 0)
    assert not close(image.pixelColor(plain.left() - m.sel_w - 2, plain.center().y()), text, 40)


def _button_center(view: BoardView, row: int, column: int, kind: str) -> QPoint:
    index = view.model().index(row, column)
    found = dict(
        view.tile_delegate.button_rects(
            view.visualRect(index), index.data(Qt.ItemDataRole.UserRole + 1), view.font()
        )
    )
    return found[kind].center()


def test_retry_button_click_asks_for_a_retry(board: Board, qtbot: Any) -> None:
    model, view = board
    failure = Failure(kind=FailureKind.MODERATION)
    show(model, [job(1, 1, JobState.DONE), job(5, 2, JobState.FAILED, failure=failure)])
    assert view.tile_delegate.button_texts(model.jobs()[0]) == []
    button = _button_center(view, 0, 1, "retry")
    qtbot.mouseMove(view.viewport(), button)
    qtbot.waitUntil(lambda: view.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor)
    qtbot.mouseMove(view.viewport(), button + QPoint(0, -60))
    qtbot.waitUntil(lambda: view.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor)
    with qtbot.waitSignal(view.sig_retry_requested, timeout=1000) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=_button_center(view, 0, 1, "retry")
        )
    assert blocker.args == [5]


def test_check_again_button_and_a_plain_click(board: Board, qtbot: Any) -> None:
    model, view = board
    timeout = Failure(kind=FailureKind.TIMEOUT)
    show(
        model,
        [job(1, 1, JobState.DONE), job(6, 2, JobState.FAILED, failure=timeout, remote_id="r-6")],
    )
    kinds = [k for k, _ in view.tile_delegate.button_texts(model.jobs()[1])]
    assert kinds == ["check", "retry"]
    with qtbot.waitSignal(view.sig_check_again_requested, timeout=1000) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=_button_center(view, 0, 1, "check")
        )
    assert blocker.args == [6]
    # Clicking the tile elsewhere selects it and asks for nothing.
    with (
        qtbot.assertNotEmitted(view.sig_retry_requested),
        qtbot.assertNotEmitted(view.sig_check_again_requested),
    ):
        _, _, poster = rects(view, 0, 1)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=poster.topLeft() + QPoint(10, 10)
        )
    assert view.current_job() is not None and view.current_job().id == 6
