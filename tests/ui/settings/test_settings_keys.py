"""Settings → Services: key requests carry the right provider and values; keys never shown."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit

from workbench.domain.views import KeyStatus
from workbench.settings import Settings
from workbench.ui.settings import SettingsDialog, texts

SECRET = "sk-live-0123456789abcdef"


@pytest.fixture
def status() -> dict[str, KeyStatus]:
    return {
        "sim": KeyStatus("sim", needed=False, present=False),
        "seedance": KeyStatus("seedance", needed=True, present=True, source="keychain"),
        "kling": KeyStatus("kling", needed=True, present=False),
        "grok": KeyStatus("grok", needed=True, present=True, source="env XAI_API_KEY"),
    }


@pytest.fixture
def dialog(qtbot, status) -> SettingsDialog:
    dlg = SettingsDialog(Settings(), status)
    qtbot.addWidget(dlg)
    dlg.open()
    return dlg


def _all_visible_text(dlg: SettingsDialog) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    parts = [w.text() for w in dlg.findChildren(QLabel)]
    parts += [w.text() for w in dlg.findChildren(QAbstractButton)]
    parts += [w.text() + w.placeholderText() for w in dlg.findChildren(QLineEdit)]
    return "\n".join(parts)


def test_status_words_never_the_key(dialog) -> None:
    assert "Key: Set (keychain)" in dialog.panels["seedance"].key_status_line.text()
    assert "Key: Set (environment XAI_API_KEY)" in dialog.panels["grok"].key_status_line.text()
    assert "Key: Missing" in dialog.panels["kling"].key_status_line.text()
    assert all(e.text() == "" for p in dialog.panels.values() for e in p.key_fields.values())


def test_key_fields_are_password_fields(dialog) -> None:
    kling = dialog.panels["kling"]
    assert set(kling.key_fields) == {"access_key", "secret_key", "api_key"}
    for edit in kling.key_fields.values():
        assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.panels["veo"].key_fields["service_account_file"].echoMode() == (
        QLineEdit.EchoMode.Normal  # a path, not a secret
    )


def test_save_sends_provider_and_values_then_clears_on_success(qtbot, dialog) -> None:
    panel = dialog.panels["grok"]
    assert not panel.save_button.isEnabled()
    qtbot.keyClicks(panel.key_fields["api_key"], f"  {SECRET} ")
    with qtbot.waitSignal(dialog.sig_store_key_requested) as blocker:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["grok", {"api_key": SECRET}]
    assert panel.key_fields["api_key"].text().strip() == SECRET  # kept until the answer
    dialog.show_key_result("grok", True, "Saved in the keychain.")
    assert panel.key_fields["api_key"].text() == ""
    assert "Saved in the keychain." in panel.key_result_line.text()
    dialog.set_key_status({"grok": KeyStatus("grok", True, True, "keychain")})
    assert "Key: Set (keychain)" in panel.key_status_line.text()
    assert SECRET not in _all_visible_text(dialog)


def test_enter_in_a_key_field_saves_instead_of_closing(qtbot, dialog) -> None:
    panel = dialog.panels["seedance"]
    dialog.select_provider("seedance")
    qtbot.keyClicks(panel.key_fields["api_key"], SECRET)
    with qtbot.waitSignal(dialog.sig_store_key_requested) as blocker:
        qtbot.keyClick(panel.key_fields["api_key"], Qt.Key.Key_Return)
    assert blocker.args == ["seedance", {"api_key": SECRET}]
    assert dialog.isVisible()


def test_kling_takes_access_and_secret_together(qtbot, dialog) -> None:
    panel = dialog.panels["kling"]
    qtbot.keyClicks(panel.key_fields["access_key"], "AK123")
    with qtbot.assertNotEmitted(dialog.sig_store_key_requested):
        panel.save_button.click()
    assert "enter both" in panel.key_result_line.text()
    qtbot.keyClicks(panel.key_fields["secret_key"], "SK456")
    with qtbot.waitSignal(dialog.sig_store_key_requested) as blocker:
        panel.save_button.click()
    assert blocker.args == ["kling", {"access_key": "AK123", "secret_key": "SK456"}]


def test_a_failed_save_shows_the_message_and_keeps_the_field(qtbot, dialog) -> None:
    panel = dialog.panels["kling"]
    qtbot.keyClicks(panel.key_fields["api_key"], SECRET)
    panel.save_button.click()
    message = "No system keychain is available. Set KLING_API_KEY in the environment instead."
    dialog.show_key_result("kling", False, message)
    assert panel.key_result_line.text() == message
    assert panel.key_fields["api_key"].text() == SECRET
    assert panel.key_fields["api_key"].echoMode() == QLineEdit.EchoMode.Password


def test_delete_only_for_keychain_keys(qtbot, dialog) -> None:
    assert dialog.panels["seedance"].delete_button.isEnabled()
    assert not dialog.panels["grok"].delete_button.isEnabled()  # from the environment
    assert not dialog.panels["kling"].delete_button.isEnabled()  # missing
    with qtbot.waitSignal(dialog.sig_delete_key_requested) as blocker:
        dialog.panels["seedance"].delete_button.click()
    assert blocker.args == ["seedance"]
    dialog.set_key_status({"seedance": KeyStatus("seedance", True, False)})
    assert not dialog.panels["seedance"].delete_button.isEnabled()
    assert "Key: Missing" in dialog.panels["seedance"].key_status_line.text()


def test_test_key_reports_in_words(qtbot, dialog) -> None:
    panel = dialog.panels["grok"]
    with qtbot.waitSignal(dialog.sig_test_key_requested) as blocker:
        panel.test_button.click()
    assert blocker.args == ["grok"]
    assert not panel.test_button.isEnabled()  # one check at a time
    dialog.show_test_result("grok", "auth failed", "HTTP 401: invalid API key")
    assert "The service refused the key." in panel.key_result_line.text()
    assert "HTTP 401" in panel.key_result_line.text()
    assert panel.test_button.isEnabled()
    dialog.show_test_result("grok", "ok", "")
    assert panel.key_result_line.text() == "The key works."
    assert not dialog.panels["kling"].test_button.isEnabled()  # nothing to test


def test_typed_keys_are_forgotten_when_the_dialog_closes(qtbot, dialog) -> None:
    panel = dialog.panels["kling"]
    qtbot.keyClicks(panel.key_fields["api_key"], SECRET)
    dialog.reject()
    assert panel.key_fields["api_key"].text() == ""


def test_keys_never_reach_qsettings_or_logs(qtbot, dialog, isolated_qsettings, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    qtbot.keyClicks(dialog.panels["grok"].key_fields["api_key"], SECRET)
    dialog.panels["grok"].save_button.click()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    QSettings().sync()
    for path in isolated_qsettings.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace")
    assert SECRET not in caplog.text


def test_the_sim_needs_no_key(dialog) -> None:
    sim = dialog.panels["sim"]
    assert sim.key_fields == {} and sim.save_button is None
    assert "No key needed" in sim.key_status_line.text()


def test_initial_provider_opens_its_page(qtbot, status) -> None:
    dlg = SettingsDialog(Settings(), status, initial_provider="kling")
    qtbot.addWidget(dlg)
    assert dlg.current_provider() == "kling"
    assert dlg.provider_stack.currentWidget().widget() is dlg.panels["kling"]
    dlg.select_provider("no-such-service")  # ignored
    assert dlg.current_provider() == "kling"


def test_results_without_a_message_say_what_happened(qtbot, dialog) -> None:
    panel = dialog.panels["seedance"]
    panel.delete_button.click()
    dialog.show_key_result("seedance", True, "")
    assert panel.key_result_line.text() == "Deleted from the keychain."
    qtbot.keyClicks(panel.key_fields["api_key"], SECRET)
    panel.save_button.click()
    dialog.show_key_result("seedance", True, "")
    assert panel.key_result_line.text() == "Saved in the keychain."


def test_a_missing_keychain_is_explained_with_the_environment_route(dialog) -> None:
    message = texts.keychain_missing_text(("XAI_API_KEY",))
    assert "XAI_API_KEY" in message and "keychain" in message
    dialog.show_key_result("grok", False, message)
    assert dialog.panels["grok"].key_result_line.text() == message
    assert dialog.panels["grok"].key_result_line.tone is texts.Tone.ERROR
