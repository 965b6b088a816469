"""Every cell the stepper computes agrees with torch.nn.RNN.

The engine compares itself with nn.RNN (record.max_abs_diff, full_forward_diff); these tests also
build their own nn.RNN modules from the same state_dict and recompute every term of every cell
from the module's named parameters, so a shared mistake cannot hide.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation
from torch import nn

TOL = {"float32": 1e-5, "float64": 1e-10}


def reference_module(config: RNNConfig, state_dict, num_layers: int | None = None) -> nn.RNN:
    """A plain nn.RNN built here, holding the first `num_layers` layers of `state_dict`."""
    kwargs = config.nn_rnn_kwargs()
    if num_layers is not None:
        kwargs["num_layers"] = num_layers
        kwargs["dropout"] = 0.0
        state_dict = {k: v for k, v in state_dict.items() if int(k.split("_l")[1].split("_")[0]) < num_layers}
    with warnings.catch_warnings():  # "dropout expects num_layers > 1": eval mode never drops anyway
        warnings.simplefilter("ignore", UserWarning)
        rnn = nn.RNN(**kwargs, dtype=config.torch_dtype)
    rnn.load_state_dict(state_dict, strict=True)
    return rnn.eval()


def expected_layer_hidden(config, sim) -> list[torch.Tensor]:
    """Per layer, [T, D, B, H] from a plain nn.RNN of layers 0..l (its output is layer l's cells)."""
    state = sim.model.rnn.state_dict()
    D, H = config.num_directions, config.hidden_size
    result = []
    with torch.no_grad():
        for layer in range(config.num_layers):
            rnn = reference_module(config, state, layer + 1)
            out, _ = rnn(sim.inputs, sim.h0[: (layer + 1) * D])
            if config.batch_first:
                out = out.transpose(0, 1)
            T, B = out.shape[:2]
            result.append(out.reshape(T, B, D, H).permute(0, 2, 1, 3))
    return result


def act(name, x):
    return torch.tanh(x) if name == "tanh" else torch.relu(x)


def check_records(config: RNNConfig, sim: Simulation, records: dict) -> None:
    """Every term of every record, recomputed here from the module's named parameters."""
    tol = TOL[config.dtype]
    params = dict(sim.model.rnn.named_parameters())
    D = config.num_directions
    x = sim.inputs.transpose(0, 1) if config.batch_first else sim.inputs  # [T, B, I]
    T = x.shape[0]
    by_cell = {(r.layer, r.direction, r.t): r for r in records.values()}
    assert len(by_cell) == len(records) == T * config.num_layers * D
    for index, r in records.items():
        assert r.index == index
        assert r.tolerance == tol
        assert r.max_abs_diff <= tol, (r.cell, r.max_abs_diff)
        assert r.matches
        assert torch.equal(r.abs_diff, (r.h_t - r.reference_h_t).abs())
        assert r.max_abs_diff == float(r.abs_diff.max())
        suffix = f"_l{r.layer}" + ("_reverse" if r.direction else "")
        w_ih, w_hh = params["weight_ih" + suffix], params["weight_hh" + suffix]
        b_ih, b_hh = params.get("bias_ih" + suffix), params.get("bias_hh" + suffix)
        assert (b_ih is None) == (not config.bias)
        # x_t: the raw input at t, or both directions of the layer below at t
        if r.layer == 0:
            expected_x = x[r.t]
        else:
            expected_x = torch.cat([by_cell[(r.layer - 1, d, r.t)].h_t for d in range(D)], dim=1)
        assert torch.equal(r.x_t, expected_x)
        # h_prev: h0's row at the first cell of a sweep, else the previous cell in sweep direction
        row = r.layer * D + r.direction
        prev_t = r.t - 1 if r.direction == 0 else r.t + 1
        if 0 <= prev_t < T:
            assert not r.h_prev_is_h0
            assert torch.equal(r.h_prev, by_cell[(r.layer, r.direction, prev_t)].h_t)
        else:
            assert r.h_prev_is_h0
            assert torch.equal(r.h_prev, sim.h0[row])
        term_x = r.x_t @ w_ih.T + (b_ih if b_ih is not None else 0)
        term_h = r.h_prev @ w_hh.T + (b_hh if b_hh is not None else 0)
        torch.testing.assert_close(r.input_term, term_x, atol=tol, rtol=0)
        torch.testing.assert_close(r.recurrent_term, term_h, atol=tol, rtol=0)
        torch.testing.assert_close(r.pre_activation, r.input_term + r.recurrent_term, atol=tol, rtol=0)
        torch.testing.assert_close(r.h_t, act(config.nonlinearity, r.pre_activation), atol=tol, rtol=0)
        B = x.shape[1]
        assert r.h_t.shape == r.h_prev.shape == r.input_term.shape == (B, config.hidden_size)
        assert r.x_t.shape == (B, config.input_size if r.layer == 0 else D * config.hidden_size)


def check_whole_run(config: RNNConfig, sim: Simulation) -> None:
    tol = TOL[config.dtype]
    stepper = sim.stepper
    assert stepper.done
    assert stepper.full_forward_diff() <= tol
    assert stepper.max_abs_diff() <= tol
    # an nn.RNN built here, called directly
    ref = reference_module(config, sim.model.rnn.state_dict())
    with torch.no_grad():
        out, h_n = ref(sim.inputs, sim.h0)
    torch.testing.assert_close(stepper.output(), out, atol=tol, rtol=0)
    torch.testing.assert_close(stepper.h_n(), h_n, atol=tol, rtol=0)
    assert stepper.output().shape == out.shape and stepper.h_n().shape == h_n.shape
    # every cell of every layer, against plain nn.RNN stacks of 1..L layers
    D = config.num_directions
    for layer, expected in enumerate(expected_layer_hidden(config, sim)):
        torch.testing.assert_close(stepper.hidden[:, layer * D : (layer + 1) * D], expected, atol=tol, rtol=0)


GRID = list(
    itertools.product(
        [1, 2, 3],  # num_layers
        ["tanh", "relu"],
        [True, False],  # bias
        [False, True],  # batch_first
        [False, True],  # bidirectional
        [1, 3],  # batch
        ["float32", "float64"],
        [1, 7],  # seq_len
    )
)


def _grid_id(p):
    layers, nl, bias, bf, bidi, batch, dtype, seq = p
    flags = f"{'bias' if bias else 'nobias'}-{'bf' if bf else 'sf'}-{'bi' if bidi else 'uni'}"
    return f"L{layers}-{nl}-{flags}-B{batch}-{dtype[-2:]}-T{seq}"


@pytest.mark.parametrize("params", GRID, ids=[_grid_id(p) for p in GRID])
def test_grid_every_cell_matches_nn_rnn(params):
    layers, nonlinearity, bias, batch_first, bidirectional, batch, dtype, seq_len = params
    config = RNNConfig(
        input_size=5,
        hidden_size=4,
        num_layers=layers,
        nonlinearity=nonlinearity,
        bias=bias,
        batch_first=batch_first,
        bidirectional=bidirectional,
        seq_len=seq_len,
        batch_size=batch,
        dtype=dtype,
        h0="random",
        seed=GRID.index(params),
    )
    sim = Simulation.build(config)
    assert sim.inputs.dtype == sim.h0.dtype == config.torch_dtype
    expected_shape = (batch, seq_len, 5) if batch_first else (seq_len, batch, 5)
    assert tuple(sim.inputs.shape) == expected_shape
    records = {}
    while (record := sim.stepper.step()) is not None:
        records[record.index] = record
    check_records(config, sim, records)
    check_whole_run(config, sim)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layers=st.integers(1, 3),
    nonlinearity=st.sampled_from(["tanh", "relu"]),
    bias=st.booleans(),
    batch_first=st.booleans(),
    bidirectional=st.booleans(),
    batch=st.integers(1, 4),
    seq_len=st.integers(1, 20),
    input_size=st.integers(1, 9),
    hidden_size=st.integers(1, 9),
    dtype=st.sampled_from(["float32", "float64"]),
    h0=st.sampled_from(["zeros", "random"]),
    dropout=st.sampled_from([0.0, 0.5]),
    seed=st.integers(0, 2**31 - 1),
    stepped_fraction=st.floats(0.0, 1.0),
)
def test_random_configurations_match_nn_rnn(
    layers,
    nonlinearity,
    bias,
    batch_first,
    bidirectional,
    batch,
    seq_len,
    input_size,
    hidden_size,
    dtype,
    h0,
    dropout,
    seed,
    stepped_fraction,
):
    config = RNNConfig(
        input_size=input_size,
        hidden_size=hidden_size,
        num_layers=layers,
        nonlinearity=nonlinearity,
        bias=bias,
        batch_first=batch_first,
        dropout=dropout,
        bidirectional=bidirectional,
        seq_len=seq_len,
        batch_size=batch,
        dtype=dtype,
        h0=h0,
        seed=seed,
    )
    sim = Simulation.build(config)
    if h0 == "zeros":
        assert not sim.h0.any()
    stepper = sim.stepper
    # step part of the way cell by cell, then finish with the batched run_to_end
    stepped = int(stepped_fraction * len(stepper))
    for _ in range(stepped):
        stepper.step()
    stepper.run_to_end()
    records = {i: stepper.record(i) for i in range(len(stepper))}
    check_records(config, sim, records)
    check_whole_run(config, sim)


def test_reference_helper_detects_a_wrong_weight():
    """The independent comparison above can fail: perturb one weight of the stepper's module."""
    config = RNNConfig(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seq_len=4, h0="random")
    sim = Simulation.build(config)
    sim.stepper.run_to_end()
    state = {k: v.clone() for k, v in sim.model.rnn.state_dict().items()}
    state["weight_hh_l1_reverse"][0, 0] += 0.5
    ref = reference_module(config, state)
    with torch.no_grad():
        _, h_n = ref(sim.inputs, sim.h0)
    assert (h_n - sim.stepper.h_n()).abs().max() > 1e-3


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_text_simulation_matches_nn_rnn_on_embeddings(batch_first, bidirectional):
    config = RNNConfig(
        input_size=6,
        hidden_size=3,
        num_layers=2,
        bidirectional=bidirectional,
        batch_first=batch_first,
        text="我爱你，你爱我。",
    )
    sim = Simulation.build(config)
    x = sim.inputs[0] if batch_first else sim.inputs[:, 0]
    assert sim.inputs.shape == ((1, 8, 6) if batch_first else (8, 1, 6))
    assert torch.equal(x, sim.model.embedding.weight[sim.token_ids])
    sim.stepper.run_to_end()
    records = {i: sim.stepper.record(i) for i in range(len(sim.stepper))}
    check_records(config, sim, records)
    check_whole_run(config, sim)
    with torch.no_grad():
        out, _ = reference_module(config, sim.model.rnn.state_dict())(sim.inputs, sim.h0)
        if batch_first:
            out = out.transpose(0, 1)
        probs = torch.softmax(sim.model.head(out), dim=-1)  # [T, 1, V]
    assert probs.shape == (8, 1, 5)
    torch.testing.assert_close(sim.all_probabilities(), probs, atol=1e-6, rtol=0)
    for t in range(8):
        torch.testing.assert_close(sim.probabilities_at(t), probs[t], atol=1e-6, rtol=0)
