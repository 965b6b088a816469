"""`bench engine` measures LSTM and GRU too: its pieces, run on tiny sizes (the figures themselves
come from `python main.py bench engine`, never from a timed test)."""

from __future__ import annotations

import pytest
from rnn_stepper.engine.bench import step_cost, trace_memory, trace_ratio


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_trace_ratio_and_step_cost_run_the_gated_module(cell):
    row = trace_ratio(8, True, 6, 1, cell)
    assert row["cell"] == cell and row["bidirectional"] and row["seq_len"] == 6
    for key in ("nn_rnn_ms", "stepper_ms", "verified_ms"):
        assert row[key] > 0
    assert row["ratio"] == pytest.approx(row["stepper_ms"] / row["nn_rnn_ms"])
    step = step_cost(8, 5, cell)
    assert step["cell"] == cell and 0 < step["median_ms"] <= step["p95_ms"] + 1e-9


def test_trace_memory_of_an_lstm_is_measured_and_verified():
    mem = trace_memory(40, 8, "lstm")
    assert mem["cell"] == "lstm" and mem["peak_bytes"] > 0
    assert mem["max_abs_diff"] <= 1e-5  # the child checked every h_t and c_t against nn.LSTM
