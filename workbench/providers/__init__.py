"""Service adapters: one package per video service, all speaking ``providers.base``.

Every package has the same rooms: ``models`` (the cheap declaration, with its
``catalogue.toml`` of model life cycles and billing), ``wire`` (pure request building and
answer parsing) and ``adapter`` (the HTTP calls). The shared plumbing lives beside them:
``base`` (the protocol and what every adapter used to copy), ``status`` (the data adapters
speak), ``policy`` / ``_http`` / ``errormap`` (the HTTP client, its policy and error
mapping), ``billing``, ``catalogue``, ``images`` and ``registry``.
"""

from __future__ import annotations
