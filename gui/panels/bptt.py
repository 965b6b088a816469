"""Backpropagation panel: how the loss at one step sends gradients back through the cells.

(About 600 lines, on purpose: what is left is the panel's wiring (t*, following the step, the
backward cell on screen, the put-off recomputation) and the texts that join its parts; the parts
are their own modules: bptt_overview.py (norm curves and grid), bptt_heatmaps.py (weight
gradients), bptt_terms.py (rows of terms), gui/plotting/gate_memory_plot.py, and the backward pass
itself is gui/workers/backprop_service.py's.)

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

Every number comes from engine.bptt (equal to torch.autograd's), asked for through
gui/workers/backprop_service.py, which computes and keeps the results; nothing is computed here. The
backward pass is recomputed when the simulation changes (throttled: training changes it several
times a second) and, when "follow the step" is on, when the current time step changes; never while
nobody can see the panel (a closed dock, or a dock tab behind another), which catches up when it
is seen again (gui/panels/lazy.py). The hover readout of the
gradient heatmaps is read again whenever they change, so it never shows an old model's number.
"""

from __future__ import annotations

import html
import logging
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.engine.bptt import (
    LOSS_CROSS_ENTROPY,
    Backprop,
    BackwardRecord,
    explain_gate_memory,
    explain_spectral_radius,
    spectral_radius,
)
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.errors import UserError
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.i18n import translate_error
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.panels.bptt_heatmaps import WeightGradientHeatmaps, hover_hint
from rnn_stepper.gui.panels.bptt_overview import DIRECTION_ARROWS, GradientOverview
from rnn_stepper.gui.panels.bptt_terms import (
    ALL_TERMS,
    H_WIDE_TERMS,
    TERM_COLORS,
    VECTOR_TERMS,
    term_names,
    term_tensor,
    terms_of,
    vector_text,
    vectors,
)
from rnn_stepper.gui.panels.lazy import SeenBody
from rnn_stepper.gui.panels.scrolling import scrolling_body
from rnn_stepper.gui.plotting.compact_plots import CompactGraphicsLayout
from rnn_stepper.gui.plotting.fast_plots import BarSeries, OpaqueGridAxis
from rnn_stepper.gui.plotting.gate_memory_plot import GateMemoryPlot
from rnn_stepper.gui.workers.backprop_service import BackpropService

log = logging.getLogger(__name__)

RECOMPUTE_DELAY_MS = 120  # at most ~8 backward passes a second, however fast the model changes
BAR_PLOT_HEIGHT = 92
_NUMBER = re.compile(r"[-+]?(?:(?:\d+\.\d*|\d+)(?:e[-+]?\d+)?|inf|nan)")


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
        self._computed_for: tuple | None = None  # (simulation, t*) of `result`
        self._cjk_family = register_bundled_font()
        # Made (or found) before this panel's own connections: it forgets its results first.
        self._backprops = BackpropService.for_session(session)
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self._recompute_if_seen)
        # The scroll area's body covers the panel: its paints say the panel is seen again.
        self.follow_visibility(self._catch_up_redraw, seen_by=self._body)
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
        return self.overview.norm_curves()

    def displayed_terms(self) -> dict[str, list[float]]:
        """The backward cell's vectors as shown (printed numbers or bar heights): term -> values."""
        shown = {}
        for name in ALL_TERMS:
            if self._bars_mode:
                if (
                    name in self._bar_plots
                    and self._bar_plots[name].isVisible()
                    and not self._bar_area.isHidden()
                ):
                    shown[name] = [float(v) for v in self._bars[name].heights()]
            elif not self._value_labels[name].isHidden():
                plain = QTextDocumentFragment.fromHtml(self._value_labels[name].text()).toPlainText()
                shown[name] = [float(v) for v in _NUMBER.findall(plain)]
        return shown

    def displayed_weight_gradients(self) -> dict[str, np.ndarray]:
        """The heatmaps' data: 'grad_weight_ih' [G*H, in] and 'grad_weight_hh' [G*H, H_out]."""
        return self.heatmap_area.data()

    def highlighted_cell(self) -> tuple[int, int] | None:
        """(t, row) of the outlined cell in the grid."""
        return self.overview.highlighted_cell()

    def radius_text(self) -> str:
        """The spectral radius sentence (RNN) or the memory gate's (LSTM, GRU)."""
        return self.radius_label.text()

    def cell_norm_curves(self) -> dict[int, tuple[list[int], list[float]]]:
        """LSTM: row -> (t, ‖∂L/∂c_t‖) as drawn (dashed); empty for RNN and GRU."""
        return self.overview.cell_norm_curves()

    def weight_block_labels(self) -> dict[str, list[str]]:
        """The gate-block labels drawn on the weight-gradient heatmaps, top to bottom (gated cells)."""
        return self.heatmap_area.block_labels()

    def memory_curves(self) -> dict[str, tuple[list[int], list[float]]]:
        """Gated cells: 'gate' (the memory gate's mean over the neurons at each step) and 'surviving'
        (the mean of its running product), as drawn; empty for the plain RNN."""
        if self.memory_area.isHidden():
            return {}
        return {name: GradientOverview.points(curve) for name, curve in self.memory_area.curves.items()}

    def hover_text(self) -> str:
        return self.hover_label.text()

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
        return [self.overview.norm_plot, self.overview.grid_plot]

    # ---- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._body = SeenBody()
        layout = scrolling_body(self, self._body)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Loss at step t* =")))
        self.t_spin = QSpinBox()
        self.t_spin.setToolTip(
            self.tr("The time step whose prediction is scored; the gradients flow back from there")
        )
        self.t_spin.valueChanged.connect(self._on_t_spin)
        top.addWidget(self.t_spin)
        self.follow_check = QCheckBox(self.tr("follow the step"))
        self.follow_check.setChecked(True)
        self.follow_check.setToolTip(self.tr("t* = the time step of the cell being stepped"))
        self.follow_check.toggled.connect(self._on_follow_toggled)
        top.addWidget(self.follow_check)
        top.addStretch(1)
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setToolTip(
            self.tr("Run the backward pass now (large networks are not recomputed automatically)")
        )
        self.compute_button.clicked.connect(self.recompute_now)
        top.addWidget(self.compute_button)
        layout.addLayout(top)

        self.loss_label = self._rich_label()
        layout.addWidget(self.loss_label)

        self.overview = GradientOverview()  # ‖∂L/∂h_t‖ over time and per layer/direction
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
        self.heatmap_area = WeightGradientHeatmaps()
        self.hover_label = QLabel(hover_hint())
        self.hover_label.setStyleSheet(f"color: {style.HOVER_TEXT_COLOR};")
        self.overview.hovered.connect(self.hover_label.setText)
        self.heatmap_area.hovered.connect(self.hover_label.setText)
        layout.addWidget(self.heatmap_area)
        layout.addWidget(self.hover_label)

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
            plot = self._bar_area.addPlot(
                row=row, col=0, axisItems={"left": OpaqueGridAxis("left"), "bottom": OpaqueGridAxis("bottom")}
            )
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
        high = max(0, self._max_t_star())
        self.t_spin.blockSignals(True)
        self.t_spin.setRange(0, high)
        self.t_spin.blockSignals(False)
        self._sync_t_to_step()
        self.overview.set_model(simulation)
        self._bars_mode = simulation.config.hidden_size > style.CALC_MAX_PRINTED_VALUES
        config = simulation.config
        hidden, out = config.hidden_size, config.proj_size or config.hidden_size
        terms = terms_of(config.cell)
        if terms != self._bar_terms:
            self._build_bars(terms)
        for name in terms:
            self._bars[name].set_layout([(out if name in H_WIDE_TERMS else hidden, TERM_COLORS[name])])
        self._bar_plots[terms[0]].setXRange(-0.5, max(hidden, out) - 0.5, padding=0.01)
        self.heatmap_area.set_model(config)  # (the old model's gradients are not read under the mouse)
        self.memory_area.setVisible(bool(GATES[config.cell]))
        self.memory_area.forget()
        self._schedule()

    def _on_step_changed(self, view) -> None:
        if self.following and self._sync_t_to_step():
            self._schedule()
        elif self.result is not None and self._computed_for[0] is self.session.simulation:
            if not self.unseen():  # (unseen: drawn when seen again)
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

    def _recompute_if_seen(self) -> None:
        if self.unseen():
            self._pending = True  # closed or behind another tab: compute when seen (a backward
            return  # pass at every step nobody sees cost a T = 1000 window 17 ms)
        self._recompute_automatically()

    def _recompute_automatically(self) -> None:
        """The backward pass now, unless the network is too large to do it unasked."""
        if not self._backprops.worth_computing_unasked():
            self._pending = False
            self._message = self.tr("This network is large: press Compute for the backward pass.")
            self._show_message_only()
            return
        self.safely(self._recompute)

    def _catch_up_redraw(self) -> None:
        """Seen again after changes nobody saw: the backward pass they called for, or (the same
        result, another step) the backward cell drawn again."""
        if self._pending:
            self._timer.stop()
            self._recompute_automatically()
        elif self.result is not None and self._computed_for[0] is self.session.simulation:
            self._render_record()

    def work_left_unseen(self) -> bool:
        return self._pending  # (a drawing of the old result clears "behind", not this)

    # ---- computing -----------------------------------------------------------------------------------

    def _recompute(self) -> None:
        self._pending = False
        self.drawn()
        simulation = self.session.simulation
        t_star = self.t_spin.value()
        try:
            result = self._backprops.result(t_star)
        except UserError as exc:
            self.result = None
            self._message = translate_error(exc)
            self._show_message_only()
            self.computed.emit()
            return
        same_cells = (
            self.result is not None
            and self._computed_for[1] == t_star
            and (self._computed_for[0].config == simulation.config)
        )  # e.g. a weight edit or a training update
        self.result, self._message = result, ""
        self._computed_for = (simulation, t_star)
        if not same_cells:
            self.backward_index = 0
        self.backward_index = min(self.backward_index, max(0, len(result) - 1))
        self._render_overview()
        self._render_record()
        self.computed.emit()

    def _show_message_only(self) -> None:
        self.loss_label.setText(
            f"<span style='color:{style.MUTED_COLOR}'>{html.escape(self._message)}</span>"
        )
        self.overview.show_nothing()
        self.memory_area.clear_curves()
        self.cell_label.setText("")
        self._term_area.hide()
        self._bar_area.hide()
        self.heatmap_area.hide()
        self.hover_label.hide()
        self.heatmap_area.show_nothing()  # (its readout: the hint)
        self.weights_label.setText("")
        self.radius_label.setText("")
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)

    def _render_overview(self) -> None:
        """The norms drawn, and the sentence about the loss above them."""
        result, simulation = self.result, self.session.simulation
        norms, relevant, overflowed = self.overview.show_result(result)

        cjk = self._cjk_family
        if result.loss_kind == LOSS_CROSS_ENTROPY:
            b = min(self.session.batch_index, result.B - 1)
            vocab = simulation.model.vocab.tokens
            target = int(result.targets[b])
            p = float(result.probabilities[b, target])
            tokens = simulation.tokens or []
            prefix = "".join(tokens[max(0, result.t_star - 11) : result.t_star + 1])
            text = self.tr(
                "L = −log p(“{0}” | “{1}”) = {2:.4f} (p = {3:.3f}): the prediction after step {4}, "
                "scored against the next character."
            ).format(
                f"<span style=\"font-family:'{cjk}'\">{html.escape(style.display_token(vocab[target]))}</span>",
                f"<span style=\"font-family:'{cjk}'\">{html.escape(prefix)}</span>",
                result.loss,
                p,
                result.t_star,
            )
        else:
            text = self.tr(
                "L = ½‖output[{0}]‖² = {1:.4f} (no head: a stand-in loss, so that gradients can flow back)."
            ).format(result.t_star, result.loss)
        zeros = int((relevant & (norms == 0)).sum())
        if zeros:
            if result.cell_type != "rnn":
                why = self.tr("the gates are saturated there (a slope of 0 at 0 or 1)")
            elif result.nonlinearity == "tanh":
                why = self.tr("tanh is saturated there (h = ±1, so tanh′ = 1 − h² = 0)")
            else:
                why = self.tr("relu is off there (pre ≤ 0, so relu′ = 0)")
            text += " " + self.tr(
                "<span style='color:{0}'>{1} cell(s) get a gradient of exactly 0: {2} upstream, "
                "so nothing flows back; they are drawn at {3:g}.</span>"
            ).format(style.MUTED_COLOR, zeros, why, style.GRAD_NORM_MIN)
        if overflowed:
            text += " " + self.tr(
                "<span style='color:{0}'>{1} cell(s) have an infinite or NaN gradient (it "
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
            token = (
                f" (<span style=\"font-family:'{self._cjk_family}'\">"
                f"{html.escape(style.display_token(tokens[record.t]))}</span>)"
            )
        self.cell_label.setText(
            self.tr("backward step {0} of {1}: <b>layer {2} {3}, t = {4}</b>{5}").format(
                self.backward_index + 1, n, record.layer, arrow, record.t, token
            )
        )

        self.overview.mark_cell(record.t, row)

        values = vectors(record, b)
        names = term_names(record, self.result)
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
                    self._bar_plots[name].setTitle(
                        names[name], size="9pt", justify="left", color=style.PLOT_FOREGROUND
                    )
            else:
                self._name_labels[name].setVisible(shown)
                self._value_labels[name].setVisible(shown)
                if shown:
                    self._name_labels[name].setText(names[name])
                    self._value_labels[name].setText("=&nbsp;" + vector_text(values[name]))

        self.heatmap_area.show()
        self.hover_label.show()
        self.heatmap_area.show_record(record, self._float())
        x_name = (
            "x<sub>t</sub>"
            if record.layer == 0
            else self.tr("layer {0}'s h<sub>t</sub>").format(record.layer - 1)
        )
        where = self.tr("layer {0} {1}").format(record.layer, arrow)
        if record.gates:
            self._render_gated_weights_and_memory(record, b, row, x_name, where)
            return
        self.weights_label.setText(
            self.tr(
                "<b>This cell's share of the weight gradients</b> (summed over every cell, they make the gradient "
                "the optimizer uses): ∂L/∂W<sub>ih</sub> += ∂L/∂pre ⊗ {0}, ∂L/∂W<sub>hh</sub> += ∂L/∂pre ⊗ "
                "h<sub>prev</sub>; blue negative, red positive."
            ).format(x_name)
        )

        weight_hh = simulation.model.parameter("weight_hh", record.layer, record.direction)
        radius = spectral_radius(weight_hh)
        self.radius_label.setText(
            f"<b>{html.escape(where)}: ρ(W<sub>hh</sub>) = {radius:.3g}.</b> "
            + html.escape(translate_error(explain_spectral_radius(radius, result.nonlinearity)))
        )

    def _render_gated_weights_and_memory(
        self, record: BackwardRecord, b: int, row: int, x_name: str, where: str
    ) -> None:
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
                float(record.grad_weight_hr.norm())
            )
        self.weights_label.setText(text)

        memory = self.memory_area.show_memory(result, record.layer, record.direction, b, where)
        surviving = self.memory_area.mean_surviving(memory, b)
        gate, steps = memory.gate, len(surviving)
        end = steps - 1 if record.direction == 0 else 0  # where the sweep ends
        start_name = "c<sub>0</sub>" if gate == "f" else "h<sub>0</sub>"
        self.radius_label.setText(
            f"<b>{html.escape(where)}: ∏ {gate} = {surviving[end]:.3g} ({start_name} → t = {end}).</b> "
            + html.escape(
                translate_error(explain_gate_memory(result.cell_type, float(surviving[end]), steps))
            )
        )

    term_tensor = staticmethod(term_tensor)  # (the record's tensor behind a row: bptt_terms.term_tensor)

    def _float(self):
        import torch

        return torch.float64 if self.session.config.dtype == "float64" else torch.float32
