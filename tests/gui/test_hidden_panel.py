"""HiddenStatePanel against a real Session: lines and heatmap show the stepper's own h_t."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.hidden import MAX_LINES, HiddenStatePanel, parse_neuron_list
from rnn_stepper.gui.session import StepSize


@pytest.fixture
def panel(qtbot, session):
    p = HiddenStatePanel(session)
    qtbot.addWidget(p)
    p.resize(800, 500)
    p.show()
    qtbot.waitExposed(p)
    return p


def hidden(session, t, neuron, row=0, batch=0):
    return float(session.stepper.hidden[t, row, batch, neuron])


def line_data(line):
    x, y = line.getData()
    return (np.array([]), np.array([])) if x is None else (np.asarray(x), np.asarray(y))


def test_nothing_drawn_before_the_first_step(panel):
    assert [line_data(line)[0].size for line in panel.lines[:4]] == [0, 0, 0, 0]
    assert not any(cursor.isVisible() for cursor in panel.cursors)
    assert panel.masks[0].isVisible() and panel.masks[0].rect().width() == pytest.approx(3)


def test_lines_equal_the_stepper_for_computed_cells(panel, session):
    session.step()
    session.step()
    assert panel.neurons == [0, 1, 2, 3]
    for neuron in range(4):
        x, y = line_data(panel.lines[neuron])
        assert list(x) == [0, 1]  # t = 2 is not computed: the line stops at t = 1
        np.testing.assert_allclose(y, [hidden(session, t, neuron) for t in (0, 1)], rtol=0, atol=0)


def test_heatmap_column_equals_h_t_and_the_rest_is_masked(panel, session):
    session.step()
    session.step()
    image = panel.heat_image.image  # buffer [T, H]: column t of the picture
    assert image.shape == (3, 4) and image.dtype == np.float32
    np.testing.assert_array_equal(image[1], session.stepper.hidden[1, 0, 0].numpy())
    np.testing.assert_array_equal(image[1], session.view().record.h_t[0].numpy())
    assert panel.heat_image.getLevels() == pytest.approx((-1, 1))  # tanh
    left, right = panel.masks
    assert not left.isVisible()
    assert right.isVisible() and right.rect().left() == pytest.approx(1.5)
    assert right.rect().width() == pytest.approx(1)


def test_cursor_follows_the_current_t(panel, session):
    session.step()
    assert all(c.isVisible() and c.value() == 0 for c in panel.cursors)
    session.step()
    session.step()
    assert [c.value() for c in panel.cursors] == [2, 2]
    session.reset()
    assert not any(c.isVisible() for c in panel.cursors)


def test_back_removes_the_last_point(panel, session):
    for _ in range(3):
        session.step()
    assert list(line_data(panel.lines[2])[0]) == [0, 1, 2]
    session.back()
    x, y = line_data(panel.lines[2])
    assert list(x) == [0, 1]
    np.testing.assert_array_equal(y, [hidden(session, 0, 2), hidden(session, 1, 2)])
    assert panel.masks[1].isVisible() and panel.masks[1].rect().left() == pytest.approx(1.5)
    assert not panel.computed[2]


def test_hover_text(panel, session):
    session.step()
    assert panel.value_text_at(3, 0) == f"h_t[3] at t=0 = {hidden(session, 0, 3):.3f}"
    assert panel.value_text_at(3, 2) == "h_t[3] at t=2: not computed yet"
    assert panel.value_text_at(4, 0) is None
    panel.buffer[0, 3] = 0.5123  # the format itself, on a known value
    assert panel.value_text_at(3, 0) == "h_t[3] at t=0 = 0.512"

    # The real hover path over the heatmap cell (neuron 1, t 0).
    panel.buffer[0, 1] = float(session.stepper.hidden[0, 0, 0, 1])
    pos = panel.heat_plot.vb.mapViewToScene(QPointF(0, 1))
    panel._on_mouse_moved(pos)
    assert panel.hover_label.text() == f"h_t[1] at t=0 = {hidden(session, 0, 1):.3f}"


def test_hover_on_the_line_plot_picks_the_nearest_line(panel, session):
    session.step()
    value = hidden(session, 0, 2)
    pos = panel.lines_plot.vb.mapViewToScene(QPointF(0, value))
    neuron, t = panel.cell_at(pos)
    assert t == 0
    assert abs(hidden(session, 0, neuron) - value) < 1e-6


def test_selected_neuron_is_highlighted(panel, session):
    session.select_neuron(2)
    widths = [line.opts["pen"].widthF() for line in panel.lines[:4]]
    assert widths[2] > max(widths[0], widths[1], widths[3])
    assert panel.heat_highlight.rect().top() == pytest.approx(1.5)
    assert not panel.selected_line.isVisible()  # neuron 2 already has a line
    assert "h[2]" in panel.key.text and "selected" in panel.key.text


def test_clicking_a_heatmap_row_selects_that_neuron(panel, session, qtbot):
    session.step()
    view_pos = panel.graphics.mapFromScene(panel.heat_plot.vb.mapViewToScene(QPointF(1, 3)))
    with qtbot.waitSignal(session.neuronSelected) as blocker:
        qtbot.mouseClick(panel.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert blocker.args == [3]
    assert panel.heat_highlight.rect().top() == pytest.approx(2.5)


def test_a_step_in_another_row_leaves_the_heatmap_alone(qtbot, session, monkeypatch):
    assert session.set_config(preset_config("text-woaini").replace(num_layers=2))
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    calls = []
    original = pg.ImageItem.setImage
    monkeypatch.setattr(
        pg.ImageItem, "setImage", lambda self, *a, **k: (calls.append(1), original(self, *a, **k))[1]
    )
    session.step()  # layer 0, t 0: the shown row
    assert len(calls) == 1
    session.step()  # layer 1, t 0: another row; only the cursor moves (dashed)
    assert len(calls) == 1
    assert panel.cursors[0].pen.style() == Qt.PenStyle.DashLine
    panel.layer_combo.setCurrentIndex(1)
    np.testing.assert_array_equal(panel.heat_image.image[0], session.stepper.hidden[0, 1, 0].numpy())
    assert list(line_data(panel.lines[0])[0]) == [0]


def test_reverse_direction_fills_from_the_end(qtbot, session):
    assert session.set_config(preset_config("text-woaini").replace(bidirectional=True))
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    panel.direction_combo.setCurrentIndex(1)
    for _ in range(4):  # forward sweep (3 cells), then reverse t = 2
        session.step()
    row = 1  # layer 0, reverse
    x, y = line_data(panel.lines[0])
    assert list(x) == [2]
    assert y[0] == hidden(session, 2, 0, row=row)
    left, right = panel.masks
    assert left.isVisible() and left.rect().width() == pytest.approx(2) and not right.isVisible()
    assert panel.value_text_at(0, 2).endswith("(layer 0, reverse)")


def test_sub_operation_reveals_h_t_at_the_last_stage(panel, session):
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()  # cell 0, stage 1: W_ih x_t + b_ih only
    assert line_data(panel.lines[0])[0].size == 0
    for _ in range(3):
        session.step()
    assert session.view().current_complete
    assert list(line_data(panel.lines[0])[0]) == [0]


def test_batch_element_switch(qtbot, session):
    config = preset_config("text-woaini").replace(text="", input_size=8, seq_len=5, batch_size=3)
    assert session.set_config(config)
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    for _ in range(3):
        session.step()
    session.set_batch_index(2)
    x, y = line_data(panel.lines[1])
    np.testing.assert_array_equal(y, [hidden(session, t, 1, batch=2) for t in range(3)])
    np.testing.assert_array_equal(panel.heat_image.image[2], session.stepper.hidden[2, 0, 2].numpy())
    assert "batch element 2" in panel.lines_plot.titleLabel.text


def test_relu_levels_are_symmetric_max(qtbot, session):
    config = preset_config("text-woaini").replace(text="", input_size=8, seq_len=6, nonlinearity="relu")
    assert session.set_config(config)
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    session.run_to_end()
    m = float(session.stepper.hidden[:, 0, 0].abs().max())
    assert panel.heat_image.getLevels() == pytest.approx((-m, m))
    assert tuple(panel.colorbar.levels()) == pytest.approx((-m, m))


def test_choosing_neurons(panel, session):
    session.step()
    panel.neuron_edit.setText("3, 0-1")
    panel.neuron_edit.editingFinished.emit()
    assert panel.neurons == [0, 1, 3]
    assert [line.isVisible() for line in panel.lines[:4]] == [True, True, True, False]
    assert line_data(panel.lines[2])[1][0] == hidden(session, 0, 3)
    panel.neuron_edit.setText("7")  # only 4 neurons: refused, the choice stays
    panel.neuron_edit.editingFinished.emit()
    assert panel.neurons == [0, 1, 3]
    assert "border" in panel.neuron_edit.styleSheet()
    assert "0 to 3" in panel.neuron_edit.toolTip()


def test_parse_neuron_list():
    assert parse_neuron_list("0-3, 7", 10) == [0, 1, 2, 3, 7]
    assert parse_neuron_list(" 5 - 2 ", 10) == [2, 3, 4, 5]
    assert parse_neuron_list("0-999", 1024) == list(range(MAX_LINES))
    for bad in ("", "a", "1-", "10"):
        with pytest.raises(ValueError):
            parse_neuron_list(bad, 10)


def test_large_simulation_keeps_lines_bounded(panel, session):
    config = preset_config("text-woaini").replace(text="", input_size=16, hidden_size=1024, seq_len=1000)
    assert session.set_config(config)
    assert len(panel.lines_plot.listDataItems()) <= MAX_LINES + 1
    assert sum(line.isVisible() for line in panel.lines) == MAX_LINES
    assert panel.heat_image.image.shape == (1000, 1024)
    for _ in range(5):
        session.step()
    session.select_neuron(700)  # outside the first 32: drawn by the extra line
    assert panel.selected_line.isVisible()
    x, y = line_data(panel.selected_line)
    assert list(x) == [0, 1, 2, 3, 4]
    np.testing.assert_array_equal(y, session.stepper.hidden[:5, 0, 0, 700].numpy())
    np.testing.assert_array_equal(panel.heat_image.image[4], session.stepper.hidden[4, 0, 0].numpy())
    assert panel.masks[1].rect().left() == pytest.approx(4.5)
    assert len(panel.lines_plot.listDataItems()) <= MAX_LINES + 1
    panel.grab()


def test_export_hooks(panel):
    assert panel.export_widget() is panel.graphics
    assert panel.plot_items() == [panel.lines_plot, panel.heat_plot]
    assert HiddenStatePanel.OBJECT_NAME == "hiddenPanel" and HiddenStatePanel.TITLE == "Hidden state"
