"""PosterCache: decoded off the GUI thread, scaled into the box, LRU, broken files."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize

from workbench.ui.board import posters as posters_module
from workbench.ui.board.posters import PosterCache


@pytest.fixture
def cache(qtbot: Any) -> PosterCache:
    result = PosterCache(capacity=2)
    yield result
    result.wait()


def load(qtbot: Any, cache: PosterCache, path: str) -> None:
    with qtbot.waitSignal(cache.sig_poster_ready, timeout=3000) as blocker:
        assert cache.get(path) is None
    assert blocker.args == [path]


def test_posters_load_in_a_worker_scaled_to_fit(
    qtbot: Any, cache: PosterCache, make_poster: Callable[..., str], monkeypatch: Any
) -> None:
    threads: list[threading.Thread] = []
    run = posters_module._Load.run

    def spy(self: Any) -> None:
        threads.append(threading.current_thread())
        run(self)

    monkeypatch.setattr(posters_module._Load, "run", spy)
    cache.set_size(QSize(240, 135))
    wide = make_poster("#3050e0", 1280, 720)
    load(qtbot, cache, wide)
    assert threads and threads[0] is not threading.main_thread()
    pixmap = cache.get(wide)
    assert pixmap is not None
    assert (pixmap.width(), pixmap.height()) == (240, 135)
    tall = make_poster("#e05030", 720, 1280)
    load(qtbot, cache, tall)
    pixmap = cache.get(tall)
    # Fitted inside the box, aspect kept: 9:16 → 76×135, never stretched to 240×135.
    assert pixmap.height() == 135
    assert abs(pixmap.width() - 76) <= 1


def test_a_new_size_reloads_but_keeps_showing_the_old_one(
    qtbot: Any, cache: PosterCache, make_poster: Callable[..., str]
) -> None:
    path = make_poster("#30e050", 1280, 720)
    load(qtbot, cache, path)
    cache.set_size(QSize(480, 270))
    with qtbot.waitSignal(cache.sig_poster_ready, timeout=3000):
        stale = cache.get(path)
        assert stale is not None and stale.width() == 240
    assert cache.get(path).width() == 480


def test_least_recently_used_posters_are_dropped(
    qtbot: Any, cache: PosterCache, make_poster: Callable[..., str]
) -> None:
    a, b, c = (make_poster(colour) for colour in ("#101010", "#808080", "#f0f0f0"))
    load(qtbot, cache, a)
    load(qtbot, cache, b)
    assert cache.get(a) is not None  # a is now the most recently used
    load(qtbot, cache, c)
    assert cache.get(a) is not None
    assert cache.get(c) is not None
    with qtbot.waitSignal(cache.sig_poster_ready, timeout=3000):
        assert cache.get(b) is None  # evicted: loads again


def test_unreadable_posters_are_marked_broken(
    qtbot: Any, cache: PosterCache, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not a jpeg")
    load(qtbot, cache, str(junk))
    assert cache.is_broken(str(junk))
    assert cache.get(str(junk)) is None
    assert cache.pending() == 0  # no endless retries
    missing = str(tmp_path / "missing.jpg")
    load(qtbot, cache, missing)
    assert cache.is_broken(missing)
