"""Weights panel: W_ih, W_hh, b_ih and b_hh of one layer and direction as heatmaps.

Row i of every matrix is what feeds neuron i (h_t[i] = tanh(W_ih[i] · x_t + b_ih[i] +
W_hh[i] · h_{t-1} + b_hh[i])), so the rows line up across the four plots and the selected
neuron's row is outlined in each. Weights do not change while stepping, so the images are drawn
only when the simulation or the chosen layer/direction changes, never per step.

A gated cell's matrices stack one block of hidden_size rows per gate, in PyTorch's order
(engine.cell.GATES: i, f, g, o for nn.LSTM; r, z, n for nn.GRU). The blocks are separated by
lines and labelled with PyTorch's own names (W_ii, W_if, ... / W_hr, W_hz, W_hn), and the
selected neuron's row is outlined in every block, since neuron i reads one row of each gate.
A projected LSTM (proj_size > 0) also shows W_hr, h_t = W_hr (o * tanh(c_t)), below.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QVBoxLayout
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.model import PROJECTION_KIND, param_name
from rnn_stepper.gui import style
from rnn_stepper.gui.i18n import gate_name
from rnn_stepper.gui.panels.base import StepPanel, guarded

log = logging.getLogger(__name__)

KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
BIAS_KINDS = ("bias_ih", "bias_hh")
SHORT_NAMES = {
    "weight_ih": "W_ih",
    "weight_hh": "W_hh",
    "bias_ih": "b_ih",
    "bias_hh": "b_hh",
    "weight_hr": "W_hr",
}
# English, translated where shown (context "WeightsPanel").
COLUMN_LABELS = {
    "weight_ih": QT_TRANSLATE_NOOP("WeightsPanel", "input j"),
    "weight_hh": "h<sub>t-1</sub> j",
    PROJECTION_KIND: "o ⊙ tanh(c<sub>t</sub>) j",
}
PROJECTION_HOVER = QT_TRANSLATE_NOOP("WeightsPanel", "(projection: h_t[{0}] reads neuron {1})")
DIRECTION_NAMES = (QT_TRANSLATE_NOOP("WeightsPanel", "forward"), QT_TRANSLATE_NOOP("WeightsPanel", "reverse"))
NO_BIAS_TEXT = QT_TRANSLATE_NOOP("WeightsPanel", "no bias (bias=False)")
HOVER_HINT = QT_TRANSLATE_NOOP(
    "WeightsPanel",
    "Hover a cell to read its value; click to select its neuron; double-click to edit the weight.",
)
BIAS_PLOT_WIDTH = (46, 72)  # px, min and max: a bias is one column, it needs little room
LEFT_AXIS_WIDTH = 44  # px, fixed so the rows of neighbouring plots line up
GATE_LABEL_WIDTH = 14  # px more for the gate blocks' names ("W_if") on the left axis
COLORBAR_WIDTH = 18


def block_name(kind: str, gate: str) -> str:
    """PyTorch's documented name of one gate block: ("weight_ih", "f") -> "W_if",
    ("bias_hh", "n") -> "b_hn"."""
    return f"{SHORT_NAMES[kind][0]}_{kind[-2]}{gate}"


def gate_of_row(cell: str, hidden_size: int, row: int) -> tuple[str, int] | None:
    """(gate, neuron) of a row of weight_ih / weight_hh / the biases; None for the plain RNN."""
    gates = GATES[cell]
    if not gates:
        return None
    block, neuron = divmod(row, hidden_size)
    return gates[block], neuron


class WeightsPanel(StepPanel):
    TITLE = "Weights"
    OBJECT_NAME = "weightsPanel"

    # A double-click on a weight: (nn.RNN parameter name such as "weight_hh_l0", index tuple,
    # current value). gui.learn_actions asks for the new value and edits through the engine.
    editRequested = Signal(str, object, float)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.layer = 0
        self.direction = 0
        self._params: dict[str, torch.Tensor | None] = dict.fromkeys(KINDS)
        self._bias_shown = True

        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Which layer's parameters to show"))
        self.direction_combo = QComboBox()
        self.direction_combo.setToolTip(
            self.tr("Which direction's parameters to show (reverse exists only in a bidirectional RNN)")
        )
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(4, 2, 4, 0)
        toolbar.addWidget(self.layer_combo)
        toolbar.addWidget(self.direction_combo)
        toolbar.addStretch(1)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(style.PLOT_BACKGROUND)
        self.hover_label = QLabel(self.tr(HOVER_HINT))
        self.hover_label.setStyleSheet(f"color: {style.HOVER_TEXT_COLOR}; padding: 2px 6px;")
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(toolbar)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.hover_label)

        self._build_items()

        self.layer_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.direction_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.graphics.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.simulationChanged.connect(self._refresh_hover)  # after the panel has read the new weights
        session.neuronSelected.connect(self._on_neuron_selected)
        # No stepChanged connection on purpose: stepping never changes a weight.

        self._on_simulation_changed(session.simulation)

    # ---- building (once) -----------------------------------------------------------------------

    def _build_items(self) -> None:
        self.colormap = style.diverging_colormap()
        self.plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.highlights: dict[str, QGraphicsRectItem] = {}
        fg = style.PLOT_FOREGROUND
        for kind in KINDS + (PROJECTION_KIND,):
            axes = {"left": style.IndexAxis("left"), "bottom": style.IndexAxis("bottom")}
            plot = pg.PlotItem(axisItems=axes)
            plot.setTitle(SHORT_NAMES[kind], color=fg)
            plot.invertY(True)  # row 0 (neuron 0) on top, as a matrix is written
            plot.setMenuEnabled(False)
            plot.hideButtons()
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(fg)
                plot.getAxis(name).setTextPen(fg)
            plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
            if kind in BIAS_KINDS:
                # One column: no column numbers, and no row numbers (W_ih's left axis has them);
                # the empty bottom label keeps the plot as tall as its neighbours so rows align.
                plot.getAxis("left").setStyle(showValues=False)
                plot.getAxis("left").setWidth(4)
                plot.getAxis("bottom").setTicks([[(0, "")]])
                plot.setLabel("bottom", " ")
                plot.setMinimumWidth(BIAS_PLOT_WIDTH[0])
                plot.setMaximumWidth(BIAS_PLOT_WIDTH[1])
                plot.setMouseEnabled(x=False, y=True)
            else:
                plot.setLabel("bottom", self.tr(COLUMN_LABELS[kind]), color=fg)
                plot.setLabel(
                    "left", self.tr("h_t[i]") if kind == PROJECTION_KIND else self.tr("neuron i"), color=fg
                )
            image = pg.ImageItem(axisOrder="row-major")  # data[i, j]: row i = neuron i
            image.setColorMap(self.colormap)
            plot.addItem(image)
            highlight = QGraphicsRectItem()
            pen = pg.mkPen(style.SELECTION_COLOR, width=style.SELECTION_WIDTH)
            pen.setCosmetic(True)
            highlight.setPen(pen)
            highlight.setZValue(10)
            plot.addItem(highlight, ignoreBounds=True)
            self.plots[kind], self.images[kind], self.highlights[kind] = plot, image, highlight
        # Gate blocks (gated cells): separator lines and the selected neuron's row in the blocks
        # after the first; made anew with each model or layer shown.
        self._block_items: dict[str, list] = {kind: [] for kind in KINDS}
        self._projection_shown = False
        for kind in KINDS[1:]:
            self.plots[kind].setYLink(self.plots["weight_ih"])  # row i level in every plot

        self.colorbar = pg.ColorBarItem(
            colorMap=self.colormap, interactive=False, width=COLORBAR_WIDTH, colorMapMenu=False
        )
        self.colorbar.getAxis("right").setPen(fg)
        self.colorbar.getAxis("right").setTextPen(fg)
        self.colorbar.getAxis("right").enableAutoSIPrefix(False)
        self.colorbar.getAxis("right").setLabel(self.tr("value"), color=fg)
        self.no_bias_label = pg.LabelItem(self.tr(NO_BIAS_TEXT), color=fg)

        ci = self.graphics.ci
        ci.addItem(self.plots["weight_ih"], row=0, col=0)
        ci.addItem(self.plots["weight_hh"], row=0, col=1)
        ci.addItem(self.plots["bias_ih"], row=0, col=2)
        ci.addItem(self.plots["bias_hh"], row=0, col=3)
        ci.addItem(self.colorbar, row=0, col=4)
        ci.layout.setColumnStretchFactor(0, 3)
        ci.layout.setColumnStretchFactor(1, 3)

    def _show_projection_plot(self, shown: bool) -> None:
        """W_hr in a second row, under W_ih and W_hh, for an LSTM with proj_size > 0 only."""
        if shown == self._projection_shown:
            return
        if shown:
            self.graphics.ci.addItem(self.plots[PROJECTION_KIND], row=1, col=0, colspan=2)
            # W_hr has proj_size rows against the gate blocks' 4 * hidden_size: a smaller share
            self.graphics.ci.layout.setRowStretchFactor(0, 3)
            self.graphics.ci.layout.setRowStretchFactor(1, 1)
        else:
            self.graphics.ci.removeItem(self.plots[PROJECTION_KIND])
        self._projection_shown = shown

    def _show_bias_plots(self, shown: bool) -> None:
        """Bias plots when the model has biases, else one "no bias" label in their place."""
        if shown == self._bias_shown:
            return
        ci = self.graphics.ci
        if shown:
            ci.removeItem(self.no_bias_label)
            ci.addItem(self.plots["bias_ih"], row=0, col=2)
            ci.addItem(self.plots["bias_hh"], row=0, col=3)
        else:
            ci.removeItem(self.plots["bias_ih"])
            ci.removeItem(self.plots["bias_hh"])
            ci.addItem(self.no_bias_label, row=0, col=2, colspan=2)
        self._bias_shown = shown

    # ---- reacting ------------------------------------------------------------------------------

    @guarded
    def _on_simulation_changed(self, simulation) -> None:
        config = simulation.config
        self._fill_combo(
            self.layer_combo, [self.tr("layer {0}").format(k) for k in range(config.num_layers)], self.layer
        )
        self._fill_combo(
            self.direction_combo,
            [self.tr(name) for name in DIRECTION_NAMES[: config.num_directions]],
            self.direction,
        )
        self.direction_combo.setEnabled(config.num_directions > 1)
        self._show_bias_plots(config.bias)
        self._show_projection_plot(config.proj_size > 0)
        self._render()

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[str], keep: int) -> None:
        combo.blockSignals(True)  # one render after both combos are filled, not one per item
        combo.clear()
        combo.addItems(items)
        combo.setCurrentIndex(min(keep, len(items) - 1))
        combo.blockSignals(False)

    @guarded
    def _on_choice_changed(self, _index: int) -> None:
        if self.layer_combo.currentIndex() < 0 or self.direction_combo.currentIndex() < 0:
            return
        self._render()

    def _render(self) -> None:
        """Draw the chosen layer/direction's parameters: the only place images are set."""
        self.layer = max(0, self.layer_combo.currentIndex())
        self.direction = max(0, self.direction_combo.currentIndex())
        model = self.session.simulation.model
        self._params = {
            kind: model.parameter(kind, self.layer, self.direction) for kind in KINDS + (PROJECTION_KIND,)
        }
        levels = style.symmetric_levels(list(self._params.values()))
        for kind, tensor in self._params.items():
            if tensor is None:
                self.images[kind].clear()
                continue
            data = self._as_image(tensor)
            rows, cols = data.shape
            image = self.images[kind]
            image.setImage(data, autoLevels=False, levels=levels)
            image.setRect(QRectF(-0.5, -0.5, cols, rows))  # cell (i, j) centred on (j, i)
            plot = self.plots[kind]
            plot.setTitle(
                f"{SHORT_NAMES[kind]}  [{rows} × {cols}]" if kind not in BIAS_KINDS else SHORT_NAMES[kind],
                color=style.PLOT_FOREGROUND,
            )
            plot.vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows - 0.5)
            plot.vb.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0)
        self.colorbar.setLevels(levels)
        self._mark_gate_blocks()
        self._place_highlights()

    def _gates(self) -> tuple[str, ...]:
        return GATES[self.session.simulation.config.cell]

    def _mark_gate_blocks(self) -> None:
        """Lines between the gate blocks, and each block's name on the left axis at its middle
        (an axis label keeps its size at any zoom and never covers a weight); gated cells only."""
        gates, H = self._gates(), self.session.simulation.config.hidden_size
        fg = style.PLOT_FOREGROUND
        for kind in KINDS:
            items = self._block_items[kind]
            for item in items:
                self.plots[kind].removeItem(item)
            items.clear()
            tensor = self._params.get(kind)
            if kind not in BIAS_KINDS:
                ticks = [[((k + 0.5) * H - 0.5, block_name(kind, gate)) for k, gate in enumerate(gates)]]
                axis = self.plots[kind].getAxis("left")
                axis.setTicks(ticks if gates else None)
                axis.setWidth(
                    LEFT_AXIS_WIDTH + (GATE_LABEL_WIDTH if gates else 0)
                )  # "W_ii" is wider than "12"
                self.plots[kind].setLabel(
                    "left", self.tr("gate block") if gates else self.tr("neuron i"), color=fg
                )
            if not gates or tensor is None:
                continue
            for k in range(1, len(gates)):
                items.append(
                    pg.InfiniteLine(
                        pos=k * H - 0.5, angle=0, movable=False, pen=pg.mkPen(fg, width=2, cosmetic=True)
                    )
                )
                rect = QGraphicsRectItem()  # the selected neuron's row in block k (block 0: self.highlights)
                rect.setPen(self.highlights[kind].pen())
                rect.setZValue(10)
                rect.setData(0, k)
                items.append(rect)
            for item in items:
                self.plots[kind].addItem(item, ignoreBounds=True)

    @staticmethod
    def _as_image(tensor: torch.Tensor) -> np.ndarray:
        """float32, C-contiguous, 2-D: the layout pyqtgraph turns into a QImage fastest."""
        data = tensor.detach().to(torch.float32).cpu().numpy()
        if data.ndim == 1:
            data = data[:, None]  # a bias is one column: row i = neuron i
        return np.ascontiguousarray(data)

    @guarded
    def _on_neuron_selected(self, _neuron: int) -> None:
        self._place_highlights()

    def _place_highlights(self) -> None:
        row = self.session.selected_neuron
        H = self.session.simulation.config.hidden_size
        for kind, rect in self.highlights.items():
            tensor = self._params.get(kind)
            if tensor is None:
                rect.hide()
                continue
            if kind == PROJECTION_KIND:  # W_hr's column j reads neuron j's o * tanh(c_t)
                rect.setRect(QRectF(row - 0.5, -0.5, 1, tensor.shape[0]))
                rect.show()
                continue
            cols = tensor.shape[1] if tensor.dim() == 2 else 1
            rect.setRect(QRectF(-0.5, row - 0.5, cols, 1))
            rect.show()
            for item in self._block_items.get(kind, ()):
                if isinstance(item, QGraphicsRectItem):  # the same neuron in gate block k
                    item.setRect(QRectF(-0.5, item.data(0) * H + row - 0.5, cols, 1))

    # ---- mouse -----------------------------------------------------------------------------------

    def cell_at(self, scene_pos) -> tuple[str, int, int] | None:
        """(kind, row, col) of the cell under a scene position, or None."""
        for kind, plot in self.plots.items():
            tensor = self._params.get(kind)
            if tensor is None or plot.scene() is None:
                continue
            if not plot.vb.sceneBoundingRect().contains(scene_pos):
                continue
            point = plot.vb.mapSceneToView(scene_pos)
            row, col = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
            cols = tensor.shape[1] if tensor.dim() == 2 else 1
            if 0 <= row < tensor.shape[0] and 0 <= col < cols:
                return kind, row, col
        return None

    def value_text_at(self, kind: str, row: int, col: int = 0) -> str | None:
        """ "W_hh[2, 3] = -0.412" (biases: "b_ih[2] = 0.105"); None outside the parameter.
        A gated cell names the block and the row within it: "W_if[3, 1] = 0.123 (forget gate,
        neuron 3)"."""
        tensor = self._params.get(kind)
        if tensor is None:
            return None
        if not 0 <= row < tensor.shape[0] or (tensor.dim() == 2 and not 0 <= col < tensor.shape[1]):
            return None
        value = float(tensor[row]) if tensor.dim() == 1 else float(tensor[row, col])
        if kind == PROJECTION_KIND:
            return f"W_hr[{row}, {col}] = {value:.3f}  " + self.tr(PROJECTION_HOVER).format(row, col)
        config = self.session.simulation.config
        block = gate_of_row(config.cell, config.hidden_size, row)
        name, index = (SHORT_NAMES[kind], row) if block is None else (block_name(kind, block[0]), block[1])
        text = (
            f"{name}[{index}] = {value:.3f}" if tensor.dim() == 1 else f"{name}[{index}, {col}] = {value:.3f}"
        )
        if block is not None:
            text += " " + self.tr("({0}, neuron {1})").format(gate_name(block[0]), block[1])
        if tensor.dim() == 1:
            return text
        model = self.session.simulation.model
        if kind == "weight_ih" and self.layer == 0 and model.one_hot:
            # One-hot input: column `col` is what token `col` adds to the cell (W_ih x_t picks it).
            token = style.display_token(model.vocab.tokens[col])
            text += "  " + self.tr("(column of the token “{0}”)").format(token)
        return text

    @guarded
    def _on_mouse_moved(self, scene_pos) -> None:
        self._hovered_cell = self.cell_at(scene_pos)
        self._refresh_hover()

    @guarded
    def _refresh_hover(self, *_args) -> None:
        """The hover text of the cell last hovered, read again: after training, an edit, an undo
        or another model, it shows the new value, never the old one."""
        cell = getattr(self, "_hovered_cell", None)
        text = self.value_text_at(*cell) if cell else None
        self.hover_label.setText(text or self.tr(HOVER_HINT))
        self.graphics.setToolTip(text or "")

    @guarded
    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(event.scenePos())
        if cell:
            kind, row, col = cell
            # Row r of a gate block feeds neuron r mod hidden_size; W_hr's column j reads neuron j.
            self.session.select_neuron(
                col if kind == PROJECTION_KIND else row % self.session.config.hidden_size
            )
            if event.double():
                self.request_edit(*cell)

    def request_edit(self, kind: str, row: int, col: int = 0) -> None:
        """Ask to edit the shown layer/direction's `kind`[row, col] (biases: [row])."""
        tensor = self._params.get(kind)
        if tensor is None:
            return
        index = (row,) if tensor.dim() == 1 else (row, col)
        self.editRequested.emit(param_name(kind, self.layer, self.direction), index, float(tensor[index]))

    # ---- state kept across a language switch (MainWindow rebuilds the panels) ------------------------

    def ui_state(self) -> dict:
        return {"layer": self.layer, "direction": self.direction}

    def restore_ui_state(self, state: dict) -> None:
        self.layer_combo.setCurrentIndex(min(state["layer"], self.layer_combo.count() - 1))
        self.direction_combo.setCurrentIndex(min(state["direction"], self.direction_combo.count() - 1))

    # ---- export ----------------------------------------------------------------------------------

    def export_widget(self) -> pg.GraphicsLayoutWidget:
        return self.graphics

    def plot_items(self) -> list[pg.PlotItem]:
        kinds = KINDS if self._bias_shown else KINDS[:2]
        if self._projection_shown:
            kinds += (PROJECTION_KIND,)
        return [self.plots[kind] for kind in kinds]
