"""Workbench's own SVG icons (resources/icons), recoloured and cached.

The SVGs draw in ``currentColor``; each request substitutes the colour wanted, so one file
serves light and dark themes and the near-black video surface. Files are tiny and read once
per process; rendered pixmaps are cached by name, size, colour and device pixel ratio.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from workbench.resources import resource


@lru_cache(maxsize=64)
def _svg_text(name: str) -> str:
    return resource("icons", f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=512)
def _image(name: str, px: int, rgb: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(_svg_text(name).replace("currentColor", rgb).encode()))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    return image


def pixmap(name: str, size: int, color: QColor, dpr: float = 1.0) -> QPixmap:
    """The icon ``name`` as a ``size``×``size`` (logical pixels) pixmap in ``color``.

    Args:
        name: file name in ``resources/icons`` without ``.svg``.
        size: edge length in logical pixels.
        color: replaces ``currentColor`` (alpha is applied as opacity).
        dpr: device pixel ratio of the target, so HiDPI screens get sharp edges.
    """
    px = max(1, round(size * dpr))
    image = _image(name, px, color.name(QColor.NameFormat.HexRgb))
    if color.alpha() < 255:
        faded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
        faded.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faded)
        painter.setOpacity(color.alphaF())
        painter.drawImage(0, 0, image)
        painter.end()
        image = faded
    result = QPixmap.fromImage(image)
    result.setDevicePixelRatio(dpr)
    return result


def icon(name: str, color: QColor | None = None) -> QIcon:
    """A QIcon of ``name`` in ``color`` (the palette's button text by default)."""
    if color is None:
        app = QApplication.instance()
        color = app.palette().buttonText().color() if app else QColor("#000000")  # type: ignore[attr-defined]
    result = QIcon()
    for size in (16, 24, 32, 48):
        for dpr in (1.0, 2.0):
            result.addPixmap(pixmap(name, size, color, dpr))
    return result
