"""The drift policy on fake players: nudge small lags, hold for a stalled player, never seek."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from workbench.ui.compare.drift import HOLD_MS, RATE_MAX, RATE_MIN, DriftGuard

FRAME = 1000 / 30


@dataclass
class FakePlayer:
    """What DriftGuard reads and commands, recorded."""

    take_id: int
    frame_start: float | None
    offsets: deque[float] = field(default_factory=lambda: deque(maxlen=5))
    duration_ms: float = 10_000.0
    playing: bool = True
    rate: float = 1.0
    commands: list[str] = field(default_factory=list)

    @property
    def frame_ms(self) -> float:
        return FRAME

    def is_playing(self) -> bool:
        return self.playing

    def set_rate(self, rate: float) -> None:
        self.rate = rate

    def halt(self) -> None:
        self.playing = False
        self.commands.append("halt")

    def run(self, ms: float, *, seek: bool = True) -> None:
        self.playing = True
        self.commands.append(f"run {ms:.0f} seek={seek}")


def player(take_id: int, lag_ms: float, at: float = 5000.0) -> FakePlayer:
    """A player whose frames arrive ``lag_ms`` off the timeline (plus a 20 ms latency)."""
    p = FakePlayer(take_id, frame_start=at + lag_ms)
    p.offsets.extend([lag_ms - 20.0] * 5)
    return p


def test_players_in_step_play_at_rate_one() -> None:
    guard = DriftGuard()
    players = [player(1, 0.0), player(2, 5.0), player(3, -5.0)]
    assert guard.check(players, 5000.0) is None
    assert [p.rate for p in players] == [1.0, 1.0, 1.0]
    assert all(not p.commands for p in players)


def test_a_small_lag_is_caught_up_by_rate_never_by_a_seek() -> None:
    guard = DriftGuard()
    behind, ahead = player(2, -100.0), player(3, 60.0)
    players = [player(1, 0.0), behind, ahead, player(4, 0.0)]
    assert guard.check(players, 5000.0) is None
    assert RATE_MAX >= behind.rate > 1.0
    assert RATE_MIN <= ahead.rate < 1.0
    assert all(not p.commands for p in players)


def test_a_stalled_player_makes_the_timeline_and_the_others_wait() -> None:
    guard = DriftGuard()
    stalled = player(3, -(HOLD_MS + 300))
    others = [player(1, 0.0), player(2, 0.0), player(4, 0.0)]
    moved = guard.check([*others, stalled], 5000.0)
    assert moved == stalled.frame_start  # the timeline goes back to the stalled frame
    assert all(p.commands == ["halt"] for p in others)
    assert not stalled.commands and guard.held == {1, 2, 4}
    # They play on (without a seek) once the timeline reaches the frame they hold.
    guard.release({p.take_id: p for p in others}, 4900.0)
    assert guard.held == {1, 2, 4}
    guard.release({p.take_id: p for p in others}, 5000.0 + FRAME)
    assert not guard.held
    assert all(p.commands == ["halt", f"run {5000 + FRAME:.0f} seek=False"] for p in others)


def test_a_player_far_ahead_waits_for_the_others() -> None:
    guard = DriftGuard()
    ahead = player(2, HOLD_MS + 200)
    players = [player(1, 0.0), ahead, player(3, 0.0)]
    assert guard.check(players, 5000.0) is None
    assert ahead.commands == ["halt"] and guard.held == {2}


def test_a_whole_group_off_the_timeline_moves_the_timeline() -> None:
    guard = DriftGuard()
    players = [player(1, -300.0), player(2, -310.0), player(3, -290.0)]
    moved = guard.check(players, 5000.0)
    assert moved is not None and abs(moved - (5000.0 - 320.0)) < 1
    assert all(not p.commands for p in players)


def test_ended_and_paused_players_are_left_alone() -> None:
    guard = DriftGuard()
    ended = player(2, -900.0, at=9990.0)
    paused = player(3, 900.0)
    paused.playing = False
    assert guard.check([player(1, 0.0), ended, paused, player(4, 0.0)], 9990.0) is None
    assert not ended.commands and not paused.commands
