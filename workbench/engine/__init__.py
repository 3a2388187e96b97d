"""Run orchestration: planning, fan-out, polling, downloads, resume. Plain asyncio, no Qt."""

from __future__ import annotations
