"""The presenter on fake players: a shared grid of moments, and one moment on every tile."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from workbench.ui.compare.present import MAX_FACTOR, Presenter

FRAME = 1000 / 30


@dataclass
class FakePlayer:
    """What the presenter reads and commands."""

    take_id: int
    playing: bool = True
    ready: deque[tuple[float, object]] = field(default_factory=lambda: deque(maxlen=16))
    shown: float | None = None

    @property
    def frame_ms(self) -> float:
        return FRAME

    def is_playing(self) -> bool:
        return self.playing

    def display(self, start: float, image: object) -> None:
        self.shown = start


def frames(first: int, last: int) -> list[tuple[float, object]]:
    return [(n * FRAME, object()) for n in range(first, last + 1)]


def test_every_frame_is_converted_until_conversions_fall_behind() -> None:
    presenter = Presenter()
    presenter.reset(FRAME)
    p = FakePlayer(1)
    assert all(presenter.wants(p, n * FRAME) for n in range(10))
    # The converter dropped frames: the grid doubles for every tile, up to 8 frames.
    presenter.adapt(drops=3)
    assert presenter.step_ms == 2 * FRAME
    for n in range(10):
        presenter.adapt(drops=4 + n)
    assert presenter.factor == MAX_FACTOR
    presenter.reset(FRAME)
    presenter.adapt(drops=0)
    presenter.factor = 4
    wanted = [n for n in range(13) if presenter.wants(p, n * FRAME)]
    assert wanted == [0, 4, 8, 12]  # the same moments on every tile
    # A tile that decides with a finer grid still converts the wider grid's moments.
    q = FakePlayer(2)
    presenter.factor = 2
    assert {n for n in range(13) if presenter.wants(q, n * FRAME)} >= {0, 4, 8, 12}
    # Clean checks narrow it again, slowly.
    presenter.adapt(drops=0)
    assert presenter.factor == 2
    for _ in range(100):
        presenter.adapt(drops=0)
    assert presenter.step_ms == FRAME


def test_every_tile_shows_the_newest_moment_they_all_have() -> None:
    presenter = Presenter()
    fast, slow, ended = FakePlayer(1), FakePlayer(2), FakePlayer(3, playing=False)
    fast.ready.extend(frames(10, 20))
    slow.ready.extend(frames(10, 14))
    ended.ready.extend(frames(0, 5))
    presenter.present([fast, slow, ended], held=set())
    assert slow.shown == 14 * FRAME
    assert fast.shown == 14 * FRAME  # waits for the slow tile
    assert ended.shown == 5 * FRAME  # holds its last frame
    slow.ready.extend(frames(15, 18))
    presenter.present([fast, slow, ended], held=set())
    assert fast.shown == slow.shown == 18 * FRAME


def test_held_and_paused_tiles_do_not_set_the_pace() -> None:
    presenter = Presenter()
    a, held = FakePlayer(1), FakePlayer(2)
    a.ready.extend(frames(10, 12))
    held.ready.extend(frames(10, 24))
    presenter.present([a, held], held={2})
    assert a.shown == held.shown == 12 * FRAME


def test_frames_far_behind_the_moment_are_let_go() -> None:
    presenter = Presenter()
    a, b = FakePlayer(1), FakePlayer(2)
    a.ready.extend([*frames(0, 5), *frames(30, 40)])
    b.ready.extend(frames(35, 40))
    presenter.present([a, b], held=set())
    assert a.shown == b.shown == 40 * FRAME
    assert min(start for start, _ in a.ready) == 30 * FRAME  # 0–5 were 1.2 s behind


def test_a_moment_one_tile_lacks_is_skipped_for_one_they_all_have() -> None:
    presenter = Presenter()
    a, b = FakePlayer(1), FakePlayer(2)
    a.ready.extend([(n * FRAME, object()) for n in (10, 13, 16, 19)])
    b.ready.extend([(n * FRAME, object()) for n in (10, 13, 19, 22)])  # 16 was dropped
    presenter.present([a, b], held=set())
    assert a.shown == b.shown == 19 * FRAME
    b.ready.append((25 * FRAME, object()))
    a.ready.append((22 * FRAME, object()))
    a.ready.append((28 * FRAME, object()))  # a lacks 25: both stay on 22
    presenter.present([a, b], held=set())
    assert a.shown == b.shown == 22 * FRAME


def test_without_a_common_moment_the_tiles_wait_then_follow_the_slowest() -> None:
    from workbench.ui.compare.present import PATIENCE

    presenter = Presenter()
    a, b = FakePlayer(1), FakePlayer(2)
    a.ready.extend(frames(10, 12))
    b.ready.extend(frames(10, 12))
    presenter.present([a, b], held=set())
    assert a.shown == b.shown == 12 * FRAME
    a.ready.clear()
    a.ready.extend(frames(40, 45))  # a's decoder ran far ahead: no moment both have
    b.ready.extend(frames(13, 14))
    for _ in range(PATIENCE - 1):
        presenter.present([a, b], held=set())
    assert a.shown == b.shown == 12 * FRAME  # both keep the last common moment
    presenter.present([a, b], held=set())
    assert b.shown == 14 * FRAME  # then the slowest goes on


def test_a_playing_tile_with_nothing_converted_yet_holds_the_others_back() -> None:
    presenter = Presenter()
    a, b = FakePlayer(1), FakePlayer(2)
    a.ready.extend(frames(0, 3))
    presenter.present([a, b], held=set())
    assert a.shown is None and b.shown is None  # b has not converted its first frame yet
    b.ready.extend(frames(0, 2))
    presenter.present([a, b], held=set())
    assert a.shown == b.shown == 2 * FRAME
