"""The Generate panel in the real window: engine.generate's text, reproducible, shown in the network."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QInputMethodEvent, QTextDocumentFragment
from PySide6.QtWidgets import QApplication
from rnn_stepper.engine.generate import generate
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.training import train_text

from tests.gui.conftest import open_window


@pytest.fixture(scope="module")
def trained():
    """The lesson's model after training on 我爱你 (defaults: "我爱" → "你")."""
    return train_text("我爱你")


@pytest.fixture
def window(qtbot, settings_file, trained):
    w = open_window(qtbot, trained.simulation_config("我爱你"), model=trained.snapshot())
    w.docks["generate"].raise_()
    return w


@pytest.fixture
def panel(window):
    return window.panels["generate"]


def plain(rich: str) -> str:
    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def test_greedy_generation_continues_the_lesson(qtbot, window, panel):
    assert panel.prefix_edit.text() == "我爱"  # the text being stepped minus its last character
    assert panel.temperature == 0
    panel.steps_spin.setValue(1)
    panel.generate_button.click()
    assert panel.shown_text() == "你"
    expected = generate(window.session.simulation.model, "我爱", 1)
    np.testing.assert_allclose(panel.shown_probabilities(), expected.chosen_probabilities, rtol=1e-6)
    assert panel.shown_probabilities()[0] > 0.9
    assert plain(panel.result_label.text()) == "我爱你"
    assert "greedy" in plain(panel.detail_label.text())


def test_a_seed_makes_sampling_reproducible(qtbot, window, panel):
    panel.prefix_edit.setText("我")
    panel.steps_spin.setValue(30)
    panel.set_temperature(1.5)
    panel.seed_spin.setValue(7)
    first = panel.run_generation()
    second = panel.run_generation()
    assert first.tokens == second.tokens and len(first.tokens) == 30
    expected = generate(window.session.simulation.model, "我", 30, 1.5, 7)
    assert panel.shown_text() == expected.generated_text
    np.testing.assert_allclose(panel.shown_probabilities(), expected.chosen_probabilities, rtol=1e-6)
    assert "temperature 1.50, seed 7" in plain(panel.detail_label.text())


def test_show_in_the_network_steps_the_generated_text_from_the_start(qtbot, window, panel):
    session = window.session
    session.seek(2)
    model = session.simulation.model
    panel.steps_spin.setValue(4)
    generation = panel.run_generation()
    assert panel.show_button.isEnabled()
    panel.show_button.click()
    assert session.config.text == generation.text == "我爱" + generation.generated_text
    assert session.simulation.model is model  # the same weights
    assert session.simulation.tokens == list(generation.text)
    assert session.stepper.position == 0  # stepping from the first cell
    assert panel.prefix_edit.text() == "我爱"  # kept, to generate again from it
    session.seek(2)
    assert window.panels["output"].predicted_token() == generation.tokens[0]


def test_the_prefix_follows_the_text_until_the_student_types_one(qtbot, window, panel):
    session = window.session
    session.set_config(session.config.replace(text="你爱我"), session.simulation.model)
    assert panel.prefix_edit.text() == "你爱"
    panel.prefix_edit.setFocus()
    panel.prefix_edit.selectAll()
    event = QInputMethodEvent()  # Chinese arrives from an input method as a commit string
    event.setCommitString("爱")
    QApplication.sendEvent(panel.prefix_edit, event)
    session.set_config(session.config.replace(text="我爱你"), session.simulation.model)
    assert panel.prefix_edit.text() == "爱"


def test_refusals_say_why_and_change_nothing(qtbot, window, panel):
    panel.prefix_edit.setText("他")
    assert panel.run_generation() is None
    assert "他" in plain(panel.detail_label.text())
    assert panel.generation is None and not panel.show_button.isEnabled()

    panel.prefix_edit.setText("我")
    panel.run_generation()
    window.session.load_preset("text-woaini")  # another model: its text was not written by it
    assert not panel.show_button.isEnabled()
    assert not panel.show_in_network()
    assert "generate again" in plain(panel.detail_label.text())


def test_random_tensor_models_cannot_generate(qtbot, window, panel):
    window.session.set_config(preset_config("tutorial-single"))
    assert not panel.generate_button.isEnabled()
    assert "text model" in plain(panel.detail_label.text())
