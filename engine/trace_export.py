"""Writing a finished trace as data files (`trace.npz`, `model.pt`) for the export command."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rnn_stepper.engine.files import atomic_write, prepare_output_dir
from rnn_stepper.engine.model_io import save_model
from rnn_stepper.engine.simulation import Simulation

TRACE_FILE, MODEL_FILE = "trace.npz", "model.pt"


def trace_arrays(simulation: Simulation) -> dict[str, np.ndarray]:
    """Every array of `trace.npz`. `hidden`, `output` and `h_n` come from the stepper's cells."""
    stepper = simulation.stepper
    stepper.run_to_end()
    arrays = {
        "inputs": simulation.inputs.numpy(),
        "h0": simulation.h0.numpy(),
        "hidden": stepper.hidden.numpy(),  # [T, L*D, B, H], rows like h_n
        "output": stepper.output().numpy(),
        "h_n": stepper.h_n().numpy(),
        "max_abs_diff": np.array(max(stepper.max_abs_diff(), stepper.full_forward_diff())),
    }
    if simulation.token_ids is not None:
        arrays["vocab"] = np.array(simulation.model.vocab.tokens, dtype=str)
        arrays["token_ids"] = simulation.token_ids.numpy()
        arrays["probs"] = simulation.all_probabilities().numpy()  # [T, B, vocab]
    return arrays


def write_trace(simulation: Simulation, out: str | Path) -> list[Path]:
    """Write trace.npz and model.pt into `out`; returns the files written."""
    out = prepare_output_dir(out)
    arrays = trace_arrays(simulation)
    trace_path = atomic_write(out / TRACE_FILE, lambda handle: np.savez(handle, **arrays))
    save_model(simulation.model, out / MODEL_FILE)
    return [trace_path, out / MODEL_FILE]
