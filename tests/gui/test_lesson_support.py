"""Lesson files into and out of a real Session and MainWindow."""

from __future__ import annotations

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.lesson_file import STEP_SIZES, open_lesson, save_lesson
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.lesson_support import (
    apply_lesson_to_session,
    load_window_with_lesson,
    save_session_lesson,
)
from rnn_stepper.gui.session import STAGE_FULL, StepSize

RANDOM = RNNConfig(input_size=3, hidden_size=5, num_layers=2, seq_len=10, batch_size=3, seed=2)


def saved(tmp_path, config=RANDOM, position=8, step_size="time step", view=None):
    model = build_model(config)
    with torch.no_grad():
        model.rnn.weight_ih_l0.mul_(2.0)  # weights only the file can carry
    path = save_lesson(
        tmp_path / "lesson",
        config,
        model,
        position,
        step_size,
        view or {"title": "Batch of three", "selected_neuron": 3, "batch_index": 2},
    )
    return path, model


def test_engine_step_sizes_are_the_sessions():
    assert STEP_SIZES == tuple(size.value for size in StepSize)


def test_apply_lesson_to_session(session, tmp_path, qtbot):
    path, model = saved(tmp_path)
    lesson = open_lesson(path)
    with qtbot.waitSignal(session.simulationChanged):
        assert apply_lesson_to_session(session, lesson)
    assert session.config == RANDOM
    assert session.simulation.model is lesson.model
    assert torch.equal(session.simulation.model.rnn.weight_ih_l0, model.rnn.weight_ih_l0)
    assert session.stepper.position == 8 and session.view().position == 8
    assert session.step_size is StepSize.TIME_STEP and session.stage == STAGE_FULL
    assert (session.batch_index, session.selected_neuron) == (2, 3)
    session.step()  # the step size is live: one press computes both layers of the next time step
    assert session.stepper.position == 10


def test_out_of_range_view_values_are_clamped_not_fatal(session, tmp_path):
    path, _ = saved(tmp_path, view={"selected_neuron": 99, "batch_index": "two"})
    assert apply_lesson_to_session(session, open_lesson(path))
    assert session.selected_neuron == RANDOM.hidden_size - 1 and session.batch_index == 0


def test_save_session_lesson_round_trip(session, tmp_path):
    session.set_step_size(StepSize.SUB_OPERATION)
    session.seek(2)
    session.select_neuron(1)
    path = save_session_lesson(tmp_path / "mine", session, {"title": "我爱你", "hidden_panels": ["code"]})
    assert path.name == "mine.rnnlesson"
    lesson = open_lesson(path)
    assert lesson.config == session.config == preset_config("text-woaini")
    assert (lesson.position, lesson.step_size) == (2, "sub-operation")
    assert lesson.view == {
        "title": {"zh_CN": "我爱你"},
        "hidden_panels": ["code"],
        "batch_index": 0,
        "selected_neuron": 1,
    }
    for name, tensor in session.simulation.model.state_dict().items():
        if isinstance(tensor, torch.Tensor):
            assert torch.equal(lesson.model.state_dict()[name], tensor), name


def test_window_opens_a_lesson(qtbot, tmp_path):
    from rnn_stepper.gui.main_window import MainWindow

    path, model = saved(tmp_path, step_size="cell")
    window = MainWindow()
    qtbot.addWidget(window)
    assert load_window_with_lesson(window, path)
    session = window.session
    assert session.config == RANDOM and session.stepper.position == 8 and session.step_size is StepSize.CELL
    assert torch.equal(session.simulation.model.rnn.weight_ih_l0, model.rnn.weight_ih_l0)
    assert window.message_label.text() == "Lesson: Batch of three"


def test_window_with_a_broken_lesson_falls_back_to_the_default_and_says_why(qtbot, tmp_path):
    from rnn_stepper.gui.main_window import MainWindow

    path = tmp_path / "broken.rnnlesson"
    path.write_text("not a zip")
    window = MainWindow()
    qtbot.addWidget(window)
    assert not load_window_with_lesson(window, path)
    assert window.session.config == preset_config("text-woaini")
    assert (
        window.message_label.text() == f"Could not open the lesson: {path} is not a lesson file (a lesson is "
        "a zip archive with lesson.json and weights.pt)"
    )
