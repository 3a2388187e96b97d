"""Frozen events the engine publishes, and the thread-safe bus that carries them.

Subscribers are called on the engine's loop thread; the UI bridge re-emits them as queued
Qt signals, the CLI prints them. Events are immutable, so handing them across threads is safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from workbench.domain.jobs import Failure, JobState

log = logging.getLogger(__name__)


class JobChanged(BaseModel):
    """A draw moved, or its progress changed."""

    model_config = ConfigDict(frozen=True)

    job_id: int
    run_id: int
    provider: str
    model: str
    draw_no: int
    state: JobState
    seed: int | None = None
    progress: float | None = None
    eta_s: float | None = None
    provider_status: str | None = None
    failure: Failure | None = None
    take_id: int | None = None
    message: str | None = None


class RunChanged(BaseModel):
    """A run's tally changed; ``finished`` once no job of it can move on its own."""

    model_config = ConfigDict(frozen=True)

    run_id: int
    total: int
    done: int
    failed: int
    other: int
    finished: bool


Event = JobChanged | RunChanged
Subscriber = Callable[[Event], None]


class EventBus:
    """Fan-out of events to subscribers; a failing subscriber never stops the engine."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Register ``callback``; returns a function that unsubscribes it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every subscriber (in subscription order)."""
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:
                log.exception("an event subscriber failed on %s", type(event).__name__)
