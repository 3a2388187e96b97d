"""The full record of a draw or take: prompt version, spec, seed, service, costs, file, lineage.

:class:`Facts` gathers what both a delivered take (``TakeView``) and a draw without one
(``JobView``) know, so one form shows either; :class:`RecordView` is that form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from workbench.domain.views import JobView, TakeView
from workbench.ui.board.model import row_labels
from workbench.ui.inspector import texts
from workbench.ui.inspector.widgets import wrapping_label
from workbench.ui.services.tone import ToneLabel, tabular

#: Characters of the prompt shown before it is cut (the whole text is in the tooltip).
PROMPT_CHARS = 280
#: Rows left out while judging blind: each could tell which service made the take.
BLIND_HIDDEN = frozenset({"seed", "service", "model", "cost", "render", "clip", "lineage", "file"})


@dataclass(frozen=True, slots=True)
class Facts:
    """What the record form shows, from a take or from a draw without one."""

    provider: str
    model: str
    draw_no: int
    params: dict[str, Any]
    seed: int | None
    seed_supported: bool
    est_cost_usd: float | None
    cost_usd: float | None
    charged: bool | None
    render_s: float | None
    parent_take_id: int | None
    prompt: str | None = None
    negative: str | None = None
    prompt_id: int | None = None
    version: int | None = None
    path: str | None = None
    clip: str | None = None
    made_at: float | None = None

    @classmethod
    def of_take(cls, take: TakeView) -> Facts:
        """Everything a take records."""
        return cls(
            provider=take.provider,
            model=take.model,
            draw_no=take.draw_no,
            params=take.params,
            seed=take.seed,
            seed_supported=take.seed is not None,
            est_cost_usd=take.est_cost_usd,
            cost_usd=take.cost_usd,
            charged=take.charged,
            render_s=take.render_s,
            parent_take_id=take.parent_take_id,
            prompt=take.prompt,
            negative=take.negative,
            prompt_id=take.prompt_id,
            version=take.prompt_version,
            path=take.path,
            clip=texts.clip_text(take.duration, take.width, take.height, take.fps, take.codec),
            made_at=take.created_at,
        )

    @classmethod
    def of_job(
        cls,
        job: JobView,
        parent_take_id: int | None = None,
        prompt_id: int | None = None,
        version: int | None = None,
    ) -> Facts:
        """What a draw records before (or without) a take; the board knows its version."""
        return cls(
            provider=job.provider,
            model=job.model,
            draw_no=job.draw_no,
            params=job.params,
            seed=job.seed,
            seed_supported=job.seed_supported,
            est_cost_usd=job.est_cost_usd,
            cost_usd=job.cost_usd,
            charged=job.charged,
            render_s=job.render_s,
            parent_take_id=parent_take_id,
            prompt=job.params.get("prompt"),
            negative=job.params.get("negative_prompt"),
            prompt_id=prompt_id,
            version=version,
            made_at=job.created_at,
        )

    def labels(self) -> tuple[str, str, str]:
        """``(service, model short, model full)`` as the board's row header names them."""
        return row_labels(self.provider, self.model)

    def lineage(self) -> str:
        """The lineage sentence ("Draw 7 of … on Kling v3 · rerolled from take 41")."""
        return texts.lineage(self.draw_no, self.labels()[1], self.parent_take_id)


class PathLabel(QLabel):
    """A file path elided in the middle to the width it gets; the whole path in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_path(self, path: str) -> None:
        """Show ``path`` (elided to fit)."""
        self._full = path
        self.setToolTip(path)
        self._elide()

    def path(self) -> str:
        """The whole path."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Elide again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(40, self.width())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


def _value_label(parent: QWidget) -> ToneLabel:
    label = wrapping_label("", parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RecordView(QWidget):
    """A form of the record; the file row has a button to open its folder."""

    sig_open_folder_requested = Signal(str)
    """"Open folder" was clicked: (path of the clip file)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A grid, not a QFormLayout: hiding form rows left its height-for-width stale, so a
        # value wrapping to two lines was cut after the record changed.
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.fields: dict[str, ToneLabel] = {}
        self.titles: dict[str, QLabel] = {}
        rows = (
            ("prompt", self.tr("Prompt")),
            ("version", self.tr("Version")),
            ("negative", self.tr("Negative")),
            ("spec", self.tr("Spec")),
            ("frames", self.tr("Frames")),
            ("seed", self.tr("Seed")),
            ("service", self.tr("Service")),
            ("model", self.tr("Model")),
            ("cost", self.tr("Cost")),
            ("render", self.tr("Render time")),
            ("clip", self.tr("Clip")),
            ("made", self.tr("Made")),
            ("lineage", self.tr("Lineage")),
        )
        for key, title in rows:
            label = _value_label(self)
            if key in ("seed", "cost", "render", "clip"):
                label.setFont(tabular(label.font()))
            self._add_row(key, title, label)
        self.file_label = PathLabel(self)
        self.open_folder = QToolButton(self)
        self.open_folder.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.open_folder.setText(self.tr("Open folder"))
        self.open_folder.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.open_folder.setToolTip(self.tr("Show the clip's folder in the file manager"))
        self.open_folder.clicked.connect(self._on_open_folder_clicked)
        file_box = QWidget(self)
        file_line = QHBoxLayout(file_box)
        file_line.setContentsMargins(0, 0, 0, 0)
        file_line.addWidget(self.file_label, 1)
        file_line.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignTop)
        self._add_row("file", self.tr("File"), file_box)
        self._file_box = file_box
        self._path: str | None = None

    def _add_row(self, key: str, title: str, field: QWidget) -> None:
        row = self.grid.rowCount()
        name = QLabel(title, self)
        # Titles sit on the first line of a wrapped value; the file row is one line high.
        along = Qt.AlignmentFlag.AlignVCenter if key == "file" else Qt.AlignmentFlag.AlignTop
        self.grid.addWidget(name, row, 0, along)
        self.grid.addWidget(field, row, 1)
        self.titles[key] = name
        if isinstance(field, ToneLabel):
            self.fields[key] = field

    def _show_row(self, key: str, shown: bool) -> None:
        self.titles[key].setVisible(shown)
        self.fields.get(key, self._file_box).setVisible(shown)

    def row_shown(self, key: str) -> bool:
        """True when a row is shown (tests; ``isVisibleTo`` works before the pane is shown)."""
        return not self.titles[key].isHidden()

    def _on_open_folder_clicked(self) -> None:
        if self._path:
            self.sig_open_folder_requested.emit(self._path)

    def text(self, key: str) -> str:
        """The text of one field ("file" for the path), for tests and accessibility."""
        if key == "file":
            return self.file_label.path()
        return self.fields[key].text()

    def _set(self, key: str, text: str | None, tip: str = "") -> None:
        label = self.fields[key]
        shown = bool(text)
        label.setText(text or "")
        label.setToolTip(tip)
        self._show_row(key, shown)

    def set_facts(self, facts: Facts, *, blind: bool = False) -> None:
        """Show a record (rows without a value are hidden).

        ``blind`` leaves out whatever could name the service or model (service, model,
        seed, cost, render time, clip size, lineage, file), as the blind board does.
        """
        service, _short, full = facts.labels()
        prompt = facts.prompt or ""
        cut = prompt if len(prompt) <= PROMPT_CHARS else prompt[: PROMPT_CHARS - 1] + "…"
        shown = {
            "prompt": (cut, prompt if cut != prompt else ""),
            "version": (
                texts.version_text(facts.version, facts.prompt_id)
                if facts.version is not None and facts.prompt_id is not None
                else None,
                "",
            ),
            "negative": (facts.negative, ""),
            "spec": (texts.spec_text(facts.params), ""),
            "frames": (texts.frames_text(facts.params), ""),
            "seed": (texts.seed_text(facts.seed, facts.seed_supported), ""),
            "service": (service, facts.provider),
            "model": (full, f"{facts.provider}:{facts.model}"),
            "cost": (texts.cost_text(facts.est_cost_usd, facts.cost_usd, facts.charged), ""),
            "render": (texts.seconds_text(facts.render_s), ""),
            "clip": (facts.clip, ""),
            "made": (texts.when_text(facts.made_at), ""),
            "lineage": (facts.lineage(), ""),
        }
        for key, (text, tip) in shown.items():
            self._set(key, None if blind and key in BLIND_HIDDEN else text, tip)
        self._path = facts.path
        self.file_label.set_path(facts.path or "")
        self._show_row("file", bool(facts.path) and "file" not in (BLIND_HIDDEN if blind else ()))
