"""The board's row header: service over model, elided, the whole name in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

from workbench.ui.board.layout import TileMetrics
from workbench.ui.board.model import ROW_LABELS_ROLE


class RowHeader(QHeaderView):
    """Vertical header painting two lines per row, aligned with the tiles' posters.

    Clicking a section selects the row (QTableView wires that). The width follows the
    longest label within bounds, so short Chinese names do not waste room and long English
    ones elide with a tooltip instead of clipping.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._metrics: TileMetrics | None = None
        self._width = 120

    def set_metrics(self, metrics: TileMetrics) -> None:
        """Follow the tiles' sizes, then re-measure the labels."""
        self._metrics = metrics
        self.setDefaultSectionSize(metrics.cell_size().height())
        self.refit()

    def _fonts(self) -> tuple[QFont, QFont]:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold, QFont(self.font())

    def refit(self) -> None:
        """Width for the longest label, between 7 and 13 font heights."""
        model = self.model()
        fh = QFontMetrics(self.font()).height()
        bold, plain = (QFontMetrics(f) for f in self._fonts())
        widest = 0
        for row in range(model.rowCount() if model is not None else 0):
            labels = model.headerData(row, Qt.Orientation.Vertical, ROW_LABELS_ROLE)
            if labels:
                service, name = labels
                widest = max(widest, bold.horizontalAdvance(service), plain.horizontalAdvance(name))
        width = min(13 * fh, max(7 * fh, widest + 2 * fh))
        if width != self._width:
            self._width = width
            self.updateGeometry()
            parent = self.parentWidget()
            if parent is not None:
                parent.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        """The fitted width; the height is the table's business."""
        return QSize(self._width, super().sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        """Service (bold) over model, centred on the poster height, elided to the width."""
        model = self.model()
        if model is None or not rect.isValid():
            return
        pal = self.palette()
        painter.save()
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Window))
        painter.setPen(pal.color(QPalette.ColorRole.Midlight))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        labels = model.headerData(logical, Qt.Orientation.Vertical, ROW_LABELS_ROLE)
        if labels:
            fh = QFontMetrics(self.font()).height()
            m = self._metrics
            pad = m.pad if m else 6
            selected = self.selectionModel() is not None and any(
                i.row() == logical for i in self.selectionModel().selectedIndexes()
            )
            if selected:
                # An accent bar, not coloured text: the label stays readable and unlinky.
                bar = max(3, fh // 5)
                painter.fillRect(
                    QRect(
                        rect.left(),
                        rect.top() + (m.margin if m else 0),
                        bar,
                        m.poster.height() + m.info_h if m else rect.height(),
                    ),
                    pal.color(QPalette.ColorRole.Highlight),
                )
            text_color = pal.color(QPalette.ColorRole.WindowText)
            # Centre on the poster, not the whole cell: the label sits beside the pictures.
            top = rect.top() + (m.margin + m.poster.height() // 2 if m else rect.height() // 2)
            text = QRect(rect.left() + pad + 2, top - fh, rect.width() - 2 * pad - 4, 2 * fh)
            for n, (font, line) in enumerate(zip(self._fonts(), labels, strict=True)):
                fm = QFontMetrics(font)
                painter.setFont(font)
                painter.setPen(
                    text_color if n == 0 else pal.color(QPalette.ColorRole.PlaceholderText)
                )
                part = QRect(text.left(), text.top() + n * fh, text.width(), fh)
                elided = fm.elidedText(line, Qt.TextElideMode.ElideRight, part.width())
                painter.drawText(
                    part, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
                )
        painter.restore()
