"""The inspector (issue "Judge, reroll and learn"): the current take's record and judgement.

``attach(window)`` adds this pane's widgets and actions to the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.ui.window import MainWindow


def attach(window: MainWindow) -> None:
    """Plug the inspector into the window (not built yet)."""
