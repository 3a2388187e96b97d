"""Limits the engine keeps, in one cheap module (importing it loads nothing else)."""

from __future__ import annotations

#: Largest clip a download may bring (the setting ``max_download_gib`` overrides it).
DEFAULT_MAX_BYTES = 2 * 1024**3
