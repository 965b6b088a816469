"""File → Save lesson…: where, and the title and notes students will read when they open it.

The title and notes are written per language, one tab each (English, 中文): students see the
ones of their interface's language. The tab of the current language comes first; a language
left empty is simply not in the file, and languages the dialog does not offer (a lesson edited
elsewhere) are kept as they were.

The dialog also says what else goes into the file (the configuration, the weights, the step,
hidden panels and classroom mode), so a teacher knows that what they see is what students get.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.engine.lesson_file import MAX_TITLE_CHARS
from rnn_stepper.engine.localized_text import texts_from
from rnn_stepper.gui import style
from rnn_stepper.gui.i18n import LANGUAGES, current_language

DESCRIPTION_LINES = 6  # visible lines of the notes field


class SaveLessonDialog(QDialog):
    def __init__(self, path: str | Path, title=None, description=None, summary: str = "", parent=None):
        """`title` and `description`: {language code: text} (or one plain string)."""
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

        self._titles, self._descriptions = texts_from(title), texts_from(description)
        self.language_tabs = QTabWidget()
        self.language_tabs.setObjectName("lessonLanguageTabs")
        self.title_edits: dict[str, QLineEdit] = {}
        self.description_edits: dict[str, QPlainTextEdit] = {}
        language = current_language()
        for code in sorted(LANGUAGES, key=lambda c: c != language):  # the interface's language first
            self.language_tabs.addTab(self._language_tab(code), LANGUAGES[code])
        # The current language's fields (as before there were tabs).
        self.title_edit, self.description_edit = self.title_edits[language], self.description_edits[language]

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
        languages_note = QLabel(
            self.tr(
                "Title and notes in each language; students see the ones of "
                "their interface's language (another language's if theirs is empty)."
            )
        )
        languages_note.setWordWrap(True)
        languages_note.setStyleSheet(f"color: {style.DIALOG_NOTE_COLOR};")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(languages_note)
        layout.addWidget(self.language_tabs)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _language_tab(self, code: str) -> QWidget:
        title_edit = QLineEdit(self._titles.get(code, ""))
        title_edit.setObjectName(f"lessonTitleEdit_{code}")
        title_edit.setMaxLength(MAX_TITLE_CHARS)  # what a lesson keeps (engine.lesson_file)
        title_edit.setPlaceholderText(self.tr("optional, e.g. 我爱你: one cell, three time steps"))
        description_edit = QPlainTextEdit(self._descriptions.get(code, ""))
        description_edit.setObjectName(f"lessonDescriptionEdit_{code}")
        description_edit.setPlaceholderText(
            self.tr("optional notes shown to students when they open the lesson, e.g. what to look for")
        )
        description_edit.setTabChangesFocus(True)
        line = description_edit.fontMetrics().lineSpacing()
        description_edit.setFixedHeight(line * DESCRIPTION_LINES + 12)
        self.title_edits[code], self.description_edits[code] = title_edit, description_edit
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(self.tr("Title"), title_edit)
        form.addRow(self.tr("Notes"), description_edit)
        return tab

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save lesson"), self.path_edit.text(), self.tr("RNN Stepper lesson (*.rnnlesson)")
        )
        if path:
            self.path_edit.setText(path)

    def answers(self) -> tuple[str, dict[str, str], dict[str, str]]:
        """(path, titles, descriptions) as typed, stripped; titles and descriptions are
        {language code: text} with the empty ones left out and other languages kept."""
        titles = {**self._titles, **{code: edit.text().strip() for code, edit in self.title_edits.items()}}
        descriptions = {
            **self._descriptions,
            **{code: edit.toPlainText().strip() for code, edit in self.description_edits.items()},
        }
        return self.path_edit.text().strip(), texts_from(titles), texts_from(descriptions)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
