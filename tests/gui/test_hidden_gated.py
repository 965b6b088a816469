"""The Hidden state panel with LSTM and GRU cells in the real window (issue 15.2): for LSTM c_t over
time beside h_t, for both the gate values over time (a chosen gate, the selected neuron drawn
thick); the lines and the heatmap are the module's own numbers, recomputed here from nn.LSTM /
nn.GRU on the same input. A plain RNN has no "show" box."""

import numpy as np
import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from torch import nn

from tests.gui.conftest import open_window
from tests.gui.test_hidden_panel import line_data


def choose(panel, quantity):
    index = panel.quantity_combo.findData(quantity)
    assert index >= 0, quantity
    panel.quantity_combo.setCurrentIndex(index)
    assert panel.quantity == quantity


def module_gates(module, x, h0, c0=None):
    """The gates of a one-layer unidirectional module at every t, from its parameters, with h and
    c carried by the module's own calls (an independent reference): {gate: [T, B, H]}."""
    H, gates = module.hidden_size, {}
    h, c = h0, c0
    with torch.no_grad():
        for t in range(x.shape[0]):
            gx = x[t] @ module.weight_ih_l0.T + module.bias_ih_l0
            gh = h[0] @ module.weight_hh_l0.T + module.bias_hh_l0
            if isinstance(module, nn.LSTM):
                pre = gx + gh
                values = dict(zip("ifgo", pre.split(H, 1)))
                values = {g: torch.tanh(v) if g == "g" else torch.sigmoid(v) for g, v in values.items()}
                _, (h, c) = module(x[t : t + 1], (h, c))
            else:
                r = torch.sigmoid(gx[:, :H] + gh[:, :H])
                z = torch.sigmoid(gx[:, H : 2 * H] + gh[:, H : 2 * H])
                values = {"r": r, "z": z, "n": torch.tanh(gx[:, 2 * H :] + r * gh[:, 2 * H :])}
                _, h = module(x[t : t + 1], h)
            for g, v in values.items():
                gates.setdefault(g, []).append(v)
    return {g: torch.stack(v) for g, v in gates.items()}


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_gates_and_cell_state_over_time_are_the_modules(qtbot, settings_file, cell):
    config = RNNConfig(cell=cell, input_size=3, hidden_size=4, seq_len=5, batch_size=2, h0="random")
    window = open_window(qtbot, config)
    session, panel = window.session, window.panels["hidden"]
    simulation = session.simulation
    assert panel.quantity_combo.isVisible()
    expected = ["h_t", *(["c_t"] if cell == "lstm" else []), *("ifgo" if cell == "lstm" else "rzn")]
    assert [panel.quantity_combo.itemData(k) for k in range(panel.quantity_combo.count())] == expected
    session.seek(3)
    session.set_batch_index(1)  # the second sequence of the batch
    b = session.view().batch_index
    module = simulation.model.rnn
    reference = module_gates(module, simulation.inputs, simulation.h0, simulation.c0)
    session.select_neuron(2)
    for gate in reference:
        choose(panel, gate)
        image = panel.heat_image.image
        assert image.shape == (5, 4)
        np.testing.assert_allclose(image[:3], reference[gate][:3, b].numpy(), atol=1e-5, rtol=0, err_msg=gate)
        assert np.all(image[3:] == 0)  # not computed yet (under the grey mask)
        x, y = line_data(panel.lines[2])
        assert list(x) == [0, 1, 2]
        np.testing.assert_allclose(y, reference[gate][:3, b, 2].numpy(), atol=1e-5, rtol=0)
        assert panel.heat_image.getLevels() == pytest.approx((-1, 1))  # sigmoid and tanh: fixed
        assert panel.value_text_at(2, 1) == f"{gate}[2] at t=1 = {reference[gate][1, b, 2]:.3f}"
    session.step()  # a new column arrives for the shown gate
    last = list(reference)[-1]
    np.testing.assert_allclose(panel.heat_image.image[3], reference[last][3, b].numpy(), atol=1e-5, rtol=0)
    if cell == "lstm":
        choose(panel, "c_t")
        with torch.no_grad():
            cells = [
                module(simulation.inputs[: t + 1], (simulation.h0, simulation.c0))[1][1][0] for t in range(4)
            ]
        np.testing.assert_allclose(
            panel.heat_image.image[:4], torch.stack(cells)[:, b].numpy(), atol=1e-5, rtol=0
        )
        assert "c<sub>t</sub>[i] over time" in panel.lines_plot.titleLabel.text
    choose(panel, "h_t")
    with torch.no_grad():
        output = module(
            simulation.inputs, (simulation.h0, simulation.c0) if cell == "lstm" else simulation.h0
        )[0]
    np.testing.assert_allclose(panel.heat_image.image[:4], output[:4, b].numpy(), atol=1e-5, rtol=0)


def test_a_projected_lstm_shows_h_t_narrower_than_c_t_and_its_gates(qtbot, settings_file):
    config = RNNConfig(
        cell="lstm", input_size=3, hidden_size=6, proj_size=2, num_layers=2, bidirectional=True, seq_len=3
    )
    window = open_window(qtbot, config)
    session, panel = window.session, window.panels["hidden"]
    errors = []
    session.errorOccurred.connect(errors.append)
    session.select_neuron(5)
    session.seek(len(session.stepper))
    panel.layer_combo.setCurrentIndex(1)
    panel.direction_combo.setCurrentIndex(1)
    stepper = session.stepper
    assert panel.heat_image.image.shape == (3, 2)  # h_t: proj_size numbers
    np.testing.assert_array_equal(panel.heat_image.image, stepper.hidden[:, 3, 0].numpy())
    x, y = line_data(panel.selected_line if panel.selected_line.isVisible() else panel.lines[1])
    np.testing.assert_array_equal(y, stepper.hidden[:, 3, 0, 1].numpy())  # neuron 5 -> the last of 2
    choose(panel, "c_t")
    assert panel.heat_image.image.shape == (3, 6)
    np.testing.assert_array_equal(panel.heat_image.image, stepper.cell_state[:, 3, 0].numpy())
    assert panel.neurons == list(range(6))
    choose(panel, "o")
    for t in range(3):
        record = stepper.record(stepper.schedule.index(1, 1, t))
        np.testing.assert_allclose(panel.heat_image.image[t], record.gates["o"][0].numpy(), atol=1e-6, rtol=0)
    assert not [e for e in errors if "hidden" in e.lower()]


def test_a_plain_rnn_has_no_show_box(qtbot, settings_file):
    window = open_window(qtbot, RNNConfig(input_size=3, hidden_size=4, seq_len=3))
    panel = window.panels["hidden"]
    assert not panel.quantity_combo.isVisible() and panel.quantity == "h_t"
    window.session.set_config(RNNConfig(cell="gru", input_size=3, hidden_size=4, seq_len=3))
    assert panel.quantity_combo.isVisible()
    choose(panel, "z")
    window.session.set_config(RNNConfig(input_size=3, hidden_size=4, seq_len=3))
    assert not panel.quantity_combo.isVisible() and panel.quantity == "h_t"
    window.session.step()
    np.testing.assert_array_equal(panel.heat_image.image[0], window.session.stepper.hidden[0, 0, 0].numpy())
