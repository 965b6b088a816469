"""Editing weights in the real window: double-click → dialog → WeightEditor → every panel redraws;
Edit → Undo / Redo / Reset weights to initial."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QInputDialog
from rnn_stepper.engine.presets import preset_config

from tests.gui.conftest import open_window

TWO_LAYERS = preset_config("text-woaini").replace(num_layers=2, hidden_size=4)


@pytest.fixture
def window(qtbot, settings_file):
    return open_window(qtbot, TWO_LAYERS)


def hidden(window) -> torch.Tensor:
    return window.session.stepper.hidden.clone()


def assert_every_cell_matches_nn_rnn(window):
    stepper = window.session.stepper
    assert all(stepper.record(i).matches for i in range(stepper.position))


def test_double_clicking_a_weight_edits_it_through_a_dialog(qtbot, window, monkeypatch):
    session, weights = window.session, window.panels["weights"]
    session.run_to_end()
    asked = []

    def answer(parent, title, label, value, *args):
        asked.append((label, value))
        return 0.75, True

    monkeypatch.setattr(QInputDialog, "getDouble", answer)
    weights.layer_combo.setCurrentIndex(1)  # layer 1's parameters
    cell = weights.plots["weight_hh"].vb.mapViewToScene(QPointF(2, 1))  # W_hh[1, 2]
    view_pos = weights.graphics.mapFromScene(cell)
    viewport = weights.graphics.viewport()
    with qtbot.waitSignal(session.weightsChanged):
        # A double-click as a mouse makes it: Qt 6's mouseDClick sends press + double-click only,
        # and pyqtgraph reports the double-click on the release that follows.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
    old = float(asked[0][1])
    assert asked[0][0] == "New value of weight_hh_l1[1, 2]:"
    assert float(session.simulation.model.rnn.weight_hh_l1[1, 2]) == 0.75
    assert weights.value_text_at("weight_hh", 1, 2) == "W_hh[1, 2] = 0.750"  # the heatmap was redrawn
    assert weights.images["weight_hh"].image[1, 2] == 0.75
    assert old != 0.75
    assert window.learn_actions.undo_action.text() == "&Undo weight_hh_l1[1, 2] = 0.75"


def test_an_edit_changes_only_the_cells_that_depend_on_it(qtbot, window):
    session, calculation = window.session, window.panels["calculation"]
    session.run_to_end()
    position = session.stepper.position
    before = hidden(window)
    assert window.learn_actions.edit_weight("weight_hh_l1", (0, 1), 2.5)
    after = hidden(window)
    assert session.stepper.position == position  # the student stays where they were
    assert torch.equal(after[:, 0], before[:, 0])  # layer 0 does not read layer 1's weights
    assert torch.equal(after[0, 1], before[0, 1])  # t = 0 multiplies W_hh by h0 = 0: unchanged
    assert not torch.equal(after[1:, 1], before[1:, 1])  # later cells of layer 1 are recomputed
    assert_every_cell_matches_nn_rnn(window)  # and nn.RNN, rebuilt from the new weights, agrees
    record = session.view().record
    shown = calculation.displayed_values()
    np.testing.assert_allclose(shown["h_t"], record.h_t[0].tolist(), atol=1e-4)
    np.testing.assert_allclose(shown["recurrent_term"], record.recurrent_term[0].tolist(), atol=1e-4)
    np.testing.assert_allclose(shown["reference_h_t"], record.reference_h_t[0].tolist(), atol=1e-4)
    assert window.match_label.text().startswith("✓")


def test_undo_redo_and_reset_restore_exactly(qtbot, window):
    session, actions = window.session, window.learn_actions
    session.run_to_end()
    original = hidden(window)
    original_weight = session.simulation.model.rnn.weight_ih_l0.clone()
    assert not actions.undo_action.isEnabled() and not actions.reset_action.isEnabled()
    actions.edit_weight("weight_ih_l0", (2, 5), -1.5)
    actions.edit_weight("bias_hh_l1", (3,), 0.25)
    edited = hidden(window)
    assert not torch.equal(edited[:, 0], original[:, 0])  # layer 0's input weights: both layers change
    assert actions.undo_action.text() == "&Undo bias_hh_l1[3] = 0.25"

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert torch.equal(hidden(window), original)  # exactly, not merely close
    assert torch.equal(session.simulation.model.rnn.weight_ih_l0, original_weight)
    assert not actions.undo_action.isEnabled()
    assert actions.redo_action.text() == "&Redo weight_ih_l0[2, 5] = -1.5"

    assert actions.redo() and actions.redo()
    assert torch.equal(hidden(window), edited)
    assert actions.reset_action.isEnabled()
    actions.reset_action.trigger()
    assert torch.equal(hidden(window), original)
    assert actions.undo_action.text() == "&Undo reset every weight"
    assert actions.undo()  # a reset is undoable too
    assert torch.equal(hidden(window), edited)
    assert_every_cell_matches_nn_rnn(window)


def test_a_new_model_gets_a_fresh_history(qtbot, window):
    actions = window.learn_actions
    actions.edit_weight("weight_hh_l0", (0, 0), 1.0)
    assert actions.undo_action.isEnabled()
    window.session.set_config(TWO_LAYERS.replace(seed=5))
    assert not actions.undo_action.isEnabled() and not actions.reset_action.isEnabled()
    assert window.session.weight_editor.simulation is window.session.simulation


def test_a_refused_value_changes_nothing_and_says_why(qtbot, window):
    before = hidden(window)
    assert not window.learn_actions.edit_weight("weight_hh_l0", (9, 0), 1.0)
    assert "outside 0..3" in window.message_label.text()
    assert torch.equal(hidden(window), before)
    assert not window.learn_actions.undo_action.isEnabled()


def test_the_edit_menu_sits_after_file(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Edit") == titles.index("&File") + 1
    assert window.learn_actions.save_model_action in window.file_menu.actions()


def test_an_edit_asked_of_the_session_shows_in_the_edit_menu_and_keeps_the_stepper(qtbot, window):
    """The session owns the edits: whoever asks it (here a script), the Edit menu follows, and
    a panel or script holding the stepper keeps a recomputed one."""
    session, actions = window.session, window.learn_actions
    session.run_to_end()
    stepper = session.stepper
    with qtbot.waitSignal(session.weightsChanged):
        edit = session.edit_weight("weight_hh_l1", (0, 1), 0.25)
    assert edit.label == "weight_hh_l1[0, 1] = 0.25" and session.stepper is stepper and stepper.done
    assert actions.undo_action.isEnabled() and actions.undo_action.text() == "&Undo weight_hh_l1[0, 1] = 0.25"
    assert_every_cell_matches_nn_rnn(window)
    session.change_weights(lambda editor: editor.undo())
    assert not actions.undo_action.isEnabled() and actions.redo_action.isEnabled()
