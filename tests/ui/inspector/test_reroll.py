"""抽卡 from the board: R and Shift+R draw again on the same prompt version, numbers
continuing and the parent take recorded; Recall puts a draw's request back to edit."""

from __future__ import annotations

from typing import Any

from inspector_helpers import PROMPT, settled
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.domain.spec import SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target


def row_of(window: Any, model: str) -> list[Any]:
    return [j for j in window.board.model.jobs() if j.model == model]


def test_r_and_shift_r_reroll_with_lineage(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    version = window.board.version_id
    first = view.current_job()
    assert (first.model, first.draw_no) == ("sim-fast", 1)

    # R: one new draw of the current take, same spec, a new seed, filed under its version.
    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: settled(board, 5), timeout=60_000)
    fast = row_of(window, "sim-fast")
    assert [j.draw_no for j in fast] == [1, 2, 3]
    new = fast[-1]
    assert new.prompt_version_id == version and new.take is not None
    assert new.params == first.params and new.seed != first.seed
    assert window.board.runs[new.run_id].parent_take_id == first.take.id
    reroll = board.host.call(lambda e: e.take(new.take.id))
    assert reroll.parent_take_id == first.take.id
    assert view.current_job().id == first.id  # the focus stays where the creator was judging

    # The new tile's tooltip and the inspector tell its lineage.
    index = window.board.model.index_of(new.id)
    tip = window.inspector.tooltips.tooltip_at(index)
    lineage = f"Draw 3 of this prompt version on Sim Fast · rerolled from take {first.take.id}"
    assert lineage in tip
    view.select_job(new.id)
    qtbot.waitUntil(lambda: window.inspector.take() is not None)
    qtbot.waitUntil(lambda: window.inspector.take().id == new.take.id)
    assert window.inspector.pane.record.text("lineage") == lineage

    # Shift+R on the other row: as many new draws as that row has takes (two).
    view.select_job(row_of(window, "sim-pro")[0].id)
    pro = view.current_job()
    assert (pro.model, pro.draw_no) == ("sim-pro", 1)
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: settled(board, 7), timeout=60_000)
    pro_row = row_of(window, "sim-pro")
    assert [j.draw_no for j in pro_row] == [1, 2, 3, 4]
    assert {window.board.runs[j.run_id].parent_take_id for j in pro_row[2:]} == {pro.take.id}
    assert all(j.prompt_version_id == version for j in pro_row)
    assert len(row_of(window, "sim-fast")) == 3  # the other row is untouched


def test_reroll_of_a_tile_without_a_take_says_so(qtbot: Any, board: Any) -> None:
    window = board.window
    messages: list[str] = []
    window.inspector.rerolls.sig_message.connect(messages.append)
    assert not window.inspector.rerolls.reroll(None)
    assert messages and "Nothing to reroll" in messages[0]


def test_recall_fills_the_editor_and_the_services(qtbot: Any, board: Any) -> None:
    window = board.window
    view = window.board.view
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    job = view.current_job()
    assert (job.model, job.draw_no) == ("sim-pro", 2)
    # Something else in the panes first: another text, another model checked.
    window.prompt.set_content("something else entirely", "grain")
    window.services.row("sim:sim-cinema").set_checked(True)
    window.generator.prompt_id = None

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_C, ctrl_shift)
    assert window.prompt.prompt() == PROMPT
    assert window.prompt.negative() is None
    assert window.services.targets() == [
        Target(
            "sim",
            "sim-pro",
            1,
            duration=2,
            aspect="16:9",
            resolution="360p",
            audio=False,
            seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=job.seed),
        )
    ]
    board_read = window.board.board
    assert window.generator.prompt_id == board_read.prompt_id
    assert QApplication.focusWidget() is window.prompt.editor

    # Edit and generate: a new version of the same prompt, with the recalled seed.
    qtbot.keyClicks(window.prompt.editor, ", at dawn")
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.board.version_id != board_read.prompt_version_id, timeout=10_000)
    qtbot.waitUntil(lambda: settled(board, 1), timeout=60_000)
    new = window.board.model.jobs()[0]
    assert (new.model, new.seed) == ("sim-pro", job.seed)
    assert window.board.board.prompt_id == board_read.prompt_id
    assert window.board.board.version == board_read.version + 1
