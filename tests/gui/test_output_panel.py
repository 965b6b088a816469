"""The output panel shows softmax(head(output[t])) for text models and output[t] for tensors."""

import pytest
import torch
from PySide6.QtGui import QTextDocumentFragment
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.output import OutputPanel
from rnn_stepper.gui.session import StepSize


@pytest.fixture
def panel(qtbot, session):
    widget = OutputPanel(session)
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    return widget


def expected_probabilities(session, t, b=0):
    """softmax(head(h_t of the top layer)) from the stepper's stored states, not via the panel's path."""
    sim = session.simulation
    top = sim.config.num_layers - 1
    d = sim.config.num_directions
    out = torch.cat([sim.stepper.hidden[t, top * d + k, b] for k in range(d)])
    return torch.softmax(sim.model.head(out), dim=-1)


def test_nothing_before_the_first_step(panel):
    assert panel.predicted_token() is None
    assert panel.shown_probabilities() == []
    assert "Press Space or Step" in panel._headline.text()


def test_probabilities_equal_softmax_and_prediction_is_argmax(panel, session):
    session.step()
    session.step()  # after 我爱
    probabilities = expected_probabilities(session, t=1)
    vocab = session.simulation.model.vocab.tokens
    shown = panel.shown_probabilities()
    assert [token for token, _ in shown] == [vocab[i] for i in probabilities.argsort(descending=True)]
    for token, p in shown:
        assert p == pytest.approx(probabilities[vocab.index(token)].item(), abs=1e-6)
    assert sum(p for _, p in shown) == pytest.approx(1.0, abs=1e-5)  # the whole 3-token vocabulary
    predicted = vocab[int(probabilities.argmax())]
    assert panel.predicted_token() == predicted
    headline = panel._headline.text()
    assert "after “" in headline and "我爱" in headline
    assert f"{probabilities.max().item():.2f}" in headline
    assert predicted in headline


def test_follows_the_current_time_step(panel, session):
    session.step()
    first = panel.shown_probabilities()
    session.step()
    session.step()
    last = panel.shown_probabilities()
    assert first != last
    expected = expected_probabilities(session, t=2)
    assert last[0][1] == pytest.approx(expected.max().item(), abs=1e-6)
    session.back()
    session.back()
    assert panel.shown_probabilities() == first


def test_top_ten_only_for_a_large_vocabulary(panel, session):
    session.set_config(preset_config("text-woaini").replace(text="abcdefghijklmn opq"))
    session.seek(3)
    shown = panel.shown_probabilities()
    assert len(shown) == style.OUTPUT_TOP_K
    expected = torch.topk(expected_probabilities(session, t=2), style.OUTPUT_TOP_K).values
    assert [p for _, p in shown] == pytest.approx(expected.tolist(), abs=1e-6)
    assert shown == sorted(shown, key=lambda pair: -pair[1])


def test_space_token_is_shown_visibly(panel, session):
    session.set_config(preset_config("text-woaini").replace(text="a b"))
    session.seek(1)
    tick_labels = [label for _, label in panel._plot.getPlotItem().getAxis("left")._tickLevels[0]]
    assert style.SPACE_GLYPH in tick_labels and " " not in tick_labels


def test_lower_layer_cell_says_output_is_not_ready(panel, session):
    session.set_config(preset_config("text-woaini").replace(num_layers=2))
    session.step()  # layer 0, t = 0
    assert panel.predicted_token() is None and panel.shown_probabilities() == []
    assert "layer 0" in panel._headline.text() and "top layer" in panel._headline.text()
    session.step()  # layer 1, t = 0: output[0] exists
    assert panel.predicted_token() is not None
    assert panel.shown_probabilities()[0][1] == pytest.approx(
        expected_probabilities(session, 0).max().item(), abs=1e-6
    )


def test_bidirectional_waits_for_the_reverse_direction(panel, session):
    session.set_config(preset_config("text-woaini").replace(bidirectional=True))
    session.seek(3)  # forward sweep done, reverse not started
    assert panel.shown_probabilities() == []
    assert "reverse direction" in panel._headline.text()
    session.seek(4)  # reverse at t = 2: output[2] complete
    assert panel.shown_probabilities()[0][1] == pytest.approx(
        expected_probabilities(session, 2).max().item(), abs=1e-6
    )


def test_sub_operation_waits_for_h_t(panel, session):
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    assert panel.predicted_token() is None
    assert "being computed" in panel._headline.text()
    for _ in range(3):
        session.step()
    assert panel.predicted_token() is not None


def test_tensor_input_shows_the_output_vector(panel, session):
    config = RNNConfig(
        input_size=6, hidden_size=5, bidirectional=True, batch_first=True, seq_len=3, batch_size=4
    )
    session.set_config(config)
    session.set_batch_index(3)
    session.run_to_end()
    record = session.stepper.current  # the last cell: layer 0, reverse, t = 0
    assert panel.shown_probabilities() == [] and panel.predicted_token() is None
    expected = session.stepper.output()[3, record.t]  # batch_first: [B, T, D*H]
    assert panel.shown_output() == pytest.approx(expected.tolist(), abs=0)
    assert len(panel.shown_output()) == 10
    note = QTextDocumentFragment.fromHtml(panel._note.text()).toPlainText().replace("\xa0", " ")
    assert "[2*5] = [10]" in note and "torch.Size([4, 3, 10]) (batch, seq_len, D*H)" in note
    assert panel._direction_split.isVisible()


def test_switching_back_to_text_restores_probabilities(panel, session):
    session.set_config(RNNConfig(input_size=6, hidden_size=5, seq_len=3))
    session.seek(1)
    assert panel.shown_output()
    session.set_config(preset_config("text-woaini"))
    assert panel.shown_output() == [] and panel.predicted_token() is not None


def test_a_closed_panel_stops_listening(qtbot, session):
    from PySide6.QtCore import QCoreApplication, QEvent

    errors = []
    session.errorOccurred.connect(errors.append)
    widget = OutputPanel(session)
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    session.step()
    session.set_config(session.config.replace(hidden_size=3))
    assert errors == []
