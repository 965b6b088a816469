"""What the network outputs at the current time step.

Text models: the head's softmax over the vocabulary after token t (the lesson: after "我爱" the
model predicts the next character), as the top 10 tokens in horizontal bars, and the predicted
token named in one sentence. Classifiers (sentiment, name -> language): the same bars over the
classes, the running guess after step t, and the final prediction once the last step is done.
Models without a head: the output vector output[t] itself, one bar per entry. output[t] exists only once the top layer, in every direction, has computed time t; until
then the panel says what it is waiting for. Values come from the Simulation; nothing is computed here.

Per step only what changed is set (see gui/plotting/fast_plots.py): output[t] of a wide layer is
one filled outline per direction, its y range moves only when the values outgrow it, texts,
ticks and ranges are compared before being set, and a panel hidden in a shown window catches up
when it is shown again.
"""

from __future__ import annotations

import html
import logging

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import cjk_font, register_bundled_font
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.plotting.fast_plots import BarSeries, GridLines, StickyRange
from rnn_stepper.gui.session import FRESH_ORIGIN, STAGE_FULL, Session, StepView
from rnn_stepper.gui.widgets.steady_label import set_text, steady

log = logging.getLogger(__name__)

PREFIX_TOKENS = 12  # the "after “…”" sentence shows at most this many tokens before t
FORWARD_COLOR, REVERSE_COLOR = style.TERM_COLORS["input_term"], style.TERM_COLORS["recurrent_term"]
RANGE_PADDING = 0.05
TICK_LENGTH = 5  # px, pointing out of the plot
TANH_RANGE = (-1.0, 1.0)


class OutputPanel(StepPanel):
    TITLE = "Output"
    OBJECT_NAME = "outputPanel"

    def __init__(self, session: Session, parent=None):
        super().__init__(session, parent)
        self._cjk_family = register_bundled_font()
        self._predicted: str | None = None
        self._final: str | None = None
        self._shown: list[tuple[str, float]] = []
        self.follow_visibility(lambda: self._render(self._session.view()))
        self._set_last: dict[str, object] = {}  # ticks and ranges as last set, to skip repeats
        self._output_range = StickyRange()
        self._build()
        # Bound methods, not lambdas: Qt disconnects them when this widget is destroyed.
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        self._rebuild()

    # ---- public ------------------------------------------------------------------------------------

    def predicted_token(self) -> str | None:
        """The vocabulary token (or class) named as the prediction (None when none is shown)."""
        self.catch_up_now()
        return self._predicted

    def final_prediction(self) -> str | None:
        """A classifier's class after the last time step, once that step is computed."""
        self.catch_up_now()
        return self._final

    def shown_probabilities(self) -> list[tuple[str, float]]:
        """(token, probability) of each bar, most probable first, read back from the bars."""
        self.catch_up_now()
        if not self._prob_bars.isVisible():
            return []
        widths = self._prob_bars.opts["width"]
        return [(token, float(widths[i])) for i, (token, _) in enumerate(self._shown)]

    def shown_output(self) -> list[float]:
        """The output[t] values drawn as bars (tensor inputs), empty when none are shown."""
        self.catch_up_now()
        if not self._output_bars.isVisible():
            return []
        return [float(v) for v in self._output_bars.heights()]

    def plot_items(self) -> list:
        self.catch_up_now()
        return [self._plot.getPlotItem()]

    # ---- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self._headline = QLabel()
        self._headline.setTextFormat(Qt.TextFormat.RichText)
        self._headline.setWordWrap(True)
        font = self._headline.font()
        font.setPointSizeF(style.PREDICTION_POINTS)
        self._headline.setFont(font)
        self._note = QLabel()
        self._note.setTextFormat(Qt.TextFormat.RichText)
        self._note.setWordWrap(True)
        layout.addWidget(steady(self._headline))  # per-step texts: see gui/widgets/steady_label.py
        layout.addWidget(steady(self._note))

        self._plot = pg.PlotWidget(background=style.PLOT_BACKGROUND)
        plot = self._plot.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.disableAutoRange()  # every range is set from the values shown, and only when it changes
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
            axis.enableAutoSIPrefix(False)  # probabilities read better as 0.4 than as 400 (x0.001)
            axis.setStyle(tickLength=TICK_LENGTH)  # outside: clear of the bars' repaints
        # Grids drawn behind the bars by cheap items (gui/plotting/fast_plots.py), one per mode.
        self._probability_grid = GridLines(plot, horizontal=False, alpha=0.15)
        self._value_grid = GridLines(plot, horizontal=True, alpha=0.15)
        # Horizontal probability bars (text models): the most probable token at the top.
        self._prob_bars = pg.BarGraphItem(
            x0=np.zeros(0), y=np.zeros(0), height=0.7, width=np.zeros(0), pen=None
        )
        self._value_texts = [
            pg.TextItem(color=style.PLOT_FOREGROUND, anchor=(0, 0.5)) for _ in range(style.OUTPUT_TOP_K)
        ]
        plot.addItem(self._prob_bars)
        for text in self._value_texts:
            plot.addItem(text)
        # Vertical output[t] bars (tensor inputs), forward entries then reverse ones.
        self._output_bars = BarSeries(plot)
        self._zero_line = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(style.PLOT_FOREGROUND, width=1))
        self._direction_split = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(style.MUTED_COLOR, width=1, style=Qt.PenStyle.DashLine),
            label=self.tr("forward | reverse"),
            labelOpts={"position": 0.95, "color": style.MUTED_COLOR},
        )
        plot.addItem(self._zero_line)
        plot.addItem(self._direction_split)
        # A short dock (a 4-row network leaves Output its minimum) has a short y axis: its title
        # ("next token", "下一个词元") is then left out rather than cut off at both ends.
        plot.vb.sigResized.connect(self._fit_axis_title)
        layout.addWidget(self._plot, stretch=1)
        self._spacer = QWidget()  # takes the plot's room while there is nothing to draw
        layout.addWidget(self._spacer, stretch=1)

    # ---- updating ------------------------------------------------------------------------------------

    def _on_simulation_changed(self, _simulation) -> None:
        self.safely(self._rebuild)

    def _on_step_changed(self, view: StepView) -> None:
        if not self.unseen():  # (unseen: drawn when seen again, gui/panels/lazy.py)
            self.safely(self._render, view)

    def _set_once(self, key: str, value, setter) -> None:
        """Call setter(value) unless the same value was set last time (ticks and ranges
        re-lay out the axes)."""
        if self._set_last.get(key) != value:
            self._set_last[key] = value
            setter(value)

    def _rebuild(self) -> None:
        simulation = self._session.simulation
        plot = self._plot.getPlotItem()
        model = simulation.model
        self._text_mode = model.head is not None  # probability bars (next token or class)
        self._classes = model.is_classifier
        self._probability_grid.setVisible(self._text_mode)
        self._value_grid.setVisible(not self._text_mode)
        self._set_last.clear()
        # output[t] is the top layer's h_t: with tanh in [-1, 1], a fixed range.
        self._output_range.reset(TANH_RANGE if simulation.config.nonlinearity == "tanh" else (0.0, 0.0))
        left, bottom = plot.getAxis("left"), plot.getAxis("bottom")
        if self._text_mode:
            # Class names are words ("English", "positive"): the token size would crowd them.
            left.setStyle(
                tickFont=cjk_font(self.font().pointSizeF() if self._classes else style.TOKEN_POINTS)
            )
            plot.setLabel("left", self.tr("class") if self._classes else self.tr("next token"))
            plot.setLabel("bottom", self.tr("probability"))
            bottom.setTicks(None)
        else:
            left.setStyle(tickFont=QFont(self.font()))  # a copy: font() is a view of the widget's own
            left.setTicks(None)
            plot.setLabel("left", self.tr("value"))
            plot.setLabel("bottom", self.tr("index in output[t]"))
            d, h = simulation.config.num_directions, simulation.config.output_size
            width = d * h
            self._output_bars.set_layout([(h, FORWARD_COLOR), (h, REVERSE_COLOR)][:d])
            self._direction_split.setPos(h - 0.5)
            plot.setXRange(-0.5, width - 0.5, padding=0.02)
        self._fit_axis_title()
        self._render(self._session.view())

    def _fit_axis_title(self, *_args) -> None:
        """Show the y axis's title only where the axis is as long as the title's text."""
        axis = self._plot.getPlotItem().getAxis("left")
        label = axis.label
        margin = 2 * label.document().documentMargin()  # (rotated: its width runs along the axis)
        fits = label.boundingRect().width() - margin <= axis.size().height()
        if label.isVisible() != fits:
            axis.showLabel(fits)

    def _render(self, view: StepView) -> None:
        self.drawn()
        simulation = self._session.simulation
        self._predicted, self._final, self._shown = None, None, []
        waiting = self._waiting_message(view)
        ready = waiting is None
        self._prob_bars.setVisible(ready and self._text_mode)
        for text in self._value_texts:
            text.setVisible(False)
        self._output_bars.setVisible(ready and not self._text_mode)
        self._zero_line.setVisible(not self._text_mode)
        self._direction_split.setVisible(ready and not self._text_mode and simulation.config.bidirectional)
        self._plot.setVisible(ready)
        self._spacer.setVisible(not ready)
        if not ready:
            set_text(self._headline, f"<span style='color:{style.MUTED_COLOR}'>{waiting}</span>")
            set_text(self._note, "")
            return
        t = view.record.t
        b = min(view.batch_index, simulation.batch_size - 1)
        if self._text_mode:
            self._show_probabilities(simulation.probabilities_at(t)[b], t)
        else:
            self._show_output(simulation.output_at(t)[b], t, b)

    def _waiting_message(self, view: StepView) -> str | None:
        """Why output[t] cannot be shown yet, or None when it can."""
        record, config = view.record, self._session.config
        if record is None:
            if self._classes:
                return self.tr(
                    "Press Space or Step: the class guess appears once the top layer has computed the "
                    "first time step."
                )
            if self._text_mode:
                return self.tr(
                    "Press Space or Step: the prediction appears once the top layer has computed the "
                    "first time step."
                )
            return self.tr(
                "Press Space or Step: output[t] appears once the top layer has computed the first time step."
            )
        t, top = record.t, config.num_layers - 1
        if record.layer == top and not view.current_complete:
            return self.tr(
                "output[{t}] is being computed: it is this cell's h<sub>t</sub>, revealed at part "
                "{full} of {full} (now at part {stage})."
            ).format(t=t, full=STAGE_FULL, stage=view.stage)
        if self._session.simulation.output_ready(t):
            return None
        if record.layer < top:
            return self.tr(
                "This cell is in layer {layer}. output[{t}] is the top layer's hidden state "
                "(layer {top}), which has not reached t = {t} yet."
            ).format(layer=record.layer, t=t, top=top)
        return self.tr(
            "output[{t}] joins both directions of the top layer; the reverse direction has not "
            "reached t = {t} yet (it runs from the last time step back to the first)."
        ).format(t=t)

    def _show_probabilities(self, probabilities: torch.Tensor, t: int) -> None:
        simulation = self._session.simulation
        vocab = simulation.model.class_names if self._classes else simulation.model.vocab.tokens
        k = min(style.OUTPUT_TOP_K, len(vocab))
        top = torch.topk(probabilities, k)
        values, ids = top.values.tolist(), top.indices.tolist()
        self._shown = [(vocab[i], p) for i, p in zip(ids, values)]
        self._predicted = vocab[ids[0]]
        y = np.arange(k - 1, -1, -1, dtype=float)  # most probable at the top
        brushes = [pg.mkBrush(style.PREDICTED_COLOR if i == 0 else style.PROBABILITY_COLOR) for i in range(k)]
        self._prob_bars.setOpts(x0=np.zeros(k), y=y, width=np.array(values), height=0.7, brushes=brushes)
        plot = self._plot.getPlotItem()
        self._set_once(
            "ticks",
            [[(y[i], style.display_token(vocab[ids[i]])) for i in range(k)]],
            plot.getAxis("left").setTicks,
        )
        x_max = min(1.0, max(0.1, values[0] * 1.3))  # room for the value labels right of the bars
        self._set_once("x", (0, x_max), lambda r: plot.setXRange(*r, padding=0))
        y_top = style.OUTPUT_TOP_K - 0.4 if len(vocab) >= style.OUTPUT_TOP_K else k - 0.4
        self._set_once("y", (-0.6, y_top), lambda r: plot.setYRange(*r, padding=0))
        for i, text in enumerate(self._value_texts[:k]):
            label = f"{values[i]:.3f}"
            if text.toPlainText() != label:
                text.setText(label)
            text.setPos(values[i], y[i])
            text.setVisible(True)

        if self._classes:
            self._show_class_texts(t, values[0])
            return
        tokens = simulation.tokens
        if tokens is None:  # a model with a vocabulary fed the user's own tensor
            tokens = ["·"] * simulation.seq_len
        prefix = "".join(tokens[max(0, t + 1 - PREFIX_TOKENS) : t + 1])
        ellipsis = "…" if t + 1 > PREFIX_TOKENS else ""
        predicted = self._cjk(style.display_token(self._predicted))
        set_text(
            self._headline,
            self.tr("after “{prefix}” the model predicts “{predicted}” (p = {p})").format(
                prefix=ellipsis + self._cjk(prefix),
                p=f"{values[0]:.2f}",
                predicted=f"<b style='color:{style.PREDICTED_COLOR}'>{predicted}</b>",
            ),
        )
        bidirectional = (
            " "
            + self.tr(
                "The reverse direction has also read the tokens after t, so this is not a "
                "fair next-token guess."
            )
            if simulation.config.bidirectional
            else ""
        )
        # Only a freshly initialised model guesses at random; a trained, loaded or edited one may not.
        untrained = (
            ""
            if self._session.model_origin != FRESH_ORIGIN
            else " "
            + self.tr("The weights are untrained, so the guess is random until the model is trained.")
        )
        set_text(
            self._note,
            f"<span style='color:{style.MUTED_COLOR}'>"
            + self.tr("softmax(head(output[{t}])) over the {n}-token vocabulary; top {k} shown.").format(
                t=t, n=len(vocab), k=k
            )
            + f"{untrained}{bidirectional}</span>",
        )

    def _show_class_texts(self, t: int, p: float) -> None:
        """The running guess after step t, and the final prediction once the last step is done."""
        simulation = self._session.simulation
        guess = f"<b style='color:{style.PREDICTED_COLOR}'>{self._cjk(self._predicted)}</b>"
        if simulation.tokens is not None:
            tokens = simulation.tokens
            prefix = "".join(tokens[max(0, t + 1 - PREFIX_TOKENS) : t + 1])
            ellipsis = "…" if t + 1 > PREFIX_TOKENS else ""
            headline = self.tr("after “{prefix}” the class guess is {guess} (p = {p})").format(
                prefix=ellipsis + self._cjk(prefix), guess=guess, p=f"{p:.2f}"
            )
        else:
            headline = self.tr("after step {t} the class guess is {guess} (p = {p})").format(
                t=t, guess=guess, p=f"{p:.2f}"
            )
        last = simulation.seq_len - 1
        if simulation.output_ready(last):
            b = min(self._session.batch_index, simulation.batch_size - 1)
            final = simulation.probabilities_at(last)[b]
            self._final = simulation.model.class_names[int(final.argmax())]
            final_text = self.tr("Final prediction: {name} (p = {p}).").format(
                name=f"<b>{self._cjk(self._final)}</b>", p=f"{float(final.max()):.2f}"
            )
        else:
            final_text = self.tr("The final prediction is the guess after the last step, t = {last}.").format(
                last=last
            )
        set_text(self._headline, headline)
        names = (
            ""
            if simulation.model.labels is not None
            else " " + self.tr("Classes are numbered: a labels file names them.")
        )
        set_text(
            self._note,
            f"<span style='color:{style.MUTED_COLOR}'>"
            + self.tr("softmax(head(output[{t}])) over the {n} classes.").format(
                t=t, n=len(simulation.model.class_names)
            )
            + f" {final_text}{names}</span>",
        )

    def _show_output(self, output: torch.Tensor, t: int, b: int) -> None:
        simulation, config = self._session.simulation, self._session.config
        values = output.detach().cpu().numpy()
        self._output_bars.set_heights(values)
        if self._output_range.update(values):
            self._plot.getPlotItem().setYRange(*self._output_range.bounds, padding=RANGE_PADDING)
            self._plot.getPlotItem().vb.updateMatrix()  # now: deferred, the view would paint twice
        d, h = config.num_directions, config.output_size
        if simulation.batch_size > 1:
            headline = self.tr("output[{t}], batch element {b}: {n} values").format(t=t, b=b, n=d * h)
        else:
            headline = self.tr("output[{t}]: {n} values").format(t=t, n=d * h)
        set_text(self._headline, headline)
        layout = "(batch, seq_len, D*H)" if config.batch_first else "(seq_len, batch, D*H)"
        s = simulation.stepper
        full = [s.B, s.T, d * h] if config.batch_first else [s.T, s.B, d * h]
        if simulation.unbatched:  # nn.RNN returns unbatched input's output without a batch axis
            layout, full = "(seq_len, D*H)", [s.T, d * h]
        if d == 2:
            body = self.tr(
                "shape [D*H] = [{d}*{h}] = [{n}]: the top layer's h<sub>t</sub>; the first {h} come from "
                "the forward direction, the last {h} from the reverse one. The whole output has shape "
                "torch.Size({full}) {layout}."
            )
        else:
            body = self.tr(
                "shape [D*H] = [{d}*{h}] = [{n}]: the top layer's h<sub>t</sub>. The whole output has "
                "shape torch.Size({full}) {layout}."
            )
        body = body.format(d=d, h=h, n=d * h, full=full, layout=layout)
        set_text(
            self._note, f"<span style='color:{style.MUTED_COLOR}'>{body}</span>".replace(", ", ",&nbsp;")
        )

    def _cjk(self, text: str) -> str:
        return f"<span style=\"font-family:'{self._cjk_family}'\">{html.escape(text)}</span>"
