"""Configuration panel: every option of `nn.RNN` (or `nn.LSTM` / `nn.GRU`, chosen by "cell") plus
the inputs, applied as soon as it changes.

A change builds a new simulation through `session.set_config(config.replace(...), background=True)`;
the session keeps the step position where it still exists. A big model (T = 1000, H = 1024) is
prepared off the GUI thread: meanwhile the form shows the configuration asked for
(`session.requested_config`, which the next change starts from) and snaps back if it is cancelled
or refused. Limits come from `engine.config.LIMITS`, so the
spin boxes cannot hold an out-of-range number; combinations the engine still refuses (the memory
budget, text it cannot tokenise) come back as `configRejected`, are shown in red below the form,
and the form snaps back to the configuration that is still running.

The form mirrors the session (after a preset, a loaded model, a rejected change) inside
QSignalBlocker, so showing a value never applies it again.

A number typed outside the limits ("0", "-5", "99999") is not silently dropped, as a plain
QSpinBox would: `LimitedSpinBox` lets it be typed and, on Enter, the engine's own message says
which range is allowed. A model opened from a file or a lesson is kept for changes that only
concern the inputs (text, seq_len, batch_size, h0, seed), so its vocabulary then refuses
characters it does not know; a change of the model's shape builds a fresh model and says so.

Over 500 lines, on purpose: One form: every nn.RNN/LSTM/GRU option with its range, the input choices
and the apply-or-refuse logic that keeps the old model on a refusal.
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.engine.cell import CELL_TYPES, MODULES
from rnn_stepper.engine.config import DTYPES, H0_MODES, LIMITS, NONLINEARITIES, RNNConfig, parameter_count
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.presets import PRESETS
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.i18n import translate_error
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.session import KEEP_INPUT

# Shown texts below are English sources, translated at use with self.tr (context "ConfigPanel").
CUSTOM = QT_TRANSLATE_NOOP("ConfigPanel", "(custom)")
TEXT_INPUT = QT_TRANSLATE_NOOP("ConfigPanel", "text")
RANDOM_INPUT = QT_TRANSLATE_NOOP("ConfigPanel", "random tensor")
DEFAULT_TEXT = "我爱你"
MAX_DROPOUT = 0.99
MAX_TYPED_DIGITS = 12  # longer typed numbers are refused as keystrokes (no message needed for those)

# One tooltip per field: what it is in nn.RNN terms.
TIPS = {
    "preset": QT_TRANSLATE_NOOP("ConfigPanel", "Load a ready-made configuration from the lesson"),
    "input_kind": QT_TRANSLATE_NOOP(
        "ConfigPanel",
        "Text: characters → embedding → RNN (batch of 1). "
        "Random tensor: torch.randn(seq_len, batch, input_size), "
        "as in the lesson",
    ),
    "text": QT_TRANSLATE_NOOP(
        "ConfigPanel", "The characters fed to the RNN, one token per character (press Enter to apply)"
    ),
    "input_size": QT_TRANSLATE_NOOP(
        "ConfigPanel", "input_size: length of each x_t (the embedding size for text input)"
    ),
    "cell": QT_TRANSLATE_NOOP(
        "ConfigPanel",
        "The recurrent module: nn.RNN (one tanh or relu layer), nn.LSTM "
        "(gates i, f, g, o and a cell state c_t) or nn.GRU (gates r, z, n)",
    ),
    "proj_size": QT_TRANSLATE_NOOP(
        "ConfigPanel",
        "proj_size (nn.LSTM only): h_t = W_hr (o * tanh(c_t)) has "
        "proj_size numbers instead of hidden_size; 0 = no projection",
    ),
    "hidden_size": QT_TRANSLATE_NOOP("ConfigPanel", "hidden_size: number of neurons in h_t"),
    "num_layers": QT_TRANSLATE_NOOP(
        "ConfigPanel", "num_layers: stacked RNN layers; layer l+1 reads layer l's h_t"
    ),
    "nonlinearity": QT_TRANSLATE_NOOP(
        "ConfigPanel", "nonlinearity: tanh squashes to (−1, 1); relu keeps positives"
    ),
    "bias": QT_TRANSLATE_NOOP("ConfigPanel", "bias: add b_ih and b_hh"),
    "batch_first": QT_TRANSLATE_NOOP(
        "ConfigPanel", "batch_first: input laid out as (batch, seq, feature) instead of (seq, batch, feature)"
    ),
    "dropout": QT_TRANSLATE_NOOP("ConfigPanel", "dropout between layers (needs num_layers > 1)"),
    "bidirectional": QT_TRANSLATE_NOOP(
        "ConfigPanel", "bidirectional: a second RNN reads the sequence backwards"
    ),
    "seq_len": QT_TRANSLATE_NOOP("ConfigPanel", "seq_len: number of time steps of the random input"),
    "batch_size": QT_TRANSLATE_NOOP("ConfigPanel", "batch_size: number of sequences processed side by side"),
    "seed": QT_TRANSLATE_NOOP("ConfigPanel", "Random seed for the weights, the random input and a random h0"),
    "dtype": QT_TRANSLATE_NOOP("ConfigPanel", "Floating-point type of the weights and inputs"),
    "h0": QT_TRANSLATE_NOOP("ConfigPanel", "Initial hidden state h0: zeros (as in the lesson) or random"),
}
NONLINEARITY_GATED_TIP = QT_TRANSLATE_NOOP(
    "ConfigPanel",
    "nonlinearity is an option of nn.RNN only: the gates of nn.LSTM and nn.GRU use sigmoid and tanh",
)
PROJ_SIZE_RNN_TIP = QT_TRANSLATE_NOOP("ConfigPanel", "proj_size is an option of nn.LSTM only")
DROPOUT_NOTE = QT_TRANSLATE_NOOP("ConfigPanel", "inactive while stepping: the model is in eval mode")
# The presets' descriptions (engine/presets.py), repeated here so that lupdate finds them; a
# description changed there and not here is shown in English.
PRESET_DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("ConfigPanel", '"我爱你": embedding 128 -> RNN with 4 neurons -> next-character head'),
    QT_TRANSLATE_NOOP("ConfigPanel", "the lesson's test01: nn.RNN(128, 256), input (1, 1, 128)"),
    QT_TRANSLATE_NOOP("ConfigPanel", "the lesson's test02: nn.RNN(128, 256), a batch of 32: (1, 32, 128)"),
)


class ConfigPanel(StepPanel):
    TITLE = "Configuration"
    OBJECT_NAME = "configPanel"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(session, parent)
        self._last_text = session.config.text or DEFAULT_TEXT
        self.fields: dict[str, QWidget] = {}
        self._build()
        session.simulationChanged.connect(self._on_simulation_changed)
        session.configRejected.connect(self._on_config_rejected)
        session.rebuildEnded.connect(self._on_rebuild_ended)
        self.refresh()

    # ---- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form = form

        preset = QComboBox()
        for name, p in PRESETS.items():
            preset.addItem(name, name)
            preset.setItemData(preset.count() - 1, self.tr(p.description), Qt.ItemDataRole.ToolTipRole)
        preset.activated.connect(self._on_preset)
        self._add("preset", self.tr("Preset"), preset)

        kind = QComboBox()
        kind.addItem(self.tr(TEXT_INPUT), TEXT_INPUT)
        kind.addItem(self.tr(RANDOM_INPUT), RANDOM_INPUT)
        kind.activated.connect(self._on_input_kind)
        self._add("input_kind", self.tr("Input"), kind)

        text = QLineEdit()
        text.setFont(_with_cjk(text.font()))
        text.setPlaceholderText(self.tr("type characters, e.g. 我爱你"))
        text.setClearButtonEnabled(True)
        text.editingFinished.connect(self._on_text)
        self._add("text", self.tr("Text"), text)

        cell = QComboBox()
        for kind in CELL_TYPES:
            cell.addItem(MODULES[kind], kind)  # "nn.LSTM": PyTorch's name, the same in every language
        cell.activated.connect(lambda _i: self._on_cell(cell.currentData()))
        self._add("cell", "cell", cell)

        for name in ("input_size", "hidden_size", "num_layers"):
            self._add(name, name, self._spin(name))

        # proj_size's upper limit is hidden_size - 1, set with the configuration (refresh).
        proj = LimitedSpinBox()
        proj.setRange(0, 0)
        proj.outOfRange.connect(lambda value: self._refuse_typed("proj_size", value))
        proj.setKeyboardTracking(False)
        proj.valueChanged.connect(lambda v: self._apply(proj_size=int(v)))
        self._add("proj_size", "proj_size", proj)

        nonlinearity = QComboBox()
        nonlinearity.addItems(list(NONLINEARITIES))
        nonlinearity.activated.connect(lambda _i: self._apply(nonlinearity=nonlinearity.currentText()))
        self._add("nonlinearity", "nonlinearity", nonlinearity)

        for name in ("bias", "batch_first", "bidirectional"):
            box = QCheckBox()
            box.toggled.connect(lambda checked, n=name: self._apply(**{n: checked}))
            self._add(name, name, box)

        dropout = QDoubleSpinBox()
        dropout.setRange(0.0, MAX_DROPOUT)
        dropout.setSingleStep(0.1)
        dropout.setDecimals(2)
        dropout.setKeyboardTracking(False)
        dropout.valueChanged.connect(lambda v: self._apply(dropout=float(v)))
        self._add("dropout", "dropout", dropout)
        note = QLabel(self.tr(DROPOUT_NOTE))
        note.setObjectName("dropoutNote")
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {style.MUTED_COLOR}; font-size: small;")
        form.addRow("", note)

        for name in ("seq_len", "batch_size", "seed"):
            self._add(name, name, self._spin(name))

        dtype = QComboBox()
        dtype.addItems(list(DTYPES))
        dtype.activated.connect(lambda _i: self._apply(dtype=dtype.currentText()))
        self._add("dtype", "dtype", dtype)

        h0 = QComboBox()
        h0.addItems(list(H0_MODES))
        h0.activated.connect(lambda _i: self._apply(h0=h0.currentText()))
        self._add("h0", "h0", h0)

        self.summary = QLabel()
        self.summary.setObjectName("configSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setFont(_with_cjk(self.summary.font()))
        self.message = QLabel()
        self.message.setObjectName("configMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.ERROR_COLOR}; font-weight: bold;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.note = QLabel()
        self.note.setObjectName("configNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {style.MUTED_COLOR};")
        self.note.hide()

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(form_widget)
        column.addWidget(self.message)
        column.addWidget(self.note)
        column.addWidget(self.summary)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _spin(self, name: str) -> QSpinBox:
        low, high = LIMITS[name]
        spin = LimitedSpinBox()
        spin.setRange(low, high)
        spin.outOfRange.connect(lambda value, n=name: self._refuse_typed(n, value))
        spin.setKeyboardTracking(False)  # typed digits apply on Enter / leaving the field
        spin.setAccelerated(True)
        spin.valueChanged.connect(lambda v, n=name: self._apply(**{n: int(v)}))
        return spin

    def _add(self, name: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(f"{name}Field")
        widget.setToolTip(self.tr(TIPS[name]))
        self.fields[name] = widget
        label_widget = QLabel(label)
        label_widget.setToolTip(self.tr(TIPS[name]))
        label_widget.setMinimumWidth(style.CONFIG_LABEL_WIDTH)
        label_widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(label_widget, widget)

    # ---- user → session --------------------------------------------------------------------------

    def _apply(self, **changes) -> bool:
        """Rebuild with `changes`; on refusal show why and show the configuration still running.

        A model from outside (opened from a file or a lesson) is kept for changes it fits, so
        typing new text keeps its weights and its vocabulary (which then refuses characters it
        does not know); a change of its shape builds a fresh model and says so."""
        try:
            config = self.session.requested_config.replace(**changes)
        except UserError as exc:
            self.show_message(translate_error(exc))
            self.refresh()
            return False
        old = self.session.requested_config  # a big model may still be being prepared for it
        if config == old:
            return True
        custom_model = self.session.requested_custom_model
        custom = custom_model is not None
        keep = custom and keeps_model(old, config)
        model = custom_model if keep else None
        # background: a big model is prepared off the GUI thread, with progress and Esc to cancel
        if self.session.set_config(config, model, user_input=KEEP_INPUT, background=True):  # input files stay
            self.clear_message()
            if custom and not keep:
                self.show_note(
                    self.tr(
                        "The loaded weights were replaced by new random ones: {0} changes the "
                        "model. Reopen the file (File → Open recent) to get them back."
                    ).format(", ".join(changed_fields(old, config)))
                )
            return True
        self.refresh()  # configRejected already put the reason on screen
        return False

    def _refuse_typed(self, name: str, value: int) -> None:
        """A typed number outside the limits: the engine's own message says which limits."""
        try:
            self.session.requested_config.replace(**{name: value})
        except UserError as exc:
            self.show_message(translate_error(exc))
        self.refresh()

    def _on_preset(self, index: int) -> None:
        name = self.fields["preset"].itemData(index)
        if name is None or name == CUSTOM:
            return
        if self.session.load_preset(name):
            self.clear_message()
        self.refresh()

    def _on_cell(self, cell: str) -> None:
        """Another module: the options only nn.RNN has (nonlinearity) or only nn.LSTM has
        (proj_size) go back to their defaults, which the engine would otherwise refuse."""
        changes: dict = {"cell": cell}
        if cell != "rnn":
            changes["nonlinearity"] = "tanh"
        if cell != "lstm":
            changes["proj_size"] = 0
        self._apply(**changes)

    def _on_input_kind(self, _index: int) -> None:
        if self.fields["input_kind"].currentData() == TEXT_INPUT:
            self._apply(text=self._last_text or DEFAULT_TEXT, batch_size=1)
        else:
            self._apply(text="")

    def _on_text(self) -> None:
        text = self.fields["text"].text()
        config = self.session.requested_config
        if not config.is_text or text == config.text:
            return
        if not text:
            self.show_message(
                self.tr("The text is empty: type at least one character, or choose random tensor input.")
            )
            self.refresh()
            return
        if self._apply(text=text):
            self._last_text = text

    # ---- session → form --------------------------------------------------------------------------

    def _on_simulation_changed(self, _simulation) -> None:
        self.refresh()

    def _on_rebuild_ended(self, _outcome: str) -> None:
        self.refresh()  # cancelled or failed: the form snaps back to the configuration still running

    def _on_config_rejected(self, text: str) -> None:
        self.show_message(translate_error(text))  # an engine Message, in the current language

    def refresh(self) -> None:
        """Show the session's configuration in every field without applying anything."""
        c: RNNConfig = self.session.requested_config  # the one being prepared, if any
        f = self.fields
        blockers = [QSignalBlocker(w) for w in f.values()]
        try:
            preset_name = next((n for n, p in PRESETS.items() if p.config == c), None)
            combo = f["preset"]
            custom_index = combo.findData(CUSTOM)
            if preset_name is None and custom_index < 0:
                combo.addItem(self.tr(CUSTOM), CUSTOM)
                combo.setItemData(
                    combo.count() - 1,
                    self.tr("The current settings match no preset"),
                    Qt.ItemDataRole.ToolTipRole,
                )
            elif preset_name is not None and custom_index >= 0:
                combo.removeItem(custom_index)
            combo.setCurrentIndex(combo.findData(preset_name if preset_name else CUSTOM))

            kind = f["input_kind"]
            kind.setCurrentIndex(kind.findData(TEXT_INPUT if c.is_text else RANDOM_INPUT))
            if c.is_text:
                self._last_text = c.text
            f["text"].setText(c.text if c.is_text else self._last_text)
            f["text"].setEnabled(c.is_text)
            for name in ("input_size", "hidden_size", "num_layers", "seed", "batch_size"):
                f[name].setValue(getattr(c, name))
            # Text input: the sequence is as long as the text, whatever seq_len says.
            f["seq_len"].setValue(self.session.simulation.seq_len if c.is_text else c.seq_len)
            # The user's input file fixes both sizes (File → Use generated input frees them).
            user = self.session.simulation.user_input
            from_file = user is not None and user.inputs is not None
            for name in ("seq_len", "batch_size"):
                f[name].setEnabled(not c.is_text and not from_file)
                if from_file:
                    f[name].setToolTip(
                        self.tr("{0} (set by your input file {1})").format(
                            self.tr(TIPS[name]), user.input_name
                        )
                    )
                else:
                    f[name].setToolTip(
                        self.tr("{0} (random input only)").format(self.tr(TIPS[name]))
                        if c.is_text
                        else self.tr(TIPS[name])
                    )
            for name in ("nonlinearity", "dtype", "h0"):
                f[name].setCurrentText(getattr(c, name))
            f["cell"].setCurrentIndex(f["cell"].findData(c.cell))
            gated = c.cell != "rnn"
            f["nonlinearity"].setEnabled(not gated)
            f["nonlinearity"].setToolTip(self.tr(NONLINEARITY_GATED_TIP if gated else TIPS["nonlinearity"]))
            f["proj_size"].setRange(0, max(0, c.hidden_size - 1) if c.cell == "lstm" else 0)
            f["proj_size"].setValue(c.proj_size)
            f["proj_size"].setEnabled(c.cell == "lstm")
            f["proj_size"].setToolTip(self.tr(TIPS["proj_size"] if c.cell == "lstm" else PROJ_SIZE_RNN_TIP))
            for name in ("bias", "batch_first", "bidirectional"):
                f[name].setChecked(getattr(c, name))
            f["dropout"].setValue(c.dropout)
        finally:
            del blockers
        self.summary.setText(self._summary(c))

    def _summary(self, c: RNNConfig) -> str:
        args = [str(c.input_size), str(c.hidden_size)]
        if c.num_layers != 1:
            args.append(f"num_layers={c.num_layers}")
        if c.nonlinearity != "tanh":
            args.append(f"nonlinearity='{c.nonlinearity}'")
        if c.proj_size:
            args.append(f"proj_size={c.proj_size}")
        if not c.bias:
            args.append("bias=False")
        if c.batch_first:
            args.append("batch_first=True")
        if c.dropout:
            args.append(f"dropout={c.dropout:g}")
        if c.bidirectional:
            args.append("bidirectional=True")
        sim = self.session.simulation
        shape = tuple(sim.inputs.shape)
        return f"{c.module_name}({', '.join(args)})\n" + self.tr(
            "{0} parameters · input {1} · {2} cells"
        ).format(f"{parameter_count(c):,}", shape, f"{len(sim.stepper):,}")

    def show_message(self, text: str) -> None:
        self.message.setText(
            self.tr("Not applied: {0}\nThe previous configuration is still running.").format(text)
        )
        self.message.show()
        self.note.hide()

    def clear_message(self) -> None:
        self.message.clear()
        self.message.hide()
        self.note.hide()

    def show_note(self, text: str) -> None:
        """Something applied that the user should know about (not an error)."""
        self.note.setText(text)
        self.note.show()

    def message_text(self) -> str:
        """The refusal on screen, "" when there is none."""
        return "" if self.message.isHidden() else self.message.text()

    def export_documents(self) -> dict[str, str]:
        """The running configuration as JSON: every field of RNNConfig, RNNConfig(**json) rebuilds it."""
        import json

        return {"json": json.dumps(self.session.config.as_dict(), ensure_ascii=False, indent=2) + "\n"}


# Fields that change only the inputs, never the model's modules: a loaded model still fits.
# (batch_first and dropout are attributes of the nn.RNN module itself, so they do not.)
INPUT_ONLY_FIELDS = ("text", "seq_len", "batch_size", "h0", "seed")


def changed_fields(old: RNNConfig, new: RNNConfig) -> list[str]:
    return [f.name for f in fields(RNNConfig) if getattr(old, f.name) != getattr(new, f.name)]


def keeps_model(old: RNNConfig, new: RNNConfig) -> bool:
    """Whether `old`'s model can run `new`: only input fields changed, text stays text."""
    return old.is_text == new.is_text and all(name in INPUT_ONLY_FIELDS for name in changed_fields(old, new))


class LimitedSpinBox(QSpinBox):
    """A spin box that says why a typed number was not taken.

    A plain QSpinBox silently drops "0", "-5" or "99999" typed into a field limited to 1..4096.
    Here such a number may be typed (it counts as unfinished input), and on Enter or leaving the
    field `outOfRange(number)` is emitted while the field shows the old value again, so the panel
    can show the engine's message ("hidden_size must be between 1 and 4096, got 0")."""

    outOfRange = Signal(object)  # int; object, since a typed number may not fit a C++ int

    def __init__(self, parent=None):
        super().__init__(parent)
        self._typed: int | None = None  # the out-of-range number in the field, if any
        self._refused: int | None = None  # ...when Enter or leaving the field gave up on it
        self.editingFinished.connect(self._on_editing_finished)

    def validate(self, text: str, pos: int):
        stripped = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        try:
            number = int(stripped)
        except ValueError:
            number = None
        out_of_range = number is not None and not self.minimum() <= number <= self.maximum()
        if out_of_range and len(stripped) <= MAX_TYPED_DIGITS:
            self._typed = number
            return QValidator.State.Intermediate, text, pos
        self._typed = None
        if stripped in ("-", "+") and self.minimum() >= 0:
            return QValidator.State.Intermediate, text, pos  # on the way to a negative number
        return super().validate(text, pos)

    def fixup(self, text: str) -> str:
        # Called when Enter or leaving the field finds unfinished input; the field is then reset
        # to the old value (which validates again and forgets the number), so keep it here.
        self._refused = self._typed
        return super().fixup(text)

    def _on_editing_finished(self) -> None:
        refused, self._refused = self._refused, None
        if refused is not None:
            self.outOfRange.emit(refused)


def _with_cjk(font):
    """The widget's font with the bundled CJK family as fallback, for Chinese text."""
    families = font.families() or [font.family()]
    cjk = register_bundled_font()
    if cjk not in families:
        font.setFamilies([*families, cjk])
    return font
