"""One recurrent cell in plain tensor ops: the formulas written once, in PyTorch's own formulation.

RNN (the lesson's formula):

    h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)        (or relu instead of tanh)

LSTM (nn.LSTM; the rows of weight_ih / weight_hh are the gate blocks i, f, g, o in that order):

    i, f, g, o = split(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
    i, f, o = sigmoid(i), sigmoid(f), sigmoid(o);  g = tanh(g)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)                      (with proj_size: h_t = W_hr (o * tanh(c_t)))

GRU (nn.GRU; the row blocks are r, z, n):

    r = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))
    h_t = (1 - z) * n + z * h_{t-1}           (computed as n + z * (h_{t-1} - n), as PyTorch does)

Shapes: x_t [B, input], h_prev [B, H_out], c_prev [B, H], W_ih [G*H, input], W_hh [G*H, H_out],
W_hr [H_out, H], b_* [G*H], with G gate blocks (1, 4, 3) and H_out = proj_size or H.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import torch

CELL_TYPES = ("rnn", "lstm", "gru")
MODULES = {"rnn": "nn.RNN", "lstm": "nn.LSTM", "gru": "nn.GRU"}
# Gate names in PyTorch's row-block order of weight_ih / weight_hh (the plain RNN has one block).
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
# What each gate does to a neuron, for whoever explains the numbers.
GATE_ROLES = {
    "i": "input gate: how much of the candidate g is written into the cell state",
    "f": "forget gate: how much of c_{t-1} is kept",
    "g": "candidate: the new content that may be written",
    "o": "output gate: how much of tanh(c_t) is shown as h_t",
    "r": "reset gate: how much of W_hn h_{t-1} + b_hn enters the candidate",
    "z": "update gate: how much of h_{t-1} is kept (1 - z: how much of the candidate n is taken)",
    "n": "candidate: the new hidden state proposed from x_t and the reset history",
}


def relu(x, out=None):
    """max(x, 0), like torch.relu but able to write into `out` (the stepper's hot loop does)."""
    return torch.clamp_min(x, 0.0, out=out)


ACTIVATIONS: dict[str, Callable[..., torch.Tensor]] = {"tanh": torch.tanh, "relu": relu}
_EMPTY: Mapping[str, torch.Tensor] = MappingProxyType({})


class CellTerms(NamedTuple):
    input_term: torch.Tensor  # W_ih x_t + b_ih, [B, G*H]
    recurrent_term: torch.Tensor  # W_hh h_{t-1} + b_hh, [B, G*H]
    # The argument of each nonlinearity, [B, G*H]: the sum of both terms (for GRU's n block:
    # W_in x + b_in + r * (W_hn h + b_hn)). None only from gru_update(with_pre=False) (the hot loop's).
    pre_activation: torch.Tensor | None
    h_t: torch.Tensor  # [B, H_out]
    gates: Mapping[str, torch.Tensor] = _EMPTY  # name -> [B, H] after its nonlinearity, in GATES order
    c_t: torch.Tensor | None = None  # LSTM's new cell state [B, H]
    h_unprojected: torch.Tensor | None = None  # LSTM with proj_size: o * tanh(c_t) before W_hr


def input_term(x, weight_ih, bias_ih):
    """W_ih x + b_ih for a batch of row vectors x (works for [B, in] and [N, in] alike)."""
    return x @ weight_ih.t() if bias_ih is None else torch.addmm(bias_ih, x, weight_ih.t())


def recurrent_term(h_prev, weight_hh, bias_hh):
    return h_prev @ weight_hh.t() if bias_hh is None else torch.addmm(bias_hh, h_prev, weight_hh.t())


# Above this size a float32 weight is multiplied by oneDNN, below it by MKL on a transposed copy.
# Measured on this project's 2-core AMD EPYC (torch 2.13), products of one row (B = 1): MKL's
# product of a row with W.t() is slow here (a [1, 1024] x [1024, 4096] product: ~430 us, with a
# contiguous W.t() ~300 us, oneDNN ~110-150 us, as fast as nn.LSTM's own oneDNN kernel needs to
# be); but oneDNN costs ~10-20 us a call in setup and format conversion, so below ~4 MiB of
# weight (H = 512 for LSTM) the contiguous copy with MKL is the faster one. At exactly 4 MiB (the
# RNN at H = 1024) `bench engine` measured oneDNN 5x slower than MKL over a whole trace: hence 8 MiB.
ONEDNN_MIN_WEIGHT_BYTES = 8 * 1024**2


def _onednn_linear(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """x @ weight.t() + bias by oneDNN, `weight` and `bias` already in oneDNN's layout (to_mkldnn).

    The one place that calls a private op: torch._C._nn.mkldnn_linear is what
    torch.utils.mkldnn.MkldnnLinear runs, but that public wrapper is a TorchScript module
    (deprecated, warns on every build, slower per call). If the op ever disappears or fails,
    `onednn_linear_works` says so once and products fall back to MKL (PreparedLinear)."""
    return torch._C._nn.mkldnn_linear(x.contiguous().to_mkldnn(), weight, bias).to_dense()


_onednn_verdict: list[bool] = []  # [] until probed once: whether _onednn_linear runs and is right


def onednn_linear_works() -> bool:
    """Whether this PyTorch has a working oneDNN linear (probed once on a tiny product)."""
    if not _onednn_verdict:
        try:
            weight, bias = torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([0.5, -1.0])
            works = torch.backends.mkldnn.is_available() and torch.equal(
                _onednn_linear(torch.tensor([[1.0, -1.0]]), weight.to_mkldnn(), bias.to_mkldnn()),
                torch.tensor([[-0.5, -2.0]]),
            )
        except (AttributeError, RuntimeError, NotImplementedError, TypeError):
            works = False
        _onednn_verdict.append(works)
    return _onednn_verdict[0]


def _version_key(*tensors: torch.Tensor | None) -> tuple:
    """Changes whenever one of the tensors is written in place (its version counter, which every
    in-place op bumps: an optimizer step, copy_, an element assignment, load_state_dict) or
    replaced by another tensor. (Writes through `.data` bypass the counter; nothing here does them.)"""
    return tuple(None if t is None else (t.data_ptr(), t._version) for t in tensors)


class PreparedLinear:
    """x @ weight.t() + bias for a few rows x at a time, with the weight laid out once for it.

    Still a plain matrix product (the cell around it stays op by op); only where the weight's
    numbers sit in memory, and which library multiplies them, is chosen here:
    - float32, large weight, oneDNN usable: a oneDNN copy of the weight ("onednn");
    - other float32: a contiguous copy of weight.t() for MKL ("transposed");
    - anything else (float64): the plain addmm on weight.t(), exactly as before ("plain").
    The copies are made from the weights' values now: `is_current` tells whether the weights
    have been written since (a stale copy must never be used: the owner makes a new one)."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None):
        self._key = _version_key(weight, bias)
        weight, bias = weight.detach(), None if bias is None else bias.detach()
        self.bias = bias
        if (
            weight.dtype == torch.float32
            and (bias is None or bias.dtype == torch.float32)
            and weight.nbytes >= ONEDNN_MIN_WEIGHT_BYTES
            and onednn_linear_works()
        ):
            self.kind = "onednn"
            self.weight = weight.to_mkldnn()
            self._onednn_bias = None if bias is None else bias.to_mkldnn()
        elif weight.dtype == torch.float32:
            self.kind, self.weight = "transposed", weight.t().contiguous()
        else:
            self.kind, self.weight = "plain", weight.t()

    def is_current(self, weight: torch.Tensor, bias: torch.Tensor | None) -> bool:
        return self._key == _version_key(weight, bias)

    def __call__(self, x: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
        """x @ weight.t() + bias for x [N, in]: [N, out], written into `out` if given."""
        if self.kind == "onednn":
            result = _onednn_linear(x, self.weight, self._onednn_bias)
            return result if out is None else out.copy_(result)
        if self.bias is None:
            return torch.mm(x, self.weight, out=out)
        return torch.addmm(self.bias, x, self.weight, out=out)


def cell_step(
    x_t,
    h_prev,
    weight_ih,
    weight_hh,
    bias_ih,
    bias_hh,
    nonlinearity="tanh",
    *,
    cell="rnn",
    c_prev=None,
    weight_hr=None,
) -> CellTerms:
    """Evaluate one cell and return every intermediate term (the calculation panel shows them)."""
    term_x = input_term(x_t, weight_ih, bias_ih)
    return finish_cell(
        term_x, h_prev, weight_hh, bias_hh, nonlinearity, cell=cell, c_prev=c_prev, weight_hr=weight_hr
    )


def finish_cell(
    term_x,
    h_prev,
    weight_hh,
    bias_hh,
    nonlinearity="tanh",
    *,
    cell="rnn",
    c_prev=None,
    weight_hr=None,
    recurrent_product: PreparedLinear | None = None,
) -> CellTerms:
    """The rest of the cell once the input term is known (the stepper caches input terms).
    `recurrent_product`: W_hh and b_hh prepared (the stepper's, so that a cell stepped alone
    has the same bits as in its sweep); None: the plain product of weight_hh and bias_hh."""
    term_h = (
        recurrent_term(h_prev, weight_hh, bias_hh) if recurrent_product is None else recurrent_product(h_prev)
    )
    if cell == "lstm":
        return lstm_update(term_x, term_h, c_prev, weight_hr)
    if cell == "gru":
        return gru_update(term_x, term_h, h_prev)
    pre = term_x + term_h
    return CellTerms(term_x, term_h, pre, ACTIVATIONS[nonlinearity](pre))


class LSTMScratch(NamedTuple):
    """Buffers one LSTM cell works in, with the gate views into them made once: the stepper's hot
    loop reuses one set for a whole sweep, so a cell allocates nothing and slices nothing (per-cell
    allocations and views cost more than the arithmetic at small H)."""

    pre: torch.Tensor  # [B, 4H] the pre-activations
    squashed: torch.Tensor  # [B, 4H] i, f, g, o after their nonlinearities
    pre_g: torch.Tensor  # view: the g block of `pre`
    i: torch.Tensor  # views: the blocks of `squashed`
    f: torch.Tensor
    g: torch.Tensor
    o: torch.Tensor
    tanh_c: torch.Tensor  # [B, H]
    h_full: torch.Tensor  # [B, H] o * tanh(c_t) (read only with proj_size)


def lstm_scratch(batch: int, hidden: int, dtype: torch.dtype) -> LSTMScratch:
    pre = torch.empty(batch, 4 * hidden, dtype=dtype)
    squashed = torch.empty_like(pre)
    i, f, g, o = squashed.chunk(4, 1)
    return LSTMScratch(
        pre,
        squashed,
        pre.chunk(4, 1)[2],
        i,
        f,
        g,
        o,
        torch.empty(batch, hidden, dtype=dtype),
        torch.empty(batch, hidden, dtype=dtype),
    )


def lstm_cell_into(term_x, term_h, c_prev, c_out, h_out, scratch: LSTMScratch, weight_hr=None) -> None:
    """LSTM's gates, c_t and h_t from its two terms, written into `scratch`, `c_out` and `h_out`.

    The one home of the LSTM arithmetic (lstm_update and the stepper's hot loop both call it).
    One sigmoid over all four blocks, then the g block overwritten by its tanh: fewer ops than
    one per gate (each op costs microseconds of dispatch at small H), the same values."""
    pre, squashed, pre_g, i, f, g, o, tanh_c, h_full = scratch
    torch.add(term_x, term_h, out=pre)
    torch.sigmoid(pre, out=squashed)
    torch.tanh(pre_g, out=g)
    torch.mul(f, c_prev, out=c_out).addcmul_(i, g)  # c_t = f * c_{t-1} + i * g
    torch.tanh(c_out, out=tanh_c)
    if weight_hr is None:
        torch.mul(o, tanh_c, out=h_out)
    else:
        torch.mm(torch.mul(o, tanh_c, out=h_full), weight_hr.t(), out=h_out)


def lstm_update(term_x, term_h, c_prev, weight_hr=None) -> CellTerms:
    """LSTM's gates, c_t and h_t from its two terms, as fresh tensors (a record's terms)."""
    batch, hidden = c_prev.shape
    scratch = lstm_scratch(batch, hidden, term_x.dtype)
    c_t = torch.empty(batch, hidden, dtype=term_x.dtype)
    h_t = torch.empty(batch, hidden if weight_hr is None else weight_hr.shape[0], dtype=term_x.dtype)
    lstm_cell_into(term_x, term_h, c_prev, c_t, h_t, scratch, weight_hr)
    gates = MappingProxyType({"i": scratch.i, "f": scratch.f, "g": scratch.g, "o": scratch.o})
    return CellTerms(
        term_x, term_h, scratch.pre, h_t, gates, c_t, None if weight_hr is None else scratch.h_full
    )


def gru_update(term_x, term_h, h_prev, h_out=None, with_pre=True) -> CellTerms:
    """GRU's gates and h_t from its two terms: r and z from the sums, n with r applied to the
    recurrent n block only (PyTorch's formulation; the original paper's differs). The hot loop
    passes with_pre=False: it needs no joined pre-activation (pre_activation is then None)."""
    x_rz, x_n = term_x.tensor_split((2 * h_prev.shape[1],), 1)
    h_rz, h_n = term_h.tensor_split((2 * h_prev.shape[1],), 1)
    pre_rz = x_rz + h_rz
    r, z = torch.sigmoid(pre_rz).chunk(2, 1)
    pre_n = torch.addcmul(x_n, r, h_n)
    n = torch.tanh(pre_n)
    h_t = torch.addcmul(n, z, h_prev - n, out=h_out)
    gates = MappingProxyType({"r": r, "z": z, "n": n})
    return CellTerms(term_x, term_h, torch.cat((pre_rz, pre_n), 1) if with_pre else None, h_t, gates)


class SubOperation(NamedTuple):
    """One stage of a cell in "sub-operation" stepping: its name, its formula, and the names of
    the record's parts (`StepRecord.part`) that it reveals."""

    name: str
    formula: str
    parts: tuple[str, ...]


# The teaching order of each cell's sub-operations. RNN: the lesson's terms one at a time.
# LSTM: the four pre-activations, the gates, the new cell state, the new hidden state (and the
# projection, with proj_size). GRU: r, z, the candidate n, the blend.
SUB_OPERATIONS = {
    "rnn": (
        SubOperation("input term", "W_ih x_t + b_ih", ("input_term",)),
        SubOperation("recurrent term", "W_hh h_{t-1} + b_hh", ("recurrent_term",)),
        SubOperation("sum", "W_ih x_t + b_ih + W_hh h_{t-1} + b_hh", ("pre_activation",)),
        SubOperation("h_t", "h_t = act(sum)", ("h_t",)),
    ),
    "lstm": (
        SubOperation(
            "pre-activations",
            "W_i* x_t + b_i* + W_h* h_{t-1} + b_h* for i, f, g, o",
            ("input_term", "recurrent_term", "pre_activation"),
        ),
        SubOperation("gates", "i, f, o = sigmoid(...); g = tanh(...)", ("i", "f", "g", "o")),
        SubOperation("cell state", "c_t = f * c_{t-1} + i * g", ("c_t",)),
        SubOperation("hidden state", "h_t = o * tanh(c_t)", ("h_t",)),
    ),
    "gru": (
        SubOperation(
            "reset gate",
            "r = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)",
            ("input_term", "recurrent_term", "r"),
        ),
        SubOperation("update gate", "z = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)", ("z",)),
        SubOperation(
            "candidate", "n = tanh(W_in x_t + b_in + r * (W_hn h_{t-1} + b_hn))", ("pre_activation", "n")
        ),
        SubOperation("blend", "h_t = (1 - z) * n + z * h_{t-1}", ("h_t",)),
    ),
}
_PROJECTED_LSTM = SUB_OPERATIONS["lstm"][:3] + (
    SubOperation("hidden state", "o * tanh(c_t)", ("h_unprojected",)),
    SubOperation("projection", "h_t = W_hr (o * tanh(c_t))", ("h_t",)),
)


def sub_operations(cell: str, projected: bool = False) -> tuple[SubOperation, ...]:
    """The stages of one cell in teaching order; the last one reveals h_t."""
    return _PROJECTED_LSTM if cell == "lstm" and projected else SUB_OPERATIONS[cell]
