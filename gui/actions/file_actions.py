"""File → Open lesson…, Save lesson…, Open model…, Open recent; remembered settings.

Wired in `MainWindow.build`, which passes what it needs (gui.action_support). The formats and
every check live in the engine (`engine.lesson_file`, `engine.model_io`); the values move between
a lesson and the session through `gui.lesson_support`. This module asks the user, applies the
answer, and reports: a file that cannot be opened gets a message box saying why, and nothing else
changes (the running simulation, its position and the layout stay as they were).

Each `ask_*` method shows a dialog and calls the matching method that does the work
(`open_lesson`, `save_lesson`, `open_model`), which tests call directly.

It also owns the pieces that follow a lesson around: the "Lesson notes" dock, classroom mode
(gui.classroom), the recent-files list, the speed and step size restored at start-up, and the
dialog that shows uncaught errors.

Over 500 lines, on purpose: The File menu: open and save lessons and models, recent files, bundled
lessons, the last-problem report; they share the dialogs' folders and the session's document.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu, QMessageBox
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.lesson_file import LESSON_SUFFIX, Lesson, lesson_path
from rnn_stepper.engine.lesson_file import open_lesson as read_lesson
from rnn_stepper.engine.localized_text import text_in, texts_from, with_text
from rnn_stepper.gui.action_support import StatusReporter, collected_refusals
from rnn_stepper.gui.classroom import ClassroomMode
from rnn_stepper.gui.dialogs.open_model_dialog import ModelRequest, OpenModelDialog
from rnn_stepper.gui.dialogs.save_lesson_dialog import SaveLessonDialog
from rnn_stepper.gui.i18n import current_language, translate_error
from rnn_stepper.gui.lesson_support import apply_lesson_to_session, lesson_message, save_session_lesson
from rnn_stepper.gui.panel_docks import PanelDocks
from rnn_stepper.gui.session import StepSize
from rnn_stepper.gui.settings_store import KIND_LESSON, KIND_MODEL, RecentFile, SettingsStore
from rnn_stepper.gui.widgets.lesson_notes import LessonNotesDock

log = logging.getLogger(__name__)
BUNDLED_LESSONS = Path(__file__).resolve().parent.parent.parent / "resources" / "lessons"

OPEN_LESSON_SHORTCUT = "Ctrl+O"
SAVE_LESSON_SHORTCUT = "Ctrl+S"
OPEN_MODEL_SHORTCUT = "Ctrl+Shift+O"
KEY_LAST_FOLDER = "files/lastFolder"
MAX_NOTES_IN_STATUS = 2  # the status bar shows the first notes; the box lists them all
# The step size as the save dialog's summary names it (translated at use).
STEP_SIZE_NAMES = {
    StepSize.CELL: QT_TRANSLATE_NOOP("FileActions", "one cell"),
    StepSize.TIME_STEP: QT_TRANSLATE_NOOP("FileActions", "one time step"),
    StepSize.SUB_OPERATION: QT_TRANSLATE_NOOP("FileActions", "one sub-operation"),
}


class FileActions(QObject):
    """The file menu items and what they open, around `session`: they fill `file_menu` (and View
    with the lesson notes and classroom mode, which hides parts of `controls`, the ControlsBar),
    show and hide panels through `docks`, tell the user through `status`, and keep what they
    remember in `settings`. `host` (the main window) parents their dialogs and owns their
    shortcuts. What was opened is the session's `document`, and the speed and step size are the
    session's too: the window title and the controls bar follow the session, not these actions."""

    def __init__(
        self,
        session,
        settings,
        file_menu: QMenu,
        view_menu: QMenu,
        docks: PanelDocks,
        controls,
        status: StatusReporter,
        host: QMainWindow,
    ):
        super().__init__(host)
        self.host = host
        self.session = session
        self.settings = settings
        self.file_menu = file_menu
        self.docks = docks
        self.controls = controls
        self.status = status
        self.store = SettingsStore(settings)
        # What was opened (the file, the lesson's titles and notes) is the session's `document`
        # (gui/document.py): it outlives these actions, which a language switch rebuilds.
        self.problem_box: QMessageBox | None = None
        self.info_box: QMessageBox | None = None

        self.notes = LessonNotesDock(host, docks)
        view_menu.addAction(self.notes.toggleViewAction())
        self.classroom = ClassroomMode(session, controls, docks, view_menu, status, self.store, host)
        self._install_menu()
        if self.session.document.lesson_opened:  # (after a language switch: in the new language)
            self.notes.show_notes(self.session.document.titles, self.session.document.descriptions)

        from rnn_stepper.gui.error_handling import error_reporter

        reporter = error_reporter()
        self.error_dialog = None
        if reporter is not None:
            from rnn_stepper.gui.dialogs.error_dialog import ErrorDialogPresenter

            self.error_dialog = ErrorDialogPresenter(host, reporter)

    # ---- menu ---------------------------------------------------------------------------------------

    def _install_menu(self) -> None:
        menu = self.file_menu
        first = menu.actions()[0] if menu.actions() else None
        self.open_lesson_action = self._action(
            self.tr("&Open lesson…"),
            OPEN_LESSON_SHORTCUT,
            self.tr("Open a lesson file: a whole session saved by a teacher"),
            self.ask_open_lesson,
            "openLessonAction",
        )
        self.open_model_action = self._action(
            self.tr("Open &model…"),
            OPEN_MODEL_SHORTCUT,
            self.tr("Open the weights of a trained nn.RNN (a state_dict .pt)"),
            self.ask_open_model,
            "openModelAction",
        )
        self.recent_menu = QMenu(self.tr("Open &recent"), menu)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.save_lesson_action = self._action(
            self.tr("&Save lesson…"),
            SAVE_LESSON_SHORTCUT,
            self.tr("Save this session (model, step, view) as a lesson file for students"),
            self.ask_save_lesson,
            "saveLessonAction",
        )
        from rnn_stepper.gui.actions.input_actions import InputActions

        self.input_actions = InputActions(
            self.session, self.status, self.report_problem, self.start_folder, self.host
        )
        for item in (
            self.open_lesson_action,
            self.open_model_action,
            *self.input_actions.actions(),
            self.recent_menu.menuAction(),
        ):
            menu.insertAction(first, item)
        menu.insertSeparator(first)
        menu.insertAction(first, self.save_lesson_action)
        menu.insertSeparator(first)
        self.fill_recent_menu()

    def _action(self, text: str, shortcut: str, tip: str, slot, name: str) -> QAction:
        action = QAction(text, self.host)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.host.addAction(action)  # the shortcut works in floating docks too
        return action

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        entries = self.store.recent_files()  # missing files are pruned here
        for number, entry in enumerate(entries, start=1):
            kind = self.tr("Lesson") if entry.kind == KIND_LESSON else self.tr("Model")
            prefix = f"&{number} " if number < 10 else "1&0 "
            action = menu.addAction(prefix + self.tr("{0}: {1}").format(kind, Path(entry.path).name))
            action.setToolTip(entry.path)
            action.triggered.connect(lambda _checked=False, e=entry: self.open_recent(e))
        if not entries:
            empty = menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("&Clear recent files"))
        clear.setObjectName("clearRecentAction")
        clear.setEnabled(bool(entries))
        clear.triggered.connect(self.clear_recent)

    def recent_files(self) -> list[RecentFile]:
        return self.store.recent_files()

    def clear_recent(self) -> None:
        self.store.clear_recent()
        self.fill_recent_menu()

    def open_recent(self, entry: RecentFile) -> bool:
        if not Path(entry.path).is_file():
            self.report_problem(
                self.tr("Could not open"),
                self.tr("{0} is no longer there; it was removed from the recent files").format(entry.path),
            )
            self.fill_recent_menu()
            return False
        if entry.kind == KIND_LESSON:
            return self.open_lesson(entry.path)
        return self.open_model(entry.path, entry.vocab, entry.nonlinearity, entry.text, entry.labels)

    def _remember(self, entry: RecentFile) -> None:
        self.store.add_recent(entry)
        self.settings.setValue(KEY_LAST_FOLDER, str(Path(entry.path).resolve().parent))
        self.fill_recent_menu()

    def lesson_start_folder(self) -> str:
        """Where Open lesson starts: the folder last used, else the lessons that ship with the app."""
        saved = self.settings.value(KEY_LAST_FOLDER)
        if saved and Path(str(saved)).is_dir():
            return str(saved)
        return str(BUNDLED_LESSONS) if BUNDLED_LESSONS.is_dir() else self.start_folder()

    def start_folder(self) -> str:
        saved = self.settings.value(KEY_LAST_FOLDER)
        if saved and Path(str(saved)).is_dir():
            return str(saved)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    # ---- lessons ----------------------------------------------------------------------------------------

    def ask_open_lesson(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.host,
            self.tr("Open lesson"),
            self.lesson_start_folder(),
            self.tr("RNN Stepper lesson (*.rnnlesson);;All files (*)"),
        )
        if path:
            self.open_lesson(path)

    def open_lesson(self, path: str | Path) -> bool:
        """Open a lesson file and show it; on any problem say why and change nothing."""
        try:
            lesson = read_lesson(path)
        except UserError as exc:
            self.report_problem(self.tr("Could not open the lesson"), translate_error(exc))
            return False
        except Exception as exc:  # a defect, but opening a file must not end the app
            log.exception("opening the lesson %s failed", path)
            self.report_problem(self.tr("Could not open the lesson"), f"{type(exc).__name__}: {exc}")
            return False
        self.session.pause()
        with collected_refusals(self.session) as refused:
            applied = apply_lesson_to_session(
                self.session, lesson, origin=f"loaded from the lesson {Path(path).name}"
            )
        if not applied:
            reason = (
                translate_error(refused[0]) if refused else self.tr("its configuration could not be used")
            )
            self.report_problem(
                self.tr("Could not open the lesson"), self.tr("{0}: {1}").format(path, reason)
            )
            return False
        self.lesson_opened(lesson, path)
        return True

    def lesson_opened(self, lesson: Lesson, path: str | Path) -> None:
        """Everything after the session took the lesson: its view, notes, the recent list."""
        self.session.update_document(
            source=RecentFile(KIND_LESSON, str(path)),
            source_model=lesson.model,
            lesson_model=lesson.model,
            titles=lesson.titles,
            descriptions=lesson.descriptions,
        )
        self.apply_lesson_view(lesson.view)
        self.notes.show_notes(lesson.titles, lesson.descriptions)
        self._remember(RecentFile(KIND_LESSON, str(path)))
        self.status.show_message(lesson_message(lesson))

    def apply_lesson_view(self, view: dict) -> None:
        """Hidden panels and classroom mode as the lesson says; values of the wrong type are
        ignored (a lesson is a file from elsewhere)."""
        panels = _names(view.get("hidden_panels"))
        controls = _names(view.get("hidden_controls"))
        mode = view.get("classroom_mode")
        if mode is True:
            self.classroom.disable()
            self.docks.show_all()  # "Turn off" should then show the whole app
            self.classroom.enable(
                controls if controls is not None else (), panels if panels is not None else ()
            )
            return
        if mode is False:  # absent (e.g. a lesson written by `export`): leave the teacher's setting
            self.classroom.disable()
        if controls is not None:
            self.classroom.hidden_controls = controls  # the teacher's choice, for when it is turned on
        if panels is not None:
            self.docks.set_hidden(panels)

    # The open document's facts, read from the session (which owns them).
    @property
    def source(self) -> RecentFile | None:
        """The file the running model came from, if any."""
        return self.session.document.source

    @property
    def last_problem(self) -> str:
        return self.session.document.last_problem

    @property
    def lesson_titles(self) -> dict[str, str]:
        return self.session.document.titles

    @property
    def lesson_descriptions(self) -> dict[str, str]:
        return self.session.document.descriptions

    # The lesson's title and notes in the interface's language (setting one keeps the others).
    @property
    def lesson_title(self) -> str:
        return text_in(self.lesson_titles, current_language())

    @lesson_title.setter
    def lesson_title(self, text: str) -> None:
        self.session.update_document(titles=with_text(self.lesson_titles, current_language(), text))

    @property
    def lesson_description(self) -> str:
        return text_in(self.lesson_descriptions, current_language())

    @lesson_description.setter
    def lesson_description(self, text: str) -> None:
        self.session.update_document(
            descriptions=with_text(self.lesson_descriptions, current_language(), text)
        )

    def lesson_view(self, title=None, description=None) -> dict:
        """What Save lesson records about the window (gui.lesson_support adds batch and neuron);
        the title and notes as {language code: text}."""
        view = {
            "hidden_panels": self.docks.hidden(),
            "hidden_controls": list(self.classroom.hidden_controls),
            "classroom_mode": self.classroom.enabled,
        }
        if title:
            view["title"] = dict(title)
        if description:
            view["description"] = dict(description)
        return view

    def ask_save_lesson(self) -> None:
        dialog = SaveLessonDialog(
            self.default_lesson_path(),
            self.lesson_titles,
            self.lesson_descriptions,
            self.save_summary(),
            self.host,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            path, title, description = dialog.answers()
            if path and lesson_path(path).is_file() and not self._confirm_replace(lesson_path(path)):
                continue
            try:
                self.save_lesson(path, title, description)
            except UserError as exc:
                dialog.show_error(translate_error(exc))  # stay open: let the user pick another place
                continue
            return

    def _confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.host, self.tr("Save lesson"), self.tr("{0} already exists. Replace it?").format(path.name)
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_lesson(self, path: str | Path, title="", description="") -> Path:
        """Write the session as a lesson; raises UserError (e.g. an unwritable folder).
        `title` and `description` are {language code: text} (as the save dialog answers), or a
        plain string: the text in the interface's language, the lesson's other languages kept."""
        if not str(path).strip():
            raise UserError("gui.as_given", text=self.tr("type a file name"))
        path = Path(path).expanduser()
        if path.is_dir():
            raise UserError("gui.as_given", text=self.tr("{0} is a folder: add a file name").format(path))
        if self.session.simulation.user_input is not None:
            # A lesson stores a configuration, not tensors: it would reopen on other inputs.
            raise UserError(
                "gui.as_given",
                text=self.tr(
                    "a lesson cannot hold your input or h0 files: choose File → "
                    "Use generated input first, or share the files with the lesson"
                ),
            )
        language = current_language()
        titles = (
            with_text(self.lesson_titles, language, title) if isinstance(title, str) else texts_from(title)
        )
        descriptions = (
            with_text(self.lesson_descriptions, language, description)
            if isinstance(description, str)
            else texts_from(description)
        )
        written = save_session_lesson(path, self.session, self.lesson_view(titles, descriptions))
        self.session.update_document(titles=titles, descriptions=descriptions)
        self._remember(RecentFile(KIND_LESSON, str(written)))
        self.status.show_message(self.tr("Saved the lesson {0}").format(written))
        return written

    def default_lesson_path(self) -> Path:
        from rnn_stepper.engine.files import safe_name_part

        config = self.session.config
        stem = safe_name_part(
            self.lesson_title or (config.text if config.is_text else f"random-H{config.hidden_size}")
        )
        return Path(self.start_folder()) / f"{stem}{LESSON_SUFFIX}"

    def save_summary(self) -> str:
        """One paragraph for the save dialog: what else the file will hold."""
        view = self.session.view()
        titles = self.docks.titles()
        hidden = [titles[r] for r in self.lesson_view()["hidden_panels"]]
        step_size = self.session.step_size
        parts = [
            self.tr("Saved with it: the configuration and weights, step {0} of {1}, step size: {2}").format(
                view.position, view.total, self.tr(STEP_SIZE_NAMES.get(step_size, step_size.value))
            )
        ]
        # The separators are translated too: Chinese lists panels with "、" and ends with "。".
        parts.append(
            self.tr("hidden panels: {0}").format(self.tr(", ").join(hidden))
            if hidden
            else self.tr("every panel shown")
        )
        if self.classroom.enabled:
            parts.append(self.tr("classroom mode on"))
        return self.tr("{0}.").format(self.tr("; ").join(parts))

    # ---- models --------------------------------------------------------------------------------------------

    def ask_open_model(self) -> None:
        previous = self.source if self.source and self.source.kind == KIND_MODEL else None
        request = (
            ModelRequest(previous.path, previous.vocab, previous.nonlinearity, previous.text, previous.labels)
            if previous
            else None
        )
        dialog = OpenModelDialog(self.start_folder(), request, self.host)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                loaded = self.load_model_file(dialog.request())
                self.apply_loaded_model(loaded, dialog.request())
            except UserError as exc:
                dialog.show_error(translate_error(exc))  # stay open: another file may do
                continue
            return

    def open_model(
        self, path: str | Path, vocab: str = "", nonlinearity: str = "", text: str = "", labels: str = ""
    ) -> bool:
        """Open a model file and run it; on any problem say why and change nothing."""
        request = ModelRequest(str(path), vocab or "", nonlinearity or "", text or "", labels or "")
        try:
            self.apply_loaded_model(self.load_model_file(request), request)
        except UserError as exc:
            self.report_problem(self.tr("Could not open the model"), translate_error(exc))
            return False
        except Exception as exc:  # a defect, but opening a file must not end the app
            log.exception("opening the model %s failed", path)
            self.report_problem(self.tr("Could not open the model"), f"{type(exc).__name__}: {exc}")
            return False
        return True

    def load_model_file(self, request: ModelRequest):
        """engine.model_io.load_model with the current configuration as the base (UserError on refusal)."""
        from rnn_stepper.engine.model_io import load_model

        if not request.path:
            raise UserError("gui.as_given", text=self.tr("choose a model file"))
        base = self.session.config
        if request.text:
            base = base.replace(text=request.text, batch_size=1)
        return load_model(
            Path(request.path).expanduser(),
            base,
            vocab_path=request.vocab or None,
            nonlinearity=request.nonlinearity or None,
            text_given=bool(request.text),
            labels_path=Path(request.labels).expanduser() if request.labels else None,
        )

    def apply_loaded_model(self, loaded, request: ModelRequest) -> None:
        self.session.pause()
        with collected_refusals(self.session) as refused:
            # A new model starts from its own input: input files of the previous one may not fit it.
            applied = self.session.set_config(
                loaded.config,
                loaded.model,
                user_input=None,
                origin=f"loaded from the model file {Path(request.path).name}",
            )
        if not applied:
            raise UserError(
                "gui.as_given", text=refused[0] if refused else self.tr("the model could not be used")
            )
        entry = RecentFile(
            KIND_MODEL,
            str(Path(request.path).expanduser()),
            request.vocab,
            request.nonlinearity,
            request.text,
            request.labels,
        )
        self.session.update_document(source=entry, source_model=loaded.model)
        self._remember(entry)
        name = Path(request.path).name
        notes = [translate_error(note) for note in loaded.notes]
        self.status.show_message(
            self.tr("Opened {0}: {1}").format(name, " · ".join(notes[:MAX_NOTES_IN_STATUS]))
        )
        self._show_box(
            QMessageBox.Icon.Information,
            self.tr("Model opened"),
            self.tr("Opened {0}. What was read from it:").format(name),
            "\n".join(f"• {note}" for note in notes),
            "modelInfoBox",
            info=True,
        )

    # ---- settings ------------------------------------------------------------------------------------------

    def restore_playback(self) -> None:
        """The speed and step size saved at the last close, given to the session (the controls
        bar shows what the session says). Once, when the window loads (MainWindow.load): a
        language switch rebuilds these actions around the same session, which keeps them."""
        speed = self.store.speed()
        if speed is not None:
            self.session.set_speed(speed)
        size = self.store.step_size()
        try:
            self.session.set_step_size(StepSize(size))
        except ValueError:
            if size is not None:
                log.warning("ignoring the saved step size %r", size)

    def save_settings(self) -> None:
        """Called when the window closes (MainWindow.save_layout)."""
        self.store.save_last_config(
            self.session.config, self.source
        )  # (the session forgets a replaced model's file)
        self.store.save_playback(self.session.speed, self.session.step_size.value)

    # ---- telling the user ------------------------------------------------------------------------------

    def report_problem(self, title: str, text: str) -> None:
        """A refusal: in the status bar and in a message box that does not block the app."""
        log.warning("%s: %s", title, text)  # handled, but a teacher's log should still show it
        self.session.update_document(last_problem=text)
        self.status.show_error(text)
        self._show_box(QMessageBox.Icon.Warning, title, text, "", "fileProblemBox")

    def _show_box(self, icon, title: str, text: str, details: str, name: str, info: bool = False) -> None:
        attribute = "info_box" if info else "problem_box"
        old = getattr(self, attribute)
        if old is not None:
            old.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self.host)
        box.setObjectName(name)
        if details:
            box.setInformativeText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_a, a=attribute, b=box: self._forget_box(a, b))
        setattr(self, attribute, box)
        box.show()

    def _forget_box(self, attribute: str, box) -> None:
        if getattr(self, attribute) is box:
            setattr(self, attribute, None)


def _names(value) -> tuple[str, ...] | None:
    """A list of strings from a lesson's view, None if absent or not a list of strings."""
    if not isinstance(value, list):
        return None
    return tuple(v for v in value if isinstance(v, str))
