"""The whole library's 抽卡 ledger, read from covering indexes (no prompt or period filter).

The stats view opens on the whole library, so this is the read a creator waits for most.
At 100,000 draws, one query joining every draw to its take costs half a second, mostly in
evaluating expressions row by row. Here each part is read from an index that already holds
it: draws, states and spend grouped by ``ix_jobs_ledger`` (summed in Python from a few
dozen groups), keepers from the favourite and rating indexes, blind-rated takes from
``ix_takes_blind``. Sighted figures are the whole library minus the blind ones; the
sighted median walks the render-time index, skipping the few blind render times.
"""

from __future__ import annotations

import bisect
import sqlite3
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from workbench.domain.views import Sighting
from workbench.library.reads import KEEPER_SQL

Key = tuple[str, str]

_DRAW = "j.state NOT IN ('planned', 'canceled')"
_BLIND = (
    "FROM takes t INDEXED BY ix_takes_blind CROSS JOIN jobs j ON j.id = t.job_id"
    f" WHERE t.rated_blind = 1 AND t.deleted_at IS NULL AND {_DRAW}"
)


@dataclass(slots=True)
class Tally:
    """One service and model's counts; subtractable, so sighted = all − blind."""

    draws: int = 0
    done: int = 0
    failed: int = 0
    keepers: int = 0
    charged: int = 0
    spend: float = 0.0

    def add(self, state: str, charged: int | None, count: int, spend: float) -> None:
        """Count ``count`` draws in ``state``; their spend counts only when charged."""
        self.draws += count
        self.done += count if state == "done" else 0
        self.failed += count if state == "failed" else 0
        if charged == 1:
            self.charged += count
            self.spend += spend

    def minus(self, other: Tally) -> Tally:
        """These counts without ``other``'s."""
        return Tally(
            self.draws - other.draws,
            self.done - other.done,
            self.failed - other.failed,
            self.keepers - other.keepers,
            self.charged - other.charged,
            self.spend - other.spend,
        )


def whole_ledger(
    conn: sqlite3.Connection, sighting: Sighting
) -> tuple[dict[Key, Tally], dict[Key, float]]:
    """Per service and model: the tallies and median render times of the whole library.

    Read in one snapshot: "sighted = all − blind" and the median's skipping of the blind
    render times need every query to see the same library while the engine writes.
    """
    with _snapshot(conn):
        return _whole_ledger(conn, sighting)


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (WAL: a consistent view that never blocks the writer)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")  # nothing was written: this only ends the read


def _whole_ledger(
    conn: sqlite3.Connection, sighting: Sighting
) -> tuple[dict[Key, Tally], dict[Key, float]]:
    if sighting is Sighting.BLIND:
        blind, renders = _blind(conn)
        return blind, {k: statistics.median(v) for k, v in renders.items()}
    tallies = _all_tallies(conn)
    if sighting is Sighting.ALL:
        return tallies, _medians(conn, tallies, {})
    blind, renders = _blind(conn)
    sighted = {k: t.minus(blind[k]) if k in blind else t for k, t in tallies.items()}
    sighted = {k: t for k, t in sighted.items() if t.draws}
    return sighted, _medians(conn, sighted, renders)


def _all_tallies(conn: sqlite3.Connection) -> dict[Key, Tally]:
    tallies: dict[Key, Tally] = defaultdict(Tally)
    for provider, model, state, charged, count, spend in conn.execute(
        "SELECT provider, model, state, charged, COUNT(*),"
        " TOTAL(COALESCE(cost_usd, est_cost_usd, 0)) FROM jobs j INDEXED BY ix_jobs_ledger"
        f" WHERE {_DRAW} GROUP BY 1, 2, 3, 4"
    ):
        tallies[(provider, model)].add(state, charged, count, spend)
    for provider, model, count in conn.execute(
        "SELECT j.provider, j.model, COUNT(*) FROM takes t CROSS JOIN jobs j ON j.id = t.job_id"
        f" WHERE t.deleted_at IS NULL AND {KEEPER_SQL} AND {_DRAW} GROUP BY 1, 2"
    ):
        tallies[(provider, model)].keepers = count
    return dict(tallies)


def _blind(conn: sqlite3.Connection) -> tuple[dict[Key, Tally], dict[Key, list[float]]]:
    """The blind-rated draws' tallies, and their done draws' render times (sorted).

    Blind ratings are few (a few thousand at 100,000 takes), so one pass over their rows,
    summed here, is cheaper than two grouped queries.
    """
    tallies: dict[Key, Tally] = defaultdict(Tally)
    renders: dict[Key, list[float]] = defaultdict(list)
    for provider, model, state, charged, spend, keeper, render_s in conn.execute(
        "SELECT j.provider, j.model, j.state, j.charged, COALESCE(j.cost_usd, j.est_cost_usd, 0),"
        f" CASE WHEN {KEEPER_SQL} THEN 1 ELSE 0 END, j.render_s {_BLIND}"
    ):
        tally = tallies[(provider, model)]
        tally.add(state, charged, 1, spend)
        tally.keepers += keeper
        if state == "done" and render_s is not None:
            renders[(provider, model)].append(render_s)
    for values in renders.values():
        values.sort()
    return dict(tallies), dict(renders)


def _medians(
    conn: sqlite3.Connection, keys: dict[Key, Tally], skip: dict[Key, list[float]]
) -> dict[Key, float]:
    """Median render time per key, of the done draws less the ``skip`` render times."""
    found: dict[Key, float] = {}
    for provider, model in keys:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM jobs INDEXED BY ix_jobs_render WHERE provider = ?"
            " AND model = ? AND state = 'done' AND render_s IS NOT NULL",
            (provider, model),
        ).fetchone()
        removed = skip.get((provider, model), [])
        left = count - len(removed)
        if left <= 0:
            continue

        def at(position: int, provider: str = provider, model: str = model) -> float:
            return conn.execute(
                "SELECT render_s FROM jobs INDEXED BY ix_jobs_render WHERE provider = ?"
                " AND model = ? AND state = 'done' AND render_s IS NOT NULL"
                " ORDER BY render_s LIMIT 1 OFFSET ?",
                (provider, model, position),
            ).fetchone()[0]

        low, where = kth_excluding(at, (left - 1) // 2, removed)
        high = low if left % 2 else kth_excluding(at, left // 2, removed, where + 1)[0]
        found[(provider, model)] = (low + high) / 2
    return found


def kth_excluding(
    at: Callable[[int], float], k: int, removed: list[float], start: int | None = None
) -> tuple[float, int]:
    """The ``k``-th smallest (from 0) of sorted A less ``removed``, and its position in A.

    ``at(p)`` reads A[p]; ``removed`` must be a sub-multiset of A. Start at p = k (or at
    ``start``: the position returned for k − 1, plus one) and move to k + (how many removed
    values are ≤ A[p]) until that stops changing: p only grows, never past the answer, and
    usually settles in two or three reads because few values are removed.
    """
    position = k if start is None else max(k, start)
    while True:
        value = at(position)
        following = k + bisect.bisect_right(removed, value)
        if following == position:
            return value, position
        position = following
