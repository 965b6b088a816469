"""Where things are in the unrolled scene: pure layout maths, no widget and no network state
(QRectF and QPointF are plain values), so it is tested without a window."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style


@dataclass(frozen=True)
class SceneGeometry:
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
        return style.NETWORK_TOP_MARGIN + band + style.NETWORK_INPUT_BAND + style.NETWORK_BOTTOM_MARGIN

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
        return QRectF(
            self.column_x(t) + (self.pitch - w) / 2,
            self.row_top(layer, direction) + (self.row_pitch - h) / 2,
            w,
            h,
        )

    def h0_rect(self, layer: int, direction: int) -> QRectF:
        w = style.NETWORK_H0_WIDTH * 0.62
        h = min(self.cell_height, 40.0)
        x0 = 0.0 if direction == 0 else self.column_x(self.T)
        return QRectF(
            x0 + (style.NETWORK_H0_WIDTH - w) / 2,
            self.row_top(layer, direction) + (self.row_pitch - h) / 2,
            w,
            h,
        )

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


def track_rects(rect: QRectF, has_cell_state: bool) -> tuple[QRectF, QRectF | None]:
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
