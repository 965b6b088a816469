"""The Backprop panel in the real window: its numbers are engine.bptt's, for the cell on screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QTextDocumentFragment
from rnn_stepper.engine.bptt import backprop, explain_spectral_radius, spectral_radius
from rnn_stepper.engine.presets import preset_config

from tests.gui.conftest import open_window

WAIT_MS = 10_000
HOVER_HINT = "Hover a heatmap cell to read its value."  # (English: tests/conftest.py)


@pytest.fixture
def window(qtbot, settings_file):
    w = open_window(qtbot)
    w.docks["backprop"].raise_()
    return w


@pytest.fixture
def panel(window):
    return window.panels["backprop"]


def plain(rich: str) -> str:
    return QTextDocumentFragment.fromHtml(rich).toPlainText()


def recomputed(qtbot, panel, action):
    """Do `action` and wait for the panel's (throttled) backward pass."""
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        action()


def shown_matches(panel, record, b=0):
    """Every vector the panel shows equals the engine's record (to the printed precision)."""
    shown = panel.displayed_terms()
    assert set(shown) >= {
        "grad_h",
        "grad_pre",
        "grad_h_prev",
        "activation_derivative",
        "grad_h_from_above",
        "grad_h_from_next",
    }
    for name, values in shown.items():
        tensor = getattr(record, name)
        expected = (tensor if tensor.dim() == 1 else tensor[b]).double().numpy()
        scale = max(float(np.abs(expected).max()), 1e-30)
        atol = 1e-4 if scale >= 0.01 else scale * 6e-3  # 4 decimals, or 3 significant digits
        np.testing.assert_allclose(values, expected, atol=atol, err_msg=name)


def test_the_numbers_are_engine_bptt_s_for_every_backward_cell(qtbot, window, panel):
    session = window.session
    recomputed(qtbot, panel, lambda: session.seek(2))  # t = 1: the loss of predicting 你 after 我爱
    assert panel.t_star == 1
    expected = backprop(session.simulation, 1)
    assert panel.result.loss == pytest.approx(expected.loss)
    assert len(panel.result) == len(expected) == 2  # the cells at t = 1 and t = 0
    curves = panel.norm_curves()
    norms = expected.grad_norms().numpy()
    assert curves[0][0] == [0, 1]
    np.testing.assert_allclose(curves[0][1], norms[:2, 0], rtol=1e-6)
    assert "−log p(“你” | “我爱”)" in plain(panel.loss_label.text())

    for index in range(len(expected)):
        record = expected.record(index)
        assert panel.backward_index == index
        shown_matches(panel, record)
        weights = panel.displayed_weight_gradients()
        np.testing.assert_allclose(
            weights["grad_weight_hh"], record.grad_weight_hh.numpy(), rtol=1e-6, atol=1e-12
        )
        np.testing.assert_allclose(
            weights["grad_weight_ih"], record.grad_weight_ih.numpy(), rtol=1e-6, atol=1e-12
        )
        assert panel.highlighted_cell() == (record.t, 0)
        assert f"t = {record.t}" in panel.cell_label.text()
        panel.back_button.click()
    assert not panel.back_button.isEnabled()  # at t = 0 there is no earlier cell
    panel.forward_button.click()
    assert panel.backward_index == len(expected) - 2

    radius = spectral_radius(session.simulation.model.parameter("weight_hh", 0, 0))
    text = plain(panel.radius_text())
    assert f"ρ(Whh) = {radius:.3g}" in text
    assert explain_spectral_radius(radius) in text


def test_bars_for_many_neurons_and_two_layers(qtbot, window, panel):
    session = window.session
    config = preset_config("text-woaini").replace(hidden_size=16, num_layers=2)
    recomputed(qtbot, panel, lambda: session.set_config(config))
    panel.set_t_star(1)
    expected = backprop(session.simulation, 1)
    assert len(panel.result) == len(expected) == 4  # two layers × t = 0, 1
    curves = panel.norm_curves()
    for row in (0, 1):
        np.testing.assert_allclose(curves[row][1], expected.grad_norms().numpy()[:2, row], rtol=1e-6)
    panel.set_backward_index(2)
    record = expected.record(2)
    shown = panel.displayed_terms()
    assert len(shown["grad_h"]) == 16  # drawn as bars
    for name, values in shown.items():
        tensor = getattr(record, name)
        expected_values = (tensor if tensor.dim() == 1 else tensor[0]).numpy()
        np.testing.assert_allclose(values, expected_values, rtol=1e-5, atol=1e-9, err_msg=name)
    assert panel.highlighted_cell() == (record.t, record.layer)


def test_follows_the_step_and_recomputes_when_the_model_changes(qtbot, window, panel):
    session = window.session
    qtbot.waitUntil(lambda: panel.result is not None, timeout=WAIT_MS)  # the first pass, at t* = 0
    session.seek(1)  # the cell at t = 0: t* stays 0
    assert panel.t_star == 0 and panel.result.t_star == 0
    recomputed(qtbot, panel, lambda: session.seek(3))
    assert panel.t_star == 1  # t = 2 has no next character: the last step with a target
    before = panel.result.loss
    recomputed(qtbot, panel, lambda: window.learn_actions.edit_weight("weight_hh_l0", (0, 1), 2.5))
    assert panel.result.loss != before
    assert panel.result.loss == pytest.approx(backprop(session.simulation, 1).loss)

    panel.set_t_star(0)  # choosing t* stops following the step
    assert not panel.following
    session.seek(2)
    qtbot.wait(300)  # longer than the recompute delay: nothing may be recomputed for a step now
    assert panel.result.t_star == 0


def test_random_tensors_use_the_half_squared_norm_and_bidirectional_sweeps(qtbot, window, panel):
    session = window.session
    config = preset_config("tutorial-single").replace(bidirectional=True, seq_len=5)
    recomputed(qtbot, panel, lambda: session.set_config(config))
    panel.set_t_star(2)
    expected = backprop(session.simulation, 2)
    assert "½‖output[2]‖²" in plain(panel.loss_label.text())
    assert panel.t_spin.maximum() == 4  # no head: the last step may carry the loss
    curves = panel.norm_curves()
    assert curves[0][0] == [0, 1, 2]  # forward: t <= t*
    assert curves[1][0] == [2, 3, 4]  # reverse: t >= t*
    np.testing.assert_allclose(curves[1][1], expected.grad_norms().numpy()[2:, 1], rtol=1e-6)
    for index in range(len(expected)):
        panel.set_backward_index(index)
        shown_matches(panel, expected.record(index), b=session.batch_index)


def test_a_one_character_text_has_no_loss_and_says_why(qtbot, window, panel):
    recomputed(
        qtbot, panel, lambda: window.session.set_config(preset_config("text-woaini").replace(text="我"))
    )
    assert panel.result is None
    assert "no next character" in panel.message()
    assert panel.norm_curves() == {} or all(not ts for ts, _ in panel.norm_curves().values())


def test_behind_another_tab_it_computes_nothing_and_catches_up_when_shown(qtbot, settings_file):
    """A backward pass per step nobody sees cost the T = 1000 window 17 ms a step (issue 12)."""
    from rnn_stepper.gui.panels.lazy import nobody_sees

    window = open_window(qtbot)  # the default layout: Backprop is a tab behind another
    panel, session = window.panels["backprop"], window.session
    qtbot.wait(300)  # longer than the recompute delay: what was scheduled at start has run
    assert nobody_sees(panel)
    passes = []
    panel.computed.connect(lambda: passes.append(session.view().record))
    session.seek(3)
    qtbot.wait(300)
    assert passes == []
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        window.docks["backprop"].raise_()  # seen again: it catches up at once
    assert panel.t_star == 1  # t = 2 has no next character: the last step with a target
    assert panel.result.loss == pytest.approx(backprop(session.simulation, 1).loss)
    assert len(passes) == 1


def hover_cell(panel, name, i, j):
    """Move the (scene's) mouse over cell (i, j) of a gradient heatmap, as the real hover does."""
    from PySide6.QtCore import QPointF

    plot = panel.heatmap_area.plots[name]
    panel.heatmap_area._on_hover(plot.vb.mapViewToScene(QPointF(j, i)))
    return panel.hover_label.text()


def shown_share(panel, name, i, j):
    short = "W_ih" if name == "grad_weight_ih" else "W_hh"
    return f"∂L/∂{short}[{i}, {j}] share = {float(getattr(panel.record(), name)[i, j]):.4g}"


def test_the_hover_readout_follows_every_model_change(qtbot, window, panel):
    session, actions = window.session, window.learn_actions
    recomputed(qtbot, panel, lambda: session.seek(2))
    qtbot.waitUntil(lambda: panel.heatmap_area.width() > 50)  # laid out: its cells have room
    text = hover_cell(panel, "grad_weight_hh", 1, 2)
    assert text == shown_share(panel, "grad_weight_hh", 1, 2)
    before = text

    # a weight edit: the readout is the hint until the new pass, then the new number
    assert actions.edit_weight("weight_hh_l0", (1, 2), 2.5)
    assert panel.hover_label.text() == HOVER_HINT
    qtbot.waitUntil(lambda: panel.result is not None, timeout=WAIT_MS)
    assert panel.hover_label.text() == shown_share(panel, "grad_weight_hh", 1, 2) != before

    # undo: the old model's number again (the mouse has not moved)
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        assert actions.undo()
    assert panel.hover_label.text() == shown_share(panel, "grad_weight_hh", 1, 2) == before

    # another backward cell, then another model whose W_hh has no cell (1, 2): the hint
    panel.step_back()
    assert panel.hover_label.text() == shown_share(panel, "grad_weight_hh", 1, 2)
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        assert session.set_config(preset_config("text-woaini").replace(hidden_size=2))
    assert panel.hover_label.text() == HOVER_HINT


def test_after_training_behind_another_tab_the_hover_readout_shows_the_trained_gradient(qtbot, window, panel):
    from tests.gui.test_train_panel import TRAIN_TIMEOUT_MS

    session = window.session
    recomputed(qtbot, panel, lambda: session.seek(2))
    qtbot.waitUntil(lambda: panel.heatmap_area.width() > 50)
    before = hover_cell(panel, "grad_weight_ih", 1, 0)
    assert before == shown_share(panel, "grad_weight_ih", 1, 0)
    train = window.panels["train"]
    window.docks["train"].raise_()  # Backprop goes behind the Train tab while the weights change
    try:
        with qtbot.waitSignal(train.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
            assert train.start_training()
        qtbot.waitUntil(lambda: session.model_origin == "trained in the app", timeout=TRAIN_TIMEOUT_MS)
        assert panel.hover_label.text() != before  # never the untrained model's number
        with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
            window.docks["backprop"].raise_()
        assert panel.hover_label.text() == shown_share(panel, "grad_weight_ih", 1, 0) != before
    finally:
        train.shutdown()
