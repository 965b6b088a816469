"""The user's own input tensor and initial state, from `.npy` or `.pt` files, checked like nn.RNN.

Shapes follow `nn.RNN`: input (seq_len, batch, input_size), or (batch, seq_len, input_size)
when batch_first, or unbatched (seq_len, input_size); h0 (num_layers * num_directions, batch,
hidden_size), or (num_layers * num_directions, hidden_size) for unbatched input. Every refusal
says which file, what shape it has and what shape was expected. `.pt` files are read with
`torch.load(weights_only=True)` and `.npy` files with `allow_pickle=False`: nothing runs code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from rnn_stepper.engine.config import LIMITS, RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError
from rnn_stepper.engine.files import require_regular_file

TENSOR_SUFFIXES = (".npy", ".pt", ".pth")


@dataclass(frozen=True)
class UserInput:
    """An input tensor (as the user gave it: 2-D unbatched or 3-D) and an optional h0."""

    inputs: torch.Tensor | None = None
    h0: torch.Tensor | None = None
    input_name: str = ""  # the file names, for notes and titles
    h0_name: str = ""

    @property
    def unbatched(self) -> bool:
        return self.inputs is not None and self.inputs.dim() == 2


def read_tensor_file(path: str | Path, what: str) -> torch.Tensor:
    """One tensor from a `.npy` or `.pt` file; `what` ("input", "h0") names it in messages."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(f"there is no {what} file {path}")
    require_regular_file(path, ModelFileError, f"{what} file")  # a FIFO or device would hang or fill memory
    suffix = path.suffix.lower()
    if suffix not in TENSOR_SUFFIXES:
        raise ModelFileError(f"the {what} file {path} must be .npy or .pt, got {suffix or 'no extension'!r}")
    if suffix == ".npy":
        try:
            array = np.load(path, allow_pickle=False)
        except Exception as exc:  # noqa: BLE001 — a bad .npy raises ValueError, EOFError, OSError...
            raise ModelFileError(f"the {what} file {path} is not a readable .npy array: {exc}") from None
        if array.dtype.kind not in "biuf":
            raise ModelFileError(f"the {what} file {path} holds {array.dtype} values; numbers are needed")
        return torch.from_numpy(np.ascontiguousarray(array))
    from rnn_stepper.engine.model_io import safe_torch_load  # the one place torch.load is called

    obj = safe_torch_load(path, f"{what} file")
    if isinstance(obj, dict):
        tensors = [value for value in obj.values() if isinstance(value, torch.Tensor)]
        if len(tensors) == 1:
            obj = tensors[0]
    if not isinstance(obj, torch.Tensor):
        raise ModelFileError(f"the {what} file {path} holds {type(obj).__name__}, not one tensor")
    return obj


def check_input(x, config: RNNConfig, name: str = "the input") -> torch.Tensor:
    """`x` converted to the model's dtype, or a clear error for a shape nn.RNN would refuse."""
    x = _as_number_tensor(x, name)
    layout = "(batch, seq_len, input_size)" if config.batch_first else "(seq_len, batch, input_size)"
    if x.dim() not in (2, 3):
        raise ConfigError(f"{name} has shape {tuple(x.shape)}: nn.RNN takes {layout} or, unbatched, "
                          "(seq_len, input_size)")
    if x.shape[-1] != config.input_size:
        raise ConfigError(f"{name} has {x.shape[-1]} features per step (shape {tuple(x.shape)}) but the "
                          f"model's input_size is {config.input_size}")
    seq_len = x.shape[0] if x.dim() == 2 or not config.batch_first else x.shape[1]
    batch = 1 if x.dim() == 2 else x.shape[1] if not config.batch_first else x.shape[0]
    if batch == 0:
        raise ConfigError(f"{name} has a batch of 0 sequences (shape {tuple(x.shape)}): nothing to step")
    if seq_len == 0:
        raise ConfigError(f"{name} has 0 time steps (shape {tuple(x.shape)}): nothing to step")
    for field, value in (("seq_len", seq_len), ("batch_size", batch)):
        low, high = LIMITS[field]
        if not low <= value <= high:
            raise ConfigError(f"{name} has {field} {value}; at most {high} is supported")
    return x.to(config.torch_dtype).contiguous()


def check_h0(h0, config: RNNConfig, batch: int, unbatched: bool, name: str = "h0") -> torch.Tensor:
    h0 = _as_number_tensor(h0, name)
    rows = config.num_layers * config.num_directions
    expected = (rows, config.output_size) if unbatched else (rows, batch, config.output_size)
    if tuple(h0.shape) != expected:
        what = "unbatched input" if unbatched else f"a batch of {batch}"
        width = "proj_size" if config.proj_size else "hidden_size"
        raise ConfigError(f"{name} has shape {tuple(h0.shape)}; for {what} {config.module_name} needs "
                          f"(num_layers * num_directions, {'' if unbatched else 'batch, '}{width}) = {expected}")
    return h0.to(config.torch_dtype).contiguous()


def config_for_input(config: RNNConfig, user: UserInput) -> RNNConfig:
    """`config` with tensor input of the user's sequence length and batch size."""
    x = check_input(user.inputs, config, f"the input file {user.input_name}" if user.input_name else "the input")
    batch = 1 if x.dim() == 2 else x.shape[0 if config.batch_first else 1]
    seq_len = x.shape[0] if x.dim() == 2 or not config.batch_first else x.shape[1]
    return config.replace(text="", seq_len=seq_len, batch_size=batch)


def _as_number_tensor(value, name: str) -> torch.Tensor:
    if type(value).__name__ == "PackedSequence":
        raise ConfigError(f"{name} is a PackedSequence, which the stepper does not take: give the padded "
                          "tensor (torch.nn.utils.rnn.pad_packed_sequence) and step each sequence's length")
    if isinstance(value, np.ndarray):
        value = torch.from_numpy(value)
    if not isinstance(value, torch.Tensor):
        raise ConfigError(f"{name} must be a tensor, got {type(value).__name__}")
    if value.is_complex() or value.dtype == torch.bool or value.layout != torch.strided:
        raise ConfigError(f"{name} must hold real numbers in a dense tensor, got {value.dtype} ({value.layout})")
    if value.is_floating_point() and value.numel() and not bool(torch.isfinite(value).all()):
        raise ConfigError(f"{name} contains NaN or infinite values")
    return value
