"""A gated cell's gate values over time, for one layer, direction and batch element.

The stepper keeps h_t (and LSTM's c_t) of every cell but recomputes gates only for the cell on
screen (engine/stepper.py). A plot of a gate over time needs them for many cells at once: here
they are recomputed from the stored states in one batched product per call (engine/cell.py's
own `cell_step`, the formulas' one home), instead of one StepRecord per cell (a thousand records
at T = 1000). tests/engine/test_gate_history.py checks every value against the records.
"""

from __future__ import annotations

import torch
from rnn_stepper.engine.cell import GATES, cell_step
from rnn_stepper.engine.model import PROJECTION_KIND, param_name
from rnn_stepper.engine.stepper import Stepper


@torch.no_grad()
def gate_history(stepper: Stepper, layer: int, direction: int, times, batch: int) -> dict[str, torch.Tensor]:
    """{gate: [n, H]} for the cells (layer, direction, t) at `times` (computed ones only) of batch
    element `batch`, in GATES order; empty for a plain RNN."""
    if not GATES[stepper.cell_type]:
        return {}
    times = torch.as_tensor(times, dtype=torch.long).reshape(-1)
    row = layer * stepper.D + direction
    if layer == 0:
        x = stepper.x[times, batch]
    else:  # both directions of the layer below, side by side (as the module reads them)
        below = stepper.hidden[times, (layer - 1) * stepper.D : layer * stepper.D, batch]  # [n, D, H_out]
        x = below.reshape(len(times), -1)
    # The previous cell of a sweep: t - 1 going forward, t + 1 in reverse; h0 (c0) at the start.
    previous = times - 1 if direction == 0 else times + 1
    first = (previous < 0) | (previous >= stepper.T)
    clamped = previous.clamp(0, stepper.T - 1)
    h_prev = torch.where(first[:, None], stepper.h0[row, batch], stepper.hidden[clamped, row, batch])
    c_prev = None
    if stepper.cell_state is not None:
        c_prev = torch.where(first[:, None], stepper.c0[row, batch], stepper.cell_state[clamped, row, batch])

    def weight(kind):
        return getattr(stepper.rnn, param_name(kind, layer, direction), None)

    terms = cell_step(
        x,
        h_prev,
        weight("weight_ih"),
        weight("weight_hh"),
        weight("bias_ih"),
        weight("bias_hh"),
        cell=stepper.cell_type,
        c_prev=c_prev,
        weight_hr=weight(PROJECTION_KIND),
    )
    return dict(terms.gates)
