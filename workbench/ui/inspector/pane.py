"""The inspector pane: the current take's judgement above its full record.

Judgement: stars, favourite, reason chips, tags, notes.

A view: :meth:`InspectorPane.show_take` and :meth:`InspectorPane.show_job` give it what to
show; every click or typed text leaves as a signal carrying the take's id, so a note typed
for one take never lands on the next one.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView, TakeView
from workbench.ui import icons
from workbench.ui.board import words
from workbench.ui.board.model import row_labels
from workbench.ui.inspector.record import Facts, RecordView
from workbench.ui.inspector.widgets import ChipBox, NotesBox, StarBar, TagBox, wrapping_label
from workbench.ui.services.tone import Tone


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class InspectorPane(QWidget):
    """The current take's judgement and record (see the module docstring)."""

    sig_rate_requested = Signal(int, object)
    """A star was clicked: (take id, stars 1–5 or None to clear)."""
    sig_favourite_requested = Signal(int)
    """The heart was clicked: (take id); the favourite flips."""
    sig_reason_toggled = Signal(int, str)
    """A reason chip was clicked: (take id, reason)."""
    sig_tag_added = Signal(int, str)
    """A tag was typed: (take id, tag)."""
    sig_tag_removed = Signal(int, str)
    """A tag chip's ✕ was clicked: (take id, tag)."""
    sig_note_added = Signal(int, str)
    """A note was typed: (take id, text)."""
    sig_open_folder_requested = Signal(str)
    """"Open folder" was clicked: (clip path)."""
    sig_done_typing = Signal()
    """Enter or Esc in the tag or note line: hand the keys back to the board."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._take: TakeView | None = None
        self._job: JobView | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)

        self.title = _heading("", content)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state = wrapping_label("", content)
        self.empty = wrapping_label(
            self.tr(
                "Pick a tile on the board to judge it: 1–5 stars, 0 clears, F favourite, "
                "X a reason, R reroll. Ctrl+Z undoes."
            ),
            content,
        )
        self.empty.set_tone(Tone.MUTED)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.empty)

        self.judge = QWidget(content)
        judge = QVBoxLayout(self.judge)
        judge.setContentsMargins(0, 0, 0, 0)
        judge.setSpacing(6)
        stars_line = QHBoxLayout()
        self.stars = StarBar(self.judge)
        self.heart = QToolButton(self.judge)
        self.heart.setCheckable(True)
        self.heart.setIconSize(QSize(20, 20))
        self.heart.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.heart.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.heart.setCursor(Qt.CursorShape.PointingHandCursor)
        self.heart.setAutoRaise(True)
        self.heart.setToolTip(self.tr("Favourite (F or P)"))
        stars_line.addWidget(self.stars)
        stars_line.addStretch(1)
        stars_line.addWidget(self.heart)
        judge.addLayout(stars_line)
        judge.addWidget(_heading(self.tr("Why not a keeper"), self.judge))
        self.chips = ChipBox(self.judge)
        judge.addWidget(self.chips)
        judge.addWidget(_heading(self.tr("Tags"), self.judge))
        self.tags = TagBox(self.judge)
        judge.addWidget(self.tags)
        judge.addWidget(_heading(self.tr("Notes"), self.judge))
        self.notes = NotesBox(self.judge)
        judge.addWidget(self.notes)
        layout.addWidget(self.judge)

        self.rule = QFrame(content)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(self.rule)
        self.record = RecordView(content)
        layout.addWidget(self.record)
        layout.addStretch(1)
        self.scroll.setWidget(content)

        self.stars.sig_rate_clicked.connect(self._on_stars_rate_clicked)
        self.heart.clicked.connect(self._on_heart_clicked)
        self.chips.sig_chip_toggled.connect(self._on_chips_chip_toggled)
        self.tags.sig_tag_added.connect(self._on_tags_tag_added)
        self.tags.sig_tag_removed.connect(self._on_tags_tag_removed)
        self.notes.sig_note_added.connect(self._on_notes_note_added)
        self.record.sig_open_folder_requested.connect(self.sig_open_folder_requested)
        self.tags.sig_left.connect(self.sig_done_typing)
        self.notes.sig_left.connect(self.sig_done_typing)
        self._set_favourite(False)
        self.show_nothing()

    # -- what is shown ---------------------------------------------------------------------
    def take(self) -> TakeView | None:
        """The take shown (None for a draw without one, or nothing)."""
        return self._take

    def show_nothing(self) -> None:
        """No current tile: say how to begin."""
        self._leave_take(None)
        self._job = None
        self.title.setText(self.tr("Inspector"))
        self.state.hide()
        self.empty.show()
        self.judge.hide()
        self.rule.hide()
        self.record.hide()

    def show_take(self, take: TakeView, *, blind: bool = False, letter: str | None = None) -> None:
        """A delivered take: its judgement, editable, and its whole record.

        While judging blind, nothing that names the service is shown, and the take goes
        by its ``letter`` on the blind board.
        """
        self._leave_take(take.id)
        self._take = take
        if blind:
            self.title.setText(
                self.tr("Take %1").replace("%1", letter) if letter else self.tr("Blind take")
            )
        else:
            self.title.setText(self._title(take.id, take.draw_no, take.provider, take.model))
        self.state.hide()
        self.empty.hide()
        self.stars.set_rating(take.rating)
        self._set_favourite(take.favourite)
        self.chips.set_reasons(take.reasons)
        self.tags.set_tags(take.tags)
        self.notes.set_notes(take.notes)
        self.judge.show()
        self.rule.show()
        self.record.set_facts(Facts.of_take(take), blind=blind)
        self.record.show()

    def show_job(self, job: JobView, facts: Facts, *, blind: bool = False) -> None:
        """A draw without a take (queued, rendering, failed…): its state in words."""
        self._leave_take(None)
        self._job = job
        title = self._title(None, job.draw_no, job.provider, job.model)
        self.title.setText(self.tr("Blind take") if blind else title)
        text = words.headline(job)
        sentence = words.failure_sentence(job)
        if sentence:
            text += " — " + sentence
        said = job.failure.provider_text or job.failure.code if job.failure else None
        if said and said != sentence:
            text += "\n" + self.tr("The service said: %1").replace("%1", said)
        if job.state is JobState.DONE and job.take is None:
            text += "\n" + self.tr("The take was removed from the library.")
        self.state.setText(text)
        self.state.set_tone(Tone.ERROR if job.state is JobState.FAILED else Tone.NORMAL)
        self.state.show()
        self.empty.hide()
        self.judge.hide()
        self.rule.show()
        self.record.set_facts(facts, blind=blind)
        self.record.show()

    def set_known_tags(self, tags: Iterable[str]) -> None:
        """Tags offered while typing one."""
        self.tags.set_known_tags(tags)

    def focus_tags(self) -> None:
        """Put the keys in the tag line (T)."""
        if self.judge.isVisible():
            self.scroll.ensureWidgetVisible(self.tags.line)
            self.tags.line.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_note(self) -> None:
        """Put the keys in the note line (Shift+N)."""
        if self.judge.isVisible():
            self.scroll.ensureWidgetVisible(self.notes.line)
            self.notes.line.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- internals -------------------------------------------------------------------------
    def _title(self, take_id: int | None, draw_no: int, provider: str, model: str) -> str:
        parts = [self.tr("Take %1").replace("%1", str(take_id))] if take_id is not None else []
        parts += [f"#{draw_no}", row_labels(provider, model)[1]]
        return " · ".join(parts)

    def _leave_take(self, next_id: int | None) -> None:
        """Save what was typed for the take shown before another one replaces it."""
        if self._take is not None and self._take.id != next_id:
            self.tags.line.flush()
            self.notes.line.flush()
            self._take = None

    def _set_favourite(self, on: bool) -> None:
        self.heart.setChecked(on)
        color = (
            self.palette().color(QPalette.ColorRole.Highlight)
            if on
            else self.palette().color(QPalette.ColorRole.WindowText)
        )
        self.heart.setIcon(icons.icon("heart" if on else "heart-outline", color))
        # The filled or hollow heart says which (never colour alone); the word stays.
        self.heart.setText(self.tr("Favourite"))
        self.heart.setAccessibleDescription(
            self.tr("a favourite") if on else self.tr("not a favourite")
        )

    def _on_stars_rate_clicked(self, stars: int | None) -> None:
        if self._take is not None:
            self.sig_rate_requested.emit(self._take.id, stars)

    def _on_heart_clicked(self) -> None:
        if self._take is not None:
            self._set_favourite(self._take.favourite)  # the engine's answer flips it
            self.sig_favourite_requested.emit(self._take.id)

    def _on_chips_chip_toggled(self, chip: str) -> None:
        if self._take is not None:
            self.sig_reason_toggled.emit(self._take.id, chip)

    def _on_tags_tag_added(self, tag: str) -> None:
        if self._take is not None:
            self.sig_tag_added.emit(self._take.id, tag)

    def _on_tags_tag_removed(self, tag: str) -> None:
        if self._take is not None:
            self.sig_tag_removed.emit(self._take.id, tag)

    def _on_notes_note_added(self, text: str) -> None:
        if self._take is not None:
            self.sig_note_added.emit(self._take.id, text)
