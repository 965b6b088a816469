"""The pieces that keep a step cheap must not change what the panels show.

Each test drives the real item or panel and compares what is drawn or read back with the values
or with a full redraw (gui/plotting/fast_plots.py, gui/widgets/steady_label.py, the panels' partial
repaints). No timings: these check results only.
"""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.calculation import CalculationPanel
from rnn_stepper.gui.panels.hidden import HiddenStatePanel
from rnn_stepper.gui.panels.network import NetworkPanel
from rnn_stepper.gui.panels.scrolling import scrolling_body
from rnn_stepper.gui.plotting.column_image import ColumnImageItem
from rnn_stepper.gui.plotting.fast_plots import BarSeries, GridLines, StickyRange, nice_ceil
from rnn_stepper.gui.session import Session, StepSize
from rnn_stepper.gui.widgets.steady_label import steady

WIDE = preset_config("tutorial-single").replace(hidden_size=256, seq_len=60)


def pixels(image: QImage) -> np.ndarray:
    """[h, w, 3] RGB of an image."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return (
        raw.reshape(image.height(), -1)[:, : image.width() * 4]
        .reshape(image.height(), image.width(), 4)[:, :, 2::-1]
        .astype(int)
    )


def settle():
    for _ in range(6):  # posted layout requests and repaints can take a few passes
        QApplication.processEvents()


# ---- plot pieces -----------------------------------------------------------------------------------


def test_nice_ceil():
    assert [nice_ceil(v) for v in (0.3, 1.0, 1.01, 2.2, 7.0, 0.0012)] == pytest.approx(
        [0.3, 1.0, 1.25, 2.5, 8.0, 0.00125]
    )


def test_sticky_range_covers_the_values_and_changes_rarely():
    r = StickyRange()
    assert r.update(np.array([0.5, -0.2]))
    low, high = r.bounds
    assert low <= -0.2 and high >= 0.5
    assert not r.update(np.array([0.45, -0.1]))  # similar values: the same range
    assert r.update(np.array([3.0, -0.1]))  # a value outside: it grows at once
    assert r.bounds[1] >= 3.0
    assert r.update(np.array([0.1, -0.05]))  # far smaller values: it shrinks
    assert r.bounds[1] < 1.0
    r.reset((-1.0, 1.0))  # tanh: always (-1, 1)
    assert r.update(np.array([0.2, -0.3])) and r.bounds == (-1.0, 1.0)
    assert not r.update(np.array([0.99, -0.98]))
    assert not r.update(np.array([np.nan, 0.5]))  # NaN is ignored


@pytest.mark.parametrize("count", [10, 1024])
def test_bar_series_reads_back_the_exact_values(qtbot, count):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    bars = BarSeries(widget.getPlotItem())
    bars.set_layout([(count // 2, "#4e79a7"), (count - count // 2, "#f28e2b")])
    values = np.random.default_rng(0).standard_normal(count).astype(np.float32)
    bars.set_heights(values)
    assert bars.as_items == (count <= style.BAR_ITEMS_MAX)
    np.testing.assert_array_equal(bars.heights(), values)
    with pytest.raises(ValueError):
        bars.set_heights(values[:-1])


def test_many_bars_lose_none_narrower_than_a_pixel(qtbot):
    widget = pg.PlotWidget(background="w")
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    plot = widget.getPlotItem()
    plot.disableAutoRange()
    bars = BarSeries(plot)
    bars.set_layout([(1024, "#ff0000")])  # ~3 bars per pixel column
    values = np.zeros(1024)
    values[517] = 1.0  # one bar, a third of a pixel wide
    bars.set_heights(values)
    plot.setXRange(-0.5, 1023.5, padding=0)
    plot.setYRange(-1, 1, padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    image = pixels(widget.grab().toImage())
    red = (image[:, :, 0] > 200) & (image[:, :, 1] < 60) & (image[:, :, 2] < 60)
    columns = np.flatnonzero(red.sum(axis=0) > 10)  # a tall red line somewhere
    assert columns.size >= 1 and columns.max() - columns.min() <= 2  # exactly there, one line
    vb = plot.vb
    x = widget.mapFromScene(vb.mapViewToScene(pg.Point(517, 0.5))).x()
    assert abs(columns.mean() - x) <= 2


def test_grid_lines_are_at_the_axis_ticks(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    plot = widget.getPlotItem()
    plot.setYRange(-2, 2, padding=0)
    grid = GridLines(plot, horizontal=True, alpha=0.25)
    widget.show()
    qtbot.waitExposed(widget)
    grid.rebuild()
    drawn = sorted({line.y1() for _pen, lines in grid._lines for line in lines})
    axis = plot.getAxis("left")
    (low, high) = plot.vb.viewRange()[1]
    ticks = sorted(
        {v for _s, values in axis.tickValues(low, high, plot.vb.height()) for v in values if low <= v <= high}
    )
    assert drawn == pytest.approx(ticks)
    for pen, _lines in grid._lines:
        assert pen.color().alpha() == 255  # opaque: Qt's fast path


def test_column_image_item_colours_as_pyqtgraph(qtbot):
    buffer = np.zeros((30, 20), dtype=np.float32)
    ours, theirs = ColumnImageItem(), pg.ImageItem(axisOrder="col-major")
    for item in (ours, theirs):
        item.setColorMap(style.diverging_colormap())
    ours.setImage(buffer, autoLevels=False, levels=(-1, 1))
    ours.render()
    rng = np.random.default_rng(1)
    for t in range(30):  # one column at a time, rendered now and then, as the panel does
        buffer[t] = np.tanh(rng.standard_normal(20) * 2)
        ours.set_columns(buffer, [t], (-1, 1))
        if t % 7 == 0:
            ours.render()
    ours.render()
    theirs.setImage(buffer, autoLevels=False, levels=(-1, 1))
    theirs.render()
    np.testing.assert_array_equal(pixels(ours.qimage), pixels(theirs.qimage))


# ---- labels ----------------------------------------------------------------------------------------


class LayoutRequests(QObject):
    def __init__(self, watched):
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_steady_label_relays_out_only_when_its_size_changes(qtbot):
    panel = QWidget()
    qtbot.addWidget(panel)
    layout = QVBoxLayout(panel)
    label = QLabel("t = 41")
    label.setWordWrap(True)
    layout.addWidget(steady(label))
    below = QLabel("below")
    layout.addWidget(below)
    layout.addStretch(1)
    panel.resize(300, 200)
    panel.show()
    qtbot.waitExposed(panel)
    settle()
    requests = LayoutRequests(panel)
    label.setText("t = 42")
    settle()
    assert requests.count == 0 and label.text() == "t = 42"
    top = below.y()
    label.setText("a much longer text that has to wrap onto several lines " * 3)
    settle()
    assert requests.count >= 1 and below.y() > top  # the panel made room for it
    label.hide()
    settle()
    assert label.isHidden() and label.parentWidget().isHidden() and below.y() < top
    label.show()
    settle()
    assert not label.parentWidget().isHidden() and below.y() > top


class MeasuredLabel(QLabel):
    """A word-wrapped label that counts how often its height is measured for a width."""

    def __init__(self, text):
        super().__init__(text)
        self.setWordWrap(True)
        self.measured = []  # the widths asked

    def heightForWidth(self, width):
        self.measured.append(width)
        return super().heightForWidth(width)


def test_a_steady_label_is_measured_again_only_when_its_text_changes_shape(qtbot):
    """A neighbour's new size lays the panel's scrolling body out again: the other lines' heights
    come from their slots' memory (a rich label lays its whole text out to answer), and stay right."""
    panel = QWidget()
    qtbot.addWidget(panel)
    layout = scrolling_body(panel)  # as the Calculation panel's
    still = MeasuredLabel("a line of text long enough to wrap in a narrow panel, " * 3)
    changing = QLabel("short")
    changing.setWordWrap(True)
    slot = steady(still)
    layout.addWidget(slot)
    layout.addWidget(steady(changing))
    layout.addStretch(1)
    panel.resize(300, 900)  # room for every line: no scroll bar comes to narrow the body
    panel.show()
    qtbot.waitExposed(panel)
    settle()
    still.measured = []
    for lines in range(1, 6):
        changing.setText("grows by one more wrapped line each time " * lines)
        settle()
        assert changing.parentWidget().height() >= changing.heightForWidth(changing.width())
    assert len(still.measured) == len(set(still.measured)) <= 2, still.measured  # each width once

    def heights_are_right():
        return all(slot.heightForWidth(w) == QLabel.heightForWidth(still, w) for w in (120, 300, 600))

    assert heights_are_right()
    still.setText("nine 99 " * 40)  # another shape: measured again
    assert heights_are_right()
    still.setContentsMargins(0, 0, 0, 40)  # the same text, more room below it
    settle()
    assert heights_are_right()


def test_a_step_does_not_lay_out_the_whole_window(qtbot, settings_file):
    """Every text a step changes (status bar, toolbar, panels) keeps the main window's layout
    as it is: laying out every dock again costs about a millisecond a time."""
    from tests.gui.conftest import open_window

    window = open_window(qtbot)
    assert window.session.set_config(WIDE.replace(hidden_size=4, seq_len=200))
    window.session.seek(20)  # (from here on every number has two digits: a 10th digit would
    settle()  # widen a text, a real change of size)
    requests = LayoutRequests(window)
    for _ in range(12):
        window.session.step()
        settle()
    assert requests.count == 0
    assert "t = 31" in window.position_label.text()


# ---- partial repaints ------------------------------------------------------------------------------


def screen_matches_a_fresh_render(widget) -> bool:
    """What Qt has on screen (after the partial repaints) against the widget rendered anew."""
    settle()
    screen = pixels(QApplication.primaryScreen().grabWindow(widget.winId()).toImage())
    fresh = QImage(widget.size(), QImage.Format.Format_RGB32)
    fresh.fill(0)
    widget.render(fresh)
    fresh = pixels(fresh)
    h, w = min(screen.shape[0], fresh.shape[0]), min(screen.shape[1], fresh.shape[1])
    return np.abs(screen[:h, :w] - fresh[:h, :w]).max() <= 40  # (anti-aliasing noise only)


@pytest.mark.parametrize("config", [WIDE, WIDE.replace(nonlinearity="relu")], ids=["tanh", "relu"])
def test_hidden_panel_leaves_nothing_stale_on_screen(qtbot, config):
    session = Session(config=config)
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 450)
    panel.show()
    qtbot.waitExposed(panel)
    for _ in range(25):
        session.step()
        assert screen_matches_a_fresh_render(panel)
    for _ in range(3):
        session.back()
        assert screen_matches_a_fresh_render(panel)
    session.set_step_size(StepSize.SUB_OPERATION)
    for _ in range(5):
        session.step()
        assert screen_matches_a_fresh_render(panel)


def canvas_frame_equals_a_full_redraw(panel) -> bool:
    settle()
    cached = pixels(panel.canvas.grab().toImage())  # the frame kept and partly redrawn
    panel.canvas._frame = None  # force a complete redraw
    full = pixels(panel.canvas.grab().toImage())
    return np.abs(cached - full).max() <= 40  # (a stroke's anti-aliasing may differ slightly)


@pytest.mark.parametrize(
    "config",
    [
        WIDE,
        preset_config("text-woaini").replace(
            text="abcdefghijklmnopqrstuvwxyz", bidirectional=True, num_layers=2
        ),
    ],
    ids=["long", "bidirectional"],
)
def test_network_repaints_of_a_few_columns_equal_a_full_redraw(qtbot, config):
    session = Session(config=config)
    panel = NetworkPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    for _ in range(min(40, len(session.stepper))):  # the view scrolls to follow the current cell
        session.step()
        assert canvas_frame_equals_a_full_redraw(panel)
    session.back()
    assert canvas_frame_equals_a_full_redraw(panel)
    session.select_neuron(3)
    assert canvas_frame_equals_a_full_redraw(panel)
    session.set_step_size(StepSize.SUB_OPERATION)
    for _ in range(4):
        session.step()
        assert canvas_frame_equals_a_full_redraw(panel)
    assert screen_matches_a_fresh_render(panel)


# ---- hidden docks ----------------------------------------------------------------------------------


def test_a_panel_in_a_hidden_tab_catches_up_when_shown(qtbot):
    session = Session(config=preset_config("text-woaini"))
    window = QMainWindow()
    qtbot.addWidget(window)
    calculation = CalculationPanel(session)
    docks = [QDockWidget("calculation"), QDockWidget("other")]
    docks[0].setWidget(calculation)
    docks[1].setWidget(QLabel("something else"))
    for dock in docks:
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(docks[0], docks[1])
    window.show()
    qtbot.waitExposed(window)
    docks[1].raise_()  # the calculation tab is behind
    settle()
    # Qt keeps a tab that is not the current one "visible", off-screen: nobody sees it.
    assert calculation.visibleRegion().isEmpty()
    header = calculation._header.text()
    session.step()
    session.step()
    assert calculation.behind and calculation._header.text() == header  # not drawn
    docks[0].raise_()  # the tab comes to the front: painted (not shown), and it catches up
    settle()
    assert not calculation.behind and "t = 1" in calculation._header.text()
    shown = calculation.displayed_values()
    record = session.stepper.current
    np.testing.assert_allclose(shown["h_t"], record.h_t[0].numpy(), atol=0.5e-4)


def test_an_unseen_panel_still_answers_with_the_current_values(qtbot):
    session = Session(config=preset_config("text-woaini"))
    window = QMainWindow()
    qtbot.addWidget(window)
    calculation = CalculationPanel(session)
    dock = QDockWidget("calculation")
    dock.setWidget(calculation)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    dock.hide()  # closed
    session.step()
    assert calculation.behind
    shown = calculation.displayed_values()  # read back: it draws what it would show
    np.testing.assert_allclose(shown["h_t"], session.stepper.current.h_t[0].numpy(), atol=0.5e-4)


def test_colours_are_opaque_where_lines_are_pale(qtbot):
    """Many lines are drawn paler (not translucent, which Qt draws ~30x slower)."""
    session = Session(config=WIDE)
    panel = HiddenStatePanel(session)
    qtbot.addWidget(panel)
    colors = {line.opts["pen"].color().alpha() for line in panel.lines if line.isVisible()}
    assert colors == {255}
    pale = QColor(panel.lines[1].opts["pen"].color())
    base = QColor(style.LINE_COLORS[1])
    assert pale != base and pale.lightness() > base.lightness()


def test_an_unseen_hidden_state_panel_is_current_when_exported(qtbot):
    session = Session(config=preset_config("text-woaini"))
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = HiddenStatePanel(session)
    dock = QDockWidget("hidden")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    dock.hide()  # closed: the steps are not drawn
    session.step()
    session.step()
    assert panel.behind and not panel.computed.any()
    panel.export_widget()  # what an export draws is the current state
    assert list(panel.computed) == [True, True, False]
    x, y = panel.lines[0].getData()
    assert list(x) == [0, 1]
    np.testing.assert_array_equal(y, session.stepper.hidden[:2, 0, 0, 0].numpy())
