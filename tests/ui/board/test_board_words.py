"""The words and numbers a tile shows."""

from __future__ import annotations

from board_helpers import job, take

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.ui.board import words


def line(**extra: object) -> str:
    return " · ".join(text for _, text in words.info_parts(job(1, 3, **extra)))


def test_info_line() -> None:
    done = {"state": JobState.DONE, "seed": 12345, "cost_usd": 0.42, "render_s": 83.4}
    assert line(**done) == "seed 12345 · 5.0 s · $0.42 · 83 s"
    assert line(seed=None) == "no seed · 5.0 s · ~$0.42"
    assert line(charged=False) == "seed 1001 · 5.0 s · $0.00"
    assert line(est_cost_usd=None) == "seed 1001 · 5.0 s"
    # The delivered clip's own length wins over the requested one.
    assert line(state=JobState.DONE, take=take(None, duration=4.96)) == "seed 1001 · 5.0 s · ~$0.42"
    assert line(state=JobState.DONE, take=take(None, duration=8.04)).startswith("seed 1001 · 8.0 s")
    assert words.draw_label(job(1, 3)) == "#3"
    assert words.money(0.001) == "<$0.01"


def test_failure_kinds_in_plain_words() -> None:
    expected = {
        FailureKind.MODERATION: "Refused by moderation",
        FailureKind.QUOTA: "Out of credit or rate-limited",
        FailureKind.AUTH: "Key rejected",
        FailureKind.INVALID: "Settings rejected",
        FailureKind.EXPIRED: "Expired",
        FailureKind.PROVIDER: "Service error",
        FailureKind.NETWORK: "Could not reach the service",
        FailureKind.TIMEOUT: "No result in time",
        FailureKind.LOST: "Sent — no answer",
    }
    for kind, text in expected.items():
        failed = job(1, 1, JobState.FAILED, failure=Failure(kind=kind))
        assert words.title(failed) == text
    # A kind this UI has not heard of yet reads as a plain failure.
    assert words.failure_title("something-new") == "Failed"
    assert words.failure_title(None) == "Failed"
    assert words.state_word(JobState.UNKNOWN) == "Sent — no answer; checking"


def test_failure_sentence_prefers_a_specific_message() -> None:
    default = job(1, 1, JobState.FAILED, failure=Failure(kind=FailureKind.QUOTA))
    assert words.failure_sentence(default) == Failure(kind=FailureKind.QUOTA).message
    specific = Failure(kind=FailureKind.INVALID, message="duration 7 s is not offered")
    assert words.failure_sentence(job(1, 1, JobState.FAILED, failure=specific)) == (
        "duration 7 s is not offered"
    )


def test_clock_and_percent() -> None:
    assert words.elapsed_text(7) == "0:07"
    assert words.elapsed_text(750) == "12:30"
    assert words.elapsed_text(3723) == "1:02:03"
    assert words.percent(0.404) == "40 %"
    running = job(1, 2, JobState.RUNNING, progress=0.4)
    assert words.accessible_text(running) == "#2 Rendering 40 %"
