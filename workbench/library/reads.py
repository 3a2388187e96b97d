"""Typed reads of the library: draws, takes, runs and prompts as frozen read models.

Windows and commands get :mod:`workbench.domain.views` objects, never rows. Take listings
page by keyset (``after`` = the last id seen), so any page of 100,000 takes costs the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from workbench.domain.jobs import UNFINISHED, Failure, FailureKind, JobState
from workbench.domain.takes import normalise_tag, parse_reason
from workbench.domain.views import (
    JobView,
    PromptHistory,
    PromptVersionView,
    RunSummary,
    TakeBrief,
    TakePage,
    TakeView,
    VersionOutcome,
)
from workbench.library.records import TakeFilter
from workbench.library.store import ClipStore


def states_sql(states: Iterable[JobState]) -> str:
    """``('a','b')`` for an SQL ``IN`` list, from the domain's state groups."""
    return "(" + ",".join(sorted(f"'{s.value}'" for s in states)) + ")"


UNFINISHED_SQL = states_sql(UNFINISHED)
#: A take counts as a keeper when favourited or rated 4 stars or more.
KEEPER_SQL = "(t.favourite = 1 OR t.rating >= 4)"
#: A draw's spend: what the service reported, else the estimate, for charged draws only.
SPEND_SQL = "(CASE WHEN j.charged = 1 THEN COALESCE(j.cost_usd, j.est_cost_usd, 0) ELSE 0 END)"

_TAKE_COLUMNS = """
t.id, t.job_id, j.run_id, pv.prompt_id, pv.id AS prompt_version_id, pv.version,
pv.text, pv.negative, j.provider, j.model, j.draw_no, j.seed, j.params_json, t.path, t.poster,
t.sha256, t.bytes, t.duration, t.width, t.height, t.fps, t.codec, t.audio, t.container,
j.est_cost_usd, j.cost_usd, j.cost_reported, j.charged, j.render_s, t.created_at,
r.parent_take_id, t.rating, t.favourite, t.rated_blind
"""
_TAKE_FROM = """
FROM takes t
JOIN jobs j ON j.id = t.job_id
JOIN runs r ON r.id = j.run_id
JOIN prompt_versions pv ON pv.id = r.prompt_version_id
"""
_JOB_SELECT = """
SELECT j.*, r.prompt_version_id, t.id AS take_id, t.path AS take_path, t.poster AS take_poster,
       t.duration AS take_duration, t.width AS take_width, t.height AS take_height,
       t.fps AS take_fps, t.audio AS take_audio, t.rating AS take_rating,
       t.favourite AS take_favourite, t.rated_blind AS take_blind
FROM jobs j
JOIN runs r ON r.id = j.run_id
LEFT JOIN takes t ON t.job_id = j.id AND t.deleted_at IS NULL
"""
_RUN_SELECT = f"""
SELECT r.id, pv.prompt_id, r.prompt_version_id, pv.version, pv.text, r.created_at,
       r.estimate_usd, r.budget_usd, r.parent_take_id,
       GROUP_CONCAT(DISTINCT j.provider) AS providers, COUNT(j.id) AS total,
       COALESCE(SUM(j.state = 'done'), 0) AS done, COALESCE(SUM(j.state = 'failed'), 0) AS failed,
       COALESCE(SUM(j.state IN {UNFINISHED_SQL}), 0) AS pending,
       COALESCE(SUM({SPEND_SQL}), 0) AS cost_usd
FROM runs r
JOIN prompt_versions pv ON pv.id = r.prompt_version_id
LEFT JOIN jobs j ON j.run_id = r.id
"""


def _charged(value: int | None) -> bool | None:
    return None if value is None else bool(value)


class ReadsRepo:
    """Mixin of :class:`~workbench.library.library.Library`: every typed read."""

    conn: sqlite3.Connection
    clips: ClipStore

    # -- draws -------------------------------------------------------------------------
    def job_view(self, job_id: int) -> JobView:
        """One draw as a tile shows it."""
        views = self._job_views("WHERE j.id = ?", [job_id])
        if not views:
            raise LookupError(f"there is no job {job_id}")
        return views[0]

    def job_views_for_run(self, run_id: int) -> list[JobView]:
        """A run's draws in draw order."""
        return self._job_views("WHERE j.run_id = ? ORDER BY j.id", [run_id])

    def job_views_for_version(self, version_id: int) -> list[JobView]:
        """Every draw of one prompt version (the desktop's board), oldest first."""
        return self._job_views("WHERE r.prompt_version_id = ? ORDER BY j.id", [version_id])

    def _job_views(self, where: str, args: Sequence[Any]) -> list[JobView]:
        rows = self.conn.execute(_JOB_SELECT + where, args).fetchall()
        take_ids = [r["take_id"] for r in rows if r["take_id"] is not None]
        tags, reasons, _ = self._take_extras(take_ids, notes=False)
        root = self._root()
        return [_job_view(r, root, tags, reasons) for r in rows]

    # -- takes ---------------------------------------------------------------------------
    def take_view(self, take_id: int) -> TakeView:
        """One take with its whole record.

        Raises:
            TakeNotFound: no (undeleted) take has this id.
        """
        from workbench.library.takes_repo import TakeNotFound

        views = self._take_views("WHERE t.id = ? AND t.deleted_at IS NULL", [take_id])
        if not views:
            raise TakeNotFound(f"there is no take {take_id}")
        return views[0]

    def takes_page(
        self, flt: TakeFilter, *, after: int | None = None, limit: int = 200
    ) -> TakePage:
        """Takes matching ``flt``, newest first, after the take id ``after`` (keyset)."""
        where, args = take_conditions(flt)
        if after is not None:
            where.append("t.id < ?")
            args.append(after)
        sql = "WHERE " + " AND ".join(where) + f" ORDER BY t.id DESC LIMIT {int(limit) + 1}"
        views = self._take_views(sql, args)
        more = len(views) > limit
        items = tuple(views[:limit])
        return TakePage(items=items, next_after=items[-1].id if more and items else None)

    def takes(self, flt: TakeFilter) -> list[TakeView]:
        """Every take matching ``flt`` (``flt.limit`` caps it), newest first."""
        where, args = take_conditions(flt)
        sql = "WHERE " + " AND ".join(where) + " ORDER BY t.id DESC"
        if flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        return self._take_views(sql, args)

    def count_takes(self, flt: TakeFilter) -> int:
        """How many takes match ``flt``."""
        where, args = take_conditions(flt)
        sql = "SELECT COUNT(*) " + _TAKE_FROM + "WHERE " + " AND ".join(where)
        return int(self.conn.execute(sql, args).fetchone()[0])

    def _take_views(self, where: str, args: Sequence[Any]) -> list[TakeView]:
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: ~3× cheaper than sqlite3.Row at 10,000 rows
        rows = cursor.execute("SELECT " + _TAKE_COLUMNS + _TAKE_FROM + where, args).fetchall()
        tags, reasons, notes = self._take_extras([r[0] for r in rows], notes=True)
        root = self._root()
        return [_take_view(r, root, tags, reasons, notes) for r in rows]

    def _take_extras(
        self, take_ids: list[int], *, notes: bool
    ) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[int, list[str]]]:
        """Tags, reason chips and notes of many takes, one query per table per 30,000 ids."""
        found: tuple[dict[int, list[str]], ...] = tuple(defaultdict(list) for _ in range(3))
        tables = [("take_tags", "tag", "tag"), ("take_reasons", "reason", "reason")]
        if notes:
            tables.append(("notes", "text", "id"))
        for start in range(0, len(take_ids), 30000):  # SQLite caps bound parameters
            chunk = take_ids[start : start + 30000]
            marks = ",".join("?" * len(chunk))
            for (table, column, order), into in zip(tables, found, strict=False):
                for take_id, value in self.conn.execute(
                    f"SELECT take_id, {column} FROM {table} WHERE take_id IN ({marks})"
                    f" ORDER BY {order}",
                    chunk,
                ):
                    into[take_id].append(value)
        return found[0], found[1], found[2]

    def _root(self) -> str:
        # Plain string joins: pathlib costs ~10 µs a path, which adds up over many takes.
        return str(self.clips.root.parent) + "/"

    # -- runs and prompts ------------------------------------------------------------------
    def run_summary(self, run_id: int) -> RunSummary:
        """A run with its tally (``finished`` from the library's view: nothing unfinished)."""
        rows = self.conn.execute(_RUN_SELECT + " WHERE r.id = ? GROUP BY r.id", (run_id,))
        row = rows.fetchone()
        if row is None:
            raise LookupError(f"there is no run {run_id}")
        return _run_summary(row)

    def run_summaries(self, limit: int = 50, *, before: int | None = None) -> list[RunSummary]:
        """Recent runs, newest first (``before`` pages by run id)."""
        where = " WHERE r.id < ?" if before is not None else ""
        args: list[Any] = [before] if before is not None else []
        rows = self.conn.execute(
            _RUN_SELECT + where + " GROUP BY r.id ORDER BY r.id DESC LIMIT ?", [*args, limit]
        )
        return [_run_summary(r) for r in rows]

    def unfinished_run_ids(self) -> list[int]:
        """Runs with a draw that can still move on its own."""
        rows = self.conn.execute(
            f"SELECT DISTINCT run_id FROM jobs WHERE state IN {UNFINISHED_SQL} ORDER BY run_id"
        )
        return [r[0] for r in rows]

    def prompt_history(self, prompt_id: int) -> PromptHistory:
        """Every version of a prompt with each one's outcome per service and model."""
        versions = self.conn.execute(
            "SELECT * FROM prompt_versions WHERE prompt_id = ? ORDER BY version", (prompt_id,)
        ).fetchall()
        if not versions:
            raise LookupError(f"there is no prompt {prompt_id}")
        outcomes: dict[int, list[VersionOutcome]] = defaultdict(list)
        rows = self.conn.execute(
            "SELECT r.prompt_version_id AS v, j.provider, j.model, COUNT(*) AS draws,"
            f" COALESCE(SUM(CASE WHEN {KEEPER_SQL} THEN 1 ELSE 0 END), 0) AS keepers,"
            f" COALESCE(SUM({SPEND_SQL}), 0) AS spend, COALESCE(SUM(j.charged = 1), 0) AS charged"
            " FROM jobs j JOIN runs r ON r.id = j.run_id"
            " LEFT JOIN takes t ON t.job_id = j.id AND t.deleted_at IS NULL"
            " JOIN prompt_versions pv ON pv.id = r.prompt_version_id"
            " WHERE pv.prompt_id = ? AND j.state NOT IN ('planned', 'canceled')"
            " GROUP BY r.prompt_version_id, j.provider, j.model ORDER BY j.provider, j.model",
            (prompt_id,),
        )
        for r in rows:
            outcomes[r["v"]].append(
                VersionOutcome(
                    r["provider"], r["model"], r["draws"], r["keepers"], r["spend"], r["charged"]
                )
            )
        return PromptHistory(
            prompt_id=prompt_id,
            versions=tuple(
                PromptVersionView(
                    id=v["id"],
                    prompt_id=prompt_id,
                    version=v["version"],
                    text=v["text"],
                    negative=v["negative"],
                    created_at=v["created_at"],
                    outcomes=tuple(outcomes.get(v["id"], ())),
                )
                for v in versions
            ),
        )


def take_conditions(flt: TakeFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions for a take filter; every one maps to an index."""
    where: list[str] = ["t.deleted_at IS NULL"]
    args: list[Any] = []
    if flt.run_id is not None:
        where.append("j.run_id = ?")
        args.append(flt.run_id)
    if flt.favourite:
        where.append("t.favourite = 1")
    # "+" keeps SQLite off the provider/model index here: walking takes newest first and
    # stopping at a page is ~10× faster than sorting every take of a service (measured at
    # 100,000 takes by bench/library_view_bench.py).
    if flt.provider:
        where.append("+j.provider = ?")
        args.append(flt.provider)
    if flt.model:
        where.append("+j.model = ?")
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
        # From the (few) matching prompt versions and notes to their takes, instead of
        # testing the text on every take: a word found nowhere costs under a millisecond
        # at 100,000 takes. CROSS JOIN keeps SQLite to that order.
        where.append(
            "t.id IN (SELECT t2.id FROM prompt_versions pv2"
            " CROSS JOIN runs r2 ON r2.prompt_version_id = pv2.id"
            " CROSS JOIN jobs j2 ON j2.run_id = r2.id"
            " CROSS JOIN takes t2 ON t2.job_id = j2.id WHERE pv2.text LIKE ?"
            " UNION SELECT take_id FROM notes WHERE text LIKE ?)"
        )
        args += [f"%{flt.text}%"] * 2
    return where, args


def _failure(row: sqlite3.Row) -> Failure | None:
    if not row["failure_kind"]:
        return None
    try:
        kind = FailureKind(row["failure_kind"])
    except ValueError:  # a kind from a newer Workbench: still a failure, in generic words
        kind = FailureKind.PROVIDER
    return Failure(
        kind=kind,
        message=row["failure_message"] or "",
        provider_text=row["failure_text"] or "",
        code=row["failure_code"] or "",
        retryable=bool(row["failure_retryable"]),
    )


def _job_view(
    row: sqlite3.Row, root: str, tags: dict[int, list[str]], reasons: dict[int, list[str]]
) -> JobView:
    take = None
    take_id = row["take_id"]
    if take_id is not None:
        take = TakeBrief(
            id=take_id,
            path=root + row["take_path"],
            poster=root + row["take_poster"] if row["take_poster"] else None,
            duration=row["take_duration"],
            width=row["take_width"],
            height=row["take_height"],
            fps=row["take_fps"],
            audio=bool(row["take_audio"]),
            rating=row["take_rating"],
            favourite=bool(row["take_favourite"]),
            blind=bool(row["take_blind"]),
            tags=tuple(tags.get(take_id, ())),
            reasons=tuple(reasons.get(take_id, ())),
        )
    return JobView(
        id=row["id"],
        run_id=row["run_id"],
        prompt_version_id=row["prompt_version_id"],
        provider=row["provider"],
        model=row["model"],
        draw_no=row["draw_no"],
        state=JobState(row["state"]),
        seed=row["seed"],
        seed_supported=bool(row["seed_supported"]),
        params=json.loads(row["params_json"]),
        remote_id=row["remote_id"],
        progress=row["progress"],
        provider_status=row["provider_status"],
        failure=_failure(row),
        est_cost_usd=row["est_cost_usd"],
        cost_usd=row["cost_usd"],
        charged=_charged(row["charged"]),
        render_s=row["render_s"],
        created_at=row["created_at"],
        submitted_at=row["submitted_at"],
        finished_at=row["finished_at"],
        retry_of=row["retry_of"],
        take=take,
    )


def _take_view(
    r: tuple[Any, ...],
    root: str,
    tags: dict[int, list[str]],
    reasons: dict[int, list[str]],
    notes: dict[int, list[str]],
) -> TakeView:
    take_id = r[0]
    return TakeView(
        id=take_id,
        job_id=r[1],
        run_id=r[2],
        prompt_id=r[3],
        prompt_version_id=r[4],
        prompt_version=r[5],
        prompt=r[6],
        negative=r[7],
        provider=r[8],
        model=r[9],
        draw_no=r[10],
        seed=r[11],
        params=json.loads(r[12]),
        path=root + r[13],
        poster=root + r[14] if r[14] else None,
        sha256=r[15],
        bytes=r[16],
        duration=r[17],
        width=r[18],
        height=r[19],
        fps=r[20],
        codec=r[21],
        audio=bool(r[22]),
        container=r[23],
        est_cost_usd=r[24],
        cost_usd=r[25],
        cost_reported=r[26],
        charged=_charged(r[27]),
        render_s=r[28],
        created_at=r[29],
        parent_take_id=r[30],
        rating=r[31],
        favourite=bool(r[32]),
        blind=bool(r[33]),
        tags=tuple(tags.get(take_id, ())),
        reasons=tuple(reasons.get(take_id, ())),
        notes=tuple(notes.get(take_id, ())),
    )


def _run_summary(row: sqlite3.Row) -> RunSummary:
    pending = row["pending"]
    return RunSummary(
        id=row["id"],
        prompt_id=row["prompt_id"],
        prompt_version_id=row["prompt_version_id"],
        prompt_version=row["version"],
        prompt=row["text"],
        created_at=row["created_at"],
        estimate_usd=row["estimate_usd"],
        budget_usd=row["budget_usd"],
        parent_take_id=row["parent_take_id"],
        providers=tuple(sorted((row["providers"] or "").split(","))) if row["providers"] else (),
        total=row["total"],
        done=row["done"],
        failed=row["failed"],
        pending=pending,
        other=row["total"] - row["done"] - row["failed"] - pending,
        cost_usd=round(row["cost_usd"], 4),
        finished=pending == 0,
    )
