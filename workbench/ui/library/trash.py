"""Deleting takes: asked first, removed through the engine, their files to the system trash.

The engine forgets the takes (the draws stay counted in the statistics) and names the files
no other take uses; those go to the system's trash in a worker thread (a move across file
systems is a copy). Whatever the trash refuses stays where it is, and the message says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QFile, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.domain.views import TakeView

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.ui.bridge import EngineBridge


class _Relay(QObject):
    """Carries the trash worker's result to the GUI thread."""

    sig_trashed = Signal(int, list)
    """(files moved, [files the trash refused])."""


class _MoveToTrash(QRunnable):
    """Moves files to the system trash, one by one."""

    def __init__(self, relay: _Relay, paths: list[str]) -> None:
        super().__init__()
        self._relay, self._paths = relay, paths

    def run(self) -> None:
        """Runs in the pool: ``QFile.moveToTrash`` may copy across file systems."""
        moved, refused = 0, []
        for path in self._paths:
            if not QFile.exists(path):
                continue  # already gone: nothing to keep
            ok, _where = QFile.moveToTrash(path)
            if ok:
                moved += 1
            else:
                refused.append(path)
        self._relay.sig_trashed.emit(moved, refused)


async def _delete(engine: Engine, take_ids: list[int]) -> tuple[int, list[str]]:
    """Delete each take still there; returns how many went and the files now unused."""
    deleted, unused = 0, []
    for take_id in take_ids:
        try:
            unused += await engine.delete_take(take_id)
        except LookupError:
            continue  # deleted meanwhile (another window, the command line)
        deleted += 1
    return deleted, unused


class TrashFlow(QObject):
    """Asks, deletes through the engine, moves the files to the trash, tells the outcome.

    Args:
        bridge: the engine bridge.
        parent: the widget dialogs belong to.
    """

    sig_message = Signal(str)
    """What happened, in words (for the status bar)."""
    sig_finished = Signal()
    """A delete (and its trash moves) is over, whatever the outcome."""

    def __init__(self, bridge: EngineBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._parent = parent
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.sig_trashed.connect(self._on_relay_trashed)
        self.box: QMessageBox | None = None
        self._deleted = 0

    def ask(self, takes: list[TakeView]) -> None:
        """Ask before deleting ``takes`` (a non-blocking question); deletes on yes."""
        if not takes:
            return
        ids = [t.id for t in takes]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete %n take(s)?", "", len(ids)),
            self.tr(
                "The clips go to the system trash, where you can still restore them. The "
                "draws stay counted in the statistics.",
            ),
            QMessageBox.StandardButton.Cancel,
            self._parent,
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: box.clickedButton() is delete and self.delete(ids))
        self.box = box
        box.open()

    def delete(self, take_ids: list[int]) -> None:
        """Delete without asking (after the question, and for tests)."""
        self.bridge.call(lambda e: _delete(e, take_ids), self._on_deleted, self._on_failed)

    def wait(self, msecs: int = -1) -> bool:
        """Block until no trash move runs (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _on_deleted(self, result: tuple[int, list[str]]) -> None:
        deleted, unused = result
        self._deleted = deleted
        if not unused:
            self.sig_message.emit(self.tr("Deleted %n take(s).", "", deleted))
            self.sig_finished.emit()
            return
        self._pool.start(_MoveToTrash(self._relay, unused))

    def _on_failed(self, error: BaseException) -> None:
        self.sig_message.emit(self.tr("Nothing was deleted: %1").replace("%1", str(error)))
        self.sig_finished.emit()

    def _on_relay_trashed(self, _moved: int, refused: list[str]) -> None:
        deleted = self._deleted
        if refused:
            self.sig_message.emit(
                self.tr(
                    "Deleted %n take(s), but the system trash refused %1 file(s); they are "
                    "still in the library folder: %2",
                    "",
                    deleted,
                )
                .replace("%1", str(len(refused)))
                .replace("%2", refused[0])
            )
        else:
            self.sig_message.emit(
                self.tr("Deleted %n take(s); their clips are in the system trash.", "", deleted)
            )
        self.sig_finished.emit()
