"""The network panel under the StepPanel contract: its view choices survive a language switch,
and a failing paint goes through the one error guard without taking the window down."""

from __future__ import annotations

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui.panels.network import NetworkPanel
from rnn_stepper.gui.panels.network.painter import UnrolledPainter

from .conftest import open_window

BIDIRECTIONAL = RNNConfig(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seq_len=30)


def test_the_chosen_view_survives_a_language_switch(qtbot, settings_file, english_afterwards):
    window = open_window(qtbot, BIDIRECTIONAL)
    network = window.panels["network"]
    window.session.seek(7)
    network.set_pitch(network.pitch() * 2.5)  # the user's zoom, no longer following the dock's width
    zoom = network.pitch()
    network.set_rolled(True)
    assert window.switch_language("zh_CN")
    successor = window.panels["network"]
    assert successor is not network and isinstance(successor, NetworkPanel)
    assert successor.is_rolled() and successor.rolled_button.isChecked()
    assert not successor.zoom_in_button.isEnabled()  # (zooming is for the unrolled view)
    successor.set_rolled(False)
    assert successor.pitch() == zoom
    current = successor.highlighted_cell()
    assert current == window.session.stepper.schedule.cell(6)
    assert successor.canvas.rect().intersects(successor.cell_rect(*current))  # scrolled to it


def test_a_failing_paint_is_reported_once_and_the_next_good_one_recovers(qtbot, settings_file, monkeypatch):
    window = open_window(qtbot, BIDIRECTIONAL)
    network = window.panels["network"]
    reports = []
    window.session.errorOccurred.connect(reports.append)
    broken = True
    paint = UnrolledPainter.paint_unrolled

    def paint_unless_broken(painter, *args, **kwargs):
        if broken:
            raise ValueError("a surprising model")
        return paint(painter, *args, **kwargs)

    monkeypatch.setattr(UnrolledPainter, "paint_unrolled", paint_unless_broken)
    for _ in range(3):  # the broken frame is not kept: each grab paints (and fails) again
        assert not network.canvas.grab().isNull()
        assert network.canvas.last_paint_error == "ValueError: a surprising model"
    assert len(reports) == 1 and "a surprising model" in reports[0]  # reported once, not per frame
    assert window.isVisible()
    broken = False
    network.canvas.grab()
    assert network.canvas.last_paint_error is None


def test_a_failing_step_handler_is_reported_not_raised(qtbot, settings_file, monkeypatch):
    from rnn_stepper.gui.panels.network.state import NetworkState

    window = open_window(qtbot, BIDIRECTIONAL)
    reports = []
    window.session.errorOccurred.connect(reports.append)

    def fail(self, after):
        raise RuntimeError("a surprising step")

    monkeypatch.setattr(NetworkState, "columns_changed_by_step", fail)
    window.session.step()
    assert window.session.stepper.position == 1
    assert any("a surprising step" in text for text in reports)
    monkeypatch.undo()
    window.session.step()
    assert window.panels["network"].highlighted_cell() == window.session.stepper.schedule.cell(1)
