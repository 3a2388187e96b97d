"""The engine on a disk that refuses writes: every draw stops where it stands (item 4).

In-process and portable (no mount needed): the clip store's download or a library write
raises what a full disk raises. The engine must not log a traceback per draw, must not
send what it cannot record, and a resume with room must bring every draw home, once.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.engine.scripted import ScriptedProvider, info
from tests.helpers import fast_sleep
from workbench.domain.jobs import JobState
from workbench.domain.spec import GenerationSpec
from workbench.engine import jobs as jobs_module
from workbench.engine.engine import Engine
from workbench.engine.planner import Target, plan_run
from workbench.library import LibraryFull
from workbench.library.library import Library

SPEC = GenerationSpec(prompt="a fox", duration=1, resolution="240p")
DRAWS = 8


def _no_room(home: Path) -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", str(home / "clips" / "x.part"))


def _full_download(home: Path) -> Callable[..., Any]:
    async def save_clip(*_args: object, **_kw: object) -> None:
        raise _no_room(home)

    return save_clip


def _full_library_after(moves: int) -> Callable[..., Any]:
    real = Library.move
    count = {"n": 0}

    def move(self: Library, *args: Any, **kw: Any) -> Any:
        count["n"] += 1
        if count["n"] > moves:
            raise LibraryFull(self.home)
        return real(self, *args, **kw)

    return move


async def _drive(home: Path, provider: ScriptedProvider) -> tuple[list[Any], Any]:
    engine = Engine(
        provider_factory=lambda _p: provider, home=home, sleep=fast_sleep, rng=random.Random(1)
    )
    try:
        plan = plan_run(
            SPEC,
            [Target("scripted", None, DRAWS)],
            provider_for=lambda _p: provider,
            has_key=lambda _p: True,
        )
        run_id = await engine.start_run(plan)
        jobs = await asyncio.wait_for(engine.wait_run(run_id), 30)
        return jobs, await engine.storage_problem()
    finally:
        await engine.aclose()


async def _resume(home: Path, provider: ScriptedProvider) -> list[Any]:
    engine = Engine(provider_factory=lambda _p: provider, home=home, sleep=fast_sleep)
    try:
        await engine.resume()
        await asyncio.wait_for(engine.wait_idle(), 30)
        return engine.library.jobs_for_run(1)
    finally:
        await engine.aclose()


@pytest.mark.parametrize("where", ["download", "library"])
def test_a_full_disk_stops_every_draw_where_it_stands_and_resume_brings_them_home(
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    where: str,
) -> None:
    provider = ScriptedProvider(info(lookup=True, concurrency=3))
    with monkeypatch.context() as patch:
        if where == "download":
            patch.setattr(jobs_module, "save_clip", _full_download(isolated_home))
        else:
            patch.setattr(Library, "move", _full_library_after(7))
        with caplog.at_level(logging.INFO):
            jobs, problem = asyncio.run(_drive(isolated_home, provider))
    assert isinstance(problem, LibraryFull) and problem.kind == "full"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not any(r.exc_info for r in caplog.records), "no traceback for a full disk"
    states = [j.state for j in jobs]
    assert JobState.FAILED not in states, states  # nothing failed "internally"
    assert JobState.DONE not in states
    assert states.count(JobState.PLANNED) >= DRAWS - 3, states  # the rest were never sent
    sent = [r.client_ref for r in provider.submits]
    assert len(sent) == len(set(sent)) <= 3

    finished = asyncio.run(_resume(isolated_home, provider))
    assert [j.state for j in finished] == [JobState.DONE] * DRAWS
    sent = [r.client_ref for r in provider.submits]
    assert sorted(sent) == sorted({j.client_ref for j in finished})  # each sent once


def test_a_long_lived_engine_writes_again_once_its_library_can_be_written(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window opened the library while the disk was full; after room is made, it runs."""
    from workbench.library import library as library_module

    Library(isolated_home).close()
    real = library_module.connect
    opened: list[bool] = []

    def full_twice(path: Path, **kw: Any) -> Any:
        conn = real(path, **kw)
        if len(opened) < 2:  # the disk is full for the first two opens
            conn.write_problem = LibraryFull(path.parent)
        opened.append(conn.write_problem is None)
        return conn

    monkeypatch.setattr(library_module, "connect", full_twice)
    provider = ScriptedProvider()

    async def go() -> list[Any]:
        engine = Engine(provider_factory=lambda _p: provider, home=isolated_home, sleep=fast_sleep)
        try:
            _ = engine.library  # a read: the window shows the library (opened read-only)
            with pytest.raises(LibraryFull):
                await engine.open_library(writable=True)  # still full: said, nothing sent
            plan = plan_run(
                SPEC, [Target("scripted", None, 2)], provider_for=lambda _p: provider,
                has_key=lambda _p: True,
            )  # fmt: skip
            run_id = await engine.start_run(plan)  # room now: opened again, and it runs
            return await asyncio.wait_for(engine.wait_run(run_id), 30)
        finally:
            await engine.aclose()

    jobs = asyncio.run(go())
    assert [j.state for j in jobs] == [JobState.DONE] * 2
    assert opened == [False, False, True]
