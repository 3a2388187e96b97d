"""Several vendor fakes, each in its own process, serving distinct real MP4 clips.

The desktop benchmark measures the GUI thread of the process that runs the window, so the
loopback services (``tests/fakes/``, each speaking its vendor's documented protocol) must
burn their CPU elsewhere: every service here is a child process, started before Qt is
imported (fork). Each download answers the same real H.264 clip followed by a top-level MP4
``free`` box naming the request, so every take has its own hash, file and poster frame, as
real draws do (identical bytes would be stored once and get one poster).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import multiprocessing
import struct
import sys
from typing import Any

import _common

#: service id → (fake module, class name, keyword arguments).
FAKES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "seedance": ("tests.fakes.seedance", "FakeSeedance", {}),
    "kling": ("tests.fakes.kling", "FakeKling", {}),
    "runway": ("tests.fakes.runway", "FakeRunway", {"throttle": False}),
    "sora": ("tests.fakes.sora", "FakeSora", {}),
    "grok": ("tests.fakes.grok", "FakeGrok", {}),
    "veo": ("tests.fakes.veo", "FakeGeminiApi", {}),
}


def credentials_values(service: str) -> dict[str, str]:
    """The key values the fake of ``service`` accepts (never real keys)."""
    if service == "kling":
        from tests.fakes.kling import ACCESS_KEY, SECRET_KEY

        return {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    return {"api_key": "test-key-0000"}


def _set_render(fake: Any, seconds: float) -> None:
    for name in ("render_s", "default_render_s", "_default_render_s"):
        if hasattr(fake, name):
            setattr(fake, name, seconds)


def _serve(conn: Any, service: str, render_s: float, clip: tuple[int, str]) -> None:
    sys.path.insert(0, str(_common.ROOT))
    import importlib

    from tests.fakes.clips import clip_bytes
    from tests.fakes.server import Response

    module_name, class_name, kwargs = FAKES[service]
    module = importlib.import_module(module_name)
    seconds, resolution = clip
    data = clip_bytes(seconds=seconds, resolution=resolution)
    module.clip_bytes = lambda *_a, **_k: data  # every fake's download route uses it
    fake = getattr(module, class_name)(**kwargs)
    for name in ("clip", "video_bytes"):
        if hasattr(fake, name):
            setattr(fake, name, data)
    _set_render(fake, render_s)
    served = itertools.count(1)
    dispatch = fake._dispatch

    def distinct(request: Any) -> Response:
        response = dispatch(request)
        body = response.body
        if response.status == 200 and isinstance(body, bytes) and body[4:8] == b"ftyp":
            tag = f"{service} {next(served)} {request.path}".encode()
            box = struct.pack(">I", 8 + len(tag)) + b"free" + tag
            response = dataclasses.replace(response, body=body + box)
        return response

    fake._dispatch = distinct
    fake.start()
    url = getattr(fake, "api_base", None) or fake.base_url
    conn.send((url, len(data)))
    while True:
        command, arg = conn.recv()
        if command == "render":
            with fake.lock:
                _set_render(fake, arg)
            conn.send(None)
        elif command == "stats":
            with fake.lock:
                requests = len(fake.requests)
                fake.requests.clear()  # the log would grow for the whole benchmark
            conn.send(requests)
        elif command == "stop":
            fake.stop()
            conn.send(None)
            return


class ServiceFake:
    """One vendor fake in a child process.

    Args:
        service: provider id (a key of :data:`FAKES`).
        render_s: wall time from submit to a finished task.
        clip: (seconds, resolution) of the H.264 clip each download delivers.
    """

    def __init__(self, service: str, render_s: float, clip: tuple[int, str]) -> None:
        self.service = service
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, service, render_s, clip), daemon=True
        )
        self._process.start()
        self.base_url, self.clip_bytes = self._conn.recv()

    def _ask(self, command: str, arg: object = None) -> Any:
        self._conn.send((command, arg))
        return self._conn.recv()

    def set_render(self, seconds: float) -> None:
        """Tasks created from now on take ``seconds``."""
        self._ask("render", seconds)

    def requests(self) -> int:
        """Requests served since the last call."""
        return int(self._ask("stats"))

    def close(self) -> None:
        """Stop the server and its process."""
        with contextlib.suppress(EOFError, OSError):
            self._ask("stop")
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
