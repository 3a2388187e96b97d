"""The desktop application: QApplication, language, theme, one instance, the engine host.

``workbench`` with no arguments lands here. The engine runs on its own thread from the
first moment; the window never waits on it. Quitting stops the engine cleanly: draws that
are still rendering stay on their services and are collected on the next start.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import settings as settings_mod
from workbench.resources import resource
from workbench.secrets import SecretScrubber

log = logging.getLogger(__name__)


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(SecretScrubber())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


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

    problem = None
    try:
        settings = settings_mod.load()
    except settings_mod.SettingsError as exc:
        settings, problem = settings_mod.Settings().with_env(), str(exc)
    install_translators(app, settings.language)
    apply_theme(app, settings.theme)

    from workbench.ui.single import SingleInstance, instance_key

    single = SingleInstance(instance_key())
    if not single.try_claim():
        return 0  # the running window was asked to come forward

    from workbench.engine.host import EngineHost
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

    host = EngineHost(settings=settings).start()
    bridge = EngineBridge(host)
    window = MainWindow(bridge, settings)
    single.sig_activation_requested.connect(window.bring_forward)
    window.show()
    bridge.start()
    if problem:
        QTimer.singleShot(
            0,
            lambda: QMessageBox(
                QMessageBox.Icon.Warning,
                window.tr("Settings not read"),
                window.tr("%1\nWorkbench started with default settings.").replace("%1", problem),
                parent=window,
            ).open(),
        )
    try:
        return app.exec()
    finally:
        bridge.close()
        host.close()
        single.release()
