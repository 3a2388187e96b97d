from __future__ import annotations

import asyncio
import threading

import pytest

from workbench.engine.runtime import EngineRuntime


def test_work_runs_on_the_engine_thread_and_close_joins_it() -> None:
    runtime = EngineRuntime().start()
    closed: list[bool] = []

    async def where() -> str:
        return threading.current_thread().name

    async def forever() -> None:
        await asyncio.sleep(3600)

    async def cleanup() -> None:
        closed.append(True)

    runtime.add_cleanup(cleanup)
    assert runtime.submit(where()).result(5) == "workbench-engine"
    pending = runtime.submit(forever())
    thread = runtime.thread
    runtime.close(timeout=5)
    assert pending.cancelled() and closed == [True]
    assert thread is not None and not thread.is_alive()
    late = where()
    with pytest.raises(RuntimeError, match="not started"):
        runtime.submit(late)
    late.close()
