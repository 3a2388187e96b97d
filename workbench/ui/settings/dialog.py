"""Settings: API keys per service (through the keychain), connection, defaults, language, theme.

The dialog edits a copy of :class:`~workbench.settings.Settings` and emits it on OK/Apply;
key actions are requests answered by the window (``show_key_result``, ``show_test_result``,
``set_key_status``). Open it with ``open()``: nothing here blocks or touches the keychain.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.views import KeyStatus
from workbench.providers import registry
from workbench.settings import Settings
from workbench.ui.settings import texts
from workbench.ui.settings.general_page import GeneralPage
from workbench.ui.settings.provider_panel import ProviderPanel

#: Narrowest a service page gets: a base URL and the Kling hint stay readable.
PANEL_MIN_WIDTH = 440


class SettingsDialog(QDialog):
    """Preferences and API keys. Non-modal friendly: results arrive as signals.

    Args:
        settings: the saved settings (without environment overrides).
        key_status: provider id → where its key comes from.
        parent: usually the main window.
        initial_provider: open on this service's page (e.g. from a "key missing" link).
    """

    sig_store_key_requested = Signal(str, dict)
    """(provider_id, {field: value}): save these credentials in the keychain."""
    sig_delete_key_requested = Signal(str)
    """(provider_id): remove the provider's keychain entry."""
    sig_test_key_requested = Signal(str)
    """(provider_id): run the engine's live check for the provider."""
    sig_settings_changed = Signal(object)
    """(Settings): a validated copy with the edits, on OK or Apply."""

    def __init__(
        self,
        settings: Settings,
        key_status: dict[str, KeyStatus],
        parent: QWidget | None = None,
        initial_provider: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("SettingsDialog")
        self._settings = settings.model_copy(deep=True)
        self._key_status = dict(key_status)
        self.panels: dict[str, ProviderPanel] = {}

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_services(), self.tr("Services"))
        self.general = GeneralPage(self._settings, self)
        self.tabs.addTab(self.general, self.tr("General"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.clicked.connect(self._on_buttons_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.select_provider(initial_provider or next(iter(self.panels), ""))
        self.finished.connect(self._on_finished)

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt override)
        """Wide enough for a base URL and the Kling key fields side by side with the list."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), 760), max(hint.height(), 560))

    def _build_services(self) -> QWidget:
        page = QWidget(self)
        self.provider_list = QListWidget(page)
        small = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.provider_list.setIconSize(QSize(small, small))
        self.provider_list.setSpacing(2)
        self.provider_stack = QStackedWidget(page)
        for provider_id in registry.PROVIDERS:
            info = registry.provider_info(provider_id)
            panel = ProviderPanel(
                info, self._settings.provider(provider_id), self._key_status.get(provider_id)
            )
            panel.sig_store_key_requested.connect(self.sig_store_key_requested)
            panel.sig_delete_key_requested.connect(self.sig_delete_key_requested)
            panel.sig_test_key_requested.connect(self.sig_test_key_requested)
            scroll = QScrollArea(self.provider_stack)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(panel)
            # Shrinking the dialog scrolls the page vertically; it never squeezes the fields.
            panel.setMinimumWidth(PANEL_MIN_WIDTH)
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            scroll.setMinimumWidth(PANEL_MIN_WIDTH + bar)
            self.provider_stack.addWidget(scroll)
            self.panels[provider_id] = panel
            QListWidgetItem(info.label, self.provider_list).setData(
                Qt.ItemDataRole.UserRole, provider_id
            )
        self._refresh_list_icons()
        width = self.provider_list.sizeHintForColumn(0) + 2 * self.provider_list.frameWidth()
        self.provider_list.setFixedWidth(
            width + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        )
        self.provider_list.currentRowChanged.connect(self.provider_stack.setCurrentIndex)
        layout = QHBoxLayout(page)
        layout.addWidget(self.provider_list)
        layout.addWidget(self.provider_stack, 1)
        return page

    # -- the window calls these --------------------------------------------------------
    def select_provider(self, provider_id: str) -> None:
        """Show one service's page (ignored for an unknown id)."""
        if provider_id not in self.panels:
            return
        self.tabs.setCurrentIndex(0)
        self.provider_list.setCurrentRow(list(self.panels).index(provider_id))

    def current_provider(self) -> str:
        """Id of the service whose page is shown."""
        return list(self.panels)[max(self.provider_list.currentRow(), 0)]

    def show_key_result(self, provider_id: str, ok: bool, message: str) -> None:
        """Result of a store/delete request (``message`` already in words, e.g. no keychain)."""
        if provider_id in self.panels:
            self.panels[provider_id].show_key_result(ok, message)

    def show_test_result(self, provider_id: str, status: str, detail: str) -> None:
        """Result of a live check: status "ok", "auth failed", "unreachable" or "error"."""
        if provider_id in self.panels:
            self.panels[provider_id].show_test_result(status, detail)

    def set_key_status(self, key_status: dict[str, KeyStatus]) -> None:
        """Where each key comes from now (after a save or delete)."""
        self._key_status.update(key_status)
        for provider_id, status in key_status.items():
            if provider_id in self.panels:
                self.panels[provider_id].set_key_status(status)
        self._refresh_list_icons()

    # -- OK / Apply --------------------------------------------------------------------
    def edited_settings(self) -> Settings | None:
        """The edits as validated Settings; None (and the problem shown in place) if invalid."""
        for provider_id, panel in self.panels.items():
            if panel.problem():
                self.select_provider(provider_id)
                panel.base_url_edit.setFocus()
                return None
        data = self._settings.model_dump()
        data.update(self.general.values())
        providers = dict(data["providers"])
        for provider_id, panel in self.panels.items():
            chosen = panel.provider_settings()
            if chosen.model_dump(exclude_defaults=True) or provider_id in providers:
                providers[provider_id] = chosen.model_dump()
        data["providers"] = providers
        try:
            return Settings.model_validate(data)
        except ValidationError as exc:
            self.tabs.setCurrentWidget(self.general)
            self.general.show_problem(str(exc.errors()[0]["msg"]))
            return None

    def _apply(self) -> bool:
        edited = self.edited_settings()
        if edited is None:
            return False
        self._settings = edited
        self.sig_settings_changed.emit(edited.model_copy(deep=True))
        return True

    def _on_buttons_clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ApplyRole:
            self._apply()
        elif role == QDialogButtonBox.ButtonRole.AcceptRole:
            if self._apply():
                self.accept()
        elif role == QDialogButtonBox.ButtonRole.RejectRole:
            self.reject()

    def _on_finished(self) -> None:
        # Typed keys never outlive the dialog, whatever way it closed.
        for panel in self.panels.values():
            panel.clear_key_fields()

    def _refresh_list_icons(self) -> None:
        for row, provider_id in enumerate(self.panels):
            item = self.provider_list.item(row)
            words, tone = texts.key_status_text(self._key_status.get(provider_id))
            icon = {
                texts.Tone.OK: QStyle.StandardPixmap.SP_DialogApplyButton,
                texts.Tone.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
            }.get(tone, QStyle.StandardPixmap.SP_MessageBoxInformation)
            item.setIcon(self.style().standardIcon(icon))
            item.setToolTip(self.tr("Key: %1").replace("%1", words))
