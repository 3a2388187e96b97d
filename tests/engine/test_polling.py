from __future__ import annotations

import random

import pytest

from workbench.domain.capabilities import PollingHint
from workbench.engine.polling import PollPlanner
from workbench.providers.base import Phase, Status

HINT = PollingHint(
    first_poll_s=5, interval_s=5, max_interval_s=30, typical_render_s=90, deadline_s=600
)


def planner(history: list[float] | None = None) -> PollPlanner:
    return PollPlanner(HINT, history or [], rng=random.Random(1))


def running(progress: float | None = None, **kw: object) -> Status:
    return Status(phase=Phase.RUNNING, progress=progress, **kw)  # type: ignore[arg-type]


def test_a_service_hint_is_obeyed_exactly() -> None:
    assert planner().next_delay(10, running(poll_after_s=2.5)) == 2.5


def test_without_knowledge_the_interval_grows_to_the_maximum() -> None:
    p = planner()
    delays = [p.first_delay(0)] + [p.next_delay(0, running()) for _ in range(12)]
    assert delays[0] == pytest.approx(5, rel=0.11)
    assert delays[1] == pytest.approx(5, rel=0.11)
    assert max(delays) <= 30 * 1.1 and delays[-1] == pytest.approx(30, rel=0.11)


def test_progress_predicts_the_finish() -> None:
    p = planner()
    # 20 % after 20 s, 40 % after 40 s: done at 100 s. Far away: ¾ of the remaining time,
    # capped by the maximum interval.
    p.next_delay(20, running(0.2))
    assert p.next_delay(40, running(0.4)) == pytest.approx(30, rel=0.11)
    # Close to the end: just past the predicted finish, not a fixed interval later.
    delay = p.next_delay(97, running(0.97))
    assert 3 <= delay <= 4


def test_history_places_polls_where_completions_are_likely() -> None:
    history = [100 + i for i in range(-10, 11)]  # renders took 90–110 s
    p = planner(history)
    first = p.first_delay(0)
    assert first == pytest.approx(30, rel=0.11)  # capped: early failures still get seen
    elapsed, polls = 0.0, []
    while elapsed < 120:
        elapsed += p.next_delay(elapsed, running())
        polls.append(elapsed)
    inside = [t for t in polls if 90 <= t <= 110]
    assert len(inside) >= 6  # dense where the history says the job ends
    assert len([t for t in polls if t < 85]) <= 3


def test_no_delay_passes_the_deadline() -> None:
    assert planner().next_delay(595, running()) <= 5.0 + 1e-9
