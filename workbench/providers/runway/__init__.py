"""``runway``: Runway's developer API (Gen-4.5, Gen-4 Turbo, and resold Veo, Kling …).

Rooms: ``models`` (the cheap declaration, with ``catalogue.toml``: what each model
accepts, as capabilities and ratio tables), ``wire`` (pure request building and answer
parsing) and ``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.runway.models import INFO

__all__ = ["INFO"]
