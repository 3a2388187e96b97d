"""Reading a thumbnail off the GUI thread: QImageReader in a QThreadPool task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader

#: File suffixes accepted as images (what the services take, plus common formats Qt reads
#: that the services' own checks will refuse with their reason).
IMAGE_SUFFIXES = ("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff")


def looks_like_image(path: str) -> bool:
    """True when the file's name says it is an image Qt can read (no disk access)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    readable = {bytes(f.data()).decode().lower() for f in QImageReader.supportedImageFormats()}
    return suffix in IMAGE_SUFFIXES and suffix in readable


class _Signals(QObject):
    """Carries a finished read back to the GUI thread (a QRunnable cannot have signals)."""

    sig_loaded = Signal(int, QImage, QSize, str)
    """Read finished: token, the scaled image (null on failure), full size, error text."""


class ThumbnailJob(QRunnable):
    """Reads ``path`` scaled to fit ``box`` on a pool thread and reports through ``signals``.

    The caller keeps a reference to the job until its result arrives, so ``signals`` (a
    GUI-thread QObject) is released on the GUI thread, not on the pool thread.
    """

    def __init__(self, token: int, path: str, box: QSize) -> None:
        super().__init__()
        self.token = token
        self.path = path
        self.box = box
        self.signals = _Signals()

    def run(self) -> None:
        """Decode the image at thumbnail size (the full image is never held in memory)."""
        reader = QImageReader(self.path)
        reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(self.box, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        error = "" if not image.isNull() else reader.errorString()
        self.signals.sig_loaded.emit(self.token, image, size, error)


def start(job: ThumbnailJob) -> None:
    """Run ``job`` on the application's thread pool."""
    QThreadPool.globalInstance().start(job)
