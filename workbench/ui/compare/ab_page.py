"""The A/B page: the canvas under a row of its controls (mode, fade, swap)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.views import JobView
from workbench.ui.compare.ab import DIFFERENCE, FADE, WIPE, ABCanvas
from workbench.ui.compare.sync import SyncController


class ABView(QWidget):
    """Two takes in one frame, with wipe / fade / difference buttons and a fade slider.

    Args:
        sync: where the takes' frames come from.
        parent: owner (the board pane's stack).
    """

    def __init__(self, sync: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare-ab")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("A/B view"))
        self.canvas = ABCanvas(sync, self)
        self._jobs: tuple[JobView, JobView] | None = None
        self._labels = ("A", "B")
        self.mode_buttons: dict[str, QToolButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.setSpacing(4)
        for mode, text, tip in (
            (
                WIPE,
                self.tr("Wipe"),
                self.tr("A left of the split, B right; drag it, or hold Shift"),
            ),
            (FADE, self.tr("Fade"), self.tr("B over A, as much as the slider says")),
            (DIFFERENCE, self.tr("Difference"), self.tr("|A − B|: black where the takes agree")),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setAutoRaise(True)  # flat until checked: the chosen mode stands out
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setChecked(mode == WIPE)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            group.addButton(button)
            bar.addWidget(button)
            self.mode_buttons[mode] = button
        bar.addSpacing(12)
        self.fade_label = QLabel(self.tr("Fade A → B"), self)
        self.fade = QSlider(Qt.Orientation.Horizontal, self)
        self.fade.setRange(0, 100)
        self.fade.setValue(50)
        self.fade.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fade.setMaximumWidth(220)
        self.fade.setAccessibleName(self.tr("Fade from A to B"))
        self.fade.valueChanged.connect(lambda v: self.set_fade(v / 100))
        bar.addWidget(self.fade_label)
        bar.addWidget(self.fade)
        bar.addStretch(1)
        self.swap_button = QToolButton(self)
        self.swap_button.setText(self.tr("Swap A and B"))
        self.swap_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.swap_button.setAutoRaise(True)
        self.swap_button.clicked.connect(self.swap)
        bar.addWidget(self.swap_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        self._sync_controls()

    def set_jobs(self, a: JobView, b: JobView, labels: tuple[str, str]) -> None:
        """Compare ``a`` with ``b`` (labels: names, or letters when blind)."""
        self._jobs = (a, b)
        self._labels = labels
        self.canvas.set_jobs(a, b, labels)

    def jobs(self) -> tuple[JobView, JobView] | None:
        """The two draws compared, A first."""
        return self._jobs

    def set_labels(self, labels: tuple[str, str]) -> None:
        """New labels (blind mode changed)."""
        self._labels = labels
        self.canvas.set_labels(labels)

    def set_mode(self, mode: str) -> None:
        """Wipe, fade or difference."""
        self.canvas.set_mode(mode)
        self._sync_controls()

    def set_fade(self, fraction: float) -> None:
        """B's opacity over A in fade mode."""
        self.canvas.set_fade(fraction)
        value = round(fraction * 100)
        if self.fade.value() != value:
            self.fade.setValue(value)

    def swap(self) -> None:
        """B becomes A and A becomes B."""
        if self._jobs is not None:
            a, b = self._jobs
            self.set_jobs(b, a, (self._labels[1], self._labels[0]))

    def _sync_controls(self) -> None:
        mode = self.canvas.mode
        for key, button in self.mode_buttons.items():
            button.setChecked(key == mode)
        fading = mode == FADE
        self.fade.setEnabled(fading)
        self.fade_label.setEnabled(fading)
