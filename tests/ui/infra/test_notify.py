"""Desktop notification: tray message where there is a tray, else the window is flagged."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from workbench.ui import notify as notify_mod
from workbench.ui.notify import Notifier, notify


@pytest.fixture
def window(qtbot) -> QMainWindow:
    win = QMainWindow()
    win.setWindowTitle("Workbench — test")
    qtbot.addWidget(win)
    return win


@pytest.fixture
def alerts(monkeypatch) -> list[object]:
    seen: list[object] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, ms=0: seen.append(widget))
    return seen


def test_without_a_tray_the_window_is_flagged(window, alerts, monkeypatch) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: False)
    assert Notifier(window).notify("Run finished", "8 takes are ready") == "alert"
    assert alerts == [window]


def test_with_a_tray_the_message_is_shown(window, alerts, monkeypatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: True)
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", lambda: True)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, t, x, *a: shown.append((t, x)))
    notifier = Notifier(window)
    assert notifier.notify("运行完成", "8 条镜头已就绪") == "tray"
    assert notifier.notify("运行完成", "again") == "tray"
    assert shown == [("运行完成", "8 条镜头已就绪"), ("运行完成", "again")]
    assert len(window.findChildren(QSystemTrayIcon)) == 1  # one icon, reused
    assert alerts == [window, window]
    notifier.close()


def test_clicking_the_message_brings_the_window_forward(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: True)
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", lambda: True)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, *a: None)
    notifier = Notifier(window)
    notifier.notify("t", "x")
    tray = window.findChild(QSystemTrayIcon)
    with qtbot.waitSignal(notifier.sig_activation_requested, timeout=1000):
        tray.messageClicked.emit()
    with qtbot.waitSignal(notifier.sig_activation_requested, timeout=1000):
        tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_an_active_window_is_not_disturbed(window, alerts, monkeypatch) -> None:
    monkeypatch.setattr(type(window), "isActiveWindow", lambda self: True)
    assert Notifier(window).notify("t", "x") == "skipped"
    assert alerts == []
    assert Notifier(window).notify("t", "x", force=True) in ("tray", "alert")


def test_a_failing_platform_never_raises(window, monkeypatch, caplog) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("no notification service")

    monkeypatch.setattr(QApplication, "alert", broken)
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: False)
    assert Notifier(window).notify("t", "x") == "none"
    assert "notification failed" in caplog.text


def test_the_helper_reuses_one_notifier_per_window(window, alerts) -> None:
    assert notify(window, "t", "x") in ("tray", "alert")
    assert notify(window, "t", "y") in ("tray", "alert")
    assert len(window.findChildren(notify_mod.Notifier)) == 1
