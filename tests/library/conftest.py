from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain.jobs import JobState
from workbench.library import Library, NewTake, PlannedJob
from workbench.library.records import JobUpdate


@pytest.fixture
def lib(isolated_home: Path) -> Iterator[Library]:
    library = Library(isolated_home)
    yield library
    library.close()


def planned(
    provider: str = "sim",
    model: str = "sim-fast",
    seed: int | None = 1,
    ref: str | None = None,
    duration: int = 4,
) -> PlannedJob:
    import uuid

    return PlannedJob(
        provider=provider,
        model=model,
        params={"prompt": "p", "duration": duration},
        seed=seed,
        seed_supported=seed is not None,
        est_cost_usd=0.04,
        client_ref=ref or uuid.uuid4().hex,
    )


def add_done_take(
    library: Library, job_id: int, sha: str = "ab" * 32, render_s: float = 3.0
) -> int:
    library.move(job_id, JobState.SUBMITTING)
    library.move(job_id, JobState.SUBMITTED, JobUpdate(remote_id=f"r{job_id}"))
    library.move(job_id, JobState.DOWNLOADING, JobUpdate(render_s=render_s))
    return library.finish_with_take(
        job_id,
        NewTake(
            sha256=sha,
            path=f"clips/{sha[:2]}/{sha}.mp4",
            poster=None,
            bytes=100,
            duration=4.0,
            width=640,
            height=360,
            fps=24.0,
            codec="h264",
            audio=False,
            container="mp4",
        ),
    )
