"""Backpropagation panel: how the loss at one step sends gradients back through the cells.

The loss is measured at step t* (the prediction after token t* compared with token t*+1 for
text; ½‖output[t*]‖² for random tensors). engine.bptt computes every gradient of that loss,
cell by cell; this panel shows

- ‖∂L/∂h_t‖ for every cell that influences the loss, over time and per layer/direction, on a
  log scale: gradients that shrink (vanish) or grow (explode) going back in time are visible at a
  glance; under it the same numbers as a grid of cells, the one the gradient is passing now
  outlined;
- one cell on the way back at a time (◀ goes one cell further from the loss, ▶ back towards
  it), with its gradient terms: what arrives at h_t from above and from the next time step, the
  activation's slope, ∂L/∂pre, what is handed to the previous cell (W_hhᵀ ∂L/∂pre) and this
  cell's share of the weight gradients;
- W_hh's spectral radius, and what it means for the gradients (engine.bptt's sentence).

A gated cell (LSTM, GRU) asks the record what it holds: the norm plot adds ‖∂L/∂c_t‖ (dashed)
for LSTM, the terms are per gate (∂L/∂pre of each gate block, the cell-state path), the weight
gradients show their gate blocks (W_ii, W_if, ...), and in place of the spectral radius the memory
gate (LSTM's forget gate f, GRU's update gate z) along the sequence with its running product:
how much of c_0 (or of h_0 along z's path) is left at each step, which is also how much of the
gradient along that path gets back.

Every number comes from engine.bptt (equal to torch.autograd's); nothing is computed here. The
backward pass is recomputed when the simulation changes (throttled: training changes it several
times a second) and, when "follow the step" is on, when the current time step changes; never while
nobody can see the panel (a closed dock, or a dock tab behind another), which catches up when it
is seen again (gui/panels/lazy.py). The hover readout of the
gradient heatmaps is read again whenever they change, so it never shows an old model's number.
"""

from __future__ import annotations

import html
import logging
import math
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QCheckBox, QGraphicsRectItem, QHBoxLayout, QLabel, QPushButton, QSpinBox,
    QToolButton, QVBoxLayout, QWidget,
)

from rnn_stepper.engine.bptt import (
    LOSS_CROSS_ENTROPY, Backprop, BackwardRecord, backprop, explain_gate_memory, explain_spectral_radius,
    spectral_radius,
)
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.errors import UserError
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.scrolling import scrolling_body
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.i18n import gate_name, translate_error
from rnn_stepper.gui.panels.compact_plots import CompactGraphicsLayout
from rnn_stepper.gui.panels.fast_plots import BarSeries, OpaqueGridAxis
from rnn_stepper.gui.panels.gate_memory_plot import GateMemoryPlot
from rnn_stepper.gui.panels.lazy import CatchUp, SeenBody

log = logging.getLogger(__name__)

RECOMPUTE_DELAY_MS = 120  # at most ~8 backward passes a second, however fast the model changes
# Automatic recomputation only below this many multiply-adds (cells × H × (H + input)); a bigger
# net waits for the Compute button, so that stepping never stalls on a long backward pass.
AUTO_COMPUTE_WORK = 60_000_000
VECTOR_TERMS = ("grad_h_from_above", "grad_h_from_next", "grad_h", "activation_derivative", "grad_pre",
                "grad_h_prev", "grad_bias")  # the plain RNN's rows, in this order
GATE_NAMES = tuple(dict.fromkeys(gate for gates in GATES.values() for gate in gates))  # i f g o r z n
# A gated cell's rows: ∂L/∂pre per gate block ("grad_pre_f") instead of one ∂L/∂pre, and LSTM's
# cell-state path. Every row of either kind, in the order shown (the RNN's rows keep theirs).
GATED_TERMS = ("grad_h_from_above", "grad_h_from_next", "grad_h", "grad_c_from_next", "grad_c",
               *(f"grad_pre_{gate}" for gate in GATE_NAMES), "grad_c_prev", "grad_h_prev")
ALL_TERMS = tuple(dict.fromkeys(VECTOR_TERMS[:3] + GATED_TERMS[3:5] + VECTOR_TERMS[3:5] + GATED_TERMS[5:-1]
                                + VECTOR_TERMS[5:]))
# Colours of the gated rows, picked from the plot palette (the RNN's rows keep style's).
TERM_COLORS = {**style.GRAD_TERM_COLORS,
               "grad_c_from_next": style.LINE_COLORS[5], "grad_c": style.LINE_COLORS[2],
               "grad_c_prev": style.LINE_COLORS[4],
               **{f"grad_pre_{gate}": style.LINE_COLORS[(6 + k) % len(style.LINE_COLORS)]
                  for k, gate in enumerate(GATE_NAMES)}}
CELL_STATE_TERMS = ("grad_c_from_next", "grad_c", "grad_c_prev")  # H wide, like the gates
H_WIDE_TERMS = ("grad_h_from_above", "grad_h_from_next", "grad_h", "grad_h_prev")  # H_out wide
VALUES_PER_LINE = 4
VALUES_PER_LINE_SCIENTIFIC = 3  # wider numbers: the dock is narrow
OVERVIEW_HEIGHT = 260
BAR_PLOT_HEIGHT = 92
HEATMAP_HEIGHT = 170
DIRECTION_ARROWS = ("→", "←")
_NUMBER = re.compile(r"[-+]?(?:(?:\d+\.\d*|\d+)(?:e[-+]?\d+)?|inf|nan)")
SCIENTIFIC_BELOW = 0.01  # a vector whose largest |value| is below this is printed as 1.234e-03


def _vector_text(values: np.ndarray) -> str:
    """Fixed decimals like the Calculation panel, or powers of ten for a vector of tiny numbers
    (vanishing gradients must not read as zeros)."""
    values = values + 0.0  # -0.0 (a product with an exact zero) prints as 0
    largest = float(np.abs(values).max()) if values.size else 0.0
    tiny = 0.0 < largest < SCIENTIFIC_BELOW
    cells = [(f"{v: .2e}" if tiny else f"{v: .{style.NUMBER_DECIMALS}f}").replace(" ", "&nbsp;") for v in values]
    per_line = VALUES_PER_LINE_SCIENTIFIC if tiny else VALUES_PER_LINE
    rows = [",&nbsp;".join(cells[i:i + per_line]) for i in range(0, len(cells), per_line)]
    return "[" + ",<br>&nbsp;".join(rows) + "&nbsp;]"


class BackpropPanel(StepPanel):
    TITLE = "Backprop"
    OBJECT_NAME = "backpropPanel"

    computed = Signal()  # a backward pass finished (or failed: see `message()`)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.result: Backprop | None = None
        self.backward_index = 0
        self._message = ""
        self._pending = False  # a recomputation is due once the panel is seen
        self._hovered: tuple[str, int, int] | None = None  # (heatmap, i, j) last under the mouse
        self._computed_for: tuple | None = None  # (simulation, t*) of `result`
        self._cjk_family = register_bundled_font()
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self._recompute_if_seen)
        # The scroll area's body covers the panel: its paints say the panel is seen again.
        self._catch_up = CatchUp(self._body, lambda: self.safely(self._catch_up_redraw))
        self._body.seen.connect(self._catch_up.seen)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        self._on_simulation_changed(session.simulation)

    # ---- public ---------------------------------------------------------------------------------------

    @property
    def t_star(self) -> int:
        return self.t_spin.value()

    @property
    def following(self) -> bool:
        return self.follow_check.isChecked()

    def set_following(self, on: bool) -> None:
        self.follow_check.setChecked(on)

    def set_t_star(self, t: int) -> None:
        """Measure the loss at step t (stops following the current step)."""
        self.follow_check.setChecked(False)
        self.t_spin.setValue(t)
        self.recompute_now()

    def set_backward_index(self, index: int) -> None:
        if self.result is not None and self._computed_for[0] is not self.session.simulation:
            self.recompute_now()  # a newer simulation than the result: its cells may differ
        if self.result is None or not len(self.result):
            return
        self.backward_index = max(0, min(int(index), len(self.result) - 1))
        self.safely(self._render_record)

    def step_back(self) -> None:
        """One cell further from the loss (the next record on the way back)."""
        self.set_backward_index(self.backward_index + 1)

    def step_towards_loss(self) -> None:
        self.set_backward_index(self.backward_index - 1)

    def record(self) -> BackwardRecord | None:
        """The backward cell on screen."""
        if self.result is None or not len(self.result):
            return None
        return self.result.record(self.backward_index)

    def recompute_now(self) -> None:
        self._timer.stop()
        self.safely(self._recompute)

    def message(self) -> str:
        """Why there is no result (plain text), or ''."""
        return self._message

    def norm_curves(self) -> dict[int, tuple[list[int], list[float]]]:
        """row (layer * D + direction) -> (t, ‖∂L/∂h_t‖) as drawn, only the cells that matter."""
        return self._curve_points(self._curves)

    def _curve_points(self, curves) -> dict[int, tuple[list[int], list[float]]]:
        return {row: self._points(curve) for row, curve in enumerate(curves)
                if curve.isVisible() and curve.getOriginalDataset()[0] is not None}

    @staticmethod
    def _points(curve) -> tuple[list[int], list[float]]:
        x, y = curve.getOriginalDataset()
        if x is None:
            return [], []
        keep = np.isfinite(y)
        return [int(v) for v in x[keep]], [float(v) for v in y[keep]]

    def displayed_terms(self) -> dict[str, list[float]]:
        """The backward cell's vectors as shown (printed numbers or bar heights): term -> values."""
        shown = {}
        for name in ALL_TERMS:
            if self._bars_mode:
                if name in self._bar_plots and self._bar_plots[name].isVisible() and not self._bar_area.isHidden():
                    shown[name] = [float(v) for v in self._bars[name].heights()]
            elif not self._value_labels[name].isHidden():
                plain = QTextDocumentFragment.fromHtml(self._value_labels[name].text()).toPlainText()
                shown[name] = [float(v) for v in _NUMBER.findall(plain)]
        return shown

    def displayed_weight_gradients(self) -> dict[str, np.ndarray]:
        """The heatmaps' data: 'grad_weight_ih' [G*H, in] and 'grad_weight_hh' [G*H, H_out]."""
        return {name: image.image.copy() for name, image in self._heatmaps.items() if image.image is not None}

    def highlighted_cell(self) -> tuple[int, int] | None:
        """(t, row) of the outlined cell in the grid."""
        if not self._cell_outline.isVisible():
            return None
        rect = self._cell_outline.rect()
        return round(rect.center().x()), round(rect.center().y())

    def radius_text(self) -> str:
        """The spectral radius sentence (RNN) or the memory gate's (LSTM, GRU)."""
        return self.radius_label.text()

    def cell_norm_curves(self) -> dict[int, tuple[list[int], list[float]]]:
        """LSTM: row -> (t, ‖∂L/∂c_t‖) as drawn (dashed); empty for RNN and GRU."""
        return self._curve_points(self._cell_curves)

    def weight_block_labels(self) -> dict[str, list[str]]:
        """The gate-block labels drawn on the weight-gradient heatmaps, top to bottom (gated cells)."""
        return {name: [item.toPlainText() for item in items if isinstance(item, pg.TextItem)]
                for name, items in self._block_items.items()}

    def memory_curves(self) -> dict[str, tuple[list[int], list[float]]]:
        """Gated cells: 'gate' (the memory gate's mean over the neurons at each step) and 'surviving'
        (the mean of its running product), as drawn; empty for the plain RNN."""
        if self.memory_area.isHidden():
            return {}
        return {name: self._points(curve) for name, curve in self.memory_area.curves.items()}

    def hover_text(self) -> str:
        return self.hover_label.text()

    def export_widget(self) -> QWidget:
        self._catch_up_now()  # an export of an unseen panel shows the current model's gradients
        return self

    # ---- state kept across a language switch (MainWindow rebuilds the panels) --------------------------

    def ui_state(self) -> dict:
        return {"following": self.following, "t_star": self.t_star, "backward_index": self.backward_index}

    def restore_ui_state(self, state: dict) -> None:
        if not state["following"]:
            self.follow_check.setChecked(False)
            self.t_spin.setValue(state["t_star"])
        index = state["backward_index"]
        if index:  # once the backward pass (scheduled by the new panel) is there
            def restore_index() -> None:
                self.computed.disconnect(restore_index)
                if self.result is not None:
                    self.set_backward_index(index)
            self.computed.connect(restore_index)

    def plot_items(self) -> list:
        return [self._norm_plot, self._grid_plot]

    # ---- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._body = SeenBody()
        layout = scrolling_body(self, self._body)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Loss at step t* =")))
        self.t_spin = QSpinBox()
        self.t_spin.setToolTip(self.tr("The time step whose prediction is scored; the gradients flow back "
                                       "from there"))
        self.t_spin.valueChanged.connect(self._on_t_spin)
        top.addWidget(self.t_spin)
        self.follow_check = QCheckBox(self.tr("follow the step"))
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(self.tr("t* = the time step of the cell being stepped"))
        self.follow_check.toggled.connect(self._on_follow_toggled)
        top.addWidget(self.follow_check)
        top.addStretch(1)
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setToolTip(self.tr("Run the backward pass now (large networks are not recomputed "
                                               "automatically)"))
        self.compute_button.clicked.connect(self.recompute_now)
        top.addWidget(self.compute_button)
        layout.addLayout(top)

        self.loss_label = self._rich_label()
        layout.addWidget(self.loss_label)

        self.overview = CompactGraphicsLayout(OVERVIEW_HEIGHT)
        self.overview.setBackground(style.PLOT_BACKGROUND)
        self._build_overview()
        self.overview.scene().sigMouseMoved.connect(self._on_norm_hover)
        layout.addWidget(self.overview)

        nav = QHBoxLayout()
        self.back_button = QToolButton()
        self.back_button.setText("◀")
        self.back_button.setToolTip(self.tr("One cell further back, away from the loss"))
        self.back_button.clicked.connect(self.step_back)
        self.forward_button = QToolButton()
        self.forward_button.setText("▶")
        self.forward_button.setToolTip(self.tr("One cell towards the loss again"))
        self.forward_button.clicked.connect(self.step_towards_loss)
        self.cell_label = self._rich_label()
        self.cell_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.back_button)
        nav.addWidget(self.cell_label, 1)
        nav.addWidget(self.forward_button)
        layout.addLayout(nav)

        # The backward cell's vectors: printed (H <= 8) or as bars, like the Calculation panel.
        self._term_area = QWidget()
        term_layout = QVBoxLayout(self._term_area)
        term_layout.setContentsMargins(0, 0, 0, 0)
        term_layout.setSpacing(1)
        self._name_labels: dict[str, QLabel] = {}
        self._value_labels: dict[str, QLabel] = {}
        for name in ALL_TERMS:
            name_label, value_label = self._rich_label(), self._rich_label()
            value_label.setFont(style.monospace_font())
            value_label.setContentsMargins(18, 0, 0, 4)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            term_layout.addWidget(name_label)
            term_layout.addWidget(value_label)
            self._name_labels[name], self._value_labels[name] = name_label, value_label
        layout.addWidget(self._term_area)

        self._bar_area = CompactGraphicsLayout(BAR_PLOT_HEIGHT * len(VECTOR_TERMS))
        self._bar_area.setBackground(style.PLOT_BACKGROUND)
        self._bar_plots: dict[str, pg.PlotItem] = {}
        self._bars: dict[str, BarSeries] = {}
        self._build_bars(VECTOR_TERMS)
        layout.addWidget(self._bar_area)

        self.weights_label = self._rich_label()
        layout.addWidget(self.weights_label)
        self.heatmap_area = CompactGraphicsLayout(HEATMAP_HEIGHT)
        self.heatmap_area.setBackground(style.PLOT_BACKGROUND)
        self._heatmap_plots: dict[str, pg.PlotItem] = {}
        self._heatmaps: dict[str, pg.ImageItem] = {}
        colormap = style.diverging_colormap()
        for col, name in enumerate(("grad_weight_ih", "grad_weight_hh")):
            plot = self.heatmap_area.addPlot(row=0, col=col, axisItems={
                "left": style.IndexAxis("left"), "bottom": style.IndexAxis("bottom")})
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.invertY(True)  # row i = neuron i, as the Weights panel draws W
            image = pg.ImageItem(axisOrder="row-major")
            image.setColorMap(colormap)
            plot.addItem(image)
            self._heatmap_plots[name], self._heatmaps[name] = plot, image
        self._heatmap_plots["grad_weight_ih"].setLabel("bottom", self.tr("input j"))
        self._heatmap_plots["grad_weight_ih"].setLabel("left", self.tr("neuron i"))
        self._heatmap_plots["grad_weight_hh"].setLabel("bottom", self.tr("h_prev j"))
        self.heatmap_area.ci.layout.setColumnStretchFactor(0, 3)
        self.heatmap_area.ci.layout.setColumnStretchFactor(1, 2)
        self.hover_label = QLabel(self._hover_hint())
        self.hover_label.setStyleSheet(f"color: {style.HOVER_TEXT_COLOR};")
        self.heatmap_area.scene().sigMouseMoved.connect(self._on_heatmap_hover)
        layout.addWidget(self.heatmap_area)
        layout.addWidget(self.hover_label)

        self._block_items: dict[str, list] = {name: [] for name in self._heatmap_plots}

        # Gated cells: the memory gate along the sequence, where the RNN's spectral radius is.
        self.memory_area = GateMemoryPlot()
        self.memory_area.hovered.connect(self.hover_label.setText)
        self.memory_area.hide()
        layout.addWidget(self.memory_area)

        self.radius_label = self._rich_label()
        self.radius_label.setObjectName("spectralRadius")
        layout.addWidget(self.radius_label)
        layout.addStretch(1)
        self._bars_mode = False

    def _build_bars(self, terms: tuple[str, ...]) -> None:
        """One bar plot per row of `terms` (made again when the cell type changes the rows: a
        hidden plot would still take its room in the grid)."""
        self._bar_area.clear()
        self._bar_plots, self._bars = {}, {}
        for row, name in enumerate(terms):
            plot = self._bar_area.addPlot(row=row, col=0, axisItems={
                "left": OpaqueGridAxis("left"), "bottom": OpaqueGridAxis("bottom")})
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.showGrid(x=False, y=True, alpha=0.25)
            plot.getAxis("left").setWidth(48)
            plot.getAxis("bottom").setStyle(showValues=row == len(terms) - 1)
            plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(style.PLOT_FOREGROUND, width=1)))
            bars = BarSeries(plot)
            if row:
                plot.setXLink(self._bar_plots[terms[0]])
            self._bar_plots[name], self._bars[name] = plot, bars
        self._bar_plots[terms[-1]].setLabel("bottom", self.tr("neuron"))
        self._bar_terms = terms
        self._bar_area.set_hint_height(BAR_PLOT_HEIGHT * len(terms))

    def _build_overview(self) -> None:
        fg = style.PLOT_FOREGROUND
        self._norm_plot = self.overview.addPlot(row=0, col=0, axisItems={"bottom": style.IndexAxis("bottom"),
                                                                         "left": style.DecadeLogAxis("left")})
        plot = self._norm_plot
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLogMode(y=True)
        plot.showGrid(x=False, y=True, alpha=0.2)
        plot.setTitle(self.tr("‖∂L/∂h<sub>t</sub>‖ going back from t*"), color=fg, size="10pt")
        plot.setLabel("left", self.tr("gradient norm (log)"), color=fg)
        plot.getAxis("left").enableAutoSIPrefix(False)  # "(x0.001)" on a log axis only confuses
        plot.getAxis("bottom").setStyle(showValues=False)
        self._legend = plot.addLegend(offset=(-4, 4), labelTextColor=fg, brush=pg.mkBrush(255, 255, 255, 200))
        self._curves: list[pg.PlotDataItem] = []
        self._cell_curves: list[pg.PlotDataItem] = []  # LSTM's ‖∂L/∂c_t‖, dashed
        self._loss_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.LOSS_STEP_COLOR, width=2),
                                          label="t*", labelOpts={"position": 0.92, "color": style.LOSS_STEP_COLOR})
        plot.addItem(self._loss_line)
        # A PlotDataItem, not a bare ScatterPlotItem: only data items follow the plot's log scale.
        self._current_marker = plot.plot([], [], pen=None, symbol="o", symbolSize=16, symbolBrush=None,
                                         symbolPen=pg.mkPen(style.BACKWARD_CELL_COLOR, width=2.5))
        self._current_marker.setZValue(10)

        self._grid_plot = self.overview.addPlot(row=1, col=0, axisItems={"bottom": style.IndexAxis("bottom")})
        grid = self._grid_plot
        grid.setMenuEnabled(False)
        grid.hideButtons()
        grid.setMouseEnabled(x=True, y=False)
        grid.setLabel("bottom", self.tr("time step t  ·  colour: ‖∂L/∂h<sub>t</sub>‖ (log)"), color=fg)
        grid.setXLink(plot)
        self._grid_image = pg.ImageItem(axisOrder="row-major")
        self._grid_image.setColorMap(pg.colormap.get("viridis"))
        grid.addItem(self._grid_image)
        self._cell_outline = QGraphicsRectItem()
        pen = pg.mkPen(style.BACKWARD_CELL_COLOR, width=3)
        pen.setCosmetic(True)
        self._cell_outline.setPen(pen)
        self._cell_outline.setZValue(10)
        grid.addItem(self._cell_outline, ignoreBounds=True)
        self._grid_loss_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.LOSS_STEP_COLOR, width=2))
        grid.addItem(self._grid_loss_line, ignoreBounds=True)
        self.overview.ci.layout.setRowStretchFactor(0, 3)
        self.overview.ci.layout.setRowStretchFactor(1, 2)
        for item in (plot, grid):
            item.getAxis("left").setWidth(56)
            for name in ("left", "bottom"):
                item.getAxis(name).setPen(fg)
                item.getAxis(name).setTextPen(fg)

    @staticmethod
    def _rich_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        return label

    # ---- reacting ------------------------------------------------------------------------------------

    def _max_t_star(self) -> int:
        simulation = self.session.simulation
        last = simulation.seq_len - 1
        next_token = simulation.model.predicts_next_token and simulation.token_ids is not None
        return last - 1 if next_token else last  # text: t*+1 must exist

    def _on_simulation_changed(self, simulation) -> None:
        self.safely(self._rebuild, simulation)

    def _rebuild(self, simulation) -> None:
        self.result = None  # the old model's gradients must not be drawn for the new one's cells
        self._refresh_hover()  # nor read under the mouse
        high = max(0, self._max_t_star())
        self.t_spin.blockSignals(True)
        self.t_spin.setRange(0, high)
        self.t_spin.blockSignals(False)
        self._sync_t_to_step()
        self._make_curves(simulation)
        self._bars_mode = simulation.config.hidden_size > style.CALC_MAX_PRINTED_VALUES
        config = simulation.config
        hidden, out = config.hidden_size, config.proj_size or config.hidden_size
        terms = self._terms_of(config.cell)
        if terms != self._bar_terms:
            self._build_bars(terms)
        for name in terms:
            self._bars[name].set_layout([(out if name in H_WIDE_TERMS else hidden, TERM_COLORS[name])])
        self._bar_plots[terms[0]].setXRange(-0.5, max(hidden, out) - 0.5, padding=0.01)
        title = (self.tr("‖∂L/∂h<sub>t</sub>‖, ‖∂L/∂c<sub>t</sub>‖ (dashed) back from t*") if config.cell == "lstm"
                 else self.tr("‖∂L/∂h<sub>t</sub>‖ going back from t*"))
        self._norm_plot.setTitle(title, color=style.PLOT_FOREGROUND, size="10pt")
        self._make_weight_blocks(config)
        self.memory_area.setVisible(bool(GATES[config.cell]))
        self.memory_area.forget()
        self._schedule()

    @staticmethod
    def _terms_of(cell: str) -> tuple[str, ...]:
        """The rows of terms a cell type shows: the RNN's, or the gated ones that apply."""
        if not GATES[cell]:
            return VECTOR_TERMS
        return tuple(name for name in GATED_TERMS if (cell == "lstm" or name not in CELL_STATE_TERMS)
                     and (not name.startswith("grad_pre_") or name[len("grad_pre_"):] in GATES[cell]))

    def _make_weight_blocks(self, config) -> None:
        """Gated cells: a line between the gate blocks of the weight-gradient heatmaps and each
        block's name (W_ii, W_if, ... / W_hr, W_hz, W_hn: PyTorch's row blocks, engine.cell.GATES)."""
        for name, items in self._block_items.items():
            for item in items:
                self._heatmap_plots[name].removeItem(item)
            items.clear()
        H = config.hidden_size
        for name, side in (("grad_weight_ih", "i"), ("grad_weight_hh", "h")):
            plot, items = self._heatmap_plots[name], self._block_items[name]
            for k, gate in enumerate(GATES[config.cell]):
                if k:
                    line = pg.InfiniteLine(pos=k * H - 0.5, angle=0, pen=pg.mkPen(style.PLOT_FOREGROUND, width=1.5))
                    plot.addItem(line, ignoreBounds=True)
                    items.append(line)
                label = pg.TextItem(f"W_{side}{gate}", color=style.PLOT_FOREGROUND, anchor=(0, 0),
                                    fill=pg.mkBrush(255, 255, 255, 190))
                label.setPos(-0.5, k * H - 0.5)
                plot.addItem(label, ignoreBounds=True)
                items.append(label)

    def _make_curves(self, simulation) -> None:
        """One norm curve per layer and direction, and for LSTM a dashed one of ‖∂L/∂c_t‖ (made
        again only when their number changes)."""
        config = simulation.config
        rows = config.num_layers * config.num_directions
        cell_rows = rows if config.cell == "lstm" else 0
        if len(self._curves) != rows or len(self._cell_curves) != cell_rows:
            for curve in self._curves + self._cell_curves:
                self._norm_plot.removeItem(curve)
                self._legend.removeItem(curve)
            self._curves, self._cell_curves = [], []
            for row in range(rows):
                layer, direction = divmod(row, config.num_directions)
                color = style.LINE_COLORS[row % len(style.LINE_COLORS)]
                name = self.tr("layer {0} {1}").format(layer, DIRECTION_ARROWS[direction])
                curve = self._norm_plot.plot([], [], pen=pg.mkPen(color, width=2), name=name,
                                             connect="finite", symbolBrush=color, symbolPen=None)
                self._curves.append(curve)
            for row in range(cell_rows):
                layer, direction = divmod(row, config.num_directions)
                color = style.LINE_COLORS[row % len(style.LINE_COLORS)]
                name = self.tr("layer {0} {1}, c<sub>t</sub>").format(layer, DIRECTION_ARROWS[direction])
                curve = self._norm_plot.plot([], [], pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine),
                                             name=name, connect="finite", symbolBrush=None,
                                             symbolPen=pg.mkPen(color, width=1.5), symbol="s")
                self._cell_curves.append(curve)
        tokens = simulation.tokens
        names = {t: style.display_token(tok) for t, tok in enumerate(tokens)} if tokens and len(tokens) <= 40 else {}
        self._grid_plot.getAxis("bottom").set_names(names)
        # A short row name, the axis is narrow ("L0 →"; in Chinese "第0层 →").
        ticks = [[(row, self.tr("L{0} {1}").format(row // config.num_directions,
                                                   DIRECTION_ARROWS[row % config.num_directions]))
                  for row in range(rows)]]
        self._grid_plot.getAxis("left").setTicks(ticks)
        if tokens:
            from rnn_stepper.gui.fonts import cjk_font

            self._grid_plot.getAxis("bottom").setStyle(tickFont=cjk_font(style.TOKEN_POINTS))

    def _on_step_changed(self, view) -> None:
        if self.following and self._sync_t_to_step():
            self._schedule()
        elif self.result is not None and self._computed_for[0] is self.session.simulation:
            if not self._catch_up.skip():  # (unseen: drawn when seen again)
                self.safely(self._render_record)  # the batch element on screen may have changed

    def _sync_t_to_step(self) -> bool:
        """t* = the current cell's time step (clamped); True if it changed."""
        if not self.following:
            return False
        view = self.session.view()
        t = view.record.t if view.record is not None else 0
        t = max(0, min(t, self.t_spin.maximum()))
        if t == self.t_spin.value():
            return False
        self.t_spin.blockSignals(True)
        self.t_spin.setValue(t)
        self.t_spin.blockSignals(False)
        return True

    def _on_follow_toggled(self, on: bool) -> None:
        if on and self._sync_t_to_step():
            self._schedule()

    def _on_t_spin(self, _value: int) -> None:
        if self.t_spin.hasFocus():  # typed or arrowed by the user: stop following the step
            self.follow_check.blockSignals(True)
            self.follow_check.setChecked(False)
            self.follow_check.blockSignals(False)
        self._schedule()

    def _schedule(self) -> None:
        """Recompute soon; several changes within the delay give one backward pass."""
        if not self._timer.isActive():
            self._timer.start()

    def _work(self) -> int:
        s = self.session.simulation.stepper
        inputs = self.session.config.input_size
        # G gate blocks of H rows (G = 1 for the plain RNN, whose H_out is H)
        return len(s) * s.B * s.G * s.H * (s.H_out + max(inputs, s.H_out * s.D))

    def _recompute_if_seen(self) -> None:
        if self._catch_up.skip():
            self._pending = True  # closed or behind another tab: compute when seen (a backward
            return                # pass at every step nobody sees cost a T = 1000 window 17 ms)
        self._recompute_automatically()

    def _recompute_automatically(self) -> None:
        """The backward pass now, unless the network is too large to do it unasked."""
        if self._work() > AUTO_COMPUTE_WORK:
            self._pending = False
            self._message = self.tr("This network is large: press Compute for the backward pass.")
            self._show_message_only()
            return
        self.safely(self._recompute)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._catch_up_now()  # at once: whoever showed it (an export) may read it back right away

    def _catch_up_redraw(self) -> None:
        """Seen again after changes nobody saw: the backward pass they called for, or (the same
        result, another step) the backward cell drawn again."""
        if self._pending:
            self._timer.stop()
            self._recompute_automatically()
        elif self.result is not None and self._computed_for[0] is self.session.simulation:
            self._render_record()

    def _catch_up_now(self) -> None:
        if self._catch_up.behind or self._pending:
            self._catch_up.behind = False
            self.safely(self._catch_up_redraw)

    # ---- computing -----------------------------------------------------------------------------------

    def _recompute(self) -> None:
        self._pending = False
        self._catch_up.behind = False
        simulation = self.session.simulation
        t_star = self.t_spin.value()
        try:
            result = backprop(simulation, t_star)
        except UserError as exc:
            self.result = None
            self._message = translate_error(exc)
            self._show_message_only()
            self.computed.emit()
            return
        same_cells = self.result is not None and self._computed_for[1] == t_star and (
            self._computed_for[0].config == simulation.config)  # e.g. a weight edit or a training update
        self.result, self._message = result, ""
        self._computed_for = (simulation, t_star)
        if not same_cells:
            self.backward_index = 0
        self.backward_index = min(self.backward_index, max(0, len(result) - 1))
        self._render_overview()
        self._render_record()
        self.computed.emit()

    def _show_message_only(self) -> None:
        self.loss_label.setText(f"<span style='color:{style.MUTED_COLOR}'>{html.escape(self._message)}</span>")
        for curve in self._curves + self._cell_curves:
            curve.setData([], [])
        self.memory_area.clear_curves()
        self._current_marker.setData([], [])
        self._grid_image.clear()
        self._cell_outline.hide()
        self.cell_label.setText("")
        self._term_area.hide()
        self._bar_area.hide()
        self.heatmap_area.hide()
        self.hover_label.hide()
        self._refresh_hover()
        self.weights_label.setText("")
        self.radius_label.setText("")
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)

    def _render_overview(self) -> None:
        result, simulation = self.result, self.session.simulation
        norms = result.grad_norms().detach().double().cpu().numpy()  # [T, rows]
        T, rows = norms.shape
        relevant = np.array([[result.is_relevant(row // result.D, row % result.D, t) for row in range(rows)]
                             for t in range(T)])
        overflowed = int((relevant & ~np.isfinite(norms)).sum())
        drawn = np.where(relevant & np.isfinite(norms), np.maximum(norms, style.GRAD_NORM_MIN), np.nan)
        ts = np.arange(T, dtype=float)
        small = T <= style.SMALL_SEQUENCE
        for row, curve in enumerate(self._curves):
            curve.setData(ts, drawn[:, row], symbol="o" if small else None, symbolSize=7)
            curve.setVisible(bool(relevant[:, row].any()))
        cell_norms = result.cell_grad_norms()
        if cell_norms is not None and len(self._cell_curves) == rows:
            cell_norms = cell_norms.detach().double().cpu().numpy()
            overflowed += int((relevant & ~np.isfinite(cell_norms)).sum())
            cell_drawn = np.where(relevant & np.isfinite(cell_norms), np.maximum(cell_norms, style.GRAD_NORM_MIN),
                                  np.nan)
            for row, curve in enumerate(self._cell_curves):
                curve.setData(ts, cell_drawn[:, row], symbol="s" if small else None, symbolSize=6)
                curve.setVisible(bool(relevant[:, row].any()))
        self._loss_line.setPos(result.t_star)
        self._grid_loss_line.setPos(result.t_star)
        with np.errstate(divide="ignore"):
            grid = np.log10(drawn.T)  # [rows, T], NaN where the cell does not matter
        finite = grid[np.isfinite(grid)]
        levels = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if levels[0] == levels[1]:
            levels = (levels[0] - 1, levels[1] + 1)
        self._grid_image.setImage(grid.astype(np.float32), autoLevels=False, levels=levels)
        self._grid_image.setRect(QRectF(-0.5, -0.5, T, rows))
        self._grid_plot.setYRange(-0.5, rows - 0.5, padding=0)
        self._norm_plot.setXRange(-0.5, T - 0.5, padding=0.02)
        self._grid_plot.setMaximumHeight(40 + 26 * rows)

        cjk = self._cjk_family
        if result.loss_kind == LOSS_CROSS_ENTROPY:
            b = min(self.session.batch_index, result.B - 1)
            vocab = simulation.model.vocab.tokens
            target = int(result.targets[b])
            p = float(result.probabilities[b, target])
            tokens = simulation.tokens or []
            prefix = "".join(tokens[max(0, result.t_star - 11):result.t_star + 1])
            text = self.tr("L = −log p(“{0}” | “{1}”) = {2:.4f} (p = {3:.3f}): the prediction after step {4}, "
                           "scored against the next character.").format(
                f"<span style=\"font-family:'{cjk}'\">{html.escape(style.display_token(vocab[target]))}</span>",
                f"<span style=\"font-family:'{cjk}'\">{html.escape(prefix)}</span>", result.loss, p, result.t_star)
        else:
            text = self.tr("L = ½‖output[{0}]‖² = {1:.4f} (no head: a stand-in loss, so that gradients can flow "
                           "back).").format(result.t_star, result.loss)
        zeros = int((relevant & (norms == 0)).sum())
        if zeros:
            if result.cell_type != "rnn":
                why = self.tr("the gates are saturated there (a slope of 0 at 0 or 1)")
            elif result.nonlinearity == "tanh":
                why = self.tr("tanh is saturated there (h = ±1, so tanh′ = 1 − h² = 0)")
            else:
                why = self.tr("relu is off there (pre ≤ 0, so relu′ = 0)")
            text += " " + self.tr("<span style='color:{0}'>{1} cell(s) get a gradient of exactly 0: {2} upstream, "
                                  "so nothing flows back; they are drawn at {3:g}.</span>").format(
                style.MUTED_COLOR, zeros, why, style.GRAD_NORM_MIN)
        if overflowed:
            text += " " + self.tr("<span style='color:{0}'>{1} cell(s) have an infinite or NaN gradient (it "
                                  "exploded beyond what float numbers hold); they are left out of the plot.</span>"
                                  ).format(style.ERROR_COLOR, overflowed)
        self.loss_label.setText(text)

    def _render_record(self) -> None:
        result = self.result
        if result is None or not len(result):
            return
        record = result.record(self.backward_index)
        simulation = self.session.simulation
        b = min(self.session.batch_index, record.grad_h.shape[0] - 1)
        row = record.layer * result.D + record.direction
        n = len(result)
        self.back_button.setEnabled(self.backward_index < n - 1)
        self.forward_button.setEnabled(self.backward_index > 0)
        arrow = DIRECTION_ARROWS[record.direction]
        tokens = simulation.tokens
        token = ""
        if tokens and record.t < len(tokens):
            token = (f" (<span style=\"font-family:'{self._cjk_family}'\">"
                     f"{html.escape(style.display_token(tokens[record.t]))}</span>)")
        self.cell_label.setText(self.tr("backward step {0} of {1}: <b>layer {2} {3}, t = {4}</b>{5}").format(
            self.backward_index + 1, n, record.layer, arrow, record.t, token))

        norm = float(result.grad_norms()[record.t, row])
        if math.isfinite(norm):
            self._current_marker.setData([float(record.t)], [max(norm, style.GRAD_NORM_MIN)])
        else:
            self._current_marker.setData([], [])
        self._cell_outline.setRect(QRectF(record.t - 0.5, row - 0.5, 1, 1))
        self._cell_outline.show()

        values = self._vectors(record, b)
        names = self._term_names(record)
        self._term_area.setVisible(not self._bars_mode)
        self._bar_area.setVisible(self._bars_mode)
        for name in ALL_TERMS:
            shown = values.get(name) is not None
            if self._bars_mode:
                if name not in self._bar_plots:
                    continue
                self._bar_plots[name].setVisible(shown)
                if shown:
                    self._bars[name].set_heights(values[name])
                    finite = np.abs(values[name][np.isfinite(values[name])])
                    high = float(finite.max()) if finite.size else 0.0
                    high = high or 1.0
                    self._bar_plots[name].setYRange(-high, high, padding=0.05)
                    self._bar_plots[name].setTitle(names[name], size="9pt", justify="left",
                                                   color=style.PLOT_FOREGROUND)
            else:
                self._name_labels[name].setVisible(shown)
                self._value_labels[name].setVisible(shown)
                if shown:
                    self._name_labels[name].setText(names[name])
                    self._value_labels[name].setText("=&nbsp;" + _vector_text(values[name]))

        self.heatmap_area.show()
        self.hover_label.show()
        for name in ("grad_weight_ih", "grad_weight_hh"):
            data = getattr(record, name).detach().to(dtype=self._float()).cpu().numpy()
            data = np.ascontiguousarray(data)
            image = self._heatmaps[name]
            image.setImage(data, autoLevels=False, levels=style.symmetric_levels(data))
            rows_, cols = data.shape
            image.setRect(QRectF(-0.5, -0.5, cols, rows_))
            plot = self._heatmap_plots[name]
            plot.vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows_ - 0.5)
            plot.vb.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows_ - 0.5), padding=0)
            short = "W<sub>ih</sub>" if name == "grad_weight_ih" else "W<sub>hh</sub>"
            for item in self._block_items[name]:  # keep the gate names in view at the left edge
                if isinstance(item, pg.TextItem):
                    item.setPos(-0.5, item.pos().y())
            plot.setTitle(self.tr("∂L/∂{0} share  ‖·‖ = {1:.3g}").format(short, float(np.linalg.norm(data))),
                          size="9pt", color=style.PLOT_FOREGROUND)
        x_name = "x<sub>t</sub>" if record.layer == 0 else self.tr("layer {0}'s h<sub>t</sub>").format(record.layer - 1)
        where = self.tr("layer {0} {1}").format(record.layer, arrow)
        if record.gates:
            self._render_gated_weights_and_memory(record, b, row, x_name, where)
            return
        self.weights_label.setText(self.tr(
            "<b>This cell's share of the weight gradients</b> (summed over every cell, they make the gradient "
            "the optimizer uses): ∂L/∂W<sub>ih</sub> += ∂L/∂pre ⊗ {0}, ∂L/∂W<sub>hh</sub> += ∂L/∂pre ⊗ "
            "h<sub>prev</sub>; blue negative, red positive.").format(x_name))

        weight_hh = simulation.model.parameter("weight_hh", record.layer, record.direction)
        radius = spectral_radius(weight_hh)
        self.radius_label.setText(
            f"<b>{html.escape(where)}: ρ(W<sub>hh</sub>) = {radius:.3g}.</b> "
            + html.escape(translate_error(explain_spectral_radius(radius, result.nonlinearity))))
        self._refresh_hover()  # the heatmaps changed under a mouse that has not moved

    def _render_gated_weights_and_memory(self, record: BackwardRecord, b: int, row: int, x_name: str,
                                         where: str) -> None:
        """A gated cell's weight-gradient note, and its memory gate in place of the spectral radius."""
        result = self.result
        blocks = ", ".join(f"W<sub>i{gate}</sub>" for gate in record.gates)
        text = self.tr(
            "<b>This cell's share of the weight gradients</b>, one block of rows per gate ({0}; the same for "
            "W<sub>hh</sub>): ∂L/∂W<sub>ih</sub> += ∂L/∂pre ⊗ {1}, ∂L/∂W<sub>hh</sub> += ∂L/∂(W<sub>hh</sub>"
            "h<sub>prev</sub> + b<sub>hh</sub>) ⊗ h<sub>prev</sub>; blue negative, red positive."
        ).format(blocks, x_name)
        if record.grad_weight_hr is not None:
            text += " " + self.tr("Projection: ∂L/∂W<sub>hr</sub> share ‖·‖ = {0:.3g}.").format(
                float(record.grad_weight_hr.norm()))
        self.weights_label.setText(text)

        memory = self.memory_area.show_memory(result, record.layer, record.direction, b, where)
        surviving = self.memory_area.mean_surviving(memory, b)
        gate, steps = memory.gate, len(surviving)
        end = steps - 1 if record.direction == 0 else 0  # where the sweep ends
        start_name = "c<sub>0</sub>" if gate == "f" else "h<sub>0</sub>"
        self.radius_label.setText(
            f"<b>{html.escape(where)}: ∏ {gate} = {surviving[end]:.3g} ({start_name} → t = {end}).</b> "
            + html.escape(translate_error(explain_gate_memory(result.cell_type, float(surviving[end]),
                                                                       steps))))

    def _float(self):
        import torch

        return torch.float64 if self.session.config.dtype == "float64" else torch.float32

    @staticmethod
    def term_tensor(record: BackwardRecord, name: str):
        """The record's tensor behind a row of terms ("grad_pre_f": the f block of ∂L/∂pre), or
        None where the row does not apply to this cell."""
        if record.gates and name in ("grad_pre", "grad_bias", "activation_derivative"):
            return None  # a gated cell shows ∂L/∂pre per gate block, and its bias shares in the heatmaps' rows
        if name.startswith("grad_pre_"):
            gate = name[len("grad_pre_"):]
            if gate not in record.gates:
                return None
            k, H = list(record.gates).index(gate), record.gates[gate].shape[1]
            return record.grad_pre[:, k * H:(k + 1) * H]
        return getattr(record, name)

    def _vectors(self, record: BackwardRecord, b: int) -> dict[str, np.ndarray | None]:
        values = {}
        for name in ALL_TERMS:
            tensor = self.term_tensor(record, name)
            if tensor is None:
                values[name] = None
            elif tensor.dim() == 1:  # the bias share is summed over the batch already
                values[name] = tensor.detach().double().cpu().numpy()
            else:
                values[name] = tensor[b].detach().double().cpu().numpy()
        return values

    def _term_names(self, record: BackwardRecord) -> dict[str, str]:
        result = self.result
        reverse = record.direction == 1
        nxt, prev = ("t−1", "t+1") if reverse else ("t+1", "t−1")
        top = record.layer == result.L - 1
        if top and record.t == result.t_star:
            above = self.tr("from the loss at t* (through the head)") if result.head is not None else \
                self.tr("from the loss at t*")
        elif top:
            above = self.tr("nothing from above (the loss reads only output[t*])")
        else:
            above = self.tr("from layer {0} above (its ∂L/∂x)").format(record.layer + 1)
        act = "tanh′(pre) = 1 − h<sub>t</sub>²" if result.nonlinearity == "tanh" else "relu′(pre) = 1[pre &gt; 0]"
        handed = self.tr("handed to h0") if record.grad_h_prev_is_h0 else \
            self.tr("handed to the cell at {0}").format(prev)
        colors = TERM_COLORS

        def swatch(name: str, text: str) -> str:
            return f"<span style='color:{colors[name]}'>■</span> {text}"

        if record.gates:
            return self._gated_term_names(record, swatch, above, nxt, prev, handed)
        return {
            "grad_h_from_above": swatch("grad_h_from_above", f"∂L/∂h<sub>t</sub> {above}"),
            "grad_h_from_next": swatch("grad_h_from_next", self.tr(
                "∂L/∂h<sub>t</sub> from the next time step: W<sub>hh</sub>ᵀ ∂L/∂pre<sub>{0}</sub>").format(nxt)),
            "grad_h": swatch("grad_h", self.tr("<b>∂L/∂h<sub>t</sub></b> = the sum of both")),
            "activation_derivative": swatch("activation_derivative", act),
            "grad_pre": swatch("grad_pre", "<b>∂L/∂pre</b> = ∂L/∂h<sub>t</sub> ⊙ " + act.split(" =")[0]),
            "grad_h_prev": swatch("grad_h_prev", self.tr(
                "W<sub>hh</sub>ᵀ ∂L/∂pre = ∂L/∂h<sub>{0}</sub>, {1}").format(prev, handed)),
            "grad_bias": swatch("grad_bias", self.tr("∂L/∂b<sub>ih</sub> = ∂L/∂b<sub>hh</sub> (this cell's share)")),
        }

    def _gated_term_names(self, record: BackwardRecord, swatch, above: str, nxt: str, prev: str,
                          handed: str) -> dict[str, str]:
        """The rows of a gated cell, each with the formula it is (engine/bptt.py's equations)."""
        muted = style.MUTED_COLOR
        # ∂L/∂(o ⊙ tanh c_t): ∂L/∂h_t itself, or through the projection h_t = W_hr (o ⊙ tanh c_t)
        dm = "∂L/∂h<sub>t</sub>" + (" W<sub>hr</sub>" if record.grad_weight_hr is not None else "")
        formulas = {
            "i": "∂L/∂c<sub>t</sub> ⊙ g ⊙ i(1 − i)",
            "f": "∂L/∂c<sub>t</sub> ⊙ c<sub>t−1</sub> ⊙ f(1 − f)",
            "g": "∂L/∂c<sub>t</sub> ⊙ i ⊙ (1 − g²)",
            "o": f"{dm} ⊙ tanh(c<sub>t</sub>) ⊙ o(1 − o)",
            "r": "∂L/∂pre<sub>n</sub> ⊙ (W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>) ⊙ r(1 − r)",
            "z": "∂L/∂h<sub>t</sub> ⊙ (h<sub>t−1</sub> − n) ⊙ z(1 − z)",
            "n": "∂L/∂h<sub>t</sub> ⊙ (1 − z) ⊙ (1 − n²)",
        }
        names = {
            "grad_h_from_above": swatch("grad_h_from_above", f"∂L/∂h<sub>t</sub> {above}"),
            "grad_h_from_next": swatch("grad_h_from_next", self.tr(
                "∂L/∂h<sub>t</sub> from the next time step (what the cell at {0} handed back)").format(nxt)),
            "grad_h": swatch("grad_h", self.tr("<b>∂L/∂h<sub>t</sub></b> = the sum of both")),
            "grad_c_from_next": swatch("grad_c_from_next", self.tr(
                "∂L/∂c<sub>t</sub> from the next time step: ∂L/∂c<sub>{0}</sub> ⊙ f<sub>{0}</sub>").format(nxt)),
            "grad_c": swatch("grad_c", self.tr(
                "<b>∂L/∂c<sub>t</sub></b> = that + through h<sub>t</sub>: {0} ⊙ o ⊙ (1 − tanh²(c<sub>t</sub>))"
            ).format(dm)),
            "grad_c_prev": swatch("grad_c_prev", self.tr(
                "∂L/∂c<sub>t</sub> ⊙ f = ∂L/∂c<sub>{0}</sub>, {1}").format(
                prev, self.tr("handed to c0") if record.grad_h_prev_is_h0 else
                self.tr("handed to the cell at {0}").format(prev))),
        }
        if "z" in record.gates:
            names["grad_h_prev"] = swatch("grad_h_prev", self.tr(
                "W<sub>hh</sub>ᵀ ∂L/∂(W<sub>hh</sub>h<sub>t−1</sub> + b<sub>hh</sub>) + ∂L/∂h<sub>t</sub> ⊙ z "
                "(z's direct path) = ∂L/∂h<sub>{0}</sub>, {1}").format(prev, handed))
        else:
            names["grad_h_prev"] = swatch("grad_h_prev", self.tr(
                "W<sub>hh</sub>ᵀ ∂L/∂pre = ∂L/∂h<sub>{0}</sub>, {1}").format(prev, handed))
        for gate in record.gates:
            names[f"grad_pre_{gate}"] = swatch(f"grad_pre_{gate}", (
                f"<b>∂L/∂pre<sub>{gate}</sub></b> = {formulas[gate]} "
                f"<span style='color:{muted}'>({gate_name(gate)})</span>"))
        return names

    # ---- hover -----------------------------------------------------------------------------------------

    def _hover_hint(self) -> str:
        return self.tr("Hover a heatmap cell to read its value.")

    def _on_heatmap_hover(self, scene_pos) -> None:
        try:
            self._hovered = self._heatmap_cell_at(scene_pos)
            self._refresh_hover()
        except Exception:
            log.exception("backprop hover failed")

    def _heatmap_cell_at(self, scene_pos) -> tuple[str, int, int] | None:
        """(heatmap name, i, j) under a scene point, or None."""
        for name, plot in self._heatmap_plots.items():
            image = self._heatmaps[name].image
            if image is None or not plot.vb.sceneBoundingRect().contains(scene_pos):
                continue
            point = plot.vb.mapSceneToView(scene_pos)
            i, j = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
            if 0 <= i < image.shape[0] and 0 <= j < image.shape[1]:
                return name, i, j
        return None

    def _refresh_hover(self) -> None:
        """The readout of the cell last hovered, read again from the heatmaps as they are now:
        after a training step, an edit, an undo or another model it shows the new gradient, and
        while there is none (recomputing, a message) the hint, never an old model's number."""
        text = None
        if self._hovered is not None and self.result is not None:
            name, i, j = self._hovered
            image = self._heatmaps[name].image
            if image is not None and i < image.shape[0] and j < image.shape[1]:
                short = "W_ih" if name == "grad_weight_ih" else "W_hh"
                gates = GATES[self.session.config.cell]
                row = i
                if gates:  # a gate block's own name and row: W_if[2, 3] is row H + 2 of W_ih
                    block, row = divmod(i, self.session.config.hidden_size)
                    short = f"W_{short[2]}{gates[block]}"
                text = self.tr("∂L/∂{0}[{1}, {2}] share = {3:.4g}").format(short, row, j, float(image[i, j]))
        self.hover_label.setText(text or self._hover_hint())

    def _on_norm_hover(self, scene_pos) -> None:
        """The gradient norms at the hovered time step, per layer and direction (and c_t for LSTM)."""
        try:
            result = self.result
            if result is None or not self._norm_plot.vb.sceneBoundingRect().contains(scene_pos):
                return
            t = math.floor(self._norm_plot.vb.mapSceneToView(scene_pos).x() + 0.5)
            if not 0 <= t < result.T:
                return
            norms, cell_norms = result.grad_norms(), result.cell_grad_norms()
            parts = []
            for row in range(result.L * result.D):
                layer, d = divmod(row, result.D)
                if not result.is_relevant(layer, d, t):
                    continue
                part = f"L{layer} {DIRECTION_ARROWS[d]}: ‖∂L/∂h‖ = {float(norms[t, row]):.3g}"
                if cell_norms is not None:
                    part += f", ‖∂L/∂c‖ = {float(cell_norms[t, row]):.3g}"
                parts.append(part)
            if parts:
                self.hover_label.setText(f"t = {t}:  " + ";  ".join(parts))
        except Exception:
            log.exception("backprop hover failed")
