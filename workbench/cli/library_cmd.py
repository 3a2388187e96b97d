"""Commands on the library: listing, judging, statistics, export."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.cli.output import (
    EXIT_OK,
    emit_json,
    emit_lines,
    report_problems,
    run_row,
    say,
    stats_row,
    take_row,
)
from workbench.domain.problems import Problem
from workbench.domain.takes import FailureReason
from workbench.library.records import TakeFilter

if TYPE_CHECKING:
    from workbench.domain.views import TakeView
    from workbench.engine.engine import Engine

TAKE_COLUMNS = (
    "take",
    "run",
    "provider",
    "model",
    "draw",
    "seed",
    "rating",
    "favourite",
    "tags",
    "duration",
    "prompt",
)
RUN_COLUMNS = (
    "run",
    "prompt",
    "providers",
    "draws",
    "done",
    "failed",
    "pending",
    "estimate_usd",
    "cost_usd",
)
STAT_COLUMNS = (
    "provider",
    "model",
    "draws",
    "done",
    "failed",
    "keepers",
    "hit_rate",
    "draws_per_keeper",
    "cost_usd",
    "cost_per_keeper_usd",
    "median_render_s",
)


def _ask(args: argparse.Namespace, use_case: Callable[[Engine], Coroutine[Any, Any, Any]]) -> Any:
    """Run one use case on a short-lived engine host (no progress printing)."""
    from workbench.cli.session import EngineSession

    with EngineSession(args, progress=False) as session:
        return session.call(use_case)


def _take_filter(args: argparse.Namespace) -> TakeFilter:
    return TakeFilter(
        run_id=getattr(args, "run", None),
        favourite=getattr(args, "fav", False),
        provider=getattr(args, "provider", None),
        model=getattr(args, "model", None),
        min_rating=getattr(args, "min_rating", None),
        tag=getattr(args, "tag", None),
        reason=getattr(args, "reason", None),
        text=getattr(args, "search", None),
        limit=getattr(args, "limit", None),
    )


def cmd_takes(args: argparse.Namespace) -> int:
    """List takes, newest first, narrowed by any filter."""
    try:
        flt = _take_filter(args)
        takes = _ask(args, lambda e: e.takes(flt))
    except ValueError as exc:
        return report_problems([Problem(code="input", message=str(exc))], "Nothing listed")
    emit_lines((take_row(t) for t in takes), args.json, TAKE_COLUMNS)
    return EXIT_OK


def cmd_runs(args: argparse.Namespace) -> int:
    """List recent runs with their tallies."""
    runs = _ask(args, lambda e: e.run_summaries(args.limit))
    emit_lines((run_row(r) for r in runs), args.json, RUN_COLUMNS)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Per provider and model: draws, keepers, hit rate, cost per keeper, render time."""
    stats = _ask(args, lambda e: e.stats())
    emit_lines((stats_row(s) for s in stats), args.json, STAT_COLUMNS)
    if not args.json:
        say(
            "A keeper is a take marked favourite or rated 4–5 stars; cost counts the draws "
            "the services charged."
        )
    return EXIT_OK


def _judge(
    args: argparse.Namespace,
    action: Callable[[Engine], Coroutine[Any, Any, TakeView]],
    done: str,
) -> int:
    try:
        take = _ask(args, action)
    except (LookupError, ValueError) as exc:
        return report_problems(
            [Problem(code="input", message=str(exc).strip("'\""))], "Nothing was changed"
        )
    if args.json:
        emit_json(take_row(take))
    else:
        say(done.format(take=args.take))
    return EXIT_OK


def cmd_rate(args: argparse.Namespace) -> int:
    """Rate a take 1–5 stars (0 clears)."""
    stars = None if args.stars == 0 else args.stars
    return _judge(
        args,
        lambda e: e.rate(args.take, stars),
        "Take {take} rated." if stars else "Take {take}'s rating cleared.",
    )


def cmd_fav(args: argparse.Namespace) -> int:
    """Mark or unmark a favourite."""
    return _judge(
        args,
        lambda e: e.set_favourite(args.take, not args.off),
        "Take {take} " + ("is no longer a favourite." if args.off else "is a favourite."),
    )


def cmd_note(args: argparse.Namespace) -> int:
    """Add a note to a take."""
    return _judge(args, lambda e: e.add_note(args.take, args.text), "Note added to {take}.")


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag a take."""
    from workbench.domain.takes import normalise_tag

    try:
        clean = normalise_tag(args.tag)
    except ValueError as exc:
        return report_problems([Problem(code="input", message=str(exc))], "Nothing was changed")
    return _judge(args, lambda e: e.add_tag(args.take, clean), f"Take {{take}} tagged {clean!r}.")


def cmd_reason(args: argparse.Namespace) -> int:
    """Record why a take is not a keeper."""
    from workbench.domain.takes import parse_reason

    try:
        chip = parse_reason(args.chip).value
    except ValueError as exc:
        return report_problems([Problem(code="input", message=str(exc))], "Nothing was changed")
    return _judge(
        args, lambda e: e.add_reason(args.take, chip), f"Take {{take}}: reason {chip!r} recorded."
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Copy takes with sidecars and an index CSV into a folder."""
    from workbench.library.export import export_takes

    flt = TakeFilter(run_id=args.run, favourite=args.fav)
    takes = _ask(args, lambda e: e.takes(flt))
    rows = export_takes(takes, Path(args.dir))
    if args.json:
        for row in rows:
            emit_json(row)
    say(f"Exported {len(rows)} take(s) to {args.dir} (clips, JSON sidecars, index.csv).")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the library commands."""
    takes = sub.add_parser("takes", help="list takes (newest first)")
    takes.add_argument("--run", type=int, metavar="R")
    takes.add_argument("--fav", action="store_true", help="favourites only")
    takes.add_argument("--provider", metavar="P")
    takes.add_argument("--model", metavar="M")
    takes.add_argument("--min-rating", type=int, choices=range(1, 6), metavar="N")
    takes.add_argument("--tag", metavar="T")
    takes.add_argument("--reason", metavar="CHIP")
    takes.add_argument("--search", metavar="TEXT", help="in prompts and notes")
    takes.add_argument("--limit", type=int, metavar="N")
    takes.set_defaults(func=cmd_takes)

    runs = sub.add_parser("runs", help="list recent runs")
    runs.add_argument("--limit", type=int, default=50)
    runs.set_defaults(func=cmd_runs)

    stats = sub.add_parser("stats", help="hit rate and cost per keeper, per provider/model")
    stats.set_defaults(func=cmd_stats)

    rate = sub.add_parser("rate", help="rate a take 1–5 stars (0 clears)")
    rate.add_argument("take", type=int)
    rate.add_argument("stars", type=int, choices=range(6), metavar="N")
    rate.set_defaults(func=cmd_rate)

    fav = sub.add_parser("fav", help="mark a take as favourite")
    fav.add_argument("take", type=int)
    fav.add_argument("--off", action="store_true", help="unmark")
    fav.set_defaults(func=cmd_fav)

    note = sub.add_parser("note", help="add a note to a take")
    note.add_argument("take", type=int)
    note.add_argument("text")
    note.set_defaults(func=cmd_note)

    tag = sub.add_parser("tag", help="tag a take")
    tag.add_argument("take", type=int)
    tag.add_argument("tag")
    tag.set_defaults(func=cmd_tag)

    reason = sub.add_parser(
        "reason", help="why a take is not a keeper: " + ", ".join(r.value for r in FailureReason)
    )
    reason.add_argument("take", type=int)
    reason.add_argument("chip")
    reason.set_defaults(func=cmd_reason)

    export = sub.add_parser("export", help="copy takes, JSON sidecars and index.csv to DIR")
    export.add_argument("dir")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--fav", action="store_true", help="favourites only")
    which.add_argument("--run", type=int, metavar="R")
    export.set_defaults(func=cmd_export)

    for parser in (takes, runs, stats, rate, fav, note, tag, reason, export):
        parser.add_argument("--json", action="store_true", help="JSON Lines on stdout")
