"""BPTT by hand through nn.LSTM and nn.GRU (engine/bptt.py) against torch.autograd.

Parameter, input, h0 and c0 gradients are compared with autograd through the real nn.LSTM /
nn.GRU (+ head). Per-cell dL/dh_t and dL/dc_t are compared with autograd through a cell loop of
torch ops written here from PyTorch's documented formulas (independent of engine/cell.py),
whose intermediate states keep their gradients; that loop's own parameter gradients are checked
against the module too, so it is the same function. float64 to 1e-10, float32 to 1e-5.
"""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine.bptt import LOSS_CROSS_ENTROPY, Backprop, backprop, explain_gate_memory, gate_memory
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import param_name
from rnn_stepper.engine.simulation import Simulation
from torch import nn

TOLERANCES = {"float64": 1e-10, "float32": 1e-5}

SPECS = [
    dict(cell="lstm", input_size=3, hidden_size=4, seq_len=5, batch_size=1),
    dict(cell="lstm", input_size=3, hidden_size=4, num_layers=2, seq_len=5, batch_size=3, h0="random"),
    dict(
        cell="lstm",
        input_size=4,
        hidden_size=5,
        proj_size=3,
        num_layers=2,
        seq_len=4,
        batch_size=2,
        bidirectional=True,
        h0="random",
    ),
    dict(cell="lstm", input_size=2, hidden_size=3, proj_size=2, seq_len=6, batch_size=2, bias=False),
    dict(cell="gru", input_size=3, hidden_size=4, seq_len=5, batch_size=1),
    dict(cell="gru", input_size=3, hidden_size=4, num_layers=3, seq_len=5, batch_size=2, h0="random"),
    dict(
        cell="gru",
        input_size=5,
        hidden_size=3,
        num_layers=2,
        seq_len=4,
        batch_size=2,
        bidirectional=True,
        batch_first=True,
        h0="random",
    ),
    dict(cell="gru", input_size=2, hidden_size=3, seq_len=6, batch_size=3, bias=False, bidirectional=True),
]


def spec_id(spec: dict) -> str:
    return "-".join(f"{k}={v}" for k, v in spec.items())


def make_case(spec: dict, dtype: str, with_head: bool):
    sim = Simulation.build(RNNConfig(dtype=dtype, seed=11, **spec))
    rnn = sim.model.rnn
    head = targets = None
    if with_head:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(5)
            width = rnn.proj_size or rnn.hidden_size if spec["cell"] == "lstm" else rnn.hidden_size
            head = nn.Linear(width * (2 if rnn.bidirectional else 1), 6, dtype=sim.stepper.x.dtype)
            head.requires_grad_(False)
            targets = torch.randint(0, 6, (sim.stepper.x.shape[1],))
    return sim, rnn, head, targets


def loss_of(out_t, head, targets):
    return 0.5 * (out_t**2).sum() if head is None else nn.functional.cross_entropy(head(out_t), targets)


def autograd_through_module(sim, rnn, t_star, head, targets):
    """Gradients from autograd through the real nn.LSTM / nn.GRU (time-major x)."""
    x = sim.stepper.x.detach().clone().requires_grad_(True)
    h0 = sim.h0.detach().clone().requires_grad_(True)
    lstm = isinstance(rnn, nn.LSTM)
    c0 = sim.stepper.c0.detach().clone().requires_grad_(True) if lstm else None
    rnn.requires_grad_(True)
    try:
        out, _ = rnn(x.transpose(0, 1) if rnn.batch_first else x, (h0, c0) if lstm else h0)
        if rnn.batch_first:
            out = out.transpose(0, 1)
        loss = loss_of(out[t_star], head, targets)
        names = [n for n, _ in rnn.named_parameters()]
        inputs = [*rnn.parameters(), x, h0] + ([c0] if lstm else [])
        grads = torch.autograd.grad(loss, inputs)
    finally:
        rnn.requires_grad_(False)
    result = dict(zip(names, grads))
    result["x"], result["h0"] = grads[len(names)], grads[len(names) + 1]
    if lstm:
        result["c0"] = grads[len(names) + 2]
    return float(loss.detach()), result


def autograd_through_cell_loop(sim, rnn, t_star, head, targets):
    """dL/dh_t [T, L*D, B, H_out] and dL/dc_t [T, L*D, B, H] of every cell, by autograd through an
    explicit loop of PyTorch's formulas (nn.LSTM's and nn.GRU's docs), and the loop's param grads."""
    lstm = isinstance(rnn, nn.LSTM)
    L, D, H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
    P = (rnn.proj_size or H) if lstm else H
    x = sim.stepper.x
    T, B, _ = x.shape
    params = {n: p.detach().clone().requires_grad_(True) for n, p in rnn.named_parameters()}
    h_states, c_states = {}, {}
    layer_input = x
    for layer in range(L):
        outs = []
        for d in range(D):
            get = lambda kind: params.get(param_name(kind, layer, d))  # noqa: E731, B023 (used at once)
            w_ih, w_hh, b_ih, b_hh = get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")
            h, c = sim.h0[layer * D + d], (sim.stepper.c0[layer * D + d] if lstm else None)
            seq = [None] * T
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                gi = layer_input[t] @ w_ih.t() + (b_ih if b_ih is not None else 0)
                gh = h @ w_hh.t() + (b_hh if b_hh is not None else 0)
                if lstm:
                    i, f, g, o = (gi + gh).chunk(4, 1)
                    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                    h = torch.sigmoid(o) * torch.tanh(c)
                    if rnn.proj_size:
                        h = h @ get("weight_hr").t()
                    c.retain_grad()
                    c_states[(t, layer * D + d)] = c
                else:
                    i_r, i_z, i_n = gi.chunk(3, 1)
                    h_r, h_z, h_n = gh.chunk(3, 1)
                    r, z = torch.sigmoid(i_r + h_r), torch.sigmoid(i_z + h_z)
                    n = torch.tanh(i_n + r * h_n)
                    h = (1 - z) * n + z * h
                h.retain_grad()
                h_states[(t, layer * D + d)] = h
                seq[t] = h
            outs.append(torch.stack(seq))
        layer_input = torch.cat(outs, dim=-1)
    loss_of(layer_input[t_star], head, targets).backward()
    grad_h = torch.zeros(T, L * D, B, P, dtype=x.dtype)
    grad_c = torch.zeros(T, L * D, B, H, dtype=x.dtype)
    for (t, row), h in h_states.items():
        if h.grad is not None:
            grad_h[t, row] = h.grad
    for (t, row), c in c_states.items():
        if c.grad is not None:
            grad_c[t, row] = c.grad
    return grad_h, grad_c, {n: p.grad for n, p in params.items()}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("with_head", [False, True])
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_gradients_equal_autograd(spec, with_head, dtype):
    tol = TOLERANCES[dtype]
    sim, rnn, head, targets = make_case(spec, dtype, with_head)
    T = sim.stepper.x.shape[0]
    for t_star in sorted({0, T // 2, T - 1}):
        bp = Backprop(rnn, sim.stepper.x, sim.h0, t_star, head, targets, c0=sim.stepper.c0)
        loss, expected = autograd_through_module(sim, rnn, t_star, head, targets)
        assert bp.loss == pytest.approx(loss, abs=tol)
        for name, _ in rnn.named_parameters():
            torch.testing.assert_close(bp.grads[name], expected[name], atol=tol, rtol=0, msg=name)
        torch.testing.assert_close(bp.grad_inputs, expected["x"], atol=tol, rtol=0)
        torch.testing.assert_close(bp.grad_h0, expected["h0"], atol=tol, rtol=0)
        if spec["cell"] == "lstm":
            torch.testing.assert_close(bp.grad_c0, expected["c0"], atol=tol, rtol=0)
        else:
            assert bp.grad_c0 is None and bp.grad_cell is None and bp.cell_grad_norms() is None
        assert max(float(g.abs().max()) for g in bp.grads.values()) > 1e-4  # not trivially zero


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=spec_id)
def test_per_cell_gradients_equal_autograd(spec, dtype):
    tol = TOLERANCES[dtype]
    sim, rnn, head, targets = make_case(spec, dtype, with_head=True)
    t_star = sim.stepper.x.shape[0] // 2
    bp = Backprop(rnn, sim.stepper.x, sim.h0, t_star, head, targets, c0=sim.stepper.c0)
    grad_h, grad_c, loop_grads = autograd_through_cell_loop(sim, rnn, t_star, head, targets)
    _, expected = autograd_through_module(sim, rnn, t_star, head, targets)
    for name, grad in loop_grads.items():  # the loop computes the same function as the module
        torch.testing.assert_close(grad, expected[name], atol=tol, rtol=0, msg=name)
    torch.testing.assert_close(bp.grad_hidden, grad_h, atol=tol, rtol=0)
    torch.testing.assert_close(bp.grad_norms(), grad_h.flatten(2).norm(dim=2), atol=tol, rtol=0)
    if spec["cell"] == "lstm":
        torch.testing.assert_close(bp.grad_cell, grad_c, atol=tol, rtol=0)
        torch.testing.assert_close(bp.cell_grad_norms(), grad_c.flatten(2).norm(dim=2), atol=tol, rtol=0)


@pytest.mark.parametrize("spec", [SPECS[1], SPECS[2], SPECS[5], SPECS[6]], ids=spec_id)
def test_records_obey_the_formulas_and_add_up_to_the_totals(spec):
    sim, rnn, _, _ = make_case(spec, "float64", with_head=False)
    bp = backprop(sim, sim.stepper.x.shape[0] - 2)
    lstm = spec["cell"] == "lstm"
    sums = {name: torch.zeros_like(p) for name, p in rnn.named_parameters()}
    H = rnn.hidden_size
    for index in range(len(bp)):
        rec = bp.record(index)
        close = lambda a, b: torch.testing.assert_close(a, b, atol=1e-12, rtol=0)  # noqa: E731
        close(rec.grad_h_from_above + rec.grad_h_from_next, rec.grad_h)
        assert rec.activation_derivative is None and rec.cell_type == spec["cell"]
        assert tuple(rec.gates) == (("i", "f", "g", "o") if lstm else ("r", "z", "n"))
        w_hh = getattr(rnn, param_name("weight_hh", rec.layer, rec.direction))
        if lstm:
            f = rec.gates["f"]
            close(rec.grad_c_prev, rec.grad_c * f)  # the cell-state path: only the forget gate
            close(rec.grad_h_prev, rec.grad_pre @ w_hh)
            close(rec.grad_gates["f"], rec.grad_c * rec.c_prev)
            close(rec.grad_pre[:, H : 2 * H], rec.grad_gates["f"] * f * (1 - f))
            close(rec.grad_recurrent_term, rec.grad_pre)
        else:
            z = rec.gates["z"]
            close(rec.grad_h_prev, rec.grad_recurrent_term @ w_hh + rec.grad_h * z)  # z's direct path
            close(rec.grad_recurrent_term[:, : 2 * H], rec.grad_pre[:, : 2 * H])
            close(rec.grad_recurrent_term[:, 2 * H :], rec.grad_pre[:, 2 * H :] * rec.gates["r"])
            assert rec.grad_c is None and rec.c_t is None
        for kind, share in (
            ("weight_ih", rec.grad_weight_ih),
            ("weight_hh", rec.grad_weight_hh),
            ("bias_ih", rec.grad_bias),
            ("bias_hh", rec.grad_bias_hh),
            ("weight_hr", rec.grad_weight_hr),
        ):
            if share is not None:
                sums[param_name(kind, rec.layer, rec.direction)] += share
    for name, total in sums.items():
        torch.testing.assert_close(total, bp.grads[name], atol=1e-12, rtol=0, msg=name)


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_text_model_gradients_through_the_head_and_embedding(cell):
    sim = Simulation.build(
        RNNConfig(cell=cell, input_size=6, hidden_size=4, text="我爱你", dtype="float64", seed=2)
    )
    bp = backprop(sim, 1)  # "我爱" -> target "你"
    assert bp.loss_kind == LOSS_CROSS_ENTROPY
    model = sim.model
    model.requires_grad_(True)
    try:
        out, _ = model.rnn(model.embedding(sim.token_ids).unsqueeze(1))
        target = torch.tensor([model.vocab.tokens.index("你")])
        loss = nn.functional.cross_entropy(model.head(out[1]), target)
        grads = torch.autograd.grad(loss, [model.embedding.weight, model.head.weight, model.rnn.weight_hh_l0])
    finally:
        model.requires_grad_(False)
    assert bp.loss == pytest.approx(float(loss), abs=1e-10)
    for got, want in zip(
        [bp.grads["embedding.weight"], bp.grads["head.weight"], bp.grads["weight_hh_l0"]], grads
    ):
        torch.testing.assert_close(got, want, atol=1e-10, rtol=0)


def test_the_forget_gate_decides_how_far_the_gradient_reaches_back_along_c():
    """The lesson's point on real numbers: along the cell state the gradient is multiplied only by
    f at each step. Forget gate held open (forget bias 8, f ~ 0.9997): dL/dc_t reaches the first
    step at the same order of magnitude; held shut (bias -4, f ~ 0.02): it is gone after a few steps. The product of
    forget gates (gate_memory) is the same story from the forward values."""
    config = RNNConfig(
        cell="lstm", input_size=3, hidden_size=4, seq_len=40, dtype="float64", seed=3, h0="random"
    )
    H = 4
    surviving = {}
    for bias in (8.0, -4.0):
        sim = Simulation.build(config)
        with torch.no_grad():
            sim.model.rnn.bias_ih_l0[H : 2 * H] = bias
        bp = backprop(sim, 39)
        c_norms = bp.cell_grad_norms()[:, 0]
        memory = gate_memory(bp, 0, 0)
        assert memory.gate == "f"
        f = torch.stack([bp.record(len(bp) - 1 - t).gates["f"] for t in range(40)])  # records run backwards
        torch.testing.assert_close(memory.values, f, atol=1e-12, rtol=0)
        torch.testing.assert_close(memory.surviving, torch.cumprod(f, 0), atol=1e-12, rtol=0)
        surviving[bias] = float(memory.surviving[-1].mean())
        if bias > 0:
            assert float(c_norms[0]) > 0.1 * float(c_norms[39])  # still the same order after 39 steps
        else:
            assert float(c_norms[0]) < 1e-20 * float(c_norms[39])
    assert surviving[8.0] > 0.95 and surviving[-4.0] < 1e-30


def test_gru_gate_memory_is_the_product_of_z_in_its_direction():
    sim = Simulation.build(
        RNNConfig(
            cell="gru", input_size=3, hidden_size=4, seq_len=6, bidirectional=True, dtype="float64", seed=4
        )
    )
    bp = backprop(sim, 2)
    memory = gate_memory(bp, 0, 1)  # the reverse direction starts at the last step
    assert memory.gate == "z"
    z = {bp.record(i).t: bp.record(i).gates["z"] for i in range(len(bp)) if bp.record(i).direction == 1}
    assert sorted(z) == list(range(2, 6))  # the cells that influence output[2]
    torch.testing.assert_close(memory.values[5], z[5], atol=1e-12, rtol=0)
    torch.testing.assert_close(memory.surviving[2], z[5] * z[4] * z[3] * z[2], atol=1e-12, rtol=0)
    sentence = explain_gate_memory("gru", memory.surviving[0].mean().item(), 6)
    assert "update gate z" in sentence and sentence.count(". ") <= 1


def test_backprop_leaves_a_gated_model_and_the_rng_alone():
    sim = Simulation.build(
        RNNConfig(
            cell="lstm", proj_size=2, input_size=3, hidden_size=4, seq_len=4, batch_size=2, num_layers=2
        )
    )
    before = {k: v.clone() for k, v in sim.model.named_parameters()}
    state = torch.get_rng_state()
    backprop(sim, 3)
    assert torch.equal(state, torch.get_rng_state())
    assert all(torch.equal(before[k], v) for k, v in sim.model.named_parameters())
    assert not any(p.requires_grad for p in sim.model.parameters())
