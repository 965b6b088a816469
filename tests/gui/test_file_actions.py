"""File → Open lesson / Save lesson / Open model / Open recent, and the remembered settings,
driven through the real window, with real files."""

from __future__ import annotations

import json
import logging
import zipfile

import pytest
import torch
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.lesson_file import open_lesson
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.session import StepSize
from rnn_stepper.gui.settings_store import (
    KEY_LAST_CONFIG,
    MAX_RECENT,
    RecentFile,
    SettingsStore,
    load_window_with_last_config,
)
from rnn_stepper.gui.widgets.controls import speed_to_slider

from tests.gui.file_helpers import (
    TEXT_MODEL,
    answer_next_dialog,
    built_window,
    save_text_model,
    save_tutorial_model,
)

RANDOM = RNNConfig(input_size=3, hidden_size=5, num_layers=2, seq_len=6, batch_size=2, seed=4)


@pytest.fixture
def window(qtbot, settings_file):
    return built_window(qtbot)


def menu_texts(menu):
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def combo_step_size(window):
    return window.controls.step_size_combo.currentData()


# ---- the menu -------------------------------------------------------------------------------------


def test_file_menu_lists_the_file_actions_before_the_exports(window):
    texts = menu_texts(window.file_menu)
    assert texts[:7] == [
        "&Open lesson…",
        "Open &model…",
        "Open &input…",
        "Open initial &state h0…",
        "Use &generated input",
        "Open &recent",
        "&Save lesson…",
    ]
    assert texts.index("&Save lesson…") < texts.index("Export &all panels…") < texts.index("&Quit")
    actions = window.file_actions
    assert actions.open_lesson_action.shortcut().toString() == "Ctrl+O"
    assert actions.save_lesson_action.shortcut().toString() == "Ctrl+S"
    assert actions.open_model_action.shortcut().toString() == "Ctrl+Shift+O"


# ---- lessons ----------------------------------------------------------------------------------------


def test_save_and_open_a_lesson_brings_everything_back(qtbot, window, tmp_path):
    session, fa = window.session, window.file_actions
    assert session.set_config(RANDOM)
    session.set_step_size(StepSize.SUB_OPERATION)
    for _ in range(5):
        session.step()
    session.set_batch_index(1)
    window.docks["weights"].hide()
    path = fa.save_lesson(
        tmp_path / "two layers", "Two layers", "Watch layer 1 read layer 0.\n\nThen press End."
    )
    assert path.name == "two layers.rnnlesson"
    saved = open_lesson(path)
    assert saved.view["hidden_panels"] == ["weights"]
    assert saved.view["classroom_mode"] is False
    assert (saved.title, saved.position, saved.step_size) == (
        "Two layers",
        session.stepper.position,
        "sub-operation",
    )

    # Change everything, then open the lesson again.
    session.load_preset("text-woaini")
    session.set_step_size(StepSize.CELL)
    window.docks["weights"].show()
    assert fa.open_lesson(path)
    assert session.config == RANDOM and session.stepper.position == saved.position
    assert session.step_size is StepSize.SUB_OPERATION and combo_step_size(window) is StepSize.SUB_OPERATION
    assert session.batch_index == 1
    assert not window.docks["weights"].toggleViewAction().isChecked()
    assert window.docks["hidden"].toggleViewAction().isChecked()
    assert fa.notes.isVisible()
    assert fa.notes.plain_text() == "Two layers\nWatch layer 1 read layer 0.\nThen press End."
    assert window.windowTitle() == "Two layers"
    assert window.message_label.text() == "Lesson: Two layers"
    assert fa.recent_files()[0] == RecentFile("lesson", str(path.resolve()))
    # The save dialog offers the lesson's title and notes again.
    assert fa.lesson_title == "Two layers"


def test_save_lesson_dialog_writes_the_typed_title_and_notes(qtbot, window, tmp_path):
    target = tmp_path / "from-dialog"

    def fill(dialog):
        assert dialog.objectName() == "saveLessonDialog"
        assert "step 0 of 3" in dialog.summary_label.text()
        dialog.path_edit.setText(str(target))
        dialog.title_edit.setText("我爱你")
        dialog.description_edit.setPlainText("Press → three times.")
        dialog.accept()

    answer_next_dialog(fill)
    window.file_actions.ask_save_lesson()
    lesson = open_lesson(target.with_name("from-dialog.rnnlesson"))
    assert (lesson.title, lesson.description) == ("我爱你", "Press → three times.")


def test_save_lesson_dialog_stays_open_on_an_unwritable_path(qtbot, window, tmp_path):
    seen = {}

    def first(dialog):
        dialog.path_edit.setText("/proc/no-such-folder/lesson.rnnlesson")
        answer_next_dialog(second)  # the same dialog again, after the refusal
        dialog.accept()

    def second(dialog):
        seen["error"] = dialog.error_label.text()
        dialog.reject()

    answer_next_dialog(first)
    window.file_actions.ask_save_lesson()
    assert "cannot write into the folder /proc/no-such-folder" in seen["error"]


def test_saving_over_an_existing_lesson_asks_first(qtbot, window, tmp_path):
    fa = window.file_actions
    path = fa.save_lesson(tmp_path / "mine", "first")
    asked = []

    def save_again(dialog):
        dialog.path_edit.setText(str(path))
        dialog.title_edit.setText("second")
        answer_next_dialog(say_no if not asked else say_yes)
        dialog.accept()

    def say_no(box):
        asked.append(box.text())
        answer_next_dialog(save_again)  # back in the save dialog: try once more
        box.button(QMessageBox.StandardButton.No).click()

    def say_yes(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    answer_next_dialog(save_again)
    fa.ask_save_lesson()
    assert asked == ["mine.rnnlesson already exists. Replace it?"] * 2
    assert open_lesson(path).title == "second"


def test_opening_a_lesson_applies_its_classroom_mode(qtbot, window, tmp_path):
    fa = window.file_actions
    fa.classroom.enable(("config", "end", "timeline"), ("code",))
    path = fa.save_lesson(tmp_path / "class", "In class")
    fa.classroom.disable()
    assert window.controls.actions_by_name["end"].isVisible()
    assert open_lesson(path).view["hidden_controls"] == ["config", "end", "timeline"]

    assert fa.open_lesson(path)
    assert fa.classroom.enabled
    assert not window.controls.actions_by_name["end"].isVisible()
    qtbot.waitUntil(lambda: not window.controls.timeline.isVisible())  # the toolbar lays out later
    assert not window.docks["code"].toggleViewAction().isChecked()
    assert not window.docks["config"].toggleViewAction().isChecked()
    fa.classroom.disable()  # turning it off shows everything again
    assert window.controls.actions_by_name["end"].isVisible()
    qtbot.waitUntil(window.controls.timeline.isVisible)
    assert window.docks["code"].toggleViewAction().isChecked()


def test_a_lesson_without_view_keys_leaves_the_window_alone(qtbot, window, tmp_path):
    from rnn_stepper.engine.lesson_file import save_lesson
    from rnn_stepper.engine.model import build_model

    path = save_lesson(tmp_path / "bare", RANDOM, build_model(RANDOM), 2)
    window.docks["output"].hide()
    fa = window.file_actions
    fa.classroom.enable(("end",), ())
    assert fa.open_lesson(path)
    assert not window.docks["output"].toggleViewAction().isChecked()  # no hidden_panels: untouched
    assert fa.classroom.enabled  # no classroom_mode: the teacher's setting stays
    assert not fa.notes.isVisible()


def test_open_lesson_refusals_change_nothing(qtbot, window, tmp_path):
    session, fa = window.session, window.file_actions
    session.seek(2)
    before = session.simulation
    broken = tmp_path / "broken.rnnlesson"
    broken.write_text("not a zip")
    assert not fa.open_lesson(broken)
    assert session.simulation is before and session.stepper.position == 2
    assert "is not a lesson file" in fa.last_problem
    assert fa.problem_box is not None and fa.problem_box.isVisible()
    assert fa.problem_box.icon() == QMessageBox.Icon.Warning
    assert "is not a lesson file" in fa.problem_box.text()
    assert "is not a lesson file" in window.message_label.text()
    assert fa.recent_files() == []


def test_ctrl_o_opens_the_file_dialog(qtbot, window, monkeypatch, tmp_path):
    from rnn_stepper.gui.actions import file_actions as module

    path = window.file_actions.save_lesson(tmp_path / "keyed")
    window.session.load_preset("tutorial-single")
    monkeypatch.setattr(module.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.config == preset_config("text-woaini")


# ---- models -------------------------------------------------------------------------------------------


def test_open_model_runs_it_and_says_what_it_inferred(qtbot, window, tmp_path):
    path = tmp_path / "text.pt"
    model = save_text_model(path)
    fa = window.file_actions
    assert fa.open_model(path)
    session = window.session
    assert session.config.hidden_size == 5 and session.config.input_size == 6
    assert session.config.text == "我爱你"  # the current text, which the vocabulary spells
    assert torch.equal(session.simulation.model.rnn.weight_hh_l0, model.rnn.weight_hh_l0)
    assert session.model_is_custom
    assert fa.info_box is not None and "hidden_size=5" in fa.info_box.informativeText()
    assert "nonlinearity tanh" in fa.info_box.informativeText()
    assert window.message_label.text().startswith("Opened text.pt: ")
    assert fa.recent_files()[0].kind == "model"


def test_open_model_dialog_with_vocabulary_nonlinearity_and_text(qtbot, window, tmp_path):
    path, vocab, model = save_tutorial_model(tmp_path)
    fa = window.file_actions
    seen = {}

    def first(dialog):
        assert dialog.objectName() == "openModelDialog"
        dialog.path_edit.setText(str(path))  # no vocabulary: refused, the dialog stays
        answer_next_dialog(second)
        dialog.accept()

    def second(dialog):
        seen["error"] = dialog.error_label.text()
        dialog.vocab_edit.setText(str(vocab))
        dialog.nonlinearity.setCurrentIndex(dialog.nonlinearity.findData("relu"))
        dialog.text_edit.setText("他爱你们")
        dialog.accept()

    answer_next_dialog(first)
    fa.ask_open_model()
    assert "no vocabulary: give a vocabulary file with 5 tokens" in seen["error"]
    config = window.session.config
    assert (config.nonlinearity, config.text, config.batch_first) == ("relu", "他爱你们", False)
    assert window.session.simulation.tokens == ["他", "爱", "你", "们"]
    assert torch.equal(window.session.simulation.model.embedding.weight, model.emb.weight.detach())
    entry = fa.recent_files()[0]
    assert (entry.vocab, entry.nonlinearity, entry.text) == (str(vocab), "relu", "他爱你们")


def test_reopening_a_recent_model_uses_its_vocabulary_and_nonlinearity(qtbot, window, tmp_path):
    path, vocab, _model = save_tutorial_model(tmp_path)
    fa = window.file_actions
    assert fa.open_model(path, str(vocab), "relu", "我们")
    window.session.load_preset("tutorial-single")
    assert fa.open_recent(fa.recent_files()[0])
    assert (window.session.config.nonlinearity, window.session.config.text) == ("relu", "我们")


def test_shape_mismatch_names_the_tensor_and_the_shapes(qtbot, window, tmp_path):
    from torch import nn

    state = nn.RNN(3, 4, num_layers=2).state_dict()
    state["weight_hh_l1"] = torch.zeros(4, 5)
    path = tmp_path / "bad.pt"
    torch.save(state, path)
    before = window.session.simulation
    assert not window.file_actions.open_model(path)
    assert "'weight_hh_l1' has shape (4, 5), expected (4, 4)" in window.file_actions.last_problem
    assert window.session.simulation is before


def test_config_panel_keeps_a_loaded_model_for_new_text(qtbot, window, tmp_path):
    path = tmp_path / "text.pt"
    save_text_model(path)
    fa, session, panel = window.file_actions, window.session, window.panels["config"]
    assert fa.open_model(path)
    loaded = session.simulation.model
    field = panel.fields["text"]
    field.setText("你们爱我")
    field.editingFinished.emit()
    assert session.config.text == "你们爱我" and session.simulation.model is loaded
    assert session.simulation.tokens == ["你", "们", "爱", "我"]
    field.setText("他爱我")  # 他 is not in the model's vocabulary
    field.editingFinished.emit()
    assert session.simulation.model is loaded and session.config.text == "你们爱我"
    assert "not in the model's vocabulary: '他'" in panel.message_text()
    panel.fields["hidden_size"].setValue(7)  # changes the model: fresh weights, and a note says so
    assert session.config.hidden_size == 7 and session.simulation.model is not loaded
    assert not session.model_is_custom
    assert "hidden_size" in panel.note.text() and panel.note.isVisibleTo(panel)


def test_config_panel_keeps_hand_edited_weights_for_new_text(qtbot, window):
    session, panel = window.session, window.panels["config"]
    assert window.learn_actions.edit_weight("rnn.weight_hh_l0", (0, 1), 0.75)
    edited = session.simulation.model
    panel.fields["text"].setText("你爱我")  # the same characters: the edited model still fits
    panel.fields["text"].editingFinished.emit()
    assert session.config.text == "你爱我" and session.simulation.model is edited
    assert session.simulation.model.rnn.weight_hh_l0[0, 1].item() == 0.75


# ---- recent files -----------------------------------------------------------------------------------


def test_recent_files_newest_first_pruned_capped_and_cleared(qtbot, window, tmp_path):
    fa = window.file_actions
    paths = []
    for i in range(MAX_RECENT + 2):
        paths.append(fa.save_lesson(tmp_path / f"lesson{i}"))
    entries = fa.recent_files()
    assert len(entries) == MAX_RECENT
    assert [e.path for e in entries[:2]] == [str(paths[-1].resolve()), str(paths[-2].resolve())]
    paths[-1].unlink()
    assert str(paths[-1].resolve()) not in [e.path for e in fa.recent_files()]
    fa.fill_recent_menu()
    texts = menu_texts(fa.recent_menu)
    assert texts[0] == "&1 Lesson: lesson10.rnnlesson"
    assert texts[-1] == "&Clear recent files"
    fa.recent_menu.actions()[0].trigger()  # opens lesson10
    assert window.file_actions.source.path == str(paths[-2].resolve())
    fa.recent_menu.findChild(type(fa.open_lesson_action), "clearRecentAction").trigger()
    assert fa.recent_files() == []
    assert menu_texts(fa.recent_menu) == ["(no recent files)", "&Clear recent files"]


def test_a_recent_file_that_vanished_is_reported_not_opened(qtbot, window, tmp_path):
    fa = window.file_actions
    path = fa.save_lesson(tmp_path / "gone")
    entry = fa.recent_files()[0]
    path.unlink()
    before = window.session.simulation
    assert not fa.open_recent(entry)
    assert "is no longer there" in fa.last_problem and window.session.simulation is before


# ---- remembered settings -----------------------------------------------------------------------------


def test_last_configuration_speed_and_step_size_come_back(qtbot, settings_file):
    first = built_window(qtbot)
    first.session.set_config(RANDOM)
    first.controls.speed_slider.setValue(80)
    first.controls.step_size_combo.setCurrentIndex(1)  # one time step
    speed = first.session.speed
    first.close()

    from rnn_stepper.gui.main_window import MainWindow

    second = MainWindow()
    qtbot.addWidget(second)
    assert load_window_with_last_config(second)
    assert second.session.config == RANDOM
    assert second.session.speed == speed and second.controls.speed_slider.value() == 80
    assert second.session.step_size is StepSize.TIME_STEP and combo_step_size(second) is StepSize.TIME_STEP


def test_the_toolbar_shows_the_speed_and_step_size_the_session_is_given(window, tmp_path):
    """The session owns them: whoever asks it (a script, a lesson) moves the window's toolbar."""
    session, bar = window.session, window.controls
    session.set_speed(20)
    session.set_step_size(StepSize.TIME_STEP)
    assert bar.speed_slider.value() == speed_to_slider(20) and bar.speed_label.text() == "20 steps/s"
    assert combo_step_size(window) is StepSize.TIME_STEP
    session.set_step_size(StepSize.SUB_OPERATION)
    path = window.file_actions.save_lesson(tmp_path / "sub", "Sub-operations")
    session.set_step_size(StepSize.CELL)
    assert combo_step_size(window) is StepSize.CELL
    assert window.file_actions.open_lesson(path)
    assert combo_step_size(window) is StepSize.SUB_OPERATION


def test_a_saved_config_from_another_version_is_used_without_its_unknown_keys(qtbot, settings_file, caplog):
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    values = {**{k: getattr(RANDOM, k) for k in RANDOM.__dataclass_fields__}, "attention_heads": 4}
    del values["dropout"]  # an older version may not have had a field: its default is used
    settings.setValue(KEY_LAST_CONFIG, json.dumps(values))
    settings.sync()
    from rnn_stepper.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING):
        assert load_window_with_last_config(window)
    assert window.session.config == RANDOM
    assert "unknown field(s) attention_heads" in caplog.text


@pytest.mark.parametrize(
    "saved",
    [
        '{"hidden_size": -3}',
        '{"hidden_size": "four"}',
        "[1, 2]",
        "{not json",
        '{"text": "我", "batch_size": 9}',
        '{"input_size": 4096, "hidden_size": 4096, "num_layers": 8, "seq_len": 100000, "batch_size": 1024}',
    ],
)
def test_an_invalid_saved_config_is_ignored_with_a_log_line(qtbot, settings_file, caplog, saved):
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue(KEY_LAST_CONFIG, saved)
    settings.sync()
    from rnn_stepper.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING):
        assert not load_window_with_last_config(window)
    assert window.session.config == preset_config("text-woaini")
    assert "dropping the saved setting session/lastConfig" in caplog.text


def test_garbage_settings_values_do_not_stop_the_window(qtbot, settings_file):
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    for key, value in (
        ("session/speed", '"fast"'),
        ("session/stepSize", '"giant"'),
        ("files/recent", '{"a": 1}'),
        ("classroom/state", "[true]"),
        ("session/lastSource", "7"),
    ):
        settings.setValue(key, value)
    settings.sync()
    window = built_window(qtbot)
    assert window.session.step_size is StepSize.CELL
    assert window.file_actions.recent_files() == [] and not window.file_actions.classroom.enabled


def test_a_model_source_is_mentioned_when_its_config_is_restored(qtbot, settings_file, tmp_path):
    path = tmp_path / "text.pt"
    save_text_model(path)
    first = built_window(qtbot)
    assert first.file_actions.open_model(path)
    first.close()
    assert SettingsStore(QSettings(str(settings_file), QSettings.Format.IniFormat)).last_source().path == str(
        path
    )
    from rnn_stepper.gui.main_window import MainWindow

    second = MainWindow()
    qtbot.addWidget(second)
    assert load_window_with_last_config(second)
    assert second.session.config.hidden_size == TEXT_MODEL.hidden_size
    assert "the weights of text.pt are not kept" in second.message_label.text()


def test_a_lesson_on_the_command_line_wins_over_the_last_config(qtbot, settings_file, tmp_path):
    from rnn_stepper.gui.lesson_support import load_window_with_lesson
    from rnn_stepper.gui.main_window import MainWindow

    first = built_window(qtbot)
    path = first.file_actions.save_lesson(tmp_path / "cli", "From the command line", "Read me.")
    first.session.set_config(RANDOM)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert load_window_with_lesson(second, path)
    assert second.session.config == preset_config("text-woaini")
    assert second.file_actions.notes.description == "Read me."
    assert second.file_actions.recent_files()[0].path == str(path.resolve())


# ---- uncaught errors ------------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_reaches_a_dialog_and_the_log(qtbot, settings_file, tmp_path):
    from rnn_stepper.gui.error_handling import install_error_handling

    reporter = install_error_handling(tmp_path)
    try:
        window = built_window(qtbot)
        presenter = window.file_actions.error_dialog
        assert presenter is not None

        def broken(_view):
            raise ZeroDivisionError("a panel bug")

        window.session.stepChanged.connect(broken)
        window.session.step()
        qtbot.waitUntil(lambda: presenter.box is not None and presenter.box.isVisible())
        assert "ZeroDivisionError: a panel bug" in presenter.text()
        assert str(reporter.log_path) in presenter.text()
        assert not presenter.box.isModal()
        window.session.step()  # a second error updates the same box
        qtbot.waitUntil(lambda: "2 errors so far" in presenter.text())
        assert (
            len(
                [
                    w
                    for w in QApplication.topLevelWidgets()
                    if w.objectName() == "uncaughtErrorBox" and w.isVisible()
                ]
            )
            == 1
        )
        window.session.stepChanged.disconnect(broken)
        window.session.step()
        assert window.session.stepper.position == 3  # the app went on
        assert "ZeroDivisionError: a panel bug" in reporter.log_path.read_text(encoding="utf-8")
        presenter.box.close()
        qtbot.waitUntil(lambda: presenter.box is None)
    finally:
        reporter.uninstall()


def test_a_closed_window_shows_no_error_box_of_its_own(qtbot, settings_file, tmp_path):
    """The reporter is one per process; a window closed earlier (not yet deleted) stays connected
    to it. Only the live window may show a box (this once made a test fail after test_i18n.py)."""
    from rnn_stepper.gui.error_handling import install_error_handling

    reporter = install_error_handling(tmp_path)
    try:
        closed = built_window(qtbot)
        closed.close()
        live = built_window(qtbot)
        reporter.errorReported.emit("Unexpected error: ZeroDivisionError: a panel bug")
        qtbot.waitUntil(lambda: live.file_actions.error_dialog.box is not None)
        assert closed.file_actions.error_dialog.box is None
        assert (
            len(
                [
                    w
                    for w in QApplication.topLevelWidgets()
                    if w.objectName() == "uncaughtErrorBox" and w.isVisible()
                ]
            )
            == 1
        )
        live.file_actions.error_dialog.box.close()
    finally:
        reporter.uninstall()


def test_open_lesson_menu_action_cancelled_does_nothing(qtbot, window, monkeypatch):
    from rnn_stepper.gui.actions import file_actions as module

    monkeypatch.setattr(module.QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    before = window.session.simulation
    window.file_actions.open_lesson_action.trigger()
    assert window.session.simulation is before and window.file_actions.last_problem == ""


def test_lesson_zip_without_weights_is_explained(qtbot, window, tmp_path):
    path = tmp_path / "half.rnnlesson"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "lesson.json", json.dumps({"format": "rnn-stepper-lesson", "version": 1, "config": {}})
        )
    assert not window.file_actions.open_lesson(path)
    assert "weights.pt is missing" in window.file_actions.last_problem
