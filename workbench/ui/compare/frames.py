"""Decoded video frames → display-sized images, on worker threads, newest frame wins.

Nine 720p clips at 30 fps are 270 frames a second. Converting each with
``QVideoFrame.toImage()`` (full-size YUV → RGB on the CPU, then scaling) costs several
milliseconds a frame; on two cores that would starve the decoders and the GUI thread. So:

- small targets (a board tile, a 3×3 focus grid) are converted straight at display size:
  the luma plane is averaged 2×2 onto the chroma grid, sampled at the target size, and one
  lookup table turns (Y, U, V) into RGB — a few array operations on ~100 k pixels;
- large targets (one big tile, the A/B view) use Qt's own conversion and a smooth scale;
- each player has at most one conversion running; a frame that arrives meanwhile replaces
  the waiting one (counted as a display drop), so a busy machine shows fewer frames but
  never older ones, and every tile stays on time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

#: Chroma bits kept in the lookup table (6: a 4 MB table, at most ±2 levels of U/V error).
_CHROMA_BITS = 6
if TYPE_CHECKING:
    import numpy as np

# numpy is imported when the first frame is converted, not when the window starts.
_LUTS: dict[tuple[bool, bool], np.ndarray] = {}
_LUT_LOCK = threading.Lock()
_PF = QVideoFrameFormat.PixelFormat
_PLANAR = (_PF.Format_YUV420P, _PF.Format_NV12, _PF.Format_NV21)


def _lut(bt709: bool, full_range: bool) -> np.ndarray:
    """(Y, U, V) → 0xFFRRGGBB for one colour space and range, built once per process."""
    import numpy as np

    key = (bt709, full_range)
    with _LUT_LOCK:
        table = _LUTS.get(key)
        if table is not None:
            return table
        levels = 1 << _CHROMA_BITS
        y = np.arange(256, dtype=np.float32)
        c = (np.arange(levels, dtype=np.float32) + 0.5) * (256 / levels) - 128.0
        if not full_range:  # studio swing: Y 16–235, chroma 16–240
            y = (y - 16.0) * (255.0 / 219.0)
            c = c * (255.0 / 224.0)
        yy, uu, vv = y[:, None, None], c[None, :, None], c[None, None, :]
        if bt709:
            r, g, b = yy + 1.5748 * vv, yy - 0.1873 * uu - 0.4681 * vv, yy + 1.8556 * uu
        else:  # BT.601, also what Qt assumes for an undefined colour space
            r, g, b = yy + 1.402 * vv, yy - 0.344136 * uu - 0.714136 * vv, yy + 1.772 * uu
        r, g, b = (np.clip(np.rint(x), 0, 255).astype(np.uint32) for x in (r, g, b))
        table = (np.uint32(0xFF000000) | (r << 16) | (g << 8) | b).reshape(-1)
        _LUTS[key] = table
        return table


def _planes(frame: QVideoFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Luma and the two chroma planes of a mapped 4:2:0 frame, as (views of) arrays."""
    import numpy as np

    width, height = frame.width(), frame.height()
    fmt = frame.pixelFormat()
    luma = np.frombuffer(frame.bits(0), np.uint8).reshape(-1, frame.bytesPerLine(0))
    luma = luma[:height, :width]
    ch, cw = (height + 1) // 2, (width + 1) // 2
    if fmt == _PF.Format_YUV420P:
        u = np.frombuffer(frame.bits(1), np.uint8).reshape(-1, frame.bytesPerLine(1))[:ch, :cw]
        v = np.frombuffer(frame.bits(2), np.uint8).reshape(-1, frame.bytesPerLine(2))[:ch, :cw]
        return luma, u, v
    uv = np.frombuffer(frame.bits(1), np.uint8).reshape(-1, frame.bytesPerLine(1))[:ch, : 2 * cw]
    first, second = uv[:, 0::2], uv[:, 1::2]
    return (luma, first, second) if fmt == _PF.Format_NV12 else (luma, second, first)


def _small_image(frame: QVideoFrame, size: QSize) -> QImage | None:
    """Convert a 4:2:0 frame straight at ``size`` (see the module docstring); None if unmapped."""
    import numpy as np

    if not frame.map(QVideoFrame.MapMode.ReadOnly):
        return None
    try:
        luma, u, v = _planes(frame)
        ch, cw = u.shape
        rows = ((np.arange(size.height()) + 0.5) * ch / size.height()).astype(np.intp)
        cols = ((np.arange(size.width()) + 0.5) * cw / size.width()).astype(np.intp)
        # Luma averaged 2×2 around each sample (a box filter against aliasing), read
        # only where sampled: row and column ``take``s at display size, never a full pass
        # (``take`` along one axis is several times faster than 2-D fancy indexing).
        last_row, last_col = luma.shape[0] - 1, luma.shape[1] - 1
        upper = luma.take(np.minimum(2 * rows, last_row), axis=0)
        lower = luma.take(np.minimum(2 * rows + 1, last_row), axis=0)
        left, right = np.minimum(2 * cols, last_col), np.minimum(2 * cols + 1, last_col)
        index = upper.take(left, axis=1).astype(np.uint32)
        index += upper.take(right, axis=1)
        index += lower.take(left, axis=1)
        index += lower.take(right, axis=1)
        index += 2
        index >>= 2
        index <<= 2 * _CHROMA_BITS
        shift = 8 - _CHROMA_BITS
        index |= (u.take(rows, axis=0).take(cols, axis=1) >> shift).astype(
            np.uint32
        ) << _CHROMA_BITS
        index |= v.take(rows, axis=0).take(cols, axis=1) >> shift
    finally:
        frame.unmap()
    fmt = frame.surfaceFormat()
    table = _lut(
        fmt.colorSpace() == QVideoFrameFormat.ColorSpace.ColorSpace_BT709,
        fmt.colorRange() == QVideoFrameFormat.ColorRange.ColorRange_Full,
    )
    pixels = table.take(index)
    image = QImage(
        pixels.data, size.width(), size.height(), 4 * size.width(), QImage.Format.Format_RGB32
    )
    return image.copy()  # own the pixels: the array dies with this call


def convert(frame: QVideoFrame, size: QSize) -> QImage:
    """``frame`` as an RGB image of exactly ``size`` (already fitted to the frame's aspect)."""
    size = QSize(max(1, size.width()), max(1, size.height()))
    small = 2 * size.width() <= frame.width() and 2 * size.height() <= frame.height()
    if small and frame.pixelFormat() in _PLANAR:
        image = _small_image(frame, size)
        if image is not None:
            return image
    image = frame.toImage()
    if image.size() != size and not image.isNull():
        image = image.scaled(
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


@dataclass
class _Slot:
    """One player's place in the converter: the frame waiting, and whether one is running."""

    running: bool = False
    waiting: tuple[QVideoFrame, QSize, int] | None = None
    drops: int = 0


class _Relay(QObject):
    """Carries converted images from worker threads to the GUI thread (queued)."""

    sig_done = Signal(int, int, QImage)
    """A conversion finished: (player key, frame start in µs, image)."""


class _Convert(QRunnable):
    """One conversion on a pool thread."""

    def __init__(
        self, relay: _Relay, key: int, frame: QVideoFrame, size: QSize, start: int
    ) -> None:
        super().__init__()
        self._relay, self._key, self._frame, self._size, self._start = (
            relay,
            key,
            frame,
            size,
            start,
        )

    def run(self) -> None:
        """Convert and hand back; QImage and QVideoFrame are safe to pass between threads."""
        self._relay.sig_done.emit(self._key, self._start, convert(self._frame, self._size))


class FrameConverter(QObject):
    """Converts frames for many players on a small thread pool, newest frame wins.

    Args:
        parent: owner; deleting the converter waits for conversions still running.
        threads: worker threads at most; see :meth:`set_players`.
    """

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # created before the relay: deleted (joined) first
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.sig_done.connect(self._on_relay_done)
        self._slots: dict[int, _Slot] = {}
        self._receivers: dict[int, Callable[[int, QImage], None]] = {}

    def set_players(self, count: int) -> None:
        """Size the pool for ``count`` players: one thread each, between 2 and 6.

        Not for parallelism (two cores are two cores) but for share: the decoders run
        three frame threads each, and Linux shares the CPU per thread. On a busy machine
        (measured, nine 720p tiles) two converters among 27 decoder threads showed about
        one decoded frame in five; eight showed about one in two.
        """
        self._pool.setMaxThreadCount(max(2, min(6, count)))

    def register(self, key: int, receiver: Callable[[int, QImage], None]) -> None:
        """Deliver player ``key``'s images to ``receiver(frame start in µs, image)``."""
        self._receivers[key] = receiver

    def submit(self, key: int, frame: QVideoFrame, size: QSize, start_us: int) -> None:
        """Convert ``frame`` for player ``key``; replaces a frame of that player still waiting."""
        slot = self._slots.setdefault(key, _Slot())
        if slot.running:
            if slot.waiting is not None:
                slot.drops += 1
            slot.waiting = (frame, QSize(size), start_us)
            return
        slot.running = True
        self._pool.start(_Convert(self._relay, key, frame, QSize(size), start_us))

    def drops(self, key: int) -> int:
        """Frames of player ``key`` replaced before they were converted."""
        slot = self._slots.get(key)
        return slot.drops if slot else 0

    def total_drops(self) -> int:
        """Frames of every player replaced before they were converted."""
        return sum(slot.drops for slot in self._slots.values())

    def forget(self, key: int) -> None:
        """A player left: drop its waiting frame and ignore a conversion still running."""
        self._slots.pop(key, None)
        self._receivers.pop(key, None)

    def busy(self) -> bool:
        """True while any conversion runs or waits."""
        return any(s.running or s.waiting for s in self._slots.values())

    def wait(self, msecs: int = -1) -> bool:
        """Block until no conversion runs (shutdown and tests); True when idle."""
        return self._pool.waitForDone(msecs)

    def _on_relay_done(self, key: int, start_us: int, image: QImage) -> None:
        slot = self._slots.get(key)
        if slot is None:
            return  # the player left while its frame was being converted
        slot.running = False
        if slot.waiting is not None:
            frame, size, start = slot.waiting
            slot.waiting = None
            slot.running = True
            self._pool.start(_Convert(self._relay, key, frame, size, start))
        receiver = self._receivers.get(key)
        if receiver is not None:
            receiver(start_us, image)
