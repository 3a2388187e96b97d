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
from workbench.domain.views import JobView, ProviderStats, RunSummary, TakeView
from workbench.secrets import scrub

EXIT_OK, EXIT_SOME_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
#: Stopped by SIGTERM (a logout, a service manager): 128 + 15, as a shell reports it.
EXIT_TERMINATED = 143


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


def job_row(job: JobView) -> dict[str, Any]:
    """What ``run``/``resume``/``reroll`` print for one draw."""
    failure = job.failure
    take = job.take
    return {
        "run": job.run_id,
        "job": job.id,
        "take": take.id if take else None,
        "provider": job.provider,
        "model": job.model,
        "draw": job.draw_no,
        "seed": job.seed,
        "state": job.state.value,
        "clip": take.path if take else None,
        "poster": take.poster if take else None,
        "duration": take.duration if take else None,
        "width": take.width if take else None,
        "height": take.height if take else None,
        "cost_usd": job.cost_usd if job.charged is not False else None,
        "est_cost_usd": job.est_cost_usd,
        "charged": _charged(job.charged),
        "render_s": job.render_s,
        "failure_kind": failure.kind.value if failure else None,
        "failure_message": failure.message if failure else None,
        "failure_text": failure.provider_text if failure else None,
        "retryable": failure.retryable if failure else None,
        "status": job.provider_status,
    }


def _charged(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def take_row(t: TakeView) -> dict[str, Any]:
    """What ``takes`` prints for one take (the keys of the JSON Lines are stable)."""
    return {
        "take": t.id,
        "job": t.job_id,
        "run": t.run_id,
        "provider": t.provider,
        "model": t.model,
        "seed": t.seed,
        "draw": t.draw_no,
        "prompt": t.prompt,
        "negative": t.negative,
        "prompt_id": t.prompt_id,
        "prompt_version": t.prompt_version,
        "rating": t.rating,
        "rated_blind": t.blind,
        "favourite": t.favourite,
        "path": t.path,
        "poster": t.poster,
        "sha256": t.sha256,
        "bytes": t.bytes,
        "duration": t.duration,
        "width": t.width,
        "height": t.height,
        "fps": t.fps,
        "codec": t.codec,
        "audio": t.audio,
        "container": t.container,
        "cost_usd": t.cost_usd if t.charged is not False else None,
        "est_cost_usd": t.est_cost_usd,
        "cost_reported": t.cost_reported,
        "charged": _charged(t.charged),
        "render_s": t.render_s,
        "created_at": t.created_at,
        "parent_take": t.parent_take_id,
        "tags": list(t.tags),
        "reasons": list(t.reasons),
        "notes": list(t.notes),
    }


def run_row(r: RunSummary) -> dict[str, Any]:
    """What ``runs`` prints for one run."""
    return {
        "run": r.id,
        "created_at": r.created_at,
        "prompt": r.prompt,
        "prompt_id": r.prompt_id,
        "prompt_version": r.prompt_version,
        "providers": ",".join(r.providers),
        "draws": r.total,
        "done": r.done,
        "failed": r.failed,
        "pending": r.pending,
        "other": r.other,
        "estimate_usd": r.estimate_usd,
        "cost_usd": r.cost_usd,
        "parent_take_id": r.parent_take_id,
    }


def stats_row(s: ProviderStats) -> dict[str, Any]:
    """What ``stats`` prints for one provider and model."""
    return {
        "provider": s.provider,
        "model": s.model,
        "draws": s.draws,
        "done": s.done,
        "failed": s.failed,
        "keepers": s.keepers,
        "hit_rate": s.hit_rate,
        "draws_per_keeper": s.draws_per_keeper,
        "charged_draws": s.charged_draws,
        "cost_usd": s.cost_usd,
        "cost_per_keeper_usd": s.cost_per_keeper_usd,
        "median_render_s": s.median_render_s,
        "failures": s.failures,
        "reasons": s.reasons,
    }


class ProgressPrinter:
    """Prints draw progress to stderr as the engine publishes it (from its own thread)."""

    def __init__(self) -> None:
        self._last: dict[int, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def __call__(self, event: object) -> None:
        """Print a line when a draw changes state or passes another quarter of progress."""
        from workbench.engine.events import JobChanged

        if not isinstance(event, JobChanged):
            return
        job = event.job
        bucket = int((job.progress or 0) * 4) if job.state is JobState.RUNNING else 0
        key = (job.state.value, bucket)
        with self._lock:
            if self._last.get(job.id) == key and not event.message:
                return
            self._last[job.id] = key
        seed = f"seed {job.seed}" if job.seed is not None else "no seed"
        line = f"  {job.provider}:{job.model} #{job.draw_no} ({seed}) · {job.state.value}"
        if job.state is JobState.RUNNING and job.progress is not None:
            line += f" {job.progress:.0%}"
        if job.failure is not None:
            line += f" — {job.failure.describe()}"
        elif event.message:
            line += f" — {event.message}"
        say(line)
