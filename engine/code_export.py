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
from rnn_stepper.engine.localized_text import DEFAULT_LANGUAGE
from rnn_stepper.engine.simulation import Simulation

CODE_FILE = "pytorch_code.py"  # the headless export's name for the script


def simulation_code(
    simulation: Simulation, origin: str | None, language: str = DEFAULT_LANGUAGE
) -> tuple[str, WeightSource | None]:
    """The script for `simulation` (its input kind: text, one-hot, the user's files; a
    classifier's classes), commented in `language`; `origin` None means the seed's fresh weights
    (no loading)."""
    model, user = simulation.model, simulation.user_input
    vocab = model.vocab
    weights = None if origin is None else WeightSource.of_model(model, origin)
    code = pytorch_code(
        simulation.config,
        vocab.tokens if vocab is not None else None,
        one_hot=model.one_hot,
        classes=model.class_names if model.is_classifier else None,
        unbatched=simulation.unbatched,
        input_file=user.input_name if user is not None and user.inputs is not None else "",
        h0_file=user.h0_name if user is not None and user.h0 is not None else "",
        language=language,
        weights=weights,
    )
    return code, weights


def write_code(path: str | Path, code: str, weights: WeightSource | None) -> list[Path]:
    """Write the script at `path` and, when it loads them from a file, its weights beside it."""
    path = Path(path)
    written = [atomic_write(path, lambda handle: handle.write(code.encode("utf-8")))]
    if weights is not None and not weights.inline:
        state = weights.file_state()
        written.append(atomic_write(path.with_name(WEIGHTS_FILE), lambda handle: torch.save(state, handle)))
    return written
