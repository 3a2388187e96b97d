"""The compare views in the real window, on a real engine host with the offline sim.

A run of eight sim takes, then: the Compare menu and header buttons, letters typed in the
prompt editor stay text, Space plays the selection on the board, blind ratings through the
engine bring the names back, and closing the window stops every player.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication, QDockWidget
from shiboken6 import isValid
from test_blind import find_leaks, names

from workbench.domain.jobs import JobState
from workbench.engine.host import EngineHost
from workbench.settings import Settings
from workbench.ui.bridge import EngineBridge
from workbench.ui.window import MainWindow


@pytest.fixture
def window(qtbot: Any, isolated_home: Path, qapp: QApplication) -> Iterator[MainWindow]:
    """The window on a sim engine host, with eight settled takes on its board."""
    config = Settings(sim_render_scale=0.05, sim_failure_rate=0.0)
    host = EngineHost(home=isolated_home, settings=config, beside_window=True).start()
    bridge = EngineBridge(host)
    win = MainWindow(bridge, config)
    qtbot.addWidget(win)
    snapshots: list[object] = []
    bridge.sig_snapshot.connect(snapshots.append)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: bool(snapshots), timeout=10_000)
    qtbot.keyClicks(win.prompt.editor, "a red kite over a grey sea")
    qtbot.keyClick(win.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def settled() -> bool:
        jobs = win.board.model.jobs()
        return len(jobs) == 8 and all(j.state is JobState.DONE for j in jobs)

    qtbot.waitUntil(settled, timeout=60_000)
    yield win
    win.close()
    bridge.close()
    thread = host.runtime.thread
    host.close()
    assert thread is None or not thread.is_alive()
    compare = win.compare  # type: ignore[attr-defined]
    # Players are deleted with the window at the latest (it deletes itself when closed).
    qtbot.waitUntil(lambda: not isValid(compare) or not compare.findChildren(QMediaPlayer))
    if not isValid(compare):
        return
    assert not compare.sync.timers_active()
    # Timers of the compare views and the board (the prompt's typing debounce is not ours).
    mine = [*compare.findChildren(QTimer), *win.board.findChildren(QTimer)]
    running = [t for t in mine if t.isActive() and t.interval() < 1000]
    assert not running, running


def test_the_window_has_the_compare_menu_header_buttons_and_blind_mode(
    qtbot: Any, window: MainWindow
) -> None:
    blind = window.blind_mode  # type: ignore[attr-defined]
    assert blind.active is False
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert "Compare" in menus
    shortcuts = {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in menus["Compare"].actions()
        if not a.isSeparator()
    }
    assert shortcuts["Play / pause"] == "Space"
    assert shortcuts["Loop"] == "L" and shortcuts["Blind judging"] == "B"
    assert shortcuts["Grid"] == "G" and shortcuts["Focus"] == "E"
    assert shortcuts["A/B"] == "C" and shortcuts["Survey"] == "N"
    modes = window.compare.modes  # type: ignore[attr-defined]
    assert modes.isVisibleTo(window) and window.board.isAncestorOf(modes)


def test_typing_in_the_prompt_never_triggers_compare_keys(qtbot: Any, window: MainWindow) -> None:
    editor = window.prompt.editor
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    before = editor.toPlainText()
    qtbot.keyClicks(editor, " big glossy balloon, calm lens ")
    assert editor.toPlainText().endswith(" big glossy balloon, calm lens ")
    assert editor.toPlainText().startswith(before)
    compare = window.compare  # type: ignore[attr-defined]
    assert compare.mode() == "grid"
    assert not window.blind_mode.active  # type: ignore[attr-defined]
    assert not compare.sync.is_playing() and not compare.sync.loop()


def test_space_plays_the_board_selection_and_blind_ratings_reveal_the_names(
    qtbot: Any, window: MainWindow
) -> None:
    view = window.board.view
    view.setFocus()
    view.selectAll()
    compare = window.compare  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert compare.sync.is_playing()
    qtbot.waitUntil(lambda: compare.sync.position() > 500, timeout=10_000)
    assert len(compare.sync.players()) >= 2
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not compare.sync.is_playing()
    blind = window.blind_mode  # type: ignore[attr-defined]
    secrets = names(window.board.model.jobs())
    # The board and the inspector name the takes until B...
    roots = [
        window.board,
        *(d for d in window.findChildren(QDockWidget) if "inspector" in d.objectName()),
    ]
    assert find_leaks(roots, view.model(), secrets)
    qtbot.keyClick(view, Qt.Key.Key_B)
    assert blind.active
    shown = view.board_model().jobs()
    assert len(shown) == 8 and all(j.provider == "blind" and j.seed is None for j in shown)
    # ...then nothing shown there names them, whichever take is current. (The board pane is
    # checked hidden widgets and all in test_blind; the inspector is another pane's.)
    for job in shown[:3]:
        window.board.view.select_job(job.id)
        assert compare.show_mode("focus")
        assert find_leaks(roots, view.model(), secrets, shown_only=True) == []
        assert compare.show_mode("grid")
        assert find_leaks(roots, view.model(), secrets, shown_only=True) == []
    assert find_leaks([window.board], view.model(), secrets) == []
    rate: Callable[[int], Any] = lambda take_id: window.bridge.call(  # noqa: E731
        lambda e: e.rate(take_id, 4, blind=blind.active)
    )
    for job in shown:
        assert job.take is not None
        rate(job.take.id)
    qtbot.waitUntil(lambda: not blind.active, timeout=10_000)
    jobs = window.board.model.jobs()
    assert all(j.take and j.take.rating == 4 and j.take.blind for j in jobs)
    assert view.board_model() is window.board.model
    assert "names are back" in window.statusBar().currentMessage()


def test_export_comparison_video_of_the_survey_with_progress(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.ui.compare.export import ComparisonExport, engine_can_compare

    if not engine_can_compare():
        pytest.skip("the engine has no compare_video use case yet")
    compare = window.compare  # type: ignore[attr-defined]
    flow = compare.export_flow
    action = compare.actions.export
    assert action.isEnabled()
    view = window.board.view
    view.setFocus()
    jobs = view.board_model().jobs()[:4]
    view.selectionModel().clear()
    for job in jobs:
        view.selectionModel().select(
            view.board_model().index_of(job.id),
            view.selectionModel().SelectionFlag.Select,
        )
    assert compare.show_mode("survey")
    out = tmp_path / "four.mp4"
    monkeypatch.setattr(
        ComparisonExport, "ask_file", classmethod(lambda cls, p, t, chosen: chosen(str(out)))
    )
    progress: list[float] = []
    flow._relay.sig_progress.connect(progress.append)
    with qtbot.waitSignal(flow.sig_finished, timeout=60_000) as done:
        action.trigger()
        assert flow.busy()
    video = done.args[0]
    assert out.exists() and video.width > 0 and video.layout == "grid"
    assert [t.take_id for t in video.tiles] == [j.take.id for j in compare.focus_view.jobs()]
    assert progress and progress[-1] > 0.9
    assert not flow.busy()
    assert "saved" in window.statusBar().currentMessage()


def test_a_canceled_comparison_video_leaves_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    from workbench.ui.compare.export import engine_can_compare

    if not engine_can_compare():
        pytest.skip("the engine has no compare_video use case yet")
    flow = window.compare.export_flow  # type: ignore[attr-defined]
    ids = [j.take.id for j in window.board.model.jobs() if j.take][:6]
    out = tmp_path / "six.mp4"
    flow.run(ids, str(out))
    flow.cancel()
    qtbot.waitUntil(lambda: not flow.busy(), timeout=60_000)
    assert not out.exists()
    assert not list(tmp_path.glob("*.mp4*"))
    assert "canceled" in window.statusBar().currentMessage()
