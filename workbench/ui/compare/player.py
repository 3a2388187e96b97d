"""One take's decoder: a ``QMediaPlayer`` feeding a ``QVideoSink``, frames converted off-thread.

The player only obeys; :class:`~workbench.ui.compare.sync.SyncController` decides where and
when every player is. It offers three moves: :meth:`ClipPlayer.show` (paused on the frame at
a time), :meth:`ClipPlayer.run` (play from a time) and :meth:`ClipPlayer.halt`. Commands
given before the file is loaded are kept and applied once it is.

At the end of a clip Qt clears the sink with an invalid frame; the player ignores it, so a
shorter clip holds its last frame while the others play on.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QAudioOutput,
    QMediaMetaData,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

from workbench.domain.views import TakeBrief
from workbench.ui.compare import timeline
from workbench.ui.compare.frames import FrameConverter

#: A paused seek that shows nothing within this time counts as done (a frame may never
#: come). Generous: in a clip with one keyframe a seek near its end decodes the whole clip,
#: which takes seconds on a busy machine, and a preroll must not start before it lands.
SETTLE_TIMEOUT_MS = 10_000
_keys = itertools.count(1)
_Status = QMediaPlayer.MediaStatus
_State = QMediaPlayer.PlaybackState


@dataclass
class PlayerStats:
    """What a player decoded and showed, for the benchmark and the tests."""

    received: int = 0  # frames the decoder delivered
    shown: int = 0  # frames converted and handed to a view
    decoder_skips: int = 0  # frames the decoder skipped while playing (late)
    display_drops: int = 0  # frames replaced before they could be converted
    thinned: int = 0  # frames left unconverted on purpose (a busy machine shows fewer)


class ClipPlayer(QObject):
    """Decodes one take and keeps its newest frame as a display-sized image.

    Args:
        take: the clip (its path; fps and duration until the file says better).
        converter: the shared frame converter.
        clock: the shared timeline's position while playing (None when paused); frames
            are stamped against it to measure drift.
        parent: owner.
    """

    sig_frame = Signal(int)
    """A new image is ready to paint: (take id)."""
    sig_loaded = Signal(int)
    """The file is open (duration and rate known) or failed, see ``error``: (take id)."""
    sig_settled = Signal(int)
    """The frame asked for by :meth:`show` is decoded: (take id)."""

    def __init__(
        self,
        take: TakeBrief,
        converter: FrameConverter,
        clock: Callable[[], float | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.take = take
        self.key = next(_keys)
        self.fps = float(take.fps or timeline.DEFAULT_FPS)
        self.duration_ms = float(take.duration or 0.0) * 1000.0
        self.loaded = False
        self.error = ""
        self.stats = PlayerStats()
        self.offsets: deque[float] = deque(maxlen=5)  # frame start − timeline at arrival
        self.frame_start: float | None = None  # start (ms) of the newest decoded frame
        self.image_start: float | None = None  # start (ms) of the frame in ``image``
        #: Converted frames not shown yet (or shown), newest last: the presenter picks.
        self.ready: deque[tuple[float, QImage]] = deque(maxlen=16)
        #: While playing: asked for each decoded frame whether to convert it at all.
        self.thin: Callable[[ClipPlayer, float], bool] | None = None
        #: Told when a converted frame is ready; None shows every frame at once.
        self.present: Callable[[ClipPlayer], None] | None = None
        self._converter = converter
        self._clock = clock
        self._size = QSize(320, 180)
        self._frame: QVideoFrame | None = None
        self._image: QImage | None = None
        self._want: tuple[str, float] | None = None
        self._settling: float | None = None  # start of the frame a paused seek waits for
        self._next_show: float | None = None
        self._closed = False
        self._rate = 1.0
        self._settle_timer = QTimer(self)
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(SETTLE_TIMEOUT_MS)
        self._settle_timer.timeout.connect(self._on_settle_timer_timeout)
        self._media = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._media.setVideoSink(self._sink)
        # Each take with sound has its own output, muted until it is the one heard: moving
        # one output between playing players deadlocked Qt's FFmpeg backend.
        self._audio: QAudioOutput | None = None
        if take.audio:
            self._audio = QAudioOutput(self)
            self._audio.setMuted(True)
            self._media.setAudioOutput(self._audio)
        converter.register(self.key, self._on_converter_image)
        self._sink.videoFrameChanged.connect(self._on_sink_frame)
        self._media.mediaStatusChanged.connect(self._on_media_status)
        self._media.errorOccurred.connect(self._on_media_error)
        self._media.setSource(QUrl.fromLocalFile(take.path))

    # -- what it knows ---------------------------------------------------------------------
    @property
    def take_id(self) -> int:
        """The take this player decodes."""
        return self.take.id

    @property
    def frame_ms(self) -> float:
        """One frame of this clip in milliseconds."""
        return timeline.frame_ms(self.fps)

    @property
    def last_start(self) -> float:
        """When the last frame starts: the clip holds it past its end."""
        return timeline.last_frame_start(self.duration_ms, self.fps)

    def image(self) -> QImage | None:
        """The newest converted frame (None until one is decoded)."""
        return self._image

    def is_playing(self) -> bool:
        """True while Qt plays the clip (false at its end, paused or stopped)."""
        return self._media.playbackState() == _State.PlayingState

    def media(self) -> QMediaPlayer:
        """The Qt player (tests and the benchmark read its state)."""
        return self._media

    def display_size(self) -> QSize:
        """The size frames are converted to."""
        return QSize(self._size)

    def set_display_size(self, size: QSize) -> None:
        """Convert frames to ``size`` from now on; a paused frame is redone at once."""
        size = QSize(max(1, size.width()), max(1, size.height()))
        if size == self._size:
            return
        self._size = size
        if self._frame is not None and not self.is_playing():
            self._converter.submit(self.key, self._frame, size, int(self.frame_start or 0) * 1000)

    def set_audible(self, audible: bool) -> None:
        """Let this player be heard, or mute it (takes without sound stay silent)."""
        if self._audio is not None:
            self._audio.setMuted(not audible)

    def is_audible(self) -> bool:
        """True when this player's sound is heard."""
        return self._audio is not None and not self._audio.isMuted()

    # -- moves -----------------------------------------------------------------------------
    def _target(self, ms: float) -> int:
        count = timeline.frame_count(self.duration_ms, self.fps) if self.duration_ms else None
        index = timeline.frame_index(ms, self.fps)
        return min(index, count - 1) if count else index

    def show(self, ms: float) -> None:
        """Pause on the frame shown at ``ms`` (the last one past the clip's end)."""
        if self._closed:
            return
        if not self.loaded:
            self._want = ("show", ms)
            return
        if self._settling is not None:
            self._next_show = ms  # one seek at a time; the newest wish wins
            return
        index = self._target(ms)
        start = timeline.frame_start(index, self.fps)
        self.offsets.clear()
        if (
            self._media.playbackState() == _State.PausedState
            and self.frame_start is not None
            and abs(self.frame_start - start) < self.frame_ms / 2
        ):
            self.sig_settled.emit(self.take_id)  # already there: Qt would decode it again
            return
        self._settling = start
        self._settle_timer.start()
        self.ready.clear()
        self.set_rate(1.0)
        self._media.pause()
        self._media.setPosition(timeline.seek_position(index, self.fps))

    def run(self, ms: float, *, seek: bool = True) -> None:
        """Play from ``ms`` (without a seek when a paused :meth:`show` put it there)."""
        if self._closed:
            return
        if not self.loaded:
            self._want = ("run", ms)
            return
        self._settling = self._next_show = None
        self._settle_timer.stop()
        self.offsets.clear()
        if self.duration_ms and ms >= self.duration_ms:
            self.show(ms)  # past its end: hold the last frame
            return
        self.set_rate(1.0)
        if seek:
            self.ready.clear()
            self._media.setPosition(timeline.seek_position(self._target(ms), self.fps))
        self._media.play()

    def set_rate(self, rate: float) -> None:
        """Play a little faster or slower to catch up with the group (1.0: normal)."""
        if abs(rate - self._rate) >= 0.01 and not self._closed:
            self._rate = rate
            self._media.setPlaybackRate(rate)
            self.offsets.clear()  # earlier frames were stamped at the old rate

    def rate(self) -> float:
        """The playback rate (1.0 unless the sync controller is nudging it)."""
        return self._rate

    def halt(self) -> None:
        """Pause where it is."""
        if not self._closed:
            self._want = None if self._want and self._want[0] == "run" else self._want
            self._media.pause()

    def settling(self) -> bool:
        """True while a paused seek waits for its frame."""
        return self._settling is not None

    def close(self) -> None:
        """Stop decoding and let go of the file; the object is deleted later."""
        if self._closed:
            return
        self._closed = True
        self._settle_timer.stop()
        self._converter.forget(self.key)
        self._sink.videoFrameChanged.disconnect(self._on_sink_frame)
        self._media.stop()
        self._media.setAudioOutput(None)
        self._media.setSource(QUrl())
        self._frame = None
        self.deleteLater()

    # -- Qt's side -------------------------------------------------------------------------
    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self.loaded or status not in (_Status.LoadedMedia, _Status.InvalidMedia):
            return
        self.loaded = True
        if status == _Status.LoadedMedia:
            if self._media.duration() > 0:
                self.duration_ms = float(self._media.duration())
            rate = self._media.metaData().value(QMediaMetaData.Key.VideoFrameRate)
            if isinstance(rate, (int, float)) and 1 <= rate <= 240:
                self.fps = float(rate)
        want, self._want = self._want, None
        if want is not None and not self.error:
            # Before telling anyone: a preroll must see this player as still settling.
            (self.show if want[0] == "show" else self.run)(want[1])
        self.sig_loaded.emit(self.take_id)

    def _on_media_error(self, _error: QMediaPlayer.Error, text: str) -> None:
        self.error = text or "error"
        if not self.loaded:
            self._on_media_status(_Status.InvalidMedia)
        if self._settling is not None:
            self._on_settle_timer_timeout()

    def _on_sink_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or self._closed:
            return  # end of media clears the sink: keep showing the last frame
        start = max(0, frame.startTime()) / 1000.0
        stats = self.stats
        stats.received += 1
        playing = self.is_playing()
        if playing and self.frame_start is not None and self._settling is None:
            gap = start - self.frame_start
            if gap > 1.5 * self.frame_ms:
                stats.decoder_skips += round(gap / self.frame_ms) - 1
            now = self._clock() if self._clock is not None else None
            if now is not None:
                self.offsets.append(start - now)
        self._frame = QVideoFrame(frame)
        self.frame_start = start
        if (
            playing
            and self._settling is None
            and self.thin is not None
            and not self.thin(self, start)
        ):
            stats.thinned += 1
        else:
            self._converter.submit(self.key, self._frame, self._size, int(start * 1000))
        if self._settling is not None and abs(start - self._settling) < self.frame_ms / 2:
            self._settled()

    def _on_settle_timer_timeout(self) -> None:
        if self._settling is not None:
            self._settled()

    def _settled(self) -> None:
        self._settling = None
        self._settle_timer.stop()
        wish, self._next_show = self._next_show, None
        if wish is not None:
            self.show(wish)
        else:
            self.sig_settled.emit(self.take_id)

    def _on_converter_image(self, start_us: int, image: QImage) -> None:
        if self._closed or image.isNull():
            return
        self.stats.display_drops = self._converter.drops(self.key)
        start = start_us / 1000.0
        if self.present is None:
            self.display(start, image)
            return
        self.ready.append((start, image))
        self.present(self)

    def display(self, start: float, image: QImage) -> None:
        """Make ``image`` (the frame starting at ``start`` ms) the one views paint."""
        if image is self._image:
            return
        self._image = image
        self.image_start = start
        self.stats.shown += 1
        self.sig_frame.emit(self.take_id)
