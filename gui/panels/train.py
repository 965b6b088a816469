"""Train panel: teach the model "我爱" → "你" (or a corpus) and watch the loss fall.

The training itself is engine.training's `Trainer`, run off the GUI thread by
gui.training_worker. This panel collects the settings, shows the loss curve and the progress,
and puts the model being trained into the session: live (a few times per second, so the
heatmaps and the prediction move as it learns) and for good when the run ends. The session keeps
the student's step position (and sub-operation stage) through each of those model changes, so
stepping and playing go on while the model learns; afterwards stepping uses the trained weights.

Pause stops after the epoch in progress and keeps the trainer (with its optimizer state) to
resume; Cancel stops the same way and keeps the model of the last completed epoch.

Over 500 lines, on purpose: One panel around one training run: its settings, the run's states
(running, pausing, paused, cancelling) and the live loss and gradient plots that follow them.
"""

from __future__ import annotations

import copy
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import TextError, UserError
from rnn_stepper.engine.training import (
    DEFAULT_CORPUS,
    LIMITS,
    MAX_LEARNING_RATE,
    Trainer,
    TrainingConfig,
    TrainingData,
)
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.i18n import translate_error
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.panels.scrolling import intro_label, scrolling_body
from rnn_stepper.gui.plotting.compact_plots import CompactPlotWidget
from rnn_stepper.gui.workers.training_worker import (
    CANCELLED,
    CANCELLING,
    FAILED,
    FINISHED,
    IDLE,
    PAUSED,
    PAUSING,
    RUNNING,
    TrainingRun,
    warm_up,
)

log = logging.getLogger(__name__)

DEFAULTS = TrainingConfig()
LEARNING_RATE_RANGE = (0.0001, MAX_LEARNING_RATE)
CLIP_MAX = 100.0
LOSS_PLOT_MIN_HEIGHT = 160
LOG_FLOOR = 1e-8  # a loss of exactly 0 cannot be drawn on a log scale


@dataclass(frozen=True)
class _Plan:
    training: TrainingConfig
    make_trainer: Callable[[], Trainer]
    base_config: RNNConfig  # the architecture; the text shown is chosen per update
    display_text: str  # the text to show the model on when the one being stepped cannot be read
    note: str  # why new weights are trained, or ""
    summary: str  # what is trained on, for the status line


def _spells(vocab, text: str) -> bool:
    """Whether the vocabulary can encode `text` (every character known)."""
    try:
        vocab.encode(text)
        return True
    except (TextError, ValueError):
        return False


class TrainPanel(StepPanel):
    TITLE = "Train"
    OBJECT_NAME = "trainPanel"

    trainingStarted = Signal()
    # After each run segment: "paused", "finished", "cancelled" or "failed"; the session already
    # holds the model of the last completed epoch when this is emitted.
    trainingStopped = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.run: TrainingRun | None = None
        self._cjk_family = register_bundled_font()
        self._text_follows_session = True  # until the user types their own training text
        self._display_text = ""  # the text the session shows the model on while training
        self._base_config = session.config  # the configuration of the model being trained
        self._latest_snapshot = None  # the newest live snapshot not yet shown
        self._epochs: list[int] = []
        self._losses: list[float] = []
        self._first_loss: float | None = None
        self._build()
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(round(1000 / style.LIVE_UPDATES_PER_SECOND))
        self._live_timer.timeout.connect(self._apply_latest_snapshot)
        session.simulationChanged.connect(self._on_simulation_changed)
        self._on_simulation_changed(session.simulation)
        self._sync_buttons()

    # ---- public ---------------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self.run.state if self.run is not None else IDLE

    @property
    def is_busy(self) -> bool:
        """A run is going, finishing its epoch, or paused (the trainer owns the model then)."""
        return self.state != IDLE

    def training_config(self) -> TrainingConfig:
        return TrainingConfig(
            epochs=self.epochs_spin.value(),
            learning_rate=self.lr_spin.value(),
            optimizer=self.optimizer_combo.currentData(),
            clip=self.clip_spin.value(),
            seed=self.seed_spin.value(),
        )

    def training_data(self) -> TrainingData:
        if self.corpus_radio.isChecked():
            path = self.corpus_edit.text().strip()
            if not path:
                raise UserError("gui.as_given", text=self.tr("choose a corpus file (one sentence per line)"))
            return TrainingData.from_file(Path(path).expanduser())
        return TrainingData.from_text(self.text_edit.text())

    def loss_points(self) -> tuple[list[int], list[float]]:
        """(epochs, losses) as drawn in the loss curve."""
        x, y = self.loss_curve.getOriginalDataset()
        if x is None:
            return [], []
        return [int(v) for v in x], [float(v) for v in y]

    def status_text(self) -> str:
        return self.status_label.text()

    def start_training(self) -> bool:
        """Check the form, then train in the training thread; False (and why, in red) on a refusal."""
        if self.is_busy:
            return False
        try:
            plan = self._plan()
        except UserError as exc:
            self._show_status(translate_error(exc), error=True)
            return False
        self._base_config, self._display_text = plan.base_config, plan.display_text
        epochs = plan.training.epochs
        self._epochs, self._losses, self._first_loss = [], [], None
        self.loss_curve.setData([], [])
        self.progress.setRange(0, epochs)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("epoch 0 / {0}").format(epochs))
        self.run = TrainingRun(plan.make_trainer, epochs, self)
        self.run.progressed.connect(self._on_progress)
        self.run.snapshotReady.connect(self._on_snapshot)
        self.run.paused.connect(self._on_paused)
        self.run.ended.connect(self._on_ended)
        self.run.stateChanged.connect(self._sync_buttons)
        self._show_status(plan.note + self.tr("Training on {0}…").format(plan.summary))
        self.run.start()
        self.trainingStarted.emit()
        return True

    def pause(self) -> None:
        if self.run is not None:
            self.run.pause()

    def resume(self) -> None:
        if self.run is not None and self.run.state == PAUSED:
            self._show_status(self.tr("Resuming from epoch {0}…").format(self.run.trainer.epochs_done + 1))
            self.run.resume()

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()

    def shutdown(self) -> None:
        """The window is closing: stop the thread after its epoch, apply nothing."""
        if self.run is not None:
            self.run.shutdown()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        warm_up()  # the student is looking at training: get PyTorch's optimizer machinery ready

    # ---- state kept across a language switch (MainWindow rebuilds the panels while no run is busy) -----

    def ui_state(self) -> dict:
        return {
            "text": self.text_edit.text(),
            "text_follows": self._text_follows_session,
            "corpus": self.corpus_edit.text(),
            "use_corpus": self.corpus_radio.isChecked(),
            "continue": self.continue_check.isChecked(),
            "config": self.training_config(),
            "log": self.log_check.isChecked(),
            "live": self.live_check.isChecked(),
            "epochs_done": list(self._epochs),
            "losses": list(self._losses),
            "first_loss": self._first_loss,
            "progress": (self.progress.maximum(), self.progress.value()),
        }

    def restore_ui_state(self, state: dict) -> None:
        self._text_follows_session = state["text_follows"]
        self.text_edit.setText(state["text"])
        self.corpus_edit.setText(state["corpus"])
        (self.corpus_radio if state["use_corpus"] else self.text_radio).setChecked(True)
        self.continue_check.setChecked(state["continue"])
        training = state["config"]
        self.epochs_spin.setValue(training.epochs)
        self.lr_spin.setValue(training.learning_rate)
        self.optimizer_combo.setCurrentIndex(max(0, self.optimizer_combo.findData(training.optimizer)))
        self.clip_spin.setValue(training.clip)
        self.seed_spin.setValue(training.seed)
        self.log_check.setChecked(state["log"])
        self.live_check.setChecked(state["live"])
        self._epochs, self._losses, self._first_loss = (
            state["epochs_done"],
            state["losses"],
            state["first_loss"],
        )
        if self._epochs:
            self.loss_curve.setData(
                np.asarray(self._epochs, dtype=float), np.asarray(self._losses, dtype=float)
            )
            total, done = state["progress"]
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("epoch {0} / {1}").format(done, total))

    def plot_items(self) -> list:
        return [self.loss_plot.getPlotItem()]

    def export_widget(self) -> QWidget:
        """The loss curve: the part of this panel worth a picture (the rest is a form)."""
        return self.loss_plot

    # ---- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = scrolling_body(self)
        layout.addWidget(
            intro_label(
                self.tr(
                    "Train the model to predict the next character: after “我爱” comes “你”. "
                    "The other panels follow the model while it learns."
                )
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.text_radio = QRadioButton(self.tr("Text"))
        self.text_radio.setToolTip(self.tr("Train on one text, read as one sequence"))
        self.corpus_radio = QRadioButton(self.tr("Corpus"))
        self.corpus_radio.setToolTip(self.tr("Train on a text file with one sentence per line"))
        group = QButtonGroup(self)
        group.addButton(self.text_radio)
        group.addButton(self.corpus_radio)
        self.text_radio.setChecked(True)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("trainTextEdit")
        self.text_edit.setToolTip(
            self.tr("The text to learn (follows the text being stepped until you type here)")
        )
        font = self.text_edit.font()
        font.setFamilies([font.family(), self._cjk_family])
        self.text_edit.setFont(font)
        self.text_edit.textEdited.connect(self._on_text_edited)
        self.corpus_edit = QLineEdit(str(DEFAULT_CORPUS))
        self.corpus_edit.setObjectName("trainCorpusEdit")
        self.corpus_edit.setToolTip(
            self.tr("A UTF-8 text file, one sentence per line (the bundled one: 60 short Chinese sentences)")
        )
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setToolTip(self.tr("Choose a corpus file"))
        self.browse_button.clicked.connect(self._browse_corpus)
        text_row = QHBoxLayout()
        text_row.addWidget(self.text_radio)
        text_row.addWidget(self.text_edit, 1)
        corpus_row = QHBoxLayout()
        corpus_row.addWidget(self.corpus_radio)
        corpus_row.addWidget(self.corpus_edit, 1)
        corpus_row.addWidget(self.browse_button)
        form.addRow(self.tr("Learn"), text_row)
        form.addRow("", corpus_row)

        self.continue_check = QCheckBox(self.tr("continue from the current weights"))
        self.continue_check.setChecked(True)
        self.continue_check.setToolTip(
            self.tr(
                "On: train the model being stepped now (train again to train more). Off, or when its "
                "vocabulary lacks characters of the training text: new random weights, and a vocabulary "
                "made from the training text."
            )
        )
        form.addRow(self.tr("Start"), self.continue_check)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(*LIMITS["epochs"])
        self.epochs_spin.setValue(DEFAULTS.epochs)
        self.epochs_spin.setToolTip(self.tr("Passes over the training text"))
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(*LEARNING_RATE_RANGE)
        self.lr_spin.setSingleStep(0.005)
        self.lr_spin.setValue(DEFAULTS.learning_rate)
        self.lr_spin.setToolTip(
            self.tr("How far each step moves the weights (try 0.01 to 0.05 with Adam, 0.1 to 1 with SGD)")
        )
        self.optimizer_combo = QComboBox()
        self.optimizer_combo.addItem("Adam", "adam")
        self.optimizer_combo.addItem("SGD", "sgd")
        self.optimizer_combo.setToolTip(
            self.tr("Adam adapts the step per weight; SGD moves every weight by learning rate × gradient")
        )
        self.clip_spin = QDoubleSpinBox()
        self.clip_spin.setRange(0.0, CLIP_MAX)
        self.clip_spin.setDecimals(2)
        self.clip_spin.setSingleStep(0.5)
        self.clip_spin.setValue(DEFAULTS.clip)
        self.clip_spin.setSpecialValueText(self.tr("off"))
        self.clip_spin.setToolTip(
            self.tr(
                "Gradient clipping: the largest gradient norm per step "
                "(keeps exploding gradients in check); 0 = off"
            )
        )
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(*LIMITS["seed"])
        self.seed_spin.setValue(DEFAULTS.seed)
        self.seed_spin.setToolTip(
            self.tr("Seed for the order of the sentences (new weights come from the configuration's seed)")
        )
        numbers = QHBoxLayout()
        numbers.addWidget(self.epochs_spin)
        numbers.addWidget(QLabel(self.tr("learning rate")))
        numbers.addWidget(self.lr_spin)
        form.addRow(self.tr("Epochs"), numbers)
        options = QHBoxLayout()
        options.addWidget(self.optimizer_combo)
        options.addWidget(QLabel(self.tr("clip")))
        options.addWidget(self.clip_spin)
        options.addWidget(QLabel(self.tr("seed")))
        options.addWidget(self.seed_spin)
        form.addRow(self.tr("Optimizer"), options)
        layout.addLayout(form)
        self._form_widgets = [
            self.text_radio,
            self.corpus_radio,
            self.text_edit,
            self.corpus_edit,
            self.browse_button,
            self.continue_check,
            self.epochs_spin,
            self.lr_spin,
            self.optimizer_combo,
            self.clip_spin,
            self.seed_spin,
        ]

        buttons = QHBoxLayout()
        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setObjectName("trainButton")
        self.train_button.setToolTip(self.tr("Start training with these settings"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Stop after the current epoch; Resume goes on from there"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Go on training from where it was paused"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Stop after the current epoch and keep the model of the last completed epoch")
        )
        self.train_button.clicked.connect(self.start_training)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(self.resume)
        self.cancel_button.clicked.connect(self.cancel)
        for button in (self.train_button, self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self.progress = QProgressBar()
        self.progress.setRange(0, DEFAULTS.epochs)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("not trained yet"))
        self.progress.setTextVisible(True)
        self.progress.setToolTip(self.tr("Epochs done and the time spent training"))
        layout.addWidget(self.progress)
        self.status_label = QLabel()
        self.status_label.setObjectName("trainStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_font = self.status_label.font()
        status_font.setFamilies([status_font.family(), self._cjk_family])  # training texts are Chinese
        self.status_label.setFont(status_font)
        layout.addWidget(self.status_label)

        plot_options = QHBoxLayout()
        self.log_check = QCheckBox(self.tr("log scale"))
        self.log_check.setChecked(True)
        self.log_check.setToolTip(self.tr("A logarithmic loss axis shows the late, small improvements too"))
        self.log_check.toggled.connect(self._on_log_toggled)
        self.live_check = QCheckBox(self.tr("other panels follow the model while training"))
        self.live_check.setChecked(True)
        self.live_check.setToolTip(
            self.tr(
                "Show the model being trained in every panel, {0} times a second "
                "at most; off: only when training stops"
            ).format(style.LIVE_UPDATES_PER_SECOND)
        )
        plot_options.addWidget(self.log_check)
        plot_options.addWidget(self.live_check)
        plot_options.addStretch(1)
        layout.addLayout(plot_options)

        self.loss_plot = CompactPlotWidget(
            LOSS_PLOT_MIN_HEIGHT,
            background=style.PLOT_BACKGROUND,
            axisItems={"left": style.DecadeLogAxis("left")},
        )
        self.loss_plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        plot = self.loss_plot.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setTitle(
            self.tr("loss (mean cross-entropy per character)"), color=style.PLOT_FOREGROUND, size="10pt"
        )
        plot.setLabel("bottom", self.tr("epoch"), color=style.PLOT_FOREGROUND)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
            axis.enableAutoSIPrefix(False)
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")  # 100 000 epochs draw as fast as 1000
        plot.setLogMode(y=True)
        self.loss_curve = plot.plot([], [], pen=pg.mkPen(style.LOSS_COLOR, width=style.LOSS_LINE_WIDTH))
        layout.addWidget(self.loss_plot, 1)

    # ---- the form ---------------------------------------------------------------------------------------

    def _on_text_edited(self, _text: str) -> None:
        self._text_follows_session = False
        self.text_radio.setChecked(True)

    def _on_simulation_changed(self, simulation) -> None:
        config = simulation.config
        if self._text_follows_session and config.is_text and not self.is_busy:
            self.text_edit.setText(config.text)

    def _browse_corpus(self) -> None:
        start = str(Path(self.corpus_edit.text()).expanduser().parent)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Corpus: one sentence per line"),
            start,
            self.tr("Text files (*.txt);;All files (*)"),
        )
        if path:
            self.corpus_edit.setText(path)
            self.corpus_radio.setChecked(True)

    def _on_log_toggled(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=on)

    def _sync_buttons(self, _state: str | None = None) -> None:
        state = self.state
        self.train_button.setEnabled(state == IDLE)
        self.pause_button.setEnabled(state == RUNNING)
        self.resume_button.setEnabled(state == PAUSED)
        self.cancel_button.setEnabled(state in (RUNNING, PAUSING, PAUSED))
        for widget in self._form_widgets:
            widget.setEnabled(state == IDLE)
        if state == PAUSING:
            self._show_status(self.tr("Pausing after this epoch…"))
        elif state == CANCELLING:
            self._show_status(self.tr("Cancelling after this epoch…"))

    # ---- starting -------------------------------------------------------------------------------------

    def _plan(self) -> _Plan:
        """Everything the worker needs to make the trainer, checked here (a refusal is immediate).

        With "continue from the current weights", a copy of the running model is trained if its
        vocabulary spells every character of the data; otherwise a new model gets a vocabulary
        made from the data. The model is copied here, in the GUI thread that owns it."""
        data = self.training_data()
        training = self.training_config()
        config = self.session.config
        current = self.session.simulation.model
        model, note = None, ""
        if self.continue_check.isChecked():
            if current.is_text and not current.predicts_next_token:
                note = self.tr(
                    "New random weights: the current model is a classifier, and training here "
                    "predicts the next character. "
                )
            elif current.is_text:
                unknown = sorted({c for c in "".join(data.sentences) if not _spells(current.vocab, c)})
                if unknown:
                    note = self.tr(
                        "New random weights: the current model does not know {0} of the characters ({1}). "
                    ).format(len(unknown), "".join(unknown[:10]))
                else:
                    model = copy.deepcopy(current)
            else:
                note = self.tr(
                    "New random weights: the current model has no characters (random tensor input). "
                )
        vocab = model.vocab if model is not None else data.vocabulary()
        display = config.text if config.is_text and _spells(vocab, config.text) else data.first_sentence

        def make_trainer() -> Trainer:  # runs in the training thread
            return Trainer(data, training, config, model)

        if len(data.sentences) == 1:
            summary = self.tr("“{0}”").format(self._short(data.sentences[0]))
        else:
            summary = self.tr("{0} sentences (a vocabulary of {1} characters)").format(
                len(data.sentences), len(data.vocabulary())
            )
        return _Plan(training, make_trainer, config, display, note, summary)

    @staticmethod
    def _short(text: str, limit: int = 24) -> str:
        return text if len(text) <= limit else text[:limit] + "…"

    # ---- while training --------------------------------------------------------------------------------

    def _on_progress(self, records) -> None:
        if not records:
            return
        if self._first_loss is None:
            self._first_loss = records[0].loss
        self._epochs.extend(r.epoch for r in records)
        self._losses.extend(max(r.loss, LOG_FLOOR) for r in records)
        self.loss_curve.setData(np.asarray(self._epochs, dtype=float), np.asarray(self._losses, dtype=float))
        last = records[-1]
        total = self.run.epochs if self.run is not None else last.epoch
        self.progress.setMaximum(total)
        self.progress.setValue(last.epoch)
        self.progress.setFormat(
            self.tr("epoch {0} / {1} · {2:.1f} s").format(last.epoch, total, last.elapsed)
        )
        if self.state == RUNNING:
            self._show_status(
                self.tr("Training: epoch {0} of {1}, loss {2:.4f}, gradient norm {3:.3g}").format(
                    last.epoch, total, last.loss, last.grad_norm
                )
            )

    def _on_snapshot(self, model) -> None:
        if not self.live_check.isChecked() or self.state != RUNNING:
            return
        self._latest_snapshot = model
        if not self._live_timer.isActive():  # throttle: now, then at most every interval
            self._apply_latest_snapshot()

    def _apply_latest_snapshot(self) -> None:
        model, self._latest_snapshot = self._latest_snapshot, None
        if model is None:
            return
        self._show_model(model)
        self._live_timer.start()

    def _show_model(self, model) -> bool:
        """Put `model` into the session on the text being stepped; position and stage stay."""
        if self.run is None:
            return False
        base = self._base_config
        text = self.session.config.text if self.session.config.is_text else ""
        if not (text and _spells(model.vocab, text)):
            text = self._display_text
        try:
            return self.session.set_config(
                base.replace(text=text, batch_size=1), model, keep_stage=True, origin="trained in the app"
            )
        except Exception as exc:  # a model that cannot be shown must not stop training
            log.exception("could not show the model being trained")
            self._show_status(f"{type(exc).__name__}: {exc}", error=True)
            return False

    # ---- stopping ---------------------------------------------------------------------------------------

    def _on_paused(self, model) -> None:
        self._stop_live_updates()
        if model is not None:
            self._show_model(model)
        done, total = self.run.trainer.epochs_done, self.run.trainer.training.epochs
        self._show_status(
            self.tr(
                "Paused after epoch {0} of {1}. Step through the model as it is now; "
                "Resume goes on with epoch {2}."
            ).format(done, total, done + 1)
        )
        self.trainingStopped.emit("paused")

    def _on_ended(self, model, how: str, message: str) -> None:
        self._stop_live_updates()
        trainer = self.run.trainer
        message = translate_error(message)  # the worker's messages are engine Messages
        if trainer is None:  # refused before the first epoch (the worker could not make the trainer)
            self._show_status(message, error=True)
            self.progress.setFormat(self.tr("not trained"))
            self.trainingStopped.emit("failed")
            self._sync_buttons()
            return
        shown = model is not None and self._show_model(model)
        done, total = trainer.epochs_done, trainer.training.epochs
        if how == FAILED:
            kept = self.tr(" The model after epoch {0} is kept.").format(done) if shown else ""
            self._show_status(message + kept, error=True)
        elif how == CANCELLED:
            self._show_status(
                self.tr(
                    "Cancelled after epoch {0} of {1}. The model is the one after epoch {0} "
                    "(every weight from that completed epoch), and stepping now uses it."
                ).format(done, total)
            )
        else:
            self._show_status(self._finished_text(trainer, model), rich=True)
        self.progress.setFormat(self.tr("epoch {0} / {1} · {2:.2f} s").format(done, total, trainer.elapsed))
        self.trainingStopped.emit({FINISHED: "finished", CANCELLED: "cancelled"}.get(how, "failed"))
        self._sync_buttons()

    def _finished_text(self, trainer: Trainer, model) -> str:
        last = trainer.history[-1].loss if trainer.history else float("nan")
        first = self._first_loss if self._first_loss is not None else last
        text = html.escape(
            self.tr(
                "Trained {0} epochs in {1:.2f} s: loss {2:.3f} → {3:.4f}. Stepping now uses "
                "the trained weights."
            ).format(trainer.epochs_done, trainer.elapsed, first, last)
        )
        sentence = self.session.config.text if self.session.config.is_text else ""
        if model is not None and len(sentence) >= 2 and model.predicts_next_token:
            from rnn_stepper.engine.generate import top_predictions

            try:
                token, p = top_predictions(model, sentence[:-1], k=1)[0]
            except UserError:
                return text
            prefix = self._cjk(self._short(sentence[:-1]))
            text += self.tr(" After “{0}” it predicts “{1}” (p = {2:.2f}).").format(
                prefix, self._cjk(style.display_token(token)), p
            )
        return text

    def _stop_live_updates(self) -> None:
        self._latest_snapshot = None  # a live snapshot older than the final model must not follow it
        self._live_timer.stop()

    def _show_status(self, text: str, error: bool = False, rich: bool = False) -> None:
        """`text` is plain (escaped here) unless `rich`."""
        color = style.ERROR_COLOR if error else style.PLOT_FOREGROUND
        body = text if rich else html.escape(text)
        self.status_label.setText(f"<span style='color:{color}'>{body}</span>")

    def _cjk(self, text: str) -> str:
        return f"<span style=\"font-family:'{self._cjk_family}'\">{html.escape(text)}</span>"
