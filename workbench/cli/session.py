"""One engine host for a command: started, progress printed, stopped cleanly on Ctrl+C."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.cli.output import EXIT_INTERRUPTED, ProgressPrinter, say

if TYPE_CHECKING:
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


def interrupted() -> int:
    """What Ctrl+C (or SIGTERM) prints: nothing sent is lost, resume collects it."""
    say(
        "Interrupted. Draws already sent keep rendering on their services; "
        "`workbench resume` collects them (nothing will be sent twice)."
    )
    return EXIT_INTERRUPTED
