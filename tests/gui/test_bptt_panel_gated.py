"""The Backprop panel with an LSTM and a GRU in the real window: its numbers are torch.autograd's.

Expected values are recomputed with autograd (the loss at t* through the model's head, dL/dh_t
and dL/dc_t of each cell kept with retain_grad through PyTorch's formulas, the loss through the
real module), not taken from the panel's own engine.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF
from PySide6.QtGui import QTextDocumentFragment
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui.panels.bptt import BackpropPanel
from torch import nn

from tests.engine.test_gated_bptt import autograd_through_cell_loop
from tests.gui.conftest import open_window

WAIT_MS = 10_000
BACKPROP_ERRORS = ("Backprop panel", "反向传播面板")  # this panel's error lines (other panels are not ours)


def plain(rich: str) -> str:
    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def opened(qtbot, config):
    window = open_window(qtbot, config)
    window.docks["backprop"].raise_()
    panel = window.panels["backprop"]
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        panel.set_t_star(window.session.simulation.seq_len - 2)  # the loss of predicting the last character
    return window, panel


def autograd_states(simulation, t_star):
    """The loss and dL/dh_t, dL/dc_t of every cell by autograd through the cell loop of
    tests/engine/test_gated_bptt.py (PyTorch's documented formulas, checked there against the
    real module's parameter gradients), with the model's head and the next character as target.
    (The c_n that nn.LSTM returns is not on h_n's path, so autograd through the module cannot
    give dL/dc_t itself.)"""
    model = simulation.model
    target = simulation.token_ids[t_star + 1 : t_star + 2]
    grad_h, grad_c, _ = autograd_through_cell_loop(simulation, model.rnn, t_star, model.head, target)
    out, _ = model.rnn(
        simulation.stepper.x,
        (simulation.h0, simulation.stepper.c0) if isinstance(model.rnn, nn.LSTM) else simulation.h0,
    )
    loss = nn.functional.cross_entropy(model.head(out[t_star]), target)
    return float(loss), grad_h, grad_c


CONFIGS = {
    "lstm": RNNConfig(cell="lstm", input_size=6, hidden_size=4, text="我爱你们。", seed=3),
    "lstm-2-layers-bidirectional-proj": RNNConfig(
        cell="lstm",
        input_size=5,
        hidden_size=4,
        proj_size=3,
        num_layers=2,
        bidirectional=True,
        text="我爱你们。",
        seed=4,
        dtype="float64",
    ),
    "gru": RNNConfig(cell="gru", input_size=6, hidden_size=4, num_layers=2, text="我爱你们。", seed=5),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_gated_norms_terms_and_memory_gate_are_autograd_s(qtbot, settings_file, name):
    config = CONFIGS[name]
    window, panel = opened(qtbot, config)
    simulation = window.session.simulation
    t_star = simulation.seq_len - 2
    assert panel.t_star == t_star and panel.message() == ""
    loss, hs, cs = autograd_states(simulation, t_star)
    assert panel.result.loss == pytest.approx(loss, abs=1e-5)
    atol = 1e-10 if config.dtype == "float64" else 1e-5

    # the norm curves: ‖∂L/∂h_t‖ per layer and direction, and for LSTM ‖∂L/∂c_t‖ (dashed)
    for row, (ts, values) in panel.norm_curves().items():
        for t, value in zip(ts, values):
            assert value == pytest.approx(max(float(hs[t, row].norm()), 1e-12), abs=atol, rel=1e-4)
    cell_curves = panel.cell_norm_curves()
    assert bool(cell_curves) == (config.cell == "lstm")
    for row, (ts, values) in cell_curves.items():
        assert ts  # drawn
        for t, value in zip(ts, values):
            assert value == pytest.approx(max(float(cs[t, row].norm()), 1e-12), abs=atol, rel=1e-4)

    # every backward cell's rows: dL/dh_t and (LSTM) dL/dc_t are autograd's; per-gate rows add up
    gates = ("i", "f", "g", "o") if config.cell == "lstm" else ("r", "z", "n")
    for index in range(len(panel.result)):
        panel.set_backward_index(index)
        record = panel.record()
        row = record.layer * (2 if config.bidirectional else 1) + record.direction
        shown = panel.displayed_terms()
        expected_rows = {
            "grad_h_from_above",
            "grad_h_from_next",
            "grad_h",
            "grad_h_prev",
            *(f"grad_pre_{gate}" for gate in gates),
        }
        if config.cell == "lstm":
            expected_rows |= {"grad_c_from_next", "grad_c", "grad_c_prev"}
        assert set(shown) == expected_rows
        np.testing.assert_allclose(shown["grad_h"], hs[record.t, row, 0].double().numpy(), atol=1e-4)
        if config.cell == "lstm":
            np.testing.assert_allclose(shown["grad_c"], cs[record.t, row, 0].double().numpy(), atol=1e-4)
        for name_, values in shown.items():  # what is printed is the record's, to 4 decimals
            expected = BackpropPanel.term_tensor(record, name_)[0].double().numpy()
            scale = max(float(np.abs(expected).max()), 1e-30)
            np.testing.assert_allclose(
                values, expected, atol=1e-4 if scale >= 0.01 else scale * 6e-3, err_msg=name_
            )
        labels = panel.weight_block_labels()
        assert labels["grad_weight_ih"] == [f"W_i{gate}" for gate in gates]
        assert labels["grad_weight_hh"] == [f"W_h{gate}" for gate in gates]
        heatmaps = panel.displayed_weight_gradients()
        assert heatmaps["grad_weight_ih"].shape[0] == len(gates) * config.hidden_size

    # the memory gate replaces the spectral radius: forget gate f / update gate z, and its product
    text = plain(panel.radius_text())
    gate = "f" if config.cell == "lstm" else "z"
    assert "spectral radius" not in text and f"∏ {gate} =" in text
    curves = panel.memory_curves()
    assert set(curves) == {"gate", "surviving"}
    record = panel.record()
    ts, surviving = curves["surviving"]
    assert len(ts) == simulation.seq_len
    assert all(a >= b - 1e-7 for a, b in zip(surviving, surviving[1:])) or record.direction == 1
    assert 0 < surviving[-1] < 1


def test_lstm_hover_reads_the_norms_and_gate_blocks(qtbot, settings_file):
    window, panel = opened(qtbot, CONFIGS["lstm"])
    plot = panel.overview.norm_plot
    scene_pos = plot.vb.mapViewToScene(QPointF(1.0, sum(plot.vb.viewRange()[1]) / 2))
    panel.overview._on_hover(scene_pos)
    text = panel.hover_text()
    norms = panel.result.grad_norms()
    cell_norms = panel.result.cell_grad_norms()
    assert text.startswith("t = 1:")
    assert (
        f"‖∂L/∂h‖ = {float(norms[1, 0]):.3g}" in text and f"‖∂L/∂c‖ = {float(cell_norms[1, 0]):.3g}" in text
    )
    heat = panel.heatmap_area.plots["grad_weight_hh"]
    H = window.session.config.hidden_size
    panel.heatmap_area._on_hover(
        heat.vb.mapViewToScene(QPointF(2.0, H + 1.0))
    )  # row H + 1: the f block's row 1
    value = panel.displayed_weight_gradients()["grad_weight_hh"][H + 1, 2]
    assert panel.hover_text() == f"∂L/∂W_hf[1, 2] share = {value:.4g}"
    # the memory plot: the forget gate of each neuron at the hovered step (the record's own f)
    f = next(
        panel.result.record(i).gates["f"][0]
        for i in range(len(panel.result))
        if panel.result.record(i).t == 1
    )
    memory_plot = panel.memory_area.plot_item
    middle = sum(memory_plot.vb.viewRange()[1]) / 2  # (a log10 coordinate: the plot is log-scaled)
    panel.memory_area._on_hover(memory_plot.vb.mapViewToScene(QPointF(1.0, middle)))
    assert panel.hover_text().startswith("t = 1: f = [" + ", ".join(f"{float(v):.3f}" for v in f) + "]")


def test_rnn_keeps_its_spectral_radius_view(qtbot, settings_file):
    window, panel = opened(qtbot, RNNConfig(input_size=6, hidden_size=4, text="我爱你们。"))
    assert "spectral radius" in plain(panel.radius_text())
    assert panel.memory_curves() == {} and panel.cell_norm_curves() == {}
    assert panel.weight_block_labels() == {"grad_weight_ih": [], "grad_weight_hh": []}


def test_switching_from_lstm_to_gru_and_back_to_rnn(qtbot, settings_file):
    window, panel = opened(qtbot, CONFIGS["lstm"])
    for config in (CONFIGS["gru"], RNNConfig(input_size=6, hidden_size=4, text="我爱你们。")):
        with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
            window.session.set_config(config)
        assert panel.message() == "" and panel.result is not None
        rows = set(panel.displayed_terms())
        assert ("grad_pre_z" in rows) == (config.cell == "gru") and ("grad_pre" in rows) == (
            config.cell == "rnn"
        )
        assert "grad_c" not in rows


def test_batch_element_on_screen_with_random_inputs(qtbot, settings_file):
    """A random-tensor GRU and LSTM, batch 3, both directions: the rows are the batch element the
    session shows, against autograd's for that element (the stand-in loss ½‖output[t*]‖²)."""
    for config in (
        RNNConfig(
            cell="lstm",
            input_size=3,
            hidden_size=4,
            seq_len=5,
            batch_size=3,
            bidirectional=True,
            h0="random",
            text="",
        ),
        RNNConfig(
            cell="gru",
            input_size=3,
            hidden_size=4,
            seq_len=5,
            batch_size=3,
            num_layers=2,
            h0="random",
            text="",
        ),
    ):
        window = open_window(qtbot, config)
        window.docks["backprop"].raise_()
        panel, session = window.panels["backprop"], window.session
        with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
            panel.set_t_star(2)
        session.set_batch_index(2)
        grad_h, grad_c, _ = autograd_through_cell_loop(
            session.simulation, session.simulation.model.rnn, 2, None, None
        )
        D = 2 if config.bidirectional else 1
        for index in range(len(panel.result)):
            panel.set_backward_index(index)
            record = panel.record()
            row = record.layer * D + record.direction
            shown = panel.displayed_terms()
            np.testing.assert_allclose(shown["grad_h"], grad_h[record.t, row, 2].double().numpy(), atol=1e-4)
            if config.cell == "lstm":
                np.testing.assert_allclose(
                    shown["grad_c"], grad_c[record.t, row, 2].double().numpy(), atol=1e-4
                )
        assert "½‖output[2]‖²" in plain(panel.loss_label.text())
        window.close()


def test_a_language_switch_keeps_the_gated_view(qtbot, settings_file, qapp):
    from rnn_stepper.gui import i18n

    window, panel = opened(qtbot, CONFIGS["gru"])
    panel.set_backward_index(2)
    assert panel.backward_index == 2
    errors = []
    window.session.errorOccurred.connect(
        lambda text: errors.append(text) if text.startswith(BACKPROP_ERRORS) else None
    )
    try:
        assert window.switch_language("zh_CN")
        panel = window.panels["backprop"]
        qtbot.waitUntil(lambda: panel.result is not None and panel.backward_index == 2, timeout=WAIT_MS)
        assert not panel.following and panel.t_star == window.session.simulation.seq_len - 2
        assert "grad_pre_z" in panel.displayed_terms() and panel.memory_curves()
        assert "∏ z =" in plain(panel.radius_text())
    finally:
        i18n.install_language(qapp, "en")  # the other tests read English
    assert errors == []


def test_bars_for_a_wide_projected_lstm(qtbot, settings_file):
    """Beyond 8 neurons the rows are bar plots: h rows have proj_size bars, c and gate rows hidden_size."""
    config = RNNConfig(cell="lstm", input_size=6, hidden_size=12, proj_size=5, text="我爱你们。", seed=2)
    window, panel = opened(qtbot, config)
    assert panel._bars_mode
    panel.set_backward_index(1)
    record = panel.record()
    shown = panel.displayed_terms()
    assert len(shown["grad_h"]) == 5 and len(shown["grad_c"]) == 12 and len(shown["grad_pre_o"]) == 12
    for name, values in shown.items():
        np.testing.assert_allclose(
            values,
            BackpropPanel.term_tensor(record, name)[0].double().numpy(),
            rtol=1e-6,
            atol=1e-9,
            err_msg=name,
        )
    _, grad_h, grad_c = autograd_states(window.session.simulation, panel.t_star)
    np.testing.assert_allclose(shown["grad_c"], grad_c[record.t, 0, 0].double().numpy(), atol=1e-5)


def test_overflowing_gated_weights_are_shown_not_raised(qtbot, settings_file):
    """A model file can hold weights that overflow float32 (saturated gates: gradients of exactly 0)
    or NaN: the panel says so and stays up."""
    from rnn_stepper.engine.simulation import Simulation

    config = RNNConfig(cell="lstm", input_size=6, hidden_size=4, text="我爱你们。", seed=3)
    model = Simulation.build(config).model
    with torch.no_grad():
        model.rnn.weight_hh_l0.fill_(3e38)  # W_hh h overflows to ±inf: every gate saturates
    window = open_window(qtbot, config, model=model)
    window.docks["backprop"].raise_()
    panel = window.panels["backprop"]
    errors = []
    window.session.errorOccurred.connect(
        lambda text: errors.append(text) if text.startswith(BACKPROP_ERRORS) else None
    )
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        panel.set_t_star(3)
    panel.set_backward_index(2)
    assert errors == []
    assert "the gates are saturated there" in plain(panel.loss_label.text())
    with torch.no_grad():
        model.rnn.bias_ih_l0[0] = float("nan")
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        window.session.apply_weight_change()
    panel.set_backward_index(2)
    assert errors == []
    assert "infinite or NaN" in plain(panel.loss_label.text())
    assert "∏ f = nan" in plain(panel.radius_text())
