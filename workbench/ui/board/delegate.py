"""Paints a tile: a poster or the draw's state on a near-black 16:9 surface, one info line.

Every state reads without colour: an icon and words. Failures add a red edge, the kind in
plain words and the message; Retry and Check again are drawn on the tile and hit-tested in
``editorEvent``. Layout comes from :mod:`workbench.ui.board.layout`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView
from workbench.ui import icons
from workbench.ui.board import overlays, words
from workbench.ui.board.layout import TileMetrics, metrics_for
from workbench.ui.board.model import BLIND_LABEL_ROLE, JOB_ROLE
from workbench.ui.board.posters import PosterCache
from workbench.ui.theme import colors

_Index = QModelIndex | QPersistentModelIndex
_CLICKS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


def tabular(font: QFont) -> QFont:
    """The font with tabular figures, so numbers line up from tile to tile."""
    result = QFont(font)
    result.setFeature(QFont.Tag("tnum"), 1)
    return result


class TileDelegate(QStyledItemDelegate):
    """Draws board tiles and turns clicks on their Retry / Check again buttons into signals.

    Args:
        posters: where poster pixmaps come from (loaded off the GUI thread).
        parent: owner (the board view).
        clock: wall-clock seconds, the engine's clock (``submitted_at`` is in it).
    """

    sig_retry_clicked = Signal(int)
    """The Retry button on a tile was clicked: (job id)."""
    sig_check_again_clicked = Signal(int)
    """The Check again button on a tile was clicked: (job id)."""

    def __init__(
        self,
        posters: PosterCache,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self.posters = posters
        self.clock = clock
        self.metrics: TileMetrics = metrics_for(QFont())
        self._pressed: tuple[QPersistentModelIndex, str] | None = None
        #: Playing tiles (compare views): job id → the frame to paint instead of the poster.
        self.live_frame: Callable[[int], QImage | None] | None = None

    def set_metrics(self, metrics: TileMetrics) -> None:
        """Use new tile sizes (the view calls this on font, zoom or screen changes)."""
        self.metrics = metrics

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        """Every cell is the same size."""
        return self.metrics.cell_size()

    # -- buttons -----------------------------------------------------------------------------

    def button_texts(self, job: JobView) -> list[tuple[str, str]]:
        """The buttons a tile shows: ``(kind, label)`` with kind "retry" or "check"."""
        texts: list[tuple[str, str]] = []
        if job.can_check_again:
            texts.append(("check", self.tr("Check again")))
        if job.can_retry:
            texts.append(("retry", self.tr("Retry")))
        return texts

    def button_rects(self, cell: QRect, job: JobView, font: QFont) -> list[tuple[str, QRect]]:
        """Where the tile's buttons are drawn (and clicked)."""
        m = self.metrics
        return m.buttons(cell, self.button_texts(job), QFontMetrics(font), m.fh)

    def editorEvent(  # noqa: N802
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        """Clicks on a drawn button emit its signal and are not a selection click."""
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        job = index.data(JOB_ROLE)
        hit = None
        if isinstance(job, JobView):
            pos = event.position().toPoint()
            hit = next(
                (k for k, r in self.button_rects(option.rect, job, option.font) if r.contains(pos)),
                None,
            )
        if event.type() in _CLICKS:
            self._pressed = (QPersistentModelIndex(index), hit) if hit else None
            return hit is not None
        if event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if hit and pressed == (QPersistentModelIndex(index), hit) and isinstance(job, JobView):
                (self.sig_retry_clicked if hit == "retry" else self.sig_check_again_clicked).emit(
                    job.id
                )
                return True
        return super().editorEvent(event, model, option, index)

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """One tile: selection and focus, card, poster or state, failure edge, info line."""
        job = index.data(JOB_ROLE)
        if not isinstance(job, JobView):
            return
        m = self.metrics
        pal = option.palette
        cell = option.rect
        tile = m.tile(cell)
        poster = m.poster_rect(cell)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = max(3.0, m.fh * 0.25)
        # The view has already filled selected cells edge to edge (PE_PanelItemViewRow);
        # the selection here is a border around the card, so start from the background.
        painter.fillRect(cell, pal.color(QPalette.ColorRole.Base))
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            grow = m.sel_w
            painter.drawRoundedRect(
                tile.adjusted(-grow, -grow, grow, grow), radius + grow, radius + grow
            )
        if state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(pal.color(QPalette.ColorRole.Text), m.ring_w)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            out = m.sel_w + 1 + m.ring_w / 2
            ring = tile.toRectF().adjusted(-out, -out, out, out)
            painter.drawRoundedRect(ring, radius + out, radius + out)
        # The card (its info strip shows through below the poster).
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(tile, radius, radius)
        if job.state is JobState.PLANNED:
            self._paint_hollow(painter, poster, pal, radius)
        else:
            # Rounded on top like the card, square where the info line starts.
            surface = QPainterPath()
            surface.setFillRule(Qt.FillRule.WindingFill)
            surface.addRoundedRect(poster.toRectF(), radius, radius)
            surface.addRect(poster.toRectF().adjusted(0, poster.height() / 2, 0, 0))
            painter.fillPath(surface, colors().video_surface)
            painter.save()
            painter.setClipPath(surface)
            if job.state is JobState.DONE:
                overlays.paint_done(painter, poster, job, self, option)
            else:
                overlays.paint_state(painter, poster, job, self, option)
            painter.restore()
        if job.state is JobState.FAILED:
            edge = QPen(colors().failure, m.sel_w)
            edge.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = m.sel_w / 2
            painter.drawRoundedRect(
                tile.toRectF().adjusted(half, half, -half, -half), radius, radius
            )
        for kind, rect in self.button_rects(cell, job, option.font):
            self._paint_button(painter, rect, kind, option, index)
        blind = index.data(BLIND_LABEL_ROLE)
        self._paint_info(
            painter, m.info_rect(cell), job, pal, option.font, blind if blind else None
        )
        painter.restore()

    def _paint_hollow(self, painter: QPainter, poster: QRect, pal: QPalette, radius: float) -> None:
        """Planned draws: an empty dashed frame, nothing sent yet."""
        pen = QPen(pal.color(QPalette.ColorRole.Mid), max(1.0, self.metrics.fh / 12))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(poster.toRectF().adjusted(1, 1, -1, -1), radius, radius)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        overlays.paint_headline(
            painter,
            poster,
            "queued",
            words.state_word(JobState.PLANNED),
            muted,
            muted,
            self.metrics,
            [],
        )

    def _paint_button(
        self, painter: QPainter, rect: QRect, kind: str, option: QStyleOptionViewItem, index: _Index
    ) -> None:
        pal = option.palette
        pressed = self._pressed == (QPersistentModelIndex(index), kind)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(
            pal.color(QPalette.ColorRole.Mid if pressed else QPalette.ColorRole.Button)
        )
        painter.drawRoundedRect(rect.toRectF().adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        text = dict(self.button_texts(index.data(JOB_ROLE)))[kind]
        fg = pal.color(QPalette.ColorRole.ButtonText)
        size = self.metrics.fh
        x = rect.x() + self.metrics.pad
        dpr = painter.device().devicePixelRatioF()
        painter.drawPixmap(
            x,
            rect.y() + (rect.height() - size) // 2,
            icons.pixmap("retry" if kind == "retry" else "waiting", size, fg, dpr),
        )
        painter.setPen(fg)
        painter.setFont(option.font)
        text_rect = QRect(x + size + self.metrics.pad // 2, rect.y(), rect.width(), rect.height())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )

    def _paint_info(
        self,
        painter: QPainter,
        rect: QRect,
        job: JobView,
        pal: QPalette,
        font: QFont,
        blind: str | None = None,
    ) -> None:
        """``seed 12345 · 5.0 s · $0.42 · 83 s`` on the left, ``#3`` on the right.

        A blind tile shows its letter and duration only (no seed, cost or draw number).
        """
        font = tabular(font)
        fm = QFontMetrics(font)
        painter.setFont(font)
        number = "" if blind else words.draw_label(job)
        number_w = fm.horizontalAdvance(number)
        room = rect.width() - number_w - self.metrics.pad
        parts = words.info_parts(job)
        if blind:
            parts = [("blind", blind), *((k, t) for k, t in parts if k == "duration")]
        # Too long (a 10-digit seed, zoomed out): drop render time, then duration; then elide.
        for drop in ("render", "duration"):
            if fm.horizontalAdvance(" · ".join(t for _, t in parts)) <= room:
                break
            parts = [(k, t) for k, t in parts if k != drop]
        text = " · ".join(t for _, t in parts)
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, align | Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect, align | Qt.AlignmentFlag.AlignRight, number)
