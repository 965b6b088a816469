"""The unrolled network panel, driven through a real Session, engine and nn.RNN."""

import pytest
import torch
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontInfo, QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import register_bundled_font
from rnn_stepper.gui.panels.network import NetworkPanel
from rnn_stepper.gui.session import Session, StepSize

BIDIRECTIONAL = RNNConfig(input_size=6, hidden_size=8, num_layers=2, bidirectional=True, seq_len=5)


def make_panel(qtbot, session, size=(900, 300)):
    panel = NetworkPanel(session)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def pixel(panel, point: QPoint) -> QColor:
    return panel.canvas.grab().toImage().pixelColor(point)


def test_contract(qtbot, session):
    panel = make_panel(qtbot, session)
    assert NetworkPanel.OBJECT_NAME == "networkPanel" and panel.objectName() == "networkPanel"
    assert NetworkPanel.TITLE == "Unrolled network"
    assert panel.export_widget() is panel


def test_highlight_follows_the_session(qtbot, session):
    panel = make_panel(qtbot, session)
    assert panel.highlighted_cell() is None
    session.step()
    assert panel.highlighted_cell() == Cell(0, 0, 0)
    session.step()
    assert panel.highlighted_cell() == Cell(0, 0, 1)
    session.back()
    assert panel.highlighted_cell() == Cell(0, 0, 0)
    assert "cell 1 / 3" in panel.status_label.text()


def test_highlight_is_drawn_around_the_current_cell(qtbot, session):
    panel = make_panel(qtbot, session)
    session.step()
    session.step()
    rect = panel.cell_rect(0, 0, 1)
    outline = QPoint(rect.center().x(), rect.top() - 2)  # on the orange frame, just outside the cell
    assert pixel(panel, outline).name() == QColor(style.NETWORK_CURRENT).name()
    other = panel.cell_rect(0, 0, 0)
    beside = QPoint(other.center().x(), other.top() - 2)
    assert pixel(panel, beside).name() != QColor(style.NETWORK_CURRENT).name()


def test_colour_strips_only_for_computed_cells(qtbot, session):
    panel = make_panel(qtbot, session)
    session.step()
    session.step()
    h = session.stepper.hidden[1, 0, 0]  # the 4 hidden values of cell t=1
    colors = panel.strip_colors(0, 0, 1)
    assert colors is not None and len(colors) == 4  # H=4: one bin per neuron
    for value, color in zip(h.tolist(), colors):
        if value > 0.05:
            assert color.red() > color.blue()  # red = positive
        elif value < -0.05:
            assert color.blue() > color.red()  # blue = negative
    assert panel.strip_colors(0, 0, 2) is None
    # on screen: the computed cell's centre shows one of its strip colours, the later cell is faded
    drawn = pixel(panel, panel.cell_rect(0, 0, 1).center())
    assert drawn.name() in {c.name() for c in colors}
    assert pixel(panel, panel.cell_rect(0, 0, 2).center()).name() == QColor(style.NETWORK_FADED_FILL).name()


def test_large_hidden_states_are_binned(qtbot):
    session = Session(config=RNNConfig(input_size=4, hidden_size=300, seq_len=2))
    panel = NetworkPanel(session)
    session.step()
    colors = panel.strip_colors(0, 0, 0)
    assert len(colors) == style.NETWORK_STRIP_BINS
    panel.deleteLater()


def test_clicking_a_cell_seeks_there(qtbot, session):
    panel = make_panel(qtbot, session)
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=panel.cell_rect(0, 0, 2).center())
    assert session.stepper.position == 3
    assert panel.highlighted_cell() == Cell(0, 0, 2)
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=panel.cell_rect(0, 0, 0).center())
    assert session.stepper.position == 1
    # a click beside the cells (in the row labels) does nothing
    label = QPoint(10, panel.cell_rect(0, 0, 0).center().y())
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=label)
    assert session.stepper.position == 1


def test_clicking_a_reverse_cell_in_a_bidirectional_net(qtbot):
    session = Session(config=BIDIRECTIONAL)
    panel = make_panel(qtbot, session, size=(900, 420))
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=panel.cell_rect(0, 1, 3).center())
    expected = session.stepper.schedule.index(0, 1, 3) + 1
    assert session.stepper.position == expected
    assert panel.highlighted_cell() == Cell(0, 1, 3)
    assert panel.cell_at(QPointF(panel.cell_rect(1, 0, 4).center())) == Cell(1, 0, 4)


def test_tooltip_shows_values_and_the_reference(qtbot, session):
    panel = make_panel(qtbot, session)
    session.step()
    session.step()
    record = session.stepper.record(1)
    tip = panel.cell_tooltip(0, 0, 1)
    assert "layer 0" in tip and "t = 1" in tip and "爱" in tip
    assert f"{record.h_t[0, 0].item():+.4f}" in tip
    assert "nn.RNN" in tip and "matches" in tip
    later = panel.cell_tooltip(0, 0, 2)
    assert "not computed" in later and "你" in later
    # hovering shows it
    pos = panel.cell_rect(0, 0, 1).center()
    QApplication.sendEvent(panel.canvas, QHelpEvent(QEvent.Type.ToolTip, pos, panel.canvas.mapToGlobal(pos)))
    assert QToolTip.text() == tip


def test_tooltip_lists_at_most_eight_values(qtbot):
    session = Session(config=RNNConfig(input_size=4, hidden_size=20, seq_len=2))
    panel = NetworkPanel(session)
    session.step()
    tip = panel.cell_tooltip(0, 0, 0)
    assert "…" in tip
    assert tip.split("h_t:")[1].split("</code>")[0].count(",") == 8  # 8 values and the "…"
    panel.deleteLater()


def test_rolled_toggle_shows_one_cell(qtbot, session):
    panel = make_panel(qtbot, session)
    session.step()
    session.step()
    unrolled = panel.canvas.grab().toImage()
    assert not panel.is_rolled()
    assert panel.rolled_button.isCheckable() and panel.rolled_button.toolTip()
    qtbot.mouseClick(panel.rolled_button, Qt.MouseButton.LeftButton)
    assert panel.is_rolled()
    assert not panel.zoom_in_button.isEnabled()
    rolled = panel.canvas.grab().toImage()
    assert rolled != unrolled
    assert panel.canvas.last_paint_error is None
    # the one cell holds the current h_t: its box is where the cell of any t is
    box = panel.cell_rect(0, 0, 0)
    assert panel.cell_at(QPointF(box.center())) == Cell(0, 0, 1)
    # clicking in rolled mode does not move the session
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=box.center())
    assert session.stepper.position == 2
    qtbot.mouseClick(panel.rolled_button, Qt.MouseButton.LeftButton)
    assert not panel.is_rolled()


def test_zoom_collapses_cells_to_strips(qtbot):
    session = Session(config=RNNConfig(input_size=4, hidden_size=16, seq_len=200))
    panel = make_panel(qtbot, session)
    before = panel.pitch()
    panel.zoom_out()
    assert panel.pitch() < before
    qtbot.mouseClick(panel.zoom_in_button, Qt.MouseButton.LeftButton)
    assert panel.pitch() == pytest.approx(before)
    # Ctrl+wheel zooms too
    center = QPointF(panel.canvas.width() / 2, panel.canvas.height() / 2)
    wheel = QWheelEvent(
        center,
        panel.canvas.mapToGlobal(center),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(panel.canvas, wheel)
    assert panel.pitch() < before
    panel.fit_all()
    assert panel.pitch() < style.NETWORK_DETAIL_PITCH
    assert panel.cell_rect(0, 0, 0).width() <= panel.pitch() + 1  # a thin strip (rounded out to whole px)
    assert panel.cell_rect(0, 0, 199).right() <= panel.canvas.width()  # the whole sequence in view
    session.seek(50)
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None
    assert panel.strip_colors(0, 0, 49) is not None and panel.strip_colors(0, 0, 50) is None


def test_current_cell_stays_in_view_while_stepping(qtbot):
    session = Session(config=RNNConfig(input_size=4, hidden_size=8, seq_len=200))
    panel = make_panel(qtbot, session)
    viewport = panel.canvas.rect()
    for position in (1, 60, 61, 199, 10):
        session.seek(position)
        rect = panel.cell_rect(*panel.highlighted_cell())
        assert viewport.contains(rect), (position, rect, viewport)
        assert rect.left() >= style.NETWORK_LABEL_WIDTH  # not hidden under the row labels


def test_long_bidirectional_network_builds_and_paints(qtbot):
    config = RNNConfig(input_size=8, hidden_size=256, num_layers=2, bidirectional=True, seq_len=1000)
    session = Session(config=config)
    panel = make_panel(qtbot, session)
    session.seek(len(session.stepper) // 2 + 17)  # part-way through layer 1's forward sweep
    assert not panel.canvas.grab().isNull()
    assert panel.canvas.last_paint_error is None
    current = panel.highlighted_cell()
    assert current.layer == 1 and current.direction == 0
    assert panel.canvas.rect().intersects(panel.cell_rect(*current))
    assert panel.strip_colors(*current) is not None
    assert len(panel.strip_colors(*current)) == style.NETWORK_STRIP_BINS
    panel.fit_all()
    panel.canvas.grab()
    panel.set_rolled(True)
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None


def test_tokens_use_the_bundled_cjk_font(qtbot):
    session = Session(config=RNNConfig(input_size=8, hidden_size=4, text="我 爱你"))
    panel = make_panel(qtbot, session)
    family = register_bundled_font()
    font = panel.token_font()
    assert font.family() == family
    assert QFontInfo(font).family() == family  # Qt resolved it, no substitution
    assert [panel.token_label(t) for t in range(4)] == ["我", "␣", "爱", "你"]


def test_prediction_is_the_heads_argmax(qtbot, session):
    panel = make_panel(qtbot, session)
    assert panel.prediction(0) is None
    session.step()
    token, probability = panel.prediction(0)
    probabilities = session.simulation.probabilities_at(0)[0]
    best = int(torch.argmax(probabilities))
    assert token == session.simulation.model.vocab.tokens[best]
    assert probability == pytest.approx(float(probabilities[best]))
    assert panel.prediction(1) is None


def test_random_input_has_no_prediction_row(qtbot):
    session = Session(config=RNNConfig(input_size=4, hidden_size=4, seq_len=3))
    panel = make_panel(qtbot, session)
    session.run_to_end()
    assert panel.prediction(0) is None
    assert panel.token_label(2) == "x₂"


def test_sub_operation_stage_hides_the_strip_until_complete(qtbot, session):
    panel = make_panel(qtbot, session)
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    assert panel.highlighted_cell() == Cell(0, 0, 0)
    assert panel.strip_colors(0, 0, 0) is None  # still being computed
    for _ in range(3):
        session.step()
    assert panel.strip_colors(0, 0, 0) is not None


def test_rebuilds_on_a_new_simulation(qtbot, session):
    panel = make_panel(qtbot, session)
    session.step()
    assert session.set_config(BIDIRECTIONAL)
    assert panel.cell_rect(1, 1, 4).isValid()
    assert panel.cell_at(QPointF(panel.cell_rect(1, 1, 4).center())) == Cell(1, 1, 4)
    panel.canvas.grab()
    assert panel.canvas.last_paint_error is None
    assert panel.highlighted_cell() == Cell(0, 0, 0)  # the session kept its position


def test_render_image_paints_the_whole_long_sequence(qtbot, tmp_path):
    session = Session(config=RNNConfig(input_size=4, hidden_size=16, seq_len=300))
    panel = make_panel(qtbot, session)
    session.seek(120)
    image = panel.render_image()
    assert image.width() > panel.canvas.width() * 5
    # cells far outside the viewport are drawn: the last computed one with its strip, a later one faded
    geometry = panel.scene_geometry()  # the export keeps the zoom while it fits NETWORK_MAX_EXPORT_WIDTH

    def drawn(t):
        center = geometry.cell_rect(0, 0, t).center()
        return image.pixelColor(round(center.x()) + style.NETWORK_LABEL_WIDTH, round(center.y())).name()

    assert drawn(119) in {c.name() for c in panel.strip_colors(0, 0, 119)}
    assert drawn(250) == QColor(style.NETWORK_FADED_FILL).name()
    narrow = panel.render_image(width=1200)
    assert abs(narrow.width() - 1200) <= 2
    svg = tmp_path / "network.svg"
    panel.render_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
