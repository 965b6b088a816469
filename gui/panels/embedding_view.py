"""The embedding lookup, shown: the table (vocabulary x input_size) as a heatmap, the current
token's row outlined, and the sentence that says this row is x_t.

The lesson's second point is that an embedding turns each character into a vector; here the
student sees the table the vector is read from, and which row the cell on screen reads.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QVBoxLayout, QWidget
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.base import guarded

HEATMAP_MIN_HEIGHT = 140  # px


class EmbeddingView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.note)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(style.PLOT_BACKGROUND)
        self.graphics.setMinimumHeight(HEATMAP_MIN_HEIGHT)
        layout.addWidget(self.graphics, stretch=1)
        self.hover_label = QLabel(self.tr("Hover the table to read a value."))
        self.hover_label.setStyleSheet(f"color: {style.HOVER_TEXT_COLOR};")
        layout.addWidget(self.hover_label)

        self.plot = self.graphics.addPlot(axisItems={"left": style.IndexAxis("left")})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.invertY(True)  # row 0 (token id 0) on top, as a matrix is written
        self.plot.setLabel("bottom", self.tr("embedding dimension j (input_size)"))
        self.image = pg.ImageItem(axisOrder="row-major")  # data[token, j]: row = token id
        self.image.setColorMap(style.diverging_colormap())
        self.plot.addItem(self.image)
        self.highlight = QGraphicsRectItem()  # the current token's row, in the cursor's orange
        pen = QPen(pg.mkColor(style.CURSOR_COLOR))
        pen.setCosmetic(True)
        pen.setWidth(3)
        self.highlight.setPen(pen)
        self.highlight.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.highlight.setZValue(5)
        self.plot.addItem(self.highlight)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._table: np.ndarray | None = None
        self._tokens: list[str] = []
        self.row: int | None = None  # the token id outlined

    def set_table(self, weight, tokens: list[str]) -> None:
        """The embedding table ([vocab, input_size]) and the vocabulary naming its rows."""
        data = np.ascontiguousarray(weight.detach().to(dtype=weight.dtype).float().cpu().numpy())
        self._table, self._tokens = data, list(tokens)
        rows, cols = data.shape
        levels = style.symmetric_levels(data)
        self.image.setImage(data, autoLevels=False, levels=levels)
        self.image.setRect(QRectF(-0.5, -0.5, cols, rows))
        ticks = [(i, f"{i} {style.display_token(t)}") for i, t in enumerate(tokens)] if rows <= 40 else None
        self.plot.getAxis("left").setTicks([ticks] if ticks else None)
        self.plot.setTitle(
            self.tr("embedding.weight [{rows} × {cols}]: one row per token").format(rows=rows, cols=cols),
            color=style.PLOT_FOREGROUND,
            size="10pt",
        )
        self.plot.vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows - 0.5)
        self.plot.vb.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0)

    def show_row(self, row: int | None, note_html: str) -> None:
        """Outline token id `row` (None: no row) and say what it means for this cell."""
        self.row = row
        if self._table is not None and row is not None:
            cols = self._table.shape[1]
            self.highlight.setRect(QRectF(-0.5, row - 0.5, cols, 1))
            self.highlight.setVisible(True)
        else:
            self.highlight.setVisible(False)
        if self.note.text() != note_html:
            self.note.setText(note_html)

    def value_text_at(self, row: int, col: int) -> str | None:
        if self._table is None or not (0 <= row < self._table.shape[0] and 0 <= col < self._table.shape[1]):
            return None
        token = style.display_token(self._tokens[row]) if row < len(self._tokens) else str(row)
        return f"embedding[{row} '{token}', {col}] = {self._table[row, col]:.4f}"

    @guarded  # a hover must never take the window down
    def _on_mouse_moved(self, scene_pos) -> None:
        if not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            return
        point = self.plot.vb.mapSceneToView(scene_pos)
        text = self.value_text_at(int(np.floor(point.y() + 0.5)), int(np.floor(point.x() + 0.5)))
        self.hover_label.setText(text or self.tr("Hover the table to read a value."))
