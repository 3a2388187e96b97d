"""How many downloaded clips are decoded at once: one by default (a window shares the
process), as many as the engine allows otherwise (the command line, one per core)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.clips import clip_bytes
from workbench.engine import downloads
from workbench.library.store import ClipStore
from workbench.media import probe


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


def _overlap(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Wrap the real probe so the test sees how many ran at the same time."""
    seen = {"now": 0, "most": 0}
    guard = threading.Lock()

    def slow_probe(path: Path, poster: Path | None = None) -> object:
        with guard:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            time.sleep(0.05)
            return probe(path, poster)
        finally:
            with guard:
                seen["now"] -= 1

    monkeypatch.setattr(downloads, "probe", slow_probe)
    return seen


async def _save_four(store: ClipStore, checks: asyncio.Semaphore | None) -> list[str]:
    clips = [clip_bytes(seed=n + 1, seconds=1) for n in range(4)]
    takes = await asyncio.gather(
        *(downloads.save_clip(_chunks(c), store, checks=checks) for c in clips)
    )
    return [t.sha256 for t in takes]


def test_one_check_at_a_time_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _overlap(monkeypatch)
    shas = asyncio.run(_save_four(ClipStore(tmp_path), None))
    assert len(set(shas)) == 4
    assert seen["most"] == 1


def test_an_engine_without_a_window_checks_clips_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _overlap(monkeypatch)

    async def go() -> list[str]:
        return await _save_four(ClipStore(tmp_path), asyncio.Semaphore(2))

    shas = asyncio.run(go())
    assert len(set(shas)) == 4
    assert seen["most"] == 2
