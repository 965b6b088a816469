"""Generate panel: let the model write, one character at a time, from a prefix.

engine.generate picks each next character from the head's prediction (temperature 0: always the
most probable one; higher: sampled, more surprising; a seed makes a sample repeatable) and feeds
it back in. The panel shows the generated characters with the probability each had when it was
picked, and "Show in the network" loads prefix + generated text as the text being stepped (same
model), from the start, so the student can watch the network produce it cell by cell.
"""

from __future__ import annotations

import html
import logging

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
)
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.generate import MAX_GENERATED, Generation, generate
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import cjk_font, register_bundled_font
from rnn_stepper.gui.i18n import translate_error
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.panels.scrolling import intro_label, scrolling_body
from rnn_stepper.gui.plotting.compact_plots import CompactPlotWidget
from rnn_stepper.gui.session import FRESH_ORIGIN

log = logging.getLogger(__name__)

DEFAULT_STEPS = 10
MAX_STEPS_IN_PANEL = 1000  # more would not be readable here (the engine allows MAX_GENERATED)
TEMPERATURE_SCALE = 100  # slider units per 1.0
MAX_TEMPERATURE = 2.0
DEFAULT_TEMPERATURE = 0.0
PLOT_MIN_HEIGHT = 150
MAX_TICK_LABELS = 40  # beyond this many characters the probability plot's axis shows numbers


class GeneratePanel(StepPanel):
    TITLE = "Generate"
    OBJECT_NAME = "generatePanel"

    generated = Signal(object)  # Generation

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.generation: Generation | None = None
        self._generation_model = None  # the model that wrote `generation`
        self._prefix_follows_session = True  # until the user types their own prefix
        self._cjk_family = register_bundled_font()
        self._build()
        session.simulationChanged.connect(self._on_simulation_changed)
        session.weightsChanged.connect(self._on_weights_changed)
        self._on_simulation_changed(session.simulation)

    # ---- public ---------------------------------------------------------------------------------------

    @property
    def temperature(self) -> float:
        return self.temperature_slider.value() / TEMPERATURE_SCALE

    def set_temperature(self, value: float) -> None:
        self.temperature_slider.setValue(round(value * TEMPERATURE_SCALE))

    def run_generation(self) -> Generation | None:
        """Generate with the form's settings from the model being stepped; None (and a message) on a refusal."""
        model = self.session.simulation.model
        try:
            generation = generate(
                model,
                self.prefix_edit.text(),
                self.steps_spin.value(),
                self.temperature,
                self.seed_spin.value(),
            )
        except UserError as exc:
            self._show_error(translate_error(exc))
            return None
        self.generation, self._generation_model = generation, model
        self._show(generation)
        self.show_button.setEnabled(True)
        self.generated.emit(generation)
        return generation

    def show_in_network(self) -> bool:
        """Step prefix + generated text with the same model, from the first cell."""
        generation = self.generation
        if generation is None:
            return False
        model = self._generation_model
        if model is not self.session.simulation.model:
            self._show_error(self.tr("The model has changed since this text was generated: generate again."))
            return False
        config = generation.simulation_config(self.session.config)
        self._prefix_follows_session = False  # keep the prefix: the student may generate again from it
        self.session.pause()
        if not self.session.set_config(config, model):
            return False
        self.session.seek(0)
        return True

    def shown_text(self) -> str:
        """The generated characters as shown (without the prefix)."""
        return self.generation.generated_text if self.generation is not None else ""

    def shown_probabilities(self) -> list[float]:
        """The chosen characters' probabilities as drawn in the plot."""
        if not self.bars.isVisible():
            return []
        return [float(v) for v in self.bars.opts["height"]]

    # ---- state kept across a language switch (MainWindow rebuilds the panels) --------------------------

    def ui_state(self) -> dict:
        return {
            "prefix": self.prefix_edit.text(),
            "prefix_follows": self._prefix_follows_session,
            "steps": self.steps_spin.value(),
            "seed": self.seed_spin.value(),
            "temperature": self.temperature_slider.value(),
            "generation": self.generation,
            "model": self._generation_model,
        }

    def restore_ui_state(self, state: dict) -> None:
        self._prefix_follows_session = state["prefix_follows"]
        self.prefix_edit.setText(state["prefix"])
        self.steps_spin.setValue(state["steps"])
        self.seed_spin.setValue(state["seed"])
        self.temperature_slider.setValue(state["temperature"])
        generation, model = state["generation"], state["model"]
        if generation is not None:
            self.generation, self._generation_model = generation, model
            self._show(generation)
            self.show_button.setEnabled(model is self.session.simulation.model)

    def plot_items(self) -> list:
        return [self.plot.getPlotItem()]

    # ---- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = scrolling_body(self)
        layout.addWidget(
            intro_label(
                self.tr("The model writes: it predicts a character, takes it as the next input, and repeats.")
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setObjectName("generatePrefix")
        self.prefix_edit.setToolTip(
            self.tr("The text the model reads first (every character must be in its vocabulary)")
        )
        font = self.prefix_edit.font()
        font.setFamilies([font.family(), self._cjk_family])
        self.prefix_edit.setFont(font)
        self.prefix_edit.textEdited.connect(self._on_prefix_edited)
        self.prefix_edit.returnPressed.connect(self.run_generation)
        form.addRow(self.tr("Prefix"), self.prefix_edit)

        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, min(MAX_GENERATED, MAX_STEPS_IN_PANEL))
        self.steps_spin.setValue(DEFAULT_STEPS)
        self.steps_spin.setToolTip(self.tr("How many characters to generate"))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setToolTip(self.tr("The same seed gives the same text (above temperature 0)"))
        counts = QHBoxLayout()
        counts.addWidget(self.steps_spin)
        counts.addWidget(QLabel(self.tr("seed")))
        counts.addWidget(self.seed_spin)
        counts.addStretch(1)
        form.addRow(self.tr("Characters"), counts)

        self.temperature_slider = QSlider(Qt.Orientation.Horizontal)
        self.temperature_slider.setRange(0, round(MAX_TEMPERATURE * TEMPERATURE_SCALE))
        self.temperature_slider.setValue(round(DEFAULT_TEMPERATURE * TEMPERATURE_SCALE))
        self.temperature_slider.setSingleStep(5)
        self.temperature_slider.setPageStep(25)
        self.temperature_slider.setToolTip(
            self.tr(
                "0: always the most probable character (greedy). Above 0: sampled from softmax(logits / T); "
                "higher T flattens the distribution, so rarer characters come up more often."
            )
        )
        self.temperature_label = QLabel()
        self.temperature_label.setMinimumWidth(96)
        self.temperature_slider.valueChanged.connect(self._on_temperature)
        temperature = QHBoxLayout()
        temperature.addWidget(self.temperature_slider, 1)
        temperature.addWidget(self.temperature_label)
        form.addRow(self.tr("Temperature"), temperature)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setToolTip(self.tr("Write the characters with the model being stepped"))
        self.generate_button.clicked.connect(self.run_generation)
        self.show_button = QPushButton(self.tr("Show in the network"))
        self.show_button.setObjectName("showGeneratedButton")
        self.show_button.setToolTip(
            self.tr("Step prefix + generated text with this model, from the first cell")
        )
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self.show_in_network)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.result_label = QLabel()
        self.result_label.setObjectName("generatedText")
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_font = self.result_label.font()
        result_font.setFamilies([result_font.family(), self._cjk_family])
        result_font.setPointSizeF(style.GENERATED_POINTS)
        self.result_label.setFont(result_font)
        layout.addWidget(self.result_label)
        self.detail_label = QLabel()
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setWordWrap(True)
        detail_font = self.detail_label.font()
        detail_font.setFamilies([detail_font.family(), self._cjk_family])
        self.detail_label.setFont(detail_font)
        layout.addWidget(self.detail_label)

        self.plot = CompactPlotWidget(
            PLOT_MIN_HEIGHT, background=style.PLOT_BACKGROUND, axisItems={"bottom": style.IndexAxis("bottom")}
        )
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=True, y=False)
        item.setTitle(
            self.tr("probability of each chosen character"), color=style.PLOT_FOREGROUND, size="10pt"
        )
        item.setYRange(0, 1.05, padding=0)
        item.showGrid(x=False, y=True, alpha=0.2)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
        item.getAxis("bottom").setStyle(tickFont=cjk_font(style.TOKEN_POINTS))
        self.bars = pg.BarGraphItem(
            x=np.zeros(0), height=np.zeros(0), width=0.7, pen=None, brush=pg.mkBrush(style.PROBABILITY_COLOR)
        )
        item.addItem(self.bars)
        layout.addWidget(self.plot, 1)
        self._on_temperature(self.temperature_slider.value())
        self._show_placeholder()

    # ---- reacting -------------------------------------------------------------------------------------

    def _on_temperature(self, _value: int) -> None:
        t = self.temperature
        self.temperature_label.setText(self.tr("{0:.2f} (greedy)").format(t) if t == 0 else f"{t:.2f}")

    def _on_prefix_edited(self, _text: str) -> None:
        self._prefix_follows_session = False

    def _on_weights_changed(self) -> None:
        """An edit, an undo: the same model object with other weights; its text is no longer theirs."""
        self._generation_model = None

    def _on_simulation_changed(self, simulation) -> None:
        self.safely(self._follow_simulation, simulation)

    def _follow_simulation(self, simulation) -> None:
        text_model = simulation.model.predicts_next_token and simulation.model.vocab is not None
        for widget in (
            self.prefix_edit,
            self.steps_spin,
            self.seed_spin,
            self.temperature_slider,
            self.generate_button,
        ):
            widget.setEnabled(text_model)
        if not text_model:
            self.show_button.setEnabled(False)
            self._show_error(
                self.tr(
                    "Generating needs a text model (characters → embedding → RNN → head): "
                    "choose text input in the Configuration panel."
                ),
                error=False,
            )
            return
        config = simulation.config
        if self._prefix_follows_session and config.is_text:
            self.prefix_edit.setText(config.text[:-1] if len(config.text) > 1 else config.text)
        current = self.generation is not None and self._generation_model is simulation.model
        self.show_button.setEnabled(current)
        if self.generation is None:
            self._show_placeholder()
        elif not current:  # written by other weights: say so instead of its old details
            self._show_error(
                self.tr("The model has changed since this text was generated: generate again."), error=False
            )

    # ---- showing ----------------------------------------------------------------------------------------

    def _show_placeholder(self) -> None:
        self.result_label.setText(
            f"<span style='color:{style.MUTED_COLOR}'>" + html.escape(self.tr("Press Generate.")) + "</span>"
        )
        if self.session.model_origin == FRESH_ORIGIN:
            hint = self.tr("An untrained model writes noise: train it first (Train panel).")
        else:
            hint = self.tr("Continues the prefix with the weights the app is running now.")
        self.detail_label.setText(f"<span style='color:{style.MUTED_COLOR}'>" + html.escape(hint) + "</span>")
        self.bars.setVisible(False)

    def _show_error(self, text: str, error: bool = True) -> None:
        color = style.ERROR_COLOR if error else style.MUTED_COLOR
        self.detail_label.setText(f"<span style='color:{color}'>{html.escape(text)}</span>")

    def _show(self, generation: Generation) -> None:
        muted, color = style.MUTED_COLOR, style.GENERATED_COLOR
        prefix = html.escape(generation.prefix)
        generated = html.escape("".join(style.display_token(t) for t in generation.tokens))
        self.result_label.setText(
            f"<span style='color:{muted}'>{prefix}</span><b style='color:{color}'>{generated}</b>"
        )
        probabilities = generation.chosen_probabilities
        pairs = " · ".join(
            f"{html.escape(style.display_token(t))}&nbsp;<span style='color:{muted}'>{p:.2f}</span>"
            for t, p in zip(generation.tokens, probabilities)
        )
        how = (
            self.tr("greedy: always the most probable character")
            if generation.temperature == 0
            else self.tr("sampled at temperature {0:.2f}, seed {1}").format(
                generation.temperature, generation.seed
            )
        )
        self.detail_label.setText(f"{pairs}<br><span style='color:{muted}'>{html.escape(how)}</span>")
        n = len(probabilities)
        x = np.arange(n, dtype=float)
        self.bars.setOpts(x=x, height=np.array(probabilities, dtype=float), width=0.7)
        self.bars.setVisible(True)
        axis = self.plot.getPlotItem().getAxis("bottom")
        axis.set_names(
            {i: style.display_token(t) for i, t in enumerate(generation.tokens)}
            if n <= MAX_TICK_LABELS
            else {}
        )
        self.plot.getPlotItem().setXRange(-0.6, n - 0.4, padding=0)
