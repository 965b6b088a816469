"""WeightsPanel against a real Session: the heatmaps show the model's own parameters."""

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import QPointF, Qt
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.weights import KINDS, NO_BIAS_TEXT, WeightsPanel


@pytest.fixture
def panel(qtbot, session):
    p = WeightsPanel(session)
    qtbot.addWidget(p)
    p.resize(800, 500)
    p.show()
    qtbot.waitExposed(p)
    return p


def as_image(tensor):
    data = tensor.detach().numpy()
    return data[:, None] if data.ndim == 1 else data


def scene_pos(panel, kind, row, col):
    """Where the centre of cell (row, col) of `kind` is drawn, in scene coordinates."""
    return panel.plots[kind].vb.mapViewToScene(QPointF(col, row))


def test_heatmaps_equal_the_parameters(panel, session):
    model = session.simulation.model
    for kind in KINDS:
        expected = as_image(model.parameter(kind, 0, 0))
        image = panel.images[kind].image
        assert image.dtype == np.float32 and image.flags["C_CONTIGUOUS"]
        np.testing.assert_array_equal(image, expected)
    assert panel.images["weight_ih"].image.shape == (4, 128)  # row i = neuron, column j = input


def test_levels_are_symmetric_and_shared(panel, session):
    model = session.simulation.model
    m = max(float(model.parameter(kind, 0, 0).abs().max()) for kind in KINDS)
    for kind in KINDS:
        low, high = panel.images[kind].getLevels()
        assert low == pytest.approx(-m) and high == pytest.approx(m)
    assert tuple(panel.colorbar.levels()) == pytest.approx((-m, m))


def test_row_zero_is_on_top_and_axes_are_labelled(panel):
    plot = panel.plots["weight_hh"]
    assert plot.vb.yInverted()
    assert plot.getAxis("left").labelText == "neuron i"
    assert panel.plots["weight_ih"].getAxis("bottom").labelText == "input j"


def test_hover_text(panel, session):
    w_hh = session.simulation.model.parameter("weight_hh", 0, 0)
    b_ih = session.simulation.model.parameter("bias_ih", 0, 0)
    assert panel.value_text_at("weight_hh", 2, 3) == f"W_hh[2, 3] = {float(w_hh[2, 3]):.3f}"
    assert panel.value_text_at("bias_ih", 1) == f"b_ih[1] = {float(b_ih[1]):.3f}"
    assert panel.value_text_at("weight_hh", 4, 0) is None  # outside the 4 x 4 matrix

    # The real hover path: a scene position over W_hh's cell (2, 3) lands in the label.
    panel._on_mouse_moved(scene_pos(panel, "weight_hh", 2, 3))
    assert panel.hover_label.text() == f"W_hh[2, 3] = {float(w_hh[2, 3]):.3f}"
    assert panel.graphics.toolTip() == panel.hover_label.text()
    assert panel.cell_at(scene_pos(panel, "weight_ih", 1, 100)) == ("weight_ih", 1, 100)


def test_hover_format_for_a_known_value(panel, session):
    with torch.no_grad():
        session.simulation.model.parameter("weight_hh", 0, 0)[2, 3] = -0.41234
    assert panel.value_text_at("weight_hh", 2, 3) == "W_hh[2, 3] = -0.412"


def test_selected_row_is_outlined_and_follows_select_neuron(panel, session):
    def top_of(kind):
        return panel.highlights[kind].rect().top()

    assert all(top_of(kind) == pytest.approx(-0.5) for kind in KINDS)  # neuron 0
    session.select_neuron(3)
    for kind in KINDS:
        rect = panel.highlights[kind].rect()
        assert rect.top() == pytest.approx(2.5) and rect.height() == pytest.approx(1)
    assert panel.highlights["weight_ih"].rect().width() == pytest.approx(128)
    assert panel.highlights["bias_hh"].rect().width() == pytest.approx(1)


def test_clicking_a_row_selects_that_neuron(panel, session, qtbot):
    view_pos = panel.graphics.mapFromScene(scene_pos(panel, "weight_hh", 2, 1))
    with qtbot.waitSignal(session.neuronSelected) as blocker:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert blocker.args == [2]
    assert session.selected_neuron == 2
    assert panel.highlights["weight_ih"].rect().top() == pytest.approx(1.5)


def test_stepping_never_sets_an_image(panel, session, monkeypatch):
    calls = []
    original = pg.ImageItem.setImage
    monkeypatch.setattr(
        pg.ImageItem, "setImage", lambda self, *a, **k: (calls.append(self), original(self, *a, **k))[1]
    )
    for _ in range(3):
        session.step()
    session.back()
    session.select_neuron(1)
    assert session.stepper.position == 2
    assert calls == []
    session.set_config(session.config.replace(seed=7))  # a new simulation does redraw
    assert len(calls) == 4
    np.testing.assert_array_equal(
        panel.images["weight_hh"].image, as_image(session.simulation.model.parameter("weight_hh", 0, 0))
    )


def test_layer_and_direction_choice(panel, session):
    config = preset_config("text-woaini").replace(num_layers=2, bidirectional=True, hidden_size=5)
    assert session.set_config(config)
    assert panel.layer_combo.count() == 2 and panel.direction_combo.count() == 2
    assert panel.layer_combo.itemText(1) == "layer 1"
    assert panel.direction_combo.itemText(1) == "reverse"
    panel.layer_combo.setCurrentIndex(1)
    panel.direction_combo.setCurrentIndex(1)
    model = session.simulation.model
    for kind in KINDS:
        np.testing.assert_array_equal(panel.images[kind].image, as_image(model.parameter(kind, 1, 1)))
    assert panel.images["weight_ih"].image.shape == (5, 10)  # layer 1 reads both directions: 2H
    w = model.parameter("weight_ih", 1, 1)
    assert panel.value_text_at("weight_ih", 4, 9) == f"W_ih[4, 9] = {float(w[4, 9]):.3f}"


def test_without_bias_the_biases_are_shown_absent(panel, session):
    assert session.set_config(session.config.replace(bias=False))
    assert panel.no_bias_label.text == NO_BIAS_TEXT
    assert panel.no_bias_label.scene() is panel.graphics.scene()
    assert panel.plots["bias_ih"].scene() is None
    assert panel.plot_items() == [panel.plots["weight_ih"], panel.plots["weight_hh"]]
    assert panel.value_text_at("bias_ih", 0) is None
    assert panel.cell_at(scene_pos(panel, "weight_hh", 1, 1)) == ("weight_hh", 1, 1)
    # and back: the bias plots return with the new model's values
    assert session.set_config(session.config.replace(bias=True))
    assert panel.plots["bias_ih"].scene() is panel.graphics.scene()
    assert panel.no_bias_label.scene() is None
    np.testing.assert_array_equal(
        panel.images["bias_ih"].image, as_image(session.simulation.model.parameter("bias_ih", 0, 0))
    )


def test_large_model(panel, session):
    config = preset_config("text-woaini").replace(text="", input_size=1024, hidden_size=1024, seq_len=2)
    assert session.set_config(config)
    image = panel.images["weight_hh"].image
    assert image.shape == (1024, 1024) and image.dtype == np.float32 and image.flags["C_CONTIGUOUS"]
    np.testing.assert_array_equal(image, session.simulation.model.parameter("weight_hh", 0, 0).numpy())
    session.select_neuron(1000)
    assert panel.highlights["weight_hh"].rect().top() == pytest.approx(999.5)
    panel.grab()  # renders without error


def test_export_hooks(panel):
    assert panel.export_widget() is panel.graphics
    assert all(isinstance(p, pg.PlotItem) for p in panel.plot_items())
    assert len(panel.plot_items()) == 4
    assert WeightsPanel.OBJECT_NAME == "weightsPanel" and WeightsPanel.TITLE == "Weights"
