"""The "Lesson notes" dock: the title and description a teacher wrote into a lesson.

It opens beside the configuration and code when a lesson with a title or notes is opened, so the
students read the task while the panels stay usable (no modal box to click away). It can be
closed, and reopened from View → Lesson notes. It is not one of the registered panels: it only
has content once a lesson is open, and it is never exported.

A lesson carries its title and notes in several languages ({"en": ..., "zh_CN": ...}); the dock
shows the interface's language (else English, else whichever there is), and shows them again in
the new language when the interface switches (MainWindow hands the texts over).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextBrowser
from rnn_stepper.engine.localized_text import text_in, texts_from
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.i18n import current_language
from rnn_stepper.gui.panel_docks import PanelDocks

OBJECT_NAME = "lessonNotesDock"


# Qt lays out one unbreakable run of text in time that grows faster than its length; a zero-width
# space every so many characters gives the line breaker places to break, so layout stays linear.
# Chinese and Japanese text may break between any two characters already, so it is left as it is.
_NO_BREAK_CHARACTER = r"[^\s\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
_LONG_RUN = re.compile(_NO_BREAK_CHARACTER + "{%d}" % 40)


def _breakable(text: str) -> str:
    return _LONG_RUN.sub(lambda match: match.group(0) + "\u200b", text)


def notes_html(title: str, description: str) -> str:
    """Plain text in, HTML out: paragraphs at blank lines, line breaks kept, nothing interpreted
    (a description is the teacher's text, not markup)."""
    parts = []
    if title:
        parts.append(
            f"<h2 style='font-size:{style.LESSON_NOTES_TITLE_POINTS}pt'>{html.escape(_breakable(title))}</h2>"
        )
    for paragraph in description.replace("\r\n", "\n").split("\n\n"):
        if paragraph.strip():
            parts.append(
                "<p>" + html.escape(_breakable(paragraph.strip("\n"))).replace("\n", "<br>") + "</p>"
            )
    return "".join(parts)


class LessonNotesDock(QDockWidget):
    """Added to `window`'s right side, hidden; the first notes place it beside the code panel
    (through `docks`, which owns the panels' docks)."""

    def __init__(self, window: QMainWindow, docks: PanelDocks):
        super().__init__(window)
        self.docks = docks
        self.setWindowTitle(self.tr("Lesson notes"))
        self.setObjectName(OBJECT_NAME)
        self.titles: dict[str, str] = {}  # language code -> text, as the lesson has them
        self.descriptions: dict[str, str] = {}
        self.title = ""  # ...and the ones shown, in the interface's language
        self.description = ""
        self.browser = QTextBrowser()
        self.browser.setObjectName("lessonNotesText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        font = self.browser.font()
        font.setPointSize(style.LESSON_NOTES_POINTS)
        families = font.families() or [font.family()]
        cjk = register_bundled_font()
        if cjk not in families:
            font.setFamilies([*families, cjk])
        self.browser.setFont(font)
        self.setWidget(self.browser)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._placed = False
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        action = self.toggleViewAction()
        action.setToolTip(self.tr("Show or hide the lesson's notes"))
        action.setEnabled(False)  # nothing to show until a lesson brings notes

    def show_notes(self, title, description) -> None:
        """Show the notes (beside the configuration/code column), or hide the dock if empty.
        Each is {language code: text} or one plain string."""
        self.titles, self.descriptions = texts_from(title), texts_from(description)
        language = current_language()
        title, description = text_in(self.titles, language), text_in(self.descriptions, language)
        self.title, self.description = title, description
        self.browser.setHtml(notes_html(title, description))
        has_notes = bool(title or description)
        self.toggleViewAction().setEnabled(has_notes)
        if not has_notes:
            self.hide()
            return
        if not self._placed:
            # Next to the code and configuration tabs, where students look for "what to do".
            self._placed = self.docks.place_beside("code", self)
        self.show()
        self.raise_()

    def plain_text(self) -> str:
        return self.browser.toPlainText()
