"""Where Workbench keeps its data: platformdirs, or ``WORKBENCH_HOME`` when set.

A leaf module (standard library and platformdirs only) so every layer can ask it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

HOME_ENV = "WORKBENCH_HOME"


def home() -> Path:
    """The data directory (created on first use)."""
    override = os.environ.get(HOME_ENV)
    path = Path(override).expanduser() if override else Path(user_data_dir("workbench", False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def library_file() -> Path:
    """The SQLite library."""
    return home() / "library.sqlite3"


def clips_dir() -> Path:
    """Root of the content-addressed clip store."""
    return home() / "clips"


def settings_file() -> Path:
    """The preferences file (JSON, versioned)."""
    return home() / "settings.json"


def sim_service_dir() -> Path:
    """State of the offline ``sim`` service (its task queue and rendered outputs)."""
    return home() / "sim-service"
