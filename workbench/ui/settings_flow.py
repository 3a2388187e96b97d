"""Between the settings dialog and the engine: keys, live checks, saved preferences.

Keychain reads and writes, the live check and writing the settings file all run on the
engine's side; the dialog only shows their answers, so a slow keychain never freezes it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from workbench import settings as settings_mod
from workbench.domain.views import KeyStatus
from workbench.settings import Settings
from workbench.ui.settings import texts
from workbench.ui.settings.dialog import SettingsDialog
from workbench.ui.theme import apply_theme

if TYPE_CHECKING:
    from workbench.engine.engine import Engine
    from workbench.ui.bridge import EngineBridge


class SettingsFlow(QObject):
    """Opens the settings dialog and carries its requests to the engine."""

    sig_key_status = Signal(dict)
    """Key presence per provider changed: ({provider id: KeyStatus})."""
    sig_settings_applied = Signal(object)
    """New preferences were saved and are in use: (Settings, environment applied)."""
    sig_message = Signal(str)
    """A sentence for the status bar."""

    def __init__(self, bridge: EngineBridge, window: QWidget) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.window = window
        self.dialog: SettingsDialog | None = None
        self.key_status: dict[str, KeyStatus] = {}

    def refresh_keys(self) -> None:
        """Ask the engine which services have keys (never the keys themselves)."""
        self.bridge.call(lambda e: e.key_status(), self._on_key_status)

    def _on_key_status(self, statuses: dict[str, KeyStatus]) -> None:
        self.key_status = statuses
        if self.dialog is not None:
            self.dialog.set_key_status(statuses)
        self.sig_key_status.emit(statuses)

    def open(self, provider_id: str | None = None) -> None:
        """Show the dialog (on a service's page); reuses an open one."""
        if self.dialog is not None:
            if provider_id:
                self.dialog.select_provider(provider_id)
            self.dialog.raise_()
            self.dialog.activateWindow()
            return

        async def saved(_engine: Engine) -> Settings:
            return await asyncio.to_thread(settings_mod.load, apply_env=False)

        self.bridge.call(saved, lambda s: self._show(s, provider_id), self._on_unreadable)

    def _on_unreadable(self, error: BaseException) -> None:
        self.sig_message.emit(str(error))
        self._show(Settings(), None)

    def _show(self, saved: Settings, provider_id: str | None) -> None:
        dialog = SettingsDialog(saved, self.key_status, self.window, initial_provider=provider_id)
        dialog.sig_store_key_requested.connect(self._on_store)
        dialog.sig_delete_key_requested.connect(self._on_delete)
        dialog.sig_test_key_requested.connect(self._on_test)
        dialog.sig_settings_changed.connect(self._on_settings_changed)
        dialog.finished.connect(self._on_closed)
        self.dialog = dialog
        dialog.open()

    def _on_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    # -- keys ------------------------------------------------------------------------------
    def _answer(self, provider_id: str, ok: bool, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_key_result(provider_id, ok, message)

    def _on_store(self, provider_id: str, values: dict[str, str]) -> None:
        def stored(status: KeyStatus) -> None:
            self._answer(provider_id, True, self.tr("Key saved in the system keychain."))
            self._on_key_status({**self.key_status, provider_id: status})

        self.bridge.call(
            lambda e: e.store_key(provider_id, values),
            stored,
            lambda error: self._answer(provider_id, False, self._words(provider_id, error)),
        )

    def _on_delete(self, provider_id: str) -> None:
        def deleted(status: KeyStatus) -> None:
            self._answer(provider_id, True, self.tr("Key removed from the system keychain."))
            self._on_key_status({**self.key_status, provider_id: status})

        self.bridge.call(
            lambda e: e.delete_key(provider_id),
            deleted,
            lambda error: self._answer(provider_id, False, self._words(provider_id, error)),
        )

    @staticmethod
    def _words(provider_id: str, error: BaseException) -> str:
        """A keychain failure in the user's language; anything else as the engine said it."""
        from workbench.providers import registry
        from workbench.secrets import KeychainUnavailable

        if isinstance(error, KeychainUnavailable):
            return texts.keychain_missing_text(registry.provider_info(provider_id).env_keys)
        return str(error)

    def _on_test(self, provider_id: str) -> None:
        def tested(result: object) -> None:
            if self.dialog is not None:
                self.dialog.show_test_result(
                    provider_id,
                    getattr(result, "status", "error"),
                    getattr(result, "detail", ""),
                )

        self.bridge.call(
            lambda e: e.check_key(provider_id),
            tested,
            lambda error: (
                self.dialog and self.dialog.show_test_result(provider_id, "error", str(error))
            ),
        )

    # -- preferences -----------------------------------------------------------------------
    def _on_settings_changed(self, edited: Settings) -> None:
        old_language = getattr(self.window, "settings", Settings()).language

        async def save(_engine: Engine) -> Settings:
            await asyncio.to_thread(settings_mod.save, edited)
            return edited.with_env()

        def saved(active: Settings) -> None:
            self.bridge.host.apply_settings(active)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, active.theme)
            if active.language != old_language:
                self.sig_message.emit(
                    self.tr("The new language applies the next time Workbench starts.")
                )
            self.sig_settings_applied.emit(active)

        self.bridge.call(save, saved, lambda error: self.sig_message.emit(str(error)))
