"""The inspector pane as a view: what it shows of a take or a draw, and what it asks for."""

from __future__ import annotations

from typing import Any

from inspector_helpers import failed_job, take_view
from PySide6.QtCore import Qt

from workbench.ui.inspector.pane import InspectorPane
from workbench.ui.inspector.record import Facts


def make_pane(qtbot: Any) -> InspectorPane:
    pane = InspectorPane()
    qtbot.addWidget(pane)
    pane.resize(400, 900)
    pane.show()
    return pane


def test_a_take_shows_its_judgement_and_whole_record(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    take = take_view(
        rating=4, favourite=True, tags=("night",), reasons=("hands",), notes=("a", "b")
    )
    pane.show_take(take)
    assert pane.title.text() == "Take 41 · #7 · Kling 3.0"
    assert pane.stars.rating() == 4 and pane.heart.isChecked()
    assert pane.chips.reasons() == ["hands"]
    assert pane.chips.buttons["hands"].text().startswith("✓")  # not colour alone
    assert pane.tags.tags() == ("night",) and pane.notes.notes() == ("a", "b")
    record = pane.record
    assert record.text("version") == "v3 of prompt 12"
    assert record.text("spec") == "5 s · 16:9 · 720p · with audio"
    assert record.text("frames") == "first: boat-start.png"
    assert record.text("seed") == "123456789"
    assert (record.text("service"), record.text("model")) == ("Kling", "Kling 3.0 — up to 15 s, 4K")
    assert record.text("cost") == "est. $0.42 · billed $0.40 · charged: yes"
    assert record.text("render") == "83 s"
    assert record.text("clip") == "5.0 s · 1280×720 · 24 fps · h264"
    assert record.text("lineage") == (
        "Draw 7 of this prompt version on Kling 3.0 · rerolled from take 38"
    )
    assert record.text("file").endswith("ab12cd34ef56.mp4") and record.row_shown("file")


def test_charged_unknown_and_not_charged_are_said_in_words(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    pane.show_take(take_view(charged=None, cost_usd=None))
    assert pane.record.text("cost") == "est. $0.42 · charged: unknown"
    pane.show_take(take_view(id=42, charged=False, cost_usd=0.0))
    assert pane.record.text("cost") == "est. $0.42 · charged: no"


def test_a_draw_without_a_take_shows_its_state_and_failure_in_words(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    job = failed_job()
    pane.show_job(job, Facts.of_job(job, 41, 12, 3))
    assert not pane.judge.isVisibleTo(pane)
    text = pane.state.text()
    assert text.startswith("Refused by moderation")
    assert "risk control: output" in text
    assert pane.record.text("lineage").endswith("rerolled from take 41")
    assert pane.record.text("cost") == "est. $0.42 · charged: no"
    assert not pane.record.row_shown("file")


def test_blind_judging_hides_what_names_the_service(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    pane.show_take(take_view(), blind=True, letter="C")
    assert pane.title.text() == "Take C"
    for key in ("service", "model", "seed", "cost", "render", "clip", "lineage", "file"):
        assert not pane.record.row_shown(key), key
    assert pane.record.row_shown("prompt") and pane.judge.isVisibleTo(pane)


def test_clicks_ask_for_changes_of_the_take_shown(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    pane.show_take(take_view(rating=3))
    asked: list[tuple[str, Any]] = []
    pane.sig_rate_requested.connect(lambda t, s: asked.append(("rate", (t, s))))
    pane.sig_favourite_requested.connect(lambda t: asked.append(("fav", t)))
    pane.sig_reason_toggled.connect(lambda t, c: asked.append(("chip", (t, c))))
    pane.sig_tag_removed.connect(lambda t, g: asked.append(("untag", (t, g))))
    pane.sig_open_folder_requested.connect(lambda p: asked.append(("folder", p)))
    qtbot.mouseClick(pane.stars.buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.stars.buttons[2], Qt.MouseButton.LeftButton)  # the lit top star
    qtbot.mouseClick(pane.heart, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.chips.buttons["text"], Qt.MouseButton.LeftButton)
    pane.show_take(take_view(rating=3, tags=("rain",)))
    chip = pane.tags.chips.findChildren(type(pane.heart))[0]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pane.record.open_folder, Qt.MouseButton.LeftButton)
    assert asked == [
        ("rate", (41, 5)),
        ("rate", (41, None)),
        ("fav", 41),
        ("chip", (41, "text")),
        ("untag", (41, "rain")),
        ("folder", take_view().path),
    ]
    assert not pane.heart.isChecked()  # stays as the engine last said until it answers


def test_typed_text_belongs_to_the_take_it_was_typed_for(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    notes: list[tuple[int, str]] = []
    tags: list[tuple[int, str]] = []
    pane.sig_note_added.connect(lambda t, n: notes.append((t, n)))
    pane.sig_tag_added.connect(lambda t, g: tags.append((t, g)))
    pane.show_take(take_view())
    pane.notes.line.setText("  the boat sinks  ")
    pane.tags.line.setText("dusk, rain")
    pane.show_take(take_view(id=42))  # the current tile moved on before Enter
    assert notes == [(41, "the boat sinks")]
    assert tags == [(41, "dusk"), (41, "rain")]
    assert pane.notes.line.text() == "" and pane.take().id == 42
    # Esc drops what was typed; nothing is asked.
    pane.notes.line.setFocus()
    qtbot.keyClicks(pane.notes.line, "never mind")
    qtbot.keyClick(pane.notes.line, Qt.Key.Key_Escape)
    assert notes == [(41, "the boat sinks")] and pane.notes.line.text() == ""


def test_nothing_current_teaches_the_keys(qtbot: Any) -> None:
    pane = make_pane(qtbot)
    pane.show_take(take_view())
    pane.show_nothing()
    assert pane.empty.isVisibleTo(pane) and not pane.record.isVisibleTo(pane)
    assert "1–5" in pane.empty.text()
