"""Settings → OK/Apply: validated copies of the edits; bad base URLs refused in words."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from workbench.providers._http import check_url
from workbench.providers.errors import ProviderError
from workbench.settings import ProviderSettings, Settings
from workbench.ui.settings import SettingsDialog
from workbench.ui.settings.texts import base_url_problem


def _dialog(qtbot, settings: Settings | None = None) -> SettingsDialog:
    dlg = SettingsDialog(settings or Settings(), {})
    qtbot.addWidget(dlg)
    dlg.open()
    return dlg


def _click(dlg: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    dlg.buttons.button(which).click()


def test_edits_arrive_as_a_validated_copy_on_apply(qtbot) -> None:
    original = Settings(providers={"veo": ProviderSettings(options={"person": "allow"})})
    dlg = _dialog(qtbot, original)
    g = dlg.general
    g.draws_spin.setValue(6)
    g.seed_combo.setCurrentIndex(g.seed_combo.findData("sequence"))
    g.budget_spin.setValue(12.5)
    g.download_spin.setValue(4.5)
    kling = dlg.panels["kling"]
    kling.region_combo.setCurrentIndex(kling.region_combo.findData("beijing"))
    kling.concurrency_spin.setValue(3)
    dlg.panels["seedance"].base_url_edit.setText(" https://ark.example.cn/api/v3 ")
    with qtbot.waitSignal(dlg.sig_settings_changed) as blocker:
        _click(dlg, QDialogButtonBox.StandardButton.Apply)
    edited = blocker.args[0]
    assert isinstance(edited, Settings)
    assert edited.default_draws == 6
    assert edited.default_seed_policy == "sequence"
    assert edited.default_budget_usd == 12.5
    assert edited.max_download_gib == 4.5
    assert edited.provider("kling") == ProviderSettings(region="beijing", concurrency=3)
    assert edited.provider("seedance").base_url == "https://ark.example.cn/api/v3"
    assert edited.provider("veo").options == {"person": "allow"}  # untouched options kept
    assert "runway" not in edited.providers  # no empty entries for untouched services
    assert original.default_draws == Settings().default_draws  # the caller's copy is untouched
    assert dlg.isVisible()  # Apply keeps the dialog open


def test_ok_emits_and_closes_cancel_does_not_emit(qtbot) -> None:
    dlg = _dialog(qtbot)
    dlg.general.draws_spin.setValue(9)
    with qtbot.assertNotEmitted(dlg.sig_settings_changed):
        _click(dlg, QDialogButtonBox.StandardButton.Cancel)
    assert not dlg.isVisible()
    dlg = _dialog(qtbot)
    with qtbot.waitSignal(dlg.finished), qtbot.waitSignal(dlg.sig_settings_changed) as blocker:
        _click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert blocker.args[0] == Settings()


def test_no_budget_and_defaults_round_trip_as_none(qtbot) -> None:
    dlg = _dialog(qtbot, Settings(default_budget_usd=3.0))
    dlg.general.budget_spin.setValue(0)
    dlg.panels["kling"].concurrency_spin.setValue(0)
    edited = dlg.edited_settings()
    assert edited is not None
    assert edited.default_budget_usd is None
    assert "kling" not in edited.providers


def test_an_insecure_base_url_is_refused_inline(qtbot) -> None:
    dlg = _dialog(qtbot)
    dlg.select_provider("sim")
    panel = dlg.panels["grok"]
    panel.base_url_edit.setText("http://api.example.com/v1")
    assert not panel.base_url_line.isHidden()
    assert "Only https:// is allowed" in panel.base_url_line.text()
    with qtbot.assertNotEmitted(dlg.sig_settings_changed):
        _click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert dlg.isVisible()
    assert dlg.current_provider() == "grok"  # taken to the field at fault
    panel.base_url_edit.setText("http://127.0.0.1:8080/v1")
    assert panel.base_url_line.isHidden()
    with qtbot.waitSignal(dlg.sig_settings_changed) as blocker:
        _click(dlg, QDialogButtonBox.StandardButton.Ok)
    assert blocker.args[0].provider("grok").base_url == "http://127.0.0.1:8080/v1"


@pytest.mark.parametrize(
    "url",
    [
        "https://api.x.ai/v1",
        "http://127.0.0.1:9000",
        "http://localhost/v1",
        "http://[::1]:8000/",
        "http://api.x.ai/v1",
        "ftp://api.x.ai",
        "api.x.ai/v1",
        "https://",
        "http://10.0.0.5/v1",
    ],
)
def test_inline_rules_match_the_adapters_rules(url: str) -> None:
    try:
        check_url(url)
        accepted = True
    except ProviderError:
        accepted = False
    assert (base_url_problem(url) is None) is accepted


def test_region_shows_its_address_as_the_base_url_placeholder(qtbot) -> None:
    dlg = _dialog(qtbot)
    panel = dlg.panels["seedance"]
    assert "bytepluses.com" in panel.base_url_edit.placeholderText()
    panel.region_combo.setCurrentIndex(panel.region_combo.findData("volcengine"))
    assert "volces.com" in panel.base_url_edit.placeholderText()
    assert not dlg.panels["runway"].region_combo.isEnabled()  # no regions


@pytest.mark.parametrize("language", ["auto", "en", "zh_CN"])
@pytest.mark.parametrize("theme", ["system", "light", "dark"])
def test_language_and_theme_round_trip(qtbot, language: str, theme: str) -> None:
    dlg = _dialog(qtbot, Settings(language=language, theme=theme))
    assert dlg.general.language_combo.currentData() == language
    assert dlg.general.theme_combo.currentData() == theme
    edited = dlg.edited_settings()
    assert edited is not None
    assert (edited.language, edited.theme) == (language, theme)


def test_languages_are_named_in_themselves(qtbot) -> None:
    dlg = _dialog(qtbot)
    combo = dlg.general.language_combo
    labels = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert labels["zh_CN"] == "中文" and labels["en"] == "English"


def test_changing_language_says_when_it_applies(qtbot) -> None:
    dlg = _dialog(qtbot, Settings(language="auto"))
    combo = dlg.general.language_combo
    combo.setCurrentIndex(combo.findData("zh_CN"))
    assert "next start" in dlg.general.language_note.text()
    with qtbot.waitSignal(dlg.sig_settings_changed) as blocker:
        _click(dlg, QDialogButtonBox.StandardButton.Apply)
    assert blocker.args[0].language == "zh_CN"
    combo.setCurrentIndex(combo.findData("auto"))
    assert dlg.general.language_note.isHidden()
