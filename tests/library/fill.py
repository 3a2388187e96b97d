"""A library of a few hundred takes with real clip files, written only through its API.

Used by the export tests here and by the library view's tests (tests/ui/library). Each
take gets its own clip file (copies of a few real H.264 clips, so every file is playable
and no two takes share one) and a poster JPEG beside it.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.fakes.clips import clip_bytes
from workbench.domain.jobs import JobState
from workbench.library import Library, NewTake, PlannedJob
from workbench.library.records import JobUpdate

#: (provider, model) in turn; take n uses PAIRS[n % len(PAIRS)].
PAIRS = (
    ("sim", "sim-fast"),
    ("kling", "kling-v3"),
    ("sim", "sim-pro"),
    ("veo", "veo-3.0-generate-001"),
)
PROMPTS = (
    "a red fox running through fresh snow",
    "雨夜霓虹街道，一只小猫走过水坑",
    "a lighthouse at dusk, slow dolly in",
)
_CLIPS = 3


@dataclass(frozen=True)
class FilledTake:
    """What a test needs to know about one take it made."""

    id: int
    job_id: int
    run_id: int
    provider: str
    model: str
    prompt: str
    seed: int
    clip: Path
    poster: Path


def _sources() -> list[tuple[Path, Path]]:
    """A few real clips and their posters, made once per process."""
    global _CACHE
    if _CACHE is None:
        from workbench.media import probe

        folder = Path(tempfile.mkdtemp(prefix="wb-fill-"))
        made = []
        for n in range(_CLIPS):
            clip = folder / f"c{n}.mp4"
            clip.write_bytes(clip_bytes(seed=n + 1, seconds=1))
            poster = folder / f"c{n}.jpg"
            probe(clip, poster)
            made.append((clip, poster))
        _CACHE = made
    return _CACHE


_CACHE: list[tuple[Path, Path]] | None = None


def fill(lib: Library, count: int, *, start: int = 0, judge: bool = True) -> list[FilledTake]:
    """Add ``count`` takes, one run of up to 10 draws per prompt; returns them oldest first.

    Judgements (when ``judge``): take n is rated ``n % 6`` stars (0 = none), every 7th is a
    favourite, every 5th tagged "hero", every 9th has the reason "hands", every 11th a note
    "reshoot with a longer lens".
    """
    sources = _sources()
    made: list[FilledTake] = []
    n = start
    while len(made) < count:
        prompt = PROMPTS[(n // 10) % len(PROMPTS)]
        version = lib.prompt_version(prompt)
        batch = min(10, count - len(made))
        planned = []
        for k in range(batch):
            provider, model = PAIRS[(n + k) % len(PAIRS)]
            planned.append(
                PlannedJob(
                    provider=provider,
                    model=model,
                    params={
                        "prompt": prompt,
                        "duration": 1,
                        "aspect": "16:9",
                        "resolution": "240p",
                    },
                    seed=1000 + n + k,
                    seed_supported=True,
                    est_cost_usd=0.05,
                    client_ref=f"fill-{n + k}",
                )
            )
        run_id, job_ids = lib.create_run(version.id, "{}", "random", 0.05 * batch, planned)
        for job_id, plan in zip(job_ids, planned, strict=True):
            sha = f"{n:08x}".rjust(64, "f")
            clip = lib.clips.clip_path(sha, "mp4")
            poster = lib.clips.poster_path(sha)
            clip.parent.mkdir(parents=True, exist_ok=True)
            source, source_poster = sources[n % len(sources)]
            shutil.copyfile(source, clip)
            shutil.copyfile(source_poster, poster)
            lib.move(job_id, JobState.SUBMITTING)
            lib.move(job_id, JobState.SUBMITTED, JobUpdate(remote_id=f"r{job_id}"))
            lib.move(job_id, JobState.DOWNLOADING, JobUpdate(render_s=30.0, cost_usd=0.05))
            take_id = lib.finish_with_take(
                job_id,
                NewTake(
                    sha256=sha,
                    path=lib.clips.relative(clip),
                    poster=lib.clips.relative(poster),
                    bytes=clip.stat().st_size,
                    duration=1.0,
                    width=426,
                    height=240,
                    fps=24.0,
                    codec="h264",
                    audio=False,
                    container="mp4",
                ),
            )
            if judge:
                _judge(lib, take_id, n)
            made.append(
                FilledTake(
                    take_id,
                    job_id,
                    run_id,
                    plan.provider,
                    plan.model,
                    prompt,
                    plan.seed,
                    clip,
                    poster,
                )
            )
            n += 1
    return made


def _judge(lib: Library, take_id: int, n: int) -> None:
    if n % 6:
        lib.rate(take_id, n % 6)
    if n % 7 == 0:
        lib.set_favourite(take_id, True)
    if n % 5 == 0:
        lib.add_tag(take_id, "hero")
    if n % 9 == 0:
        lib.add_reason(take_id, "hands")
    if n % 11 == 0:
        lib.add_note(take_id, "reshoot with a longer lens")
