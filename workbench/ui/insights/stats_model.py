"""The 抽卡 ledger as a table: one row per service and model, numbers right-aligned.

``Qt.DisplayRole`` is the formatted text, ``Qt.UserRole`` the raw number (sorting and
tests read it), ``Qt.ToolTipRole`` the full words (a model's whole name, every failure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from workbench.domain.views import ProviderStats
from workbench.ui.board.model import row_labels
from workbench.ui.insights import words

Index = QModelIndex | QPersistentModelIndex

#: Column keys in order; the raw value of each comes from :data:`_RAW`.
COLUMNS = (
    "service",
    "model",
    "draws",
    "keepers",
    "hit_rate",
    "draws_per_keeper",
    "cost_usd",
    "cost_per_keeper_usd",
    "median_render_s",
    "failed",
    "failures",
    "reasons",
)
TEXT_COLUMNS = frozenset({"service", "model", "failures", "reasons"})

_RAW: dict[str, Callable[[ProviderStats], Any]] = {
    "service": lambda s: s.provider,
    "model": lambda s: s.model,
    "draws": lambda s: s.draws,
    "keepers": lambda s: s.keepers,
    "hit_rate": lambda s: s.hit_rate,
    "draws_per_keeper": lambda s: s.draws_per_keeper,
    "cost_usd": lambda s: s.cost_usd,
    "cost_per_keeper_usd": lambda s: s.cost_per_keeper_usd,
    "median_render_s": lambda s: s.median_render_s,
    "failed": lambda s: s.failed,
    "failures": lambda s: dict(s.failures),
    "reasons": lambda s: dict(s.reasons),
}


def _display(key: str, s: ProviderStats) -> str:
    if key == "service":
        return words.service_label(s.provider)
    if key == "model":
        return words.model_label(s.provider, s.model)
    if key in ("draws", "keepers", "failed"):
        return words.count(_RAW[key](s))
    if key == "hit_rate":
        return words.percent(s.hit_rate)
    if key == "draws_per_keeper":
        return words.ratio(s.draws_per_keeper)
    if key in ("cost_usd", "cost_per_keeper_usd"):
        return words.money(_RAW[key](s))
    if key == "median_render_s":
        return words.seconds(s.median_render_s)
    if key == "failures":
        return words.counted(s.failures, words.failure_label)
    return words.counted(s.reasons, words.reason)


class StatsTableModel(QAbstractTableModel):
    """Rows of :class:`ProviderStats` (one per service and model)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ProviderStats] = []
        self._words: list[list[str]] = []

    def set_stats(self, stats: Sequence[ProviderStats]) -> None:
        """Show these rows (a new answer replaces the old one whole)."""
        self.beginResetModel()
        self._rows = list(stats)
        # Words made once per answer: a resize to contents asks every cell many times.
        self._words = [[_display(key, s) for key in COLUMNS] for s in self._rows]
        self.endResetModel()

    def column_words(self, column: int) -> list[str]:
        """The words shown in one column, row by row (for sizing it)."""
        return [row[column] for row in self._words]

    def stats(self) -> list[ProviderStats]:
        """The rows shown."""
        return list(self._rows)

    def headers(self) -> list[str]:
        """Column titles in the UI language."""
        return [
            self.tr("Service"),
            self.tr("Model"),
            self.tr("Draws"),
            self.tr("Keepers"),
            self.tr("Hit rate"),
            self.tr("Draws per keeper"),
            self.tr("Spent"),
            self.tr("Cost per keeper"),
            self.tr("Median render"),
            self.tr("Failed"),
            self.tr("Failures by kind"),
            self.tr("Reason chips"),
        ]

    def _tips(self) -> dict[str, str]:
        return {
            "keepers": self.tr("Takes rated 4–5 stars or marked favourite"),
            "hit_rate": self.tr("Keepers per draw"),
            "draws_per_keeper": self.tr("How many draws it took, on average, for one keeper"),
            "cost_usd": self.tr("What the services charged for these draws"),
            "cost_per_keeper_usd": self.tr("Charged spend divided by keepers"),
            "median_render_s": self.tr("Half of the delivered draws rendered faster than this"),
            "reasons": self.tr("Why takes were not kept, as marked in the inspector"),
        }

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """One row per service and model."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        """The columns of :data:`COLUMNS`."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, their tooltips and alignment."""
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips().get(key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(key)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Words (display), raw numbers (user role), alignment and tooltips."""
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._words) and 0 <= column < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # the common case first: painting
            return self._words[row][column]
        s = self._rows[row]
        key = COLUMNS[column]
        if role == Qt.ItemDataRole.UserRole:
            return _RAW[key](s)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENTS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "model":
                return f"{row_labels(s.provider, s.model)[2]} ({s.model})"
            if key in ("failures", "reasons"):
                return _display(key, s).replace(" · ", "\n")
        return None


def _alignment(key: str) -> Qt.AlignmentFlag:
    horizontal = Qt.AlignmentFlag.AlignLeft if key in TEXT_COLUMNS else Qt.AlignmentFlag.AlignRight
    return horizontal | Qt.AlignmentFlag.AlignVCenter


_ALIGNMENTS = [_alignment(key) for key in COLUMNS]
