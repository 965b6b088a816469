"""Shared look of the GUI: colours, sizes and the one diverging colour map, in one place.

Panels import from here instead of inventing their own values, so that "blue = negative,
red = positive" means the same thing in every view.
"""

from __future__ import annotations

import numpy as np

# ---- plots (pyqtgraph) ---------------------------------------------------------------------------

PLOT_BACKGROUND = "#ffffff"  # light plots export well into slides and print
PLOT_FOREGROUND = "#303030"  # axes, ticks, labels
UNCOMPUTED_COLOR = "#d9d9d9"  # cells the stepper has not reached yet (distinct from white = 0)
SELECTION_COLOR = "#1a9e3f"  # outline of the selected neuron's row; green is in neither end of the map
SELECTION_WIDTH = 2  # px, cosmetic
CURSOR_COLOR = "#ff8c00"  # the current time step's vertical line
CURSOR_WIDTH = 2

# Diverging map for values centred on zero (weights, hidden states): ColorBrewer RdBu, reversed
# so that negative = blue and positive = red, with white exactly at zero.
DIVERGING_STOPS = (
    (0.00, (5, 48, 97)),
    (0.25, (67, 147, 195)),
    (0.50, (247, 247, 247)),
    (0.75, (214, 96, 77)),
    (1.00, (103, 0, 31)),
)


def diverging_colormap():
    """pyqtgraph ColorMap blue-white-red; pair with `symmetric_levels` so white means 0."""
    import pyqtgraph as pg  # imported here so that importing style never drags in Qt by itself

    positions = [p for p, _ in DIVERGING_STOPS]
    colors = [c for _, c in DIVERGING_STOPS]
    return pg.ColorMap(positions, colors, name="diverging")


def symmetric_levels(values, minimum: float = 1e-6) -> tuple[float, float]:
    """(-m, m) with m = max |value| (NaNs ignored), so that zero sits at the map's centre.

    `values` is a tensor/array or a list of them (e.g. every matrix in one view, so they share a
    scale); None entries are skipped. `minimum` keeps the range non-empty for all-zero data.
    """
    items = values if isinstance(values, (list, tuple)) else [values]
    m = 0.0
    for item in items:
        if item is None:
            continue
        array = item.detach().cpu().numpy() if hasattr(item, "detach") else np.asarray(item)
        if array.size:
            finite = np.abs(array[np.isfinite(array)])
            if finite.size:
                m = max(m, float(finite.max()))
    m = max(m, minimum)
    return -m, m
