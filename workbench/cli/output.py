"""Printing: results on stdout (text or JSON Lines), progress and problems on stderr."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterable
from typing import Any

from workbench.domain.jobs import JobState
from workbench.domain.problems import Problem
from workbench.engine.events import Event, JobChanged
from workbench.library.records import JobRecord
from workbench.secrets import scrub

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def emit_json(obj: Any) -> None:
    """One JSON document on one line."""
    sys.stdout.write(_ENCODER.encode(obj) + "\n")


def emit_lines(rows: Iterable[dict[str, Any]], as_json: bool, columns: tuple[str, ...]) -> None:
    """Rows as JSON Lines, or as aligned text columns."""
    rows = list(rows)
    if as_json:
        if rows:
            sys.stdout.write("\n".join(map(_ENCODER.encode, rows)) + "\n")
        return
    if not rows:
        return
    table = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in table:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, list):
        return ",".join(map(str, value))
    text = str(value).replace("\n", " ")
    if os.path.isabs(text) or len(text) <= 60:  # paths stay whole: people open them
        return text
    return text[:57] + "…"


def say(message: str) -> None:
    """A line for the person at the terminal (stderr), scrubbed of keys."""
    sys.stderr.write(scrub(message) + "\n")
    sys.stderr.flush()


def report_problems(problems: list[Problem], what: str = "Nothing was sent") -> int:
    """Print every problem and return the bad-input exit code."""
    say(f"{what}:")
    for problem in problems:
        say(f"  - {problem}")
    return EXIT_BAD_INPUT


def job_row(job: JobRecord, take: dict[str, Any] | None) -> dict[str, Any]:
    """What ``run``/``resume``/``reroll`` print for one draw."""
    failure = job.failure
    return {
        "run": job.run_id,
        "job": job.id,
        "take": take["take"] if take else None,
        "provider": job.provider,
        "model": job.model,
        "draw": job.draw_no,
        "seed": job.seed,
        "state": job.state.value,
        "clip": take["path"] if take else None,
        "poster": take["poster"] if take else None,
        "duration": take["duration"] if take else None,
        "width": take["width"] if take else None,
        "height": take["height"] if take else None,
        "cost_usd": job.cost_usd,
        "est_cost_usd": job.est_cost_usd,
        "render_s": job.render_s,
        "failure_kind": failure.kind.value if failure else None,
        "failure_message": failure.message if failure else None,
        "failure_text": failure.provider_text if failure else None,
        "retryable": failure.retryable if failure else None,
        "status": job.provider_status,
    }


class ProgressPrinter:
    """Prints draw progress to stderr as the engine publishes it (from its own thread)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self._last: dict[int, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        """Print a line when a draw changes state or passes another quarter of progress."""
        if self.quiet or not isinstance(event, JobChanged):
            return
        bucket = int((event.progress or 0) * 4) if event.state is JobState.RUNNING else 0
        key = (event.state.value, bucket)
        with self._lock:
            if self._last.get(event.job_id) == key and not event.message:
                return
            self._last[event.job_id] = key
        seed = f"seed {event.seed}" if event.seed is not None else "no seed"
        line = f"  {event.provider}:{event.model} #{event.draw_no} ({seed}) · {event.state.value}"
        if event.state is JobState.RUNNING and event.progress is not None:
            line += f" {event.progress:.0%}"
        if event.failure is not None:
            line += f" — {event.failure.describe()}"
        elif event.message:
            line += f" — {event.message}"
        say(line)
