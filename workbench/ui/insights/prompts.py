"""Choosing a prompt: the recent prompts (from the engine's run summaries), text elided."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from workbench.domain.views import RunSummary
from workbench.ui.insights import words

#: Runs read to list recent prompts (newest first; each prompt listed once).
RECENT_RUNS = 200


def recent_prompts(runs: Iterable[RunSummary]) -> list[tuple[int, str]]:
    """``(prompt id, text of its newest run)`` for each prompt, newest first."""
    seen: dict[int, str] = {}
    for run in sorted(runs, key=lambda r: (r.created_at, r.id), reverse=True):
        seen.setdefault(run.prompt_id, run.prompt)
    return list(seen.items())


class PromptCombo(QComboBox):
    """Recent prompts as "#12 · a paper boat drifts…" (whole text in the tooltip).

    Args:
        any_label: the first entry, meaning "no prompt chosen" (None: no such entry).
        parent: owner.
    """

    sig_prompt_chosen = Signal(object)
    """The user picked a prompt: (prompt id, or None for the "any" entry)."""

    def __init__(self, any_label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._any = any_label
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.activated.connect(lambda _i: self.sig_prompt_chosen.emit(self.prompt_id()))
        self.set_prompts([])

    def set_prompts(self, prompts: Iterable[tuple[int, str]], keep: int | None = None) -> None:
        """List these prompts; keep ``keep`` (or the current one) chosen when still listed.

        A prompt to keep that is not among the recent ones is added at the end, so a
        choice never silently changes.
        """
        wanted = keep if keep is not None else self.prompt_id()
        listed = list(prompts)
        self.blockSignals(True)
        try:
            self.clear()
            if self._any is not None:
                self.addItem(self._any, None)
            for prompt_id, text in listed:
                self._add(prompt_id, text)
            if wanted is not None and self.findData(wanted) < 0:
                self._add(wanted, "")
            index = self.findData(wanted) if wanted is not None else 0
            self.setCurrentIndex(max(0, index))
        finally:
            self.blockSignals(False)

    def _add(self, prompt_id: int, text: str) -> None:
        label = self.tr("#%1 · %2").replace("%1", str(prompt_id)).replace("%2", words.elide(text))
        if not text:
            label = self.tr("Prompt #%1").replace("%1", str(prompt_id))
        self.addItem(label, prompt_id)
        self.setItemData(self.count() - 1, text, Qt.ItemDataRole.ToolTipRole)

    def prompt_id(self) -> int | None:
        """The prompt chosen (None for the "any" entry or an empty list)."""
        data = self.currentData()
        return data if isinstance(data, int) else None

    def choose(self, prompt_id: int | None) -> None:
        """Choose a prompt (added when it is not listed); no signal."""
        if prompt_id is None:
            self.setCurrentIndex(0)
            return
        if self.findData(prompt_id) < 0:
            self._add(prompt_id, "")
        self.setCurrentIndex(self.findData(prompt_id))
