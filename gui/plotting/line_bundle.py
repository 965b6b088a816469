"""Many lines over time as one graphics item (the Hidden state panel's neuron lines): a step
appends points in place and repaints only the strip where they landed.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen, QPolygonF
from rnn_stepper.gui import style


class Line:
    """One neuron's line in a LineBundle: its data and look (drawn by the bundle)."""

    def __init__(self, bundle: LineBundle):
        self._bundle = bundle
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self.polygons: list[QPolygonF] = []  # one per run of finite points
        self._last_x = None  # the last x the polygon holds (to recognise an appended step)
        self.opts = {"pen": pg.mkPen(None), "symbolBrush": QColor()}
        self.dot_pen = QPen()
        self.z = 0.0
        self._visible = True

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x, self.y

    def setData(self, x, y, notify: bool = True, finite: bool = False) -> None:
        """New points; `notify=False` when the caller updates several lines, then calls the
        bundle's data_changed() once; `finite=True` when the caller knows there is no NaN."""
        old = len(self.x)
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if (
            finite
            and len(self.polygons) == 1
            and old
            and len(self.x) > old
            and len(self.polygons[0]) == old
            and self.x[old - 1] == self._last_x
        ):
            # A step appended points after the old ones (which the caller's t values keep):
            # the polygon grows in place and only the new points are written.
            polygon = self.polygons[0]
            polygon.resize(len(self.x))
            points = pg.functions.ndarray_from_qpolygonf(polygon)
            points[old:, 0], points[old:, 1] = self.x[old:], self.y[old:]
            self._last_x = self.x[-1]
            if notify:
                self._bundle.data_changed()
            return
        self._last_x = self.x[-1] if len(self.x) else None
        finite_mask = (
            np.ones(len(self.x), dtype=bool) if finite else np.isfinite(self.x) & np.isfinite(self.y)
        )
        if finite_mask.all():
            runs = [(0, len(self.x))] if len(self.x) else []
        else:  # a NaN (a diverged network) breaks the line, as pyqtgraph's connect="finite"
            edges = np.flatnonzero(np.diff(np.concatenate([[0], finite_mask.astype(np.int8), [0]])))
            runs = list(zip(edges[0::2], edges[1::2]))
        self.polygons = []
        for start, stop in runs:  # filled in place through numpy: no QPointF per point
            polygon = pg.functions.create_qpolygonf(int(stop - start))
            points = pg.functions.ndarray_from_qpolygonf(polygon)
            points[:, 0], points[:, 1] = self.x[start:stop], self.y[start:stop]
            self.polygons.append(polygon)
        if notify:
            self._bundle.data_changed()

    def set_style(self, color: QColor, width: float, z: float) -> None:
        self.opts["pen"] = pg.mkPen(color, width=width)  # cosmetic: width in pixels
        self.opts["symbolBrush"] = QColor(color)
        self.dot_pen = QPen(QColor(color), style.MARKER_SIZE, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        self.dot_pen.setCosmetic(True)  # a round-capped point of MARKER_SIZE px is a marker
        self.z = z
        self._bundle.update()

    def isVisible(self) -> bool:
        return self._visible

    def setVisible(self, visible: bool) -> None:
        if bool(visible) != self._visible:
            self._visible = bool(visible)
            self._bundle.data_changed()

    def show(self) -> None:
        self.setVisible(True)

    def hide(self) -> None:
        self.setVisible(False)


class LineBundle(pg.GraphicsObject):
    """Up to 33 neuron lines as ONE graphics item.

    A PlotDataItem per line costs its data handling, bounds and paint bookkeeping at every step
    (33 lines: ~3 ms of Python a step, as much again to paint). Here a step stores each line as
    a polygon, and one paint draws them all, in z order, with opaque 1-px cosmetic pens on
    Qt's fast path; with few time steps each point also gets a round marker.
    """

    def __init__(self, count: int):
        super().__init__()
        self.lines = [Line(self) for _ in range(count)]
        self.symbols = False
        self._bounds: tuple[float, float, float, float] | None = None  # x0, x1, y0, y1 of the data
        # The bounding rect: the whole time axis and every y drawn so far. It changes rarely, so
        # a step repaints just the strip where the lines got their new points.
        self._x_extent = (0.0, 0.0)
        self._y_extent: tuple[float, float] | None = None
        self._y_fixed = False  # the y extent was given (tanh) and never grows
        self._bounds_known = False
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the scene (select)

    def set_extent(self, first: float, last: float, y_range: tuple[float, float] | None = None) -> None:
        """The x range the lines can cover (0 .. T-1) and the y range known in advance (tanh:
        -1 .. 1; else None: grown as values arrive)."""
        self.prepareGeometryChange()
        self._x_extent, self._y_extent = (float(first), float(last)), y_range
        self._y_fixed = y_range is not None
        self.update()

    def set_symbols(self, symbols: bool) -> None:
        self.symbols = bool(symbols)
        self.update()

    def data_changed(self, changed: tuple[float, float] | None = None) -> None:
        """The lines' data or visibility changed; `changed` = (first, last) x: only points in
        that range changed (a step adding or removing a time step), else anything may have."""
        self._bounds_known = False
        self.informViewBoundsChanged()  # a relu plot's auto range follows the data
        if not self._y_fixed:  # (else the lines stay inside the y extent given)
            bounds = self._data_bounds()
            if bounds is not None:
                y0, y1 = bounds[2], bounds[3]
                extent = self._y_extent or (y0, y1)
                if y0 < extent[0] or y1 > extent[1] or self._y_extent is None:
                    self.prepareGeometryChange()
                    self._y_extent = (min(extent[0], y0), max(extent[1], y1))
                    changed = None
        if changed is None or self._y_extent is None:
            self.update()
            return
        # The new points and the segments joining them to their neighbours, with room for the
        # widest pen and the markers.
        x0, x1 = changed[0] - 1.0, changed[1] + 1.0
        px, py = self._pixel_size()
        pad = style.MARKER_SIZE
        y0, y1 = self._y_extent
        self.update(QRectF(x0 - pad * px, y0 - pad * py, (x1 - x0) + 2 * pad * px, (y1 - y0) + 2 * pad * py))

    def _data_bounds(self) -> tuple[float, float, float, float] | None:
        """x0, x1, y0, y1 of the finite points drawn (computed when asked, then kept)."""
        if not self._bounds_known:
            shown = [line for line in self.lines if line._visible and line.polygons]
            self._bounds = None
            if shown:
                xs = np.concatenate([line.x for line in shown])
                ys = np.concatenate([line.y for line in shown])
                finite = np.isfinite(xs) & np.isfinite(ys)
                if finite.any():
                    xs, ys = xs[finite], ys[finite]
                    self._bounds = (float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max()))
            self._bounds_known = True
        return self._bounds

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        bounds = self._data_bounds()
        if bounds is None:
            return None, None
        x0, x1, y0, y1 = bounds
        return (x0, x1) if ax == 0 else (y0, y1)

    def boundingRect(self) -> QRectF:
        if self._y_extent is None:
            return QRectF()
        (x0, x1), (y0, y1) = self._x_extent, self._y_extent
        # Room for the widest pen and the markers: a few pixels in data units.
        px, py = self._pixel_size()
        pad = style.MARKER_SIZE
        return QRectF(x0 - pad * px, y0 - pad * py, (x1 - x0) + 2 * pad * px, (y1 - y0) + 2 * pad * py)

    def viewTransformChanged(self) -> None:
        self._pixel = None
        self.prepareGeometryChange()  # the pixel padding of the bounding rect changed

    def _pixel_size(self) -> tuple[float, float]:
        """One screen pixel in data units (kept until the view's transform changes)."""
        pixel = getattr(self, "_pixel", None)
        if pixel is None:
            pixel = (self.pixelWidth() or 0.0, self.pixelHeight() or 0.0)
            if pixel[0] and pixel[1]:  # (not in a view yet: ask again next time)
                self._pixel = pixel
        return pixel

    def paint(self, p, *args) -> None:
        shown = sorted(
            (line for line in self.lines if line._visible and line.polygons), key=lambda line: line.z
        )
        p.setRenderHint(p.RenderHint.Antialiasing, False)
        for line in shown:
            p.setPen(line.opts["pen"])
            for polygon in line.polygons:
                p.drawPolyline(polygon)
            if self.symbols:
                p.setRenderHint(p.RenderHint.Antialiasing, True)
                p.setPen(line.dot_pen)
                for polygon in line.polygons:
                    p.drawPoints(polygon)
                p.setRenderHint(p.RenderHint.Antialiasing, False)
