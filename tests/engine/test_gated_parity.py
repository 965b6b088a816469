"""Every LSTM and GRU cell the stepper computes agrees with torch.nn.LSTM / torch.nn.GRU.

As in test_parity.py: the engine compares itself with the module (record.max_abs_diff,
full_forward_diff); these tests also build their own nn.LSTM / nn.GRU from the same state_dict
and recompute every gate of every cell from the module's named parameters, in PyTorch's row-block
order (i, f, g, o; r, z, n), so a shared mistake cannot hide.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import Stepper
from torch import nn

TOL = {"float32": 1e-5, "float64": 1e-10}
MODULES = {"lstm": nn.LSTM, "gru": nn.GRU}


def module_kwargs(config: RNNConfig) -> dict:
    """The module's keyword arguments, written out here (not config.nn_rnn_kwargs)."""
    kwargs = dict(
        input_size=config.input_size,
        hidden_size=config.hidden_size,
        num_layers=config.num_layers,
        bias=config.bias,
        batch_first=config.batch_first,
        dropout=config.dropout,
        bidirectional=config.bidirectional,
    )
    if config.proj_size:
        kwargs["proj_size"] = config.proj_size
    return kwargs


def reference_module(config: RNNConfig, state_dict, num_layers: int | None = None) -> nn.RNNBase:
    """A plain nn.LSTM / nn.GRU built here, holding the first `num_layers` layers of `state_dict`."""
    kwargs = module_kwargs(config)
    if num_layers is not None:
        kwargs.update(num_layers=num_layers, dropout=0.0)
        state_dict = {k: v for k, v in state_dict.items() if int(k.split("_l")[1].split("_")[0]) < num_layers}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        module = MODULES[config.cell](**kwargs, dtype=config.torch_dtype)
    module.load_state_dict(state_dict, strict=True)
    return module.eval()


def run_module(module, sim):
    with torch.no_grad():
        if sim.c0 is not None:
            out, (h_n, c_n) = module(
                sim.inputs,
                (
                    sim.h0[: module.num_layers * (2 if module.bidirectional else 1)],
                    sim.c0[: module.num_layers * (2 if module.bidirectional else 1)],
                ),
            )
            return out, h_n, c_n
        out, h_n = module(sim.inputs, sim.h0[: module.num_layers * (2 if module.bidirectional else 1)])
        return out, h_n, None


def check_records(config: RNNConfig, sim: Simulation, records: dict) -> None:
    """Every gate, c_t and h_t of every record, recomputed here from the named parameters."""
    tol = TOL[config.dtype]
    params = dict(sim.model.rnn.named_parameters())
    D, H, P = config.num_directions, config.hidden_size, config.output_size
    x = sim.inputs.transpose(0, 1) if config.batch_first else sim.inputs  # [T, B, I]
    T, B = x.shape[:2]
    by_cell = {(r.layer, r.direction, r.t): r for r in records.values()}
    assert len(by_cell) == len(records) == T * config.num_layers * D
    gate_names = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}[config.cell]
    for index, r in records.items():
        assert r.index == index and r.cell_type == config.cell
        assert r.max_abs_diff <= tol and r.matches, (r.cell, r.max_abs_diff)
        assert tuple(r.gates) == gate_names
        suffix = f"_l{r.layer}" + ("_reverse" if r.direction else "")
        w_ih, w_hh = params["weight_ih" + suffix], params["weight_hh" + suffix]
        b_ih, b_hh = params.get("bias_ih" + suffix), params.get("bias_hh" + suffix)
        x_t = x[r.t] if r.layer == 0 else torch.cat([by_cell[(r.layer - 1, d, r.t)].h_t for d in range(D)], 1)
        assert torch.equal(r.x_t, x_t)
        row = r.layer * D + r.direction
        prev_t = r.t - 1 if r.direction == 0 else r.t + 1
        first = not 0 <= prev_t < T
        assert r.h_prev_is_h0 == first
        h_prev = sim.h0[row] if first else by_cell[(r.layer, r.direction, prev_t)].h_t
        assert torch.equal(r.h_prev, h_prev)
        term_x = x_t @ w_ih.T + (b_ih if b_ih is not None else 0)
        term_h = h_prev @ w_hh.T + (b_hh if b_hh is not None else 0)
        torch.testing.assert_close(r.input_term, term_x, atol=tol, rtol=0)
        torch.testing.assert_close(r.recurrent_term, term_h, atol=tol, rtol=0)
        blocks_x, blocks_h = term_x.split(H, 1), term_h.split(H, 1)
        if config.cell == "lstm":
            i, f, g, o = (torch.sigmoid(a + b) for a, b in zip(blocks_x, blocks_h))
            g = torch.tanh(blocks_x[2] + blocks_h[2])
            c_prev = sim.c0[row] if first else by_cell[(r.layer, r.direction, prev_t)].c_t
            assert torch.equal(r.c_prev, c_prev)
            c_t = f * c_prev + i * g
            h_t = o * torch.tanh(c_t)
            if config.proj_size:
                torch.testing.assert_close(r.h_unprojected, h_t, atol=tol, rtol=0)
                h_t = h_t @ params["weight_hr" + suffix].T
            else:
                assert r.h_unprojected is None
            torch.testing.assert_close(r.c_t, c_t, atol=tol, rtol=0)
            assert torch.equal(r.c_abs_diff, (r.c_t - r.reference_c_t).abs())
            torch.testing.assert_close(r.pre_activation, term_x + term_h, atol=tol, rtol=0)
            expected_gates = {"i": i, "f": f, "g": g, "o": o}
        else:
            rz = torch.sigmoid(term_x[:, : 2 * H] + term_h[:, : 2 * H])
            r_gate, z = rz[:, :H], rz[:, H:]
            pre_n = blocks_x[2] + r_gate * blocks_h[2]
            n = torch.tanh(pre_n)
            h_t = (1 - z) * n + z * h_prev
            torch.testing.assert_close(
                r.pre_activation,
                torch.cat((term_x[:, : 2 * H] + term_h[:, : 2 * H], pre_n), 1),
                atol=tol,
                rtol=0,
            )
            assert r.c_t is None and r.c_prev is None
            expected_gates = {"r": r_gate, "z": z, "n": n}
        for name, value in expected_gates.items():
            torch.testing.assert_close(r.gates[name], value, atol=tol, rtol=0)
        torch.testing.assert_close(r.h_t, h_t, atol=tol, rtol=0)
        assert r.h_t.shape == (B, P)
        assert r.input_term.shape == (B, len(gate_names) * H)


def check_whole_run(config: RNNConfig, sim: Simulation) -> None:
    tol = TOL[config.dtype]
    stepper = sim.stepper
    assert stepper.done
    assert stepper.full_forward_diff() <= tol
    assert stepper.max_abs_diff() <= tol
    out, h_n, c_n = run_module(reference_module(config, sim.model.rnn.state_dict()), sim)
    torch.testing.assert_close(stepper.output(), out, atol=tol, rtol=0)
    torch.testing.assert_close(stepper.h_n(), h_n, atol=tol, rtol=0)
    if config.cell == "lstm":
        torch.testing.assert_close(stepper.c_n(), c_n, atol=tol, rtol=0)
        # the engine's own per-cell reference of c_t agrees with the c_t recomputed above
        torch.testing.assert_close(stepper.reference_cell, stepper.cell_state, atol=tol, rtol=0)
    else:
        assert stepper.c_n() is None and stepper.cell_state is None
    # every cell of every layer, against plain modules of layers 0..l
    D, P = config.num_directions, config.output_size
    for layer in range(config.num_layers):
        out, _, _ = run_module(reference_module(config, sim.model.rnn.state_dict(), layer + 1), sim)
        if config.batch_first:
            out = out.transpose(0, 1)
        T, B = out.shape[:2]
        expected = out.reshape(T, B, D, P).permute(0, 2, 1, 3)
        torch.testing.assert_close(stepper.hidden[:, layer * D : (layer + 1) * D], expected, atol=tol, rtol=0)


GRID = [
    p
    for p in itertools.product(
        ["lstm", "gru"],
        [1, 2],  # num_layers
        [True, False],  # bias
        [False, True],  # batch_first
        [False, True],  # bidirectional
        ["float32", "float64"],
        [0, 2],  # proj_size (LSTM only)
    )
    if not (p[0] == "gru" and p[-1])
]


def _grid_id(p):
    cell, layers, bias, bf, bidi, dtype, proj = p
    flags = f"{'bias' if bias else 'nobias'}-{'bf' if bf else 'sf'}-{'bi' if bidi else 'uni'}"
    return f"{cell}-L{layers}-{flags}-{dtype[-2:]}" + (f"-proj{proj}" if proj else "")


@pytest.mark.parametrize("params", GRID, ids=[_grid_id(p) for p in GRID])
def test_grid_every_cell_matches_nn_lstm_and_nn_gru(params):
    cell, layers, bias, batch_first, bidirectional, dtype, proj = params
    config = RNNConfig(
        cell=cell,
        proj_size=proj,
        input_size=5,
        hidden_size=4,
        num_layers=layers,
        bias=bias,
        batch_first=batch_first,
        bidirectional=bidirectional,
        seq_len=6,
        batch_size=3,
        dtype=dtype,
        h0="random",
        seed=GRID.index(params),
    )
    sim = Simulation.build(config)
    assert sim.h0.shape == (layers * config.num_directions, 3, proj or 4)
    if cell == "lstm":
        assert sim.c0.shape == (layers * config.num_directions, 3, 4) and sim.c0.abs().sum() > 0
    records = {}
    while (record := sim.stepper.step()) is not None:
        records[record.index] = record
    check_records(config, sim, records)
    check_whole_run(config, sim)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cell=st.sampled_from(["lstm", "gru"]),
    layers=st.integers(1, 3),
    bias=st.booleans(),
    batch_first=st.booleans(),
    bidirectional=st.booleans(),
    batch=st.integers(1, 4),
    seq_len=st.integers(1, 15),
    input_size=st.integers(1, 9),
    hidden_size=st.integers(2, 9),
    proj_fraction=st.floats(0.0, 0.99),
    dtype=st.sampled_from(["float32", "float64"]),
    h0=st.sampled_from(["zeros", "random"]),
    dropout=st.sampled_from([0.0, 0.5]),
    seed=st.integers(0, 2**31 - 1),
    stepped_fraction=st.floats(0.0, 1.0),
)
def test_random_configurations_match_the_module(
    cell,
    layers,
    bias,
    batch_first,
    bidirectional,
    batch,
    seq_len,
    input_size,
    hidden_size,
    proj_fraction,
    dtype,
    h0,
    dropout,
    seed,
    stepped_fraction,
):
    proj = int(proj_fraction * hidden_size) if cell == "lstm" else 0
    config = RNNConfig(
        cell=cell,
        proj_size=proj,
        input_size=input_size,
        hidden_size=hidden_size,
        num_layers=layers,
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
        assert not sim.h0.any() and (sim.c0 is None or not sim.c0.any())
    stepper = sim.stepper
    for _ in range(int(stepped_fraction * len(stepper))):  # part cell by cell, then run_to_end
        stepper.step()
    stepper.run_to_end()
    records = {i: stepper.record(i) for i in range(len(stepper))}
    check_records(config, sim, records)
    check_whole_run(config, sim)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_independent_check_can_fail(cell):
    """Perturb one weight of the module built here: the comparison above notices."""
    config = RNNConfig(
        cell=cell,
        input_size=3,
        hidden_size=4,
        num_layers=2,
        bidirectional=True,
        seq_len=4,
        h0="random",
        text="",
    )
    sim = Simulation.build(config)
    sim.stepper.run_to_end()
    state = {k: v.clone() for k, v in sim.model.rnn.state_dict().items()}
    state["weight_hh_l1_reverse"][0, 0] += 0.5
    _, h_n, _ = run_module(reference_module(config, state), sim)
    assert (h_n - sim.stepper.h_n()).abs().max() > 1e-3


def test_a_wrong_cell_state_is_caught_by_the_engine_check():
    """The engine's own per-cell c_t reference is independent of the stepper: corrupt one stored
    c_t and the record of that cell, and max_abs_diff, report it."""
    config = RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=4, text="")
    sim = Simulation.build(config)
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= 1e-5
    sim.stepper.cell_state[2, 0, 0, 1] += 0.01
    assert not sim.stepper.record(2).matches
    assert sim.stepper.max_abs_diff() > 1e-3


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_text_model_with_a_gated_cell(cell):
    config = RNNConfig(cell=cell, input_size=6, hidden_size=3, num_layers=2, text="我爱你，你爱我。")
    sim = Simulation.build(config)
    assert sim.model.head.in_features == 3
    sim.stepper.run_to_end()
    check_records(config, sim, {i: sim.stepper.record(i) for i in range(len(sim.stepper))})
    check_whole_run(config, sim)
    with torch.no_grad():
        out, _, _ = run_module(reference_module(config, sim.model.rnn.state_dict()), sim)
        probs = torch.softmax(sim.model.head(out), dim=-1)
    torch.testing.assert_close(sim.all_probabilities(), probs, atol=1e-6, rtol=0)


def test_projected_lstm_feeds_proj_size_upwards_and_into_the_head():
    config = RNNConfig(
        cell="lstm", proj_size=2, input_size=6, hidden_size=5, num_layers=2, bidirectional=True, text="我爱你"
    )
    sim = Simulation.build(config)
    assert sim.model.head.in_features == 4  # 2 directions x proj_size
    sim.stepper.run_to_end()
    assert sim.stepper.hidden.shape == (3, 4, 1, 2) and sim.stepper.cell_state.shape == (3, 4, 1, 5)
    assert sim.stepper.record(len(sim.stepper) - 1).x_t.shape == (1, 4)
    check_whole_run(config, sim)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_unbatched_input_and_c0(cell):
    """(seq_len, input_size) input with a 2-D h0 (and c0) is stepped as a batch of one, as the module runs it."""
    torch.manual_seed(3)
    module = MODULES[cell](3, 4, num_layers=2).eval()
    x, h0, c0 = torch.randn(5, 3), torch.randn(2, 4), torch.randn(2, 4)
    stepper = Stepper(module, x, h0, 1e-5, c0 if cell == "lstm" else None)
    stepper.run_to_end()
    with torch.no_grad():
        out, state = module(x, (h0, c0) if cell == "lstm" else h0)
    torch.testing.assert_close(stepper.output()[:, 0], out, atol=1e-5, rtol=0)
    if cell == "lstm":
        torch.testing.assert_close(stepper.c_n()[:, 0], state[1], atol=1e-5, rtol=0)


def test_stepper_refuses_bad_c0_with_clear_messages():
    lstm, gru = nn.LSTM(3, 4).eval(), nn.GRU(3, 4).eval()
    x, h0 = torch.randn(2, 1, 3), torch.zeros(1, 1, 4)
    with pytest.raises(ConfigError, match=r"c0 has shape \(1, 1, 3\), expected \(1, 1, 4\)"):
        Stepper(lstm, x, h0, 1e-5, torch.zeros(1, 1, 3))
    with pytest.raises(ConfigError, match="c0 is LSTM's initial cell state; nn.GRU has none"):
        Stepper(gru, x, h0, 1e-5, torch.zeros(1, 1, 4))
    stepper = Stepper(lstm, x, h0, 1e-5)  # no c0: zeros, as nn.LSTM's default
    assert not stepper.c0.any()


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(cell="gru", proj_size=2), "proj_size is an option of nn.LSTM only"),
        (
            dict(cell="lstm", proj_size=4),
            r"proj_size must be from 0 \(no projection\) up to hidden_size - 1 = 3",
        ),
        (dict(cell="lstm", proj_size=-1), "proj_size must be from 0"),
        (dict(cell="lstm", proj_size=True), "proj_size must be a whole number"),
        (dict(cell="lstm", nonlinearity="relu"), "nonlinearity is an option of nn.RNN only: nn.LSTM's gates"),
        (dict(cell="gru", nonlinearity="relu"), "nonlinearity is an option of nn.RNN only: nn.GRU's gates"),
        (dict(cell="transformer"), "cell must be one of rnn, lstm, gru"),
    ],
)
def test_config_refuses_options_the_module_does_not_have(changes, message):
    with pytest.raises(ConfigError, match=message):
        RNNConfig(hidden_size=4, **changes)


def test_config_sizes_follow_the_module():
    from rnn_stepper.engine.config import parameter_count

    for cell, proj in (("rnn", 0), ("lstm", 0), ("lstm", 3), ("gru", 0)):
        for bidirectional in (False, True):
            config = RNNConfig(
                cell=cell,
                proj_size=proj,
                input_size=5,
                hidden_size=7,
                num_layers=2,
                bidirectional=bidirectional,
                text="",
            )
            module = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](**config.nn_rnn_kwargs())
            assert parameter_count(config) == sum(p.numel() for p in module.parameters())
    assert RNNConfig().cell == "rnn" and "proj_size" not in RNNConfig().nn_rnn_kwargs()
    assert "nonlinearity" not in RNNConfig(cell="gru").nn_rnn_kwargs()


@pytest.mark.parametrize("cell, proj", [("lstm", 0), ("lstm", 3), ("gru", 0)])
def test_memory_estimate_covers_the_gated_trace(cell, proj):
    """The estimate (checked before anything is allocated) covers every tensor a full verified
    trace keeps: hidden, the input terms of every gate, the reference, and LSTM's cell states."""
    from rnn_stepper.engine.config import estimate_bytes

    config = RNNConfig(
        cell=cell,
        proj_size=proj,
        input_size=6,
        hidden_size=8,
        num_layers=2,
        bidirectional=True,
        seq_len=30,
        batch_size=2,
        text="",
    )
    sim = Simulation.build(config)
    stepper = sim.stepper
    stepper.run_to_end()
    reference_hidden, reference_cell = stepper.reference_states
    kept = [stepper.hidden, stepper._input_terms, reference_hidden, sim.inputs]
    if cell == "lstm":
        kept += [stepper.cell_state, reference_cell]
    kept += [p for p in sim.model.parameters()]
    assert estimate_bytes(config) >= sum(t.numel() * t.element_size() for t in kept)
