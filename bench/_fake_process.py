"""A loopback fake service in its own process, so its CPU is not counted as the engine's.

The parent drives it through a pipe: set the render time, read back what the fake saw
(every request with its arrival time, every task with its creation time). Times are
``time.monotonic()``, one system-wide clock on Linux, so they compare with the parent's.
"""

from __future__ import annotations

import multiprocessing
import struct
import sys
from dataclasses import dataclass
from typing import Any

import _common


@dataclass(frozen=True)
class Seen:
    """What the fake saw since the last ``log`` call."""

    requests: list[tuple[str, str, float]]  # method, path, arrival (monotonic)
    tasks: dict[str, tuple[float, float]]  # task id → (created, render_s)


def _serve(conn: Any, clip: tuple[int, str]) -> None:
    sys.path.insert(0, str(_common.ROOT))
    from tests.fakes.clips import clip_bytes
    from tests.fakes.runway import FakeRunway
    from tests.fakes.server import Response

    class DistinctClips(FakeRunway):
        """Every task delivers its own file: the clip plus a top-level MP4 ``free`` box
        naming the task, so each take has its own hash, file and poster, as real draws do
        (the same bytes every time would be stored once and get one poster)."""

        def _download(self, request: Any, match: Any) -> Response:
            response = super()._download(request, match)
            if response.status == 200 and isinstance(response.body, bytes):
                tag = match.group("id").encode()
                box = struct.pack(">I", 8 + len(tag)) + b"free" + tag
                response = Response(200, response.body + box, headers=response.headers)
            return response

    fake = DistinctClips(render_s=1.0, throttle=False)
    seconds, resolution = clip
    fake.clip = clip_bytes(seconds=seconds, resolution=resolution)
    fake.start()
    conn.send((fake.base_url, len(fake.clip)))
    while True:
        command, arg = conn.recv()
        if command == "render":
            fake.reset(render_s=arg, throttle=False)
            conn.send(None)
        elif command == "log":
            with fake.lock:
                seen = Seen(
                    [(r.method, r.path, r.at) for r in fake.requests],
                    {t.id: (t.created, t.render_s) for t in fake.tasks.values()},
                )
                fake.requests.clear()
                fake.tasks.clear()
            conn.send(seen)
        elif command == "stop":
            fake.stop()
            conn.send(None)
            return


class FakeRunwayProcess:
    """``tests/fakes/runway.py`` served from a child process (no THROTTLED phase).

    Args:
        clip: (seconds, resolution) of the H.264 clip every finished task delivers.
    """

    def __init__(self, clip: tuple[int, str] = (5, "720p")) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=_serve, args=(child, clip), daemon=True)
        self._process.start()
        self.base_url, self.clip_bytes = self._conn.recv()

    def _ask(self, command: str, arg: object = None) -> Any:
        self._conn.send((command, arg))
        return self._conn.recv()

    def set_render(self, seconds: float) -> None:
        """Every task created from now on renders for ``seconds``; forgets the old tasks."""
        self._ask("render", seconds)

    def seen(self) -> Seen:
        """Requests and tasks since the last call (then forgotten)."""
        return self._ask("log")  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the server and the process."""
        self._ask("stop")
        self._process.join(5)
