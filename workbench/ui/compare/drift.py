"""Keeping playing players within a frame of each other, without seeking.

Every frame a player delivers is stamped with ``frame start − timeline position`` at its
arrival (``ClipPlayer.offsets``). In sync, that offset is the same small latency for every
player; the median over a player's last frames, against the median over the group, says
how far ahead (> 0) or behind it runs. Every check:

- the whole group off the timeline by more than ``FOLLOW_MS`` (a stalled machine): the
  timeline moves to the group;
- a player behind by more than ``HOLD_MS`` (it stalled, or cannot decode in real time):
  the timeline goes back to its frame and every player ahead of it is *held* — paused —
  until the timeline reaches its frame again. On a starved machine the takes stutter
  together rather than drift apart;
- a player ahead by more than ``HOLD_MS`` is held until the timeline catches up;
- smaller lags: the player's playback rate is nudged (at most 0.8–1.25) so it is back
  within about a second; within half a frame it plays at rate 1.

It never seeks a playing player: Qt would re-anchor it at once, but decoding from the last
keyframe (AI clips often have a single one) costs far more than the drift it would fix.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Protocol

#: A whole group this far off the timeline (ms) makes the timeline follow the group.
FOLLOW_MS = 120.0
#: A player this far from the group (ms) is not nudged: it waits, or the others wait for it.
HOLD_MS = 250.0
#: Rate nudges stay within these bounds.
RATE_MIN, RATE_MAX = 0.8, 1.25


class Playing(Protocol):
    """What the guard needs of a player (``ClipPlayer`` has it; tests fake it)."""

    take_id: int
    frame_start: float | None
    duration_ms: float
    offsets: deque[float]

    @property
    def frame_ms(self) -> float: ...  # noqa: D102

    def is_playing(self) -> bool: ...  # noqa: D102

    def set_rate(self, rate: float) -> None: ...  # noqa: D102

    def halt(self) -> None: ...  # noqa: D102

    def run(self, ms: float, *, seek: bool = True) -> None: ...  # noqa: D102


class DriftGuard:
    """The drift policy of one sync controller (see the module docstring)."""

    def __init__(self) -> None:
        self.held: set[int] = set()  # players paused until the timeline reaches their frame
        self.corrections = 0  # holds made (the benchmark reports them)

    def clear(self) -> None:
        """Forget held players (every player was just given a new command)."""
        self.held.clear()

    def discard(self, take_id: int) -> None:
        """A player left."""
        self.held.discard(take_id)

    def check(self, players: Sequence[Playing], position: float) -> float | None:
        """Act on the players' drift; returns where the timeline must move, if anywhere."""
        live = [
            p
            for p in players
            if p.is_playing()
            and len(p.offsets) >= 3
            and p.frame_start is not None
            and position < p.duration_ms - 2 * p.frame_ms
        ]
        if not live:
            return None
        lags = {p.take_id: statistics.median(p.offsets) for p in live}
        group = statistics.median(lags.values())
        if abs(group) > FOLLOW_MS:
            self._forget_offsets(live)
            return position + group
        slowest = min(live, key=lambda p: lags[p.take_id])
        if lags[slowest.take_id] - group < -HOLD_MS:
            self.corrections += 1
            wait_at = slowest.frame_start if slowest.frame_start is not None else position
            for p in live:
                if p is not slowest and (p.frame_start or 0.0) > wait_at + p.frame_ms:
                    self._hold(p)
            self._forget_offsets(live)
            return wait_at
        for p in live:
            lag = lags[p.take_id] - group  # > 0: ahead of the group
            if lag > HOLD_MS:
                self.corrections += 1
                self._hold(p)
            elif abs(lag) <= p.frame_ms / 2:
                p.set_rate(1.0)
            else:
                p.set_rate(min(RATE_MAX, max(RATE_MIN, 1.0 - lag / 1000.0)))
        return None

    def release(self, players: Mapping[int, Playing], position: float) -> None:
        """Let held players go on once the timeline has reached their frame."""
        for take_id in list(self.held):
            player = players.get(take_id)
            if player is None or player.frame_start is None:
                self.held.discard(take_id)
            elif position >= player.frame_start + player.frame_ms / 2:
                self.held.discard(take_id)
                player.run(position, seek=False)

    def _hold(self, player: Playing) -> None:
        player.halt()
        self.held.add(player.take_id)
        player.offsets.clear()

    @staticmethod
    def _forget_offsets(players: Sequence[Playing]) -> None:
        for p in players:
            p.offsets.clear()
