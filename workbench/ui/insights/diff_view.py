"""Two prompt versions side by side in one text: what was added, what was taken out.

Insertions are underlined on an accent tint, deletions struck through in a muted colour
on a grey tint: the marks say it without colour, the colours help a glance. (Red stays
for failures, as everywhere in Workbench.) The negative prompt is diffed the same way.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget

from workbench.domain.textdiff import Op, TextDiff, diff_texts
from workbench.domain.views import PromptVersionView


def _mix(a: QColor, b: QColor, share: float) -> str:
    """``a`` with ``share`` of ``b``, as #rrggbb (rich text has no alpha)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    ).name()


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def diff_html(diff: TextDiff, palette: QPalette) -> str:
    """The diff as rich text: ``<u>`` insertions and ``<s>`` deletions, tinted."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    added = (
        f"color:{_mix(accent, text, 0.35)}; background-color:{_mix(base, accent, 0.22)};"
        " text-decoration: underline;"
    )
    removed = (
        f"color:{_mix(text, base, 0.15)}; background-color:{_mix(base, text, 0.2)};"
        " text-decoration: line-through;"
    )
    parts = []
    previous: Op | None = None
    for segment in diff.segments:
        if segment.op is Op.EQUAL:
            parts.append(_text(segment.text))
            previous = segment.op
            continue
        # Spaces at a change's edges are left unmarked: the mark covers the words.
        core = segment.text.strip()
        lead = segment.text[: len(segment.text) - len(segment.text.lstrip())]
        trail = segment.text[len(segment.text.rstrip()) :] if core else ""
        if previous is Op.DELETE and not diff.by_character and not lead:
            parts.append("&#8201;")  # a thin space between the old words and the new
        if core:
            body = _text(core)
            mark = (
                f'<span style="{added}"><u>{body}</u></span>'
                if segment.op is Op.INSERT
                else f'<span style="{removed}"><s>{body}</s></span>'
            )
            parts.append(_text(lead) + mark + _text(trail))
        else:  # only whitespace changed: show it marked, or it would not show at all
            style = added if segment.op is Op.INSERT else removed
            parts.append(f'<span style="{style}">{_text(segment.text)}</span>')
        previous = segment.op
    return "".join(parts)


class DiffView(QTextBrowser):
    """The prompt and the negative prompt of two versions, diffed word by word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.prompt_diff: TextDiff | None = None
        self.negative_diff: TextDiff | None = None
        self._versions: tuple[PromptVersionView, PromptVersionView] | None = None
        self.setPlaceholderText(self.tr("Choose two versions to see what changed."))

    def set_versions(self, old: PromptVersionView | None, new: PromptVersionView | None) -> None:
        """Show what changed from ``old`` to ``new`` (either None: clear)."""
        if old is None or new is None:
            self._versions = None
            self.prompt_diff = self.negative_diff = None
            self.clear()
            return
        self._versions = (old, new)
        self.prompt_diff = diff_texts(old.text, new.text)
        self.negative_diff = diff_texts(old.negative, new.negative)
        self._render()

    def _render(self) -> None:
        if self._versions is None or self.prompt_diff is None or self.negative_diff is None:
            return
        old, new = self._versions
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        same = old.id == new.id  # the first version: nothing before it to compare with
        prompt_title = self.tr("Prompt")
        negative_title = self.tr("Negative prompt")
        no_negative = self.tr("None in either version.") if not same else self.tr("None.")
        first = self.tr("the first version")
        rows = [
            self._heading(prompt_title, first if same else self._counts(self.prompt_diff)),
            self._body(diff_html(self.prompt_diff, palette)),
            self._heading(negative_title, "" if same else self._counts(self.negative_diff)),
        ]
        if self.negative_diff.segments:
            rows.append(self._body(diff_html(self.negative_diff, palette)))
        else:
            rows.append(f'<div style="color:{muted};">{html.escape(no_negative)}</div>')
        if not same:
            legend = (
                self.tr("Underlined: added in v%2. Struck through: taken out of v%1.")
                .replace("%1", str(old.version))
                .replace("%2", str(new.version))
            )
            rows.append(f'<div style="color:{muted}; margin-top:12px;">{html.escape(legend)}</div>')
        self.setHtml("".join(rows))

    def _heading(self, title: str, note: str) -> str:
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        return (
            '<div style="margin-top:10px; margin-bottom:4px; font-weight:600;">'
            f"{html.escape(title)}"
            f'<span style="color:{muted}; font-weight:400;">&nbsp;&nbsp;{html.escape(note)}'
            "</span></div>"
        )

    @staticmethod
    def _body(rich: str) -> str:
        return f'<div style="white-space: pre-wrap; line-height: 140%;">{rich}</div>'

    def _counts(self, diff: TextDiff) -> str:
        if not diff.changed:
            return self.tr("unchanged")
        parts = []
        if diff.by_character:
            if diff.inserted:
                parts.append(self.tr("+%n character(s)", "", diff.inserted))
            if diff.deleted:
                parts.append(self.tr("−%n character(s)", "", diff.deleted))
        else:
            if diff.inserted:
                parts.append(self.tr("+%n word(s)", "", diff.inserted))
            if diff.deleted:
                parts.append(self.tr("−%n word(s)", "", diff.deleted))
        return " · ".join(parts) or self.tr("spacing changed")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-tint when the theme changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()
