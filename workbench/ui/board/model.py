"""The board's table: one row per service and model, one column per draw of a prompt version.

Rows appear in the order their first draw was made; within a row, tiles are ordered by draw
number, so a reroll (a later run of the same version) continues the row. A retried draw is
replaced in place by its retry. Engine events update one tile each (``dataChanged`` on one
index, or an insert), never a reset; only :meth:`BoardModel.set_jobs` resets.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.domain.views import JobView
from workbench.providers import registry
from workbench.ui.board import words

#: Item role returning the tile's JobView.
JOB_ROLE = Qt.ItemDataRole.UserRole + 1
#: Header role (vertical) returning ``(service label, model label)``.
ROW_LABELS_ROLE = Qt.ItemDataRole.UserRole + 2
#: Item role of a blind board (compare views): the take's letter, shown instead of the facts.
BLIND_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Row:
    provider: str
    model: str
    keys: list[tuple[int, int]] = field(default_factory=list)  # (draw_no, id) of each slot's root
    shown: list[int] = field(default_factory=list)  # job id shown in each slot


def row_labels(provider: str, model: str) -> tuple[str, str, str]:
    """``(service, model short, model full)`` labels, falling back to the ids."""
    try:
        info = registry.provider_info(provider)
    except (KeyError, ImportError):
        return provider, model, model
    caps = info.model(model)
    full = caps.label if caps is not None and caps.label else model
    # "Kling 2.6 — native audio": the name fits a header; the rest goes to the tooltip.
    return info.label or provider, full.split(" — ")[0], full


class BoardModel(QAbstractTableModel):
    """Draws of one prompt version as a table of tiles (see the module docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._row_of_key: dict[tuple[str, str], int] = {}
        self._jobs: dict[int, JobView] = {}  # every job received, shown or replaced
        self._seqs: dict[int, int] = {}
        self._floor = -1  # the seq the last read reflects
        self._row_of_shown: dict[int, int] = {}
        self._successor: dict[int, int] = {}  # retried job → its retry
        self._orphans: dict[int, int] = {}  # unseen original → its retry, shown in its place
        self._columns = 0
        self._labels: dict[tuple[str, str], tuple[str, str, str]] = {}
        self._version: int | None = None

    # -- feeding ---------------------------------------------------------------------------

    def set_jobs(self, jobs: Iterable[JobView], seq: int, version_id: int | None = None) -> None:
        """Replace everything with a fresh read that reflects events up to ``seq``.

        Args:
            jobs: draws of one prompt version, in any order.
            seq: the engine event sequence number the read reflects; later events with a
                seq at or below it are ignored.
            version_id: the prompt version shown; events of other versions are ignored.
                Taken from the jobs when omitted.
        """
        jobs = list(jobs)
        if version_id is None and jobs:
            version_id = jobs[0].prompt_version_id
        merged = {
            j.id: (j, seq) for j in jobs if version_id is None or j.prompt_version_id == version_id
        }
        # A read may be older than events already applied: keep what is newer.
        for job_id, job in self._jobs.items():
            if job.prompt_version_id == version_id and self._seqs.get(job_id, -1) > seq:
                merged[job_id] = (job, self._seqs[job_id])
        self.beginResetModel()
        self._rows.clear()
        self._row_of_key.clear()
        self._jobs.clear()
        self._seqs.clear()
        self._row_of_shown.clear()
        self._successor.clear()
        self._orphans.clear()
        self._version = version_id
        self._floor = seq
        for job_id in self._placement_order(merged):
            job, job_seq = merged[job_id]
            self._jobs[job_id] = job
            self._seqs[job_id] = job_seq
            self._place(job, notify=False)
        self._columns = max((len(r.shown) for r in self._rows), default=0)
        self.endResetModel()

    def _placement_order(self, job_ids: Iterable[int]) -> list[int]:
        """The order a reset places draws in (rows appear in first-placed order).

        By id, so an original precedes its retry; a blind board places its shuffle.
        """
        return sorted(job_ids)

    def apply(self, job: JobView, seq: int) -> bool:
        """Update or insert one tile from an engine event; returns False when ignored.

        Events of another prompt version, and events whose ``seq`` is at or below the one
        already applied for this job (or the last read's), change nothing.
        """
        if self._version is None:
            self._version = job.prompt_version_id
        elif job.prompt_version_id != self._version:
            return False
        if seq <= self._seqs.get(job.id, self._floor):
            return False
        known = job.id in self._jobs
        self._jobs[job.id] = job
        self._seqs[job.id] = seq
        if job.id in self._row_of_shown:
            index = self.index_of(job.id)
            self.dataChanged.emit(index, index)
        elif not known:
            self._place(job, notify=True)
        return True

    def _place(self, job: JobView, *, notify: bool) -> None:
        """Show a job not seen before: in its original's slot if it is a retry, else new."""
        if job.id in self._orphans:
            # Its retry arrived first and already holds the slot.
            self._successor[job.id] = self._orphans.pop(job.id)
            return
        original = job.retry_of
        if original is not None and original not in self._jobs:
            self._orphans[original] = job.id
        elif original is not None:
            tip = original
            while tip in self._successor:
                tip = self._successor[tip]
            if tip in self._row_of_shown:
                self._successor[tip] = job.id
                row = self._row_of_shown.pop(tip)
                column = self._rows[row].shown.index(tip)
                self._rows[row].shown[column] = job.id
                self._row_of_shown[job.id] = row
                if notify:
                    index = self.index(row, column)
                    self.dataChanged.emit(index, index)
                return
        key = (job.provider, job.model)
        row = self._row_of_key.get(key)
        if row is None:
            row = len(self._rows)
            if notify:
                self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(_Row(job.provider, job.model))
            self._row_of_key[key] = row
            if notify:
                self.endInsertRows()
        target = self._rows[row]
        root = (job.draw_no, job.id)
        column = bisect.bisect(target.keys, root)
        if notify and len(target.shown) + 1 > self._columns:
            self.beginInsertColumns(QModelIndex(), self._columns, self._columns)
            self._columns += 1
            self.endInsertColumns()
        target.keys.insert(column, root)
        target.shown.insert(column, job.id)
        self._row_of_shown[job.id] = row
        if notify:
            # Tiles to the right moved one column (only when draws arrive out of order).
            last = len(target.shown) - 1
            self.dataChanged.emit(self.index(row, column), self.index(row, last))

    # -- reading -----------------------------------------------------------------------------

    @property
    def version_id(self) -> int | None:
        """The prompt version shown (None before any read or event)."""
        return self._version

    def job_at(self, index: _Index) -> JobView | None:
        """The draw shown at ``index`` (None for an empty cell or an invalid index)."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        shown = self._rows[index.row()].shown
        if index.column() >= len(shown):
            return None
        return self._jobs[shown[index.column()]]

    def index_of(self, job_id: int) -> QModelIndex:
        """Where a draw is shown; a retried draw maps to its retry's tile."""
        while job_id in self._successor:
            job_id = self._successor[job_id]
        row = self._row_of_shown.get(job_id)
        if row is None:
            return QModelIndex()
        return self.index(row, self._rows[row].shown.index(job_id))

    def first_index_of_run(self, run_id: int) -> QModelIndex:
        """The tile of the run's first draw (lowest id shown), or an invalid index."""
        ids = [i for i in self._row_of_shown if self._jobs[i].run_id == run_id]
        return self.index_of(min(ids)) if ids else QModelIndex()

    def jobs(self) -> list[JobView]:
        """The draws shown, row by row, left to right."""
        return [self._jobs[i] for row in self._rows for i in row.shown]

    def tile_count(self) -> int:
        """How many tiles are shown."""
        return len(self._row_of_shown)

    def indexes(self, predicate: Callable[[JobView], bool]) -> list[QModelIndex]:
        """Indexes of the tiles whose draw matches ``predicate``."""
        return [
            self.index(r, c)
            for r, row in enumerate(self._rows)
            for c, job_id in enumerate(row.shown)
            if predicate(self._jobs[job_id])
        ]

    def live_count(self) -> int:
        """Tiles whose clock is running (being sent, queued at the service, rendering…)."""
        return sum(1 for i in self._row_of_shown if self._jobs[i].state in words.LIVE_STATES)

    def row_key(self, row: int) -> tuple[str, str]:
        """``(provider, model)`` of a row."""
        r = self._rows[row]
        return r.provider, r.model

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Services × models shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """The longest row's draw count."""
        return 0 if parent.isValid() else self._columns

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Tiles are selectable; empty cells of shorter rows are inert."""
        if self.job_at(index) is None:
            return Qt.ItemFlag.NoItemFlags  # arrows and selection skip empty cells
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The JobView (``JOB_ROLE``), a one-line summary, or the tooltip."""
        job = self.job_at(index)
        if job is None:
            return None
        if role == JOB_ROLE:
            return job
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return words.accessible_text(job)
        if role == Qt.ItemDataRole.ToolTipRole:
            return words.tooltip_html(job)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Row headers: service and model on two lines, both labels, and a tooltip."""
        if orientation is Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"#{section + 1}"
            return None
        if not 0 <= section < len(self._rows):
            return None
        key = self.row_key(section)
        if key not in self._labels:
            self._labels[key] = row_labels(*key)
        service, short, full = self._labels[key]
        if role == ROW_LABELS_ROLE:
            return service, short
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{service}\n{short}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{service} · {full}\n{key[0]}:{key[1]}"
        return None
