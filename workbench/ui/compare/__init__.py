"""Comparing takes (issue "Compare takes"): synced players, focus view, A/B, blind judging.

``attach(window)`` adds this pane's widgets and actions to the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the compare views into the window (not built yet)."""
