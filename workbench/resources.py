"""Finding shipped resources (icons, styles, translations) from a checkout or a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources folder: ``workbench/_resources`` in a wheel, ``resources/`` in a checkout."""
    for candidate in (_PACKAGE / "_resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Workbench's resources folder is missing; reinstall Workbench")


def resource(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource("icons", "workbench.svg")``."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource {'/'.join(parts)}")
    return path
