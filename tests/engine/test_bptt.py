"""BPTT by hand (engine/bptt.py) against torch.autograd, in float64.

Parameter, input and h0 gradients are compared with autograd through the real nn.RNN (+ head).
Per-cell dL/dh_t is compared with autograd through a cell-by-cell loop of torch ops whose
intermediate states keep their gradients (a whole nn.RNN does not expose them); that loop's own
parameter gradients are checked against nn.RNN too, so it is the same function.
"""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine.bptt import (
    LOSS_CROSS_ENTROPY,
    LOSS_HALF_SQUARED_NORM,
    Backprop,
    backprop,
    explain_spectral_radius,
    spectral_radius,
)
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.model import param_name
from rnn_stepper.engine.simulation import Simulation
from torch import nn

TOL = 1e-6

CONFIGS = [
    dict(input_size=3, hidden_size=4, num_layers=1, seq_len=5, batch_size=1),
    dict(input_size=3, hidden_size=4, num_layers=2, seq_len=6, batch_size=3),
    dict(input_size=5, hidden_size=3, num_layers=2, seq_len=4, batch_size=2, bidirectional=True),
    dict(input_size=4, hidden_size=5, num_layers=3, seq_len=5, batch_size=2, nonlinearity="relu"),
    dict(input_size=2, hidden_size=3, num_layers=2, seq_len=5, batch_size=4, bias=False, bidirectional=True),
    dict(input_size=3, hidden_size=4, num_layers=1, seq_len=7, batch_size=2, batch_first=True, h0="random"),
    dict(
        input_size=4,
        hidden_size=4,
        num_layers=2,
        seq_len=5,
        batch_size=3,
        nonlinearity="relu",
        bidirectional=True,
        h0="random",
        bias=False,
    ),
]


def rnn_params(rnn: nn.RNN) -> dict[str, torch.Tensor]:
    return dict(rnn.named_parameters())


def autograd_reference(
    rnn: nn.RNN,
    x: torch.Tensor,
    h0: torch.Tensor,
    t_star: int,
    head: nn.Linear | None,
    targets: torch.Tensor | None,
):
    """Gradients from autograd through the real nn.RNN (time-major x)."""
    rnn = rnn.train()  # dropout is 0 in these tests; train() only lets autograd run through cuDNN-free code
    rnn.requires_grad_(True)
    x = x.detach().clone().requires_grad_(True)
    h0 = h0.detach().clone().requires_grad_(True)
    head_params = []
    if head is not None:
        head.requires_grad_(True)
        head_params = list(head.parameters())
    out, _ = rnn(x.transpose(0, 1) if rnn.batch_first else x, h0)
    if rnn.batch_first:
        out = out.transpose(0, 1)
    if head is None:
        loss = 0.5 * (out[t_star] ** 2).sum()
    else:
        loss = nn.functional.cross_entropy(head(out[t_star]), targets)
    names = [n for n, _ in rnn.named_parameters()]
    grads = torch.autograd.grad(loss, [*rnn.parameters(), x, h0, *head_params])
    result = dict(zip(names, grads[: len(names)]))
    result["x"], result["h0"] = grads[len(names)], grads[len(names) + 1]
    if head is not None:
        result["head.weight"] = grads[len(names) + 2]
        if head.bias is not None:
            result["head.bias"] = grads[len(names) + 3]
        head.requires_grad_(False)
    rnn.requires_grad_(False)
    rnn.eval()
    return float(loss.detach()), result


def per_cell_autograd(
    rnn: nn.RNN,
    x: torch.Tensor,
    h0: torch.Tensor,
    t_star: int,
    head: nn.Linear | None,
    targets: torch.Tensor | None,
):
    """dL/dh for every cell [T, L*D, B, H] via autograd over an explicit cell loop, plus its param grads."""
    L, D, H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
    T, B, _ = x.shape
    params = {n: p.detach().clone().requires_grad_(True) for n, p in rnn.named_parameters()}
    act = torch.tanh if rnn.nonlinearity == "tanh" else torch.relu
    states = {}
    layer_input = x
    for layer in range(L):
        outs = []
        for d in range(D):
            w_ih, w_hh = params[param_name("weight_ih", layer, d)], params[param_name("weight_hh", layer, d)]
            b_ih, b_hh = (
                params.get(param_name("bias_ih", layer, d)),
                params.get(param_name("bias_hh", layer, d)),
            )
            h = h0[layer * D + d]
            seq = [None] * T
            for t in range(T) if d == 0 else range(T - 1, -1, -1):
                pre = layer_input[t] @ w_ih.t() + h @ w_hh.t()
                if b_ih is not None:
                    pre = pre + b_ih + b_hh
                h = act(pre)
                h.retain_grad()
                states[(t, layer * D + d)] = h
                seq[t] = h
            outs.append(torch.stack(seq))
        layer_input = torch.cat(outs, dim=-1)
    out_t = layer_input[t_star]
    loss = 0.5 * (out_t**2).sum() if head is None else nn.functional.cross_entropy(head(out_t), targets)
    loss.backward()
    grad_hidden = torch.zeros(T, L * D, B, H, dtype=x.dtype)
    for (t, row), h in states.items():
        if h.grad is not None:
            grad_hidden[t, row] = h.grad
    return grad_hidden, {n: p.grad for n, p in params.items()}


def make_case(spec: dict, with_head: bool):
    config = RNNConfig(dtype="float64", seed=7, **spec)
    sim = Simulation.build(config)
    rnn, x, h0 = sim.model.rnn, sim.stepper.x, sim.h0
    head = targets = None
    if with_head:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(3)
            head = nn.Linear(rnn.hidden_size * (2 if rnn.bidirectional else 1), 6, dtype=torch.float64)
            head.requires_grad_(False)
            targets = torch.randint(0, 6, (x.shape[1],))
    return rnn, x, h0, head, targets


@pytest.mark.parametrize("spec", CONFIGS)
@pytest.mark.parametrize("with_head", [False, True])
def test_gradients_equal_autograd(spec, with_head):
    rnn, x, h0, head, targets = make_case(spec, with_head)
    T = x.shape[0]
    for t_star in sorted({0, T // 2, T - 1}):
        bp = Backprop(rnn, x, h0, t_star, head, targets)
        loss, expected = autograd_reference(rnn, x, h0, t_star, head, targets)
        assert bp.loss == pytest.approx(loss, abs=TOL)
        assert bp.loss_kind == (LOSS_CROSS_ENTROPY if with_head else LOSS_HALF_SQUARED_NORM)
        for name, _ in rnn.named_parameters():
            torch.testing.assert_close(bp.grads[name], expected[name], atol=TOL, rtol=0, msg=name)
        torch.testing.assert_close(bp.grad_inputs, expected["x"], atol=TOL, rtol=0)
        torch.testing.assert_close(bp.grad_h0, expected["h0"], atol=TOL, rtol=0)
        if with_head:
            torch.testing.assert_close(bp.grads["head.weight"], expected["head.weight"], atol=TOL, rtol=0)
            torch.testing.assert_close(bp.grads["head.bias"], expected["head.bias"], atol=TOL, rtol=0)
        # the gradients are not trivially zero (the test can fail)
        assert max(float(g.abs().max()) for g in bp.grads.values()) > 1e-6


@pytest.mark.parametrize("spec", CONFIGS)
def test_per_cell_gradients_equal_autograd(spec):
    rnn, x, h0, head, targets = make_case(spec, with_head=True)
    t_star = x.shape[0] // 2
    bp = Backprop(rnn, x, h0, t_star, head, targets)
    grad_hidden, loop_param_grads = per_cell_autograd(rnn, x, h0, t_star, head, targets)
    _, expected = autograd_reference(rnn, x, h0, t_star, head, targets)
    for name, grad in loop_param_grads.items():  # the loop computes the same function as nn.RNN
        torch.testing.assert_close(grad, expected[name], atol=TOL, rtol=0)
    torch.testing.assert_close(bp.grad_hidden, grad_hidden, atol=TOL, rtol=0)
    norms = bp.grad_norms()
    assert norms.shape == (x.shape[0], rnn.num_layers * (2 if rnn.bidirectional else 1))
    torch.testing.assert_close(norms, grad_hidden.flatten(2).norm(dim=2), atol=TOL, rtol=0)


@pytest.mark.parametrize("spec", [CONFIGS[1], CONFIGS[2], CONFIGS[3]])
def test_records_add_up_to_the_totals(spec):
    """Each record's terms obey the formulas, and the per-cell shares sum to the full gradients."""
    rnn, x, h0, head, targets = make_case(spec, with_head=False)
    bp = Backprop(rnn, x, h0, x.shape[0] - 2, head, targets)
    D = 2 if rnn.bidirectional else 1
    sums = {name: torch.zeros_like(p) for name, p in rnn.named_parameters()}
    seen = set()
    for i in range(len(bp)):
        rec = bp.record(i)
        assert rec.cell == bp.cell(i) and rec.cell not in seen
        seen.add(rec.cell)
        assert rec.forward_index == bp.schedule.index(*rec.cell)
        torch.testing.assert_close(
            rec.grad_h_from_above + rec.grad_h_from_next, rec.grad_h, atol=1e-12, rtol=0
        )
        torch.testing.assert_close(rec.grad_pre, rec.grad_h * rec.activation_derivative, atol=1e-12, rtol=0)
        w_hh = getattr(rnn, param_name("weight_hh", rec.layer, rec.direction))
        torch.testing.assert_close(rec.grad_h_prev, rec.grad_pre @ w_hh, atol=1e-12, rtol=0)
        sums[param_name("weight_ih", rec.layer, rec.direction)] += rec.grad_weight_ih
        sums[param_name("weight_hh", rec.layer, rec.direction)] += rec.grad_weight_hh
        if rec.grad_bias is not None:
            sums[param_name("bias_ih", rec.layer, rec.direction)] += rec.grad_bias
            sums[param_name("bias_hh", rec.layer, rec.direction)] += rec.grad_bias
    for name, total in sums.items():
        torch.testing.assert_close(total, bp.grads[name], atol=1e-12, rtol=0)
    # backward order is the forward schedule reversed
    forward = [rec for rec in (bp.record(i).forward_index for i in range(len(bp)))]
    assert forward == sorted(forward, reverse=True)
    # cells without a record have no gradient; cells with one are the influence cone
    for t in range(bp.T):
        for row in range(bp.L * D):
            layer, d = divmod(row, D)
            if (layer, d, t) not in seen:
                assert float(bp.grad_hidden[t, row].abs().max()) == 0.0


def test_unidirectional_cone_is_the_past():
    rnn, x, h0, _, _ = make_case(CONFIGS[1], with_head=False)
    bp = Backprop(rnn, x, h0, 2, None, None)
    assert {c.t for c in bp.order} == {0, 1, 2}
    assert len(bp) == 3 * 2  # t = 0..2, two layers
    assert bp.record(0).cell == (1, 0, 2)  # the top cell at t* comes first
    assert bp.record(len(bp) - 1).grad_h_prev_is_h0


def test_bidirectional_top_layer_cone():
    rnn, x, h0, _, _ = make_case(CONFIGS[2], with_head=False)  # T=4, 2 layers
    bp = Backprop(rnn, x, h0, 1, None, None)
    top = {(c.direction, c.t) for c in bp.order if c.layer == 1}
    assert top == {(0, 0), (0, 1), (1, 1), (1, 2), (1, 3)}
    assert sum(1 for c in bp.order if c.layer == 0) == 2 * 4  # the layer below: every cell


def test_text_simulation_loss_is_the_next_character():
    sim = Simulation.build(RNNConfig(input_size=6, hidden_size=4, text="我爱你", dtype="float64", seed=2))
    bp = backprop(sim, 1)  # "我爱" -> target "你"
    assert bp.loss_kind == LOSS_CROSS_ENTROPY
    target = sim.model.vocab.tokens.index("你")
    model = sim.model
    model.requires_grad_(True)
    try:
        out, _ = model.rnn(model.embedding(sim.token_ids).unsqueeze(1))
        loss = nn.functional.cross_entropy(model.head(out[1]), torch.tensor([target]))
        grads = torch.autograd.grad(loss, [model.embedding.weight, model.head.weight, model.rnn.weight_hh_l0])
    finally:
        model.requires_grad_(False)
    assert bp.loss == pytest.approx(float(loss.detach()), abs=TOL)
    for got, want in zip(
        [bp.grads["embedding.weight"], bp.grads["head.weight"], bp.grads["weight_hh_l0"]], grads
    ):
        torch.testing.assert_close(got, want, atol=TOL, rtol=0)
    assert backprop(sim, 2, target="我").loss > 0  # the last step needs an explicit target
    with pytest.raises(ConfigError, match="no next character"):
        backprop(sim, 2)
    with pytest.raises(ConfigError, match="time step from 0 to 2"):
        backprop(sim, 3, target=0)


def test_backprop_leaves_model_and_rng_alone():
    sim = Simulation.build(RNNConfig(input_size=3, hidden_size=4, seq_len=4, batch_size=2, num_layers=2))
    before = {k: v.clone() for k, v in sim.model.named_parameters()}
    state = torch.get_rng_state()
    backprop(sim, 3)
    assert torch.equal(state, torch.get_rng_state())
    assert all(torch.equal(before[k], v) for k, v in sim.model.named_parameters())
    assert not any(p.requires_grad for p in sim.model.parameters())


def test_spectral_radius_and_explanation():
    w = torch.diag(torch.tensor([0.5, -0.9, 0.2]))
    assert spectral_radius(w) == pytest.approx(0.9)
    rotation = torch.tensor([[0.0, -2.0], [2.0, 0.0]])  # complex eigenvalues ±2i
    assert spectral_radius(rotation) == pytest.approx(2.0)
    assert "vanishing" in explain_spectral_radius(0.9) and "tanh" in explain_spectral_radius(0.9)
    assert "exploding" in explain_spectral_radius(2.0)
    assert "relu" in explain_spectral_radius(2.0, "relu")
    assert explain_spectral_radius(0.5).count(".") == 2  # one sentence ("0.5" has the other dot)


def test_small_w_hh_vanishes_large_w_hh_explodes():
    """The plot's lesson, on real numbers: norms over time shrink for radius < 1, grow for > 1 (relu,
    where saturation does not interfere)."""
    config = RNNConfig(
        input_size=3, hidden_size=4, seq_len=30, nonlinearity="relu", dtype="float64", h0="random", bias=False
    )
    norms = {}
    for scale in (0.5, 1.5):
        sim = Simulation.build(config)
        with torch.no_grad():
            sim.model.rnn.weight_hh_l0.copy_(scale * torch.eye(4))
            sim.model.rnn.weight_ih_l0.abs_()
            sim.h0.abs_()
        sim.inputs.abs_()  # positive inputs keep every relu active, so W_hh alone decides
        bp = backprop(sim, 29)
        norms[scale] = bp.grad_norms()[:, 0]
    assert norms[0.5][0] < 1e-6 * norms[0.5][29]
    assert norms[1.5][0] > 1e3 * norms[1.5][29]
