"""``compare``: 2–9 takes as one labelled comparison video (H.264 MP4) to share."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.output import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    emit_json,
    emit_lines,
    report_problems,
    say,
)

if TYPE_CHECKING:
    from workbench.engine.comparing import ComparisonVideo

TILE_COLUMNS = ("tile", "label", "take", "provider", "model", "seed")


class ProgressLine:
    """Export progress on stderr: one line redrawn on a terminal, a line per tenth if not.

    Called on the engine's worker thread.
    """

    def __init__(self) -> None:
        self._tty = sys.stderr.isatty()
        self._last = -1
        self._lock = threading.Lock()

    def __call__(self, fraction: float) -> None:
        """Show ``fraction`` (0–1) done."""
        percent = int(fraction * 100)
        step = percent if self._tty else percent // 10 * 10
        with self._lock:
            if step == self._last:
                return
            self._last = step
            if self._tty:
                end = "\n" if percent >= 100 else ""
                sys.stderr.write(f"\r  comparison video {percent:3d}%{end}")
            else:
                sys.stderr.write(f"  comparison video {step}%\n")
            sys.stderr.flush()


def cmd_compare(args: argparse.Namespace) -> int:
    """Export the takes as one video, side by side or in a grid, labelled and captioned."""
    from workbench.cli.session import EngineSession
    from workbench.compare.errors import CompareCanceled, CompareFailed
    from workbench.compare.layout import CompareLayout
    from workbench.domain.problems import InvalidRequest

    layout = CompareLayout.ROW if args.row else CompareLayout.GRID
    progress = None if args.quiet else ProgressLine()
    cancel = threading.Event()
    with EngineSession(args, progress=False) as session:
        future = session.host.submit(
            lambda e: e.compare_video(
                args.takes, Path(args.output), layout, args.blind, progress, cancel
            )
        )
        try:
            video = future.result()
        except KeyboardInterrupt:
            cancel.set()  # the worker removes its temporary file before the engine stops
            with contextlib.suppress(Exception):
                future.result(timeout=30)
            say("Interrupted: no comparison video was written.")
            return EXIT_INTERRUPTED
        except InvalidRequest as exc:
            return report_problems(exc.problems, "No comparison video was made")
        except CompareCanceled:
            say("Canceled: no comparison video was written.")
            return EXIT_INTERRUPTED
        except CompareFailed as exc:
            say(f"No comparison video was made: {exc}")
            return EXIT_SOME_FAILED
    _report(video, args.json)
    return EXIT_OK


def _report(video: ComparisonVideo, as_json: bool) -> None:
    if as_json:
        emit_json(dataclasses.asdict(video))
        return
    emit_lines(
        (
            {
                "tile": t.position,
                "label": t.label,
                "take": t.take_id,
                "provider": t.provider,
                "model": t.model,
                "seed": t.seed,
            }
            for t in video.tiles
        ),
        False,
        TILE_COLUMNS,
    )
    shape = f"{video.rows}×{video.cols} grid" if video.layout == "grid" else "row"
    say(
        f"Wrote {video.path} ({video.width}×{video.height}, {video.duration:g} s at "
        f"{video.fps:g} fps, {shape}, {video.bytes / 1e6:.1f} MB"
        + (", blind" if video.blind else "")
        + ")."
    )


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``compare``."""
    compare = sub.add_parser(
        "compare",
        help="export 2–9 takes as one labelled comparison video (MP4)",
        description="Export takes side by side or in a grid, each tile labelled with its "
        "service, model and seed (or A, B, C… with --blind), the prompt as a caption. "
        "H.264 MP4 without sound; the file appears complete or not at all.",
    )
    compare.add_argument("takes", type=int, nargs="+", metavar="TAKE", help="take ids, in order")
    compare.add_argument(
        "-o", "--output", required=True, metavar="FILE.mp4", help="the video to write"
    )
    shape = compare.add_mutually_exclusive_group()
    shape.add_argument("--grid", action="store_true", help="a grid of up to 3×3 (the default)")
    shape.add_argument("--row", action="store_true", help="all takes side by side")
    compare.add_argument(
        "--blind", action="store_true", help="label tiles A, B, C… instead of service and model"
    )
    compare.add_argument("--json", action="store_true", help="the result as JSON on stdout")
    compare.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    compare.set_defaults(func=cmd_compare)
