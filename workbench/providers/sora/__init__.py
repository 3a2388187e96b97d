"""``sora``: Sora 2 through OpenAI-compatible gateways speaking the OpenAI videos API.

OpenAI's own Sora API closed on 2026-09-24 and Azure retired both ``sora-2`` versions, so
this provider is for gateways only. Rooms: ``models`` (the cheap declaration, with
``catalogue.toml``), ``wire`` (pure answer parsing and failure classification) and
``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.sora.models import INFO

__all__ = ["INFO"]
