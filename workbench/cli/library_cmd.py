"""Commands on the library: listing, judging, statistics, export."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from workbench.cli.output import EXIT_OK, emit_json, emit_lines, report_problems, say
from workbench.domain.problems import Problem
from workbench.domain.takes import FailureReason
from workbench.library.export import export_takes
from workbench.library.library import Library
from workbench.library.records import TakeFilter

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
    with _library() as lib:
        rows = lib.query_takes(_take_filter(args))
    for row in rows:  # the full spec is in export sidecars; here it would double the output
        row.pop("params_json", None)
    emit_lines(rows, args.json, TAKE_COLUMNS)
    return EXIT_OK


def cmd_runs(args: argparse.Namespace) -> int:
    """List recent runs with their tallies."""
    with _library() as lib:
        emit_lines(lib.runs_summary(args.limit), args.json, RUN_COLUMNS)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Per provider and model: draws, keepers, hit rate, cost per keeper, render time."""
    with _library() as lib:
        emit_lines(lib.stats(), args.json, STAT_COLUMNS)
    if not args.json:
        say("A keeper is a take marked favourite or rated 4–5 stars.")
    return EXIT_OK


def _judge(args: argparse.Namespace, action: Callable[[Library], object], done: str) -> int:
    with _library() as lib:
        try:
            result = action(lib)
        except (LookupError, ValueError) as exc:
            return report_problems(
                [Problem(code="input", message=str(exc).strip("'\""))], "Nothing was changed"
            )
        if args.json:
            emit_json(lib.take(args.take))
        else:
            say(done.format(take=args.take, result=result))
    return EXIT_OK


def cmd_rate(args: argparse.Namespace) -> int:
    """Rate a take 1–5 stars (0 clears)."""
    stars = None if args.stars == 0 else args.stars
    return _judge(
        args,
        lambda lib: lib.rate(args.take, stars),
        "Take {take} rated." if stars else "Take {take}'s rating cleared.",
    )


def cmd_fav(args: argparse.Namespace) -> int:
    """Mark or unmark a favourite."""
    return _judge(
        args,
        lambda lib: lib.set_favourite(args.take, not args.off),
        "Take {take} " + ("is no longer a favourite." if args.off else "is a favourite."),
    )


def cmd_note(args: argparse.Namespace) -> int:
    """Add a note to a take."""
    return _judge(args, lambda lib: lib.add_note(args.take, args.text), "Note added to {take}.")


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag a take."""
    return _judge(
        args, lambda lib: lib.add_tag(args.take, args.tag), "Take {take} tagged {result!r}."
    )


def cmd_reason(args: argparse.Namespace) -> int:
    """Record why a take is not a keeper."""
    return _judge(
        args,
        lambda lib: lib.add_reason(args.take, args.chip),
        "Take {take}: reason {result!r} recorded.",
    )


def cmd_export(args: argparse.Namespace) -> int:
    """Copy takes with sidecars and an index CSV into a folder."""
    flt = TakeFilter(run_id=args.run, favourite=args.fav)
    with _library() as lib:
        rows = export_takes(lib, Path(args.dir), flt)
    if args.json:
        for row in rows:
            emit_json(row)
    say(f"Exported {len(rows)} take(s) to {args.dir} (clips, JSON sidecars, index.csv).")
    return EXIT_OK


class _library:  # noqa: N801 - used as a context manager like open()
    def __enter__(self) -> Library:
        self.lib = Library()
        return self.lib

    def __exit__(self, *exc: object) -> None:
        self.lib.close()


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
