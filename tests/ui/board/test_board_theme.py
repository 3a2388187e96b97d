"""The theme: Fusion, light and dark palettes, following the system scheme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from workbench.ui import icons, theme


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, style = qapp.palette(), qapp.style().name()
    yield qapp
    theme.apply_theme(qapp, "light")
    qapp.setPalette(palette)
    qapp.setStyle(style)


def _window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_and_light_palettes_on_fusion(app: QApplication) -> None:
    theme.apply_theme(app, "dark")
    assert app.style().name().lower() == "fusion"
    assert _window_lightness(app) < 80
    assert theme.colors().dark
    theme.apply_theme(app, "light")
    assert _window_lightness(app) > 200
    assert not theme.colors().dark
    # One accent, the same role everywhere; video stays near-black in both themes.
    assert app.palette().color(QPalette.ColorRole.Highlight).hue() in range(200, 230)
    assert theme.colors().video_surface.lightness() < 30


def test_system_mode_follows_scheme_changes(app: QApplication) -> None:
    theme.apply_theme(app, "system")
    hints = app.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _window_lightness(app) < 80
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert _window_lightness(app) > 200


def test_forced_mode_ignores_system_changes(app: QApplication) -> None:
    theme.apply_theme(app, "light")
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _window_lightness(app) > 200
    assert not theme.colors().dark


def test_theme_colors_are_frozen(app: QApplication) -> None:
    with pytest.raises(AttributeError):
        theme.colors().dark = True  # type: ignore[misc]


def test_icons_are_recoloured(app: QApplication) -> None:
    red = icons.pixmap("done", 24, QColor("#ff0000"), 2.0)
    assert red.deviceIndependentSize().width() == 24
    image = red.toImage()
    painted = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    opaque = [c for c in painted if c.alpha() > 200]
    assert opaque
    assert all(c.red() > 200 and c.green() < 60 for c in opaque)
    assert not icons.icon("retry").isNull()
