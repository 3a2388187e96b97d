"""Draws and takes with sensible defaults for board tests."""

from __future__ import annotations

from typing import Any

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView, TakeBrief

NOW = 1_800_000_000.0


def job(
    job_id: int,
    draw_no: int = 1,
    state: JobState = JobState.PLANNED,
    *,
    provider: str = "sim",
    model: str = "sim-fast",
    run_id: int = 1,
    version: int = 7,
    **extra: Any,
) -> JobView:
    """A draw of prompt version ``version`` (7 unless told)."""
    fields: dict[str, Any] = {
        "id": job_id,
        "run_id": run_id,
        "prompt_version_id": version,
        "provider": provider,
        "model": model,
        "draw_no": draw_no,
        "state": state,
        "seed": 1000 + job_id,
        "seed_supported": True,
        "params": {"duration": 5, "aspect": "16:9", "resolution": "720p"},
        "est_cost_usd": 0.42,
        "created_at": NOW - 100,
        "submitted_at": NOW - 30,
    }
    fields.update(extra)
    return JobView(**fields)


def take(poster: str | None, **extra: Any) -> TakeBrief:
    """A delivered clip with ``poster`` as its poster frame."""
    fields: dict[str, Any] = {
        "id": 1,
        "path": "/nowhere/clip.mp4",
        "poster": poster,
        "duration": 5.0,
        "width": 1280,
        "height": 720,
        "fps": 24.0,
        "audio": False,
    }
    fields.update(extra)
    return TakeBrief(**fields)
