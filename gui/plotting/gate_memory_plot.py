"""The Backprop panel's memory plot for gated cells, in place of the plain RNN's spectral radius.

An RNN's gradient going back in time is multiplied by W_hh at every step, so W_hh's spectral
radius says whether it vanishes. Along an LSTM's cell state it is multiplied only by the forget
gate f (along a GRU's direct path, by the update gate z): this plot shows that gate at every step
of one layer and direction (mean over the neurons) and its running product from the sweep's
start, which is both how much of c_0 (h_0) is left and how much of the gradient gets back.
The numbers are engine.bptt.gate_memory's, from the module's own forward values.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from rnn_stepper.engine.bptt import Backprop, GateMemory, gate_memory
from rnn_stepper.gui import style
from rnn_stepper.gui.plotting.compact_plots import CompactGraphicsLayout

log = logging.getLogger(__name__)

HEIGHT = 190  # room for a two-line title
NEURONS_IN_HOVER = 8  # the hover line lists this many neurons' gate values, then "…"


class GateMemoryPlot(CompactGraphicsLayout):
    hovered = Signal(str)  # the readout at the hovered step

    def __init__(self, parent=None):
        super().__init__(HEIGHT, parent=parent)
        self.setBackground(style.PLOT_BACKGROUND)
        fg = style.PLOT_FOREGROUND
        plot = self.addPlot(
            row=0, col=0, axisItems={"bottom": style.IndexAxis("bottom"), "left": style.DecadeLogAxis("left")}
        )
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLogMode(y=True)  # the product falls by orders of magnitude
        plot.showGrid(x=False, y=True, alpha=0.2)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(56)
        plot.setLabel("bottom", self.tr("time step t"), color=fg)
        for name in ("left", "bottom"):
            plot.getAxis(name).setPen(fg)
            plot.getAxis(name).setTextPen(fg)
        self.curves = {
            "gate": plot.plot([], [], pen=pg.mkPen(style.LINE_COLORS[0], width=2)),
            "surviving": plot.plot([], [], pen=pg.mkPen(style.SELECTED_LINE_COLOR, width=2.5)),
        }
        self.plot_item = plot
        self._memory: tuple[Backprop, int, GateMemory] | None = None  # (result, row, that row's memory gate)
        self._batch = 0
        self.scene().sigMouseMoved.connect(self._on_hover)

    def forget(self) -> None:
        """A new simulation: the cached gates belong to the old one."""
        self._memory = None

    def clear_curves(self) -> None:
        for curve in self.curves.values():
            curve.setData([], [])

    def show_memory(self, result: Backprop, layer: int, direction: int, b: int, where: str) -> GateMemory:
        """Draw layer/direction's memory gate for batch element b; returns it (computed once per
        result and row: stepping along one row's cells redraws without recomputing)."""
        row = layer * result.D + direction
        if self._memory is None or self._memory[0] is not result or self._memory[1] != row:
            # keyed by the result object itself: a new result may reuse a freed one's id()
            self._memory = (result, row, gate_memory(result, layer, direction))
        memory = self._memory[2]
        self._batch = b
        gate_mean = memory.values[:, b].mean(1).detach().double().cpu().numpy()
        surviving = self.mean_surviving(memory, b)
        ts = np.arange(len(gate_mean), dtype=float)
        small = len(ts) <= style.SMALL_SEQUENCE
        self.curves["gate"].setData(
            ts, np.maximum(gate_mean, style.GRAD_NORM_MIN), symbol="o" if small else None, symbolSize=6
        )
        self.curves["surviving"].setData(ts, np.maximum(surviving, style.GRAD_NORM_MIN))
        # The key is in the title: a legend inside this short plot covers the curves wherever it sits.
        title = (
            self.tr(
                "{0}: forget gate f (blue, mean over the neurons)<br>and the product of f from the "
                "sweep's start (black)"
            )
            if memory.gate == "f"
            else self.tr(
                "{0}: update gate z (blue, mean over the neurons)<br>and the product of z from the "
                "sweep's start (black)"
            )
        )
        self.plot_item.setTitle(title.format(where), color=style.PLOT_FOREGROUND, size="9pt")
        self.plot_item.setXRange(-0.5, len(ts) - 0.5, padding=0.02)
        return memory

    @staticmethod
    def mean_surviving(memory: GateMemory, b: int) -> np.ndarray:
        """The running product's mean over the neurons at each step, for batch element b."""
        return memory.surviving[:, b].mean(1).detach().double().cpu().numpy()

    def _on_hover(self, scene_pos) -> None:
        """The memory gate at the hovered step, neuron by neuron, and its running product."""
        try:
            if self._memory is None or not self.plot_item.vb.sceneBoundingRect().contains(scene_pos):
                return
            memory = self._memory[2]
            t = math.floor(self.plot_item.vb.mapSceneToView(scene_pos).x() + 0.5)
            if not 0 <= t < memory.values.shape[0]:
                return
            b = min(self._batch, memory.values.shape[1] - 1)
            values = memory.values[t, b].detach().double().cpu().numpy()
            shown = ", ".join(f"{v:.3f}" for v in values[:NEURONS_IN_HOVER])
            shown += ", …" if len(values) > NEURONS_IN_HOVER else ""
            self.hovered.emit(
                f"t = {t}: {memory.gate} = [{shown}],  ∏ {memory.gate} = "
                f"{float(memory.surviving[t, b].mean()):.3g}"
            )
        except Exception:  # a hover must never take the window down
            log.exception("memory plot hover failed")
