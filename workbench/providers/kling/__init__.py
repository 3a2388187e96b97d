"""``kling``: Kuaishou Kling's official API (text2video and image2video), providers.md §4.

Rooms: ``models`` (the cheap declaration, with ``catalogue.toml``), ``wire`` (pure
request building, the ``{code, message, data}`` envelope and task states), ``auth`` (the
stdlib HS256 token) and ``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.kling.models import INFO

__all__ = ["INFO"]
