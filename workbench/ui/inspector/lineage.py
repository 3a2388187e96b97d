"""Lineage on the board: a tile's tooltip ends with where its draw comes from.

"Draw 7 of this prompt version on Kling v3 · rerolled from take 41". A draw knows its
number, service and model; which take it rerolls is a fact of its run, which the board
pane already holds (``BoardPane.runs``). The tile itself keeps its "#7" (the row header
names the model); the sentence is added to the tooltip the board model writes, so the
board's own code stays as it is.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from workbench.ui.board.model import row_labels
from workbench.ui.inspector import texts

if TYPE_CHECKING:
    from workbench.domain.views import JobView
    from workbench.ui.board_pane import BoardPane


def parent_take_of(board: BoardPane, job: JobView) -> int | None:
    """The take a draw's run rerolled (None for a first run, or a run not yet known)."""
    run = board.runs.get(job.run_id)
    return run.parent_take_id if run is not None else None


def lineage_of(board: BoardPane, job: JobView) -> str:
    """The lineage sentence of a tile's draw."""
    label = row_labels(job.provider, job.model)[1]
    return texts.lineage(job.draw_no, label, parent_take_of(board, job))


def tooltip_with_lineage(tooltip: str, lineage: str) -> str:
    """The board's rich-text tooltip with the lineage as its last line."""
    line = html.escape(lineage)
    if tooltip.endswith("</qt>"):
        return tooltip[: -len("</qt>")] + "<br>" + line + "</qt>"
    return (tooltip + "\n" + lineage) if tooltip else lineage


class BoardTooltips(QObject):
    """Adds the lineage to tile tooltips (an event filter on the board's viewport)."""

    def __init__(self, board: BoardPane, *, hidden: object = None) -> None:
        super().__init__(board)
        self.board = board
        self._hidden = hidden  # callable: True while names are hidden (blind judging)
        board.view.viewport().installEventFilter(self)

    def tooltip_at(self, index: object) -> str | None:
        """The tooltip of the tile at ``index`` with its lineage (None for no tile)."""
        view = self.board.view
        model = view.board_model()
        job = model.job_at(index) if model is not None else None  # type: ignore[arg-type]
        if job is None:
            return None
        base = model.data(index, Qt.ItemDataRole.ToolTipRole)  # type: ignore[union-attr, arg-type]
        if callable(self._hidden) and self._hidden():
            return str(base or "")
        return tooltip_with_lineage(str(base or ""), lineage_of(self.board, job))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """On a tooltip request over a tile, show the tooltip with its lineage."""
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        view = self.board.view
        index = view.indexAt(event.pos())
        text = self.tooltip_at(index) if index.isValid() else None
        if text is None:
            return False
        QToolTip.showText(event.globalPos(), text, view.viewport(), view.visualRect(index))
        return True
