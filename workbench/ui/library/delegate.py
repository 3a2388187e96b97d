"""Paints a library card: the poster (or the scrub frame under the mouse) and the take's facts.

The card follows the board's tile (same metrics, near-black video surface, pills over the
poster for stars, heart and chips) with two lines under the poster, because here takes of
every service sit side by side: ``Kling · Kling 3.0`` and ``seed 12345 · 5.0 s · $0.42``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.domain.views import TakeView
from workbench.ui import icons
from workbench.ui.board.layout import TileMetrics, metrics_for
from workbench.ui.board.model import row_labels
from workbench.ui.board.overlays import small_font
from workbench.ui.board.posters import PosterCache
from workbench.ui.board.words import money
from workbench.ui.library.model import TAKE_ROLE
from workbench.ui.library.scrub import ScrubFrames
from workbench.ui.theme import colors

_Index = QModelIndex | QPersistentModelIndex
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


class LibraryDelegate(QStyledItemDelegate):
    """Draws library cards; the view tells it which card is scrubbed and where.

    Args:
        posters: poster pixmaps (loaded off the GUI thread).
        scrub: frames across hovered clips (decoded off the GUI thread).
        parent: owner (the library view).
    """

    def __init__(
        self, posters: PosterCache, scrub: ScrubFrames, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.posters = posters
        self.scrub = scrub
        self.metrics = card_metrics(QFont())
        # The take under the mouse and the fraction of its poster's width the mouse is at.
        self.hover: tuple[int, float] | None = None

    def set_metrics(self, metrics: CardMetrics) -> None:
        """New card sizes (font, zoom or screen changed)."""
        self.metrics = metrics

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        """Every card is the same size (the view uses uniform item sizes)."""
        return self.metrics.cell_size()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Selection, focus ring, card, poster or scrub frame, badges, two lines of facts."""
        take = index.data(TAKE_ROLE)
        if not isinstance(take, TakeView):
            return
        cm, m = self.metrics, self.metrics.tile
        pal = option.palette
        cell = option.rect
        card, poster = cm.card(cell), cm.poster_rect(cell)
        radius = max(3.0, m.fh * 0.25)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(cell, pal.color(QPalette.ColorRole.Base))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            grow = m.sel_w
            painter.drawRoundedRect(
                card.adjusted(-grow, -grow, grow, grow), radius + grow, radius + grow
            )
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), m.ring_w))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            out = m.sel_w + 1 + m.ring_w / 2
            ring = card.toRectF().adjusted(-out, -out, out, out)
            painter.drawRoundedRect(ring, radius + out, radius + out)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(card, radius, radius)
        surface = QPainterPath()
        surface.setFillRule(Qt.FillRule.WindingFill)
        surface.addRoundedRect(poster.toRectF(), radius, radius)
        surface.addRect(poster.toRectF().adjusted(0, poster.height() / 2, 0, 0))
        painter.fillPath(surface, colors().video_surface)
        painter.save()
        painter.setClipPath(surface)
        self._paint_picture(painter, poster, take, option)
        self._paint_badges(painter, poster, take, option)
        painter.restore()
        self._paint_facts(painter, card, poster, take, pal, option.font)
        painter.restore()

    # -- the picture -------------------------------------------------------------------------
    def _paint_picture(
        self, painter: QPainter, poster: QRect, take: TakeView, option: QStyleOptionViewItem
    ) -> None:
        hover = self.hover if self.hover and self.hover[0] == take.id else None
        frame = self.scrub.frame(take.path, hover[1]) if hover else None
        if frame is not None:
            self._draw_fitted(painter, poster, frame.size(), frame)
        else:
            pixmap = self.posters.get(take.poster) if take.poster else None
            if pixmap is not None and not pixmap.isNull():
                self._draw_fitted(painter, poster, pixmap.size(), pixmap)
            elif not take.poster or self.posters.is_broken(take.poster):
                c = colors()
                painter.setPen(c.on_video_muted)
                painter.setFont(small_font(option.font))
                painter.drawText(poster, Qt.AlignmentFlag.AlignCenter, self.tr("No poster"))
        if hover is not None:
            # Where in the clip the mouse is: a thin accent bar along the poster's foot.
            bar_h = max(2, round(self.metrics.tile.fh * 0.18))
            width = round(poster.width() * max(0.0, min(1.0, hover[1])))
            bar = QRect(poster.left(), poster.bottom() - bar_h + 1, width, bar_h)
            painter.fillRect(bar, option.palette.color(QPalette.ColorRole.Highlight))

    @staticmethod
    def _draw_fitted(painter: QPainter, area: QRect, size: QSize, picture: object) -> None:
        fitted = QSize(size).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, fitted.width(), fitted.height())
        target.moveCenter(area.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if isinstance(picture, QImage):
            painter.drawImage(target, picture)
        else:
            painter.drawPixmap(target, picture)  # type: ignore[arg-type]
        painter.restore()

    # -- badges over the poster ------------------------------------------------------------
    def _paint_badges(
        self, painter: QPainter, poster: QRect, take: TakeView, option: QStyleOptionViewItem
    ) -> None:
        c, m = colors(), self.metrics.tile
        dpr = painter.device().devicePixelRatioF()
        small = small_font(option.font)
        fm = QFontMetrics(small)
        h = fm.height() + 4
        inset = max(3, m.pad // 2)
        bottom = poster.bottom() - inset - h + 1
        if self.hover and self.hover[0] == take.id:
            bottom -= max(2, round(m.fh * 0.18))  # above the scrub bar
        if take.rating:
            star = round(fm.height() * 0.9)
            pill = QRect(poster.left() + inset, bottom, 5 * star + 8, h)
            _pill(painter, pill)
            for n in range(5):
                name = "star" if n < take.rating else "star-outline"
                painter.drawPixmap(
                    pill.x() + 4 + n * star,
                    pill.y() + (h - star) // 2,
                    icons.pixmap(name, star, c.on_video, dpr),
                )
        if take.favourite:
            size = round(fm.height() * 0.95)
            pill = QRect(poster.right() - inset - h + 1, bottom, h, h)
            _pill(painter, pill)
            accent = option.palette.color(QPalette.ColorRole.Highlight).lighter(135)
            painter.drawPixmap(
                pill.x() + (h - size) // 2,
                pill.y() + (h - size) // 2,
                icons.pixmap("heart", size, accent, dpr),
            )
        chips = [*take.reasons, *take.tags]
        x, right = poster.left() + inset, poster.right() - inset
        painter.setFont(small)
        for n, chip in enumerate(chips):
            rest = len(chips) - n
            reserve = fm.horizontalAdvance(f"+{rest - 1}") + 13 if rest > 1 else 0
            width = fm.horizontalAdvance(chip) + 10
            last = x + width > right - reserve
            if last:
                chip = f"+{rest}"
                width = fm.horizontalAdvance(chip) + 10
            rect = QRect(x, poster.top() + inset, width, h)
            _pill(painter, rect)
            painter.setPen(c.on_video)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, chip)
            x += width + 3
            if last:
                break

    # -- facts under the poster ------------------------------------------------------------
    def _paint_facts(
        self,
        painter: QPainter,
        card: QRect,
        poster: QRect,
        take: TakeView,
        pal: QPalette,
        font: QFont,
    ) -> None:
        m = self.metrics.tile
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


def _pill(painter: QPainter, rect: QRect) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(QRectF(rect), rect.height() / 2, rect.height() / 2)
