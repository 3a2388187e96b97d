"""A virtual clock for asyncio: sleeps end in simulated time, as fast as the work allows.

Time advances only when every live job is waiting on this clock, so simulated minutes pass
in milliseconds without reordering anything the engine does.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable


class VirtualClock:
    """``now()`` and ``sleep()`` for the engine; ``drive()`` moves time forward."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        """Simulated wall-clock seconds."""
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of simulated time."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self._now + max(0.0, seconds), next(self._order), future))
        await future

    @property
    def sleepers(self) -> int:
        """How many tasks are waiting on this clock."""
        return sum(1 for _t, _n, f in self._heap if not f.done())

    async def drive(self, live: Callable[[], int], finished: Callable[[], bool]) -> None:
        """Advance to the next wake-up whenever all ``live()`` tasks are asleep on this clock."""
        while not finished():
            await asyncio.sleep(0.0005)  # real time: lets runnable tasks and threads finish
            if not self._heap or self.sleepers < live():
                continue
            wake, _n, _f = self._heap[0]
            self._now = max(self._now, wake)
            while self._heap and self._heap[0][0] <= self._now:
                _t, _n, future = heapq.heappop(self._heap)
                if not future.done():
                    future.set_result(None)
