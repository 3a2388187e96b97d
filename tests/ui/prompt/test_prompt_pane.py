"""The prompt pane: count against limits, Ctrl+Enter, debounced changes, content."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from workbench.ui.prompt import PromptPane
from workbench.ui.services.tone import Tone


def _ime_commit(editor, text: str) -> None:
    """What an input method sends when the user picks characters (QTest cannot type CJK)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


@pytest.fixture
def pane(qtbot):
    widget = PromptPane()
    qtbot.addWidget(widget)
    widget.resize(720, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_typing_updates_the_count(pane, qtbot):
    pane.set_limits([("Sim Fast", 2000, "chars"), ("Sim Pro", 2000, "chars")])
    assert pane.count.text() == "0 / 2,000"
    qtbot.keyClicks(pane.editor, "a fox")
    assert pane.count.text() == "5 / 2,000"
    assert pane.count.tone() is Tone.MUTED


def test_over_the_limit_turns_red_and_names_the_model(pane, qtbot):
    pane.set_limits([("Sim Fast", 2000, "chars"), ("Veo 3.1", 10, "chars")])
    _ime_commit(pane.editor, "雨夜霓虹街道，一只小狐")
    assert pane.count.text() == "11 / 10 · too long"
    assert pane.count.tone() is Tone.ERROR
    assert "Veo 3.1" in pane.count.toolTip()
    assert "Sim Fast" not in pane.count.toolTip().splitlines()[0]
    pane.editor.setPlainText("雨夜霓虹街道，一只")
    assert pane.count.tone() is Tone.WARNING
    assert "nearly full" in pane.count.text()


def test_chinese_input_method_composes_then_commits(pane, qtbot):
    pane.set_limits([("Sim Fast", 2000, "chars")])
    qtbot.keyClicks(pane.editor, "A ")
    # While pinyin is being composed nothing is in the prompt yet...
    QApplication.sendEvent(pane.editor, QInputMethodEvent("yu ye", []))
    assert pane.prompt() == "A "
    # ...and the chosen characters land as typed text when committed.
    _ime_commit(pane.editor, "雨夜")
    assert pane.prompt() == "A 雨夜"
    assert pane.count.text() == "4 / 2,000"


def test_count_uses_each_models_unit(pane):
    # Runway counts UTF-16 code units: an emoji is two.
    pane.set_limits([("Gen-4.5", 3, "utf16"), ("Sim Fast", 3, "chars")])
    pane.editor.setPlainText("🦊🦊")
    assert pane.count.text() == "4 / 3 · too long"
    assert pane.count.over == ["Gen-4.5"]


def test_without_limits_the_count_is_plain(pane):
    pane.editor.setPlainText("a fox")
    assert pane.count.text() == "5 characters"


def test_ctrl_enter_requests_generation_and_adds_no_newline(pane, qtbot):
    pane.editor.setPlainText("a fox")
    pane.editor.moveCursor(pane.editor.textCursor().MoveOperation.End)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        with qtbot.waitSignal(pane.sig_generate_requested, timeout=1000):
            qtbot.keyClick(pane.editor, key, Qt.KeyboardModifier.ControlModifier)
    assert pane.prompt() == "a fox"
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)  # a plain Enter still breaks the line
    assert pane.prompt() == "a fox\n"


def test_tab_moves_focus_instead_of_inserting_a_tab(pane, qtbot):
    pane.activateWindow()
    pane.focus_editor()
    qtbot.waitUntil(pane.editor.hasFocus)
    qtbot.keyClick(pane.editor, Qt.Key.Key_Tab)
    assert "\t" not in pane.prompt()
    qtbot.waitUntil(lambda: not pane.editor.hasFocus())


def test_typing_is_debounced_into_one_change(pane, qtbot):
    seen = []
    pane.sig_changed.connect(lambda: seen.append(pane.prompt()))
    with qtbot.waitSignal(pane.sig_changed, timeout=2000):
        qtbot.keyClicks(pane.editor, "a slow fox")
    assert seen == ["a slow fox"]
    with qtbot.waitSignal(pane.sig_changed, timeout=2000):
        qtbot.keyClicks(pane.negative_edit, "blur")
    assert pane.negative() == "blur"


def test_set_content_shows_everything_and_signals_once(pane, qtbot, tmp_path):
    seen = []
    pane.sig_changed.connect(lambda: seen.append(1))
    pane.set_content("雨夜霓虹街道", "  ", None, None)
    assert (pane.prompt(), pane.negative(), pane.first_frame(), pane.last_frame()) == (
        "雨夜霓虹街道",
        None,
        None,
        None,
    )
    assert seen == [1]
    pane.set_limits([("Sim Fast", 2000, "chars")])
    assert pane.count.text() == "6 / 2,000"


def test_generate_action_shows_as_a_button(pane, qtbot):
    from PySide6.QtGui import QAction

    action = QAction("Generate", pane)
    pane.set_generate_action(action)
    assert pane.generate_button.isVisibleTo(pane)
    with qtbot.waitSignal(action.triggered):
        pane.generate_button.click()


def test_frame_slots_stack_when_narrow(pane, qtbot):
    pane.resize(420, 360)
    qtbot.waitUntil(lambda: pane.last_slot.y() > pane.first_slot.y())
    pane.resize(800, 260)
    qtbot.waitUntil(lambda: pane.last_slot.y() == pane.first_slot.y())


def test_the_windows_generate_shortcut_wins_and_fires_once(qtbot):
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    pane = PromptPane()
    window.setCentralWidget(pane)
    action = QAction("Generate", window)
    action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    window.addAction(action)
    fired, asked = [], []
    action.triggered.connect(lambda: fired.append(1))
    pane.sig_generate_requested.connect(lambda: asked.append(1))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    pane.focus_editor()
    qtbot.waitUntil(pane.editor.hasFocus)
    qtbot.keyClicks(pane.editor, "a fox")
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert (fired, asked) == ([1], [])  # Qt hands the shortcut to the action first
    assert pane.prompt() == "a fox"
