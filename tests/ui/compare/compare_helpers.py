"""Helpers of the compare tests: delivered draws on the session's clips, a driven board."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compare_clips import CLIPS
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView, TakeBrief
from workbench.ui.board_pane import BoardPane
from workbench.ui.compare.controller import CompareController

#: Board rows: (provider, model) and the clips of its draws.
ROWS = [
    (("kling", "kling-v3"), ["red", "blue"]),
    (("seedance", "dreamina-seedance-2-0-260128"), ["green", "gold"]),
]


class FakeBridge:
    """Enough of EngineBridge for a BoardPane that is fed directly."""

    def call(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def board_jobs(
    clip_dir: Path, rows: list[tuple[tuple[str, str], list[str]]] = ROWS
) -> list[JobView]:
    """Delivered draws on the session's clips, one row per (provider, model)."""
    jobs = []
    job_id = 100
    for (provider, model), names in rows:
        for draw, name in enumerate(names, start=1):
            job_id += 1
            seconds, fps, _color = CLIPS[name]
            take = TakeBrief(
                id=job_id + 1000,
                path=str(clip_dir / f"{name}.mp4"),
                poster=None,
                duration=seconds,
                width=320,
                height=180,
                fps=float(fps),
                audio=False,
            )
            jobs.append(
                JobView(
                    id=job_id,
                    run_id=1,
                    prompt_version_id=7,
                    provider=provider,
                    model=model,
                    draw_no=draw,
                    state=JobState.DONE,
                    seed=4000 + job_id,
                    seed_supported=True,
                    params={"duration": int(seconds), "aspect": "16:9", "resolution": "720p"},
                    est_cost_usd=0.42,
                    cost_usd=0.37,
                    charged=True,
                    render_s=61.0,
                    take=take,
                )
            )
    return jobs


class Compare:
    """What a compare test drives: the host widget, the pane and the controller."""

    def __init__(self, host: QWidget, pane: BoardPane, controller: CompareController) -> None:
        self.host = host
        self.pane = pane
        self.controller = controller
        self.sync = controller.sync

    def select(self, *job_ids: int, current: int | None = None) -> None:
        """Select these tiles (and make one current)."""
        view = self.pane.view
        model = view.board_model()
        assert model is not None
        selection = view.selectionModel()
        selection.clearSelection()
        for job_id in job_ids:
            selection.select(model.index_of(job_id), QItemSelectionModel.SelectionFlag.Select)
        target = current if current is not None else job_ids[0]
        selection.setCurrentIndex(
            model.index_of(target), QItemSelectionModel.SelectionFlag.NoUpdate
        )
