"""``runway``: Runway's developer API (Gen-4.5, Gen-4 Turbo, and resold Veo, Kling …).

Split in three: ``models`` (what each model accepts, as capabilities and ratio tables),
``wire`` (pure request building and answer parsing) and ``adapter`` (the HTTP calls).
"""

from __future__ import annotations

from workbench.providers.runway.adapter import RunwayProvider
from workbench.providers.runway.models import INFO
from workbench.providers.runway.wire import parse_status, parse_submit

__all__ = ["INFO", "RunwayProvider", "parse_status", "parse_submit"]
