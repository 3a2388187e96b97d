"""``workbench``: the headless command line over the same engine the app uses.

Results go to stdout (``--json`` for JSON Lines), progress and problems to stderr.
Exit codes: 0 all good, 1 some draws failed or are unfinished, or the library or disk
refused (one sentence says why), 2 bad input (nothing sent), 130 Ctrl+C, 143 SIGTERM (both
stop cleanly: draws already sent keep rendering and ``workbench resume`` collects them).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from workbench import __version__
from workbench.cli import admin_cmd, compare_cmd, info_cmd, library_cmd, run_cmd, settings_cmd
from workbench.cli.faults import (
    NoticeFormatter,
    describe_os_error,
    sigterm_as_interrupt,
    stop_cause,
)
from workbench.cli.output import EXIT_BAD_INPUT, EXIT_SOME_FAILED, say
from workbench.library.errors import LibraryError
from workbench.secrets import SecretScrubber
from workbench.settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Send one prompt to several AI video services; compare and keep takes.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more to stderr (-vv for HTTP details)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    run_cmd.add_parsers(sub)
    library_cmd.add_parsers(sub)
    admin_cmd.add_parsers(sub)
    settings_cmd.add_parsers(sub)
    info_cmd.add_parsers(sub)
    compare_cmd.add_parsers(sub)
    return parser


def _logging(verbosity: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(SecretScrubber())
    handler.setFormatter(NoticeFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbench`` console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 2 on bad usage, 0 for --help
        return int(exc.code or 0)
    _logging(args.verbose)
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    try:
        with sigterm_as_interrupt():  # a logout or a service manager: like Ctrl+C
            return int(args.func(args))
    except LibraryError as exc:  # read-only, full, busy, damaged, too new: one sentence
        say(str(exc))
        return EXIT_SOME_FAILED
    except SettingsError as exc:
        say(f"Cannot read the settings: {exc}.")
        return EXIT_BAD_INPUT
    except OSError as exc:
        sentence = describe_os_error(exc)
        if sentence is None:
            raise
        say(sentence)
        return EXIT_SOME_FAILED
    except KeyboardInterrupt as exc:  # Ctrl+C (130) or SIGTERM (143) outside a run
        from workbench.cli.session import interrupted_code

        say(f"{stop_cause(exc)}.")
        return interrupted_code(exc)
