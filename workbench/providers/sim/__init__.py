"""``sim``: the built-in offline provider. Real H.264 clips, no key, no network.

Rooms like every adapter package: ``models`` (the declaration, with ``catalogue.toml``),
``wire`` (a task as a normalised status) and ``adapter``; ``service``, ``render``,
``look`` and ``overlay`` are the offline service itself.
"""

from __future__ import annotations

from workbench.providers.sim.models import INFO

__all__ = ["INFO"]
