"""The PyTorch code that builds and runs the current configuration, and the live tensor shapes.

The code comes from `engine.codegen.pytorch_code` (written in the lesson's style, runnable as is,
commented in the interface's language); this panel shows it read-only with Copy and Save code
buttons (both give exactly the text shown; Save also writes the weights file a large model's
script loads), and below it a table of the shapes of inputs,
h0, output and h_n for the simulation on screen, with what each dimension means in the lesson's
words (seq_len, batch, input_size).

Once the weights are no longer the seed's fresh ones (trained, loaded, edited) the code loads
the app's own weights (engine/code_export.py), so the script prints what the app shows.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from rnn_stepper.engine.code_export import CODE_FILE, simulation_code, write_code
from rnn_stepper.engine.codegen import WEIGHTS_FILE
from rnn_stepper.engine.errors import UserError
from rnn_stepper.gui import style
from rnn_stepper.gui.i18n import current_language
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.session import FRESH_ORIGIN, Session

log = logging.getLogger(__name__)

COPY_TEXT, COPIED_TEXT = QT_TRANSLATE_NOOP("CodePanel", "Copy"), QT_TRANSLATE_NOOP("CodePanel", "Copied ✓")
SHAPE_COLUMNS = (
    QT_TRANSLATE_NOOP("CodePanel", "tensor"),
    QT_TRANSLATE_NOOP("CodePanel", "shape"),
    QT_TRANSLATE_NOOP("CodePanel", "dimensions"),
    QT_TRANSLATE_NOOP("CodePanel", "status"),
)
COLUMN_TIPS = (
    QT_TRANSLATE_NOOP("CodePanel", "The name used in the code above"),
    QT_TRANSLATE_NOOP("CodePanel", "The tensor's shape, as print(x.shape) shows it"),
    QT_TRANSLATE_NOOP(
        "CodePanel",
        "What each dimension means (the lesson: seq_len = sentence length, "
        "batch = how many sequences, input_size = numbers per time step)",
    ),
    QT_TRANSLATE_NOOP(
        "CodePanel", "Where the values come from, or how much of the tensor the stepper has computed"
    ),
)
SHAPE_ROWS = ("inputs", "h0", "output", "h_n", "c0", "c_n")  # (the RNN rows keep their places)
LSTM_ONLY_ROWS = ("c0", "c_n")  # nn.LSTM's cell state: rows hidden for nn.RNN and nn.GRU


class PythonHighlighter(QSyntaxHighlighter):
    """Just enough colour to read the code: comments, strings, numbers and a few keywords."""

    _STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
    _NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
    _KEYWORD = re.compile(r"\b(?:import|as|for|in|range|print|len)\b")

    def __init__(self, document):
        super().__init__(document)
        self._formats = {}
        for name, color in (
            ("comment", style.CODE_COMMENT_COLOR),
            ("string", style.CODE_STRING_COLOR),
            ("number", style.CODE_NUMBER_COLOR),
            ("keyword", style.CODE_KEYWORD_COLOR),
        ):
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(color))
            self._formats[name] = fmt

    def highlightBlock(self, text: str) -> None:
        strings = [m.span() for m in self._STRING.finditer(text)]
        # A comment starts at the first "#" that is not inside a string ("C#" in a vocabulary is data).
        comment_at = next(
            (i for i, ch in enumerate(text) if ch == "#" and not any(a <= i < b for a, b in strings)),
            len(text),
        )
        for pattern, name in ((self._KEYWORD, "keyword"), (self._NUMBER, "number")):
            for m in pattern.finditer(text, 0, comment_at):
                if not any(a <= m.start() < b for a, b in strings):
                    self.setFormat(m.start(), m.end() - m.start(), self._formats[name])
        for a, b in strings:
            if a < comment_at:
                self.setFormat(a, b - a, self._formats["string"])
        if comment_at < len(text):
            self.setFormat(comment_at, len(text) - comment_at, self._formats["comment"])


class CodePanel(StepPanel):
    TITLE = "PyTorch code"
    OBJECT_NAME = "codePanel"

    def __init__(self, session: Session, parent=None):
        super().__init__(session, parent)
        self._code = ""
        self._weights = None  # the WeightSource the code loads, None for the seed's fresh weights
        self._build()
        # Bound methods, not lambdas: Qt disconnects them when this widget is destroyed.
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        self._rebuild()

    # ---- public ------------------------------------------------------------------------------------

    def code(self) -> str:
        """The code shown (exactly what Copy puts on the clipboard)."""
        return self._code

    def copy_code(self) -> None:
        QGuiApplication.clipboard().setText(self._code)
        self._copy_button.setText(self.tr(COPIED_TEXT))
        self._copied_timer.start()

    def save_code(self, path: str | Path) -> list[Path]:
        """Write the code shown (the same text Copy gives) at `path`, with the weights file it
        loads beside it for a large model; atomically; raises UserError."""
        return write_code(Path(path).expanduser(), self._code, self._weights)

    def weights_note(self) -> str:
        return self._weights_note.text()

    def shape_rows(self) -> dict[str, str]:
        """tensor name -> the shape shown in the table, e.g. {"inputs": "torch.Size([3, 1, 128])", ...}
        (the rows shown: c0 and c_n for an LSTM only)."""
        return {
            self._table.item(r, 0).text(): self._table.item(r, 1).text()
            for r in range(len(SHAPE_ROWS))
            if not self._table.isRowHidden(r)
        }

    def export_documents(self) -> dict[str, str]:
        """What this panel also saves as text, by file suffix: the code as a runnable script."""
        return {"py": self.code()}

    def plot_items(self) -> list:
        return []

    # ---- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self._caption = QLabel()
        self._caption.setWordWrap(True)
        top.addWidget(self._caption, stretch=1)
        self._copy_button = QPushButton(self.tr(COPY_TEXT))
        self._copy_button.setToolTip(
            self.tr("Copy the code to the clipboard, to paste into a .py file or a notebook")
        )
        self._copy_button.clicked.connect(self._on_copy_clicked)
        top.addWidget(self._copy_button)
        self._save_button = QPushButton(self.tr("Save code…"))
        self._save_button.setObjectName("saveCodeButton")
        self._save_button.setToolTip(
            self.tr(
                "Save the code as a .py file (the same text as Copy, with the "
                "weights file it loads, for a large model)"
            )
        )
        self._save_button.clicked.connect(self._on_save_clicked)
        top.addWidget(self._save_button)
        layout.addLayout(top)
        self._weights_note = QLabel()
        self._weights_note.setWordWrap(True)
        self._weights_note.setStyleSheet(f"color: {style.MUTED_COLOR};")
        layout.addWidget(self._weights_note)

        self._editor = QPlainTextEdit()
        self._editor.setStyleSheet(style.FLAT_SCROLLBAR_STYLE)
        self._editor.setReadOnly(True)
        self._editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._editor.setFont(style.monospace_font(style.CODE_POINTS))
        self._editor.setToolTip(self.tr("Runnable PyTorch code for the current configuration (read-only)"))
        self._highlighter = PythonHighlighter(self._editor.document())
        layout.addWidget(self._editor, stretch=1)

        shapes_title = QLabel(self.tr("<b>Shapes</b> of the tensors in this simulation"))
        layout.addWidget(shapes_title)
        self._table = QTableWidget(len(SHAPE_ROWS), len(SHAPE_COLUMNS))
        self._table.setStyleSheet(style.FLAT_SCROLLBAR_STYLE)
        self._table.setHorizontalHeaderLabels([self.tr(c) for c in SHAPE_COLUMNS])
        for column, tip in enumerate(COLUMN_TIPS):
            self._table.horizontalHeaderItem(column).setToolTip(self.tr(tip))
        self._table.verticalHeader().setVisible(False)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self._table.horizontalHeader()
        # Sized to their contents when a simulation is built (_rebuild), not kept sized by the
        # header: then every text set at a step (the output's status) measured every cell again.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(SHAPE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for row, name in enumerate(SHAPE_ROWS):
            for column in range(len(SHAPE_COLUMNS)):
                item = QTableWidgetItem(name if column == 0 else "")
                if column == 1:
                    item.setFont(style.monospace_font(style.CODE_POINTS))
                self._table.setItem(row, column, item)
        self._table.resizeRowsToContents()
        self._row_height = self._table.rowHeight(0)
        self._table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._show_rows(lstm=False)
        layout.addWidget(self._table)

        self._copied_timer = QTimer(self)  # owned by the panel, so it dies with it
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(style.COPIED_FEEDBACK_MS)
        self._copied_timer.timeout.connect(self._restore_copy_text)

    def _show_rows(self, lstm: bool) -> None:
        """Show c0 and c_n for an LSTM only, and fit the table to the rows shown."""
        for row, name in enumerate(SHAPE_ROWS):
            self._table.setRowHidden(row, name in LSTM_ONLY_ROWS and not lstm)
        shown = sum(not self._table.isRowHidden(r) for r in range(len(SHAPE_ROWS)))
        # Every row shows: room for the horizontal scroll bar a narrow panel needs (it used to
        # cover the last row, which a vertical scroll bar then had to reach).
        height = self._table.horizontalHeader().sizeHint().height() + 2 * self._table.frameWidth()
        height += shown * self._row_height
        height += self._table.horizontalScrollBar().sizeHint().height()
        self._table.setFixedHeight(height)

    # ---- updating ------------------------------------------------------------------------------------

    def _on_simulation_changed(self, _simulation) -> None:
        self.safely(self._rebuild)

    def _on_step_changed(self, _view) -> None:
        self.safely(self._update_shapes)

    def _on_copy_clicked(self) -> None:
        self.safely(self.copy_code)

    def _on_save_clicked(self) -> None:
        self.safely(self._ask_and_save)

    def _ask_and_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the PyTorch code"), CODE_FILE, self.tr("Python files (*.py)")
        )
        if not path:
            return
        try:
            written = self.save_code(path)
        except UserError as exc:
            self._session.errorOccurred.emit(exc.message)  # the window translates it
            return
        self._weights_note.setText(self.tr("Saved: {files}").format(files=", ".join(p.name for p in written)))
        log.info("saved the code as %s", written)

    def _restore_copy_text(self) -> None:
        self._copy_button.setText(self.tr(COPY_TEXT))

    def _rebuild(self) -> None:
        simulation = self._session.simulation
        origin = self._session.model_origin
        model = simulation.model
        # The comments follow the interface's language; a language switch rebuilds the panel.
        self._code, self._weights = simulation_code(
            simulation, None if origin == FRESH_ORIGIN else origin, language=current_language()
        )
        self._editor.setPlainText(self._code)
        if self._weights is None:
            note = self.tr("Weights: a fresh initialisation from the seed (torch.manual_seed above).")
        elif self._weights.inline:
            note = self.tr("Weights: the app's own ({origin}), written into the code.").format(origin=origin)
        else:
            note = self.tr(
                "Weights: the app's own ({origin}), loaded from {file}, which Save code writes "
                "beside the script."
            ).format(origin=origin, file=WEIGHTS_FILE)
        self._weights_note.setText(note)
        if model.is_classifier:
            if not simulation.config.is_text:
                pipeline = self.tr("input tensor → nn.RNN → nn.Linear classifier")
            elif model.one_hot:
                pipeline = self.tr("vocabulary → one-hot → nn.RNN → nn.Linear classifier → softmax")
            else:
                pipeline = self.tr("vocabulary → nn.Embedding → nn.RNN → nn.Linear classifier → softmax")
        elif simulation.config.is_text:
            pipeline = (
                self.tr("vocabulary → one-hot → nn.RNN → nn.Linear head → softmax")
                if model.one_hot
                else self.tr("vocabulary → nn.Embedding → nn.RNN → nn.Linear head → softmax")
            )
        else:
            pipeline = self.tr("nn.RNN on a random input tensor, as in the lesson")
        # (the same pipeline for nn.LSTM and nn.GRU: only the module's name differs)
        pipeline = pipeline.replace("nn.RNN", simulation.config.module_name)
        self._show_rows(lstm=simulation.config.cell == "lstm")
        self._caption.setText(
            self.tr("<b>Runnable PyTorch</b> for this configuration: {pipeline}").format(pipeline=pipeline)
        )
        self._update_shapes()
        for column in range(len(SHAPE_COLUMNS) - 1):  # (the status column stretches)
            self._table.resizeColumnToContents(column)

    def _update_shapes(self) -> None:
        simulation, config = self._session.simulation, self._session.config
        s = simulation.stepper
        T, B, D, H, L = s.T, s.B, s.D, s.H_out, s.L  # (H: the width of h_t, proj_size when projected)
        width = "proj_size" if config.proj_size else "hidden_size"
        batch_first = config.batch_first
        seq = "batch, seq_len" if batch_first else "seq_len, batch"
        output_dims = [B, T, D * H] if batch_first else [T, B, D * H]
        batch = "batch, "
        if simulation.unbatched:  # nn.RNN's shapes for (seq_len, input_size) input: no batch axis
            seq, output_dims, batch = "seq_len", [T, D * H], ""
        user = simulation.user_input
        if user is not None and user.inputs is not None:
            given = self.tr("your file")
        elif config.is_text:
            given = self.tr("one-hot") if simulation.model.one_hot else self.tr("embeddings")
        else:
            given = self.tr("random")
        ready_t = _output_steps_ready(simulation)
        h0_given = self.tr("your file") if user is not None and user.h0 is not None else config.h0
        h_n_dims = [L * D, B, H] if batch else [L * D, H]
        c_n_dims = [L * D, B, s.H] if batch else [L * D, s.H]
        rows = {
            "inputs": (
                simulation.as_given(simulation.inputs, 0 if batch_first else 1).shape,
                f"({seq}, input_size)",
                given,
            ),
            "h0": (
                simulation.as_given(simulation.h0, 1).shape,
                f"(layers*directions, {batch}{width})",
                h0_given,
            ),
            "output": (
                torch.Size(output_dims),
                f"({seq}, directions*{width})",
                self.tr("complete")
                if s.done
                else self.tr("{ready}/{total} steps").format(ready=ready_t, total=T),
            ),
            "h_n": (
                torch.Size(h_n_dims),
                f"(layers*directions, {batch}{width})",
                self.tr("complete") if s.done else self.tr("at the end"),
            ),
        }
        if simulation.c0 is not None:  # nn.LSTM's (h_n, c_n): the cell state keeps hidden_size
            rows["c0"] = (
                simulation.as_given(simulation.c0, 1).shape,
                f"(layers*directions, {batch}hidden_size)",
                "zeros" if user is not None and user.h0 is not None else config.h0,
            )  # (follows h0)
            rows["c_n"] = (torch.Size(c_n_dims), f"(layers*directions, {batch}hidden_size)", rows["h_n"][2])
        for row, name in enumerate(SHAPE_ROWS):
            if name not in rows:
                continue
            shape, dims, status = rows[name]
            for column, text in ((1, str(torch.Size(shape))), (2, dims), (3, status)):
                item = self._table.item(row, column)
                if item.text() != text:  # per step only the output's status changes
                    item.setText(text)


def _output_steps_ready(simulation) -> int:
    """How many time steps of `output` exist: binary search along the top layer's last sweep.

    The top layer's last direction decides (in a bidirectional net its forward sweep is already
    complete when the reverse one starts); along that sweep, schedule indices increase.
    """
    s = simulation.stepper
    top, direction = s.L - 1, s.D - 1

    def t_at(k: int) -> int:  # the k-th time step the sweep visits
        return k if direction == 0 else s.T - 1 - k

    lo, hi = 0, s.T
    while lo < hi:
        mid = (lo + hi) // 2
        if s.is_computed(top, direction, t_at(mid)):
            lo = mid + 1
        else:
            hi = mid
    return lo
