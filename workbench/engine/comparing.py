"""Comparison videos through the engine: takes by id in, one labelled MP4 out.

The takes are read on the loop (the library's own thread); checking the output place,
probing the clips and encoding run on worker threads (the loop's default executor, as
``asyncio.to_thread`` uses), which also import numpy, PyAV and Pillow on first use, so
the loop keeps serving windows and draws while a video is made. ``progress`` is called
on that worker thread: a window passes something thread-safe (a queued signal's
``emit``), never a widget method.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.compare.layout import MAX_TILES, MIN_TILES, CompareLayout
from workbench.domain.problems import InvalidRequest, Problem
from workbench.providers import registry

if TYPE_CHECKING:
    from workbench.domain.views import TakeView
    from workbench.library.library import Library


@dataclass(frozen=True, slots=True)
class ComparedTake:
    """One tile of a comparison video and the take behind it (the key to a blind video)."""

    position: int  # 1-based, row by row
    label: str
    take_id: int
    provider: str
    service: str
    model: str
    seed: int | None


@dataclass(frozen=True, slots=True)
class ComparisonVideo:
    """A written comparison video."""

    path: str
    width: int
    height: int
    duration: float
    fps: float
    frames: int
    layout: str
    rows: int
    cols: int
    blind: bool
    bytes: int
    tiles: tuple[ComparedTake, ...]


class ComparingMixin:
    """Mixin of :class:`~workbench.engine.engine.Engine`: the comparison video."""

    # Provided by the Engine this is mixed into (annotations only).
    library: Library

    async def compare_video(
        self,
        take_ids: Sequence[int],
        out: Path | str,
        layout: CompareLayout = CompareLayout.GRID,
        blind: bool = False,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ComparisonVideo:
        """Export 2–9 takes as one H.264 MP4, labelled, with the prompt as a caption.

        Tiles follow ``take_ids`` row by row; blind labels them A, B, C… in that order
        (shuffle the ids first for a blind test). Everything is checked before a byte is
        written; the file appears complete or not at all.

        Args:
            take_ids: the takes, 2–9, each once.
            out: the ``.mp4`` to write (replaced if it exists).
            layout: ``GRID`` or ``ROW``.
            blind: A, B, C… instead of service · model · seed.
            progress: 0–1, called on the worker thread (see the module's note).
            cancel: set it to stop; cancelling this coroutine sets it too.

        Raises:
            InvalidRequest: every problem with the request, in words; nothing was written.
            CompareFailed: writing failed part way; nothing was left behind.
            CompareCanceled: canceled; nothing was left behind.
        """
        ids = list(take_ids)
        problems = _count_problems(ids)
        takes = []
        for take_id in dict.fromkeys(ids):
            try:
                takes.append(self.library.take_view(take_id))
            except LookupError:
                problems.append(Problem(code="take", message=f"there is no take {take_id}"))
        out = Path(out)
        problems += await asyncio.to_thread(_output_problems, out, [t.path for t in takes])
        if problems:
            raise InvalidRequest(problems)
        stop = cancel if cancel is not None else threading.Event()
        job = _Export(tuple(takes), layout, blind, progress, stop)
        # asyncio.to_thread's mechanism, but a plain future rather than a task: a shutdown
        # that cancels every task cannot part us from the thread before it has cleaned up.
        work = asyncio.get_running_loop().run_in_executor(None, job.run, out)
        try:
            return await asyncio.shield(work)
        except asyncio.CancelledError:
            stop.set()  # the worker stops within a frame and removes its temporary file
            with contextlib.suppress(Exception):
                await work
            raise


def _count_problems(ids: list[int]) -> list[Problem]:
    problems = []
    if not MIN_TILES <= len(ids) <= MAX_TILES:
        problems.append(
            Problem(
                code="count",
                message=f"a comparison video takes {MIN_TILES} to {MAX_TILES} takes, "
                f"not {len(ids)}",
            )
        )
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(
            Problem(
                code="repeat",
                message="each take can be shown once; repeated: " + ", ".join(map(str, repeated)),
            )
        )
    return problems


def _service(provider_id: str) -> str:
    """A service's own name ("Kling", "Google Veo"), or its id when it is gone."""
    try:
        return registry.provider_info(provider_id).label
    except (LookupError, ImportError):
        return provider_id


def _caption(takes: tuple[TakeView, ...]) -> str:
    """The prompt the takes share; different prompts one after another."""
    return " / ".join(dict.fromkeys(t.prompt for t in takes))


def _output_problems(out: Path, takes: list[str]) -> list[Problem]:
    """Why ``out`` cannot be written (on a worker thread: it asks the disk)."""
    from workbench.compare.video import output_problems

    return [Problem(code="output", message=m) for m in output_problems(out.expanduser(), takes)]


@dataclass(frozen=True, slots=True)
class _Export:
    """One export's inputs, carried to the worker thread (take views are immutable)."""

    takes: tuple[TakeView, ...]
    layout: CompareLayout
    blind: bool
    progress: Callable[[float], None] | None
    cancel: threading.Event

    def run(self, out: Path) -> ComparisonVideo:
        """Plan and write (on the worker thread, which also pays for the imports)."""
        from workbench.compare import (
            CompareError,
            CompareTile,
            plan_comparison,
            render_comparison,
        )

        out = out.expanduser()
        tiles = [
            CompareTile(Path(t.path), _service(t.provider), t.model, t.seed, t.id)
            for t in self.takes
        ]
        try:  # a CompareError comes before anything is written: the clips, the output place
            plan = plan_comparison(
                tiles, layout=self.layout, caption=_caption(self.takes), blind=self.blind
            )
            render_comparison(plan, out, progress=self.progress, cancel=self.cancel)
        except CompareError as exc:
            raise InvalidRequest([Problem(code="compare", message=str(exc))]) from None
        return ComparisonVideo(
            path=str(out.resolve()),
            width=plan.width,
            height=plan.height,
            duration=round(plan.duration, 3),
            fps=round(float(plan.fps), 3),
            frames=plan.frames,
            layout=self.layout.value,
            rows=plan.arrangement.rows,
            cols=plan.arrangement.cols,
            blind=self.blind,
            bytes=out.stat().st_size,
            tiles=tuple(
                ComparedTake(
                    position=index + 1,
                    label=label,
                    take_id=take.id,
                    provider=take.provider,
                    service=tile.service,
                    model=take.model,
                    seed=take.seed,
                )
                for index, (take, tile, label) in enumerate(
                    zip(self.takes, tiles, plan.labels, strict=True)
                )
            ),
        )
