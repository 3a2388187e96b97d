"""A clock tests move by hand: fakes age their tasks on it, adapters and engines sleep on it.

Nothing waits for real time: a poll loop or the engine asks to sleep ``s`` seconds, the clock
jumps ``s`` seconds ahead, and the fake's tasks have progressed that much when asked next.
"""

from __future__ import annotations

import asyncio
import threading
import time


class ManualClock:
    """Seconds since the epoch, starting now, moving only when told (thread-safe).

    Starting at the real time keeps tokens signed on it (Kling's JWT) plausible to anyone
    who checks them against a wall clock.
    """

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move time forward (never back)."""
        with self._lock:
            self._now += max(0.0, seconds)

    async def sleep(self, seconds: float) -> None:
        """An injectable sleep: time passes at once, and other tasks get a turn."""
        self.slept.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)
