"""Small text defects of issue 12.10, each checked where a user sees it."""

import logging

import numpy as np
import pyqtgraph as pg
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.gui import style
from rnn_stepper.gui.actions.file_actions import BUNDLED_LESSONS
from rnn_stepper.gui.session import STAGE_RECURRENT, stage_name

from tests.gui.conftest import open_window


def test_log_axes_label_only_1_2_5_times_powers_of_ten(qtbot):
    axis = style.DecadeLogAxis("left")
    plot = pg.PlotItem(axisItems={"left": axis})
    plot.setLogMode(y=True)
    axis.setRange(np.log10(0.05), np.log10(0.15))  # less than a decade: 0.05 ... 0.15
    values = np.log10([0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.2])
    labels = axis.tickStrings(values, 1.0, 0.01)
    assert [bool(s) for s in labels] == [True, False, False, False, False, True, True]
    axis.setRange(-6, 0)  # six decades: only the powers of ten
    labels = axis.tickStrings(np.log10([1e-5, 2e-5, 1e-4, 5e-3]), 1.0, 1.0)
    assert [bool(s) for s in labels] == [True, False, True, False]


def test_status_bar_stage_names_have_no_raw_latex():
    name = stage_name(STAGE_RECURRENT)
    assert "{" not in name and "_" not in name.replace("W_hh", "").replace("b_hh", "")


def test_reverse_cell_formula_reads_h_t_plus_1(qtbot, settings_file):
    window = open_window(qtbot, RNNConfig(input_size=3, hidden_size=2, seq_len=3, bidirectional=True))
    window.session.seek(4)  # the reverse sweep
    formula = window.panels["calculation"]._formula.text()
    assert "h<sub>t+1</sub>" in formula and "t−1" not in formula
    window.session.seek(1)
    assert "h<sub>t−1</sub>" in window.panels["calculation"]._formula.text()


def test_open_lesson_starts_in_the_bundled_lessons(qtbot, settings_file):
    window = open_window(qtbot)
    assert window.file_actions.lesson_start_folder() == str(BUNDLED_LESSONS)
    assert (BUNDLED_LESSONS / "woaini.rnnlesson").is_file()


def test_a_refused_file_is_written_to_the_log(qtbot, settings_file, tmp_path, caplog):
    window = open_window(qtbot)
    bad = tmp_path / "broken.rnnlesson"
    bad.write_bytes(b"not a zip")
    with caplog.at_level(logging.WARNING):
        assert not window.file_actions.open_lesson(bad)
    assert any("broken.rnnlesson" in r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    if window.file_actions.problem_box is not None:
        window.file_actions.problem_box.close()


def test_the_network_draws_subscripts_not_underscores(qtbot, settings_file, monkeypatch):
    from rnn_stepper.gui.panels.network.ink import Ink

    drawn = []
    original = Ink.text

    def spy(self, rect, text, *args, **kwargs):
        drawn.append(text)
        return original(self, rect, text, *args, **kwargs)

    monkeypatch.setattr(Ink, "text", spy)
    window = open_window(qtbot, RNNConfig(input_size=3, hidden_size=2, seq_len=3, num_layers=2))
    network = window.panels["network"]
    window.session.step()
    for rolled in (False, True):
        network.set_rolled(rolled)
        network.canvas.grab()
        assert network.canvas.last_paint_error is None
    joined = " | ".join(drawn)
    assert "xₜ" in joined and "hₜ" in joined
    assert "x_t" not in joined and "h_t" not in joined and "h_{" not in joined


def test_dock_tabs_show_whole_titles(qtbot, settings_file):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabBar

    window = open_window(qtbot)
    qtbot.wait(50)
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.count() > 1]
    assert bars  # the right-hand docks are tabbed
    for bar in bars:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone
        for i in range(bar.count()):
            text_width = bar.fontMetrics().horizontalAdvance(bar.tabText(i))
            assert bar.tabRect(i).width() >= text_width, bar.tabText(i)
