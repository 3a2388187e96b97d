"""Judging through the engine, with an undo history.

Every change is made by the engine (``bridge.call``) and only then recorded as an undo
step. The use case reads the take *before* changing it, on the engine's own thread, so the
step remembers the exact previous value even when keys are pressed faster than answers
come back (3 then 4 in a row: undoing the 4 gives 3). Undo and redo call the engine again
with the remembered values.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.domain.views import TakeView
from workbench.ui.inspector import texts

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.ui.bridge import EngineBridge

Call = Callable[["Engine"], Coroutine[Any, Any, TakeView]]
#: A change worked out from the take as it was: (engine call, undo call, undo text), or None
#: when there is nothing to change. Worked out on the engine's thread, in order with others.
Made = "tuple[Call, Call, str] | None"
Plan = Callable[[TakeView], Made]


class JudgeStep(QUndoCommand):
    """One judgement the engine already made; undo and redo ask the engine again."""

    def __init__(self, judge: JudgeController, take: TakeView, redo: Call, undo: Call, text: str):
        super().__init__(text)
        self.take_id = take.id
        self.job_id = take.job_id
        self._judge = judge
        self._redo = redo
        self._undo = undo
        self._made = True  # pushed after the engine made it: the first redo() is a no-op

    def redo(self) -> None:
        """Make the change again (not on push: it is already made)."""
        if self._made:
            self._made = False
            return
        self._judge.replay(self, self._redo)

    def undo(self) -> None:
        """Put the previous value back."""
        self._judge.replay(self, self._undo)


class JudgeController(QObject):
    """Ratings, favourites, chips, tags and notes through the engine, undoable.

    Args:
        bridge: the engine bridge.
        parent: owner.
    """

    sig_judged = Signal(int, object)
    """The engine changed a take (a judgement, an undo or a redo): (event seq, TakeView)."""
    sig_revisited = Signal(int)
    """Undo or redo changed a take: (its job id), so the board can show that tile."""
    sig_message = Signal(str)
    """A sentence for the status bar (what was undone, why something failed)."""

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.stack = QUndoStack(self)

    # -- judging ---------------------------------------------------------------------------
    def rate(self, take_id: int, stars: int | None, *, blind: bool = False) -> None:
        """1–5 stars, or None to clear."""

        def plan(before: TakeView) -> tuple[Call, Call, str] | None:
            if before.rating == stars and (stars is None or before.blind == blind):
                return None
            old, old_blind = before.rating, before.blind
            text = (
                self.tr("Clear the rating of take %1")
                if stars is None
                else self.tr("Rate take %1: %2").replace("%2", texts.stars_text(stars))
            ).replace("%1", str(take_id))
            return (
                lambda e: e.rate(take_id, stars, blind=blind),
                lambda e: e.rate(take_id, old, blind=old_blind),
                text,
            )

        self._change(take_id, plan)

    def toggle_favourite(self, take_id: int) -> None:
        """Flip the favourite (as the take is when the engine gets to it)."""

        def plan(before: TakeView) -> tuple[Call, Call, str]:
            on = not before.favourite
            text = (
                self.tr("Mark take %1 as a favourite")
                if on
                else self.tr("Unmark take %1 as a favourite")
            ).replace("%1", str(take_id))
            return (
                lambda e: e.set_favourite(take_id, on),
                lambda e: e.set_favourite(take_id, not on),
                text,
            )

        self._change(take_id, plan)

    def toggle_reason(self, take_id: int, chip: str) -> None:
        """Put a reason chip on, or take it off when it is on."""

        def plan(before: TakeView) -> tuple[Call, Call, str]:
            label = texts.reason_label(chip)
            add = (lambda e: e.add_reason(take_id, chip), self.tr("Add the reason “%1” to take %2"))
            remove = (
                lambda e: e.remove_reason(take_id, chip),
                self.tr("Remove the reason “%1” from take %2"),
            )
            do, undo = (remove, add) if chip in before.reasons else (add, remove)
            return do[0], undo[0], do[1].replace("%1", label).replace("%2", str(take_id))

        self._change(take_id, plan)

    def add_tag(self, take_id: int, tag: str) -> None:
        """Tag a take (a tag it already has changes nothing)."""
        from workbench.domain.takes import normalise_tag

        try:
            clean = normalise_tag(tag)
        except ValueError:
            self.sig_message.emit(
                self.tr("“%1” is not a tag: 1–48 characters, no commas.").replace("%1", tag)
            )
            return

        def plan(before: TakeView) -> tuple[Call, Call, str] | None:
            if clean in before.tags:
                return None
            return (
                lambda e: e.add_tag(take_id, clean),
                lambda e: e.remove_tag(take_id, clean),
                self.tr("Tag take %1 “%2”").replace("%1", str(take_id)).replace("%2", clean),
            )

        self._change(take_id, plan)

    def remove_tag(self, take_id: int, tag: str) -> None:
        """Untag a take."""

        def plan(before: TakeView) -> tuple[Call, Call, str] | None:
            if tag not in before.tags:
                return None
            return (
                lambda e: e.remove_tag(take_id, tag),
                lambda e: e.add_tag(take_id, tag),
                self.tr("Remove the tag “%2” from take %1")
                .replace("%1", str(take_id))
                .replace("%2", tag),
            )

        self._change(take_id, plan)

    def add_note(self, take_id: int, text: str) -> None:
        """Append a note; undo deletes that note again."""
        note = text.strip()
        if not note:
            return

        def plan(_before: TakeView) -> tuple[Call, Call, str]:
            return (
                lambda e: e.add_note(take_id, note),
                lambda e: e.remove_note(take_id, note),
                self.tr("Add a note to take %1").replace("%1", str(take_id)),
            )

        self._change(take_id, plan)

    # -- the engine round trip ---------------------------------------------------------------
    def _change(self, take_id: int, plan: Plan) -> None:
        async def change(engine: Engine) -> tuple[int, TakeView, TakeView, Made]:
            before = await engine.take(take_id)
            made = plan(before)
            after = await made[0](engine) if made is not None else before
            return engine.bus.seq, before, after, made

        def done(result: tuple[int, TakeView, TakeView, Made]) -> None:
            seq, before, after, made = result
            if made is not None:
                self.stack.push(JudgeStep(self, before, *made))
            self.sig_judged.emit(seq, after)

        self.bridge.call(change, done, self._on_failed)

    def replay(self, step: JudgeStep, call: Call) -> None:
        """Run an undo or redo of ``step`` on the engine."""
        self.sig_revisited.emit(step.job_id)

        async def again(engine: Engine) -> tuple[int, TakeView]:
            after = await call(engine)
            return engine.bus.seq, after

        self.bridge.call(again, lambda r: self.sig_judged.emit(*r), self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, LookupError):  # the library's TakeNotFound
            self.sig_message.emit(self.tr("That take is no longer in the library."))
        else:
            self.sig_message.emit(str(error))
