"""The whole library's ledger (read from covering indexes) equals the filtered path's answer."""

from __future__ import annotations

import random

import pytest

from tests.library.conftest import add_done_take, planned
from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.domain.views import Sighting, StatsFilter
from workbench.library import Library
from workbench.library.ledger import kth_excluding
from workbench.library.records import JobUpdate

PAIRS = (("sim", "sim-fast"), ("sim", "sim-pro"), ("kling", "kling-v3"))


def _fill(lib: Library, rng: random.Random, runs: int = 30) -> None:
    """Draws of every kind: done with tied render times, failed (charged or not), planned,
    canceled; takes rated blind and sighted, favourites, reason chips, deleted takes."""
    version = lib.prompt_version("a fox", None)
    sha = 0
    for _ in range(runs):
        jobs = [planned(*rng.choice(PAIRS)) for _ in range(rng.randrange(1, 9))]
        _, ids = lib.create_run(version.id, "{}", "random", 1.0, jobs)
        for job_id in ids:
            roll = rng.random()
            if roll < 0.1:
                continue  # planned: never a draw
            if roll < 0.15:
                lib.move(job_id, JobState.CANCELED)
                continue
            if roll < 0.3:
                lib.move(job_id, JobState.SUBMITTING)
                lib.move(
                    job_id,
                    JobState.FAILED,
                    JobUpdate(
                        failure=Failure(kind=rng.choice(list(FailureKind)[:3])),
                        charged=rng.random() < 0.5,
                    ),
                )
                continue
            sha += 1
            take = add_done_take(
                lib, job_id, sha=f"{sha:064x}", render_s=rng.choice((2.0, 3.5, 5.0, 8.25, 13.0))
            )
            if rng.random() < 0.5:
                lib.rate(take, rng.randrange(1, 6), blind=rng.random() < 0.4)
            if rng.random() < 0.2:
                lib.set_favourite(take)
            if rng.random() < 0.3:
                lib.add_reason(take, rng.choice(("hands", "physics", "style")))
            if rng.random() < 0.08:
                lib.delete_take(take)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sighting", list(Sighting))
def test_whole_library_equals_the_filtered_path(
    lib: Library, seed: int, sighting: Sighting
) -> None:
    _fill(lib, random.Random(seed))
    whole = lib.provider_stats(StatsFilter(sighting=sighting))
    # A period wider than the library goes through the filtered path: the same draws.
    filtered = lib.provider_stats(StatsFilter(since=0.0, until=1e13, sighting=sighting))
    assert whole == filtered
    assert sum(row.draws for row in whole) > 0


@pytest.mark.parametrize("seed", range(40))
def test_kth_excluding_matches_sorting(seed: int) -> None:
    rng = random.Random(seed)
    values = sorted(rng.choice((1.0, 2.0, 2.0, 3.0, 5.0, 8.0)) for _ in range(rng.randrange(1, 60)))
    removed = sorted(rng.sample(values, rng.randrange(0, len(values))))
    left = list(values)
    for value in removed:
        left.remove(value)
    previous = None
    for k in range(len(left)):
        value, position = kth_excluding(values.__getitem__, k, removed)
        assert value == left[k] == values[position]
        # Starting from the previous answer's position (the median's second read) agrees.
        if previous is not None:
            assert kth_excluding(values.__getitem__, k, removed, previous + 1) == (value, position)
        previous = position
