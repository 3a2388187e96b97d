"""The sim service's own files on a disk that refuses them (item 5), without a mount.

A render that cannot be written fails its job once and leaves no temp file; a submit that
cannot be stored is refused whole (the service kept nothing, so it never received it).
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from workbench.domain.spec import DrawRequest, GenerationSpec
from workbench.providers.sim import service as sim_service
from workbench.providers.sim.service import SimService, SimUnavailable

REQUEST = DrawRequest(
    spec=GenerationSpec(prompt="a fox", duration=2, resolution="360p"),
    model="sim-fast",
    seed=1,
    client_ref="ref-1",
)


def _no_space(*_args: object) -> None:
    out = Path(str(_args[-1]))
    out.write_bytes(b"half a clip")  # what an encoder leaves behind when the disk fills
    raise OSError(errno.ENOSPC, "No space left on device", str(out))


def test_a_render_that_cannot_be_written_fails_its_job_once_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.providers.sim.render as render

    renders: list[object] = []

    def failing(*args: object) -> None:
        renders.append(args)
        _no_space(*args)

    monkeypatch.setattr(render, "render_clip", failing)
    service = SimService(tmp_path, render_scale=0, failure_rate=0)
    task = service.submit(REQUEST, 1.0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = service.state(service.get(task["id"]) or task)
        if state.phase == "failed":
            break
        time.sleep(0.01)
    assert state.phase == "failed"
    assert state.failure_code == "SIM.RENDER.NO_SPACE"
    assert "no space left" in state.failure_text
    for _ in range(20):  # polled again and again: still failed, never rendered again
        assert service.state(service.get(task["id"]) or task).phase == "failed"
    assert len(renders) == 1
    assert list((tmp_path / "outputs").iterdir()) == []
    # A new process (its memory of the failure gone) reads it from the job's own file.
    sim_service._RENDER_FAILED.clear()
    fresh = SimService(tmp_path, render_scale=0, failure_rate=0)
    assert fresh.state(fresh.get(task["id"]) or task).phase == "failed"
    assert len(renders) == 1


@pytest.mark.parametrize("failing", ["refs", "submissions.log"])
def test_a_submit_that_cannot_be_stored_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    service = SimService(tmp_path, render_scale=0, failure_rate=0)
    (tmp_path / "submissions.log").write_text("earlier\tsim-0\n")
    real_write, real_open = SimService._write, os.open

    def write(path: Path, data: dict[str, object]) -> None:
        if failing in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data)

    def open_(path: object, *args: object, **kw: object) -> int:
        if failing in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(SimService, "_write", staticmethod(write))
    monkeypatch.setattr(sim_service.os, "open", open_)
    with pytest.raises(SimUnavailable, match="no space left on the sim's disk"):
        service.submit(REQUEST, 1.0)
    assert list((tmp_path / "tasks").iterdir()) == []
    assert list((tmp_path / "refs").iterdir()) == []
    assert (tmp_path / "submissions.log").read_text() == "earlier\tsim-0\n"
    assert service.find(REQUEST.client_ref) is None
