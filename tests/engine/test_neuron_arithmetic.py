"""One neuron's written-out arithmetic agrees with the stepper's terms and with nn.RNN."""

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.neuron_arithmetic import dot_product, neuron_arithmetic
from rnn_stepper.engine.simulation import Simulation

ATOL = 1e-5


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(input_size=5, hidden_size=4, seq_len=3, batch_size=2),
        RNNConfig(
            input_size=7, hidden_size=6, num_layers=2, bidirectional=True, nonlinearity="relu", seq_len=3
        ),
        RNNConfig(input_size=3, hidden_size=5, bias=False, h0="random", seq_len=2),
        RNNConfig(input_size=16, hidden_size=1024, seq_len=2),
    ],
)
def test_every_cell_and_neuron_matches_the_stepper(config):
    sim = Simulation.build(config)
    s = sim.stepper
    neurons = sorted({0, config.hidden_size // 2, config.hidden_size - 1})
    for _ in range(len(s)):
        record = s.step()
        for b in range(s.B):
            for i in neurons:
                a = neuron_arithmetic(sim.model.rnn, record, b, i)
                bias_ih = a.bias_ih or 0.0
                bias_hh = a.bias_hh or 0.0
                assert a.input_dot.total + bias_ih == pytest.approx(float(record.input_term[b, i]), abs=ATOL)
                assert a.recurrent_dot.total + bias_hh == pytest.approx(
                    float(record.recurrent_term[b, i]), abs=ATOL
                )
                assert a.pre_activation == pytest.approx(float(record.pre_activation[b, i]), abs=ATOL)
                assert a.h_t == pytest.approx(float(record.reference_h_t[b, i]), abs=ATOL)  # nn.RNN's value
                assert (a.bias_ih is None) == (not config.bias)


def test_largest_contributions_are_the_largest_and_add_up():
    row = torch.tensor([0.5, -2.0, 0.1, 1.0, 3.0], dtype=torch.float64)
    vec = torch.tensor([1.0, 1.0, 10.0, -0.5, 0.0], dtype=torch.float64)
    d = dot_product(row, vec, top=2)
    assert [c.index for c in d.largest] == [1, 2]  # |-2.0| and |1.0| beat |0.5| and |-0.5|
    assert d.largest[0].product == -2.0 and d.largest[0].weight == -2.0 and d.largest[0].value == 1.0
    assert d.total == pytest.approx(0.5 - 2.0 + 1.0 - 0.5)
    assert d.rest == pytest.approx(d.total - (-2.0 + 1.0))
    assert d.length == 5 and not d.all_zero_input


def test_h0_zeros_names_no_products():
    config = RNNConfig(input_size=3, hidden_size=4, seq_len=2)
    sim = Simulation.build(config)
    record = sim.stepper.step()
    assert record.h_prev_is_h0
    a = neuron_arithmetic(sim.model.rnn, record, 0, 1)
    assert a.recurrent_dot.all_zero_input and a.recurrent_dot.largest == () and a.recurrent_dot.total == 0.0
    assert len(a.input_dot.largest) == 3
