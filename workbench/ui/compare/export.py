"""Export comparison video…: the takes being compared as one MP4, with progress and Cancel.

The video is made by the engine's ``compare_video`` use case (Qt-free, PyAV, in a worker
thread of the engine); this only chooses the takes and the file, shows progress and lets
the user cancel. The takes are the ones on screen: the A/B pair, the focus or survey tiles,
or the board's selection — in the order shown, so a blind export is labelled A, B, C… in
the same shuffle (and without names). Two or three takes go side by side, more in a grid.

When the engine has no ``compare_video`` (an older engine), the action stays disabled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from workbench.domain.views import JobView
from workbench.ui.compare.modes import AB, GRID

if TYPE_CHECKING:
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.compare.controller import CompareController

MIN_TAKES, MAX_TAKES = 2, 9


def engine_can_compare() -> bool:
    """True when the engine offers the comparison-video use case."""
    try:
        from workbench.engine.engine import Engine
    except ImportError:  # pragma: no cover - the engine is always there in a real install
        return False
    return hasattr(Engine, "compare_video")


class _Relay(QObject):
    """Carries progress from the encoding thread to the GUI thread (queued)."""

    sig_progress = Signal(float)
    """(fraction done, 0–1)."""


class ComparisonExport(QObject):
    """One comparison video at a time: file, progress, cancel, the closing sentence.

    Args:
        controller: where the takes on screen come from.
        bridge: the engine bridge.
        parent: the widget the dialogs belong to.
    """

    sig_message = Signal(str)
    """What happened, in words (for the status bar)."""
    sig_finished = Signal(object)
    """The video was written: (engine.comparing.ComparisonVideo)."""

    def __init__(
        self, controller: CompareController, bridge: EngineBridge, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.bridge = bridge
        self._parent = parent
        self._relay = _Relay(self)
        self._relay.sig_progress.connect(self._on_relay_progress)
        self._stop = threading.Event()
        self.progress: QProgressDialog | None = None
        self._busy = False
        action = controller.actions.export
        action.setEnabled(engine_can_compare())
        action.triggered.connect(self.start)

    def busy(self) -> bool:
        """True while a video is being made."""
        return self._busy

    def takes(self) -> list[JobView]:
        """The takes on screen, in the order shown (at most nine)."""
        controller = self.controller
        mode = controller.mode()
        if mode == AB:
            pair = controller.ab_view.jobs()
            jobs = list(pair) if pair is not None else []
        elif mode == GRID:
            jobs = controller.board_play.chosen()
        else:
            jobs = controller.focus_view.jobs()
        return [j for j in jobs if j.take is not None][:MAX_TAKES]

    @classmethod
    def ask_file(
        cls, parent: QWidget, title: str, chosen: Callable[[str], None]
    ) -> QFileDialog | None:
        """Ask where to save, without blocking; ``chosen(path)`` once picked (tests patch)."""
        dialog = QFileDialog(parent, title, "comparison.mp4")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("mp4")
        dialog.setNameFilter(QCoreApplication.translate("CompareExport", "MP4 video (*.mp4)"))
        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def start(self) -> None:
        """Export comparison video… (the menu action)."""
        if self._busy:
            self.sig_message.emit(self.tr("A comparison video is already being made."))
            return
        jobs = self.takes()
        if len(jobs) < MIN_TAKES:
            self.sig_message.emit(
                self.tr("Select two to nine delivered takes to make a comparison video.")
            )
            return
        ids = [j.take.id for j in jobs if j.take is not None]
        blind = self.controller.blind_mode.active
        title = self.tr("Save the comparison video")
        self.ask_file(self._parent, title, lambda path: self.run(ids, path, blind=blind))

    def run(self, take_ids: list[int], path: str, *, blind: bool = False) -> None:
        """Make the video now (the dialog's answer; tests call it directly)."""
        if self._busy or not path:
            return
        from workbench.compare import CompareLayout

        self._busy = True
        self._stop.clear()
        layout = CompareLayout.ROW if len(take_ids) <= 3 else CompareLayout.GRID
        stop, emit = self._stop, self._relay.sig_progress.emit

        def use_case(engine: Any) -> Any:
            return engine.compare_video(
                take_ids, Path(path), layout=layout, blind=blind, progress=emit, cancel=stop
            )

        self._show_progress()
        self.bridge.call(use_case, self._on_done, lambda error: self._on_failed(path, error))

    def cancel(self) -> None:
        """Stop; the engine removes the half-written file."""
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Stopping…"))

    # -- progress ----------------------------------------------------------------------------
    def _show_progress(self) -> None:
        dialog = QProgressDialog(
            self.tr("Making the comparison video…"), self.tr("Cancel"), 0, 1000, self._parent
        )
        dialog.setWindowTitle(self.tr("Comparison video"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        self.progress = dialog

    def _on_relay_progress(self, fraction: float) -> None:
        if self.progress is not None:
            self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 1000))

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._busy = False

    def _on_done(self, video: Any) -> None:
        self._close_progress()
        self.sig_message.emit(
            self.tr("Comparison video saved: %1 (%2 × %3, %4 s).")
            .replace("%1", str(video.path))
            .replace("%2", str(video.width))
            .replace("%3", str(video.height))
            .replace("%4", f"{video.duration:.1f}")
        )
        self.sig_finished.emit(video)

    def _on_failed(self, path: str, error: BaseException) -> None:
        self._close_progress()
        if type(error).__name__ == "CompareCanceled" or self._stop.is_set():
            self.sig_message.emit(self.tr("Comparison video canceled; nothing was written."))
            return
        self.sig_message.emit(
            self.tr("Could not make the comparison video %1: %2")
            .replace("%1", path)
            .replace("%2", str(error))
        )
