"""Persistent state: the SQLite library and the content-addressed clip store."""

from __future__ import annotations

from workbench.library.errors import (
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    LibraryTooNew,
)
from workbench.library.library import JobNotFound, Library
from workbench.library.records import JobRecord, JobUpdate, NewTake, PlannedJob, TakeFilter
from workbench.library.takes_repo import TakeNotFound

__all__ = [
    "JobNotFound",
    "JobRecord",
    "JobUpdate",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "LibraryError",
    "LibraryFull",
    "LibraryReadOnly",
    "LibraryTooNew",
    "NewTake",
    "PlannedJob",
    "TakeFilter",
    "TakeNotFound",
]
