"""Issue 15a: the configuration, network and weights views of LSTM and GRU models, driven through a
real Session (and the real window) and checked against the nn.LSTM / nn.GRU module's own
parameters and an independent run of the module."""

import warnings

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


@pytest.fixture
def keep(qtbot):
    """Panels made in a test, kept alive to the end and then destroyed, panel before session: a
    panel and its session form a reference cycle that the garbage collector could otherwise
    break at any later moment, clearing the session under a panel still receiving paint events."""
    import shiboken6

    kept = []
    yield kept.append
    for widget, _session in reversed(kept):
        if shiboken6.isValid(widget):
            widget.hide()
            shiboken6.delete(widget)
    kept.clear()


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


def weights_panel(qtbot, keep, config):
    session = Session(config=config)
    panel = WeightsPanel(session)
    keep((panel, session))
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return session, panel


def scene_pos(panel, kind, row, col):
    return panel.plots[kind].vb.mapViewToScene(QPointF(col, row))


@pytest.mark.parametrize("cell, gates", [("lstm", LSTM_GATES), ("gru", GRU_GATES)])
def test_gate_blocks_are_the_modules_rows_and_are_named(qtbot, keep, cell, gates):
    H = 5
    session, panel = weights_panel(qtbot, keep, random_config(cell=cell, num_layers=2, bidirectional=True))
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
        [((k + 0.5) * H - 0.5, f"W_i{g}") for k, g in enumerate(gates)]
    ]
    assert [name for _, name in panel.plots["weight_hh"].getAxis("left")._tickLevels[0]] == [
        f"W_h{g}" for g in gates
    ]
    lines = [item.value() for item in panel._block_items["weight_ih"] if hasattr(item, "value")]
    assert lines == [k * H - 0.5 for k in range(1, len(gates))]
    # Hover names the gate and the neuron; the value is the module's own.
    w_ih = rnn.weight_ih_l1_reverse
    second = gates[1]
    panel._on_mouse_moved(scene_pos(panel, "weight_ih", H + 3, 1))
    name = {"f": "forget gate", "z": "update gate"}[second]
    assert panel.hover_label.text() == f"W_i{second}[3, 1] = {float(w_ih[H + 3, 1]):.3f} ({name}, neuron 3)"
    b_hh = rnn.bias_hh_l1_reverse
    assert panel.value_text_at("bias_hh", 2 * H + 4).startswith(
        f"b_h{gates[2]}[4] = {float(b_hh[2 * H + 4]):.3f} ("
    )


def test_clicking_a_gate_row_selects_its_neuron_in_every_block(qtbot, keep):
    H = 5
    session, panel = weights_panel(qtbot, keep, random_config(cell="lstm"))
    view_pos = panel.graphics.mapFromScene(scene_pos(panel, "weight_hh", 2 * H + 3, 1))  # W_hg[3, 1]
    with qtbot.waitSignal(session.neuronSelected) as blocker:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert blocker.args == [3]
    tops = sorted(
        [panel.highlights["weight_hh"].rect().top()]
        + [item.rect().top() for item in panel._block_items["weight_hh"] if hasattr(item, "rect")]
    )
    assert tops == pytest.approx([k * H + 3 - 0.5 for k in range(4)])


def test_projection_weight_is_shown_only_with_proj_size(qtbot, keep):
    session, panel = weights_panel(qtbot, keep, random_config(cell="lstm", proj_size=2))
    w_hr = session.simulation.model.rnn.weight_hr_l0
    assert panel.plots["weight_hr"] in panel.plot_items()
    np.testing.assert_array_equal(panel.images["weight_hr"].image, w_hr.detach().numpy())
    assert panel.images["weight_hh"].image.shape == (4 * 5, 2)  # W_hh reads the projected h_{t-1}
    assert panel.value_text_at("weight_hr", 1, 4).startswith(f"W_hr[1, 4] = {float(w_hr[1, 4]):.3f}")
    session.select_neuron(4)
    assert panel.highlights["weight_hr"].rect().left() == pytest.approx(3.5)  # column 4 reads neuron 4
    assert session.set_config(session.config.replace(proj_size=0))
    assert panel.plots["weight_hr"] not in panel.plot_items() and panel.plots["weight_hr"].scene() is None


def test_plain_rnn_weights_have_no_gate_marks(qtbot, keep):
    session, panel = weights_panel(qtbot, keep, preset_config("text-woaini"))
    assert all(not items for items in panel._block_items.values())
    assert panel.plots["weight_ih"].getAxis("left")._tickLevels is None  # plain neuron numbers
    assert panel.value_text_at("weight_ih", 1, 2).startswith("W_ih[1, 2] = ")
    assert session.set_config(session.config.replace(cell="gru"))
    assert panel._block_items["weight_ih"] and panel.plots["weight_ih"].getAxis("left")._tickLevels
    assert session.set_config(session.config.replace(cell="rnn"))
    assert all(not items for items in panel._block_items.values())  # the marks go with the gates
    assert panel.plots["weight_ih"].getAxis("left")._tickLevels is None
    assert panel.plots["weight_ih"].getAxis("left").labelText == "neuron i"


# ---- network panel -----------------------------------------------------------------------------------


def network_panel(qtbot, keep, config):
    from rnn_stepper.gui.panels.network import NetworkPanel

    session = Session(config=config)
    panel = NetworkPanel(session)
    keep((panel, session))
    panel.resize(1100, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return session, panel


def module_states(session, t):
    """nn.LSTM / nn.GRU itself, run on the first t+1 inputs: (h_n, c_n or None) after time step t
    of every layer's forward direction, independent of the stepper."""
    sim = session.simulation
    rnn = sim.model.rnn
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # oneDNN's note on projections
        if isinstance(rnn, torch.nn.LSTM):
            _, (h_n, c_n) = rnn(sim.inputs[: t + 1], (sim.h0, session.stepper.c0))
            return h_n, c_n
        _, h_n = rnn(sim.inputs[: t + 1], sim.h0)
        return h_n, None


def reddish(color) -> bool:
    return color.red() > color.blue() + 8


def bluish(color) -> bool:
    return color.blue() > color.red() + 8


def test_lstm_draws_the_cell_state_track_with_the_modules_values(qtbot, keep):
    session, panel = network_panel(
        qtbot, keep, random_config(cell="lstm", num_layers=2, hidden_size=6, seq_len=5)
    )
    session.seek(len(session.stepper) - 1)  # all but the last cell
    assert panel.c_legend.isVisible()
    t, b = 2, session.view().batch_index
    _, c_n = module_states(session, t)
    for layer in range(2):
        colors = panel.strip_colors(layer, 0, t, track="c")
        c = c_n[layer, b]
        assert len(colors) == 6  # one bin per neuron: c_t has hidden_size numbers
        for value, color in zip(c.tolist(), colors):
            if value > 0.05:
                assert reddish(color), (value, color.name())
            elif value < -0.05:
                assert bluish(color), (value, color.name())
    # What is on screen: the c strip's pixels are those colours, above the h strip.
    image = panel.canvas.grab().toImage()
    h_rect, c_rect = panel.track_rects(0, 0, t)
    assert c_rect.bottom() < h_rect.top()
    first_bin = c_rect.left() + c_rect.width() // 12
    drawn = image.pixelColor(first_bin, c_rect.center().y())
    expected = panel.strip_colors(0, 0, t, track="c")[0]
    assert (
        max(
            abs(drawn.red() - expected.red()),
            abs(drawn.green() - expected.green()),
            abs(drawn.blue() - expected.blue()),
        )
        <= 3
    )
    assert panel.canvas.last_paint_error is None


def test_lstm_hover_shows_h_and_c_against_nn_lstm(qtbot, keep):
    session, panel = network_panel(qtbot, keep, random_config(cell="lstm", proj_size=2, hidden_size=6))
    session.seek(3)
    h_n, c_n = module_states(session, 2)
    text = panel.cell_tooltip(0, 0, 2)
    b = session.view().batch_index
    assert "(H_out = proj_size = 2)" in text and "(H = 6)" in text
    assert text.count("nn.LSTM: ") == 2 and "nn.RNN" not in text
    c_line = next(line for line in text.split("<br>") if line.startswith("c_t: "))
    shown = [float(v) for v in c_line.split("[")[1].split("]")[0].split(", ")]
    np.testing.assert_allclose(shown, c_n[0, b].tolist(), atol=1e-4)
    h_line = next(line for line in text.split("<br>") if line.startswith("h_t: "))
    assert len(h_line.split("[")[1].split("]")[0].split(", ")) == 2  # h_t: proj_size numbers
    session.select_neuron(5)  # a neuron of c_t (6 numbers) beyond h_t's 2
    text = panel.cell_tooltip(0, 0, 2)
    assert f"selected neuron 5: c = {float(c_n[0, b, 5]):+.4f}" in text
    assert "selected neuron 1: h = " in text
    assert "✓ matches" in text
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None


def test_a_wrong_cell_state_is_marked_like_a_wrong_h(qtbot, keep, settings_file):
    from tests.gui.conftest import open_window
    from tests.gui.test_mismatch_marks import marked

    window = open_window(qtbot, random_config(cell="lstm", batch_size=1, seq_len=6))
    keep((window, window.session))
    session, network = window.session, window.panels["network"]
    session.stepper.seek(2)  # the engine computes t = 1 ...
    session.stepper.cell_state[1, 0, 0, 2] += 0.5  # ... with a wrong c_t only
    session.seek(4)
    assert session.stepper.ever_mismatched[:, 0].tolist()[:4] == [False, True, True, True]
    session.seek(2)
    assert marked(network, 0, 0, 1) and not marked(network, 0, 0, 0)


@pytest.mark.parametrize("cell, first_lit", [("lstm", {"i", "f", "g", "o"}), ("gru", {"r"})])
def test_rolled_view_lights_the_gates_of_the_current_sub_operation(qtbot, keep, cell, first_lit):
    from rnn_stepper.engine.cell import SUB_OPERATIONS
    from rnn_stepper.gui.session import StepSize

    session, panel = network_panel(qtbot, keep, random_config(cell=cell, bidirectional=True, dtype="float64"))
    panel.set_rolled(True)
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    assert panel.lit_parts() == first_lit
    lit = [panel.lit_parts()]
    while not session.view().current_complete:
        session.step()
        lit.append(panel.lit_parts())
    assert lit[-1] == set()  # complete: the cell's outline says it
    stages = SUB_OPERATIONS[cell]
    gate_names = {"c_t", "h_t", "i", "f", "g", "o", "r", "z", "n"}
    for shown, stage in zip(lit[1:-1], stages[1:]):
        assert shown == set(stage.parts) & gate_names
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None


@pytest.mark.parametrize(
    "changes",
    [
        dict(cell="lstm", num_layers=2, bidirectional=True, proj_size=3, dtype="float64"),
        dict(cell="gru", num_layers=3, bidirectional=True, batch_size=3),
    ],
)
def test_gated_networks_paint_in_every_view(qtbot, keep, changes):
    session, panel = network_panel(qtbot, keep, random_config(**changes))
    for position in (0, 5, len(session.stepper)):
        session.seek(position)
        for rolled in (False, True):
            panel.set_rolled(rolled)
            panel.canvas.grab()
            assert panel.canvas.last_paint_error is None, (position, rolled)
    panel.set_rolled(False)
    panel.fit_all()  # zoomed out to strips: c_t's bins stacked above h_t's
    panel.set_pitch(8.0)
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None
    assert panel.c_legend.isVisible() == (changes["cell"] == "lstm")
    assert not panel.render_image(800).isNull()


def test_plain_rnn_network_has_no_cell_state_track(qtbot, keep):
    session, panel = network_panel(qtbot, keep, preset_config("text-woaini"))
    session.seek(2)
    h_rect, c_rect = panel.track_rects(0, 0, 1)
    assert c_rect is None and not panel.c_legend.isVisible()
    assert "nn.RNN: " in panel.cell_tooltip(0, 0, 1) and "c_t" not in panel.cell_tooltip(0, 0, 1)
    assert panel.lit_parts() == set()


def test_clicking_the_c_strip_of_a_projected_lstm_picks_a_neuron_of_c(qtbot, keep):
    session, panel = network_panel(qtbot, keep, random_config(cell="lstm", proj_size=2, hidden_size=6))
    session.seek(2)
    h_rect, c_rect = panel.track_rects(0, 0, 0)
    x = c_rect.left() + c_rect.width() * 5 // 6 + 2  # the sixth of c_t's 6 bins
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPointF(x, c_rect.center().y()).toPoint())
    assert session.selected_neuron == 5 and session.stepper.position == 1
    h_rect, _ = panel.track_rects(0, 0, 0)
    x = h_rect.left() + h_rect.width() * 3 // 4  # the second of h_t's 2 numbers
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPointF(x, h_rect.center().y()).toPoint())
    assert session.selected_neuron == 1


@pytest.mark.parametrize(
    "kind, row, col, block", [("weight_ih", 5 + 3, 1, " (W_if[3, 1])"), ("weight_hr", 1, 4, "")]
)
def test_double_clicking_a_gate_weight_edits_the_lstm_and_undo_restores_it(
    qtbot, keep, settings_file, monkeypatch, kind, row, col, block
):
    from PySide6.QtWidgets import QInputDialog

    from tests.gui.conftest import open_window

    window = open_window(qtbot, random_config(cell="lstm", proj_size=2, batch_size=1))
    keep((window, window.session))
    session, weights = window.session, window.panels["weights"]
    session.run_to_end()
    asked = []

    def answer(parent, title, label, value, *args):
        asked.append(label)
        return 0.75, True

    monkeypatch.setattr(QInputDialog, "getDouble", answer)
    view_pos = weights.graphics.mapFromScene(weights.plots[kind].vb.mapViewToScene(QPointF(col, row)))
    viewport = weights.graphics.viewport()
    old = float(getattr(session.simulation.model.rnn, f"{kind}_l0")[row, col])
    with qtbot.waitSignal(session.weightsChanged):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view_pos)
    assert asked == [f"New value of {kind}_l0[{row}, {col}]{block}:"]  # the gate block's own name too
    rnn = session.simulation.model.rnn
    assert float(getattr(rnn, f"{kind}_l0")[row, col]) == 0.75
    assert weights.images[kind].image[row, col] == 0.75  # redrawn
    # Every cell recomputed with the edited weight agrees with nn.LSTM run on the same inputs.
    stepper = session.stepper
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        output, (h_n, c_n) = rnn(session.simulation.inputs, (session.simulation.h0, stepper.c0))
    torch.testing.assert_close(stepper.c_n(), c_n, atol=1e-5, rtol=0)
    torch.testing.assert_close(stepper.h_n(), h_n, atol=1e-5, rtol=0)
    assert window.learn_actions.undo()
    assert float(getattr(session.simulation.model.rnn, f"{kind}_l0")[row, col]) == old
    assert weights.images[kind].image[row, col] == pytest.approx(old)


def test_c_colour_scale_is_the_largest_c_so_far_and_shrinks_back(qtbot, keep):
    """c_t is not squashed: with forget and input gates held open and g near 1, c grows by about
    1 per step, and the colours span ± the largest |c| computed so far (nn.LSTM's own values)."""
    from rnn_stepper.engine.simulation import Simulation

    config = random_config(cell="lstm", seq_len=6, batch_size=1)
    model = Simulation.build(config).model
    H = config.hidden_size
    with torch.no_grad():
        model.rnn.bias_ih_l0[: 3 * H] = 8.0  # i, f, g blocks: sigmoid -> 1, tanh -> 1
    session, panel = network_panel(qtbot, keep, config)
    assert session.set_config(config, model)
    assert panel.c_colour_scale() == 1.0  # nothing computed: ±1
    session.seek(6)
    largest = max(float(module_states(session, t)[1].abs().max()) for t in range(6))
    assert largest > 4
    assert panel.c_colour_scale() == pytest.approx(largest, rel=1e-6)
    session.seek(2)
    assert panel.c_colour_scale() == pytest.approx(float(module_states(session, 1)[1].abs().max()), rel=1e-6)
    colors = panel.strip_colors(0, 0, 1, track="c")
    assert all(reddish(c) for c in colors)
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None


def test_the_current_cells_c_strip_appears_at_its_cell_state_stage(qtbot, keep):
    """Sub-operation stepping: the current cell's c_t strip stays empty through the
    pre-activations and the gates, and shows c_t from the "cell state" stage on."""
    from rnn_stepper.gui.session import StepSize

    session, panel = network_panel(qtbot, keep, random_config(cell="lstm", batch_size=1))
    session.seek(2)
    session.set_step_size(StepSize.SUB_OPERATION)
    _, c_rect = panel.track_rects(0, 0, 2)
    bins = [(c_rect.left() + c_rect.width() * (2 * k + 1) // 10, c_rect.center().y()) for k in range(5)]
    drawn = []
    for _ in range(4):  # pre-activations, gates, cell state, hidden state (complete)
        session.step()
        image = panel.canvas.grab().toImage()
        drawn.append([image.pixelColor(x, y).name() for x, y in bins])
    assert session.view().current_complete and panel.canvas.last_paint_error is None
    expected = [color.name() for color in panel.strip_colors(0, 0, 2, track="c")]
    assert drawn[2] == drawn[3] == expected  # shown from the cell-state stage on
    assert drawn[0] == drawn[1] != expected  # not before
