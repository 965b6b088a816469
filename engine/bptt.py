"""Backpropagation through time, by hand, one cell at a time (nn.RNN, nn.LSTM and nn.GRU).

The loss L is taken at one chosen step t*:
- a text model (with a head): the cross-entropy of the prediction at t* against the actual next
  token, L = mean over the batch of -log softmax(head(output[t*]))[target];
- a model without a head (random-tensor input): L = 0.5 * ||output[t*]||^2, summed over the
  batch and the features, so dL/doutput[t*] = output[t*] (it just measures "how much each
  earlier cell moved output[t*]").

Going backwards through the cells (the forward schedule reversed, so every cell's gradient is
complete when it is reached), each cell does the forward formula's derivative. The plain RNN:

    dL/dpre      = dL/dh_t ⊙ act'(pre)          tanh' = 1 - h_t^2,  relu' = 1 where pre > 0 (i.e. h_t > 0)
    dL/dh_{t-1} += dL/dpre · W_hh              (to the previous cell in time, or to h0)
    dL/dx_t      = dL/dpre · W_ih              (to the layer below, split into its directions, or the input)
    dW_ih       += dL/dpreᵀ x_t,   dW_hh += dL/dpreᵀ h_{t-1},   db_ih = db_hh += Σ_batch dL/dpre

where dL/dh_t = (from above: the loss, or the layer above's dL/dx) + (from the next cell in time:
W_hh-term of its dL/dpre). LSTM (engine/cell.py's forward; m = o ⊙ tanh(c_t), h_t = m or W_hr m):

    dL/dm        = dL/dh_t (· W_hr with proj_size; dW_hr += dL/dh_tᵀ m)
    dL/dc_t      = (from the next cell: its dL/dc_{t-1}) + dL/dm ⊙ o ⊙ (1 - tanh²(c_t))
    dL/di = dL/dc_t ⊙ g,  dL/df = dL/dc_t ⊙ c_{t-1},  dL/dg = dL/dc_t ⊙ i,  dL/do = dL/dm ⊙ tanh(c_t)
    dL/dpre      = [dL/di ⊙ i(1-i), dL/df ⊙ f(1-f), dL/dg ⊙ (1-g²), dL/do ⊙ o(1-o)]   (the 4 blocks)
    dL/dc_{t-1}  = dL/dc_t ⊙ f                 (the cell-state path: only multiplied by the forget gate)

GRU (h_t = n + z ⊙ (h_{t-1} - n), n = tanh(a_n), a_n = W_in x + b_in + r ⊙ (W_hn h_{t-1} + b_hn)):

    dL/dn = dL/dh_t ⊙ (1 - z),  dL/dz = dL/dh_t ⊙ (h_{t-1} - n),  dL/da_n = dL/dn ⊙ (1 - n²)
    dL/dr = dL/da_n ⊙ (W_hn h_{t-1} + b_hn)
    input side  dL/d(W_ih x + b_ih) = [dL/dr ⊙ r(1-r), dL/dz ⊙ z(1-z), dL/da_n]
    recurrent   dL/d(W_hh h + b_hh) = [dL/dr ⊙ r(1-r), dL/dz ⊙ z(1-z), dL/da_n ⊙ r]
    dL/dh_{t-1}  = (recurrent side) · W_hh + dL/dh_t ⊙ z      (z's direct path: kept memory)

and then, for all three, dL/dx_t = (input side) · W_ih, dW_ih += (input side)ᵀ x_t, dW_hh +=
(recurrent side)ᵀ h_{t-1}, db_ih += Σ (input side), db_hh += Σ (recurrent side). Only the cells
that influence output[t*] get a record: in a unidirectional net the cells at t <= t*; in the top
layer of a bidirectional net the forward cells at t <= t* and the reverse cells at t >= t*.

`spectral_radius(W_hh)` and `explain_spectral_radius` say why an RNN's gradient norms shrink or
grow going back in time; for gated cells `gate_memory` and `explain_gate_memory` say it with the
forget gate (LSTM) or the update gate z (GRU). Every gradient equals torch.autograd's
(tests/engine/test_bptt.py, tests/engine/test_gated_bptt.py).

Over 500 lines, on purpose: Backpropagation through time for the three cells (RNN, LSTM with c_t and
W_hr, GRU), written out step by step so the Backprop panel can show every term; they share the
records and the loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import torch
from rnn_stepper.engine.cell import _EMPTY, GATES, cell_step
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.model import PROJECTION_KIND, cell_type_of, output_size_of, param_name
from rnn_stepper.engine.schedule import Cell, Schedule
from rnn_stepper.engine.stepper import reference_states
from torch import nn

LOSS_CROSS_ENTROPY = "cross_entropy"
LOSS_HALF_SQUARED_NORM = "half_squared_norm"
_KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", PROJECTION_KIND)
# W_ih, W_hh, b_ih, b_hh, W_hr of one layer and direction: the biases and W_hr may be absent.
_Weights = tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor | None, torch.Tensor | None]


@dataclass(frozen=True, slots=True)
class BackwardRecord:
    """One cell on the way back; tensors are private copies. Shapes for the whole batch.

    H_out is the width of h_t (proj_size for a projected LSTM, else H); G the number of gate
    blocks (1 for the plain RNN, 4 for LSTM, 3 for GRU). Ask the record what it holds (`gates`,
    `grad_c is None`) rather than branching on `cell_type`."""

    index: int  # position in the backward order (0 = the first cell reached from the loss)
    forward_index: int  # the cell's position in the forward schedule
    layer: int
    direction: int
    t: int
    x_t: torch.Tensor  # [B, in] what the cell read
    h_prev: torch.Tensor  # [B, H_out]
    h_t: torch.Tensor  # [B, H_out]
    grad_h_from_above: torch.Tensor  # [B, H_out] from the loss (top layer at t*) or the layer above's dL/dx
    grad_h_from_next: torch.Tensor  # [B, H_out] what the next cell in time handed back (0 at the sweep's end)
    grad_h: torch.Tensor  # [B, H_out] their sum: dL/dh_t
    activation_derivative: (
        torch.Tensor | None
    )  # RNN [B, H]: tanh' = 1 - h^2 or relu' = 1[pre > 0]; None gated
    grad_pre: torch.Tensor  # [B, G*H] dL/d(W_ih x_t + b_ih): dL/dpre of every gate block
    grad_h_prev: torch.Tensor  # [B, H_out] dL/dh_{t-1}, handed to the previous cell (or h0)
    grad_h_prev_is_h0: bool
    grad_x: torch.Tensor  # [B, in] dL/dpre · W_ih, handed to the layer below (or the input)
    grad_weight_ih: torch.Tensor  # [G*H, in] this cell's share: dL/dpreᵀ x_t
    grad_weight_hh: torch.Tensor  # [G*H, H_out] this cell's share: (recurrent side)ᵀ h_prev
    grad_bias: torch.Tensor | None  # [G*H] this cell's share of db_ih; None without bias
    # Gated cells (an RNN record keeps these defaults):
    cell_type: str = "rnn"
    # [B, G*H] dL/d(W_hh h_prev + b_hh): grad_pre, except in GRU's n block (times r there)
    grad_recurrent_term: torch.Tensor | None = None
    grad_bias_hh: torch.Tensor | None = (
        None  # [G*H] this cell's share of db_hh (= grad_bias for RNN and LSTM)
    )
    gates: Mapping[str, torch.Tensor] = field(default_factory=lambda: _EMPTY)  # name -> [B, H] forward values
    grad_gates: Mapping[str, torch.Tensor] = field(
        default_factory=lambda: _EMPTY
    )  # name -> [B, H] dL/d(gate value)
    c_prev: torch.Tensor | None = None  # LSTM [B, H]
    c_t: torch.Tensor | None = None  # LSTM [B, H]
    grad_c_from_next: torch.Tensor | None = (
        None  # LSTM [B, H] the next cell's dL/dc_{t-1} (0 at the sweep's end)
    )
    grad_c: torch.Tensor | None = None  # LSTM [B, H] dL/dc_t: from the next cell + through h_t
    grad_c_prev: torch.Tensor | None = None  # LSTM [B, H] dL/dc_{t-1} = dL/dc_t ⊙ f, handed back (or to c0)
    grad_weight_hr: torch.Tensor | None = None  # LSTM with proj_size [H_out, H]: dL/dh_tᵀ m

    @property
    def cell(self) -> Cell:
        return Cell(self.layer, self.direction, self.t)

    @property
    def grad_norm(self) -> float:
        return float(self.grad_h.norm())


class _CellGradients(NamedTuple):
    """One cell's backward terms (`Backprop._cell_backward`), the single place they are computed."""

    x_t: torch.Tensor
    h_prev: torch.Tensor
    grad_pre: torch.Tensor  # input side: dL/d(W_ih x_t + b_ih)
    grad_rec: torch.Tensor  # recurrent side: dL/d(W_hh h_prev + b_hh)
    grad_h_prev: torch.Tensor
    grad_x: torch.Tensor
    activation_derivative: torch.Tensor | None = None  # RNN
    gates: Mapping[str, torch.Tensor] = _EMPTY  # gated cells
    grad_gates: Mapping[str, torch.Tensor] = _EMPTY
    c_prev: torch.Tensor | None = None  # LSTM
    grad_c: torch.Tensor | None = None
    grad_c_prev: torch.Tensor | None = None
    grad_weight_hr: torch.Tensor | None = None  # LSTM with proj_size


def _cell_weights(rnn: nn.RNNBase, layer: int, d: int) -> _Weights:
    """W_ih and W_hh (every module has them), b_ih, b_hh (not with bias=False), W_hr (proj_size only)."""
    w_ih, w_hh = (getattr(rnn, param_name(kind, layer, d)) for kind in _KINDS[:2])
    b_ih, b_hh, w_hr = (getattr(rnn, param_name(kind, layer, d), None) for kind in _KINDS[2:])
    return w_ih, w_hh, b_ih, b_hh, w_hr


def _sigmoid_slope(s: torch.Tensor) -> torch.Tensor:
    return s * (1 - s)


class Backprop:
    """The result of one backward pass: every gradient, plus per-cell records on demand.

    Kept per cell (for records and the norm-over-time plots), rows layer * D + direction like
    the stepper's `hidden`, zeros where a cell does not influence the loss: dL/dh_t
    (`grad_hidden` [T, L*D, B, H_out]), dL/dpre (`grad_pre` [T, L*D, B, G*H]), what the next
    cell handed back, and for LSTM dL/dc_t (`grad_cell` [T, L*D, B, H]).
    """

    def __init__(
        self,
        rnn: nn.RNNBase,
        x: torch.Tensor,
        h0: torch.Tensor,
        t_star: int,
        head: nn.Linear | None = None,
        targets: torch.Tensor | None = None,
        c0: torch.Tensor | None = None,
    ):
        """`x` is time-major [T, B, I]; `targets` [B] token ids (with `head`); `c0` LSTM's
        initial cell state [L*D, B, H] (None: zeros, as nn.LSTM's default)."""
        T, B, _ = x.shape
        if isinstance(t_star, bool) or not isinstance(t_star, int) or not 0 <= t_star < T:
            raise ConfigError("bptt.loss_step", high=T - 1, value=repr(t_star))
        if head is not None and targets is None:
            raise ConfigError("bptt.needs_target")
        self.cell_type = cell_type_of(rnn)
        self.rnn, self.x, self.h0, self.t_star = rnn, x, h0, t_star
        self.L, self.D, self.H, self.T, self.B = (
            rnn.num_layers,
            2 if rnn.bidirectional else 1,
            rnn.hidden_size,
            T,
            B,
        )
        self.H_out = output_size_of(rnn)
        self.G = len(GATES[self.cell_type]) or 1
        self.nonlinearity = getattr(rnn, "nonlinearity", "tanh")  # only the plain RNN has a choice
        if self.cell_type == "lstm" and c0 is None:
            c0 = torch.zeros(self.L * self.D, B, self.H, dtype=x.dtype)
        self.c0 = c0 if self.cell_type == "lstm" else None
        self.head, self.targets = head, targets
        self.probabilities: torch.Tensor | None = (
            None  # softmax at t* [B, vocab], for a loss through the head
        )
        self.schedule = Schedule(T, self.L, self.D)
        self._weights: dict[int, _Weights] = {
            layer * self.D + d: _cell_weights(rnn, layer, d) for layer in range(self.L) for d in range(self.D)
        }
        with torch.no_grad(), torch.random.fork_rng(devices=[]):  # module init inside must not move the RNG
            # The module's own forward values: [T, L*D, B, H_out] and, for LSTM, [T, L*D, B, H].
            self.hidden, self.cells = reference_states(rnn, x, h0, self.c0)
            self._run()

    # ---- the backward pass ------------------------------------------------------------------------

    def _run(self) -> None:
        T, L, D, H, B, P = self.T, self.L, self.D, self.H, self.B, self.H_out
        dtype = self.x.dtype
        self._ranges = self._relevant_ranges()
        self.grad_hidden = torch.zeros(T, L * D, B, P, dtype=dtype)
        self.grad_pre = torch.zeros(T, L * D, B, self.G * H, dtype=dtype)
        self._grad_h_from_next = torch.zeros(T, L * D, B, P, dtype=dtype)
        lstm = self.cell_type == "lstm"
        self.grad_cell = torch.zeros(T, L * D, B, H, dtype=dtype) if lstm else None
        self._grad_c_from_next = torch.zeros(T, L * D, B, H, dtype=dtype) if lstm else None
        self.grad_h0 = torch.zeros(L * D, B, P, dtype=dtype)
        self.grad_c0 = torch.zeros(L * D, B, H, dtype=dtype) if lstm else None
        self.grad_inputs = torch.zeros_like(self.x)  # time-major [T, B, I]
        self.grads: dict[str, torch.Tensor] = {}
        for row, tensors in self._weights.items():
            layer, d = divmod(row, D)
            for kind, tensor in zip(_KINDS, tensors):
                if tensor is not None:
                    self.grads[param_name(kind, layer, d)] = torch.zeros_like(tensor)

        self.loss, grad_out = self._loss_and_grad_output()  # grad_out [B, D*H_out]
        for d in range(D):
            self.grad_hidden[self.t_star, (L - 1) * D + d] += grad_out[:, d * P : (d + 1) * P]

        self.order: list[Cell] = []
        for index in reversed(range(len(self.schedule))):
            cell = self.schedule.cell(index)
            if not self.is_relevant(*cell):
                continue
            self.order.append(cell)
            layer, d, t = cell
            row = layer * D + d
            w_ih, w_hh, b_ih, _, w_hr = self._weights[row]
            g = self._cell_backward(cell)
            self.grad_pre[t, row] = g.grad_pre
            prev = self.schedule.previous_cell(cell)
            if lstm:  # the cell state's gradients: tensors made above, which the type checker cannot tell
                assert self.grad_cell is not None and self.grad_c0 is not None and g.grad_c is not None
                assert self._grad_c_from_next is not None and g.grad_c_prev is not None
                self.grad_cell[t, row] = g.grad_c
                if prev is None:
                    self.grad_c0[row] += g.grad_c_prev
                else:
                    self._grad_c_from_next[prev.t, row] = g.grad_c_prev
            if prev is None:
                self.grad_h0[row] += g.grad_h_prev
            else:
                self.grad_hidden[prev.t, row] += g.grad_h_prev
                self._grad_h_from_next[prev.t, row] = g.grad_h_prev
            if layer == 0:
                self.grad_inputs[t] += g.grad_x
            else:
                for below in range(D):
                    self.grad_hidden[t, (layer - 1) * D + below] += g.grad_x[:, below * P : (below + 1) * P]
            self.grads[param_name("weight_ih", layer, d)] += g.grad_pre.t() @ g.x_t
            self.grads[param_name("weight_hh", layer, d)] += g.grad_rec.t() @ g.h_prev
            if b_ih is not None:
                self.grads[param_name("bias_ih", layer, d)] += g.grad_pre.sum(0)
                self.grads[param_name("bias_hh", layer, d)] += g.grad_rec.sum(0)
            if g.grad_weight_hr is not None:  # (an LSTM with W_hr)
                self.grads[param_name(PROJECTION_KIND, layer, d)] += g.grad_weight_hr

    def _cell_backward(self, cell: Cell) -> _CellGradients:
        """The derivative of one cell's forward formula (the module docstring's equations), given
        its complete dL/dh_t (and, for LSTM, what the next cell handed back to c_t)."""
        layer, d, t = cell
        row = layer * self.D + d
        w_ih, w_hh, b_ih, b_hh, w_hr = self._weights[row]
        x_t = self._layer_input(layer, t)
        h_prev, prev = self._h_prev(cell)
        grad_h = self.grad_hidden[t, row]
        if self.cell_type == "rnn":
            slope = self._activation_derivative(self.hidden[t, row])
            grad_pre = grad_h * slope
            return _CellGradients(
                x_t,
                h_prev,
                grad_pre,
                grad_pre,
                grad_h_prev=grad_pre @ w_hh,
                grad_x=grad_pre @ w_ih,
                activation_derivative=slope,
            )
        c_prev = None
        if self.cell_type == "lstm":
            assert self.c0 is not None and self.cells is not None  # (made in __init__ for an LSTM)
            c_prev = self.c0[row] if prev is None else self.cells[prev.t, row]
        # The gates are not kept: recomputed from the module's own h_{t-1} (and c_{t-1}), the
        # same plain-ops cell the stepper runs.
        terms = cell_step(
            x_t, h_prev, w_ih, w_hh, b_ih, b_hh, cell=self.cell_type, c_prev=c_prev, weight_hr=w_hr
        )
        gates = terms.gates
        if self.cell_type == "lstm":
            i, f, g, o = (gates[name] for name in GATES["lstm"])
            assert terms.c_t is not None and c_prev is not None and self._grad_c_from_next is not None
            tanh_c = torch.tanh(terms.c_t)
            grad_m = grad_h if w_hr is None else grad_h @ w_hr
            grad_weight_hr = None if terms.h_unprojected is None else grad_h.t() @ terms.h_unprojected
            grad_c = self._grad_c_from_next[t, row] + grad_m * o * (1 - tanh_c * tanh_c)
            grad_gates = {"i": grad_c * g, "f": grad_c * c_prev, "g": grad_c * i, "o": grad_m * tanh_c}
            grad_pre = torch.cat(
                (
                    grad_gates["i"] * _sigmoid_slope(i),
                    grad_gates["f"] * _sigmoid_slope(f),
                    grad_gates["g"] * (1 - g * g),
                    grad_gates["o"] * _sigmoid_slope(o),
                ),
                1,
            )
            return _CellGradients(
                x_t,
                h_prev,
                grad_pre,
                grad_pre,
                grad_h_prev=grad_pre @ w_hh,
                grad_x=grad_pre @ w_ih,
                gates=gates,
                grad_gates=MappingProxyType(grad_gates),
                c_prev=c_prev,
                grad_c=grad_c,
                grad_c_prev=grad_c * f,
                grad_weight_hr=grad_weight_hr,
            )
        r, z, n = (gates[name] for name in GATES["gru"])
        hidden_n = terms.recurrent_term[:, 2 * self.H :]  # W_hn h_{t-1} + b_hn, which r scales
        grad_n = grad_h * (1 - z)
        grad_a_n = grad_n * (1 - n * n)
        grad_gates = {"r": grad_a_n * hidden_n, "z": grad_h * (h_prev - n), "n": grad_n}
        grad_rz = torch.cat((grad_gates["r"] * _sigmoid_slope(r), grad_gates["z"] * _sigmoid_slope(z)), 1)
        grad_pre = torch.cat((grad_rz, grad_a_n), 1)
        grad_rec = torch.cat((grad_rz, grad_a_n * r), 1)
        return _CellGradients(
            x_t,
            h_prev,
            grad_pre,
            grad_rec,
            grad_h_prev=grad_rec @ w_hh + grad_h * z,
            grad_x=grad_pre @ w_ih,
            gates=gates,
            grad_gates=MappingProxyType(grad_gates),
        )

    def _loss_and_grad_output(self) -> tuple[float, torch.Tensor]:
        out = self.output_at_t_star()  # [B, D*H_out]
        if self.head is None:
            self.loss_kind = LOSS_HALF_SQUARED_NORM
            return float(0.5 * (out * out).sum()), out.clone()
        self.loss_kind = LOSS_CROSS_ENTROPY
        logits = out @ self.head.weight.t()
        if self.head.bias is not None:
            logits = logits + self.head.bias
        probs = torch.softmax(logits, dim=-1)
        self.probabilities = probs
        rows = torch.arange(self.B)
        loss = float(-torch.log(probs[rows, self.targets]).mean())
        grad_logits = probs.clone()
        grad_logits[rows, self.targets] -= 1.0
        grad_logits /= self.B  # the loss is a mean over the batch
        self.grads["head.weight"] = grad_logits.t() @ out
        if self.head.bias is not None:
            self.grads["head.bias"] = grad_logits.sum(0)
        return loss, grad_logits @ self.head.weight

    def _activation_derivative(self, h: torch.Tensor) -> torch.Tensor:
        if self.nonlinearity == "tanh":
            return 1 - h * h
        return (h > 0).to(h.dtype)  # relu: h > 0 exactly where pre > 0 (autograd's relu' at 0 is 0)

    def _relevant_ranges(self) -> dict[int, tuple[int, int]]:
        """Per row, the time steps [lo, hi] whose cells influence output[t*].

        Top layer: forward t <= t*, reverse t >= t*. A layer below is read at every time its upper
        layer's relevant cells read, so its forward cells up to the latest such time count, and
        its reverse cells from the earliest one.
        """
        T, L, D = self.T, self.L, self.D
        ranges = {(L - 1) * D: (0, self.t_star)}
        if D == 2:
            ranges[(L - 1) * D + 1] = (self.t_star, T - 1)
        for layer in range(L - 2, -1, -1):
            above = [ranges[(layer + 1) * D + d] for d in range(D)]
            lo, hi = min(r[0] for r in above), max(r[1] for r in above)
            ranges[layer * D] = (0, hi)
            if D == 2:
                ranges[layer * D + 1] = (lo, T - 1)
        return ranges

    def is_relevant(self, layer: int, direction: int, t: int) -> bool:
        lo, hi = self._ranges[layer * self.D + direction]
        return lo <= t <= hi

    def _layer_input(self, layer: int, t: int) -> torch.Tensor:
        if layer == 0:
            return self.x[t]
        below = self.hidden[t, (layer - 1) * self.D : layer * self.D]  # [D, B, H_out]
        return below.permute(1, 0, 2).reshape(self.B, self.D * self.H_out)

    def _h_prev(self, cell: Cell) -> tuple[torch.Tensor, Cell | None]:
        row = cell.layer * self.D + cell.direction
        prev = self.schedule.previous_cell(cell)
        return (self.h0[row], None) if prev is None else (self.hidden[prev.t, row], prev)

    # ---- reading the result -----------------------------------------------------------------------

    def output_at_t_star(self) -> torch.Tensor:
        top = self.hidden[self.t_star, (self.L - 1) * self.D :]  # [D, B, H_out]
        return top.permute(1, 0, 2).reshape(self.B, self.D * self.H_out)

    def __len__(self) -> int:
        return len(self.order)

    def cell(self, index: int) -> Cell:
        return self.order[index]

    def grad_norms(self) -> torch.Tensor:
        """||dL/dh_t|| per cell over batch and neurons: [T, L*D] (0 where a cell does not matter)."""
        return self.grad_hidden.flatten(2).norm(dim=2)

    def cell_grad_norms(self) -> torch.Tensor | None:
        """LSTM: ||dL/dc_t|| per cell, [T, L*D] like `grad_norms`; None for RNN and GRU."""
        return None if self.grad_cell is None else self.grad_cell.flatten(2).norm(dim=2)

    @torch.no_grad()
    def record(self, index: int) -> BackwardRecord:
        """The gradient terms of the `index`-th cell on the way back (0 = nearest the loss)."""
        if not 0 <= index < len(self.order):
            raise IndexError(f"backward step {index} is outside 0..{len(self.order) - 1}")
        cell = self.order[index]
        layer, d, t = cell
        row = layer * self.D + d
        b_ih = self._weights[row][2]
        g = self._cell_backward(cell)
        grad_h = self.grad_hidden[t, row]
        from_next = self._grad_h_from_next[t, row]
        gated = self.cell_type != "rnn"
        lstm = self.cell_type == "lstm"
        return BackwardRecord(
            index=index,
            forward_index=self.schedule.index(*cell),
            layer=layer,
            direction=d,
            t=t,
            x_t=g.x_t.clone(),
            h_prev=g.h_prev.clone(),
            h_t=self.hidden[t, row].clone(),
            grad_h_from_above=grad_h - from_next,
            grad_h_from_next=from_next.clone(),
            grad_h=grad_h.clone(),
            activation_derivative=g.activation_derivative,
            grad_pre=g.grad_pre.clone(),
            grad_h_prev=g.grad_h_prev,
            grad_h_prev_is_h0=self.schedule.previous_cell(cell) is None,
            grad_x=g.grad_x,
            grad_weight_ih=g.grad_pre.t() @ g.x_t,
            grad_weight_hh=g.grad_rec.t() @ g.h_prev,
            grad_bias=None if b_ih is None else g.grad_pre.sum(0),
            cell_type=self.cell_type,
            grad_recurrent_term=g.grad_rec.clone(),
            grad_bias_hh=None if b_ih is None else g.grad_rec.sum(0),
            gates=MappingProxyType({k: v.clone() for k, v in g.gates.items()}) if gated else _EMPTY,
            grad_gates=MappingProxyType({k: v.clone() for k, v in g.grad_gates.items()}) if gated else _EMPTY,
            # (each of these is None exactly when the cell is not an LSTM)
            c_prev=g.c_prev.clone() if g.c_prev is not None else None,
            c_t=self.cells[t, row].clone() if self.cells is not None else None,  # the module's own c_t
            grad_c_from_next=(
                self._grad_c_from_next[t, row].clone() if self._grad_c_from_next is not None else None
            ),
            grad_c=g.grad_c.clone() if g.grad_c is not None else None,
            grad_c_prev=g.grad_c_prev if lstm else None,
            grad_weight_hr=g.grad_weight_hr,
        )


def backprop(simulation, t_star: int, target: int | str | None = None) -> Backprop:
    """BPTT for a Simulation's model and inputs, with the loss at step `t_star`.

    Text models: the target is the actual next token (token t*+1) unless `target` (an id or a
    token) is given; at the last step there is no next token, so `target` is required.
    The gradient of the embedding ('embedding.weight') is included for text models.
    """
    model = simulation.model
    x = simulation.stepper.x  # time-major view of the inputs
    T = x.shape[0]
    targets = None
    # A classifier's head names classes, not next characters: its gradients are shown with the
    # stand-in loss on output[t*], like a model without a head.
    head = model.head if model.predicts_next_token and simulation.token_ids is not None else None
    if head is not None:
        if target is None:
            if not (isinstance(t_star, int) and 0 <= t_star < T - 1):
                raise ConfigError("bptt.last_has_no_next", last=T - 1, high=T - 2)
            target = int(simulation.token_ids[t_star + 1])
        elif isinstance(target, str):
            ids = model.vocab.encode(target)
            if len(ids) != 1:
                raise ConfigError("bptt.target_one_token", value=repr(target))
            target = ids[0]
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(model.vocab):
            raise ConfigError("bptt.target_id", high=len(model.vocab) - 1, value=repr(target))
        targets = torch.full((x.shape[1],), target, dtype=torch.long)
    result = Backprop(model.rnn, x, simulation.h0, t_star, head, targets, c0=simulation.stepper.c0)
    if isinstance(model.embedding, nn.Embedding) and simulation.token_ids is not None:
        grad = torch.zeros_like(model.embedding.weight)
        grad.index_add_(0, simulation.token_ids, result.grad_inputs[:, 0])
        result.grads["embedding.weight"] = grad
    return result


def spectral_radius(weight_hh: torch.Tensor) -> float:
    """max |eigenvalue| of W_hh: how much one step of the recurrence can stretch a vector, in the long run."""
    with torch.no_grad():
        if not torch.isfinite(weight_hh).all():
            # LAPACK's eigenvalue routine aborts the whole process (SIGSEGV in oneMKL) on NaN/Inf.
            return float("nan")
        return float(torch.linalg.eigvals(weight_hh.detach().double()).abs().max())


def explain_spectral_radius(radius: float, nonlinearity: str = "tanh") -> Message:
    """One sentence for the student about what the radius means for gradients through time."""
    tanh = nonlinearity == "tanh"
    if radius < 1:
        return Message(
            "bptt.radius_below_one",
            radius=f"{radius:.3g}",
            msg_and=Message("bptt.and_tanh_slope" if tanh else "bptt.and_relu_gate"),
        )
    if radius > 1:
        return Message(
            "bptt.radius_above_one",
            radius=f"{radius:.3g}",
            msg_although=Message("bptt.tanh_slope" if tanh else "bptt.relu_gate"),
        )
    return Message(
        "bptt.radius_one", msg_and=Message("bptt.and_tanh_slope" if tanh else "bptt.and_relu_gate")
    )


class GateMemory(NamedTuple):
    """What replaces W_hh's spectral radius for a gated cell: the gate that decides how much of the
    past is kept (LSTM's forget gate f, GRU's update gate z) at every step of one layer and
    direction, and its running product along the sweep."""

    gate: str  # "f" or "z"
    values: torch.Tensor  # [T, B, H] the gate at every step (position t, as the stepper's rows)
    # [T, B, H] the product of the gate from the sweep's first step to t (t..T-1 for the reverse
    # direction): how much of c_0 (LSTM) or of h_0 along z's direct path (GRU) is still in step t,
    # and the factor by which the gradient along that path shrinks going back from t to the start.
    surviving: torch.Tensor


MEMORY_GATES = {"lstm": "f", "gru": "z"}


@torch.no_grad()
def gate_memory(result: Backprop, layer: int, direction: int) -> GateMemory:
    """The memory gate of one layer and direction over the whole sequence, from the module's own
    forward values (all T steps at once through engine.cell, as one batch of T*B cells)."""
    gate = MEMORY_GATES.get(result.cell_type)
    if gate is None:
        raise ConfigError("bptt.no_memory_gate")
    row, T, B = layer * result.D + direction, result.T, result.B
    w_ih, w_hh, b_ih, b_hh, w_hr = result._weights[row]
    x_all = torch.stack([result._layer_input(layer, t) for t in range(T)])  # [T, B, in]
    start = result.h0[row].unsqueeze(0)
    states = result.hidden[:, row]
    h_prev = torch.cat((start, states[:-1])) if direction == 0 else torch.cat((states[1:], start))
    c_prev = None
    if result.cells is not None and result.c0 is not None:  # (an LSTM: both)
        c_start, cells = result.c0[row].unsqueeze(0), result.cells[:, row]
        c_prev = torch.cat((c_start, cells[:-1])) if direction == 0 else torch.cat((cells[1:], c_start))
        c_prev = c_prev.reshape(T * B, -1)
    terms = cell_step(
        x_all.reshape(T * B, -1),
        h_prev.reshape(T * B, -1),
        w_ih,
        w_hh,
        b_ih,
        b_hh,
        cell=result.cell_type,
        c_prev=c_prev,
        weight_hr=w_hr,
    )
    values = terms.gates[gate].reshape(T, B, -1)
    if direction == 0:
        surviving = torch.cumprod(values, 0)
    else:
        surviving = torch.cumprod(values.flip(0), 0).flip(0)
    return GateMemory(gate, values, surviving)


def explain_gate_memory(cell_type: str, surviving: float, steps: int) -> Message:
    """One sentence for the student: why a gated cell's gradient need not vanish (`surviving`: the
    product of the memory gate over `steps` steps, averaged over the neurons)."""
    if cell_type == "lstm":
        return Message("bptt.lstm_memory", steps=steps, value=f"{surviving:.3g}")
    return Message("bptt.gru_memory", steps=steps, value=f"{surviving:.3g}")
