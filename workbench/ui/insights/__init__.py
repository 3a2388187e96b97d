"""Statistics and prompt history (issue "Judge, reroll and learn"): what pays off.

``attach(window)`` adds this pane's widgets and actions to the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the statistics and history views into the window (not built yet)."""
