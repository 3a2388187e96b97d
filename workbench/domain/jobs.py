"""A draw's life: the job state machine and the normalised failure it may end in."""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict


class JobState(enum.StrEnum):
    """Persisted state of one draw.

    ``unknown`` means Workbench stopped while sending and cannot tell whether the service
    received the job; it is never sent again automatically.
    """

    PLANNED = "planned"
    SUBMITTING = "submitting"
    SUBMITTED = "submitted"
    RUNNING = "running"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELED = "canceled"
    UNKNOWN = "unknown"

    @property
    def is_terminal(self) -> bool:
        """True for states a job never leaves on its own."""
        return self in _TERMINAL

    @property
    def is_remote(self) -> bool:
        """True while the service holds the job and resume must poll it."""
        return self in (JobState.SUBMITTED, JobState.RUNNING, JobState.DOWNLOADING)


_TERMINAL = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELED})

#: Draws that can still move on their own (sent, being sent, or about to be): a resume
#: takes them up, and a run with one of them live is not finished.
UNFINISHED: frozenset[JobState] = frozenset(
    {
        JobState.PLANNED,
        JobState.SUBMITTING,
        JobState.SUBMITTED,
        JobState.RUNNING,
        JobState.DOWNLOADING,
    }
)
#: Draws that stay where they are until the creator acts (retry, check again, reroll).
SETTLED: frozenset[JobState] = frozenset(JobState) - UNFINISHED

_S = JobState
#: Allowed moves. Self-moves of running/downloading carry progress; ``unknown`` can still
#: be settled when the service lets us look the job up by our own id.
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    _S.PLANNED: frozenset({_S.SUBMITTING, _S.FAILED, _S.CANCELED}),
    _S.SUBMITTING: frozenset({_S.SUBMITTING, _S.SUBMITTED, _S.FAILED, _S.UNKNOWN, _S.CANCELED}),
    _S.SUBMITTED: frozenset({_S.RUNNING, _S.DOWNLOADING, _S.FAILED, _S.CANCELED}),
    _S.RUNNING: frozenset({_S.RUNNING, _S.DOWNLOADING, _S.FAILED, _S.CANCELED}),
    _S.DOWNLOADING: frozenset({_S.DOWNLOADING, _S.DONE, _S.FAILED}),
    _S.UNKNOWN: frozenset({_S.SUBMITTED, _S.FAILED, _S.CANCELED}),
    _S.DONE: frozenset(),
    _S.FAILED: frozenset(),
    _S.CANCELED: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A move the state machine forbids; always a bug, never user input."""

    def __init__(self, current: JobState, new: JobState) -> None:
        super().__init__(f"a job cannot go from {current.value} to {new.value}")
        self.current = current
        self.new = new


def check_transition(current: JobState, new: JobState) -> None:
    """Raise :class:`IllegalTransition` unless ``current → new`` is allowed."""
    if new not in TRANSITIONS[current]:
        raise IllegalTransition(current, new)


def can_check_again(state: JobState, failure_kind: str | None, remote_id: str | None) -> bool:
    """True for a draw Workbench gave up waiting on while the service may still finish it.

    Our deadline is not the service's: a draw failed by ``timeout`` keeps its remote id, and
    the service may still render (and bill) it, so it can be polled again. Only the service
    saying "not found / expired" ends it for good.
    """
    return (
        state is JobState.FAILED and failure_kind == FailureKind.TIMEOUT.value and bool(remote_id)
    )


class FailureKind(enum.StrEnum):
    """Why a draw failed, in the few buckets a creator acts on differently."""

    MODERATION = "moderation"  # the service refused the content; rewording may help
    QUOTA = "quota"  # rate limit, concurrency cap, or balance; wait or top up
    AUTH = "auth"  # key missing, wrong or without access
    INVALID = "invalid"  # the service rejected the request's parameters
    EXPIRED = "expired"  # task or result link expired before we got the clip
    PROVIDER = "provider"  # the service failed or answered something unusable
    NETWORK = "network"  # could not reach the service
    TIMEOUT = "timeout"  # no result before the deadline
    LOST = "lost"  # unknown whether the service got it; deliberately not re-sent
    RETIRED = "retired"  # the service shut the model down; choose its replacement


_PLAIN = {
    FailureKind.MODERATION: "The service's content filter refused this draw.",
    FailureKind.QUOTA: "The service's rate limit or balance stopped this draw.",
    FailureKind.AUTH: "The service did not accept the API key.",
    FailureKind.INVALID: "The service rejected the request's settings.",
    FailureKind.EXPIRED: "The job or its download link expired before the clip was saved.",
    FailureKind.PROVIDER: "The service failed to make or deliver this draw.",
    FailureKind.NETWORK: "Workbench could not reach the service.",
    FailureKind.TIMEOUT: "The service did not finish before the deadline.",
    FailureKind.LOST: "It is unknown whether the service received this draw.",
    FailureKind.RETIRED: "The service no longer offers this model; choose its replacement.",
}


class Failure(BaseModel):
    """A classified failure: kind, plain words, the service's own text, whether to retry."""

    model_config = ConfigDict(frozen=True)

    kind: FailureKind
    message: str = ""
    provider_text: str = ""
    code: str = ""
    retryable: bool = False

    def model_post_init(self, _context: object) -> None:
        """Fill in the plain words for the kind when no message was given."""
        if not self.message:
            object.__setattr__(self, "message", _PLAIN[self.kind])

    def describe(self) -> str:
        """One line for a terminal: plain words, then the service's own text."""
        extra = self.provider_text or self.code
        return f"{self.message} ({extra})" if extra and extra not in self.message else self.message
