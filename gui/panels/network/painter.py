"""The unrolled network: every cell of the RNN over time (columns) and layers (rows).

Why it is painted by hand: a 1000-step, 3-layer bidirectional net has 6000 cells, and one
graphics item per cell would make every step, scroll and zoom slow. One paint routine draws only
the columns in view, reading the stepper's hidden tensor (downsampled to a few colour bins with
torch), and the same routine paints the whole network into an image or an SVG for export.

"Rolled" mode draws the network as the lesson first does: one cell per layer and direction, with
its loop arrow, because every cell of a row in the unrolled view is that one cell reused.

Gated cells: an LSTM carries a second state, c_t, from cell to cell; it is drawn as a second
track above h_t (its own strip in each cell and its own c_{t-1} -> c_t arrows), coloured on its
own scale (c_t is not squashed: ±1, or ± the largest |c| so far when that is larger). The rolled
view draws the gates of nn.LSTM (i, f, g, o and the c path) or nn.GRU (r, z, n) inside the cell,
lighting up those the current sub-operation has revealed. Only values the stepper computed are
drawn; nothing is recomputed here.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLineF, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath,
                           QPainterPathStroker, QPen, QPixmap, QPolygonF)
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QScrollBar, QSizePolicy, QToolButton,
                               QToolTip, QVBoxLayout, QWidget)

from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import cjk_font
from rnn_stepper.gui.session import STAGE_FULL, stage_name
from rnn_stepper.gui.steady_label import steady

log = logging.getLogger(__name__)

ARROW_HEAD = 6.0  # px, length of an arrow head
ROLLED_GATED_LAYER_H = 150.0  # px, the least height of a layer whose rolled cell shows its gates
# The nonlinearity of each gate, as written in the rolled cell (engine/cell.py's formulas).
GATE_FUNCTIONS = {"i": "σ", "f": "σ", "g": "tanh", "o": "σ", "r": "σ", "z": "σ", "n": "tanh"}
STEP_REPAINT_MAX_CELLS = 64  # a step touching more cells than this redraws the whole view
DIRECTION_ARROWS = ("→", "←")
DIRECTION_NAMES = (QT_TRANSLATE_NOOP("NetworkPanel", "forward"),
                   QT_TRANSLATE_NOOP("NetworkPanel", "reverse"))


def _color(value: str | tuple) -> QColor:
    return QColor(*value) if isinstance(value, tuple) else QColor(value)


def _diverging_lut(size: int = 256) -> np.ndarray:
    """[size, 4] RGBA bytes of the shared blue-white-red map, index 0 = -1, size-1 = +1."""
    positions = np.array([p for p, _ in style.DIVERGING_STOPS])
    rgb = np.array([c for _, c in style.DIVERGING_STOPS], dtype=float)
    x = np.linspace(0.0, 1.0, size)
    lut = np.empty((size, 4), dtype=np.uint8)
    for channel in range(3):
        lut[:, channel] = np.round(np.interp(x, positions, rgb[:, channel]))
    lut[:, 3] = 255
    return lut


def _rgba(color: str) -> np.ndarray:
    c = QColor(color)
    return np.array([c.red(), c.green(), c.blue(), 255], dtype=np.uint8)


def _strip_image(rgba: np.ndarray) -> QImage:
    """A QImage owning a copy of an [h, w, 4] RGBA byte array."""
    rgba = np.ascontiguousarray(rgba)
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def _font(pixels: float, bold: bool = False) -> QFont:
    """The bundled CJK font at a pixel size (pixels, so screen, PNG and SVG look the same)."""
    font = cjk_font()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def _fmt_values(values: torch.Tensor) -> str:
    n = style.NETWORK_TOOLTIP_VALUES
    shown = ", ".join(f"{v:+.4f}" for v in values[:n].tolist())
    return f"[{shown}{', …' if values.numel() > n else ''}]"


def _nice_step(minimum: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `minimum`."""
    step = 1
    while step < minimum:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step >= minimum:
                break
    return step


# ---- geometry ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Geometry:
    """Where things are in the unrolled scene (the whole network, unscrolled).

    x: [h0 column][T time-step columns][reverse h0 column][margin], 0 = right of the fixed row
    labels. y: output band (predicted tokens), the rows (top layer first; in a bidirectional
    layer the reverse row sits above the forward row), the input band (tokens, t).
    """

    T: int
    L: int
    D: int
    has_head: bool
    pitch: float  # px per time step
    row_pitch: float  # px per row

    @property
    def rows(self) -> int:
        return self.L * self.D

    @property
    def detailed(self) -> bool:
        return self.pitch >= style.NETWORK_DETAIL_PITCH

    @property
    def columns_left(self) -> float:
        return float(style.NETWORK_H0_WIDTH)

    @property
    def width(self) -> float:
        right_h0 = style.NETWORK_H0_WIDTH if self.D == 2 else 0
        return self.columns_left + self.T * self.pitch + right_h0 + style.NETWORK_RIGHT_MARGIN

    @property
    def rows_top(self) -> float:
        band = style.NETWORK_OUTPUT_BAND if self.has_head else style.NETWORK_NO_OUTPUT_BAND
        return style.NETWORK_TOP_MARGIN + band

    @property
    def input_top(self) -> float:
        return self.rows_top + self.rows * self.row_pitch

    @property
    def height(self) -> float:
        return self.input_top + style.NETWORK_INPUT_BAND + style.NETWORK_BOTTOM_MARGIN

    @staticmethod
    def fixed_height(has_head: bool) -> float:
        """Height of everything but the rows, to share the rest between them."""
        band = style.NETWORK_OUTPUT_BAND if has_head else style.NETWORK_NO_OUTPUT_BAND
        return (style.NETWORK_TOP_MARGIN + band + style.NETWORK_INPUT_BAND
                + style.NETWORK_BOTTOM_MARGIN)

    def visual_row(self, layer: int, direction: int) -> int:
        return (self.L - 1 - layer) * self.D + (self.D - 1 - direction)

    def row_cell(self, visual_row: int) -> tuple[int, int]:
        layer_from_top, direction_from_bottom = divmod(visual_row, self.D)
        return self.L - 1 - layer_from_top, self.D - 1 - direction_from_bottom

    def row_top(self, layer: int, direction: int) -> float:
        return self.rows_top + self.visual_row(layer, direction) * self.row_pitch

    def column_x(self, t: int) -> float:
        return self.columns_left + t * self.pitch

    def column_center(self, t: int) -> float:
        return self.column_x(t) + self.pitch / 2

    @property
    def cell_width(self) -> float:
        if self.detailed:
            return self.pitch * style.NETWORK_CELL_WIDTH_FRACTION
        return self.pitch - 1 if self.pitch >= 4 else self.pitch

    @property
    def cell_height(self) -> float:
        # at least 18 px between rows for the arrows, but never more than 40 % of a short row
        gap = min(max(self.row_pitch * 0.36, 18.0), 34.0, self.row_pitch * 0.4) if self.detailed else 6.0
        return self.row_pitch - gap

    def cell_rect(self, layer: int, direction: int, t: int) -> QRectF:
        w, h = self.cell_width, self.cell_height
        return QRectF(self.column_x(t) + (self.pitch - w) / 2,
                      self.row_top(layer, direction) + (self.row_pitch - h) / 2, w, h)

    def h0_rect(self, layer: int, direction: int) -> QRectF:
        w = style.NETWORK_H0_WIDTH * 0.62
        h = min(self.cell_height, 40.0)
        x0 = 0.0 if direction == 0 else self.column_x(self.T)
        return QRectF(x0 + (style.NETWORK_H0_WIDTH - w) / 2,
                      self.row_top(layer, direction) + (self.row_pitch - h) / 2, w, h)

    def t_range(self, x0: float, x1: float) -> range:
        """Time steps whose columns meet the scene's x interval [x0, x1]."""
        first = math.floor((x0 - self.columns_left) / self.pitch)
        last = math.floor((x1 - self.columns_left) / self.pitch)
        return range(max(0, first), min(self.T, last + 1))

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell under a scene point: anywhere in its column within its row's band."""
        t = math.floor((x - self.columns_left) / self.pitch)
        visual = math.floor((y - self.rows_top) / self.row_pitch)
        if not (0 <= t < self.T and 0 <= visual < self.rows):
            return None
        layer, direction = self.row_cell(visual)
        rect = self.cell_rect(layer, direction, t)
        slack = 4.0  # a little margin, so thin zoomed-out strips are easy to hit
        if rect.adjusted(-slack, -slack, slack, slack).contains(QPointF(x, y)):
            return Cell(layer, direction, t)
        return None


# ---- what is drawn: read from the session, never computed here beyond display binning ------------

class _NetworkState:
    """Reads the session's simulation for drawing, caching what only changes with a step."""

    def __init__(self, session):
        self.session = session
        self.view = session.view()
        self.lut = _diverging_lut()
        self._spans_key = None
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}
        self._scale_key = None
        self._scale = 1.0
        self._c_prefix_key = None
        self._c_prefix = np.ones(1)  # [k]: the largest finite |c| over the first k cells (at least 1)

    # facts about the network
    @property
    def sim(self):
        return self.session.simulation

    @property
    def stepper(self):
        return self.session.simulation.stepper

    @property
    def batch(self) -> int:
        return min(self.view.batch_index, self.stepper.B - 1)

    @property
    def has_cell_state(self) -> bool:
        """An LSTM: a second state c_t flows along each row beside h_t."""
        return self.stepper.cell_state is not None

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.sim.config.cell]

    @property
    def has_head(self) -> bool:
        return self.sim.model.head is not None

    @property
    def tokens(self) -> list[str] | None:
        return self.sim.tokens

    def token_text(self, t: int) -> str:
        tokens = self.tokens
        return style.display_token(tokens[t]) if tokens is not None else f"x{_subscript(t)}"

    # progress
    def current_cell(self) -> Cell | None:
        record = self.view.record
        return None if record is None else Cell(record.layer, record.direction, record.t)

    def in_progress(self) -> Cell | None:
        """The current cell while its sub-operations are still being revealed."""
        return self.current_cell() if self.view.record is not None and self.view.stage < STAGE_FULL else None

    def span(self, layer: int, direction: int) -> tuple[int, int]:
        """[lo, hi): the time steps of this row computed so far (a prefix of its sweep)."""
        key = (id(self.stepper), self.stepper.position)
        if key != self._spans_key:
            self._spans_key, self._spans = key, {}
        if (layer, direction) not in self._spans:
            s, T = self.stepper, self.stepper.T
            lo, hi = 0, T  # binary search: the first sweep offset that is not computed
            while lo < hi:
                mid = (lo + hi) // 2
                if s.is_computed(layer, direction, mid if direction == 0 else T - 1 - mid):
                    lo = mid + 1
                else:
                    hi = mid
            self._spans[(layer, direction)] = (0, lo) if direction == 0 else (T - lo, T)
        return self._spans[(layer, direction)]

    def complete(self, layer: int, direction: int, t: int) -> bool:
        lo, hi = self.span(layer, direction)
        return lo <= t < hi and Cell(layer, direction, t) != self.in_progress()

    def latest_t(self, layer: int, direction: int) -> int | None:
        """The row's most recently computed time step (what the rolled cell holds now)."""
        lo, hi = self.span(layer, direction)
        if lo >= hi:
            return None
        return hi - 1 if direction == 0 else lo

    def complete_mask(self, ts: range) -> np.ndarray:
        """[n, rows] bool, rows ordered like the stepper's (layer * D + direction)."""
        s = self.stepper
        t = np.arange(ts.start, ts.stop)[:, None]
        lo = np.array([self.span(r // s.D, r % s.D)[0] for r in range(s.L * s.D)])[None, :]
        hi = np.array([self.span(r // s.D, r % s.D)[1] for r in range(s.L * s.D)])[None, :]
        mask = (t >= lo) & (t < hi)
        busy = self.in_progress()
        if busy is not None and busy.t in ts:
            mask[busy.t - ts.start, busy.layer * s.D + busy.direction] = False
        return mask

    # colours
    def value_scale(self) -> float:
        """tanh states already lie in [-1, 1]; relu states are scaled by the largest one so far."""
        if self.stepper.nonlinearity != "relu":
            return 1.0
        key = (id(self.stepper), self.stepper.position, self.batch)
        if key != self._scale_key:
            s, m = self.stepper, 0.0
            for row in range(s.L * s.D):
                lo, hi = self.span(row // s.D, row % s.D)
                if hi > lo:
                    m = max(m, float(s.hidden[lo:hi, row, self.batch].abs().max()))
            self._scale_key, self._scale = key, (m if m > 0 else 1.0)
        return self._scale

    @torch.no_grad()
    def c_scale(self) -> float:
        """LSTM: c_t is not squashed, so its colours span ± the largest |c| computed so far when
        that exceeds 1 (else ±1, like a tanh h_t).

        Kept as a running maximum over the schedule's cells, extended by the cells computed since
        (one gather for all of them), so a step costs one cell's work, not a scan of the trace:
        at T = 1000, H = 1024 the scan took 27 ms a step. Stepping back reads the prefix."""
        s = self.stepper
        key = (id(s), self.batch)
        if key != self._c_prefix_key:
            self._c_prefix_key, self._c_prefix = key, np.ones(1)
        known = len(self._c_prefix) - 1
        if s.position > known:
            cells = [s.schedule.cell(i) for i in range(known, s.position)]
            ts = torch.tensor([c.t for c in cells])
            rows = torch.tensor([c.layer * s.D + c.direction for c in cells])
            peaks = s.cell_state[ts, rows, self.batch].abs().amax(1).double().numpy()
            peaks[~np.isfinite(peaks)] = 0.0  # NaN or inf: no scale to show (the check reports it)
            self._c_prefix = np.concatenate((self._c_prefix, np.maximum.accumulate(
                np.maximum(peaks, self._c_prefix[-1]))))
        return float(self._c_prefix[s.position])

    def bins(self, width: int | None = None) -> int:
        """Colour bins of a state `width` numbers wide (h_t's, H_out, when not given)."""
        return min(self.stepper.H_out if width is None else width, style.NETWORK_STRIP_BINS)

    @torch.no_grad()
    def binned(self, states: torch.Tensor, scale: float | None = None) -> np.ndarray:
        """[..., H] states -> [..., bins] in [-1, 1]: the mean of each bin, scaled for display
        (by `scale`, h_t's value_scale when not given)."""
        shape, H = states.shape[:-1], states.shape[-1]
        flat = states.reshape(-1, 1, H).float()
        if H > self.bins(H):
            flat = F.adaptive_avg_pool1d(flat, self.bins(H))
        values = (flat / (self.value_scale() if scale is None else scale)).clamp_(-1.0, 1.0)
        return values.reshape(*shape, -1).numpy()

    def colors_of(self, values: np.ndarray) -> np.ndarray:
        """Values in [-1, 1] -> RGBA bytes through the diverging map (white = 0)."""
        index = np.rint((values + 1.0) * 0.5 * (len(self.lut) - 1)).astype(np.intp)
        return self.lut[np.clip(index, 0, len(self.lut) - 1)]

    def strip_rgba(self, ts: range) -> np.ndarray:
        """[n, rows, bins, 4] colours of the hidden states at time steps `ts` (visible ones only)."""
        hidden = self.stepper.hidden[ts.start:ts.stop, :, self.batch, :]
        return self.colors_of(self.binned(hidden))

    def h0_rgba(self) -> np.ndarray:
        """[rows, bins, 4] colours of h0."""
        return self.colors_of(self.binned(self.sim.h0[:, self.batch, :]))

    def c_strip_rgba(self, ts: range) -> np.ndarray:
        """LSTM: [n, rows, bins, 4] colours of the cell states c_t at time steps `ts`."""
        cells = self.stepper.cell_state[ts.start:ts.stop, :, self.batch, :]
        return self.colors_of(self.binned(cells, self.c_scale()))

    def c0_rgba(self) -> np.ndarray:
        """LSTM: [rows, bins, 4] colours of c0 (zeros when the stepper was given none)."""
        return self.colors_of(self.binned(self.stepper.c0[:, self.batch, :], self.c_scale()))

    def revealed(self) -> set[str]:
        """The parts of the current cell its sub-operations have shown so far (every part of a
        complete cell); empty before the first step."""
        record = self.view.record
        if record is None:
            return set()
        if self.view.stage >= STAGE_FULL:
            return {name for step in record.sub_operations for name in step.parts}
        return set(record.revealed(self.view.stage))

    def stage_parts(self) -> set[str]:
        """The parts the current sub-operation is revealing now (none once the cell is complete:
        then the cell's outline says it all)."""
        record = self.view.record
        if record is None or self.view.stage >= STAGE_FULL:
            return set()
        return set(record.sub_operations[min(self.view.stage, len(record.sub_operations)) - 1].parts)

    # output
    def prediction(self, t: int) -> tuple[str, float] | None:
        """The predicted next token (or a classifier's class guess) after t, argmax of the head,
        and its probability."""
        if not self.has_head:
            return None
        if not all(self.complete(self.stepper.L - 1, d, t) for d in range(self.stepper.D)):
            return None
        probabilities = self.sim.probabilities_at(t)
        if probabilities is None:
            return None
        p = probabilities[self.batch]
        index = int(torch.argmax(p))
        model = self.sim.model
        names = model.class_names if model.is_classifier else model.vocab.tokens
        return style.display_token(names[index]), float(p[index])


def _track_rects(rect: QRectF, has_cell_state: bool) -> tuple[QRectF, QRectF | None]:
    """(h_t strip, c_t strip or None) inside a detailed cell: one centred strip at most 24 px tall,
    or for an LSTM two strips of at most 18 px, c_t's in the upper half and h_t's in the lower
    (the c track runs above the h track along the whole row)."""
    pad = 5.0
    if not has_cell_state:
        height = max(4.0, min(rect.height() - 2 * pad, 24.0))
        return QRectF(rect.left() + pad, rect.center().y() - height / 2, rect.width() - 2 * pad, height), None
    half = max(2.0, rect.height() / 2 - pad)
    height = max(2.0, min(half - 2.0, 18.0))
    tops = (rect.top() + pad + half * 1.5, rect.top() + pad + half * 0.5)  # centres of h, c
    h, c = (QRectF(rect.left() + pad, y - height / 2, rect.width() - 2 * pad, height) for y in tops)
    return h, c


def _subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


# ---- painting --------------------------------------------------------------------------------------------

def _pen(color: str, width: float = 1.0, style_=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style_)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _text(p: QPainter, rect: QRectF, text: str, font: QFont, color: str,
          align=Qt.AlignmentFlag.AlignCenter) -> None:
    """Draw one label now (for the few labels outside the batched scene)."""
    ink = _Ink()
    ink.text(rect, text, font, color, align)
    ink.flush(p)


class _Ink:
    """Arrows, dots and labels collected per colour/font and drawn with a few calls each.

    A frame of a wide bidirectional net holds hundreds of arrows; setting the pen once per colour
    and drawing every segment in one `drawLines` keeps painting cheap (each Qt call from Python
    costs far more than the pixels it draws).
    """

    def __init__(self):
        self.lines: dict[tuple[str, float], list[QLineF]] = {}
        self.heads: dict[str, list[QPointF]] = {}
        self.dots: dict[str, list[QPointF]] = {}
        self.texts: dict[tuple[QFont, str], list[tuple[QRectF, str, int]]] = {}

    def arrow(self, points: list[QPointF], color: str, width: float = 1.3, head: bool = True) -> None:
        """A polyline from points[0] to points[-1], with a filled head at the end."""
        tip, before = points[-1], points[-2]
        dx, dy = tip.x() - before.x(), tip.y() - before.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = min(ARROW_HEAD, length * 0.8) if head else 0.0
        # the shaft stops at the head's base, so the head's point stays sharp
        end = QPointF(tip.x() - ux * size * 0.8, tip.y() - uy * size * 0.8)
        shaft = points[:-1] + [end]
        lines = self.lines.setdefault((color, width), [])
        lines.extend(QLineF(a, b) for a, b in zip(shaft, shaft[1:]))
        if head:
            base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
            side = QPointF(-uy * size * 0.5, ux * size * 0.5)
            self.heads.setdefault(color, []).extend((tip, base + side, base - side))

    def dot(self, center: QPointF, color: str) -> None:
        self.dots.setdefault(color, []).append(center)

    def text(self, rect: QRectF, text: str, font: QFont, color: str,
             align=Qt.AlignmentFlag.AlignCenter) -> None:
        elided = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width(), 1.0))
        self.texts.setdefault((font, color), []).append((rect, elided, int(align)))

    def flush(self, p: QPainter) -> None:
        # A fixed order (faded first, so what has been computed lies on top), whatever was
        # collected first: a repaint of a few columns then gives the same pixels as a full one.
        for (color, width), lines in sorted(self.lines.items(), key=lambda item: _ink_order(*item[0])):
            p.setPen(_pen(color, width))
            p.drawLines(lines)
        if self.heads:
            p.setPen(Qt.PenStyle.NoPen)
            for color, corners in sorted(self.heads.items(), key=lambda item: _ink_order(item[0])):
                p.setBrush(QColor(color))
                p.drawPath(_triangles(corners))
        for color, centers in sorted(self.dots.items(), key=lambda item: _ink_order(item[0])):
            p.setPen(_pen(color, 5.5))  # a round-capped point is a dot
            p.drawPoints(QPolygonF(centers))
        for (font, color), items in self.texts.items():
            p.setFont(font)
            p.setPen(QColor(color))
            for rect, text, align in items:
                p.drawText(rect, align, text)
        self.lines, self.heads, self.dots, self.texts = {}, {}, {}, {}


_INK_ORDER = {style.NETWORK_FADED_BORDER: 0, style.NETWORK_FADED_ARROW: 1, style.NETWORK_BRANCH_ARROW: 2,
              style.NETWORK_ARROW: 3}


def _ink_order(color: str, width: float = 0.0) -> tuple:
    return _INK_ORDER.get(color, len(_INK_ORDER)), color, width


def _triangles(corners: list[QPointF]) -> QPainterPath:
    """Many triangles (3 corners each) as one path of separate triangles, for one draw call
    (each Qt call from Python costs more than the pixels it draws)."""
    path = QPainterPath()
    for i in range(0, len(corners), 3):
        path.addPolygon(QPolygonF(corners[i:i + 3]))
        path.closeSubpath()
    return path


class _Renderer:
    """The one paint code: the widget, the PNG export and the SVG export all call it."""

    def __init__(self, state: _NetworkState):
        self.state = state
        self._fonts: dict[tuple[int, bool], QFont] = {}

    def font(self, pixels: float, bold: bool = False) -> QFont:
        key = (max(1, round(pixels)), bold)
        if key not in self._fonts:
            self._fonts[key] = _font(*key)
        return self._fonts[key]

    # ---- unrolled ------------------------------------------------------------------------------------

    def paint_unrolled(self, p: QPainter, geo: _Geometry, size: QSize, scroll: QPointF,
                       only: range | None = None, row_labels: bool = True) -> None:
        """Paint what a viewport of `size` shows when the scene is scrolled by `scroll`.

        `only`: repaint just these time steps' columns (over a picture of the same view that
        is otherwise up to date); everything that reaches into them is drawn again, clipped.
        `row_labels`: paint the fixed row labels too (they change only with the current row)."""
        label_w = style.NETWORK_LABEL_WIDTH
        x0, x1 = scroll.x(), scroll.x() + size.width() - label_w  # the scene's x range in view
        # One column more on each side: its h arrow (and zoomed out, its t label) reaches in.
        reach = 1 if geo.detailed else math.ceil(32.0 / geo.pitch) + 1
        visible = geo.t_range(x0, x1)
        visible = range(max(0, visible.start - reach), min(geo.T, visible.stop + reach))
        if only is not None:
            # A changed column's h arrow reaches across the gap before it (in the reverse sweep,
            # after it) to the neighbouring cell's edge: the gaps beside the columns are drawn
            # again too, over whole pixels, and so are the neighbouring columns, whose arrows
            # reach into those gaps. Columns 0 and T-1 also own the h0 boxes beside them.
            reach = (geo.pitch - geo.cell_width) / 2 + 2.0  # (+ anti-aliasing)
            x0 = max(x0, 0.0 if only.start <= 0 else geo.column_x(only.start) - reach)
            x1 = min(x1, geo.width if only.stop >= geo.T else geo.column_x(only.stop) + reach)
            x0 = math.floor(x0 + label_w - scroll.x()) - label_w + scroll.x()  # whole pixels
            x1 = math.ceil(x1 + label_w - scroll.x()) - label_w + scroll.x()
            if x1 <= x0:
                if row_labels:
                    self._paint_row_labels(p, geo, size, scroll.y())
                return
            around = geo.t_range(x0, x1)
            visible = range(max(visible.start, around.start), min(visible.stop, around.stop))
        area = QRectF(label_w + x0 - scroll.x(), 0, x1 - x0, size.height())
        p.fillRect(area if only is not None else QRectF(0, 0, size.width(), size.height()),
                   _color(style.NETWORK_BACKGROUND))
        p.save()
        p.setClipRect(area)
        p.translate(label_w - scroll.x(), -scroll.y())
        under, over = _Ink(), _Ink()  # arrows go under the cells, labels over them
        self._paint_h0(p, geo, x0, x1, under, over)
        if len(visible):
            if geo.detailed:
                self._paint_detailed(p, geo, visible, under, over)
            else:
                under.flush(p)
                self._paint_compact(p, geo, visible)
            self._paint_tokens(geo, visible, over)
        over.flush(p)
        p.restore()
        if row_labels:
            self._paint_row_labels(p, geo, size, scroll.y())

    def _paint_row_labels(self, p: QPainter, geo: _Geometry, size: QSize, scroll_y: float) -> None:
        label_w = style.NETWORK_LABEL_WIDTH
        p.fillRect(QRectF(0, 0, label_w, size.height()), _color(style.NETWORK_GUTTER_BACKGROUND))
        ink = _Ink()
        edge = QLineF(label_w - 0.5, 0, label_w - 0.5, size.height())
        ink.lines[(style.NETWORK_FADED_BORDER, 1.0)] = [edge]
        current = self.state.current_cell()
        left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        for layer in range(geo.L):
            for direction in range(geo.D):
                text = QCoreApplication.translate("NetworkPanel", "layer {layer}").format(layer=layer)
                if geo.D == 2:
                    text += f" {DIRECTION_ARROWS[direction]}"
                rect = QRectF(6, geo.row_top(layer, direction) - scroll_y, label_w - 10, geo.row_pitch)
                active = current is not None and (current.layer, current.direction) == (layer, direction)
                ink.text(rect, text, self.font(style.NETWORK_LABEL_PX, bold=active), style.NETWORK_TEXT, left)
                if geo.detailed and self.state.has_cell_state:  # name the two tracks at their height
                    h_strip, c_strip = _track_rects(geo.cell_rect(layer, direction, 0), True)
                    for name, strip in (("hₜ", h_strip), ("cₜ", c_strip)):
                        ink.text(QRectF(label_w - 24, strip.top() - 3 - scroll_y, 20, strip.height() + 6), name,
                                 self.font(style.NETWORK_SMALL_PX), style.NETWORK_MUTED_TEXT,
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        ink.text(QRectF(6, geo.input_top - scroll_y, label_w - 10, 28),
                 QCoreApplication.translate("NetworkPanel", "input xₜ"),
                 self.font(style.NETWORK_LABEL_PX), style.NETWORK_MUTED_TEXT, left)
        if geo.has_head:
            ink.text(QRectF(6, style.NETWORK_TOP_MARGIN - scroll_y, label_w - 10, 26),
                     QCoreApplication.translate("NetworkPanel", "class guess") if self.state.sim.model.is_classifier
                     else QCoreApplication.translate("NetworkPanel", "predicted next"),
                     self.font(style.NETWORK_SMALL_PX), style.NETWORK_MUTED_TEXT, left)
        ink.flush(p)

    def _paint_h0(self, p: QPainter, geo: _Geometry, x0: float, x1: float, under: _Ink, over: _Ink) -> None:
        """h0 at the start of every row: before t=0 forward, after t=T-1 for the reverse sweep."""
        boxes = [(layer, direction, geo.h0_rect(layer, direction))
                 for layer in range(geo.L) for direction in range(geo.D)]
        boxes = [(layer, direction, rect) for layer, direction, rect in boxes
                 if rect.right() >= x0 and rect.left() <= x1]
        if not boxes:  # (a repaint of a few columns away from both ends)
            return
        colors = self.state.h0_rgba()
        gated = self.state.has_cell_state
        c_colors = self.state.c0_rgba() if gated else None
        font = self.font(style.NETWORK_SMALL_PX)
        # The dashed outline is made into a shape first: Qt dashes a clipped outline from the
        # clip's edge, so a box cut by the window's edge would get other dashes than a whole one.
        dashes = QPainterPathStroker(_pen(style.NETWORK_CELL_BORDER, 1.0, Qt.PenStyle.DashLine))
        strips = []
        for layer, direction, rect in boxes:
            outline = QPainterPath()
            outline.addRoundedRect(rect, 4, 4)
            p.fillPath(outline, _color(style.NETWORK_H0_FILL))
            p.fillPath(dashes.createStroke(outline), _color(style.NETWORK_CELL_BORDER))
            caption = QRectF(rect.left(), rect.top() + 1, rect.width(), min(14.0, rect.height() / 2))
            over.text(caption, "h₀ c₀" if gated else "h₀", font, style.NETWORK_TEXT)
            strip = QRectF(rect.left() + 3, caption.bottom() + 1, rect.width() - 6,
                           max(3.0, rect.bottom() - caption.bottom() - 4))
            row = layer * geo.D + direction
            if gated:  # c0 above h0, as the tracks run through the cells
                c_strip = QRectF(strip.left(), strip.top(), strip.width(), strip.height() / 2 - 0.5)
                strip = QRectF(strip.left(), c_strip.bottom() + 1, strip.width(), c_strip.height())
                strips.append((c_strip, c_colors[row]))
            strips.append((strip, colors[row]))
            if geo.detailed:  # h0 (and c0) -> the first cell of the sweep (t=0 forward, t=T-1 reverse)
                first = geo.cell_rect(layer, direction, 0 if direction == 0 else geo.T - 1)
                done = self.state.complete(layer, direction, 0 if direction == 0 else geo.T - 1)
                for track in _track_rects(first, gated):
                    if track is None:
                        continue
                    y = min(max(track.center().y(), rect.top() + 2), rect.bottom() - 2)
                    end_y = track.center().y()
                    if direction == 0:
                        points = [QPointF(rect.right(), y), QPointF(first.left(), end_y)]
                    else:
                        points = [QPointF(rect.left(), y), QPointF(first.right(), end_y)]
                    under.arrow(points, style.NETWORK_ARROW if done else style.NETWORK_FADED_ARROW)
        for strip, row_colors in strips:
            p.drawImage(strip, _strip_image(row_colors[None, :, :]))
        if strips:  # zeros are white: the frame shows there is a vector
            p.setPen(_pen(style.NETWORK_FADED_BORDER, 0.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRects([strip for strip, _ in strips])

    def _paint_detailed(self, p: QPainter, geo: _Geometry, ts: range, under: _Ink, over: _Ink) -> None:
        state = self.state
        mask = state.complete_mask(ts)  # [n, rows]
        rgba = state.strip_rgba(ts)  # [n, rows, bins, 4]
        for t in ts:
            self._column_arrows(geo, t, mask[t - ts.start], under)
            for layer in range(geo.L):
                for direction in range(geo.D):
                    done = bool(mask[t - ts.start, layer * geo.D + direction])
                    self._h_arrow(geo, layer, direction, t, done, under)
        under.flush(p)
        cells = {True: [], False: []}
        mismatched = []  # cells that ever disagreed with nn.RNN: outlined for good
        ever = self.state.stepper.ever_mismatched
        for t in ts:
            for layer in range(geo.L):
                for direction in range(geo.D):
                    done = bool(mask[t - ts.start, layer * geo.D + direction])
                    cells[done].append(geo.cell_rect(layer, direction, t))
                    if ever[t, layer * geo.D + direction]:
                        mismatched.append(geo.cell_rect(layer, direction, t))
        for done, rects in cells.items():
            p.setPen(_pen(style.NETWORK_CELL_BORDER if done else style.NETWORK_FADED_BORDER, 1.0))
            p.setBrush(_color(style.NETWORK_CELL_FILL if done else style.NETWORK_FADED_FILL))
            for rect in rects:
                p.drawRoundedRect(rect, 5, 5)
        # one image per row holds every visible cell's strip (transparent between them)
        first = self._strip_rect(geo.cell_rect(0, 0, ts.start))  # (both tracks share x and width)
        x0 = math.floor(first.left())
        px = np.arange(x0, math.ceil(first.left() + (len(ts) - 1) * geo.pitch + first.width()) + 1)
        k = np.floor((px + 0.5 - first.left()) / geo.pitch).astype(np.intp).clip(0, len(ts) - 1)
        offset = px + 0.5 - (first.left() + k * geo.pitch)
        inside = (offset >= 0) & (offset < first.width())
        tracks = [(0, rgba, mask)]  # (index into _track_rects, colours, which cells show them)
        revealed_c = None  # the current cell's c strip once its "cell state" stage has shown it
        if state.has_cell_state:
            c_mask, busy = mask, state.in_progress()
            if busy is not None and busy.t in ts and "c_t" in state.revealed():
                c_mask = mask.copy()
                c_mask[busy.t - ts.start, busy.layer * geo.D + busy.direction] = True
                revealed_c = _track_rects(geo.cell_rect(*busy), True)[1]
            tracks.append((1, state.c_strip_rgba(ts), c_mask))
        for track, colours, shown in tracks:
            bins = colours.shape[2]
            b = np.floor(offset / first.width() * bins).astype(np.intp).clip(0, bins - 1)
            for layer in range(geo.L):
                for direction in range(geo.D):
                    row = layer * geo.D + direction
                    line = colours[k, row, b].copy()  # [pixels, 4]
                    line[~(inside & shown[k, row])] = 0
                    strip = _track_rects(geo.cell_rect(layer, direction, ts.start), state.has_cell_state)[track]
                    p.drawImage(QRectF(x0, strip.top(), len(px), strip.height()), _strip_image(line[None]))
        p.setPen(_pen(style.NETWORK_FADED_BORDER, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        frames = [strip for r in cells[True] for strip in _track_rects(r, state.has_cell_state) if strip is not None]
        if revealed_c is not None:
            frames.append(revealed_c)
        if frames:
            p.drawRects(frames)
        if mismatched:
            p.setPen(_pen(style.NETWORK_MISMATCH, style.NETWORK_CURRENT_WIDTH - 1))
            for rect in mismatched:
                p.drawRoundedRect(rect, 5, 5)
        self._paint_current(p, geo, ts, over)

    def _strip_rect(self, rect: QRectF) -> QRectF:
        """h_t's colour strip inside a detailed cell."""
        return _track_rects(rect, self.state.has_cell_state)[0]

    def _h_arrow(self, geo: _Geometry, layer: int, direction: int, t: int, done: bool, ink: _Ink) -> None:
        """h_{t-1} -> h_t between neighbouring cells (pointing left in the reverse direction), and
        for an LSTM c_{t-1} -> c_t on its own track above."""
        rect = geo.cell_rect(layer, direction, t)
        color = style.NETWORK_ARROW if done else style.NETWORK_FADED_ARROW
        h_strip, c_strip = _track_rects(rect, self.state.has_cell_state)
        for strip in (h_strip, c_strip):
            if strip is None:
                continue
            y = strip.center().y()
            if direction == 0 and t > 0:
                source = geo.cell_rect(layer, 0, t - 1)
                ink.arrow([QPointF(source.right(), y), QPointF(rect.left(), y)], color)
            elif direction == 1 and t < geo.T - 1:
                source = geo.cell_rect(layer, 1, t + 1)
                ink.arrow([QPointF(source.left(), y), QPointF(rect.right(), y)], color)

    def _column_arrows(self, geo: _Geometry, t: int, done_rows: np.ndarray, ink: _Ink) -> None:
        """x_t -> cell: the input up into layer 0, each layer's output up into the next, and the
        top layer's output up to the prediction. In a bidirectional net both directions of a layer
        read the same input (split on the left) and the next layer reads both (merged on the right,
        at a dot that stands for the concatenation). An arrow is dark once the cell reading it has
        been computed."""
        cx = geo.column_center(t)
        D = geo.D
        output_done = self.state.has_head and bool(done_rows[(geo.L - 1) * D:].all())
        out_y = style.NETWORK_TOP_MARGIN + 26.0
        color = lambda ok: style.NETWORK_ARROW if ok else style.NETWORK_FADED_ARROW  # noqa: E731
        branch = lambda ok: style.NETWORK_BRANCH_ARROW if ok else style.NETWORK_FADED_ARROW  # noqa: E731
        if D == 1:
            below = geo.input_top + 4.0
            for layer in range(geo.L):
                rect = geo.cell_rect(layer, 0, t)
                ink.arrow([QPointF(cx, below), QPointF(cx, rect.bottom())], color(bool(done_rows[layer])))
                below = rect.top()
            if self.state.has_head:
                ink.arrow([QPointF(cx, below), QPointF(cx, out_y)], color(output_done))
            return
        gap = geo.pitch - geo.cell_width
        side = min(8.0, gap * 0.3)
        inner = geo.cell_width * 0.22
        source_y = geo.input_top + 4.0  # where this layer's input comes from
        for layer in range(geo.L):
            fwd, rev = geo.cell_rect(layer, 0, t), geo.cell_rect(layer, 1, t)
            fwd_done, rev_done = bool(done_rows[layer * 2]), bool(done_rows[layer * 2 + 1])
            split_y = (fwd.bottom() + geo.input_top) / 2 if layer == 0 else source_y
            between = (fwd.top() + rev.bottom()) / 2
            ink.arrow([QPointF(cx, source_y), QPointF(cx, fwd.bottom())], color(fwd_done))
            x_left = fwd.left() - side
            ink.arrow([QPointF(cx, split_y), QPointF(x_left, split_y), QPointF(x_left, between),
                       QPointF(cx - inner, between), QPointF(cx - inner, rev.bottom())], branch(rev_done))
            if layer < geo.L - 1:
                target_bottom = geo.cell_rect(layer + 1, 0, t).bottom()
            elif self.state.has_head:
                target_bottom = out_y
            else:
                continue
            merge_y = (rev.top() + target_bottom) / 2
            used = output_done if layer == geo.L - 1 else bool(done_rows[(layer + 1) * 2])
            x_right = fwd.right() + side
            ink.arrow([QPointF(cx + inner, fwd.top()), QPointF(cx + inner, between),
                       QPointF(x_right, between), QPointF(x_right, merge_y), QPointF(cx, merge_y)],
                      branch(used), head=False)
            ink.arrow([QPointF(cx, rev.top()), QPointF(cx, merge_y)], color(used), head=False)
            ink.dot(QPointF(cx, merge_y), color(used))
            if layer == geo.L - 1:
                ink.arrow([QPointF(cx, merge_y), QPointF(cx, out_y)], color(output_done))
            source_y = merge_y

    def _paint_compact(self, p: QPainter, geo: _Geometry, ts: range) -> None:
        """Zoomed out: each cell is a thin strip, its bins stacked vertically; no arrows."""
        state = self.state
        mask = state.complete_mask(ts)
        rgba = state.strip_rgba(ts)  # [n, rows, bins, 4]
        if state.has_cell_state:  # LSTM: c_t's bins above h_t's, as in the detailed cells
            rgba = np.concatenate((state.c_strip_rgba(ts), rgba), axis=2)
        rgba = rgba.copy()
        rgba[~mask] = _rgba(style.UNCOMPUTED_COLOR)
        x0, width = geo.column_x(ts.start), len(ts) * geo.pitch
        for layer in range(geo.L):
            for direction in range(geo.D):
                row = layer * geo.D + direction
                top = geo.cell_rect(layer, direction, ts.start)
                image = _strip_image(rgba[:, row].transpose(1, 0, 2))  # [bins, n]
                p.drawImage(QRectF(x0, top.top(), width, top.height()), image)
        if geo.pitch >= 4:  # 1 px gaps keep neighbouring time steps apart
            p.setPen(_pen(style.NETWORK_BACKGROUND, 1.0))
            lines_top, lines_bottom = geo.rows_top, geo.input_top
            p.drawLines([QLineF(geo.column_x(t) + 0.5, lines_top, geo.column_x(t) + 0.5, lines_bottom)
                         for t in ts])
        ever = state.stepper.ever_mismatched[ts.start:ts.stop]
        if ever.any():  # cells that ever disagreed with nn.RNN stay marked, at least 4 px wide
            p.setPen(_pen(style.NETWORK_MISMATCH, 2.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for k, row in np.argwhere(ever):
                rect = geo.cell_rect(row // geo.D, row % geo.D, ts.start + int(k))
                if rect.width() < 4:
                    rect = QRectF(rect.center().x() - 2, rect.top(), 4, rect.height())
                p.drawRect(rect)
        self._paint_current(p, geo, ts, None)

    def _paint_current(self, p: QPainter, geo: _Geometry, ts: range, over: _Ink | None) -> None:
        current = self.state.current_cell()
        if current is None or current.t not in ts:
            return
        rect = geo.cell_rect(*current)
        if rect.width() < 6:  # keep the highlight visible on a 2 px strip
            rect = QRectF(rect.center().x() - 3, rect.top(), 6, rect.height())
        record = self.state.view.record
        color = style.NETWORK_CURRENT if record.matches else style.NETWORK_MISMATCH
        p.setPen(_pen(color, style.NETWORK_CURRENT_WIDTH))
        p.setBrush(Qt.BrushStyle.NoBrush)
        grow = style.NETWORK_CURRENT_WIDTH / 2
        p.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow), 5, 5)
        if over is None:
            return
        strip = self._strip_rect(geo.cell_rect(*current))
        if self.state.in_progress() is not None:  # sub-operations still showing
            over.text(strip, "…", self.font(style.NETWORK_LABEL_PX), style.NETWORK_CURRENT)
            return
        # a small mark under the selected neuron's bin, as the other panels highlight it
        H = self.state.stepper.H_out
        neuron = min(self.state.session.selected_neuron, H - 1)
        bins = self.state.bins()
        x = strip.left() + (neuron * bins // H + 0.5) * strip.width() / bins
        over.arrow([QPointF(x, strip.bottom() + 7), QPointF(x, strip.bottom() + 1)],
                   style.SELECTION_COLOR, 1.5)

    def _paint_tokens(self, geo: _Geometry, ts: range, ink: _Ink) -> None:
        state = self.state
        is_text = state.tokens is not None
        current = state.current_cell()
        show_tokens = geo.pitch >= style.NETWORK_TOKEN_PITCH and (is_text or geo.detailed)
        if show_tokens:
            token_px = min(style.NETWORK_TOKEN_PX, geo.pitch * 0.8)
            token_font = self.font(token_px if is_text else min(token_px, style.NETWORK_LABEL_PX + 2))
            small = self.font(style.NETWORK_SMALL_PX)
            for t in ts:
                x = geo.column_x(t)
                is_now = current is not None and current.t == t
                rect = QRectF(x, geo.input_top + 4, geo.pitch, token_px + 6)
                ink.text(rect, state.token_text(t), token_font,
                         style.NETWORK_CURRENT if is_now else style.NETWORK_TEXT)
                if is_text and geo.detailed:
                    ink.text(QRectF(x, rect.bottom(), geo.pitch, 14), f"t={t}", small,
                             style.NETWORK_MUTED_TEXT)
                if state.has_head:
                    out_rect = QRectF(x, style.NETWORK_TOP_MARGIN, geo.pitch, 26)
                    predicted = state.prediction(t)
                    if predicted is not None:
                        ink.text(out_rect, predicted[0], token_font, style.NETWORK_TEXT)
                    elif geo.detailed:
                        ink.text(out_rect, "?", token_font, style.NETWORK_FADED_BORDER)
        if not geo.detailed:
            self._time_ticks(geo, ts, ink, below_tokens=show_tokens)

    def _time_ticks(self, geo: _Geometry, ts: range, ink: _Ink, below_tokens: bool) -> None:
        """t indices every few columns, so a zoomed-out sequence still shows where it is."""
        step = _nice_step(44.0 / geo.pitch)
        font = self.font(style.NETWORK_SMALL_PX)
        y = geo.input_top + (26 if below_tokens else 4)
        for t in range((ts.start // step) * step, ts.stop, step):
            cx = geo.column_center(t)
            ink.arrow([QPointF(cx, y), QPointF(cx, y + 4)], style.NETWORK_MUTED_TEXT, 1.0, head=False)
            ink.text(QRectF(cx - 30, y + 4, 60, 14), f"t={t}", font, style.NETWORK_MUTED_TEXT)

    # ---- rolled ----------------------------------------------------------------------------------------

    def rolled_layout(self, size: QSize) -> dict:
        """Rects of the rolled picture: one cell per (layer, direction), layers stacked."""
        s = self.state.stepper
        label_w = style.NETWORK_LABEL_WIDTH
        caption_h = 44.0
        out_h = 38.0 if self.state.has_head else 8.0
        in_h = 54.0
        gated = bool(self.state.gates)  # the gates are drawn inside the cell: it needs more room
        layer_h = max(ROLLED_GATED_LAYER_H if gated else 62.0, (size.height() - caption_h - out_h - in_h) / s.L)
        width = size.width() - label_w
        box_w = min(300.0 if gated else 230.0, width * (0.36 if s.D == 1 else 0.28))
        box_h = (max(ROLLED_GATED_LAYER_H * 0.8, min(layer_h * 0.7, 170.0)) if gated
                 else max(36.0, min(layer_h * 0.56, 84.0)))
        centers = [width / 2] if s.D == 1 else [width * 0.3, width * 0.7]
        boxes = {}
        for layer in range(s.L):
            top = caption_h + out_h + (s.L - 1 - layer) * layer_h
            for direction in range(s.D):
                cx = label_w + centers[direction]
                boxes[(layer, direction)] = QRectF(cx - box_w / 2, top + (layer_h - box_h) / 2, box_w, box_h)
        height = caption_h + out_h + s.L * layer_h + in_h
        return dict(boxes=boxes, layer_h=layer_h, caption_h=caption_h, out_h=out_h, height=height)

    def paint_rolled(self, p: QPainter, size: QSize, scroll_y: float) -> None:
        state, s = self.state, self.state.stepper
        p.fillRect(QRectF(0, 0, size.width(), size.height()), _color(style.NETWORK_BACKGROUND))
        lay = self.rolled_layout(size)
        boxes = lay["boxes"]
        p.save()
        p.translate(0, -scroll_y)
        ink = _Ink()
        current = state.current_cell()
        record = state.view.record
        caption = QCoreApplication.translate("Style", style.NETWORK_ROLLED_CAPTION)
        if record is not None:
            caption += "  ·  " + QCoreApplication.translate("NetworkPanel", 
                                              "now: layer {layer} {arrow}, t = {t}").format(
                layer=record.layer, arrow=DIRECTION_ARROWS[record.direction], t=record.t)
        ink.text(QRectF(12, 6, size.width() - 24, 22), caption, self.font(style.NETWORK_LABEL_PX + 2, True),
              style.NETWORK_TEXT, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        ink.text(QRectF(12, 26, size.width() - 24, 16),
              (QCoreApplication.translate("NetworkPanel", "the unrolled view draws each of these cells {n} times, "
                                                             "once per time step")
               if s.T != 1 else QCoreApplication.translate("NetworkPanel", "the unrolled view draws each of these cells once: "
                                                                 "there is one time step")
               ).format(n=s.T),
              self.font(style.NETWORK_SMALL_PX + 1), style.NETWORK_MUTED_TEXT,
              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        h0 = state.h0_rgba()
        for layer in range(s.L):
            top = min(box.top() for (l, _), box in boxes.items() if l == layer)
            row_rect = QRectF(12, top, style.NETWORK_LABEL_WIDTH - 12, boxes[(layer, 0)].height())
            ink.text(row_rect, QCoreApplication.translate("NetworkPanel", "layer {layer}").format(layer=layer),
                     self.font(style.NETWORK_LABEL_PX), style.NETWORK_TEXT,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for (layer, direction), box in boxes.items():
            t = state.latest_t(layer, direction)
            active = current is not None and (current.layer, current.direction) == (layer, direction)
            self._paint_rolled_cell(p, ink, box, layer, direction, t, active, h0[layer * s.D + direction])
            self._paint_rolled_input(p, ink, boxes, box, layer, direction, t)
        if state.has_head:
            self._paint_rolled_output(p, ink, boxes, lay)
        ink.flush(p)
        p.restore()

    def _paint_rolled_cell(self, p: QPainter, ink: _Ink, box: QRectF, layer: int, direction: int,
                           t: int | None, active: bool, h0_rgba: np.ndarray) -> None:
        state = self.state
        done = t is not None and state.complete(layer, direction, t)
        # the loop: h_t leaves the cell and comes back in as h_{t-1} of the next time step
        loop_color = style.NETWORK_ARROW if t is not None else style.NETWORK_FADED_ARROW
        # the loop sits on the outer side (a bidirectional layer's two cells face each other)
        on_right = self.state.stepper.D == 1 or direction == 1
        sign = 1 if on_right else -1
        edge = box.right() if on_right else box.left()
        reach = min(46.0, box.width() * 0.3)
        y_out, y_in = box.top() + box.height() * 0.3, box.top() + box.height() * 0.7
        path = QPainterPath(QPointF(edge, y_out))
        path.cubicTo(QPointF(edge + sign * reach, y_out - box.height() * 0.35),
                     QPointF(edge + sign * reach * 1.6, y_in + box.height() * 0.35),
                     QPointF(edge + sign * 3, y_in))
        p.setPen(_pen(loop_color, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        ink.arrow([QPointF(edge + sign * 12, y_in + 1.5), QPointF(edge, y_in)], loop_color, 2.0)
        label_x = edge + sign * reach * 1.15
        label_rect = QRectF(label_x if on_right else label_x - 100, box.center().y() - 9, 100, 18)
        loop_name = "hₜ₋₁" if direction == 0 else "hₜ₊₁"  # what comes back in at the next step
        if state.has_cell_state:
            loop_name += ", " + ("cₜ₋₁" if direction == 0 else "cₜ₊₁")
        ink.text(label_rect, loop_name, self.font(style.NETWORK_LABEL_PX),
              style.NETWORK_MUTED_TEXT,
              (Qt.AlignmentFlag.AlignLeft if on_right else Qt.AlignmentFlag.AlignRight)
              | Qt.AlignmentFlag.AlignVCenter)
        # the cell
        p.setPen(_pen(style.NETWORK_CELL_BORDER, 1.2))
        p.setBrush(_color(style.NETWORK_CELL_FILL))
        p.drawRoundedRect(box, 8, 8)
        title = {"lstm": QCoreApplication.translate("NetworkPanel", "LSTM cell"),
                 "gru": QCoreApplication.translate("NetworkPanel", "GRU cell")}.get(
            state.sim.config.cell, QCoreApplication.translate("NetworkPanel", "RNN cell"))
        if self.state.stepper.D == 2:
            title += f" {DIRECTION_ARROWS[direction]}"
        head_rect = QRectF(box.left() + 8, box.top() + 3, box.width() - 16, 18)
        ink.text(head_rect, title, self.font(style.NETWORK_LABEL_PX, True), style.NETWORK_TEXT,
              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        state_name = QCoreApplication.translate("NetworkPanel", "h₀ (no step yet)") if t is None else f"hₜ, t = {t}"
        ink.text(head_rect, state_name, self.font(style.NETWORK_SMALL_PX + 1), style.NETWORK_MUTED_TEXT,
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if state.gates:
            self._paint_rolled_gates(p, ink, box, head_rect.bottom(), layer, direction, t, active, h0_rgba)
            self._outline_active(p, box, active)
            return
        strip = QRectF(box.left() + 8, head_rect.bottom() + 4, box.width() - 16,
                       max(8.0, box.bottom() - head_rect.bottom() - 11))
        if t is None:
            colors = h0_rgba[None]
        elif done:
            colors = state.strip_rgba(range(t, t + 1))[0, layer * state.stepper.D + direction][None]
        else:
            colors = None
        if colors is not None:
            p.drawImage(strip, _strip_image(colors))
        else:
            ink.text(strip, "…", self.font(style.NETWORK_LABEL_PX), style.NETWORK_CURRENT)
        p.setPen(_pen(style.NETWORK_FADED_BORDER, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(strip)
        self._outline_active(p, box, active)

    def _outline_active(self, p: QPainter, box: QRectF, active: bool) -> None:
        if active:
            record = self.state.view.record
            p.setPen(_pen(style.NETWORK_CURRENT if record.matches else style.NETWORK_MISMATCH,
                          style.NETWORK_CURRENT_WIDTH))
            p.setBrush(Qt.BrushStyle.NoBrush)
            grow = style.NETWORK_CURRENT_WIDTH / 2
            p.drawRoundedRect(box.adjusted(-grow, -grow, grow, grow), 8, 8)

    def lit_parts(self) -> set[str]:
        """The current cell's parts its current sub-operation reveals; summing the pre-activations
        lights the gates they are for."""
        state = self.state
        now = state.stage_parts()
        if "pre_activation" in now:
            now |= {gate for gate in state.gates if gate not in state.revealed()}
        return now & {"c_t", "h_t", *state.gates}

    def rolled_gate_rects(self, box: QRectF, top: float) -> dict[str, QRectF]:
        """Where the rolled gated cell draws its parts below `top` (the title): "c_t" (LSTM's c
        track, on top), one box per gate in PyTorch's order, and "h_t" (the new hidden state)."""
        gates = self.state.gates
        left, width = box.left() + 8, box.width() - 16
        track_h = 14.0
        strip_w = (width - 34) * 0.5  # the other half holds the formula of the track
        rects = {}
        y = top + 4
        if self.state.has_cell_state:
            rects["c_t"] = QRectF(left + 34, y, strip_w, track_h)
            y += track_h + 6
        bottom = box.bottom() - 6 - track_h - 6
        gap = 6.0
        gate_w = (width - gap * (len(gates) - 1)) / len(gates)
        for k, gate in enumerate(gates):
            rects[gate] = QRectF(left + k * (gate_w + gap), y, gate_w, max(20.0, bottom - y))
        rects["h_t"] = QRectF(left + 34, box.bottom() - 6 - track_h, strip_w, track_h)
        return rects

    def _paint_rolled_gates(self, p: QPainter, ink: _Ink, box: QRectF, top: float, layer: int, direction: int,
                            t: int | None, active: bool, h0_rgba: np.ndarray) -> None:
        """The inside of a gated rolled cell: each gate as a labelled box with its values as a
        colour strip, LSTM's c path along the top (c_{t-1} ⊗ f ⊕ i ⊗ g = c_t) and h_t below.
        The values are those of the row's latest computed cell (its record); in the current
        cell only the parts its sub-operations have revealed are filled in, and they are
        outlined in the current-cell colour."""
        state = self.state
        s, b = state.stepper, state.batch
        record = None
        if t is not None and state.stepper.is_computed(layer, direction, t):
            record = state.view.record if active else s.record(s.schedule.index(layer, direction, t))
        shown = state.revealed() if active else ({"c_t", "h_t", *state.gates} if record is not None else set())
        now = self.lit_parts() if active else set()
        rects = self.rolled_gate_rects(box, top)
        small, label = self.font(style.NETWORK_SMALL_PX), self.font(style.NETWORK_LABEL_PX, True)
        lit = style.NETWORK_CURRENT

        def values_strip(rect: QRectF, values: torch.Tensor | None, scale: float, name: str) -> None:
            if values is not None:
                p.drawImage(rect, _strip_image(state.colors_of(state.binned(values, scale))[None]))
            else:
                ink.text(rect, "…" if active else "", small, style.NETWORK_MUTED_TEXT)
            p.setPen(_pen(lit if name in now else style.NETWORK_FADED_BORDER, 2.0 if name in now else 0.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)

        for gate in state.gates:
            rect = rects[gate]
            p.setPen(_pen(lit if gate in now else style.NETWORK_CELL_BORDER, 2.0 if gate in now else 1.0))
            p.setBrush(_color(style.NETWORK_H0_FILL))
            p.drawRoundedRect(rect, 4, 4)
            ink.text(QRectF(rect.left(), rect.top() + 1, rect.width(), 16), gate, label, style.NETWORK_TEXT)
            ink.text(QRectF(rect.left(), rect.top() + 16, rect.width(), 13), GATE_FUNCTIONS[gate], small,
                     style.NETWORK_MUTED_TEXT)
            strip = QRectF(rect.left() + 4, rect.top() + 31, rect.width() - 8, max(4.0, rect.height() - 35))
            values = record.gates[gate][b] if record is not None and gate in shown else None
            values_strip(strip, values, 1.0, gate)
        side = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if "c_t" in rects:
            rect = rects["c_t"]
            ink.text(QRectF(box.left() + 8, rect.top(), 34, rect.height()), "cₜ", label, style.NETWORK_TEXT, side)
            c_values = record.c_t[b] if record is not None and "c_t" in shown else None
            if t is None:  # before the first step the cell holds c0
                c_values = s.c0[layer * s.D + direction, b]
            values_strip(rect, c_values, state.c_scale(), "c_t")
            # the c path: the forget gate scales c_{t-1}, the input gate adds i * g (the formula once)
            ink.text(self._formula_rect(box, rect), "= f ⊗ cₜ₋₁ ⊕ i ⊗ g", small, style.NETWORK_TEXT, side)
        rect = rects["h_t"]
        ink.text(QRectF(box.left() + 8, rect.top(), 34, rect.height()), "hₜ", label, style.NETWORK_TEXT, side)
        if t is None:
            p.drawImage(rect, _strip_image(h0_rgba[None]))
            p.setPen(_pen(style.NETWORK_FADED_BORDER, 0.8))
            p.drawRect(rect)
        else:
            values_strip(rect, record.h_t[b] if record is not None and "h_t" in shown else None,
                         state.value_scale(), "h_t")
        formula = "= o ⊗ tanh(cₜ)" if state.has_cell_state else "= (1 − z) ⊗ n ⊕ z ⊗ hₜ₋₁"
        if s.H_out != s.H:
            formula = "= W_hr (o ⊗ tanh(cₜ))"
        ink.text(self._formula_rect(box, rect), formula, small, style.NETWORK_TEXT, side)

    @staticmethod
    def _formula_rect(box: QRectF, strip: QRectF) -> QRectF:
        """Right of a track's strip, up to the cell's edge."""
        return QRectF(strip.right() + 6, strip.top() - 2, box.right() - 8 - strip.right() - 6, strip.height() + 4)

    def _paint_rolled_input(self, p: QPainter, ink: _Ink, boxes: dict, box: QRectF, layer: int,
                            direction: int, t: int | None) -> None:
        state = self.state
        color = style.NETWORK_ARROW if t is not None else style.NETWORK_FADED_ARROW
        if layer == 0:
            token_top = box.bottom() + 22
            token = state.token_text(t) if t is not None else "…"
            font = self.font(style.NETWORK_TOKEN_PX + (2 if state.tokens is not None else 0))
            token_rect = QRectF(box.center().x() - 60, token_top, 120, 28)
            ink.text(token_rect, token, font,
                     style.NETWORK_CURRENT if t is not None else style.NETWORK_MUTED_TEXT)
            note = "xₜ" if t is None else f"xₜ, t = {t}"
            ink.text(QRectF(box.center().x() - 80, token_rect.bottom(), 160, 14), note,
                  self.font(style.NETWORK_SMALL_PX), style.NETWORK_MUTED_TEXT)
            ink.arrow([QPointF(box.center().x(), token_top), QPointF(box.center().x(), box.bottom())], color)
            return
        below = [boxes[(layer - 1, d)] for d in range(state.stepper.D)]
        if len(below) == 1:
            ink.arrow([QPointF(box.center().x(), below[0].top()), QPointF(box.center().x(), box.bottom())],
                   color)
            ink.text(QRectF(box.center().x() + 6, below[0].top() - 22, 150, 16),
                     QCoreApplication.translate("NetworkPanel", "xₜ = hₜ of layer {layer}").format(layer=layer - 1),
                  self.font(style.NETWORK_SMALL_PX), style.NETWORK_MUTED_TEXT,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return
        # bidirectional: the layer reads both directions of the layer below, concatenated
        bar_y = (below[0].top() + box.bottom()) / 2
        for b in below:
            p.setPen(_pen(style.NETWORK_BRANCH_ARROW, 1.3))
            p.drawLine(QPointF(b.center().x(), b.top()), QPointF(b.center().x(), bar_y))
        p.drawLine(QPointF(below[0].center().x(), bar_y), QPointF(below[1].center().x(), bar_y))
        ink.arrow([QPointF(box.center().x(), bar_y), QPointF(box.center().x(), box.bottom())], color)

    def _paint_rolled_output(self, p: QPainter, ink: _Ink, boxes: dict, lay: dict) -> None:
        state, s = self.state, self.state.stepper
        top_boxes = [boxes[(s.L - 1, d)] for d in range(s.D)]
        y = lay["caption_h"] + 4
        cx = sum(b.center().x() for b in top_boxes) / len(top_boxes)
        record = state.view.record
        t = record.t if record is not None else None
        predicted = state.prediction(t) if t is not None else None
        text = "?" if predicted is None else f"{predicted[0]}"
        token_rect = QRectF(cx - 40, y, 80, 26)
        ink.text(token_rect, text, self.font(style.NETWORK_TOKEN_PX + 2),
              style.NETWORK_TEXT if predicted else style.NETWORK_FADED_BORDER)
        if state.sim.model.is_classifier:
            note = (QCoreApplication.translate("NetworkPanel", "class guess") if predicted is None else
                    QCoreApplication.translate("NetworkPanel", "class guess ({p}) after t = {t}").format(
                        p=f"{predicted[1]:.0%}", t=t))
        else:
            note = (QCoreApplication.translate("NetworkPanel", "predicted next") if predicted is None else
                    QCoreApplication.translate("NetworkPanel", "predicted next ({p}) after t = {t}").format(
                        p=f"{predicted[1]:.0%}", t=t))
        ink.text(QRectF(cx + 30, y, 240, 26), note, self.font(style.NETWORK_SMALL_PX),
              style.NETWORK_MUTED_TEXT, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        color = style.NETWORK_ARROW if predicted else style.NETWORK_FADED_ARROW
        if len(top_boxes) == 1:
            ink.arrow([QPointF(cx, top_boxes[0].top()), QPointF(cx, token_rect.bottom())], color)
        else:
            bar_y = (top_boxes[0].top() + token_rect.bottom()) / 2
            p.setPen(_pen(style.NETWORK_BRANCH_ARROW, 1.3))
            for b in top_boxes:
                p.drawLine(QPointF(b.center().x(), b.top()), QPointF(b.center().x(), bar_y))
            p.drawLine(QPointF(top_boxes[0].center().x(), bar_y), QPointF(top_boxes[1].center().x(), bar_y))
            ink.arrow([QPointF(cx, bar_y), QPointF(cx, token_rect.bottom())], color)


# ---- widgets ---------------------------------------------------------------------------------------------

class _Canvas(QWidget):
    """The viewport: paints the visible part of the scene; mouse and keys go to the panel.

    The painted frame is kept in a pixmap and drawn again as is while nothing it shows has
    changed (same step, selection, scroll, zoom and size): a window repainted for another
    reason (a dock resized, a menu closed) then costs a blit, not a redraw of every cell.
    """

    def __init__(self, panel: NetworkPanel):
        super().__init__(panel)
        self.panel = panel
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        # The frame covers every pixel: Qt need not paint the panel's background under it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.last_paint_error: str | None = None
        self._frame: QPixmap | None = None
        self._frame_key = None
        self._frame_scroll_x = 0  # the horizontal scroll the frame was drawn at

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    def paintEvent(self, event) -> None:
        state, scroll_x = self.panel._frame_state()
        key = (state, self.size().toTuple(), self.devicePixelRatioF())
        changed = self.panel._take_changed_columns()  # None: everything may have changed
        if self._frame is not None and key == self._frame_key and changed is not None \
                and scroll_x != self._frame_scroll_x:
            # Following the current cell scrolls by a column or so: move the picture and
            # draw only the columns that came into view.
            exposed = self.panel._scrolled_columns(self._frame_scroll_x, scroll_x)
            if exposed is None:
                changed = None
            else:
                ratio = self.devicePixelRatioF()
                gutter = round(style.NETWORK_LABEL_WIDTH * ratio)
                self._frame.scroll(round((self._frame_scroll_x - scroll_x) * ratio), 0,
                                   QRect(gutter, 0, self._frame.width() - gutter, self._frame.height()))
                changed |= exposed
        if self._frame is None or key != self._frame_key or changed is None:
            self._frame, self._frame_key = self._render_frame(), key
        elif changed:  # a step: only the columns of the cells it touched are drawn again
            self._render_frame(changed)
        self._frame_scroll_x = scroll_x
        p = QPainter(self)
        try:
            if self._frame is not None:  # (only the exposed part is copied: a step's columns)
                p.drawPixmap(event.rect(), self._frame, self._device_rect(event.rect()))
            else:  # (opaque widget: every pixel must be painted)
                p.fillRect(self.rect(), QColor(style.NETWORK_BACKGROUND))
        finally:
            p.end()

    def _device_rect(self, rect: QRect) -> QRect:
        ratio = self.devicePixelRatioF()
        if ratio == 1.0:
            return rect
        return QRect(round(rect.x() * ratio), round(rect.y() * ratio),
                     round(rect.width() * ratio), round(rect.height() * ratio))

    def _render_frame(self, columns: set[int] | None = None) -> QPixmap | None:
        """A new frame, or with `columns`, those time steps drawn again into the current one."""
        ratio = self.devicePixelRatioF()
        if columns is None:
            frame = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            frame.setDevicePixelRatio(ratio)
            frame.fill(QColor(style.NETWORK_BACKGROUND))
        else:
            frame = self._frame
        p = QPainter(frame)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.panel._paint_view(p, self.size(), columns)
            self.last_paint_error = None
        except Exception as exc:  # a bad frame must not take the window down, nor repeat silently
            if self.last_paint_error is None:
                log.exception("network panel paint failed")
            self.last_paint_error = f"{type(exc).__name__}: {exc}"
            frame = self._frame = None  # not kept: the next paint tries again
        finally:
            p.end()
        return frame

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.panel._relayout()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.panel._tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.panel._clicked(event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        cell = self.panel.cell_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if cell is not None else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def wheelEvent(self, event) -> None:
        self.panel._wheel(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.panel.zoom_in()
        elif event.key() == Qt.Key.Key_Minus:
            self.panel.zoom_out()
        else:
            super().keyPressEvent(event)


class _ColourLegend(QWidget):
    """The colour scale of the strips: -1 blue, 0 white, +1 red (relu: 0 .. the largest h)."""

    def __init__(self, panel: NetworkPanel, track: str = "h"):
        super().__init__(panel)
        self.panel = panel
        self.track = track  # "h": h_t's scale; "c": an LSTM's c_t's
        self.setFixedSize(150, 22)
        if track == "c":
            self.setToolTip(self.tr("Colour of each cell-state value c_t: blue negative, white zero, red positive. "
                                    "c_t is not squashed: the scale is ±1, or ± the largest |c_t| so far."))
        else:
            self.setToolTip(self.tr("Colour of each hidden value: blue negative, white zero, red positive. "
                                    "Large hidden states are shown as the mean of each of at most {bins} bins."
                                    ).format(bins=style.NETWORK_STRIP_BINS))

    def paintEvent(self, event) -> None:
        # Drawn once per scale into a pixmap (the window repaints it with every other widget).
        state = self.panel._state
        scale = state.c_scale() if self.track == "c" and state.has_cell_state else state.value_scale()
        key = (scale, self.size().toTuple(), self.devicePixelRatioF())
        if getattr(self, "_picture_key", None) != key:
            self._picture, self._picture_key = self._draw(state, scale), key
        p = QPainter(self)
        try:
            p.drawPixmap(0, 0, self._picture)
        finally:
            p.end()

    def _draw(self, state, scale: float) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        p = QPainter(picture)
        try:
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            bar = QRectF(24, 5, self.width() - 50, 12)
            p.drawImage(bar, _strip_image(state.lut[None, :, :]))
            p.setPen(_pen(style.NETWORK_FADED_BORDER))
            p.drawRect(bar)
            font = _font(style.NETWORK_SMALL_PX)
            low, high = ("−1", "+1") if scale == 1.0 else (f"−{scale:.2g}", f"+{scale:.2g}")
            _text(p, QRectF(0, 0, 24, 22), low, font, style.NETWORK_TEXT)
            _text(p, QRectF(bar.right(), 0, self.width() - bar.right(), 22), high, font, style.NETWORK_TEXT)
        finally:
            p.end()
        return picture


class NetworkPanel(StepPanel):
    """Cells over time (columns) and layers (rows), with the current cell highlighted."""

    TITLE = "Unrolled network"
    OBJECT_NAME = "networkPanel"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self._state = _NetworkState(session)
        self._renderer = _Renderer(self._state)
        self._pitch = style.NETWORK_DEFAULT_PITCH
        self._row_pitch = style.NETWORK_ROW_PITCH_RANGE[1]
        self._auto_pitch = True  # until the user zooms, short sequences widen to fill the view
        # The smallest row height: the style's, or less after Fit when the rows need it to fit.
        self._min_row_pitch = style.NETWORK_ROW_PITCH_RANGE[0]
        self._center_y = 0.0  # a network shorter than the view is centred vertically
        self._rolled = False
        self._changed_columns: set[int] | None = None  # drawn differently since the last paint
        self._labelled_row = None  # the current (layer, direction) when the row labels were drawn
        self._build_widgets()
        self._show_c_legend()
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        session.neuronSelected.connect(self._on_neuron_selected)
        self._relayout()
        self._follow_current()

    def _build_widgets(self) -> None:
        self.rolled_button = QToolButton(self)
        self.rolled_button.setText(self.tr("⟲ Rolled"))
        self.rolled_button.setCheckable(True)
        self.rolled_button.setToolTip(
            self.tr("Show the network rolled up: one recurrent cell per layer with its loop arrow.\n"
                    "Every cell of a row in the unrolled view is this one cell, reused at every time step."))
        self.rolled_button.toggled.connect(self.set_rolled)
        self.zoom_out_button = self._tool_button("−", self.tr("Zoom out: narrower time steps (Ctrl+wheel, − key)"),
                                                 self.zoom_out)
        self.zoom_in_button = self._tool_button("+", self.tr("Zoom in: wider time steps (Ctrl+wheel, + key)"),
                                                self.zoom_in)
        self.fit_button = self._tool_button(self.tr("Fit"), self.tr("Fit the whole sequence into the view"),
                                            self.fit_all)
        self.legend = _ColourLegend(self)
        self.c_legend_label = QLabel("cₜ:", self)
        self.c_legend = _ColourLegend(self, track="c")
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet(f"color: {style.NETWORK_MUTED_TEXT};")

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(4, 2, 4, 2)
        toolbar.setSpacing(4)
        for w in (self.rolled_button, self.zoom_out_button, self.zoom_in_button, self.fit_button):
            toolbar.addWidget(w)
        toolbar.addSpacing(10)
        toolbar.addWidget(QLabel("hₜ:", self))
        toolbar.addWidget(self.legend)
        toolbar.addSpacing(6)
        toolbar.addWidget(self.c_legend_label)
        toolbar.addWidget(self.c_legend)
        toolbar.addStretch(1)
        toolbar.addWidget(steady(self.status_label))  # changes at every step: gui/steady_label.py

        self.canvas = _Canvas(self)
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        for bar in (self.hbar, self.vbar):
            bar.setStyleSheet(style.FLAT_SCROLLBAR_STYLE)
        self.hbar.valueChanged.connect(self.canvas.update)
        self.vbar.valueChanged.connect(self.canvas.update)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.canvas, 0, 0)
        grid.addWidget(self.vbar, 0, 1)
        grid.addWidget(self.hbar, 1, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(toolbar)
        layout.addLayout(grid, 1)

    def _tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # ---- panel contract ----------------------------------------------------------------------------

    def export_widget(self) -> NetworkPanel:
        """This panel: `render_image` / `render_svg` paint the whole network, not just the view."""
        return self

    # ---- public reading ------------------------------------------------------------------------------

    def scene_geometry(self, pitch: float | None = None) -> _Geometry:
        s = self._state.stepper
        return _Geometry(s.T, s.L, s.D, self._state.has_head, pitch or self._pitch, self._row_pitch)

    def highlighted_cell(self) -> Cell | None:
        """The cell drawn as being computed: (layer, direction, t) of the session's current record."""
        return self._state.current_cell()

    def is_rolled(self) -> bool:
        return self._rolled

    def track_rects(self, layer: int, direction: int, t: int) -> tuple[QRect, QRect | None]:
        """Where a detailed cell's h_t strip and (LSTM) c_t strip are drawn, in canvas coordinates."""
        h, c = _track_rects(QRectF(self.cell_rect(layer, direction, t)), self._state.has_cell_state)
        return h.toAlignedRect(), None if c is None else c.toAlignedRect()

    def c_colour_scale(self) -> float | None:
        """The value drawn fully red (and its negative fully blue) in the c_t strips; None
        without a cell state."""
        return self._state.c_scale() if self._state.has_cell_state else None

    def lit_parts(self) -> set[str]:
        """The parts of the current gated cell outlined in the rolled view: those its current
        sub-operation reveals (gate names, "c_t", "h_t")."""
        return self._renderer.lit_parts()

    def pitch(self) -> float:
        """Width of one time step in px (the zoom)."""
        return self._pitch

    def scroll_offset(self) -> QPointF:
        """Scene point at the canvas's top-left (right of the row labels); y < 0 when centred."""
        return QPointF(self.hbar.value(), self.vbar.value() - self._center_y)

    def token_font(self) -> QFont:
        """The font input and predicted tokens are drawn with (the bundled CJK font)."""
        return self._renderer.font(style.NETWORK_TOKEN_PX)

    def token_label(self, t: int) -> str:
        """The input label drawn under column t: the token ("␣" for a space) or "x₅"."""
        return self._state.token_text(t)

    def prediction(self, t: int) -> tuple[str, float] | None:
        """The predicted next token drawn above column t and its probability, once computed."""
        return self._state.prediction(t)

    def cell_rect(self, layer: int, direction: int, t: int) -> QRect:
        """Where cell (layer, direction, t) is drawn, in the canvas's coordinates (may be off-screen)."""
        if self._rolled:
            box = self._renderer.rolled_layout(self.canvas.size())["boxes"][(layer, direction)]
            return box.translated(0, -self.scroll_offset().y()).toAlignedRect()
        rect = self.scene_geometry().cell_rect(layer, direction, t)
        scroll = self.scroll_offset()
        return rect.translated(style.NETWORK_LABEL_WIDTH - scroll.x(), -scroll.y()).toAlignedRect()

    def cell_at(self, pos) -> Cell | None:
        """The cell under a canvas point, or None (the row labels, tokens, gaps between rows)."""
        x, y = float(pos.x()), float(pos.y())
        if self._rolled:
            for (layer, direction), box in self._renderer.rolled_layout(self.canvas.size())["boxes"].items():
                if box.contains(QPointF(x, y + self.scroll_offset().y())):
                    t = self._state.latest_t(layer, direction)
                    return Cell(layer, direction, t if t is not None else (0 if direction == 0 else
                                                                             self._state.stepper.T - 1))
            return None
        if x < style.NETWORK_LABEL_WIDTH:
            return None
        scroll = self.scroll_offset()
        return self.scene_geometry().cell_at(x - style.NETWORK_LABEL_WIDTH + scroll.x(), y + scroll.y())

    def strip_colors(self, layer: int, direction: int, t: int, track: str = "h") -> list[QColor] | None:
        """The colour strip drawn in a cell (one colour per bin) for h_t, or with track="c" an
        LSTM's c_t; None if the cell is not computed."""
        if not self._state.complete(layer, direction, t):
            return None
        strips = self._state.c_strip_rgba if track == "c" else self._state.strip_rgba
        rgba = strips(range(t, t + 1))[0, layer * self._state.stepper.D + direction]
        return [QColor(int(r), int(g), int(b)) for r, g, b, _ in rgba]

    def cell_tooltip(self, layer: int, direction: int, t: int) -> str:
        """What hovering a cell shows: where it is, its token, h_t (and an LSTM's c_t) against the
        module's own value."""
        state, s = self._state, self._state.stepper
        where = "<b>" + self.tr("layer {layer}").format(layer=layer) + f" {DIRECTION_ARROWS[direction]}</b>"
        if s.D == 2:
            where += f" ({self.tr(DIRECTION_NAMES[direction])})"
        lines = [f"{where}, t = {t}"]
        token = state.token_text(t)
        if state.tokens is not None:
            family = self.token_font().family()
            lines.append(self.tr("token: {token}").format(
                token=f"<span style=\"font-family:'{family}'\">{_html(token)}</span>"))
        else:
            lines.append(self.tr("input: {token}").format(token=token))
        index = s.schedule.index(layer, direction, t)
        if not s.is_computed(layer, direction, t):
            lines.append(self.tr("<i>not computed yet</i> (cell {i} of {n}) — click to compute up to here").format(
                i=index + 1, n=len(s)))
            return "<br>".join(lines)
        record = state.view.record if (state.view.record is not None and state.view.record.index == index) \
            else s.record(index)
        b = state.batch
        if Cell(layer, direction, t) == state.in_progress():
            lines.append(self.tr("being computed: {stage}").format(stage=_html(stage_name(state.view.stage, record))))
        module = state.sim.config.module_name
        width = f"H = {s.H}" if s.H_out == s.H else f"H_out = proj_size = {s.H_out}"
        lines.append(f"h_t: <code>{_fmt_values(record.h_t[b])}</code>  ({width})")
        lines.append(f"{module}: <code>{_fmt_values(record.reference_h_t[b])}</code>")
        if record.c_t is not None:  # LSTM: the cell state, checked too
            lines.append(f"c_t: <code>{_fmt_values(record.c_t[b])}</code>  (H = {s.H})")
            lines.append(f"{module}: <code>{_fmt_values(record.reference_c_t[b])}</code>")
        neuron = min(self.session.selected_neuron, s.H_out - 1)
        lines.append(self.tr("selected neuron {i}: h = {value}").format(
            i=neuron, value=f"{record.h_t[b, neuron].item():+.4f}"))
        if record.c_t is not None:
            neuron = min(self.session.selected_neuron, s.H - 1)
            lines.append(self.tr("selected neuron {i}: c = {value}").format(
                i=neuron, value=f"{record.c_t[b, neuron].item():+.4f}"))
        diff = float(record.abs_diff[b].max())
        if record.c_abs_diff is not None:
            c_diff = float(record.c_abs_diff[b].max())
            diff = c_diff if not math.isfinite(c_diff) else max(diff, c_diff)  # a NaN anywhere stays NaN
        verdict = (self.tr("✗ NaN or infinite: cannot compare") if not math.isfinite(diff)
                   else self.tr("✓ matches") if diff <= record.tolerance else self.tr("✗ differs"))
        lines.append(f"max |diff| = {diff:.2e}  {verdict} "
                     + self.tr("(tolerance {tol})").format(tol=f"{record.tolerance:.0e}"))
        if s.B > 1:
            lines.append(self.tr("batch element {b}").format(b=b))
        return "<br>".join(lines)

    # ---- public actions ------------------------------------------------------------------------------

    def set_rolled(self, rolled: bool) -> None:
        rolled = bool(rolled)
        if rolled == self._rolled:
            return
        self._rolled = rolled
        if self.rolled_button.isChecked() != rolled:
            self.rolled_button.setChecked(rolled)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(not rolled)
        self._relayout()
        self._follow_current()
        self.canvas.update()

    def set_pitch(self, pitch: float, anchor_x: float | None = None) -> None:
        """Zoom to `pitch` px per time step, keeping the scene point under canvas x `anchor_x` still."""
        pitch = max(style.NETWORK_MIN_PITCH, min(style.NETWORK_MAX_PITCH, float(pitch)))
        self._auto_pitch = False
        if pitch == self._pitch:
            return
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        if anchor_x is None:
            anchor_x = style.NETWORK_LABEL_WIDTH + view_w / 2
        old = self.scene_geometry()
        scene_x = anchor_x - style.NETWORK_LABEL_WIDTH + self.hbar.value()
        t_float = (scene_x - old.columns_left) / old.pitch
        self._pitch = pitch
        self._relayout()
        new_scene_x = old.columns_left + t_float * pitch
        self.hbar.setValue(round(new_scene_x - (anchor_x - style.NETWORK_LABEL_WIDTH)))
        self.canvas.update()

    def zoom_in(self) -> None:
        self.set_pitch(self._pitch * style.NETWORK_ZOOM_FACTOR)

    def zoom_out(self) -> None:
        self.set_pitch(self._pitch / style.NETWORK_ZOOM_FACTOR)

    def height_for_all_rows(self) -> int:
        """This panel's height that shows every row (at the smallest row height) without scrolling."""
        s = self._state.stepper
        content = _Geometry.fixed_height(self._state.has_head) + s.L * s.D * style.NETWORK_ROW_PITCH_RANGE[0]
        return self.height() - self.canvas.height() + math.ceil(content)

    def fit_all(self) -> None:
        """Every time step and every row in view: narrower columns, and shorter rows if needed."""
        geo = self.scene_geometry()
        rows = geo.L * geo.D
        share = (self.canvas.height() - _Geometry.fixed_height(self._state.has_head)) / rows
        self._min_row_pitch = max(style.NETWORK_MIN_ROW_PITCH, min(style.NETWORK_ROW_PITCH_RANGE[0], share))
        fixed = geo.width - geo.T * geo.pitch
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        self._relayout()
        self.set_pitch((view_w - fixed) / max(geo.T, 1))
        self.hbar.setValue(0)
        self.vbar.setValue(0)

    def scroll_to_cell(self, layer: int, direction: int, t: int) -> None:
        """Scroll as little as needed for the cell to be in view, with a little context around it."""
        if self._rolled:
            return
        rect = self.scene_geometry().cell_rect(layer, direction, t)
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        view_h = self.canvas.height()
        margin = min(self._pitch * 1.5, view_w / 3)
        x = self.hbar.value()
        if rect.left() - margin < x:
            x = rect.left() - margin
        elif rect.right() + margin > x + view_w:
            x = rect.right() + margin - view_w
        self.hbar.setValue(round(x))
        y = self.vbar.value()
        pad = min(self._row_pitch / 2, view_h / 4)
        top, bottom = rect.top() - pad, rect.bottom() + pad
        if top < y:
            y = top
        elif bottom > y + view_h:
            y = bottom - view_h
        self.vbar.setValue(round(y))

    def render_image(self, width: int | None = None) -> QImage:
        """The whole network (every time step, not just the visible ones) as an image.

        `width` in px sets the column width so that everything fits; by default the current zoom
        is used, narrowed if the image would be wider than NETWORK_MAX_EXPORT_WIDTH."""
        size, paint = self.export_plan(width)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(style.NETWORK_BACKGROUND))
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            paint(p)
        finally:
            p.end()
        return image

    def render_svg(self, path) -> None:
        """The whole network as an SVG file (vector shapes and text; colour strips as images)."""
        from PySide6.QtSvg import QSvgGenerator

        size, paint = self.export_plan(None)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(self.TITLE)
        generator.setDescription("RNN Stepper: the unrolled network")
        p = QPainter(generator)
        try:
            paint(p)
        finally:
            p.end()

    # ---- internals -----------------------------------------------------------------------------------

    def export_plan(self, width: int | None):
        if self._rolled:
            w = int(width or max(self.canvas.width(), 640))
            h = int(max(self.canvas.height(), self._renderer.rolled_layout(QSize(w, 400))["height"]))
            size = QSize(w, h)
            return size, lambda p: self._renderer.paint_rolled(p, size, 0.0)
        geo = self.scene_geometry()
        # Rows at full height: on screen they share the dock's height (squashed when there are
        # many); an exported picture has no dock to fit.
        geo = _Geometry(geo.T, geo.L, geo.D, geo.has_head, geo.pitch, style.NETWORK_ROW_PITCH_RANGE[1])
        label_w = style.NETWORK_LABEL_WIDTH
        fixed = geo.width - geo.T * geo.pitch + label_w
        target = width if width is not None else fixed + geo.T * geo.pitch
        target = min(float(target), float(style.NETWORK_MAX_EXPORT_WIDTH))
        pitch = max((target - fixed) / geo.T, 0.05)
        geo = _Geometry(geo.T, geo.L, geo.D, geo.has_head, pitch, geo.row_pitch)
        size = QSize(math.ceil(label_w + geo.width), math.ceil(geo.height))
        return size, lambda p: self._renderer.paint_unrolled(p, geo, size, QPointF(0, 0))

    def window_plan(self, t: int, columns: int):
        """(size, paint) of a window of `columns` time steps around time step `t`, at the current
        zoom, with the row labels: what one animation frame shows of a long sequence (the whole
        sequence when it is shorter)."""
        geo = self.scene_geometry()
        if self._rolled or geo.T <= columns:
            return self.export_plan(None)
        geo = _Geometry(geo.T, geo.L, geo.D, geo.has_head, geo.pitch, style.NETWORK_ROW_PITCH_RANGE[1])
        label_w = style.NETWORK_LABEL_WIDTH
        view_w = geo.width - geo.T * geo.pitch + columns * geo.pitch  # the margins and `columns` steps
        size = QSize(math.ceil(label_w + view_w), math.ceil(geo.height))
        left = geo.column_x(t) + geo.pitch / 2 - view_w / 2  # the current column in the middle
        left = min(max(0.0, left), geo.width - view_w)
        return size, lambda p: self._renderer.paint_unrolled(p, geo, size, QPointF(left, 0))

    def _frame_state(self) -> tuple[tuple, int]:
        """Where the canvas's picture is taken from besides its size (see _Canvas): when any
        of the first part changes, the whole picture is drawn again; the second is the
        horizontal scroll, which the canvas can follow by moving the picture."""
        return (self._rolled, self._pitch, self._row_pitch, self._center_y, self.vbar.value()), \
            self.hbar.value()

    def _scrolled_columns(self, old_x: int, new_x: int) -> set[int] | None:
        """Time steps that come into view when the scroll goes from old_x to new_x (None: too
        far to be worth moving the picture)."""
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        if self._rolled or abs(new_x - old_x) > view_w / 2:
            return None
        geo = self.scene_geometry()
        a, b = (old_x + view_w, new_x + view_w) if new_x > old_x else (new_x, old_x)
        columns = set(geo.t_range(a - 1, b + 1))
        if b + 1 > geo.column_x(geo.T):  # the reverse h0 box and the margin after the last column
            columns.add(geo.T - 1)
        if a - 1 < geo.columns_left:  # the h0 boxes before the first column
            columns.add(0)
        return columns

    def _take_changed_columns(self) -> set[int] | None:
        """The time steps whose drawing changed since the last paint (None: anything may have,
        or the view is not one where a few columns can be drawn again: rolled, or zoomed out
        to strips, where columns are not whole pixels and labels span several)."""
        changed, self._changed_columns = self._changed_columns, set()
        if changed is None or self._rolled or not self.scene_geometry().detailed:
            return None
        return changed

    def _columns_changed(self, columns: set[int] | None) -> None:
        if columns is None or self._changed_columns is None:
            self._changed_columns = None
        else:
            self._changed_columns |= columns

    def _step_columns(self, before, after) -> set[int] | None:
        """Time steps drawn differently after a step from view `before` to `after`: those of the
        cells computed or uncomputed, and of the cell that was or is now current."""
        stepper = self._state.stepper
        if (before.batch_index != after.batch_index or before.total != after.total
                or stepper.nonlinearity == "relu"):  # relu: the colour scale follows the values
            return None
        low, high = sorted((before.position, after.position))
        cells = range(max(0, low - 1), high)
        if len(cells) > STEP_REPAINT_MAX_CELLS:
            return None  # a jump: draw everything again
        return {stepper.schedule.cell(i).t for i in cells}

    def _paint_view(self, p: QPainter, size: QSize, columns: set[int] | None = None) -> None:
        current = self._state.current_cell()
        row = None if current is None else (current.layer, current.direction)
        row_labels = columns is None or row != self._labelled_row  # (the current row's is bold)
        self._labelled_row = row
        if self._rolled:
            self._renderer.paint_rolled(p, size, self.scroll_offset().y())
        elif columns is None:
            self._renderer.paint_unrolled(p, self.scene_geometry(), size, self.scroll_offset())
        else:
            for first, last in _runs(sorted(columns)):
                self._renderer.paint_unrolled(p, self.scene_geometry(), size, self.scroll_offset(),
                                              only=range(first, last + 1), row_labels=row_labels)
                row_labels = False

    def _relayout(self) -> None:
        """Share the height between the rows and set the scroll ranges (after a resize or zoom)."""
        view_w = max(1, self.canvas.width() - style.NETWORK_LABEL_WIDTH)
        view_h = max(1, self.canvas.height())
        if self._rolled:
            content_h = self._renderer.rolled_layout(self.canvas.size())["height"]
            self.hbar.setRange(0, 0)
            self.hbar.hide()
        else:
            low, high = self._min_row_pitch, style.NETWORK_ROW_PITCH_RANGE[1]
            rows = self._state.stepper.L * self._state.stepper.D
            share = (view_h - _Geometry.fixed_height(self._state.has_head)) / rows
            self._row_pitch = max(low, min(high, share))
            if self._auto_pitch:
                fixed = self.scene_geometry(1.0).width - self._state.stepper.T
                fill = (view_w - fixed) / self._state.stepper.T
                self._pitch = max(style.NETWORK_DEFAULT_PITCH, min(style.NETWORK_MAX_PITCH, fill))
            geo = self.scene_geometry()
            content_h = geo.height
            self.hbar.setRange(0, max(0, math.ceil(geo.width - view_w)))
            self.hbar.setPageStep(view_w)
            self.hbar.setSingleStep(max(1, round(self._pitch)))
            self.hbar.show()
        self._center_y = max(0.0, (view_h - content_h) / 2)
        self.vbar.setRange(0, max(0, math.ceil(content_h - view_h)))
        self.vbar.setPageStep(view_h)
        self.vbar.setSingleStep(20)
        self.vbar.setVisible(self.vbar.maximum() > 0)
        self._update_status()

    def _update_status(self) -> None:
        view = self._state.view
        s = self._state.stepper
        if view.record is None:
            text = self.tr("0 / {n} cells").format(n=len(s))
        else:
            r = view.record
            arrow = f" {DIRECTION_ARROWS[r.direction]}" if s.D == 2 else ""
            text = self.tr("cell {i} / {n}: layer {layer}{arrow}, t = {t}").format(
                i=view.position, n=len(s), layer=r.layer, arrow=arrow, t=r.t)
        self.status_label.setText(text)

    def _follow_current(self) -> None:
        current = self._state.current_cell()
        if current is not None:
            self.scroll_to_cell(*current)

    def _on_simulation_changed(self, simulation) -> None:
        self._state = _NetworkState(self.session)
        self._renderer = _Renderer(self._state)
        self._auto_pitch = True
        self._min_row_pitch = style.NETWORK_ROW_PITCH_RANGE[0]
        self.hbar.setValue(0)
        self.vbar.setValue(0)
        self._columns_changed(None)
        self._relayout()
        self._follow_current()
        self.canvas.update()
        self.legend.update()
        self._show_c_legend()

    def _show_c_legend(self) -> None:
        """c_t's colour scale beside h_t's, for an LSTM only."""
        gated = self._state.has_cell_state
        self.c_legend_label.setVisible(gated)
        self.c_legend.setVisible(gated)
        self._c_scale_shown = self._state.c_scale() if gated else 1.0
        self.c_legend.update()

    def _on_step_changed(self, view) -> None:
        columns = self._step_columns(self._state.view, view)
        self._state.view = view
        if self._state.has_cell_state and self._state.c_scale() != self._c_scale_shown:
            columns = None  # the c_t colours follow the largest |c|: every cell is drawn anew
            self._c_scale_shown = self._state.c_scale()
            self.c_legend.update()
        self._columns_changed(columns)
        self._update_status()
        self._follow_current()  # (a scroll repaints the whole canvas)
        self._update_columns_on_screen(columns)
        if self._state.stepper.nonlinearity == "relu":
            self.legend.update()

    def _update_columns_on_screen(self, columns: set[int] | None) -> None:
        """Ask Qt to repaint just where these time steps are drawn (None: the whole canvas)."""
        geo = self.scene_geometry()
        if columns is None or self._rolled or not geo.detailed or not columns:
            self.canvas.update()
            return
        reach = (geo.pitch - geo.cell_width) / 2 + 4.0
        first = 0.0 if min(columns) <= 0 else geo.column_x(min(columns)) - reach
        last = geo.width if max(columns) >= geo.T - 1 else geo.column_x(max(columns) + 1) + reach
        left = style.NETWORK_LABEL_WIDTH + first - self.hbar.value()
        right = style.NETWORK_LABEL_WIDTH + last - self.hbar.value()
        self.canvas.update(QRect(math.floor(left), 0, math.ceil(right - left) + 1, self.canvas.height()))
        self.canvas.update(QRect(0, 0, style.NETWORK_LABEL_WIDTH, self.canvas.height()))  # row labels

    def _on_neuron_selected(self, neuron: int) -> None:
        current = self._state.current_cell()
        self._columns_changed(set() if current is None else {current.t})
        self.canvas.update()  # the mark under the current cell's strip moves

    def _clicked(self, pos: QPointF) -> None:
        if self._rolled:
            return
        cell = self.cell_at(pos)
        if cell is not None:
            self.session.seek(self._state.stepper.schedule.index(*cell) + 1)
            neuron = self.neuron_at(pos, cell)
            if neuron is not None:  # a click on the h_t strip picks the neuron under it too
                self.session.select_neuron(neuron)

    def neuron_at(self, pos, cell: Cell) -> int | None:
        """The neuron under a canvas point on `cell`'s h_t strip, or an LSTM's c_t strip (the
        first of its bin), or None."""
        s = self._state.stepper
        h_strip, c_strip = _track_rects(QRectF(self.cell_rect(*cell)), self._state.has_cell_state)
        for strip, H in ((h_strip, s.H_out), (c_strip, s.H)):  # c_t has hidden_size numbers
            if strip is None or not strip.contains(QPointF(pos)) or strip.width() <= 0:
                continue
            bins = self._state.bins(H)
            column = min(int((pos.x() - strip.left()) / strip.width() * bins), bins - 1)
            return column * H // bins
        return None

    def _tooltip_at(self, pos) -> str:
        cell = self.cell_at(QPointF(pos))
        return "" if cell is None else self.cell_tooltip(*cell)

    def _wheel(self, event) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and not self._rolled:
            if delta.y():
                factor = style.NETWORK_ZOOM_FACTOR if delta.y() > 0 else 1 / style.NETWORK_ZOOM_FACTOR
                self.set_pitch(self._pitch * factor, anchor_x=event.position().x())
            event.accept()
            return
        vertical = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier) or self._rolled
        amount = delta.y() or delta.x()
        bar = self.vbar if vertical or (self.hbar.maximum() == 0 and self.vbar.maximum() > 0) else self.hbar
        bar.setValue(bar.value() - round(amount / 120 * max(bar.singleStep(), 40)))
        event.accept()


def _runs(values: list[int]):
    """Sorted integers as (first, last) runs of consecutive values: [1, 2, 3, 7] -> (1, 3), (7, 7)."""
    start = previous = None
    for v in values:
        if previous is not None and v == previous + 1:
            previous = v
            continue
        if start is not None:
            yield start, previous
        start = previous = v
    if start is not None:
        yield start, previous


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
