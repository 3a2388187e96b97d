"""Judging takes through the engine, so every change is an event like any other.

A window that shows a take (a tile, the inspector, the library) hears ``TakeChanged`` and
the take's ``JobChanged`` whether the change came from itself, another window, or a
command line sharing the library through the same engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from workbench.domain.views import TakeView
from workbench.engine.events import JobChanged, TakeChanged, TakeDeleted

if TYPE_CHECKING:
    from workbench.engine.subscriptions import EventBus
    from workbench.library.library import Library

T = TypeVar("T")


class JudgingMixin:
    """Mixin of :class:`~workbench.engine.engine.Engine`: ratings, favourites, notes, chips."""

    bus: EventBus

    # Provided by the Engine this is mixed into (annotations only).
    library: Library

    def _judge(self, take_id: int, change: Callable[[Library], T]) -> TakeView:
        lib = self.library
        change(lib)
        take = lib.take_view(take_id)
        self.bus.publish(TakeChanged(take))
        self.bus.publish(JobChanged(lib.job_view(take.job_id)))
        return take

    async def rate(self, take_id: int, stars: int | None, *, blind: bool = False) -> TakeView:
        """1–5 stars, or ``None`` to clear; ``blind`` when service and model were hidden."""
        return self._judge(take_id, lambda lib: lib.rate(take_id, stars, blind=blind))

    async def set_favourite(self, take_id: int, on: bool = True) -> TakeView:
        """Mark or unmark a favourite."""
        return self._judge(take_id, lambda lib: lib.set_favourite(take_id, on))

    async def add_note(self, take_id: int, text: str) -> TakeView:
        """Append a note."""
        return self._judge(take_id, lambda lib: lib.add_note(take_id, text))

    async def remove_note(self, take_id: int, text: str) -> TakeView:
        """Delete the newest note with this text (undo)."""
        return self._judge(take_id, lambda lib: lib.remove_note(take_id, text))

    async def add_tag(self, take_id: int, tag: str) -> TakeView:
        """Tag a take."""
        return self._judge(take_id, lambda lib: lib.add_tag(take_id, tag))

    async def remove_tag(self, take_id: int, tag: str) -> TakeView:
        """Untag a take."""
        return self._judge(take_id, lambda lib: lib.remove_tag(take_id, tag))

    async def add_reason(self, take_id: int, chip: str) -> TakeView:
        """Record why a take is not a keeper (a reason chip)."""
        return self._judge(take_id, lambda lib: lib.add_reason(take_id, chip))

    async def remove_reason(self, take_id: int, chip: str) -> TakeView:
        """Take a reason chip off."""
        return self._judge(take_id, lambda lib: lib.remove_reason(take_id, chip))

    async def delete_take(self, take_id: int) -> list[str]:
        """Remove a take from the library; returns the files no other take uses any more.

        The caller moves those files to the system's bin (the draw itself stays counted).
        """
        lib = self.library
        job_id, unused = lib.delete_take(take_id)
        self.bus.publish(TakeDeleted(take_id, job_id))
        self.bus.publish(JobChanged(lib.job_view(job_id)))
        return unused
