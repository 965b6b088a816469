"""Exporting the numbers behind the pictures: hidden states, weights and the current cell's terms.

Each array is written as `.npy` (exact, with its shape) and as `.csv` (for spreadsheets, with a
header naming the columns), plus `DATA_README.txt` describing every file's axes. Cells not yet
computed are NaN in `hidden.npy` and absent from `hidden.csv`.

Gated cells (nn.LSTM, nn.GRU) also write the cell state of every cell (LSTM: `cell.npy/.csv`) and
the current cell's terms gate by gate (`step_gates.npy/.csv`: per gate its input term, recurrent
term, pre-activation and value, one row per neuron); their `step_terms` then holds the h_t-wide
terms only, since a projected LSTM's h_t (proj_size numbers) is narrower than its gates.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import torch
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.files import atomic_write, prepare_output_dir
from rnn_stepper.engine.model import PARAM_KINDS, PROJECTION_KIND, param_name
from rnn_stepper.engine.simulation import Simulation

TERM_NAMES = ("h_prev", "input_term", "recurrent_term", "pre_activation", "h_t", "reference_h_t", "abs_diff")
GATED_TERM_NAMES = ("h_prev", "h_t", "reference_h_t", "abs_diff")  # [B, H_out] each
GATE_TERMS = ("input_term", "recurrent_term", "pre_activation")  # a gate's slice of these, then its value
LSTM_STATE_NAMES = ("c_prev", "c_t", "reference_c_t", "c_abs_diff")  # [B, H] each


def gate_columns(record) -> dict[str, torch.Tensor]:
    """The current gated cell's [B, H] columns by name: for each gate (PyTorch's row-block order)
    its input term, recurrent term, pre-activation (GRU's n: W_in x + b_in + r * (W_hn h + b_hn))
    and value; then LSTM's cell state and, with proj_size, o * tanh(c_t) before W_hr."""
    H = record.c_prev.shape[1] if record.c_prev is not None else next(iter(record.gates.values())).shape[1]
    columns = {}
    for k, gate in enumerate(record.gates):
        for term in GATE_TERMS:
            columns[f"{gate}_{term}"] = getattr(record, term)[:, k * H : (k + 1) * H]
        columns[gate] = record.gates[gate]
    if record.c_t is not None:
        columns.update((name, getattr(record, name)) for name in LSTM_STATE_NAMES)
    if record.h_unprojected is not None:
        columns["h_unprojected"] = record.h_unprojected
    return columns


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
    """[T, L*D, B, H_out] hidden states with NaN where a cell has not been computed yet."""
    return _with_gaps(simulation, simulation.stepper.hidden)


def _with_gaps(simulation: Simulation, states: torch.Tensor) -> np.ndarray:
    """`states` ([T, L*D, B, width], the stepper's hidden or cell states) with NaN where a cell
    has not been computed yet (their stored values there are placeholders)."""
    stepper = simulation.stepper
    array = np.full(tuple(states.shape), np.nan, dtype=states.numpy().dtype)
    for row in range(stepper.L * stepper.D):
        times = stepper.computed_times(row)
        array[times, row] = states[times, row].numpy()
    return array


def _state_rows(simulation: Simulation, states: np.ndarray) -> list[list]:
    """hidden.csv's lines: one per computed cell and batch element."""
    stepper, tokens = simulation.stepper, simulation.tokens
    rows = []
    computed = [range(stepper.T)[stepper.computed_times(row)] for row in range(stepper.L * stepper.D)]
    for t in range(stepper.T):
        for row in range(stepper.L * stepper.D):
            if t not in computed[row]:  # a range: O(1) membership
                continue
            layer, direction = divmod(row, stepper.D)
            for b in range(stepper.B):
                rows.append(
                    [
                        t,
                        tokens[t] if tokens else "",
                        layer,
                        "reverse" if direction else "forward",
                        b,
                        *map(_fmt, states[t, row, b]),
                    ]
                )
    return rows


def write_data(simulation: Simulation, out: str | Path, stem: str = "") -> list[Path]:
    """Write every data file into `out`; `stem` prefixes the names (e.g. "woaini_step3_")."""
    out = prepare_output_dir(out)
    stepper, config = simulation.stepper, simulation.config
    written = []
    hidden = hidden_with_gaps(simulation)
    written.append(_write_npy(out / f"{stem}hidden.npy", hidden))
    header = ["t", "token", "layer", "direction", "batch"]
    written.append(
        _write_csv(
            out / f"{stem}hidden.csv",
            header + [f"h[{i}]" for i in range(stepper.H_out)],
            _state_rows(simulation, hidden),
        )
    )
    if stepper.cell_state is not None:  # LSTM: c_t of every cell beside h_t
        cell = _with_gaps(simulation, stepper.cell_state)
        written.append(_write_npy(out / f"{stem}cell.npy", cell))
        written.append(
            _write_csv(
                out / f"{stem}cell.csv",
                header + [f"c[{i}]" for i in range(stepper.H)],
                _state_rows(simulation, cell),
            )
        )

    for layer in range(config.num_layers):
        for direction in range(config.num_directions):
            for kind in (*PARAM_KINDS, PROJECTION_KIND):
                tensor = simulation.model.parameter(kind, layer, direction)
                if tensor is None:
                    continue
                name = param_name(kind, layer, direction)
                array = tensor.detach().numpy()
                written.append(_write_npy(out / f"{stem}{name}.npy", array))
                matrix = array if array.ndim == 2 else array[:, None]
                columns = [f"col {j}" for j in range(matrix.shape[1])] if array.ndim == 2 else ["value"]
                gates = GATES[config.cell] if kind != PROJECTION_KIND else ()
                if gates:  # rows in gate blocks (W_ii, W_if, ...): say which gate each row feeds
                    H = config.hidden_size
                    rows = ([gates[i // H], i % H, *map(_fmt, r)] for i, r in enumerate(matrix))
                    written.append(_write_csv(out / f"{stem}{name}.csv", ["gate", "neuron", *columns], rows))
                else:
                    written.append(
                        _write_csv(
                            out / f"{stem}{name}.csv",
                            ["neuron", *columns],
                            ([i, *map(_fmt, r)] for i, r in enumerate(matrix)),
                        )
                    )

    record = stepper.current
    if record is not None:
        names = GATED_TERM_NAMES if record.gates else TERM_NAMES
        written += _write_terms(out, f"{stem}step_terms", {name: getattr(record, name) for name in names})
        if record.gates:
            written += _write_terms(out, f"{stem}step_gates", gate_columns(record))
        written.append(_write_npy(out / f"{stem}step_x_t.npy", record.x_t.numpy()))
    written.append(
        atomic_write(
            out / f"{stem}DATA_README.txt",
            lambda handle: handle.write(_readme(simulation, stem).encode("utf-8")),
        )
    )
    return written


def _write_terms(out: Path, name: str, columns: dict[str, torch.Tensor]) -> list[Path]:
    """[K, B, width] as name.npy, and name.csv with one line per (batch, neuron)."""
    terms = torch.stack(list(columns.values())).numpy()
    rows = (
        [b, i, *(_fmt(terms[k, b, i]) for k in range(len(columns)))]
        for b in range(terms.shape[1])
        for i in range(terms.shape[2])
    )
    return [
        _write_npy(out / f"{name}.npy", terms),
        _write_csv(out / f"{name}.csv", ["batch", "neuron", *columns], rows),
    ]


def _readme(simulation: Simulation, stem: str) -> str:
    s, c = simulation.stepper, simulation.config
    record = s.current
    module_args = (
        f"input_size={c.input_size}, hidden_size={c.hidden_size}, num_layers={c.num_layers}, "
        + (f"nonlinearity={c.nonlinearity!r}, " if c.cell == "rnn" else "")
        + f"bias={c.bias}, batch_first={c.batch_first}, bidirectional={c.bidirectional}"
        + (f", proj_size={c.proj_size}" if c.proj_size else "")
    )
    h = "H_out" if c.proj_size else "H"
    lines = [
        "RNN Stepper data export",
        "",
        f"Model: {c.module_name}({module_args}), dtype {c.dtype}, seed {c.seed}",
        f"Input: {'text ' + repr(c.text) if c.is_text else 'random tensor'}; seq_len T={s.T}, batch B={s.B}",
        f"State: {s.position} of {len(s)} cells computed"
        + (
            f"; current cell: layer {record.layer}, {'reverse' if record.direction else 'forward'}, "
            f"t={record.t}"
            if record
            else "; no cell computed yet"
        ),
        "",
        f"{stem}hidden.npy  float array [T={s.T}, L*D={s.L * s.D}, B={s.B}, {h}={s.H_out}]: h_t of every cell.",
        f"    Row index = layer * num_directions + direction (0 forward, 1 reverse), like {c.module_name}'s h_n;",
        "    for the reverse direction index t is position t. Not-yet-computed cells are NaN.",
        f"{stem}hidden.csv  one line per computed cell and batch element: t, token, layer, direction,",
        f"    batch, then h[0] .. h[{h}-1].",
    ]
    if s.cell_state is not None:
        lines += [
            f"{stem}cell.npy/.csv  the cell state c_t of every cell, [T, L*D, B, H={s.H}], laid out like hidden."
        ]
    if c.cell == "rnn":
        lines += [
            f"{stem}<parameter>.npy/.csv  the weights by nn.RNN's names (weight_ih_l0, bias_hh_l1_reverse, ...).",
            "    weight_ih: [H, input of that layer]; weight_hh: [H, H]; biases: [H]. CSV rows are neurons.",
        ]
    else:
        gates = GATES[c.cell]
        lines += [
            f"{stem}<parameter>.npy/.csv  the weights by {c.module_name}'s names (weight_ih_l0, bias_hh_l1_reverse, ...).",
            f"    weight_ih: [{len(gates)}*H, input of that layer]; weight_hh: [{len(gates)}*H, {h}]; biases: "
            f"[{len(gates)}*H]: row blocks of H for the gates {', '.join(gates)} in that order;",
            "    the CSV's first two columns name each row's gate and neuron.",
        ]
        if c.proj_size:
            lines.append(
                f"    weight_hr: [{h}={c.proj_size}, H={c.hidden_size}], the projection h_t = W_hr (o * tanh(c_t))."
            )
    if record is not None and c.cell == "rnn":
        lines += [
            f"{stem}step_terms.npy  [7, B, H] for the current cell, in this order: "
            + ", ".join(TERM_NAMES)
            + ".",
            "    input_term = W_ih x_t + b_ih; recurrent_term = W_hh h_prev + b_hh; pre_activation = their sum;",
            f"    h_t = {c.nonlinearity}(pre_activation); reference_h_t = nn.RNN's value; abs_diff = |h_t - reference|.",
            f"{stem}step_terms.csv  the same, one line per (batch, neuron).",
        ]
    elif record is not None:
        names = list(gate_columns(record))
        lines += [
            f"{stem}step_terms.npy  [4, B, {h}] for the current cell: "
            + ", ".join(GATED_TERM_NAMES)
            + f" (reference_h_t: {c.module_name}'s value).",
            f"{stem}step_gates.npy  [{len(names)}, B, H] for the current cell, in this order: "
            + ", ".join(names)
            + ".",
            "    <gate>_input_term = W_i<gate> x_t + b_i<gate>; <gate>_recurrent_term = W_h<gate> h_prev + b_h<gate>;",
            "    <gate>_pre_activation = the argument of the gate's sigmoid or tanh"
            + (
                "; for n: n_input_term + r * n_recurrent_term;"
                if c.cell == "gru"
                else " (the sum of both terms);"
            ),
            "    <gate> = its value."
            + (
                " c_t = f * c_prev + i * g; h_t = o * tanh(c_t)"
                + (" then W_hr (h_unprojected)." if c.proj_size else ".")
                if c.cell == "lstm"
                else " h_t = (1 - z) * n + z * h_prev."
            ),
            f"{stem}step_terms.csv, {stem}step_gates.csv  the same, one line per (batch, neuron).",
        ]
    if record is not None:
        lines.append(f"{stem}step_x_t.npy  [B, input] the cell's input x_t.")
    return "\n".join(lines) + "\n"
