"""RNNConfig validation: every bad value is refused with a message a student can act on."""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace

import pytest
import torch
from rnn_stepper.engine.config import (
    DTYPES,
    LIMITS,
    MAX_TEXT_CHARS,
    MEMORY_BUDGET_BYTES,
    TOLERANCE,
    RNNConfig,
    estimate_bytes,
    parameter_count,
)
from rnn_stepper.engine.errors import ConfigError, UserError
from rnn_stepper.engine.presets import PRESETS, preset_config
from torch import nn


def test_defaults_are_valid_and_mirror_the_lesson():
    c = RNNConfig()
    assert (c.input_size, c.hidden_size, c.num_layers, c.nonlinearity) == (128, 4, 1, "tanh")
    assert c.bias is True and c.batch_first is False and c.bidirectional is False
    assert c.num_directions == 1 and c.torch_dtype == torch.float32 and c.tolerance == 1e-5
    assert not c.is_text


def test_config_errors_are_user_errors_and_value_errors():
    assert issubclass(ConfigError, UserError) and issubclass(ConfigError, ValueError)


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_integer_range_messages(name):
    low, high = LIMITS[name]
    with pytest.raises(ConfigError) as below:
        RNNConfig(**{name: low - 1})
    assert str(below.value) == f"{name} must be between {low} and {high}, got {low - 1}"
    with pytest.raises(ConfigError) as above:  # the range is checked before the memory budget
        RNNConfig(**{name: high + 1})
    assert str(above.value) == f"{name} must be between {low} and {high}, got {high + 1}"


def test_exact_hidden_size_message():
    with pytest.raises(ConfigError, match=r"^hidden_size must be between 1 and 4096, got 0$"):
        RNNConfig(hidden_size=0)


def test_seq_len_upper_bound_message():
    with pytest.raises(ConfigError, match=r"^seq_len must be between 1 and 100000, got 100001$"):
        RNNConfig(seq_len=100_001, hidden_size=1, input_size=1)


@pytest.mark.parametrize("name", ["input_size", "hidden_size", "num_layers", "seq_len", "batch_size", "seed"])
@pytest.mark.parametrize("value", [True, False, 2.0, "4", None, 3.5])
def test_integers_must_be_whole_numbers_not_bools(name, value):
    with pytest.raises(ConfigError) as info:
        RNNConfig(**{name: value})
    assert str(info.value) == f"{name} must be a whole number, got {value!r}"


@pytest.mark.parametrize("name", ["bias", "batch_first", "bidirectional"])
@pytest.mark.parametrize("value", [1, 0, "true", None, 1.0])
def test_flags_must_be_bools(name, value):
    with pytest.raises(ConfigError) as info:
        RNNConfig(**{name: value})
    assert str(info.value) == f"{name} must be true or false, got {value!r}"


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 0.999])
def test_dropout_accepted(value):
    assert RNNConfig(dropout=value, num_layers=2).dropout == value


@pytest.mark.parametrize(
    "value", [-0.1, 1.0, 1, 1.5, math.nan, math.inf, -math.inf, True, False, "0.5", None]
)
def test_dropout_refused(value):
    with pytest.raises(
        ConfigError, match=r"^dropout must be a number from 0 up to \(not including\) 1, got "
    ):
        RNNConfig(dropout=value)


@pytest.mark.parametrize(
    ("field", "good", "bad", "message"),
    [
        (
            "nonlinearity",
            ["tanh", "relu"],
            ["sigmoid", "Tanh", "", None],
            "nonlinearity must be one of tanh, relu, got {!r}",
        ),
        (
            "dtype",
            ["float32", "float64"],
            ["float16", "double", torch.float32],
            "dtype must be one of float32, float64, got {!r}",
        ),
        ("h0", ["zeros", "random"], ["ones", ""], "h0 must be one of zeros, random, got {!r}"),
    ],
)
def test_choices(field, good, bad, message):
    for value in good:
        assert getattr(RNNConfig(**{field: value}), field) == value
    for value in bad:
        with pytest.raises(ConfigError) as info:
            RNNConfig(**{field: value})
        assert str(info.value) == message.format(value)


def test_dtype_maps_to_torch_and_tolerance():
    assert DTYPES == {"float32": torch.float32, "float64": torch.float64}
    assert RNNConfig(dtype="float64").torch_dtype == torch.float64
    assert RNNConfig(dtype="float64").tolerance == TOLERANCE["float64"] == 1e-10
    assert RNNConfig(dtype="float32").tolerance == TOLERANCE["float32"] == 1e-5


def test_text_with_batch_above_one_refused():
    with pytest.raises(ConfigError, match=r"^text input uses one sequence, so batch_size must be 1, got 3$"):
        RNNConfig(text="我爱你", batch_size=3)
    assert RNNConfig(text="我爱你", batch_size=1).is_text
    assert RNNConfig(text="", batch_size=3).batch_size == 3


def test_text_type_and_length():
    with pytest.raises(ConfigError, match=r"^text must be a string, got int$"):
        RNNConfig(text=5)
    too_long = rf"^text must be at most {MAX_TEXT_CHARS} characters, got {MAX_TEXT_CHARS + 1}$"
    with pytest.raises(ConfigError, match=too_long):
        RNNConfig(text="a" * (MAX_TEXT_CHARS + 1), input_size=1, hidden_size=1)


def test_config_is_frozen_and_replace_validates():
    c = RNNConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.hidden_size = 5
    assert c.replace(hidden_size=7).hidden_size == 7
    assert c.hidden_size == 4
    with pytest.raises(ConfigError, match="hidden_size"):
        c.replace(hidden_size=0)


def test_nn_rnn_kwargs_build_a_matching_module():
    c = RNNConfig(
        input_size=5,
        hidden_size=3,
        num_layers=2,
        nonlinearity="relu",
        bias=False,
        batch_first=True,
        dropout=0.25,
        bidirectional=True,
    )
    rnn = nn.RNN(**c.nn_rnn_kwargs())
    assert (rnn.input_size, rnn.hidden_size, rnn.num_layers) == (5, 3, 2)
    assert rnn.nonlinearity == "relu" and rnn.bias is False and rnn.batch_first and rnn.bidirectional
    assert rnn.dropout == 0.25
    assert parameter_count(c) == sum(p.numel() for p in rnn.parameters())


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(input_size=7, hidden_size=5),
        dict(input_size=7, hidden_size=5, num_layers=3, bidirectional=True),
        dict(input_size=2, hidden_size=9, num_layers=2, bias=False),
        dict(input_size=1, hidden_size=1, num_layers=8, bidirectional=True, bias=False),
    ],
)
def test_parameter_count_matches_torch(kwargs):
    c = RNNConfig(**kwargs)
    assert parameter_count(c) == sum(p.numel() for p in nn.RNN(**c.nn_rnn_kwargs()).parameters())


# ---- the memory budget -------------------------------------------------------------------------

HUGE = dict(hidden_size=4096, num_layers=8, bidirectional=True, seq_len=100_000)


def test_memory_budget_refuses_huge_config():
    with pytest.raises(ConfigError) as info:
        RNNConfig(**HUGE)
    message = str(info.value)
    assert message.startswith("this configuration would need about ")
    assert "GiB of memory (the limit is 2 GiB)" in message
    assert "make hidden_size, num_layers, seq_len or batch_size smaller" in message


def test_memory_budget_refusal_happens_before_any_allocation(monkeypatch):
    """Make every allocator that could build the model or trace explode: validation must fail first."""

    def boom(*args, **kwargs):
        raise AssertionError("allocated before the memory check")

    for name in ("zeros", "empty", "randn", "zeros_like", "ones"):
        monkeypatch.setattr(torch, name, boom)
    monkeypatch.setattr(nn.RNN, "__init__", boom)
    with pytest.raises(ConfigError, match="would need about"):
        RNNConfig(**HUGE)
    with pytest.raises(ConfigError, match="would need about"):
        RNNConfig(hidden_size=1024, num_layers=2, bidirectional=True, seq_len=100_000, batch_size=4)


def _namespace(**kwargs):
    """estimate_bytes on values a real RNNConfig would refuse (it reads plain attributes)."""
    fields = {f.name: f.default for f in dataclasses.fields(RNNConfig)}
    fields.update(kwargs)
    fields["num_directions"] = 2 if fields["bidirectional"] else 1
    return SimpleNamespace(**fields)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_config_just_under_the_budget_passes_and_just_over_is_refused(dtype):
    base = dict(input_size=64, hidden_size=1024, num_layers=2, bidirectional=True, batch_size=2, dtype=dtype)
    low, high = 1, 100_000
    assert estimate_bytes(_namespace(**base, seq_len=high)) > MEMORY_BUDGET_BYTES
    while high - low > 1:  # largest seq_len within budget
        mid = (low + high) // 2
        if estimate_bytes(_namespace(**base, seq_len=mid)) <= MEMORY_BUDGET_BYTES:
            low = mid
        else:
            high = mid
    ok = RNNConfig(**base, seq_len=low)
    assert estimate_bytes(ok) <= MEMORY_BUDGET_BYTES
    with pytest.raises(ConfigError, match="would need about 2.0 GiB"):
        RNNConfig(**base, seq_len=low + 1)


def test_estimate_covers_the_stored_trace():
    """At least the three [T, L*D, B, H] tensors a full trace keeps, plus the weights."""
    c = RNNConfig(
        input_size=10,
        hidden_size=32,
        num_layers=3,
        bidirectional=True,
        seq_len=50,
        batch_size=4,
        dtype="float64",
    )
    cells = 50 * 3 * 2 * 4 * 32
    assert estimate_bytes(c) >= 8 * (3 * cells + parameter_count(c) + 50 * 4 * 10)
    assert estimate_bytes(c.replace(dtype="float32")) * 2 == estimate_bytes(c)


def test_text_estimate_includes_embedding_and_head():
    text = RNNConfig(input_size=128, hidden_size=4, text="我爱你")
    tensor = RNNConfig(input_size=128, hidden_size=4, seq_len=3)
    assert estimate_bytes(text) > estimate_bytes(tensor)


# ---- presets -----------------------------------------------------------------------------------


def test_presets_are_valid_configs():
    for name, preset in PRESETS.items():
        assert preset_config(name) is preset.config
        assert isinstance(preset.config, RNNConfig)


def test_unknown_preset_lists_the_choices():
    with pytest.raises(ConfigError) as info:
        preset_config("nope")
    assert str(info.value).startswith("unknown preset 'nope'; choose one of: ")
    for name in PRESETS:
        assert name in str(info.value)
