"""The one place that keeps the shown takes in step: a shared timeline and its players.

Every view (board tiles, focus grid, A/B) paints what the players of this controller hold;
none of them starts, seeks or pauses a player itself. The timeline is a clock of its own
(milliseconds since every clip's start); players follow it:

- **play** first *prerolls*: every player is paused on the frame at the start position, and
  only when all have decoded it do they all start, in one go, with the clock. Starting
  together is what keeps them together (measured: nine players in step to the frame).
- **pause, step, scrub, Home/End** pause every player on the frame each shows at the
  timeline's position (``timeline.seek_position``), so paused views agree exactly.
- **while playing**, every frame a player delivers is stamped against the clock; a player
  drifting from the group gets its playback rate nudged until it is back (no seek, no
  hitch); one that stalled far behind makes the clock and the others wait for it, and one
  far ahead waits for them; if the whole group lags, the clock follows the group; and the
  tiles show one moment together (``present``), however late conversions come.
- clips of different lengths share the timeline: a shorter one holds its last frame, and
  the timeline ends (or loops) with the longest. Frame steps are one frame of the fastest.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QElapsedTimer, QObject, QSize, QTimer, Signal

from workbench.domain.views import TakeBrief
from workbench.ui.compare import timeline
from workbench.ui.compare.drift import DriftGuard
from workbench.ui.compare.frames import FrameConverter
from workbench.ui.compare.player import ClipPlayer
from workbench.ui.compare.present import Presenter

#: How often the timeline moves the scrub bar and checks for its end while playing.
TICK_MS = 30
#: How often players are compared with the clock while playing.
CHECK_MS = 250
#: Players wait at most this long for their first frame before the group starts anyway.
PREROLL_TIMEOUT_MS = 15_000


class SyncController(QObject):
    """Players of the takes being compared, kept on one timeline (see the module docstring).

    Takes are set with :meth:`set_takes`; no file is opened until something asks to see a
    frame (:meth:`play`, :meth:`seek`, a step…) — a selection alone decodes nothing.
    """

    sig_position_changed = Signal(float)
    """The timeline moved: (milliseconds from the clips' start)."""
    sig_playing_changed = Signal(bool)
    """Playback started (True) or stopped (False)."""
    sig_loop_changed = Signal(bool)
    """Looping was turned on or off."""
    sig_takes_changed = Signal()
    """The takes kept in step, or their durations, changed."""
    sig_frame = Signal(int)
    """A player has a new image to paint: (take id)."""
    sig_audible_changed = Signal(object)
    """The take whose sound is heard changed: (take id, or None for silence)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.converter = FrameConverter(self)
        self.drift = DriftGuard()
        self.presenter = Presenter()
        self._takes: list[TakeBrief] = []
        self._players: dict[int, ClipPlayer] = {}
        self._sizes: dict[int, QSize] = {}
        self._armed = False
        self._playing = False
        self._prerolling = False
        self._commanding = False
        self._late: set[int] = set()  # players that missed the start of a preroll
        self._resume_after_scrub = False
        self._loop = False
        self._wall = QElapsedTimer()
        self._wall.start()
        self._anchor_pos = 0.0
        self._anchor_wall = 0
        self._last_check = 0
        self._audible: int | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._preroll_timer = QTimer(self)
        self._preroll_timer.setSingleShot(True)
        self._preroll_timer.setInterval(PREROLL_TIMEOUT_MS)
        self._preroll_timer.timeout.connect(self._on_preroll_timer_timeout)

    # -- the takes -------------------------------------------------------------------------
    def set_takes(self, takes: Sequence[TakeBrief]) -> None:
        """Keep these takes in step (order kept; repeats and takes without a file dropped).

        Players of takes that stay are kept (no reload, no hitch); new ones join at the
        timeline's position, playing if the group plays.
        """
        seen: set[int] = set()
        wanted = [t for t in takes if t.path and not (t.id in seen or seen.add(t.id))]
        if [t.id for t in wanted] == [t.id for t in self._takes]:
            self._takes = wanted  # fresher briefs (a rating) for the same clips
            return
        self._takes = wanted
        if not wanted:
            self.disarm()
        elif self._armed:
            self._sync_players()
        self._clamp_position()
        self.sig_takes_changed.emit()

    def takes(self) -> list[TakeBrief]:
        """The takes kept in step, in order."""
        return list(self._takes)

    def players(self) -> list[ClipPlayer]:
        """The open players, in the order of the takes (empty until armed)."""
        return [self._players[t.id] for t in self._takes if t.id in self._players]

    def player(self, take_id: int) -> ClipPlayer | None:
        """The player of one take, if open."""
        return self._players.get(take_id)

    def is_armed(self) -> bool:
        """True once the takes' files are open (something asked to see frames)."""
        return self._armed

    def arm(self) -> None:
        """Open every take's file and show the frame at the timeline's position."""
        if self._takes and not self._armed:
            self._armed = True
            self._sync_players()

    def disarm(self) -> None:
        """Stop and close every player (the views show posters again)."""
        self._stop_clock()
        self._armed = False
        for player in list(self._players.values()):
            player.close()
        self._players.clear()
        self.drift.clear()
        self._late.clear()
        self.sig_takes_changed.emit()

    def reset(self) -> None:
        """Close every player and go back to the start (another set of takes altogether)."""
        self.disarm()
        self._set_anchor(0.0)
        self.sig_position_changed.emit(0.0)

    def set_display_size(self, take_id: int, size: QSize) -> None:
        """The size (device pixels) a view paints this take at; frames are converted to it."""
        self._sizes[take_id] = QSize(size)
        player = self._players.get(take_id)
        if player is not None:
            player.set_display_size(size)

    def _sync_players(self) -> None:
        wanted = {t.id: t for t in self._takes}
        self.converter.set_players(len(wanted))
        for take_id in [i for i in self._players if i not in wanted]:
            self._players.pop(take_id).close()
            self.drift.discard(take_id)
            self.presenter.forget(take_id)
        for take in self._takes:
            if take.id in self._players:
                continue
            player = ClipPlayer(take, self.converter, self._clock_for_players, self)
            if take.id in self._sizes:
                player.set_display_size(self._sizes[take.id])
            player.thin = self._thin
            player.present = self._on_player_ready
            player.sig_frame.connect(self.sig_frame)
            player.sig_loaded.connect(self._on_player_loaded)
            player.sig_settled.connect(self._on_player_settled)
            self._players[take.id] = player
            player.set_audible(take.id == self._audible)
            if not self._playing or self._prerolling:
                player.show(self.position())
            # A player joining a playing group starts once loaded (_on_player_loaded).

    # -- the timeline ----------------------------------------------------------------------
    def position(self) -> float:
        """Where the timeline is (ms from the clips' start)."""
        if self._playing and not self._prerolling:
            return self._anchor_pos + (self._wall.elapsed() - self._anchor_wall)
        return self._anchor_pos

    def duration(self) -> float:
        """The longest take's length (ms): where the timeline ends or loops."""
        return max((self._duration_of(t) for t in self._takes), default=0.0)

    def end_position(self) -> float:
        """Where End goes: the longest take's last frame."""
        return max((self._last_start_of(t) for t in self._takes), default=0.0)

    def step_ms(self) -> float:
        """One frame of the fastest take: the size of a frame step."""
        rates = [self._fps_of(t) for t in self._takes]
        return timeline.frame_ms(max(rates)) if rates else timeline.frame_ms(30.0)

    def is_playing(self) -> bool:
        """True while the takes play (including the moment they are prerolled)."""
        return self._playing

    def is_prerolling(self) -> bool:
        """True while every player is being put on the start frame before playing."""
        return self._prerolling

    def loop(self) -> bool:
        """True when the timeline starts over at its end."""
        return self._loop

    def set_loop(self, on: bool) -> None:
        """Loop (L) or stop at the end."""
        if on != self._loop:
            self._loop = on
            self.sig_loop_changed.emit(on)

    def _fps_of(self, take: TakeBrief) -> float:
        player = self._players.get(take.id)
        return player.fps if player else float(take.fps or timeline.DEFAULT_FPS)

    def _duration_of(self, take: TakeBrief) -> float:
        player = self._players.get(take.id)
        return player.duration_ms if player else float(take.duration or 0.0) * 1000.0

    def _last_start_of(self, take: TakeBrief) -> float:
        return timeline.last_frame_start(self._duration_of(take), self._fps_of(take))

    def _clock_for_players(self) -> float | None:
        return self.position() if self._playing and not self._prerolling else None

    def _set_anchor(self, position: float) -> None:
        self._anchor_pos = position
        self._anchor_wall = self._wall.elapsed()

    def _clamp_position(self) -> None:
        if not self._playing and self._anchor_pos > self.end_position():
            self._set_anchor(self.end_position())
            self.sig_position_changed.emit(self._anchor_pos)

    def _stop_clock(self) -> None:
        was = self._playing
        if was:
            self._set_anchor(min(self.position(), self.end_position()))
        self._playing = self._prerolling = False
        self.drift.clear()
        self._late.clear()
        self._tick.stop()
        self._preroll_timer.stop()
        if was:
            self.sig_playing_changed.emit(False)

    # -- transport -------------------------------------------------------------------------
    def play(self) -> None:
        """Play every take from the timeline's position (from the start when at the end)."""
        if not self._takes or self._playing:
            return
        self.arm()
        start = self.position()
        if start >= self.end_position() - 0.5:
            start = 0.0
        self._playing = True
        self.sig_playing_changed.emit(True)
        self._preroll(start)
        self._tick.start()

    def pause(self) -> None:
        """Stop every take on the frame each shows at the timeline's position."""
        if not self._playing:
            return
        self._stop_clock()
        self._show_all(self._anchor_pos)
        self.sig_position_changed.emit(self._anchor_pos)

    def toggle(self) -> None:
        """Space: play or pause."""
        if self._playing:
            self.pause()
        else:
            self.play()

    def seek(self, position: float) -> None:
        """Move every take to ``position`` (ms), playing on if the group plays."""
        if not self._takes:
            return
        self.arm()
        position = min(max(0.0, position), self.end_position())
        if self._playing and not self._prerolling:
            self._set_anchor(position)
            self.drift.clear()
            self._late.clear()
            self.presenter.reset(self.step_ms())
            for player in self.players():
                player.run(position)
        elif self._playing:
            self._preroll(position)
        else:
            self._set_anchor(position)
            self._show_all(position)
        self.sig_position_changed.emit(position)

    def begin_scrub(self) -> None:
        """The scrub bar was grabbed: pause while it moves, resume when let go."""
        self._resume_after_scrub = self._playing
        self.pause()

    def end_scrub(self) -> None:
        """The scrub bar was let go."""
        if self._resume_after_scrub:
            self._resume_after_scrub = False
            self.play()

    def step(self, frames: int) -> None:
        """Pause and move by ``frames`` frames of the fastest take (←/→, "," and ".")."""
        if not self._takes:
            return
        self.pause()
        self.seek(timeline.step_from(self.position(), self.step_ms(), frames))

    def step_seconds(self, seconds: float) -> None:
        """Pause and move by whole seconds (Shift+←/→)."""
        if self._takes:
            self.pause()
            self.seek(self.position() + seconds * 1000.0)

    def home(self) -> None:
        """Go to the start (playing on if the group plays)."""
        self.seek(0.0)

    def end(self) -> None:
        """Pause on the longest take's last frame; shorter takes hold theirs."""
        if self._takes:
            self.pause()
            self.seek(self.end_position())

    def _show_all(self, position: float) -> None:
        for player in self.players():
            if not player.error:
                player.show(position)

    def _preroll(self, position: float) -> None:
        """Pause everyone on the frame at ``position``; start all once all have it."""
        self._prerolling = True
        self.drift.clear()
        self._late.clear()
        self._set_anchor(position)
        self._commanding = True
        try:
            self._show_all(position)
        finally:
            self._commanding = False
        self._preroll_timer.start()
        self._maybe_start()

    def _maybe_start(self, *, anyway: bool = False) -> None:
        """Start the prerolled players together (after a timeout: those that are ready).

        A player still seeking when the others start joins once its frame is decoded, from
        that frame; the drift guard then holds the others until it has caught up — cheaper
        than a second seek, which in a long-GOP clip means decoding it all again.
        """
        if not self._prerolling or self._commanding:
            return
        players = [p for p in self.players() if not p.error]
        waiting = [p for p in players if not p.loaded or p.settling()]
        if waiting and not anyway:
            return
        self._prerolling = False
        self._preroll_timer.stop()
        self._set_anchor(self._anchor_pos)
        self.presenter.reset(self.step_ms())
        self._last_check = self._wall.elapsed()
        self._late = {p.take_id for p in waiting}
        for player in players:
            if player.take_id not in self._late:
                player.run(self._anchor_pos, seek=False)

    # -- players' news ---------------------------------------------------------------------
    def _on_player_loaded(self, take_id: int) -> None:
        player = self._players.get(take_id)
        if player is None:
            return
        if self._playing and not self._prerolling and not player.error:
            player.run(self.position())
        self._maybe_start()
        self._clamp_position()
        self.sig_takes_changed.emit()  # durations and rates are now the file's

    def _on_player_settled(self, take_id: int) -> None:
        if take_id in self._late and self._playing and not self._prerolling:
            self._late.discard(take_id)
            player = self._players.get(take_id)
            if player is not None:
                player.run(self.position(), seek=False)
            return
        self._maybe_start()

    def _on_preroll_timer_timeout(self) -> None:
        self._maybe_start(anyway=True)

    def _on_tick_timeout(self) -> None:
        if not self._playing or self._prerolling:
            return
        position = self.position()
        if position >= self.duration():
            if self._loop:
                self._preroll(0.0)
                self.sig_position_changed.emit(0.0)
            else:
                self._stop_clock()
                self._set_anchor(self.end_position())
                self._show_all(self._anchor_pos)
                self.sig_position_changed.emit(self._anchor_pos)
            return
        self.sig_position_changed.emit(position)
        self.drift.release(self._players, position)
        now = self._wall.elapsed()
        if now - self._last_check >= CHECK_MS:
            self._last_check = now
            moved = self.drift.check(self.players(), position)
            if moved is not None:
                self._set_anchor(moved)
            self.presenter.adapt(self.converter.total_drops())

    def _thin(self, player: ClipPlayer, start: float) -> bool:
        """Convert this frame? While playing, only on the presenter's grid."""
        return self.presenter.wants(player, start) if self._playing else True

    def _on_player_ready(self, player: ClipPlayer) -> None:
        """A frame was converted: while playing, tiles show one moment together."""
        if self._playing and not self._prerolling:
            self.presenter.present(self.players(), self.drift.held)
        elif player.ready:
            player.display(*player.ready[-1])

    # -- sound -----------------------------------------------------------------------------
    def audible(self) -> int | None:
        """The take whose sound is heard (the hovered or focused one)."""
        return self._audible

    def set_audible(self, take_id: int | None) -> None:
        """Only this take is heard (None: silence)."""
        if take_id == self._audible:
            return
        self._audible = take_id
        for player_id, player in self._players.items():
            player.set_audible(player_id == take_id)
        self.sig_audible_changed.emit(take_id)

    # -- life ------------------------------------------------------------------------------
    @property
    def corrections(self) -> int:
        """How often players were held for a stalled one (the benchmark reports it)."""
        return self.drift.corrections

    def timers_active(self) -> bool:
        """True while a timer of the controller runs (tests check nothing outlives them)."""
        return self._tick.isActive() or self._preroll_timer.isActive()

    def shutdown(self) -> None:
        """Stop and close everything; waits for conversions still running."""
        self._takes = []
        self.disarm()
        self.converter.wait(3000)
