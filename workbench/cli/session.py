"""One engine host for a command: started, progress printed, stopped cleanly on Ctrl+C/SIGTERM."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.cli.output import EXIT_INTERRUPTED, EXIT_TERMINATED, ProgressPrinter, say

if TYPE_CHECKING:
    from workbench.domain.views import JobView
    from workbench.engine.engine import Engine
    from workbench.engine.host import EngineHost

T = TypeVar("T")


class EngineSession:
    """The command line's use of the engine host: one per command, progress on stderr."""

    def __init__(self, args: argparse.Namespace, *, progress: bool = True) -> None:
        from workbench.engine.host import EngineHost

        self.host: EngineHost = EngineHost()
        self.settings = self.host.settings
        self._progress = progress and not getattr(args, "quiet", False)

    def __enter__(self) -> EngineSession:
        self.host.start()
        if self._progress:
            self.host.subscribe(ProgressPrinter(), interval=0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.host.close()

    def call(self, make: Callable[[Engine], Coroutine[Any, Any, T]]) -> T:
        """Run ``make(engine)`` on the engine loop and wait for its result."""
        return self.host.call(make)

    def stopped(
        self,
        exc: KeyboardInterrupt,
        *,
        run_id: int | None = None,
        job_ids: list[int] | None = None,
    ) -> int:
        """Ctrl+C or SIGTERM while draws were being sent: stop them, say where they stand.

        Every draw stops where it is (the engine keeps it resumable); the sentence counts
        the draws on their services and those never sent, when the engine can still tell.
        """
        from workbench.cli.faults import stop_cause, unfinished_sentence, where_draws_stand

        cause = stop_cause(exc)
        sentence = None
        try:
            self.host.call(lambda e: e.stop_driving(), timeout=15)
            jobs = self._jobs(run_id, job_ids)
            if jobs is not None:
                not_sent, on_service = where_draws_stand(j.state.value for j in jobs)
                sentence = unfinished_sentence(not_sent, on_service, cause=cause) or (
                    f"{cause}; every draw had settled already."
                )
        except (Exception, KeyboardInterrupt):  # a second Ctrl+C: stop without counting
            sentence = None
        say(
            sentence
            or f"{cause}: draws already sent keep rendering on their services; "
            "`workbench resume` collects them (nothing is sent twice)."
        )
        return interrupted_code(exc)

    def _jobs(self, run_id: int | None, job_ids: list[int] | None) -> list[JobView] | None:
        if run_id is not None:
            return self.host.call(lambda e: e.jobs_of_run(run_id), timeout=15)
        if job_ids:
            return self.host.call(lambda e: _views(e, job_ids), timeout=15)
        return None


async def _views(engine: Engine, job_ids: list[int]) -> list[JobView]:
    return [await engine.job_view(j) for j in job_ids]


def interrupted_code(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl+C, 143 for SIGTERM (128 + the signal, as a shell reports it)."""
    from workbench.cli.faults import Terminated

    return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
