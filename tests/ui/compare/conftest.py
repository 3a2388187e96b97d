"""A board pane with the compare views on real frame-numbered clips (no engine needed).

Clips (made once per session, PyAV, H.264): ``red`` 2 s at 24 fps, ``blue`` 3 s at 30 fps,
``green`` 2 s at 30 fps, ``gold`` 3 s at 24 fps — different lengths and rates on purpose.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from compare_clips import CLIPS, make_clip
from compare_helpers import Compare, FakeBridge, board_jobs
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from workbench.domain.views import JobView
from workbench.ui import theme
from workbench.ui.board_pane import BoardPane
from workbench.ui.compare.controller import CompareController


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's clips, 320×180."""
    folder = tmp_path_factory.mktemp("compare-clips")
    for name, (seconds, fps, color) in CLIPS.items():
        make_clip(folder / f"{name}.mp4", seconds, fps, color=color)
    return folder


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    """The dark theme (pixel checks need known colours)."""
    palette = qapp.palette()
    theme.apply_theme(qapp, "dark")
    yield
    theme.apply_theme(qapp, "light")
    qapp.setPalette(palette)


@pytest.fixture
def compare(qtbot: Any, clip_dir: Path, dark: None) -> Iterator[Compare]:
    """A shown board pane of four takes (two rows) with the compare views attached."""
    host = QWidget()
    host.resize(1200, 760)
    pane = BoardPane(FakeBridge(), host)  # type: ignore[arg-type]
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pane)
    controller = CompareController(pane, host)
    controller.blind_mode._rng = random.Random(7)  # a shuffle the tests can repeat
    pane.model.set_jobs(board_jobs(clip_dir), 1, 7)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    pane.view.setFocus()
    yield Compare(host, pane, controller)
    controller.shutdown()
    # Nothing may outlive a test: players closed, timers stopped, conversions done.
    assert not controller.sync.players()
    assert not controller.sync.timers_active()
    assert controller.sync.converter.wait(3000)
    running = [t for t in host.findChildren(QTimer) if t.isActive() and t.interval() < 1000]
    assert not running, running


@pytest.fixture
def jobs_by_clip(clip_dir: Path) -> Callable[[str], JobView]:
    """The draw of the board showing a given clip."""
    jobs = {Path(j.take.path).stem: j for j in board_jobs(clip_dir) if j.take}

    def find(name: str) -> JobView:
        return jobs[name]

    return find
