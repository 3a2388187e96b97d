"""Comparing takes on the board: which view is shown, which takes it shows, the keys.

:class:`CompareController` owns the pieces and wires them; it decides nothing about time
(that is the :class:`~workbench.ui.compare.sync.SyncController`'s) and paints nothing.

- **Grid** (G): the board; Space plays the selected tiles in place (``board_play``).
- **Focus** (E, Enter, double-click): the current take alone at full board size; with
  several tiles selected, Enter and double-click open them as **Survey** (N): a 1–9 grid.
- **A/B** (C): the first two selected takes (or the current one and the next) in one frame.
- Esc goes back to the board; the timeline (position, playing, loop) carries across views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from workbench.domain.views import JobView
from workbench.ui.compare import surface
from workbench.ui.compare.ab_page import ABView
from workbench.ui.compare.actions import CompareActions
from workbench.ui.compare.blind import BlindMode
from workbench.ui.compare.blind_model import playable
from workbench.ui.compare.board_play import BoardPlayback
from workbench.ui.compare.focus import MAX_TILES, FocusView
from workbench.ui.compare.modes import AB, FOCUS, GRID, SURVEY, ModeBar
from workbench.ui.compare.sync import SyncController
from workbench.ui.compare.transport import TransportBar

if TYPE_CHECKING:
    from workbench.ui.board_pane import BoardPane
    from workbench.ui.compare.export import ComparisonExport


class CompareController(QObject):
    """The compare views of one board pane (see the module docstring).

    Args:
        pane: the board pane: its header gets the mode buttons, its stack the pages, its
            layout the transport bar.
        parent: owner (the main window).
        say: where sentences for the status bar go.
    """

    sig_mode_changed = Signal(str)
    """Another view is shown: ("grid", "focus", "ab" or "survey")."""
    sig_message = Signal(str)
    """A sentence for the status bar (why a view could not open…)."""

    def __init__(
        self,
        pane: BoardPane,
        parent: QObject | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.sync = SyncController(self)
        self.blind_mode = BlindMode(pane, self)
        self.transport = TransportBar(self.sync, pane)
        layout = pane.layout()
        if layout is not None:
            layout.addWidget(self.transport)
        self.focus_view = FocusView(self.sync, pane)
        self.ab_view = ABView(self.sync, pane)
        pane.add_page(self.focus_view)
        pane.add_page(self.ab_view)
        self.modes = ModeBar(pane)
        pane.add_header_widget(self.modes)
        self.board_play = BoardPlayback(pane, self.sync, self)
        self.actions = CompareActions(self)
        self.actions.install(pane, [self.focus_view, self.ab_view])
        self.actions.export.setEnabled(False)  # until an ComparisonExport (attach) takes it on
        self.export_flow: ComparisonExport | None = None
        self._mode = GRID
        if say is not None:
            self.sig_message.connect(say)
        self._connect()

    def _connect(self) -> None:
        a, sync = self.actions, self.sync
        a.play_pause.triggered.connect(self.play_pause)
        a.pause.triggered.connect(sync.pause)
        a.step_back.triggered.connect(lambda: self.step(-1))
        a.step_forward.triggered.connect(lambda: self.step(1))
        a.frame_left.triggered.connect(lambda: self.step(-1))
        a.frame_right.triggered.connect(lambda: self.step(1))
        a.second_left.triggered.connect(lambda: self._prepared(lambda: sync.step_seconds(-1)))
        a.second_right.triggered.connect(lambda: self._prepared(lambda: sync.step_seconds(1)))
        a.start.triggered.connect(lambda: self._prepared(sync.home))
        a.end.triggered.connect(lambda: self._prepared(sync.end))
        a.loop.toggled.connect(sync.set_loop)
        sync.sig_loop_changed.connect(a.loop.setChecked)
        a.grid.triggered.connect(lambda: self.show_mode(GRID))
        a.focus.triggered.connect(lambda: self.show_mode(FOCUS))
        a.ab.triggered.connect(lambda: self.show_mode(AB))
        a.survey.triggered.connect(lambda: self.show_mode(SURVEY))
        a.back.triggered.connect(lambda: self.show_mode(GRID))
        a.blind.triggered.connect(self.blind_mode.set_active)
        self.modes.sig_mode_requested.connect(self.show_mode)
        self.modes.sig_blind_requested.connect(self.blind_mode.set_active)
        self.blind_mode.sig_changed.connect(self._on_blind_changed)
        self.blind_mode.sig_revealed.connect(self._on_blind_revealed)
        self.focus_view.sig_focus_one_requested.connect(self._on_focus_one_requested)
        self.pane.view.sig_open_requested.connect(self.open_job)
        self.pane.sig_board_shown.connect(self._on_pane_board_shown)

    # -- transport through the keyboard ----------------------------------------------------
    def _prepared(self, move: Callable[[], None]) -> None:
        """On the board, the takes are the visible selection at the moment of the key."""
        if self._mode == GRID:
            self.board_play.refresh()
        move()

    def play_pause(self) -> None:
        """Space."""
        self._prepared(self.sync.toggle)

    def step(self, frames: int) -> None:
        """A frame step of the fastest take (pauses)."""
        self._prepared(lambda: self.sync.step(frames))

    # -- views ----------------------------------------------------------------------------
    def mode(self) -> str:
        """The view shown: "grid", "focus", "ab" or "survey"."""
        return self._mode

    def open_job(self, job_id: int) -> None:
        """Enter or double-click on a tile: the selection as a survey, or that tile alone."""
        ids = [j.id for j in self._selected()]
        self.show_mode(SURVEY if len(ids) > 1 and job_id in ids else FOCUS)

    def show_mode(self, mode: str) -> bool:
        """Show a view; False (and a sentence why) when it has nothing to show."""
        if mode == GRID:
            self._show_grid()
            return True
        if mode == AB:
            pair = self._pair()
            if pair is None:
                self.sig_message.emit(self.tr("Select two delivered takes to compare them A/B."))
                self.modes.set_mode(self._mode)
                return False
            self.ab_view.set_jobs(pair[0], pair[1], (self._label(pair[0]), self._label(pair[1])))
            self._show_page(AB, self.ab_view, list(pair))
            return True
        jobs = self._survey() if mode == SURVEY else self._current()
        if not jobs:
            self.sig_message.emit(self.tr("No delivered take to show yet."))
            self.modes.set_mode(self._mode)
            return False
        if mode == SURVEY and len(self._selected()) > MAX_TILES:
            self.sig_message.emit(self.tr("Showing the first nine selected takes."))
        self.focus_view.set_jobs(jobs, {j.id: self._label(j) for j in jobs})
        self._show_page(mode, self.focus_view, jobs)
        return True

    def _show_page(self, mode: str, page: QWidget, jobs: list[JobView]) -> None:
        self.board_play.set_active(False)
        self.pane.show_page(page)
        self.sync.set_takes([j.take for j in jobs if j.take is not None])
        self.sync.arm()
        if mode == AB:
            self.ab_view.canvas.request_sizes()
            self.sync.set_audible(jobs[0].take.id if jobs[0].take else None)
        else:
            for tile in self.focus_view.tiles():
                tile.request_size()
            self.sync.set_audible(self.focus_view.sound_target())
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_mode(mode)

    def _show_grid(self) -> None:
        self.pane.show_page(None)
        self.board_play.set_active(True)
        self.pane.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_mode(GRID)

    def _set_mode(self, mode: str) -> None:
        self.modes.set_mode(mode)
        if mode != self._mode:
            self._mode = mode
            self.sig_mode_changed.emit(mode)

    # -- which takes ----------------------------------------------------------------------
    def _selected(self) -> list[JobView]:
        return [j for j in self.pane.view.selected_jobs() if playable(j)]

    def _current(self) -> list[JobView]:
        job = self.pane.view.current_job()
        if job is not None and playable(job):
            return [job]
        return self._selected()[:1]

    def _survey(self) -> list[JobView]:
        return self._selected()[:MAX_TILES] or self._current()

    def _pair(self) -> tuple[JobView, JobView] | None:
        selected = self._selected()
        if len(selected) >= 2:
            return selected[0], selected[1]
        model = self.pane.view.board_model()
        first = selected[0] if selected else next(iter(self._current()), None)
        if first is None or model is None:
            return None
        jobs = [j for j in model.jobs() if playable(j)]
        later = jobs[jobs.index(first) + 1 :] if first in jobs else []
        other = next(iter(later), None) or next((j for j in jobs if j.id != first.id), None)
        return (first, other) if other is not None else None

    def _label(self, job: JobView) -> str:
        return surface.take_label(job, self.blind_mode.letter_of(job.id))

    def _fresh(self, job: JobView) -> JobView:
        """The draw as the board shows it now (masked while blind, named when not)."""
        model = self.pane.view.board_model()
        found = model.job_at(model.index_of(job.id)) if model is not None else None
        return found or job

    # -- events ---------------------------------------------------------------------------
    def _on_blind_changed(self, on: bool) -> None:
        self.board_play.watch_selection()
        self.modes.set_blind(on)
        self.actions.blind.setChecked(on)
        jobs = [self._fresh(j) for j in self.focus_view.jobs()]
        self.focus_view.set_jobs(jobs, {j.id: self._label(j) for j in jobs})
        pair = self.ab_view.jobs()
        if pair is not None:
            a, b = self._fresh(pair[0]), self._fresh(pair[1])
            self.ab_view.set_jobs(a, b, (self._label(a), self._label(b)))
        if self._mode == GRID:
            self.board_play.refresh()

    def _on_blind_revealed(self) -> None:
        self.sig_message.emit(self.tr("Every take is rated: the names are back."))

    def _on_focus_one_requested(self, job_id: int) -> None:
        job = next((j for j in self.focus_view.jobs() if j.id == job_id), None)
        if job is not None and len(self.focus_view.jobs()) > 1:
            self.focus_view.set_jobs([job], {job.id: self._label(job)})
            self._show_page(FOCUS, self.focus_view, [job])

    def _on_pane_board_shown(self, _board: object) -> None:
        """Another board: back to its tiles, nothing playing."""
        self.sync.reset()
        if self._mode != GRID:
            self._show_grid()

    # -- life ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop every player and timer (the window is closing)."""
        self.board_play.stop()
        self.sync.shutdown()
