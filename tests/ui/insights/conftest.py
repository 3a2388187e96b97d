"""The insights' tests: panes over a fake engine, and the real window (``launch``)."""

from __future__ import annotations

from typing import Any

import pytest
from insights_helpers import FakeBridge, FakeEngine

from tests.ui.window.conftest import Desktop, launch  # noqa: F401 (the fixture, reused)


@pytest.fixture
def engine() -> FakeEngine:
    """Fixed statistics and histories (English prompts)."""
    return FakeEngine("en")


@pytest.fixture
def bridge(qtbot: Any, engine: FakeEngine) -> FakeBridge:
    """A bridge whose calls answer on the next turn of the event loop."""
    return FakeBridge(engine)
