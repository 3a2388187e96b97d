"""The services panel: services and models to draw from, their settings, the run's estimate."""

from __future__ import annotations

from workbench.ui.services.pane import ServicesPane

__all__ = ["ServicesPane"]
