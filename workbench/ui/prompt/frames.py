"""First-frame and last-frame image slots: drop or pick a file, see it, remove it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.prompt import thumbnail
from workbench.ui.prompt.frame_parts import THUMB, ElidedLabel, FrameThumb
from workbench.ui.services.tone import Tone, ToneLabel, wrapping


class FrameSlot(QWidget):
    """A first- or last-frame image: drop or pick a file; refusals are shown in words."""

    sig_changed = Signal()
    """The image was set, replaced, refused after reading, or removed (no arguments)."""

    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._path: str | None = None
        self._refusal = ""
        self._problems: list[str] = []
        self._token = 0
        self._job: thumbnail.ThumbnailJob | None = None
        self.image_size = QSize()
        self.thumb = FrameThumb(self)
        self.thumb.setAccessibleName(title)
        self.title = QLabel(title, self)
        self.remove = QToolButton(self)
        self.remove.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton))
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(self.tr("Remove this image"))
        self.remove.setAccessibleName(self.tr("Remove %1").replace("%1", title))
        self.hint = wrapping(ToneLabel(hint, self))
        self.hint.set_tone(Tone.MUTED)
        self.name = ElidedLabel(self)
        self.name.set_tone(Tone.MUTED)
        self.name.hide()
        self.messages = wrapping(ToneLabel("", self))
        self.messages.set_tone(Tone.ERROR)
        self.messages.hide()
        top = QHBoxLayout()
        top.setSpacing(2)
        top.addWidget(self.title)
        top.addWidget(self.remove)
        top.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addLayout(top)
        text.addWidget(self.hint)
        text.addWidget(self.name)
        text.addWidget(self.messages)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.thumb.sig_activated.connect(self._on_thumb_activated)
        self.thumb.sig_clear_requested.connect(self.clear)
        self.remove.clicked.connect(self.clear)
        self._render()

    # -- public --------------------------------------------------------------------------------

    def path(self) -> str | None:
        """The image file, or None."""
        return self._path

    def has_thumbnail(self) -> bool:
        """True once the image has been read and is shown."""
        return self.thumb.pixmap is not None

    def refusal(self) -> str:
        """Why the last file given was refused ("" when it was not)."""
        return self._refusal

    def set_path(self, path: str | None, *, notify: bool = True) -> bool:
        """Use the image at ``path`` (None removes it); a non-image is refused in words.

        Returns:
            False when the file was refused (the previous image stays).
        """
        if not path:
            self._set(None, "", notify)
            return True
        name = Path(path).name or path
        if not thumbnail.looks_like_image(path):
            self._refusal = self.tr("%1 is not an image; use a PNG, JPEG or WebP file.").replace(
                "%1", name
            )
            self._render()
            return False
        self._set(path, "", notify)
        self._token += 1
        self.thumb.busy = True
        dpr = self.devicePixelRatioF()
        self._job = thumbnail.ThumbnailJob(self._token, path, THUMB * dpr)
        self._job.signals.sig_loaded.connect(self._on_job_loaded)
        thumbnail.start(self._job)
        return True

    def clear(self) -> None:
        """Remove the image."""
        self.set_path(None)

    def set_problems(self, problems: list[str]) -> None:
        """Refusals from the selected models (e.g. "sim-fast does not take a last-frame image")."""
        self._problems = list(problems)
        self._render()

    def message_text(self) -> str:
        """Everything the slot says in red, one message per line."""
        return self.messages.text() if not self.messages.isHidden() else ""

    @classmethod
    def pick_file(cls, parent: QWidget, title: str, chosen: Callable[[str], None]) -> None:
        """Ask for an image file without blocking; ``chosen(path)`` runs when one is picked.

        A classmethod so tests can replace the dialog.
        """
        patterns = " ".join(f"*.{s}" for s in thumbnail.IMAGE_SUFFIXES)
        images = QCoreApplication.translate("FrameSlot", "Images (%1)").replace("%1", patterns)
        dialog = QFileDialog(parent, title, "", images)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(chosen)
        dialog.open()

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        """Take any dropped file, so a wrong one can be refused in words, not silently."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            self.thumb.drag_over = True
            self.thumb.update()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 (Qt override)
        """Drop the highlight."""
        self.thumb.drag_over = False
        self.thumb.update()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        """Use the first dropped file."""
        self.thumb.drag_over = False
        self.thumb.update()
        urls = event.mimeData().urls()
        if not urls:
            return
        event.acceptProposedAction()
        if not urls[0].isLocalFile():
            self._refusal = self.tr("Only files on this computer can be used; save it first.")
            self._render()
            return
        self.set_path(urls[0].toLocalFile())

    # -- internals -------------------------------------------------------------------------

    def _on_thumb_activated(self) -> None:
        self.pick_file(self, self.title.text(), self._on_file_chosen)

    def _on_file_chosen(self, path: str) -> None:
        if path:
            self.set_path(path)

    def _on_job_loaded(self, token: int, image: QImage, size: QSize, error: str) -> None:
        if token != self._token:
            return  # an older read finished after a newer file was chosen
        self._job = None
        self.thumb.busy = False
        if image.isNull():
            name = Path(self._path or "").name
            self._refusal = (
                self.tr("%1 could not be read as an image (%2).")
                .replace("%1", name)
                .replace("%2", error or self.tr("unknown format"))
            )
            self._set(None, self._refusal, True)
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.thumb.pixmap = pixmap
        self.image_size = size
        self._render()

    def _set(self, path: str | None, refusal: str, notify: bool) -> None:
        changed = path != self._path
        self._path = path
        self._refusal = refusal
        if path is None:
            self._token += 1
            self._job = None
            self.thumb.busy = False
        self.thumb.pixmap = None
        self.image_size = QSize()
        self._render()
        if changed and notify:
            self.sig_changed.emit()

    def _render(self) -> None:
        if self._path:
            size = self.image_size
            suffix = f" · {size.width()}×{size.height()}" if size.isValid() else ""
            self.name.set_parts(Path(self._path).name, suffix)
            self.name.setToolTip(self._path)
            self.thumb.setToolTip(self._path)
        else:
            self.name.set_parts("")
            self.thumb.setToolTip(self.tr("Drop an image here, or click to choose one"))
        self.name.setVisible(self._path is not None)
        self.remove.setVisible(self._path is not None)
        messages = [m for m in (self._refusal, *self._problems) if m]
        self.messages.setText("\n".join(messages))
        self.messages.setVisible(bool(messages))
        # The hint teaches an empty slot; a message says more and takes its place.
        self.hint.setVisible(self._path is None and not messages)
        self.thumb.update()
