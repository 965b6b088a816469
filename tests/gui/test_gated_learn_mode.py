"""Learn mode with an LSTM and a GRU in the real window: train "我爱你" in the Train panel's thread,
generate with the Generate panel, edit a weight and undo it. Every number is checked against the
real nn.LSTM / nn.GRU run here on the same parameters."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QInputDialog
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui.actions.learn_actions import gate_block_name
from torch import nn

from tests.gui.conftest import open_window

TRAIN_TIMEOUT_MS = 60_000
CONFIGS = {
    "lstm": RNNConfig(cell="lstm", input_size=8, hidden_size=4, text="我爱你"),
    "lstm-proj": RNNConfig(cell="lstm", input_size=8, hidden_size=5, proj_size=3, text="我爱你"),
    "gru": RNNConfig(cell="gru", input_size=8, hidden_size=4, text="我爱你"),
}


@pytest.fixture(params=list(CONFIGS))
def window(request, qtbot, settings_file):
    w = open_window(qtbot, CONFIGS[request.param])
    yield w
    w.panels["train"].shutdown()  # never leave a training thread behind a failed test


def module_outputs(simulation):
    """The whole module's output on the stepped input (nn.LSTM with (h0, c0), nn.GRU with h0)."""
    rnn = simulation.model.rnn
    with torch.no_grad():
        state = (simulation.h0, simulation.stepper.c0) if isinstance(rnn, nn.LSTM) else simulation.h0
        out, _ = rnn(simulation.stepper.x, state)
    return out


def next_token_probabilities(simulation, text):
    """softmax(head(output)) of the model on `text`, by the real module (no engine code)."""
    model = simulation.model
    ids = torch.tensor(model.vocab.encode(text))
    with torch.no_grad():
        out, _ = model.rnn(model.embedding(ids).unsqueeze(1))
        return torch.softmax(model.head(out[-1, 0]), -1)


def assert_stepper_is_the_module(simulation):
    stepper = simulation.stepper
    stepper.run_to_end()
    out = module_outputs(simulation)
    top = stepper.hidden[:, -1]  # one layer, one direction
    torch.testing.assert_close(top, out, atol=1e-5, rtol=0)
    assert stepper.check_cells().all_match


def test_train_generate_and_edit_a_weight_with_undo(qtbot, window):
    session = window.session
    cell, proj_size = session.config.cell, session.config.proj_size
    train = window.panels["train"]
    window.docks["train"].raise_()
    assert train.text_edit.text() == "我爱你"
    train.epochs_spin.setValue(150)
    untrained = session.simulation.model
    with qtbot.waitSignal(train.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        assert train.start_training()
    assert stopped.args == ["finished"], train.status_text()
    model = session.simulation.model
    assert model is not untrained and session.config.cell == cell and session.config.proj_size == proj_size
    assert type(model.rnn) is type(untrained.rnn)
    epochs, losses = train.loss_points()
    assert len(epochs) == 150 and losses[-1] < losses[0] / 5
    # the trained model predicts 你 after 我爱, by the real module, and the stepper still agrees with it
    probabilities = next_token_probabilities(session.simulation, "我爱")
    assert model.vocab.tokens[int(probabilities.argmax())] == "你"
    assert_stepper_is_the_module(session.simulation)

    generate = window.panels["generate"]
    window.docks["generate"].raise_()
    generate.prefix_edit.setText("我爱")
    generate.steps_spin.setValue(1)
    generate.set_temperature(0)
    generate.generate_button.click()
    assert generate.shown_text() == "你"
    np.testing.assert_allclose(generate.shown_probabilities(), [float(probabilities.max())], rtol=1e-5)
    generate.show_button.click()  # step 我爱你 with the trained gated model
    assert session.simulation.model is model and session.config.cell == cell
    assert "".join(session.simulation.tokens) == "我爱你"
    assert_stepper_is_the_module(session.simulation)

    # edit one weight of the recurrent matrix (the f / z gate block), then undo it
    H = session.config.hidden_size
    name, index, value = "weight_hh_l0", (H + 1, 0), 3.0
    old = float(model.rnn.weight_hh_l0[index])
    session.seek(0)
    before = session.stepper.hidden.clone()
    with qtbot.waitSignal(session.weightsChanged):
        assert window.learn_actions.edit_weight(name, index, value)
    edited = session.simulation.model.rnn
    assert float(edited.weight_hh_l0[index]) == value
    assert_stepper_is_the_module(session.simulation)  # every cell recomputed, nn.LSTM/nn.GRU agrees
    assert not torch.equal(session.stepper.hidden[1:], before[1:])
    assert window.learn_actions.undo_action.isEnabled()
    with qtbot.waitSignal(session.weightsChanged):
        window.learn_actions.undo_action.trigger()
    assert float(session.simulation.model.rnn.weight_hh_l0[index]) == old
    assert_stepper_is_the_module(session.simulation)
    assert session.config.cell == cell


def test_the_backprop_panel_follows_training_of_a_gated_model(qtbot, window):
    """After a training run the Backprop panel's gradients are those of the trained model."""
    session, train, backprop = window.session, window.panels["train"], window.panels["backprop"]
    window.docks["backprop"].raise_()
    with qtbot.waitSignal(backprop.computed, timeout=10_000):
        backprop.set_t_star(1)
    before = backprop.result.loss
    train.epochs_spin.setValue(60)
    with qtbot.waitSignal(train.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
        assert train.start_training()
    backprop.recompute_now()
    assert backprop.message() == ""
    model = session.simulation.model
    ids = torch.tensor(model.vocab.encode("我爱你"))
    with torch.no_grad():
        out, _ = model.rnn(model.embedding(ids).unsqueeze(1))
        expected = float(nn.functional.cross_entropy(model.head(out[1]), ids[2:3]))
    assert backprop.result.loss == pytest.approx(expected, abs=1e-5)
    assert expected < before


def test_the_edit_dialog_names_the_gate_block_and_reset_restores_the_model(qtbot, window, monkeypatch):
    session = window.session
    cell, H = session.config.cell, session.config.hidden_size
    gates = {"lstm": "ifgo", "gru": "rzn"}[cell]
    asked = []

    def answer(parent, title, label, value, *args):
        asked.append(label)
        return value + 1.5, True

    monkeypatch.setattr(QInputDialog, "getDouble", answer)
    initial = {k: v.clone() for k, v in session.simulation.model.rnn.named_parameters()}
    old = float(session.simulation.model.rnn.bias_ih_l0[2 * H + 3])
    with qtbot.waitSignal(session.weightsChanged):
        assert window.learn_actions.ask_edit_weight("bias_ih_l0", (2 * H + 3,), old)
    assert asked == [f"New value of bias_ih_l0[{2 * H + 3}] (b_i{gates[2]}[3]):"]
    assert float(session.simulation.model.rnn.bias_ih_l0[2 * H + 3]) == pytest.approx(old + 1.5)
    assert_stepper_is_the_module(session.simulation)
    assert window.learn_actions.reset_weights()
    for name, value in session.simulation.model.rnn.named_parameters():
        assert torch.equal(value, initial[name]), name
    assert_stepper_is_the_module(session.simulation)
    if session.config.proj_size:  # the projection has no gate blocks
        assert gate_block_name("weight_hr_l0", (1, 2), session.config) == ""


def test_save_model_writes_the_gated_module_that_opens_again(qtbot, window, tmp_path):
    from rnn_stepper.engine.model_io import read_state_dict

    session, actions = window.session, window.learn_actions
    assert actions.default_model_path().name == f"{session.config.cell}-model.pt"
    written = actions.save_model(tmp_path / "mine")
    assert written.name == "mine.pt"
    state = read_state_dict(written)
    for name, value in session.simulation.model.state_dict().items():
        if isinstance(value, torch.Tensor):  # (the vocabulary rides along as plain data)
            assert torch.equal(state[name], value), name
    assert ("rnn.weight_hr_l0" in state) == bool(session.config.proj_size)
    assert (
        state["rnn.weight_ih_l0"].shape[0]
        == {"lstm": 4, "gru": 3}[session.config.cell] * session.config.hidden_size
    )
