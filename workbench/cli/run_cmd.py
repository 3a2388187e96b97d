"""``run``, ``reroll`` and ``resume``: sending draws and collecting them."""

from __future__ import annotations

import argparse
import math
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
from workbench.domain.problems import InvalidRequest, Problem, problems_from_validation
from workbench.domain.spec import GenerationSpec, SeedPolicy, SeedPolicyKind

if TYPE_CHECKING:
    from workbench.cli.session import EngineSession
    from workbench.domain.views import JobView
    from workbench.engine.engine import Engine
    from workbench.engine.planner import RunPlan

# The engine (and httpx under it) is imported by the commands that send draws, not at
# start-up: `workbench takes` and friends answer sooner without it.

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
    if args.seed < 0:
        raise ValueError(f"seed: {args.seed} is negative; seeds start at 0")
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
    """The spec from ``run``'s arguments.

    Raises:
        InvalidRequest: the arguments cannot make a spec; each problem names its field.
    """
    from workbench.engine.images import load_image

    try:
        first = load_image(args.first_frame, "first frame") if args.first_frame else None
        last = load_image(args.last_frame, "last frame") if args.last_frame else None
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
        raise InvalidRequest(problems_from_validation(exc)) from None
    except ValueError as exc:
        raise InvalidRequest([Problem(code="input", message=str(exc))]) from None


def _check_budget(budget: float | None) -> None:
    # argparse's float() takes "nan" and "inf" too: neither is an amount to stay under.
    if budget is not None and (not math.isfinite(budget) or budget <= 0):
        raise InvalidRequest(
            [
                Problem(
                    code="budget",
                    field="budget",
                    message=f"budget: {budget:g} must be above 0 (an amount in USD)",
                )
            ]
        )


def cmd_run(args: argparse.Namespace) -> int:
    """Send one prompt to the chosen providers and wait for every draw."""
    from workbench.cli.session import EngineSession
    from workbench.engine.planner import RunRequest, Target

    try:
        spec = build_spec(args)
        _check_budget(args.budget)
    except InvalidRequest as exc:
        return report_problems(exc.problems)
    with EngineSession(args) as session:
        # A library that cannot be written is said before anything is planned or announced.
        session.call(lambda e: e.open_library(writable=True))
        draws = args.draws if args.draws is not None else session.settings.default_draws
        request = RunRequest(
            spec,
            tuple(Target.parse(p, draws) for p in args.provider),
            budget_usd=args.budget if args.budget is not None else None,
            prompt_id=args.prompt_id,
        )
        plan = session.call(lambda e: e.plan(request))
        if not plan.ok:
            return report_problems(plan.problems)
        _announce(plan, args)
        run_id: int | None = None
        try:
            try:
                run_id = session.call(lambda e: e.start_run(plan, prompt_id=args.prompt_id))
            except LookupError as exc:
                return report_problems([Problem(code="prompt", message=str(exc).strip("'\""))])
            return _finish(session, run_id, args)
        except KeyboardInterrupt as exc:  # Ctrl+C or SIGTERM
            return session.stopped(exc, run_id=run_id)


def cmd_reroll(args: argparse.Namespace) -> int:
    """Draw again from a take's exact spec with new seeds (lineage kept)."""
    from workbench.cli.session import EngineSession

    try:
        _check_budget(args.budget)
    except InvalidRequest as exc:
        return report_problems(exc.problems)
    draws = args.draws or 1
    with EngineSession(args) as session:
        session.call(lambda e: e.open_library(writable=True))
        try:
            plan, version_id = session.call(lambda e: e.plan_reroll(args.take, draws, args.budget))
        except LookupError as exc:
            return report_problems([Problem(code="take", message=str(exc).strip("'\""))])
        if not plan.ok:
            return report_problems(plan.problems)
        _announce(plan, args)
        run_id: int | None = None
        try:
            run_id = session.call(
                lambda e: e.start_run(plan, prompt_version_id=version_id, parent_take_id=args.take)
            )
            return _finish(session, run_id, args)
        except KeyboardInterrupt as exc:  # Ctrl+C or SIGTERM
            return session.stopped(exc, run_id=run_id)


def cmd_resume(args: argparse.Namespace) -> int:
    """Finish every unfinished draw by polling its remote id (never re-sending)."""
    from workbench.cli.session import EngineSession
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
        if not args.quiet:
            say(f"Resuming {len(job_ids)} draw(s)…")
        try:
            session.call(lambda e: e.wait_idle())
            jobs = session.call(lambda e: _views(e, job_ids))
        except KeyboardInterrupt as exc:  # Ctrl+C or SIGTERM
            return session.stopped(exc, job_ids=job_ids)
        return _report(session, jobs, args)


async def _views(engine: Engine, job_ids: list[int]) -> list[JobView]:
    return [await engine.job_view(j) for j in job_ids]


def _announce(plan: RunPlan, args: argparse.Namespace) -> None:
    if args.quiet:
        return
    for warning in plan.warnings:
        say(f"Note: {warning}")
    say(
        f"Sending {len(plan.draws)} draw(s); estimated cost ${plan.estimate_usd:.2f}"
        + (f" (budget ${plan.budget_usd:.2f})" if plan.budget_usd is not None else "")
    )


def _finish(session: EngineSession, run_id: int, args: argparse.Namespace) -> int:
    session.call(lambda e: e.wait_run(run_id))
    return _report(session, session.call(lambda e: e.jobs_of_run(run_id)), args)


def _report(session: EngineSession, jobs: list[JobView], args: argparse.Namespace) -> int:
    """Print the draws, then one sentence on what is unfinished and why (a full disk …)."""
    from workbench.cli.faults import unfinished_sentence, where_draws_stand

    emit_lines((job_row(j) for j in jobs), args.json, RUN_COLUMNS)
    problem = session.call(lambda e: e.storage_problem())
    not_sent, on_service = where_draws_stand(j.state.value for j in jobs)
    sentence = unfinished_sentence(not_sent, on_service, problem)
    if sentence is not None:
        say(sentence)
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
    run.add_argument(
        "--draws", "-n", type=int, help="draws per provider (1–100; default: settings)"
    )
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
