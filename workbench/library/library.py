"""The library: the connection, runs and jobs.

Prompts are in ``prompts_repo``, judging in ``takes_repo``, reads in ``reads`` and the
ledger in ``stats``; :class:`Library` joins them over one connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import paths
from workbench.domain.jobs import FailureKind, JobState, can_check_again, check_transition
from workbench.library.db import LibraryConnection, connect, transaction
from workbench.library.errors import LibraryError
from workbench.library.prompts_repo import PromptsRepo
from workbench.library.reads import UNFINISHED_SQL, ReadsRepo
from workbench.library.records import (
    JobRecord,
    JobUpdate,
    NewTake,
    PlannedJob,
)
from workbench.library.stats import StatsRepo
from workbench.library.store import ClipStore
from workbench.library.takes_repo import TakesRepo

_INSERT_JOB = (
    "INSERT INTO jobs (run_id, provider, model, params_json, draw_no, seed, seed_supported,"
    " client_ref, state, est_cost_usd, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?)"
)


class JobNotFound(LookupError):
    """No job with that id."""


class WrongThread(RuntimeError):
    """The library was used from a thread that does not own it (always a bug)."""


class Library(PromptsRepo, TakesRepo, ReadsRepo, StatsRepo):
    """All persistent state: one SQLite connection plus the clip store.

    One instance belongs to the thread that opened it (the engine's loop thread, or a
    command's main thread): using it from another thread raises :class:`WrongThread` at
    once, rather than corrupting a transaction some day. Several instances — in one process
    or many — share the file thanks to WAL.

    A library that cannot be written (a read-only folder, a full disk) opens to read:
    :attr:`write_problem` says why, and every write raises it before anything changes.
    """

    def __init__(self, home: Path | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.home = home or paths.home()
        self._conn: LibraryConnection = connect(self.home / "library.sqlite3")
        self._owner = threading.get_ident()
        self.clips = ClipStore(self.home / "clips")
        self.clock = clock

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, for the owning thread only."""
        if threading.get_ident() != self._owner:
            raise WrongThread(
                f"the library belongs to thread {self._owner}; it was used from "
                f"{threading.current_thread().name} (go through the engine)"
            )
        return self._conn

    def close(self) -> None:
        """Close the connection (idempotent; any thread, once nothing else uses it)."""
        self._conn.close()

    @property
    def write_problem(self) -> LibraryError | None:
        """Why this library can only be read (read-only, full disk); None when writable."""
        return self._conn.write_problem

    def require_writable(self) -> None:
        """Raise :attr:`write_problem`, if there is one (before anything is sent).

        Raises:
            LibraryError: the library can only be read; the message says why.
        """
        if self._conn.write_problem is not None:
            raise self._conn.write_problem

    # -- runs and jobs -------------------------------------------------------------------
    def create_run(
        self,
        version_id: int,
        spec_json: str,
        seed_policy: str,
        estimate_usd: float,
        jobs: Sequence[PlannedJob],
        *,
        budget_usd: float | None = None,
        parent_take_id: int | None = None,
    ) -> tuple[int, list[int]]:
        """Record a run and its planned jobs in one transaction; returns their ids.

        Each job's ``draw_no`` continues the numbering of earlier draws of the same prompt
        version on the same provider and model (the lineage "draw n of this prompt"; a
        retry shares its original's number, so the next draw follows the highest one).
        """
        now = self.clock()
        job_ids: list[int] = []
        with transaction(self.conn):
            run_id = int(
                self.conn.execute(
                    "INSERT INTO runs (prompt_version_id, spec_json, seed_policy, budget_usd,"
                    " estimate_usd, parent_take_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        version_id,
                        spec_json,
                        seed_policy,
                        budget_usd,
                        estimate_usd,
                        parent_take_id,
                        now,
                    ),
                ).lastrowid
                or 0
            )
            last_draw: dict[tuple[str, str], int] = {}
            for job in jobs:
                key = (job.provider, job.model)
                if key not in last_draw:  # one look per service and model, not per draw
                    last_draw[key] = self.conn.execute(
                        "SELECT COALESCE(MAX(j.draw_no), 0) FROM jobs j"
                        " JOIN runs r ON r.id = j.run_id"
                        " WHERE r.prompt_version_id = ? AND j.provider = ? AND j.model = ?",
                        (version_id, job.provider, job.model),
                    ).fetchone()[0]
                last_draw[key] += 1
                draw_no = last_draw[key]
                job_ids.append(
                    int(
                        self.conn.execute(
                            _INSERT_JOB,
                            (
                                run_id,
                                job.provider,
                                job.model,
                                json.dumps(job.params, sort_keys=True),
                                draw_no,
                                job.seed,
                                int(job.seed_supported),
                                job.client_ref,
                                job.est_cost_usd,
                                now,
                                now,
                            ),
                        ).lastrowid
                        or 0
                    )
                )
        return run_id, job_ids

    def run_row(self, run_id: int) -> sqlite3.Row:
        """The ``runs`` row."""
        row = self.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise LookupError(f"there is no run {run_id}")
        return row

    def job(self, job_id: int) -> JobRecord:
        """One job by id."""
        row = self.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise JobNotFound(f"there is no job {job_id}")
        return JobRecord.from_row(row)

    def jobs_for_run(self, run_id: int) -> list[JobRecord]:
        """A run's jobs in draw order."""
        rows = self.conn.execute("SELECT * FROM jobs WHERE run_id = ? ORDER BY id", (run_id,))
        return [JobRecord.from_row(r) for r in rows]

    def job_ids_for_run(self, run_id: int) -> list[int]:
        """Ids of a run's jobs."""
        return [r[0] for r in self.conn.execute("SELECT id FROM jobs WHERE run_id = ?", (run_id,))]

    def run_tally(self, run_id: int) -> dict[JobState, int]:
        """How many of a run's jobs are in each state."""
        rows = self.conn.execute(
            "SELECT state, COUNT(*) FROM jobs WHERE run_id = ? GROUP BY state", (run_id,)
        )
        return {JobState(state): count for state, count in rows}

    def take_id_for_job(self, job_id: int) -> int | None:
        """The take a job delivered, if any."""
        row = self.conn.execute("SELECT id FROM takes WHERE job_id = ?", (job_id,)).fetchone()
        return int(row[0]) if row else None

    def unfinished_jobs(self) -> list[JobRecord]:
        """Jobs a resume must take up: planned, submitting, or held by a service."""
        rows = self.conn.execute(f"SELECT * FROM jobs WHERE state IN {UNFINISHED_SQL} ORDER BY id")
        return [JobRecord.from_row(r) for r in rows]

    def recheckable_jobs(self) -> list[JobRecord]:
        """Draws we stopped waiting for that the service may still finish (and bill)."""
        rows = self.conn.execute(
            "SELECT * FROM jobs WHERE state = 'failed' AND failure_kind = ?"
            " AND remote_id IS NOT NULL ORDER BY id",
            (FailureKind.TIMEOUT.value,),
        )
        return [JobRecord.from_row(r) for r in rows]

    def reopen(self, job_id: int) -> JobRecord:
        """Put a draw that hit our deadline back to ``running`` so it is polled again.

        Raises:
            IllegalTransition: the draw is not one Workbench merely stopped waiting for.
        """
        from workbench.domain.jobs import IllegalTransition

        now = self.clock()
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise JobNotFound(f"there is no job {job_id}")
            if not can_check_again(JobState(row["state"]), row["failure_kind"], row["remote_id"]):
                raise IllegalTransition(JobState(row["state"]), JobState.RUNNING)
            updated = self.conn.execute(
                "UPDATE jobs SET state = 'running', failure_kind = NULL, failure_code = NULL,"
                " failure_message = NULL, failure_text = NULL, failure_retryable = NULL,"
                " finished_at = NULL, provider_status = 'checking again', updated_at = ?"
                " WHERE id = ? RETURNING *",
                (now, job_id),
            ).fetchone()
        return JobRecord.from_row(updated)

    def retried_by(self, job_id: int) -> int | None:
        """The draw that retried this one, if any."""
        row = self.conn.execute("SELECT id FROM jobs WHERE retry_of = ?", (job_id,)).fetchone()
        return int(row[0]) if row else None

    def add_retry(self, job_id: int, client_ref: str) -> int:
        """A new draw repeating a settled one (same run, spec, seed and draw number).

        The original stays as it is — it happened, and may have been charged — and the
        retry points at it, so the board shows the retry in its place.
        """
        now = self.clock()
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise JobNotFound(f"there is no job {job_id}")
            cur = self.conn.execute(
                "INSERT INTO jobs (run_id, provider, model, params_json, draw_no, seed,"
                " seed_supported, client_ref, state, est_cost_usd, retry_of, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?)",
                (
                    row["run_id"],
                    row["provider"],
                    row["model"],
                    row["params_json"],
                    row["draw_no"],
                    row["seed"],
                    row["seed_supported"],
                    client_ref,
                    row["est_cost_usd"],
                    job_id,
                    now,
                    now,
                ),
            )
        return int(cur.lastrowid or 0)

    def move(self, job_id: int, new: JobState, update: JobUpdate | None = None) -> JobRecord:
        """Move a job to ``new`` (checked against the state machine) with its new data.

        Raises:
            IllegalTransition: the state machine forbids the move.
        """
        update = update or JobUpdate()
        now = self.clock()
        with transaction(self.conn):
            row = self.conn.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise JobNotFound(f"there is no job {job_id}")
            check_transition(JobState(row[0]), new)
            sql, values = _update_sql(job_id, new, update, now)
            updated = self.conn.execute(sql + " RETURNING *", values).fetchone()
        return JobRecord.from_row(updated)

    def finish_with_take(self, job_id: int, take: NewTake, update: JobUpdate | None = None) -> int:
        """Record the verified clip and move the job to ``done`` atomically."""
        now = self.clock()
        with transaction(self.conn):
            row = self.conn.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise JobNotFound(f"there is no job {job_id}")
            check_transition(JobState(row[0]), JobState.DONE)
            update = update or JobUpdate()
            if update.charged is None:  # every service bills a delivered clip
                update.charged = True
            self.conn.execute(*_update_sql(job_id, JobState.DONE, update, now))
            cur = self.conn.execute(
                "INSERT INTO takes (job_id, sha256, path, poster, bytes, duration, width,"
                " height, fps, codec, audio, container, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    take.sha256,
                    take.path,
                    take.poster,
                    take.bytes,
                    take.duration,
                    take.width,
                    take.height,
                    take.fps,
                    take.codec,
                    int(take.audio),
                    take.container,
                    now,
                ),
            )
        return int(cur.lastrowid or 0)

    def run_ids_for_version(self, version_id: int) -> list[int]:
        """Runs of one prompt version, oldest first."""
        rows = self.conn.execute(
            "SELECT id FROM runs WHERE prompt_version_id = ? ORDER BY id", (version_id,)
        )
        return [r[0] for r in rows]

    def render_times(
        self,
        provider: str,
        model: str,
        duration: int | None,
        resolution: str | None = None,
        limit: int = 30,
    ) -> list[float]:
        """Recent render times (submit → finished) of done jobs like this one, newest first.

        Render time depends mostly on model, duration and resolution, so those narrow the
        sample; ``None`` leaves a dimension open.
        """
        # json_extract keeps the filtering in SQLite (one indexed scan of this model's jobs).
        rows = self.conn.execute(
            "SELECT render_s FROM jobs WHERE provider = :provider AND model = :model"
            " AND state = 'done' AND render_s IS NOT NULL"
            " AND (:duration IS NULL OR json_extract(params_json, '$.duration') = :duration)"
            " AND (:resolution IS NULL"
            "      OR json_extract(params_json, '$.resolution') = :resolution)"
            " ORDER BY id DESC LIMIT :limit",
            {
                "provider": provider,
                "model": model,
                "duration": duration,
                "resolution": resolution,
                "limit": limit,
            },
        )
        return [r[0] for r in rows]


def _update_sql(job_id: int, new: JobState, u: JobUpdate, now: float) -> tuple[str, list[object]]:
    sets = ["state = ?", "updated_at = ?"]
    values: list[object] = [new.value, now]
    simple = {
        "remote_id": u.remote_id,
        "progress": u.progress,
        "provider_status": u.provider_status,
        "seed": u.seed,
        "cost_usd": u.cost_usd,
        "cost_reported": u.cost_reported,
        "render_s": u.render_s,
        "charged": None if u.charged is None else int(u.charged),
    }
    for column, value in simple.items():
        if value is not None:
            sets.append(f"{column} = ?")
            values.append(value)
    if u.remote is not None:
        sets.append("remote_json = ?")
        values.append(json.dumps(u.remote, sort_keys=True))
    if u.failure is not None:
        sets += [
            "failure_kind = ?",
            "failure_code = ?",
            "failure_message = ?",
            "failure_text = ?",
            "failure_retryable = ?",
        ]
        values += [
            u.failure.kind.value,
            u.failure.code,
            u.failure.message,
            u.failure.provider_text,
            int(u.failure.retryable),
        ]
    if u.clear_cost and u.cost_usd is None:
        sets.append("cost_usd = NULL")
    if u.count_attempt:
        sets.append("attempts = attempts + 1")
    if new is JobState.SUBMITTED:
        sets.append("submitted_at = COALESCE(submitted_at, ?)")
        values.append(now)
    if new.is_terminal or new is JobState.UNKNOWN:
        sets.append("finished_at = ?")
        values.append(now)
    values.append(job_id)
    return f"UPDATE jobs SET {', '.join(sets)} WHERE id = ?", values
