"""Plot widgets that ask for little room, for panels that scroll.

A pyqtgraph widget asks for 600 × 480 px (its size hint). Inside a QScrollArea whose contents
wrap text, the contents are made as tall as all their size hints together, so one such plot
turns a panel that would fit its dock into a scrolling one. These ask for `hint_height` and still
grow into any room the dock has.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize

HINT_WIDTH = 320


class CompactPlotWidget(pg.PlotWidget):
    def __init__(self, hint_height: int, **kwargs):
        super().__init__(**kwargs)
        self._hint = QSize(HINT_WIDTH, hint_height)
        self.setMinimumHeight(hint_height)

    def sizeHint(self) -> QSize:
        return self._hint


class CompactGraphicsLayout(pg.GraphicsLayoutWidget):
    def __init__(self, hint_height: int, **kwargs):
        super().__init__(**kwargs)
        self._hint = QSize(HINT_WIDTH, hint_height)
        self.setMinimumHeight(hint_height)

    def set_hint_height(self, height: int) -> None:
        self._hint = QSize(HINT_WIDTH, height)
        self.setMinimumHeight(height)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return self._hint
