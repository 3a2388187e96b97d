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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.library.errors import LibraryError

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


def unfinished_sentence(
    not_sent: int, on_service: int, problem: LibraryError | None = None
) -> str | None:
    """Where the unfinished draws of a run stand, and what ``workbench resume`` will do.

    Never-sent draws are ``planned``; draws that are ``submitting`` … ``downloading`` are on
    their services (or being settled, never sent twice). ``problem`` is why the run stopped.
    """
    cause = problem.cause if problem is not None else None
    once = f"once {problem.remedy}, " if problem is not None else ""
    if not_sent and on_service:
        rest = (
            f"{not_sent} draw(s) were not sent and {on_service} are rendering on their "
            f"services; {once}`workbench resume` collects them and sends the rest"
        )
    elif not_sent:
        rest = f"{not_sent} draw(s) were not sent; {once}`workbench resume` sends them"
    elif on_service:
        rest = (
            f"{on_service} draw(s) are rendering on their services; {once}`workbench resume` "
            "collects them"
        )
    elif cause is not None:
        return f"{cause}; every draw of this run had settled already."
    else:
        return None
    if cause is None:
        return rest[0].upper() + rest[1:] + "."
    return f"{cause}: {rest}."
