"""The formula of the current cell, with its real numbers.

(About 600 lines, on purpose: the panel builds and fills one scrolling column of parts that
reveal together stage by stage (printed vectors or bars, the table, the tabs); its plain-RNN
texts are calculation_text.py, a gated cell's gated_calculation.py, the table vector_table.py.)

    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

is shown term by term for the batch element on screen: the input term, the recurrent term, their
sum and the nonlinearity, then nn.RNN's own value for the same cell and whether the two agree.
Small hidden sizes print whole vectors; larger ones draw each term as a bar chart (one bar per
neuron), since 64 numbers in a row are no longer readable. In sub-operation mode the terms
appear one at a time. Every number comes from the engine (the StepRecord, and
engine/neuron_arithmetic.py for the selected neuron); nothing is computed here.

Readable at every size: above the vectors, the selected neuron's whole arithmetic is written out
(its two dot products with their largest products named, the biases, the sum, the nonlinearity);
below them a table lists every element of x_t, h_{t-1} and each term, one row per index, and
scrolls (a click on a row selects that neuron). The body scrolls, so a tall calculation never
squeezes the docks around it.

A step must stay cheap at H = 1024 (see gui/plotting/fast_plots.py): many bars are one filled
outline per term, the y ranges move only when the values outgrow them, texts are set only when
they change, and a panel hidden in a shown window (a closed or tabbed-away dock) catches up
when it is shown again instead of redrawing unseen.
"""

from __future__ import annotations

import html
import logging
import re

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.engine.neuron_arithmetic import gated_neuron_arithmetic, neuron_arithmetic
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.panels import gated_calculation as gated
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.panels.calculation_text import (
    REFERENCE,
    formula_html,
    header_html,
    match_html,
    neuron_html,
    note_html,
    term_names,
)
from rnn_stepper.gui.panels.embedding_view import EmbeddingView
from rnn_stepper.gui.panels.lazy import SeenBody
from rnn_stepper.gui.panels.order_view import OrderView
from rnn_stepper.gui.panels.scrolling import scrolling_body
from rnn_stepper.gui.panels.vector_table import VectorTableModel
from rnn_stepper.gui.plotting.fast_plots import BarSeries, GridLines, StickyRange
from rnn_stepper.gui.session import STAGE_FULL, STAGE_INPUT, STAGE_RECURRENT, STAGE_SUM, Session, StepView
from rnn_stepper.gui.widgets.steady_label import set_text, steady

log = logging.getLogger(__name__)

TERMS = ("input_term", "recurrent_term", "pre_activation", "h_t")
# The sub-operation stage at which each value appears.
REVEALED_AT = {
    "input_term": STAGE_INPUT,
    "recurrent_term": STAGE_RECURRENT,
    "pre_activation": STAGE_SUM,
    "h_t": STAGE_FULL,
    REFERENCE: STAGE_FULL,
}
INTRO = QT_TRANSLATE_NOOP(
    "CalculationPanel",
    "<p style='font-size:13pt'><b>Press Space or Step (→) to compute the first cell.</b></p>"
    "<p>Each cell takes the input at one time step, x<sub>t</sub>, and the previous hidden state "
    "h<sub>t−1</sub>, and computes the new hidden state h<sub>t</sub>. The same weights are reused "
    "at every time step: that reuse is what makes the network recurrent.</p>"
    "<p>This panel will show every term of the formula with its real numbers, and check the "
    "result against PyTorch's own <code>nn.RNN</code>.</p>",
)
VALUES_PER_LINE = 4  # printed vectors wrap at the same place in every term
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\d+|inf|nan)")
RANGE_PADDING = 0.05
TICK_LENGTH = 5  # px, pointing out of the plot
TANH_RANGE = (-1.0, 1.0)
TABLE_MIN_HEIGHT = 150  # px: about five rows, enough to read around the selected neuron
BARS_MIN_HEIGHT = 200  # px: four bar plots that still show their sign and size
# The table's columns: the two input vectors, then the terms (same keys as TERMS / REFERENCE).
TABLE_COLUMNS = ("x_t", "h_prev", *TERMS, REFERENCE)
# Stacking inside each bar plot: the zero line under the bars, the selection line and nn.RNN's
# dots over them.
ZERO_LINE_Z, BARS_Z, SELECTION_Z, REFERENCE_Z = -1, 0, 2, 3


class CalculationPanel(StepPanel):
    TITLE = "Calculation"
    OBJECT_NAME = "calculationPanel"

    def __init__(self, session: Session, parent=None):
        super().__init__(session, parent)
        self._cjk_family = register_bundled_font()
        self._bars_mode = False
        self._titles: dict[str, str] = {}  # the bar plots' titles as last set
        self._build()
        # The scroll area's body covers this widget, so it is the body that is painted and seen.
        self.follow_visibility(lambda: self._render(self._session.view()), seen_by=self._body)
        # Bound methods, not lambdas: Qt disconnects them when this widget is destroyed.
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        session.neuronSelected.connect(self._on_neuron_selected)
        self._rebuild()

    # ---- public ------------------------------------------------------------------------------------

    def displayed_values(self) -> dict[str, list[float]]:
        """The numbers currently on screen, read back from the labels or bars: term -> values.

        Keys are "input_term", "recurrent_term", "pre_activation", "h_t" and "reference_h_t"
        (nn.RNN's value); a term not revealed yet (sub-operation mode) is absent, and so is
        "reference_h_t" when there are too many neurons to draw its dots.
        """
        self.catch_up_now()  # (not drawn while unseen: what it would show now)
        self._draw_stale_bars()
        shown = {}
        if self._gated:  # keys of gated_calculation.vector_parts: "i_pre", "i", "c_t", "h_t", ...
            if self._bars_mode:  # large sizes: the gates as bars (every value: table_values)
                return {
                    key: [float(v) for v in self._bars[slot].heights()]
                    for slot, key in zip(TERMS, self._bar_keys)
                    if key in self._revealed
                }
            if self._gated_area.isHidden():
                return shown
            for name, label in self._gated_values.items():
                plain = QTextDocumentFragment.fromHtml(label.text()).toPlainText()
                if style.PLACEHOLDER not in plain:
                    shown[name] = [float(v) for v in _NUMBER.findall(plain)]
            return shown
        for name in (*TERMS, REFERENCE):
            if name not in self._revealed:
                continue
            if self._bars_mode:
                if name == REFERENCE:
                    if self._reference_marks.isVisible():
                        shown[name] = [float(v) for v in self._reference_marks.getData()[1]]
                else:
                    shown[name] = [float(v) for v in self._bars[name].heights()]
            else:
                plain = QTextDocumentFragment.fromHtml(self._value_labels[name].text()).toPlainText()
                shown[name] = [float(v) for v in _NUMBER.findall(plain)]
        return shown

    def table_values(self) -> dict[str, list[float]]:
        """The table's columns as displayed (parsed back from the cells' text): key -> values.

        Keys are TABLE_COLUMNS ("x_t", "h_prev", the terms, "reference_h_t"), for a gated cell those
        of gated_calculation.vector_parts; a term not revealed yet is absent."""
        self.catch_up_now()
        model, shown = self._table_model, {}
        for column, key in enumerate(self._table_keys[: model.columnCount()]):
            values = model.values(column)
            if values is None:
                continue
            shown[key] = [float(model.data(model.index(row, column))) for row in range(len(values))]
        return shown

    def neuron_text(self) -> str:
        """The selected neuron's arithmetic as plain text."""
        self.catch_up_now()
        return QTextDocumentFragment.fromHtml(self._neuron.text()).toPlainText()

    def export_widget(self) -> QWidget:
        widget = super().export_widget()  # (caught up)
        self._draw_stale_bars()
        return widget

    # ---- state kept across a language switch (MainWindow rebuilds the panels) ------------------------

    def ui_state(self) -> dict:
        return {"view": self._views.currentIndex()}  # the tabs are the same in every language

    def restore_ui_state(self, state: dict) -> None:
        self._views.setCurrentIndex(state["view"])

    def _on_view_tab_changed(self, _index: int) -> None:
        self.safely(self._draw_stale_bars)

    def _draw_stale_bars(self, *_args) -> None:
        """Bring the bars up to date (they are skipped while their tab is behind another)."""
        if self._bars_mode and self._bars_stale and self._session.view().record is not None:
            self._bars_stale = False
            view = self._session.view()
            record = view.record
            b = min(view.batch_index, record.h_t.shape[0] - 1)
            if record.gates:
                self._draw_gated_bars(gated.vector_parts(record, b, gated.revealed_stage(record, view.stage)))
                return
            values = {name: getattr(record, name)[b].detach().cpu().numpy() for name in (*TERMS, REFERENCE)}
            self._draw_bars(values, term_names(self._session, self._cjk_family, record))

    def plot_items(self) -> list:
        self.catch_up_now()
        self._draw_stale_bars()
        return list(self._plots.values()) if self._bars_mode else []

    # ---- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self._body = SeenBody()
        layout = scrolling_body(self, self._body)
        self._header = self._rich_label()
        header_font = self._header.font()
        header_font.setPointSizeF(style.HEADER_POINTS)
        self._header.setFont(header_font)
        self._formula = self._rich_label()
        self._formula.setToolTip(
            self.tr("The RNN cell's formula (the same for every cell; only the numbers change)")
        )
        self._intro = self._rich_label()
        self._intro.setText(self.tr(INTRO))
        # Labels whose text changes at every step sit in SteadySlots (gui/widgets/steady_label.py): a new
        # text of the same size does not lay out the whole window again.
        layout.addWidget(steady(self._header))
        layout.addWidget(self._formula)
        layout.addWidget(self._intro)
        # The selected neuron's arithmetic, in numbers a student can check by hand.
        self._neuron = self._rich_label()
        self._neuron.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._neuron.setToolTip(
            self.tr(
                "The selected neuron's arithmetic: choose a neuron in the table below, "
                "a weights row, the hidden-state panel or the network"
            )
        )
        layout.addWidget(steady(self._neuron))  # its text changes at every step

        # Printed vectors (small hidden sizes): a name line and a value line per term.
        self._text_area = QWidget()
        text_layout = QVBoxLayout(self._text_area)
        text_layout.setContentsMargins(0, 4, 0, 0)
        text_layout.setSpacing(2)
        self._name_labels: dict[str, QLabel] = {}
        self._value_labels: dict[str, QLabel] = {}
        for name in (*TERMS, REFERENCE):
            name_label, value_label = self._rich_label(), self._rich_label()
            value_label.setFont(style.monospace_font())
            value_label.setContentsMargins(18, 0, 0, 6 if name != "h_t" else 0)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text_layout.addWidget(steady(name_label))
            text_layout.addWidget(steady(value_label))
            self._name_labels[name], self._value_labels[name] = name_label, value_label
        layout.addWidget(self._text_area)
        # A gated cell's printed vectors (small hidden sizes), a name and a value line per part,
        # made when the parts change (gated_calculation.vector_parts), and what the gates did.
        self._gated_area = QWidget()
        self._gated_layout = QVBoxLayout(self._gated_area)
        self._gated_layout.setContentsMargins(0, 4, 0, 0)
        self._gated_layout.setSpacing(2)
        self._gated_names: dict[str, QLabel] = {}
        self._gated_values: dict[str, QLabel] = {}
        layout.addWidget(self._gated_area)
        self._effects = self._rich_label()
        layout.addWidget(steady(self._effects))
        self._gated = False
        self._bar_keys: tuple[str, ...] = TERMS  # what each bar plot shows (a gated cell: its gates)
        self._table_keys: tuple[str, ...] = TABLE_COLUMNS
        self._match = self._rich_label()
        layout.addWidget(steady(self._match))

        # Bar charts (large hidden sizes): one plot per term, items made once and updated in place.
        self._bars_note = self._rich_label()
        layout.addWidget(steady(self._bars_note))
        self._plot_area = pg.GraphicsLayoutWidget()
        self._plot_area.setBackground(style.PLOT_BACKGROUND)
        self._plot_area.setMinimumHeight(BARS_MIN_HEIGHT)
        self._plot_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._plots: dict[str, pg.PlotItem] = {}
        self._bars: dict[str, BarSeries] = {}
        self._ranges: dict[str, StickyRange] = {}
        self._selection_lines: dict[str, pg.InfiniteLine] = {}
        for row, name in enumerate(TERMS):
            plot = self._plot_area.addPlot(row=row, col=0)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.disableAutoRange()  # ranges are set from the values (StickyRange), not per paint
            GridLines(plot, horizontal=True, alpha=0.25)
            plot.getAxis("left").setWidth(44)
            for axis in ("left", "bottom"):  # ticks outside: the axis stays clear of the bars'
                plot.getAxis(axis).setStyle(tickLength=TICK_LENGTH)  # repaints (see fast_plots)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).enableAutoSIPrefix(False)
            if row == len(TERMS) - 1:
                plot.setLabel("bottom", self.tr("neuron"))
            else:  # the neuron numbers are under the last plot only (the plots share x)
                plot.hideAxis("bottom")
            zero = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(style.PLOT_FOREGROUND, width=1))
            zero.setZValue(ZERO_LINE_Z)
            plot.addItem(zero)
            bars = BarSeries(plot, z=BARS_Z)
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen(style.SELECTION_COLOR, width=style.SELECTION_WIDTH))
            line.setToolTip(self.tr("the selected neuron"))
            line.setZValue(SELECTION_Z)
            plot.addItem(line)
            if row:
                plot.setXLink(self._plots[TERMS[0]])
            self._plots[name], self._bars[name], self._selection_lines[name] = plot, bars, line
            self._ranges[name] = StickyRange()
        self._reference_marks = pg.ScatterPlotItem(size=5, pen=None, brush=style.REFERENCE_MARK_COLOR)
        self._reference_marks.setZValue(REFERENCE_Z)
        self._plots["h_t"].addItem(self._reference_marks)
        # Every element of every vector, as a table; the bars share its place as a second tab.
        self._table_model = VectorTableModel(self)
        self._table = QTableView()
        self._table.setModel(self._table_model)
        self._table.setFont(style.monospace_font())
        self._table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.verticalHeader().setDefaultSectionSize(self._table.fontMetrics().height() + 4)
        self._table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Column widths set when the columns change (VectorTableModel resets), not at every step:
        # a header that sizes itself to its contents lays the panel out again at each step.
        self._table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._table.horizontalHeader().setStretchLastSection(True)
        self._table.horizontalHeader().setResizeContentsPrecision(0)  # (the rows in sight only)
        # wide enough for "-12.3456" even when sized while the terms still show "…"
        self._table.horizontalHeader().setMinimumSectionSize(
            self._table.fontMetrics().horizontalAdvance(" -00.0000 ")
        )
        self._table_model.modelReset.connect(self._table.resizeColumnsToContents)
        self._table.clicked.connect(self._on_table_clicked)
        self._views = QTabWidget()
        self._views.setDocumentMode(True)
        self._views.addTab(self._table, self.tr("Every value"))
        self._views.addTab(self._plot_area, self.tr("Bars"))
        self._embedding = EmbeddingView()  # text models: the table x_t is looked up in
        self._views.addTab(self._embedding, self.tr("Embedding"))
        self._order = OrderView(self._session, self._cjk_family)  # text models: order matters
        self._views.addTab(self._order, self.tr("Order matters"))
        self._views.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._bars_stale = False  # the bars skipped a step while their tab was behind
        self._views.currentChanged.connect(self._on_view_tab_changed)  # (bound: Qt disconnects it)
        layout.addWidget(self._views, stretch=1)

        match_font = self._match.font()
        match_font.setPointSizeF(style.HEADER_POINTS)
        self._match.setFont(match_font)
        self._match.setToolTip(
            self.tr(
                "The largest |difference| between this stepper's h_t and nn.RNN's value "
                "for the same cell, over every neuron and batch element"
            )
        )
        self._revealed: set[str] = set()
        self._shown_neuron = -1  # the row the table last scrolled to

    @staticmethod
    def _rich_label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        return label

    # ---- updating ------------------------------------------------------------------------------------

    def _on_simulation_changed(self, _simulation) -> None:
        self.safely(self._rebuild)

    def _on_step_changed(self, view: StepView) -> None:
        self._render_when_seen(view)

    def _on_neuron_selected(self, _index: int) -> None:
        self._render_when_seen(self._session.view())

    def _render_when_seen(self, view: StepView) -> None:
        """Draw now, or, while nobody can see the panel (a closed or tabbed-away dock), once
        it is seen again (gui/panels/lazy.py)."""
        if not self.unseen():
            self.safely(self._render, view)

    def _rebuild(self) -> None:
        """A new simulation: choose printed vectors or bars, size the bar charts, redraw."""
        config = self._session.config
        hidden = config.hidden_size
        self._gated = config.cell != "rnn"
        self._bars_mode = hidden > style.CALC_MAX_PRINTED_VALUES
        # A gated cell's four bar plots show its gates (GRU: r, z, n and h_t), one bar per neuron.
        self._bar_keys = gated.BAR_KEYS.get(config.cell, TERMS)
        self._intro.setText(self.tr(INTRO).replace("nn.RNN", config.module_name))
        self._match.setToolTip(
            self.tr(
                "The largest |difference| between this stepper's h_t and nn.RNN's value "
                "for the same cell, over every neuron and batch element"
            ).replace("nn.RNN", config.module_name)
        )
        x = np.arange(hidden, dtype=float)
        for name, key in zip(TERMS, self._bar_keys):
            self._bars[name].set_layout([(hidden, style.TERM_COLORS[name])])
            # tanh's h_t lies in [-1, 1]: that range, fixed; the other terms follow their values.
            # (gates: sigmoid's [0, 1] or tanh's [-1, 1], fixed too)
            least = (
                gated.BAR_RANGES[key]
                if self._gated
                else TANH_RANGE
                if name == "h_t" and config.nonlinearity == "tanh"
                else (0.0, 0.0)
            )
            self._ranges[name].reset(least)
        self._reference_marks.setData(x=x, y=np.zeros(hidden))
        self._reference_marks.setSize(5 if hidden <= 64 else 3)
        self._plots[TERMS[0]].setXRange(-0.5, hidden - 0.5, padding=0.01)
        self._formula.setText(formula_html(self._session.config, None))
        self._set_gated_parts(())
        model = self._session.simulation.model
        if model.embedding is not None:
            self._embedding.set_table(model.embedding.weight, list(model.vocab.tokens))
        self._order.refresh()
        self._render(self._session.view())

    def _render(self, view: StepView) -> None:
        self.drawn()
        record = view.record
        started = record is not None
        self._intro.setVisible(not started)
        self._header.setVisible(started)
        self._match.setVisible(started)
        self._text_area.setVisible(started and not self._bars_mode and not self._gated)
        self._gated_area.setVisible(
            started and self._gated and self._session.config.hidden_size <= style.CALC_MAX_PRINTED_VALUES
        )
        self._effects.setVisible(started and self._gated)
        self._bars_note.setVisible(started)
        self._neuron.setVisible(started)
        self._views.setVisible(started)
        self._views.setTabVisible(self._views.indexOf(self._plot_area), self._bars_mode)
        has_embedding = self._session.simulation.model.embedding is not None
        self._views.setTabVisible(self._views.indexOf(self._embedding), has_embedding)
        self._views.setTabVisible(
            self._views.indexOf(self._order),
            self._session.config.is_text and self._session.simulation.model.head is not None,
        )
        if not started:
            self._revealed = set()
            self._table_model.set_columns([], [], [], -1)
            return
        b = min(view.batch_index, record.h_t.shape[0] - 1)
        if record.gates:
            self._render_gated(view, record, b, has_embedding)
            return
        values = {name: getattr(record, name)[b].detach().cpu().numpy() for name in (*TERMS, REFERENCE)}
        self._revealed = {name for name, stage in REVEALED_AT.items() if view.stage >= stage}
        set_text(self._header, header_html(self._session, self._cjk_family, view, b))
        set_text(self._formula, formula_html(self._session.config, record))
        names = term_names(self._session, self._cjk_family, record)
        set_text(self._bars_note, note_html(self._session, self._bars_mode, len(values["h_t"])))
        if self._bars_mode:
            # Bars behind another tab are drawn when their tab is shown (or read back), not at
            # every step: their ranges cost ~20 ms to set on a plot nobody sees.
            if self._views.currentWidget() is self._plot_area:
                self._draw_bars(values, names)
                self._bars_stale = False
            else:
                self._bars_stale = True
        else:
            self._print_values(values, names)
        set_text(
            self._match,
            match_html(record)
            if REFERENCE in self._revealed
            else f"<span style='color:{style.MUTED_COLOR}'>{style.PLACEHOLDER} "
            + self.tr("the check against nn.RNN comes with h<sub>t</sub>")
            + "</span>",
        )
        neuron = min(self._session.selected_neuron, len(values["h_t"]) - 1)
        arithmetic = neuron_arithmetic(self._session.simulation.model.rnn, record, b, neuron)
        set_text(self._neuron, neuron_html(record, arithmetic, view.stage))
        self._fill_table(record, b, values, neuron)
        if has_embedding:
            self._show_embedding_row(record)

    def _render_gated(self, view: StepView, record, b: int, has_embedding: bool) -> None:
        """A gated cell: its formulas by stage, the selected neuron's gates and states, every
        part's vector (printed, or in the table at large sizes), what the gates did."""
        stage = gated.revealed_stage(record, view.stage)
        parts = gated.vector_parts(record, b, stage)
        self._revealed = {key for key, (_, values) in parts.items() if values is not None}
        set_text(self._header, header_html(self._session, self._cjk_family, view, b))
        set_text(self._formula, gated.formula_html(record.sub_operations, record.direction, stage))
        dots = "h_t" in self._bar_keys  # (GRU: nn.GRU's h_t as dots over the last plot)
        set_text(
            self._bars_note,
            note_html(self._session, self._bars_mode, self._session.config.hidden_size, dots).replace(
                "nn.RNN", self._session.config.module_name
            ),
        )
        if self._bars_mode:  # (drawn when their tab is in front, as for the RNN)
            if self._views.currentWidget() is self._plot_area:
                self._draw_gated_bars(parts)
                self._bars_stale = False
            else:
                self._bars_stale = True
        printed = {key: part for key, part in parts.items() if key not in ("x_t", "h_prev")}
        self._set_gated_parts(tuple(printed))
        selected = self._session.selected_neuron
        for key, (label, values) in printed.items():
            set_text(self._gated_names[key], label)
            set_text(
                self._gated_values[key],
                self._vector_html(values, selected) if values is not None else f"=&nbsp;{style.PLACEHOLDER}",
            )
        set_text(self._effects, gated.effects_html(record, b, stage))
        module = self._session.config.module_name
        set_text(
            self._match,
            match_html(record).replace("nn.RNN", module)
            if "h_t" in self._revealed
            else f"<span style='color:{style.MUTED_COLOR}'>{style.PLACEHOLDER} "
            + self.tr("the check against nn.RNN comes with h<sub>t</sub>").replace("nn.RNN", module)
            + "</span>",
        )
        neuron = min(selected, self._session.config.hidden_size - 1)
        arithmetic = gated_neuron_arithmetic(self._session.simulation.model.rnn, record, b, neuron)
        set_text(self._neuron, gated.neuron_html(record, arithmetic, stage))
        self._table_keys = tuple(parts)
        self._table_model.set_columns(
            [gated.table_header(key) for key in parts],
            [values for _, values in parts.values()],
            [gated.table_header(key) for key in parts],
            neuron,
        )
        if self._shown_neuron != neuron:
            self._shown_neuron = neuron
            self._table.scrollTo(
                self._table_model.index(neuron, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )
        if has_embedding:
            self._show_embedding_row(record)

    def _draw_gated_bars(self, parts) -> None:
        """A gated cell at a large size: one bar plot per gate (gated_calculation.BAR_KEYS)."""
        selected = self._session.selected_neuron
        for slot, key in zip(TERMS, self._bar_keys):
            label, values = parts[key]
            shown = values is not None
            self._bars[slot].setVisible(shown)
            if shown:
                self._bars[slot].set_heights(values)
                if self._ranges[slot].update(values):
                    self._plots[slot].setYRange(*self._ranges[slot].bounds, padding=RANGE_PADDING)
                    self._plots[slot].vb.updateMatrix()
            name = f"<span style='color:{style.TERM_COLORS[slot]}'>■</span> <b>{label}</b>: {gated.bar_title(key)}"
            title = name if shown else f"{name} = {style.PLACEHOLDER}"
            if self._titles.get(slot) != title:
                self._titles[slot] = title
                self._plots[slot].setTitle(title, size="10pt", justify="left", color=style.PLOT_FOREGROUND)
            if self._selection_lines[slot].value() != selected:
                self._selection_lines[slot].setPos(selected)
        reference = parts["reference_h_t"][1]
        dots = (
            "h_t" in self._bar_keys and reference is not None and len(reference) <= style.REFERENCE_MARKS_MAX
        )
        self._reference_marks.setVisible(dots)
        if dots:
            self._reference_marks.setData(x=np.arange(len(reference), dtype=float), y=reference)

    def _set_gated_parts(self, keys: tuple[str, ...]) -> None:
        """Labels for exactly these printed parts (made again only when the parts change)."""
        if tuple(self._gated_names) == keys:
            return
        while self._gated_layout.count():
            item = self._gated_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._gated_names, self._gated_values = {}, {}
        for key in keys:
            name_label, value_label = self._rich_label(), self._rich_label()
            value_label.setFont(style.monospace_font())
            value_label.setContentsMargins(18, 0, 0, 4)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._gated_layout.addWidget(name_label)
            self._gated_layout.addWidget(value_label)
            self._gated_names[key], self._gated_values[key] = name_label, value_label

    @staticmethod
    def _vector_html(values: np.ndarray, selected: int) -> str:
        """A printed vector: fixed-width cells, VALUES_PER_LINE to a line, the selected one bold."""
        cells = [f"{v: .{style.NUMBER_DECIMALS}f}" for v in values]
        cells = [
            f"&nbsp;<b><u>{c[1:]}</u></b>"
            if i == selected and c.startswith(" ")
            else f"<b><u>{c}</u></b>"
            if i == selected
            else c.replace(" ", "&nbsp;")
            for i, c in enumerate(cells)
        ]
        rows = [",&nbsp;".join(cells[i : i + VALUES_PER_LINE]) for i in range(0, len(cells), VALUES_PER_LINE)]
        return "=&nbsp;[" + ",<br>&nbsp;&nbsp;&nbsp;".join(rows) + "&nbsp;]"

    def _show_embedding_row(self, record) -> None:
        simulation = self._session.simulation
        token_id = int(simulation.token_ids[record.t]) if record.t < len(simulation.token_ids) else None
        token = html.escape(style.display_token(simulation.tokens[record.t])) if token_id is not None else "?"
        cjk = f"<span style=\"font-family:'{self._cjk_family}'\"><b>{token}</b></span>"
        if record.layer == 0:
            note = self.tr(
                "x<sub>t</sub> at t = {t} is row {row} of the embedding table: the vector of the "
                "token {token} (outlined). It is the x<sub>t</sub> column of Every value."
            )
        else:
            note = self.tr(
                "This cell is in layer {layer}: its x<sub>t</sub> is the layer below's output, not an "
                "embedding row. Layer 0 read row {row} (token {token}, outlined) at t = {t}."
            )
        self._embedding.show_row(
            token_id, note.format(t=record.t, row=token_id, token=cjk, layer=record.layer)
        )

    def _fill_table(self, record, b: int, values: dict[str, np.ndarray], neuron: int) -> None:
        # Short headers (the columns stay narrow enough to read side by side); tooltips say it all.
        previous = "h_t+1" if record.direction == 1 else "h_t−1"
        bias = self._session.config.bias
        headers = {
            "x_t": "x_t",
            "h_prev": previous,
            "input_term": "W_ih·x" + ("+b" if bias else ""),
            "recurrent_term": "W_hh·h" + ("+b" if bias else ""),
            "pre_activation": self.tr("sum"),
            "h_t": "h_t",
            REFERENCE: "nn.RNN",
        }
        tips = {
            "x_t": self.tr("the input this cell reads (the embedding of its token, or the layer below)"),
            "h_prev": self.tr("the hidden state this cell reads (h0 for the first cell of a sweep)"),
            "input_term": "W_ih x_t" + (" + b_ih" if bias else ""),
            "recurrent_term": f"W_hh {previous}" + (" + b_hh" if bias else ""),
            "pre_activation": self.tr("the sum of the two terms, before the nonlinearity"),
            "h_t": self.tr("the new hidden state, computed with plain tensor operations"),
            REFERENCE: self.tr("nn.RNN's own h_t for the same cell"),
        }
        columns = {
            "x_t": record.x_t[b].detach().cpu().numpy(),
            "h_prev": record.h_prev[b].detach().cpu().numpy(),
        }
        columns.update(
            {name: values[name] if name in self._revealed else None for name in (*TERMS, REFERENCE)}
        )
        self._table_keys = TABLE_COLUMNS
        self._table_model.set_columns(
            [headers[c] for c in TABLE_COLUMNS],
            [columns[c] for c in TABLE_COLUMNS],
            [tips.get(c, headers[c]) for c in TABLE_COLUMNS],
            neuron,
        )
        if self._shown_neuron != neuron:  # keep the selected neuron in sight when it changes
            self._shown_neuron = neuron
            self._table.scrollTo(
                self._table_model.index(neuron, 0), QAbstractItemView.ScrollHint.PositionAtCenter
            )

    def _on_table_clicked(self, index) -> None:
        if index.isValid() and index.row() < self._session.config.hidden_size:
            self._session.select_neuron(index.row())

    def _print_values(self, values: dict[str, np.ndarray], names: dict[str, str]) -> None:
        selected = self._session.selected_neuron
        for name in (*TERMS, REFERENCE):
            set_text(self._name_labels[name], names[name])
            if name in self._revealed:
                text = self._vector_html(values[name], selected)
            else:
                text = f"=&nbsp;{style.PLACEHOLDER}"
            set_text(self._value_labels[name], text)

    def _draw_bars(self, values: dict[str, np.ndarray], names: dict[str, str]) -> None:
        hidden = len(values["h_t"])
        selected = self._session.selected_neuron
        for name in TERMS:
            shown = name in self._revealed
            self._bars[name].setVisible(shown)
            if shown:
                self._bars[name].set_heights(values[name])
                if self._ranges[name].update(values[name]):
                    self._plots[name].setYRange(*self._ranges[name].bounds, padding=RANGE_PADDING)
                    # Now, not when painting: pyqtgraph defers it, and the view then paints twice.
                    self._plots[name].vb.updateMatrix()
            title = names[name] if shown else f"{names[name]} = {style.PLACEHOLDER}"
            if self._titles.get(name) != title:  # a title is rich text laid out again when set
                self._titles[name] = title
                self._plots[name].setTitle(title, size="10pt", justify="left", color=style.PLOT_FOREGROUND)
            if self._selection_lines[name].value() != selected:
                self._selection_lines[name].setPos(selected)
        reference_shown = REFERENCE in self._revealed and hidden <= style.REFERENCE_MARKS_MAX
        self._reference_marks.setVisible(reference_shown)
        if reference_shown:
            self._reference_marks.setData(x=np.arange(hidden, dtype=float), y=values[REFERENCE])
