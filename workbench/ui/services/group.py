"""One service in the panel: a header with its key status, then one row per model."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.capabilities import ProviderInfo
from workbench.domain.views import KeyStatus
from workbench.ui.services.row import ModelRow
from workbench.ui.services.tone import Tone, ToneLabel, tabular, wrapping


class ServiceGroup(QWidget):
    """A service's header (name, checked count, key status) over its model rows.

    The rows fold away under the header; until the user folds or unfolds it by hand, a
    group is open when it can be used (no key needed, a key is set) or has a checked row,
    so a first start shows the sim's models and one line per service without a key.
    """

    sig_changed = Signal()
    """A row of this service was checked, unchecked or changed (no arguments)."""

    sig_settings_requested = Signal(str)
    """The user asked to set this service's key (argument: provider id)."""

    def __init__(self, provider: ProviderInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = provider
        self.key_status: KeyStatus | None = None
        self.user_folded: bool | None = None  # None until the user folds or unfolds
        # While the pane changes many rows at once it refreshes every group once at the end.
        self.deferred = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = QHBoxLayout()
        header.setSpacing(4)
        self.fold = QToolButton(self)
        self.fold.setText(provider.label)
        self.fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold.setAutoRaise(True)
        self._open = True
        font = self.fold.font()
        font.setBold(True)
        self.fold.setFont(font)
        self.fold.setToolTip(self.tr("Show or hide %1's models").replace("%1", provider.label))
        self.count = ToneLabel("", self)
        self.count.set_tone(Tone.MUTED)
        self.count.setFont(tabular(self.count.font()))
        self.key_label = ToneLabel("", self)
        self.key_label.set_tone(Tone.MUTED)
        self.key_button = QToolButton(self)
        self.key_button.setAutoRaise(True)
        self.key_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.key_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.key_button.setText(self.tr("key missing — set…"))
        self.key_button.hide()
        header.addWidget(self.fold)
        header.addWidget(self.count)
        header.addStretch(1)
        header.addWidget(self.key_label)
        header.addWidget(self.key_button)
        outer.addLayout(header)

        self.problems = wrapping(ToneLabel("", self))
        self.problems.set_tone(Tone.ERROR)
        self.problems.setContentsMargins(8, 0, 0, 2)
        self.problems.hide()
        outer.addWidget(self.problems)

        self.body = QWidget(self)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(8, 0, 0, 4)
        body_layout.setSpacing(0)
        self.rows: list[ModelRow] = []
        for model in provider.models:
            row = ModelRow(provider, model, self.body)
            row.sig_changed.connect(self._on_row_changed)
            body_layout.addWidget(row)
            self.rows.append(row)
        outer.addWidget(self.body)

        self.fold.clicked.connect(self._on_fold_clicked)
        self.key_button.clicked.connect(self._on_key_button_clicked)
        if not provider.needs_key:
            self.key_label.setText(self.tr("no key needed"))
        self.refresh()

    def _on_row_changed(self) -> None:
        if not self.deferred:
            self.refresh()
        self.sig_changed.emit()

    def _on_fold_clicked(self) -> None:
        self.user_folded = self._open
        self.refresh()

    def _on_key_button_clicked(self) -> None:
        self.sig_settings_requested.emit(self.provider.id)

    def set_key_status(self, status: KeyStatus | None) -> None:
        """Show whether the service has a key; a missing key links to Settings."""
        self.key_status = status
        if not self.provider.needs_key:
            return
        missing = status is not None and not status.usable
        self.key_button.setVisible(missing)
        self.key_label.setVisible(not missing)
        if status is None:
            self.key_label.setText("")
        elif missing:
            names = " / ".join(self.provider.env_keys)
            tip = self.tr("No API key for %1. Open Settings to set one").replace(
                "%1", self.provider.label
            )
            self.key_button.setToolTip(
                tip + (self.tr(", or set %1.").replace("%1", names) if names else ".")
            )
        else:
            self.key_label.setText(self.tr("key set"))
            where = status.source or ""
            self.key_label.setToolTip(
                self.tr("The key comes from %1.").replace("%1", where) if where else ""
            )
        self.refresh()

    def is_open(self) -> bool:
        """True when the model rows are shown."""
        return self._open

    def set_open(self, open_: bool) -> None:
        """Show or hide the rows as if the user had clicked the header."""
        self.user_folded = not open_
        self.refresh()

    def refresh(self) -> None:
        """Redraw the header from the rows (count, fold state)."""
        checked = sum(row.is_checked() for row in self.rows)
        if self.user_folded is None:
            usable = not self.provider.needs_key or (
                self.key_status is not None and self.key_status.usable
            )
            open_ = usable or checked > 0
        else:
            open_ = not self.user_folded
        self._open = open_
        self.fold.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        total = len(self.rows)
        self.count.setText(f"{checked}/{total}" if checked else str(total))
        self.count.setToolTip(
            self.tr("%1 of %2 models checked").replace("%1", str(checked)).replace("%2", str(total))
        )
        self.count.set_tone(Tone.NORMAL if checked else Tone.MUTED)

    def set_problems(self, messages: list[str]) -> None:
        """Problems about the service as a whole (e.g. an unknown model), in words."""
        self.problems.setText("\n".join(messages))
        self.problems.setVisible(bool(messages))
