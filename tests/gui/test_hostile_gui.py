"""The real window against hostile input (issue 10): corrupt settings never break a start-up and
are dropped so the next start is clean; hostile lessons and models get a clear message (never a
raw "TypeError: ..." or the "Unexpected error" dialog) and change nothing; a long title cannot
stall the window; special files in the Train panel are refused; NaN is never shown as a match.
Special files are private nodes in the test's own folder."""

from __future__ import annotations

import json
import logging

import pytest
from PySide6.QtCore import QSettings
from rnn_stepper.engine.lesson_file import MAX_TITLE_CHARS
from rnn_stepper.gui.panels.calculation_text import match_html
from rnn_stepper.gui.settings_store import KEY_CLASSROOM, KEY_LAST_CONFIG, KEY_SPEED, KEY_STEP_SIZE

from tests import hostile_files as hostile

# The same window and defect guard as the earlier bad-input tests (one home for each).
from tests.gui.test_bad_input import quiet, window  # noqa: F401


def snapshot(window):
    return window.session.simulation, window.session.stepper.position


def assert_clear(text: str) -> None:
    """A message for a person: one line, no exception class name, no traceback."""
    assert "\n" not in text and "Traceback" not in text
    assert not any(
        f"{name}:" in text
        for name in (
            "TypeError",
            "ValueError",
            "RecursionError",
            "KeyError",
            "AttributeError",
            "RuntimeError",
            "MemoryError",
            "error:",
        )
    )


# ---- 3. corrupt settings: every start works, and the bad value is gone afterwards ---------------------

BAD_SETTINGS = {
    "nested config": (KEY_LAST_CONFIG, "[" * 100_000),
    "5,000-digit config value": (KEY_LAST_CONFIG, '{"seed": ' + "9" * 5000 + "}"),
    "speed 0": (KEY_SPEED, "0"),
    "negative speed": (KEY_SPEED, "-3"),
    "speed NaN": (KEY_SPEED, "NaN"),
    "speed infinite": (KEY_SPEED, "1e999"),
    "speed far too fast": (KEY_SPEED, "1000000"),
    "nested speed": (KEY_SPEED, "[" * 50_000),
    "step size a list": (KEY_STEP_SIZE, "[1, 2]"),
    "step size an object": (KEY_STEP_SIZE, '{"a": 1}'),
    "classroom a number": (KEY_CLASSROOM, "12"),
}


@pytest.mark.parametrize("case", list(BAD_SETTINGS))
def test_a_corrupt_setting_never_breaks_start_up_and_is_dropped(qtbot, settings_file, caplog, case):
    from rnn_stepper.gui.main_window import MainWindow
    from rnn_stepper.gui.settings_store import load_window_with_last_config

    key, raw = BAD_SETTINGS[case]
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue(key, raw)
    settings.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING):
        load_window_with_last_config(window)  # what gui.app.run does at start-up
    assert window.session is not None and window.docks  # every panel built
    assert "&Edit" in [action.text() for action in window.menuBar().actions()]
    assert 0.5 <= window.session.speed <= 60
    assert f"dropping the saved setting {key}" in caplog.text
    assert (
        QSettings(str(settings_file), QSettings.Format.IniFormat).value(key) is None
    )  # the next start is clean


def test_start_up_through_gui_app_with_a_nested_saved_config(qtbot, settings_file, monkeypatch):
    """The way the issue found it: `python main.py` showed only "Could not start: RecursionError"."""
    from rnn_stepper.gui import app

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue(KEY_LAST_CONFIG, "[" * 100_000)
    settings.setValue(KEY_SPEED, "0")
    settings.sync()
    built, reporters = [], []
    real_tear_down = app.tear_down_window
    monkeypatch.setattr(app, "tear_down_window", built.append)  # kept to look at, torn down below
    import rnn_stepper.gui.error_handling as error_handling

    real_install = error_handling.install_error_handling

    def install_and_remember(*args, **kwargs):
        reporters.append(real_install(*args, **kwargs))
        return reporters[-1]

    monkeypatch.setattr(error_handling, "install_error_handling", install_and_remember)
    # The reporter is a process-wide singleton that every later window would connect to: restore
    # the one there was before this test when it ends.
    monkeypatch.setattr(error_handling, "_reporter", error_handling._reporter)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close_when_ready(left=200):
        windows = [
            w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()
        ]
        if windows and windows[0].session is not None:
            windows[0].close()
        elif left:
            QTimer.singleShot(25, lambda: close_when_ready(left - 1))

    QTimer.singleShot(0, close_when_ready)
    try:
        assert app.run(["rnn-stepper"]) == 0
    finally:
        for reporter in reporters:  # app.run installs the global error hooks; later tests need them gone
            reporter.uninstall()
    window = built[0]
    try:
        assert window.session is not None and window.docks
    finally:
        real_tear_down(window)
    saved = QSettings(str(settings_file), QSettings.Format.IniFormat)
    assert json.loads(saved.value(KEY_LAST_CONFIG))["hidden_size"] == 4  # overwritten with a good one
    assert 0.5 <= json.loads(saved.value(KEY_SPEED)) <= 60


# ---- 4, 7. hostile lessons and models through File → Open --------------------------------------------


@pytest.mark.parametrize("case", list(hostile.BAD_LESSON_FILES))
def test_hostile_lessons_via_file_open(qtbot, window, quiet, tmp_path, case):
    build, fragment = hostile.BAD_LESSON_FILES[case]
    path = build(tmp_path)
    window.session.seek(1)
    before = snapshot(window)
    assert not window.file_actions.open_lesson(path)
    assert fragment in window.file_actions.last_problem
    assert_clear(window.file_actions.last_problem)
    assert snapshot(window) == before


@pytest.mark.parametrize("case", list(hostile.BAD_MODEL_FILES))
def test_hostile_models_via_file_open(qtbot, window, quiet, tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    build, fragment = hostile.BAD_MODEL_FILES[case]
    path = build(tmp_path)
    before = snapshot(window)
    assert not window.file_actions.open_model(path)
    assert fragment in window.file_actions.last_problem
    assert_clear(window.file_actions.last_problem)
    assert snapshot(window) == before
    assert not (tmp_path / "pwned.txt").exists()


@pytest.mark.parametrize(
    "case",
    [
        "bit-flipped zip",
        "5,000-digit seed",
        "deeply nested JSON",
        "vocabulary is an int",
        "meta tensor in the weights",
    ],
)
def test_a_bad_lesson_at_start_up_leaves_a_working_window(qtbot, settings_file, tmp_path, case):
    from rnn_stepper.gui.lesson_support import load_window_with_lesson
    from rnn_stepper.gui.main_window import MainWindow

    build, fragment = hostile.BAD_LESSON_FILES[case]
    window = MainWindow()
    qtbot.addWidget(window)
    assert not load_window_with_lesson(window, build(tmp_path))
    assert window.session is not None and window.docks
    assert fragment in window.message_label.text()
    assert_clear(window.message_label.text())


# ---- 5. a long title cannot stall the window ---------------------------------------------------------------


def test_a_500000_character_title_is_cut_at_start_up_and_via_file_open(qtbot, settings_file, tmp_path):
    from rnn_stepper.gui.lesson_support import load_window_with_lesson
    from rnn_stepper.gui.main_window import MainWindow

    path = hostile.long_title_lesson(tmp_path, 500_000)
    window = MainWindow()
    qtbot.addWidget(window)
    assert load_window_with_lesson(window, path)
    assert len(window.windowTitle()) < MAX_TITLE_CHARS + 40
    assert len(window.file_actions.notes.title) == MAX_TITLE_CHARS + 1
    assert window.file_actions.open_lesson(path)
    assert len(window.file_actions.notes.browser.toPlainText()) < MAX_TITLE_CHARS + 100
    assert "only the first 200 are shown" in window.message_label.text()


# ---- 2. special files in the Train panel ----------------------------------------------------------------------


@pytest.mark.parametrize("make", [hostile.zero_device, hostile.fifo], ids=["zero-device", "fifo"])
def test_a_special_file_as_corpus_is_refused_in_the_train_panel(qtbot, window, quiet, tmp_path, make):
    window.docks["train"].raise_()
    panel = window.panels["train"]
    panel.corpus_radio.setChecked(True)
    panel.corpus_edit.setText(str(make(tmp_path)))
    assert not panel.start_training()  # returns at once: neither read to exhaustion nor blocked
    assert "only regular files are read" in panel.status_text()
    assert_clear(panel.status_text())


# ---- 8. NaN weights: never a match, in the status bar and the calculation panel ----------------------------------


def test_nan_weights_are_not_comparable_in_the_window(qtbot, window, quiet, tmp_path):
    assert window.file_actions.open_model(hostile.nan_model(tmp_path))
    window.session.step()
    assert window.match_label.text() == "✗ cannot compare with nn.RNN: the values are NaN or infinite"
    html = match_html(window.session.view().record)  # the Calculation panel's sentence
    assert "cannot compare with nn.RNN" in html and "matches" not in html


def test_long_unbroken_text_in_the_notes_gets_break_opportunities():
    """Qt's layout of one unbreakable run grows faster than its length (a 200,000-character run
    took 6 s, 0.17 s with these breaks): no run in the notes may exceed 40 characters."""
    import re

    from rnn_stepper.gui.widgets.lesson_notes import notes_html

    html = notes_html("W" * 201, "D" * 20_000 + "\n\n短文")
    assert max(len(run) for run in re.split(r"[\s\u200b<>]", html)) <= 40
    assert html.replace("\u200b", "").count("D") == 20_000 and "短文" in html


# ---- 12. a long session: nothing accumulates per language switch ---------------------------------------


def test_language_switches_leave_no_widgets_behind(qtbot, window):
    """Each switch rebuilds every panel; pyqtgraph's parentless "Plot Options" menus (7 per plot)
    used to outlive their plots: 91 menus a switch, resident memory growing with them."""
    import gc

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    def live_widgets() -> int:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        return len(QApplication.allWidgets())

    window.switch_language("zh_CN")
    window.switch_language("en")
    settled = live_widgets()
    for _ in range(3):
        window.switch_language("zh_CN")
        window.switch_language("en")
    assert live_widgets() == settled
    assert window.session.step() is not None or window.session.stepper.position >= 0


def test_a_defect_while_opening_a_lesson_at_start_up_still_gives_a_working_window(
    qtbot, settings_file, tmp_path, monkeypatch, caplog
):
    """Not every failure is foreseen: an unexpected exception while reading the lesson must still
    leave the default model loaded and say so, never a window without panels."""
    import rnn_stepper.engine.lesson_file as lesson_file
    from rnn_stepper.gui.lesson_support import load_window_with_lesson
    from rnn_stepper.gui.main_window import MainWindow

    def broken(path):
        raise KeyError("something nobody foresaw")

    monkeypatch.setattr(lesson_file, "open_lesson", broken)
    window = MainWindow()
    qtbot.addWidget(window)
    with caplog.at_level(logging.ERROR):
        assert not load_window_with_lesson(window, hostile.good_lesson(tmp_path))
    assert window.session is not None and window.docks
    assert "Could not open the lesson: unexpected error:" in window.message_label.text()
    assert "opening the lesson" in caplog.text
