"""The configuration panel rebuilds the real simulation on every change and refuses bad ones."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from rnn_stepper.engine.config import LIMITS
from rnn_stepper.engine.presets import PRESETS, preset_config
from rnn_stepper.gui.panels.config_panel import DROPOUT_NOTE, RANDOM_INPUT, TEXT_INPUT, ConfigPanel


@pytest.fixture
def panel(qtbot, session):
    widget = ConfigPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def choose(combo, text):
    """Pick an item the way a user does (activated is emitted only for user choices)."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in the combo"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def to_random_input(panel):
    choose(panel.fields["input_kind"], RANDOM_INPUT)
    assert not panel.session.config.is_text


def test_shows_the_session_configuration(panel, session):
    c = session.config
    f = panel.fields
    assert f["preset"].currentText() == "text-woaini"
    assert f["input_kind"].currentText() == TEXT_INPUT
    assert f["text"].text() == "我爱你"
    assert f["input_size"].value() == c.input_size == 128
    assert f["hidden_size"].value() == 4
    assert f["seq_len"].value() == 3 and not f["seq_len"].isEnabled()  # text sets the length
    assert not f["batch_size"].isEnabled()
    assert "nn.RNN(128, 4)" in panel.summary.text()


def test_spin_boxes_are_bounded_by_the_engine_limits(panel):
    for name, (low, high) in LIMITS.items():
        spin = panel.fields[name]
        assert (spin.minimum(), spin.maximum()) == (low, high), name


@pytest.mark.parametrize(
    "name, value", [("input_size", 16), ("hidden_size", 7), ("num_layers", 3), ("seed", 42)]
)
def test_each_number_field_rebuilds(panel, session, name, value):
    before = session.simulation
    panel.fields[name].setValue(value)
    assert getattr(session.config, name) == value
    assert session.simulation is not before
    assert session.stepper.H == session.config.hidden_size
    assert session.stepper.L == session.config.num_layers


@pytest.mark.parametrize("name, value", [("seq_len", 9), ("batch_size", 5)])
def test_random_input_fields_rebuild(panel, session, name, value):
    to_random_input(panel)
    assert panel.fields[name].isEnabled()
    panel.fields[name].setValue(value)
    assert getattr(session.config, name) == value
    assert (session.simulation.seq_len, session.simulation.batch_size)[name == "batch_size"] == value


@pytest.mark.parametrize("name, value", [("bias", False), ("batch_first", True), ("bidirectional", True)])
def test_each_check_box_rebuilds(panel, session, name, value):
    before = session.simulation
    panel.fields[name].setChecked(value)
    assert getattr(session.config, name) is value
    assert session.simulation is not before
    if name == "bias":
        assert session.simulation.model.parameter("bias_ih", 0) is None
    if name == "bidirectional":
        assert session.stepper.D == 2


@pytest.mark.parametrize("name, value", [("nonlinearity", "relu"), ("dtype", "float64"), ("h0", "random")])
def test_each_choice_rebuilds(panel, session, name, value):
    choose(panel.fields[name], value)
    assert getattr(session.config, name) == value
    if name == "nonlinearity":
        assert session.simulation.model.rnn.nonlinearity == "relu"
    if name == "h0":
        assert session.simulation.h0.abs().sum() > 0
    if name == "dtype":
        assert str(session.simulation.inputs.dtype) == "torch.float64"


def test_dropout_rebuilds_and_says_it_is_inactive(panel, session):
    panel.fields["num_layers"].setValue(2)
    panel.fields["dropout"].setValue(0.5)
    assert session.config.dropout == 0.5
    assert session.simulation.model.rnn.dropout == 0.5
    note = panel.findChild(type(panel.summary), "dropoutNote")
    assert note.text() == DROPOUT_NOTE and "eval mode" in note.text()


def test_typed_number_applies_on_enter(qtbot, panel, session):
    spin = panel.fields["hidden_size"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "12")
    assert session.config.hidden_size == 4  # no rebuild while typing
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert session.config.hidden_size == 12


def type_with_input_method(widget, text):
    """Chinese arrives from an input method as a commit string, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_text_edit_applies_on_enter_with_chinese(qtbot, panel, session):
    field = panel.fields["text"]
    field.clear()
    field.setFocus()
    type_with_input_method(field, "你好世界")
    assert field.text() == "你好世界"
    assert session.config.text == "我爱你"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.config.text == "你好世界"
    assert session.simulation.tokens == ["你", "好", "世", "界"]
    assert panel.fields["seq_len"].value() == 4


def test_empty_text_is_refused_and_the_old_text_stays(qtbot, panel, session):
    before = session.simulation
    field = panel.fields["text"]
    field.clear()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "empty" in panel.message_text()
    assert session.simulation is before
    assert field.text() == "我爱你"


def test_switching_input_kind_back_and_forth(panel, session):
    to_random_input(panel)
    assert not panel.fields["text"].isEnabled()
    assert session.simulation.tokens is None
    panel.fields["batch_size"].setValue(3)
    choose(panel.fields["input_kind"], TEXT_INPUT)
    assert session.config.text == "我爱你" and session.config.batch_size == 1
    assert session.simulation.tokens == ["我", "爱", "你"]


def test_presets_load_and_the_form_follows(panel, session):
    for name, preset in PRESETS.items():
        choose(panel.fields["preset"], name)
        assert session.config == preset.config
        assert panel.fields["hidden_size"].value() == preset.config.hidden_size
        assert panel.fields["batch_size"].value() == preset.config.batch_size
    assert panel.fields["preset"].currentText() == "tutorial-batch"


def test_custom_settings_show_custom_in_the_preset_box(panel):
    panel.fields["hidden_size"].setValue(5)
    assert panel.fields["preset"].currentText() == "(custom)"
    choose(panel.fields["preset"], "text-woaini")
    assert panel.fields["preset"].findText("(custom)") == -1


def test_form_follows_a_config_set_elsewhere(panel, session):
    session.set_config(preset_config("tutorial-single").replace(num_layers=2, nonlinearity="relu"))
    assert panel.fields["num_layers"].value() == 2
    assert panel.fields["nonlinearity"].currentText() == "relu"
    assert panel.fields["input_kind"].currentText() == RANDOM_INPUT


def test_over_budget_config_is_refused_in_red_and_the_old_model_stays(panel, session):
    to_random_input(panel)
    panel.fields["seq_len"].setValue(100_000)
    before = session.simulation
    panel.fields["hidden_size"].setValue(4096)  # 3 x 100000 x 4096 floats: over the memory budget
    assert "memory" in panel.message_text()
    assert "previous configuration is still running" in panel.message_text()
    assert session.simulation is before and session.config.hidden_size == 4
    assert panel.fields["hidden_size"].value() == 4  # the form shows what still runs
    assert "c62828" in panel.message.styleSheet()  # style.ERROR_COLOR
    panel.fields["hidden_size"].setValue(8)  # a good change clears the message
    assert panel.message_text() == ""


def test_rejections_from_the_session_are_shown(panel, session):
    session.load_preset("no-such-preset")
    assert "unknown preset" in panel.message_text()


def test_rebuild_keeps_the_step_position(panel, session):
    session.step()
    session.step()
    panel.fields["hidden_size"].setValue(6)
    assert session.view().position == 2


def test_every_field_has_a_tooltip(panel):
    for name, widget in panel.fields.items():
        assert widget.toolTip(), name
