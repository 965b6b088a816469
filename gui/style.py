"""Shared look of the GUI: colours, sizes and the one diverging colour map, in one place.

Panels import from here instead of inventing their own values, so that "blue = negative,
red = positive" means the same thing in every view.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP

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


def diverging_colormap() -> pg.ColorMap:
    """pyqtgraph ColorMap blue-white-red; pair with `symmetric_levels` so white means 0."""
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
            largest = float(np.abs(array).max())  # the usual case, without a copy of the finite values
            if not math.isfinite(largest):  # NaN or inf somewhere: the largest finite one
                finite = np.abs(array[np.isfinite(array)])
                largest = float(finite.max()) if finite.size else 0.0
            m = max(m, largest)
    m = max(m, minimum)
    return -m, m


# ---- application shell (main window, controls, configuration panel) -----------------------------

# (The app's name and icon live in gui/app_identity.py, the window size and loading text in
# gui/main_window.py: they are needed before the first paint, when this module, which loads
# pyqtgraph, is not imported yet.)
OK_COLOR = "#1a7f37"  # "matches nn.RNN" in the status bar
ERROR_COLOR = "#c62828"  # rejected configurations, mismatches, uncaught errors
MUTED_COLOR = "#666666"  # notes under form fields
CONFIG_LABEL_WIDTH = 110  # px, so that the form's fields line up
DOCK_TITLE_BACKGROUND = "#e9edf3"  # panel title bars, a shade off the panels so they read as headers
DOCK_SEPARATOR_COLOR = "#cfd5de"  # the draggable borders between panels
DOCK_SEPARATOR_PX = 5


# ---- line plots ------------------------------------------------------------------------------------

# Categorical colours for one line per neuron (Tableau 10), cycled when there are more lines.
LINE_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
LINE_WIDTH = 1.0  # px; 1 px keeps Qt on its fast path (32 wide translucent lines of 1000 points
# take ~30 ms to draw instead of ~5 ms)
FEW_LINES_WIDTH = 2.0  # when there are few short lines (opaque, so pyqtgraph draws segments fast)
FEW_LINES_POINTS = 2000  # "few": at most this many points over all lines
SELECTED_LINE_COLOR = "#111111"
SELECTED_LINE_WIDTH = 3.5
SELECTED_LINE_WIDTH_DENSE = 1.5  # beyond DENSE_SEQUENCE steps a thick line turns into a black blob
DENSE_SEQUENCE = 150
SMALL_SEQUENCE = 20  # up to this many time steps, points get a marker (a 3-step line is 3 dots)
MARKER_SIZE = 6
HOVER_TEXT_COLOR = "#404040"
ZERO_LINE_COLOR = "#c8c8c8"


class DecadeLogAxis(pg.AxisItem):
    """A log-scale axis labelled at 1, 2 and 5 times a power of ten (only at the powers when the
    view spans more than two decades). pyqtgraph labels every minor tick, and "0.1", "0.09",
    "0.08", ... pile up into one smudge."""

    def tickStrings(self, values, scale, spacing):
        strings = super().tickStrings(values, scale, spacing)
        if not self.logMode:
            return strings
        kept = (1.0,) if abs(self.range[1] - self.range[0]) > 2 else (1.0, 2.0, 5.0)
        out = []
        for value, text in zip(values, strings):
            mantissa = 10 ** (float(value) % 1.0)
            out.append(
                text if any(abs(mantissa - m) < 1e-3 or abs(mantissa - 10 * m) < 1e-2 for m in kept) else ""
            )
        return out


class IndexAxis(pg.AxisItem):
    """An axis for indices (neuron i, input j, time step t): ticks only at whole numbers.

    Image cells are placed so that index k is centred on k, and a tick at 0.5 would name no
    cell. Optional `names` add a word after the number (e.g. the token at each t: "0 我").
    """

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)  # an index is never "x0.001"
        self.names: dict[int, str] = {}

    def set_names(self, names: dict[int, str] | None) -> None:
        self.names = dict(names or {})
        self.picture = None  # pyqtgraph caches the drawn axis; force a redraw
        self.update()

    def tickValues(self, minVal, maxVal, size):
        levels = [
            (spacing, [v for v in values if float(v).is_integer()])
            for spacing, values in super().tickValues(minVal, maxVal, size)
            if spacing >= 1
        ]
        if not levels:  # zoomed in below one cell: label the whole numbers in view
            levels = [(1, [float(v) for v in range(int(np.ceil(minVal)), int(np.floor(maxVal)) + 1)])]
        return levels

    def tickStrings(self, values, scale, spacing):
        out = []
        for v in values:
            k = int(round(v * scale))
            out.append(f"{k} {self.names[k]}" if k in self.names else str(k))
        return out


# ---- calculation, output and code panels ------------------------------------------------------------

NUMBER_POINTS = 11  # monospace numbers in the calculation panel and the code view
NUMBER_DECIMALS = 4
CODE_POINTS = 10  # the code view and the shape table
CALC_MAX_PRINTED_VALUES = 8  # up to this hidden size whole vectors are printed; beyond, bar charts
BAR_ITEMS_MAX = 64  # up to this many bars are separate rectangles; beyond, one line per pixel column
# (a BarGraphItem of 1024 bars costs ~5 ms a frame; the lines well under 1 ms)
# One colour per term of the cell, used for its label and its bars (Tableau 10, as LINE_COLORS).
TERM_COLORS = {
    "input_term": "#4e79a7",
    "recurrent_term": "#f28e2b",
    "pre_activation": "#b07aa1",
    "h_t": "#59a14f",
}
ORDER_PARTING_BACKGROUND = "#fde2c4"  # the row where two orders' hidden states part ways
REFERENCE_MARK_COLOR = "#111111"  # nn.RNN's values drawn over the h_t bars
REFERENCE_MARKS_MAX = 128  # beyond this many neurons the dots would hide the bars; the ✓ line remains
PLACEHOLDER = "…"  # a term not revealed yet in sub-operation mode
HEADER_POINTS = 12
OUTPUT_TOP_K = 10  # tokens listed in the output panel's probability chart
PROBABILITY_COLOR = "#4e79a7"
PREDICTED_COLOR = "#e15759"  # the most probable token's bar
PREDICTION_POINTS = 15  # the "after … the model predicts …" sentence
TOKEN_POINTS = 11  # token labels on the probability axis
SPACE_GLYPH = "␣"  # a space token, which would otherwise be invisible
CODE_COMMENT_COLOR = "#6a737d"
CODE_KEYWORD_COLOR = "#a626a4"
CODE_STRING_COLOR = "#50a14f"
CODE_NUMBER_COLOR = "#986801"
COPIED_FEEDBACK_MS = 1500  # how long the Copy button says "Copied"


def monospace_font(point_size: float = NUMBER_POINTS):
    """The system's fixed-width font, with the bundled CJK font behind it for Chinese tokens."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
    from rnn_stepper.gui.fonts import register_bundled_font

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    # The system font may be an alias ("monospace" on Linux) that a family list would not resolve:
    # name the real family first, then the CJK font for the characters it lacks.
    font.setFamilies([QFontInfo(font).family(), register_bundled_font()])
    font.setPointSizeF(float(point_size))
    return font


def display_token(token: str) -> str:
    """A token as shown on screen: a space becomes a visible "␣"."""
    return token.replace(" ", SPACE_GLYPH) if token.strip() == "" else token


# ---- unrolled network panel ------------------------------------------------------------------------

NETWORK_BACKGROUND = "#ffffff"
NETWORK_GUTTER_BACKGROUND = "#f7f7f9"  # the fixed row-label column, so it reads as a header
NETWORK_TEXT = "#303030"
NETWORK_MUTED_TEXT = "#8a8a8a"  # time indices, not-yet-computed predictions
NETWORK_CELL_FILL = "#eef2f8"
NETWORK_CELL_BORDER = "#5b6b7f"
NETWORK_FADED_FILL = "#f6f6f6"  # cells not computed yet: drawn, but clearly "later"
NETWORK_FADED_BORDER = "#d0d0d0"
NETWORK_ARROW = "#4a4a4a"  # a value that has flowed along this arrow
NETWORK_FADED_ARROW = "#d3d3d3"  # a value that will flow later
NETWORK_BRANCH_ARROW = "#7f8c9d"  # bidirectional input split / output merge paths
NETWORK_CURRENT = CURSOR_COLOR  # outline of the cell being computed (same orange as plot cursors)
NETWORK_CURRENT_WIDTH = 3
NETWORK_MISMATCH = ERROR_COLOR  # outline of a cell that disagrees with nn.RNN
NETWORK_H0_FILL = "#fafafa"

NETWORK_DEFAULT_PITCH = 96.0  # px per time step (column) at zoom 1
NETWORK_MIN_PITCH = 0.5  # Fit puts 1000 steps in a 500 px view: columns thinner than a pixel
NETWORK_MIN_ROW_PITCH = 12.0  # px; Fit shrinks rows this far (strips without arrows) to show them all
NETWORK_MAX_PITCH = 180.0
NETWORK_ZOOM_FACTOR = 1.4  # one +/- press or Ctrl+wheel notch
NETWORK_DETAIL_PITCH = 44.0  # narrower columns collapse cells to colour strips without arrows
NETWORK_TOKEN_PITCH = 12.0  # narrower columns show time ticks instead of every token
NETWORK_CELL_WIDTH_FRACTION = 0.62  # of the column, in detailed mode; the rest holds h arrows
NETWORK_STRIP_BINS = 32  # at most this many colour bins per hidden state (mean per bin)
NETWORK_LABEL_WIDTH = 86  # fixed row-label column, px
NETWORK_H0_WIDTH = 64  # column holding h0 before t=0 (and after t=T-1 for the reverse rows)
NETWORK_RIGHT_MARGIN = 12
NETWORK_TOP_MARGIN = 6
NETWORK_OUTPUT_BAND = 38  # predicted next tokens above the top layer (text models)
NETWORK_NO_OUTPUT_BAND = 10
NETWORK_INPUT_BAND = 46  # input tokens and time indices under layer 0
NETWORK_BOTTOM_MARGIN = 4
NETWORK_ROW_PITCH_RANGE = (30.0, 104.0)  # px per row; rows share the height between these
# (30: four rows, 2 layers x 2 directions, fit the default layout
# of an 800 px tall window)
NETWORK_MAX_EXPORT_WIDTH = 30_000  # px; longer sequences are exported with narrower columns
NETWORK_TOKEN_PX = 20  # pixel sizes, so screen, PNG and SVG look alike
NETWORK_LABEL_PX = 13
NETWORK_SMALL_PX = 10
NETWORK_TOOLTIP_VALUES = 8  # h_t values listed in a cell's tooltip before "…"
# English; shown translated: QCoreApplication.translate("Style", NETWORK_ROLLED_CAPTION).
NETWORK_ROLLED_CAPTION = QT_TRANSLATE_NOOP("Style", "one cell, reused at every time step")

# ---- classroom mode, lesson notes, file dialogs -----------------------------------------------------

CLASSROOM_BADGE_BACKGROUND = "#fff4ce"  # the "Classroom mode" badge in the status bar: noticeable, calm
CLASSROOM_BADGE_TEXT = "#5c4400"
LESSON_NOTES_POINTS = 12  # the lesson's notes to students: larger than the UI font, read from a distance
LESSON_NOTES_TITLE_POINTS = 16
DIALOG_NOTE_COLOR = MUTED_COLOR  # explanations under dialog fields

# ---- learn mode: training, backpropagation, generation -----------------------------------------------

LOSS_COLOR = "#4e79a7"  # the training loss curve
LOSS_LINE_WIDTH = 2.0
LIVE_UPDATES_PER_SECOND = 5  # while training, the other panels follow the model at most this often
GRAD_NORM_MIN = 1e-12  # ||dL/dh|| below this is drawn at this value on the log scale (log 0 is -inf)
BACKWARD_CELL_COLOR = "#d62728"  # the cell the gradient is passing through, in the Backprop panel
LOSS_STEP_COLOR = CURSOR_COLOR  # t*, where the loss is measured
# One colour per gradient term (Tableau 10 again, so each term keeps its colour in text and bars).
GRAD_TERM_COLORS = {
    "grad_h_from_above": "#4e79a7",
    "grad_h_from_next": "#f28e2b",
    "grad_h": "#e15759",
    "activation_derivative": "#76b7b2",
    "grad_pre": "#b07aa1",
    "grad_h_prev": "#59a14f",
    "grad_bias": "#9c755f",
}
GENERATED_COLOR = PREDICTED_COLOR  # generated characters, after the muted prefix
GENERATED_POINTS = 20  # the generated text is read from a distance

# ---- cheap chrome ------------------------------------------------------------------------------------

# Flat scroll bars for panels repainted often: Fusion draws a scroll bar with gradients (~0.4 ms
# for the network's 1600 px bar, ~1 ms for the code view's two), solid colours draw ~3x faster.
FLAT_SCROLLBAR_STYLE = (
    "QScrollBar { background: #eeeeee; border: none; margin: 0; }"
    "QScrollBar:horizontal { height: 12px; } QScrollBar:vertical { width: 12px; }"
    "QScrollBar::handle { background: #c2c2c2; border-radius: 4px; margin: 2px; }"
    "QScrollBar::handle:hover { background: #a8a8a8; }"
    "QScrollBar::handle:horizontal { min-width: 24px; } QScrollBar::handle:vertical { min-height: 24px; }"
    "QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }"
    "QScrollBar::add-page, QScrollBar::sub-page { background: none; }"
)
TOOLBAR_BACKGROUND = "#f3f4f6"  # the controls bar, painted flat (a Fusion toolbar gradient costs ~0.7 ms)
TOOLBAR_EDGE = "#d0d4da"
