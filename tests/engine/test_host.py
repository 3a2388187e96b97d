"""The engine host as the desktop uses it: snapshot then events, use cases, clean stop."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.domain.jobs import JobState
from workbench.domain.spec import GenerationSpec
from workbench.engine.events import JobChanged, RunChanged, Snapshot, TakeChanged
from workbench.engine.host import EngineHost
from workbench.engine.planner import RunRequest, Target
from workbench.settings import Settings


@pytest.fixture
def host(isolated_home: Path):  # type: ignore[no-untyped-def]
    settings = Settings(sim_render_scale=0.15, sim_failure_rate=0.0)
    with EngineHost(home=isolated_home, settings=settings) as h:
        yield h


def request(draws: int = 3) -> RunRequest:
    spec = GenerationSpec(prompt="a paper boat in the rain", duration=2, resolution="360p")
    return RunRequest(spec, (Target("sim", "sim-fast", draws),))


def test_a_window_opened_mid_run_sees_the_state_then_every_change_once(host: EngineHost) -> None:
    run_id = host.call(lambda e: e.run(request()))
    seen: list[object] = []
    sub = host.subscribe(seen.append, coalesce=False)
    host.call(lambda e: e.wait_run(run_id))
    assert sub.flush()
    snapshot = seen[0]
    assert isinstance(snapshot, Snapshot)
    assert [r.id for r in snapshot.runs] == [run_id] and len(snapshot.jobs) == 3
    later = seen[1:]
    seqs = [e.seq for e in later]  # type: ignore[attr-defined]
    assert seqs == sorted(set(seqs)) and all(s > snapshot.seq for s in seqs)
    assert seqs == list(range(snapshot.seq + 1, snapshot.seq + 1 + len(seqs)))  # no gap
    # Applying the events to the snapshot gives the final state of every draw.
    final = {j.id: j.state for j in snapshot.jobs}
    for event in later:
        if isinstance(event, JobChanged):
            final[event.job.id] = event.job.state
    assert set(final.values()) == {JobState.DONE}
    assert isinstance(later[-2], RunChanged) and later[-2].finished


def test_judgements_are_events_too(host: EngineHost) -> None:
    run_id = host.call(lambda e: e.run(request(draws=1)))
    (job,) = host.call(lambda e: e.wait_run(run_id))
    take_id = host.call(lambda e: e.library_take_id(job.id))
    seen: list[object] = []
    sub = host.subscribe(seen.append, coalesce=False)
    host.call(lambda e: e.rate(take_id, 4))
    host.call(lambda e: e.add_reason(take_id, "hands"))
    assert sub.flush()
    takes = [e.take for e in seen if isinstance(e, TakeChanged)]
    assert [(t.rating, t.reasons) for t in takes] == [(4, ()), (4, ("hands",))]
    tiles = [e.job.take for e in seen if isinstance(e, JobChanged)]
    assert tiles[-1] is not None and tiles[-1].rating == 4


def test_use_cases_run_on_the_engine_thread_never_the_callers(host: EngineHost) -> None:
    where: list[str] = []

    async def probe(engine: object) -> None:
        where.append(threading.current_thread().name)

    host.call(probe)
    assert where == ["workbench-engine"]
    statuses = host.call(lambda e: e.key_status(["sim", "kling"]))
    assert statuses["sim"].usable and not statuses["kling"].present


def test_closing_stops_the_thread_and_leaves_draws_resumable(isolated_home: Path) -> None:
    settings = Settings(sim_render_scale=5.0, sim_failure_rate=0.0)
    host = EngineHost(home=isolated_home, settings=settings).start()
    run_id = host.call(lambda e: e.run(request()))
    thread = host.runtime.thread
    host.close()
    assert thread is not None and not thread.is_alive()
    with EngineHost(home=isolated_home, settings=settings) as again:
        jobs = again.call(lambda e: e.jobs_of_run(run_id))
        assert all(not j.state.is_terminal for j in jobs)  # nothing lost, nothing failed
        assert len(again.call(lambda e: e.resume())) == 3
        again.call(lambda e: e.cancel_run(run_id))


@pytest.mark.parametrize(
    ("beside_window", "checks", "downloads"),
    [(True, 1, 4), (False, None, 8)],  # None: one per core, up to 4
)
def test_beside_a_window_clips_are_checked_and_fetched_fewer_at_once(
    isolated_home: Path, beside_window: bool, checks: int | None, downloads: int
) -> None:
    import os

    from workbench.providers._http import HttpClient

    host = EngineHost(home=isolated_home, settings=Settings(), beside_window=beside_window)
    expected = checks if checks is not None else min(4, os.cpu_count() or 1)
    assert host.engine._clip_checks == expected
    policy = host.setup._make_policy()
    assert policy.download_slots == downloads
    client = HttpClient("fake", "http://127.0.0.1:9", policy=policy)
    assert client._download_gate._value == downloads  # type: ignore[attr-defined]
