"""The open document: what the user opened (a lesson or a model file) and what came with it.

Declared data, owned by the Session (`session.document`, announced by `documentChanged`), so it
outlives the helpers that show it: a language switch rebuilds the file actions, the notes dock
and the menus around the same Session, and nothing has to be copied across. Changes go through
`Session.update_document(...)`, which makes a new `Document` (it is frozen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rnn_stepper.engine.localized_text import text_in


@dataclass(frozen=True)
class Document:
    # The file the running model came from, a gui.settings_store.RecentFile (not imported: that
    # module reads the session's constants) - Open model offers it again, closing remembers it...
    source: Any = None
    # ...which gave this StepperModel: a simulation with another model forgets the file.
    source_model: Any = None
    # The model of the lesson opened last: while it runs, the window title names the lesson.
    lesson_model: Any = None
    # Of the lesson opened or saved last, {language code: text}: the save dialog offers them
    # again, the notes dock shows an opened lesson's. (Replaced whole, never changed in place.)
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    last_problem: str = ""  # why the last file could not be opened (the status bar; tests read it)

    @property
    def lesson_opened(self) -> bool:
        """Whether a lesson was opened (its notes belong in the notes dock)."""
        return self.lesson_model is not None

    def running_lesson_title(self, model, language: str) -> str:
        """The lesson's title in `language` (else another it has) while `model`, the running one,
        is the lesson's own; "" otherwise."""
        return text_in(self.titles, language) if self.lesson_opened and model is self.lesson_model else ""
