"""Painting shared by the compare views: video letterboxed on near-black, labels on video.

Also the words a take goes by: "Kling · Kling 2.6 · seed 1234", or its letter when blind.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from workbench.domain.views import JobView
from workbench.ui.board import words
from workbench.ui.board.model import row_labels
from workbench.ui.theme import colors

translate = QCoreApplication.translate


def fitted(source: QSize, bounds: QRect) -> QRect:
    """``source`` scaled into ``bounds`` keeping its aspect (letterboxed), centred."""
    if source.isEmpty():
        return QRect(bounds)
    size = source.scaled(bounds.size(), Qt.AspectRatioMode.KeepAspectRatio)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(bounds.center())
    return rect


def clip_size(job: JobView | None) -> QSize:
    """The take's frame size (its aspect is what matters), or 16:9 when unknown."""
    take = job.take if job is not None else None
    if take is not None and take.width and take.height:
        return QSize(take.width, take.height)
    return QSize(16, 9)


def take_label(job: JobView, letter: str | None) -> str:
    """What a tile in a compare view is called: its letter when blind, else who made it."""
    if letter:
        return letter
    if job.provider == "blind":  # a masked draw whose letter is unknown: never a name
        return "?"
    service, model, _full = row_labels(job.provider, job.model)
    seed = words.info_parts(job)[0][1]
    return " · ".join(dict.fromkeys([service, model, seed]))  # "sim · sim-fast" loses a repeat


def label_font(font: QFont, label: str) -> QFont:
    """A blind letter ("C") is the take's only name: larger and bold; names stay plain."""
    if len(label) > 2:
        return font
    big = QFont(font)
    big.setBold(True)
    big.setPointSizeF(font.pointSizeF() * 1.4)
    return big


def paint_video(painter: QPainter, rect: QRect, image: QImage | None, aspect: QSize) -> QRect:
    """Near-black ``rect`` with ``image`` letterboxed in it; returns the picture's rect."""
    painter.fillRect(rect, colors().video_surface)
    target = fitted(image.size() if image is not None else aspect, rect)
    if image is not None and not image.isNull():
        painter.drawImage(target, image)
    return target


def paint_tag(
    painter: QPainter,
    anchor: QRect,
    text: str,
    font: QFont,
    *,
    right: bool = False,
    max_width: int | None = None,
) -> QRect:
    """A dark pill with ``text`` in a top corner of ``anchor`` (elided); returns its rect.

    Drawn once into an image and reused: tiles repaint at the clips' frame rate, text
    layout and antialiased shapes for every frame of nine tiles would cost the GUI thread.
    """
    fm = QFontMetrics(font)
    pad = max(4, fm.height() // 3)
    room = (max_width if max_width is not None else anchor.width()) - 4 * pad
    dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    image = _tag_image(text, font.toString(), max(room, fm.height()), colors().on_video.rgba(), dpr)
    width, height = round(image.width() / dpr), round(image.height() / dpr)
    x = anchor.right() - pad - width + 1 if right else anchor.left() + pad
    rect = QRect(x, anchor.top() + pad, width, height)
    painter.drawImage(rect, image)
    return rect


@lru_cache(maxsize=256)
def _tag_image(text: str, font_key: str, room: int, color: int, dpr: float) -> QImage:
    font = QFont()
    font.fromString(font_key)
    fm = QFontMetrics(font)
    pad = max(4, fm.height() // 3)
    shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
    width, height = fm.horizontalAdvance(shown) + 2 * pad, fm.height() + pad
    image = QImage(
        round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 175))
    painter.drawRoundedRect(QRectF(0, 0, width, height), height / 3, height / 3)
    painter.setFont(font)
    painter.setPen(QColor.fromRgba(color))
    painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, shown)
    painter.end()
    return image


def paint_notice(painter: QPainter, rect: QRect, text: str, font: QFont) -> None:
    """A muted sentence centred on the video surface ("Loading…", an error)."""
    painter.save()
    painter.setFont(font)
    painter.setPen(colors().on_video_muted)
    painter.drawText(
        rect.adjusted(8, 8, -8, -8),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )
    painter.restore()


def loading_text() -> str:
    """Shown until a take's first frame is decoded."""
    return translate("CompareSurface", "Loading…")


def error_text(detail: str) -> str:
    """Shown when a take's file cannot be played."""
    return translate("CompareSurface", "Cannot play this clip: %1").replace("%1", detail)
