"""Blind judging: a toggle that hides who made each take until every take is rated.

``window.blind_mode`` is the one :class:`BlindMode` of a window. Others read it:

- ``blind_mode.active`` — the inspector passes ``blind=True`` to ``engine.rate`` while it
  is on, so statistics can tell blind ratings from sighted ones;
- ``blind_mode.sig_changed(bool)`` — repaint labels (names ↔ letters).

While active, the board's view shows a :class:`BlindBoardModel` (shuffled, lettered,
masked). The names come back by themselves once every take shown has a blind rating.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Signal

from workbench.domain.views import JobView
from workbench.ui.compare.blind_model import BlindBoardModel

if TYPE_CHECKING:
    from workbench.ui.board_pane import BoardPane


class BlindMode(QObject):
    """Whether names are hidden, and the blind board while they are.

    Args:
        pane: the board pane whose view is switched to the blind board and back.
        parent: owner.
        rng: the shuffle's randomness (tests pass a seeded one).
    """

    sig_changed = Signal(bool)
    """Blind judging started (True) or ended (False)."""
    sig_revealed = Signal()
    """Every take shown was rated blind, so the names came back (after sig_changed(False))."""

    def __init__(
        self, pane: BoardPane, parent: QObject | None = None, rng: random.Random | None = None
    ) -> None:
        super().__init__(parent)
        self._pane = pane
        self._rng = rng or random.Random()
        self._model: BlindBoardModel | None = None

    @property
    def active(self) -> bool:
        """True while service, model, seed and cost are hidden."""
        return self._model is not None

    def model(self) -> BlindBoardModel | None:
        """The blind board while active."""
        return self._model

    def letter_of(self, job_id: int) -> str | None:
        """A take's letter while blind (None when not blind or not shown)."""
        return self._model.letter_of(job_id) if self._model is not None else None

    def toggle(self) -> None:
        """B: hide or show the names."""
        self.set_active(not self.active)

    def set_active(self, on: bool) -> None:
        """Start or end blind judging; the selection (and current tile) is kept."""
        if on == self.active:
            return
        view = self._pane.view
        keep = [j.id for j in view.selected_jobs()]
        current = view.current_job()
        if on:
            columns = max(1, min(self._pane.model.columnCount() or 4, 6))
            model = BlindBoardModel(self._pane.model, columns, self._rng, self)
            model.reshuffle()
            model.dataChanged.connect(self._on_model_data_changed)
            self._model = model
            self._swap(model, keep, current)
        else:
            old, self._model = self._model, None
            self._swap(self._pane.model, keep, current)
            if old is not None:
                old.detach()
                old.deleteLater()
        self.sig_changed.emit(on)

    def _swap(self, model: object, keep: list[int], current: JobView | None) -> None:
        view = self._pane.view
        old_selection = view.selectionModel()
        view.setModel(model)  # type: ignore[arg-type]
        if old_selection is not None:
            old_selection.deleteLater()
        board = view.board_model()
        if board is None:
            return
        selection = view.selectionModel()
        for job_id in keep:
            index = board.index_of(job_id)
            if index.isValid():
                selection.select(index, QItemSelectionModel.SelectionFlag.Select)
        index = board.index_of(current.id) if current is not None else board.index(0, 0)
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def rated_all(self) -> bool:
        """True when every take on the blind board has a blind rating."""
        model = self._model
        if model is None:
            return False
        jobs = model.jobs()
        return bool(jobs) and all(
            j.take is not None and j.take.rating is not None and j.take.blind for j in jobs
        )

    def _on_model_data_changed(self, *_args: object) -> None:
        if self.rated_all():
            self.set_active(False)
            self.sig_revealed.emit()
