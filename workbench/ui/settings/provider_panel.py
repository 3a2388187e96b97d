"""One service's page in Settings: its key (never shown back), region, base URL, concurrency."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.capabilities import ProviderInfo
from workbench.domain.views import KeyStatus
from workbench.settings import ProviderSettings
from workbench.ui.settings import texts
from workbench.ui.settings.status_line import StatusLine
from workbench.ui.settings.texts import Tone


class ProviderPanel(QWidget):
    """Settings of one provider. Key actions are requests; the dialog's owner answers them.

    Typed key values live only in password fields until "Save key" hands them over; they are
    cleared on success and whenever the dialog closes, and never read back from anywhere.
    """

    sig_store_key_requested = Signal(str, dict)
    """(provider_id, {field: value}): save these credentials in the keychain."""
    sig_delete_key_requested = Signal(str)
    """(provider_id): remove the keychain entry."""
    sig_test_key_requested = Signal(str)
    """(provider_id): run the service's live check with the configured key."""

    def __init__(
        self,
        info: ProviderInfo,
        chosen: ProviderSettings,
        status: KeyStatus | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.info = info
        self._options = dict(chosen.options)  # kept as they were: no UI edits them yet
        self._status = status
        self._testing = False
        self._pending = ""  # "save" or "delete": words for a result that comes without any
        self.key_fields: dict[str, QLineEdit] = {}
        self._remote = info.default_base_url.startswith(("http://", "https://"))

        title = QLabel(info.label, self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        self.key_status_line = StatusLine(self)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.key_status_line)
        layout.addWidget(self._build_key_group())
        layout.addWidget(self._build_connection_group(chosen))
        layout.addStretch(1)
        self.set_key_status(status)

    # -- building ----------------------------------------------------------------------
    def _build_key_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Key"), self)
        box = QVBoxLayout(group)
        if not self.info.needs_key:
            note = QLabel(self.tr("This service runs on this computer and needs no key."), group)
            note.setWordWrap(True)
            box.addWidget(note)
            self.save_button = self.delete_button = self.test_button = None
            self.key_result_line = StatusLine(group)
            return group
        fields = tuple(self.info.credential_env)
        hint = texts.credential_hint(fields)
        if hint:
            label = QLabel(hint, group)
            label.setWordWrap(True)
            box.addWidget(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in fields:
            form.addRow(texts.field_label(name), self._key_field(name, group))
        box.addLayout(form)
        env = ", ".join(v for names in self.info.credential_env.values() for v in names)
        source = QLabel(self.tr("Also read from the environment: %1").replace("%1", env))
        source.setWordWrap(True)
        source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        box.addWidget(source)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save key"), group)
        self.delete_button = QPushButton(self.tr("Delete key"), group)
        self.test_button = QPushButton(self.tr("Test key"), group)
        for button in (self.save_button, self.delete_button, self.test_button):
            button.setAutoDefault(False)  # Enter in a key field must not press these
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.key_result_line = StatusLine(group)
        box.addWidget(self.key_result_line)

        self.save_button.clicked.connect(self._on_save_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.test_button.clicked.connect(self._on_test_clicked)
        self._update_buttons()
        return group

    def _key_field(self, name: str, parent: QWidget) -> QWidget:
        edit = QLineEdit(parent)
        edit.setObjectName(f"key_{name}")
        edit.setClearButtonEnabled(True)
        self.key_fields[name] = edit
        edit.textChanged.connect(self._update_buttons)
        edit.installEventFilter(self)
        if texts.is_secret_field(name):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(self.tr("Paste the key"))
            return edit
        edit.setPlaceholderText(self.tr("Path to the JSON file"))
        browse = QToolButton(parent)
        browse.setText("…")
        browse.setToolTip(self.tr("Choose the file"))
        browse.clicked.connect(lambda: self._on_browse_clicked(edit))
        row = QWidget(parent)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(edit, 1)
        line.addWidget(browse)
        return row

    def _build_connection_group(self, chosen: ProviderSettings) -> QGroupBox:
        group = QGroupBox(self.tr("Connection"), self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.region_combo = QComboBox(group)
        self.region_combo.addItem(self.tr("Default"), None)
        for region, url in self.info.regions.items():
            self.region_combo.addItem(f"{region} — {urlsplit(url).hostname}", region)
        index = self.region_combo.findData(chosen.region) if chosen.region else 0
        self.region_combo.setCurrentIndex(max(index, 0))
        self.region_combo.setEnabled(bool(self.info.regions))
        self.base_url_edit = QLineEdit(chosen.base_url or "", group)
        self.base_url_edit.setClearButtonEnabled(True)
        self.base_url_line = StatusLine(group)
        self.concurrency_spin = QSpinBox(group)
        self.concurrency_spin.setRange(0, 200)
        self.concurrency_spin.setSpecialValueText(self.tr("Default"))
        self.concurrency_spin.setValue(chosen.concurrency or 0)
        self.concurrency_spin.setToolTip(self.tr("How many draws this service renders at once"))
        self.concurrency_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # Room for "Default" in any language, beside the arrows (the hint is tight for CJK).
        metrics = self.concurrency_spin.fontMetrics()
        room = metrics.horizontalAdvance(self.concurrency_spin.specialValueText() + "00")
        self.concurrency_spin.setMinimumWidth(self.concurrency_spin.sizeHint().width() + room // 2)
        if self._remote:
            form.addRow(self.tr("Region"), self.region_combo)
            # The error sits right under the field it is about.
            url_cell = QWidget(group)
            cell = QVBoxLayout(url_cell)
            cell.setContentsMargins(0, 0, 0, 0)
            cell.addWidget(self.base_url_edit)
            cell.addWidget(self.base_url_line)
            form.addRow(self.tr("Base URL"), url_cell)
        else:
            self.region_combo.hide()
            self.base_url_edit.hide()
        form.addRow(self.tr("Draws at once"), self.concurrency_spin)
        self.region_combo.currentIndexChanged.connect(self._update_base_url_hint)
        self.base_url_edit.textChanged.connect(self._update_base_url_hint)
        self._update_base_url_hint()
        return group

    # -- state -------------------------------------------------------------------------
    def set_key_status(self, status: KeyStatus | None) -> None:
        """Show where the key comes from (never the key)."""
        self._status = status
        words, tone = texts.key_status_text(status)
        self.key_status_line.show_status(self.tr("Key: %1").replace("%1", words), tone)
        self._update_buttons()

    def show_key_result(self, ok: bool, message: str) -> None:
        """Result of a save or delete; a successful one clears the typed key."""
        if ok:
            self.clear_key_fields()
            if self._pending == "delete":
                message = message or self.tr("Deleted from the keychain.")
            message = message or self.tr("Saved in the keychain.")
        else:
            message = message or self.tr("The keychain did not accept the request.")
        self._pending = ""
        self.key_result_line.show_status(message, Tone.OK if ok else Tone.ERROR)
        self._update_buttons()

    def show_test_result(self, status: str, detail: str) -> None:
        """Result of the live check."""
        self.key_result_line.show_status(*texts.test_result_text(status, detail))
        self._testing = False
        self._update_buttons()

    def clear_key_fields(self) -> None:
        """Forget whatever was typed into the key fields."""
        for edit in self.key_fields.values():
            edit.clear()

    def typed_values(self) -> dict[str, str]:
        """Non-empty key fields, stripped."""
        return {n: e.text().strip() for n, e in self.key_fields.items() if e.text().strip()}

    def problem(self) -> str | None:
        """Why the connection settings cannot be saved (None when they can)."""
        return texts.base_url_problem(self.base_url_edit.text()) if self._remote else None

    def provider_settings(self) -> ProviderSettings:
        """The edited values (call :meth:`problem` first)."""
        return ProviderSettings(
            base_url=(self.base_url_edit.text().strip() or None) if self._remote else None,
            region=self.region_combo.currentData() if self._remote else None,
            concurrency=self.concurrency_spin.value() or None,
            options=dict(self._options),
        )

    def _update_buttons(self) -> None:
        if self.save_button is None:
            return
        present = bool(self._status and self._status.present)
        in_keychain = present and self._status is not None and self._status.source == "keychain"
        self.save_button.setEnabled(bool(self.typed_values()))
        self.delete_button.setEnabled(in_keychain)
        self.delete_button.setToolTip(
            "" if in_keychain or not present else self.tr("This key comes from the environment")
        )
        self.test_button.setEnabled(present and not self._testing)

    def _update_base_url_hint(self) -> None:
        region = self.region_combo.currentData()
        default = self.info.regions.get(region, self.info.default_base_url) if region else None
        self.base_url_edit.setPlaceholderText(default or self.info.default_base_url)
        problem = self.problem()
        if problem:
            self.base_url_line.show_status(problem, Tone.ERROR)
        else:
            self.base_url_line.clear_status()

    # -- slots -------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        values = self.typed_values()
        problem = texts.credential_problem(values)
        if problem:
            self.key_result_line.show_status(problem, Tone.ERROR)
            return
        self._pending = "save"
        self.key_result_line.show_status(self.tr("Saving…"), Tone.BUSY)
        self.sig_store_key_requested.emit(self.info.id, values)

    def _on_delete_clicked(self) -> None:
        self._pending = "delete"
        self.sig_delete_key_requested.emit(self.info.id)

    def _on_test_clicked(self) -> None:
        self._testing = True
        self.key_result_line.show_status(self.tr("Testing the key with the service…"), Tone.BUSY)
        self._update_buttons()
        self.sig_test_key_requested.emit(self.info.id)

    def _on_browse_clicked(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Service account file"), "", self.tr("JSON files (*.json)")
        )
        if path:
            edit.setText(path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt override)
        """Enter in a key field saves the key instead of pressing the dialog's OK."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and watched in self.key_fields.values()
        ):
            if self.save_button is not None and self.save_button.isEnabled():
                self._on_save_clicked()
            return True
        return super().eventFilter(watched, event)
