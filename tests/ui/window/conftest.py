"""The real window on a real engine host (sim provider, fresh library, in-memory keyring)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from workbench.engine.host import EngineHost
from workbench.settings import Settings
from workbench.ui.bridge import EngineBridge
from workbench.ui.window import MainWindow


class Desktop:
    """What a window test drives: the window, its bridge and the engine host."""

    def __init__(self, host: EngineHost, bridge: EngineBridge, window: MainWindow) -> None:
        self.host = host
        self.bridge = bridge
        self.window = window
        self.snapshots: list[object] = []
        bridge.sig_snapshot.connect(self.snapshots.append)


@pytest.fixture
def launch(qtbot: Any, isolated_home: Path, qapp: QApplication) -> Iterator[Callable[..., Desktop]]:
    """Start a window the way ``workbench.ui.app`` does; everything is checked on teardown."""
    started: list[Desktop] = []

    def start(**settings: Any) -> Desktop:
        values = {"sim_render_scale": 0.05, "sim_failure_rate": 0.0, **settings}
        config = Settings(**values)
        host = EngineHost(home=isolated_home, settings=config, beside_window=True).start()
        bridge = EngineBridge(host)
        window = MainWindow(bridge, config)
        qtbot.addWidget(window)
        desktop = Desktop(host, bridge, window)
        window.show()
        bridge.start()
        qtbot.waitUntil(lambda: bool(desktop.snapshots), timeout=10_000)
        started.append(desktop)
        return desktop

    yield start
    for desktop in started:
        desktop.window.close()
        desktop.bridge.close()
        thread = desktop.host.runtime.thread
        desktop.host.close()
        # Nothing may outlive a test: the engine thread, the board's clock, poster loads.
        assert thread is None or not thread.is_alive()
        view = desktop.window.board.view
        assert not view.tick_active()
        assert view.posters.wait(5000)
    leftover = [t for t in qapp.findChildren(QTimer) if t.isActive() and t.interval() < 1000]
    assert not leftover, leftover
