"""Takes: filters, judgement (rating, favourite, notes, tags, reason chips), statistics."""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Callable
from typing import Any

from workbench.domain.takes import check_rating, normalise_tag, parse_reason
from workbench.library.db import transaction
from workbench.library.records import TakeFilter
from workbench.library.store import ClipStore

_TAKE_SELECT = """
SELECT t.id AS take, t.job_id AS job, j.run_id AS run, j.provider, j.model, j.seed,
       j.draw_no AS draw, pv.text AS prompt, pv.negative, pv.prompt_id AS prompt_id,
       pv.version AS prompt_version, t.rating, t.favourite, t.path, t.poster, t.sha256,
       t.bytes, t.duration, t.width, t.height, t.fps, t.codec, t.audio, t.container,
       j.cost_usd, j.est_cost_usd, j.cost_reported, j.render_s, j.params_json, t.created_at
FROM takes t
JOIN jobs j ON j.id = t.job_id
JOIN runs r ON r.id = j.run_id
JOIN prompt_versions pv ON pv.id = r.prompt_version_id
"""

#: A take counts as a keeper when favourited or rated 4 stars or more.
KEEPER_SQL = "(t.favourite = 1 OR t.rating >= 4)"


class TakeNotFound(LookupError):
    """No take with that id."""


class TakesRepo:
    """Mixin of :class:`~workbench.library.library.Library` for everything about takes."""

    conn: sqlite3.Connection
    clips: ClipStore
    clock: Callable[[], float]

    def query_takes(self, flt: TakeFilter) -> list[dict[str, Any]]:
        """Takes matching every given filter, newest first, as plain dicts."""
        where, args = [], []
        if flt.run_id is not None:
            where.append("j.run_id = ?")
            args.append(flt.run_id)
        if flt.favourite:
            where.append("t.favourite = 1")
        if flt.provider:
            where.append("j.provider = ?")
            args.append(flt.provider)
        if flt.model:
            where.append("j.model = ?")
            args.append(flt.model)
        if flt.min_rating is not None:
            where.append("t.rating >= ?")
            args.append(flt.min_rating)
        if flt.tag:
            where.append("t.id IN (SELECT take_id FROM take_tags WHERE tag = ?)")
            args.append(normalise_tag(flt.tag))
        if flt.reason:
            where.append("t.id IN (SELECT take_id FROM take_reasons WHERE reason = ?)")
            args.append(parse_reason(flt.reason).value)
        if flt.text:
            where.append(
                "(pv.text LIKE ? OR t.id IN (SELECT take_id FROM notes WHERE text LIKE ?))"
            )
            args += [f"%{flt.text}%"] * 2
        sql = _TAKE_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY t.id DESC"
        if flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        return self._decorate(self._dicts(sql, args))

    def take(self, take_id: int) -> dict[str, Any]:
        """One take as a dict (as in :meth:`query_takes`)."""
        rows = self._dicts(_TAKE_SELECT + " WHERE t.id = ?", [take_id])
        if not rows:
            raise TakeNotFound(f"there is no take {take_id}")
        return self._decorate(rows)[0]

    def _dicts(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        """Rows as plain dicts (cheaper than converting ``sqlite3.Row`` one by one)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, args)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _decorate(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Attach tags, reasons and notes with one query each, and absolute paths."""
        if not rows:
            return rows
        by_id = {r["take"]: r for r in rows}
        # Plain string joins: pathlib costs ~10 µs a path, which adds up over 10,000 takes.
        root = str(self.clips.root.parent) + "/"
        for r in rows:
            r.update(
                tags=[],
                reasons=[],
                notes=[],
                favourite=bool(r["favourite"]),
                audio=bool(r["audio"]),
                path=root + r["path"],
                poster=root + r["poster"] if r["poster"] else None,
            )
        # Chunk the IN lists: SQLite caps bound parameters (32766 on modern builds).
        ids = list(by_id)
        for start in range(0, len(ids), 30000):
            chunk = ids[start : start + 30000]
            marks = ",".join("?" * len(chunk))
            for table, column, key in (
                ("take_tags", "tag", "tags"),
                ("take_reasons", "reason", "reasons"),
                ("notes", "text", "notes"),
            ):
                order = "id" if table == "notes" else column
                for take_id, value in self.conn.execute(
                    f"SELECT take_id, {column} FROM {table} WHERE take_id IN ({marks})"
                    f" ORDER BY {order}",
                    chunk,
                ):
                    by_id[take_id][key].append(value)
        return rows

    def _require_take(self, take_id: int) -> None:
        if self.conn.execute("SELECT 1 FROM takes WHERE id = ?", (take_id,)).fetchone() is None:
            raise TakeNotFound(f"there is no take {take_id}")

    def rate(self, take_id: int, stars: int | None) -> None:
        """Set 1–5 stars, or clear the rating with ``None``."""
        if stars is not None:
            check_rating(stars)
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute("UPDATE takes SET rating = ? WHERE id = ?", (stars, take_id))

    def set_favourite(self, take_id: int, on: bool = True) -> None:
        """Mark or unmark a favourite."""
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute("UPDATE takes SET favourite = ? WHERE id = ?", (int(on), take_id))

    def add_note(self, take_id: int, text: str) -> None:
        """Append a note (notes are kept in order, never overwritten)."""
        if not text.strip():
            raise ValueError("the note is empty")
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO notes (take_id, text, created_at) VALUES (?, ?, ?)",
                (take_id, text.strip(), self.clock()),
            )

    def add_tag(self, take_id: int, tag: str) -> str:
        """Tag a take; returns the normalised tag."""
        clean = normalise_tag(tag)
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO take_tags (take_id, tag) VALUES (?, ?)", (take_id, clean)
            )
        return clean

    def add_reason(self, take_id: int, chip: str) -> str:
        """Record a failure-reason chip; returns its canonical name."""
        reason = parse_reason(chip).value
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO take_reasons (take_id, reason) VALUES (?, ?)",
                (take_id, reason),
            )
        return reason

    def runs_summary(self, limit: int = 50) -> list[dict[str, Any]]:
        """Recent runs with their prompt and per-state job counts."""
        rows = self.conn.execute(
            "SELECT r.id AS run, r.created_at, r.estimate_usd, r.parent_take_id, pv.text AS prompt,"
            " pv.prompt_id, pv.version AS prompt_version,"
            " COUNT(j.id) AS draws,"
            " SUM(j.state = 'done') AS done, SUM(j.state = 'failed') AS failed,"
            " SUM(j.state IN ('planned','submitting','submitted','running','downloading'))"
            " AS pending, SUM(j.state IN ('unknown','canceled')) AS other,"
            " GROUP_CONCAT(DISTINCT j.provider) AS providers,"
            " SUM(COALESCE(j.cost_usd, 0)) AS cost_usd"
            " FROM runs r JOIN prompt_versions pv ON pv.id = r.prompt_version_id"
            " LEFT JOIN jobs j ON j.run_id = r.id GROUP BY r.id ORDER BY r.id DESC LIMIT ?",
            (limit,),
        )
        return [dict(r) for r in rows]

    def stats(self) -> list[dict[str, Any]]:
        """Per provider and model: draws, keepers, hit rate, cost per keeper, median render."""
        out: list[dict[str, Any]] = []
        groups = self.conn.execute(
            "SELECT j.provider, j.model, COUNT(*) AS draws,"
            " SUM(j.state = 'done') AS done, SUM(j.state = 'failed') AS failed,"
            f" SUM(CASE WHEN {KEEPER_SQL} THEN 1 ELSE 0 END) AS keepers,"
            " SUM(COALESCE(j.cost_usd, CASE WHEN j.state = 'done' THEN j.est_cost_usd END, 0))"
            " AS cost_usd"
            " FROM jobs j LEFT JOIN takes t ON t.job_id = j.id"
            " WHERE j.state NOT IN ('planned', 'canceled')"
            " GROUP BY j.provider, j.model ORDER BY j.provider, j.model"
        ).fetchall()
        for g in groups:
            renders = [
                r[0]
                for r in self.conn.execute(
                    "SELECT render_s FROM jobs WHERE provider = ? AND model = ? AND state = 'done'"
                    " AND render_s IS NOT NULL",
                    (g["provider"], g["model"]),
                )
            ]
            failures = dict(
                self.conn.execute(
                    "SELECT failure_kind, COUNT(*) FROM jobs WHERE provider = ? AND model = ?"
                    " AND state = 'failed' GROUP BY failure_kind",
                    (g["provider"], g["model"]),
                ).fetchall()
            )
            keepers = g["keepers"] or 0
            out.append(
                {
                    "provider": g["provider"],
                    "model": g["model"],
                    "draws": g["draws"],
                    "done": g["done"] or 0,
                    "failed": g["failed"] or 0,
                    "keepers": keepers,
                    "hit_rate": round(keepers / g["draws"], 4) if g["draws"] else 0.0,
                    "draws_per_keeper": round(g["draws"] / keepers, 2) if keepers else None,
                    "cost_usd": round(g["cost_usd"] or 0.0, 4),
                    "cost_per_keeper_usd": round(g["cost_usd"] / keepers, 4) if keepers else None,
                    "median_render_s": round(statistics.median(renders), 2) if renders else None,
                    "failures": failures,
                }
            )
        return out
