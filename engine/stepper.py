"""Runs an `nn.RNN` one cell at a time with plain tensor ops, checking every cell against it.

State kept: the hidden state of every cell ([T, L*D, B, H], rows ordered like `h_n`:
layer * num_directions + direction; for the reverse direction index t is position t), and the
input terms W_ih x_t + b_ih. A cell's other terms are recomputed on demand for the cell on
screen, which keeps memory linear in T and makes stepping back O(1): it only moves a pointer.

Input terms are computed for a whole layer at once (one matrix product, as `nn.RNN` itself does)
whenever that layer's inputs are all known: layer 0 at once; in a bidirectional net each layer
when its first cell is reached. In a unidirectional multi-layer net stepped time-major, a deeper
layer's input term is computed cell by cell, while `run_to_end` batches it; the two can differ
in the last bit, both far inside the tolerance.
"""

from __future__ import annotations

import math

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from rnn_stepper.engine.cell import ACTIVATIONS, finish_cell, input_term
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.model import param_name
from rnn_stepper.engine.rng import private_global_rng
from rnn_stepper.engine.schedule import Cell, Schedule


@dataclass(frozen=True, slots=True)
class StepRecord:
    """Everything about one evaluated cell, for the whole batch. Tensors are private copies."""

    index: int  # position of the cell in the schedule
    layer: int
    direction: int
    t: int
    x_t: torch.Tensor  # [B, input of this layer]: the embedding/raw input, or both directions below
    h_prev: torch.Tensor  # [B, H]; h0 for the first cell of a sweep
    h_prev_is_h0: bool
    input_term: torch.Tensor  # [B, H] W_ih x_t + b_ih
    recurrent_term: torch.Tensor  # [B, H] W_hh h_prev + b_hh
    pre_activation: torch.Tensor  # [B, H]
    h_t: torch.Tensor  # [B, H] the stepper's result
    reference_h_t: torch.Tensor  # [B, H] nn.RNN's value for the same cell
    abs_diff: torch.Tensor  # [B, H] |h_t - reference_h_t|
    max_abs_diff: float
    tolerance: float

    @property
    def matches(self) -> bool:
        return self.max_abs_diff <= self.tolerance  # False for NaN

    @property
    def comparable(self) -> bool:
        """False when NaN or infinite values are involved: then there is no agreement to report,
        only that the numbers cannot be compared (never shown as a match)."""
        return math.isfinite(self.max_abs_diff)

    @property
    def cell(self) -> Cell:
        return Cell(self.layer, self.direction, self.t)


@dataclass(frozen=True, slots=True)
class CellCheck:
    """The running verification: every computed cell compared with nn.RNN."""

    computed: int  # cells computed so far
    matching: int  # of them, those within the tolerance
    max_abs_diff: float  # the largest |difference| over the computed cells
    ever_mismatched: np.ndarray  # [T, L*D] bool: cells that disagreed at any check since the build

    @property
    def all_match(self) -> bool:
        return self.matching == self.computed


class Stepper:
    def __init__(self, rnn: nn.RNN, inputs: torch.Tensor, h0: torch.Tensor, tolerance: float):
        """`inputs` in `rnn`'s own layout (batch_first or not); `h0` [L*D, B, H]. Unbatched
        input (seq_len, input_size) with h0 [L*D, H] is stepped as a batch of one. Forms nn.RNN
        takes but the stepper does not (PackedSequence), and shapes it refuses, raise ConfigError."""
        inputs, h0 = _checked_inputs(rnn, inputs, h0)
        self.rnn = rnn
        self.tolerance = tolerance
        self.nonlinearity = rnn.nonlinearity
        self._activation = ACTIVATIONS[rnn.nonlinearity]
        self.inputs = inputs
        self.x = inputs.transpose(0, 1) if rnn.batch_first else inputs  # [T, B, I] view
        self.h0 = h0
        T, B, _ = self.x.shape
        self.L, self.D, self.H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
        self.T, self.B = T, B
        self.schedule = Schedule(T, self.L, self.D)
        dtype = self.x.dtype
        self.hidden = torch.zeros(T, self.L * self.D, B, self.H, dtype=dtype)
        # Row-major by (layer, direction) so that one row's terms are contiguous and a whole
        # layer's product can be written in place (no second copy of a long trace).
        self._input_terms = torch.zeros(self.L * self.D, T, B, self.H, dtype=dtype)
        self._input_term_ready = np.zeros((T, self.L * self.D), dtype=bool)
        self._weights = {}
        for layer in range(self.L):
            for direction in range(self.D):
                row = layer * self.D + direction
                self._weights[row] = tuple(
                    getattr(rnn, param_name(kind, layer, direction), None)
                    for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
                )
        self._reference: torch.Tensor | None = None
        # Per-cell verification, filled lazily by check_cells(): each cell's max |h_t - nn.RNN|
        # once compared, and every cell that ever disagreed (kept when stepping back).
        self._cell_diff = np.zeros((T, self.L * self.D))
        self._checked = np.zeros((T, self.L * self.D), dtype=bool)
        self._ever_mismatched = np.zeros((T, self.L * self.D), dtype=bool)
        self.position = 0  # number of cells computed; the current cell is position - 1
        with torch.no_grad():
            self._compute_layer_input_terms(0, 0)

    # ---- moving along the schedule -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.schedule)

    @property
    def done(self) -> bool:
        return self.position == len(self.schedule)

    @property
    def current(self) -> StepRecord | None:
        return self.record(self.position - 1) if self.position else None

    @torch.no_grad()
    def step(self) -> StepRecord | None:
        """Evaluate the next cell; None when every cell is done."""
        if self.done:
            return None
        self._compute(self.position)
        self.position += 1
        return self.record(self.position - 1)

    def back(self) -> None:
        """Forget the last computed cell (O(1): its stored value is simply no longer shown)."""
        if self.position:
            self._move_back_to(self.position - 1)

    @torch.no_grad()
    def seek(self, position: int) -> None:
        """Go to the state after `position` cells have been computed (0 = nothing computed).

        Returns nothing, so that a long run does not pay for a record; read `current`."""
        if not 0 <= position <= len(self.schedule):
            raise IndexError(f"position must be between 0 and {len(self.schedule)}, got {position}")
        if position < self.position:
            self._move_back_to(position)
        elif position == len(self.schedule):
            self._run_to_end()
        else:
            while self.position < position:
                self._compute(self.position)
                self.position += 1

    def reset(self) -> None:
        self._move_back_to(0)

    def step_group(self) -> None:
        """Complete the current group: one time step (unidirectional) or one sweep (bidirectional)."""
        if not self.done:
            self.seek(self.schedule.group_end(self.position))

    def back_group(self) -> None:
        """Go back to the end of the previous group."""
        if self.position:
            size = self.schedule.group_end(0)
            self.seek(((self.position - 1) // size) * size)

    def run_to_end(self) -> None:
        self.seek(len(self.schedule))

    def is_computed(self, layer: int, direction: int, t: int) -> bool:
        return self.schedule.index(layer, direction, t) < self.position

    def _move_back_to(self, position: int) -> None:
        """Forget cells from `position` on. O(1) in the sequence length: only flags change."""
        self.position = position
        # Deeper layers' input terms were made from cells that are now forgotten.
        if self.L == 1:
            return
        if self.D == 1:  # time-major: forgotten are (t, layers >= layer) and every later t
            t, layer = divmod(position, self.L)
            if t < self.T:
                self._input_term_ready[t, max(layer, 1):] = False
                self._input_term_ready[t + 1:, 1:] = False
        else:  # bidirectional input terms are made whole-layer when a layer starts
            first_layer_not_started = -(-position // (self.T * self.D))
            for layer in range(max(first_layer_not_started, 1), self.L):
                self._input_term_ready[:, layer * self.D:(layer + 1) * self.D] = False

    # ---- the computation -----------------------------------------------------------------------

    def _layer_input(self, layer: int, t_slice) -> torch.Tensor:
        """What layer `layer` reads at times t_slice: [n, B, in] (both directions of the layer below)."""
        if layer == 0:
            return self.x[t_slice]
        below = self.hidden[t_slice, (layer - 1) * self.D:layer * self.D]  # [n, D, B, H]
        return below.permute(0, 2, 1, 3).reshape(below.shape[0], self.B, self.D * self.H)

    def _compute_layer_input_terms(self, layer: int, t_start: int, t_stop: int | None = None) -> None:
        """W_ih x + b_ih for both directions of `layer` at t_start <= t < t_stop (by default every
        t from t_start on), in one product each."""
        x = self._layer_input(layer, slice(t_start, t_stop))
        n = x.shape[0]
        flat = x.reshape(n * self.B, -1)
        for direction in range(self.D):
            row = layer * self.D + direction
            weight_ih, _, bias_ih, _ = self._weights[row]
            target = self._input_terms[row, t_start:t_start + n].view(n * self.B, self.H)
            if bias_ih is None:
                torch.mm(flat, weight_ih.t(), out=target)
            else:
                torch.addmm(bias_ih, flat, weight_ih.t(), out=target)
            self._input_term_ready[t_start:t_start + n, row] = True

    @torch.no_grad()
    def prepare_next(self, max_time_steps: int) -> bool:
        """Do part of the work the next cell will need, at most `max_time_steps` time steps of it;
        True when some was done (call again), False when there is none left.

        That work is a deeper bidirectional layer's input terms, made for the whole layer when its
        first cell is stepped: one product of T x 2H by 2H x H per direction, about 80 ms at
        T = 1000, H = 1024. A caller stepping in short slices (the window's sliced runs) calls
        this first, so no slice holds the whole product. The pieces are the same product row
        block by row block: equal to it within float rounding (not necessarily to the bit)."""
        if self.D == 1 or self.done:
            return False
        layer = self.schedule.cell(self.position).layer  # every layer below it is complete
        ready = self._input_term_ready[:, layer * self.D:(layer + 1) * self.D].all(axis=1)
        if ready.all():
            return False
        first = int(np.argmin(ready))
        self._compute_layer_input_terms(layer, first, min(self.T, first + max(1, int(max_time_steps))))
        return True

    def _ensure_input_term(self, cell: Cell) -> torch.Tensor:
        row = cell.layer * self.D + cell.direction
        if not self._input_term_ready[cell.t, row]:
            if self.D == 2:  # the whole layer below is complete when a bidirectional layer starts
                self._compute_layer_input_terms(cell.layer, 0)
            else:
                weight_ih, _, bias_ih, _ = self._weights[row]
                x_t = self._layer_input(cell.layer, slice(cell.t, cell.t + 1))[0]
                self._input_terms[row, cell.t] = input_term(x_t, weight_ih, bias_ih)
                self._input_term_ready[cell.t, row] = True
        return self._input_terms[row, cell.t]

    def _h_prev(self, cell: Cell) -> tuple[torch.Tensor, bool]:
        row = cell.layer * self.D + cell.direction
        prev = self.schedule.previous_cell(cell)
        return (self.h0[row], True) if prev is None else (self.hidden[prev.t, row], False)

    def _compute(self, index: int) -> None:
        cell = self.schedule.cell(index)
        row = cell.layer * self.D + cell.direction
        term_x = self._ensure_input_term(cell)
        h_prev, _ = self._h_prev(cell)
        _, weight_hh, _, bias_hh = self._weights[row]
        self.hidden[cell.t, row] = finish_cell(term_x, h_prev, weight_hh, bias_hh, self.nonlinearity).h_t

    def _run_to_end(self) -> None:
        """Compute every remaining cell, one sweep (layer, direction) at a time.

        A unidirectional stack is finished layer by layer here rather than time-major, so that
        each deeper layer's input terms are one matrix product; every cell gets the same inputs,
        so the result is the same computation.
        """
        if self.D == 2 or self.L == 1:
            index = self.position
            while index < len(self.schedule):
                layer, direction, t = self.schedule.cell(index)
                self._ensure_input_term(Cell(layer, direction, t))
                count = (self.T - t) if direction == 0 else (t + 1)
                self._sweep(layer, direction, t, count)
                index += count
        else:
            done_t = [0] * self.L  # per layer, how many time steps are already computed
            for index in range(self.position):
                done_t[self.schedule.cell(index).layer] += 1
            for layer in range(self.L):
                t_start = done_t[layer]
                if t_start == self.T:
                    continue
                if layer:
                    self._compute_layer_input_terms(layer, t_start)
                self._sweep(layer, 0, t_start, self.T - t_start)
        self.position = len(self.schedule)

    def _sweep(self, layer: int, direction: int, t_first: int, count: int) -> None:
        """The hot loop: `count` consecutive cells of one sweep, with input terms ready.

        The same operations in the same order as `finish_cell`, so the bits equal a cell-by-cell
        step; written out to save Python overhead (the benchmark measures this loop).
        """
        row = layer * self.D + direction
        _, weight_hh, _, bias_hh = self._weights[row]
        w_t = weight_hh.t()
        act = self._activation
        terms, out = self._input_terms[row].unbind(0), self.hidden[:, row].unbind(0)
        step = 1 if direction == 0 else -1
        h_prev, _ = self._h_prev(Cell(layer, direction, t_first))
        t = t_first
        for _ in range(count):
            rec = h_prev @ w_t if bias_hh is None else torch.addmm(bias_hh, h_prev, w_t)
            h_prev = act(terms[t] + rec, out=out[t])
            t += step

    # ---- records and verification ---------------------------------------------------------------

    @torch.no_grad()
    def record(self, index: int) -> StepRecord:
        """The full record of computed cell `index`, its terms recomputed from stored states."""
        if not 0 <= index < self.position:
            raise IndexError(f"cell {index} has not been computed (position is {self.position})")
        cell = self.schedule.cell(index)
        row = cell.layer * self.D + cell.direction
        term_x = self._ensure_input_term(cell)
        h_prev, from_h0 = self._h_prev(cell)
        _, weight_hh, _, bias_hh = self._weights[row]
        terms = finish_cell(term_x, h_prev, weight_hh, bias_hh, self.nonlinearity)
        h_t = self.hidden[cell.t, row].clone()
        reference = self.reference_hidden[cell.t, row].clone()
        diff = (h_t - reference).abs()
        return StepRecord(
            index=index, layer=cell.layer, direction=cell.direction, t=cell.t,
            x_t=self._layer_input(cell.layer, slice(cell.t, cell.t + 1))[0].clone(),
            h_prev=h_prev.clone(), h_prev_is_h0=from_h0,
            input_term=term_x.clone(), recurrent_term=terms.recurrent_term,
            pre_activation=terms.pre_activation, h_t=h_t,
            reference_h_t=reference, abs_diff=diff, max_abs_diff=float(diff.max()),
            tolerance=self.tolerance,
        )

    @property
    def reference_hidden(self) -> torch.Tensor:
        """nn.RNN's hidden state for every cell, [T, L*D, B, H], computed once when first needed.

        Layer l comes from a one-layer `nn.RNN` holding layer l's weights, fed the reference
        output of layer l-1, so every cell has an independent value to compare with.
        """
        if self._reference is None:
            with torch.no_grad():
                self._reference = reference_hidden_states(self.rnn, self.x, self.h0)
        return self._reference

    def output(self) -> torch.Tensor:
        """`nn.RNN`'s `output`, assembled from the stepper's own cells (needs every cell done)."""
        self._require_done("output")
        top = self.hidden[:, (self.L - 1) * self.D:]  # [T, D, B, H]
        out = top.permute(0, 2, 1, 3).reshape(self.T, self.B, self.D * self.H)
        return out.transpose(0, 1) if self.rnn.batch_first else out

    def h_n(self) -> torch.Tensor:
        """`nn.RNN`'s `h_n` [L*D, B, H] from the stepper's cells: the last t forward, t=0 reverse."""
        self._require_done("h_n")
        rows = [self.hidden[self.T - 1 if row % self.D == 0 else 0, row] for row in range(self.L * self.D)]
        return torch.stack(rows)

    def computed_times(self, row: int) -> slice:
        """The time steps of hidden-state row `row` (layer * D + direction) computed so far."""
        if self.schedule.time_major:
            done_steps, partial = divmod(self.position, self.L)
            return slice(0, done_steps + (1 if row < partial else 0))
        count = max(0, min(self.T, self.position - row * self.T))
        return slice(0, count) if row % self.D == 0 else slice(self.T - count, self.T)

    @torch.no_grad()
    def max_abs_diff(self) -> float:
        """Largest difference over every computed cell between the stepper and nn.RNN.

        Row by row, so the temporary is one row of the trace, not a second copy of all of it."""
        worst = 0.0
        for row in range(self.L * self.D):
            times = self.computed_times(row)
            if times.stop > times.start:
                diff = self.hidden[times, row] - self.reference_hidden[times, row]
                worst = worst_of(worst, float(diff.abs_().max()))
        return worst

    @property
    def ever_mismatched(self) -> np.ndarray:
        """[T, L*D] bool, read-only: cells that disagreed with nn.RNN at any check_cells()."""
        view = self._ever_mismatched.view()
        view.flags.writeable = False
        return view

    @torch.no_grad()
    def check_cells(self) -> CellCheck:
        """Compare every computed cell not compared yet (and the current one again) with nn.RNN.

        Vectorised per row over the new cells only, so a step costs one cell and a run to the
        end one pass over the trace."""
        current = self.schedule.cell(self.position - 1) if self.position else None
        for row in range(self.L * self.D):
            times = self.computed_times(row)
            ts = np.arange(times.start, times.stop)
            ts = ts[~self._checked[ts, row]]
            if current is not None and current.layer * self.D + current.direction == row:
                ts = np.union1d(ts, [current.t])
            if len(ts):
                index = torch.from_numpy(ts)
                diff = (self.hidden[index, row] - self.reference_hidden[index, row]).abs_()
                self._cell_diff[ts, row] = diff.reshape(len(ts), -1).amax(dim=1).double().numpy()
                self._checked[ts, row] = True
        # "not within the tolerance" rather than "above it": a NaN (a NaN weight) is a mismatch too
        self._ever_mismatched |= self._checked & ~(self._cell_diff <= self.tolerance)
        computed = np.zeros_like(self._ever_mismatched)
        for row in range(self.L * self.D):
            computed[self.computed_times(row), row] = True
        diffs = self._cell_diff[computed]
        return CellCheck(int(computed.sum()), int((diffs <= self.tolerance).sum()),
                         float(diffs.max()) if diffs.size else 0.0,  # NaN if any is NaN: shown as such
                         self._ever_mismatched.copy())

    @torch.no_grad()
    def full_forward_diff(self) -> float:
        """Compare the assembled output and h_n with the whole `nn.RNN`'s forward pass."""
        output, h_n = self.rnn(self.inputs, self.h0)
        return worst_of(float((output - self.output()).abs().max()), float((h_n - self.h_n()).abs().max()))

    def _require_done(self, what: str) -> None:
        if not self.done:
            raise RuntimeError(f"{what} needs every cell computed ({self.position}/{len(self.schedule)} done)")


def _checked_inputs(rnn: nn.RNN, inputs, h0) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs and h0 as 3-D tensors, or a ConfigError a student can act on (not a raw error)."""
    for name, value in (("the input", inputs), ("h0", h0)):
        if isinstance(value, nn.utils.rnn.PackedSequence):
            raise ConfigError(f"{name} is a PackedSequence, which the stepper does not take: give the padded "
                              "tensor (torch.nn.utils.rnn.pad_packed_sequence)")
        if not isinstance(value, torch.Tensor):
            raise ConfigError(f"{name} must be a tensor, got {type(value).__name__}")
    if inputs.dim() == 2 and h0.dim() == 2:
        inputs, h0 = inputs.unsqueeze(0 if rnn.batch_first else 1), h0.unsqueeze(1)
    if inputs.dim() != 3:
        raise ConfigError(f"the input has shape {tuple(inputs.shape)}; nn.RNN takes 3 dimensions, or 2 unbatched "
                          "(with a 2-dimensional h0)")
    batch = inputs.shape[0 if rnn.batch_first else 1]
    if batch == 0 or inputs.shape[1 if rnn.batch_first else 0] == 0:
        raise ConfigError(f"the input has shape {tuple(inputs.shape)}: a batch of 0 or 0 time steps, nothing to step")
    if inputs.shape[2] != rnn.input_size:
        raise ConfigError(f"the input has {inputs.shape[2]} features per step but the RNN's input_size is "
                          f"{rnn.input_size}")
    rows = rnn.num_layers * (2 if rnn.bidirectional else 1)
    if tuple(h0.shape) != (rows, batch, rnn.hidden_size):
        raise ConfigError(f"h0 has shape {tuple(h0.shape)}, expected {(rows, batch, rnn.hidden_size)}")
    return inputs, h0


def worst_of(*differences: float) -> float:
    """The largest difference, NaN if any is NaN. (Python's max ignores NaN depending on the
    argument order, which once reported NaN weights as max_abs_diff = 0.0, a perfect match;
    torch's max already propagates NaN within a tensor. inf - inf is NaN, so infinite values
    arrive here as NaN or inf.)"""
    return math.nan if any(math.isnan(d) for d in differences) else max(differences)


def reference_hidden_states(rnn: nn.RNN, x: torch.Tensor, h0: torch.Tensor) -> torch.Tensor:
    """Per-cell reference from single-layer `nn.RNN` modules with `rnn`'s weights ([T, B, I] x)."""
    L, D, H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
    T, B, _ = x.shape
    result = torch.empty(T, L * D, B, H, dtype=x.dtype)
    # Making modules draws their default init from the global RNG: under private_global_rng so
    # that the caller's random state does not move, and made before any forward pass so that the
    # lock is held only for that (this may run in a worker thread while the GUI builds a model).
    with private_global_rng():
        singles = [nn.RNN(x.shape[-1] if layer == 0 else D * H, H, num_layers=1, nonlinearity=rnn.nonlinearity,
                          bias=rnn.bias, bidirectional=rnn.bidirectional, dtype=x.dtype) for layer in range(L)]
    layer_input = x
    for layer, single in enumerate(singles):
        single.load_state_dict({
            param_name(kind, 0, d): getattr(rnn, param_name(kind, layer, d))
            for kind in (("weight_ih", "weight_hh", "bias_ih", "bias_hh") if rnn.bias else ("weight_ih", "weight_hh"))
            for d in range(D)
        })
        out, _ = single.eval()(layer_input, h0[layer * D:(layer + 1) * D])
        result[:, layer * D:(layer + 1) * D] = out.view(T, B, D, H).permute(0, 2, 1, 3)
        layer_input = out
    return result
