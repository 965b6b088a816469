"""File → Save lesson…: where, and the title and notes students will read when they open it.

The dialog also says what else goes into the file (the configuration, the weights, the step,
hidden panels and classroom mode), so a teacher knows that what they see is what students get.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from rnn_stepper.engine.lesson_file import MAX_TITLE_CHARS
from rnn_stepper.gui import style

DESCRIPTION_LINES = 6  # visible lines of the notes field


class SaveLessonDialog(QDialog):
    def __init__(self, path: str | Path, title: str = "", description: str = "", summary: str = "",
                 parent=None):
        super().__init__(parent)
        self.setObjectName("saveLessonDialog")
        self.setWindowTitle(self.tr("Save lesson"))
        self.path_edit = QLineEdit(str(path))
        self.path_edit.setObjectName("lessonPathEdit")
        self.path_edit.setToolTip(self.tr("The lesson file to write (.rnnlesson is added if missing)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.path_edit, 1)
        row_layout.addWidget(browse)

        self.title_edit = QLineEdit(title)
        self.title_edit.setObjectName("lessonTitleEdit")
        self.title_edit.setMaxLength(MAX_TITLE_CHARS)  # what a lesson keeps (engine.lesson_file)
        self.title_edit.setPlaceholderText(self.tr("optional, e.g. 我爱你: one cell, three time steps"))
        self.description_edit = QPlainTextEdit(description)
        self.description_edit.setObjectName("lessonDescriptionEdit")
        self.description_edit.setPlaceholderText(
            self.tr("optional notes shown to students when they open the lesson, e.g. what to look for"))
        self.description_edit.setTabChangesFocus(True)
        line = self.description_edit.fontMetrics().lineSpacing()
        self.description_edit.setFixedHeight(line * DESCRIPTION_LINES + 12)

        self.summary_label = QLabel(summary)
        self.summary_label.setObjectName("lessonSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet(f"color: {style.DIALOG_NOTE_COLOR};")
        self.error_label = QLabel()
        self.error_label.setObjectName("saveLessonError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {style.ERROR_COLOR};")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Notes"), self.description_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save lesson"), self.path_edit.text(),
                                              self.tr("RNN Stepper lesson (*.rnnlesson)"))
        if path:
            self.path_edit.setText(path)

    def answers(self) -> tuple[str, str, str]:
        """(path, title, description) as typed, the path and title stripped."""
        return (self.path_edit.text().strip(), self.title_edit.text().strip(),
                self.description_edit.toPlainText().strip())

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
