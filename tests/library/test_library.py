from __future__ import annotations

import sqlite3

import pytest

from tests.library.conftest import add_done_take, planned
from workbench.domain.jobs import IllegalTransition, JobState
from workbench.library import Library, TakeFilter, TakeNotFound
from workbench.library.db import integrity_problems
from workbench.library.records import JobUpdate


def test_pragmas_wal_and_foreign_keys(lib: Library) -> None:
    assert lib.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert lib.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_prompt_versions_are_reused_versioned_and_immutable(lib: Library) -> None:
    first = lib.prompt_version("a fox", None)
    assert lib.prompt_version("a fox", None).id == first.id
    assert lib.prompt_version("a fox", "blur").id != first.id  # the negative is part of it
    edited = lib.prompt_version("a red fox", None, prompt_id=first.prompt_id)
    assert (edited.prompt_id, edited.version) == (first.prompt_id, 2)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        lib.conn.execute("UPDATE prompt_versions SET text = 'x' WHERE id = ?", (first.id,))
    with pytest.raises(LookupError):
        lib.prompt_version("x", None, prompt_id=999)


def test_draw_numbers_continue_per_prompt_provider_and_model(lib: Library) -> None:
    version = lib.prompt_version("fox", None)
    _, ids1 = lib.create_run(version.id, "{}", "random", 0.1, [planned(), planned()])
    _, ids2 = lib.create_run(version.id, "{}", "random", 0.1, [planned(), planned(model="sim-pro")])
    draws = [lib.job(i).draw_no for i in ids1 + ids2]
    assert draws == [1, 2, 3, 1]


def test_moves_follow_the_state_machine(lib: Library) -> None:
    version = lib.prompt_version("fox", None)
    _, (job_id,) = lib.create_run(version.id, "{}", "random", 0.1, [planned()])
    with pytest.raises(IllegalTransition):
        lib.move(job_id, JobState.DONE)
    lib.move(job_id, JobState.SUBMITTING, JobUpdate(count_attempt=True))
    job = lib.move(job_id, JobState.SUBMITTED, JobUpdate(remote_id="abc", remote={"k": 1}))
    assert (job.remote_id, job.remote, job.attempts) == ("abc", {"k": 1}, 1)
    assert job.submitted_at is not None
    assert lib.job(job_id).state is JobState.SUBMITTED
    assert [j.id for j in lib.unfinished_jobs()] == [job_id]


def test_judgement_and_filters(lib: Library) -> None:
    version = lib.prompt_version("fox in snow", None)
    _, ids = lib.create_run(
        version.id,
        "{}",
        "random",
        0.1,
        [planned(), planned(provider="kling", model="kling-v3"), planned()],
    )
    takes = [add_done_take(lib, job_id, sha=f"{n:02x}" * 32) for n, job_id in enumerate(ids)]
    lib.rate(takes[0], 5)
    lib.set_favourite(takes[0])
    lib.add_tag(takes[0], "Hero")
    lib.add_note(takes[1], "hands melt at 2 s")
    lib.add_reason(takes[1], "hands")
    lib.rate(takes[2], 2)
    query = lib.takes
    assert [t.id for t in query(TakeFilter(favourite=True))] == [takes[0]]
    assert [t.id for t in query(TakeFilter(provider="kling"))] == [takes[1]]
    assert [t.id for t in query(TakeFilter(min_rating=3))] == [takes[0]]
    assert [t.id for t in query(TakeFilter(tag="hero"))] == [takes[0]]
    assert [t.id for t in query(TakeFilter(reason="hands"))] == [takes[1]]
    assert [t.id for t in query(TakeFilter(text="melt"))] == [takes[1]]
    assert len(query(TakeFilter(run_id=lib.job(ids[0]).run_id))) == 3
    one = lib.take_view(takes[0])
    assert one.tags == ("hero",) and one.rating == 5 and one.favourite is True
    assert lib.take_view(takes[1]).notes == ("hands melt at 2 s",)
    lib.rate(takes[0], None)
    assert lib.take_view(takes[0]).rating is None
    with pytest.raises(ValueError, match="1 to 5"):
        lib.rate(takes[0], 6)
    with pytest.raises(TakeNotFound):
        lib.set_favourite(999)
    assert not integrity_problems(lib.conn)


def test_stats_hit_rate_and_cost_per_keeper(lib: Library) -> None:
    version = lib.prompt_version("fox", None)
    _, ids = lib.create_run(
        version.id, "{}", "random", 0.16, [planned(), planned(), planned(), planned()]
    )
    t1 = add_done_take(lib, ids[0], sha="01" * 32, render_s=2.0)
    add_done_take(lib, ids[1], sha="02" * 32, render_s=4.0)
    lib.move(ids[2], JobState.SUBMITTING)
    lib.move(
        ids[2],
        JobState.FAILED,
        JobUpdate(
            failure=__import__("workbench.domain.jobs", fromlist=["Failure"]).Failure(
                kind="moderation"
            )
        ),
    )
    lib.set_favourite(t1)
    (row,) = lib.provider_stats()
    assert row.draws == 3  # the never-sent planned job is not a draw
    assert (row.done, row.failed, row.keepers) == (2, 1, 1)
    assert row.hit_rate == pytest.approx(1 / 3, abs=1e-4)
    # Only the two delivered (charged) draws cost anything; the refusal's billing is unknown.
    assert row.charged_draws == 2
    assert row.cost_per_keeper_usd == pytest.approx(0.08)
    assert row.median_render_s == 3.0
    assert row.failures == {"moderation": 1}


def test_render_times_feed_the_poller(lib: Library) -> None:
    version = lib.prompt_version("fox", None)
    _, ids = lib.create_run(
        version.id, "{}", "random", 0.1, [planned(duration=4), planned(duration=8)]
    )
    add_done_take(lib, ids[0], sha="01" * 32, render_s=5.0)
    add_done_take(lib, ids[1], sha="02" * 32, render_s=9.0)
    assert lib.render_times("sim", "sim-fast", 4) == [5.0]
    assert sorted(lib.render_times("sim", "sim-fast", None)) == [5.0, 9.0]
