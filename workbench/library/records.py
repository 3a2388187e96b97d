"""Rows of the library as frozen records, and the filters the CLI offers."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.views import JobView, TakeBrief


@dataclass(frozen=True, slots=True)
class PromptVersion:
    """One immutable text of a prompt."""

    id: int
    prompt_id: int
    version: int
    text: str
    negative: str | None


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """A draw the planner wants recorded (state ``planned``)."""

    provider: str
    model: str
    params: dict[str, Any]
    seed: int | None
    seed_supported: bool
    est_cost_usd: float
    client_ref: str


@dataclass(frozen=True, slots=True)
class JobRecord:
    """One job row."""

    id: int
    run_id: int
    provider: str
    model: str
    params: dict[str, Any]
    draw_no: int
    seed: int | None
    seed_supported: bool
    client_ref: str
    state: JobState
    remote_id: str | None
    remote: dict[str, Any]
    attempts: int
    progress: float | None
    provider_status: str | None
    est_cost_usd: float | None
    cost_usd: float | None
    cost_reported: str | None
    failure: Failure | None
    render_s: float | None
    created_at: float
    submitted_at: float | None
    finished_at: float | None
    charged: bool | None = None
    retry_of: int | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> JobRecord:
        """Map a ``jobs`` row."""
        failure = None
        if row["failure_kind"]:
            try:
                kind = FailureKind(row["failure_kind"])
            except ValueError:  # written by a newer Workbench
                kind = FailureKind.PROVIDER
            failure = Failure(
                kind=kind,
                message=row["failure_message"] or "",
                provider_text=row["failure_text"] or "",
                code=row["failure_code"] or "",
                retryable=bool(row["failure_retryable"]),
            )
        return cls(
            id=row["id"],
            run_id=row["run_id"],
            provider=row["provider"],
            model=row["model"],
            params=json.loads(row["params_json"]),
            draw_no=row["draw_no"],
            seed=row["seed"],
            seed_supported=bool(row["seed_supported"]),
            client_ref=row["client_ref"],
            state=JobState(row["state"]),
            remote_id=row["remote_id"],
            remote=json.loads(row["remote_json"]) if row["remote_json"] else {},
            attempts=row["attempts"],
            progress=row["progress"],
            provider_status=row["provider_status"],
            est_cost_usd=row["est_cost_usd"],
            cost_usd=row["cost_usd"],
            cost_reported=row["cost_reported"],
            failure=failure,
            render_s=row["render_s"],
            created_at=row["created_at"],
            submitted_at=row["submitted_at"],
            finished_at=row["finished_at"],
            charged=None if row["charged"] is None else bool(row["charged"]),
            retry_of=row["retry_of"],
        )

    def view(self, prompt_version_id: int, take: TakeBrief | None = None) -> JobView:
        """This job as a tile shows it (the caller knows its run's prompt version)."""
        return JobView(
            id=self.id,
            run_id=self.run_id,
            prompt_version_id=prompt_version_id,
            provider=self.provider,
            model=self.model,
            draw_no=self.draw_no,
            state=self.state,
            seed=self.seed,
            seed_supported=self.seed_supported,
            params=self.params,
            remote_id=self.remote_id,
            progress=self.progress,
            provider_status=self.provider_status,
            failure=self.failure,
            est_cost_usd=self.est_cost_usd,
            cost_usd=self.cost_usd,
            charged=self.charged,
            render_s=self.render_s,
            created_at=self.created_at,
            submitted_at=self.submitted_at,
            finished_at=self.finished_at,
            retry_of=self.retry_of,
            take=take,
        )


@dataclass(frozen=True, slots=True)
class TakeFilter:
    """What ``workbench takes`` can narrow by; every field maps to an index."""

    run_id: int | None = None
    favourite: bool = False
    provider: str | None = None
    model: str | None = None
    min_rating: int | None = None
    tag: str | None = None
    reason: str | None = None
    text: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class NewTake:
    """A verified clip ready to be recorded against its job."""

    sha256: str
    path: str
    poster: str | None
    bytes: int
    duration: float
    width: int
    height: int
    fps: float
    codec: str
    audio: bool
    container: str


@dataclass(slots=True)
class JobUpdate:
    """Columns to change together with a state move (None = leave as is)."""

    remote_id: str | None = None
    remote: dict[str, Any] | None = None
    progress: float | None = None
    provider_status: str | None = None
    seed: int | None = None
    cost_usd: float | None = None
    cost_reported: str | None = None
    failure: Failure | None = None
    render_s: float | None = None
    charged: bool | None = None
    #: Forget a cost recorded earlier (a draw that turned out not to be charged).
    clear_cost: bool = False
    count_attempt: bool = False
