"""Shared bits of the benchmarks: repo on sys.path, RSS and CPU readings, result lines."""

from __future__ import annotations

import resource
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def rss_mib() -> float:
    """Current resident set size in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_s() -> float:
    """CPU seconds (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def verdict(name: str, value: float, limit: float, unit: str) -> bool:
    """Print one figure against its target; returns whether it is met."""
    ok = value <= limit
    print(
        f"  {name:<44} {value:10.2f} {unit:<6} (target ≤ {limit:g} {unit}) "
        f"{'OK' if ok else 'MISSED'}"
    )
    return ok


def machine() -> str:
    """Cores and load average: a busy machine slows every figure, so print it with them."""
    import os

    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} (1 min) / {five:.1f} (5 min)"


def settle(seconds: float) -> None:
    """Let the GUI thread's queued work run for ``seconds`` (an event loop, not a spin)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def run_until_quit(loop: Any, timeout_s: float) -> None:
    """``loop.exec()`` until something quits it, or ``timeout_s`` passes.

    The timer is its own and stopped after: a stray one would end a later measurement.
    """
    from PySide6.QtCore import QTimer

    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(int(timeout_s * 1000))
    loop.exec()
    timeout.stop()
