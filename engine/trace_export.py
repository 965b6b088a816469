"""Writing a finished trace as data files (`trace.npz`, `model.pt`) for the export command."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from engine.errors import UserError
from engine.model_io import save_model
from engine.simulation import Simulation

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


def prepare_output_dir(out: str | Path) -> Path:
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise UserError(f"cannot write into the folder {out}: permission denied")
    return out


def write_trace(simulation: Simulation, out: str | Path) -> list[Path]:
    """Write trace.npz and model.pt into `out`; returns the files written."""
    out = prepare_output_dir(out)
    trace_path = out / TRACE_FILE
    fd, tmp = tempfile.mkstemp(prefix=".trace.", suffix=".npz", dir=out)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **trace_arrays(simulation))
        os.replace(tmp, trace_path)
    except OSError as exc:
        raise UserError(f"cannot write {trace_path}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    save_model(simulation.model, out / MODEL_FILE)
    return [trace_path, out / MODEL_FILE]
