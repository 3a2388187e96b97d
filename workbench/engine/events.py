"""Frozen events the engine publishes: draws, runs, takes and the engine's own life.

Every event carries ``seq``, a number the bus stamps in publishing order, so a window that
read some state (a read also reports the ``seq`` it reflects) can drop older events. Events
are immutable and hold read models only, so handing them across threads is safe. Delivery
(queues, coalescing, the subscriber's own thread) is in ``engine.subscriptions``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView, RunSummary, TakeView


class EngineState(enum.StrEnum):
    """What the engine is doing as a whole."""

    IDLE = "idle"  # no draw is being driven
    BUSY = "busy"  # at least one draw is being sent, polled or downloaded
    STOPPING = "stopping"  # closing: draws stay resumable, nothing new starts


@dataclass(frozen=True, slots=True)
class JobChanged:
    """A draw moved, or its progress changed; ``job`` is its whole new state."""

    job: JobView
    eta_s: float | None = None
    message: str | None = None
    seq: int = 0

    @property
    def job_id(self) -> int:
        """The draw's id."""
        return self.job.id

    @property
    def run_id(self) -> int:
        """The draw's run."""
        return self.job.run_id

    @property
    def state(self) -> JobState:
        """The draw's state."""
        return self.job.state

    @property
    def take_id(self) -> int | None:
        """The delivered take, once done."""
        return self.job.take.id if self.job.take is not None else None


@dataclass(frozen=True, slots=True)
class RunChanged:
    """A run's tally changed; ``run.finished`` once no draw of it can move on its own."""

    run: RunSummary
    seq: int = 0

    @property
    def run_id(self) -> int:
        """The run's id."""
        return self.run.id

    @property
    def finished(self) -> bool:
        """No draw of the run can move on its own any more."""
        return self.run.finished


@dataclass(frozen=True, slots=True)
class TakeChanged:
    """A take was judged (rating, favourite, note, tag, reason chip)."""

    take: TakeView
    seq: int = 0


@dataclass(frozen=True, slots=True)
class TakeDeleted:
    """A take left the library (its job stays, as a record that the draw happened)."""

    take_id: int
    job_id: int
    seq: int = 0


@dataclass(frozen=True, slots=True)
class EngineChanged:
    """The engine became busy, idle, or began stopping."""

    state: EngineState
    active_jobs: int
    seq: int = 0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The first event of every subscription: the state at ``seq``, then changes after it.

    ``runs`` are the recent runs (newest first) and ``jobs`` every draw of the runs that are
    not finished, plus the newest run's, so a window opened mid-run can draw its board.
    """

    state: EngineState
    active_jobs: int
    runs: tuple[RunSummary, ...]
    jobs: tuple[JobView, ...]
    seq: int = 0


Event = JobChanged | RunChanged | TakeChanged | TakeDeleted | EngineChanged | Snapshot
