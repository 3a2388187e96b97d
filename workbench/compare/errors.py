"""What can stop a comparison video, each in words a person can act on."""

from __future__ import annotations


class CompareError(ValueError):
    """The comparison cannot be made as asked (bad input); nothing was written."""


class CompareFailed(RuntimeError):
    """Writing the video failed part way (a full disk, a clip that broke); nothing was left."""


class CompareCanceled(Exception):
    """The export was canceled; the temporary file is gone and the target untouched."""
