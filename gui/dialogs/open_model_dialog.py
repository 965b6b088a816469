"""File → Open model…: which weights file, which vocabulary, which class names, which nonlinearity,
which text.

A state_dict records the tensors but not the nonlinearity, and a text model's embedding rows mean
nothing without the vocabulary, so the dialog asks for both. The loading itself (and every check)
is `engine.model_io.load_model`, called by `gui.file_actions.FileActions.open_model`; this dialog
only collects the answers, and shows a refusal below the fields so the user can fix it without
starting over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.gui import style

FROM_FILE = ""  # nonlinearity: what the file records, else tanh


@dataclass(frozen=True)
class ModelRequest:
    """The dialog's answers."""

    path: str
    vocab: str = ""
    nonlinearity: str = FROM_FILE  # "", "tanh" or "relu"
    text: str = ""  # the input text for a text model; "" keeps the current one if the vocabulary spells it
    labels: str = ""  # class names of a classifier head (one per line, or JSON)


class OpenModelDialog(QDialog):
    def __init__(self, start_folder: str | Path = "", request: ModelRequest | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("openModelDialog")
        self.setWindowTitle(self.tr("Open model"))
        self.start_folder = str(start_folder)
        request = request or ModelRequest("")

        self.path_edit = QLineEdit(request.path)
        self.path_edit.setObjectName("modelPathEdit")
        self.path_edit.setPlaceholderText(self.tr("a .pt file saved with torch.save(model.state_dict(), …)"))
        self.path_edit.setToolTip(
            self.tr(
                "A state_dict: a bare nn.RNN, or embedding or one-hot → RNN → a linear "
                "head or classifier. Files that would run code when opened are refused."
            )
        )
        self.vocab_edit = QLineEdit(request.vocab)
        self.vocab_edit.setObjectName("vocabPathEdit")
        self.vocab_edit.setPlaceholderText(
            self.tr(
                "optional: one token per line (\\n, \\s, \\t escapes), or a JSON list or token → id object"
            )
        )
        self.vocab_edit.setToolTip(
            self.tr(
                "Needed for a text model whose file does not carry its vocabulary. For a model without an "
                "embedding, a vocabulary of input_size tokens feeds one-hot characters."
            )
        )
        self.labels_edit = QLineEdit(request.labels)
        self.labels_edit.setObjectName("labelsPathEdit")
        self.labels_edit.setPlaceholderText(
            self.tr("optional, classifiers: one class name per line, or JSON")
        )
        self.labels_edit.setToolTip(
            self.tr(
                "Names for the classes of a classifier head (sentiment, "
                "name → language); without it the classes are numbered"
            )
        )
        self.nonlinearity = QComboBox()
        self.nonlinearity.setObjectName("nonlinearityChoice")
        self.nonlinearity.addItem(self.tr("as recorded in the file (else tanh)"), FROM_FILE)
        self.nonlinearity.addItem("tanh", "tanh")
        self.nonlinearity.addItem("relu", "relu")
        self.nonlinearity.setCurrentIndex(max(0, self.nonlinearity.findData(request.nonlinearity)))
        self.nonlinearity.setToolTip(
            self.tr(
                "A state_dict does not say which nonlinearity the RNN used; "
                "choose the one it was trained with"
            )
        )
        self.text_edit = QLineEdit(request.text)
        self.text_edit.setObjectName("modelTextEdit")
        self.text_edit.setPlaceholderText(self.tr("optional, text models: the characters to feed in"))
        self.text_edit.setToolTip(
            self.tr(
                "Left empty: the current text if the vocabulary can spell it, "
                "else the vocabulary's first tokens"
            )
        )

        note = QLabel(
            self.tr(
                "Sizes, layers and direction are read from the weights. Sequence length, "
                "batch size, seed and h0 stay as they are now."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {style.DIALOG_NOTE_COLOR};")
        self.error_label = QLabel()
        self.error_label.setObjectName("openModelError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {style.ERROR_COLOR};")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("Model file"), self._with_browse(self.path_edit, self._browse_model))
        form.addRow(self.tr("Vocabulary"), self._with_browse(self.vocab_edit, self._browse_vocab))
        form.addRow(self.tr("Class names"), self._with_browse(self.labels_edit, self._browse_labels))
        form.addRow(self.tr("Nonlinearity"), self.nonlinearity)
        form.addRow(self.tr("Text"), self.text_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _with_browse(self, edit: QLineEdit, browse) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        button = QPushButton(self.tr("Browse…"))
        button.clicked.connect(browse)
        layout.addWidget(button)
        return row

    def _browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open model"),
            self.path_edit.text() or self.start_folder,
            self.tr("PyTorch weights (*.pt *.pth *.bin *.ckpt);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)

    def _browse_vocab(self) -> None:
        model = self.path_edit.text().strip()
        start = self.vocab_edit.text() or (str(Path(model).parent) if model else self.start_folder)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Vocabulary"), start, self.tr("Vocabulary (*.txt *.vocab *.json);;All files (*)")
        )
        if path:
            self.vocab_edit.setText(path)

    def _browse_labels(self) -> None:
        model = self.path_edit.text().strip()
        start = self.labels_edit.text() or (str(Path(model).parent) if model else self.start_folder)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Class names"), start, self.tr("Class names (*.txt *.json);;All files (*)")
        )
        if path:
            self.labels_edit.setText(path)

    def request(self) -> ModelRequest:
        return ModelRequest(
            self.path_edit.text().strip(),
            self.vocab_edit.text().strip(),
            self.nonlinearity.currentData() or FROM_FILE,
            self.text_edit.text(),
            self.labels_edit.text().strip(),
        )

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
