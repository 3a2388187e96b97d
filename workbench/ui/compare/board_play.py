"""Playback in the board's own tiles: the selection plays where it is.

Choice (and why): the board keeps its tiles. Space plays the selected tiles in place — each
tile's poster is replaced by its player's current frame, painted by the board's delegate
(``TileDelegate.live_frame``) at poster size, converted off the GUI thread. Opening the
focus view for every Space would lose the board's context (rows, stars, the current tile)
and the arrows would stop moving tiles. Only tiles that are selected *and on screen* get a
player; scrolling one away closes its player, scrolling it back reopens it at the
timeline's position — tiles off screen do not decode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QImage

from workbench.domain.views import JobView
from workbench.ui.compare.blind_model import playable
from workbench.ui.compare.sync import SyncController

if TYPE_CHECKING:
    from workbench.ui.board_pane import BoardPane


class BoardPlayback(QObject):
    """Keeps the sync controller's takes = the board's visible selection, while active.

    Args:
        pane: the board pane (its view and model).
        sync: the controller.
        parent: owner.
    """

    def __init__(
        self, pane: BoardPane, sync: SyncController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.sync = sync
        self.active = True
        self._jobs: dict[int, int] = {}  # take id → job id of the tiles playing
        self._chosen: set[int] = set()  # job ids selected at the last refresh
        self._hovered: int | None = None  # job id under the mouse
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.refresh)
        view = pane.view
        view.tile_delegate.live_frame = self._live_frame
        view.sig_current_changed.connect(self._on_view_current_changed)
        view.horizontalScrollBar().valueChanged.connect(self.schedule)
        view.verticalScrollBar().valueChanged.connect(self.schedule)
        view.viewport().installEventFilter(self)
        sync.sig_frame.connect(self._on_sync_frame)
        sync.sig_takes_changed.connect(view.viewport().update)
        self.watch_selection()

    def watch_selection(self) -> None:
        """Follow the view's (new) selection model: call after the board's model is swapped."""
        selection = self.pane.view.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self.schedule)

    def set_active(self, on: bool) -> None:
        """The board is shown (True) or a page is (False: the page owns the takes)."""
        self.active = on
        if on:
            self.refresh()
        self.pane.view.viewport().update()

    def schedule(self, *_args: object) -> None:
        """Recompute the takes once the event loop is free (selections change in bursts)."""
        if self.active:
            self._refresh.start()

    def stop(self) -> None:
        """No refresh pending (shutdown)."""
        self._refresh.stop()

    # -- which tiles play ------------------------------------------------------------------
    def chosen(self) -> list[JobView]:
        """Selected delivered tiles, else the current one (on screen or not)."""
        view = self.pane.view
        jobs = [j for j in view.selected_jobs() if playable(j)]
        if not jobs:
            current = view.current_job()
            jobs = [current] if current is not None and playable(current) else []
        return jobs

    def candidates(self) -> list[JobView]:
        """The chosen tiles that are on screen: the ones that play."""
        return [j for j in self.chosen() if self._on_screen(j)]

    def _on_screen(self, job: JobView) -> bool:
        view = self.pane.view
        model = view.board_model()
        if model is None:
            return False
        rect = view.visualRect(model.index_of(job.id))
        return rect.isValid() and view.viewport().rect().intersects(rect)

    def refresh(self) -> None:
        """Give the controller the tiles that should play (the board is shown)."""
        if not self.active:
            return
        chosen = {j.id for j in self.chosen()}
        if self.sync.is_armed() and not self.sync.is_playing() and not chosen & self._chosen:
            self.sync.reset()  # other tiles altogether: their posters, from the start
        self._chosen = chosen
        jobs = self.candidates()
        self._jobs = {j.take.id: j.id for j in jobs if j.take is not None}
        size = self.pane.view.tile_delegate.metrics.poster * self.pane.view.devicePixelRatioF()
        for take_id in self._jobs:
            self.sync.set_display_size(take_id, size)
        self.sync.set_takes([j.take for j in jobs if j.take is not None])
        self._update_sound()

    # -- painting --------------------------------------------------------------------------
    def _live_frame(self, job_id: int) -> QImage | None:
        if not self.active or not self.sync.is_armed():
            return None
        view = self.pane.view
        model = view.board_model()
        job = model.job_at(model.index_of(job_id)) if model is not None else None
        if job is None or job.take is None:
            return None
        player = self.sync.player(job.take.id)
        return player.image() if player is not None else None

    def _on_sync_frame(self, take_id: int) -> None:
        job_id = self._jobs.get(take_id)
        if job_id is None or not self.active:
            return
        view = self.pane.view
        model = view.board_model()
        if model is not None:
            rect: QRect = view.visualRect(model.index_of(job_id))
            view.viewport().update(rect)

    # -- sound -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The hovered tile has the sound; leaving the board gives it to the current tile."""
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            view = self.pane.view
            model = view.board_model()
            index = view.indexAt(event.position().toPoint())  # type: ignore[attr-defined]
            job = model.job_at(index) if model is not None else None
            hovered = job.id if job is not None else None
            if hovered != self._hovered:
                self._hovered = hovered
                self._update_sound()
        elif kind == QEvent.Type.Leave:
            self._hovered = None
            self._update_sound()
        elif kind == QEvent.Type.Resize:
            self.schedule()
        return False

    def _on_view_current_changed(self, _job: object) -> None:
        self._update_sound()

    def _update_sound(self) -> None:
        if not self.active:
            return
        by_job = {job_id: take_id for take_id, job_id in self._jobs.items()}
        current = self.pane.view.current_job()
        for job_id in (self._hovered, current.id if current else None):
            if job_id in by_job:
                self.sync.set_audible(by_job[job_id])
                return
        self.sync.set_audible(None)
