"""Weights panel: W_ih, W_hh, b_ih and b_hh of one layer and direction as heatmaps.

Row i of every matrix is what feeds neuron i (h_t[i] = tanh(W_ih[i] · x_t + b_ih[i] +
W_hh[i] · h_{t-1} + b_hh[i])), so the rows line up across the four plots and the selected
neuron's row is outlined in each. Weights do not change while stepping, so the images are drawn
only when the simulation or the chosen layer/direction changes, never per step.
"""

from __future__ import annotations

import functools
import logging
import math

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from rnn_stepper.engine.model import param_name
from rnn_stepper.gui import style

log = logging.getLogger(__name__)

KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
BIAS_KINDS = ("bias_ih", "bias_hh")
SHORT_NAMES = {"weight_ih": "W_ih", "weight_hh": "W_hh", "bias_ih": "b_ih", "bias_hh": "b_hh"}
# English, translated where shown (context "WeightsPanel").
COLUMN_LABELS = {"weight_ih": QT_TRANSLATE_NOOP("WeightsPanel", "input j"), "weight_hh": "h<sub>t-1</sub> j"}
DIRECTION_NAMES = (QT_TRANSLATE_NOOP("WeightsPanel", "forward"), QT_TRANSLATE_NOOP("WeightsPanel", "reverse"))
NO_BIAS_TEXT = QT_TRANSLATE_NOOP("WeightsPanel", "no bias (bias=False)")
HOVER_HINT = QT_TRANSLATE_NOOP("WeightsPanel", "Hover a cell to read its value; click to select its neuron; "
                                               "double-click to edit the weight.")
BIAS_PLOT_WIDTH = (46, 72)  # px, min and max: a bias is one column, it needs little room
LEFT_AXIS_WIDTH = 44  # px, fixed so the rows of neighbouring plots line up
COLORBAR_WIDTH = 18


def guarded(slot):
    """Log instead of raising: a bad hover or a surprising model must not take the window down."""
    @functools.wraps(slot)
    def wrapper(*args, **kwargs):
        try:
            return slot(*args, **kwargs)
        except Exception:
            log.exception("weights panel: %s failed", slot.__name__)
    return wrapper


class WeightsPanel(QWidget):
    TITLE = "Weights"
    OBJECT_NAME = "weightsPanel"

    # A double-click on a weight: (nn.RNN parameter name such as "weight_hh_l0", index tuple,
    # current value). gui.learn_actions asks for the new value and edits through the engine.
    editRequested = Signal(str, object, float)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self.session = session
        self.layer = 0
        self.direction = 0
        self._params: dict[str, torch.Tensor | None] = dict.fromkeys(KINDS)
        self._bias_shown = True

        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Which layer's parameters to show"))
        self.direction_combo = QComboBox()
        self.direction_combo.setToolTip(self.tr("Which direction's parameters to show (reverse exists "
                                                "only in a bidirectional RNN)"))
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
        for kind in KINDS:
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
                plot.setLabel("left", self.tr("neuron i"), color=fg)
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
        for kind in KINDS[1:]:
            self.plots[kind].setYLink(self.plots["weight_ih"])  # row i level in every plot

        self.colorbar = pg.ColorBarItem(colorMap=self.colormap, interactive=False,
                                        width=COLORBAR_WIDTH, colorMapMenu=False)
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
        self._fill_combo(self.layer_combo, [self.tr("layer {0}").format(k) for k in range(config.num_layers)],
                         self.layer)
        self._fill_combo(self.direction_combo, [self.tr(name) for name in DIRECTION_NAMES[:config.num_directions]],
                         self.direction)
        self.direction_combo.setEnabled(config.num_directions > 1)
        self._show_bias_plots(config.bias)
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
        self._params = {kind: model.parameter(kind, self.layer, self.direction) for kind in KINDS}
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
            plot.setTitle(f"{SHORT_NAMES[kind]}  [{rows} × {cols}]" if kind not in BIAS_KINDS
                          else SHORT_NAMES[kind], color=style.PLOT_FOREGROUND)
            plot.vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows - 0.5)
            plot.vb.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0)
        self.colorbar.setLevels(levels)
        self._place_highlights()

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
        for kind, rect in self.highlights.items():
            tensor = self._params.get(kind)
            if tensor is None:
                rect.hide()
                continue
            cols = tensor.shape[1] if tensor.dim() == 2 else 1
            rect.setRect(QRectF(-0.5, row - 0.5, cols, 1))
            rect.show()

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
        """ "W_hh[2, 3] = -0.412" (biases: "b_ih[2] = 0.105"); None outside the parameter."""
        tensor = self._params.get(kind)
        if tensor is None:
            return None
        if tensor.dim() == 1:
            if not 0 <= row < tensor.shape[0]:
                return None
            return f"{SHORT_NAMES[kind]}[{row}] = {float(tensor[row]):.3f}"
        if not (0 <= row < tensor.shape[0] and 0 <= col < tensor.shape[1]):
            return None
        text = f"{SHORT_NAMES[kind]}[{row}, {col}] = {float(tensor[row, col]):.3f}"
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
            self.session.select_neuron(cell[1])
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
        return [self.plots[kind] for kind in kinds]
