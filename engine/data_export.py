"""Exporting the numbers behind the pictures: hidden states, weights and the current cell's terms.

Each array is written as `.npy` (exact, with its shape) and as `.csv` (for spreadsheets, with a
header naming the columns), plus `DATA_README.txt` describing every file's axes. Cells not yet
computed are NaN in `hidden.npy` and absent from `hidden.csv`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import torch

from rnn_stepper.engine.config import require_plain_rnn
from rnn_stepper.engine.files import atomic_write, prepare_output_dir
from rnn_stepper.engine.model import PARAM_KINDS, param_name
from rnn_stepper.engine.simulation import Simulation

TERM_NAMES = ("h_prev", "input_term", "recurrent_term", "pre_activation", "h_t", "reference_h_t", "abs_diff")


def _write_npy(path: Path, array: np.ndarray) -> Path:
    return atomic_write(path, lambda handle: np.save(handle, array))


def _write_csv(path: Path, header: list[str], rows) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return atomic_write(path, lambda handle: handle.write(text.getvalue().encode("utf-8")))


def _fmt(value: float) -> str:
    return repr(float(value))  # shortest text that reads back to the same float


def hidden_with_gaps(simulation: Simulation) -> np.ndarray:
    """[T, L*D, B, H] hidden states with NaN where a cell has not been computed yet."""
    stepper = simulation.stepper
    hidden = np.full(tuple(stepper.hidden.shape), np.nan, dtype=stepper.hidden.numpy().dtype)
    for row in range(stepper.L * stepper.D):
        times = stepper.computed_times(row)
        hidden[times, row] = stepper.hidden[times, row].numpy()
    return hidden


def write_data(simulation: Simulation, out: str | Path, stem: str = "") -> list[Path]:
    """Write every data file into `out`; `stem` prefixes the names (e.g. "woaini_step3_")."""
    require_plain_rnn(simulation.config, "the data export (CSV of the RNN terms)")
    out = prepare_output_dir(out)
    stepper, config = simulation.stepper, simulation.config
    written = []
    hidden = hidden_with_gaps(simulation)
    written.append(_write_npy(out / f"{stem}hidden.npy", hidden))
    tokens = simulation.tokens
    rows = []
    computed = [range(stepper.T)[stepper.computed_times(row)] for row in range(stepper.L * stepper.D)]
    for t in range(stepper.T):
        for row in range(stepper.L * stepper.D):
            if t not in computed[row]:  # a range: O(1) membership
                continue
            layer, direction = divmod(row, stepper.D)
            for b in range(stepper.B):
                rows.append([t, tokens[t] if tokens else "", layer, "reverse" if direction else "forward", b,
                             *map(_fmt, hidden[t, row, b])])
    header = ["t", "token", "layer", "direction", "batch", *[f"h[{i}]" for i in range(stepper.H)]]
    written.append(_write_csv(out / f"{stem}hidden.csv", header, rows))

    for layer in range(config.num_layers):
        for direction in range(config.num_directions):
            for kind in PARAM_KINDS:
                tensor = simulation.model.parameter(kind, layer, direction)
                if tensor is None:
                    continue
                name = param_name(kind, layer, direction)
                array = tensor.detach().numpy()
                written.append(_write_npy(out / f"{stem}{name}.npy", array))
                matrix = array if array.ndim == 2 else array[:, None]
                columns = [f"col {j}" for j in range(matrix.shape[1])] if array.ndim == 2 else ["value"]
                written.append(_write_csv(out / f"{stem}{name}.csv", ["neuron", *columns],
                                          ([i, *map(_fmt, r)] for i, r in enumerate(matrix))))

    record = stepper.current
    if record is not None:
        terms = torch.stack([getattr(record, name) for name in TERM_NAMES]).numpy()  # [7, B, H]
        written.append(_write_npy(out / f"{stem}step_terms.npy", terms))
        written.append(_write_npy(out / f"{stem}step_x_t.npy", record.x_t.numpy()))
        term_rows = ([b, i, *(_fmt(terms[k, b, i]) for k in range(len(TERM_NAMES)))]
                     for b in range(terms.shape[1]) for i in range(terms.shape[2]))
        written.append(_write_csv(out / f"{stem}step_terms.csv", ["batch", "neuron", *TERM_NAMES], term_rows))
    written.append(atomic_write(out / f"{stem}DATA_README.txt",
                                lambda handle: handle.write(_readme(simulation, stem).encode("utf-8"))))
    return written


def _readme(simulation: Simulation, stem: str) -> str:
    s, c = simulation.stepper, simulation.config
    record = s.current
    lines = [
        "RNN Stepper data export",
        "",
        f"Model: nn.RNN(input_size={c.input_size}, hidden_size={c.hidden_size}, num_layers={c.num_layers}, "
        f"nonlinearity={c.nonlinearity!r}, bias={c.bias}, batch_first={c.batch_first}, "
        f"bidirectional={c.bidirectional}), dtype {c.dtype}, seed {c.seed}",
        f"Input: {'text ' + repr(c.text) if c.is_text else 'random tensor'}; seq_len T={s.T}, batch B={s.B}",
        f"State: {s.position} of {len(s)} cells computed"
        + (f"; current cell: layer {record.layer}, {'reverse' if record.direction else 'forward'}, "
           f"t={record.t}" if record else "; no cell computed yet"),
        "",
        f"{stem}hidden.npy  float array [T={s.T}, L*D={s.L * s.D}, B={s.B}, H={s.H}]: h_t of every cell.",
        "    Row index = layer * num_directions + direction (0 forward, 1 reverse), like nn.RNN's h_n;",
        "    for the reverse direction index t is position t. Not-yet-computed cells are NaN.",
        f"{stem}hidden.csv  one line per computed cell and batch element: t, token, layer, direction,",
        "    batch, then h[0] .. h[H-1].",
        f"{stem}<parameter>.npy/.csv  the weights by nn.RNN's names (weight_ih_l0, bias_hh_l1_reverse, ...).",
        "    weight_ih: [H, input of that layer]; weight_hh: [H, H]; biases: [H]. CSV rows are neurons.",
    ]
    if record is not None:
        lines += [
            f"{stem}step_terms.npy  [7, B, H] for the current cell, in this order: " + ", ".join(TERM_NAMES) + ".",
            "    input_term = W_ih x_t + b_ih; recurrent_term = W_hh h_prev + b_hh; pre_activation = their sum;",
            f"    h_t = {c.nonlinearity}(pre_activation); reference_h_t = nn.RNN's value; abs_diff = |h_t - reference|.",
            f"{stem}step_terms.csv  the same, one line per (batch, neuron).",
            f"{stem}step_x_t.npy  [B, input] the cell's input x_t.",
        ]
    return "\n".join(lines) + "\n"
