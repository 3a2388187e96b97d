"""The library view on a real engine host over a library filled through its API."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.library.fill import FilledTake, fill
from tests.ui.window.conftest import Desktop, launch  # noqa: F401 (the fixture, reused)
from workbench.library import Library


@pytest.fixture
def filled(isolated_home: Path) -> Callable[[int], list[FilledTake]]:
    """Fill the data directory with ``n`` takes (before the engine opens it)."""

    def make(count: int, **options: Any) -> list[FilledTake]:
        lib = Library(isolated_home)
        try:
            return fill(lib, count, **options)
        finally:
            lib.close()

    return make


def open_library(qtbot: Any, desktop: Desktop) -> Any:
    """Show the library tab and wait for its first page."""
    window = desktop.window
    window.show_view("library")
    pane = window.library
    qtbot.waitUntil(lambda: pane.model.started(), timeout=10_000)
    return pane
