"""Poster frames decoded off the GUI thread, scaled to tile size, kept in a small LRU.

``PosterCache.get(path)`` never touches the disk: it returns what is cached (possibly at an
older size while the new one loads) or None, and queues a load in its own thread pool.
Workers decode with ``QImageReader.setScaledSize`` (JPEG decodes straight at the smaller
size) and hand a ``QImage`` back; ``sig_poster_ready`` then names the path, so only the
tiles showing it repaint.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap


class _Relay(QObject):
    """Carries a decoded image from a worker thread to the cache (a queued connection)."""

    sig_loaded = Signal(str, int, QImage)
    """A worker finished: (path, generation, image — null when the file was unreadable)."""


class _Load(QRunnable):
    """Decodes one poster at (at most) the requested size."""

    def __init__(self, relay: _Relay, path: str, size: QSize, generation: int) -> None:
        super().__init__()
        self._relay, self._path, self._size, self._generation = relay, path, size, generation

    def run(self) -> None:
        """Decode in the pool thread; QImage is safe to hand across threads."""
        reader = QImageReader(self._path)
        reader.setAutoTransform(True)
        native = reader.size()
        if native.isValid() and not native.isEmpty():
            # Fit inside the box keeping the aspect ratio: letterboxed, never stretched.
            fitted = native.scaled(self._size, Qt.AspectRatioMode.KeepAspectRatio)
            if fitted.width() < native.width():
                reader.setScaledSize(fitted)
        image = reader.read()
        self._relay.sig_loaded.emit(self._path, self._generation, image)


class PosterCache(QObject):
    """Posters for tiles, loaded in the background and kept in an LRU of pixmaps.

    Args:
        parent: owner; destroying the cache waits for loads still running.
        capacity: how many posters stay in memory.
        threads: decoding threads (posters are small; two keep up with a fast scroll).
    """

    sig_poster_ready = Signal(str)
    """A poster finished loading (or failed to): its path. Repaint the tiles showing it."""

    def __init__(
        self, parent: QObject | None = None, capacity: int = 300, threads: int = 2
    ) -> None:
        super().__init__(parent)
        # The pool is created before the relay, so Qt deletes it (waiting for workers)
        # before the relay the workers emit through.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.sig_loaded.connect(self._on_relay_loaded)
        self._capacity = capacity
        self._size = QSize(240, 135)
        self._generation = 0
        self._cache: OrderedDict[str, tuple[QPixmap, int]] = OrderedDict()
        self._pending: dict[str, int] = {}
        self._broken: set[str] = set()

    def set_size(self, size: QSize) -> None:
        """The box posters are scaled into (device pixels); later gets reload at this size."""
        if size != self._size:
            self._size = QSize(size)
            self._generation += 1

    def size(self) -> QSize:
        """The box posters are scaled into."""
        return QSize(self._size)

    def get(self, path: str) -> QPixmap | None:
        """The poster if cached (maybe at an older size), else None; loads it if needed."""
        entry = self._cache.get(path)
        if entry is not None:
            self._cache.move_to_end(path)
        if path in self._broken:
            return None
        if (entry is None or entry[1] != self._generation) and self._pending.get(
            path
        ) != self._generation:
            self._pending[path] = self._generation
            self._pool.start(_Load(self._relay, path, self.size(), self._generation))
        return entry[0] if entry is not None else None

    def is_broken(self, path: str) -> bool:
        """True when the file could not be read as an image."""
        return path in self._broken

    def pending(self) -> int:
        """Loads queued or running."""
        return len(self._pending)

    def clear(self) -> None:
        """Forget every poster (loads in flight are dropped when they land)."""
        self._generation += 1
        self._cache.clear()
        self._pending.clear()
        self._broken.clear()

    def wait(self, msecs: int = -1) -> bool:
        """Block until no load runs (for shutdown and tests); True when idle."""
        return self._pool.waitForDone(msecs)

    def _on_relay_loaded(self, path: str, generation: int, image: QImage) -> None:
        if self._pending.get(path) == generation:
            del self._pending[path]
        if generation != self._generation and path in self._cache:
            return  # an older size; a newer load is on its way or the cache was cleared
        if image.isNull():
            self._broken.add(path)
        else:
            self._cache[path] = (QPixmap.fromImage(image), generation)
            self._cache.move_to_end(path)
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        self.sig_poster_ready.emit(path)
