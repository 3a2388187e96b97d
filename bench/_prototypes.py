"""Candidate fixes, applied by monkeypatching inside the benchmark's GUI process only.

``desktop_bench.py --prototype NAME`` measures a fix without editing ``workbench/`` (the lead
applies fixes); the report says loudly when one was applied. Each patch mimics the change
recommended in the benchmark's closing note, as closely as a patch from outside can.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

PROTOTYPES: dict[str, Callable[[], None]] = {}


def prototype(fn: Callable[[], None]) -> Callable[[], None]:
    PROTOTYPES[fn.__name__.replace("_", "-")] = fn
    return fn


def apply(name: str) -> None:
    """Apply one prototype by name."""
    if name not in PROTOTYPES:
        raise SystemExit(f"no prototype {name!r}; choose from {', '.join(PROTOTYPES)}")
    PROTOTYPES[name]()


@prototype
def probe_serial() -> None:
    """engine/downloads.py: one probe + poster at a time (a lock around ``media.probe``).

    Downloads finishing together otherwise run up to six PyAV/Pillow probes at once on the
    default executor's threads, all competing with the GUI thread for the GIL.
    """
    import workbench.engine.downloads as downloads

    real = downloads.probe
    lock = threading.Lock()

    def serial(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return real(*args, **kwargs)

    downloads.probe = serial  # type: ignore[assignment]


_pool: concurrent.futures.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


@prototype
def probe_process() -> None:
    """engine/downloads.py: probe + poster in a one-worker process pool (no GIL shared).

    The executor thread only waits on the child's answer (no GIL held while waiting).
    """
    import workbench.engine.downloads as downloads
    from workbench.media import probe

    def in_process(*args: Any, **kwargs: Any) -> Any:
        global _pool
        with _pool_lock:
            if _pool is None:
                _pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("forkserver")
                )
        return _pool.submit(probe, *args, **kwargs).result()

    downloads.probe = in_process  # type: ignore[assignment]


@prototype
def ssl_once() -> None:
    """providers/_http.py: one SSL context for every AsyncClient (``verify=`` a cached one).

    httpx builds a fresh context (CA bundle parsed, GIL held) for every client; each
    provider's client is created on its first request, so the first submits of a run pay
    it once per service, on the engine thread, while the board fills.
    """
    import functools
    import ssl

    import httpx

    @functools.cache
    def context() -> ssl.SSLContext:
        return httpx.create_ssl_context()

    class SharedContextClient(httpx.AsyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("verify", context())
            super().__init__(*args, **kwargs)

    httpx.AsyncClient = SharedContextClient  # type: ignore[misc]


@prototype
def tick_stagger() -> None:
    """ui/board/view.py: repaint a quarter of the live tiles every 250 ms instead of all of
    them every second (each tile's elapsed time still changes once a second)."""
    from workbench.ui.board import words
    from workbench.ui.board.view import BoardView

    real_init = BoardView.__init__

    def init(self: BoardView, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self._tick.setInterval(250)
        self._tick_phase = 0

    def on_tick(self: BoardView) -> None:
        model = self.board_model()
        if model is None:
            return
        self._tick_phase = (self._tick_phase + 1) % 4
        for n, index in enumerate(model.indexes(lambda j: j.state in words.LIVE_STATES)):
            if n % 4 == self._tick_phase:
                self.update(index)
        self._update_tick()

    BoardView.__init__ = init  # type: ignore[method-assign]
    BoardView._on_tick_timeout = on_tick  # type: ignore[method-assign]


@prototype
def poster_swscale() -> None:
    """media.py: scale the poster frame in libswscale while converting it to RGB
    (``frame.to_image(width=640, height=…)``) instead of a full-size RGB image that Pillow
    then resizes; a fraction of the CPU, and less of it under the GIL."""
    import workbench.media as media

    real = media._frame_near

    class Scaled:
        def __init__(self, frame: Any) -> None:
            self._frame = frame

        def to_image(self) -> Any:
            w, h = self._frame.width, self._frame.height
            if w > 640:
                return self._frame.to_image(width=640, height=round(h * 640 / w))
            return self._frame.to_image()

    def frame_near(*args: Any, **kwargs: Any) -> Any:
        return Scaled(real(*args, **kwargs))

    media._frame_near = frame_near  # type: ignore[assignment]


@prototype
def switch_1ms() -> None:
    """The interpreter lock handed over after 1 ms instead of 5 ms: the window's thread,
    wanting it back between Qt calls while the engine's thread runs Python, waits less."""
    import sys

    sys.setswitchinterval(0.001)
