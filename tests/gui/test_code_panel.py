"""The code panel shows engine.codegen's code for the session's configuration, and live shapes."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from rnn_stepper.engine.codegen import pytorch_code
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.code import CodePanel, PythonHighlighter


@pytest.fixture
def panel(qtbot, session):
    widget = CodePanel(session)
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    return widget


def test_shows_the_generated_code(panel, session):
    expected = pytorch_code(session.config, session.simulation.model.vocab.tokens)
    assert expected == pytorch_code(preset_config("text-woaini"))
    assert panel.code() == expected
    assert panel._editor.toPlainText().rstrip("\n") == expected.rstrip("\n")
    assert panel._editor.isReadOnly()


def test_updates_on_set_config(panel, session):
    config = RNNConfig(input_size=128, hidden_size=256, seq_len=1, batch_size=32)
    assert session.set_config(config)
    assert panel.code() == pytorch_code(config)
    assert "inputs = torch.randn(1, 32, 128)" in panel._editor.toPlainText()
    rows = panel.shape_rows()
    assert rows["inputs"] == "torch.Size([1, 32, 128])"
    assert rows["h0"] == "torch.Size([1, 32, 256])"


def test_shapes_equal_the_simulations(panel, session):
    config = RNNConfig(
        input_size=7,
        hidden_size=3,
        num_layers=2,
        bidirectional=True,
        batch_first=True,
        seq_len=5,
        batch_size=2,
    )
    session.set_config(config)
    session.run_to_end()
    stepper = session.stepper
    assert panel.shape_rows() == {
        "inputs": str(session.simulation.inputs.shape),
        "h0": str(session.simulation.h0.shape),
        "output": str(stepper.output().shape),
        "h_n": str(stepper.h_n().shape),
    }
    assert panel._table.item(2, 2).text() == "(batch, seq_len, directions*hidden_size)"


def test_status_follows_the_steps(panel, session):
    status = lambda: panel._table.item(2, 3).text()  # noqa: E731 (the output row)
    assert status() == "0/3 steps"
    session.step()
    session.step()
    assert status() == "2/3 steps"
    session.run_to_end()
    assert status() == "complete"
    session.set_config(preset_config("text-woaini").replace(bidirectional=True))  # keeps position 3
    assert status() == "0/3 steps"  # the forward sweep alone completes no output[t]
    session.step()
    assert status() == "1/3 steps"


def test_copy_puts_the_code_on_the_clipboard(panel, session, qtbot):
    QGuiApplication.clipboard().setText("something else")
    qtbot.mouseClick(panel._copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == panel.code() == pytorch_code(session.config)
    assert panel._copy_button.text() != "Copy"  # feedback
    qtbot.waitUntil(lambda: panel._copy_button.text() == "Copy", timeout=5000)


def test_highlighter_treats_hash_inside_a_string_as_data(qtbot):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    highlighter = PythonHighlighter(document)
    document.setPlainText('vocab = ["C#", "a"]  # the tokens')
    highlighter.rehighlight()  # Qt highlights a new document lazily
    layout = document.firstBlock().layout()
    formats = layout.formats()
    comment_color = highlighter._formats["comment"].foreground().color()
    comment_ranges = [f for f in formats if f.format.foreground().color() == comment_color]
    text = document.toPlainText()
    assert [text[f.start : f.start + f.length] for f in comment_ranges] == ["# the tokens"]


def test_a_closed_panel_stops_listening(qtbot, session):
    from PySide6.QtCore import QCoreApplication, QEvent

    errors = []
    session.errorOccurred.connect(errors.append)
    widget = CodePanel(session)
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    session.step()
    session.set_config(session.config.replace(hidden_size=3))
    assert errors == []


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(
            cell="lstm",
            input_size=3,
            hidden_size=5,
            proj_size=2,
            num_layers=2,
            bidirectional=True,
            seq_len=4,
            batch_size=2,
            h0="random",
        ),
        RNNConfig(cell="gru", input_size=3, hidden_size=4, batch_first=True, seq_len=4, batch_size=3),
    ],
)
def test_gated_models_show_their_code_and_shapes_with_h_n_and_c_n(panel, session, config):
    assert session.set_config(config)
    assert panel.code() == pytorch_code(config)
    assert f"rnn = {config.module_name}(" in panel.code().replace("\n    ", "")
    assert config.module_name in panel._caption.text() and "nn.RNN" not in panel._caption.text()
    session.run_to_end()
    stepper, simulation = session.stepper, session.simulation
    expected = {
        "inputs": str(simulation.inputs.shape),
        "h0": str(simulation.h0.shape),
        "output": str(stepper.output().shape),
        "h_n": str(stepper.h_n().shape),
    }
    if config.cell == "lstm":
        expected.update(c0=str(simulation.c0.shape), c_n=str(stepper.c_n().shape))
        assert expected["h_n"] == "torch.Size([4, 2, 2])" and expected["c_n"] == "torch.Size([4, 2, 5])"
    assert panel.shape_rows() == expected
    session.set_config(RNNConfig(input_size=3, hidden_size=4, seq_len=2))
    assert set(panel.shape_rows()) == {"inputs", "h0", "output", "h_n"}
