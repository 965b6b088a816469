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
from rnn_stepper.engine.messages import Foreign, Message

# How messages name the tensors they are about (the GUI translates them as messages of their own).
THE_INPUT = Message("input.name.input")
THE_H0 = Message("input.name.h0")


def tensor_role(what: str) -> str:
    """ "input" or "h0", the kind of tensor file, as a message (any other word as given)."""
    return {"input": Message("input.what.input"), "h0": Message("input.what.h0")}.get(what, what)


def input_name(file_name: str | None) -> Message:
    """How messages name the input: "the input file x.npy", or "the input" without a file."""
    return Message("input.name.input_file", path=file_name) if file_name else THE_INPUT


def h0_name(file_name: str | None) -> Message:
    """How messages name h0: "the h0 file h.npy", or "h0" without a file."""
    return Message("input.name.h0_file", path=file_name) if file_name else THE_H0


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
        raise ModelFileError("input.missing", msg_what=tensor_role(what), path=path)
    require_regular_file(path, ModelFileError, f"{what} file")  # a FIFO or device would hang or fill memory
    suffix = path.suffix.lower()
    if suffix not in TENSOR_SUFFIXES:
        raise ModelFileError(
            "input.suffix", msg_what=tensor_role(what), path=path, suffix=repr(suffix or "no extension")
        )
    if suffix == ".npy":
        try:
            array = np.load(path, allow_pickle=False)
        except Exception as exc:  # noqa: BLE001 — a bad .npy raises ValueError, EOFError, OSError...
            raise ModelFileError(
                "input.bad_npy", msg_what=tensor_role(what), path=path, detail=Foreign(exc)
            ) from None
        if array.dtype.kind not in "biuf":
            raise ModelFileError(
                "input.not_numbers", msg_what=tensor_role(what), path=path, dtype=array.dtype
            )
        return torch.from_numpy(np.ascontiguousarray(array))
    from rnn_stepper.engine.model_io import safe_torch_load  # the one place torch.load is called

    obj = safe_torch_load(path, f"{what} file")
    if isinstance(obj, dict):
        tensors = [value for value in obj.values() if isinstance(value, torch.Tensor)]
        if len(tensors) == 1:
            obj = tensors[0]
    if not isinstance(obj, torch.Tensor):
        raise ModelFileError(
            "input.not_one_tensor", msg_what=tensor_role(what), path=path, type=type(obj).__name__
        )
    return obj


def check_input(x, config: RNNConfig, name: str = THE_INPUT) -> torch.Tensor:
    """`x` converted to the model's dtype, or a clear error for a shape nn.RNN would refuse."""
    x = _as_number_tensor(x, name)
    layout = "(batch, seq_len, input_size)" if config.batch_first else "(seq_len, batch, input_size)"
    if x.dim() not in (2, 3):
        raise ConfigError("input.dimensions", msg_name=name, shape=tuple(x.shape), layout=layout)
    if x.shape[-1] != config.input_size:
        raise ConfigError(
            "input.features", msg_name=name, count=x.shape[-1], shape=tuple(x.shape), size=config.input_size
        )
    seq_len = x.shape[0] if x.dim() == 2 or not config.batch_first else x.shape[1]
    batch = 1 if x.dim() == 2 else x.shape[1] if not config.batch_first else x.shape[0]
    if batch == 0:
        raise ConfigError("input.empty_batch", msg_name=name, shape=tuple(x.shape))
    if seq_len == 0:
        raise ConfigError("input.no_steps", msg_name=name, shape=tuple(x.shape))
    for field, value in (("seq_len", seq_len), ("batch_size", batch)):
        low, high = LIMITS[field]
        if not low <= value <= high:
            raise ConfigError("input.too_many", msg_name=name, field=field, value=value, high=high)
    return x.to(config.torch_dtype).contiguous()


def check_h0(h0, config: RNNConfig, batch: int, unbatched: bool, name: str = THE_H0) -> torch.Tensor:
    h0 = _as_number_tensor(h0, name)
    rows = config.num_layers * config.num_directions
    expected = (rows, config.output_size) if unbatched else (rows, batch, config.output_size)
    if tuple(h0.shape) != expected:
        width = "proj_size" if config.proj_size else "hidden_size"
        layout = f"(num_layers * num_directions, {'' if unbatched else 'batch, '}{width})"
        if unbatched:
            raise ConfigError(
                "input.h0_shape_unbatched",
                msg_name=name,
                shape=tuple(h0.shape),
                module=config.module_name,
                layout=layout,
                expected=expected,
            )
        raise ConfigError(
            "input.h0_shape",
            msg_name=name,
            shape=tuple(h0.shape),
            batch=batch,
            module=config.module_name,
            layout=layout,
            expected=expected,
        )
    return h0.to(config.torch_dtype).contiguous()


def config_for_input(config: RNNConfig, user: UserInput) -> RNNConfig:
    """`config` with tensor input of the user's sequence length and batch size."""
    x = check_input(user.inputs, config, input_name(user.input_name))
    batch = 1 if x.dim() == 2 else x.shape[0 if config.batch_first else 1]
    seq_len = x.shape[0] if x.dim() == 2 or not config.batch_first else x.shape[1]
    return config.replace(text="", seq_len=seq_len, batch_size=batch)


def _as_number_tensor(value, name: str) -> torch.Tensor:
    if type(value).__name__ == "PackedSequence":
        raise ConfigError("input.packed_sequence", msg_name=name)
    if isinstance(value, np.ndarray):
        value = torch.from_numpy(value)
    if not isinstance(value, torch.Tensor):
        raise ConfigError("input.not_a_tensor", msg_name=name, type=type(value).__name__)
    if value.is_complex() or value.dtype == torch.bool or value.layout != torch.strided:
        raise ConfigError("input.not_real_dense", msg_name=name, dtype=value.dtype, layout=value.layout)
    if value.is_floating_point() and value.numel() and not bool(torch.isfinite(value).all()):
        raise ConfigError("input.not_finite", msg_name=name)
    return value
