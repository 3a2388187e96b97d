"""What a library card looks like: its metrics and how its body is painted.

The card follows the board's tile (same metrics, near-black video surface, pills over the
poster for stars, heart and chips) with two lines under the poster, because here takes of
every service sit side by side: ``Kling · Kling 3.0`` and ``seed 12345 · 5.0 s · $0.42``.
Plain functions of a painter, a rect and the TakeView; the delegate caches their output.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)

from workbench.domain.views import TakeView
from workbench.ui.board.layout import TileMetrics, metrics_for
from workbench.ui.board.model import row_labels
from workbench.ui.board.overlays import paint_judgement, small_font
from workbench.ui.board.words import money
from workbench.ui.theme import colors

# Called by this name with literal arguments so pyside6-lupdate finds every string.
translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class CardMetrics:
    """A board tile's metrics with room for two lines of facts."""

    tile: TileMetrics

    def cell_size(self) -> QSize:
        """One grid cell: the card plus its margins."""
        m = self.tile
        return QSize(
            m.poster.width() + 2 * m.margin, m.poster.height() + self.info_h() + 2 * m.margin
        )

    def info_h(self) -> int:
        """Two lines of facts under the poster."""
        return 2 * self.tile.fh + self.tile.pad

    def card(self, cell: QRect) -> QRect:
        """The card inside a cell (centred across it: the view spreads cells over its width)."""
        m = self.tile
        return QRect(
            cell.x() + max(m.margin, (cell.width() - m.poster.width()) // 2),
            cell.y() + m.margin,
            m.poster.width(),
            m.poster.height() + self.info_h(),
        )

    def poster_rect(self, cell: QRect) -> QRect:
        """The 16:9 poster area at the top of the card."""
        return QRect(self.card(cell).topLeft(), self.tile.poster)


def card_metrics(font: QFont, zoom: float = 1.0) -> CardMetrics:
    """Card metrics for the view's font and zoom."""
    return CardMetrics(metrics_for(font, zoom))


def facts_line(take: TakeView) -> str:
    """``seed 12345 · 5.0 s · $0.42`` (the cost charged, else ~ the estimate)."""
    parts = [
        translate("LibraryDelegate", "seed {seed}").format(seed=take.seed)
        if take.seed is not None
        else translate("LibraryDelegate", "no seed")
    ]
    if take.duration:
        seconds = f"{take.duration:.1f}"
        parts.append(translate("LibraryDelegate", "{seconds} s").format(seconds=seconds))
    if take.cost_usd is not None and take.charged is not False:
        parts.append(money(take.cost_usd))
    elif take.charged is False:
        parts.append(money(0.0))
    elif take.est_cost_usd is not None:
        parts.append("~" + money(take.est_cost_usd))
    return " · ".join(parts)


def service_line(take: TakeView) -> str:
    """``Kling · Kling 3.0``: the service and the model's short name."""
    service, model, _ = row_labels(take.provider, take.model)
    return f"{service} · {model}"


def radius(metrics: CardMetrics) -> float:
    """Corner radius of cards (and of the selection around them)."""
    return max(3.0, metrics.tile.fh * 0.25)


def paint_card(
    painter: QPainter,
    metrics: CardMetrics,
    card: QRect,
    take: TakeView | None,
    pal: QPalette,
    font: QFont,
    picture: QPixmap | QImage | None,
    *,
    broken: bool = False,
    scrub: float | None = None,
) -> None:
    """The card's body: background, the picture on the video surface, badges, facts.

    Args:
        painter: an antialiased painter.
        metrics: card sizes.
        card: where the card goes.
        take: what it shows (None: the bare card and picture, no badges or facts).
        pal: the view's palette.
        font: the view's font.
        picture: the poster or a scrub frame (None: not loaded yet).
        broken: no poster can be shown (say so instead of waiting for one).
        scrub: the fraction of the clip shown when scrubbing (draws the position bar).
    """
    m = metrics.tile
    poster = QRect(card.topLeft(), m.poster)
    r = radius(metrics)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(pal.color(QPalette.ColorRole.Window))
    painter.drawRoundedRect(card, r, r)
    surface = QPainterPath()
    surface.setFillRule(Qt.FillRule.WindingFill)
    surface.addRoundedRect(poster.toRectF(), r, r)
    surface.addRect(poster.toRectF().adjusted(0, poster.height() / 2, 0, 0))
    painter.fillPath(surface, colors().video_surface)
    painter.save()
    painter.setClipPath(surface)
    if picture is not None and not picture.isNull():
        _draw_fitted(painter, poster, picture)
    elif broken:
        painter.setPen(colors().on_video_muted)
        painter.setFont(small_font(font))
        painter.drawText(
            poster, Qt.AlignmentFlag.AlignCenter, translate("LibraryDelegate", "No poster")
        )
    bar_h = max(2, round(m.fh * 0.18))
    if scrub is not None:
        # Where in the clip the mouse is: a thin accent bar along the poster's foot.
        width = round(poster.width() * max(0.0, min(1.0, scrub)))
        bar = QRect(poster.left(), poster.bottom() - bar_h + 1, width, bar_h)
        painter.fillRect(bar, pal.color(QPalette.ColorRole.Highlight))
    if take is not None:
        lift = bar_h if scrub is not None else 0
        paint_judgement(
            painter,
            poster,
            (take.rating, take.favourite, [*take.reasons, *take.tags]),
            pad=metrics.tile.pad,
            font=font,
            palette=pal,
            lift=lift,
        )
    painter.restore()
    if take is not None:
        _paint_facts(painter, metrics, card, poster, take, pal, font)


def _draw_fitted(painter: QPainter, area: QRect, picture: QPixmap | QImage) -> None:
    """Letterboxed into ``area``, never stretched."""
    size = picture.deviceIndependentSize().toSize()
    fitted = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRect(0, 0, fitted.width(), fitted.height())
    target.moveCenter(area.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if isinstance(picture, QImage):
        painter.drawImage(target, picture)
    else:
        painter.drawPixmap(target, picture)
    painter.restore()


def _paint_facts(
    painter: QPainter,
    metrics: CardMetrics,
    card: QRect,
    poster: QRect,
    take: TakeView,
    pal: QPalette,
    font: QFont,
) -> None:
    """``Kling · Kling 3.0   #3`` over ``seed 12345 · 5.0 s · $0.42``."""
    m = metrics.tile
    left, width = card.x() + m.pad, card.width() - 2 * m.pad
    top = poster.bottom() + 1 + m.pad // 2
    number = f"#{take.draw_no}"
    numbers = QFont(font)
    numbers.setFeature(QFont.Tag("tnum"), 1)
    fm = QFontMetrics(numbers)
    number_w = fm.horizontalAdvance(number)
    first = QRect(left, top, width, m.fh)
    painter.setFont(font)
    painter.setPen(pal.color(QPalette.ColorRole.WindowText))
    label = QFontMetrics(font).elidedText(
        service_line(take), Qt.TextElideMode.ElideRight, width - number_w - m.pad
    )
    align = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(first, align | Qt.AlignmentFlag.AlignLeft, label)
    painter.setFont(numbers)
    painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(first, align | Qt.AlignmentFlag.AlignRight, number)
    second = QRect(left, top + m.fh, width, m.fh)
    text = fm.elidedText(facts_line(take), Qt.TextElideMode.ElideRight, width)
    painter.drawText(second, align | Qt.AlignmentFlag.AlignLeft, text)
