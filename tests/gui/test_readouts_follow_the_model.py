"""Every readout follows every model change: hover texts, the "untrained" notes and the Generate
hint after training, a weight edit, undo, another model and a fresh preset (issue 12.6)."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from rnn_stepper.gui.session import FRESH_ORIGIN

from tests.gui.conftest import open_window
from tests.gui.test_train_panel import TRAIN_TIMEOUT_MS

LESSON = Path(__file__).resolve().parents[2] / "resources" / "lessons" / "woaini.rnnlesson"


@pytest.fixture
def window(qtbot, settings_file):
    w = open_window(qtbot)
    yield w
    w.panels["train"].shutdown()


def hover_weight(window, kind, row, col):
    weights = window.panels["weights"]
    weights._on_mouse_moved(weights.plots[kind].vb.mapViewToScene(QPointF(col, row)))
    return weights.hover_label.text()


def hover_hidden(window, neuron, t):
    hidden = window.panels["hidden"]
    hidden._on_mouse_moved(hidden.heat_plot.vb.mapViewToScene(QPointF(t, neuron)))
    return hidden.hover_label.text()


def weight_text(window, row, col):
    value = window.session.simulation.model.rnn.weight_hh_l0[row, col].item()
    return f"W_hh[{row}, {col}] = {value:.3f}"


def hidden_text(window, neuron, t):
    value = window.session.stepper.hidden[t, 0, 0, neuron].item()
    return f"h_t[{neuron}] at t={t} = {value:.3f}"


def notes(window):
    return window.panels["output"]._note.text(), window.panels["generate"].detail_label.text()


def assert_readouts_current(window):
    """The hovered texts show the model's current numbers (the mouse has not moved)."""
    weights, hidden = window.panels["weights"], window.panels["hidden"]
    assert weights.hover_label.text() == weight_text(window, 0, 0)
    assert hidden.hover_label.text() == hidden_text(window, 3, 1)
    output_note, generate_hint = notes(window)
    fresh = window.session.model_origin == FRESH_ORIGIN
    assert ("untrained" in output_note) == fresh
    assert ("An untrained model writes noise" in generate_hint) == fresh


def test_every_kind_of_model_change_updates_the_readouts(qtbot, window):
    session = window.session
    session.run_to_end()
    assert hover_weight(window, "weight_hh", 0, 0) == weight_text(window, 0, 0)
    assert hover_hidden(window, 3, 1) == hidden_text(window, 3, 1)
    assert_readouts_current(window)
    before = window.panels["weights"].hover_label.text()

    # training
    panel = window.panels["train"]
    window.docks["train"].raise_()
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
        assert panel.start_training()
    qtbot.waitUntil(lambda: session.model_origin == "trained in the app", timeout=TRAIN_TIMEOUT_MS)
    session.run_to_end()
    assert window.panels["weights"].hover_label.text() != before  # the old number is gone
    assert_readouts_current(window)

    # a hand edit, then undo
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.777)
    assert "0.777" in window.panels["weights"].hover_label.text()
    assert_readouts_current(window)
    assert window.learn_actions.undo()
    assert "0.777" not in window.panels["weights"].hover_label.text()
    assert_readouts_current(window)

    # another model (a lesson), then a fresh preset
    assert window.file_actions.open_lesson(LESSON)
    session.run_to_end()
    assert_readouts_current(window)
    assert session.load_preset("text-woaini")
    session.run_to_end()
    assert_readouts_current(window)


def test_a_generated_text_is_dropped_when_the_weights_change(qtbot, window):
    generate = window.panels["generate"]
    window.docks["generate"].raise_()
    generate.generate_button.click()
    qtbot.waitUntil(lambda: generate.generation is not None, timeout=5000)
    assert generate.show_button.isEnabled()
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)
    assert not generate.show_button.isEnabled() and not generate.show_in_network()
    assert "generate again" in generate.detail_label.text()
