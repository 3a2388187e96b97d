"""First/last frame slots: drop, pick, thumbnail, refusals in words, remove."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from workbench.ui.prompt import PromptPane
from workbench.ui.prompt.frames import FrameSlot


@pytest.fixture
def pane(qtbot):
    widget = PromptPane()
    qtbot.addWidget(widget)
    widget.resize(720, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _png(tmp_path: Path, name: str = "first.png", size: tuple[int, int] = (640, 360)) -> Path:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff4f8b"))
    path = tmp_path / name
    assert image.save(str(path))
    return path


def _drop(slot: FrameSlot, url: QUrl) -> None:
    mime = QMimeData()
    mime.setUrls([url])
    point = QPointF(slot.thumb.geometry().center())
    enter = QDragEnterEvent(
        point.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(slot, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(slot, drop)


def test_dropping_an_image_shows_thumbnail_and_path(pane, qtbot, tmp_path):
    path = _png(tmp_path)
    with qtbot.waitSignal(pane.sig_changed):
        _drop(pane.first_slot, QUrl.fromLocalFile(str(path)))
    assert pane.first_frame() == str(path)
    qtbot.waitUntil(pane.first_slot.has_thumbnail)
    slot = pane.first_slot
    assert slot.name.text() == "first.png · 640×360"
    assert slot.name.toolTip() == str(path)
    assert slot.remove.isVisibleTo(slot)
    assert slot.message_text() == ""
    # Scaled on the pool thread to the thumbnail box, never held at full size.
    assert slot.thumb.pixmap.width() <= slot.thumb.width() * slot.devicePixelRatioF()


def test_dropping_a_text_file_is_refused_in_words(pane, qtbot, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    _drop(pane.last_slot, QUrl.fromLocalFile(str(notes)))
    assert pane.last_frame() is None
    assert "notes.txt is not an image" in pane.last_slot.message_text()
    assert pane.last_slot.messages.isVisibleTo(pane.last_slot)


def test_a_refused_drop_keeps_the_previous_image(pane, qtbot, tmp_path):
    path = _png(tmp_path)
    pane.first_slot.set_path(str(path))
    qtbot.waitUntil(pane.first_slot.has_thumbnail)
    _drop(pane.first_slot, QUrl.fromLocalFile(str(tmp_path / "clip.mp4")))
    assert pane.first_frame() == str(path)
    assert "clip.mp4" in pane.first_slot.refusal()


def test_a_file_named_png_that_is_not_one_is_refused_after_reading(pane, qtbot, tmp_path):
    fake = tmp_path / "fake.png"
    fake.write_text("hello")
    assert pane.first_slot.set_path(str(fake))  # the name looks right: read it off-thread
    assert pane.first_frame() == str(fake)
    qtbot.waitUntil(lambda: pane.first_slot.refusal() != "")
    assert pane.first_frame() is None
    assert "fake.png could not be read as an image" in pane.first_slot.message_text()


def test_remote_urls_are_refused_in_words(pane):
    _drop(pane.first_slot, QUrl("https://example.com/frame.png"))
    assert pane.first_frame() is None
    assert "this computer" in pane.first_slot.message_text()


def test_clicking_the_slot_picks_a_file(pane, qtbot, tmp_path, monkeypatch):
    path = _png(tmp_path, "picked.jpg")
    asked = []

    def fake_pick(cls, parent, title, chosen):
        asked.append(title)
        chosen(str(path))

    monkeypatch.setattr(FrameSlot, "pick_file", classmethod(fake_pick))
    with qtbot.waitSignal(pane.sig_changed):
        qtbot.mouseClick(pane.last_slot.thumb, Qt.MouseButton.LeftButton)
    assert asked == ["Last frame"]
    assert pane.last_frame() == str(path)
    qtbot.waitUntil(pane.last_slot.has_thumbnail)


def test_the_real_picker_opens_without_blocking(pane, qtbot):
    from PySide6.QtWidgets import QFileDialog

    pane.first_slot.thumb.setFocus()
    qtbot.keyClick(pane.first_slot.thumb, Qt.Key.Key_Space)
    dialog = pane.first_slot.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()  # open(), not exec(): we got here
    dialog.reject()


def test_remove_button_clears_the_image(pane, qtbot, tmp_path):
    pane.first_slot.set_path(str(_png(tmp_path)))
    qtbot.waitUntil(pane.first_slot.has_thumbnail)
    with qtbot.waitSignal(pane.sig_changed):
        pane.first_slot.remove.click()
    assert pane.first_frame() is None
    assert not pane.first_slot.has_thumbnail()
    assert not pane.first_slot.remove.isVisibleTo(pane.first_slot)


def test_frame_problems_are_shown_beside_each_slot(pane):
    pane.set_frame_problems([], ["sim-fast does not take a last-frame image"])
    assert pane.first_slot.message_text() == ""
    assert pane.last_slot.message_text() == "sim-fast does not take a last-frame image"
    pane.set_frame_problems([], [])
    assert pane.last_slot.message_text() == ""


def test_set_content_restores_frames(pane, qtbot, tmp_path):
    first, last = _png(tmp_path, "a.png"), _png(tmp_path, "b.webp")
    pane.set_content("a fox", "blur", str(first), str(last))
    assert (pane.first_frame(), pane.last_frame()) == (str(first), str(last))
    qtbot.waitUntil(lambda: pane.first_slot.has_thumbnail() and pane.last_slot.has_thumbnail())
