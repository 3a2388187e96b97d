"""Fixtures of the comparison video tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.compare.clips import Colour, write_clip


@pytest.fixture
def clip(tmp_path: Path) -> Callable[..., Path]:
    """``clip(name, width, height, fps, colours)`` → a clip in the test's folder."""
    folder = tmp_path / "clips"
    folder.mkdir(exist_ok=True)

    def make(name: str, width: int, height: int, fps: int, colours: Sequence[Colour]) -> Path:
        return write_clip(folder / name, width, height, fps, colours)

    return make
