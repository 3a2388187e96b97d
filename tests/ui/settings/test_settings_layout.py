"""Nothing in Settings is clipped, in English or Chinese, at the dialog's default size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

from workbench.domain.views import KeyStatus
from workbench.settings import Settings
from workbench.ui import i18n
from workbench.ui.settings import SettingsDialog


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp: QApplication) -> Iterator[str]:
    i18n.install_translators(qapp, request.param)
    yield request.param
    i18n.remove_translators(qapp)


def _clipped(page: QWidget) -> list[str]:
    bad = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue  # wraps instead of clipping
        if isinstance(widget, QLabel | QAbstractButton | QComboBox):
            needed = widget.minimumSizeHint().width()
            if isinstance(widget, QAbstractButton | QComboBox):
                needed = widget.sizeHint().width()
            if widget.width() < needed:
                name = widget.text() if hasattr(widget, "text") else widget.currentText()
                bad.append(f"{type(widget).__name__} {name!r}: {widget.width()} < {needed}")
    return bad


def test_no_label_button_or_choice_is_cut(qtbot, language: str) -> None:
    status = {"kling": KeyStatus("kling", True, True, "env KLING_ACCESS_KEY+KLING_SECRET_KEY")}
    dlg = SettingsDialog(Settings(default_budget_usd=250.0), status)
    qtbot.addWidget(dlg)
    dlg.resize(dlg.sizeHint())
    dlg.show()
    qtbot.waitExposed(dlg)
    problems = []
    for provider_id, panel in dlg.panels.items():
        dlg.select_provider(provider_id)
        qtbot.waitUntil(lambda p=panel: p.isVisible())
        problems += [f"{provider_id}: {p}" for p in _clipped(panel)]
    dlg.tabs.setCurrentWidget(dlg.general)
    qtbot.waitUntil(dlg.general.isVisible)
    problems += [f"general: {p}" for p in _clipped(dlg.general)]
    problems += [f"buttons: {p}" for p in _clipped(dlg.buttons)]
    assert problems == []
