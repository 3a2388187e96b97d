"""Settings dialog: API keys per service through the keychain, connection, defaults, looks."""

from __future__ import annotations

from workbench.ui.settings.dialog import SettingsDialog

__all__ = ["SettingsDialog"]
