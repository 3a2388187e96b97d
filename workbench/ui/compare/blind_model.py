"""The board as a blind judge sees it: takes shuffled, lettered, every name and number gone.

A :class:`BlindBoardModel` is a :class:`~workbench.ui.board.model.BoardModel` (the board's
view, selection and Enter keep working) filled with *masked* copies of the source board's
delivered takes: service, model, seed, costs, render time, status words and sighted
judgements are blanked, so nothing in any data role, header or tooltip can name a service.
The shuffle is laid out row by row; rows are not services any more.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView
from workbench.ui.board import words
from workbench.ui.board.model import BLIND_LABEL_ROLE, JOB_ROLE, ROW_LABELS_ROLE, BoardModel

_Index = QModelIndex | QPersistentModelIndex
#: Provider id of masked draws (never shown: headers and tooltips are this model's own).
MASKED = "blind"


def letter(n: int) -> str:
    """A, B, … Z, AA, AB, … for the ``n``-th take (from 0)."""
    text = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def playable(job: JobView) -> bool:
    """A delivered take with a clip: what blind judging shows."""
    return job.state is JobState.DONE and job.take is not None and bool(job.take.path)


class BlindBoardModel(BoardModel):
    """Masked, shuffled takes of ``source`` (see the module docstring).

    Args:
        source: the board's own model; changes to it (new takes, ratings) follow here.
        columns: tiles per row.
        rng: the shuffle's randomness (tests pass a seeded one).
        parent: owner.
    """

    def __init__(
        self,
        source: BoardModel,
        columns: int = 4,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.columns = max(1, columns)
        self._rng = rng or random.Random()
        self._order: list[int] = []  # job ids, in the shuffled order
        self._seq = 0
        source.modelReset.connect(self.reshuffle)
        source.dataChanged.connect(self._on_source_changed)
        source.rowsInserted.connect(self._on_source_changed)
        source.columnsInserted.connect(self._on_source_changed)

    def detach(self) -> None:
        """Stop following the source (blind mode ended)."""
        for signal, slot in (
            (self.source.modelReset, self.reshuffle),
            (self.source.dataChanged, self._on_source_changed),
            (self.source.rowsInserted, self._on_source_changed),
            (self.source.columnsInserted, self._on_source_changed),
        ):
            signal.disconnect(slot)

    # -- the shuffle -------------------------------------------------------------------------
    def reshuffle(self) -> None:
        """Deal the source's takes again in a new random order."""
        jobs = [j for j in self.source.jobs() if playable(j)]
        self._rng.shuffle(jobs)
        self._order = [j.id for j in jobs]
        self._seq += 1
        self.set_jobs(
            [self._mask(j, n) for n, j in enumerate(jobs)], self._seq, self.source.version_id
        )

    def _placement_order(self, job_ids: Iterable[int]) -> list[int]:
        ids = set(job_ids)
        return [i for i in self._order if i in ids]

    def _mask(self, job: JobView, position: int) -> JobView:
        take = job.take
        assert take is not None
        rated_blind = take.blind and take.rating is not None
        masked_take = dataclasses.replace(
            take,
            rating=take.rating if rated_blind else None,  # sighted stars would bias
            favourite=False,
            tags=(),
            reasons=(),
        )
        row, column = divmod(position, self.columns)
        return dataclasses.replace(
            job,
            provider=MASKED,
            model=f"{row:04d}",
            draw_no=column + 1,
            seed=None,
            seed_supported=False,
            params={},
            remote_id=None,
            progress=None,
            provider_status=None,
            failure=None,
            est_cost_usd=None,
            cost_usd=None,
            charged=None,
            render_s=None,
            created_at=0.0,
            submitted_at=None,
            finished_at=None,
            retry_of=None,
            take=masked_take,
        )

    def _on_source_changed(self, *_args: object) -> None:
        """Ratings and new takes: update in place (the view keeps its selection)."""
        for job in self.source.jobs():
            if not playable(job):
                continue
            if job.id not in self._order:
                self._order.append(job.id)
            masked = self._mask(job, self._order.index(job.id))
            if self.job_at(self.index_of(job.id)) != masked:
                self._seq += 1
                self.apply(masked, self._seq)

    # -- reading -----------------------------------------------------------------------------
    def letter_of(self, job_id: int) -> str | None:
        """The letter a take goes by while blind (None if it is not on this board)."""
        return letter(self._order.index(job_id)) if job_id in self._order else None

    def job_ids(self) -> list[int]:
        """The takes shown, in the shuffled order."""
        return list(self._order)

    def original(self, job_id: int) -> JobView | None:
        """The unmasked draw (for the players: its clip), never for display."""
        return next((j for j in self.source.jobs() if j.id == job_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Masked draw, its letter, and texts that name nothing."""
        job = self.job_at(index)
        if job is None:
            return None
        name = self.letter_of(job.id) or "?"
        if role == JOB_ROLE:
            return job
        if role == BLIND_LABEL_ROLE:
            return name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("Take %1").replace("%1", name)
        if role == Qt.ItemDataRole.ToolTipRole:
            facts = [self.tr("Take %1").replace("%1", name)]
            facts += [t for k, t in words.info_parts(job) if k == "duration"]
            rating = job.take.rating if job.take else None
            if rating:
                facts.append(self.tr("rated %1 of 5 (blind)").replace("%1", str(rating)))
            return " · ".join(facts)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Rows are only places in the shuffle: "Blind" over the letters they hold."""
        if orientation is Qt.Orientation.Horizontal:
            return super().headerData(section, orientation, role)
        if not 0 <= section < self.rowCount():
            return None
        first = section * self.columns
        last = min(len(self._order), first + self.columns) - 1
        span = letter(first) if last <= first else f"{letter(first)}–{letter(last)}"
        title = self.tr("Blind")
        if role == ROW_LABELS_ROLE:  # the letters stand out, the word is secondary
            return span, title
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{span}\n{title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Services, models, seeds and costs are hidden until every take is rated")
        return None
