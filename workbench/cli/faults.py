"""Saying what went wrong outside the draws themselves, in one sentence, with no traceback.

A full disk, a read-only folder, a busy or damaged library arrive as a
``workbench.library.errors.LibraryError`` whose message is already that sentence; other
file-system refusals (an export folder on a full disk, a data directory that cannot be
made) are put in words here. Notices (another Workbench is upgrading the library,
retrying…) are log records marked ``notice``: they are printed as they are.
"""

from __future__ import annotations

import errno
import logging
from pathlib import Path

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_REFUSED = {errno.EROFS, errno.EACCES, errno.EPERM}


def describe_os_error(exc: OSError) -> str | None:
    """One sentence for a file-system refusal (None when it is not one: a bug to show)."""
    name = exc.filename if isinstance(exc.filename, str) else None
    if exc.errno in _FULL:
        where = str(Path(name).parent) if name else "the data directory"
        what = f" ({name} could not be written)" if name else ""
        return f"The disk holding {where} is full{what}; free some space and try again."
    if exc.errno in _REFUSED:
        what = name or "a file Workbench needs"
        reason = exc.strerror or "not allowed"
        return f"Workbench may not write {what} ({reason}); nothing more was done."
    return None


class NoticeFormatter(logging.Formatter):
    """Notices as plain sentences; everything else as ``LEVEL logger: message``."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """A notice prints as its message alone."""
        if getattr(record, "notice", False):
            return record.getMessage()
        return super().format(record)
