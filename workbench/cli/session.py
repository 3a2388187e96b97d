"""One engine session for a command: runtime thread, engine, progress, Ctrl+C."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from workbench import settings as settings_mod
from workbench.cli.output import EXIT_INTERRUPTED, ProgressPrinter, say
from workbench.engine.engine import Engine
from workbench.engine.runtime import EngineRuntime
from workbench.engine.setup import ProviderSetup

T = TypeVar("T")


class EngineSession:
    """Starts the engine on its own thread and stops it cleanly, even on Ctrl+C."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.settings = settings_mod.load()
        self.setup = ProviderSetup(self.settings)
        self.runtime = EngineRuntime()
        self.engine = Engine(
            provider_factory=self.setup,
            concurrency=self.setup.concurrency(),
            max_download_bytes=int(self.settings.max_download_gib * 1024**3),
        )
        self.engine.bus.subscribe(ProgressPrinter(quiet=getattr(args, "quiet", False)))

    def __enter__(self) -> EngineSession:
        self.runtime.start()
        self.runtime.add_cleanup(self.engine.aclose)
        return self

    def __exit__(self, *exc: object) -> None:
        self.runtime.close()

    def call(self, make: Callable[[Engine], Coroutine[Any, Any, T]]) -> T:
        """Run ``make(engine)`` on the engine loop and wait for its result."""
        return self.runtime.submit(make(self.engine)).result()


def interrupted() -> int:
    """What Ctrl+C prints: nothing sent is lost, resume collects it."""
    say(
        "Interrupted. Draws already sent keep rendering on their services; "
        "`workbench resume` collects them (nothing will be sent twice)."
    )
    return EXIT_INTERRUPTED
