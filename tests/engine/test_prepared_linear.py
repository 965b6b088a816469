"""The stepper's recurrent product W_hh h + b_hh through engine.cell.PreparedLinear: oneDNN for
large float32 weights, a contiguous W_hh.t() for MKL otherwise, float64 exactly as before; each
kind keeps the stepper's invariants (a step has the bits of run_to_end, every cell within the
tolerance of the module), a weight written in place is never multiplied from a stale copy, and
the fallback for a missing oneDNN op gives the same results."""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine import cell as cell_module
from rnn_stepper.engine.cell import PreparedLinear, cell_step, onednn_linear_works
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation

needs_onednn = pytest.mark.skipif(
    not onednn_linear_works(), reason="this PyTorch has no working oneDNN linear"
)


@pytest.fixture
def onednn_for_every_size(monkeypatch):
    """Small test nets take the oneDNN path too (normally only weights of 4 MiB and more)."""
    monkeypatch.setattr(cell_module, "ONEDNN_MIN_WEIGHT_BYTES", 0)


@pytest.fixture
def onednn_op_gone(monkeypatch):
    """As if a PyTorch release removed or broke the private oneDNN op."""

    def missing(*args):
        raise AttributeError("module 'torch._C._nn' has no attribute 'mkldnn_linear'")

    monkeypatch.setattr(cell_module, "_onednn_linear", missing)
    monkeypatch.setattr(cell_module, "_onednn_verdict", [])
    monkeypatch.setattr(cell_module, "ONEDNN_MIN_WEIGHT_BYTES", 0)


def _weights(dtype, bias=True, rows=12, cols=5, seed=0):
    generator = torch.Generator().manual_seed(seed)
    weight = torch.randn(rows, cols, generator=generator, dtype=dtype)
    return (
        weight,
        torch.randn(rows, generator=generator, dtype=dtype) if bias else None,
        torch.randn(3, cols, generator=generator, dtype=dtype),
    )


@pytest.mark.parametrize("bias", [True, False])
def test_float64_is_the_plain_product_to_the_bit(bias, onednn_for_every_size):
    weight, b, x = _weights(torch.float64, bias)
    product = PreparedLinear(weight, b)
    assert product.kind == "plain"
    expected = x @ weight.t() if b is None else torch.addmm(b, x, weight.t())
    assert torch.equal(product(x), expected)


@pytest.mark.parametrize("bias", [True, False])
def test_small_float32_uses_the_transposed_copy(bias):
    weight, b, x = _weights(torch.float32, bias)
    product = PreparedLinear(weight, b)
    assert product.kind == "transposed" and product.weight.is_contiguous()
    expected = x.double() @ weight.double().t() + (0 if b is None else b.double())
    torch.testing.assert_close(product(x).double(), expected, atol=1e-5, rtol=0)


@needs_onednn
@pytest.mark.parametrize("bias", [True, False])
def test_large_float32_uses_onednn(bias):
    cols = 512
    rows = cell_module.ONEDNN_MIN_WEIGHT_BYTES // (4 * cols)  # float32: exactly the threshold
    weight, b, x = _weights(torch.float32, bias, rows=rows, cols=cols)
    product = PreparedLinear(weight, b)
    assert product.kind == "onednn"
    out = torch.empty(3, rows)
    result = product(x, out=out)
    assert result is out and not out.is_mkldnn
    expected = x.double() @ weight.double().t() + (0 if b is None else b.double())
    torch.testing.assert_close(out.double(), expected, atol=1e-4, rtol=0)


def test_a_missing_onednn_op_falls_back_to_the_same_results(onednn_op_gone):
    weight, b, x = _weights(torch.float32)
    product = PreparedLinear(weight, b)
    assert not onednn_linear_works() and product.kind == "transposed"
    torch.testing.assert_close(product(x), torch.addmm(b, x, weight.t()), atol=1e-6, rtol=0)


def test_a_weight_written_in_place_makes_the_product_stale():
    weight, b, x = _weights(torch.float32)
    product = PreparedLinear(weight, b)
    assert product.is_current(weight, b)
    weight[0, 0] = 3.0
    assert not product.is_current(weight, b)
    product = PreparedLinear(weight, b)
    b.mul_(2)
    assert not product.is_current(weight, b)
    assert not PreparedLinear(weight, b).is_current(weight.clone(), b)  # another tensor


def _simulation(cell, *, proj=0, bidirectional=False, bias=True, dtype="float32", layers=2, batch=2):
    config = RNNConfig(
        cell=cell,
        proj_size=proj,
        input_size=3,
        hidden_size=4,
        num_layers=layers,
        bidirectional=bidirectional,
        bias=bias,
        dtype=dtype,
        seq_len=5,
        batch_size=batch,
        h0="random",
        text="",
        seed=7,
    )
    return Simulation.build(config)


SHAPES = [  # (cell, proj_size, bidirectional, bias, layers)
    ("lstm", 0, False, True, 1),
    ("lstm", 2, True, True, 2),
    ("lstm", 0, True, False, 2),
    ("gru", 0, False, True, 1),
    ("gru", 0, True, False, 2),
    ("rnn", 0, True, True, 2),
    ("rnn", 0, False, False, 1),
]


def _check_stepping_equals_run_to_end_and_module(cell, proj, bidirectional, bias, layers, kind):
    stepped = _simulation(cell, proj=proj, bidirectional=bidirectional, bias=bias, layers=layers).stepper
    while stepped.step() is not None:
        pass
    assert {p.kind for p in stepped._recurrent_products.values()} == {kind}
    run = _simulation(cell, proj=proj, bidirectional=bidirectional, bias=bias, layers=layers).stepper
    run.run_to_end()
    # (layers=1 or bidirectional: no deeper unidirectional layer, whose batched input terms may
    # differ in the last bit; see engine/stepper.py)
    assert torch.equal(stepped.hidden, run.hidden)
    if cell == "lstm":
        assert torch.equal(stepped.cell_state, run.cell_state)
    check = run.check_cells()
    assert check.all_match and check.computed == len(run)
    assert run.full_forward_diff() <= run.tolerance


@needs_onednn
@pytest.mark.parametrize("cell, proj, bidirectional, bias, layers", SHAPES)
def test_onednn_keeps_the_stepper_exact_and_verified(
    cell, proj, bidirectional, bias, layers, onednn_for_every_size
):
    _check_stepping_equals_run_to_end_and_module(cell, proj, bidirectional, bias, layers, "onednn")


@pytest.mark.parametrize("cell, proj, bidirectional, bias, layers", SHAPES)
def test_transposed_copy_keeps_the_stepper_exact_and_verified(cell, proj, bidirectional, bias, layers):
    _check_stepping_equals_run_to_end_and_module(cell, proj, bidirectional, bias, layers, "transposed")


@pytest.mark.parametrize("cell, proj, bidirectional, bias, layers", SHAPES[:3])
def test_the_fallback_keeps_the_stepper_exact_and_verified(
    cell, proj, bidirectional, bias, layers, onednn_op_gone
):
    _check_stepping_equals_run_to_end_and_module(cell, proj, bidirectional, bias, layers, "transposed")


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_float64_stepper_uses_the_plain_product(cell, onednn_for_every_size):
    stepper = _simulation(cell, dtype="float64").stepper
    stepper.step()
    assert {p.kind for p in stepper._recurrent_products.values()} == {"plain"}
    stepper.run_to_end()
    assert stepper.check_cells().all_match and stepper.full_forward_diff() <= 1e-10


@pytest.mark.parametrize("onednn", [False, pytest.param(True, marks=needs_onednn)])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_an_in_place_weight_edit_is_never_multiplied_from_a_stale_copy(cell, onednn, monkeypatch):
    if onednn:
        monkeypatch.setattr(cell_module, "ONEDNN_MIN_WEIGHT_BYTES", 0)
    sim = _simulation(cell, layers=1)
    stepper = sim.stepper
    stepper.step()
    stepper.step()  # the row's prepared product is cached now
    weight_hh, bias_hh = sim.model.rnn.weight_hh_l0, sim.model.rnn.bias_hh_l0
    with torch.no_grad():
        weight_hh.mul_(-2.0)  # not through the weight editor: nothing rebuilds the stepper
    record = stepper.step()
    expected = torch.addmm(bias_hh, record.h_prev, weight_hh.t())
    torch.testing.assert_close(record.recurrent_term, expected, atol=1e-5, rtol=0)
    stepper.run_to_end()  # the sweep's product is made from the new weights too
    rnn = sim.model.rnn
    for index in range(2, len(stepper)):  # (the stepper's reference still has the old weights)
        record = stepper.record(index)
        plain = cell_step(
            record.x_t,
            record.h_prev,
            rnn.weight_ih_l0,
            weight_hh,
            rnn.bias_ih_l0,
            bias_hh,
            stepper.nonlinearity,
            cell=cell,
            c_prev=record.c_prev,
        )
        torch.testing.assert_close(record.h_t, plain.h_t, atol=1e-5, rtol=0)
