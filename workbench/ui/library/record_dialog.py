"""A small window showing the record a dropped clip carries: prompt, service, seed, notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.board.model import row_labels
from workbench.ui.board.words import money
from workbench.ui.library.recall import joined
from workbench.ui.services.tone import tabular


class RecordDialog(QDialog):
    """The generation record of an exported clip, read from the file alone.

    Args:
        record: the record (as ``workbench info --json`` prints it).
        file_name: the clip's name, for the title.
        recalled: what was put back into the editor and the services panel.
        parent: the window.
    """

    def __init__(
        self,
        record: dict[str, Any],
        file_name: str,
        recalled: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record of %1").replace("%1", file_name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for label, text, *tip in self.lines(record):
            self._add(label, text, *tip)
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            self.tr("Recalled into the prompt editor and the services panel: %1.").replace(
                "%1", joined(recalled)
            )
            if recalled
            else self.tr("Nothing could be recalled into the editor from this record.")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        # Wrapped labels need their height for the dialog's width: never squeeze them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def _add(self, label: str, text: str, tip: str = "") -> None:
        value = QLabel(text, self)
        value.setToolTip(tip)
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        value.setFont(tabular(value.font()))
        # Wide enough to read a prompt in a few lines (the dialog sizes to its contents).
        value.setMinimumWidth(min(560, value.fontMetrics().averageCharWidth() * 56))
        self.form.addRow(label, value)

    def text(self, label: str) -> str:
        """The text shown for a label (tests)."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item and field and item.widget().text() == label:
                return field.widget().text()
        return ""

    def lines(self, record: dict[str, Any]) -> list[tuple[str, ...]]:
        """(label, text[, tooltip]) for every part of the record a creator reads."""
        provider, model = str(record.get("provider")), str(record.get("model"))
        service, short, _ = row_labels(provider, model)
        seed = record.get("seed")
        stars = record.get("rating")
        judged = "★" * stars + "☆" * (5 - stars) if isinstance(stars, int) else self.tr("Not rated")
        if record.get("favourite"):
            judged += " · " + self.tr("favourite")
        lines: list[tuple[str, ...]] = [
            (self.tr("Prompt"), str(record.get("prompt") or "")),
            (self.tr("Negative"), str(record.get("negative_prompt") or "—")),
            (self.tr("Service"), f"{service} · {short}"),
            (self.tr("Seed"), str(seed) if seed is not None else self.tr("none")),
            (self.tr("Spec"), self._spec(record.get("spec"))),
            (self.tr("Cost"), self._cost(record)),
            (self.tr("Judged"), judged),
            (self.tr("Tags"), ", ".join(map(str, record.get("tags") or ())) or "—"),
            (self.tr("Reasons"), ", ".join(map(str, record.get("reasons") or ())) or "—"),
            (self.tr("Notes"), "\n".join(map(str, record.get("notes") or ())) or "—"),
            (
                self.tr("Take"),
                self.tr("take %1, run %2, draw %3, prompt version %4")
                .replace("%1", str(record.get("take")))
                .replace("%2", str(record.get("run")))
                .replace("%3", str(record.get("draw")))
                .replace("%4", str(record.get("prompt_version"))),
            ),
        ]
        clip = record.get("clip")
        if isinstance(clip, dict) and clip.get("sha256"):
            sha = str(clip["sha256"])
            lines.append((self.tr("Original"), f"sha256 {sha[:16]}…", sha))
        return lines

    def _spec(self, spec: Any) -> str:
        if not isinstance(spec, dict):
            return "—"
        parts = []
        if spec.get("duration"):
            parts.append(self.tr("%1 s").replace("%1", str(spec["duration"])))
        parts += [str(spec[k]) for k in ("aspect", "resolution") if spec.get(k)]
        if "audio" in spec:
            parts.append(self.tr("audio") if spec["audio"] else self.tr("no audio"))
        return " · ".join(parts) or "—"

    def _cost(self, record: dict[str, Any]) -> str:
        estimate = record.get("estimated_cost_usd")
        parts = []
        if record.get("charged") is False:
            parts.append(self.tr("not charged"))
        elif isinstance(record.get("cost_usd"), int | float):
            parts.append(self.tr("charged %1").replace("%1", money(record["cost_usd"])))
        if isinstance(estimate, int | float):
            parts.append(self.tr("estimated %1").replace("%1", money(estimate)))
        return " · ".join(parts) or "—"
