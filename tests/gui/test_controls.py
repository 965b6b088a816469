"""The controls bar drives the real session and follows it without feedback loops."""

import pytest
import torch
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.session import MAX_SPEED, MIN_SPEED, STAGE_FULL, STAGE_INPUT, StepSize
from rnn_stepper.gui.widgets.controls import SHORTCUTS, ControlsBar, slider_to_speed, speed_to_slider


@pytest.fixture
def bar(qtbot, session):
    widget = ControlsBar(session)
    qtbot.addWidget(widget)
    widget.resize(1600, 40)  # wide enough that nothing goes to the overflow menu
    widget.show()
    return widget


def press(bar, name):
    bar.actions_by_name[name].trigger()


def test_buttons_move_the_session(bar, session):
    press(bar, "step")
    press(bar, "step")
    assert session.view().position == 2
    press(bar, "back")
    assert session.view().position == 1
    press(bar, "end")
    assert session.view().position == session.view().total == 3
    assert not bar.actions_by_name["step"].isEnabled()  # nothing left to compute
    press(bar, "reset")
    assert session.view().position == 0
    assert not bar.actions_by_name["back"].isEnabled()


def test_timeline_follows_steps_without_seeking_back(bar, session):
    seen = []
    session.stepChanged.connect(lambda view: seen.append(view.position))
    press(bar, "step")
    assert bar.timeline.maximum() == 3 and bar.timeline.value() == 1
    assert seen == [1]  # updating the slider did not echo a seek into the session
    assert bar.position_label.text().strip() == "1 / 3"


def test_scrubbing_the_timeline_restores_earlier_states_exactly(bar, session):
    session.set_config(preset_config("tutorial-single").replace(seq_len=20, hidden_size=8))
    bar.timeline.setValue(20)  # as a drag does
    assert session.view().position == 20
    hidden_at_20 = session.stepper.hidden.clone()
    record_7 = session.stepper.record(6)
    bar.timeline.setValue(7)
    assert session.view().position == 7
    assert torch.equal(session.view().record.h_t, record_7.h_t)
    bar.timeline.setValue(20)
    assert torch.equal(session.stepper.hidden, hidden_at_20)


def test_play_follows_the_session_and_advances_on_the_timer(qtbot, bar, session):
    session.set_config(preset_config("tutorial-single").replace(seq_len=50))
    play = bar.actions_by_name["play"]
    assert play.text() == "&Play"
    bar.speed_slider.setValue(bar.speed_slider.maximum())
    press(bar, "play")
    assert session.playing and play.text() == "&Pause"
    qtbot.waitUntil(lambda: session.view().position >= 3, timeout=5000)
    press(bar, "play")
    assert not session.playing and play.text() == "&Play"
    stopped_at = session.view().position
    qtbot.wait(100)
    assert session.view().position == stopped_at
    assert bar.timeline.value() == stopped_at


def test_speed_slider_covers_the_range_and_shows_the_value(bar, session):
    bar.speed_slider.setValue(bar.speed_slider.minimum())
    assert session.speed == MIN_SPEED
    assert bar.speed_label.text() == "0.5 steps/s"
    bar.speed_slider.setValue(bar.speed_slider.maximum())
    assert session.speed == MAX_SPEED
    assert bar.speed_label.text() == "60 steps/s"
    assert session._timer.interval() == round(1000 / 60)
    for speed in (0.5, 2, 10, 60):
        assert abs(slider_to_speed(speed_to_slider(speed)) - speed) / speed < 0.05


def test_step_size_combo(bar, session):
    session.set_config(preset_config("tutorial-single").replace(num_layers=3, seq_len=4))
    combo = bar.step_size_combo
    combo.setCurrentIndex(combo.findData(StepSize.TIME_STEP))
    assert session.step_size is StepSize.TIME_STEP
    press(bar, "step")
    assert session.view().position == 3  # one time step = every layer at t = 0
    combo.setCurrentIndex(combo.findData(StepSize.SUB_OPERATION))
    press(bar, "step")
    assert session.view().position == 4 and session.view().stage == STAGE_INPUT
    for _ in range(3):
        press(bar, "step")
    assert session.view().position == 4 and session.view().stage == STAGE_FULL


def test_batch_element_only_when_there_is_a_batch(qtbot, bar, session):
    assert not bar.batch_spin.isVisible()  # "我爱你" is one sequence
    session.load_preset("tutorial-batch")
    qtbot.waitUntil(bar.batch_spin.isVisible)  # the toolbar lays out on its next event
    assert (bar.batch_spin.minimum(), bar.batch_spin.maximum()) == (0, 31)
    bar.batch_spin.setValue(5)
    assert session.view().batch_index == 5
    session.load_preset("text-woaini")
    qtbot.waitUntil(lambda: not bar.batch_spin.isVisible())


def test_every_control_has_a_tooltip(bar):
    for action in bar.actions_by_name.values():
        assert action.toolTip() and "[" in action.toolTip()  # names its key
    for widget in (
        bar.speed_slider,
        bar.speed_label,
        bar.timeline,
        bar.position_label,
        bar.step_size_combo,
        bar.batch_spin,
    ):
        assert widget.toolTip()


def test_shortcut_table_matches_the_actions(bar):
    for name, key, _text, _tip in SHORTCUTS:
        assert bar.actions_by_name[name].shortcut().toString() == key


def test_the_bar_shows_the_speed_and_step_size_the_session_is_given(bar, session):
    """A lesson, the saved settings or a script ask the session; the bar follows, echoing nothing."""
    speeds, sizes = [], []
    session.speedChanged.connect(speeds.append)
    session.stepSizeChanged.connect(sizes.append)
    session.set_speed(10)
    assert bar.speed_slider.value() == speed_to_slider(10) and bar.speed_label.text() == "10 steps/s"
    session.set_step_size(StepSize.SUB_OPERATION)
    assert bar.step_size_combo.currentData() is StepSize.SUB_OPERATION
    assert (speeds, sizes) == ([10.0], [StepSize.SUB_OPERATION])  # moving the widgets echoed nothing back
    session.set_speed(10)
    session.set_step_size(StepSize.SUB_OPERATION)
    assert (speeds, sizes) == ([10.0], [StepSize.SUB_OPERATION])  # no change, no signal


def test_a_dragged_slider_stays_where_it_is_though_its_speed_rounds_to_another_position(bar, session):
    # a position whose (rounded) speed maps back to another position: following the session
    # blindly would pull the slider from under the mouse
    value = next(v for v in range(1, 100) if speed_to_slider(slider_to_speed(v)) != v)
    bar.speed_slider.setValue(value)
    assert bar.speed_slider.value() == value and session.speed == slider_to_speed(value)
