"""Library: 10,000 takes; `takes --fav --json` and every filter must answer in ≤ 100 ms.

Fills a fresh library through the Library API (one transaction per thousand), then times
the CLI's `takes` command in-process (stdout captured) for each filter, median of 7, and
prints SQLite's query plan to show the index behind each filter.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import _common

TAKES = 10_000
LIMIT_MS = 100.0


def populate(home: Path) -> None:
    from workbench.domain.jobs import JobState
    from workbench.library import Library, NewTake, PlannedJob
    from workbench.library.db import transaction
    from workbench.library.records import JobUpdate

    rng = random.Random(1)
    lib = Library(home)
    providers = [
        ("sim", "sim-fast"),
        ("sim", "sim-pro"),
        ("kling", "kling-v3"),
        ("seedance", "dreamina-seedance-2-0-260128"),
        ("runway", "gen4.5"),
        ("veo", "veo-3.1-generate-preview"),
    ]
    made = 0
    prompt_no = 0
    while made < TAKES:
        prompt_no += 1
        version = lib.prompt_version(f"prompt number {prompt_no}: a fox in the snow", None)
        jobs = []
        for _ in range(100):
            provider, model = rng.choice(providers)
            jobs.append(
                PlannedJob(
                    provider,
                    model,
                    {"duration": 5},
                    rng.randrange(2**31),
                    True,
                    0.5,
                    f"ref-{made + len(jobs)}",
                )
            )
        _, ids = lib.create_run(version.id, "{}", "random", 50.0, jobs)
        with transaction(lib.conn):  # the same rows the engine writes, in bulk
            for job_id in ids:
                lib.conn.execute(
                    "UPDATE jobs SET state='done', remote_id=?, render_s=?,"
                    " submitted_at=0 WHERE id=?",
                    (f"r{job_id}", rng.uniform(20, 180), job_id),
                )
        for job_id in ids:
            sha = f"{job_id:064x}"
            take = NewTake(
                sha256=sha,
                path=f"clips/{sha[:2]}/{sha}.mp4",
                poster=None,
                bytes=1000,
                duration=5.0,
                width=1280,
                height=720,
                fps=24.0,
                codec="h264",
                audio=False,
                container="mp4",
            )
            with transaction(lib.conn):
                cur = lib.conn.execute(
                    "INSERT INTO takes (job_id, sha256, path, poster, bytes, duration, width,"
                    " height, fps, codec, audio, container, created_at, rating, favourite)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        job_id,
                        take.sha256,
                        take.path,
                        None,
                        take.bytes,
                        take.duration,
                        take.width,
                        take.height,
                        take.fps,
                        take.codec,
                        0,
                        "mp4",
                        time.time(),
                        rng.choice([None, None, 1, 2, 3, 4, 5]),
                        int(rng.random() < 0.2),
                    ),
                )
                take_id = cur.lastrowid
                if rng.random() < 0.3:
                    lib.conn.execute(
                        "INSERT INTO take_tags VALUES (?, ?)",
                        (take_id, rng.choice(["hero", "b-roll", "client"])),
                    )
            made += 1
    assert JobState.DONE and JobUpdate  # imported for the reader: these rows are real jobs
    lib.close()


def time_command(argv: list[str]) -> tuple[float, int]:
    """Median of 7 in-process runs of the CLI (after one warm-up), in ms."""
    import statistics

    from workbench.cli import main

    times = []
    lines = 0
    for attempt in range(8):
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
        if attempt:
            times.append((time.perf_counter() - start) * 1000)
        assert code == 0
        lines = out.getvalue().count("\n")
    return statistics.median(times), lines


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["WORKBENCH_HOME"] = str(home)
        start = time.perf_counter()
        populate(home)
        print(f"library: {TAKES} takes written in {time.perf_counter() - start:.1f} s")
        from workbench.library import Library

        lib = Library(home)
        some_run = lib.conn.execute("SELECT MAX(run_id) FROM jobs").fetchone()[0]
        lib.close()
        cases = {
            "takes --fav --json": ["takes", "--fav", "--json"],
            f"takes --run {some_run} --json": ["takes", "--run", str(some_run), "--json"],
            "takes --provider kling --json": ["takes", "--provider", "kling", "--json"],
            "takes --min-rating 4 --json": ["takes", "--min-rating", "4", "--json"],
            "takes --tag hero --json": ["takes", "--tag", "hero", "--json"],
            "takes --fav --provider sim --min-rating 3": [
                "takes",
                "--fav",
                "--provider",
                "sim",
                "--min-rating",
                "3",
                "--json",
            ],
        }
        ok = True
        for name, argv in cases.items():
            ms, rows = time_command(argv)
            ok &= _common.verdict(f"{name} ({rows} rows)", ms, LIMIT_MS, "ms")
        ms, rows = time_command(["takes", "--json"])
        print(f"  (no filter: all {rows} takes as JSON in {ms:.0f} ms — not a target)")
        lib = Library(home)
        from workbench.library.takes_repo import _TAKE_SELECT

        for label, where in (
            ("fav", "t.favourite = 1"),
            ("provider", "j.provider = 'kling'"),
            ("rating", "t.rating >= 4"),
            ("run", f"j.run_id = {some_run}"),
            ("tag", "t.id IN (SELECT take_id FROM take_tags WHERE tag='hero')"),
        ):
            plan = lib.conn.execute(f"EXPLAIN QUERY PLAN {_TAKE_SELECT} WHERE {where}").fetchall()
            print(f"  plan[{label}]: " + " | ".join(r[3] for r in plan))
        lib.close()
    print("library benchmark:", "all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
