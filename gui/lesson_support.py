"""Lesson files on the Qt side: putting an opened lesson into a Session, and saving a session.

The file format and all checks live in `engine.lesson_file`; this module only moves values
between a `Lesson` and a `Session`, for the command line (`gui.app.run`) and the File menu.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from rnn_stepper.engine.lesson_file import Lesson, save_lesson
from rnn_stepper.engine.messages import Message
from rnn_stepper.gui.action_support import StatusReporter
from rnn_stepper.gui.i18n import current_language, translate_error
from rnn_stepper.gui.session import Session, StepSize

log = logging.getLogger(__name__)


def apply_lesson_to_session(session: Session, lesson: Lesson, origin: str | None = None) -> bool:
    """Load the lesson's configuration and weights, then its position, step size, batch element
    and selected neuron. Returns False (the old simulation stays) if the session refused the
    configuration; the session has then already reported why (configRejected)."""
    if not session.set_config(lesson.config, lesson.model, origin=origin):
        return False
    apply_lesson_state(session, lesson)
    return True


def apply_lesson_state(session: Session, lesson: Lesson) -> None:
    """Everything but the model, for a session already built on the lesson's config and model."""
    session.pause()
    session.set_step_size(StepSize(lesson.step_size))
    session.seek(lesson.position)
    view = lesson.view
    if _is_int(view.get("batch_index")):
        session.set_batch_index(view["batch_index"])
    if _is_int(view.get("selected_neuron")):
        session.select_neuron(view["selected_neuron"])


def save_session_lesson(path: str | Path, session: Session, view: dict | None = None) -> Path:
    """Save the session as a lesson; `view` holds the window's settings (hidden panels, title and
    description by language...); the session's batch element and selected neuron are added to it."""
    view = {**(view or {}), "batch_index": session.batch_index, "selected_neuron": session.selected_neuron}
    return save_lesson(
        path,
        session.config,
        session.simulation.model,
        session.stepper.position,
        session.step_size,
        view,
        simulation=session.simulation,
    )


def lesson_message(lesson: Lesson) -> str:
    """One status-bar line: the lesson's title and anything noticed while opening it."""
    translate = QCoreApplication.translate
    title = lesson.title_in(current_language())
    first = (
        translate("LessonSupport", "Lesson: {0}").format(title)
        if title
        else translate("LessonSupport", "Lesson opened")
    )
    return " · ".join([first, *map(translate_error, lesson.notes)])


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class LessonWindow(StatusReporter, Protocol):
    """What opening a lesson at start-up uses of the main window."""

    session: Session | None
    file_actions: Any  # a gui.file_actions.FileActions once loaded (that module imports this one)

    def load(self, config=None, model=None) -> None: ...


def load_window_with_lesson(window: LessonWindow, path: str | Path) -> bool:
    """Build a MainWindow (`window.load`) on the lesson at `path`, as `python main.py FILE` does.
    A lesson that cannot be opened leaves the default preset loaded and says why in the status
    bar, so a double-clicked file never ends in a window without panels. Returns whether the
    lesson was applied."""
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.lesson_file import open_lesson

    try:
        lesson = open_lesson(path)
    except Exception as exc:  # a UserError, or a defect: either way the window must start
        if not isinstance(exc, UserError):
            log.exception("opening the lesson %s at start-up failed", path)
        window.load()
        window.show_error(
            QCoreApplication.translate("LessonSupport", "Could not open the lesson: {0}").format(
                translate_error(
                    exc if isinstance(exc, UserError) else Message("defect.unexpected", detail=exc)
                )
            )
        )
        return False
    window.load(lesson.config, lesson.model)
    if window.session.simulation.model is not lesson.model:  # the session refused it and said why
        return False
    apply_lesson_state(window.session, lesson)
    window.file_actions.lesson_opened(lesson, path)  # hidden panels, classroom mode, notes, recent files
    return True
