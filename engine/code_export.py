"""Writing the PyTorch code panel's script to disk, with the weights it loads beside it.

`python main.py export` and the panel's "Save code" both come here, so the script and its
weights file always travel together: a script for a large model reads WEIGHTS_FILE from its
own folder.
"""

from __future__ import annotations

from pathlib import Path

import torch

from rnn_stepper.engine.codegen import WEIGHTS_FILE, WeightSource, pytorch_code
from rnn_stepper.engine.files import atomic_write
from rnn_stepper.engine.simulation import Simulation

CODE_FILE = "pytorch_code.py"  # the headless export's name for the script


def simulation_code(simulation: Simulation, origin: str | None) -> tuple[str, WeightSource | None]:
    """The script for `simulation`; `origin` None means the seed's fresh weights (no loading)."""
    vocab = simulation.model.vocab
    weights = None if origin is None else WeightSource.of_model(simulation.model, origin)
    code = pytorch_code(simulation.config, vocab.tokens if vocab is not None else None, weights)
    return code, weights


def write_code(path: str | Path, code: str, weights: WeightSource | None) -> list[Path]:
    """Write the script at `path` and, when it loads them from a file, its weights beside it."""
    path = Path(path)
    written = [atomic_write(path, lambda handle: handle.write(code.encode("utf-8")))]
    if weights is not None and not weights.inline:
        state = weights.file_state()
        written.append(atomic_write(path.with_name(WEIGHTS_FILE), lambda handle: torch.save(state, handle)))
    return written
