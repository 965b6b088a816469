"""gate_history recomputes a row's gates over time in one product: every value equals the
stepper's own record of that cell (which is itself checked against nn.LSTM / nn.GRU)."""

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.gate_history import gate_history
from rnn_stepper.engine.simulation import Simulation


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=5, batch_size=2, h0="random"),
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
            bias=False,
        ),
        RNNConfig(
            cell="gru",
            input_size=3,
            hidden_size=4,
            num_layers=2,
            bidirectional=True,
            seq_len=4,
            batch_size=3,
            h0="random",
            dtype="float64",
        ),
        RNNConfig(cell="gru", input_size=2, hidden_size=3, num_layers=3, seq_len=4),  # time-major schedule
    ],
    ids=["lstm", "lstm-proj-bidi-no-bias", "gru-bidi-float64", "gru-3-layers"],
)
def test_every_gate_over_time_equals_the_records(config):
    stepper = Simulation.build(config).stepper
    stepper.seek(len(stepper) - 3)  # part of the last row not computed yet
    tol = 10 * config.tolerance
    for row in range(stepper.L * stepper.D):
        layer, direction = divmod(row, stepper.D)
        times = list(range(stepper.T)[stepper.computed_times(row)])
        for b in range(stepper.B):
            history = gate_history(stepper, layer, direction, times, b)
            assert list(history) == list("ifgo" if config.cell == "lstm" else "rzn")
            for k, t in enumerate(times):
                record = stepper.record(stepper.schedule.index(layer, direction, t))
                for gate, values in history.items():
                    torch.testing.assert_close(values[k], record.gates[gate][b], atol=tol, rtol=0)


def test_a_plain_rnn_has_no_gates():
    stepper = Simulation.build(RNNConfig(input_size=2, hidden_size=3, seq_len=2)).stepper
    stepper.seek(2)
    assert gate_history(stepper, 0, 0, [0, 1], 0) == {}
