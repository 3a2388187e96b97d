"""Draws library cards from a cache of rendered cards, so scrolling is one blit per card.

A card's body (:mod:`.card`) costs a millisecond of Python painting; a screen of them,
repainted on every scroll step, would stall the heartbeat. Each body is rendered once into
a pixmap kept in a small LRU, keyed by everything it shows (the take's judgement and facts,
whether its poster has loaded, sizes, palette, font); the selection and focus ring are
drawn around it live. The card under the mouse is painted directly: it shows scrub frames.

Rendering new cards has a budget per frame: past it, a card is drawn as its bare poster and
the view paints again at once, so a fast scroll through unseen cards spreads their
rendering over a few frames instead of stalling one.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.domain.views import TakeView
from workbench.ui.board.posters import PosterCache
from workbench.ui.library.card import CardMetrics, card_metrics, paint_card, radius
from workbench.ui.library.model import TAKE_ROLE
from workbench.ui.library.scrub import ScrubFrames

_Index = QModelIndex | QPersistentModelIndex
#: Rendered cards kept: a few screens' worth (a card is ~300 KB at 2× pixel ratio).
CARDS = 120
#: Seconds of card rendering allowed per frame (the rest waits for the next frame).
FRAME_BUDGET_S = 0.006


def _card_key(take: TakeView) -> tuple[object, ...]:
    """Everything of a take a card shows (TakeView itself is unhashable: its params)."""
    return (
        take.id,
        take.provider,
        take.model,
        take.draw_no,
        take.seed,
        take.duration,
        take.cost_usd,
        take.charged,
        take.est_cost_usd,
        take.rating,
        take.favourite,
        take.tags,
        take.reasons,
    )


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
        self._cards: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._deadline: float | None = None
        self._deferred = False

    def begin_frame(self) -> None:
        """The view starts painting: new cards may be rendered for a short while."""
        self._deadline = time.perf_counter() + FRAME_BUDGET_S
        self._deferred = False

    def end_frame(self) -> bool:
        """The view finished painting; True when some cards were left bare (paint again)."""
        self._deadline = None
        return self._deferred

    def set_metrics(self, metrics: CardMetrics) -> None:
        """New card sizes (font, zoom or screen changed)."""
        if metrics != self.metrics:
            self.metrics = metrics
            self._cards.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        """Every card is the same size (the view uses uniform item sizes)."""
        return self.metrics.cell_size()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Selection and focus ring live, then the card (cached, or live while scrubbed)."""
        take = index.data(TAKE_ROLE)
        if not isinstance(take, TakeView):
            return
        metrics, m = self.metrics, self.metrics.tile
        pal = option.palette
        cell = option.rect
        card = metrics.card(cell)
        r = radius(metrics)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(cell, pal.color(QPalette.ColorRole.Base))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            grow = m.sel_w
            painter.drawRoundedRect(card.adjusted(-grow, -grow, grow, grow), r + grow, r + grow)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Text), m.ring_w))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            out = m.sel_w + 1 + m.ring_w / 2
            ring = card.toRectF().adjusted(-out, -out, out, out)
            painter.drawRoundedRect(ring, r + out, r + out)
        hover = self.hover if self.hover is not None and self.hover[0] == take.id else None
        frame = self.scrub.frame(take.path, hover[1]) if hover is not None else None
        if hover is not None:
            picture = frame if frame is not None else self._poster(take)
            paint_card(
                painter, metrics, card, take, pal, option.font, picture,
                broken=self._broken(take), scrub=hover[1],
            )  # fmt: skip
        else:
            body = self._card(take, option, painter)
            if body is not None:
                painter.drawPixmap(card.topLeft(), body)
            else:  # over this frame's budget: the bare poster now, the card next frame
                paint_card(painter, metrics, card, None, pal, option.font, self._poster(take))
        painter.restore()

    # -- the cache ---------------------------------------------------------------------------
    def _poster(self, take: TakeView) -> QPixmap | None:
        return self.posters.get(take.poster) if take.poster else None

    def _broken(self, take: TakeView) -> bool:
        return not take.poster or self.posters.is_broken(take.poster)

    def _card(
        self, take: TakeView, option: QStyleOptionViewItem, painter: QPainter
    ) -> QPixmap | None:
        poster = self._poster(take)
        dpr = painter.device().devicePixelRatioF()
        key = (
            *_card_key(take),
            poster.cacheKey() if poster is not None else self._broken(take),
            option.palette.cacheKey(),
            option.font.key(),
            dpr,
        )
        cached = self._cards.get(key)
        if cached is not None:
            self._cards.move_to_end(key)
            return cached
        if self._deadline is not None and time.perf_counter() > self._deadline:
            self._deferred = True
            return None
        size = self.metrics.card(QRect(QPoint(0, 0), self.metrics.cell_size())).size()
        pixmap = QPixmap(size * dpr)
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        body = QPainter(pixmap)
        body.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_card(
            body, self.metrics, QRect(QPoint(0, 0), size), take, option.palette, option.font,
            poster, broken=self._broken(take),
        )  # fmt: skip
        body.end()
        self._cards[key] = pixmap
        while len(self._cards) > CARDS:
            self._cards.popitem(last=False)
        return pixmap

    def cached_cards(self) -> int:
        """Rendered cards held (tests and benchmarks)."""
        return len(self._cards)
