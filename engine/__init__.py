"""The RNN Stepper engine: an RNN (nn.RNN, nn.LSTM or nn.GRU) run one cell at a time with plain
tensor ops, checked against the PyTorch module at every cell. PyTorch only, never Qt; usable
from a plain script:

    from rnn_stepper.engine import Simulation, preset_config

    simulation = Simulation.build(preset_config("text-woaini"))   # "我爱你", 4 neurons
    record = simulation.stepper.step()                            # one cell: a StepRecord
    simulation.stepper.seek(len(simulation.stepper))              # run to the end

The names below are the public API. They are loaded on first use (PEP 562), so importing one
engine module (the GUI does, before PyTorch has loaded) does not import them all.
"""

from __future__ import annotations

import importlib

# public name -> the engine module that defines it (one home for each). A name must not be the
# name of an engine module too: importing the module would replace it on the package (the
# function generate() is therefore reached as rnn_stepper.engine.generate.generate).
_EXPORTS = {
    # configuration and presets
    "RNNConfig": "config",
    "preset_config": "presets",
    # the model, the simulation, the stepper and its records
    "StepperModel": "model",
    "build_model": "model",
    "Simulation": "simulation",
    "Stepper": "stepper",
    "StepRecord": "stepper",
    "reference_hidden_states": "stepper",
    "reference_states": "stepper",
    "SubOperation": "cell",
    "sub_operations": "cell",
    "Vocabulary": "vocab",
    # learning: training, backpropagation through time, generation, weight edits
    "TrainingConfig": "training",
    "Trainer": "training",
    "train_text": "training",
    "Backprop": "bptt",
    "backprop": "bptt",
    "spectral_radius": "bptt",
    "gate_memory": "bptt",
    "Generation": "generate",
    "WeightEditor": "weight_edits",
    # files
    "save_model": "model_io",
    "load_model": "model_io",
    "LoadedModel": "model_io",
    "Lesson": "lesson_file",
    "open_lesson": "lesson_file",
    "save_lesson": "lesson_file",
    # errors a caller can catch: every message is written for the user
    "UserError": "errors",
    "ConfigError": "errors",
    "ModelFileError": "errors",
    "TextError": "errors",
}

__all__ = sorted(_EXPORTS)  # noqa: PLE0605 — a list, built from the one table of exports


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
