"""The real window on a real engine host (the window tests' ``launch``), and a small board.

``board`` starts the window and draws 2 sim takes on each of two models (2 s, 360p), so a
test has four real takes in a few seconds.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspector_helpers import PROMPT, settled, small_draws
from PySide6.QtCore import Qt

_PATH = Path(__file__).resolve().parent.parent / "window" / "conftest.py"
_SPEC = importlib.util.spec_from_file_location("_window_conftest", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
_window = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_window)

Desktop = _window.Desktop
launch = _window.launch


@pytest.fixture
def board(qtbot: Any, launch: Callable[..., Any]) -> Any:
    """A window whose board holds four done takes (two per sim model); board focused."""
    desktop = launch()
    window = desktop.window
    small_draws(window)
    qtbot.keyClicks(window.prompt.editor, PROMPT)
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: settled(desktop, 4), timeout=60_000)
    assert all(j.take is not None for j in window.board.model.jobs())
    view = window.board.view
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: window.inspector.take() is not None, timeout=10_000)
    return desktop
