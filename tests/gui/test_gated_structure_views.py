"""Issue 15a: the configuration, network and weights views of LSTM and GRU models, driven through a
real Session (and the real window) and checked against the nn.LSTM / nn.GRU module's own
parameters and an independent run of the module."""

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPointF, Qt

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.config_panel import ConfigPanel
from rnn_stepper.gui.panels.weights import KINDS, WeightsPanel
from rnn_stepper.gui.session import Session

LSTM_GATES = ("i", "f", "g", "o")
GRU_GATES = ("r", "z", "n")


def random_config(**changes) -> RNNConfig:
    """A small random-input model: shapes that tell H, H_out, input and gate blocks apart."""
    base = RNNConfig(input_size=3, hidden_size=5, seq_len=4, batch_size=2, seed=3)
    return base.replace(**changes)


def choose(combo, data):
    """Pick an item the way a user does (activated is emitted only for user choices)."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not in the combo"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


# ---- configuration panel -----------------------------------------------------------------------------

@pytest.fixture
def config_panel(qtbot, session):
    widget = ConfigPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_choosing_lstm_rebuilds_an_nn_lstm_and_disables_nonlinearity(config_panel, session):
    f = config_panel.fields
    assert f["cell"].currentData() == "rnn" and f["nonlinearity"].isEnabled()
    assert not f["proj_size"].isEnabled()
    before = session.simulation
    choose(f["cell"], "lstm")
    assert session.config.cell == "lstm" and session.simulation is not before
    assert isinstance(session.simulation.model.rnn, torch.nn.LSTM)
    assert not f["nonlinearity"].isEnabled()
    assert f["proj_size"].isEnabled() and f["proj_size"].maximum() == session.config.hidden_size - 1
    assert config_panel.summary.text().startswith("nn.LSTM(128, 4)")
    f["proj_size"].setValue(2)
    assert session.config.proj_size == 2 and session.simulation.model.rnn.proj_size == 2
    assert config_panel.summary.text().startswith("nn.LSTM(128, 4, proj_size=2)")
    choose(f["cell"], "gru")  # proj_size is LSTM's own: it goes back to 0
    assert (session.config.cell, session.config.proj_size) == ("gru", 0)
    assert isinstance(session.simulation.model.rnn, torch.nn.GRU)
    assert f["proj_size"].value() == 0 and not f["proj_size"].isEnabled()
    choose(f["cell"], "rnn")
    assert f["nonlinearity"].isEnabled() and config_panel.message_text() == ""


def test_relu_rnn_to_lstm_goes_back_to_tanh(config_panel, session):
    assert session.set_config(session.config.replace(nonlinearity="relu"))
    choose(config_panel.fields["cell"], "lstm")
    assert (session.config.cell, session.config.nonlinearity) == ("lstm", "tanh")
    assert config_panel.fields["nonlinearity"].currentText() == "tanh"


def test_a_typed_proj_size_too_large_shows_the_engines_reason(config_panel, session, qtbot):
    choose(config_panel.fields["cell"], "lstm")
    spin = config_panel.fields["proj_size"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "4")  # hidden_size is 4: at most 3
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert session.config.proj_size == 0
    assert "proj_size must be from 0" in config_panel.message_text()


def test_the_saved_last_configuration_keeps_the_cell(settings_file, qtbot):
    from PySide6.QtCore import QSettings

    from rnn_stepper.gui.settings_store import SettingsStore

    config = random_config(cell="lstm", proj_size=2)
    store = SettingsStore(QSettings(str(settings_file), QSettings.Format.IniFormat))
    store.save_last_config(config)
    store.sync()
    again = SettingsStore(QSettings(str(settings_file), QSettings.Format.IniFormat)).last_config()
    assert again == config and again.cell == "lstm" and again.proj_size == 2


# ---- weights panel -----------------------------------------------------------------------------------

def weights_panel(qtbot, config):
    session = Session(config=config)
    panel = WeightsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return session, panel


def scene_pos(panel, kind, row, col):
    return panel.plots[kind].vb.mapViewToScene(QPointF(col, row))


@pytest.mark.parametrize("cell, gates", [("lstm", LSTM_GATES), ("gru", GRU_GATES)])
def test_gate_blocks_are_the_modules_rows_and_are_named(qtbot, cell, gates):
    H = 5
    session, panel = weights_panel(qtbot, random_config(cell=cell, num_layers=2, bidirectional=True))
    panel.layer_combo.setCurrentIndex(1)
    panel.direction_combo.setCurrentIndex(1)
    rnn = session.simulation.model.rnn
    for kind in KINDS:
        expected = getattr(rnn, f"{kind}_l1_reverse").detach().numpy()
        image = panel.images[kind].image
        np.testing.assert_array_equal(image, expected if expected.ndim == 2 else expected[:, None])
    assert panel.images["weight_ih"].image.shape == (len(gates) * H, 2 * H)
    # Each block is named with PyTorch's documented name, on the left axis at the middle of its rows.
    assert panel.plots["weight_ih"].getAxis("left")._tickLevels == [
        [((k + 0.5) * H - 0.5, f"W_i{g}") for k, g in enumerate(gates)]]
    assert [name for _, name in panel.plots["weight_hh"].getAxis("left")._tickLevels[0]] == [f"W_h{g}" for g in gates]
    lines = [item.value() for item in panel._block_items["weight_ih"] if hasattr(item, "value")]
    assert lines == [k * H - 0.5 for k in range(1, len(gates))]
    # Hover names the gate and the neuron; the value is the module's own.
    w_ih = rnn.weight_ih_l1_reverse
    second = gates[1]
    panel._on_mouse_moved(scene_pos(panel, "weight_ih", H + 3, 1))
    name = {"f": "forget gate", "z": "update gate"}[second]
    assert panel.hover_label.text() == f"W_i{second}[3, 1] = {float(w_ih[H + 3, 1]):.3f} ({name}, neuron 3)"
    b_hh = rnn.bias_hh_l1_reverse
    assert panel.value_text_at("bias_hh", 2 * H + 4).startswith(f"b_h{gates[2]}[4] = {float(b_hh[2 * H + 4]):.3f} (")


def test_clicking_a_gate_row_selects_its_neuron_in_every_block(qtbot):
    H = 5
    session, panel = weights_panel(qtbot, random_config(cell="lstm"))
    view_pos = panel.graphics.mapFromScene(scene_pos(panel, "weight_hh", 2 * H + 3, 1))  # W_hg[3, 1]
    with qtbot.waitSignal(session.neuronSelected) as blocker:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert blocker.args == [3]
    tops = sorted([panel.highlights["weight_hh"].rect().top()]
                  + [item.rect().top() for item in panel._block_items["weight_hh"] if hasattr(item, "rect")])
    assert tops == pytest.approx([k * H + 3 - 0.5 for k in range(4)])


def test_projection_weight_is_shown_only_with_proj_size(qtbot):
    session, panel = weights_panel(qtbot, random_config(cell="lstm", proj_size=2))
    w_hr = session.simulation.model.rnn.weight_hr_l0
    assert panel.plots["weight_hr"] in panel.plot_items()
    np.testing.assert_array_equal(panel.images["weight_hr"].image, w_hr.detach().numpy())
    assert panel.images["weight_hh"].image.shape == (4 * 5, 2)  # W_hh reads the projected h_{t-1}
    assert panel.value_text_at("weight_hr", 1, 4).startswith(f"W_hr[1, 4] = {float(w_hr[1, 4]):.3f}")
    session.select_neuron(4)
    assert panel.highlights["weight_hr"].rect().left() == pytest.approx(3.5)  # column 4 reads neuron 4
    assert session.set_config(session.config.replace(proj_size=0))
    assert panel.plots["weight_hr"] not in panel.plot_items() and panel.plots["weight_hr"].scene() is None


def test_plain_rnn_weights_have_no_gate_marks(qtbot):
    session, panel = weights_panel(qtbot, preset_config("text-woaini"))
    assert all(not items for items in panel._block_items.values())
    assert panel.plots["weight_ih"].getAxis("left")._tickLevels is None  # plain neuron numbers
    assert panel.value_text_at("weight_ih", 1, 2).startswith("W_ih[1, 2] = ")
    assert session.set_config(session.config.replace(cell="gru"))
    assert panel._block_items["weight_ih"] and panel.plots["weight_ih"].getAxis("left")._tickLevels
    assert session.set_config(session.config.replace(cell="rnn"))
    assert all(not items for items in panel._block_items.values())  # the marks go with the gates
    assert panel.plots["weight_ih"].getAxis("left")._tickLevels is None
    assert panel.plots["weight_ih"].getAxis("left").labelText == "neuron i"
