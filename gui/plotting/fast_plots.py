"""Plot pieces that stay cheap when they are redrawn at every step (shared by several panels).

Measured on the benchmark window (H = 1024, T = 1000), the costly parts of a step were not the
numbers but how pyqtgraph was asked to draw them:

- a `BarGraphItem` records one rectangle per bar into a QPicture at every change and replays it
  at every paint (1024 bars: ~5 ms a frame); drawing one line per pixel column shows the same
  heights (without losing bars narrower than a pixel) for a few hundred lines;
- auto-ranging makes every changed value move the axes, so the axes regenerate their ticks and
  the view paints twice per step; a range that changes only when the values outgrow it (or
  shrink far below it) stays put while stepping;
- Qt's raster engine draws translucent 1-px lines ~30x slower than opaque ones (35 grid lines
  of 500 px: 5.5 ms against 0.15 ms), and an axis drawing a grid is repainted whenever
  anything in its plot changes: a GridLines item draws the grid opaque, behind the data.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPen
from rnn_stepper.gui import style

GRID_Z = -1000  # in the ViewBox, behind every data item
AXIS_BEHIND_DATA_Z = -200  # below the ViewBox (-100): an axis's grid lines go under the bars


class OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are opaque and drawn behind the data (for plots that keep
    pyqtgraph's showGrid; GridLines is cheaper still when the plot changes at every step).

    pyqtgraph draws a grid as translucent tick lines over the plot; here each translucent pen
    is replaced by the opaque colour it would have over the plot background, and the axis sits
    behind the ViewBox, so bars cover the grid instead of being tinted by it.
    """

    def __init__(self, orientation: str, background: str = style.PLOT_BACKGROUND, **kwargs):
        super().__init__(orientation, **kwargs)
        self._background = QColor(background)
        self._opaque_pens: dict[int, QPen] = {}
        self.enableAutoSIPrefix(False)

    def setZValue(self, z: float) -> None:  # PlotItem puts its axes at 0.5, over the data
        super().setZValue(AXIS_BEHIND_DATA_Z)

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False:
            return specs
        axis_spec, tick_specs, text_specs = specs
        return axis_spec, [(self._opaque(pen), a, b) for pen, a, b in tick_specs], text_specs

    def _opaque(self, pen: QPen) -> QPen:
        color = pen.color()
        if color.alpha() == 255:
            return pen
        key = color.rgba()
        if key not in self._opaque_pens:
            a, bg = color.alphaF(), self._background
            blended = QColor(
                round(color.red() * a + bg.red() * (1 - a)),
                round(color.green() * a + bg.green() * (1 - a)),
                round(color.blue() * a + bg.blue() * (1 - a)),
            )
            opaque = QPen(pen)
            opaque.setColor(blended)
            self._opaque_pens[key] = opaque
        return self._opaque_pens[key]


class GridLines(pg.GraphicsObject):
    """A plot's grid as one cheap item in its ViewBox, behind the data.

    pyqtgraph draws a grid as the axis's tick lines stretched over the plot, translucent: the
    axis then repaints whenever anything in the plot changes (its picture covers the plot),
    and Qt draws translucent 1-px lines ~30x slower than opaque ones (35 grid lines of 500 px:
    5.5 ms against 0.15 ms). Here the same lines, at the axis's tick values and with the
    colours pyqtgraph's grid would show over the background, are drawn opaque by this item,
    which is rebuilt only when the view's range or size changes.
    """

    def __init__(
        self,
        plot: pg.PlotItem,
        horizontal: bool,
        alpha: float,
        color: str = style.PLOT_FOREGROUND,
        background: str = style.PLOT_BACKGROUND,
    ):
        super().__init__()
        self._plot = plot
        self._horizontal = horizontal  # lines at the left axis's ticks (else the bottom's)
        self._alpha = float(alpha)
        self._color, self._background = QColor(color), QColor(background)
        self._lines: list[tuple[QPen, list[QLineF]]] = []
        self._rect = QRectF()
        self.setZValue(GRID_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        plot.addItem(self, ignoreBounds=True)
        plot.vb.sigRangeChanged.connect(self.rebuild)
        plot.vb.sigResized.connect(self.rebuild)
        self.rebuild()

    def rebuild(self, *_args) -> None:
        vb = self._plot.vb
        (x0, x1), (y0, y1) = vb.viewRange()
        size = vb.boundingRect()
        axis = self._plot.getAxis("left" if self._horizontal else "bottom")
        low, high = (y0, y1) if self._horizontal else (x0, x1)
        length = size.height() if self._horizontal else size.width()
        lines: list[tuple[QPen, list[QLineF]]] = []
        if length > 0 and high > low:
            if axis._tickLevels is None:
                levels = axis.tickValues(low, high, length)
            else:  # ticks set by hand (setTicks): (value, text) pairs per level
                levels = [(None, [v for v, _ in level]) for level in axis._tickLevels]
            seen: set[float] = set()
            for i, (_spacing, values) in enumerate(levels):
                values = [v for v in values if low <= v <= high and v not in seen]
                seen.update(values)
                if not values:
                    continue
                # pyqtgraph's grid alpha for tick level i (see AxisItem.generateDrawSpecs)
                alpha = 1.0 / (i + 1) * self._alpha * min(1.0, max(0.0, 0.05 * length / (len(values) + 1)))
                pen = QPen(self._blend(alpha))
                pen.setCosmetic(True)
                pen.setWidth(1)
                if self._horizontal:
                    lines.append((pen, [QLineF(x0, v, x1, v) for v in values]))
                else:
                    lines.append((pen, [QLineF(v, y0, v, y1) for v in values]))
        self.prepareGeometryChange()
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self._lines = lines
        self.update()

    def _blend(self, alpha: float) -> QColor:
        c, bg = self._color, self._background
        mix = lambda a, b: round(a * alpha + b * (1 - alpha))  # noqa: E731
        return QColor(mix(c.red(), bg.red()), mix(c.green(), bg.green()), mix(c.blue(), bg.blue()))

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, p, *args) -> None:
        p.setRenderHint(p.RenderHint.Antialiasing, False)
        for pen, lines in self._lines:
            p.setPen(pen)
            p.drawLines(lines)


NICE_MANTISSAS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(value: float) -> float:
    """The smallest round number (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) >= value > 0."""
    if not math.isfinite(value) or value >= 1e300:
        return value  # (no rounder number to offer)
    exponent = math.floor(math.log10(value))
    for mantissa in NICE_MANTISSAS:
        bound = mantissa * 10.0**exponent
        if bound >= value * (1 - 1e-12):
            return bound
    return 10.0 ** (exponent + 1)


class StickyRange:
    """A y range that covers the values and 0, on round numbers, and changes rarely.

    It grows as soon as a value falls outside (leaving a quarter more room), and shrinks only
    when the values need less than 40% of it: stepping through cells of similar size keeps one
    scale (easier to compare, and the axes are not regenerated at every step).
    """

    HEADROOM = 1.25  # room left above the values when the range is set, so it lasts
    SHRINK_BELOW = 0.4
    EMPTY = (-1.0, 1.0)  # all values zero (e.g. relu): a range that still shows the zero line

    def __init__(self):
        self.bounds: tuple[float, float] | None = None
        self._least: tuple[float, float] = (0.0, 0.0)

    def reset(self, least: tuple[float, float] = (0.0, 0.0)) -> None:
        """Forget the values; `least` is a range always covered (tanh values: (-1, 1), which
        then never changes)."""
        self.bounds = None
        self._least = (min(0.0, least[0]), max(0.0, least[1]))

    def update(self, values: np.ndarray) -> bool:
        """Fit `values`; True when the bounds changed (the plot's range must be set again)."""
        finite = values[np.isfinite(values)] if values.size else values
        high = max(float(finite.max()) if finite.size else 0.0, self._least[1])
        low = min(float(finite.min()) if finite.size else 0.0, self._least[0])
        old_low, old_high = self.bounds or (None, None)
        new_high = self._side(max(high, 0.0), old_high)
        new_low = -self._side(max(-low, 0.0), None if old_low is None else -old_low) or 0.0
        if new_high == 0.0 and new_low == 0.0:
            bounds = self.EMPTY
        else:
            bounds = (new_low, new_high)
        if bounds == self.bounds:
            return False
        self.bounds = bounds
        return True

    def _side(self, need: float, current: float | None) -> float:
        """One side's bound (>= 0) for a need (>= 0): kept unless outgrown or far too big."""
        if current is None or need > current or need < current * self.SHRINK_BELOW:
            if need > 0.0 and need in (self._least[1], -self._least[0]):
                return need  # exactly the range always covered: no headroom needed
            return nice_ceil(need * self.HEADROOM) if need > 0.0 else 0.0
        return current


class EnvelopeBars(pg.GraphicsObject):
    """Many adjacent bars (bar i spans [i - 0.5, i + 0.5], offset by `x0`) drawn per pixel
    column: each column of pixels gets one vertical line from the lowest to the highest value
    (and 0) among the bars it covers, all of them painted as one small image.

    With more bars than pixels, a rectangle or polygon per bar would be drawn only where it
    covers a pixel's centre, so a lone tall bar could vanish; here no bar is lost, and the cost
    is one line per pixel column (a few hundred) however many bars there are. Bars wider than
    a pixel come out as solid blocks, the same as rectangles.
    """

    def __init__(self, color: str, x0: float = 0.0):
        super().__init__()
        self._argb = np.uint32(0)
        self.set_color(color)
        self._x0 = float(x0)
        self._values = np.zeros(0)
        self._low = self._high = 0.0  # of the values now
        self._extent = (0.0, 0.0)  # the bounding rect's y extent: only grows (no per-step change)

    def set_color(self, color: str) -> None:
        self._argb = np.uint32(QColor(color).rgba() | 0xFF000000)  # opaque: premultiplied as is
        self.update()

    def set_values(self, values: np.ndarray, x0: float | None = None) -> None:
        values = np.asarray(values)
        finite = values[np.isfinite(values)] if values.size else values  # (a NaN draws no bar)
        low = min(0.0, float(finite.min())) if finite.size else 0.0
        high = max(0.0, float(finite.max())) if finite.size else 0.0
        moved = x0 is not None and float(x0) != self._x0
        resized = moved or values.size != self._values.size
        extent = (0.0, 0.0) if resized else self._extent
        extent = (min(extent[0], low), max(extent[1], high))
        if resized or extent != self._extent:
            self.prepareGeometryChange()
        if resized or (low, high) != (self._low, self._high):
            self.informViewBoundsChanged()  # (only an auto-ranging view listens)
        if x0 is not None:
            self._x0 = float(x0)
        self._values, self._low, self._high, self._extent = values, low, high, extent
        self.update()

    def values(self) -> np.ndarray:
        return self._values

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        if not self._values.size:
            return None, None
        if ax == 0:
            return self._x0 - 0.5, self._x0 + self._values.size - 0.5
        return self._low, self._high

    def boundingRect(self) -> QRectF:
        if not self._values.size:
            return QRectF()
        low, high = self._extent
        span = (high - low) or 1.0
        pad = span * 0.02  # the outermost pixel row of a line may round outwards
        return QRectF(self._x0 - 0.5, low - pad, float(self._values.size), span + 2 * pad)

    def paint(self, p, *args) -> None:
        n = self._values.size
        transform = p.transform()
        sx, dx, sy, dy = transform.m11(), transform.dx(), transform.m22(), transform.dy()
        if (
            not n
            or transform.m12() != 0
            or transform.m21() != 0
            or sx == 0
            or sy == 0
            or not all(math.isfinite(v) for v in (sx, dx, sy, dy))
        ):
            return  # (a plot never rotates its data; a view not laid out yet shows nothing)
        left, right = sorted(((self._x0 - 0.5) * sx + dx, (self._x0 + n - 0.5) * sx + dx))
        top, bottom = -math.inf, math.inf
        clip = p.clipBoundingRect()
        if not clip.isEmpty():  # only the pixels in view (the user may have zoomed in)
            xs = sorted((clip.left() * sx + dx, clip.right() * sx + dx))
            ys = sorted((clip.top() * sy + dy, clip.bottom() * sy + dy))
            left, right = max(left, xs[0]), min(right, xs[1])
            top, bottom = ys[0], ys[1]
        first, last = math.floor(left), math.ceil(right)
        if last <= first:
            return
        columns = np.arange(first, last, dtype=float)  # device x of each column's left edge
        # The data x interval of each column, then the bars it touches: bar i covers
        # [i - 0.5, i + 0.5] (relative to x0).
        d0 = (columns - dx) / sx - self._x0
        d1 = (columns + 1 - dx) / sx - self._x0
        if sx < 0:
            d0, d1 = d1, d0
        starts = np.clip(np.floor(d0 + 0.5), 0, n - 1).astype(np.intp)
        ends = np.clip(np.ceil(d1 + 0.5) - 1, 0, n - 1).astype(np.intp)
        touched = (ends >= starts) & (d1 > -0.5) & (d0 < n - 0.5)
        values = self._values[: int(ends.max()) + 1]
        values = np.nan_to_num(values, nan=0.0, posinf=self._high, neginf=self._low)
        high = np.maximum.reduceat(np.maximum(values, 0.0), starts)
        low = np.minimum.reduceat(np.minimum(values, 0.0), starts)
        # Device rows each column covers (any part of a pixel counts, as no bar may vanish).
        limit = 1e7  # device rows far outside any view: clipped before rounding
        y_a = np.clip(low * sy + dy, -limit, limit)
        y_b = np.clip(high * sy + dy, -limit, limit)
        row0 = np.floor(np.minimum(y_a, y_b)).astype(np.int32)
        row1 = np.ceil(np.maximum(y_a, y_b)).astype(np.int32)
        row1[~touched] = row0[~touched]
        image_top = int(max(row0.min(), math.floor(top) if top > -math.inf else row0.min()))
        image_bottom = int(min(row1.max(), math.ceil(bottom) if bottom < math.inf else row1.max()))
        if image_bottom <= image_top or image_bottom - image_top > 20_000:
            return
        # The lines as one small image: a few hundred vertical lines are ~2x slower to draw
        # one by one through Qt (and PySide converts every point of a drawLines polygon).
        # The image owns its pixels: an SVG or PDF painter keeps the image until it ends.
        rows = np.arange(image_top, image_bottom, dtype=np.int32)[:, None]
        image = QImage(len(columns), len(rows), QImage.Format.Format_ARGB32_Premultiplied)
        pixels = np.frombuffer(image.bits(), dtype=np.uint32).reshape(len(rows), -1)[:, : len(columns)]
        inside = (rows >= row0) & (rows < row1)
        np.multiply(inside, self._argb, out=pixels, dtype=np.uint32)
        p.save()
        try:
            p.resetTransform()
            p.drawImage(QPointF(first, image_top), image)
        finally:
            p.restore()


class BarSeries:
    """Vertical bars at x = 0, 1, …, n-1 in one plot, coloured by segments.

    Up to `style.BAR_ITEMS_MAX` bars they are a BarGraphItem (separate rectangles with gaps);
    beyond, each segment is an EnvelopeBars item (one line per pixel column): at hundreds of
    bars per few hundred pixels gaps would not show anyway. `heights()` reads the values back
    from the items.
    """

    def __init__(self, plot: pg.PlotItem, z: float = 0.0):
        self._plot = plot
        self._z = z
        self._items: pg.BarGraphItem = pg.BarGraphItem(x=np.zeros(0), height=np.zeros(0), width=0.8, pen=None)
        self._items.setZValue(z)
        plot.addItem(self._items)
        self._curves: list[EnvelopeBars] = []
        self._segments: list[tuple[int, str]] = []
        self._count = 0
        self._visible = True

    @property
    def as_items(self) -> bool:
        return self._count <= style.BAR_ITEMS_MAX

    def set_layout(self, segments: list[tuple[int, str]]) -> None:
        """(count, colour) per segment, left to right: e.g. [(H, forward), (H, reverse)]."""
        self._segments = [(int(n), color) for n, color in segments]
        self._count = sum(n for n, _ in self._segments)
        while len(self._curves) < len(self._segments):
            curve = EnvelopeBars(style.PLOT_FOREGROUND)
            curve.setZValue(self._z)
            self._plot.addItem(curve)
            self._curves.append(curve)
        if self.as_items:
            brushes = [pg.mkBrush(color) for n, color in self._segments for _ in range(n)]
            width = 0.8 if self._count < 200 else 1.0
            self._items.setOpts(
                x=np.arange(self._count, dtype=float),
                height=np.zeros(self._count),
                width=width,
                brushes=brushes,
            )
        start = 0
        for k, curve in enumerate(self._curves):
            if k < len(self._segments) and not self.as_items:
                n, color = self._segments[k]
                curve.set_color(color)
                curve.set_values(np.zeros(n), x0=start)
                start += n
            else:
                curve.set_values(np.zeros(0))
        self._apply_visibility()

    def set_heights(self, values: np.ndarray) -> None:
        values = np.asarray(values)
        if values.shape != (self._count,):
            raise ValueError(f"expected {self._count} bar heights, got shape {values.shape}")
        if self.as_items:
            self._items.setOpts(height=values)
            return
        start = 0
        for curve, (n, _color) in zip(self._curves, self._segments):
            curve.set_values(values[start : start + n])
            start += n

    def heights(self) -> np.ndarray:
        """The heights drawn, read back from the items."""
        if self.as_items:
            return np.asarray(self._items.opts["height"])
        parts = [curve.values() for curve, _ in zip(self._curves, self._segments)]
        return np.concatenate(parts) if parts else np.zeros(0)

    def setVisible(self, visible: bool) -> None:
        if bool(visible) != self._visible:
            self._visible = bool(visible)
            self._apply_visibility()

    def isVisible(self) -> bool:
        return self._visible

    def _apply_visibility(self) -> None:
        self._items.setVisible(self._visible and self.as_items)
        for k, curve in enumerate(self._curves):
            curve.setVisible(self._visible and not self.as_items and k < len(self._segments))
