"""Judging in the real window: keys and clicks reach the engine, and show in the inspector,
on the tile and in ``workbench takes --json`` (the same library, read by the CLI)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.domain.views import TakeView


def cli_takes(capsys: Any) -> dict[int, dict[str, Any]]:
    """``workbench takes --json`` run in-process, by take id."""
    from workbench.cli import main

    capsys.readouterr()
    assert main(["takes", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return {row["take"]: row for row in rows}


def engine_take(desktop: Any, take_id: int) -> TakeView:
    return desktop.host.call(lambda e: e.take(take_id))


def current_take(window: Any) -> TakeView:
    take = window.inspector.take()
    assert take is not None
    return take


def test_keyboard_judging_reaches_inspector_tile_and_cli(
    qtbot: Any, board: Any, capsys: Any
) -> None:
    window = board.window
    view = window.board.view
    inspector = window.inspector
    take_id = current_take(window).id

    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: current_take(window).rating == 4)
    assert inspector.pane.stars.rating() == 4
    qtbot.keyClick(view, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: current_take(window).favourite)
    assert inspector.pane.heart.isChecked()

    # X asks for a reason: a popup of chips, 1 picks the first (hands).
    qtbot.keyClick(view, Qt.Key.Key_X)
    menu = inspector.reject_menu
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: current_take(window).reasons == ("hands",))
    assert not menu.isVisible()
    assert inspector.pane.chips.reasons() == ["hands"]

    # The offscreen platform activates a popup's window after it has closed; a desktop
    # leaves the main window active. Put it back as a desktop would.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)

    # T and Shift+N put the keys in the tag and note lines; Enter saves and hands them back.
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert QApplication.focusWidget() is inspector.pane.tags.line
    qtbot.keyClicks(inspector.pane.tags.line, "Night")
    qtbot.keyClick(inspector.pane.tags.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current_take(window).tags == ("night",))
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    line = inspector.pane.notes.line
    assert QApplication.focusWidget() is line
    qtbot.keyClicks(line, "hands melt at 1.2 s; 5 stars otherwise")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: current_take(window).notes == ("hands melt at 1.2 s; 5 stars otherwise",)
    )
    assert QApplication.focusWidget() is view
    assert current_take(window).rating == 4  # the digits typed in the note rated nothing

    # The tile shows it (its take brief comes with the engine's events).
    def tile_shows() -> bool:
        brief = view.current_job().take
        return (brief.rating, brief.favourite, brief.reasons, brief.tags) == (
            4,
            True,
            ("hands",),
            ("night",),
        )

    qtbot.waitUntil(tile_shows)
    row = cli_takes(capsys)[take_id]
    assert (row["rating"], row["favourite"], row["reasons"], row["tags"], row["notes"]) == (
        4,
        True,
        ["hands"],
        ["night"],
        ["hands melt at 1.2 s; 5 stars otherwise"],
    )
    # Only the take under focus was judged.
    others = [r for tid, r in cli_takes(capsys).items() if tid != take_id]
    assert others and not any(r["rating"] or r["favourite"] or r["reasons"] for r in others)


def test_mouse_judging_in_the_inspector(qtbot: Any, board: Any, capsys: Any) -> None:
    window = board.window
    view = window.board.view
    pane = window.inspector.pane
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the second tile of the first row
    qtbot.waitUntil(lambda: current_take(window).id == view.current_job().take.id)
    take_id = current_take(window).id

    qtbot.mouseClick(pane.stars.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_take(window).rating == 3)
    qtbot.mouseClick(pane.stars.buttons[2], Qt.MouseButton.LeftButton)  # the lit top star clears
    qtbot.waitUntil(lambda: current_take(window).rating is None)
    qtbot.mouseClick(pane.stars.buttons[4], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_take(window).rating == 5)
    qtbot.mouseClick(pane.heart, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_take(window).favourite)
    qtbot.mouseClick(pane.chips.buttons["camera"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.chips.buttons["off-prompt"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(current_take(window).reasons) == {"camera", "off-prompt"})
    qtbot.mouseClick(pane.chips.buttons["camera"], Qt.MouseButton.LeftButton)  # toggled off
    qtbot.waitUntil(lambda: current_take(window).reasons == ("off-prompt",))
    assert pane.chips.reasons() == ["off-prompt"]

    qtbot.mouseClick(pane.tags.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pane.tags.line, "boat, keeper")
    qtbot.keyClick(pane.tags.line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: set(current_take(window).tags) == {"boat", "keeper"})
    chip = next(b for b in pane.tags.chips.findChildren(type(pane.heart)) if "keeper" in b.text())
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: current_take(window).tags == ("boat",))

    # A note is saved when the line loses focus (a click back on the board).
    qtbot.mouseClick(pane.notes.line, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pane.notes.line, "camera drifts left")
    rect = view.visualRect(view.currentIndex())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: current_take(window).notes == ("camera drifts left",))
    assert pane.notes.notes() == ("camera drifts left",)

    qtbot.waitUntil(lambda: view.current_job().take.reasons == ("off-prompt",))
    row = cli_takes(capsys)[take_id]
    assert (row["rating"], row["favourite"], row["reasons"], row["tags"], row["notes"]) == (
        5,
        True,
        ["off-prompt"],
        ["boat"],
        ["camera drifts left"],
    )


def test_a_note_typed_for_one_take_never_lands_on_the_next(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    pane = window.inspector.pane
    first = current_take(window).id
    pane.notes.line.setText("for the first take")  # typed, not yet saved
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: current_take(window).id != first)
    second = current_take(window).id
    qtbot.waitUntil(lambda: engine_take(board, first).notes == ("for the first take",))
    assert engine_take(board, second).notes == ()


def test_keys_do_nothing_while_typing_or_outside_the_board(qtbot: Any, board: Any) -> None:
    window = board.window
    editor = window.prompt.editor
    before = current_take(window)
    jobs = len(window.board.model.jobs())
    editor.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    typed = editor.toPlainText()
    qtbot.keyClicks(editor, " 3 F 0 X P r")
    qtbot.keyClick(editor, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)  # Shift+R
    # Every key went into the text (QTest types Shift+R as "r").
    assert editor.toPlainText() == typed + " 3 F 0 X P rr"
    assert not window.inspector.reject_menu.isVisible()
    # Outside the board and the inspector the keys are not judging keys either (a check box
    # in the services panel takes no text, so only the shortcut's scope keeps it out).
    check = window.services.rows()[0].check
    check.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is check)
    for key in (Qt.Key.Key_3, Qt.Key.Key_F, Qt.Key.Key_R):
        qtbot.keyClick(check, key)
    # Round-trip the engine once, so any change a key might have sent has landed.
    after = engine_take(board, before.id)
    assert (after.rating, after.favourite, after.reasons) == (None, False, ())
    assert len(window.board.model.jobs()) == jobs
    assert window.inspector.undo_stack.count() == 0


def test_the_take_menu_lists_every_key(board: Any) -> None:
    window = board.window
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Take") == len(titles) - 2  # just before Help
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Take")
    keys = set()
    for action in menu.actions():
        sub = action.menu()
        for item in sub.actions() if sub else [action]:
            keys.update(k.toString() for k in item.shortcuts())
    assert {"1", "2", "3", "4", "5", "0", "F", "P", "X", "T", "Shift+N", "R", "Shift+R"} <= keys
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Shift+C"} <= keys


def test_undo_and_redo_restore_every_change_exactly(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    stack = window.inspector.undo_stack
    take_id = current_take(window).id

    def state() -> tuple[Any, ...]:
        t = engine_take(board, take_id)
        return (t.rating, t.blind, t.favourite, t.reasons, t.tags, t.notes)

    class Blind:
        active = False

    window.blind_mode = Blind()  # the compare views add this; read defensively
    states = [state()]

    def step(act: Any) -> None:
        count = stack.count()
        act()
        qtbot.waitUntil(lambda: stack.count() == count + 1)
        states.append(state())

    pane = window.inspector.pane
    step(lambda: qtbot.keyClick(view, Qt.Key.Key_2))
    Blind.active = True
    step(lambda: qtbot.keyClick(view, Qt.Key.Key_5))  # rated blind
    Blind.active = False
    step(lambda: qtbot.keyClick(view, Qt.Key.Key_0))  # cleared
    step(lambda: qtbot.keyClick(view, Qt.Key.Key_P))  # favourite (pick)
    step(lambda: qtbot.mouseClick(pane.chips.buttons["physics"], Qt.MouseButton.LeftButton))
    step(lambda: pane.tags.sig_tag_added.emit("rain"))
    step(lambda: pane.notes.sig_note_added.emit("the boat sinks"))
    assert states[2][:2] == (5, True)
    assert states[-1] == (None, False, True, ("physics",), ("rain",), ("the boat sinks",))
    assert all(a != b for a, b in itertools.pairwise(states))  # each step changed

    # Ctrl+Z walks back through every state, exactly (the blind 5 comes back blind).
    for expected in reversed(states[:-1]):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda expected=expected: state() == expected)
    assert not stack.canUndo()
    # Ctrl+Shift+Z walks forward again.
    for expected in states[1:]:
        qtbot.keyClick(
            view,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        qtbot.waitUntil(lambda expected=expected: state() == expected)
    assert not stack.canRedo()
    # The inspector and the tile show the final state too.
    qtbot.waitUntil(lambda: current_take(window).notes == ("the boat sinks",))
    qtbot.waitUntil(lambda: view.current_job().take.tags == ("rain",))


def test_undo_shows_the_tile_it_changes(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    first = view.current_job()
    qtbot.keyClick(view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: window.inspector.undo_stack.count() == 1)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current_job().id != first.id
    assert window.inspector.actions.undo.text().startswith("&Undo Rate take")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.current_job().id == first.id)
    qtbot.waitUntil(lambda: engine_take(board, first.take.id).rating is None)


def test_blind_judging_rates_blind_and_hides_the_record(qtbot: Any, board: Any) -> None:
    window = board.window
    mode = getattr(window, "blind_mode", None)
    if not hasattr(mode, "set_active"):
        pytest.skip("blind judging (the compare views) is not in this window")
    view = window.board.view
    take_id = current_take(window).id
    mode.set_active(True)
    pane = window.inspector.pane
    letter = mode.letter_of(view.current_job().id)
    qtbot.waitUntil(lambda: pane.title.text() == f"Take {letter}")
    assert not pane.record.row_shown("service") and not pane.record.row_shown("model")
    assert not pane.record.row_shown("seed") and not pane.record.row_shown("lineage")
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    job = view.current_job()
    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: engine_take(board, job.take.id).rating == 4)
    assert engine_take(board, job.take.id).blind
    # Shift+R counts the real row (two takes), not the blind board's shuffled one.
    rerolls: list[tuple[int, int]] = []
    window.inspector.rerolls._send = lambda tid, draws, _b: rerolls.append((tid, draws))
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert rerolls == [(job.take.id, 2)]
    mode.set_active(False)
    qtbot.waitUntil(lambda: pane.record.row_shown("service"))
    assert take_id  # the take judged sighted before is untouched by the blind one


def test_a_take_deleted_elsewhere_leaves_its_draw_and_undo_says_why(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    pane = window.inspector.pane
    take_id = current_take(window).id
    qtbot.keyClick(view, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: window.inspector.undo_stack.count() == 1)
    board.host.call(lambda e: e.delete_take(take_id))  # e.g. from the library view
    qtbot.waitUntil(lambda: view.current_job().take is None)
    qtbot.waitUntil(lambda: "removed from the library" in pane.state.text())
    assert window.inspector.take() is None and not pane.judge.isVisibleTo(pane)
    assert not window.inspector.actions.rate[3].isEnabled()
    said: list[str] = []
    window.inspector.judge.sig_message.connect(said.append)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(said))
    assert said == ["That take is no longer in the library."]


def test_keys_work_in_the_compare_views_of_the_board(qtbot: Any, board: Any) -> None:
    window = board.window
    if not hasattr(window, "compare"):
        pytest.skip("the compare views are not in this window")
    view = window.board.view
    take_id = current_take(window).id
    qtbot.keyClick(view, Qt.Key.Key_E)  # the focus view, a page of the board pane
    qtbot.waitUntil(lambda: window.board.stack.currentWidget() is not view)
    page = window.board.stack.currentWidget()
    page.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: window.board.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    qtbot.waitUntil(lambda: engine_take(board, take_id).rating == 2)
