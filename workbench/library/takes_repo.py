"""Judging takes: rating, favourite, notes, tags, reason chips, deleting.

Every write is one transaction; reads of takes are typed (``library.reads``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from workbench.domain.takes import check_rating, normalise_tag, parse_reason
from workbench.library.db import transaction
from workbench.library.store import ClipStore


class TakeNotFound(LookupError):
    """No take with that id."""


class TakesRepo:
    """Mixin of :class:`~workbench.library.library.Library` for judging takes."""

    conn: sqlite3.Connection
    clips: ClipStore
    clock: Callable[[], float]

    def _require_take(self, take_id: int) -> None:
        row = self.conn.execute(
            "SELECT 1 FROM takes WHERE id = ? AND deleted_at IS NULL", (take_id,)
        ).fetchone()
        if row is None:
            raise TakeNotFound(f"there is no take {take_id}")

    def rate(self, take_id: int, stars: int | None, *, blind: bool = False) -> None:
        """Set 1–5 stars, or clear the rating with ``None``; ``blind`` when names were hidden."""
        if stars is not None:
            check_rating(stars)
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE takes SET rating = ?, rated_blind = ? WHERE id = ?",
                (stars, int(blind and stars is not None), take_id),
            )

    def set_favourite(self, take_id: int, on: bool = True) -> None:
        """Mark or unmark a favourite."""
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute("UPDATE takes SET favourite = ? WHERE id = ?", (int(on), take_id))

    def add_note(self, take_id: int, text: str) -> None:
        """Append a note (notes are kept in order, never overwritten)."""
        if not text.strip():
            raise ValueError("the note is empty")
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO notes (take_id, text, created_at) VALUES (?, ?, ?)",
                (take_id, text.strip(), self.clock()),
            )

    def add_tag(self, take_id: int, tag: str) -> str:
        """Tag a take; returns the normalised tag."""
        clean = normalise_tag(tag)
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO take_tags (take_id, tag) VALUES (?, ?)", (take_id, clean)
            )
        return clean

    def add_reason(self, take_id: int, chip: str) -> str:
        """Record a failure-reason chip; returns its canonical name."""
        reason = parse_reason(chip).value
        self._require_take(take_id)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO take_reasons (take_id, reason) VALUES (?, ?)",
                (take_id, reason),
            )
        return reason

    def remove_tag(self, take_id: int, tag: str) -> bool:
        """Untag a take; False when it did not have the tag."""
        self._require_take(take_id)
        with transaction(self.conn):
            cur = self.conn.execute(
                "DELETE FROM take_tags WHERE take_id = ? AND tag = ?", (take_id, normalise_tag(tag))
            )
        return cur.rowcount > 0

    def remove_reason(self, take_id: int, chip: str) -> bool:
        """Take a reason chip off; False when it was not there."""
        self._require_take(take_id)
        with transaction(self.conn):
            cur = self.conn.execute(
                "DELETE FROM take_reasons WHERE take_id = ? AND reason = ?",
                (take_id, parse_reason(chip).value),
            )
        return cur.rowcount > 0

    def remove_note(self, take_id: int, text: str) -> bool:
        """Delete the newest note with exactly this text (undo of :meth:`add_note`)."""
        self._require_take(take_id)
        with transaction(self.conn):
            cur = self.conn.execute(
                "DELETE FROM notes WHERE id = (SELECT id FROM notes WHERE take_id = ? AND text = ?"
                " ORDER BY id DESC LIMIT 1)",
                (take_id, text.strip()),
            )
        return cur.rowcount > 0

    def delete_take(self, take_id: int) -> tuple[int, list[str]]:
        """Remove a take from the library; returns its job id and the files now unused.

        The row stays (marked deleted) so the ledger still counts the draw; the clip and
        poster are only returned for the bin when no other take shares them (the store is
        content-addressed).
        """
        row = self.conn.execute(
            "SELECT job_id, sha256, path, poster FROM takes WHERE id = ? AND deleted_at IS NULL",
            (take_id,),
        ).fetchone()
        if row is None:
            raise TakeNotFound(f"there is no take {take_id}")
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE takes SET deleted_at = ?, favourite = 0 WHERE id = ?",
                (self.clock(), take_id),
            )
            shared = self.conn.execute(
                "SELECT 1 FROM takes WHERE sha256 = ? AND deleted_at IS NULL LIMIT 1",
                (row["sha256"],),
            ).fetchone()
        unused = [] if shared else [p for p in (row["path"], row["poster"]) if p]
        return row["job_id"], [str(self.clips.absolute(p)) for p in unused]
