"""Prompts and their versions: a text is stored once per prompt, versions count up.

Every get-or-create is atomic across processes (two Workbench processes sending the same
text at once get one prompt).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable

from workbench.library.db import transaction
from workbench.library.records import PromptVersion

DEFAULT_PROJECT = "Default"


class PromptsRepo:
    """Mixin of :class:`~workbench.library.library.Library` for prompts and versions."""

    conn: sqlite3.Connection
    clock: Callable[[], float]

    def project_id(self, name: str = DEFAULT_PROJECT) -> int:
        """Id of the project called ``name``, created when missing (atomic across processes)."""
        row = self.conn.execute("SELECT id FROM projects WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO projects (name, created_at) VALUES (?, ?)",
                (name, self.clock()),
            )
            row = self.conn.execute("SELECT id FROM projects WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def prompt_version(
        self, text: str, negative: str | None = None, *, prompt_id: int | None = None
    ) -> PromptVersion:
        """The version holding exactly this text, creating it when new.

        With ``prompt_id`` the text becomes the next version of that prompt, unless one of
        its versions already holds it (then that version is reused, so a text returns to
        its own draw count); without it, an identical earlier text is reused, else a new
        prompt starts at version 1. Versions are never edited (a trigger forbids it).

        The lookup and the insert are one write transaction, so two processes sending the
        same new text at once get the same version, not two prompts.
        """
        sha = _text_sha(text, negative)
        project = self.project_id()
        with transaction(self.conn):
            if prompt_id is None:
                row = self.conn.execute(
                    "SELECT * FROM prompt_versions WHERE text_sha = ? ORDER BY id LIMIT 1", (sha,)
                ).fetchone()
            else:
                if (
                    self.conn.execute("SELECT 1 FROM prompts WHERE id = ?", (prompt_id,)).fetchone()
                    is None
                ):
                    raise LookupError(f"there is no prompt {prompt_id}")
                row = self.conn.execute(
                    "SELECT * FROM prompt_versions WHERE prompt_id = ? AND text_sha = ?"
                    " ORDER BY version DESC LIMIT 1",
                    (prompt_id, sha),
                ).fetchone()
            if row is not None:
                return _version(row)
            if prompt_id is None:
                prompt_id = int(
                    self.conn.execute(
                        "INSERT INTO prompts (project_id, created_at) VALUES (?, ?)",
                        (project, self.clock()),
                    ).lastrowid
                    or 0
                )
            version = (
                1
                + self.conn.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM prompt_versions WHERE prompt_id = ?",
                    (prompt_id,),
                ).fetchone()[0]
            )
            cur = self.conn.execute(
                "INSERT INTO prompt_versions (prompt_id, version, text, negative, text_sha,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (prompt_id, version, text, negative, sha, self.clock()),
            )
        return PromptVersion(int(cur.lastrowid or 0), prompt_id, version, text, negative)

    def version_by_id(self, version_id: int) -> PromptVersion:
        """A prompt version by id."""
        row = self.conn.execute(
            "SELECT * FROM prompt_versions WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"there is no prompt version {version_id}")
        return _version(row)


def _text_sha(text: str, negative: str | None) -> str:
    return hashlib.sha256(f"{text}\x00{negative or ''}".encode()).hexdigest()


def _version(row: sqlite3.Row) -> PromptVersion:
    return PromptVersion(row["id"], row["prompt_id"], row["version"], row["text"], row["negative"])
