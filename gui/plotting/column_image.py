"""Heatmap items for a [T, H] buffer that a step changes a few columns at a time (the Hidden
state panel's heatmap): an image that recolours only the changed columns, and a grey mask over
the time steps not computed yet that repaints only the strip that moved.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage


class ColumnImageItem(pg.ImageItem):
    """An ImageItem for a [T, H] float buffer (x = t, y = neuron) that changes a few columns at
    a time.

    pyqtgraph colours the whole image at every setImage (levels, then the lookup table: T x H
    values, 1M at T = 1000, H = 1024, a few ms per step). This item keeps the coloured pixels
    and, after `set_columns`, colours only the columns it names, with the same arithmetic as
    pyqtgraph; any other change (a plain setImage, new levels, colour map or shape) colours
    everything again at the next paint. `image`, `levels` and the colour map stay pyqtgraph's.
    """

    def __init__(self, **kwargs):
        super().__init__(axisOrder="col-major", **kwargs)
        self._pixels: np.ndarray | None = None  # [H, T] uint32 0xffRRGGBB: the QImage's memory
        self._made_for = None  # (image, shape, levels, lut) the pixels were coloured for
        self._palette_for = None
        self._palette = np.zeros(0, dtype=np.uint32)
        self._columns: set[int] | None = None  # columns to colour at the next render; None: all
        self._columns_call = False
        self._update_columns: np.ndarray | None = None  # set_columns: only these need a repaint

    def set_columns(self, image: np.ndarray, columns, levels) -> None:
        """Show `image` (the same buffer as before, or a new one) where only `columns` changed."""
        columns = np.asarray(columns, dtype=np.intp)
        if self._columns is not None:
            self._columns.update(int(c) for c in columns)
        same_levels = self.levels is not None and tuple(map(float, self.levels)) == tuple(map(float, levels))
        # New levels recolour every column: then the whole image is repainted.
        self._columns_call, self._update_columns = True, (columns if same_levels else None)
        try:
            self.setImage(image, autoLevels=False, levels=levels)
        finally:
            self._columns_call, self._update_columns = False, None

    def update(self, *args) -> None:
        """(pyqtgraph's setImage calls update(): after set_columns only those columns of the
        picture changed, so only they are repainted, not the whole T x H image.)"""
        columns = getattr(self, "_update_columns", None)  # (pyqtgraph updates while constructing)
        if args or columns is None or not columns.size or self.image is None:
            super().update(*args)
            return
        first, last = int(columns.min()), int(columns.max())
        if self.axisOrder == "col-major":  # x = the image's first axis (t), y = the second
            width, height = self.image.shape[0], self.image.shape[1]
            strip = QRectF(first, 0, last - first + 1, height)
            super().update(strip.intersected(QRectF(0, 0, width, height)))
        else:
            super().update()

    def setImage(self, image=None, autoLevels=None, **kwargs):
        if not self._columns_call:
            self._columns = None
        return super().setImage(image, autoLevels, **kwargs)

    def render(self):
        image, lut, levels = self.image, self.lut, self.levels
        if (
            image is None
            or image.ndim != 2
            or image.size == 0
            or image.dtype.kind != "f"
            or not isinstance(lut, np.ndarray)
            or lut.dtype != np.uint8
            or lut.ndim != 2
            or levels is None
            or np.ndim(levels) != 1
        ):
            self._made_for = None
            return super().render()  # not the case this item is for: pyqtgraph's general path
        low, high = float(levels[0]), float(levels[1])
        # setImage stores a new view of the buffer each time: identify the memory, not the view.
        key = (image.ctypes.data, image.shape, image.strides, low, high, id(lut))
        full = self._columns is None or key != self._made_for or self._pixels is None
        if self._palette_for is not lut:
            rgb = lut[:, :3].astype(np.uint32)
            self._palette = (0xFF000000 | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]).astype(np.uint32)
            self._palette_for = lut
        T, H = image.shape
        if full:
            if self._pixels is None or self._pixels.shape != (H, T):  # (kept: a painter may hold it)
                self._pixels = np.empty((H, T), dtype=np.uint32)
            self._pixels[:] = self._colour(image, low, high).T
        elif self._columns:
            columns = np.fromiter(self._columns, dtype=np.intp)
            self._pixels[:, columns] = self._colour(image[columns], low, high).T
        self._made_for = key
        self._columns = set()
        self.qimage = pg.functions.ndarray_to_qimage(self._pixels, QImage.Format.Format_RGB32)
        self._renderRequired = False
        self._unrenderable = False

    def _colour(self, values: np.ndarray, low: float, high: float) -> np.ndarray:
        """Values -> palette colours, as pyqtgraph maps a float image through levels and a LUT."""
        n = len(self._palette)
        span = (high - low) or 1.0
        index = values - low
        index *= n / span
        # fmax/fmin return the operand that is not NaN: one pass clips and sends NaN to 0, where
        # clip then nan_to_num took four passes over a T x H image (a full redraw at H = 1024)
        np.fmax(index, 0, out=index)
        np.fmin(index, n - 1, out=index)
        return self._palette[index.astype(np.intp)]


class MaskRect(pg.GraphicsObject):
    """A grey rectangle over the time steps not computed yet, inside a fixed area.

    A QGraphicsRectItem whose rect changes repaints its old and new rect: the whole grey part
    of the heatmap at every step. This one repaints only the strip that changed (its bounding
    rect is the fixed area, so moving the edge needs no geometry change).
    """

    def __init__(self, color: str):
        super().__init__()
        self._brush = QBrush(QColor(color))
        self._rect = QRectF()
        self._area = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks select through it

    def set_area(self, area: QRectF) -> None:
        self.prepareGeometryChange()
        self._area = QRectF(area)
        self.update()

    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def setRect(self, rect: QRectF) -> None:
        old, new = self._rect, QRectF(rect)
        if new == old:
            return
        self._rect = new
        if old.isEmpty() or new.isEmpty() or (old.top(), old.bottom()) != (new.top(), new.bottom()):
            self.update(old.united(new))
            return
        for a, b in ((old.left(), new.left()), (old.right(), new.right())):  # the moved edges
            if a != b:
                self.update(QRectF(min(a, b), new.top(), abs(a - b), new.height()))

    def boundingRect(self) -> QRectF:
        return QRectF(self._area)

    def paint(self, p, *args) -> None:
        p.fillRect(self._rect.intersected(self._area), self._brush)
