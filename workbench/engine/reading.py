"""Typed reads through the engine, each stamped with the event number it reflects.

A window applies an event only when it is newer than what it read: a read carries the
bus's ``seq`` at the moment it ran on the loop (where every event is published), so reads
and events can arrive in any order without a tile going back in time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.domain.views import (
    JobView,
    PromptHistory,
    ProviderStats,
    RunSummary,
    StatsFilter,
    TakePage,
    TakeView,
)
from workbench.library.records import TakeFilter

if TYPE_CHECKING:
    from workbench.engine.reader import Reader
    from workbench.engine.subscriptions import EventBus
    from workbench.library.library import Library


@dataclass(frozen=True, slots=True)
class Board:
    """Every draw of one prompt version (the desktop's board), as of event ``seq``."""

    seq: int
    prompt_id: int
    prompt_version_id: int
    version: int
    text: str
    negative: str | None
    jobs: tuple[JobView, ...]
    runs: tuple[RunSummary, ...]


class ReadingMixin:
    """Mixin of :class:`~workbench.engine.engine.Engine`: reads for windows and commands.

    Reads that must line up with events (a board, a run, a draw) run on the loop, where
    events are published; the heavy ones (pages of takes, counts, statistics, prompt
    history) run on the reader's own thread and connection, so draws never wait on them.
    """

    bus: EventBus

    # Provided by the Engine this is mixed into (annotations only).
    library: Library
    _reader: Reader
    _live_runs: Callable[[list[RunSummary]], list[RunSummary]]

    async def board(self, version_id: int) -> Board:
        """The board of one prompt version."""
        lib = self.library
        version = lib.version_by_id(version_id)
        runs = self._live_runs([lib.run_summary(r) for r in lib.run_ids_for_version(version_id)])
        return Board(
            seq=self.bus.seq,
            prompt_id=version.prompt_id,
            prompt_version_id=version.id,
            version=version.version,
            text=version.text,
            negative=version.negative,
            jobs=tuple(lib.job_views_for_version(version_id)),
            runs=tuple(runs),
        )

    async def run_summaries(self, limit: int = 50, before: int | None = None) -> list[RunSummary]:
        """Recent runs, newest first, with ``finished`` as this engine knows it."""
        return self._live_runs(self.library.run_summaries(limit, before=before))

    async def job_view(self, job_id: int) -> JobView:
        """One draw."""
        return self.library.job_view(job_id)

    async def jobs_of_run(self, run_id: int) -> list[JobView]:
        """A run's draws in order."""
        return self.library.job_views_for_run(run_id)

    async def library_take_id(self, job_id: int) -> int | None:
        """The take a draw delivered, if any."""
        return self.library.take_id_for_job(job_id)

    async def take(self, take_id: int) -> TakeView:
        """One take with its whole record."""
        return self.library.take_view(take_id)

    async def takes_page(
        self, flt: TakeFilter, after: int | None = None, limit: int = 200
    ) -> TakePage:
        """A page of takes, newest first (keyset paging: pass ``next_after`` on)."""
        return await self._reader.run(lambda lib: lib.takes_page(flt, after=after, limit=limit))

    async def count_takes(self, flt: TakeFilter) -> int:
        """How many takes match ``flt``."""
        return await self._reader.run(lambda lib: lib.count_takes(flt))

    async def takes(self, flt: TakeFilter) -> list[TakeView]:
        """Every take matching ``flt`` (for export and the command line)."""
        return await self._reader.run(lambda lib: lib.takes(flt))

    async def prompt_history(self, prompt_id: int) -> PromptHistory:
        """Every version of a prompt, with each one's outcome."""
        return await self._reader.run(lambda lib: lib.prompt_history(prompt_id))

    async def stats(self, flt: StatsFilter | None = None) -> list[ProviderStats]:
        """The 抽卡 ledger per service and model."""
        return await self._reader.run(lambda lib: lib.provider_stats(flt))

    async def run_summary(self, run_id: int) -> RunSummary:
        """One run with its tally."""
        return self._live_runs([self.library.run_summary(run_id)])[0]
