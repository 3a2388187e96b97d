"""``veo``: Google Veo on Vertex AI, and Gemini Omni Flash on the Gemini API (providers.md §2).

Rooms: ``models`` (the cheap declaration, with ``catalogue.toml``), the wire mapping of
each protocol (``gemini``, ``vertex``, ``omni``, sharing ``wire``), ``config`` and
``checks`` (where to talk and what to refuse), ``auth`` (Vertex tokens) and ``adapter``
(the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.veo.models import INFO

__all__ = ["INFO"]
