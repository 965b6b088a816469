"""The one place where an RNN configuration is described and validated.

`RNNConfig` mirrors the constructor of `torch.nn.RNN` (or of `nn.LSTM` / `nn.GRU`, chosen by
`cell`), plus what the stepper needs to make inputs (sequence length, batch size, seed, dtype,
text). Every limit and every message a student may read about a bad value lives here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import torch
from rnn_stepper.engine.cell import CELL_TYPES, GATES, MODULES
from rnn_stepper.engine.errors import ConfigError

# Upper bounds keep a typo (hidden_size=100000) from freezing a laptop. They are generous for
# teaching; the memory budget below is the real guard for combinations of large values.
LIMITS = {
    "input_size": (1, 4096),
    "hidden_size": (1, 4096),
    "num_layers": (1, 8),
    "seq_len": (1, 100_000),
    "batch_size": (1, 1024),
    "seed": (0, 2**31 - 1),
}
MAX_TEXT_CHARS = 100_000
MEMORY_BUDGET_BYTES = 2 * 1024**3  # weights + inputs + every kept tensor of a trace
NONLINEARITIES = ("tanh", "relu")
DTYPES = {"float32": torch.float32, "float64": torch.float64}
H0_MODES = ("zeros", "random")

# Largest |nn.RNN - stepper| difference that still counts as agreement, per dtype.
TOLERANCE = {"float32": 1e-5, "float64": 1e-10}


@dataclass(frozen=True)
class RNNConfig:
    """Everything needed to build a model and its inputs, validated on creation.

    `cell` is "rnn" (nn.RNN), "lstm" (nn.LSTM, which also takes `proj_size`) or "gru" (nn.GRU);
    `nonlinearity` is nn.RNN's own option and stays "tanh" for the gated cells, whose gates fix
    their nonlinearities. For LSTM, `h0` (zeros or random) sets c0 too.

    `text` non-empty means text input (an embedding feeds the RNN; the sequence length is the
    number of tokens and the batch is 1); empty means a random tensor of shape
    (seq_len, batch_size, input_size), as in the lesson.
    """

    input_size: int = 128
    hidden_size: int = 4
    num_layers: int = 1
    nonlinearity: str = "tanh"
    bias: bool = True
    batch_first: bool = False
    dropout: float = 0.0
    bidirectional: bool = False
    seq_len: int = 3
    batch_size: int = 1
    seed: int = 0
    dtype: str = "float32"
    h0: str = "zeros"
    text: str = ""
    # Last, so that positional use and every existing file keep their meaning; new files that
    # leave them at these defaults are exactly the plain-RNN files older versions wrote.
    cell: str = "rnn"
    proj_size: int = 0

    def __post_init__(self) -> None:
        _validate(self)

    # Derived facts, so nobody recomputes them differently.
    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def num_gates(self) -> int:
        """Row blocks of weight_ih / weight_hh: 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n)."""
        return _gate_blocks(self)

    @property
    def output_size(self) -> int:
        """Width of h_t (H_out): proj_size for a projected LSTM, else hidden_size."""
        return _output_size(self)

    @property
    def module_name(self) -> str:
        """ "nn.RNN", "nn.LSTM" or "nn.GRU": the PyTorch module this configuration mirrors."""
        return MODULES[self.cell]

    @property
    def torch_dtype(self) -> torch.dtype:
        return DTYPES[self.dtype]

    @property
    def tolerance(self) -> float:
        return TOLERANCE[self.dtype]

    @property
    def is_text(self) -> bool:
        return bool(self.text)

    def replace(self, **changes) -> RNNConfig:
        """A copy with some fields changed (validated like any new config)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict:
        """Every field by name, plain JSON values: `RNNConfig(**config.as_dict())` is `config`."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def nn_rnn_kwargs(self) -> dict:
        """The keyword arguments of the module (`nn.RNN`, `nn.LSTM` or `nn.GRU`, see `cell`):
        nonlinearity only for nn.RNN, proj_size only for nn.LSTM (when not 0)."""
        kwargs: dict[str, object] = dict(
            input_size=self.input_size,
            hidden_size=self.hidden_size,
            num_layers=self.num_layers,
            bias=self.bias,
            batch_first=self.batch_first,
            dropout=self.dropout,
            bidirectional=self.bidirectional,
        )
        if self.cell == "rnn":
            kwargs["nonlinearity"] = self.nonlinearity
        if self.proj_size:
            kwargs["proj_size"] = self.proj_size
        return kwargs


def _check_int(name: str, value) -> None:
    low, high = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError("config.whole_number", name=name, value=repr(value))
    if not low <= value <= high:
        raise ConfigError("config.between", name=name, low=low, high=high, value=value)


def _check_bool(name: str, value) -> None:
    if not isinstance(value, bool):
        raise ConfigError("config.true_or_false", name=name, value=repr(value))


def _check_choice(name: str, value, choices) -> None:
    if value not in choices:
        raise ConfigError("config.one_of", name=name, choices=", ".join(choices), value=repr(value))


def _validate(c: RNNConfig) -> None:
    for name in ("input_size", "hidden_size", "num_layers", "seq_len", "batch_size", "seed"):
        _check_int(name, getattr(c, name))
    for name in ("bias", "batch_first", "bidirectional"):
        _check_bool(name, getattr(c, name))
    _check_choice("cell", c.cell, CELL_TYPES)
    _check_choice("nonlinearity", c.nonlinearity, NONLINEARITIES)
    if c.cell != "rnn" and c.nonlinearity != "tanh":
        raise ConfigError("config.nonlinearity_rnn_only", module=MODULES[c.cell], value=repr(c.nonlinearity))
    if isinstance(c.proj_size, bool) or not isinstance(c.proj_size, int):
        raise ConfigError("config.whole_number", name="proj_size", value=repr(c.proj_size))
    if c.proj_size and c.cell != "lstm":
        raise ConfigError("config.proj_size_lstm_only", cell=c.cell, value=c.proj_size)
    if not 0 <= c.proj_size < c.hidden_size:
        raise ConfigError("config.proj_size_range", limit=c.hidden_size - 1, value=c.proj_size)
    _check_choice("dtype", c.dtype, tuple(DTYPES))
    _check_choice("h0", c.h0, H0_MODES)
    if (
        isinstance(c.dropout, bool)
        or not isinstance(c.dropout, (int, float))
        or not (math.isfinite(c.dropout) and 0.0 <= c.dropout < 1.0)
    ):
        raise ConfigError("config.dropout", value=repr(c.dropout))
    if not isinstance(c.text, str):
        raise ConfigError("config.text_not_a_string", type=type(c.text).__name__)
    if len(c.text) > MAX_TEXT_CHARS:
        raise ConfigError("config.text_too_long", limit=MAX_TEXT_CHARS, count=len(c.text))
    if c.text and c.batch_size != 1:
        raise ConfigError("config.text_batch", value=c.batch_size)
    needed = estimate_bytes(c)
    if needed > MEMORY_BUDGET_BYTES:
        raise ConfigError(
            "config.memory", needed=f"{needed / 1024**3:.1f}", limit=f"{MEMORY_BUDGET_BYTES / 1024**3:.0f}"
        )


# estimate_bytes runs on plain attributes too (a test feeds it values RNNConfig would refuse),
# so the derived sizes it needs are functions of the fields rather than properties only.
def _gate_blocks(c) -> int:
    return max(1, len(GATES[c.cell]))


def _output_size(c) -> int:
    return c.proj_size or c.hidden_size


def parameter_count(c: RNNConfig) -> int:
    """Number of weights and biases in the module (nn.RNN, nn.LSTM, nn.GRU) for this configuration."""
    d, h, p, rows = c.num_directions, c.hidden_size, _output_size(c), _gate_blocks(c) * c.hidden_size
    total = 0
    for layer in range(c.num_layers):
        layer_input = c.input_size if layer == 0 else p * d
        per_direction = rows * layer_input + rows * p + (2 * rows if c.bias else 0)
        per_direction += p * h if c.proj_size else 0  # weight_hr
        total += d * per_direction
    return total


def estimate_bytes(c: RNNConfig, vocab_size: int | None = None) -> int:
    """Memory a model plus a full trace of it will take, computed before allocating any of it.

    The trace keeps, per cell, the hidden state, the input term (one block per gate) and the
    module's reference value, and for LSTM the cell state and its reference too, plus the
    inputs and, for text, an embedding, a head and the probabilities at every step.
    """
    element = 8 if c.dtype == "float64" else 4
    t, b = c.seq_len, c.batch_size
    if c.text:
        t = len(c.text)  # an upper bound on the token count
        vocab_size = vocab_size or len(set(c.text))
    cells = t * c.num_layers * c.num_directions * b
    elements = parameter_count(c) * 2  # the module plus the reference modules' copies
    elements += cells * (2 * _output_size(c) + _gate_blocks(c) * c.hidden_size) + t * b * c.input_size
    if c.cell == "lstm":
        elements += cells * 2 * c.hidden_size  # c_t and its reference
    if vocab_size:
        elements += vocab_size * (c.input_size + _output_size(c) * c.num_directions + 1)
        elements += t * b * vocab_size
    return elements * element
