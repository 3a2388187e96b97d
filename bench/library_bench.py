"""Library at 100,000 takes: the typed reads a window and a command make, timed warm.

The library is filled only through its own API (``_library_fill.py``: prompt_version,
create_run, move, finish_with_take, rate, set_favourite, add_tag, add_reason, add_note) and
cached in the temp directory, so later runs start at once. Each read is the median of 7
calls after one warm-up, on the owning thread, straight on ``Library`` (the engine's reads
are one-line wrappers; ``board`` is timed through a real ``EngineHost``).

Each line shows the median wall time (judged) and the median CPU time of the process (what
the read costs by itself: on a busy machine wall time grows, CPU time does not).

Targets (issue 6): the first page (``takes_page``, no filter, 200 takes) and the first page
of every filter ≤ 100 ms; any page reached by following ``next_after`` ≤ 100 ms. Other
reads are reported without a target. SQLite's query plan of every statement a read runs
is printed (captured with the connection's trace callback, then EXPLAIN QUERY PLAN), so a
missed target shows the scan behind it.

Usage: ``bench/library_bench.py [--takes N] [--rebuild] [--no-plans]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import _common
from _library_fill import NOTE_ONLY_WORD, RARE_PROMPT_WORD, RARE_TAG, Filled, filled_library

LIMIT_MS = 100.0
PAGE = 200


@dataclass
class Line:
    """One timed read."""

    name: str
    ms: float
    cpu: float
    rows: int | str
    target: float | None = LIMIT_MS
    sql: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "—"
        return "met" if self.ms <= self.target else "MISSED"


def timed(fn: Callable[[], Any], repeat: int = 7) -> tuple[float, Any, float]:
    """Median wall ms of ``repeat`` calls after one warm-up, the last result, and the median
    CPU ms of this process (the cost itself, which a busy machine does not inflate)."""
    result = fn()
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), result, statistics.median(cpu)


def statements(lib: Any, fn: Callable[[], Any]) -> list[str]:
    """Every SQL statement ``fn`` runs, parameters filled in (trace callback)."""
    seen: list[str] = []
    lib.conn.set_trace_callback(seen.append)
    try:
        fn()
    finally:
        lib.conn.set_trace_callback(None)
    return [s for s in seen if not s.startswith(("BEGIN", "COMMIT", "PRAGMA"))]


def rows_of(result: Any) -> int | str:
    if hasattr(result, "items") and hasattr(result, "next_after"):
        return len(result.items)
    if isinstance(result, (list, tuple)):
        return len(result)
    if isinstance(result, int):
        return f"={result:,}"
    return "?"


def measure(lib: Any, name: str, fn: Callable[[], Any], target: float | None = LIMIT_MS) -> Line:
    ms, result, cpu = timed(fn)
    line = Line(name, ms, cpu, rows_of(result), target, statements(lib, fn))
    print(f"  {name:<60} {ms:9.2f} ms (CPU {cpu:.2f} ms)", flush=True)
    return line


def walk(lib: Any, flt: Any) -> tuple[int, int, float, tuple[float, float], int | None]:
    """Follow ``next_after`` to the end, then time the three slowest pages again (median of
    7, so one hiccup of a busy machine is not taken for a slow page).

    Returns pages, takes, total ms of the walk, the slowest page's median (wall, CPU) ms,
    and its ``after``.
    """
    after: int | None = None
    pages = takes = 0
    total = 0.0
    times: list[tuple[float, int | None]] = []
    while True:
        start = time.perf_counter()
        page = lib.takes_page(flt, after=after, limit=PAGE)
        ms = (time.perf_counter() - start) * 1000
        total += ms
        times.append((ms, after))
        pages += 1
        takes += len(page.items)
        if page.next_after is None:
            break
        after = page.next_after
    again = []
    for _ms, a in sorted(times, key=lambda t: t[0], reverse=True)[:3]:
        ms, _page, cpu = timed(lambda a=a: lib.takes_page(flt, after=a, limit=PAGE))
        again.append(((ms, cpu), a))
    slowest, slowest_after = max(again, key=lambda t: t[0][0])
    return pages, takes, total, slowest, slowest_after


def explain(lib: Any, sql: str) -> list[str]:
    plan = lib.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    return [("  " * _depth(plan, row[1])) + row[3] for row in plan]


def _depth(plan: list[Any], parent: int) -> int:
    parents = {row[0]: row[1] for row in plan}
    depth = 0
    while parent:
        depth += 1
        parent = parents.get(parent, 0)
    return depth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="fill again, ignoring the cache")
    parser.add_argument("--no-plans", action="store_true", help="skip the query plans")
    args = parser.parse_args()

    start = time.perf_counter()
    home, facts, cached = filled_library(args.takes, rebuild=args.rebuild)
    describe(home, facts, cached, time.perf_counter() - start)

    from workbench.domain.views import StatsFilter
    from workbench.library import Library
    from workbench.library.records import TakeFilter

    lib = Library(home)
    newest_run = facts.last_run_id
    lines: list[Line] = []
    print("timing (median of 7, warm);", _common.machine())
    lines.append(
        measure(lib, "takes_page: first page, no filter", lambda: lib.takes_page(TakeFilter()))
    )
    filters = {
        "favourite": TakeFilter(favourite=True),
        "provider=kling": TakeFilter(provider="kling"),
        "provider=grok (4 % of draws)": TakeFilter(provider="grok"),
        "model=sora-2": TakeFilter(model="sora-2"),
        "model=sora-2-pro (no takes: the worst case)": TakeFilter(model="sora-2-pro"),
        "min_rating=4": TakeFilter(min_rating=4),
        "min_rating=5": TakeFilter(min_rating=5),
        "tag=hero": TakeFilter(tag="hero"),
        f"tag={RARE_TAG} (rare)": TakeFilter(tag=RARE_TAG),
        "reason=hands": TakeFilter(reason="hands"),
        "text=fox (in many prompts)": TakeFilter(text="fox"),
        f"text={RARE_PROMPT_WORD} (in ~1 % of prompts)": TakeFilter(text=RARE_PROMPT_WORD),
        f"text={NOTE_ONLY_WORD} (only in notes)": TakeFilter(text=NOTE_ONLY_WORD),
        "text=xyzzy (matches nothing: the worst case)": TakeFilter(text="xyzzy"),
        f"run={newest_run} (newest run)": TakeFilter(run_id=newest_run),
        f"run={facts.first_run_id} (oldest run)": TakeFilter(run_id=facts.first_run_id),
        "favourite + provider=veo + min_rating=3": TakeFilter(
            favourite=True, provider="veo", min_rating=3
        ),
    }
    for label, flt in filters.items():
        lines.append(
            measure(lib, f"takes_page: first page, {label}", lambda f=flt: lib.takes_page(f))
        )

    print("paging (follow next_after to the end):")
    for label, flt in (
        ("no filter", TakeFilter()),
        ("min_rating=4", TakeFilter(min_rating=4)),
        ("provider=kling", TakeFilter(provider="kling")),
        ("favourite", TakeFilter(favourite=True)),
    ):
        pages, takes, total, slowest, where = walk(lib, flt)
        print(
            f"  {label:<16} {pages:5d} pages, {takes:7,d} takes in {total:8.0f} ms; "
            f"slowest page {slowest[0]:7.2f} ms (after={where})",
            flush=True,
        )
        name = f"paging walk, {label}: slowest of {pages} pages (after={where})"
        lines.append(
            Line(
                name,
                slowest[0],
                slowest[1],
                "—",
                sql=statements(lib, lambda f=flt, a=where: lib.takes_page(f, after=a)),
            )
        )
    # Take ids are dense (nothing deleted), so the page after id (newest - d) starts d deep.
    newest = lib.takes_page(TakeFilter(), limit=1).items[0].id
    for depth in (10, facts.takes // 2, facts.takes - 100):
        after = newest - depth
        lines.append(
            measure(
                lib,
                f"takes_page at depth {depth:,} (after={after})",
                lambda a=after: lib.takes_page(TakeFilter(), after=a),
            )
        )
    # A deep page of a filter too: the kling walk's last stretch.
    kling_page_after = lib.takes(TakeFilter(provider="kling"))[-PAGE // 2].id
    lines.append(
        measure(
            lib,
            "takes_page provider=kling, last page",
            lambda: lib.takes_page(TakeFilter(provider="kling"), after=kling_page_after),
        )
    )

    print("other reads (no target):")
    lines.append(
        measure(lib, "count_takes, no filter", lambda: lib.count_takes(TakeFilter()), None)
    )
    lines.append(
        measure(
            lib,
            "count_takes, min_rating=4",
            lambda: lib.count_takes(TakeFilter(min_rating=4)),
            None,
        )
    )
    lines.append(measure(lib, "provider_stats, all", lambda: lib.provider_stats(), None))
    lines.append(
        measure(
            lib,
            f"provider_stats, prompt {facts.big_prompt_id}",
            lambda: lib.provider_stats(StatsFilter(prompt_id=facts.big_prompt_id)),
            None,
        )
    )
    lines.append(
        measure(
            lib,
            f"job_views_for_version {facts.big_version_id} ({facts.big_version_draws} draws)",
            lambda: lib.job_views_for_version(facts.big_version_id),
            None,
        )
    )
    lines.append(measure(lib, "run_summaries(50)", lambda: lib.run_summaries(50), None))
    lines.append(board_line(home, facts))

    table(lines)
    if not args.no_plans:
        plans(lib, lines)
    lib.close()
    print("after:", _common.machine())
    missed = [line for line in lines if line.verdict == "MISSED"]
    print(
        "library benchmark:",
        "all targets met" if not missed else f"{len(missed)} TARGET(S) MISSED",
    )
    return 0 if not missed else 1


def describe(home: Any, facts: Filled, cached: bool, seconds: float) -> None:
    took = f"{facts.seconds:.0f} s" + (
        f" ({facts.cpu_seconds:.0f} s CPU)" if facts.cpu_seconds is not None else ""
    )
    how = (
        f"cached ({home}); the fill took {took}"
        if cached
        else f"filled through the Library API in {took}, cached in {home}"
    )
    print(
        f"library: {facts.takes:,} takes of {facts.jobs:,} draws ({facts.failed:,} failed), "
        f"{facts.runs:,} runs, {facts.prompts:,} prompts / {facts.versions:,} versions — {how}"
    )


def board_line(home: Any, facts: Filled) -> Line:
    """The desktop's board of the biggest version, through a real EngineHost."""
    from workbench.engine.host import EngineHost
    from workbench.settings import Settings

    with EngineHost(home=home, settings=Settings(), credentials_for=lambda _p: None) as host:
        ms, result, cpu = timed(lambda: host.call(lambda e: e.board(facts.big_version_id)))
    name = f"engine.board({facts.big_version_id}) via EngineHost ({len(result.runs)} runs)"
    print(f"  {name:<60} {ms:9.2f} ms (CPU {cpu:.2f} ms)", flush=True)
    return Line(name, ms, cpu, len(result.jobs), None)


def table(lines: list[Line]) -> None:
    print()
    print(f"{'read':<72} {'rows':>7} {'median':>10} {'CPU':>10} {'target':>9}  verdict")
    print("-" * 122)
    for line in lines:
        target = f"≤ {line.target:g} ms" if line.target is not None else "—"
        print(
            f"{line.name:<72} {line.rows!s:>7} {line.ms:7.2f} ms {line.cpu:7.2f} ms "
            f"{target:>9}  {line.verdict}"
        )
    print()


def plans(lib: Any, lines: list[Line]) -> None:
    print("query plans (EXPLAIN QUERY PLAN of each statement a read runs; the batched")
    print("tag/reason/note look-ups by take id are shown the first time only):")
    shown: set[str] = set()
    for line in lines:
        if not line.sql:
            continue
        print(f"[{line.name}] {line.verdict}")
        for sql in line.sql:
            key = sql.split(" IN (")[0] if "take_id IN (" in sql else sql
            if key in shown:
                continue
            shown.add(key)
            head = " ".join(sql.split())
            print(f"  sql: {head[:150]}{'…' if len(head) > 150 else ''}")
            for step in explain(lib, sql):
                print(f"    {step}")


if __name__ == "__main__":
    sys.exit(main())
