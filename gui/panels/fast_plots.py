"""Plot pieces that stay cheap when they are redrawn at every step (shared by several panels).

Measured on the benchmark window (H = 1024, T = 1000), the costly parts of a step were not the
numbers but how pyqtgraph was asked to draw them:

- a `BarGraphItem` records one rectangle per bar into a QPicture at every change and replays it
  at every paint (1024 bars: ~5 ms a frame); one filled step outline draws the same heights as
  a single polygon;
- auto-ranging makes every changed value move the axes, so the axes regenerate their ticks and
  the view paints twice per step; a range that changes only when the values outgrow it (or
  shrink far below it) stays put while stepping;
- Qt's raster engine draws translucent 1-px lines ~30x slower than opaque ones (35 grid lines
  of 500 px: 5.5 ms against 0.15 ms), and an axis's grid lines are repainted whenever anything
  in its plot changes.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPen

from gui import style

AXIS_BEHIND_DATA_Z = -200  # below the ViewBox (-100): grid lines go under the bars


class OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are opaque and drawn behind the data.

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
            blended = QColor(round(color.red() * a + bg.red() * (1 - a)),
                             round(color.green() * a + bg.green() * (1 - a)),
                             round(color.blue() * a + bg.blue() * (1 - a)))
            opaque = QPen(pen)
            opaque.setColor(blended)
            self._opaque_pens[key] = opaque
        return self._opaque_pens[key]


def nice_ceil(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is >= value (value > 0)."""
    exponent = math.floor(math.log10(value))
    for mantissa in (1.0, 2.0, 2.5, 5.0, 10.0):
        bound = mantissa * 10.0 ** exponent
        if bound >= value * (1 - 1e-12):
            return bound
    return 10.0 ** (exponent + 1)


class StickyRange:
    """A y range that covers the values and 0, on round numbers, and changes rarely.

    It grows as soon as a value falls outside, and shrinks only when the values need less than
    a third of it: stepping through cells of similar size keeps one scale (easier to compare,
    and the axes are not regenerated at every step).
    """

    SHRINK_BELOW = 1 / 3
    EMPTY = (-1.0, 1.0)  # all values zero (e.g. relu): a range that still shows the zero line

    def __init__(self):
        self.bounds: tuple[float, float] | None = None

    def reset(self) -> None:
        self.bounds = None

    def update(self, values: np.ndarray) -> bool:
        """Fit `values`; True when the bounds changed (the plot's range must be set again)."""
        finite = values[np.isfinite(values)] if values.size else values
        high = float(finite.max()) if finite.size else 0.0
        low = float(finite.min()) if finite.size else 0.0
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
            return nice_ceil(need) if need > 0.0 else 0.0
        return current


class BarSeries:
    """Vertical bars at x = 0, 1, …, n-1 in one plot, coloured by segments.

    Up to `style.BAR_ITEMS_MAX` bars they are a BarGraphItem (separate rectangles with gaps);
    beyond, each segment is one filled step outline (a PlotCurveItem with stepMode="center"
    filled to 0): one polygon, however many bars, and at hundreds of bars per few hundred
    pixels the gaps would not show anyway. `heights()` reads the values back from the items.
    """

    def __init__(self, plot: pg.PlotItem, z: float = 0.0):
        self._plot = plot
        self._z = z
        self._items: pg.BarGraphItem = pg.BarGraphItem(x=np.zeros(0), height=np.zeros(0), width=0.8, pen=None)
        self._items.setZValue(z)
        plot.addItem(self._items)
        self._curves: list[pg.PlotCurveItem] = []
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
            curve = pg.PlotCurveItem(x=np.zeros(1), y=np.zeros(0), pen=None, stepMode="center",
                                     fillLevel=0.0, antialias=False, skipFiniteCheck=True)
            curve.setZValue(self._z)
            self._plot.addItem(curve)
            self._curves.append(curve)
        if self.as_items:
            brushes = [pg.mkBrush(color) for n, color in self._segments for _ in range(n)]
            width = 0.8 if self._count < 200 else 1.0
            self._items.setOpts(x=np.arange(self._count, dtype=float), height=np.zeros(self._count),
                                width=width, brushes=brushes)
        start = 0
        for k, curve in enumerate(self._curves):
            if k < len(self._segments) and not self.as_items:
                n, color = self._segments[k]
                curve.setBrush(pg.mkBrush(color))
                curve.setData(x=np.arange(start - 0.5, start + n, dtype=float), y=np.zeros(n),
                              skipFiniteCheck=True)
                start += n
            else:
                curve.setData(x=np.zeros(1), y=np.zeros(0), skipFiniteCheck=True)
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
            x = curve.xData  # the bar edges stay; only the heights change
            curve.setData(x=x, y=values[start:start + n], skipFiniteCheck=True)
            start += n

    def heights(self) -> np.ndarray:
        """The heights drawn, read back from the items."""
        if self.as_items:
            return np.asarray(self._items.opts["height"])
        parts = [np.asarray(curve.yData) for curve, _ in zip(self._curves, self._segments)]
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
