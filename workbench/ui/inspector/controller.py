"""The inspector's wiring: the board's current tile → the pane; keys and clicks → the engine.

It follows the board's current tile (never a hidden selection), reads the whole take when
the tile has one, keeps it current from the engine's events, and sends every change through
:class:`JudgeController` (undoable) or :class:`RerollController`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack

from workbench.domain.views import JobView, TakeView
from workbench.ui.inspector.actions import TakeActions
from workbench.ui.inspector.judge import JudgeController
from workbench.ui.inspector.lineage import BoardTooltips, parent_take_of
from workbench.ui.inspector.pane import InspectorPane
from workbench.ui.inspector.record import Facts
from workbench.ui.inspector.reject import RejectMenu
from workbench.ui.inspector.reroll import RerollController

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.engine.events import TakeChanged, TakeDeleted
    from workbench.ui.window import MainWindow


def open_folder(path: str) -> bool:
    """Show the folder holding ``path`` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


class Inspector(QObject):
    """The current take in the inspector pane, the Take menu's keys, undo, reroll, Recall.

    Args:
        window: the main window.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = window.bridge
        self.pane = InspectorPane(window)
        self.actions = TakeActions(self)
        self.judge = JudgeController(window.bridge, self)
        self.rerolls = RerollController(window)
        self.reject_menu = RejectMenu(window)
        self.tooltips = BoardTooltips(window.board, hidden=self.blind)
        self._job: JobView | None = None
        self._take: TakeView | None = None
        self._seq = -1  # engine seq of the take shown; older events are dropped
        self._known_tags: set[str] = set()
        # The whole board pane: its tiles and the focus / A/B pages the compare views add
        # (they show the same current take), as the compare keys do; and the inspector.
        self.actions.add_scope(window.board)
        self.actions.add_scope(self.pane)
        self._connect()
        self._update_actions()

    @property
    def undo_stack(self) -> QUndoStack:
        """The history of judgements (Ctrl+Z / Ctrl+Shift+Z)."""
        return self.judge.stack

    def blind(self) -> bool:
        """True while another pane hides services and models (blind judging)."""
        mode = getattr(self.window, "blind_mode", None)
        return bool(getattr(mode, "active", False))

    def current_job(self) -> JobView | None:
        """The draw of the board's current tile, as the board's own model has it.

        While judging blind the view shows masked copies (no service, spec or seed); the
        reroll, the row count and Recall need the real draw, looked up by its id.
        """
        job = self.window.board.view.current_job()
        if job is None:
            return None
        model = self.window.board.model
        real = model.job_at(model.index_of(job.id))
        return real if real is not None and real.id == job.id else job

    def letter(self, job_id: int) -> str | None:
        """The letter a take goes by on the blind board (None when not judging blind)."""
        mode = getattr(self.window, "blind_mode", None)
        letter_of = getattr(mode, "letter_of", None)
        return letter_of(job_id) if callable(letter_of) and self.blind() else None

    def take(self) -> TakeView | None:
        """The whole take shown (None while it is read, or for a draw without one)."""
        return self._take

    # -- wiring ----------------------------------------------------------------------------
    def _connect(self) -> None:
        w, a, j, p = self.window, self.actions, self.judge, self.pane
        w.board.view.sig_current_changed.connect(self._on_board_current_changed)
        w.board.sig_board_shown.connect(self._on_board_shown)
        self.bridge.sig_take_changed.connect(self._on_bridge_take_changed)
        self.bridge.sig_take_deleted.connect(self._on_bridge_take_deleted)
        j.sig_judged.connect(self._on_judge_judged)
        j.sig_revisited.connect(self._on_judge_revisited)
        j.sig_message.connect(w.status.say)
        self.rerolls.sig_message.connect(w.status.say)
        stack = j.stack
        a.undo.triggered.connect(stack.undo)
        a.redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(a.undo.setEnabled)
        stack.canRedoChanged.connect(a.redo.setEnabled)
        stack.undoTextChanged.connect(self._on_stack_undo_text_changed)
        stack.redoTextChanged.connect(self._on_stack_redo_text_changed)
        for n, action in a.rate.items():
            action.triggered.connect(lambda _c=False, n=n: self._rate(n))
        a.clear_rating.triggered.connect(lambda: self._rate(None))
        a.favourite.triggered.connect(self._toggle_favourite)
        a.pick.triggered.connect(self._toggle_favourite)
        a.reject.triggered.connect(self._reject)
        a.tag.triggered.connect(self.pane.focus_tags)
        a.note.triggered.connect(self.pane.focus_note)
        a.reroll.triggered.connect(lambda: self.rerolls.reroll(self.current_job()))
        a.reroll_row.triggered.connect(lambda: self.rerolls.reroll(self.current_job(), row=True))
        a.recall.triggered.connect(lambda: self.rerolls.recall(self.current_job()))
        a.open_folder.triggered.connect(self._open_current_folder)
        p.sig_rate_requested.connect(lambda tid, stars: j.rate(tid, stars, blind=self.blind()))
        p.sig_favourite_requested.connect(j.toggle_favourite)
        p.sig_reason_toggled.connect(j.toggle_reason)
        p.sig_tag_added.connect(j.add_tag)
        p.sig_tag_removed.connect(j.remove_tag)
        p.sig_note_added.connect(j.add_note)
        p.sig_open_folder_requested.connect(open_folder)
        p.sig_done_typing.connect(self._on_pane_done_typing)
        self.reject_menu.sig_chip_picked.connect(j.toggle_reason)
        mode = getattr(self.window, "blind_mode", None)
        for name in ("sig_changed", "sig_toggled", "toggled", "changed"):
            signal = getattr(mode, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(lambda *_: self._show())
                break

    # -- the current tile ------------------------------------------------------------------
    def _on_board_current_changed(self, _shown: JobView | None) -> None:
        job = self.current_job()
        take_id = job.take.id if job is not None and job.take is not None else None
        known = self._take is not None and self._take.id == take_id
        self._job = job
        if not known:
            self._take = None
            self._seq = -1
        self._collect_tags()
        self._show()
        if take_id is not None and not known:
            self._read(take_id)
        self._update_actions()

    def _on_board_shown(self, _board: object) -> None:
        self._collect_tags()

    def _read(self, take_id: int) -> None:
        async def read(engine: Engine) -> tuple[int, TakeView]:
            return engine.bus.seq, await engine.take(take_id)

        def done(result: tuple[int, TakeView]) -> None:
            self._apply(*result)

        def failed(error: BaseException) -> None:
            # The take left the library meanwhile: its draw stays shown, without a take.
            job = self._job
            if job is not None and job.take is not None and job.take.id == take_id:
                self.window.status.say(str(error))

        self.bridge.call(read, done, failed)

    def _apply(self, seq: int, take: TakeView) -> None:
        """A newer state of a take; shown when it is the current tile's."""
        self._known_tags.update(take.tags)
        job = self._job
        if job is None or job.take is None or job.take.id != take.id or seq < self._seq:
            return
        self._seq = seq
        self._take = take
        self._show()

    def _show(self) -> None:
        job, take, pane = self._job, self._take, self.pane
        pane.set_known_tags(self._known_tags)
        if job is None:
            pane.show_nothing()
        elif take is not None:
            pane.show_take(take, blind=self.blind(), letter=self.letter(job.id))
        else:
            board = self.window.board.board
            same = board is not None and board.prompt_version_id == job.prompt_version_id
            facts = Facts.of_job(
                job,
                parent_take_of(self.window.board, job),
                board.prompt_id if same and board else None,
                board.version if same and board else None,
            )
            pane.show_job(job, facts, blind=self.blind())

    def _collect_tags(self) -> None:
        for job in self.window.board.model.jobs():
            if job.take is not None:
                self._known_tags.update(job.take.tags)

    def _update_actions(self) -> None:
        job = self.current_job()
        has_take = job is not None and job.take is not None
        for action in self.actions.judging():
            action.setEnabled(has_take)
        self.actions.recall.setEnabled(job is not None)
        self.actions.undo.setEnabled(self.judge.stack.canUndo())
        self.actions.redo.setEnabled(self.judge.stack.canRedo())

    # -- engine events ---------------------------------------------------------------------
    def _on_bridge_take_changed(self, event: TakeChanged) -> None:
        self._apply(event.seq, event.take)

    def _on_bridge_take_deleted(self, event: TakeDeleted) -> None:
        if self._take is not None and self._take.id == event.take_id:
            self._take = None
            self._seq = event.seq
            self._show()

    def _on_judge_judged(self, seq: int, take: TakeView) -> None:
        self._apply(seq, take)

    def _on_judge_revisited(self, job_id: int) -> None:
        """Undo or redo: show the tile it changes, so the creator sees what came back."""
        current = self.current_job()
        if current is None or current.id != job_id:
            self.window.board.view.select_job(job_id)

    # -- actions ---------------------------------------------------------------------------
    def _current_take_id(self) -> int | None:
        job = self.current_job()
        return job.take.id if job is not None and job.take is not None else None

    def _rate(self, stars: int | None) -> None:
        take_id = self._current_take_id()
        if take_id is not None:
            self.judge.rate(take_id, stars, blind=self.blind())

    def _toggle_favourite(self) -> None:
        take_id = self._current_take_id()
        if take_id is not None:
            self.judge.toggle_favourite(take_id)

    def _reject(self) -> None:
        job = self.current_job()
        if job is None or job.take is None:
            return
        view = self.window.board.view
        index = view.board_model().index_of(job.id) if view.board_model() else None
        if index is not None and index.isValid() and view.isVisible():
            rect = view.visualRect(index)
            at = view.viewport().mapToGlobal(rect.center())
        else:
            at = self.pane.mapToGlobal(self.pane.rect().center())
        take = self._take if self._take is not None and self._take.id == job.take.id else None
        self.reject_menu.open_for(job.take.id, take.reasons if take else job.take.reasons, at)

    def _open_current_folder(self) -> None:
        job = self.current_job()
        if job is not None and job.take is not None:
            open_folder(job.take.path)

    def _on_pane_done_typing(self) -> None:
        view = self.window.board.view
        if view.isVisible():
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_stack_undo_text_changed(self, text: str) -> None:
        self.actions.undo.setText(
            self.tr("&Undo %1").replace("%1", text) if text else self.tr("&Undo")
        )

    def _on_stack_redo_text_changed(self, text: str) -> None:
        self.actions.redo.setText(
            self.tr("&Redo %1").replace("%1", text) if text else self.tr("&Redo")
        )
