"""What is drawn inside a tile's poster area: the state block, the poster and its badges.

Split from the delegate to keep each module small; these are plain functions of a painter,
a rect and the JobView, with the delegate passed in for its metrics, clock and posters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyleOptionViewItem

from workbench.domain.jobs import JobState
from workbench.domain.views import JobView
from workbench.ui import icons
from workbench.ui.board import words
from workbench.ui.board.layout import TileMetrics
from workbench.ui.theme import colors

if TYPE_CHECKING:
    from workbench.ui.board.delegate import TileDelegate

_WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


#: Wrapped lines and derived fonts, reused across paints: a live board repaints its tiles
#: every second, and rebuilding text layouts and fonts each time held the GUI thread.
_WRAPPED: dict[tuple[str, str, int, int], list[str]] = {}
_SMALL: dict[str, QFont] = {}
_CACHE_MAX = 2048


def wrap(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of ``width``; the last one elided."""
    key = (text, font.key(), width, max_lines)
    found = _WRAPPED.get(key)
    if found is None:
        if len(_WRAPPED) >= _CACHE_MAX:
            _WRAPPED.clear()
        found = _WRAPPED[key] = _wrap(text, font, width, max_lines)
    return list(found)


def _wrap(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(_WRAP)
    layout.setTextOption(option)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    # Qt counts UTF-16 units; slice the UTF-16 form so emoji do not shift the cuts.
    utf16 = text.encode("utf-16-le")
    lines = []
    for n, (start, length) in enumerate(spans[:max_lines]):
        end = len(utf16) if n == max_lines - 1 else 2 * (start + length)
        piece = utf16[2 * start : end].decode("utf-16-le").strip()
        if n == max_lines - 1 and len(spans) > max_lines:
            piece = QFontMetrics(font).elidedText(piece, Qt.TextElideMode.ElideRight, width)
        lines.append(piece)
    return lines


def small_font(font: QFont) -> QFont:
    """The secondary text size on tiles (status words, chips, messages)."""
    key = font.key()
    cached = _SMALL.get(key)
    if cached is None:
        cached = QFont(font)
        cached.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
        cached.setFeature(QFont.Tag("tnum"), 1)
        if len(_SMALL) >= _CACHE_MAX:
            _SMALL.clear()
        _SMALL[key] = cached
    return QFont(cached)


def paint_headline(
    painter: QPainter,
    area: QRect,
    icon: str,
    title: str,
    title_color: QColor,
    icon_color: QColor,
    m: TileMetrics,
    details: list[str],
    *,
    font: QFont | None = None,
    detail_color: QColor | None = None,
    bar: float | None = None,
    bar_color: QColor | None = None,
) -> None:
    """A centred block: icon and title (up to two lines), a progress bar, detail lines."""
    base = QFont(font) if font is not None else painter.font()
    bold = QFont(base)
    bold.setBold(True)
    small = small_font(base)
    fm_b, fm_s = QFontMetrics(bold), QFontMetrics(small)
    size = round(m.fh * 1.2)
    gap = max(3, m.pad // 2)
    title_lines = wrap(title, bold, area.width() - size - gap, 2)
    detail_lines = [
        fm_s.elidedText(d, Qt.TextElideMode.ElideRight, area.width()) for d in details if d
    ]
    head_h = max(size, len(title_lines) * fm_b.height())
    bar_h = max(4, round(m.fh * 0.3)) if bar is not None else 0
    total = head_h + (gap + bar_h if bar_h else 0) + len(detail_lines) * (fm_s.height() + 1)
    y = area.y() + max(0, (area.height() - total) // 2)
    head_w = size + gap + max((fm_b.horizontalAdvance(t) for t in title_lines), default=0)
    x = area.x() + max(0, (area.width() - head_w) // 2)
    dpr = painter.device().devicePixelRatioF()
    painter.drawPixmap(x, y + (head_h - size) // 2, icons.pixmap(icon, size, icon_color, dpr))
    painter.setFont(bold)
    painter.setPen(title_color)
    ty = y + (head_h - len(title_lines) * fm_b.height()) // 2
    for line in title_lines:
        painter.drawText(
            QRect(x + size + gap, ty, head_w, fm_b.height()), Qt.AlignmentFlag.AlignLeft, line
        )
        ty += fm_b.height()
    y += head_h + gap
    if bar is not None:
        track = QRectF(area.x() + area.width() * 0.12, y, area.width() * 0.76, bar_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 48))
        painter.drawRoundedRect(track, bar_h / 2, bar_h / 2)
        fill = QRectF(track)
        fill.setWidth(max(float(bar_h), track.width() * max(0.0, min(1.0, bar))))
        painter.setBrush(bar_color or title_color)
        painter.drawRoundedRect(fill, bar_h / 2, bar_h / 2)
        y += bar_h + gap
    painter.setFont(small)
    painter.setPen(detail_color or title_color)
    for line in detail_lines:
        painter.drawText(
            QRect(area.x(), y, area.width(), fm_s.height()), Qt.AlignmentFlag.AlignHCenter, line
        )
        y += fm_s.height() + 1


def paint_state(
    painter: QPainter,
    poster: QRect,
    job: JobView,
    delegate: TileDelegate,
    option: QStyleOptionViewItem,
) -> None:
    """Everything but done: what the draw is doing, in an icon and words."""
    c, m = colors(), delegate.metrics
    area = poster.adjusted(m.pad, m.pad, -m.pad, -m.pad)
    buttons = delegate.button_rects(option.rect, job, option.font)
    if buttons:
        area.setBottom(buttons[0][1].top() - m.pad // 2)
    elapsed = None
    if job.submitted_at is not None and job.state in words.LIVE_STATES:
        elapsed = words.elapsed_text(delegate.clock() - job.submitted_at)
    details: list[str] = []
    bar = None
    if job.state is JobState.RUNNING:
        bar = job.progress
        first = [words.percent(job.progress)] if job.progress is not None else []
        details = [" · ".join([*first, *([elapsed] if elapsed else [])]), job.provider_status or ""]
    elif job.state in words.LIVE_STATES:
        details = [elapsed or "", job.provider_status or ""]
    elif job.state is JobState.FAILED and job.failure is not None:
        lines = max(1, (area.height() - m.fh * 2) // QFontMetrics(small_font(option.font)).height())
        details = wrap(
            words.failure_sentence(job), small_font(option.font), area.width(), min(2, lines)
        )
    failed = job.state is JobState.FAILED
    paint_headline(
        painter,
        area,
        words.STATE_ICONS.get(job.state, "unknown"),
        words.title(job),
        c.on_video,
        c.failure if failed else c.on_video,
        m,
        details,
        font=option.font,
        detail_color=c.on_video_muted,
        bar=bar,
        bar_color=option.palette.color(QPalette.ColorRole.Highlight),
    )


def paint_done(
    painter: QPainter,
    poster: QRect,
    job: JobView,
    delegate: TileDelegate,
    option: QStyleOptionViewItem,
) -> None:
    """The poster, letterboxed, with stars, heart and reason chips over it."""
    c, m = colors(), delegate.metrics
    take = job.take
    live = delegate.live_frame(job.id) if delegate.live_frame is not None else None
    pixmap = delegate.posters.get(take.poster) if take and take.poster and live is None else None
    if live is not None and not live.isNull():  # a playing tile: its current frame
        fitted = live.size().scaled(poster.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, fitted.width(), fitted.height())
        target.moveCenter(poster.center())
        painter.drawImage(target, live)
    elif pixmap is not None and not pixmap.isNull():
        fitted = QSize(pixmap.width(), pixmap.height()).scaled(
            poster.size(), Qt.AspectRatioMode.KeepAspectRatio
        )
        target = QRect(0, 0, fitted.width(), fitted.height())
        target.moveCenter(poster.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, pixmap)
        painter.restore()
    elif take is None or not take.poster or delegate.posters.is_broken(take.poster):
        area = poster.adjusted(m.pad, m.pad, -m.pad, -m.pad)
        paint_headline(
            painter,
            area,
            "done",
            words.state_word(JobState.DONE),
            c.on_video,
            c.success,
            m,
            [words.no_poster()],
            font=option.font,
            detail_color=c.on_video_muted,
        )
    if take is not None:
        _paint_badges(painter, poster, job, m, option)


def _pill(painter: QPainter, rect: QRect) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 170))
    painter.drawRoundedRect(QRectF(rect), rect.height() / 2, rect.height() / 2)


def _paint_badges(
    painter: QPainter, poster: QRect, job: JobView, m: TileMetrics, option: QStyleOptionViewItem
) -> None:
    take = job.take
    assert take is not None
    paint_judgement(
        painter,
        poster,
        (take.rating, take.favourite, [*take.reasons, *take.tags]),
        pad=m.pad,
        font=option.font,
        palette=option.palette,
    )


def paint_judgement(
    painter: QPainter,
    poster: QRect,
    judgement: tuple[int | None, bool, list[str]],
    *,
    pad: int,
    font: QFont,
    palette: QPalette,
    lift: int = 0,
) -> None:
    """Stars bottom-left, the heart bottom-right, reason and tag chips along the top.

    ``judgement`` is (rating, favourite, chips); ``lift`` raises the bottom badges (the
    library card's caption strip). Shared by the board's tiles and the library's cards.
    """
    rating, favourite, chips = judgement
    c = colors()
    dpr = painter.device().devicePixelRatioF()
    small = small_font(font)
    fm = QFontMetrics(small)
    h = fm.height() + 4
    inset = max(3, pad // 2)
    bottom = poster.bottom() - inset - h + 1 - lift
    if rating:
        star = round(fm.height() * 0.9)
        pill = QRect(poster.left() + inset, bottom, 5 * star + 8, h)
        _pill(painter, pill)
        for n in range(5):
            name = "star" if n < rating else "star-outline"
            painter.drawPixmap(
                pill.x() + 4 + n * star,
                pill.y() + (h - star) // 2,
                icons.pixmap(name, star, c.on_video, dpr),
            )
    if favourite:
        size = round(fm.height() * 0.95)
        pill = QRect(poster.right() - inset - h + 1, bottom, h, h)
        _pill(painter, pill)
        accent = palette.color(QPalette.ColorRole.Highlight).lighter(135)
        painter.drawPixmap(
            pill.x() + (h - size) // 2,
            pill.y() + (h - size) // 2,
            icons.pixmap("heart", size, accent, dpr),
        )
    x, right = poster.left() + inset, poster.right() - inset
    painter.setFont(small)
    for n, chip in enumerate(chips):
        rest = len(chips) - n
        # Keep room for a "+n" chip unless this is the last one.
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
