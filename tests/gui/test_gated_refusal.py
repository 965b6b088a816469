"""Until the panels draw LSTM and GRU cells, the app refuses them (Open model, Open lesson, a saved
configuration) with one clear message, and keeps the current model: a window that showed an LSTM
as an RNN would lie. Driven through the real window with real files."""

from __future__ import annotations

import json
import logging

import pytest
import torch
from PySide6.QtCore import QSettings
from torch import nn

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.lesson_file import save_lesson
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.session import Session
from rnn_stepper.gui.settings_store import KEY_LAST_CONFIG, load_window_with_last_config
from tests.gui.file_helpers import built_window

REFUSAL = "LSTM and GRU cells are not shown in the app yet; use python main.py export --cell"


@pytest.fixture
def window(qtbot, settings_file):
    return built_window(qtbot)


@pytest.mark.parametrize("module, cell", [(nn.LSTM(3, 4, num_layers=2), "lstm"), (nn.GRU(3, 4), "gru")])
def test_open_model_refuses_a_gated_cell_and_keeps_the_model(qtbot, window, tmp_path, module, cell):
    path = tmp_path / f"{cell}.pt"
    torch.save(module.state_dict(), path)
    session, fa = window.session, window.file_actions
    session.seek(2)
    before = session.simulation
    assert not fa.open_model(path)
    assert session.simulation is before and session.stepper.position == 2
    assert REFUSAL + f" {cell} ..." in fa.last_problem
    assert fa.problem_box is not None and fa.problem_box.isVisible()
    assert fa.recent_files() == []


def test_open_lesson_refuses_a_gated_cell_and_keeps_the_model(qtbot, window, tmp_path):
    config = RNNConfig(cell="lstm", proj_size=2, input_size=4, hidden_size=3, text="我爱你")
    path = save_lesson(tmp_path / "lstm", config, build_model(config))
    session, fa = window.session, window.file_actions
    before = session.simulation
    assert not fa.open_lesson(path)
    assert session.simulation is before
    assert REFUSAL + " lstm ... (this is an nn.LSTM model)" in fa.last_problem
    assert fa.recent_files() == []


def test_session_refuses_a_gated_config_directly(qtbot, window):
    session = window.session
    before = session.simulation
    with qtbot.waitSignal(session.configRejected) as rejected:
        assert not session.set_config(RNNConfig(cell="gru", hidden_size=3))
    assert rejected.args[0].startswith(REFUSAL)
    assert session.simulation is before
    with pytest.raises(UserError, match="not shown in the app yet"):
        Session(config=RNNConfig(cell="lstm"))


def test_a_saved_gated_configuration_is_ignored_with_a_log_line(qtbot, settings_file, caplog):
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    config = RNNConfig(cell="lstm", hidden_size=3)
    settings.setValue(KEY_LAST_CONFIG, json.dumps(config.as_dict()))
    settings.sync()
    from rnn_stepper.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING):
        assert not load_window_with_last_config(window)
    assert window.session.config == preset_config("text-woaini")
    assert "its lstm cell is not shown in the app yet" in caplog.text


def test_the_refusal_is_in_chinese_in_the_chinese_interface(qtbot, settings_file, tmp_path, qapp):
    from rnn_stepper.gui import i18n

    torch.save(nn.GRU(3, 4).state_dict(), tmp_path / "gru.pt")
    torch.save(nn.LSTM(3, 4).state_dict(), tmp_path / "lstm.pt")
    try:
        window = built_window(qtbot)
        assert window.switch_language("zh_CN")
        fa = window.file_actions
        assert not fa.open_model(tmp_path / "gru.pt")
        assert "应用程序暂时还不能显示 LSTM 和 GRU 单元；请使用 python main.py export --cell gru ..." in fa.last_problem
        assert not fa.open_model(tmp_path / "lstm.pt", nonlinearity="tanh")
        assert "它的各个门已经确定了所用的非线性函数" in fa.last_problem
    finally:
        i18n.install_language(qapp, "en")  # the other tests read English
