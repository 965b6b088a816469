"""Run by tests/gui/test_small_screen.py in its own process, on an offscreen screen of
SMALL_SCREEN (a configuration file given in QT_QPA_PLATFORM), not collected with the suite: the
one QApplication of a test process cannot change its screens."""

import json
import os

from PySide6.QtGui import QGuiApplication
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import PRESETS
from rnn_stepper.gui.main_window import DEFAULT_WINDOW_SIZE, DOCK_MIN_HEIGHTS

from tests.gui.conftest import open_window

SMALL_SCREEN = json.loads(os.environ.get("RNN_STEPPER_TEST_SMALL_SCREEN", "[0, 0]"))
BIDIRECTIONAL_16 = RNNConfig(
    input_size=8,
    hidden_size=16,
    num_layers=2,
    bidirectional=True,
    text="我爱你，你爱我吗？我们一起学习循环神经网络。",
)


def test_the_window_stays_on_a_small_screen_through_every_model(qtbot, settings_file):
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert [area.width(), area.height()] == SMALL_SCREEN  # the screen this test is about
    assert area.width() < DEFAULT_WINDOW_SIZE[0] and area.height() < DEFAULT_WINDOW_SIZE[1]
    window = open_window(qtbot)  # asks for its default 1600 x 1000 first
    output = window.panels["output"]

    def fits(what):
        qtbot.waitUntil(lambda: area.contains(window.frameGeometry()), timeout=3000)
        qtbot.wait(100)  # the layout's later passes (the network's rows) must not push it out
        assert area.contains(window.frameGeometry()), (what, window.frameGeometry(), area)
        assert output.height() >= DOCK_MIN_HEIGHTS["output"], (what, output.height())
        assert output.visibleRegion().boundingRect().height() >= DOCK_MIN_HEIGHTS["output"], what

    fits("start")
    for name in PRESETS:
        assert window.session.load_preset(name), name
        window.session.run_to_end()
        fits(name)
    assert window.session.set_config(BIDIRECTIONAL_16)
    window.session.run_to_end()
    fits("2 layers bidirectional, H = 16")
