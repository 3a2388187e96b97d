"""The library view (issue "Judge, reroll and learn"): every take, filtered and paged.

``attach(window)`` adds this pane's widgets and actions to the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the library view into the window (not built yet)."""
