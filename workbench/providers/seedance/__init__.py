"""``seedance``: ByteDance Seedance on BytePlus ModelArk or Volcengine Ark (providers.md §3).

Rooms: ``models`` (the cheap declaration, with ``catalogue.toml``), ``wire`` (pure
request building and answer parsing) and ``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.seedance.models import INFO

__all__ = ["INFO"]
