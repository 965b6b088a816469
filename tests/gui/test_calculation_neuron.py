"""The Calculation panel is readable at every hidden size: the selected neuron's arithmetic in
real numbers, and every element of x_t, h_{t-1} and the terms in a table (issue 12.1)."""

import re

import pytest
import torch
from PySide6.QtCore import QPointF, Qt
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import param_name
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.calculation import CalculationPanel
from rnn_stepper.gui.session import StepSize

from tests.gui.conftest import open_window

PRINTED = 0.6e-4  # four decimals


@pytest.fixture
def panel(qtbot, session):
    widget = CalculationPanel(session)
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    return widget


def number_after(text: str, label: str) -> float:
    match = re.search(re.escape(label) + r" = (−?\d+\.\d+)(?!\s*×)", text)
    assert match, f"{label!r} not in {text!r}"
    return float(match.group(1).replace("−", "-"))


def assert_arithmetic_matches_record(panel, session, neuron, b=0):
    record = session.stepper.current
    rnn = session.simulation.model.rnn
    text = panel.neuron_text()
    assert f"neuron {neuron}" in text
    w_ih = getattr(rnn, param_name("weight_ih", record.layer, record.direction))[neuron]
    w_hh = getattr(rnn, param_name("weight_hh", record.layer, record.direction))[neuron]
    b_ih = getattr(rnn, param_name("bias_ih", record.layer, record.direction))[neuron]
    b_hh = getattr(rnn, param_name("bias_hh", record.layer, record.direction))[neuron]
    previous = "ht+1" if record.direction else "ht−1"
    assert number_after(text, f"Wih[{neuron},:]·xt") == pytest.approx(
        float(w_ih @ record.x_t[b]), abs=PRINTED
    )
    assert number_after(text, f"Whh[{neuron},:]·{previous}") == pytest.approx(
        float(w_hh @ record.h_prev[b]), abs=PRINTED
    )
    assert number_after(text, f"bih[{neuron}]") == pytest.approx(float(b_ih), abs=PRINTED)
    assert number_after(text, f"bhh[{neuron}]") == pytest.approx(float(b_hh), abs=PRINTED)
    pre = float(record.pre_activation[b, neuron])
    shown_sum = re.search(r"sum = .* = (−?\d+\.\d+)", text)
    assert float(shown_sum.group(1).replace("−", "-")) == pytest.approx(pre, abs=PRINTED)
    last = re.search(session.config.nonlinearity + r"\((−?\d+\.\d+)\) = (−?\d+\.\d+)", text)
    assert float(last.group(1).replace("−", "-")) == pytest.approx(pre, abs=PRINTED)
    h = float(record.reference_h_t[b, neuron])  # nn.RNN's own value
    assert float(last.group(2).replace("−", "-")) == pytest.approx(h, abs=PRINTED)


@pytest.mark.parametrize(
    "config",
    [
        preset_config("text-woaini"),
        preset_config("tutorial-single"),
        RNNConfig(input_size=16, hidden_size=1024, seq_len=3),
    ],
)
def test_the_selected_neuron_arithmetic_and_every_value_at_small_and_large_sizes(panel, session, config):
    assert session.set_config(config)
    H = config.hidden_size
    session.step()
    neuron = H - 1
    session.select_neuron(neuron)
    assert_arithmetic_matches_record(panel, session, neuron)
    table = panel.table_values()
    record = session.stepper.current
    # every element of the input vectors and of each term is in the table, as printed numbers
    assert len(table["x_t"]) == config.input_size and len(table["h_prev"]) == H
    torch.testing.assert_close(torch.tensor(table["x_t"]), record.x_t[0].float(), atol=PRINTED, rtol=0)
    torch.testing.assert_close(torch.tensor(table["h_prev"]), record.h_prev[0].float(), atol=PRINTED, rtol=0)
    for name in ("input_term", "recurrent_term", "pre_activation", "h_t", "reference_h_t"):
        torch.testing.assert_close(
            torch.tensor(table[name]), getattr(record, name)[0].float(), atol=PRINTED, rtol=0, msg=name
        )
    assert panel._table_model.selected_row == neuron
    # the selected row is scrolled into sight
    view = panel._table
    assert view.rowAt(view.visualRect(panel._table_model.index(neuron, 0)).center().y()) == neuron


def test_the_first_cell_says_h0_is_zeros_and_names_the_largest_products(panel, session):
    session.step()
    text = panel.neuron_text()
    assert "h0 = zeros, so every product is 0" in text
    assert "128 products; largest: Wih[0," in text and "the other 125:" in text
    session.step()  # t = 1 reads h_{t-1} = h_0 of the first cell, not zeros
    assert "h0 = zeros" not in panel.neuron_text()
    assert_arithmetic_matches_record(panel, session, 0)


def test_the_reverse_direction_reads_h_t_plus_1(panel, session):
    assert session.set_config(RNNConfig(input_size=3, hidden_size=5, bidirectional=True, seq_len=3))
    session.seek(5)  # the reverse sweep's second cell
    record = session.stepper.current
    assert record.direction == 1
    assert "Whh[0,:]·ht+1" in panel.neuron_text()
    assert_arithmetic_matches_record(panel, session, 0)


def test_sub_operations_reveal_the_arithmetic_line_by_line(panel, session):
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    text = panel.neuron_text()
    assert "Wih[0,:]·xt =" in text and "Whh[0,:]" not in text.split("\n", 1)[1] and "sum =" not in text
    assert "reference_h_t" not in panel.table_values() and "pre_activation" not in panel.table_values()
    session.step()
    session.step()
    assert "sum =" in panel.neuron_text() and "tanh(" not in panel.neuron_text().split("\n", 1)[1]


def test_clicking_a_table_row_selects_that_neuron(panel, session, qtbot):
    session.step()
    view = panel._table
    panel.show()
    qtbot.waitExposed(panel)
    rect = view.visualRect(panel._table_model.index(2, 3))
    with qtbot.waitSignal(session.neuronSelected) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [2]
    assert "neuron 2" in panel.neuron_text()
    # rows past the hidden size (x_t is longer: 128 values) are not neurons
    panel._on_table_clicked(panel._table_model.index(100, 0))
    assert session.selected_neuron == 2


def test_choosing_a_neuron_in_weights_hidden_or_network_selects_it_here(qtbot, settings_file):
    window = open_window(qtbot)
    session, calculation = window.session, window.panels["calculation"]
    session.seek(2)
    weights = window.panels["weights"]
    from tests.gui.test_weights_panel import scene_pos

    pos = weights.graphics.mapFromScene(scene_pos(weights, "weight_hh", 3, 1))
    qtbot.mouseClick(weights.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert session.selected_neuron == 3 and "neuron 3" in calculation.neuron_text()
    hidden = window.panels["hidden"]
    pos = hidden.graphics.mapFromScene(hidden.heat_plot.vb.mapViewToScene(QPointF(0, 1)))
    qtbot.mouseClick(hidden.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert session.selected_neuron == 1 and "neuron 1" in calculation.neuron_text()
    network = window.panels["network"]
    rect = network.cell_rect(0, 0, 0)
    strip_x = rect.left() + rect.width() * 0.78  # the h_t strip's last quarter: neuron 3 of 4
    qtbot.mouseClick(
        network.canvas, Qt.MouseButton.LeftButton, pos=QPointF(strip_x, rect.center().y()).toPoint()
    )
    assert session.stepper.position == 1
    assert session.selected_neuron == 3 and "neuron 3" in calculation.neuron_text()
    assert_arithmetic_matches_record(calculation, session, 3)


def test_the_embedding_lookup_is_shown_and_carried_into_x_t(panel, session):
    """Issue 12.2: the table as a heatmap, the current token's row outlined, that row = x_t."""
    views, embedding = panel._views, panel._embedding
    assert views.isTabVisible(views.indexOf(embedding))
    table = session.simulation.model.embedding.weight.detach()
    assert embedding.image.image.shape == tuple(table.shape)  # vocabulary x input_size
    torch.testing.assert_close(torch.from_numpy(embedding.image.image), table, atol=0, rtol=0)
    session.step()
    session.step()  # t = 1: 爱, token id 1
    assert embedding.row == 1 and embedding.highlight.isVisible()
    assert embedding.highlight.rect().top() == pytest.approx(0.5)
    assert "row 1 of the embedding table" in embedding.note.text() and "爱" in embedding.note.text()
    torch.testing.assert_close(torch.tensor(panel.table_values()["x_t"]), table[1], atol=PRINTED, rtol=0)
    assert embedding.value_text_at(1, 5) == f"embedding[1 '爱', 5] = {table[1, 5].item():.4f}"
    # random-tensor input has no embedding: no tab
    assert session.set_config(preset_config("tutorial-single"))
    assert not views.isTabVisible(views.indexOf(embedding))


def test_order_matters_compares_a_reordering_in_one_click(panel, session):
    """Issue 12.3: the same model on a reordered text, where hidden states and predictions part."""
    views, order = panel._views, panel._order
    assert views.isTabVisible(views.indexOf(order))
    assert order.edit.text() == "你爱我"  # the reversal, compared at once
    comparison = order.comparison
    assert comparison is not None and comparison.first_difference == 0
    assert "part ways at t = 0" in order.result.text()
    order.edit.setText("我你爱")
    order.compare_button.click()
    assert order.comparison.first_difference == 1
    assert "part ways at t = 1" in order.result.text()
    order.edit.setText("我爱")  # not a reordering: refused, said why, nothing else changes
    order.compare_button.click()
    assert order.comparison is None and "as many tokens" in order.result.text()
    assert session.config.text == "我爱你"
    order.reverse_button.click()
    assert order.comparison.text_b == "你爱我"
    assert session.set_config(preset_config("tutorial-single"))
    assert not views.isTabVisible(views.indexOf(order))


def test_the_selected_row_number_is_bold_and_the_header_is_told_only_when_it_moves(panel, session):
    model = panel._table_model
    told = []
    model.headerDataChanged.connect(lambda orientation, first, last: told.append((first, last)))
    session.step()
    session.step()
    assert told == []  # a step changes the numbers, not the row numbers or which one is bold
    session.select_neuron(2)
    assert sorted(told) == [(0, 0), (2, 2)]  # the old bold row and the new one

    def bold(row):
        font = model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
        return font is not None and font.bold()

    assert bold(2) and not bold(0)
