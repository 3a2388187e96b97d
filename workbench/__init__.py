"""Workbench: one prompt, several AI video services, takes compared side by side."""

from __future__ import annotations

__version__ = "0.1.0"
