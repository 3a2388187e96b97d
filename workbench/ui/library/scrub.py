"""Frames across a clip for hover scrubbing, decoded with PyAV off the GUI thread.

Moving the mouse across a poster shows the clip at that point. Only the hovered clip is
decoded: a handful of frames spread over its length, scaled to the poster box in the
worker, delivered one by one (the strip fills in while the mouse moves) and kept in a
small LRU. A decode whose clip is no longer hovered stops at its next frame, so sweeping
the mouse over a row of posters never queues a row of decodes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QSize, QThreadPool, Signal
from PySide6.QtGui import QImage

#: Frames per clip: enough to read the motion, few enough to decode in a blink.
FRAMES = 8
#: Seek instead of decoding forward when the next frame is this many seconds ahead.
_SEEK_GAP_S = 2.0


class _Relay(QObject):
    """Carries decoded frames from a worker to the cache (a queued connection)."""

    sig_frame = Signal(str, int, int, QImage)
    """(path, generation, frame number, image)."""
    sig_done = Signal(str, int, bool)
    """(path, generation, complete — False when stopped early or the clip is unreadable)."""


class _Decode(QRunnable):
    """Decodes ``count`` frames evenly spread over one clip, scaled into ``size``."""

    def __init__(
        self,
        relay: _Relay,
        path: str,
        size: QSize,
        count: int,
        generation: int,
        wanted: threading.Event,
    ) -> None:
        super().__init__()
        self._relay, self._path, self._size = relay, path, QSize(size)
        self._count, self._generation, self._wanted = count, generation, wanted

    def run(self) -> None:
        """Decode in the pool thread; stop as soon as the clip is no longer hovered."""
        try:
            complete = self._decode()
        except Exception:  # an unreadable clip simply shows its poster
            complete = False
        self._relay.sig_done.emit(self._path, self._generation, complete)

    def _decode(self) -> bool:
        import av

        with av.open(self._path) as container:
            if not container.streams.video:
                return False
            stream = container.streams.video[0]
            # Frames nothing else refers to are skipped: half the work, no artefacts, and
            # a scrub strip does not need every frame.
            stream.codec_context.skip_frame = "NONREF"
            duration = _duration(container, stream)
            targets = [duration * (n + 0.5) / self._count for n in range(self._count)]
            frames = None
            position = None
            for n, target in enumerate(targets):
                if not self._wanted.is_set():
                    return False
                if frames is None or position is None or target - position > _SEEK_GAP_S:
                    if target > _SEEK_GAP_S and stream.time_base:
                        container.seek(int(target / stream.time_base), stream=stream)
                    frames = container.decode(stream)
                frame = None
                for frame in frames:  # the last frame read is the one kept
                    position = frame.time if frame.time is not None else target
                    if position >= target:
                        break
                if frame is None:
                    return n > 0
                self._relay.sig_frame.emit(self._path, self._generation, n, self._image(frame))
        return True

    def _image(self, frame: object) -> QImage:
        width, height = frame.width, frame.height  # type: ignore[attr-defined]
        box = self._size
        scale = min(box.width() / width, box.height() / height, 1.0)
        w, h = max(2, round(width * scale) // 2 * 2), max(2, round(height * scale) // 2 * 2)
        rgb = frame.reformat(width=w, height=h, format="rgb24")  # type: ignore[attr-defined]
        plane = rgb.planes[0]
        image = QImage(bytes(plane), w, h, plane.line_size, QImage.Format.Format_RGB888)
        return image.copy()  # own the pixels: the buffer above is temporary


def _duration(container: object, stream: object) -> float:
    if getattr(stream, "duration", None) and getattr(stream, "time_base", None):
        return float(stream.duration * stream.time_base)  # type: ignore[attr-defined]
    if getattr(container, "duration", None):
        return float(container.duration) / 1_000_000  # type: ignore[attr-defined]
    return 1.0


class ScrubFrames(QObject):
    """Scrub strips of hovered clips, decoded in the background, kept in an LRU.

    Args:
        parent: owner; destroying it waits for a decode still running.
        count: frames per clip.
        capacity: clips kept in memory.
    """

    sig_frames_ready = Signal(str)
    """Another frame of a clip's strip arrived: (clip path). Repaint the item hovered."""

    def __init__(
        self, parent: QObject | None = None, count: int = FRAMES, capacity: int = 24
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one clip at a time: the hovered one
        self._relay = _Relay(self)
        self._relay.sig_frame.connect(self._on_relay_frame)
        self._relay.sig_done.connect(self._on_relay_done)
        self.count = count
        self._capacity = capacity
        self._size = QSize(320, 180)
        self._generation = 0
        self._strips: OrderedDict[str, list[QImage | None]] = OrderedDict()
        self._complete: set[str] = set()
        self._running: dict[str, tuple[int, threading.Event]] = {}  # path → (generation, go)
        self._broken: set[str] = set()

    def set_size(self, size: QSize) -> None:
        """The box frames are scaled into (device pixels); strips reload at the new size."""
        if size != self._size:
            self._size = QSize(size)
            self.clear()

    def frame(self, path: str, fraction: float) -> QImage | None:
        """The frame at ``fraction`` (0–1) of the clip, or the nearest one decoded so far."""
        strip = self._strips.get(path)
        if not strip:
            return None
        self._strips.move_to_end(path)
        want = min(len(strip) - 1, max(0, int(fraction * len(strip))))
        for distance in range(len(strip)):
            for n in (want - distance, want + distance):
                if 0 <= n < len(strip) and strip[n] is not None:
                    return strip[n]
        return None

    def hover(self, path: str | None) -> None:
        """The clip under the mouse (None: none); decodes it if needed, stops others."""
        for other, (_, wanted) in self._running.items():
            if other != path:
                wanted.clear()
        if path is None or path in self._complete or path in self._broken:
            return
        running = self._running.get(path)
        if running is not None and running[0] == self._generation:
            running[1].set()  # hovered again before it noticed: keep going
            return
        wanted = threading.Event()
        wanted.set()
        self._running[path] = (self._generation, wanted)
        # Frames of an earlier, interrupted decode stay shown while this one refills them.
        self._strips.setdefault(path, [None] * self.count)
        self._strips.move_to_end(path)
        self._trim()
        self._pool.start(
            _Decode(self._relay, path, self._size, self.count, self._generation, wanted)
        )

    def is_complete(self, path: str) -> bool:
        """True when every frame of the clip's strip is here."""
        return path in self._complete

    def busy(self) -> bool:
        """True while a decode runs."""
        return bool(self._running)

    def clear(self) -> None:
        """Forget every strip (decodes in flight stop and are dropped)."""
        self._generation += 1
        for _, wanted in self._running.values():
            wanted.clear()
        self._strips.clear()
        self._complete.clear()
        self._broken.clear()

    def wait(self, msecs: int = -1) -> bool:
        """Block until no decode runs (for shutdown and tests); True when idle."""
        for _, wanted in self._running.values():
            wanted.clear()
        return self._pool.waitForDone(msecs)

    def _trim(self) -> None:
        while len(self._strips) > self._capacity:
            path, _ = self._strips.popitem(last=False)
            self._complete.discard(path)

    def _on_relay_frame(self, path: str, generation: int, n: int, image: QImage) -> None:
        strip = self._strips.get(path)
        if generation != self._generation or strip is None or not 0 <= n < len(strip):
            return
        strip[n] = image
        self.sig_frames_ready.emit(path)

    def _on_relay_done(self, path: str, generation: int, complete: bool) -> None:
        running = self._running.get(path)
        if running is None or running[0] != generation:
            return  # a decode of strips already cleared
        del self._running[path]
        strip = self._strips.get(path)
        if strip is None:
            return
        if complete and all(f is not None for f in strip):
            self._complete.add(path)
        elif not any(f is not None for f in strip):
            del self._strips[path]
            if running[1].is_set():
                self._broken.add(path)  # it ran to its end and gave nothing: a poster only
