"""The board: every draw of one prompt version as a tile, one row per service and model.

``BoardModel`` holds the draws (fed by reads and engine events), ``BoardView`` shows them
with ``TileDelegate``; posters load off the GUI thread through ``PosterCache``.
"""

from __future__ import annotations

from workbench.ui.board.delegate import TileDelegate
from workbench.ui.board.model import JOB_ROLE, ROW_LABELS_ROLE, BoardModel
from workbench.ui.board.posters import PosterCache
from workbench.ui.board.view import BoardView

__all__ = ["JOB_ROLE", "ROW_LABELS_ROLE", "BoardModel", "BoardView", "PosterCache", "TileDelegate"]
