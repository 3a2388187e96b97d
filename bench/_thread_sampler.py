"""Which threads of a process are on a CPU, sampled from outside (Linux schedstat).

``/proc/<pid>/task/<tid>/schedstat`` holds each thread's time on a CPU and time waiting
for one (ns). A sampler in another process reads them every few milliseconds, so it takes
no GIL and no time from the process it watches. When the GUI thread stalls, the threads
that ran meanwhile are the ones that held the GIL (or a core) — the profile that
``--diagnose`` prints next to each long heartbeat gap.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import Any


def read_schedstat(fd: int) -> tuple[int, int]:
    """(ns on a CPU, ns runnable but waiting for one) from an open schedstat file."""
    on_cpu, waiting, _slices = os.pread(fd, 128, 0).split()
    return int(on_cpu), int(waiting)


def _sample(conn: Any, pid: int, period_s: float) -> None:
    fds: dict[int, int] = {}
    samples: list[tuple[float, tuple[tuple[int, int], ...]]] = []
    names: dict[int, str] = {}
    task_dir = Path(f"/proc/{pid}/task")
    next_scan = 0.0
    while not conn.poll():
        now = time.perf_counter()
        if now >= next_scan:  # threads come and go: rescan a few times a second
            next_scan = now + 0.2
            try:
                tids = [int(p.name) for p in task_dir.iterdir()]
            except OSError:
                break
            for tid in tids:
                if tid not in fds:
                    try:
                        fds[tid] = os.open(task_dir / str(tid) / "schedstat", os.O_RDONLY)
                        names[tid] = (task_dir / str(tid) / "comm").read_text().strip()
                    except OSError:
                        pass
        row = []
        for tid, fd in list(fds.items()):
            try:
                row.append((tid, read_schedstat(fd)[0]))
            except (OSError, ValueError):
                os.close(fd)
                del fds[tid]
        samples.append((time.perf_counter(), tuple(row)))
        time.sleep(period_s)
    conn.recv()
    conn.send((samples, names))


class ThreadSampler:
    """Samples every thread's CPU time of ``pid`` from a child process."""

    def __init__(self, pid: int, period_s: float = 0.004) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_sample, args=(child, pid, period_s), daemon=True)
        self._process.start()

    def stop(self) -> tuple[list[tuple[float, tuple[tuple[int, int], ...]]], dict[int, str]]:
        """Stop sampling; returns the samples and each thread's kernel name."""
        self._conn.send("stop")
        result = self._conn.recv()
        self._process.join(5)
        return result  # type: ignore[no-any-return]


def busy_threads(
    samples: list[tuple[float, tuple[tuple[int, int], ...]]], start: float, end: float
) -> dict[int, float]:
    """CPU milliseconds each thread used between ``start`` and ``end`` (perf_counter)."""
    before = next((s for s in reversed(samples) if s[0] <= start), samples[0] if samples else None)
    after = next((s for s in samples if s[0] >= end), samples[-1] if samples else None)
    if before is None or after is None:
        return {}
    first = dict(before[1])
    return {
        tid: (ns - first.get(tid, 0)) / 1e6 for tid, ns in after[1] if ns - first.get(tid, 0) > 0
    }
