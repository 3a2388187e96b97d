"""Board test helpers: JobViews with sensible defaults, solid-colour posters, a shown view."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from board_helpers import NOW
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from workbench.ui import theme
from workbench.ui.board import BoardModel, BoardView


@pytest.fixture
def make_poster(tmp_path: Path) -> Callable[..., str]:
    """Write a solid-colour JPEG poster; returns its path."""

    def write(color: str, width: int = 640, height: int = 360, name: str | None = None) -> str:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        path = tmp_path / (name or f"poster-{color.strip('#')}-{width}x{height}.jpg")
        assert image.save(str(path), "JPEG", 95)
        return str(path)

    return write


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """The dark theme for one test (pixel checks need known colours)."""
    palette = qapp.palette()
    theme.apply_theme(qapp, "dark")
    yield
    theme.apply_theme(qapp, "light")
    qapp.setPalette(palette)


@pytest.fixture
def board(qtbot: Any, dark: None) -> Iterator[tuple[BoardModel, BoardView]]:
    """A shown board view over an empty model, with a frozen clock."""
    model = BoardModel()
    view = BoardView(clock=lambda: NOW)
    view.setModel(model)
    view.resize(1200, 640)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield model, view
    # Nothing may outlive the test: the clock stops with the view, poster loads finish.
    view.close()
    assert not view.tick_active()
    assert view.posters.wait(3000)
