"""The engine's per-cell LSTM reference (engine.stepper.reference_states) against nn.LSTM itself.

The engine takes h_t from the whole-sequence nn.LSTM and c_t from torch's LSTM cell stepped on
the module's h_{t-1} (nn.LSTM hands out c only at the end). Here every cell is checked against
the slow, obvious oracle: a one-layer nn.LSTM built here, run one time step per call, carrying
its own (h, c), fed this oracle's own lower layer. float64 keeps oneDNN out of the oracle (it
takes float32 only) and the tolerance tight.
"""

from __future__ import annotations

import itertools

import pytest
import torch
from rnn_stepper.engine import stepper as stepper_module
from rnn_stepper.engine.stepper import reference_states
from torch import nn

TOL64 = 1e-10


def one_step_oracle(rnn: nn.LSTM, x: torch.Tensor, h0: torch.Tensor, c0: torch.Tensor):
    """h_t and c_t of every cell, [T, L*D, B, .], from nn.LSTM run one time step per call."""
    L, D = rnn.num_layers, 2 if rnn.bidirectional else 1
    T = x.shape[0]
    params = dict(rnn.named_parameters())
    hidden, cells = [[None] * (L * D) for _ in range(T)], [[None] * (L * D) for _ in range(T)]
    layer_input = x
    for layer in range(L):
        for d in range(D):
            suffix = f"_l{layer}" + ("_reverse" if d else "")
            single = nn.LSTM(
                layer_input.shape[-1], rnn.hidden_size, proj_size=rnn.proj_size, bias=rnn.bias, dtype=x.dtype
            )
            single.load_state_dict(
                {
                    name.replace(suffix, "_l0"): value
                    for name, value in params.items()
                    if name.endswith(suffix)
                }
            )
            row = layer * D + d
            state = (h0[row : row + 1], c0[row : row + 1])
            for t in range(T) if d == 0 else reversed(range(T)):
                _, state = single(layer_input[t : t + 1], state)
                hidden[t][row], cells[t][row] = state[0][0], state[1][0]
        layer_input = torch.stack(
            [torch.cat([hidden[t][layer * D + d] for d in range(D)], 1) for t in range(T)]
        )
    return (
        torch.stack([torch.stack(row) for row in hidden]),
        torch.stack([torch.stack(row) for row in cells]),
    )


@pytest.mark.parametrize(
    "bidirectional, proj, bias", list(itertools.product([False, True], [0, 2], [True, False]))
)
def test_every_cell_matches_nn_lstm_run_one_step_at_a_time(monkeypatch, bidirectional, proj, bias):
    # A chunk of 4 steps over T = 11: chunk boundaries and a short last chunk, in both directions.
    monkeypatch.setattr(stepper_module, "_REFERENCE_CHUNK", 4)
    torch.manual_seed(3)
    rnn = nn.LSTM(
        3, 5, num_layers=2, bidirectional=bidirectional, proj_size=proj, bias=bias, dtype=torch.float64
    )
    rows, T, B = rnn.num_layers * (2 if bidirectional else 1), 11, 2
    x = torch.randn(T, B, 3, dtype=torch.float64)
    h0 = torch.randn(rows, B, proj or 5, dtype=torch.float64)
    c0 = torch.randn(rows, B, 5, dtype=torch.float64)
    with torch.no_grad():
        hidden, cells = reference_states(rnn, x, h0, c0)
        expected_hidden, expected_cells = one_step_oracle(rnn, x, h0, c0)
    assert hidden.shape == expected_hidden.shape and cells.shape == expected_cells.shape
    torch.testing.assert_close(hidden, expected_hidden, atol=TOL64, rtol=0)
    torch.testing.assert_close(cells, expected_cells, atol=TOL64, rtol=0)


def test_the_oracle_sees_a_wrong_weight():
    """The comparison above can fail: the reference of a module with one weight changed differs."""
    torch.manual_seed(4)
    rnn = nn.LSTM(3, 4, num_layers=2, dtype=torch.float64)
    x, h0, c0 = (torch.randn(*shape, dtype=torch.float64) for shape in ((6, 1, 3), (2, 1, 4), (2, 1, 4)))
    with torch.no_grad():
        _, expected_cells = one_step_oracle(rnn, x, h0, c0)
        rnn.weight_hh_l1[5, 0] += 0.5  # a forget-gate row of the top layer
        _, cells = reference_states(rnn, x, h0, c0)
    assert (cells[1:, 1] - expected_cells[1:, 1]).abs().max() > 1e-3
