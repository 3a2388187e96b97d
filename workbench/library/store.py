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
        # Temp files of downloads running in this process: a sweep must never take them.
        self._live: set[Path] = set()

    def temp_path(self, suffix: str = ".part") -> Path:
        """A fresh temporary path on the store's own file system (so the final move is atomic).

        The path is owned by the caller until :meth:`release`; sweeps leave it alone.
        """
        self.incoming.mkdir(parents=True, exist_ok=True)
        path = self.incoming / f"{uuid.uuid4().hex}{suffix}"
        self._live.add(path)
        return path

    def release(self, path: Path) -> None:
        """The download that owned ``path`` is over; remove what is left of it."""
        path.unlink(missing_ok=True)
        self._live.discard(path)

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
        """Delete leftovers of interrupted downloads; returns how many were removed.

        Only files no live download of this process owns: a resume inside a running app
        must not pull the floor from under a download in flight. (Other processes' downloads
        are excluded by the engine lock: a resume runs only when no other engine is live.)
        """
        if not self.incoming.exists():
            return 0
        removed = 0
        for leftover in self.incoming.iterdir():
            if leftover in self._live:
                continue
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed
