"""What the tiles show while playing: every tile's frame of the same moment.

Decoding keeps the players in step (``drift``), but a tile shows a frame only once it has
been converted for display, and on a busy machine conversions come late and unevenly: one
tile would show frame 120 while its neighbour still shows 112. So, while playing:

- frames are converted on a shared grid of moments (multiples of ``step_ms`` on the
  timeline): normally every frame of the fastest clip; when conversions fall behind (the
  converter had to drop frames), the grid widens — doubling, up to 8 frames apart — for
  every tile alike, and narrows again once they keep up. Doubling keeps the lines of a
  wider grid on the finer ones, so tiles whose decoders are a little apart, and so change
  step at different moments of the clip, still convert the same moments. A busy machine
  shows fewer frames, the same moments on every tile;
- converted frames wait in each player's ``ready`` queue; the moment shown is the newest
  one *every* playing tile has a frame of, and each tile shows that frame. The slowest
  tile sets the pace, so no tile runs ahead of another on screen.

Paused, stepping or scrubbing, every frame is shown as soon as it is converted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.compare.player import ClipPlayer

#: The widest grid, in frames of the fastest clip (a power of two).
MAX_FACTOR = 8
#: Checks without a dropped conversion before the grid narrows again (slowly: a grid that
#: narrows too soon drops frames again, and a dropped frame is a moment one tile lacks).
CLEAN_CHECKS = 8
#: Converted frames older than this behind the shown moment are let go (memory); it covers
#: the drift guard's hold threshold, so a tile can always go back to a lagging one's moment.
KEEP_MS = 1000.0
#: Converted frames (of any tile) without a moment every tile has, before the tiles follow
#: the slowest one anyway: a few seconds on a starved machine, never on an idle one.
PATIENCE = 60


class Presenter:
    """The display grid and the shared moment (see the module docstring)."""

    def __init__(self) -> None:
        self.base_ms = 1000.0 / 30  # one frame of the fastest clip: every frame
        self.factor = 1  # grid step in frames of the fastest clip: 1, 2, 4 or 8
        self._previous: dict[int, float] = {}  # take id → start of its last decoded frame
        self._drops = 0
        self._clean = 0
        self._misses = 0

    def reset(self, base_ms: float) -> None:
        """New takes or a new start: every frame of the fastest clip again."""
        self.base_ms = base_ms
        self.factor = 1
        self._previous.clear()
        self._clean = 0

    @property
    def step_ms(self) -> float:
        """The grid's step on the timeline (ms)."""
        return self.base_ms * self.factor

    def forget(self, take_id: int) -> None:
        """A player left or was moved (seek): its next moment is unknown."""
        self._previous.pop(take_id, None)

    def wants(self, player: ClipPlayer, start: float) -> bool:
        """Convert this frame (``start`` ms) of a playing player? Only on the grid.

        A frame is on the grid when it is a player's first frame past a grid line (a
        multiple of ``step_ms``): every player then converts its frame of the same lines,
        whatever its frame rate, and a change of step applies to all alike.
        """
        previous = self._previous.get(player.take_id)
        self._previous[player.take_id] = start
        if previous is None or start < previous:
            return True
        step = self.step_ms
        return math.floor(start / step + 1e-6) > math.floor(previous / step + 1e-6)

    def adapt(self, drops: int) -> None:
        """Widen the grid if conversions were dropped since the last call, else narrow it."""
        new, self._drops = drops - self._drops, drops
        if new > 0:
            self.factor = min(MAX_FACTOR, self.factor * 2)
            self._clean = 0
            return
        self._clean += 1
        if self._clean >= CLEAN_CHECKS and self.factor > 1:
            self.factor //= 2
            self._clean = 0

    def _moment(self, racing: Sequence[ClipPlayer]) -> float | None:
        """The newest moment every racing tile has a frame of.

        A conversion dropped by a busy converter is a moment one tile lacks; going back to
        the newest moment they all have keeps every tile on the same frame. When there is
        none (the decoders ran further apart than the frames kept), the tiles keep what
        they show until the drift guard has brought the decoders together — or, after
        ``PATIENCE`` tries, follow the slowest tile.
        """
        if any(not p.ready for p in racing):  # a tile that has nothing converted yet
            return self._miss(racing)
        slowest = min(racing, key=lambda p: p.ready[-1][0])
        for start, _image in reversed(slowest.ready):
            if all(any(abs(s - start) <= p.frame_ms / 2 for s, _ in p.ready) for p in racing):
                self._misses = 0
                return start
        return self._miss(racing)

    def _miss(self, racing: Sequence[ClipPlayer]) -> float | None:
        self._misses += 1
        waiting = [p.ready[-1][0] for p in racing if p.ready]
        if self._misses >= PATIENCE and waiting:
            self._misses = 0
            return min(waiting)
        return None

    def present(self, players: Sequence[ClipPlayer], held: set[int]) -> None:
        """Show on every tile its frame of the newest moment all playing tiles have."""
        racing = [p for p in players if p.is_playing() and p.take_id not in held]
        if not any(p.ready for p in racing):
            for p in players:
                if p.ready:
                    p.display(*p.ready[-1])
            return
        moment = self._moment(racing)
        if moment is None:
            return
        for p in players:
            while len(p.ready) > 1 and p.ready[0][0] < moment - KEEP_MS:
                p.ready.popleft()
            pick = None
            for start, image in reversed(p.ready):
                if start <= moment + p.frame_ms / 2:
                    pick = (start, image)
                    break
            if pick is not None:
                p.display(*pick)
