"""Every element of the current cell's vectors as a table: one row per index, one column per
vector (x_t, h_{t-1}, the terms, h_t, nn.RNN's h_t).

A table scrolls, so it stays readable at H = 1024 where bars are a few pixels wide; it is a
model over numpy arrays, so a step only tells the view that the data changed and Qt paints the
twenty or so rows in sight, not a thousand items.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from rnn_stepper.gui import style


class VectorTableModel(QAbstractTableModel):
    """Columns are (header, values or None while not revealed); rows run to the longest vector."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers: list[str] = []
        self._columns: list[np.ndarray | None] = []
        self._tooltips: list[str] = []
        self._rows = 0
        self.selected_row = -1
        pale = QColor(style.SELECTION_COLOR)
        pale.setAlpha(50)  # a tint: the numbers on it stay black and readable
        self._selected_brush = QBrush(pale)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_columns(
        self, headers: list[str], columns: list[np.ndarray | None], tooltips: list[str], selected_row: int
    ) -> None:
        rows = max((len(c) for c in columns if c is not None), default=0)
        if rows != self._rows or headers != self._headers:
            self.beginResetModel()
            self._headers, self._columns, self._tooltips, self._rows = headers, columns, tooltips, rows
            self.selected_row = selected_row
            self.endResetModel()
            return
        previous = self.selected_row
        self._columns, self._tooltips, self.selected_row = columns, tooltips, selected_row
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(columns) - 1))
        # The row numbers never change, only which one is bold: a header told that its data
        # changed measures every section again (~500 headerData calls a step at H = 4).
        for row in {previous, selected_row} if previous != selected_row else ():
            if 0 <= row < rows:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)

    def values(self, column: int) -> np.ndarray | None:
        return self._columns[column]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, values = index.row(), self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if values is None:
                return style.PLACEHOLDER
            return f"{values[row]: .{style.NUMBER_DECIMALS}f}" if row < len(values) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row == self.selected_row:
            return self._selected_brush
        if role == Qt.ItemDataRole.FontRole and row == self.selected_row:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and values is not None and row < len(values):
            return f"{self._headers[index.column()]}[{row}] = {values[row]:.6g}"
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if orientation == Qt.Orientation.Horizontal else str(section)
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self._tooltips[section]
        if (
            role == Qt.ItemDataRole.FontRole
            and orientation == Qt.Orientation.Vertical
            and section == self.selected_row
        ):
            return self._bold
        return None
