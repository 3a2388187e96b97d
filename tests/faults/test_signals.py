"""SIGTERM (a logout, a service manager) stops a run like Ctrl+C, in words (item 9).

Exit codes follow the shell's 128 + signal: 143 for SIGTERM, 130 for Ctrl+C (SIGINT).
The draws already sent keep rendering; ``workbench resume`` collects them, sending none
twice and the never-sent ones once.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from tests.faults import faultkit

pytestmark = pytest.mark.slow

#: Each request to the sim takes a while, so every state lasts long enough to be caught.
SLOW_SIM = {"WORKBENCH_SIM_RENDER_SCALE": "0.3", "WORKBENCH_SIM_LATENCY": "0.4"}
STOPPED = re.compile(
    r"^(?P<cause>Stopped by SIGTERM|Interrupted): "
    r"(?:(?P<unsent>\d+) draw\(s\) were not sent and (?P<sent>\d+) are rendering on their "
    r"services; `workbench resume` collects them and sends the rest"
    r"|(?P<only_sent>\d+) draw\(s\) are rendering on their services; `workbench resume` "
    r"collects them)\.$"
)


@pytest.mark.parametrize(
    ("sig", "code", "cause"),
    [(signal.SIGTERM, 143, "Stopped by SIGTERM"), (signal.SIGINT, 130, "Interrupted")],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_mid_run_stops_cleanly_says_what_resume_does_and_resume_does_it(
    tmp_path: Path, sig: int, code: int, cause: str
) -> None:
    for attempt in range(5):
        home = tmp_path / f"try{attempt}"
        caught, outcome = faultkit.run_until(home, "running", sig, **SLOW_SIM)
        if caught:
            break
    else:
        pytest.fail("never caught a draw running in 5 tries")
    assert outcome.code == code, outcome.err
    assert outcome.tracebacks == 0, outcome.err
    sentence = outcome.last_line()
    match = STOPPED.match(sentence)
    assert match, outcome.err
    assert match["cause"] == cause
    states = faultkit.facts(home).states
    unsent = int(match["unsent"] or 0)
    sent = int(match["sent"] or match["only_sent"] or 0)
    assert unsent == states["planned"]
    assert sent == sum(states[s] for s in faultkit.ACTIVE) > 0

    resumed = faultkit.workbench(home, "resume", "-q", **SLOW_SIM)
    assert resumed.returncode == 0, resumed.stderr
    found = faultkit.facts(home)
    assert found.integrity == "ok"
    assert set(found.states) == {"done"}, found.states
    assert (found.sent_twice, found.sent_not_done, found.unknown_to_library) == (0, 0, 0)
    assert found.part_files == 0
