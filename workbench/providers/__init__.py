"""Service adapters: one module per video service, all speaking ``providers.base``."""

from __future__ import annotations
