"""Runs an `nn.RNN`, `nn.LSTM` or `nn.GRU` one cell at a time with plain tensor ops (engine/cell.py),
checking every cell against the module.

State kept: the hidden state of every cell ([T, L*D, B, H_out], rows ordered like `h_n`:
layer * num_directions + direction; for the reverse direction index t is position t), for LSTM
the cell state c_t of every cell ([T, L*D, B, H]), and the input terms W_ih x_t + b_ih (one
block per gate). A cell's other terms (gates included) are recomputed on demand for the cell on
screen, which keeps memory linear in T and makes stepping back O(1): it only moves a pointer.

Input terms are computed for a whole layer at once (one matrix product, as `nn.RNN` itself does)
whenever that layer's inputs are all known: layer 0 at once; in a bidirectional net each layer
when its first cell is reached. In a unidirectional multi-layer net stepped time-major, a deeper
layer's input term is computed cell by cell, while `run_to_end` batches it; the two can differ
in the last bit, both far inside the tolerance.

Over 500 lines, on purpose: One Stepper class whose invariants must be read together: the schedule's
position, the per-row products, records that equal run-to-end bit for bit, and the cell checks
against the module. The cell arithmetic is in engine/cell.py and the order in engine/schedule.py;
the independent per-layer reference sits at the end.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import torch
from rnn_stepper.engine.cell import (
    _EMPTY,
    ACTIVATIONS,
    GATES,
    MODULES,
    PreparedLinear,
    SubOperation,
    finish_cell,
    gru_update,
    input_term,
    lstm_cell_into,
    lstm_scratch,
    sub_operations,
)
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.model import (
    PROJECTION_KIND,
    cell_type_of,
    nonlinearity_of,
    output_size_of,
    param_name,
)
from rnn_stepper.engine.rng import private_global_rng
from rnn_stepper.engine.schedule import Cell, Schedule
from torch import nn

# A row's (layer, direction) parameters: weight_ih, weight_hh, bias_ih, bias_hh (None without
# bias), weight_hr (None without proj_size).
_RowWeights = tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor | None, torch.Tensor | None]


@dataclass(frozen=True, slots=True)
class StepRecord:
    """Everything about one evaluated cell, for the whole batch. Tensors are private copies.

    Shapes for the plain RNN; a gated cell has G blocks of H in its terms (G = 4 for LSTM's
    i, f, g, o; 3 for GRU's r, z, n), its gate values in `gates`, and for LSTM the cell state.
    Ask the record what it holds (`gates`, `c_t is None`, `sub_operations`) rather than
    branching on `cell_type`."""

    index: int  # position of the cell in the schedule
    layer: int
    direction: int
    t: int
    x_t: torch.Tensor  # [B, input of this layer]: the embedding/raw input, or both directions below
    h_prev: torch.Tensor  # [B, H_out]; h0 for the first cell of a sweep
    h_prev_is_h0: bool
    input_term: torch.Tensor  # [B, G*H] W_ih x_t + b_ih
    recurrent_term: torch.Tensor  # [B, G*H] W_hh h_prev + b_hh
    pre_activation: torch.Tensor  # [B, G*H] the argument of each nonlinearity (engine/cell.py)
    h_t: torch.Tensor  # [B, H_out] the stepper's result
    reference_h_t: torch.Tensor  # [B, H_out] the module's value for the same cell
    abs_diff: torch.Tensor  # [B, H_out] |h_t - reference_h_t|
    max_abs_diff: float  # the largest difference of h_t (and, for LSTM, of c_t)
    tolerance: float
    # Gated cells only (an RNN record keeps these defaults):
    cell_type: str = "rnn"
    gates: Mapping[str, torch.Tensor] = field(
        default_factory=lambda: _EMPTY
    )  # gate name -> [B, H] after its nonlinearity, PyTorch's order
    c_prev: torch.Tensor | None = None  # LSTM: [B, H]; c0 for the first cell of a sweep
    c_t: torch.Tensor | None = None  # LSTM: [B, H] the new cell state
    reference_c_t: torch.Tensor | None = None  # LSTM: nn.LSTM's c_t for the same cell
    c_abs_diff: torch.Tensor | None = None  # LSTM: |c_t - reference_c_t|
    h_unprojected: torch.Tensor | None = None  # LSTM with proj_size: o * tanh(c_t) [B, H] before W_hr

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

    @property
    def sub_operations(self) -> tuple[SubOperation, ...]:
        """This cell's stages in teaching order (engine.cell.SUB_OPERATIONS); the last gives h_t."""
        return sub_operations(self.cell_type, self.h_unprojected is not None)

    def part(self, name: str) -> torch.Tensor:
        """A named part: a field ("input_term", "c_t", ...) or a gate ("i", "r", ...)."""
        if name in self.gates:
            return self.gates[name]
        value = getattr(self, name, None) if name in self.__slots__ else None
        if not isinstance(value, torch.Tensor):
            raise KeyError(f"a {self.cell_type} cell has no part {name!r}")
        return value

    def revealed(self, stage: int) -> dict[str, torch.Tensor]:
        """The parts shown after `stage` sub-operations (1 = the first; len(sub_operations) = all)."""
        return {name: self.part(name) for step in self.sub_operations[:stage] for name in step.parts}


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
    def __init__(
        self,
        rnn: nn.RNNBase,
        inputs: torch.Tensor,
        h0: torch.Tensor,
        tolerance: float,
        c0: torch.Tensor | None = None,
    ):
        """`rnn` an nn.RNN, nn.LSTM or nn.GRU; `inputs` in its own layout (batch_first or not);
        `h0` [L*D, B, H_out]; for LSTM `c0` [L*D, B, H] (None: zeros, as nn.LSTM's default).
        Unbatched input (seq_len, input_size) with h0 [L*D, H_out] (and c0 [L*D, H]) is stepped
        as a batch of one. Forms the module takes but the stepper does not (PackedSequence), and
        shapes it refuses, raise ConfigError."""
        self.cell_type = cell_type_of(rnn)
        inputs, h0, c0 = _checked_inputs(rnn, inputs, h0, c0)
        self.rnn = rnn
        self.tolerance = tolerance
        self.nonlinearity = nonlinearity_of(rnn)
        self._activation = ACTIVATIONS[self.nonlinearity]
        self.inputs = inputs
        self.x = inputs.transpose(0, 1) if rnn.batch_first else inputs  # [T, B, I] view
        self.h0, self.c0 = h0, c0
        T, B, _ = self.x.shape
        self.L, self.D, self.H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
        self.H_out = output_size_of(rnn)  # width of h_t: proj_size for a projected LSTM
        self.G = len(GATES[self.cell_type]) or 1  # row blocks of weight_ih: one per gate
        self.T, self.B = T, B
        self.schedule = Schedule(T, self.L, self.D)
        self._weights: dict[int, _RowWeights] = {}
        for layer in range(self.L):
            for direction in range(self.D):
                row = layer * self.D + direction
                weight_ih, weight_hh = (
                    getattr(rnn, param_name(kind, layer, direction)) for kind in ("weight_ih", "weight_hh")
                )
                bias_ih, bias_hh, weight_hr = (
                    getattr(rnn, param_name(kind, layer, direction), None)
                    for kind in ("bias_ih", "bias_hh", PROJECTION_KIND)
                )
                self._weights[row] = (weight_ih, weight_hh, bias_ih, bias_hh, weight_hr)
        # Each row's W_hh and b_hh laid out for fast products (engine.cell.PreparedLinear), made
        # when a cell of the row is first stepped alone; sweeps use it while it is current.
        self._recurrent_products: dict[int, PreparedLinear] = {}
        self._start_over()

    def _start_over(self) -> None:
        """Nothing computed yet: the state a new stepper starts from (and `recompute` again)."""
        T, B, dtype = self.T, self.B, self.x.dtype
        self.hidden = torch.zeros(T, self.L * self.D, B, self.H_out, dtype=dtype)
        # LSTM's cell state of every cell, rows like `hidden`; None for RNN and GRU.
        self.cell_state = (
            torch.zeros(T, self.L * self.D, B, self.H, dtype=dtype) if self.cell_type == "lstm" else None
        )
        # Row-major by (layer, direction) so that one row's terms are contiguous and a whole
        # layer's product can be written in place (no second copy of a long trace).
        self._input_terms = torch.zeros(self.L * self.D, T, B, self.G * self.H, dtype=dtype)
        self._input_term_ready = np.zeros((T, self.L * self.D), dtype=bool)
        self._reference: tuple[torch.Tensor, torch.Tensor | None] | None = None
        # Per-cell verification, filled lazily by check_cells(): each cell's max |difference| with
        # the module (h_t, and c_t for LSTM) once compared, and every cell that ever disagreed
        # (kept when stepping back).
        self._cell_diff = np.zeros((T, self.L * self.D))
        self._checked = np.zeros((T, self.L * self.D), dtype=bool)
        self._ever_mismatched = np.zeros((T, self.L * self.D), dtype=bool)
        self.position = 0  # number of cells computed; the current cell is position - 1
        with torch.no_grad():
            self._compute_layer_input_terms(0, 0)

    @torch.no_grad()
    def recompute(self, inputs: torch.Tensor | None = None) -> None:
        """Compute again, in place, every cell computed so far, from the module's weights as they
        are now: after they were changed in place (engine.weight_edits). The same object stays at
        the same position; its hidden and cell states, input terms, records, the module's
        reference and the cell checks all come from the new weights, so whoever holds this
        stepper reads the truth. `inputs` (the same shape) replaces the input first: an edited
        embedding makes new input vectors."""
        position = self.position
        if inputs is not None:
            inputs, _, _ = _checked_inputs(self.rnn, inputs, self.h0, self.c0)
            if (
                inputs.shape != self.inputs.shape
            ):  # a caller's defect (Simulation.recompute keeps it), not the user's
                raise ValueError(
                    f"the new input has shape {tuple(inputs.shape)}, the stepper's {tuple(self.inputs.shape)}"
                )
            self.inputs = inputs
            self.x = inputs.transpose(0, 1) if self.rnn.batch_first else inputs
        self._start_over()
        self.seek(position)

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
                self._input_term_ready[t, max(layer, 1) :] = False
                self._input_term_ready[t + 1 :, 1:] = False
        else:  # bidirectional input terms are made whole-layer when a layer starts
            first_layer_not_started = -(-position // (self.T * self.D))
            for layer in range(max(first_layer_not_started, 1), self.L):
                self._input_term_ready[:, layer * self.D : (layer + 1) * self.D] = False

    # ---- the computation -----------------------------------------------------------------------

    def _layer_input(self, layer: int, t_slice) -> torch.Tensor:
        """What layer `layer` reads at times t_slice: [n, B, in] (both directions of the layer below)."""
        if layer == 0:
            return self.x[t_slice]
        below = self.hidden[t_slice, (layer - 1) * self.D : layer * self.D]  # [n, D, B, H_out]
        return below.permute(0, 2, 1, 3).reshape(below.shape[0], self.B, self.D * self.H_out)

    def _compute_layer_input_terms(self, layer: int, t_start: int, t_stop: int | None = None) -> None:
        """W_ih x + b_ih for both directions of `layer` at t_start <= t < t_stop (by default every
        t from t_start on), in one product each."""
        x = self._layer_input(layer, slice(t_start, t_stop))
        n = x.shape[0]
        flat = x.reshape(n * self.B, -1)
        for direction in range(self.D):
            row = layer * self.D + direction
            weight_ih, _, bias_ih, _, _ = self._weights[row]
            target = self._input_terms[row, t_start : t_start + n].view(n * self.B, self.G * self.H)
            if bias_ih is None:
                torch.mm(flat, weight_ih.t(), out=target)
            else:
                torch.addmm(bias_ih, flat, weight_ih.t(), out=target)
            self._input_term_ready[t_start : t_start + n, row] = True

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
        ready = self._input_term_ready[:, layer * self.D : (layer + 1) * self.D].all(axis=1)
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
                weight_ih, _, bias_ih, _, _ = self._weights[row]
                x_t = self._layer_input(cell.layer, slice(cell.t, cell.t + 1))[0]
                self._input_terms[row, cell.t] = input_term(x_t, weight_ih, bias_ih)
                self._input_term_ready[cell.t, row] = True
        return self._input_terms[row, cell.t]

    def _h_prev(self, cell: Cell) -> tuple[torch.Tensor, bool]:
        row = cell.layer * self.D + cell.direction
        prev = self.schedule.previous_cell(cell)
        return (self.h0[row], True) if prev is None else (self.hidden[prev.t, row], False)

    def _c_prev(self, cell: Cell) -> torch.Tensor | None:
        """LSTM's c_{t-1} for `cell` (c0 at the start of a sweep); None for RNN and GRU."""
        if self.cell_state is None or self.c0 is None:  # (both None together: RNN and GRU)
            return None
        row = cell.layer * self.D + cell.direction
        prev = self.schedule.previous_cell(cell)
        return self.c0[row] if prev is None else self.cell_state[prev.t, row]

    def _terms(self, cell: Cell):
        """Every term of a cell whose inputs are computed (engine.cell.finish_cell)."""
        row = cell.layer * self.D + cell.direction
        term_x = self._ensure_input_term(cell)
        h_prev, _ = self._h_prev(cell)
        _, weight_hh, _, bias_hh, weight_hr = self._weights[row]
        return finish_cell(
            term_x,
            h_prev,
            weight_hh,
            bias_hh,
            self.nonlinearity,
            cell=self.cell_type,
            c_prev=self._c_prev(cell),
            weight_hr=weight_hr,
            recurrent_product=self._recurrent_product(row, keep=True),
        )

    def _recurrent_product(self, row: int, keep: bool) -> PreparedLinear:
        """Row `row`'s W_hh h + b_hh as a prepared product, remade whenever the weights were
        written since it was made (so a stale copy is never used). Every cell of a row, stepped
        alone or in a sweep, goes through the same one: same kernel, same bits. `keep`: cache a
        new one for the next cells (a step); a sweep's own is dropped when the sweep ends, so a
        whole run holds one row's copy at a time (the memory benchmark's peak stays as it was)."""
        _, weight_hh, _, bias_hh, _ = self._weights[row]
        product = self._recurrent_products.get(row)
        if product is None or not product.is_current(weight_hh, bias_hh):
            product = PreparedLinear(weight_hh, bias_hh)
            if keep:
                self._recurrent_products[row] = product
            else:
                self._recurrent_products.pop(row, None)
        return product

    def _compute(self, index: int) -> None:
        cell = self.schedule.cell(index)
        row = cell.layer * self.D + cell.direction
        terms = self._terms(cell)
        self.hidden[cell.t, row] = terms.h_t
        if terms.c_t is not None and self.cell_state is not None:  # (LSTM: both)
            self.cell_state[cell.t, row] = terms.c_t

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

        The same operations in the same order as `finish_cell` (for the gated cells, the very
        same update functions), so the bits equal a cell-by-cell step; the RNN's is written out
        to save Python overhead (the benchmark measures this loop).
        """
        row = layer * self.D + direction
        weight_hr = self._weights[row][4]
        product = self._recurrent_product(row, keep=False)
        terms, out = self._input_terms[row].unbind(0), self.hidden[:, row].unbind(0)
        step = 1 if direction == 0 else -1
        h_prev, _ = self._h_prev(Cell(layer, direction, t_first))
        t = t_first
        if self.cell_state is not None:  # LSTM
            c_prev = self._c_prev(Cell(layer, direction, t_first))
            cells = self.cell_state[:, row].unbind(0)
            # One set of buffers for the sweep: a cell allocates nothing (engine.cell.LSTMScratch).
            scratch = lstm_scratch(self.B, self.H, self.hidden.dtype)
            rec = torch.empty(self.B, 4 * self.H, dtype=self.hidden.dtype)
            for _ in range(count):
                product(h_prev, out=rec)
                lstm_cell_into(terms[t], rec, c_prev, cells[t], out[t], scratch, weight_hr)
                h_prev, c_prev = out[t], cells[t]
                t += step
        elif self.cell_type == "gru":
            for _ in range(count):
                h_prev = gru_update(terms[t], product(h_prev), h_prev, h_out=out[t], with_pre=False).h_t
                t += step
        else:
            act = self._activation
            for _ in range(count):
                h_prev = act(terms[t] + product(h_prev), out=out[t])
                t += step

    # ---- records and verification ---------------------------------------------------------------

    @torch.no_grad()
    def record(self, index: int) -> StepRecord:
        """The full record of computed cell `index`, its terms recomputed from stored states."""
        if not 0 <= index < self.position:
            raise IndexError(f"cell {index} has not been computed (position is {self.position})")
        cell = self.schedule.cell(index)
        row = cell.layer * self.D + cell.direction
        terms = self._terms(cell)
        h_prev, from_h0 = self._h_prev(cell)
        h_t = self.hidden[cell.t, row].clone()
        reference_hidden, reference_cell = self.reference_states
        reference = reference_hidden[cell.t, row].clone()
        diff = (h_t - reference).abs()
        worst = float(diff.max())
        lstm = {}
        c_prev = self._c_prev(cell)
        if (
            self.cell_state is not None and reference_cell is not None and c_prev is not None
        ):  # LSTM: all three
            c_t = self.cell_state[cell.t, row].clone()
            reference_c = reference_cell[cell.t, row].clone()
            c_diff = (c_t - reference_c).abs()
            worst = max(worst, float(c_diff.max()))
            lstm = dict(
                c_prev=c_prev.clone(),
                c_t=c_t,
                reference_c_t=reference_c,
                c_abs_diff=c_diff,
                h_unprojected=terms.h_unprojected,
            )
        return StepRecord(
            index=index,
            layer=cell.layer,
            direction=cell.direction,
            t=cell.t,
            x_t=self._layer_input(cell.layer, slice(cell.t, cell.t + 1))[0].clone(),
            h_prev=h_prev.clone(),
            h_prev_is_h0=from_h0,
            input_term=terms.input_term.clone(),
            recurrent_term=terms.recurrent_term,
            pre_activation=terms.pre_activation,
            h_t=h_t,
            reference_h_t=reference,
            abs_diff=diff,
            max_abs_diff=worst,
            tolerance=self.tolerance,
            cell_type=self.cell_type,
            gates=terms.gates,
            **lstm,
        )

    @property
    def reference_states(self) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The module's own hidden state for every cell, [T, L*D, B, H_out], and for LSTM its
        cell state, [T, L*D, B, H] (None otherwise), computed once when first needed
        (see `reference_states` below)."""
        if self._reference is None:
            with torch.no_grad():  # (the modules are made under engine.rng.private_global_rng)
                self._reference = reference_states(self.rnn, self.x, self.h0, self.c0)
        return self._reference

    @property
    def reference_hidden(self) -> torch.Tensor:
        """The module's hidden state for every cell, [T, L*D, B, H_out]."""
        return self.reference_states[0]

    @property
    def reference_cell(self) -> torch.Tensor | None:
        """nn.LSTM's cell state for every cell, [T, L*D, B, H]; None for RNN and GRU."""
        return self.reference_states[1]

    def output(self) -> torch.Tensor:
        """The module's `output`, assembled from the stepper's own cells (needs every cell done)."""
        self._require_done("output")
        top = self.hidden[:, (self.L - 1) * self.D :]  # [T, D, B, H_out]
        out = top.permute(0, 2, 1, 3).reshape(self.T, self.B, self.D * self.H_out)
        return out.transpose(0, 1) if self.rnn.batch_first else out

    def _last_states(self, states: torch.Tensor) -> torch.Tensor:
        """[L*D, B, .] of a per-cell trace: the last t forward, t=0 reverse (h_n's order)."""
        return torch.stack(
            [states[self.T - 1 if row % self.D == 0 else 0, row] for row in range(self.L * self.D)]
        )

    def h_n(self) -> torch.Tensor:
        """The module's `h_n` [L*D, B, H_out] from the stepper's cells: the last t forward, t=0 reverse."""
        self._require_done("h_n")
        return self._last_states(self.hidden)

    def c_n(self) -> torch.Tensor | None:
        """nn.LSTM's `c_n` [L*D, B, H] from the stepper's cells; None for RNN and GRU."""
        self._require_done("c_n")
        return None if self.cell_state is None else self._last_states(self.cell_state)

    def computed_times(self, row: int) -> slice:
        """The time steps of hidden-state row `row` (layer * D + direction) computed so far."""
        span = self.schedule.computed_span(self.position, *divmod(row, self.D))
        return slice(span.start, span.stop)

    @torch.no_grad()
    def max_abs_diff(self) -> float:
        """Largest difference over every computed cell between the stepper and the module (h_t,
        and for LSTM c_t too).

        Row by row, so the temporary is one row of the trace, not a second copy of all of it."""
        worst = 0.0
        reference_hidden, reference_cell = self.reference_states
        pairs = [(self.hidden, reference_hidden)]
        if self.cell_state is not None and reference_cell is not None:  # (LSTM: both)
            pairs.append((self.cell_state, reference_cell))
        for row in range(self.L * self.D):
            times = self.computed_times(row)
            if times.stop > times.start:
                for ours, theirs in pairs:
                    diff = ours[times, row] - theirs[times, row]
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
        """Compare every computed cell not compared yet (and the current one again) with the module
        (nn.RNN, nn.LSTM: h_t and c_t, nn.GRU).

        Vectorised per row over the new cells only, so a step costs one cell and a run to the
        end one pass over the trace."""
        current = self.schedule.cell(self.position - 1) if self.position else None
        reference_hidden, reference_cell = self.reference_states
        pairs = [(self.hidden, reference_hidden)]
        if self.cell_state is not None and reference_cell is not None:  # (LSTM: both)
            pairs.append((self.cell_state, reference_cell))
        for row in range(self.L * self.D):
            times = self.computed_times(row)
            ts = np.arange(times.start, times.stop)
            ts = ts[~self._checked[ts, row]]
            if current is not None and current.layer * self.D + current.direction == row:
                ts = np.union1d(ts, [current.t])
            if len(ts):
                index = torch.from_numpy(ts)
                worst = np.zeros(len(ts))
                for ours, theirs in pairs:  # h_t, and c_t for LSTM
                    diff = (ours[index, row] - theirs[index, row]).abs_().reshape(len(ts), -1).amax(dim=1)
                    worst = np.maximum(worst, diff.double().numpy())  # np.maximum propagates NaN
                self._cell_diff[ts, row] = worst
                self._checked[ts, row] = True
        # "not within the tolerance" rather than "above it": a NaN (a NaN weight) is a mismatch too
        self._ever_mismatched |= self._checked & ~(self._cell_diff <= self.tolerance)
        computed = np.zeros_like(self._ever_mismatched)
        for row in range(self.L * self.D):
            computed[self.computed_times(row), row] = True
        diffs = self._cell_diff[computed]
        return CellCheck(
            int(computed.sum()),
            int((diffs <= self.tolerance).sum()),
            float(diffs.max()) if diffs.size else 0.0,  # NaN if any is NaN: shown as such
            self._ever_mismatched.copy(),
        )

    @torch.no_grad()
    def full_forward_diff(self) -> float:
        """Compare the assembled output and h_n (and c_n) with the whole module's forward pass."""
        if self.c0 is None:
            output, h_n = self.rnn(self.inputs, self.h0)
            return worst_of(
                float((output - self.output()).abs().max()), float((h_n - self.h_n()).abs().max())
            )
        output, (h_n, c_n) = self.rnn(self.inputs, (self.h0, self.c0))
        return worst_of(
            float((output - self.output()).abs().max()),
            float((h_n - self.h_n()).abs().max()),
            float((c_n - self.c_n()).abs().max()),
        )

    def _require_done(self, what: str) -> None:
        if not self.done:
            raise RuntimeError(
                f"{what} needs every cell computed ({self.position}/{len(self.schedule)} done)"
            )


def _checked_inputs(rnn: nn.RNNBase, inputs, h0, c0=None):
    """Inputs, h0 (and LSTM's c0) as 3-D tensors, or a ConfigError a student can act on (not a raw error)."""
    module = MODULES[cell_type_of(rnn)]
    lstm = cell_type_of(rnn) == "lstm"
    if c0 is not None and not lstm:
        raise ConfigError("stepper.c0_not_lstm", module=module)
    for name, value in (("the input", inputs), ("h0", h0)) + ((("c0", c0),) if c0 is not None else ()):
        if isinstance(value, nn.utils.rnn.PackedSequence):
            raise ConfigError("stepper.packed_sequence", name=name)
        if not isinstance(value, torch.Tensor):
            raise ConfigError("stepper.not_a_tensor", name=name, type=type(value).__name__)
    if inputs.dim() == 2 and h0.dim() == 2 and (c0 is None or c0.dim() == 2):
        inputs, h0 = inputs.unsqueeze(0 if rnn.batch_first else 1), h0.unsqueeze(1)
        c0 = None if c0 is None else c0.unsqueeze(1)
    if inputs.dim() != 3:
        raise ConfigError("stepper.input_dimensions", shape=tuple(inputs.shape), module=module)
    batch = inputs.shape[0 if rnn.batch_first else 1]
    if batch == 0 or inputs.shape[1 if rnn.batch_first else 0] == 0:
        raise ConfigError("stepper.input_empty", shape=tuple(inputs.shape))
    if inputs.shape[2] != rnn.input_size:
        raise ConfigError("stepper.input_features", count=inputs.shape[2], module=module, size=rnn.input_size)
    rows = rnn.num_layers * (2 if rnn.bidirectional else 1)
    if tuple(h0.shape) != (rows, batch, output_size_of(rnn)):
        raise ConfigError(
            "stepper.state_shape",
            name="h0",
            shape=tuple(h0.shape),
            expected=(rows, batch, output_size_of(rnn)),
        )
    if lstm:
        if c0 is None:
            c0 = torch.zeros(rows, batch, rnn.hidden_size, dtype=h0.dtype)
        if tuple(c0.shape) != (rows, batch, rnn.hidden_size):
            raise ConfigError(
                "stepper.state_shape",
                name="c0",
                shape=tuple(c0.shape),
                expected=(rows, batch, rnn.hidden_size),
            )
    return inputs, h0, c0


def worst_of(*differences: float) -> float:
    """The largest difference, NaN if any is NaN. (Python's max ignores NaN depending on the
    argument order, which once reported NaN weights as max_abs_diff = 0.0, a perfect match;
    torch's max already propagates NaN within a tensor. inf - inf is NaN, so infinite values
    arrive here as NaN or inf.)"""
    return math.nan if any(math.isnan(d) for d in differences) else max(differences)


def _single_layer(rnn: nn.RNNBase, layer: int, input_size: int, directions: tuple[int, ...]) -> nn.RNNBase:
    """A one-layer module of `rnn`'s kind holding layer `layer`'s weights of `directions`
    (one direction: a unidirectional module; both: a bidirectional one)."""
    kwargs: dict[str, Any] = dict(
        bias=rnn.bias, bidirectional=len(directions) == 2, dtype=rnn.weight_ih_l0.dtype
    )
    if cell_type_of(rnn) == "rnn":
        kwargs["nonlinearity"] = rnn.nonlinearity
    if getattr(rnn, "proj_size", 0):
        kwargs["proj_size"] = rnn.proj_size
    # Making a module draws its default init from the global RNG: under private_global_rng so that
    # the caller's random state does not move (this may run in a worker thread while the GUI
    # thread seeds and builds a model; engine/rng.py).
    with private_global_rng():
        module_class: Callable[..., nn.RNNBase] = type(
            rnn
        )  # nn.RNN, nn.LSTM or nn.GRU (not RNNBase's own signature)
        single = module_class(input_size, rnn.hidden_size, num_layers=1, **kwargs)
    kinds = [
        kind
        for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", PROJECTION_KIND)
        if hasattr(rnn, param_name(kind, layer))
    ]
    single.load_state_dict(
        {
            param_name(kind, 0, new): getattr(rnn, param_name(kind, layer, old))
            for kind in kinds
            for new, old in enumerate(directions)
        }
    )
    return single.eval()


# Time steps the LSTM reference handles at once: its temporaries (the module's gates and output,
# the cell's gate pre-activations) are a few MB at H = 1024 instead of growing with a long trace
# (T = 10,000 in the memory benchmark); calls of 256 steps cost no more than one whole call.
_REFERENCE_CHUNK = 256


def _lstm_reference_row(
    rnn: nn.RNNBase,
    layer: int,
    direction: int,
    layer_input,
    input_size: int,
    h0: torch.Tensor,
    c0: torch.Tensor,
    hidden: torch.Tensor,
    cells: torch.Tensor,
) -> None:
    """h_t and c_t of every cell of one direction of one layer, written into `hidden` [T, B, H_out]
    and `cells` [T, B, H], from PyTorch's own LSTM code and nothing of the stepper's.
    `layer_input(first, stop)`: the layer's reference input at those times, [n, B, input_size].

    h_t: a one-layer nn.LSTM of this direction's weights run over the sequence (in chunks of
    time, carrying its (h, c) from chunk to chunk: the same recurrence as one call; the reverse
    direction as a forward module on the time-reversed input).

    c_t: nn.LSTM hands out its cell state only at the end, and running it one step per call
    costs ~50 us of setup a step (13 ms with oneDNN), 15x the whole trace. Instead the kernel
    inside nn.LSTMCell and nn.LSTM's native CPU path, `torch._VF.lstm_cell`, with its own
    arithmetic (gate split, sigmoid/tanh, c_t = f * c_{t-1} + i * g), steps along t carrying its
    own c_t, on the module's h_{t-1} above and this layer's reference input. That is cheap,
    because all that depends on h is known in advance: the pre-activations
    W_hh h_{t-1} + b_hh + W_ih x_t + b_ih of a chunk are two matrix products (in the order of
    PyTorch's cell: linear_hh(h) + linear_ih(x)), and only the elementwise cell runs step by
    step. The cell gets each neuron as a batch row of hidden size 1 (its arithmetic is per
    neuron), the pre-activations as its input bias and an empty input: its linear_ih(input) is
    then exactly that bias (an empty product plus it) and its linear_hh zero, so its gates are
    exactly the given sums and no step multiplies a matrix."""
    T, B, _ = hidden.shape
    H = rnn.hidden_size
    weight_ih, weight_hh = (
        getattr(rnn, param_name(kind, layer, direction)) for kind in ("weight_ih", "weight_hh")
    )
    bias_ih, bias_hh = (
        getattr(rnn, param_name(kind, layer, direction), None) for kind in ("bias_ih", "bias_hh")
    )
    module = _single_layer(rnn, layer, input_size, (direction,))
    state = (h0.unsqueeze(0), c0.unsqueeze(0))
    neurons = B * H
    no_input, no_weight_ih = c0.new_zeros(neurons, 0), c0.new_zeros(4, 0)
    zero_h, zero_weight_hh = c0.new_zeros(neurons, 1), c0.new_zeros(4, 1)
    c = c0.reshape(neurons, 1)
    chunks = [(t, min(T, t + _REFERENCE_CHUNK)) for t in range(0, T, _REFERENCE_CHUNK)]
    for first, stop in chunks if direction == 0 else reversed(chunks):
        forward, x = direction == 0, layer_input(first, stop)
        h_before = state[0][0]  # the module's h_{t-1} of the chunk's first step: h0, or the chunk before's
        with warnings.catch_warnings():  # nn.LSTM's note that proj_size runs without oneDNN
            warnings.filterwarnings("ignore", "LSTM with projections", UserWarning)
            out, state = module(x if forward else x.flip(0), state)
        hidden[first:stop] = out if forward else out.flip(0)
        # h_{t-1} of each step of the chunk, in time order (out is already in stepping order)
        h_prev = torch.cat((h_before.unsqueeze(0), out[:-1]))
        gates = torch.nn.functional.linear(h_prev if forward else h_prev.flip(0), weight_hh, bias_hh)
        gates += torch.nn.functional.linear(x, weight_ih, bias_ih)
        # [n, B, 4H] -> [n, B*H, 4]: each neuron's i, f, g, o in one row
        per_neuron = gates.view(stop - first, B, 4, H).transpose(2, 3).reshape(stop - first, neurons, 4)
        for t in range(first, stop) if forward else range(stop - 1, first - 1, -1):
            _, c = torch._VF.lstm_cell(
                no_input, (zero_h, c), no_weight_ih, zero_weight_hh, per_neuron[t - first]
            )
            cells[t] = c.view(B, H)


def reference_states(
    rnn: nn.RNNBase, x: torch.Tensor, h0: torch.Tensor, c0: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Per-cell reference values from PyTorch's own modules with `rnn`'s weights ([T, B, I] x).

    Layer l is a one-layer module of `rnn`'s kind holding layer l's weights, fed the reference
    output of layer l-1 (never the stepper's), so every cell has an independent value. nn.RNN
    and nn.GRU run each layer over the whole sequence at once (both directions in one call).
    nn.LSTM returns its cell state only at the end: `_lstm_reference_row` takes h_t from the
    module and c_t from torch's own LSTM cell on the module's h_{t-1}. Returns the hidden
    states [T, L*D, B, H_out] and, for LSTM (`c0` given), the cell states [T, L*D, B, H]
    (else None)."""
    L, D, P = rnn.num_layers, 2 if rnn.bidirectional else 1, output_size_of(rnn)
    T, B, _ = x.shape
    hidden = torch.empty(T, L * D, B, P, dtype=x.dtype)
    cell = torch.empty(T, L * D, B, rnn.hidden_size, dtype=x.dtype) if c0 is not None else None

    def layer_input(layer: int, first: int = 0, stop: int = T) -> torch.Tensor:
        """[n, B, in]: x, or both directions of the reference layer below, at first <= t < stop."""
        if layer == 0:
            return x[first:stop]
        below = hidden[first:stop, (layer - 1) * D : layer * D]
        return below.permute(0, 2, 1, 3).reshape(stop - first, B, D * P)

    for layer in range(L):
        rows = slice(layer * D, (layer + 1) * D)
        input_size = x.shape[-1] if layer == 0 else D * P
        if cell is None or c0 is None:  # (both None together: RNN and GRU)
            single = _single_layer(rnn, layer, input_size, tuple(range(D)))
            out, _ = single(layer_input(layer), h0[rows])
            hidden[:, rows] = out.view(T, B, D, P).permute(0, 2, 1, 3)
        else:  # chunk by chunk: the layer's input is never copied whole (T x B x 2H_out)
            for d in range(D):
                row = layer * D + d
                _lstm_reference_row(
                    rnn,
                    layer,
                    d,
                    partial(layer_input, layer),
                    input_size,
                    h0[row],
                    c0[row],
                    hidden[:, row],
                    cell[:, row],
                )
    return hidden, cell


def reference_hidden_states(
    rnn: nn.RNNBase, x: torch.Tensor, h0: torch.Tensor, c0: torch.Tensor | None = None
) -> torch.Tensor:
    """The hidden states of `reference_states` alone ([T, L*D, B, H_out]); c0 zeros for an LSTM
    when not given."""
    if c0 is None and cell_type_of(rnn) == "lstm":
        c0 = torch.zeros(h0.shape[0], h0.shape[1], rnn.hidden_size, dtype=h0.dtype)
    return reference_states(rnn, x, h0, c0)[0]
