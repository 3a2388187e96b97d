"""``grok``: xAI Grok Imagine video over plain REST (``https://api.x.ai/v1``), providers.md §6.

Rooms: ``models`` (the cheap declaration, with ``catalogue.toml``), ``wire`` (pure
request building and answer parsing) and ``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.grok.models import INFO

__all__ = ["INFO"]
