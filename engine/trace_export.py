"""Writing a finished trace as data files (`trace.npz`, `model.pt`) for the export command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rnn_stepper.engine.files import atomic_write, prepare_output_dir
from rnn_stepper.engine.model_io import save_model
from rnn_stepper.engine.simulation import Simulation

TRACE_FILE, MODEL_FILE = "trace.npz", "model.pt"


def trace_arrays(simulation: Simulation) -> dict[str, np.ndarray]:
    """Every array of `trace.npz`. `hidden`, `output` and `h_n` (and for LSTM `cell`, `c_n`)
    come from the stepper's cells.

    Shapes are nn.RNN's: for unbatched input (seq_len, input_size) every array loses its batch
    axis, as nn.RNN's own output does. `probs` is there whenever the model has a head (the
    next-token softmax, or a classifier's class probabilities after each step), `labels` when
    class names were given."""
    stepper = simulation.stepper
    stepper.run_to_end()
    batch_first = simulation.config.batch_first
    arrays = {
        "inputs": simulation.as_given(simulation.inputs, 0 if batch_first else 1).numpy(),
        "h0": simulation.as_given(simulation.h0, 1).numpy(),
        "hidden": simulation.as_given(stepper.hidden, 2).numpy(),  # [T, L*D, B, H_out], rows like h_n
        "output": simulation.as_given(stepper.output(), 0 if batch_first else 1).numpy(),
        "h_n": simulation.as_given(stepper.h_n(), 1).numpy(),
        "max_abs_diff": np.array(max(stepper.max_abs_diff(), stepper.full_forward_diff())),
    }
    cell_state, c0, c_n = stepper.cell_state, simulation.c0, stepper.c_n()
    if cell_state is not None and c0 is not None and c_n is not None:  # LSTM: every cell, c0 and c_n
        arrays["cell"] = simulation.as_given(cell_state, 2).numpy()  # [T, L*D, B, H]
        arrays["c0"] = simulation.as_given(c0, 1).numpy()
        arrays["c_n"] = simulation.as_given(c_n, 1).numpy()
    model = simulation.model
    if simulation.token_ids is not None and model.vocab is not None:  # (text input: both)
        arrays["vocab"] = np.array(model.vocab.tokens, dtype=str)
        arrays["token_ids"] = simulation.token_ids.numpy()
    probabilities = simulation.all_probabilities()  # None without a head
    if probabilities is not None:
        arrays["probs"] = simulation.as_given(probabilities, 1).numpy()  # [T, B, out]
    if model.labels is not None:
        arrays["labels"] = np.array(model.labels, dtype=str)
    return arrays


def write_trace(simulation: Simulation, out: str | Path) -> list[Path]:
    """Write trace.npz and model.pt into `out`; returns the files written."""
    out = prepare_output_dir(out)
    arrays = trace_arrays(simulation)
    # (numpy's stub reads savez's ** as its allow_pickle flag)
    trace_path = atomic_write(out / TRACE_FILE, lambda handle: np.savez(handle, **arrays))  # type: ignore[arg-type]
    save_model(simulation.model, out / MODEL_FILE)
    return [trace_path, out / MODEL_FILE]
