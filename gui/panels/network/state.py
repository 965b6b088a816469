"""What the network panel draws, read from the session: which cells are computed (the schedule's
spans), which is current and how far its sub-operations have got, and the colours of the states.
No widget: it needs only a Session (tested with one, without a window). Nothing is computed here
beyond binning values for display."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.ink import diverging_lut
from rnn_stepper.gui.session import STAGE_FULL

STEP_REPAINT_MAX_CELLS = 64  # a step touching more cells than this redraws the whole view


class NetworkState:
    """Reads the session's simulation for drawing, caching what only changes with a step."""

    def __init__(self, session):
        self.session = session
        self.view = session.view()
        self.lut = diverging_lut()
        self._scale_key = None
        self._scale = 1.0
        self._c_prefix_key = None
        self._c_prefix = np.ones(1)  # [k]: the largest finite |c| over the first k cells (at least 1)

    # facts about the network
    @property
    def sim(self):
        return self.session.simulation

    @property
    def stepper(self):
        return self.session.simulation.stepper

    @property
    def batch(self) -> int:
        return min(self.view.batch_index, self.stepper.B - 1)

    @property
    def has_cell_state(self) -> bool:
        """An LSTM: a second state c_t flows along each row beside h_t."""
        return self.stepper.cell_state is not None

    @property
    def gates(self) -> tuple[str, ...]:
        return GATES[self.sim.config.cell]

    @property
    def has_head(self) -> bool:
        return self.sim.model.head is not None

    @property
    def tokens(self) -> list[str] | None:
        return self.sim.tokens

    def token_text(self, t: int) -> str:
        tokens = self.tokens
        return style.display_token(tokens[t]) if tokens is not None else f"x{subscript(t)}"

    # progress
    def current_cell(self) -> Cell | None:
        record = self.view.record
        return None if record is None else Cell(record.layer, record.direction, record.t)

    def in_progress(self) -> Cell | None:
        """The current cell while its sub-operations are still being revealed."""
        return self.current_cell() if self.view.record is not None and self.view.stage < STAGE_FULL else None

    def span(self, layer: int, direction: int) -> tuple[int, int]:
        """[lo, hi): the time steps of this row computed so far (a prefix of its sweep), as the
        schedule answers it for the stepper's position."""
        computed = self.stepper.schedule.computed_span(self.stepper.position, layer, direction)
        return computed.start, computed.stop

    def complete(self, layer: int, direction: int, t: int) -> bool:
        lo, hi = self.span(layer, direction)
        return lo <= t < hi and Cell(layer, direction, t) != self.in_progress()

    def latest_t(self, layer: int, direction: int) -> int | None:
        """The row's most recently computed time step (what the rolled cell holds now)."""
        lo, hi = self.span(layer, direction)
        if lo >= hi:
            return None
        return hi - 1 if direction == 0 else lo

    def complete_mask(self, ts: range) -> np.ndarray:
        """[n, rows] bool, rows ordered like the stepper's (layer * D + direction)."""
        s = self.stepper
        t = np.arange(ts.start, ts.stop)[:, None]
        lo = np.array([self.span(r // s.D, r % s.D)[0] for r in range(s.L * s.D)])[None, :]
        hi = np.array([self.span(r // s.D, r % s.D)[1] for r in range(s.L * s.D)])[None, :]
        mask = (t >= lo) & (t < hi)
        busy = self.in_progress()
        if busy is not None and busy.t in ts:
            mask[busy.t - ts.start, busy.layer * s.D + busy.direction] = False
        return mask

    def columns_changed_by_step(self, after) -> set[int] | None:
        """Time steps drawn differently once the view goes from the current one to `after`:
        those of the cells computed or uncomputed, and of the cell that was or is now current
        (None: every column may have changed)."""
        before, stepper = self.view, self.stepper
        if (
            before.batch_index != after.batch_index
            or before.total != after.total
            or stepper.nonlinearity == "relu"
        ):  # relu: the colour scale follows the values
            return None
        low, high = sorted((before.position, after.position))
        cells = range(max(0, low - 1), high)
        if len(cells) > STEP_REPAINT_MAX_CELLS:
            return None  # a jump: draw everything again
        return {stepper.schedule.cell(i).t for i in cells}

    # colours
    def value_scale(self) -> float:
        """tanh states already lie in [-1, 1]; relu states are scaled by the largest one so far."""
        if self.stepper.nonlinearity != "relu":
            return 1.0
        key = (id(self.stepper), self.stepper.position, self.batch)
        if key != self._scale_key:
            s, m = self.stepper, 0.0
            for row in range(s.L * s.D):
                lo, hi = self.span(row // s.D, row % s.D)
                if hi > lo:
                    m = max(m, float(s.hidden[lo:hi, row, self.batch].abs().max()))
            self._scale_key, self._scale = key, (m if m > 0 else 1.0)
        return self._scale

    @torch.no_grad()
    def c_scale(self) -> float:
        """LSTM: c_t is not squashed, so its colours span ± the largest |c| computed so far when
        that exceeds 1 (else ±1, like a tanh h_t).

        Kept as a running maximum over the schedule's cells, extended by the cells computed since
        (one gather for all of them), so a step costs one cell's work, not a scan of the trace:
        at T = 1000, H = 1024 the scan took 27 ms a step. Stepping back reads the prefix."""
        s = self.stepper
        key = (id(s), self.batch)
        if key != self._c_prefix_key:
            self._c_prefix_key, self._c_prefix = key, np.ones(1)
        known = len(self._c_prefix) - 1
        if s.position > known:
            cells = [s.schedule.cell(i) for i in range(known, s.position)]
            ts = torch.tensor([c.t for c in cells])
            rows = torch.tensor([c.layer * s.D + c.direction for c in cells])
            peaks = s.cell_state[ts, rows, self.batch].abs().amax(1).double().numpy()
            peaks[~np.isfinite(peaks)] = 0.0  # NaN or inf: no scale to show (the check reports it)
            self._c_prefix = np.concatenate(
                (self._c_prefix, np.maximum.accumulate(np.maximum(peaks, self._c_prefix[-1])))
            )
        return float(self._c_prefix[s.position])

    def bins(self, width: int | None = None) -> int:
        """Colour bins of a state `width` numbers wide (h_t's, H_out, when not given)."""
        return min(self.stepper.H_out if width is None else width, style.NETWORK_STRIP_BINS)

    @torch.no_grad()
    def binned(self, states: torch.Tensor, scale: float | None = None) -> np.ndarray:
        """[..., H] states -> [..., bins] in [-1, 1]: the mean of each bin, scaled for display
        (by `scale`, h_t's value_scale when not given)."""
        shape, H = states.shape[:-1], states.shape[-1]
        flat = states.reshape(-1, 1, H).float()
        if H > self.bins(H):
            flat = F.adaptive_avg_pool1d(flat, self.bins(H))
        values = (flat / (self.value_scale() if scale is None else scale)).clamp_(-1.0, 1.0)
        return values.reshape(*shape, -1).numpy()

    def colors_of(self, values: np.ndarray) -> np.ndarray:
        """Values in [-1, 1] -> RGBA bytes through the diverging map (white = 0). NaN (a model
        with NaN weights or inputs) takes the map's first colour, as the cast always gave it,
        without an invalid cast (its value shows in the hover)."""
        values = np.nan_to_num(values, nan=-1.0)
        index = np.rint((values + 1.0) * 0.5 * (len(self.lut) - 1)).astype(np.intp)
        return self.lut[np.clip(index, 0, len(self.lut) - 1)]

    def strip_rgba(self, ts: range) -> np.ndarray:
        """[n, rows, bins, 4] colours of the hidden states at time steps `ts` (visible ones only)."""
        hidden = self.stepper.hidden[ts.start : ts.stop, :, self.batch, :]
        return self.colors_of(self.binned(hidden))

    def h0_rgba(self) -> np.ndarray:
        """[rows, bins, 4] colours of h0."""
        return self.colors_of(self.binned(self.sim.h0[:, self.batch, :]))

    def c_strip_rgba(self, ts: range) -> np.ndarray:
        """LSTM: [n, rows, bins, 4] colours of the cell states c_t at time steps `ts`."""
        cells = self.stepper.cell_state[ts.start : ts.stop, :, self.batch, :]
        return self.colors_of(self.binned(cells, self.c_scale()))

    def c0_rgba(self) -> np.ndarray:
        """LSTM: [rows, bins, 4] colours of c0 (zeros when the stepper was given none)."""
        return self.colors_of(self.binned(self.stepper.c0[:, self.batch, :], self.c_scale()))

    def revealed(self) -> set[str]:
        """The parts of the current cell its sub-operations have shown so far (every part of a
        complete cell); empty before the first step."""
        record = self.view.record
        if record is None:
            return set()
        if self.view.stage >= STAGE_FULL:
            return {name for step in record.sub_operations for name in step.parts}
        return set(record.revealed(self.view.stage))

    def stage_parts(self) -> set[str]:
        """The parts the current sub-operation is revealing now (none once the cell is complete:
        then the cell's outline says it all)."""
        record = self.view.record
        if record is None or self.view.stage >= STAGE_FULL:
            return set()
        return set(record.sub_operations[min(self.view.stage, len(record.sub_operations)) - 1].parts)

    # output
    def prediction(self, t: int) -> tuple[str, float] | None:
        """The predicted next token (or a classifier's class guess) after t, argmax of the head,
        and its probability."""
        if not self.has_head:
            return None
        if not all(self.complete(self.stepper.L - 1, d, t) for d in range(self.stepper.D)):
            return None
        probabilities = self.sim.probabilities_at(t)
        if probabilities is None:
            return None
        p = probabilities[self.batch]
        index = int(torch.argmax(p))
        model = self.sim.model
        names = model.class_names if model.is_classifier else model.vocab.tokens
        return style.display_token(names[index]), float(p[index])


def subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
