"""``run``, ``reroll`` and ``resume``: sending draws and collecting them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from workbench.cli.output import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    emit_lines,
    job_row,
    report_problems,
    say,
)
from workbench.domain.jobs import JobState
from workbench.domain.problems import Problem
from workbench.domain.spec import GenerationSpec, ImageInput, SeedPolicy, SeedPolicyKind
from workbench.library.library import Library

if TYPE_CHECKING:
    from workbench.cli.session import EngineSession
    from workbench.engine.engine import Engine
    from workbench.engine.planner import RunPlan
    from workbench.library.records import JobRecord

# The engine (and httpx under it) is imported by the commands that send draws, not at
# start-up: `workbench takes` and friends answer ~0.13 s sooner without it.

RUN_COLUMNS = (
    "job",
    "provider",
    "model",
    "draw",
    "seed",
    "state",
    "duration",
    "cost_usd",
    "clip",
    "failure_message",
)


def load_image(path: str, role: str) -> ImageInput:
    """Open an image to learn its format and size (before anything is sent).

    Raises:
        ValueError: the file is missing or not an image, in words.
    """
    from PIL import Image, UnidentifiedImageError

    file = Path(path).expanduser()
    if not file.is_file():
        raise ValueError(f"the {role} {path!r} does not exist")
    try:
        with Image.open(file) as image:
            fmt = (image.format or "").lower()
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise ValueError(f"the {role} {path!r} is not an image this app can read") from None
    return ImageInput(
        path=str(file.resolve()),
        format="jpeg" if fmt == "jpg" else fmt,
        width=width,
        height=height,
        bytes=file.stat().st_size,
    )


def _seed_policy(args: argparse.Namespace) -> SeedPolicy:
    kind = args.seed_policy or ("fixed" if args.seed is not None else "random")
    if kind == "random":
        if args.seed is not None:
            raise ValueError("--seed with --seed-policy random makes no sense; drop one")
        return SeedPolicy()
    if kind == "sequence" and args.seed is None:
        import random

        return SeedPolicy(kind=SeedPolicyKind.SEQUENCE, value=random.randint(0, 2**31 - 1000))
    if args.seed is None:
        raise ValueError("--seed-policy fixed needs --seed N")
    return SeedPolicy(kind=SeedPolicyKind(kind), value=args.seed)


def _options(pairs: list[str]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--option {pair!r} must look like name=value")
        lowered = raw.lower()
        value: Any = raw
        if lowered in ("true", "false"):
            value = lowered == "true"
        elif raw.lstrip("-").isdigit():
            value = int(raw)
        options[key.strip()] = value
    return options


def build_spec(args: argparse.Namespace) -> GenerationSpec:
    """The spec from ``run``'s arguments; ValueError (in words) on bad input."""
    first = load_image(args.first_frame, "first frame") if args.first_frame else None
    last = load_image(args.last_frame, "last frame") if args.last_frame else None
    try:
        return GenerationSpec(
            prompt=args.prompt,
            negative_prompt=args.negative,
            duration=args.duration,
            aspect=args.aspect,
            resolution=args.resolution,
            audio=args.audio,
            seed_policy=_seed_policy(args),
            first_frame=first,
            last_frame=last,
            options=_options(args.option or []),
        )
    except ValidationError as exc:
        raise ValueError(
            "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        ) from None


def cmd_run(args: argparse.Namespace) -> int:
    """Send one prompt to the chosen providers and wait for every draw."""
    from workbench.cli.session import EngineSession, interrupted
    from workbench.engine.planner import Target, plan_run

    try:
        spec = build_spec(args)
    except ValueError as exc:
        return report_problems([Problem(code="input", message=str(exc))])
    targets = [Target.parse(p, args.draws) for p in args.provider]
    with EngineSession(args) as session:
        plan = plan_run(
            spec,
            targets,
            provider_for=session.setup,
            has_key=session.setup.has_key,
            budget_usd=args.budget,
        )
        if not plan.ok:
            return report_problems(plan.problems)
        _announce(plan)
        try:
            run_id = session.call(lambda e: e.start_run(plan, prompt_id=args.prompt_id))
            return _finish(session, run_id, args)
        except KeyboardInterrupt:
            return interrupted()


def cmd_reroll(args: argparse.Namespace) -> int:
    """Draw again from a take's exact spec with new seeds (lineage kept)."""
    from workbench.cli.session import EngineSession, interrupted
    from workbench.engine.planner import Target, plan_run

    lib = Library()
    try:
        take = lib.take(args.take)
        job = lib.job(take["job"])
        run = lib.run_row(job.run_id)
    except LookupError as exc:
        return report_problems([Problem(code="take", message=str(exc))])
    finally:
        lib.close()
    spec = GenerationSpec.model_validate(job.params).model_copy(
        update={"seed_policy": SeedPolicy()}
    )
    with EngineSession(args) as session:
        plan = plan_run(
            spec,
            [Target(job.provider, job.model, args.draws)],
            provider_for=session.setup,
            has_key=session.setup.has_key,
            budget_usd=args.budget,
        )
        if not plan.ok:
            return report_problems(plan.problems)
        _announce(plan)
        version = run["prompt_version_id"]
        try:
            run_id = session.call(lambda e: _start_reroll(e, plan, version, args.take))
            return _finish(session, run_id, args)
        except KeyboardInterrupt:
            return interrupted()


async def _start_reroll(engine: Engine, plan: RunPlan, version_id: int, take_id: int) -> int:
    prompt = engine.library.version_by_id(version_id)
    return await engine.start_run(plan, prompt_id=prompt.prompt_id, parent_take_id=take_id)


def cmd_resume(args: argparse.Namespace) -> int:
    """Finish every unfinished draw by polling its remote id (never re-sending)."""
    from workbench.cli.session import EngineSession, interrupted
    from workbench.engine.locks import EngineBusy

    with EngineSession(args) as session:
        try:
            job_ids = session.call(lambda e: e.resume())
        except EngineBusy as exc:
            say(str(exc))
            return EXIT_SOME_FAILED
        if not job_ids:
            say("Nothing to resume: every draw has settled.")
            return EXIT_OK
        say(f"Resuming {len(job_ids)} draw(s)…")
        try:
            session.call(lambda e: e.wait_idle())
            jobs = session.call(lambda e: _jobs(e, job_ids))
        except KeyboardInterrupt:
            return interrupted()
        return _report(session, jobs, args)


async def _jobs(engine: Engine, job_ids: list[int]) -> list[JobRecord]:
    return [engine.library.job(j) for j in job_ids]


def _announce(plan: RunPlan) -> None:
    say(
        f"Sending {len(plan.draws)} draw(s); estimated cost ${plan.estimate_usd:.2f}"
        + (f" (budget ${plan.budget_usd:.2f})" if plan.budget_usd is not None else "")
    )


def _finish(session: EngineSession, run_id: int, args: argparse.Namespace) -> int:
    jobs = session.call(lambda e: e.wait_run(run_id))
    return _report(session, jobs, args)


def _report(session: EngineSession, jobs: list[JobRecord], args: argparse.Namespace) -> int:
    async def takes(engine: Engine) -> dict[int, dict[str, Any]]:
        found = {}
        for job in jobs:
            take_id = engine.library.take_id_for_job(job.id)
            if take_id is not None:
                found[job.id] = engine.library.take(take_id)
        return found

    by_job = session.call(takes)
    emit_lines((job_row(j, by_job.get(j.id)) for j in jobs), args.json, RUN_COLUMNS)
    pending = [j for j in jobs if not j.state.is_terminal and j.state is not JobState.UNKNOWN]
    if pending:
        say(
            f"{len(pending)} draw(s) are still on their services; `workbench resume` collects them."
        )
    return EXIT_OK if all(j.state is JobState.DONE for j in jobs) else EXIT_SOME_FAILED


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``run``, ``reroll`` and ``resume``."""
    run = sub.add_parser("run", help="send a prompt to one or more providers")
    run.add_argument("prompt", help="what the clip should show (any language)")
    run.add_argument("--negative", help="what to avoid (where the model supports it)")
    run.add_argument(
        "--provider",
        "-p",
        action="append",
        required=True,
        metavar="ID[:MODEL]",
        help="provider, optionally with a model; repeat for several",
    )
    run.add_argument("--draws", "-n", type=int, default=1, help="draws per provider (1–100)")
    run.add_argument("--duration", type=int, metavar="S", help="seconds (model default if unset)")
    run.add_argument("--aspect", metavar="W:H", help="aspect ratio, e.g. 16:9")
    run.add_argument("--resolution", metavar="R", help="e.g. 480p, 720p, 1080p")
    run.add_argument(
        "--audio",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ask for sound (model default if unset)",
    )
    run.add_argument("--seed", type=int, metavar="N", help="fixed seed, or the sequence start")
    run.add_argument("--seed-policy", choices=[k.value for k in SeedPolicyKind])
    run.add_argument("--first-frame", metavar="IMG", help="image the clip starts from")
    run.add_argument("--last-frame", metavar="IMG", help="image the clip ends on")
    run.add_argument("--budget", type=float, metavar="USD", help="refuse runs estimated above")
    run.add_argument(
        "--prompt-id", type=int, metavar="P", help="record this text as a new version of prompt P"
    )
    run.add_argument(
        "--option",
        action="append",
        metavar="NAME=VALUE",
        help="service option, e.g. watermark=false, mode=pro (repeatable)",
    )
    run.set_defaults(func=cmd_run)

    reroll = sub.add_parser("reroll", help="draw again from a take's spec with new seeds")
    reroll.add_argument("take", type=int)
    reroll.add_argument("--draws", "-n", type=int, default=1)
    reroll.add_argument("--budget", type=float, metavar="USD")
    reroll.set_defaults(func=cmd_reroll)

    resume = sub.add_parser("resume", help="collect draws left unfinished by a crash or quit")
    resume.set_defaults(func=cmd_resume)

    for parser in (run, reroll, resume):
        parser.add_argument("--json", action="store_true", help="JSON Lines on stdout")
        parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
