"""``veo``: Google Veo on the Gemini API or Vertex AI, plus Gemini Omni Flash.

The declaration (:data:`INFO`) lives in :mod:`.models`; the wire protocols in
:mod:`.gemini`, :mod:`.vertex` and :mod:`.omni`; the adapter in :mod:`.provider`.
"""

from __future__ import annotations

from workbench.providers.veo.models import INFO
from workbench.providers.veo.provider import VeoProvider

__all__ = ["INFO", "VeoProvider"]
