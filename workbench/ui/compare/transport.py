"""The transport bar under the board: buttons, one scrub bar for every take, timecode.

It drives the :class:`~workbench.ui.compare.sync.SyncController` and mirrors it; it holds
no state of its own. Its buttons take no keyboard focus, so Space and the arrows stay with
the board or the player view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from workbench.ui.compare import timeline
from workbench.ui.compare.sync import SyncController


class ScrubSlider(QSlider):
    """A horizontal slider that jumps to where it is clicked (as in every video editor)."""

    sig_grabbed = Signal()
    """The mouse went down on the slider."""
    sig_released = Signal()
    """The mouse was let go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Jump to the click, then drag from there."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_grabbed.emit()
            self._jump(event)
            self.setSliderDown(True)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Drag."""
        if self.isSliderDown():
            self._jump(event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """Let go."""
        if self.isSliderDown():
            self.setSliderDown(False)
            self.sig_released.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _jump(self, event: QMouseEvent) -> None:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        span = max(1, groove.width() - handle.width())
        x = round(event.position().x()) - groove.x() - handle.width() // 2
        value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span)
        if value != self.value():
            self.setValue(value)
            self.sliderMoved.emit(value)


class TransportBar(QWidget):
    """Start, frame back, play/pause, frame forward, end, scrub bar, timecode, loop.

    Args:
        sync: the controller it drives and mirrors.
        parent: owner (the board pane).
    """

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare-transport")
        self.sync = sync
        style = self.style()
        sp = QStyle.StandardPixmap
        self.start_button = self._button(sp.SP_MediaSkipBackward, self.tr("Go to start (Home)"))
        self.back_button = self._button(sp.SP_MediaSeekBackward, self.tr("One frame back (, or ←)"))
        self.play_button = self._button(sp.SP_MediaPlay, self.tr("Play the selected takes (Space)"))
        self.forward_button = self._button(
            sp.SP_MediaSeekForward, self.tr("One frame forward (. or →)")
        )
        self.end_button = self._button(sp.SP_MediaSkipForward, self.tr("Go to the end (End)"))
        self.slider = ScrubSlider(self)
        self.slider.setAccessibleName(self.tr("Position"))
        self.timecode = QLabel(self)
        font = QFont(self.font())
        font.setFeature(QFont.Tag("tnum"), 1)
        self.timecode.setFont(font)
        self.timecode.setMinimumWidth(
            QFontMetrics(font).horizontalAdvance("00:00.00 / 00:00.00") + 8
        )
        self.timecode.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.loop_button = self._button(sp.SP_BrowserReload, self.tr("Loop (L)"))
        self.loop_button.setCheckable(True)
        self.loop_button.setText(self.tr("Loop"))
        self.loop_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._icons = (style.standardIcon(sp.SP_MediaPlay), style.standardIcon(sp.SP_MediaPause))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        layout.setSpacing(2)
        for button in (self.start_button, self.back_button, self.play_button):
            layout.addWidget(button)
        layout.addWidget(self.forward_button)
        layout.addWidget(self.end_button)
        layout.addSpacing(6)
        layout.addWidget(self.slider, 1)
        layout.addSpacing(6)
        layout.addWidget(self.timecode)
        layout.addWidget(self.loop_button)
        self.start_button.clicked.connect(sync.home)
        self.back_button.clicked.connect(lambda: sync.step(-1))
        self.play_button.clicked.connect(sync.toggle)
        self.forward_button.clicked.connect(lambda: sync.step(1))
        self.end_button.clicked.connect(sync.end)
        self.loop_button.toggled.connect(sync.set_loop)
        self.slider.sig_grabbed.connect(sync.begin_scrub)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.slider.sig_released.connect(sync.end_scrub)
        sync.sig_position_changed.connect(self._on_sync_position_changed)
        sync.sig_playing_changed.connect(self._on_sync_playing_changed)
        sync.sig_loop_changed.connect(self.loop_button.setChecked)
        sync.sig_takes_changed.connect(self._on_sync_takes_changed)
        self._on_sync_takes_changed()

    def _button(self, icon: QStyle.StandardPixmap, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _on_slider_moved(self, value: int) -> None:
        self.sync.seek(float(value))

    def _on_sync_position_changed(self, position: float) -> None:
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(round(position))
            self.slider.blockSignals(False)
        self._show_time(position)

    def _on_sync_playing_changed(self, playing: bool) -> None:
        self.play_button.setIcon(self._icons[1 if playing else 0])
        self.play_button.setToolTip(
            self.tr("Pause (Space)") if playing else self.tr("Play the selected takes (Space)")
        )

    def _on_sync_takes_changed(self) -> None:
        has = bool(self.sync.takes())
        for widget in (
            self.start_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
            self.slider,
        ):
            widget.setEnabled(has)
        self.slider.setRange(0, max(0, round(self.sync.end_position())))
        self.slider.setSingleStep(max(1, round(self.sync.step_ms())))
        self.slider.setPageStep(1000)
        self._show_time(self.sync.position())

    def _show_time(self, position: float) -> None:
        if not self.sync.takes():
            self.timecode.setText("--:--.-- / --:--.--")
            return
        total = self.sync.duration()
        self.timecode.setText(
            f"{timeline.timecode(min(position, total))} / {timeline.timecode(total)}"
        )

    def timecode_text(self) -> str:
        """What the timecode says ("00:03.12 / 00:05.00")."""
        return self.timecode.text()
