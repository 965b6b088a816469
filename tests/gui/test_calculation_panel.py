"""The calculation panel shows the engine's own numbers for the current cell, term by term."""

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.calculation import CalculationPanel
from rnn_stepper.gui.session import StepSize

TERMS = ("input_term", "recurrent_term", "pre_activation", "h_t", "reference_h_t")
PRINTED_PRECISION = 0.5e-4  # four decimals


@pytest.fixture
def panel(qtbot, session):
    widget = CalculationPanel(session)
    qtbot.addWidget(widget)
    widget.resize(600, 500)
    return widget


def record_values(session, b=0):
    record = session.stepper.current
    return {name: getattr(record, name)[b] for name in TERMS}


def assert_shown_equal_engine(panel, session, b=0, atol=PRINTED_PRECISION):
    shown = panel.displayed_values()
    expected = record_values(session, b)
    assert set(shown) == set(TERMS)
    for name in TERMS:
        torch.testing.assert_close(
            torch.tensor(shown[name], dtype=torch.float64),
            expected[name].double(),
            atol=atol,
            rtol=0,
            msg=name,
        )


def test_before_the_first_step_it_explains_what_to_do(panel):
    assert panel.displayed_values() == {}
    assert not panel._intro.isHidden()
    assert "Press Space or Step" in panel._intro.text()
    assert panel._header.isHidden() and panel._match.isHidden()


def test_printed_numbers_equal_the_engine_record(panel, session):
    session.step()
    session.step()  # t = 1, token 爱
    assert_shown_equal_engine(panel, session)
    header = panel._header.text()
    assert "layer 0, forward, t = 1" in header and "爱" in header
    # a different cell shows different numbers: the panel follows the session
    before = panel.displayed_values()["h_t"]
    session.step()
    assert panel.displayed_values()["h_t"] != before
    assert_shown_equal_engine(panel, session)


def test_first_cell_says_h_prev_is_h0(panel, session):
    session.step()
    assert session.stepper.current.h_prev_is_h0
    assert "h0" in panel._name_labels["recurrent_term"].text()
    session.step()
    assert "h0" not in panel._name_labels["recurrent_term"].text()


def test_match_mark(panel, session):
    session.step()
    record = session.stepper.current
    text = panel._match.text()
    assert "✓ matches nn.RNN" in text and style.OK_COLOR in text
    assert f"{record.max_abs_diff:.1e}" in text and "1e-05" in text


def test_mismatch_mark_when_the_stepper_disagrees_with_nn_rnn(panel, session):
    session.step()
    session.stepper.hidden[0, 0, 0, 0] += 0.5  # corrupt the stored h_t of the current cell
    session.stepChanged.emit(session.view())
    text = panel._match.text()
    assert "✗" in text and style.ERROR_COLOR in text and "matches" not in text


def test_sub_operations_reveal_terms_one_at_a_time(panel, session):
    session.set_step_size(StepSize.SUB_OPERATION)
    revealed = []
    for _ in range(4):
        session.step()
        revealed.append(set(panel.displayed_values()))
    assert revealed == [
        {"input_term"},
        {"input_term", "recurrent_term"},
        {"input_term", "recurrent_term", "pre_activation"},
        set(TERMS),
    ]
    assert_shown_equal_engine(panel, session)
    session.back()  # stage 3: h_t hidden again, with placeholders
    assert set(panel.displayed_values()) == revealed[2]
    assert style.PLACEHOLDER in panel._value_labels["h_t"].text()
    assert "✓" not in panel._match.text()


def test_large_hidden_size_draws_bars_for_the_shown_batch_element(panel, session):
    assert session.set_config(RNNConfig(input_size=16, hidden_size=64, seq_len=4, batch_size=3))
    session.set_batch_index(2)
    bars_before = dict(panel._bars)
    session.step()
    session.step()
    assert panel._bars_mode and len(panel.plot_items()) == 4
    views = panel._views
    assert views.isTabVisible(views.indexOf(panel._plot_area)) and panel._text_area.isHidden()
    assert "showing all 64 values as bars" in panel._bars_note.text()
    assert_shown_equal_engine(panel, session, b=2, atol=0)
    assert panel._bars == bars_before  # the same items, updated in place
    session.set_batch_index(0)
    assert_shown_equal_engine(panel, session, b=0, atol=0)


def test_bars_hide_unrevealed_terms(panel, session):
    session.set_config(RNNConfig(input_size=16, hidden_size=32, seq_len=2))
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    session.step()
    assert set(panel.displayed_values()) == {"input_term", "recurrent_term"}
    assert not panel._bars["pre_activation"].isVisible()
    assert style.PLACEHOLDER in panel._plots["h_t"].titleLabel.text


def test_back_to_small_hidden_size_prints_again(panel, session):
    session.set_config(RNNConfig(input_size=16, hidden_size=32, seq_len=2))
    session.set_config(preset_config("text-woaini"))
    session.seek(1)
    assert not panel._bars_mode and panel.plot_items() == []
    assert not panel._views.isTabVisible(panel._views.indexOf(panel._plot_area))
    assert_shown_equal_engine(panel, session)


def test_relu_bidirectional_second_layer(panel, session):
    config = RNNConfig(
        input_size=5,
        hidden_size=3,
        num_layers=2,
        bidirectional=True,
        nonlinearity="relu",
        bias=False,
        seq_len=4,
        batch_size=2,
    )
    session.set_config(config)
    session.seek(4 * 2 + 4 + 1)  # layer 1: forward sweep done, first reverse cell (t = 3)
    record = session.stepper.current
    assert (record.layer, record.direction, record.t) == (1, 1, 3)
    assert "layer 1, reverse, t = 3" in panel._header.text()
    assert "relu(sum)" in panel._name_labels["h_t"].text()
    assert "b<sub>ih</sub>" not in panel._name_labels["input_term"].text()  # bias=False
    assert_shown_equal_engine(panel, session)


def test_selected_neuron_is_marked(panel, session):
    session.step()
    session.select_neuron(2)
    values = panel._value_labels["h_t"].text()
    assert values.count("<u>") == 1
    shown = f"{session.stepper.current.h_t[0, 2].item():.4f}"
    assert f"<u>{shown}</u>" in values


def test_very_large_hidden_size_keeps_bars_readable(panel, session):
    session.set_config(RNNConfig(input_size=8, hidden_size=512, seq_len=2))
    session.step()
    shown = panel.displayed_values()
    assert "reference_h_t" not in shown  # too many dots would hide the bars
    assert len(shown["h_t"]) == 512
    assert shown["h_t"] == session.stepper.current.h_t[0].tolist()
    assert "✓ matches nn.RNN" in panel._match.text()


def test_a_closed_panel_stops_listening(qtbot, session):
    from PySide6.QtCore import QCoreApplication, QEvent

    errors = []
    session.errorOccurred.connect(errors.append)
    widget = CalculationPanel(session)
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    session.step()
    session.set_config(session.config.replace(hidden_size=3))
    assert errors == []
