"""Where everything on a tile goes, derived from the font's height and the zoom.

Painting (delegate), hit-testing the drawn buttons (delegate ``editorEvent``) and the view's
section sizes all read one ``TileMetrics``, so a click lands where a button was drawn and
Chinese or English text, any font size and HiDPI all get the same proportions.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QFont, QFontMetrics

#: Poster width in font heights at zoom 1 (a 14 px font gives the classic 240×135).
POSTER_EMS = 17.0
ZOOM_MIN, ZOOM_MAX = 0.6, 2.0


@dataclass(frozen=True, slots=True)
class TileMetrics:
    """Sizes of one tile; every rect is computed from a cell rect the view gives."""

    fh: int  # the font's line height
    poster: QSize  # the 16:9 poster area
    info_h: int  # the line under the poster
    margin: int  # around the tile, holds the selection border and the focus ring
    sel_w: int  # selection border width
    ring_w: int  # focus ring width
    pad: int  # inner padding of text and buttons

    def cell_size(self) -> QSize:
        """One table cell: tile plus margins (the spacing between tiles is 2 × margin)."""
        return QSize(
            self.poster.width() + 2 * self.margin,
            self.poster.height() + self.info_h + 2 * self.margin,
        )

    def tile(self, cell: QRect) -> QRect:
        """The card: poster and info line."""
        return QRect(
            cell.x() + self.margin,
            cell.y() + self.margin,
            self.poster.width(),
            self.poster.height() + self.info_h,
        )

    def poster_rect(self, cell: QRect) -> QRect:
        """The 16:9 poster area at the top of the card."""
        tile = self.tile(cell)
        return QRect(tile.topLeft(), self.poster)

    def info_rect(self, cell: QRect) -> QRect:
        """The info line under the poster, inside the card's padding."""
        tile = self.tile(cell)
        return QRect(
            tile.x() + self.pad,
            tile.y() + self.poster.height(),
            tile.width() - 2 * self.pad,
            self.info_h,
        )

    def buttons(
        self, cell: QRect, texts: list[tuple[str, str]], fm: QFontMetrics, icon: int
    ) -> list[tuple[str, QRect]]:
        """Button rects, right-aligned along the poster's bottom edge.

        Args:
            cell: the cell's rect.
            texts: ``(kind, label)`` in reading order.
            fm: metrics of the button font.
            icon: icon edge length drawn before each label (0 for none).
        """
        poster = self.poster_rect(cell)
        height = fm.height() + self.pad
        right = poster.right() - self.pad + 1
        y = poster.bottom() - self.pad - height + 1
        rects: list[tuple[str, QRect]] = []
        for kind, label in reversed(texts):
            width = (
                fm.horizontalAdvance(label) + 2 * self.pad + (icon + self.pad // 2 if icon else 0)
            )
            rects.append((kind, QRect(right - width, y, width, height)))
            right -= width + self.pad // 2
        return list(reversed(rects))


def metrics_for(font: QFont, zoom: float = 1.0) -> TileMetrics:
    """Tile metrics for a font (the view's) and a zoom factor (clamped)."""
    fh = QFontMetrics(font).height()
    zoom = min(ZOOM_MAX, max(ZOOM_MIN, zoom))
    width = round(fh * POSTER_EMS * zoom / 2) * 2
    sel_w = max(2, round(fh * 0.2))
    ring_w = max(2, round(fh * 0.13))
    return TileMetrics(
        fh=fh,
        poster=QSize(width, round(width * 9 / 16)),
        info_h=fh + max(6, round(fh * 0.5)),
        margin=sel_w + ring_w + 2,
        sel_w=sel_w,
        ring_w=ring_w,
        pad=max(4, round(fh * 0.45)),
    )
