"""A language switch rebuilds every panel (MainWindow.switch_language): the view choices the user
made in them come back through StepPanel.ui_state / restore_ui_state, in the real window."""

from __future__ import annotations

import numpy as np
from rnn_stepper.engine.config import RNNConfig

from tests.gui.conftest import open_window

# Two layers, both directions, LSTM (a "show" box with c_t and the gates), text (the Calculation
# panel's Embedding and Order tabs).
CONFIG = RNNConfig(cell="lstm", num_layers=2, bidirectional=True, hidden_size=6, text="我爱你们。", seed=3)


def test_the_panels_view_choices_survive_a_language_switch(qtbot, settings_file, english_afterwards):
    window = open_window(qtbot, CONFIG)
    session = window.session
    session.seek(len(session.stepper))  # every cell computed: the hidden-state rows have values
    hidden, weights, calculation = (window.panels[r] for r in ("hidden", "weights", "calculation"))
    hidden.layer_combo.setCurrentIndex(1)
    hidden.direction_combo.setCurrentIndex(1)
    hidden.quantity_combo.setCurrentIndex(hidden.quantity_combo.findData("f"))
    hidden.neuron_edit.setText("1-3")
    hidden.neuron_edit.editingFinished.emit()
    weights.layer_combo.setCurrentIndex(1)
    weights.direction_combo.setCurrentIndex(1)
    last_tab = calculation._views.count() - 1  # "Order matters" (the first tab is the default)
    calculation._views.setCurrentIndex(last_tab)
    shown_before = hidden.buffer.copy()
    lines_before = [line.getData()[1].copy() for line in hidden.lines if line.isVisible()]
    assert (hidden.layer, hidden.direction, hidden.quantity) == (1, 1, "f") and len(lines_before) == 3

    assert window.switch_language("zh_CN")

    hidden, weights, calculation = (window.panels[r] for r in ("hidden", "weights", "calculation"))
    assert (hidden.layer, hidden.direction, hidden.quantity) == (1, 1, "f")
    assert hidden.quantity_combo.currentData() == "f"
    assert hidden.neuron_edit.text() == "1-3"
    lines_after = [line.getData()[1] for line in hidden.lines if line.isVisible()]
    assert len(lines_after) == 3  # neurons 1, 2, 3 (the selected neuron 0 has its own line)
    for before, after in zip(lines_before, lines_after):
        np.testing.assert_array_equal(after, before)  # the same rows of the same model
    np.testing.assert_array_equal(hidden.buffer, shown_before)
    assert (weights.layer, weights.direction) == (1, 1)
    assert weights.layer_combo.currentIndex() == 1 and weights.direction_combo.currentIndex() == 1
    assert calculation._views.currentIndex() == last_tab
