"""The desktop application: QApplication, language, theme, one instance, the engine host.

``workbench`` with no arguments lands here. The engine runs on its own thread from the
first moment; the window never waits on it. Quitting stops the engine cleanly: draws that
are still rendering stay on their services and are collected on the next start.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench import paths
from workbench.resources import resource

log = logging.getLogger(__name__)


def _logging() -> None:
    from workbench.secrets import SecretScrubber

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(SecretScrubber())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def _first_look() -> tuple[str, str]:
    """Language and theme from the settings file, read without pydantic (start-up speed).

    Anything odd falls back to following the system; the full settings are read (and any
    problem with them reported) once the window is up.
    """
    try:
        data = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "auto", "system"
    if not isinstance(data, dict):
        return "auto", "system"
    language = data.get("language") if data.get("language") in ("auto", "en", "zh_CN") else None
    theme = data.get("theme") if data.get("theme") in ("system", "light", "dark") else None
    return language or "auto", theme or "system"


class _FirstPaint(QObject):
    """Calls ``then`` (in the next turn of the event loop) after the widget's first paint."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)
        # Should the paint never come (a minimised start), do not wait for ever.
        QTimer.singleShot(1500, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """After the first paint, schedule the work once."""
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            parent = self.parent()
            if isinstance(parent, QWidget):
                parent.removeEventFilter(self)
            then()


def _after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    _FirstPaint(widget, then)


def _quit_on_sigterm(app: QApplication, window: QWidget) -> None:
    """A logout or a service manager (SIGTERM) closes the window as Ctrl+Q would.

    Python runs signal handlers only when it gets control, so a light timer gives it a turn
    while Qt's loop runs. Draws still rendering are collected on the next start.
    """
    if not hasattr(signal, "SIGTERM"):
        return
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, window.close))
    pulse = QTimer(app)
    pulse.setInterval(300)
    pulse.timeout.connect(lambda: None)
    pulse.start()


def main(argv: list[str] | None = None) -> int:
    """Open the window (or bring an open one forward) and run until it closes."""
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    _logging()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("Workbench")
    app.setApplicationName("Workbench")
    app.setDesktopFileName("workbench")
    try:
        app.setWindowIcon(QIcon(str(resource("icons", "workbench.svg"))))
    except FileNotFoundError:
        log.warning("the application icon is missing")

    from workbench.ui.i18n import install_translators
    from workbench.ui.theme import apply_theme

    language, theme = _first_look()
    install_translators(app, language)
    apply_theme(app, theme)

    from workbench.ui.single import SingleInstance, instance_key

    single = SingleInstance(instance_key())
    if not single.try_claim():
        return 0  # the running window was asked to come forward

    from workbench.ui.window import MainWindow

    # The frame first; the engine, the settings and the panes in the next turn of the event
    # loop: the window appears about as fast as an empty one, its contents within a second.
    window = MainWindow(deferred=True)
    single.sig_activation_requested.connect(window.bring_forward)
    window.show()
    started: list[object] = []

    def complete() -> None:
        from workbench import settings as settings_mod
        from workbench.engine.host import EngineHost
        from workbench.ui.bridge import EngineBridge

        problem = None
        try:
            settings = settings_mod.load()
        except settings_mod.SettingsError as exc:
            settings, problem = settings_mod.Settings().with_env(), str(exc)
        # Beside a window: clip checks and downloads held back so this thread stays smooth.
        host = EngineHost(settings=settings, beside_window=True).start()
        bridge = EngineBridge(host)
        started.extend((host, bridge))
        window.complete(bridge, settings)
        bridge.start()
        if problem:
            QMessageBox(
                QMessageBox.Icon.Warning,
                window.tr("Settings not read"),
                window.tr("%1\nWorkbench started with default settings.").replace("%1", problem),
                parent=window,
            ).open()

    # Fill the window once its frame has been painted (a frame that never painted would
    # sit black on screen while the panes are built).
    _after_first_paint(window, complete)
    _quit_on_sigterm(app, window)
    try:
        return app.exec()
    finally:
        for part in reversed(started):
            part.close()  # type: ignore[attr-defined]  # the bridge, then the engine host
        single.release()
