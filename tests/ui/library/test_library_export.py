"""Export from the window (progress, cancel, records embedded) and recall by dropping a clip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from tests.ui.library.conftest import open_library
from tests.ui.library.test_library_actions import select
from workbench.library.embed import read_record
from workbench.library.records import TakeFilter
from workbench.media import probe
from workbench.ui.library.export_flow import LibraryExportFlow


def choose(monkeypatch: Any, folder: Path) -> list[str]:
    """Answer the folder dialog with ``folder`` (the real one would wait for a person)."""
    titles: list[str] = []

    def ask(_cls: Any, _parent: Any, title: str, chosen: Any) -> None:
        titles.append(title)
        chosen(str(folder))

    monkeypatch.setattr(LibraryExportFlow, "ask_folder", classmethod(ask))
    return titles


def test_export_the_selection_embeds_each_record(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    made = filled(8)
    titles = choose(monkeypatch, tmp_path / "out")
    desktop = launch()
    pane = open_library(qtbot, desktop)
    select(pane, made[1].id, made[5].id)
    with qtbot.waitSignal(pane.exporter.sig_finished, timeout=20_000) as finished:
        pane.export_action.trigger()
    result = finished.args[0]
    assert len(titles) == 1 and titles[0].startswith("Export 2 take")
    assert not result.stopped and result.error is None and len(result.rows) == 2
    clips = sorted((tmp_path / "out").glob("*.mp4"))
    assert len(clips) == 2 and (tmp_path / "out" / "index.csv").exists()
    for clip in clips:
        record = read_record(clip)
        assert record == json.loads(clip.with_suffix(".json").read_text(encoding="utf-8"))
        assert record["take"] in (made[1].id, made[5].id)
        assert probe(clip).duration > 0.5  # still a playable clip
    assert "Exported 2" in desktop.window.status.currentMessage()


def test_export_with_nothing_selected_takes_the_whole_filter_from_the_file_menu(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    filled(40)
    choose(monkeypatch, tmp_path / "favs")
    desktop = launch()
    pane = open_library(qtbot, desktop)
    pane.set_filter(TakeFilter(favourite=True))
    qtbot.waitUntil(lambda: pane.model.started() and pane._count is not None, timeout=5000)
    favourites = desktop.host.call(lambda e: e.takes(TakeFilter(favourite=True)))
    file_menu = desktop.window.menuBar().actions()[0].menu()
    assert pane.export_menu_action in file_menu.actions()
    with qtbot.waitSignal(pane.exporter.sig_finished, timeout=20_000) as finished:
        pane.export_menu_action.trigger()
    assert sorted(r["take"] for r in finished.args[0].rows) == sorted(t.id for t in favourites)


def test_cancel_stops_the_export_between_clips(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    made = filled(30)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    flow = pane.exporter
    # Cancel as soon as the first clip is written (what the progress dialog's button does).
    flow._relay.sig_progress.connect(lambda done, _t, _n: done >= 1 and flow.cancel())
    with qtbot.waitSignal(flow.sig_finished, timeout=20_000) as finished:
        flow.run(list(reversed(pane.model.takes())), TakeFilter(), str(tmp_path / "out"))
    result = finished.args[0]
    assert result.stopped and 1 <= len(result.rows) < len(made)
    assert len(list((tmp_path / "out").glob("*.mp4"))) == len(result.rows)
    assert "Export stopped" in desktop.window.status.currentMessage()
    assert flow.progress is None and not flow.busy()


def drop(window: Any, path: Path) -> None:
    """Drag a file over the window and drop it (through the window's drop filter: Qt
    delivers drag events only during a real drag, which an offscreen test cannot start)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton)
    enter = QDragEnterEvent(QPoint(40, 40), *args, Qt.KeyboardModifier.NoModifier)
    assert window.clip_drop.eventFilter(window, enter) and enter.isAccepted()
    event = QDropEvent(QPointF(40, 40), *args, Qt.KeyboardModifier.NoModifier)
    assert window.clip_drop.eventFilter(window, event)


def test_dropping_an_exported_clip_recalls_its_prompt_service_and_seed(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    made = filled(6)
    choose(monkeypatch, tmp_path / "out")
    desktop = launch()
    window = desktop.window
    pane = open_library(qtbot, desktop)
    take = made[2]  # sim-pro, seed 1002, "a red fox running through fresh snow"
    desktop.host.call(lambda e: e.add_note(take.id, "gorgeous light"))
    qtbot.waitUntil(lambda: bool(pane.model.take_at(pane.index_of(take.id)).notes), timeout=5000)
    select(pane, take.id)
    with qtbot.waitSignal(pane.exporter.sig_finished, timeout=20_000):
        pane.export_selection()
    clip = next((tmp_path / "out").glob("*.mp4"))
    window.prompt.set_content("something else entirely")
    window.show_view("board")
    drop(window, clip)
    qtbot.waitUntil(lambda: window.prompt.prompt() == take.prompt, timeout=5000)
    row = window.services.row(f"{take.provider}:{take.model}")
    assert row.is_checked() and row.state()["seed"] == "fixed"
    assert row.state()["seed_value"] == take.seed
    assert [r for r in window.services.rows() if r.is_checked()] == [row]
    dialog = window.record_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.text("Notes") == "gorgeous light" and dialog.text("Seed") == str(take.seed)
    assert "Recalled from" in window.status.currentMessage()
    dialog.close()


def test_dropping_a_clip_without_a_record_says_so(qtbot: Any, launch: Any, filled: Any) -> None:
    made = filled(2)
    desktop = launch()
    window = desktop.window
    window.prompt.set_content("keep me")
    drop(window, made[0].clip)
    qtbot.waitUntil(lambda: "carries no Workbench record" in window.status.currentMessage())
    assert window.prompt.prompt() == "keep me"
