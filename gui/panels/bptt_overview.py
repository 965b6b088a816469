"""The Backprop panel's overview: ‖∂L/∂h_t‖ of every cell that influences the loss, as curves over
time on a log scale (and LSTM's ‖∂L/∂c_t‖, dashed), with under them the same numbers as a grid of
cells (time × layer and direction) where the cell the gradient is passing now is outlined.

It draws a Backprop result it is given (engine.bptt's numbers); it computes nothing. Its texts
are translated in the panel's context ("BackpropPanel"), where they were written first.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsRectItem
from rnn_stepper.engine.bptt import Backprop
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import cjk_font
from rnn_stepper.gui.panels.base import guarded
from rnn_stepper.gui.plotting.compact_plots import CompactGraphicsLayout

log = logging.getLogger(__name__)

HEIGHT = 260
DIRECTION_ARROWS = ("→", "←")
MAX_NAMED_STEPS = 40  # up to this many time steps, the grid's t axis also names each token


class GradientOverview(CompactGraphicsLayout):
    hovered = Signal(str)  # the norms at the hovered time step

    def __init__(self, parent=None):
        super().__init__(HEIGHT, parent=parent)
        self.setBackground(style.PLOT_BACKGROUND)
        self.result: Backprop | None = None
        self._build()
        self.scene().sigMouseMoved.connect(self._on_hover)

    # ---- read back ------------------------------------------------------------------------------------

    def norm_curves(self) -> dict[int, tuple[list[int], list[float]]]:
        """row (layer * D + direction) -> (t, ‖∂L/∂h_t‖) as drawn, only the cells that matter."""
        return self._curve_points(self.curves)

    def cell_norm_curves(self) -> dict[int, tuple[list[int], list[float]]]:
        """LSTM: row -> (t, ‖∂L/∂c_t‖) as drawn (dashed); empty for RNN and GRU."""
        return self._curve_points(self.cell_curves)

    def highlighted_cell(self) -> tuple[int, int] | None:
        """(t, row) of the outlined cell in the grid."""
        if not self._cell_outline.isVisible():
            return None
        rect = self._cell_outline.rect()
        return round(rect.center().x()), round(rect.center().y())

    def _curve_points(self, curves) -> dict[int, tuple[list[int], list[float]]]:
        return {
            row: self.points(curve)
            for row, curve in enumerate(curves)
            if curve.isVisible() and curve.getOriginalDataset()[0] is not None
        }

    @staticmethod
    def points(curve) -> tuple[list[int], list[float]]:
        """A curve's finite points as drawn."""
        x, y = curve.getOriginalDataset()
        if x is None:
            return [], []
        keep = np.isfinite(y)
        return [int(v) for v in x[keep]], [float(v) for v in y[keep]]

    # ---- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        fg = style.PLOT_FOREGROUND
        self.norm_plot = self.addPlot(
            row=0, col=0, axisItems={"bottom": style.IndexAxis("bottom"), "left": style.DecadeLogAxis("left")}
        )
        plot = self.norm_plot
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLogMode(y=True)
        plot.showGrid(x=False, y=True, alpha=0.2)
        plot.setTitle(
            QCoreApplication.translate("BackpropPanel", "‖∂L/∂h<sub>t</sub>‖ going back from t*"),
            color=fg,
            size="10pt",
        )
        plot.setLabel("left", QCoreApplication.translate("BackpropPanel", "gradient norm (log)"), color=fg)
        plot.getAxis("left").enableAutoSIPrefix(False)  # "(x0.001)" on a log axis only confuses
        plot.getAxis("bottom").setStyle(showValues=False)
        self._legend = plot.addLegend(offset=(-4, 4), labelTextColor=fg, brush=pg.mkBrush(255, 255, 255, 200))
        self.curves: list[pg.PlotDataItem] = []
        self.cell_curves: list[pg.PlotDataItem] = []  # LSTM's ‖∂L/∂c_t‖, dashed
        self._loss_line = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(style.LOSS_STEP_COLOR, width=2),
            label="t*",
            labelOpts={"position": 0.92, "color": style.LOSS_STEP_COLOR},
        )
        plot.addItem(self._loss_line)
        # A PlotDataItem, not a bare ScatterPlotItem: only data items follow the plot's log scale.
        self._current_marker = plot.plot(
            [],
            [],
            pen=None,
            symbol="o",
            symbolSize=16,
            symbolBrush=None,
            symbolPen=pg.mkPen(style.BACKWARD_CELL_COLOR, width=2.5),
        )
        self._current_marker.setZValue(10)

        self.grid_plot = self.addPlot(row=1, col=0, axisItems={"bottom": style.IndexAxis("bottom")})
        grid = self.grid_plot
        grid.setMenuEnabled(False)
        grid.hideButtons()
        grid.setMouseEnabled(x=True, y=False)
        grid.setLabel(
            "bottom",
            QCoreApplication.translate("BackpropPanel", "time step t  ·  colour: ‖∂L/∂h<sub>t</sub>‖ (log)"),
            color=fg,
        )
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
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        for item in (plot, grid):
            item.getAxis("left").setWidth(56)
            for name in ("left", "bottom"):
                item.getAxis(name).setPen(fg)
                item.getAxis(name).setTextPen(fg)

    def set_model(self, simulation) -> None:
        """One norm curve per layer and direction, and for LSTM a dashed one of ‖∂L/∂c_t‖ (made
        again only when their number changes); the grid's rows and token names."""
        self.result = None
        config = simulation.config
        title = (
            QCoreApplication.translate(
                "BackpropPanel", "‖∂L/∂h<sub>t</sub>‖, ‖∂L/∂c<sub>t</sub>‖ (dashed) back from t*"
            )
            if config.cell == "lstm"
            else QCoreApplication.translate("BackpropPanel", "‖∂L/∂h<sub>t</sub>‖ going back from t*")
        )
        self.norm_plot.setTitle(title, color=style.PLOT_FOREGROUND, size="10pt")
        rows = config.num_layers * config.num_directions
        cell_rows = rows if config.cell == "lstm" else 0
        if len(self.curves) != rows or len(self.cell_curves) != cell_rows:
            for curve in self.curves + self.cell_curves:
                self.norm_plot.removeItem(curve)
                self._legend.removeItem(curve)
            self.curves, self.cell_curves = [], []
            for row in range(rows):
                layer, direction = divmod(row, config.num_directions)
                color = style.LINE_COLORS[row % len(style.LINE_COLORS)]
                name = QCoreApplication.translate("BackpropPanel", "layer {0} {1}").format(
                    layer, DIRECTION_ARROWS[direction]
                )
                curve = self.norm_plot.plot(
                    [],
                    [],
                    pen=pg.mkPen(color, width=2),
                    name=name,
                    connect="finite",
                    symbolBrush=color,
                    symbolPen=None,
                )
                self.curves.append(curve)
            for row in range(cell_rows):
                layer, direction = divmod(row, config.num_directions)
                color = style.LINE_COLORS[row % len(style.LINE_COLORS)]
                name = QCoreApplication.translate("BackpropPanel", "layer {0} {1}, c<sub>t</sub>").format(
                    layer, DIRECTION_ARROWS[direction]
                )
                curve = self.norm_plot.plot(
                    [],
                    [],
                    pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine),
                    name=name,
                    connect="finite",
                    symbolBrush=None,
                    symbolPen=pg.mkPen(color, width=1.5),
                    symbol="s",
                )
                self.cell_curves.append(curve)
        tokens = simulation.tokens
        names = (
            {t: style.display_token(tok) for t, tok in enumerate(tokens)}
            if tokens and len(tokens) <= MAX_NAMED_STEPS
            else {}
        )
        self.grid_plot.getAxis("bottom").set_names(names)
        # A short row name, the axis is narrow ("L0 →"; in Chinese "第0层 →").
        ticks = [
            [
                (
                    row,
                    QCoreApplication.translate("BackpropPanel", "L{0} {1}").format(
                        row // config.num_directions, DIRECTION_ARROWS[row % config.num_directions]
                    ),
                )
                for row in range(rows)
            ]
        ]
        self.grid_plot.getAxis("left").setTicks(ticks)
        if tokens:
            self.grid_plot.getAxis("bottom").setStyle(tickFont=cjk_font(style.TOKEN_POINTS))

    # ---- drawing --------------------------------------------------------------------------------------

    def show_result(self, result: Backprop) -> tuple[np.ndarray, np.ndarray, int]:
        """Draw `result`'s norms; returns (norms [T, rows], relevant [T, rows], how many
        relevant norms are infinite or NaN) for the panel's sentence about the loss."""
        self.result = result
        norms = result.grad_norms().detach().double().cpu().numpy()  # [T, rows]
        T, rows = norms.shape
        relevant = np.array(
            [
                [result.is_relevant(row // result.D, row % result.D, t) for row in range(rows)]
                for t in range(T)
            ]
        )
        overflowed = int((relevant & ~np.isfinite(norms)).sum())
        drawn = np.where(relevant & np.isfinite(norms), np.maximum(norms, style.GRAD_NORM_MIN), np.nan)
        ts = np.arange(T, dtype=float)
        small = T <= style.SMALL_SEQUENCE
        for row, curve in enumerate(self.curves):
            curve.setData(ts, drawn[:, row], symbol="o" if small else None, symbolSize=7)
            curve.setVisible(bool(relevant[:, row].any()))
        cell_norms = result.cell_grad_norms()
        if cell_norms is not None and len(self.cell_curves) == rows:
            cell_norms = cell_norms.detach().double().cpu().numpy()
            overflowed += int((relevant & ~np.isfinite(cell_norms)).sum())
            cell_drawn = np.where(
                relevant & np.isfinite(cell_norms), np.maximum(cell_norms, style.GRAD_NORM_MIN), np.nan
            )
            for row, curve in enumerate(self.cell_curves):
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
        self.grid_plot.setYRange(-0.5, rows - 0.5, padding=0)
        self.norm_plot.setXRange(-0.5, T - 0.5, padding=0.02)
        self.grid_plot.setMaximumHeight(40 + 26 * rows)
        return norms, relevant, overflowed

    def mark_cell(self, t: int, row: int) -> None:
        """The backward cell on screen: a ring on its norm, an outline in the grid."""
        norm = float(self.result.grad_norms()[t, row]) if self.result is not None else math.nan
        if math.isfinite(norm):
            self._current_marker.setData([float(t)], [max(norm, style.GRAD_NORM_MIN)])
        else:
            self._current_marker.setData([], [])
        self._cell_outline.setRect(QRectF(t - 0.5, row - 0.5, 1, 1))
        self._cell_outline.show()

    def show_nothing(self) -> None:
        """Nothing to show (no result: a message says why). (Not `clear`: pyqtgraph's
        GraphicsLayoutWidget puts its layout's clear() on every instance under that name.)"""
        self.result = None
        for curve in self.curves + self.cell_curves:
            curve.setData([], [])
        self._current_marker.setData([], [])
        self._grid_image.clear()
        self._cell_outline.hide()

    # ---- hover ----------------------------------------------------------------------------------------

    @guarded
    def _on_hover(self, scene_pos) -> None:
        """The gradient norms at the hovered time step, per layer and direction (and c_t for LSTM)."""
        result = self.result
        if result is None or not self.norm_plot.vb.sceneBoundingRect().contains(scene_pos):
            return
        t = math.floor(self.norm_plot.vb.mapSceneToView(scene_pos).x() + 0.5)
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
            self.hovered.emit(f"t = {t}:  " + ";  ".join(parts))
