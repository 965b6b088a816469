"""The window's shared parts with LSTM and GRU cells: the status bar names the module the cell is
checked against and the gated sub-operation stages; the Output panel draws output[t] with its
real width (a projected LSTM's h_t has proj_size numbers, not hidden_size)."""

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui.session import StepSize

from tests.gui.conftest import open_window


def _errors(window):
    errors = []
    window.session.errorOccurred.connect(errors.append)
    return errors


@pytest.mark.parametrize("cell, module", [("lstm", "nn.LSTM"), ("gru", "nn.GRU")])
def test_status_bar_names_the_module_and_the_gated_stages(qtbot, cell, module):
    window = open_window(qtbot, RNNConfig(cell=cell, text="我爱你", hidden_size=4))
    errors = _errors(window)
    session = window.session
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    first = window.match_label.text()
    stages = {"lstm": "the pre-activations of the gates", "gru": "the reset gate"}
    assert first == f"stage 1 / 4: {stages[cell]}"
    for _ in range(3):
        session.step()
    assert window.match_label.text().startswith(f"✓ 1 of 1 cells match {module} (max |Δ| = ")
    assert "nn.RNN" not in window.match_label.text() and errors == []


def test_a_projected_lstm_draws_its_output_with_proj_size_values(qtbot):
    config = RNNConfig(
        cell="lstm", proj_size=2, text="", seq_len=3, input_size=3, hidden_size=5, bidirectional=True
    )
    window = open_window(qtbot, config)
    errors = _errors(window)
    session, panel = window.session, window.panels["output"]
    session.run_to_end()
    qtbot.waitUntil(lambda: "values" in panel._headline.text())
    t = session.stepper.current.t  # the last cell is the reverse sweep's, at t = 0
    assert f"output[{t}]: 4 values" in panel._headline.text()  # D * proj_size = 2 * 2
    heights = panel._output_bars.heights()
    expected, _ = session.simulation.model.rnn(session.simulation.inputs)
    torch.testing.assert_close(
        torch.as_tensor(heights, dtype=expected.dtype), expected[t, 0].detach(), atol=1e-6, rtol=0
    )
    assert errors == []


@pytest.mark.parametrize(
    "cell, proj, rows", [("lstm", 0, 4 * 40), ("lstm", 2, 4 * 40 + 2), ("gru", 0, 3 * 40)]
)
def test_an_exported_weights_panel_is_as_tall_as_its_gate_blocks(qtbot, cell, proj, rows):
    """Exported alone, the Weights panel gets a height for all its rows (the gate blocks and
    W_hr), as the RNN's gets one for its hidden_size rows: not squashed."""
    from rnn_stepper.gui.exporting.export_layout import NEURON_PX, content_size

    config = RNNConfig(cell=cell, proj_size=proj, text="", seq_len=2, input_size=3, hidden_size=40)
    window = open_window(qtbot, config)
    gated = content_size("weights", window.panels["weights"], window.session.simulation)
    window.session.set_config(RNNConfig(text="", seq_len=2, input_size=3, hidden_size=40))
    rnn = content_size("weights", window.panels["weights"], window.session.simulation)
    assert gated.height() - rnn.height() == (rows - 40) * NEURON_PX


def test_the_network_hover_names_the_gated_stage_being_computed(qtbot):
    window = open_window(qtbot, RNNConfig(cell="gru", text="我爱你", hidden_size=4))
    session = window.session
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    session.step()
    text = window.panels["network"].cell_tooltip(0, 0, 0)
    assert "being computed: the update gate" in text
