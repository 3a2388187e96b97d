"""Prompt history over fixed versions: outcomes beside each, diffs marked, buttons ask."""

from __future__ import annotations

from typing import Any

from insights_helpers import FakeBridge, FakeEngine, history
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from workbench.domain.views import PromptVersionView
from workbench.ui.insights import words
from workbench.ui.insights.history_pane import HistoryPane
from workbench.ui.insights.versions import totals


def make_pane(qtbot: Any, bridge: FakeBridge, prompt_id: int | None = 12) -> HistoryPane:
    pane = HistoryPane(bridge)  # type: ignore[arg-type]
    pane.default_prompt = lambda: prompt_id
    qtbot.addWidget(pane)
    pane.resize(1100, 760)
    with qtbot.waitSignal(pane.sig_refreshed, timeout=5000):
        pane.show()
    return pane


def marks(document: QTextDocument) -> dict[str, list[str]]:
    """The text of the document's struck-through and underlined runs."""
    found: dict[str, list[str]] = {"struck": [], "underlined": []}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            text = fragment.text().strip()
            if text and fmt.fontStrikeOut():
                found["struck"].append(text)
            if text and fmt.fontUnderline():
                found["underlined"].append(text)
            it += 1
        block = block.next()
    return found


def top_rows(pane: HistoryPane) -> list[list[str]]:
    tree = pane.tree
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_every_version_is_listed_with_its_outcome(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    expected = history("en")
    rows = top_rows(pane)
    assert [r[0] for r in rows] == ["v3", "v2", "v1"]  # newest first
    for row, version in zip(rows, reversed(expected.versions), strict=True):
        total = totals(version.outcomes)
        assert row[1] == words.when(version.created_at)
        assert row[2:6] == [
            words.count(total.draws),
            words.count(total.keepers),
            words.percent(total.hit_rate),
            words.money(total.cost_per_keeper_usd),
        ]
    # Each service and model under its version.
    v2 = pane.tree.topLevelItem(1)
    children = [[v2.child(k).text(c) for c in range(6)] for k in range(v2.childCount())]
    assert children[2] == ["Veo 3.1", "", "4", "1", "25 %", "$12.80"]
    assert [c[0] for c in children] == ["Kling 3.0", "Seedance 2.0", "Veo 3.1"]
    assert pane.prompt.prompt_id() == 12


def test_newest_version_is_compared_with_the_one_before(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    assert pane.old.currentData() == 31 and pane.new.currentData() == 32
    found = marks(pane.diff.document())
    assert found["underlined"] == ["white", "slowly", ", slow dolly shot", ", text"]
    assert found["struck"] == []
    assert "v2:" in pane.outcome.text() and "v3:" in pane.outcome.text()
    assert pane.target() is not None and pane.target().version == 3


def test_any_two_versions_diff_word_by_word_with_the_negative(
    qtbot: Any, bridge: FakeBridge
) -> None:
    pane = make_pane(qtbot, bridge)
    pane.compare(30, 32)
    assert (pane.old.currentData(), pane.new.currentData()) == (30, 32)
    found = marks(pane.diff.document())
    assert "rainy" in found["struck"]
    assert "rain-soaked neon" in found["underlined"]
    assert ", watermark, text" in found["underlined"]  # the negative prompt, diffed too
    text = pane.diff.toPlainText()
    assert "Negative prompt" in text and "+13 words" in text.replace("word(s)", "words")
    # Choosing in the lists compares too.
    pane.old.setCurrentIndex(pane.old.findData(31))
    pane.old.activated.emit(pane.old.currentIndex())
    assert "rainy" not in marks(pane.diff.document())["struck"]


def test_chinese_versions_diff_by_character(qtbot: Any) -> None:
    pane = make_pane(qtbot, FakeBridge(FakeEngine("zh")))
    pane.compare(30, 32)
    found = marks(pane.diff.document())
    assert "霓虹" in found["underlined"]
    assert "白色" in found["underlined"]
    assert "缓缓" in found["underlined"]
    assert any("镜头缓慢推进" in u for u in found["underlined"])
    assert "，水印，文字" in found["underlined"]
    assert "小" in found["struck"] and "走" in found["struck"]
    assert pane.diff.prompt_diff is not None and pane.diff.prompt_diff.by_character
    assert "character" in pane.diff.toPlainText()


def test_selecting_rows_chooses_what_is_compared_and_acted_on(
    qtbot: Any, bridge: FakeBridge
) -> None:
    pane = make_pane(qtbot, bridge)
    tree = pane.tree
    v1 = tree.topLevelItem(2)
    tree.setCurrentItem(v1)
    assert pane.target() is not None and pane.target().version == 1
    assert pane.open_board.text().endswith("v1")
    # v1 has nothing before it: its text is shown unmarked.
    assert (pane.old.currentData(), pane.new.currentData()) == (30, 30)
    assert marks(pane.diff.document()) == {"struck": [], "underlined": []}
    # Two rows: older → newer, whichever was clicked first.
    v2 = tree.topLevelItem(1)
    v2.setSelected(True)
    assert (pane.old.currentData(), pane.new.currentData()) == (30, 31)


def test_buttons_ask_for_the_board_and_the_editor(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    pane.tree.setCurrentItem(pane.tree.topLevelItem(1))  # v2
    with qtbot.waitSignal(pane.sig_open_board_requested) as opened:
        qtbot.mouseClick(pane.open_board, Qt.MouseButton.LeftButton)
    assert opened.args == [31]
    with qtbot.waitSignal(pane.sig_load_requested) as loaded:
        qtbot.mouseClick(pane.load, Qt.MouseButton.LeftButton)
    version = loaded.args[0]
    assert isinstance(version, PromptVersionView)
    assert (version.version, version.negative) == (2, "blur, watermark")


def test_another_prompt_can_be_chosen(qtbot: Any, bridge: FakeBridge) -> None:
    pane = make_pane(qtbot, bridge)
    index = pane.prompt.findData(7)
    assert index >= 0
    assert "雨夜" in pane.prompt.itemText(index)
    pane.prompt.setCurrentIndex(index)
    with qtbot.waitSignal(pane.sig_refreshed):
        pane.prompt.activated.emit(index)
    assert pane.history is not None and pane.history.prompt_id == 7
    assert pane.diff.prompt_diff is not None and pane.diff.prompt_diff.by_character


def test_no_history_teaches(qtbot: Any, engine: FakeEngine) -> None:
    engine.histories = {}
    pane = HistoryPane(FakeBridge(engine))  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == 1)
    assert "generate again to make v2" in pane.empty.body.text()
    assert not pane.load.isVisible()
