"""Hidden-state panel: h_t of one layer and direction, as lines over time and as a heatmap.

(Over 500 lines, on purpose: what is left is one panel's state machine, the [T, H] buffer that a
step updates column by column and the lines, masks, cursors and hover that read that same buffer;
split further, the pieces would share the buffer's bookkeeping through private attributes. Its
pyqtgraph items live in gui/plotting/column_image.py and line_bundle.py.)

For a gated cell a "show" box picks what the two plots draw: h_t, LSTM's cell state c_t, or one
gate's values (i, f, g, o; r, z, n), recomputed for the computed cells by
engine/gate_history.py. A projected LSTM's h_t has proj_size numbers, its c_t and gates
hidden_size: the plots are as wide as what they show. A plain RNN has no such box.

Top: one line per neuron, h_t[i] against t, drawn only over the cells computed so far, so the
lines grow as the student steps. Bottom: the same numbers as a time × neuron heatmap whose
uncomputed part is greyed out. A vertical cursor marks the current cell's t in both.

Per-step work is kept small (this must stay smooth at H=1024, T=1000): a float32 buffer [T, H]
holds the shown values; a step copies just the newly computed column(s) into it, sets the image
on the same buffer with fixed levels (the image item colours only the changed columns, see
ColumnImageItem in gui/plotting/column_image.py), and gives the (at most 33) lines their new data. Items are created once;
nothing is created per step, and nothing is drawn while the panel is hidden in a shown window
(a closed or tabbed-away dock): it catches up when shown again.
"""

from __future__ import annotations

import logging
import math
import re

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsRectItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.gate_history import gate_history
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.base import StepPanel, guarded
from rnn_stepper.gui.plotting.column_image import ColumnImageItem, MaskRect
from rnn_stepper.gui.plotting.line_bundle import Line, LineBundle

log = logging.getLogger(__name__)

MAX_LINES = 32  # lines drawn at once (plus the selected neuron's): more is unreadable and slow
MAX_TOKEN_TICKS = 40  # up to this many time steps, the t axis also names each token
DIRECTION_NAMES = (
    QT_TRANSLATE_NOOP("HiddenStatePanel", "forward"),
    QT_TRANSLATE_NOOP("HiddenStatePanel", "reverse"),
)
LEFT_AXIS_WIDTH = 48  # px, equal for both plots so their time axes line up
COLORBAR_WIDTH = 16
KEY_MAX_ENTRIES = 8  # up to this many lines get a colour key; beyond, hover reads values
KEY_WIDTH = 110  # px
HOVER_HINT = QT_TRANSLATE_NOOP(
    "HiddenStatePanel", "Hover the plots to read h_t; click a neuron's row or line to select it."
)
H_T = "h_t"  # the quantity shown by default (and the only one for a plain RNN)
C_T = "c_t"
SHOW_TOOLTIP = QT_TRANSLATE_NOOP(
    "HiddenStatePanel",
    "What the plots show over time: the hidden state h_t, "
    "the LSTM's cell state c_t, or the values of one gate",
)
NEURONS_TOOLTIP = QT_TRANSLATE_NOOP(
    "HiddenStatePanel",
    'Which neurons get a line, e.g. "0-31" or "0, 5, 10-20" '
    "(at most {max}). The selected neuron is always drawn, thicker.",
)


def neurons_tooltip() -> str:
    return QCoreApplication.translate("HiddenStatePanel", NEURONS_TOOLTIP).format(max=MAX_LINES)


INVALID_STYLE = "QLineEdit { border: 1px solid #d62728; }"
MANY_LINES_OPACITY = 150 / 255  # beyond the 10 colours, lines look this opaque over the background


def _paler(color: QColor, opacity: float) -> QColor:
    """The opaque colour `color` shows at `opacity` over the plot background: the same look as
    a translucent pen, without Qt's slow path for translucent lines (~30x slower)."""
    bg = QColor(style.PLOT_BACKGROUND)
    mix = lambda a, b: round(a * opacity + b * (1 - opacity))  # noqa: E731
    return QColor(mix(color.red(), bg.red()), mix(color.green(), bg.green()), mix(color.blue(), bg.blue()))


def parse_neuron_list(text: str, hidden_size: int, limit: int = MAX_LINES) -> list[int]:
    """ "0-3, 7" -> [0, 1, 2, 3, 7]: sorted, unique, within [0, hidden_size), at most `limit`.

    Raises ValueError with a message a student can act on.
    """
    chosen: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = re.fullmatch(r"(\d+)\s*(?:-\s*(\d+))?", part)
        if not match:
            raise ValueError(
                QCoreApplication.translate(
                    "HiddenStatePanel", '"{part}" is not a neuron number or a range like 0-31'
                ).format(part=part)
            )
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if first > last:
            first, last = last, first
        if last >= hidden_size:
            raise ValueError(
                QCoreApplication.translate(
                    "HiddenStatePanel", 'neurons go from 0 to {last}; "{part}" is outside'
                ).format(last=hidden_size - 1, part=part)
            )
        chosen.update(range(first, min(last, first + limit) + 1))
    if not chosen:
        raise ValueError(
            QCoreApplication.translate("HiddenStatePanel", "choose at least one neuron, e.g. 0-31")
        )
    return sorted(chosen)[:limit]


def default_neuron_text(hidden_size: int) -> str:
    last = min(hidden_size, MAX_LINES) - 1
    return "0" if last == 0 else f"0-{last}"


class HiddenStatePanel(StepPanel):
    TITLE = "Hidden state"
    OBJECT_NAME = "hiddenPanel"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.layer = 0
        self.direction = 0
        self.neurons: list[int] = []  # the neurons that have a line (besides the selected one)
        self.buffer = np.zeros((1, 1), dtype=np.float32)  # [T, H] values shown; 0 where uncomputed
        self.computed = np.zeros(1, dtype=bool)  # [T] which t of the shown row are drawn
        self._t_index = np.zeros(1, dtype=np.int64)  # [T] schedule index of each t's cell
        self._batch = 0
        self._levels = (-1.0, 1.0)
        self._hidden_size = 0  # of the simulation the neuron choice was made for
        self.quantity = H_T  # what the plots show: h_t, c_t or a gate's name
        self._bounded = True  # the quantity lies in [-1, 1] (tanh, sigmoid): fixed ranges
        self._cursor_style = None  # the cursors' pen style as last set

        self._build_toolbar()
        self.graphics = pg.GraphicsLayoutWidget()
        # One rectangle around everything that changed is repainted: with a clip made of several
        # rectangles Qt samples a scaled image differently, and the strips it repainted would
        # show other rows of the heatmap than the rest (a step changes a narrow band anyway).
        self.graphics.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.graphics.setBackground(style.PLOT_BACKGROUND)
        self.hover_label = QLabel(self.tr(HOVER_HINT))
        self.hover_label.setStyleSheet(f"color: {style.HOVER_TEXT_COLOR}; padding: 2px 6px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._toolbar)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.hover_label)
        self._build_plots()

        self.layer_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.direction_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.quantity_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.neuron_edit.editingFinished.connect(self._on_neurons_edited)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.graphics.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step)
        # after the panel's own handlers: the hovered value is read from the updated buffer
        session.simulationChanged.connect(self._refresh_hover)
        session.stepChanged.connect(self._refresh_hover)
        session.neuronSelected.connect(self._on_neuron_selected)

        self.follow_visibility(lambda: self._draw_step(self.session.view()))
        self._on_simulation_changed(session.simulation)
        self._on_step(session.view())

    # ---- building (once) -----------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Which layer's hidden state to show"))
        self.direction_combo = QComboBox()
        self.direction_combo.setToolTip(
            self.tr("Which direction's hidden state to show (reverse exists only in a bidirectional RNN)")
        )
        self.neuron_edit = QLineEdit()
        self.neuron_edit.setToolTip(neurons_tooltip())
        self.neuron_edit.setPlaceholderText(self.tr("e.g. 0-31"))
        self.neuron_edit.setMaximumWidth(160)
        self._toolbar = QHBoxLayout()
        self._toolbar.setContentsMargins(4, 2, 4, 0)
        self._toolbar.addWidget(self.layer_combo)
        self._toolbar.addWidget(self.direction_combo)
        # Gated cells only: h_t, c_t or a gate (hidden for a plain RNN, whose panel stays as it was).
        self.quantity_combo = QComboBox()
        self.quantity_combo.setToolTip(self.tr(SHOW_TOOLTIP))
        self.quantity_combo.setVisible(False)
        self._toolbar.addWidget(self.quantity_combo)
        neurons_label = QLabel(self.tr("lines for neurons:"))
        neurons_label.setToolTip(neurons_tooltip())
        self._toolbar.addSpacing(8)
        self._toolbar.addWidget(neurons_label)
        self._toolbar.addWidget(self.neuron_edit)
        self._toolbar.addStretch(1)

    def _build_plots(self) -> None:
        fg = style.PLOT_FOREGROUND
        self.colormap = style.diverging_colormap()

        self.lines_plot = pg.PlotItem(axisItems={"bottom": style.IndexAxis("bottom")})
        self.heat_plot = pg.PlotItem(
            axisItems={"bottom": style.IndexAxis("bottom"), "left": style.IndexAxis("left")}
        )
        for plot in (self.lines_plot, self.heat_plot):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(fg)
                plot.getAxis(name).setTextPen(fg)
            plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
        self.lines_plot.setLabel("left", "h<sub>t</sub>[i]", color=fg)
        zero = pg.InfiniteLine(pos=0, angle=0, movable=False, pen=pg.mkPen(style.ZERO_LINE_COLOR))
        self.lines_plot.addItem(zero, ignoreBounds=True)
        self.heat_plot.setLabel("left", self.tr("neuron i"), color=fg)
        self.heat_plot.setLabel("bottom", self.tr("t (time step)"), color=fg)
        self.heat_plot.invertY(True)  # neuron 0 on top, as in the weights panel
        self.heat_plot.setXLink(self.lines_plot)
        self.heat_plot.vb.setBackgroundColor(style.PLOT_BACKGROUND)

        # Every line exists from the start (one item draws them all); a simulation only assigns
        # neurons to them. The last one is the selected neuron's when it has no line of its own.
        self.line_bundle = LineBundle(MAX_LINES + 1)
        self.lines = self.line_bundle.lines[:MAX_LINES]
        self.selected_line = self.line_bundle.lines[MAX_LINES]
        for line in self.line_bundle.lines:
            line.hide()
        self.lines_plot.addItem(self.line_bundle)
        # The key sits beside the plot (above the colour bar), never over the lines.
        self.key = pg.LabelItem("", justify="left", color=fg)
        self.key.setFixedWidth(KEY_WIDTH)

        self.heat_image = ColumnImageItem()  # buffer[t, i]: x = t, y = neuron
        self.heat_image.setColorMap(self.colormap)
        self.heat_plot.addItem(self.heat_image)
        self.masks = []  # grey boxes over the not-yet-computed time steps (before / after)
        for _ in range(2):
            mask = MaskRect(style.UNCOMPUTED_COLOR)
            mask.setZValue(5)
            self.heat_plot.addItem(mask, ignoreBounds=True)
            self.masks.append(mask)
        self.heat_highlight = QGraphicsRectItem()
        pen = pg.mkPen(style.SELECTION_COLOR, width=style.SELECTION_WIDTH)
        pen.setCosmetic(True)
        self.heat_highlight.setPen(pen)
        self.heat_highlight.setZValue(10)
        self.heat_plot.addItem(self.heat_highlight, ignoreBounds=True)

        self.cursors = []
        for plot in (self.lines_plot, self.heat_plot):
            cursor = pg.InfiniteLine(
                angle=90, movable=False, pen=pg.mkPen(style.CURSOR_COLOR, width=style.CURSOR_WIDTH)
            )
            cursor.setZValue(20)
            cursor.hide()
            plot.addItem(cursor, ignoreBounds=True)
            self.cursors.append(cursor)

        self.colorbar = pg.ColorBarItem(
            values=self._levels,
            colorMap=self.colormap,
            interactive=False,
            width=COLORBAR_WIDTH,
            colorMapMenu=False,
        )
        bar_axis = self.colorbar.getAxis("right")
        bar_axis.setPen(fg)
        bar_axis.setTextPen(fg)
        bar_axis.enableAutoSIPrefix(False)
        bar_axis.setLabel("h<sub>t</sub>", color=fg)

        ci = self.graphics.ci
        ci.addItem(self.lines_plot, row=0, col=0)
        ci.addItem(self.key, row=0, col=1)
        ci.addItem(self.heat_plot, row=1, col=0)
        ci.addItem(self.colorbar, row=1, col=1)

    # ---- simulation and choices --------------------------------------------------------------------

    @guarded
    def _on_simulation_changed(self, simulation) -> None:
        config = simulation.config
        self._fill_combo(
            self.layer_combo, [self.tr("layer {k}").format(k=k) for k in range(config.num_layers)], self.layer
        )
        self._fill_combo(
            self.direction_combo,
            [self.tr(n) for n in DIRECTION_NAMES[: config.num_directions]],
            self.direction,
        )
        self.direction_combo.setEnabled(config.num_directions > 1)
        quantities = [H_T, *([C_T] if config.cell == "lstm" else []), *GATES[config.cell]]
        self._fill_combo(
            self.quantity_combo,
            [self._quantity_label(q) for q in quantities],
            quantities.index(self.quantity) if self.quantity in quantities else 0,
        )
        for k, quantity in enumerate(quantities):
            self.quantity_combo.setItemData(k, quantity)
        self.quantity_combo.setVisible(len(quantities) > 1)
        self.neuron_edit.setStyleSheet("")
        self.neuron_edit.setToolTip(neurons_tooltip())
        self.line_bundle.set_symbols(simulation.seq_len <= style.SMALL_SEQUENCE)
        T = simulation.seq_len
        tokens = simulation.tokens
        names = dict(enumerate(tokens)) if tokens and T <= MAX_TOKEN_TICKS else None
        for plot in (self.lines_plot, self.heat_plot):
            plot.getAxis("bottom").set_names(names)
        self.lines_plot.vb.setLimits(xMin=-0.5, xMax=T - 0.5)
        self.lines_plot.vb.setXRange(-0.5, T - 0.5, padding=0)
        self._load_row()

    def _quantity_label(self, quantity: str) -> str:
        if quantity == H_T:
            return "h_t"
        if quantity == C_T:
            return self.tr("c_t (cell state)")
        return self.tr("gate {gate}").format(gate=quantity)

    def _width(self) -> int:
        """How many numbers the shown quantity has per cell: h_t's H_out, or hidden_size."""
        stepper = self.session.stepper
        return stepper.H_out if self.quantity == H_T else stepper.H

    def _selected(self) -> int:
        """The selected neuron within the shown width (a projected h_t is narrower than c_t)."""
        return min(self.session.selected_neuron, self.buffer.shape[1] - 1)

    def _set_value_range(self) -> None:
        """Bounded quantities (tanh's h_t, the gates) get the fixed range [-1, 1]; the others
        (relu, c_t, a projected h_t) follow their values."""
        if self._bounded:
            self.lines_plot.vb.setLimits(yMin=-1.15, yMax=1.15)
            self.lines_plot.vb.setYRange(-1.1, 1.1, padding=0)  # tanh's whole range, fixed
            self.lines_plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)]])
        else:
            self.lines_plot.vb.setLimits(yMin=None, yMax=None)
            self.lines_plot.getAxis("left").setTicks(None)
            self.lines_plot.enableAutoRange(axis="y")

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[str], keep: int) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(items)
        combo.setCurrentIndex(min(keep, len(items) - 1))
        combo.blockSignals(False)

    @guarded
    def _on_choice_changed(self, _index: int) -> None:
        if self.layer_combo.currentIndex() < 0 or self.direction_combo.currentIndex() < 0:
            return
        self._load_row()
        self._on_step(self.session.view())

    def _load_row(self) -> None:
        """Start over for the chosen layer/direction: empty buffer, lines assigned, nothing drawn."""
        simulation = self.session.simulation
        stepper = simulation.stepper
        self.layer = max(0, self.layer_combo.currentIndex())
        self.direction = max(0, self.direction_combo.currentIndex())
        self.quantity = self.quantity_combo.currentData() or H_T
        config = simulation.config
        self._bounded = (
            self.quantity in GATES[config.cell]
            or self.quantity == H_T
            and config.nonlinearity == "tanh"
            and not config.proj_size
        )
        T, H = stepper.T, self._width()
        if H != self._hidden_size:
            # A new width: the old choice ("0-3") would hide most of a bigger layer; start over.
            self._hidden_size = H
            self.neuron_edit.setText(default_neuron_text(H))
            self.neuron_edit.setStyleSheet("")
            self.neuron_edit.setToolTip(neurons_tooltip())
        self.heat_plot.vb.setLimits(yMin=-0.5, yMax=H - 0.5)
        self.heat_plot.vb.setYRange(-0.5, H - 0.5, padding=0)
        self._set_value_range()
        # Where each t of this row stands in the schedule: "computed" is then one comparison.
        self._t_index = np.array(
            [stepper.schedule.index(self.layer, self.direction, t) for t in range(T)], dtype=np.int64
        )
        self.buffer = np.zeros((T, H), dtype=np.float32)
        self.computed = np.zeros(T, dtype=bool)
        self._batch = self.session.batch_index
        self._levels = (-1.0, 1.0) if self._bounded else (-1e-6, 1e-6)
        self.heat_image.setImage(self.buffer, autoLevels=False, levels=self._levels)
        self.heat_image.setRect(QRectF(-0.5, -0.5, T, H))  # cell (t, i) centred on (t, i)
        for mask in self.masks:
            mask.set_area(QRectF(-0.5, -0.5, T, H))
        self.line_bundle.set_extent(0, T - 1, (-1.0, 1.0) if self._bounded else None)
        self.colorbar.setLevels(self._levels)
        self._update_masks()
        self._set_titles()
        self._assign_lines()

    def _set_titles(self) -> None:
        config = self.session.config
        where = ""
        if config.num_layers * config.num_directions > 1:
            where = " — " + self.tr("layer {layer}, {direction}").format(
                layer=self.layer, direction=self.tr(DIRECTION_NAMES[self.direction])
            )
        if self.session.simulation.batch_size > 1:
            where += " — " + self.tr("batch element {b}").format(b=self._batch)
        fg = style.PLOT_FOREGROUND
        if self.quantity == H_T:
            self.lines_plot.setTitle(self.tr("h<sub>t</sub>[i] over time") + where, color=fg)
            self.heat_plot.setTitle(
                self.tr("h<sub>t</sub>: time × neuron (grey = not computed yet)"), color=fg
            )
        else:
            name = self._quantity_html()
            self.lines_plot.setTitle(self.tr("{name}[i] over time").format(name=name) + where, color=fg)
            self.heat_plot.setTitle(
                self.tr("{name}: time × neuron (grey = not computed yet)").format(name=name), color=fg
            )
        self.lines_plot.setLabel("left", f"{self._quantity_html()}[i]", color=fg)
        self.colorbar.getAxis("right").setLabel(self._quantity_html(), color=fg)

    def _quantity_html(self) -> str:
        return {H_T: "h<sub>t</sub>", C_T: "c<sub>t</sub>"}.get(self.quantity, self.quantity)

    @guarded
    def _on_neurons_edited(self) -> None:
        try:
            parse_neuron_list(self.neuron_edit.text(), self.buffer.shape[1])
        except ValueError as exc:
            self.neuron_edit.setStyleSheet(INVALID_STYLE)
            self.neuron_edit.setToolTip(f"{exc}\n\n{neurons_tooltip()}")
            return
        self.neuron_edit.setStyleSheet("")
        self.neuron_edit.setToolTip(neurons_tooltip())
        self._assign_lines()

    def _assign_lines(self) -> None:
        """Give the existing line items their neurons (from the neuron box) and draw them."""
        H = self.buffer.shape[1]
        try:
            self.neurons = parse_neuron_list(self.neuron_edit.text(), H)
        except ValueError:
            self.neurons = parse_neuron_list(default_neuron_text(H), H)
        for k, line in enumerate(self.lines):
            line.setVisible(k < len(self.neurons))
            if k >= len(self.neurons):
                line.setData([], [])
        self._apply_selection()
        self._update_lines()

    # ---- stepping --------------------------------------------------------------------------------

    @guarded
    def _on_step(self, view) -> None:
        if not self.unseen():  # unseen: drawn when seen again (gui/panels/lazy.py)
            self._draw_step(view)

    @guarded
    def _draw_step(self, view) -> None:
        self.drawn()
        if view.batch_index != self._batch:
            self._batch = view.batch_index
            self.computed[:] = False  # every computed column must be re-read for the new element
            self._set_titles()
        # In sub-operation mode the current cell's h_t is revealed only at its last stage.
        revealed = view.position if view.position == 0 or view.current_complete else view.position - 1
        now = self._t_index < revealed
        changed = now != self.computed
        if changed.any():
            self._update_columns(np.flatnonzero(changed & now), np.flatnonzero(changed & ~now))
            self.computed = now
            self._update_masks()
            changed_ts = np.flatnonzero(changed)
            self._update_lines((float(changed_ts[0]), float(changed_ts[-1])))
        self._move_cursors(view)

    def _update_columns(self, added: np.ndarray, removed: np.ndarray) -> None:
        """Copy just the changed time steps into the buffer and show it (one column per step)."""
        if added.size:
            stepper = self.session.stepper
            row = self.layer * stepper.D + self.direction
            values = self._values(torch.from_numpy(added), row)  # [n, H]
            self.buffer[added] = values.to(torch.float32).numpy()
            if not self._bounded:
                # relu is unbounded: widen the (symmetric) levels when a bigger value arrives.
                top = style.symmetric_levels(self.buffer[added])[1]
                if top > self._levels[1]:
                    self._levels = (-top, top)
                    self.colorbar.setLevels(self._levels)
        if removed.size:
            self.buffer[removed] = 0.0  # hidden under the grey mask; cleared for honesty
        self.heat_image.set_columns(self.buffer, np.concatenate([added, removed]), self._levels)

    def _values(self, times: torch.Tensor, row: int) -> torch.Tensor:
        """The shown quantity at these (computed) time steps of the row: [n, width]."""
        stepper = self.session.stepper
        if self.quantity == H_T:
            return stepper.hidden[times, row, self._batch]
        if self.quantity == C_T:
            return stepper.cell_state[times, row, self._batch]
        return gate_history(stepper, self.layer, self.direction, times, self._batch)[self.quantity]

    def _update_masks(self) -> None:
        """Grey out the time steps not computed yet (they are contiguous: a prefix or a suffix
        of a sweep is done), leaving the computed block uncovered."""
        T, H = self.buffer.shape
        done = np.flatnonzero(self.computed)
        left, right = self.masks
        if not done.size:
            left.setRect(QRectF(-0.5, -0.5, T, H))
            left.show()
            right.hide()
            return
        first, last = int(done[0]), int(done[-1])
        left.setRect(QRectF(-0.5, -0.5, first, H))
        left.setVisible(first > 0)
        right.setRect(QRectF(last + 0.5, -0.5, T - 1 - last, H))
        right.setVisible(last < T - 1)

    def _update_lines(self, changed: tuple[float, float] | None = None) -> None:
        """Give the lines their data; `changed`: only the points at t in this range changed."""
        ts = np.flatnonzero(self.computed)
        values = self.buffer[ts]  # [n, H] once, then one column per line
        x = ts.astype(float)
        drawn = self.neurons + ([self._selected()] if self.selected_line.isVisible() else [])
        finite = bool(np.isfinite(values[:, drawn]).all())  # checked once for every line
        for line, neuron in zip(self.lines, self.neurons):
            line.setData(x, values[:, neuron], notify=False, finite=finite)
        if self.selected_line.isVisible():
            self.selected_line.setData(x, values[:, self._selected()], notify=False, finite=finite)
        self.line_bundle.data_changed(changed)

    def _move_cursors(self, view) -> None:
        record = view.record
        # Dashed when the current cell belongs to another layer/direction than the one shown.
        here = record is not None and (record.layer, record.direction) == (self.layer, self.direction)
        pen_style = Qt.PenStyle.SolidLine if here else Qt.PenStyle.DashLine
        restyle = record is not None and pen_style != self._cursor_style
        for cursor in self.cursors:
            cursor.setVisible(record is not None)
            if record is None:
                continue
            if cursor.value() != record.t:
                cursor.setPos(record.t)
            if restyle:
                cursor.setPen(pg.mkPen(style.CURSOR_COLOR, width=style.CURSOR_WIDTH, style=pen_style))
        if restyle:
            self._cursor_style = pen_style

    # ---- selection -------------------------------------------------------------------------------

    @guarded
    def _on_neuron_selected(self, _neuron: int) -> None:
        self._apply_selection()
        if self.selected_line.isVisible():
            ts = np.flatnonzero(self.computed)
            self.selected_line.setData(ts, self.buffer[ts, self._selected()])

    def _apply_selection(self) -> None:
        selected = self._selected()
        many = len(self.neurons) > len(style.LINE_COLORS)
        few_points = len(self.neurons) * self.buffer.shape[0] <= style.FEW_LINES_POINTS
        width = style.FEW_LINES_WIDTH if few_points and not many else style.LINE_WIDTH
        dense = self.buffer.shape[0] > style.DENSE_SEQUENCE
        selected_width = style.SELECTED_LINE_WIDTH_DENSE if dense else style.SELECTED_LINE_WIDTH
        for k, (line, neuron) in enumerate(zip(self.lines, self.neurons)):
            if neuron == selected:
                self._style_line(line, QColor(style.SELECTED_LINE_COLOR), selected_width, 10)
            else:
                color = QColor(style.LINE_COLORS[k % len(style.LINE_COLORS)])
                if many:  # with many lines, let the selected one stand out: paler colours
                    color = _paler(color, MANY_LINES_OPACITY)
                self._style_line(line, color, width, 0)
        self.selected_line.setVisible(selected not in self.neurons)
        self._style_line(self.selected_line, QColor(style.SELECTED_LINE_COLOR), selected_width, 10)
        T = self.buffer.shape[0]
        self.heat_highlight.setRect(QRectF(-0.5, selected - 0.5, T, 1))
        self._fill_key(selected)

    @staticmethod
    def _style_line(line: Line, color: QColor, width: float, z: float) -> None:
        line.set_style(color, width, z)

    def _fill_key(self, selected: int) -> None:
        """Colour key for a few lines; for many, say which neurons are drawn and which is black."""
        entries = [
            (QColor(style.LINE_COLORS[k % len(style.LINE_COLORS)]).name(), n)
            for k, n in enumerate(self.neurons)
        ]
        if self.selected_line.isVisible():
            entries.append((style.SELECTED_LINE_COLOR, selected))
        if len(entries) <= KEY_MAX_ENTRIES:
            rows = []
            for color, neuron in entries:
                if neuron == selected:
                    color = style.SELECTED_LINE_COLOR
                short = {H_T: "h", C_T: "c"}.get(self.quantity, self.quantity)
                name = (
                    self.tr("{name} selected").format(name=f"<b>{short}[{neuron}]</b>")
                    if neuron == selected
                    else f"{short}[{neuron}]"
                )
                rows.append(f'<span style="color:{color}; font-weight:bold">━━</span> {name}')
            html = "<br>".join(rows)
        else:
            H = self.buffer.shape[1]
            html = (
                self.tr("{n} of {total} neurons<br>(hover to read)").format(n=len(self.neurons), total=H)
                + "<br><br>"
                f'<span style="color:{style.SELECTED_LINE_COLOR}; font-weight:bold">━━</span>'
                f" <b>{ {H_T: 'h', C_T: 'c'}.get(self.quantity, self.quantity) }[{selected}]</b><br>"
                + self.tr("selected")
            )
        self.key.setText(html, color=style.PLOT_FOREGROUND)

    # ---- reading values --------------------------------------------------------------------------

    def value_text_at(self, neuron: int, t: int) -> str | None:
        """ "h_t[3] at t=2 = 0.510" for a computed cell; None outside the grid."""
        T, H = self.buffer.shape
        if not (0 <= neuron < H and 0 <= t < T):
            return None
        config = self.session.config
        where = ""
        if config.num_layers * config.num_directions > 1:
            where = (
                " ("
                + self.tr("layer {layer}, {direction}").format(
                    layer=self.layer, direction=self.tr(DIRECTION_NAMES[self.direction])
                )
                + ")"
            )
        # (the same sentences for c_t and the gates: only the name differs)
        name = self.quantity
        if not self.computed[t]:
            return (
                self.tr("h_t[{i}] at t={t}: not computed yet").replace("h_t", name).format(i=neuron, t=t)
                + where
            )
        value = f"{self.buffer[t, neuron]:.3f}"
        return (
            self.tr("h_t[{i}] at t={t} = {value}").replace("h_t", name).format(i=neuron, t=t, value=value)
            + where
        )

    def cell_at(self, scene_pos) -> tuple[int, int] | None:
        """(neuron, t) under a scene position: the row in the heatmap, or the nearest drawn line
        (at that t) in the line plot."""
        T, H = self.buffer.shape
        if self.heat_plot.vb.sceneBoundingRect().contains(scene_pos):
            point = self.heat_plot.vb.mapSceneToView(scene_pos)
            neuron, t = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
            return (neuron, t) if 0 <= neuron < H and 0 <= t < T else None
        if self.lines_plot.vb.sceneBoundingRect().contains(scene_pos):
            point = self.lines_plot.vb.mapSceneToView(scene_pos)
            t = math.floor(point.x() + 0.5)
            if not 0 <= t < T or not self.computed[t]:
                return None
            drawn = list(self.neurons)
            if self.selected_line.isVisible():
                drawn.append(self._selected())
            values = self.buffer[t, drawn]
            return drawn[int(np.argmin(np.abs(values - point.y())))], t
        return None

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
            self.session.select_neuron(cell[0])

    # ---- state kept across a language switch (MainWindow rebuilds the panels) ------------------------

    def ui_state(self) -> dict:
        return {
            "layer": self.layer,
            "direction": self.direction,
            "quantity": self.quantity,
            "neurons": self.neuron_edit.text(),
        }

    def restore_ui_state(self, state: dict) -> None:
        for combo, index in (
            (self.layer_combo, state["layer"]),
            (self.direction_combo, state["direction"]),
            (self.quantity_combo, max(0, self.quantity_combo.findData(state["quantity"]))),
        ):
            combo.blockSignals(True)  # one reload below, not one per box
            combo.setCurrentIndex(min(index, combo.count() - 1))
            combo.blockSignals(False)
        self._on_choice_changed(0)
        self.neuron_edit.setText(state["neurons"])  # after the reload: a new width resets the box
        self._on_neurons_edited()

    # ---- export ----------------------------------------------------------------------------------

    def export_widget(self) -> pg.GraphicsLayoutWidget:
        super().export_widget()  # (caught up)
        return self.graphics  # the plots, without the toolbar

    def plot_items(self) -> list[pg.PlotItem]:
        self.catch_up_now()
        return [self.lines_plot, self.heat_plot]
