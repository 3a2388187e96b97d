"""Hover scrub: frames across the hovered clip, decoded off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QSize

from tests.ui.library.conftest import open_library
from workbench.ui.library.scrub import ScrubFrames


def test_frames_across_a_clip_arrive_and_differ(qtbot: Any, filled: Any) -> None:
    made = filled(1)
    scrub = ScrubFrames(count=6)
    scrub.set_size(QSize(160, 90))
    path = str(made[0].clip)
    assert scrub.frame(path, 0.5) is None  # nothing decoded, nothing blocks
    scrub.hover(path)
    qtbot.waitUntil(lambda: scrub.is_complete(path), timeout=10_000)
    first, last = scrub.frame(path, 0.0), scrub.frame(path, 0.99)
    assert first is not None and last is not None
    assert first.width() <= 160 and first.height() <= 90
    assert first != last  # the clip moves: the scrub shows that
    assert scrub.wait(5000)


def test_a_clip_no_longer_hovered_stops_decoding(qtbot: Any, filled: Any) -> None:
    made = filled(2)
    scrub = ScrubFrames(count=8)
    first, second = str(made[0].clip), str(made[1].clip)
    scrub.hover(first)
    go_first = scrub._running[first][1]
    scrub.hover(second)
    assert not go_first.is_set()  # the worker stops at its next frame
    assert scrub._running[second][1].is_set()
    qtbot.waitUntil(lambda: scrub.is_complete(second), timeout=10_000)
    qtbot.waitUntil(lambda: not scrub.busy(), timeout=10_000)


def test_an_unreadable_clip_keeps_its_poster(qtbot: Any, tmp_path: Any) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all")
    scrub = ScrubFrames()
    scrub.hover(str(broken))
    qtbot.waitUntil(lambda: not scrub.busy(), timeout=5000)
    assert scrub.frame(str(broken), 0.5) is None
    scrub.hover(None)
    scrub.hover(str(broken))
    assert not scrub.busy()  # known broken: not decoded again


def test_moving_the_mouse_across_a_poster_scrubs_its_clip(
    qtbot: Any, launch: Any, filled: Any
) -> None:
    made = filled(4)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    view = pane.view
    take = made[-1]  # the newest: the first card
    cell = view.visualRect(pane.index_of(take.id))
    poster = view.card_delegate.metrics.poster_rect(cell)
    at = QPoint(poster.left() + poster.width() * 3 // 4, poster.center().y())
    view.scrub_at(at)
    hover = view.card_delegate.hover
    assert hover is not None and hover[0] == take.id and 0.7 < hover[1] < 0.8
    qtbot.waitUntil(lambda: view.scrub.is_complete(str(take.clip)), timeout=10_000)
    shown = view.scrub.frame(str(take.clip), hover[1])
    assert shown is not None
    # The card paints that frame, not the poster: the poster area differs between two places.
    # The upper half of the poster (no badge, no scrub bar there) shows another frame.
    upper = poster.adjusted(0, 0, 0, -poster.height() // 2)
    view.scrub_at(QPoint(poster.left() + 2, poster.center().y()))
    early = view.viewport().grab(upper).toImage()
    view.scrub_at(at)
    late = view.viewport().grab(upper).toImage()
    assert early != late
    view.scrub_at(QPoint(cell.center().x(), cell.bottom() - 2))  # below the poster: no scrub
    assert view.card_delegate.hover is None
