"""The inspector's judging controls: stars, reason chips, tags and notes.

Each is a view: it shows the values it is given and emits what the creator clicked or typed;
the engine's answer (a new take) comes back through ``set_…`` and is what stays shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import icons
from workbench.ui.inspector import texts
from workbench.ui.services.tone import ToneLabel
from workbench.ui.services.widgets import FlowLayout


def accent(widget: QWidget) -> QColor:
    """The one accent colour (the palette's Highlight)."""
    return widget.palette().color(QPalette.ColorRole.Highlight)


def wrapping_label(text: str, parent: QWidget) -> ToneLabel:
    """A plain-text label that wraps to whatever width it gets (and is as tall as that needs).

    The size policy is set with height-for-width on: setting a policy after
    ``setWordWrap`` would silently drop it, and the layout would then reserve the height
    the text needs at its (narrow) size-hint width.
    """
    label = ToneLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setWordWrap(True)
    return label


class StarBar(QWidget):
    """Five stars; a click on star n asks for n stars (on the lit top star: clear)."""

    sig_rate_clicked = Signal(object)
    """A star was clicked: (stars 1–5, or None to clear the rating)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._rating: int | None = None
        self.buttons: list[QToolButton] = []
        for n in range(1, 6):
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setIconSize(QSize(22, 22))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(self.tr("%n star(s) (key %1)", "", n).replace("%1", str(n)))
            button.setAccessibleName(self.tr("%n star(s)", "", n))
            button.clicked.connect(lambda _c=False, n=n: self._on_button_clicked(n))
            layout.addWidget(button)
            self.buttons.append(button)
        self.set_rating(None)

    def rating(self) -> int | None:
        """The rating shown."""
        return self._rating

    def set_rating(self, stars: int | None) -> None:
        """Light ``stars`` stars (None: none)."""
        self._rating = stars
        lit, unlit = accent(self), self.palette().color(QPalette.ColorRole.WindowText)
        for n, button in enumerate(self.buttons, start=1):
            on = stars is not None and n <= stars
            button.setIcon(icons.icon("star" if on else "star-outline", lit if on else unlit))
        self.setAccessibleDescription(texts.stars_text(stars))

    def _on_button_clicked(self, n: int) -> None:
        self.sig_rate_clicked.emit(None if self._rating == n else n)


class ChipBox(QWidget):
    """The failure-reason chips, toggled in one click; a chip that is on shows a tick."""

    sig_chip_toggled = Signal(str)
    """A chip was clicked: (reason name, e.g. "hands")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        flow = FlowLayout(self, h_spacing=4, v_spacing=4)
        flow.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for chip in texts.REASONS:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(texts.reason_tip(chip))
            button.setAccessibleName(texts.reason_label(chip))
            button.clicked.connect(lambda _c=False, chip=chip: self.sig_chip_toggled.emit(chip))
            flow.addWidget(button)
            self.buttons[chip] = button
        self.set_reasons(())

    def set_reasons(self, reasons: Iterable[str]) -> None:
        """Show which chips are on."""
        on = set(reasons)
        for chip, button in self.buttons.items():
            checked = chip in on
            button.setChecked(checked)
            # Never colour alone: a tick says it too.
            button.setText(("✓ " if checked else "") + texts.reason_label(chip))

    def reasons(self) -> list[str]:
        """The chips shown as on."""
        return [chip for chip, button in self.buttons.items() if button.isChecked()]


class EntryLine(QLineEdit):
    """A line that hands its text over on Enter or when it loses focus; Esc drops it."""

    sig_entered = Signal(str)
    """Text was entered (Enter or focus left the line): (text, stripped, never empty)."""
    sig_left = Signal()
    """Enter or Esc: the creator is done typing here (the board may take the keys back)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.editingFinished.connect(self._on_self_editing_finished)

    def _on_self_editing_finished(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Hand over what is typed, if anything (before the take shown changes)."""
        text = self.text().strip()
        self.clear()
        if text:
            self.sig_entered.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter hands over and gives the keys back; Esc drops the text."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            completer = self.completer()
            if completer is not None and completer.popup().isVisible():
                super().keyPressEvent(event)
                return
            self.flush()
            self.sig_left.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.sig_left.emit()
            return
        super().keyPressEvent(event)


class TagBox(QWidget):
    """The take's tags as removable chips, and a line to add one (completing known tags)."""

    sig_tag_added = Signal(str)
    """A tag was typed: (tag as typed; the engine normalises it)."""
    sig_tag_removed = Signal(str)
    """A tag's ✕ was clicked: (tag)."""
    sig_left = Signal()
    """Enter or Esc in the tag line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.chips = QWidget(self)
        self._flow = FlowLayout(self.chips, h_spacing=4, v_spacing=4)
        self._flow.setContentsMargins(0, 0, 0, 0)
        self.line = EntryLine(self)
        self.line.setPlaceholderText(self.tr("Add a tag (T)…"))
        self.line.setAccessibleName(self.tr("Add a tag"))
        self._known = QStringListModel(self)
        completer = QCompleter(self._known, self.line)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.line.setCompleter(completer)
        self.line.sig_entered.connect(self._on_line_entered)
        self.line.sig_left.connect(self.sig_left)
        layout.addWidget(self.chips)
        layout.addWidget(self.line)
        self._tags: tuple[str, ...] = ()

    def _on_line_entered(self, text: str) -> None:
        for tag in text.split(","):  # "rain, night" adds two (a tag holds no comma)
            if tag.strip():
                self.sig_tag_added.emit(tag.strip())

    def set_known_tags(self, tags: Iterable[str]) -> None:
        """Tags offered while typing."""
        self._known.setStringList(sorted(set(tags)))

    def tags(self) -> tuple[str, ...]:
        """The tags shown."""
        return self._tags

    def set_tags(self, tags: Iterable[str]) -> None:
        """Show the take's tags."""
        tags = tuple(tags)
        if tags == self._tags:
            return
        self._tags = tags
        while self._flow.count():
            item = self._flow.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for tag in tags:
            button = QToolButton(self.chips)
            button.setText(f"{tag}  ✕")
            button.setToolTip(self.tr("Remove the tag “%1”").replace("%1", tag))
            button.setAccessibleName(self.tr("Remove the tag “%1”").replace("%1", tag))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, tag=tag: self.sig_tag_removed.emit(tag))
            self._flow.addWidget(button)
        self.chips.setVisible(bool(tags))


class NotesBox(QWidget):
    """The take's notes, oldest first, and a line that adds a new one.

    Notes are a log: a saved note is never rewritten. What is typed is added as a new note
    on Enter or when the line loses focus; Ctrl+Z (outside the line) takes it back.
    """

    sig_note_added = Signal(str)
    """A note was typed: (text)."""
    sig_left = Signal()
    """Enter or Esc in the note line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QWidget(self)
        self._list_layout = QVBoxLayout(self.list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(2)
        self.line = EntryLine(self)
        self.line.setPlaceholderText(self.tr("Add a note (Shift+N)…"))
        self.line.setAccessibleName(self.tr("Add a note"))
        self.line.sig_entered.connect(self.sig_note_added)
        self.line.sig_left.connect(self.sig_left)
        layout.addWidget(self.list)
        layout.addWidget(self.line)
        self._notes: tuple[str, ...] = ()
        self.list.hide()

    def notes(self) -> tuple[str, ...]:
        """The notes shown."""
        return self._notes

    def set_notes(self, notes: Iterable[str]) -> None:
        """Show the take's notes in order."""
        notes = tuple(notes)
        if notes == self._notes:
            return
        self._notes = notes
        while self._list_layout.count():
            item = self._list_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for note in notes:
            label = wrapping_label("• " + note, self.list)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._list_layout.addWidget(label)
        self.list.setVisible(bool(notes))
