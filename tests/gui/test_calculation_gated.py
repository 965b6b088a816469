"""The Calculation panel with LSTM and GRU cells, in the real window (issue 15.3): each gate of the
selected neuron with its real numbers, c_t and h_t (and the projection), what the gates did in
words, every part's vector, revealed one sub-operation at a time. The numbers are checked
against values recomputed here from nn.LSTM / nn.GRU's own parameters, and h_t against the
module's own output."""

import re

import numpy as np
import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import param_name
from rnn_stepper.gui.session import StepSize

from tests.gui.conftest import open_window

PRINTED = 0.6e-4  # four decimals
GATES = {"lstm": "ifgo", "gru": "rzn"}


def num(text: str) -> float:
    return float(text.replace("−", "-"))


def expected_gates(module, record, b, i):
    """The gates of neuron i from the module's parameters and the record's inputs (float64)."""
    H = module.hidden_size

    def p(kind):
        return getattr(module, param_name(kind, record.layer, record.direction)).detach().double()

    x, h = record.x_t[b].double(), record.h_prev[b].double()
    gx = p("weight_ih") @ x + p("bias_ih")
    gh = p("weight_hh") @ h + p("bias_hh")
    block = {g: slice(k * H + i, k * H + i + 1) for k, g in enumerate(GATES[record.cell_type])}
    if record.cell_type == "lstm":
        pre = {g: float((gx + gh)[block[g]]) for g in "ifgo"}
        value = {
            g: float(torch.tanh(torch.tensor(v)) if g == "g" else torch.sigmoid(torch.tensor(v)))
            for g, v in pre.items()
        }
        c_t = value["f"] * float(record.c_prev[b, i]) + value["i"] * value["g"]
        return pre, value, {"c_t": c_t, "u": value["o"] * float(torch.tanh(torch.tensor(c_t)))}
    pre = {g: float((gx + gh)[block[g]]) for g in "rz"}
    value = {g: float(torch.sigmoid(torch.tensor(v))) for g, v in pre.items()}
    pre["n"] = float(gx[block["n"]] + value["r"] * gh[block["n"]])
    value["n"] = float(torch.tanh(torch.tensor(pre["n"])))
    h_t = (1 - value["z"]) * value["n"] + value["z"] * float(h[i])
    return pre, value, {"h_t": h_t}


def check_neuron_text(window, i, b=0):
    session, panel = window.session, window.panels["calculation"]
    record = session.stepper.current
    text = panel.neuron_text()
    assert f"neuron {i} ({session.config.module_name})" in text
    pre, value, states = expected_gates(session.simulation.model.rnn, record, b, i)
    for g in GATES[record.cell_type]:
        line = next(line for line in text.splitlines() if line.startswith(f"{g}[{i}] = "))
        found = re.search(r"(sigmoid|tanh)\((−?\d+\.\d+)\) = (−?\d+\.\d+)$", line)
        assert found, line
        assert found.group(1) == ("tanh" if g in "gn" else "sigmoid")
        assert num(found.group(2)) == pytest.approx(pre[g], abs=PRINTED), g
        assert num(found.group(3)) == pytest.approx(value[g], abs=PRINTED), g
    if record.cell_type == "lstm":
        c_line = next(line for line in text.splitlines() if line.startswith(f"ct[{i}] = f·c"))
        assert num(re.search(r"= (−?\d+\.\d+) \(memory", c_line).group(1)) == pytest.approx(
            states["c_t"], abs=PRINTED
        )
        assert num(re.search(r"= (−?\d+\.\d+) \(memory", c_line).group(1)) == pytest.approx(
            float(record.reference_c_t[b, i]), abs=PRINTED
        )  # nn.LSTM's own c_t
        kept = "kept" if value["f"] >= 0.5 else "forgotten"
        written = "written" if value["i"] >= 0.5 else "not written"
        assert f"memory {kept}: f = " in c_line and f"g {written}: i = " in c_line
        h_line = next(line for line in text.splitlines() if "= o·tanh(ct) = " in line)
        assert num(h_line.rsplit("= ", 1)[1]) == pytest.approx(states["u"], abs=PRINTED)
        if record.h_unprojected is None:
            assert num(h_line.rsplit("= ", 1)[1]) == pytest.approx(
                float(record.reference_h_t[b, i]), abs=PRINTED
            )
        else:
            k = min(i, record.h_t.shape[1] - 1)
            p_line = next(line for line in text.splitlines() if line.startswith(f"ht[{k}] = Whr[{k},:]"))
            assert num(re.search(r"= (−?\d+\.\d+) \(", p_line).group(1)) == pytest.approx(
                float(record.reference_h_t[b, k]), abs=PRINTED
            )
    else:
        h_line = next(line for line in text.splitlines() if line.startswith(f"ht[{i}] = (1 − z)·n"))
        shown = num(re.search(r"= (−?\d+\.\d+) \(", h_line).group(1))
        assert shown == pytest.approx(states["h_t"], abs=PRINTED)
        assert shown == pytest.approx(float(record.reference_h_t[b, i]), abs=PRINTED)  # nn.GRU's own
        word = "kept the old state" if value["z"] >= 0.5 else "took the candidate"
        assert h_line.endswith(f"({word})")


CONFIGS = {
    "lstm": RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=3, h0="random"),
    "gru": RNNConfig(cell="gru", input_size=3, hidden_size=4, seq_len=3, h0="random"),
    "lstm-proj-2-layer-bidi-batch": RNNConfig(
        cell="lstm",
        input_size=3,
        hidden_size=5,
        proj_size=2,
        num_layers=2,
        bidirectional=True,
        batch_size=2,
        seq_len=3,
        h0="random",
    ),
    "gru-2-layer-bidi-float64": RNNConfig(
        cell="gru", input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seq_len=3, dtype="float64"
    ),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_every_cell_shows_the_gates_of_the_selected_neuron_with_the_modules_numbers(
    qtbot, settings_file, name
):
    config = CONFIGS[name]
    window = open_window(qtbot, config)
    session, panel = window.session, window.panels["calculation"]
    errors = []
    session.errorOccurred.connect(errors.append)
    for neuron in (0, config.hidden_size - 1):
        session.select_neuron(neuron)
        session.seek(0)
        while not session.stepper.done:
            session.step()
            check_neuron_text(window, neuron, b=session.view().batch_index)
    assert not [e for e in errors if e.startswith("Calculation panel")]  # (other panels are not this test's)
    # the printed vectors are the record's parts (small hidden size: printed whole)
    record = session.stepper.current
    shown = panel.displayed_values()
    for gate in record.gates:
        torch.testing.assert_close(
            torch.tensor(shown[gate]), record.gates[gate][0].float(), atol=PRINTED, rtol=0
        )
    torch.testing.assert_close(
        torch.tensor(shown["h_t"]), record.reference_h_t[0].float(), atol=PRINTED, rtol=0
    )
    if record.c_t is not None:
        torch.testing.assert_close(
            torch.tensor(shown["c_t"]), record.reference_c_t[0].float(), atol=PRINTED, rtol=0
        )
    match = QTextPlain(panel._match.text())
    assert f"matches {config.module_name}" in match and "nn.RNN" not in match


def QTextPlain(html: str) -> str:
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(html).toPlainText()


@pytest.mark.parametrize(
    "cell, stages",
    [
        (
            "lstm",
            [{"i_pre", "f_pre", "g_pre", "o_pre"}, {"i", "f", "g", "o"}, {"c_t"}, {"h_t", "reference_h_t"}],
        ),
        ("gru", [{"r_pre", "r"}, {"z_pre", "z"}, {"n_pre", "n"}, {"h_t", "reference_h_t"}]),
    ],
)
def test_sub_operations_reveal_one_stage_at_a_time(qtbot, settings_file, cell, stages):
    window = open_window(qtbot, RNNConfig(cell=cell, input_size=3, hidden_size=4, seq_len=3))
    session, panel = window.session, window.panels["calculation"]
    session.set_step_size(StepSize.SUB_OPERATION)
    always = {"c_prev"} if cell == "lstm" else set()
    seen = set(always)
    for k, new in enumerate(stages, start=1):
        session.step()
        assert session.view().stage == k
        seen |= new
        assert set(panel.displayed_values()) == seen, k
        header = QTextPlain(panel._header.text())
        assert (f"part {k} of 4" in header) == (k < 4)
        lines = panel._formula.text().split("<br>")
        assert len(lines) == 4 and [line.startswith("<b>") for line in lines] == [
            j == k < 4 for j in range(1, 5)
        ]
        table = panel.table_values()
        assert set(table) == seen | {"x_t", "h_prev"}
        text = panel.neuron_text()
        assert ("ht[0] = " in text and "…" not in text.splitlines()[-1]) == (k == 4)
    session.step()  # the next cell starts again at the first stage
    assert set(panel.displayed_values()) == always | stages[0]


def test_a_thousand_neurons_read_in_the_table_with_the_gate_counts(qtbot, settings_file):
    config = RNNConfig(cell="lstm", input_size=8, hidden_size=1024, seq_len=3)
    window = open_window(qtbot, config)
    session, panel = window.session, window.panels["calculation"]
    session.seek(2)
    session.select_neuron(1000)
    check_neuron_text(window, 1000)
    record = session.stepper.current
    table = panel.table_values()
    assert len(table["f"]) == 1024 and len(table["x_t"]) == 8
    for gate in "ifgo":
        torch.testing.assert_close(torch.tensor(table[gate]), record.gates[gate][0], atol=PRINTED, rtol=0)
    torch.testing.assert_close(torch.tensor(table["c_t"]), record.reference_c_t[0], atol=PRINTED, rtol=0)
    bars = panel.displayed_values()  # too many to print: one bar plot per gate
    assert set(bars) == set("ifgo")
    for gate in "ifgo":
        torch.testing.assert_close(torch.tensor(bars[gate]), record.gates[gate][0], atol=1e-6, rtol=0)
    titles = [
        panel._plots[slot].titleLabel.text
        for slot in ("input_term", "recurrent_term", "pre_activation", "h_t")
    ]
    assert "forget gate" in titles[1] and "output gate" in titles[3]
    effects = QTextPlain(panel._effects.text())
    kept = int((record.gates["f"][0] >= 0.5).sum())
    written = int((record.gates["i"][0] >= 0.5).sum())
    assert f"{kept} of 1024 neurons kept their memory, {1024 - kept} forgot it" in effects
    assert f"{written} had g written in" in effects


def test_a_large_gru_draws_r_z_n_and_h_t_as_bars_revealed_by_stage(qtbot, settings_file):
    window = open_window(qtbot, RNNConfig(cell="gru", input_size=8, hidden_size=64, seq_len=3))
    session, panel = window.session, window.panels["calculation"]
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    assert set(panel.displayed_values()) == {"r"}
    session.step()
    session.step()
    assert set(panel.displayed_values()) == {"r", "z", "n"}
    session.step()
    record = session.stepper.current
    shown = panel.displayed_values()
    torch.testing.assert_close(torch.tensor(shown["h_t"]), record.reference_h_t[0], atol=1e-6, rtol=0)
    torch.testing.assert_close(torch.tensor(shown["z"]), record.gates["z"][0], atol=1e-6, rtol=0)
    marks = panel._reference_marks
    assert marks.isVisible()  # nn.GRU's own h_t as dots over the last plot
    np.testing.assert_allclose(marks.getData()[1], record.reference_h_t[0].numpy(), atol=1e-6, rtol=0)
    assert "nn.GRU's values" in QTextPlain(panel._bars_note.text())


def test_the_rnn_view_is_unchanged_after_a_gated_model(qtbot, settings_file):
    window = open_window(qtbot, RNNConfig(cell="gru", input_size=3, hidden_size=4, seq_len=2))
    session, panel = window.session, window.panels["calculation"]
    session.step()
    assert "r" in panel.displayed_values()
    assert session.set_config(RNNConfig(input_size=3, hidden_size=4, seq_len=2))
    session.step()
    assert set(panel.displayed_values()) == {
        "input_term",
        "recurrent_term",
        "pre_activation",
        "h_t",
        "reference_h_t",
    }
    assert set(panel.table_values()) == {
        "x_t",
        "h_prev",
        "input_term",
        "recurrent_term",
        "pre_activation",
        "h_t",
        "reference_h_t",
    }
    assert "matches nn.RNN" in QTextPlain(panel._match.text())


def test_the_windows_data_export_writes_the_gate_terms(qtbot, settings_file, tmp_path):
    import csv

    window = open_window(qtbot, RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=3, text=""))
    session = window.session
    session.seek(2)
    written = window.export_actions.export_data(tmp_path / "data")
    gates_csv = next(p for p in written if p.name.endswith("step_gates.csv"))
    with open(gates_csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    record = session.stepper.current
    header = rows[0]
    for gate in "ifgo":
        values = [float(r[header.index(gate)]) for r in rows[1:]]
        np.testing.assert_allclose(values, record.gates[gate][0].numpy(), atol=1e-6, rtol=0)
    c_t = [float(r[header.index("c_t")]) for r in rows[1:]]
    np.testing.assert_allclose(c_t, record.reference_c_t[0].numpy(), atol=1e-5, rtol=0)  # nn.LSTM's own c_t
    assert any(p.name.endswith("cell.npy") for p in written)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_gated_view_in_the_chinese_interface(qtbot, settings_file, cell):
    window = open_window(qtbot, RNNConfig(cell=cell, input_size=3, hidden_size=4, seq_len=3, batch_size=2))
    assert window.switch_language("zh_CN")  # (the window rebuilds its panels in Chinese)
    session, panel = window.session, window.panels["calculation"]
    errors = []
    session.errorOccurred.connect(errors.append)
    session.set_step_size(StepSize.SUB_OPERATION)
    for _ in range(8):
        session.step()
        text = panel.neuron_text()
        assert "神经元 0" in text  # the panel's own words in Chinese, the numbers as in English
    record = session.stepper.current
    value = next(line for line in text.splitlines() if line.startswith(("o[0] = ", "n[0] = ")))
    gate = value[0]
    assert num(value.rsplit("= ", 1)[1]) == pytest.approx(float(record.gates[gate][0, 0]), abs=PRINTED)
    hidden = window.panels["hidden"]
    hidden.quantity_combo.setCurrentIndex(hidden.quantity_combo.count() - 1)
    assert hidden.quantity == gate
    assert not [e for e in errors if e.startswith(("Calculation panel", "hidden"))]
    assert window.switch_language("en")  # (the application's translator is shared with later tests)
