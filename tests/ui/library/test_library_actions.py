"""Keeping current, drag-out, delete to the trash, open folder, show on the board."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from tests.ui.library.conftest import open_library
from workbench.library.records import TakeFilter


def select(pane: Any, *take_ids: int) -> None:
    selection = pane.view.selectionModel()
    selection.clear()
    for take_id in take_ids:
        selection.select(pane.index_of(take_id), QItemSelectionModel.SelectionFlag.Select)
    selection.setCurrentIndex(
        pane.index_of(take_ids[0]), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_judging_elsewhere_updates_the_card_and_the_filtered_grid(
    qtbot: Any, launch: Any, filled: Any
) -> None:
    made = filled(30, judge=False)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    take = made[3]
    desktop.host.call(lambda e: e.rate(take.id, 5))
    qtbot.waitUntil(lambda: pane.model.take_at(pane.index_of(take.id)).rating == 5, timeout=5000)
    # Favourites only: a take favourited elsewhere joins, one unfavourited leaves.
    pane.set_filter(TakeFilter(favourite=True))
    qtbot.waitUntil(lambda: pane.model.started(), timeout=5000)
    assert pane.model.rowCount() == 0
    desktop.host.call(lambda e: e.set_favourite(take.id, True))
    qtbot.waitUntil(lambda: [t.id for t in pane.model.takes()] == [take.id], timeout=5000)
    qtbot.waitUntil(lambda: pane.filters.count.text().startswith("1 "), timeout=5000)
    desktop.host.call(lambda e: e.set_favourite(take.id, False))
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=5000)


def test_a_new_take_appears_at_the_top(qtbot: Any, launch: Any, filled: Any) -> None:
    filled(12)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    window = desktop.window
    window.prompt.set_content("a paper boat on a puddle")
    qtbot.keyClick(window.prompt.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.model.rowCount() >= 13, timeout=60_000)
    top = pane.model.takes()[0]
    assert top.prompt == "a paper boat on a puddle" and top.provider == "sim"
    ids = [t.id for t in pane.model.takes()]
    assert ids == sorted(ids, reverse=True)


def test_drag_out_carries_file_urls_of_the_selected_clips(
    qtbot: Any, launch: Any, filled: Any
) -> None:
    made = filled(10)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    select(pane, made[2].id, made[7].id)
    mime = pane.view.drag_mime()
    urls = mime.urls()
    assert all(u.isLocalFile() for u in urls)
    assert [Path(u.toLocalFile()) for u in urls] == [made[7].clip, made[2].clip]  # grid order
    assert "text/uri-list" in mime.formats()
    assert all(Path(u.toLocalFile()).read_bytes()[4:8] == b"ftyp" for u in urls)


def test_delete_asks_then_moves_the_files_to_the_trash(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any
) -> None:
    made = filled(10)
    trashed: list[str] = []

    def to_trash(path: str) -> tuple[bool, str]:
        trashed.append(path)
        Path(path).unlink()
        return True, "/trash/" + Path(path).name

    monkeypatch.setattr(QFile, "moveToTrash", staticmethod(to_trash))
    desktop = launch()
    pane = open_library(qtbot, desktop)
    victim = made[4]
    select(pane, victim.id)
    pane.delete_action.trigger()
    box = pane.trash.box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert not trashed  # nothing before the answer
    delete = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    delete.click()
    qtbot.waitUntil(lambda: pane.index_of(victim.id).row() < 0, timeout=5000)
    qtbot.waitUntil(lambda: len(trashed) == 2, timeout=5000)
    assert sorted(trashed) == sorted([str(victim.clip), str(victim.poster)])
    qtbot.waitUntil(lambda: "system trash" in desktop.window.status.currentMessage(), timeout=5000)
    assert victim.id not in [t.id for t in desktop.host.call(lambda e: e.takes(TakeFilter()))]


def test_when_the_trash_refuses_the_files_stay_and_it_is_said(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any
) -> None:
    made = filled(5)
    monkeypatch.setattr(QFile, "moveToTrash", staticmethod(lambda path: (False, "")))
    desktop = launch()
    pane = open_library(qtbot, desktop)
    pane.trash.delete([made[0].id])
    qtbot.waitUntil(
        lambda: "refused 2 file(s)" in desktop.window.status.currentMessage(), timeout=5000
    )
    assert made[0].clip.exists() and made[0].poster.exists()
    assert pane.index_of(made[0].id).row() < 0


def test_cancel_deletes_nothing(qtbot: Any, launch: Any, filled: Any) -> None:
    made = filled(5)
    desktop = launch()
    pane = open_library(qtbot, desktop)
    select(pane, made[1].id)
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    box = pane.trash.box
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(200)
    assert pane.index_of(made[1].id).isValid() and made[1].clip.exists()


def test_open_containing_folder_opens_the_clips_folder(
    qtbot: Any, launch: Any, filled: Any, monkeypatch: Any
) -> None:
    made = filled(5)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    desktop = launch()
    pane = open_library(qtbot, desktop)
    select(pane, made[2].id)
    pane.folder_action.trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [made[2].clip.parent]


def test_enter_shows_the_take_on_its_board_with_its_tile_current(
    qtbot: Any, launch: Any, filled: Any
) -> None:
    made = filled(25)
    desktop = launch()
    window = desktop.window
    pane = open_library(qtbot, desktop)
    take = made[3]  # an older prompt than the board shows at start
    select(pane, take.id)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.views.currentWidget() is window.board, timeout=5000)
    qtbot.waitUntil(
        lambda: (job := window.board.view.current_job()) is not None and job.id == take.job_id,
        timeout=5000,
    )
