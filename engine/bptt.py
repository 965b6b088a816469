"""Backpropagation through time, by hand, one cell at a time.

The loss L is taken at one chosen step t*:
- a text model (with a head): the cross-entropy of the prediction at t* against the actual next
  token, L = mean over the batch of -log softmax(head(output[t*]))[target];
- a model without a head (random-tensor input): L = 0.5 * ||output[t*]||^2, summed over the
  batch and the features, so dL/doutput[t*] = output[t*] (it just measures "how much each
  earlier cell moved output[t*]").

Going backwards through the cells (the forward schedule reversed, so every cell's gradient is
complete when it is reached), each cell does the forward formula's derivative:

    dL/dpre      = dL/dh_t ⊙ act'(pre)          tanh' = 1 - h_t^2,  relu' = 1 where pre > 0 (i.e. h_t > 0)
    dL/dh_{t-1} += dL/dpre · W_hh              (to the previous cell in time, or to h0)
    dL/dx_t      = dL/dpre · W_ih              (to the layer below, split into its directions, or the input)
    dW_ih       += dL/dpreᵀ x_t,   dW_hh += dL/dpreᵀ h_{t-1},   db_ih = db_hh += Σ_batch dL/dpre

where dL/dh_t = (from above: the loss, or the layer above's dL/dx) + (from the next cell in time:
W_hh-term of its dL/dpre). Only the cells that influence output[t*] get a record: in a
unidirectional net the cells at t <= t*; in the top layer of a bidirectional net the forward cells
at t <= t* and the reverse cells at t >= t*.

`spectral_radius(W_hh)` and `explain_spectral_radius` say why the gradient norms shrink or grow
going back in time. Every gradient equals torch.autograd's (tests/engine/test_bptt.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.model import cell_type_of, param_name
from rnn_stepper.engine.schedule import Cell, Schedule
from rnn_stepper.engine.stepper import reference_hidden_states

LOSS_CROSS_ENTROPY = "cross_entropy"
LOSS_HALF_SQUARED_NORM = "half_squared_norm"


@dataclass(frozen=True, slots=True)
class BackwardRecord:
    """One cell on the way back; tensors are private copies. Shapes for the whole batch."""

    index: int  # position in the backward order (0 = the first cell reached from the loss)
    forward_index: int  # the cell's position in the forward schedule
    layer: int
    direction: int
    t: int
    x_t: torch.Tensor  # [B, in] what the cell read
    h_prev: torch.Tensor  # [B, H]
    h_t: torch.Tensor  # [B, H]
    grad_h_from_above: torch.Tensor  # [B, H] from the loss (top layer at t*) or the layer above's dL/dx
    grad_h_from_next: torch.Tensor  # [B, H] W_hh-term from the next cell in time (0 at the sweep's end)
    grad_h: torch.Tensor  # [B, H] their sum: dL/dh_t
    activation_derivative: torch.Tensor  # [B, H] tanh' = 1 - h^2 or relu' = 1[pre > 0]
    grad_pre: torch.Tensor  # [B, H] dL/dpre = dL/dh_t ⊙ act'
    grad_h_prev: torch.Tensor  # [B, H] dL/dpre · W_hh, handed to the previous cell (or h0)
    grad_h_prev_is_h0: bool
    grad_x: torch.Tensor  # [B, in] dL/dpre · W_ih, handed to the layer below (or the input)
    grad_weight_ih: torch.Tensor  # [H, in] this cell's share: dL/dpreᵀ x_t
    grad_weight_hh: torch.Tensor  # [H, H] this cell's share: dL/dpreᵀ h_prev
    grad_bias: torch.Tensor | None  # [H] this cell's share of db_ih (= of db_hh); None without bias

    @property
    def cell(self) -> Cell:
        return Cell(self.layer, self.direction, self.t)

    @property
    def grad_norm(self) -> float:
        return float(self.grad_h.norm())


class Backprop:
    """The result of one backward pass: every gradient, plus per-cell records on demand.

    Kept per cell (for records and the norm-over-time plot): dL/dh_t and dL/dpre, each
    [T, L*D, B, H] with rows layer * D + direction like the stepper's `hidden`; cells that do
    not influence the loss hold zeros.
    """

    def __init__(self, rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor, t_star: int,
                 head: nn.Linear | None = None, targets: torch.Tensor | None = None):
        """`x` is time-major [T, B, I]; `targets` [B] token ids (with `head`)."""
        T, B, _ = x.shape
        if isinstance(t_star, bool) or not isinstance(t_star, int) or not 0 <= t_star < T:
            raise ConfigError(f"the loss step must be a time step from 0 to {T - 1}, got {t_star!r}")
        if head is not None and targets is None:
            raise ConfigError("a loss through the head needs the target token")
        if cell_type_of(rnn) != "rnn":  # the gates' derivatives (and dL/dc_t) are not written out yet
            raise ConfigError(f"backpropagation through time is written for nn.RNN models only so far, not for "
                              f"nn.{type(rnn).__name__} (torch.autograd gives its gradients)")
        self.rnn, self.x, self.h0, self.t_star = rnn, x, h0, t_star
        self.L, self.D, self.H, self.T, self.B = (rnn.num_layers, 2 if rnn.bidirectional else 1,
                                                  rnn.hidden_size, T, B)
        self.nonlinearity = rnn.nonlinearity
        self.head, self.targets = head, targets
        self.probabilities: torch.Tensor | None = None  # softmax at t* [B, vocab], for a loss through the head
        self.schedule = Schedule(T, self.L, self.D)
        self._weights = {
            layer * self.D + d: tuple(getattr(rnn, param_name(kind, layer, d), None)
                                      for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
            for layer in range(self.L) for d in range(self.D)
        }
        with torch.no_grad(), torch.random.fork_rng(devices=[]):  # module init inside must not move the RNG
            self.hidden = reference_hidden_states(rnn, x, h0)  # nn.RNN's forward values, [T, L*D, B, H]
            self._run()

    # ---- the backward pass ------------------------------------------------------------------------

    def _run(self) -> None:
        T, L, D, H, B = self.T, self.L, self.D, self.H, self.B
        dtype = self.x.dtype
        self._ranges = self._relevant_ranges()
        self.grad_hidden = torch.zeros(T, L * D, B, H, dtype=dtype)
        self.grad_pre = torch.zeros(T, L * D, B, H, dtype=dtype)
        self.grad_h0 = torch.zeros(L * D, B, H, dtype=dtype)
        self.grad_inputs = torch.zeros_like(self.x)  # time-major [T, B, I]
        self.grads: dict[str, torch.Tensor] = {}
        for row, (w_ih, w_hh, b_ih, b_hh) in self._weights.items():
            layer, d = divmod(row, D)
            for kind, tensor in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), (w_ih, w_hh, b_ih, b_hh)):
                if tensor is not None:
                    self.grads[param_name(kind, layer, d)] = torch.zeros_like(tensor)

        self.loss, grad_out = self._loss_and_grad_output()  # grad_out [B, D*H]
        for d in range(D):
            self.grad_hidden[self.t_star, (L - 1) * D + d] += grad_out[:, d * H:(d + 1) * H]

        self.order: list[Cell] = []
        for index in reversed(range(len(self.schedule))):
            cell = self.schedule.cell(index)
            if not self.is_relevant(*cell):
                continue
            self.order.append(cell)
            layer, d, t = cell
            row = layer * D + d
            w_ih, w_hh, b_ih, _ = self._weights[row]
            grad_pre = self.grad_hidden[t, row] * self._activation_derivative(self.hidden[t, row])
            self.grad_pre[t, row] = grad_pre
            h_prev, prev = self._h_prev(cell)
            if prev is None:
                self.grad_h0[row] += grad_pre @ w_hh
            else:
                self.grad_hidden[prev.t, row] += grad_pre @ w_hh
            grad_x = grad_pre @ w_ih
            if layer == 0:
                self.grad_inputs[t] += grad_x
            else:
                for below in range(D):
                    self.grad_hidden[t, (layer - 1) * D + below] += grad_x[:, below * H:(below + 1) * H]
            suffix = (layer, d)
            self.grads[param_name("weight_ih", *suffix)] += grad_pre.t() @ self._layer_input(layer, t)
            self.grads[param_name("weight_hh", *suffix)] += grad_pre.t() @ h_prev
            if b_ih is not None:
                bias_grad = grad_pre.sum(0)
                self.grads[param_name("bias_ih", *suffix)] += bias_grad
                self.grads[param_name("bias_hh", *suffix)] += bias_grad

    def _loss_and_grad_output(self) -> tuple[float, torch.Tensor]:
        out = self.output_at_t_star()  # [B, D*H]
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
        below = self.hidden[t, (layer - 1) * self.D:layer * self.D]  # [D, B, H]
        return below.permute(1, 0, 2).reshape(self.B, self.D * self.H)

    def _h_prev(self, cell: Cell) -> tuple[torch.Tensor, Cell | None]:
        row = cell.layer * self.D + cell.direction
        prev = self.schedule.previous_cell(cell)
        return (self.h0[row], None) if prev is None else (self.hidden[prev.t, row], prev)

    # ---- reading the result -----------------------------------------------------------------------

    def output_at_t_star(self) -> torch.Tensor:
        top = self.hidden[self.t_star, (self.L - 1) * self.D:]  # [D, B, H]
        return top.permute(1, 0, 2).reshape(self.B, self.D * self.H)

    def __len__(self) -> int:
        return len(self.order)

    def cell(self, index: int) -> Cell:
        return self.order[index]

    def grad_norms(self) -> torch.Tensor:
        """||dL/dh_t|| per cell over batch and neurons: [T, L*D] (0 where a cell does not matter)."""
        return self.grad_hidden.flatten(2).norm(dim=2)

    @torch.no_grad()
    def record(self, index: int) -> BackwardRecord:
        """The gradient terms of the `index`-th cell on the way back (0 = nearest the loss)."""
        if not 0 <= index < len(self.order):
            raise IndexError(f"backward step {index} is outside 0..{len(self.order) - 1}")
        cell = self.order[index]
        layer, d, t = cell
        row = layer * self.D + d
        w_ih, w_hh, b_ih, _ = self._weights[row]
        h_t = self.hidden[t, row]
        h_prev, prev = self._h_prev(cell)
        x_t = self._layer_input(layer, t)
        grad_h = self.grad_hidden[t, row]
        grad_pre = self.grad_pre[t, row]
        from_next = torch.zeros_like(grad_h)
        next_t = t + 1 if d == 0 else t - 1
        if 0 <= next_t < self.T and self.is_relevant(layer, d, next_t):
            from_next = self.grad_pre[next_t, row] @ w_hh
        return BackwardRecord(
            index=index, forward_index=self.schedule.index(*cell), layer=layer, direction=d, t=t,
            x_t=x_t.clone(), h_prev=h_prev.clone(), h_t=h_t.clone(),
            grad_h_from_above=grad_h - from_next, grad_h_from_next=from_next, grad_h=grad_h.clone(),
            activation_derivative=self._activation_derivative(h_t), grad_pre=grad_pre.clone(),
            grad_h_prev=grad_pre @ w_hh, grad_h_prev_is_h0=prev is None, grad_x=grad_pre @ w_ih,
            grad_weight_ih=grad_pre.t() @ x_t, grad_weight_hh=grad_pre.t() @ h_prev,
            grad_bias=None if b_ih is None else grad_pre.sum(0),
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
                raise ConfigError(f"the last character (step {T - 1}) has no next character to compare its "
                                  f"prediction with: choose a step from 0 to {T - 2}, or a target character")
            target = int(simulation.token_ids[t_star + 1])
        elif isinstance(target, str):
            ids = model.vocab.encode(target)
            if len(ids) != 1:
                raise ConfigError(f"the target must be one token, got {target!r}")
            target = ids[0]
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(model.vocab):
            raise ConfigError(f"the target token id must be from 0 to {len(model.vocab) - 1}, got {target!r}")
        targets = torch.full((x.shape[1],), target, dtype=torch.long)
    result = Backprop(model.rnn, x, simulation.h0, t_star, head, targets)
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


def explain_spectral_radius(radius: float, nonlinearity: str = "tanh") -> str:
    """One sentence for the student about what the radius means for gradients through time."""
    saturation = (" and tanh's slope (1 - h², at most 1, small where |h| is near 1) shrinks them further"
                  if nonlinearity == "tanh" else
                  " and relu passes a gradient only where the neuron is active (pre-activation > 0)")
    if radius < 1:
        return (f"W_hh's spectral radius is {radius:.3g} < 1: going back in time each step multiplies the "
                f"gradient by W_hh, so it tends to shrink (vanishing gradients){saturation}.")
    if radius > 1:
        return (f"W_hh's spectral radius is {radius:.3g} > 1: going back in time each step multiplies the "
                f"gradient by W_hh, so it can grow (exploding gradients), although{saturation[4:]}.")
    return (f"W_hh's spectral radius is exactly 1: the gradient neither shrinks nor grows through W_hh "
            f"in the long run{saturation}.")
