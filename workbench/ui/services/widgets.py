"""Small building blocks of the services panel: an eliding check box and a flow layout.

Model labels are long in English ("Volcengine · Seedance 2.0 Mini — fastest, cheapest")
and the panel must work at about 380 px, so labels elide (full text in the tooltip) and a
checked row's controls wrap onto as many lines as the width needs instead of clipping.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLayout,
    QLayoutItem,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)


class ElidedCheckBox(QCheckBox):
    """A check box whose text elides with "…" when the row is narrower than the text."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for the indicator and a few characters; the rest may elide."""
        hint = super().minimumSizeHint()
        room = self.fontMetrics().horizontalAdvance("M" * 6)
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        return QSize(min(hint.width(), indicator + room), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw the check box with its text elided to the width it has."""
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        option.text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, max(0, contents.width() - 2)
        )
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)

    def is_elided(self) -> bool:
        """True when the full text does not fit (tests and tooltips use it)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        return self.fontMetrics().horizontalAdvance(self.text()) > contents.width() - 2


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps to a new line when the width runs out.

    Each line's items are centred vertically, so a label sits level with the combo boxes
    beside it. Hidden widgets take no room.
    """

    def __init__(self, parent: QWidget | None = None, h_spacing: int = 6, v_spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h_spacing = h_spacing
        self._v_spacing = v_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        """Append an item (QLayout.addWidget calls this)."""
        self._items.append(item)

    def count(self) -> int:
        """Number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        """The item at ``index``, or None."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt override)
        """Remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        """The layout never asks for more room than its items need."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        """Height depends on width: narrower means more lines."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        """Height the items need at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        """Place the items inside ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Everything on one line."""
        visible = [i.sizeHint() for i in self._items if not i.isEmpty()]
        margins = self.contentsMargins()
        width = sum(s.width() for s in visible) + self._h_spacing * max(0, len(visible) - 1)
        height = max((s.height() for s in visible), default=0)
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        """The widest single item."""
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = area.x()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint().boundedTo(QSize(max(area.width(), 1), 1 << 20))
            if lines[-1] and x + hint.width() > area.x() + area.width():
                lines.append([])
                x = area.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._h_spacing
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(hint.height() for _, hint in line)
            x = area.x()
            for item, hint in line:
                if apply:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + self._h_spacing
            y += height + self._v_spacing
        used = y - self._v_spacing if any(lines) else y
        return used - rect.y() + margins.bottom()
