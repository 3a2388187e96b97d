"""Light and dark palettes on Fusion, following the system scheme unless the user chose one.

Widgets read colours from ``QPalette`` roles; the few a palette has no role for (the video
surface, failure red, warning amber, success green) come from :func:`colors`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

MODES = ("system", "light", "dark")


@dataclass(frozen=True, slots=True)
class ThemeColors:
    """Colours a palette lacks, for the theme in force (see :func:`colors`)."""

    dark: bool
    video_surface: QColor  # near-black in both themes, as in every video tool
    on_video: QColor  # text and icons drawn on the video surface
    on_video_muted: QColor  # secondary text on the video surface
    failure: QColor  # red: failures only
    warning: QColor  # amber: warnings only (budget, deprecated model)
    success: QColor


_LIGHT_COLORS = ThemeColors(
    dark=False,
    video_surface=QColor("#121212"),
    on_video=QColor("#ececec"),
    on_video_muted=QColor("#a3a3a3"),
    failure=QColor("#d93636"),
    warning=QColor("#c77c00"),
    success=QColor("#2e8540"),
)
_DARK_COLORS = ThemeColors(
    dark=True,
    video_surface=QColor("#0c0c0c"),
    on_video=QColor("#ececec"),
    on_video_muted=QColor("#a3a3a3"),
    failure=QColor("#ec4f4f"),
    warning=QColor("#f0a530"),
    success=QColor("#4cc264"),
)

_current = _LIGHT_COLORS


def colors() -> ThemeColors:
    """The extra colours of the theme in force (light until a theme is applied)."""
    return _current


def _palette(dark: bool) -> QPalette:
    # Neutral greys (Kdenlive/Resolve in dark); one blue accent as Highlight.
    R = QPalette.ColorRole  # noqa: N806 (reads as a table)
    if dark:
        roles = {
            R.Window: "#2b2b2b",
            R.WindowText: "#e0e0e0",
            R.Base: "#1f1f1f",
            R.AlternateBase: "#2a2a2a",
            R.ToolTipBase: "#3a3a3a",
            R.ToolTipText: "#ececec",
            R.PlaceholderText: "#8c8c8c",
            R.Text: "#e0e0e0",
            R.Button: "#353535",
            R.ButtonText: "#e0e0e0",
            R.BrightText: "#ffffff",
            R.Light: "#4a4a4a",
            R.Midlight: "#3e3e3e",
            R.Mid: "#5a5a5a",
            R.Dark: "#181818",
            R.Shadow: "#0a0a0a",
            R.Highlight: "#3584e4",
            R.HighlightedText: "#ffffff",
            R.Accent: "#3584e4",
            R.Link: "#62a0ea",
            R.LinkVisited: "#a58ae0",
        }
        disabled_text = "#707070"
    else:
        roles = {
            R.Window: "#efefef",
            R.WindowText: "#1e1e1e",
            R.Base: "#fafafa",
            R.AlternateBase: "#f0f0f0",
            R.ToolTipBase: "#ffffff",
            R.ToolTipText: "#1e1e1e",
            R.PlaceholderText: "#707070",
            R.Text: "#1e1e1e",
            R.Button: "#e6e6e6",
            R.ButtonText: "#1e1e1e",
            R.BrightText: "#ffffff",
            R.Light: "#ffffff",
            R.Midlight: "#e3e3e3",
            R.Mid: "#b4b4b4",
            R.Dark: "#9a9a9a",
            R.Shadow: "#6a6a6a",
            R.Highlight: "#2a6fcf",
            R.HighlightedText: "#ffffff",
            R.Accent: "#2a6fcf",
            R.Link: "#1f5fbf",
            R.LinkVisited: "#6a3fb0",
        }
        disabled_text = "#9a9a9a"
    palette = QPalette()
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (R.WindowText, R.Text, R.ButtonText):
        palette.setColor(disabled, role, QColor(disabled_text))
    palette.setColor(disabled, R.Highlight, QColor(roles[R.Mid]))
    return palette


class _SchemeWatcher(QObject):
    """Re-applies the theme when the system scheme changes while the mode is "system"."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("workbench-theme-watcher")
        self.mode = "system"
        app.styleHints().colorSchemeChanged.connect(self._on_hints_color_scheme_changed)

    def _on_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            _install(QApplication.instance(), scheme is Qt.ColorScheme.Dark)  # type: ignore[arg-type]


def _install(app: QApplication, dark: bool) -> None:
    global _current
    _current = _DARK_COLORS if dark else _LIGHT_COLORS
    app.setPalette(_palette(dark))


def apply_theme(app: QApplication, mode: str) -> None:
    """Fusion with Workbench's light or dark palette.

    Args:
        app: the running application.
        mode: ``"system"`` follows ``QStyleHints.colorScheme()`` and re-applies when it
            changes; ``"light"`` and ``"dark"`` force one (unknown values act as system).
    """
    if mode not in MODES:
        mode = "system"
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    watcher = app.findChild(_SchemeWatcher, "workbench-theme-watcher")
    if watcher is None:
        watcher = _SchemeWatcher(app)
    watcher.mode = mode
    hints = app.styleHints()
    if mode == "system":
        hints.unsetColorScheme()  # follow the platform again (no-op unless forced before)
        _install(app, hints.colorScheme() is Qt.ColorScheme.Dark)
    else:
        dark = mode == "dark"
        # Native title bars and dialogs follow too (Qt 6.8+); the watcher ignores the echo.
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        _install(app, dark)
