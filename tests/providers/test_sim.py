"""The offline sim: real clips that follow prompt and seed, a service that behaves remotely."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import numpy as np
import pytest

from workbench.domain.spec import DrawRequest, GenerationSpec
from workbench.media import probe
from workbench.providers.base import Phase, ProviderConfig, RemoteRef
from workbench.providers.errors import ProviderRefused
from workbench.providers.sim.adapter import SimProvider
from workbench.providers.sim.render import render_clip


def _spec(prompt: str = "a red fox running through snow", **kw: object) -> GenerationSpec:
    values: dict[str, object] = {
        "duration": 1,
        "aspect": "16:9",
        "resolution": "240p",
        "audio": False,
    }
    values.update(kw)
    return GenerationSpec(prompt=prompt, **values)  # type: ignore[arg-type]


def _render(tmp_path: Path, spec: GenerationSpec, seed: int, model: str = "sim-fast") -> Path:
    out = tmp_path / f"{hashlib.md5(f'{spec}{seed}{model}'.encode()).hexdigest()}.mp4"
    render_clip(spec, seed, model, out)
    return out


def _middle_frame(path: Path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[len(frames) // 2].astype(np.int16)


def test_same_seed_is_byte_identical_and_other_seeds_differ(tmp_path: Path) -> None:
    spec = _spec()
    (tmp_path / "again").mkdir()
    a, b = _render(tmp_path, spec, 7), _render(tmp_path / "again", spec, 7)
    assert a != b and a.read_bytes() == b.read_bytes()
    c = _render(tmp_path, spec, 8)
    assert a.read_bytes() != c.read_bytes()
    assert np.abs(_middle_frame(a) - _middle_frame(c)).mean() > 2  # visibly different


def test_clip_is_real_h264_of_the_requested_shape(tmp_path: Path) -> None:
    clip = _render(tmp_path, _spec(duration=2, aspect="9:16", resolution="360p", audio=True), 1)
    info = probe(clip)
    assert (info.codec, info.width, info.height, info.fps) == ("h264", 360, 640, 24.0)
    assert info.audio and info.duration == pytest.approx(2.0, abs=0.05)


def test_the_picture_follows_the_prompt_in_english_and_chinese(tmp_path: Path) -> None:
    def mean_colour(prompt: str) -> np.ndarray:
        return _middle_frame(_render(tmp_path, _spec(prompt), 3)).mean(axis=(0, 1))

    red, blue = mean_colour("a red sky"), mean_colour("a blue sky")
    assert red[0] > red[2] + 30 and blue[2] > blue[0] + 30
    hong = mean_colour("红色的天空")  # 红 = red
    assert hong[0] > hong[2] + 30


def _provider(tmp_path: Path, clock: list[float], **options: object) -> SimProvider:
    return SimProvider(
        ProviderConfig(
            options={
                "root": str(tmp_path / "svc"),
                "clock": lambda: clock[0],
                "render_scale": 1.0,
                "failure_rate": 0.0,
                **options,
            }
        )
    )


def _request(prompt: str = "a fox", ref: str = "wb-1", seed: int = 1) -> DrawRequest:
    model = SimProvider.info.model("sim-fast")
    assert model is not None
    return DrawRequest(
        spec=model.resolve(_spec(prompt)), model="sim-fast", seed=seed, client_ref=ref
    )


def test_it_queues_runs_with_progress_then_delivers(tmp_path: Path) -> None:
    clock = [1000.0]
    sim = _provider(tmp_path, clock)

    async def scenario() -> list[Phase]:
        submission = await sim.submit(_request())
        assert submission.cost_usd is None  # nothing is charged before a clip is delivered
        seen = []
        for _ in range(40):
            status = await sim.poll(submission.ref)
            seen.append(status.phase)
            if status.phase is Phase.SUCCEEDED:
                chunks = [c async for c in sim.fetch(submission.ref, status.assets[0])]
                assert b"".join(chunks)[4:8] == b"ftyp"
                assert status.charged is True and status.cost_usd == 0.01  # play money, 1 s
                break
            clock[0] += 0.5
            await asyncio.sleep(0.05)  # let the service's renderer work
        return seen

    phases = asyncio.run(scenario())
    assert phases[0] is Phase.QUEUED and Phase.RUNNING in phases
    assert phases[-1] is Phase.SUCCEEDED


def test_a_new_process_finds_the_same_jobs(tmp_path: Path) -> None:
    """The service's state is on disk: a resumed app sees its jobs, and can look them up."""
    clock = [50.0]
    first = _provider(tmp_path, clock)
    submission = asyncio.run(first.submit(_request(ref="wb-42")))
    clock[0] += 10_000
    second = _provider(tmp_path, clock)
    found = asyncio.run(second.lookup(_request(ref="wb-42")))
    assert found is not None and found.ref == submission.ref
    assert asyncio.run(second.lookup(_request(ref="wb-never"))) is None
    assert second.service.submissions() == ["wb-42"]


def test_blocked_words_fail_as_moderation(tmp_path: Path) -> None:
    clock = [0.0]
    sim = _provider(tmp_path, clock)
    submission = asyncio.run(sim.submit(_request("a scene full of gore")))
    clock[0] += 100
    status = asyncio.run(sim.poll(submission.ref))
    assert status.phase is Phase.FAILED
    assert status.failure is not None and status.failure.kind == "moderation"
    assert not status.failure.retryable
    assert status.charged is False and status.cost_usd is None  # failed draws are free


def test_the_failure_share_produces_quota_refusals(tmp_path: Path) -> None:
    sim = _provider(tmp_path, [0.0], failure_rate=1.0)
    refused = 0
    for n in range(40):
        try:
            asyncio.run(sim.submit(_request(ref=f"wb-{n}")))
        except ProviderRefused as exc:
            assert exc.failure().kind == "quota" and exc.failure().retryable
            refused += 1
    assert 5 < refused < 25  # about 35 % of a 100 % failure share


def test_cancel(tmp_path: Path) -> None:
    clock = [0.0]
    sim = _provider(tmp_path, clock)
    submission = asyncio.run(sim.submit(_request()))
    assert asyncio.run(sim.cancel(submission.ref))
    assert asyncio.run(sim.poll(submission.ref)).phase is Phase.CANCELED
    assert not asyncio.run(sim.cancel(RemoteRef("sim-missing")))


def test_the_three_models_look_different(tmp_path: Path) -> None:
    spec = _spec("a red fox in the snow at dawn", resolution="360p")
    frames = {
        m: _middle_frame(_render(tmp_path, spec, 5, m))
        for m in ("sim-fast", "sim-pro", "sim-cinema")
    }
    cinema = frames["sim-cinema"]
    assert cinema[:20].mean() < 5 and cinema[-20:].mean() < 60  # letterbox bars (+ caption)

    def fine_detail(frame: np.ndarray) -> float:  # neighbour differences: grain, not shapes
        return float(np.abs(np.diff(frame[100:120], axis=1)).mean())

    assert fine_detail(frames["sim-cinema"]) > 2 * fine_detail(frames["sim-fast"])
    assert np.abs(frames["sim-fast"] - frames["sim-pro"]).mean() > 2
