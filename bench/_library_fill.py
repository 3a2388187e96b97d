"""A realistic library of N takes, written only through the Library's own API.

Every row is made the way the engine and the windows make it: ``prompt_version`` (new
prompts and new versions of them), ``create_run``, ``move`` through submitting →
submitted → running → downloading, ``finish_with_take`` for a delivered clip or ``move`` to
failed, then the judgements ``rate``, ``set_favourite``, ``add_tag``, ``add_reason`` and
``add_note``. No SQL is written here. The library's clock is injected, so the takes spread
over a year.

Shape: ~1,000 prompts (popularity skewed, a few versions each), 7 provider/model pairs,
~15 % failed draws, ~2 % favourites, ~30 % rated, ~12 % tagged, reason chips on ~10 %,
notes on ~3 %. Filling 100,000 takes takes minutes, so the result is cached in the temp
directory under a key with the fill's version.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import _common  # noqa: F401  (repo on sys.path)

#: Bump when the fill changes, so a cached library from an older fill is not reused.
FILL_VERSION = "fill-3"
PAIRS = (  # (provider, model, weight, usd per draw)
    ("seedance", "dreamina-seedance-2-0-260128", 24, 0.35),
    ("kling", "kling-v3", 20, 0.56),
    ("veo", "veo-3.1-generate-preview", 16, 3.2),
    ("runway", "gen4.5", 14, 0.6),
    ("sora", "sora-2", 12, 0.5),
    ("sim", "sim-fast", 10, 0.0),
    ("grok", "grok-imagine-video", 4, 0.25),
)
SUBJECTS = (
    "a red fox", "an old fisherman", "a paper boat", "two dancers", "a steam train",
    "a hummingbird", "a neon street", "a snow leopard", "a glass city", "a child with a kite",
    "a jazz trio", "a desert caravan", "a koi pond", "an astronaut", "a market stall",
)  # fmt: skip
ACTIONS = (
    "running through", "drifting over", "waiting in", "spinning above", "crossing",
    "disappearing into", "circling", "resting beside",
)  # fmt: skip
PLACES = (
    "fresh snow", "a misty harbour", "a rainy alley", "golden wheat", "a mountain lake",
    "the night market", "a bamboo forest", "a salt flat", "an empty stadium",
)  # fmt: skip
STYLES = (
    "35 mm film, shallow focus", "slow dolly in", "handheld, natural light", "drone shot",
    "anime style", "macro lens", "wide establishing shot", "black and white",
)  # fmt: skip
#: A word in ~1 % of prompts (a rare text filter) and one that only notes contain.
RARE_PROMPT_WORD = "lighthouse"
NOTE_ONLY_WORD = "reshoot"
TAGS = ("hero", "b-roll", "client", "moodboard", "maybe", "teaser", "social-cut")
RARE_TAG = "festival"
REASONS = ("hands", "face", "physics", "camera", "text", "off-prompt", "style", "artefacts")
NOTES = (
    "client liked the light", "too dark at the end", "use for the teaser", "good motion",
    "reshoot with a longer lens", "seed worth keeping", "face melts at 3 s",
)  # fmt: skip


@dataclass
class Filled:
    """What the benchmark needs to know about the filled library."""

    takes: int
    jobs: int
    failed: int
    runs: int
    prompts: int
    versions: int
    big_version_id: int
    big_version_draws: int
    big_prompt_id: int
    first_run_id: int
    last_run_id: int
    seconds: float
    cpu_seconds: float | None = None  # the fill's own CPU (wall grows on a busy machine)


def cache_dir(takes: int) -> Path:
    """Where the filled library for ``takes`` lives between runs.

    Not keyed by schema version: opening the cached file upgrades it with the library's own
    migrations, as a user's library is upgraded (so a new index costs seconds, not a refill).
    """
    return Path(tempfile.gettempdir()) / f"workbench-bench-library-{FILL_VERSION}-{takes}"


def filled_library(takes: int, *, rebuild: bool = False) -> tuple[Path, Filled, bool]:
    """The home of a library with ``takes`` takes; (home, facts, was it cached)."""
    home = cache_dir(takes)
    meta = home / "bench-fill.json"
    if meta.exists() and not rebuild:
        return home, Filled(**json.loads(meta.read_text())), True
    # A private build directory, renamed into place when complete: two benchmarks filling
    # at once (or one interrupted) never clobber each other or leave a half-filled cache.
    building = Path(tempfile.mkdtemp(prefix=home.name + ".building-", dir=home.parent))
    facts = fill(building, takes)
    (building / "bench-fill.json").write_text(json.dumps(asdict(facts)))
    if rebuild:
        shutil.rmtree(home, ignore_errors=True)
    try:
        building.rename(home)
    except OSError:  # another run finished first: use ours this time, keep theirs cached
        return building, facts, False
    return home, facts, False


class _Clock:
    """The library's clock: a year of simulated time, moved on by the fill."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0  # 2026-01-01

    def __call__(self) -> float:
        return self.now


def fill(home: Path, target_takes: int) -> Filled:
    """Write ``target_takes`` takes (plus failed draws) through the Library API."""
    from workbench.domain.jobs import Failure, FailureKind, JobState
    from workbench.library import Library, NewTake, PlannedJob
    from workbench.library.records import JobUpdate

    started, started_cpu = time.perf_counter(), time.process_time()
    rng = random.Random(20260601)
    clock = _Clock()
    step = 365 * 86400 / (target_takes / 0.85)  # a year of draws
    lib = Library(home, clock=clock)
    n_prompts = max(10, round(1000 * target_takes / 100_000))
    weights = [1 / (k + 5) for k in range(n_prompts)]
    prompt_ids: dict[int, int] = {}  # prompt index → prompt id
    versions: dict[int, list[int]] = {}  # prompt index → version ids, oldest first
    version_draws: dict[int, int] = {}
    version_prompt: dict[int, int] = {}
    pair_weights = [p[2] for p in PAIRS]
    takes = jobs = failed = runs = 0
    first_run = last_run = 0
    next_report = 10_000

    def text_for(index: int, version: int) -> str:
        r = random.Random(index)
        subject = r.choice(SUBJECTS)
        place = RARE_PROMPT_WORD + " at dusk" if r.random() < 0.01 else r.choice(PLACES)
        words = f"{subject} {r.choice(ACTIONS)} {place}, {r.choice(STYLES)}"
        edits = ["", ", more contrast", ", slower", ", warmer light", ", 4 seconds of calm"]
        return f"{words}{''.join(edits[1:version])} (shot {index})"

    while takes < target_takes:
        index = rng.choices(range(n_prompts), weights)[0]
        if index not in prompt_ids:
            v = lib.prompt_version(text_for(index, 1))
            prompt_ids[index], versions[index] = v.prompt_id, [v.id]
            version_prompt[v.id] = v.prompt_id
        elif len(versions[index]) < 5 and rng.random() < 0.06:
            v = lib.prompt_version(
                text_for(index, len(versions[index]) + 1), prompt_id=prompt_ids[index]
            )
            versions[index].append(v.id)
            version_prompt[v.id] = v.prompt_id
        # Mostly the newest version; sometimes back to an older one.
        version_id = versions[index][-1] if rng.random() < 0.85 else rng.choice(versions[index])
        planned = []
        chosen = {rng.choices(PAIRS, pair_weights)[0] for _ in range(rng.choice((1, 1, 2, 3)))}
        for provider, model, _w, usd in sorted(chosen):
            duration = rng.choice((4, 5, 5, 8, 10))
            for _ in range(rng.choice((1, 2, 4, 4, 8, 12))):
                planned.append(
                    PlannedJob(
                        provider=provider,
                        model=model,
                        params={"duration": duration, "aspect": "16:9", "resolution": "720p"},
                        seed=rng.randrange(2**31),
                        seed_supported=provider != "sora",
                        est_cost_usd=round(usd * duration / 5, 3),
                        client_ref=f"wb-{jobs + len(planned):08d}-{rng.randrange(16**8):08x}",
                    )
                )
        spec_json = json.dumps({"duration": planned[0].params["duration"], "draws": len(planned)})
        estimate = sum(p.est_cost_usd for p in planned)
        run_id, job_ids = lib.create_run(version_id, spec_json, "random", estimate, planned)
        runs += 1
        first_run = first_run or run_id
        last_run = run_id
        version_draws[version_id] = version_draws.get(version_id, 0) + len(job_ids)
        for job_id, plan in zip(job_ids, planned, strict=True):
            jobs += 1
            clock.now += step * rng.uniform(0.5, 1.5)
            lib.move(job_id, JobState.SUBMITTING, JobUpdate(count_attempt=True))
            roll = rng.random()
            if roll < 0.03:  # refused at the door
                lib.move(
                    job_id,
                    JobState.FAILED,
                    JobUpdate(
                        failure=Failure(kind=FailureKind.INVALID, provider_text="bad ratio"),
                        charged=False,
                    ),
                )
                failed += 1
                continue
            lib.move(
                job_id,
                JobState.SUBMITTED,
                JobUpdate(
                    remote_id=f"task-{job_id}",
                    remote={"model": plan.model},
                    provider_status="submitted",
                ),
            )
            lib.move(job_id, JobState.RUNNING, JobUpdate(progress=0.4, provider_status="running"))
            if roll < 0.15:  # failed on the service
                kinds = (FailureKind.MODERATION, FailureKind.PROVIDER, FailureKind.TIMEOUT)
                kind = rng.choices(kinds, (3, 2, 1))[0]
                lib.move(
                    job_id,
                    JobState.FAILED,
                    JobUpdate(
                        failure=Failure(kind=kind, provider_text="the service said no"),
                        charged=kind is FailureKind.PROVIDER and rng.random() < 0.3,
                    ),
                )
                failed += 1
                continue
            render = rng.uniform(20, 180)
            lib.move(
                job_id,
                JobState.DOWNLOADING,
                JobUpdate(
                    render_s=round(render, 3),
                    cost_usd=plan.est_cost_usd if rng.random() < 0.6 else None,
                    progress=1.0,
                    provider_status="succeeded",
                ),
            )
            sha = f"{job_id:016x}{rng.randrange(16**48):048x}"
            take_id = lib.finish_with_take(
                job_id,
                NewTake(
                    sha256=sha,
                    path=f"clips/{sha[:2]}/{sha}.mp4",
                    poster=f"clips/{sha[:2]}/{sha}.jpg",
                    bytes=rng.randrange(2_000_000, 9_000_000),
                    duration=float(plan.params["duration"]),
                    width=1280,
                    height=720,
                    fps=24.0,
                    codec="h264",
                    audio=rng.random() < 0.4,
                    container="mp4",
                ),
            )
            takes += 1
            judge(lib, rng, take_id)
            if takes >= target_takes:
                break
        if takes >= next_report:
            print(
                f"    … {takes:,} takes written ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
            next_report += 10_000
    big_version = max(version_draws, key=lambda v: version_draws[v])
    all_versions = sum(len(v) for v in versions.values())
    lib.close()
    return Filled(
        takes=takes,
        jobs=jobs,
        failed=failed,
        runs=runs,
        prompts=len(prompt_ids),
        versions=all_versions,
        big_version_id=big_version,
        big_version_draws=version_draws[big_version],
        big_prompt_id=version_prompt[big_version],
        first_run_id=first_run,
        last_run_id=last_run,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - started_cpu,
    )


def judge(lib: object, rng: random.Random, take_id: int) -> None:
    """The judgements a creator leaves on some takes, through the Library API."""
    stars = None
    if rng.random() < 0.30:
        stars = rng.choices((1, 2, 3, 4, 5), (10, 20, 30, 25, 15))[0]
        lib.rate(take_id, stars, blind=rng.random() < 0.2)  # type: ignore[attr-defined]
    if rng.random() < 0.02:
        lib.set_favourite(take_id, True)  # type: ignore[attr-defined]
    if rng.random() < 0.12:
        lib.add_tag(take_id, RARE_TAG if rng.random() < 0.02 else rng.choice(TAGS))  # type: ignore[attr-defined]
    if rng.random() < (0.35 if stars is not None and stars <= 2 else 0.03):
        for chip in rng.sample(REASONS, k=rng.choice((1, 1, 2))):
            lib.add_reason(take_id, chip)  # type: ignore[attr-defined]
    if rng.random() < 0.03:
        lib.add_note(take_id, rng.choice(NOTES))  # type: ignore[attr-defined]
