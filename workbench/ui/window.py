"""The main window: docks, menus, status bar. It wires the panes; the logic is theirs.

Layout (ui-guide.md): the prompt on top, the services on the right, the board in the
middle; docks so creators can rearrange them, restored per data directory.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from workbench.ui.actions import Actions
from workbench.ui.state import WindowState

if TYPE_CHECKING:
    from workbench.engine.events import EngineChanged, RunChanged, Snapshot
    from workbench.settings import Settings
    from workbench.ui.board_pane import BoardPane
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.generate import GenerateController
    from workbench.ui.notify import Notifier
    from workbench.ui.prompt.pane import PromptPane
    from workbench.ui.services.pane import ServicesPane
    from workbench.ui.settings_flow import SettingsFlow
    from workbench.ui.status import StatusBar

# The panes (and the engine, pydantic and the adapters' declarations under them) are
# imported in `complete`, after the frame is on screen.

#: Draws per model the first start selects (the launch contract: Ctrl+Enter gives 8 takes).
FIRST_START_DRAWS = 4
#: Panes that plug into the window (each module has ``attach(window)``): comparing takes,
#: the inspector, the library, statistics and prompt history.
EXTENSIONS = (
    "workbench.ui.compare",
    "workbench.ui.inspector",
    "workbench.ui.library",
    "workbench.ui.insights",
)


class MainWindow(QMainWindow):
    """Prompt, services and board of one data directory."""

    bridge: EngineBridge
    settings: Settings
    board: BoardPane
    status: StatusBar
    prompt: PromptPane
    services: ServicesPane
    generator: GenerateController
    settings_flow: SettingsFlow
    notifier: Notifier

    def __init__(
        self,
        bridge: EngineBridge | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        deferred: bool = False,
    ) -> None:
        """Build the window; with ``deferred`` only its frame (then :meth:`complete`).

        The application shows the frame first and builds the panes — and starts the
        engine — in the next turn of the event loop, so the window appears about as fast
        as an empty one would and fills within a second.
        """
        super().__init__(parent)
        self.state = WindowState()
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Workbench — %1").replace("%1", self.tr("Default project")))
        self.actions = Actions(self)
        # Quitting works from the first frame on, before the panes are built.
        self.addAction(self.actions.quit)
        self.actions.quit.triggered.connect(self.close)
        # Board, library, statistics and prompt history are views of one window.
        self.views = QTabWidget(self)
        self.views.setDocumentMode(True)
        self.views.setObjectName("views")
        self._view_keys: list[str] = []
        self.setCentralWidget(self.views)
        self.statusBar().showMessage(self.tr("Starting…"))
        self._active_jobs = 0
        self._my_runs: set[int] = set()
        self.completed = False
        if self.state.geometry:
            self.restoreGeometry(self.state.geometry)
        else:
            self.resize(1400, 900)
        self._typeahead = None
        if not deferred:
            assert bridge is not None and settings is not None
            self.complete(bridge, settings)
        else:
            from workbench.ui.typeahead import TypeAhead

            self._typeahead = TypeAhead(self)

    def complete(self, bridge: EngineBridge, settings: Settings) -> None:
        """Build the panes, menus and the other views, and restore the last session."""
        if self.completed:
            return
        from workbench.ui.board_pane import BoardPane
        from workbench.ui.generate import GenerateController
        from workbench.ui.notify import Notifier
        from workbench.ui.prompt.pane import PromptPane
        from workbench.ui.services.pane import ServicesPane
        from workbench.ui.settings_flow import SettingsFlow
        from workbench.ui.status import StatusBar

        self.bridge = bridge
        self.settings = settings
        self.board = BoardPane(bridge, self)
        self.add_view("board", self.tr("Board"), self.board, "Ctrl+1")
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.prompt = PromptPane(self)
        self.services = ServicesPane(parent=self)
        self._prompt_dock = self._dock("prompt", self.tr("Prompt"), self.prompt)
        self._services_dock = self._dock("services", self.tr("Services"), self.services)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self._prompt_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._services_dock)
        # Never narrower than a checked row's controls need, in English or Chinese.
        self._services_dock.setMinimumWidth(max(380, self.services.minimumSizeHint().width()))
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.generator = GenerateController(bridge, self.prompt, self.services, self)
        self.settings_flow = SettingsFlow(bridge, self)
        self.notifier = Notifier(self)
        self.prompt.set_generate_action(self.actions.generate)
        self._build_menus()
        self._connect()
        for name in EXTENSIONS:
            importlib.import_module(name).attach(self)
        self.completed = True
        self._restore()
        if self.isVisible():
            self.prompt.focus_editor()
        if self._typeahead is not None:  # keys typed while the panes were being built
            self._typeahead.replay(self.prompt.editor)
            self._typeahead = None

    # -- room for the other panes ----------------------------------------------------------
    def add_view(self, key: str, title: str, widget: QWidget, shortcut: str = "") -> None:
        """Add a central view (a tab beside the board), with a shortcut to show it."""
        self.views.addTab(widget, title)
        self._view_keys.append(key)
        if shortcut:
            QShortcut(QKeySequence(shortcut), self, lambda: self.show_view(key))

    def show_view(self, key: str) -> None:
        """Show the board, the library, the statistics or the history."""
        if key in self._view_keys:
            self.views.setCurrentIndex(self._view_keys.index(key))

    def add_dock(
        self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """Add a dockable pane (the inspector…), listed in the View menu."""
        dock = self._dock(key, title, widget)
        self.addDockWidget(area, dock)
        self._view_menu.addAction(dock.toggleViewAction())
        return dock

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        return dock

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([a.new_prompt, a.generate])
        file.addSeparator()
        file.addAction(a.settings)
        file.addSeparator()
        file.addAction(a.quit)
        run = bar.addMenu(self.tr("&Run"))
        run.addActions([a.generate, a.cancel_run, a.resume])
        view = self._view_menu = bar.addMenu(self.tr("&View"))
        view.addActions([a.next_pane, a.previous_pane])
        view.addSeparator()
        view.addActions(
            [self._prompt_dock.toggleViewAction(), self._services_dock.toggleViewAction()]
        )
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([a.shortcuts, a.about])

    def _connect(self) -> None:
        a, b = self.actions, self.bridge
        a.generate.triggered.connect(self.generator.generate)
        a.settings.triggered.connect(lambda: self.settings_flow.open())
        a.next_pane.triggered.connect(lambda: self.move_pane_focus(1))
        a.previous_pane.triggered.connect(lambda: self.move_pane_focus(-1))
        a.new_prompt.triggered.connect(self._on_new_prompt)
        a.cancel_run.triggered.connect(self._on_cancel_run)
        a.resume.triggered.connect(self.resume)
        a.shortcuts.triggered.connect(self._on_shortcuts)
        a.about.triggered.connect(self._on_about)
        self.services.sig_settings_requested.connect(self.settings_flow.open)
        self.settings_flow.sig_key_status.connect(self.services.set_key_status)
        self.settings_flow.sig_settings_applied.connect(self._on_settings_applied)
        self.settings_flow.sig_message.connect(self.status.say)
        self.generator.sig_run_started.connect(self._on_run_started)
        self.generator.sig_message.connect(self.status.say)
        self.generator.sig_plan_ready.connect(self.status.show_plan)
        self.board.sig_board_shown.connect(lambda _b: self._recount())
        self.board.sig_runs_changed.connect(self._recount)
        self.board.view.sig_retry_requested.connect(self._on_retry)
        self.board.view.sig_check_again_requested.connect(self._on_check_again)
        self.notifier.sig_activation_requested.connect(self.bring_forward)
        b.sig_snapshot.connect(self._on_snapshot)
        b.sig_job_changed.connect(self.board.on_job_changed)
        b.sig_run_changed.connect(self._on_run_changed)
        b.sig_engine_changed.connect(self._on_engine_changed)
        b.sig_error.connect(self.status.say)
        b.sig_start_failed.connect(self._on_start_failed)

    # -- state -----------------------------------------------------------------------------
    def _restore(self) -> None:
        state = self.state
        if not (state.window_state and self.restoreState(state.window_state)):
            # First start: the services wide enough for a checked row's controls, the
            # prompt compact, the board taking the rest.
            self.resizeDocks(
                [self._services_dock],
                [self._services_dock.minimumWidth() + 40],
                Qt.Orientation.Horizontal,
            )
            self.resizeDocks([self._prompt_dock], [230], Qt.Orientation.Vertical)
        data = state.services_data()
        self.services.set_default_draws(self.settings.default_draws)
        self.services.set_default_seed_policy(self.settings.default_seed_policy)
        if not (isinstance(data, dict) and self.services.restore_state(data)):
            self.services.select_defaults(FIRST_START_DRAWS)
        self.generator.budget_usd = self.settings.default_budget_usd
        self.services.set_budget(self.settings.default_budget_usd)
        if state.last_prompt:
            self.prompt.set_content(state.last_prompt, state.last_negative_prompt or None)
        self.settings_flow.refresh_keys()
        self.generator.replan()

    def save_state(self) -> None:
        """Window layout, services selection and the prompt being written."""
        state = self.state
        state.geometry = bytes(self.saveGeometry().data())
        state.window_state = bytes(self.saveState().data())
        state.set_services_data(self.services.state())
        state.last_prompt = self.prompt.prompt()
        state.last_negative_prompt = self.prompt.negative() or ""
        state.last_board_prompt_version_id = self.board.version_id
        state.sync()

    # -- life ------------------------------------------------------------------------------
    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Open with the keyboard in the prompt editor (the launch contract)."""
        super().showEvent(event)
        if self.completed:
            QTimer.singleShot(0, self.prompt.focus_editor)

    def bring_forward(self) -> None:
        """A second launch (or a notification) asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def resume(self) -> None:
        """Take up unfinished draws (also on start); says when another process has them."""
        from workbench.engine.locks import EngineBusy

        def done(job_ids: list[int]) -> None:
            if job_ids:
                self.status.say(
                    self.tr("Collecting %n draw(s) left unfinished last time.", "", len(job_ids))
                )

        def failed(error: BaseException) -> None:
            if isinstance(error, EngineBusy):
                self.status.say(
                    self.tr(
                        "Another Workbench (perhaps the command line) is running draws here; "
                        "unfinished draws will be collected when it is done."
                    )
                )
                QTimer.singleShot(60_000, self.resume)
            else:
                self.status.say(str(error))

        self.bridge.call(lambda e: e.resume(), done, failed)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Quit at once; draws still rendering are collected next time (never sent twice)."""
        if not self.completed:
            event.accept()
            return
        self.save_state()
        if self._active_jobs:
            text = self.tr(
                "%n draw(s) are still rendering on their services. Workbench collects them "
                "the next time it opens; nothing will be sent twice.",
                "",
                self._active_jobs,
            )
            sys.stderr.write(text + "\n")
            self.notifier.notify(self.tr("Workbench"), text, force=True)
        self.notifier.close()
        event.accept()

    # -- engine events ---------------------------------------------------------------------
    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._active_jobs = snapshot.active_jobs
        self.board.on_snapshot(snapshot, self.state.last_board_prompt_version_id)
        self.status.set_engine_state(snapshot.state.value, snapshot.active_jobs)
        self.resume()

    def _on_start_failed(self, error: BaseException) -> None:
        """The library cannot be opened: say why, in the engine's one sentence, and stay up."""
        self.status.say(str(error))
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("The library cannot be opened"),
            str(error),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setInformativeText(
            self.tr("Nothing was changed. Fix the cause, then open Workbench again.")
        )
        box.open()

    def _on_engine_changed(self, event: EngineChanged) -> None:
        self._active_jobs = event.active_jobs
        self.status.set_engine_state(event.state.value, event.active_jobs)

    def _on_run_changed(self, event: RunChanged) -> None:
        self.board.on_run_changed(event)
        run = event.run
        if event.finished and run.id in self._my_runs:
            self._my_runs.discard(run.id)
            if not self.isActiveWindow():
                self.notifier.notify(
                    self.tr("Run finished"),
                    self.tr("%1 of %2 draws delivered, %3 failed.")
                    .replace("%1", str(run.done))
                    .replace("%2", str(run.total))
                    .replace("%3", str(run.failed)),
                )

    def _on_run_started(self, run_id: int) -> None:
        self._my_runs.add(run_id)
        self.board.show_run(run_id)

    def _recount(self) -> None:
        self.status.show_runs(self.board.shown_runs(), self.board.model.jobs())

    # -- board actions ---------------------------------------------------------------------
    def _on_retry(self, job_id: int) -> None:
        job = next((j for j in self.board.model.jobs() if j.id == job_id), None)
        if job is not None and job.state.value == "unknown":
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Send this draw again?"),
                self.tr(
                    "Workbench cannot tell whether the service received this draw. Sending it "
                    "again may pay for it twice; check the service's console first."
                ),
                QMessageBox.StandardButton.Cancel,
                self,
            )
            again = box.addButton(self.tr("Send again"), QMessageBox.ButtonRole.AcceptRole)
            box.finished.connect(lambda _r: box.clickedButton() is again and self._retry(job_id))
            box.open()
            return
        self._retry(job_id)

    def _retry(self, job_id: int) -> None:
        self.bridge.call(
            lambda e: e.retry(job_id),
            lambda _new: self.status.say(self.tr("Draw sent again.")),
            lambda error: self.status.say(str(error)),
        )

    def _on_check_again(self, job_id: int) -> None:
        self.bridge.call(
            lambda e: e.check_again(job_id),
            lambda _ok: self.status.say(self.tr("Asking the service about this draw again…")),
        )

    def _on_cancel_run(self) -> None:
        runs = [r.id for r in self.board.shown_runs() if not r.finished]

        async def cancel(engine: object) -> int:
            total = 0
            for run_id in runs:
                total += await engine.cancel_run(run_id)  # type: ignore[attr-defined]
            return total

        self.bridge.call(
            cancel,
            lambda n: self.status.say(self.tr("Canceled %n draw(s).", "", n)),
        )

    def _on_new_prompt(self) -> None:
        self.generator.prompt_id = None
        self.prompt.set_content("", None, None, None)
        self.prompt.focus_editor()

    def _on_settings_applied(self, settings: Settings) -> None:
        self.settings = settings
        self.generator.budget_usd = settings.default_budget_usd
        self.services.set_budget(settings.default_budget_usd)
        self.services.set_default_draws(settings.default_draws)
        self.services.set_default_seed_policy(settings.default_seed_policy)
        self.generator.replan()

    # -- keyboard --------------------------------------------------------------------------
    def panes(self) -> list[QWidget]:
        """The panes F6 cycles through, in order: prompt → services → board."""
        return [self.prompt, self.services, self.board.view]

    def move_pane_focus(self, step: int) -> None:
        """F6 / Shift+F6: focus the next (or previous) pane."""
        panes = self.panes()
        focus = QApplication.focusWidget()
        current = next(
            (i for i, p in enumerate(panes) if focus is not None and p.isAncestorOf(focus)),
            next((i for i, p in enumerate(panes) if p is focus), -1),
        )
        target = panes[(current + step) % len(panes)]
        if target is self.prompt:
            self.prompt.focus_editor()
        elif target is self.services:
            self.services.focus_first()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def shortcut_lines(self) -> list[str]:
        """Every menu action with a shortcut, menu by menu (the panes' menus included)."""
        lines: list[str] = []
        for top in self.menuBar().actions():
            menu = top.menu()
            if menu is None:
                continue
            for action in menu.actions():
                if action.shortcuts() and action.isVisible():
                    keys = ", ".join(
                        k.toString(QKeySequence.SequenceFormat.NativeText)
                        for k in action.shortcuts()
                    )
                    line = f"{action.text().replace('&', '')}\t{keys}"
                    if line not in lines:
                        lines.append(line)
        return lines

    def _on_shortcuts(self) -> None:
        lines = self.shortcut_lines()
        lines += [
            self.tr("Arrows\tMove the current tile on the board"),
            self.tr("Enter\tOpen the current tile"),
            self.tr("Ctrl+wheel, Ctrl+= / Ctrl+-\tBigger or smaller tiles"),
        ]
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, self.tr("Keyboard shortcuts"), "\n".join(lines), parent=self
        )
        box.open()

    def _on_about(self) -> None:
        from workbench import __version__

        QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Workbench"),
            self.tr("Workbench %1 — one prompt, several video services, every draw kept.").replace(
                "%1", __version__
            ),
            parent=self,
        ).open()
