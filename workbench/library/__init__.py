"""Persistent state: the SQLite library and the content-addressed clip store."""

from __future__ import annotations

from workbench.library.db import LibraryError, LibraryTooNew
from workbench.library.library import JobNotFound, Library
from workbench.library.records import JobRecord, JobUpdate, NewTake, PlannedJob, TakeFilter
from workbench.library.takes_repo import TakeNotFound

__all__ = [
    "JobNotFound",
    "JobRecord",
    "JobUpdate",
    "Library",
    "LibraryError",
    "LibraryTooNew",
    "NewTake",
    "PlannedJob",
    "TakeFilter",
    "TakeNotFound",
]
