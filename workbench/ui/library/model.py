"""The library's takes as a list model, filled page by page from the engine's typed reads.

The model never talks to the engine: it asks for a page with :attr:`sig_page_requested`
and is handed the answer through :meth:`LibraryModel.add_page`. Every filter change starts
a new *generation*; an answer for an older one (a slow page of the previous filter) is
dropped. Pages are keyset pages, newest first, so scrolling to take 90,000 costs what the
first page costs, and only what was scrolled past is held.

Events keep it current: a judged take is replaced in place (or leaves when it no longer
matches), a deleted one leaves, a new one that matches joins at its place by id.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)

from workbench.domain.takes import normalise_tag, parse_reason
from workbench.domain.views import TakePage, TakeView
from workbench.library.records import TakeFilter

_Index = QModelIndex | QPersistentModelIndex
#: The TakeView of a row.
TAKE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Takes per page: the first paint needs about 40; more pages come as the view scrolls.
PAGE = 200


def matches(take: TakeView, flt: TakeFilter) -> bool:
    """Whether a take passes a filter, the way the library's SQL decides it."""
    if flt.run_id is not None and take.run_id != flt.run_id:
        return False
    if flt.favourite and not take.favourite:
        return False
    if flt.provider and take.provider != flt.provider:
        return False
    if flt.model and take.model != flt.model:
        return False
    if flt.min_rating is not None and (take.rating or 0) < flt.min_rating:
        return False
    if flt.tag and normalise_tag(flt.tag) not in take.tags:
        return False
    if flt.reason and parse_reason(flt.reason).value not in take.reasons:
        return False
    if flt.text:
        # SQLite's LIKE folds ASCII case only; casefold() is close enough for a live insert.
        needle = flt.text.casefold()
        return needle in take.prompt.casefold() or any(
            needle in note.casefold() for note in take.notes
        )
    return True


class LibraryModel(QAbstractListModel):
    """Takes matching one filter, newest first, as far as the view has scrolled."""

    sig_page_requested = Signal(int, object, object)
    """Load a page: (generation, TakeFilter, after — a take id or None for the first page).
    Answer with :meth:`add_page` (or :meth:`page_failed`) and the same generation."""
    sig_first_page = Signal(int)
    """The first page of the current filter arrived: (how many takes it brought)."""

    def __init__(self, parent: QObject | None = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.page = page
        self._filter = TakeFilter()
        self._generation = 0
        self._items: list[TakeView] = []
        self._ids: list[int] = []  # negated ids, ascending (the rows' order) for bisect
        self._next_after: int | None = None
        self._more = False
        self._loading = False
        self._started = False
        # Events seen while pages were in flight: a late page must not bring back a deleted
        # take or an older judgement.
        self._deleted: set[int] = set()
        self._newer: dict[int, TakeView] = {}

    # -- filter and paging -----------------------------------------------------------------
    @property
    def filter(self) -> TakeFilter:
        """The filter the rows match."""
        return self._filter

    @property
    def generation(self) -> int:
        """Increases with every filter change (and reload)."""
        return self._generation

    def loading(self) -> bool:
        """True while a page is asked for and not yet answered."""
        return self._loading

    def started(self) -> bool:
        """True once the first page of the current filter arrived."""
        return self._started

    def complete(self) -> bool:
        """True when every matching take is loaded (the row count is the count)."""
        return self._started and not self._more

    def set_filter(self, flt: TakeFilter) -> None:
        """Show the takes matching ``flt``: empty now, the first page asked for at once."""
        self.beginResetModel()
        self._filter = flt
        self._generation += 1
        self._items, self._ids = [], []
        self._next_after, self._more, self._started = None, True, False
        self._deleted.clear()
        self._newer.clear()
        self.endResetModel()
        self._request(None)

    def reload(self) -> None:
        """Read the current filter again from the first page."""
        self.set_filter(self._filter)

    def canFetchMore(self, parent: _Index) -> bool:  # noqa: N802
        """More takes match than are loaded (and none is being loaded)."""
        return not parent.isValid() and self._started and self._more and not self._loading

    def fetchMore(self, parent: _Index) -> None:  # noqa: N802
        """Ask for the next page (the view calls this when scrolled near the end)."""
        if self.canFetchMore(parent):
            self._request(self._next_after)

    def _request(self, after: int | None) -> None:
        self._loading = True
        self.sig_page_requested.emit(self._generation, self._filter, after)

    def add_page(self, generation: int, page: TakePage) -> bool:
        """Append a page; False (and nothing changes) when it answers an older filter."""
        if generation != self._generation:
            return False
        first = not self._started
        self._loading, self._started = False, True
        self._next_after = page.next_after
        self._more = page.next_after is not None
        known = set(self._ids)
        fresh = [
            self._newer.get(t.id, t)
            for t in page.items
            if -t.id not in known and t.id not in self._deleted
        ]
        fresh = [t for t in fresh if matches(t, self._filter)]
        if fresh:
            # Keyset pages come newest first after everything loaded: they append.
            start = len(self._items)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._items.extend(fresh)
            self._ids.extend(-t.id for t in fresh)
            self.endInsertRows()
        if first:
            self.sig_first_page.emit(len(fresh))
        return True

    def page_failed(self, generation: int) -> None:
        """A page could not be read; scrolling may ask again."""
        if generation == self._generation:
            self._loading = False
            self._started = True

    # -- events ------------------------------------------------------------------------------
    def apply_take(self, take: TakeView) -> None:
        """A take changed or arrived: update it, drop it, or insert it where it belongs."""
        if take.id in self._deleted:
            return
        self._newer[take.id] = take
        row = self.row_of(take.id)
        keep = matches(take, self._filter)
        if row >= 0 and keep:
            self._items[row] = take
            index = self.index(row)
            self.dataChanged.emit(index, index)
        elif row >= 0:
            self._remove_row(row)
        elif keep and self._started and self._within_loaded(take.id):
            at = bisect.bisect_left(self._ids, -take.id)
            self.beginInsertRows(QModelIndex(), at, at)
            self._items.insert(at, take)
            self._ids.insert(at, -take.id)
            self.endInsertRows()

    def remove_take(self, take_id: int) -> None:
        """A take left the library."""
        self._deleted.add(take_id)
        self._newer.pop(take_id, None)
        row = self.row_of(take_id)
        if row >= 0:
            self._remove_row(row)

    def _within_loaded(self, take_id: int) -> bool:
        # Beyond the last loaded take it will come with a later page instead.
        return not self._more or not self._ids or take_id > -self._ids[-1]

    def _remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        del self._ids[row]
        self.endRemoveRows()

    # -- reading -----------------------------------------------------------------------------
    def row_of(self, take_id: int) -> int:
        """The row of a take, or -1 when it is not loaded."""
        at = bisect.bisect_left(self._ids, -take_id)
        return at if at < len(self._ids) and self._ids[at] == -take_id else -1

    def index_of(self, take_id: int) -> QModelIndex:
        """The index of a take (invalid when not loaded)."""
        row = self.row_of(take_id)
        return self.index(row) if row >= 0 else QModelIndex()

    def take_at(self, index: _Index) -> TakeView | None:
        """The take of an index."""
        row = index.row() if index.isValid() else -1
        return self._items[row] if 0 <= row < len(self._items) else None

    def takes(self) -> list[TakeView]:
        """Every loaded take, newest first."""
        return list(self._items)

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        """Loaded takes."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The TakeView (TAKE_ROLE), a line for screen readers, the prompt as tooltip."""
        take = self.take_at(index)
        if take is None:
            return None
        if role == TAKE_ROLE:
            return take
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            seed = "" if take.seed is None else f" · {take.seed}"
            return f"{take.provider} · {take.model}{seed}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return take.prompt
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable and draggable (clips go out as files)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        """Clips leave as file URLs, which file managers and editors take."""
        return ["text/uri-list"]

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        """A drag copies the clip; the library keeps its own."""
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        """File URLs of the takes' clips, in row order, each once."""
        paths: list[str] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            take = self.take_at(index)
            if take is not None and take.path not in paths:
                paths.append(take.path)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        return mime
