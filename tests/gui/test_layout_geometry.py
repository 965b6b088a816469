"""The window's geometry holds up whatever the model: it never outgrows the screen, no dock
collapses to a sliver, a 4-row network fits the default layout and Fit shows everything
(issue 12.4)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.main_window import DEFAULT_WINDOW_SIZE, DOCK_MIN_HEIGHTS

from tests.gui.conftest import open_window

BIG_CALCULATION = RNNConfig(
    input_size=8,
    hidden_size=16,
    num_layers=2,
    bidirectional=True,
    nonlinearity="relu",
    text="我爱你，你爱我吗？我们一起学习循环神经网络。",
)
SMALLEST_SCREEN = (1024, 700)  # the smallest available area the window promises to fit
ROOT = Path(__file__).resolve().parents[2]
CHANGES = [
    preset_config("tutorial-single"),
    preset_config("tutorial-batch"),
    BIG_CALCULATION,
    RNNConfig(input_size=16, hidden_size=1024, seq_len=3),
    preset_config("text-woaini"),
]


def settle(qtbot):
    qtbot.wait(200)


def test_no_model_change_grows_the_window_past_the_screen(qtbot, settings_file):
    window = open_window(qtbot)
    area = window.screen().availableGeometry()
    for config in CHANGES:
        assert window.session.set_config(config)
        window.session.run_to_end()
        settle(qtbot)
        hint = window.minimumSizeHint()
        # the docks' minimums are fixed, so the window can always shrink onto a small screen
        assert hint.width() <= SMALLEST_SCREEN[0] and hint.height() <= SMALLEST_SCREEN[1], (config, hint)
        window.resize(*DEFAULT_WINDOW_SIZE)  # bigger than the offscreen screen (800 x 800)
        window.keep_on_screen()
        assert area.contains(window.frameGeometry()), (config, window.frameGeometry(), area)


def test_on_a_small_screen_the_window_keeps_inside_it_by_itself(tmp_path):
    """The real window on a small offscreen screen (Qt's offscreen platform reads its screens from
    a configuration file), in a process of its own: it starts at 1600 x 1000 and must come inside
    the screen by itself, and stay there through every preset and a 2-layer bidirectional H = 16
    model, with the Output dock at its minimum height or more (tests/gui/small_screen_window.py)."""
    width, height = SMALLEST_SCREEN
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "small",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "RNN_STEPPER_TEST_SMALL_SCREEN": json.dumps([width, height]),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            str(ROOT / "tests" / "gui" / "small_screen_window.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


def test_keep_on_screen_moves_a_window_back_from_off_screen(qtbot, settings_file):
    window = open_window(qtbot)
    area = window.screen().availableGeometry()
    window.resize(700, 650)
    window.move(area.right() - 100, area.bottom() - 50)
    window.keep_on_screen()
    assert area.contains(window.frameGeometry())
    assert (window.width(), window.height()) == (700, 650)  # it fitted: not shrunk


def test_output_keeps_its_height_when_the_calculation_grows(qtbot, settings_file):
    window = open_window(qtbot)
    window.resize(*DEFAULT_WINDOW_SIZE)
    window.reset_layout()
    settle(qtbot)
    for config in (BIG_CALCULATION, RNNConfig(input_size=16, hidden_size=64, seq_len=4)):
        assert window.session.set_config(config)
        window.session.seek(5)
        settle(qtbot)
        output = window.panels["output"]
        assert output.height() >= DOCK_MIN_HEIGHTS["output"], config
        assert output.visibleRegion().boundingRect().height() >= DOCK_MIN_HEIGHTS["output"]


def test_four_rows_fit_the_default_layout_with_inputs_and_predictions(qtbot, settings_file):
    window = open_window(qtbot)
    window.resize(1600, 800)  # the offscreen screen: 800 px tall, less than the usual 1000
    window.reset_layout()
    assert window.session.set_config(BIG_CALCULATION)
    network = window.panels["network"]
    assert network.scene_geometry().rows == 4
    # the network dock takes the height its rows need once the layout has settled
    qtbot.waitUntil(lambda: network.scene_geometry().height <= network.canvas.height(), timeout=3000)
    assert network.vbar.maximum() == 0  # nothing to scroll to: inputs and predictions are in view


def test_fit_shows_every_time_step_and_every_row(qtbot, settings_file):
    window = open_window(qtbot)
    window.resize(1000, 700)
    config = RNNConfig(input_size=4, hidden_size=8, num_layers=2, bidirectional=True, seq_len=1000)
    assert window.session.set_config(config)
    window.session.seek(10)
    settle(qtbot)
    network = window.panels["network"]
    network.fit_all()
    canvas = QRect(0, 0, network.canvas.width(), network.canvas.height())
    for layer in (0, 1):
        for direction in (0, 1):
            for t in (0, 999):
                rect = network.cell_rect(layer, direction, t)
                assert canvas.contains(rect.center()), (layer, direction, t, rect, canvas)
    assert network.hbar.maximum() == 0 and network.vbar.maximum() == 0
    network.canvas.grab()
    assert network.canvas.last_paint_error is None


def test_the_title_names_the_app_once(qtbot, settings_file):
    window = open_window(qtbot)
    assert "RNN Stepper" not in window.windowTitle()  # Qt adds " — RNN Stepper" itself
    assert window.windowTitle() == "我爱你"


def test_the_output_chart_s_y_title_is_whole_or_left_out(qtbot, settings_file, english_afterwards):
    """下一个词元 (next token) runs along the y axis: a short chart (Output at its minimum height
    beside a 4-row network, a small window) leaves it out instead of cutting off its ends."""
    window = open_window(qtbot)
    assert window.switch_language("zh_CN")
    shown = []
    for config, size in (
        (preset_config("text-woaini"), DEFAULT_WINDOW_SIZE),
        (BIG_CALCULATION, DEFAULT_WINDOW_SIZE),
        (BIG_CALCULATION, SMALLEST_SCREEN),
    ):
        window.resize(*size)
        window.reset_layout()
        assert window.session.set_config(config)
        window.session.run_to_end()
        settle(qtbot)
        plot = window.panels["output"].plot_items()[0]
        label = plot.getAxis("left").label
        assert label.toPlainText().strip() == "下一个词元"
        view = plot.getViewWidget()
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        margin = label.document().documentMargin()  # (the text item's empty border)
        text_box = label.sceneBoundingRect().adjusted(margin, margin, -margin, -margin)
        assert not label.isVisible() or visible.contains(text_box), (config, size, text_box, visible)
        shown.append(label.isVisible())
    assert shown[0]  # the default window has room for it


def test_the_spectral_radius_explanation_is_whole_or_scrolls_into_view(
    qtbot, settings_file, english_afterwards
):
    """The Backprop panel's last line, what W_hh's spectral radius means, is never cut off at the
    bottom of its dock: its label has the height its text needs and the panel scrolls to all of it."""
    window = open_window(qtbot)
    window.resize(*DEFAULT_WINDOW_SIZE)
    window.reset_layout()
    for language, config in (
        ("en", preset_config("text-woaini")),
        ("zh_CN", preset_config("text-woaini")),
        ("zh_CN", BIG_CALCULATION),
    ):
        assert window.switch_language(language)
        assert window.session.set_config(config)
        window.session.seek(4)
        panel = window.panels["backprop"]
        with qtbot.waitSignal(panel.computed, timeout=10_000):
            window.docks["backprop"].raise_()
        settle(qtbot)
        label = panel.radius_label
        assert "ρ(W" in label.text()
        body = label.parentWidget()
        assert label.height() >= label.heightForWidth(label.width()), (language, config)
        assert label.geometry().bottom() < body.height()
        scroll = panel.findChild(QScrollArea)
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        settle(qtbot)
        assert label.visibleRegion().boundingRect().height() == label.height(), (language, config)
