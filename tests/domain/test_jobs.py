from __future__ import annotations

import itertools

import pytest

from workbench.domain.jobs import (
    TRANSITIONS,
    Failure,
    FailureKind,
    IllegalTransition,
    JobState,
    check_transition,
)

LEGAL = {
    ("planned", "submitting"),
    ("planned", "failed"),
    ("planned", "canceled"),
    ("submitting", "submitting"),
    ("submitting", "submitted"),
    ("submitting", "failed"),
    ("submitting", "unknown"),
    ("submitting", "canceled"),
    ("submitted", "running"),
    ("submitted", "downloading"),
    ("submitted", "failed"),
    ("submitted", "canceled"),
    ("running", "running"),
    ("running", "downloading"),
    ("running", "failed"),
    ("running", "canceled"),
    ("downloading", "downloading"),
    ("downloading", "done"),
    ("downloading", "failed"),
    ("unknown", "submitted"),
    ("unknown", "failed"),
    ("unknown", "canceled"),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(JobState, JobState)))
def test_every_transition_is_exactly_as_designed(current: JobState, new: JobState) -> None:
    if (current.value, new.value) in LEGAL:
        check_transition(current, new)
    else:
        with pytest.raises(IllegalTransition, match=f"from {current.value} to {new.value}"):
            check_transition(current, new)


def test_terminal_states_go_nowhere() -> None:
    for state in (JobState.DONE, JobState.FAILED, JobState.CANCELED):
        assert state.is_terminal and not TRANSITIONS[state]
    assert not JobState.UNKNOWN.is_terminal


def test_remote_states_are_those_resume_polls() -> None:
    assert {s for s in JobState if s.is_remote} == {
        JobState.SUBMITTED,
        JobState.RUNNING,
        JobState.DOWNLOADING,
    }


def test_failure_gets_plain_words_per_kind() -> None:
    for kind in FailureKind:
        failure = Failure(kind=kind)
        assert failure.message.endswith(".") and len(failure.message) > 20
    described = Failure(kind=FailureKind.MODERATION, provider_text="SAFETY.INPUT.TEXT").describe()
    assert described == "The service's content filter refused this draw. (SAFETY.INPUT.TEXT)"
