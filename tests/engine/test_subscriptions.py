"""Event delivery: numbered, in order, never stalling the publisher, progress coalesced."""

from __future__ import annotations

import threading
import time

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView
from workbench.engine.events import EngineChanged, EngineState, JobChanged
from workbench.engine.subscriptions import EventBus


def job(job_id: int, state: JobState = JobState.RUNNING, progress: float = 0.0) -> JobView:
    return JobView(
        id=job_id,
        run_id=1,
        prompt_version_id=1,
        provider="sim",
        model="sim-fast",
        draw_no=job_id,
        state=state,
        seed=1,
        seed_supported=True,
        params={},
        progress=progress,
    )


def test_events_are_numbered_in_publishing_order() -> None:
    bus = EventBus()
    seen: list[object] = []
    sub = bus.subscribe(seen.append, coalesce=False)
    for i in range(5):
        bus.publish(EngineChanged(EngineState.BUSY, i))
    assert sub.flush()
    assert [e.seq for e in seen] == [1, 2, 3, 4, 5]  # type: ignore[attr-defined]
    assert bus.seq == 5
    sub.close()


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    bus = EventBus()
    seen: list[object] = []

    def broken(_event: object) -> None:
        raise ValueError("boom")

    bad = bus.subscribe(broken)
    good = bus.subscribe(seen.append)
    bus.publish(EngineChanged(EngineState.IDLE, 0))
    assert good.flush() and bad.flush()
    good.close()
    bus.publish(EngineChanged(EngineState.IDLE, 0))
    assert len(seen) == 1
    bad.close()


def test_a_blocked_subscriber_never_stalls_the_publisher() -> None:
    bus = EventBus()
    release = threading.Event()
    sub = bus.subscribe(lambda _e: release.wait(10))
    started = time.perf_counter()
    for i in range(2000):
        bus.publish(JobChanged(job(i % 20, progress=i / 2000)))
    assert time.perf_counter() - started < 1.0  # 2,000 publishes while the subscriber hangs
    release.set()
    assert sub.flush()
    sub.close()


def test_progress_is_coalesced_per_draw_but_state_changes_all_arrive() -> None:
    bus = EventBus()
    gate = threading.Event()
    seen: list[JobChanged] = []

    def slow(event: object) -> None:
        gate.wait(5)
        if isinstance(event, JobChanged):
            seen.append(event)

    sub = bus.subscribe(slow, interval=0.0)
    bus.publish(EngineChanged(EngineState.BUSY, 1))  # keeps the subscriber busy
    time.sleep(0.05)
    bus.publish(JobChanged(job(1, JobState.SUBMITTED)))
    for p in range(1, 100):
        bus.publish(JobChanged(job(1, progress=p / 100)))
        bus.publish(JobChanged(job(2, progress=p / 100)))
    bus.publish(JobChanged(job(1, JobState.DOWNLOADING)))
    gate.set()
    assert sub.flush()
    ones = [(e.job.state, e.job.progress) for e in seen if e.job.id == 1]
    # submitted, the newest running progress, downloading: every state, in order
    assert [s for s, _ in ones] == [JobState.SUBMITTED, JobState.RUNNING, JobState.DOWNLOADING]
    assert ones[1][1] == 0.99
    assert [e.job.progress for e in seen if e.job.id == 2] == [0.99]
    seqs = [e.seq for e in seen]
    assert seqs == sorted(seqs)  # coalescing keeps publishing order
    assert sub.coalesced == 98 * 2
    sub.close()


def test_a_closed_subscription_gets_nothing_more() -> None:
    bus = EventBus()
    seen: list[object] = []
    sub = bus.subscribe(seen.append)
    sub.close()
    bus.publish(EngineChanged(EngineState.IDLE, 0))
    time.sleep(0.05)
    assert seen == []
