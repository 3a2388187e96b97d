"""The desktop window end to end: prompt → Ctrl+Enter → tiles become posters, and the
keyboard and launch contract of the desktop issue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.domain.jobs import JobState
from workbench.ui.window import FIRST_START_DRAWS


def generate(qtbot: Any, desktop: Any, text: str) -> None:
    window = desktop.window
    qtbot.keyClicks(window.prompt.editor, text)
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def all_settled(desktop: Any, count: int) -> bool:
    jobs = desktop.window.board.model.jobs()
    return len(jobs) == count and all(j.state.is_terminal for j in jobs)


def test_first_start_contract_title_focus_and_two_sim_models(qtbot: Any, launch: Any) -> None:
    desktop = launch()
    window = desktop.window
    assert window.windowTitle().startswith("Workbench")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt.editor)
    targets = window.services.targets()
    assert [(t.provider, t.model, t.draws) for t in targets] == [
        ("sim", "sim-fast", FIRST_START_DRAWS),
        ("sim", "sim-pro", FIRST_START_DRAWS),
    ]


def test_ctrl_enter_fills_the_board_with_eight_posters(qtbot: Any, launch: Any) -> None:
    desktop = launch()
    generate(qtbot, desktop, "a paper boat drifting down a rainy street")
    qtbot.waitUntil(lambda: all_settled(desktop, 8), timeout=60_000)
    model = desktop.window.board.model
    jobs = model.jobs()
    assert all(j.state is JobState.DONE and j.take and j.take.poster for j in jobs)
    assert (model.rowCount(), model.columnCount()) == (2, 4)
    # After a run starts, the current tile is its first tile.
    current = desktop.window.board.view.current_job()
    assert current is not None and current.id == min(j.id for j in jobs)
    assert "8 done" in desktop.window.status.tally.text()


def test_a_failed_draw_says_why_and_retry_brings_a_take(qtbot: Any, launch: Any) -> None:
    desktop = launch(sim_failure_rate=1.0)  # most sim draws fail (quota or moderation)
    generate(qtbot, desktop, "a lighthouse in a storm")
    qtbot.waitUntil(lambda: all_settled(desktop, 8), timeout=60_000)
    failed = [j for j in desktop.window.board.model.jobs() if j.state is JobState.FAILED]
    assert failed and all(j.failure and j.failure.message for j in failed)
    # The service stops failing; Retry on the tile sends the same draw again in its place.
    from workbench.settings import Settings

    desktop.host.apply_settings(Settings(sim_render_scale=0.05, sim_failure_rate=0.0)).result(5)
    view = desktop.window.board.view
    target = failed[0]
    index = desktop.window.board.model.index_of(target.id)
    view.scrollTo(index)
    rect = view.visualRect(index)
    buttons = dict(view.tile_delegate.button_rects(rect, target, view.font()))
    assert "retry" in buttons
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=buttons["retry"].center())

    def retried_done() -> bool:
        job = desktop.window.board.model.job_at(index)
        return job is not None and job.retry_of == target.id and job.state is JobState.DONE

    qtbot.waitUntil(retried_done, timeout=30_000)


def test_f6_cycles_prompt_services_board_and_arrows_move_the_tile(qtbot: Any, launch: Any) -> None:
    desktop = launch()
    window = desktop.window
    generate(qtbot, desktop, "two kites over a beach")
    qtbot.waitUntil(lambda: all_settled(desktop, 8), timeout=60_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.prompt.editor)

    def pane() -> str:
        focus = QApplication.focusWidget()
        for name, widget in (
            ("prompt", window.prompt),
            ("services", window.services),
            ("board", window.board.view),
        ):
            if focus is widget or (focus is not None and widget.isAncestorOf(focus)):
                return name
        return "elsewhere"

    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(pane())
    assert order == ["services", "board", "prompt"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert pane() == "board"
    view = window.board.view
    first = view.current_job()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    second = view.current_job()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    below = view.current_job()
    assert first and second and below
    assert (second.model, second.draw_no) == (first.model, first.draw_no + 1)
    assert below.model != second.model and below.draw_no == second.draw_no


def test_ctrl_q_closes_the_window(qtbot: Any, launch: Any) -> None:
    desktop = launch()
    window = desktop.window
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_unfinished_draws_resume_when_the_window_opens(
    qtbot: Any, launch: Any, isolated_home: Any
) -> None:
    from workbench.domain.spec import GenerationSpec
    from workbench.engine.host import EngineHost
    from workbench.engine.planner import RunRequest, Target
    from workbench.settings import Settings

    # A run left behind by a process that quit mid-render.
    slow = Settings(sim_render_scale=0.5, sim_failure_rate=0.0)
    with EngineHost(home=isolated_home, settings=slow, beside_window=True) as host:
        spec = GenerationSpec(prompt="a red fox", duration=2, resolution="360p")
        run_id = host.call(lambda e: e.run(RunRequest(spec, (Target("sim", draws=2),))))
    desktop = launch()
    qtbot.waitUntil(lambda: desktop.window.board.version_id is not None, timeout=10_000)
    qtbot.waitUntil(lambda: all_settled(desktop, 2), timeout=60_000)
    assert {j.run_id for j in desktop.window.board.model.jobs()} == {run_id}
    assert all(j.state is JobState.DONE for j in desktop.window.board.model.jobs())


def test_settings_round_trip_keys_in_the_keychain_and_preferences_on_disk(
    qtbot: Any, launch: Any, memory_keyring: Any, isolated_home: Any
) -> None:
    import json

    desktop = launch()
    window = desktop.window
    flow = window.settings_flow
    window.actions.settings.trigger()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=5000)
    dialog = flow.dialog
    dialog.sig_store_key_requested.emit("grok", {"api_key": "xai-test-0000-not-real"})
    qtbot.waitUntil(
        lambda: flow.key_status.get("grok") is not None and flow.key_status["grok"].present,
        timeout=5000,
    )
    assert memory_keyring.items[("workbench", "grok")]  # stored in the keychain…
    assert "xai-test-0000" not in json.dumps(window.state.services_data())  # …and nowhere else
    edited = dialog.edited_settings()
    assert edited is not None
    dialog.sig_settings_changed.emit(edited.model_copy(update={"default_draws": 3}))
    qtbot.waitUntil(lambda: window.settings.default_draws == 3, timeout=5000)
    saved = json.loads((isolated_home / "settings.json").read_text())
    assert saved["default_draws"] == 3 and "xai-test" not in json.dumps(saved)
    dialog.sig_delete_key_requested.emit("grok")
    qtbot.waitUntil(lambda: not flow.key_status["grok"].present, timeout=5000)
    dialog.reject()


def test_a_damaged_library_is_said_in_a_sentence_not_a_crash(
    qtbot: Any, isolated_home: Any
) -> None:
    from workbench.engine.host import EngineHost
    from workbench.settings import Settings
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "library.sqlite3").write_bytes(b"not a database" * 500)
    config = Settings(sim_render_scale=0.05)
    host = EngineHost(home=isolated_home, settings=config, beside_window=True).start()
    bridge = EngineBridge(host)
    window = MainWindow(bridge, config)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(bridge.sig_start_failed, timeout=10_000) as blocker:
        bridge.start()
    assert "damaged" in str(blocker.args[0])
    qtbot.waitUntil(lambda: "damaged" in window.status.currentMessage())
    window.close()
    bridge.close()
    host.close()


def test_keys_typed_before_the_panes_exist_reach_the_prompt(qtbot: Any, isolated_home: Any) -> None:
    """The app shows a frame first; what is typed into it meanwhile is not lost."""
    from workbench.engine.host import EngineHost
    from workbench.settings import Settings
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

    window = MainWindow(deferred=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClicks(window, "a fox")
    config = Settings(sim_render_scale=0.05, sim_failure_rate=0.0)
    host = EngineHost(home=isolated_home, settings=config, beside_window=True).start()
    bridge = EngineBridge(host)
    try:
        window.complete(bridge, config)
        bridge.start()
        qtbot.waitUntil(lambda: window.prompt.prompt() == "a fox", timeout=5000)
    finally:
        window.close()
        bridge.close()
        host.close()


def test_f1_lists_every_menu_shortcut_including_the_panes(qtbot: Any, launch: Any) -> None:
    lines = launch().window.shortcut_lines()
    text = "\n".join(lines)
    for key in ("Ctrl+Return", "Ctrl+Q", "F6", "Shift+F6"):
        assert key in text
    assert any(line.endswith("\tR") for line in lines)  # the Take menu's reroll
    assert any("\tSpace" in line for line in lines)  # the Compare menu's play


def test_a_rewritten_prompt_is_the_next_version_of_the_same_prompt(qtbot: Any, launch: Any) -> None:
    """Write, generate, rewrite, generate: one prompt with v1 and v2 (the history's diff)."""
    desktop = launch()
    window = desktop.window
    generate(qtbot, desktop, "a fox in the snow")
    qtbot.waitUntil(lambda: all_settled(desktop, 8), timeout=60_000)
    qtbot.keyClicks(window.prompt.editor, ", slow dolly in")
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summaries: list[Any] = []

    def two_runs() -> bool:
        summaries[:] = desktop.host.call(lambda e: e.run_summaries(10))
        return len(summaries) == 2

    qtbot.waitUntil(two_runs, timeout=30_000)
    newest, first = summaries
    assert newest.prompt_id == first.prompt_id
    assert (first.prompt_version, newest.prompt_version) == (1, 2)
    assert newest.prompt == "a fox in the snow, slow dolly in"
