"""Export from the window: choose a folder, copy on the engine's side, show progress, cancel.

The copying (a remux per clip, to embed its record) runs in a worker thread of the engine's
loop (``asyncio.to_thread`` inside a use case), never on the GUI thread. Progress comes back
through a queued signal; Cancel stops between two clips, and the folder's ``index.csv`` then
lists what was written. The folder is chosen with a non-blocking dialog (``open()``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from workbench.domain.views import TakeView
from workbench.library.records import TakeFilter

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.ui.bridge import EngineBridge


@dataclass(frozen=True)
class ExportResult:
    """How an export went."""

    folder: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    stopped: bool = False
    error: str | None = None


class _Relay(QObject):
    """Carries progress from the exporting thread to the GUI thread."""

    sig_progress = Signal(int, int, str)
    """(clips written, clips in all, the last file's name)."""


class LibraryExportFlow(QObject):
    """One export at a time, from folder choice to the closing message.

    Args:
        bridge: the engine bridge.
        parent: the widget the dialogs belong to.
    """

    sig_message = Signal(str)
    """What happened, in words (for the status bar)."""
    sig_finished = Signal(object)
    """The export is over: (ExportResult)."""

    def __init__(self, bridge: EngineBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._parent = parent
        self._relay = _Relay(self)
        self._relay.sig_progress.connect(self._on_relay_progress)
        self._stop = threading.Event()
        self.progress: QProgressDialog | None = None
        self._busy = False

    def busy(self) -> bool:
        """True while an export runs."""
        return self._busy

    @classmethod
    def ask_folder(
        cls, parent: QWidget, title: str, chosen: Callable[[str], None]
    ) -> QFileDialog | None:
        """Ask for a folder without blocking; ``chosen(path)`` when one is picked (tests patch)."""
        dialog = QFileDialog(parent, title)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setLabelText(
            QFileDialog.DialogLabel.Accept,
            QCoreApplication.translate("LibraryExportFlow", "Export here"),
        )
        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def start(self, takes: list[TakeView] | None, flt: TakeFilter, count: int | None) -> None:
        """Export ``takes`` (or, with None, every take matching ``flt``) to a folder asked for."""
        if self._busy:
            self.sig_message.emit(self.tr("An export is already running."))
            return
        n = len(takes) if takes is not None else count
        if n == 0:
            self.sig_message.emit(self.tr("There is nothing to export."))
            return
        title = (
            self.tr("Export %n take(s) to a folder", "", n).replace(str(n), QLocale().toString(n))
            if n is not None
            else self.tr("Export the takes shown to a folder")
        )
        self.ask_folder(self._parent, title, lambda folder: self.run(takes, flt, folder))

    def run(self, takes: list[TakeView] | None, flt: TakeFilter, folder: str) -> None:
        """Export now into ``folder`` (the dialog's answer; tests call it directly)."""
        if self._busy or not folder:
            return
        self._busy = True
        self._stop.clear()
        stop, relay, dest = self._stop, self._relay, Path(folder)

        async def export(engine: Engine) -> ExportResult:
            from workbench.library.export import export_takes

            chosen = takes if takes is not None else await engine.takes(flt)
            relay.sig_progress.emit(0, len(chosen), "")
            rows = await asyncio.to_thread(
                export_takes, chosen, dest, progress=relay.sig_progress.emit, stop=stop.is_set
            )
            return ExportResult(folder, rows, len(chosen), stopped=len(rows) < len(chosen))

        self._show_progress(len(takes) if takes is not None else 0)
        self.bridge.call(export, self._on_done, lambda error: self._on_failed(folder, error))

    def cancel(self) -> None:
        """Stop after the clip being written."""
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Stopping after this clip…"))

    # -- progress ----------------------------------------------------------------------------
    def _show_progress(self, total: int) -> None:
        dialog = QProgressDialog(
            self.tr("Preparing the export…"), self.tr("Cancel"), 0, max(1, total), self._parent
        )
        dialog.setWindowTitle(self.tr("Exporting takes"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(400)  # small exports finish before it would flash
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        self.progress = dialog

    def _on_relay_progress(self, done: int, total: int, name: str) -> None:
        dialog = self.progress
        if dialog is None:
            return
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)
        if not self._stop.is_set():
            dialog.setLabelText(
                self.tr("Exported %1 of %2: %3")
                .replace("%1", QLocale().toString(done))
                .replace("%2", QLocale().toString(total))
                .replace("%3", name)
                if name
                else self.tr("Exporting %n take(s)…", "", total)
            )

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._busy = False

    def _on_done(self, result: ExportResult) -> None:
        self._close_progress()
        written = len(result.rows)
        sidecar_only = sum(1 for r in result.rows if r.get("record") != "embedded")
        if result.stopped:
            text = (
                self.tr("Export stopped: %1 of %2 take(s) written to %3; index.csv lists them.")
                .replace("%1", str(written))
                .replace("%2", str(result.total))
                .replace("%3", result.folder)
            )
        else:
            text = self.tr(
                "Exported %n take(s) to %1: clips with their record embedded, JSON sidecars "
                "and index.csv.",
                "",
                written,
            ).replace("%1", result.folder)
        if sidecar_only:
            text += " " + self.tr(
                "%n clip(s) could not carry the record; it is in their sidecar.", "", sidecar_only
            )
        self.sig_message.emit(text)
        self.sig_finished.emit(result)

    def _on_failed(self, folder: str, error: BaseException) -> None:
        self._close_progress()
        text = self.tr("Export to %1 failed: %2").replace("%1", folder).replace("%2", str(error))
        self.sig_message.emit(text)
        self.sig_finished.emit(ExportResult(folder, error=str(error)))
