"""The Backprop panel's heatmaps of one backward cell's share of the weight gradients,
∂L/∂W_ih and ∂L/∂W_hh (for a gated cell with a line and a name between its gate blocks: W_ii,
W_if, ... as PyTorch stacks them, engine.cell.GATES), and their hover readout.

The readout of the cell last hovered is read again whenever the heatmaps change, so it never
shows an old model's number. It draws a BackwardRecord it is given; it computes nothing. Its
texts are translated in the panel's context ("BackpropPanel"), where they were written first.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Signal
from rnn_stepper.engine.bptt import BackwardRecord
from rnn_stepper.engine.cell import GATES
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.base import guarded
from rnn_stepper.gui.plotting.compact_plots import CompactGraphicsLayout

HEIGHT = 170
NAMES = ("grad_weight_ih", "grad_weight_hh")


def hover_hint() -> str:
    return QCoreApplication.translate("BackpropPanel", "Hover a heatmap cell to read its value.")


class WeightGradientHeatmaps(CompactGraphicsLayout):
    hovered = Signal(str)  # the readout of the hovered cell, or the hint

    def __init__(self, parent=None):
        super().__init__(HEIGHT, parent=parent)
        self.setBackground(style.PLOT_BACKGROUND)
        self.plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self._block_items: dict[str, list] = {name: [] for name in NAMES}
        self._hovered: tuple[str, int, int] | None = None  # (heatmap, i, j) last under the mouse
        self._showing = False  # a record's gradients are drawn (not a message's empty state)
        self._gates: tuple[str, ...] = ()
        self._hidden_size = 0
        colormap = style.diverging_colormap()
        for col, name in enumerate(NAMES):
            plot = self.addPlot(
                row=0,
                col=col,
                axisItems={"left": style.IndexAxis("left"), "bottom": style.IndexAxis("bottom")},
            )
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.invertY(True)  # row i = neuron i, as the Weights panel draws W
            image = pg.ImageItem(axisOrder="row-major")
            image.setColorMap(colormap)
            plot.addItem(image)
            self.plots[name], self.images[name] = plot, image
        self.plots["grad_weight_ih"].setLabel(
            "bottom", QCoreApplication.translate("BackpropPanel", "input j")
        )
        self.plots["grad_weight_ih"].setLabel("left", QCoreApplication.translate("BackpropPanel", "neuron i"))
        self.plots["grad_weight_hh"].setLabel(
            "bottom", QCoreApplication.translate("BackpropPanel", "h_prev j")
        )
        self.ci.layout.setColumnStretchFactor(0, 3)
        self.ci.layout.setColumnStretchFactor(1, 2)
        self.scene().sigMouseMoved.connect(self._on_hover)

    # ---- read back ------------------------------------------------------------------------------------

    def data(self) -> dict[str, np.ndarray]:
        """The heatmaps' data: 'grad_weight_ih' [G*H, in] and 'grad_weight_hh' [G*H, H_out]."""
        return {name: image.image.copy() for name, image in self.images.items() if image.image is not None}

    def block_labels(self) -> dict[str, list[str]]:
        """The gate-block labels drawn, top to bottom (gated cells)."""
        return {
            name: [item.toPlainText() for item in items if isinstance(item, pg.TextItem)]
            for name, items in self._block_items.items()
        }

    # ---- drawing --------------------------------------------------------------------------------------

    def set_model(self, config) -> None:
        """Gated cells: a line between the gate blocks and each block's name (W_ii, W_if, ... /
        W_hr, W_hz, W_hn: PyTorch's row blocks, engine.cell.GATES). Nothing drawn yet."""
        for name, items in self._block_items.items():
            for item in items:
                self.plots[name].removeItem(item)
            items.clear()
        self._gates, self._hidden_size = GATES[config.cell], config.hidden_size
        H = config.hidden_size
        for name, side in (("grad_weight_ih", "i"), ("grad_weight_hh", "h")):
            plot, items = self.plots[name], self._block_items[name]
            for k, gate in enumerate(self._gates):
                if k:
                    line = pg.InfiniteLine(
                        pos=k * H - 0.5, angle=0, pen=pg.mkPen(style.PLOT_FOREGROUND, width=1.5)
                    )
                    plot.addItem(line, ignoreBounds=True)
                    items.append(line)
                label = pg.TextItem(
                    f"W_{side}{gate}",
                    color=style.PLOT_FOREGROUND,
                    anchor=(0, 0),
                    fill=pg.mkBrush(255, 255, 255, 190),
                )
                label.setPos(-0.5, k * H - 0.5)
                plot.addItem(label, ignoreBounds=True)
                items.append(label)
        self.show_nothing()

    def show_record(self, record: BackwardRecord, dtype) -> None:
        """The cell's weight-gradient shares, each on a colour scale symmetric around 0."""
        for name in NAMES:
            data = getattr(record, name).detach().to(dtype=dtype).cpu().numpy()
            data = np.ascontiguousarray(data)
            image = self.images[name]
            image.setImage(data, autoLevels=False, levels=style.symmetric_levels(data))
            rows, cols = data.shape
            image.setRect(QRectF(-0.5, -0.5, cols, rows))
            plot = self.plots[name]
            plot.vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows - 0.5)
            plot.vb.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0)
            short = "W<sub>ih</sub>" if name == "grad_weight_ih" else "W<sub>hh</sub>"
            for item in self._block_items[name]:  # keep the gate names in view at the left edge
                if isinstance(item, pg.TextItem):
                    item.setPos(-0.5, item.pos().y())
            plot.setTitle(
                QCoreApplication.translate("BackpropPanel", "∂L/∂{0} share  ‖·‖ = {1:.3g}").format(
                    short, float(np.linalg.norm(data))
                ),
                size="9pt",
                color=style.PLOT_FOREGROUND,
            )
        self._showing = True
        self.refresh_hover()  # the heatmaps changed under a mouse that has not moved

    def show_nothing(self) -> None:
        """No gradients (recomputing, a message): the readout goes back to the hint. (Not
        `clear`: pyqtgraph's GraphicsLayoutWidget puts its layout's clear() on every instance.)"""
        self._showing = False
        self.refresh_hover()

    # ---- hover ----------------------------------------------------------------------------------------

    @guarded
    def _on_hover(self, scene_pos) -> None:
        self._hovered = self._cell_at(scene_pos)
        self.refresh_hover()

    def _cell_at(self, scene_pos) -> tuple[str, int, int] | None:
        """(heatmap name, i, j) under a scene point, or None."""
        for name, plot in self.plots.items():
            image = self.images[name].image
            if image is None or not plot.vb.sceneBoundingRect().contains(scene_pos):
                continue
            point = plot.vb.mapSceneToView(scene_pos)
            i, j = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
            if 0 <= i < image.shape[0] and 0 <= j < image.shape[1]:
                return name, i, j
        return None

    def refresh_hover(self) -> None:
        """The readout of the cell last hovered, read again from the heatmaps as they are now:
        after a training step, an edit, an undo or another model it shows the new gradient, and
        while there is none the hint, never an old model's number."""
        text = None
        if self._hovered is not None and self._showing:
            name, i, j = self._hovered
            image = self.images[name].image
            if image is not None and i < image.shape[0] and j < image.shape[1]:
                short = "W_ih" if name == "grad_weight_ih" else "W_hh"
                row = i
                if self._gates:  # a gate block's own name and row: W_if[2, 3] is row H + 2 of W_ih
                    block, row = divmod(i, self._hidden_size)
                    short = f"W_{short[2]}{self._gates[block]}"
                text = QCoreApplication.translate(
                    "BackpropPanel", "∂L/∂{0}[{1}, {2}] share = {3:.4g}"
                ).format(short, row, j, float(image[i, j]))
        self.hovered.emit(text or hover_hint())
