"""First-frame and last-frame image slots: drop or pick a file, see it, remove it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
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
from workbench.ui.services.tone import Tone, ToneLabel, wrapping

#: Thumbnail box in device-independent pixels (16:9, like the board's tiles).
THUMB = QSize(112, 63)
#: Near-black surface behind images in both themes, as behind video.
_SURFACE = QColor("#141414")


class ElidedLabel(ToneLabel):
    """One line of text that elides in the middle when narrow; a suffix is always kept.

    File names have no spaces to wrap at, and "frame.png · 1920×1080" should lose letters
    of the name before it loses the size.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._name = ""
        self._suffix = ""

    def set_parts(self, text: str, suffix: str = "") -> None:
        """Show ``text`` (elided when needed) followed by ``suffix`` (never elided)."""
        self._name = text
        self._suffix = suffix
        self.setText(text + suffix)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """A few characters plus the suffix; the rest elides."""
        width = self.fontMetrics().horizontalAdvance("M" * 4 + self._suffix)
        return QSize(width, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the text elided to the label's width."""
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        room = rect.width() - metrics.horizontalAdvance(self._suffix)
        text = metrics.elidedText(self._name, Qt.TextElideMode.ElideMiddle, max(0, room))
        painter.drawText(rect, int(self.alignment()), text + self._suffix)


class FrameThumb(QWidget):
    """The picture part of a slot: a dashed drop box when empty, the image when set."""

    sig_activated = Signal()
    """Clicked, or Space/Enter pressed: pick a file (no arguments)."""

    sig_clear_requested = Signal()
    """Delete or Backspace pressed on a set image (no arguments)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(THUMB)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pixmap: QPixmap | None = None
        self.drag_over = False
        self.busy = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Image letterboxed on near-black, or a dashed box that says what to do."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        palette = self.palette()
        if self.pixmap is not None:
            painter.fillRect(box, _SURFACE)
            size = self.pixmap.deviceIndependentSize()
            x = box.x() + (box.width() - size.width()) / 2
            y = box.y() + (box.height() - size.height()) / 2
            painter.drawPixmap(int(x), int(y), self.pixmap)
        else:
            painter.setPen(QPen(palette.mid().color(), 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(palette.placeholderText().color())
            text = self.tr("reading…") if self.busy else self.tr("drop an image\nor click")
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        if self.drag_over or self.hasFocus():
            painter.setPen(QPen(palette.highlight().color(), 2))
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A left click inside picks a file."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.sig_activated.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Space/Enter pick a file; Delete/Backspace remove the image."""
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_activated.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.sig_clear_requested.emit()
        else:
            super().keyPressEvent(event)


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
        dialog = QFileDialog(parent, title, "", parent.tr("Images (%1)").replace("%1", patterns))
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
