"""Every word and number the statistics and the history show (translation context "Insights").

The table, the charts and the history say the same thing in the same format: money with
two to four decimals, hit rates as whole or one-decimal percentages, render times in
seconds. Service and model names come from the providers' declarations.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtGui import QFont

from workbench.ui.board import words as tile_words
from workbench.ui.board.model import row_labels
from workbench.ui.inspector.texts import reason_label

# Called by this name with literal arguments so pyside6-lupdate finds every string.
translate = QCoreApplication.translate


def tabular(font: QFont) -> QFont:
    """The font with tabular figures, so columns of numbers line up."""
    result = QFont(font)
    result.setFeature(QFont.Tag("tnum"), 1)
    return result


def money(usd: float | None) -> str:
    """Dollars with 2 to 4 decimals: "$0.42", "$0.0375", "$1,234.50"; "—" for none."""
    if usd is None:
        return "—"
    if usd == 0:
        return "$0.00"
    if abs(usd) >= 1:
        return f"${usd:,.2f}"
    text = f"{usd:.4f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{usd:.2f}"
    return "$" + text if text != "0.00" else "<$0.0001"


def percent(share: float) -> str:
    """A share as a percentage: "17 %", "4.5 %" (one decimal under 10 %)."""
    value = share * 100
    shown = f"{value:.1f}" if 0 < value < 10 else f"{value:.0f}"
    return translate("Insights", "%1 %").replace("%1", shown)


def count(value: int) -> str:
    """A whole number with thousands separated ("12,345")."""
    return f"{value:,}"


def ratio(value: float | None) -> str:
    """Draws per keeper: "4.5", or "—" without keepers."""
    return "—" if value is None else f"{value:.1f}"


def seconds(value: float | None) -> str:
    """A render time: "83 s", "4.2 s", or "—"."""
    if value is None:
        return "—"
    shown = f"{value:.1f}" if value < 10 else f"{value:,.0f}"
    return translate("Insights", "%1 s").replace("%1", shown)


def when(epoch_s: float | None) -> str:
    """A moment as "2026-11-30 14:02" (local time, ISO order in every language)."""
    if not epoch_s:
        return "—"
    return QDateTime.fromSecsSinceEpoch(int(epoch_s)).toString("yyyy-MM-dd HH:mm")


def service_label(provider: str) -> str:
    """A service's name ("Kling"), else its id."""
    return row_labels(provider, "")[0]


def model_label(provider: str, model: str) -> str:
    """A model's short name ("Kling 3.0"), else its id."""
    return row_labels(provider, model)[1]


def pair_label(provider: str, model: str) -> str:
    """Service and model in one short label: "Kling 3.0", "Runway · Gen-4.5".

    The model name alone when it already names its service (most do), so chart axes
    stay narrow.
    """
    service, short, _full = row_labels(provider, model)
    words = [w.lower() for w in service.replace("(", " ").split() if len(w) >= 3]
    if any(w in short.lower() for w in words):
        return short
    return f"{service} · {short}"


def failure_label(kind: str) -> str:
    """A failure kind in words, as the tiles say it ("Refused by moderation")."""
    return tile_words.failure_title(kind)


def reason(chip: str) -> str:
    """A reason chip in words, as the inspector says it ("Hands")."""
    return reason_label(chip)


def counted(items: dict[str, int], label: Callable[[str], str]) -> str:
    """Counts in words, largest first: "Moderation 3 · Timeout 1"; "—" when empty."""
    if not items:
        return "—"
    ordered = sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))
    return " · ".join(f"{label(k)} {v:,}" for k, v in ordered)


def elide(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, "…" when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def keeper_rule() -> str:
    """What a keeper is, said once under the statistics."""
    return translate(
        "Insights",
        "A keeper is a take rated 4–5 stars or marked favourite. Cost counts only the draws "
        "the services charged.",
    )
