"""A loopback HTTP server for provider fakes: routes, scripted faults, request log, clips.

Each vendor fake (``tests/fakes/<vendor>.py``) subclasses :class:`FakeService`, registers
its routes, and keeps its tasks in memory. Tasks age on an injected clock (a
:class:`~tests.fakes.clock.ManualClock` in tests), so nothing waits for real time. Tests
script faults per route ("the next submit answers 429 with Retry-After: 1", "the next
status call returns an HTML page", "take the submit, then drop the connection without an
answer") and read the request log to prove, for instance, that a submit was never sent
twice. Every task is served its own clip, as real services do.
"""

from __future__ import annotations

import itertools
import json
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.clips import clip_bytes


@dataclass
class Request:
    """One request as the fake saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body or b"null")

    def header(self, name: str) -> str | None:
        """A header, case-insensitively."""
        return self.headers.get(name.lower())

    def form(self) -> dict[str, str]:
        """Text fields of a multipart/form-data body (files are returned as their filename)."""
        ctype = self.header("content-type") or ""
        match = re.search(r"boundary=(?:\"([^\"]+)\"|([^;]+))", ctype)
        if not match:
            return {}
        boundary = (match.group(1) or match.group(2)).encode()
        fields: dict[str, str] = {}
        for part in self.body.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if not name:
                continue
            filename = re.search(rb'filename="([^"]*)"', head)
            data = value.rstrip(b"\r\n")
            fields[name.group(1).decode()] = (
                f"<file {filename.group(1).decode()} {len(data)} bytes>"
                if filename
                else data.decode("utf-8", "replace")
            )
        return fields


@dataclass
class Response:
    """What a route answers."""

    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before answering (client timeouts)
    truncate_to: int | None = None  # send only this many body bytes, then close
    close_without_answer: bool = False  # read the request, then drop the connection

    def payload(self) -> tuple[bytes, str]:
        """Body bytes and their content type."""
        if isinstance(self.body, (dict, list)):
            return json.dumps(self.body).encode(), "application/json"
        if isinstance(self.body, str):
            return self.body.encode(), "text/plain; charset=utf-8"
        return self.body or b"", "application/octet-stream"


def html_error_page(status: int = 502) -> Response:
    """What a proxy or load balancer answers when things break."""
    return Response(
        status,
        f"<!DOCTYPE html><html><head><title>{status} Bad Gateway</title>"
        "</head><body><h1>Bad Gateway</h1></body></html>",
        headers={"Content-Type": "text/html"},
    )


Handler = Callable[[Request, re.Match[str]], Response]


class _Server(ThreadingHTTPServer):
    # The stdlib default backlog of 5 resets connections when a hundred draws submit at
    # once (the fan-out benchmark); real services accept them.
    request_queue_size = 512


class FakeService:
    """Base of the vendor fakes: a threaded server on 127.0.0.1 with a random port.

    Args:
        clock: seconds, as the service sees them (tasks age on it); real time by default,
            a ManualClock in tests.
        render_s: how long (on ``clock``) a task takes from create to its end.

    Shared result-delivery knobs: :attr:`links_expired`, :attr:`media_override` (bytes
    served instead of the clip) and :meth:`truncate_next_downloads`.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, render_s: float = 0.2
    ) -> None:
        self.clock = clock
        self.render_s = render_s
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.requests: list[Request] = []
        self.faults: dict[tuple[str, str], deque[Response]] = {}
        self.holds: dict[tuple[str, str], deque[float]] = {}
        self.drops: dict[tuple[str, str], int] = {}
        self.lock = threading.RLock()
        self.links_expired = False
        self.media_override: bytes | None = None
        #: the MP4 every task's clip is made from (None: a small rendered one); benchmarks
        #: set a bigger one
        self.clip: bytes | None = None
        self._truncations = 0
        self._task_numbers = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- clips ----------------------------------------------------------------------------
    def next_task_number(self) -> int:
        """1, 2, 3 … for the tasks this fake creates (each gets its own clip)."""
        with self.lock:
            return next(self._task_numbers)

    def truncate_next_downloads(self, count: int = 1) -> None:
        """The next ``count`` clip downloads break off half way."""
        with self.lock:
            self._truncations += count

    def clip_for(self, number: int) -> bytes:
        """Task ``number``'s clip: a real MP4 no other task of any fake serves.

        One rendered clip plus a trailing MP4 ``free`` box naming the task: players and
        probes skip the box, content addressing sees a different file, and a fan-out of
        hundreds of tasks costs no extra renders.
        """
        payload = f"{type(self).__name__} task {number}".encode()
        base = self.clip if self.clip is not None else clip_bytes()
        return base + struct.pack(">I", 8 + len(payload)) + b"free" + payload

    def clip_response(self, number: int, **headers: str) -> Response:
        """Task ``number``'s clip (a distinct real MP4 per task), honouring the knobs."""
        data = self.media_override if self.media_override is not None else self.clip_for(number)
        with self.lock:
            truncate = self._truncations > 0
            self._truncations -= truncate
        return Response(
            200,
            data,
            headers={"Content-Type": "video/mp4", **headers},
            truncate_to=len(data) // 2 if truncate else None,
        )

    # -- set-up ---------------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler) -> None:
        """Answer ``method`` on paths fully matching ``pattern`` with ``handler``."""
        self.routes.append((method.upper(), re.compile(pattern), handler))

    def fail_next(self, method: str, pattern: str, *responses: Response) -> None:
        """Answer the next calls matching (method, pattern) with these responses, in order,
        instead of the route's handler (the request is still logged)."""
        with self.lock:
            self.faults.setdefault((method.upper(), pattern), deque()).extend(responses)

    def drop_answer_next(self, method: str, pattern: str) -> None:
        """Let the next matching call be *handled* (e.g. the task created), then close the
        connection without answering — a submit the service took whose answer was lost."""
        with self.lock:
            key = (method.upper(), pattern)
            self.drops[key] = self.drops.get(key, 0) + 1

    def reset(self) -> None:
        """Forget logged requests and scripted faults (subclasses also forget tasks)."""
        with self.lock:
            self.requests.clear()
            self.faults.clear()
            self.holds.clear()
            self.drops.clear()
            self.links_expired = False
            self.media_override = None
            self._truncations = 0

    def hold_next(self, method: str, pattern: str, delay_s: float) -> None:
        """Let the next matching call be *handled* (e.g. the task created), then answer only
        after ``delay_s`` — a submit the service received but whose answer timed out."""
        with self.lock:
            self.holds.setdefault((method.upper(), pattern), deque()).append(delay_s)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this fake."""
        return self.base_url + path

    def start(self) -> FakeService:
        """Listen on a free loopback port in a background thread."""
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without this, Nagle's algorithm and
            # the client's delayed ACK stall every keep-alive response by ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _serve(self) -> None:
                fake._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve  # noqa: N815

        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        # A short poll interval: stop() would otherwise wait up to 0.5 s per fake.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inspection -----------------------------------------------------------------------
    def calls(self, method: str, pattern: str) -> list[Request]:
        """Recorded requests matching method and path pattern."""
        regex = re.compile(pattern)
        with self.lock:
            return [
                r for r in self.requests if r.method == method.upper() and regex.fullmatch(r.path)
            ]

    # -- serving --------------------------------------------------------------------------
    def _handle(self, http: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(http.path)
        length = int(http.headers.get("Content-Length") or 0)
        body = http.rfile.read(length) if length else b""
        request = Request(
            http.command,
            parts.path,
            parse_qs(parts.query),
            {k.lower(): v for k, v in http.headers.items()},
            body,
        )
        with self.lock:
            self.requests.append(request)
        response = self._fault_for(request) or self._dispatch(request)
        delay = response.delay_s + self._hold_for(request)
        if delay:
            time.sleep(delay)
        if response.close_without_answer or self._drop_for(request):
            http.close_connection = True
            return
        payload, ctype = response.payload()
        try:
            http.send_response(response.status)
            headers = {"Content-Type": ctype, **response.headers}
            for key, value in headers.items():
                http.send_header(key, value)
            http.send_header("Content-Length", str(len(payload)))
            http.end_headers()
            if http.command != "HEAD":
                http.wfile.write(
                    payload[: response.truncate_to] if response.truncate_to is not None else payload
                )
            if response.truncate_to is not None:
                http.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            http.close_connection = True

    def _fault_for(self, request: Request) -> Response | None:
        with self.lock:
            for (method, pattern), queue in self.faults.items():
                if queue and method == request.method and re.fullmatch(pattern, request.path):
                    return queue.popleft()
        return None

    def _drop_for(self, request: Request) -> bool:
        with self.lock:
            for (method, pattern), count in self.drops.items():
                if count and method == request.method and re.fullmatch(pattern, request.path):
                    self.drops[(method, pattern)] = count - 1
                    return True
        return False

    def _hold_for(self, request: Request) -> float:
        with self.lock:
            for (method, pattern), queue in self.holds.items():
                if queue and method == request.method and re.fullmatch(pattern, request.path):
                    return queue.popleft()
        return 0.0

    def _dispatch(self, request: Request) -> Response:
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if match and method == request.method:
                try:
                    return handler(request, match)
                except Exception as exc:  # a bug in a fake must show up, not hang
                    return Response(500, {"error": {"message": f"fake crashed: {exc!r}"}})
        return Response(404, {"error": {"message": f"no route {request.method} {request.path}"}})
