"""Saying what went wrong outside the draws themselves, in one sentence, with no traceback.

SIGTERM (a logout, a service manager) is handled like Ctrl+C: it raises
:class:`Terminated`, a ``KeyboardInterrupt``, in the main thread, so a command stops
cleanly, says where its draws stand, and exits 143 (Ctrl+C: 130).

A full disk, a read-only folder, a busy or damaged library arrive as a
``workbench.library.errors.LibraryError`` whose message is already that sentence; other
file-system refusals (an export folder on a full disk, a data directory that cannot be
made) are put in words here. Notices (another Workbench is upgrading the library,
retrying…) are log records marked ``notice``: they are printed as they are.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import signal
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
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


#: A draw in these states is on its service (``submitting``: perhaps; a resume settles it).
ON_SERVICE = frozenset({"submitting", "submitted", "running", "downloading"})


def where_draws_stand(states: Iterable[str]) -> tuple[int, int]:
    """How many of these draws were never sent (``planned``) and how many are on a service."""
    seen = list(states)
    return sum(1 for s in seen if s == "planned"), sum(1 for s in seen if s in ON_SERVICE)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop like Ctrl+C (draws stay resumable), exit 143."""


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` in the main thread (once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigterm(_signum: int, _frame: FrameType | None) -> None:
        # One is enough: a second SIGTERM must not cut the clean stop short.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop_cause(exc: KeyboardInterrupt) -> str:
    """Who stopped the command, in words."""
    return "Stopped by SIGTERM" if isinstance(exc, Terminated) else "Interrupted"


def unfinished_sentence(
    not_sent: int,
    on_service: int,
    problem: LibraryError | None = None,
    *,
    cause: str | None = None,
) -> str | None:
    """Where the unfinished draws of a run stand, and what ``workbench resume`` will do.

    Never-sent draws are ``planned``; draws that are ``submitting`` … ``downloading`` are on
    their services (or being settled, never sent twice). ``problem`` is why the run stopped
    (a full disk …), or ``cause`` (a signal). None when nothing is left and nothing to say.
    """
    cause = problem.cause if problem is not None else cause
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
