"""The data export of an LSTM / GRU: the gate terms of the current cell (a column per gate term),
c_t of every cell, and the weights by gate block, read back with the csv module and numpy and
compared with values recomputed here from nn.LSTM / nn.GRU's own parameters (issue 15.4)."""

import csv

import numpy as np
import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.data_export import write_data
from rnn_stepper.engine.simulation import Simulation
from torch import nn


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def column(header, rows, name, cast=float):
    k = header.index(name)
    return np.array([cast(r[k]) for r in rows])


def reference_gates(module, x, t):
    """One-layer unidirectional gates at step t from the module's parameters and its own outputs."""
    with torch.no_grad():
        if isinstance(module, nn.LSTM):
            zeros = torch.zeros(1, x.shape[1], module.hidden_size, dtype=x.dtype)
            _, (h, c) = module(x[:t], (zeros, zeros)) if t else (None, (zeros, zeros))
            h, c = h[0], c[0]  # the module's own h_{t-1}, c_{t-1}
            pre = (
                x[t] @ module.weight_ih_l0.T
                + module.bias_ih_l0
                + h @ module.weight_hh_l0.T
                + module.bias_hh_l0
            )
            i, f, g, o = pre.chunk(4, 1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            return {
                "i_pre_activation": pre.chunk(4, 1)[0],
                "i": i,
                "f": f,
                "g": g,
                "o": o,
                "c_prev": c,
                "c_t": f * c + i * g,
            }
        output, _ = module(x[:t]) if t else (None, None)
        h = output[-1] if t else torch.zeros(x.shape[1], module.hidden_size, dtype=x.dtype)
        gx = x[t] @ module.weight_ih_l0.T + module.bias_ih_l0
        gh = h @ module.weight_hh_l0.T + module.bias_hh_l0
        r = torch.sigmoid(gx[:, : module.hidden_size] + gh[:, : module.hidden_size])
        z = torch.sigmoid(
            gx[:, module.hidden_size : 2 * module.hidden_size]
            + gh[:, module.hidden_size : 2 * module.hidden_size]
        )
        n_pre = gx[:, 2 * module.hidden_size :] + r * gh[:, 2 * module.hidden_size :]
        return {
            "r": r,
            "z": z,
            "n_pre_activation": n_pre,
            "n": torch.tanh(n_pre),
            "n_recurrent_term": gh[:, 2 * module.hidden_size :],
        }


@pytest.mark.parametrize("cell", ["lstm", "gru"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_gate_terms_read_back_equal_the_modules_own(tmp_path, cell, dtype):
    config = RNNConfig(
        cell=cell, input_size=3, hidden_size=4, seq_len=4, batch_size=2, dtype=dtype, h0="zeros"
    )
    sim = Simulation.build(config)
    sim.stepper.seek(3)  # the current cell is t = 2
    write_data(sim, tmp_path)
    header, rows = read_csv(tmp_path / "step_gates.csv")
    assert header[:2] == ["batch", "neuron"] and len(rows) == 2 * 4
    batch, neuron = column(header, rows, "batch", int), column(header, rows, "neuron", int)
    expected = reference_gates(sim.model.rnn, sim.inputs, 2)
    tol = 1e-5 if dtype == "float32" else 1e-12
    for name, values in expected.items():
        np.testing.assert_allclose(
            column(header, rows, name), values.numpy()[batch, neuron], atol=tol, rtol=0, err_msg=name
        )
    gates = np.load(tmp_path / "step_gates.npy")
    assert gates.dtype == np.dtype(dtype) and gates.shape == (len(header) - 2, 2, 4)
    for k, name in enumerate(header[2:]):  # the .npy holds the CSV's columns in the same order, exactly
        np.testing.assert_array_equal(gates[k][batch, neuron].astype(float), column(header, rows, name))
    # each gate's pre-activation is its two terms joined (GRU's n: r times the recurrent term)
    for gate in ("i", "f", "g", "o") if cell == "lstm" else ("r", "z"):
        np.testing.assert_allclose(
            column(header, rows, f"{gate}_input_term") + column(header, rows, f"{gate}_recurrent_term"),
            column(header, rows, f"{gate}_pre_activation"),
            atol=tol,
            rtol=0,
        )
    h_header, h_rows = read_csv(tmp_path / "step_terms.csv")
    assert h_header == ["batch", "neuron", "h_prev", "h_t", "reference_h_t", "abs_diff"]
    with torch.no_grad():
        output, _ = sim.model.rnn(sim.inputs)
    np.testing.assert_allclose(
        column(h_header, h_rows, "h_t"), output[2].numpy()[batch, neuron], atol=tol, rtol=0
    )
    readme = (tmp_path / "DATA_README.txt").read_text(encoding="utf-8")
    assert f"Model: {config.module_name}(" in readme and "step_gates.npy" in readme


def test_lstm_cell_states_projection_and_gate_blocks_of_the_weights(tmp_path):
    config = RNNConfig(
        cell="lstm",
        input_size=3,
        hidden_size=5,
        proj_size=2,
        num_layers=2,
        bidirectional=True,
        seq_len=3,
        batch_size=2,
        h0="random",
    )
    sim = Simulation.build(config)
    sim.stepper.seek(len(sim.stepper) - 2)  # the last two cells not yet computed: absent, NaN in the .npy
    write_data(sim, tmp_path)
    hidden, cell = np.load(tmp_path / "hidden.npy"), np.load(tmp_path / "cell.npy")
    assert hidden.shape == (3, 4, 2, 2) and cell.shape == (3, 4, 2, 5)
    assert np.isnan(cell).any() and not np.isnan(cell).all()
    header, rows = read_csv(tmp_path / "cell.csv")
    assert header == ["t", "token", "layer", "direction", "batch", *[f"c[{i}]" for i in range(5)]]
    assert len(rows) == (3 * 4 - 2) * 2  # one line per computed cell and batch element
    h_header, _ = read_csv(tmp_path / "hidden.csv")
    assert h_header[5:] == ["h[0]", "h[1]"]  # proj_size numbers
    with torch.no_grad():
        _, (h_n, c_n) = sim.model.rnn(sim.inputs, (sim.h0, sim.c0))
    # the forward directions' last cells are all computed: their c_t is nn.LSTM's c_n
    for row in (0, 2):
        np.testing.assert_allclose(cell[-1, row], c_n[row].numpy(), atol=1e-5, rtol=0)
        np.testing.assert_allclose(hidden[-1, row], h_n[row].numpy(), atol=1e-5, rtol=0)
    w_header, w_rows = read_csv(tmp_path / "weight_hh_l1_reverse.csv")
    assert w_header == ["gate", "neuron", "col 0", "col 1"]  # W_hh reads h_{t-1}: proj_size columns
    assert [r[0] for r in w_rows] == [g for g in "ifgo" for _ in range(5)]
    assert [int(r[1]) for r in w_rows] == list(range(5)) * 4
    np.testing.assert_array_equal(
        np.array([[float(v) for v in r[2:]] for r in w_rows]),
        sim.model.rnn.weight_hh_l1_reverse.detach().numpy(),
    )
    np.testing.assert_array_equal(
        np.load(tmp_path / "weight_hr_l0.npy"), sim.model.rnn.weight_hr_l0.detach().numpy()
    )
    g_header, g_rows = read_csv(tmp_path / "step_gates.csv")
    assert g_header[-5:] == ["c_prev", "c_t", "reference_c_t", "c_abs_diff", "h_unprojected"]
    record = sim.stepper.current
    W_hr = (
        sim.model.rnn.weight_hr_l1_reverse.detach() if record.layer else sim.model.rnn.weight_hr_l0.detach()
    )
    unprojected = column(g_header, g_rows, "h_unprojected").reshape(2, 5)
    t_header, t_rows = read_csv(tmp_path / "step_terms.csv")
    np.testing.assert_allclose(
        unprojected @ W_hr.numpy().T, column(t_header, t_rows, "h_t").reshape(2, 2), atol=1e-5, rtol=0
    )


def test_rnn_export_is_unchanged(tmp_path):
    sim = Simulation.build(RNNConfig(input_size=3, hidden_size=4, seq_len=2))
    sim.stepper.seek(1)
    names = [p.name for p in write_data(sim, tmp_path)]
    assert "step_gates.csv" not in names and "cell.npy" not in names
    header, _ = read_csv(tmp_path / "step_terms.csv")
    assert header == [
        "batch",
        "neuron",
        "h_prev",
        "input_term",
        "recurrent_term",
        "pre_activation",
        "h_t",
        "reference_h_t",
        "abs_diff",
    ]
    header, _ = read_csv(tmp_path / "weight_ih_l0.csv")
    assert header[0] == "neuron"
