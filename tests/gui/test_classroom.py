"""Classroom mode and the lesson notes, on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui.classroom import ClassroomDialog, hidden_control_names
from rnn_stepper.gui.widgets.lesson_notes import notes_html

from tests.gui.file_helpers import answer_next_dialog, built_window

BATCH = RNNConfig(input_size=3, hidden_size=4, seq_len=4, batch_size=3)


@pytest.fixture
def window(qtbot, settings_file):
    return built_window(qtbot)


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def is_open(window, role):
    return window.docks[role].toggleViewAction().isChecked()


def test_the_dialog_hides_the_chosen_controls_and_panels_and_turn_off_restores(qtbot, window):
    classroom = window.file_actions.classroom
    window.docks["output"].hide()  # closed by the user before: must stay closed afterwards

    def choose(dialog):
        assert isinstance(dialog, ClassroomDialog)
        assert set(dialog.control_checks) == set(hidden_control_names())
        assert "config" not in dialog.panel_checks  # it is offered as a control
        for name, check in dialog.control_checks.items():
            check.setChecked(name in ("config", "end", "speed", "step_size"))
        for role, check in dialog.panel_checks.items():
            check.setChecked(role in ("code", "weights", "output"))
        dialog.turn_on.click()

    answer_next_dialog(choose)
    classroom.dialog_action.trigger()
    bar = window.controls
    assert classroom.enabled and classroom.badge.isVisibleTo(window)
    assert not bar.actions_by_name["end"].isVisible()
    qtbot.waitUntil(lambda: not bar.speed_slider.isVisible() and not bar.step_size_combo.isVisible())
    assert bar.timeline.isVisible() and bar.actions_by_name["step"].isVisible()
    for role in ("config", "code", "weights", "output"):
        assert not is_open(window, role)
        assert not window.docks[role].toggleViewAction().isEnabled()  # students cannot bring it back
    assert is_open(window, "network") and window.docks["network"].toggleViewAction().isEnabled()
    assert "2 panel(s)" not in window.message_label.text() and "3 panel(s)" in window.message_label.text()

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_End)  # the hidden "run to end" no longer answers its key
    qtbot.keyClick(window, Qt.Key.Key_Right)  # (while the visible "step" does)
    assert window.session.stepper.position == 1

    def turn_off(dialog):
        assert dialog.turn_off.isVisibleTo(dialog)
        dialog.turn_off.click()

    answer_next_dialog(turn_off)
    classroom.dialog_action.trigger()
    assert not classroom.enabled and not classroom.badge.isVisibleTo(window)
    assert bar.actions_by_name["end"].isVisible()
    qtbot.waitUntil(lambda: bar.speed_slider.isVisible() and bar.step_size_combo.isVisible())
    assert is_open(window, "config") and is_open(window, "code") and is_open(window, "weights")
    assert not is_open(window, "output")  # it was closed before classroom mode
    assert all(d.toggleViewAction().isEnabled() for d in window.docks.values())
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.session.stepper.position == 3


def test_the_shortcut_toggles_with_the_last_choice(qtbot, window):
    classroom = window.file_actions.classroom
    classroom.enable(("play",), ("hidden",))
    classroom.disable()
    activate(qtbot, window)
    qtbot.keyClick(
        window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert classroom.enabled and classroom.toggle_action.isChecked()
    assert not window.controls.actions_by_name["play"].isVisible() and not is_open(window, "hidden")
    qtbot.keyClick(
        window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert not classroom.enabled and window.controls.actions_by_name["play"].isVisible()
    assert is_open(window, "hidden")


def test_cancel_changes_nothing(qtbot, window):
    classroom = window.file_actions.classroom
    answer_next_dialog(lambda dialog: dialog.reject())
    classroom.ask()
    assert not classroom.enabled and all(is_open(window, r) for r in ("config", "code", "weights"))


def test_the_batch_choice_stays_hidden_when_a_new_batch_arrives(qtbot, window):
    classroom = window.file_actions.classroom
    window.session.set_config(BATCH)
    qtbot.waitUntil(window.controls.batch_spin.isVisible)
    classroom.enable(("batch",), ())
    qtbot.waitUntil(lambda: not window.controls.batch_spin.isVisible())
    window.session.set_config(BATCH.replace(batch_size=2))  # the controls bar shows it again...
    qtbot.wait(20)
    assert not window.controls.batch_spin.isVisible()  # ...and classroom mode hides it again
    window.session.load_preset("text-woaini")  # batch of one: nothing to choose
    classroom.disable()
    qtbot.wait(20)
    assert not window.controls.batch_spin.isVisible()  # not brought back for a batch of one
    window.session.set_config(BATCH)
    qtbot.waitUntil(window.controls.batch_spin.isVisible)


def test_classroom_mode_survives_a_restart_and_still_restores(qtbot, settings_file):
    first = built_window(qtbot)
    first.file_actions.classroom.enable(("config", "timeline"), ("weights",))
    first.close()
    second = built_window(qtbot)
    classroom = second.file_actions.classroom
    assert classroom.enabled and classroom.hidden_controls == ("config", "timeline")
    assert not is_open(second, "weights") and not is_open(second, "config")
    qtbot.waitUntil(lambda: not second.controls.timeline.isVisible())
    classroom.disable()
    assert is_open(second, "weights") and is_open(second, "config")  # open before, so open again
    qtbot.waitUntil(second.controls.timeline.isVisible)


def test_unknown_names_from_a_lesson_are_ignored(qtbot, window):
    classroom = window.file_actions.classroom
    classroom.enable(("end", "self_destruct"), ("network", "no-such-panel"))
    assert classroom.hidden_controls == ("end",) and classroom.hidden_panels == ("network",)
    assert not is_open(window, "network")
    classroom.disable()
    assert is_open(window, "network")


# ---- lesson notes ------------------------------------------------------------------------------------


def test_notes_are_plain_text_with_paragraphs():
    html = notes_html("<b>Title</b>", "line one\nline two\n\n<script>x</script>")
    assert "&lt;b&gt;Title&lt;/b&gt;" in html
    assert "<p>line one<br>line two</p>" in html and "&lt;script&gt;" in html


def test_the_notes_dock_shows_title_and_description_and_is_in_the_view_menu(qtbot, window):
    notes = window.file_actions.notes
    assert not notes.isVisible() and not notes.toggleViewAction().isEnabled()
    notes.show_notes("我爱你", "按 → 三次。\nPress → three times.")
    assert notes.isVisible() and notes.toggleViewAction().isEnabled()
    assert notes.plain_text() == "我爱你\n按 → 三次。\nPress → three times."
    assert notes in window.tabifiedDockWidgets(window.docks["code"])
    assert notes.toggleViewAction() in window.view_menu.actions()
    notes.toggleViewAction().trigger()
    assert not notes.isVisible()
    notes.show_notes("", "")
    assert not notes.isVisible() and not notes.toggleViewAction().isEnabled()
