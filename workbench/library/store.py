"""Content-addressed clip store: ``clips/ab/<sha256>.mp4`` with a poster beside it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


class ClipStore:
    """Places verified files by their hash; the same clip is stored once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / ".incoming"

    def temp_path(self, suffix: str = ".part") -> Path:
        """A fresh temporary path on the store's own file system (so the final move is atomic)."""
        self.incoming.mkdir(parents=True, exist_ok=True)
        return self.incoming / f"{uuid.uuid4().hex}{suffix}"

    def clip_path(self, sha256: str, extension: str) -> Path:
        """Where a clip with this hash lives."""
        return self.root / sha256[:2] / f"{sha256}.{extension}"

    def poster_path(self, sha256: str) -> Path:
        """Where the clip's poster frame lives."""
        return self.root / sha256[:2] / f"{sha256}.jpg"

    def place(self, temp: Path, sha256: str, extension: str) -> Path:
        """Move a verified temp file into place atomically; drop it if already stored."""
        final = self.clip_path(sha256, extension)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and final.stat().st_size == temp.stat().st_size:
            temp.unlink()
            return final
        os.replace(temp, final)
        return final

    def relative(self, path: Path) -> str:
        """Path as stored in the database (relative to the data directory)."""
        return path.relative_to(self.root.parent).as_posix()

    def absolute(self, stored: str) -> Path:
        """Absolute path of a stored relative path."""
        return self.root.parent / stored

    def sweep_incoming(self) -> int:
        """Delete leftovers of interrupted downloads; returns how many were removed."""
        if not self.incoming.exists():
            return 0
        removed = 0
        for leftover in self.incoming.iterdir():
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed
