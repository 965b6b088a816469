"""Saving and opening model files, safely.

Saved files are plain state_dicts:
- random-tensor models: exactly `nn.RNN(...).state_dict()`, so
  `nn.RNN(...).load_state_dict(torch.load(f, weights_only=True))` works;
- text models: `StepperModel.state_dict()`: `embedding.weight`, `rnn.weight_ih_l0`, ...,
  `head.weight`, `head.bias` and `_extra_state` (the vocabulary, as plain strings). The RNN part
  loads into a plain `nn.RNN` with the `rnn.` prefix stripped.

Opening accepts a bare `nn.RNN` state_dict, or the state_dict of any model that holds an
`nn.RNN` under a prefix together with an embedding and a linear head ("embedding -> RNN ->
linear", whatever the submodules are called), also when wrapped in a checkpoint dict. Sizes,
layers, direction and bias are inferred from the tensors' shapes. Every load uses
`torch.load(..., weights_only=True)`: a file that needs code to unpickle is refused, never run.
"""

from __future__ import annotations

import pickle
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from rnn_stepper.engine.config import NONLINEARITIES, RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError, TextError
from rnn_stepper.engine.files import atomic_write, format_size, require_regular_file
from rnn_stepper.engine.model import StepperModel, new_rnn
from rnn_stepper.engine.vocab import Vocabulary

_RNN_KEY = re.compile(r"^(?P<prefix>.*?)(?P<kind>weight_ih|weight_hh|bias_ih|bias_hh)_l(?P<layer>\d+)(?P<rev>_reverse)?$")
_CHECKPOINT_KEYS = ("state_dict", "model_state_dict", "model", "net", "module")
# The largest weights the configuration's memory budget (engine.config) can ever need, with room
# for the file format's own bytes; a bigger file cannot be a model this app can step.
MAX_MODEL_FILE_BYTES = 1024**3 + 16 * 1024**2


@dataclass
class LoadedModel:
    model: StepperModel
    config: RNNConfig  # sizes inferred from the file; seq_len, seed... from the caller
    notes: list[str] = field(default_factory=list)  # what was inferred, for the user to read


def save_model(model: StepperModel, path: str | Path) -> None:
    """Write the model's weights as a state_dict (see the module docstring for the layout)."""
    state = model.state_dict() if model.is_text else model.rnn.state_dict()
    atomic_write(path, lambda handle: torch.save(state, handle))


def read_state_dict(path: str | Path) -> dict:
    """torch.load with weights_only=True, with every failure turned into a clear message. Only a
    regular file is opened (not a folder, a device or a FIFO), and only up to MAX_MODEL_FILE_BYTES."""
    path = Path(path)
    size = require_regular_file(path, ModelFileError, "model file").st_size
    if size == 0:
        raise ModelFileError(f"{path} is empty (0 bytes)")
    if size > MAX_MODEL_FILE_BYTES:
        raise ModelFileError(f"{path} is {format_size(size)}; a model file may be at most "
                             f"{format_size(MAX_MODEL_FILE_BYTES)}")
    return state_dict_from(path, str(path))


def state_dict_from(source, name: str, mmap: bool = False) -> dict:
    """The checked state_dict in `source` (a path or a binary file object); `name` is how
    messages call it. `mmap` (a path only) maps the tensors' bytes instead of reading them."""
    try:
        with warnings.catch_warnings():
            # torch warns (on stderr) about some refused files before raising; the refusal
            # message below is the one line the user gets.
            warnings.simplefilter("ignore")
            obj = torch.load(source, map_location="cpu", weights_only=True, mmap=mmap or None)
    except Exception as exc:  # a damaged file raises anything: EOFError, KeyError, struct.error...
        text = str(exc)
        # The weights-only unpickler names the global it refused to import; a file that merely
        # is not a pickle fails on an opcode instead, and deserves a different message.
        if isinstance(exc, pickle.UnpicklingError) and "global" in text.lower():
            raise ModelFileError(_refusal(name, exc)) from None
        raise ModelFileError(
            f"{name} is not a readable PyTorch file (it may be truncated or another format): {_detail(exc)}"
        ) from None
    state = _find_state_dict(obj, name)
    check_state_dict(state, name)
    return state


def check_state_dict(state: dict, name: str) -> None:
    """Refuse what would otherwise fail deep inside the app (a file is untrusted input): keys that
    are not names, tensors that hold no plain numbers here (meta, sparse, quantized), complex
    numbers (casting would silently drop the imaginary part), and a malformed `_extra_state`."""
    for key, value in state.items():
        if not isinstance(key, str):
            raise ModelFileError(f"{name}: a state_dict's keys are parameter names, but one key is "
                                 f"{type(key).__name__} {_short(key)}")
        if isinstance(value, torch.Tensor):
            problem = _tensor_problem(value)
            if problem:
                raise ModelFileError(f"{name}: '{_short(key)}' {problem}; only ordinary (dense, real) "
                                     "tensors of numbers can be opened")
    extra = state.get("_extra_state")
    if isinstance(extra, dict):
        if "vocab" in extra and extra["vocab"] is not None:
            try:
                Vocabulary.from_stored(extra["vocab"])
            except TextError as exc:
                raise ModelFileError(f"{name}: {exc}") from None
        nonlinearity = extra.get("nonlinearity")
        if nonlinearity is not None and nonlinearity not in NONLINEARITIES:
            raise ModelFileError(f"{name}: nonlinearity must be one of {', '.join(NONLINEARITIES)}, "
                                 f"got {_short(nonlinearity)}")


def _tensor_problem(tensor: torch.Tensor) -> str:
    if tensor.is_meta:
        return "is a meta tensor (a shape without any values)"
    if tensor.layout != torch.strided:
        return f"is a {str(tensor.layout).removeprefix('torch.')} tensor"
    if tensor.is_quantized:
        return "is a quantized tensor"
    if tensor.is_complex():
        return "holds complex numbers"
    return ""


def _short(value, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def _detail(exc: Exception) -> str:
    """The informative part of a load error. torch's weights-only message opens with advice to
    retry with weights_only=False, which is exactly what a student must not do; keep the cause."""
    text = str(exc)
    cause = re.search(r"WeightsUnpickler error:\s*(.+?)(?:\n\n|$)", text, re.S)
    if cause:
        return cause.group(1).strip()
    lines = [line for line in text.splitlines() if line.strip() and "weights_only" not in line]
    return lines[0] if lines else type(exc).__name__


def _refusal(path, exc: Exception) -> str:
    found = re.search(r"(?:GLOBAL|global) ([\w.]+)", str(exc))
    what = f" ({found.group(1).replace(' ', '.')})" if found else ""
    return (
        f"refused to open {path}: it stores Python objects{what} that could only be rebuilt by "
        "running code from the file, which would be unsafe. Only weights are opened; save them "
        "with torch.save(model.state_dict(), path)."
    )


def _find_state_dict(obj, path) -> dict:
    if isinstance(obj, dict) and any(isinstance(v, torch.Tensor) for v in obj.values()):
        return obj
    if isinstance(obj, dict):
        for key in _CHECKPOINT_KEYS:  # a training checkpoint: {"model_state_dict": {...}, ...}
            inner = obj.get(key)
            if isinstance(inner, dict) and any(isinstance(v, torch.Tensor) for v in inner.values()):
                return inner
    raise ModelFileError(f"{path} holds no weights (expected a state_dict of tensors, got {type(obj).__name__})")


def load_model(path: str | Path, base: RNNConfig, vocab_path: str | Path | None = None,
               nonlinearity: str | None = None, text_given: bool = False) -> LoadedModel:
    """Open a model file. Sizes come from the file; everything else (seq_len, seed, text,
    batch_first...) from `base`; the nonlinearity, which a state_dict cannot record, from the
    argument, the file's extra state, or tanh.

    For a text model, `base.text` is the input. If the user did not type it (`text_given` is
    False) and the model's vocabulary cannot spell it, the first tokens of the vocabulary are
    used instead, and a note says so."""
    state = read_state_dict(path)
    notes: list[str] = []
    prefix, rnn_keys = _find_rnn(state, path)
    shape = _infer_rnn_shape(state, prefix, rnn_keys, path)
    extra = state.get("_extra_state") if isinstance(state.get("_extra_state"), dict) else {}
    nonlinearity = nonlinearity or extra.get("nonlinearity") or "tanh"
    dtype = {torch.float32: "float32", torch.float64: "float64"}.get(state[prefix + "weight_ih_l0"].dtype)
    if dtype is None:
        raise ModelFileError(f"{path}: weights of type {state[prefix + 'weight_ih_l0'].dtype} are not supported "
                             "(float32 or float64 only)")
    embedding_key, head_keys = _find_embedding_and_head(state, prefix, shape, path)
    vocab = None
    if embedding_key is not None:
        vocab_size = state[embedding_key].shape[0]
        if vocab_path is not None:
            vocab = Vocabulary.from_file(vocab_path)
        elif extra.get("vocab"):
            vocab = Vocabulary.from_stored(extra["vocab"])  # checked already by check_state_dict
        else:
            raise ModelFileError(
                f"{path} has an embedding of {vocab_size} tokens but no vocabulary: give a vocabulary "
                f"file with {vocab_size} lines, one token per line")
        if len(vocab) != vocab_size:
            raise ModelFileError(f"the vocabulary has {len(vocab)} tokens but the embedding "
                                 f"'{embedding_key}' has {vocab_size} rows")
    try:
        changes = dict(shape, nonlinearity=nonlinearity, dtype=dtype)
        if vocab is None:
            changes["text"] = ""
        else:
            changes["batch_size"] = 1  # text input is one sequence
            if not text_given and not _spells(vocab, base.text):
                changes["text"] = "".join(vocab.tokens[:8])
                notes.append(f"input text: the vocabulary's first tokens {changes['text']!r} "
                             "(give your own text to change it)")
        config = base.replace(**changes)
    except ConfigError as exc:
        raise ModelFileError(f"{path}: {exc}") from None

    with torch.random.fork_rng(devices=[]):  # module init must not move the caller's RNG
        rnn = new_rnn(config)
        embedding = nn.Embedding(len(vocab), config.input_size, dtype=config.torch_dtype) if vocab else None
    rnn_state = {key[len(prefix):]: state[key] for key in rnn_keys}
    _load_checked(rnn, rnn_state, path, prefix)
    head = None
    if vocab is not None:
        _load_checked(embedding, {"weight": state[embedding_key]}, path, embedding_key[:-len("weight")])
        if head_keys:
            out_features = state[head_keys[0]].shape[0]
            with torch.random.fork_rng(devices=[]):
                head = nn.Linear(config.hidden_size * config.num_directions, out_features,
                                 bias=len(head_keys) == 2, dtype=config.torch_dtype)
            head_prefix = head_keys[0][:-len("weight")]
            _load_checked(head, {key[len(head_prefix):]: state[key] for key in head_keys}, path, head_prefix)
    model = StepperModel(rnn, embedding, head, vocab)
    model.requires_grad_(False)
    model.eval()

    layers = f"{config.num_layers} layer{'s' if config.num_layers > 1 else ''}"
    notes.append(
        f"nn.RNN{f' under {prefix!r}' if prefix else ''}: input_size={config.input_size}, "
        f"hidden_size={config.hidden_size}, {layers}, "
        f"{'bidirectional' if config.bidirectional else 'one direction'}, bias={config.bias}, "
        f"{dtype}; nonlinearity {nonlinearity} (a state_dict does not record it)")
    if embedding is not None:
        notes.append(f"embedding '{embedding_key}': {len(vocab)} tokens x {config.input_size}")
        notes.append(f"head: {', '.join(head_keys)}" if head else "no linear head: no next-token probabilities")
    used = set(rnn_keys) | {embedding_key} | set(head_keys) | {"_extra_state"}
    ignored = [key for key in state if key not in used and not key.endswith("_extra_state")]
    if ignored:
        notes.append(f"ignored {len(ignored)} other tensor(s): {', '.join(ignored[:5])}{'…' if len(ignored) > 5 else ''}")
    return LoadedModel(model, config, notes)


def _spells(vocab: Vocabulary, text: str) -> bool:
    try:
        vocab.encode(text)
        return True
    except TextError:
        return False


def _find_rnn(state: dict, path: Path) -> tuple[str, list[str]]:
    by_prefix: dict[str, list[str]] = {}
    for key in state:
        match = _RNN_KEY.match(key)
        if match and isinstance(state[key], torch.Tensor):
            by_prefix.setdefault(match["prefix"], []).append(key)
    candidates = [p for p, keys in by_prefix.items() if p + "weight_ih_l0" in keys]
    if not candidates:
        raise ModelFileError(f"{path} contains no nn.RNN weights (no key ending in 'weight_ih_l0')")
    if len(candidates) > 1:
        raise ModelFileError(f"{path} contains several recurrent layers ({', '.join(repr(c) for c in candidates)}); "
                             "only one nn.RNN is supported")
    return candidates[0], by_prefix[candidates[0]]


def _infer_rnn_shape(state: dict, prefix: str, keys: list[str], path: Path) -> dict:
    w_ih, w_hh = state[prefix + "weight_ih_l0"], state.get(prefix + "weight_hh_l0")
    if w_ih.dim() != 2 or w_hh is None or w_hh.dim() != 2:
        raise ModelFileError(f"{path}: '{prefix}weight_ih_l0' and '{prefix}weight_hh_l0' must be matrices")
    hidden = w_hh.shape[1]
    if w_ih.shape[0] != hidden:
        gates = {3: "a GRU", 4: "an LSTM"}.get(w_ih.shape[0] // hidden if w_ih.shape[0] % hidden == 0 else 0)
        if gates:
            raise ModelFileError(f"{path} holds {gates} ('{prefix}weight_ih_l0' has {w_ih.shape[0]} rows = "
                                 f"{w_ih.shape[0] // hidden} x hidden_size {hidden}); only plain nn.RNN is supported")
        raise ModelFileError(f"{path}: '{prefix}weight_ih_l0' has shape {tuple(w_ih.shape)}, which does not fit "
                             f"hidden_size {hidden} from '{prefix}weight_hh_l0' {tuple(w_hh.shape)}")
    layers = sorted({int(_RNN_KEY.match(k)["layer"]) for k in keys})
    if layers != list(range(len(layers))):
        raise ModelFileError(f"{path}: the layers of '{prefix}' are not numbered 0..{len(layers) - 1}: {layers}")
    return dict(input_size=w_ih.shape[1], hidden_size=hidden, num_layers=len(layers),
                bidirectional=any(k.endswith("_reverse") for k in keys),
                bias=(prefix + "bias_ih_l0") in state)


def _find_embedding_and_head(state: dict, prefix: str, shape: dict, path: Path):
    """Guess which remaining matrices are the embedding [V, input] and the head [V, H*D].

    Where shapes alone are ambiguous (input_size == H*D), the key order decides: a module
    registered before the RNN is its embedding, one after it its head, as in every tutorial.
    """
    keys = list(state)
    rnn_position = keys.index(prefix + "weight_ih_l0")
    out_width = shape["hidden_size"] * (2 if shape["bidirectional"] else 1)
    embedding_key = head_weight = None
    for position, key in enumerate(keys):
        tensor = state[key]
        if key.startswith(prefix) and _RNN_KEY.match(key) or not isinstance(tensor, torch.Tensor):
            continue
        if tensor.dim() != 2 or not key.endswith("weight"):
            continue
        if embedding_key is None and position < rnn_position and tensor.shape[1] == shape["input_size"]:
            embedding_key = key
        elif head_weight is None and position > rnn_position and tensor.shape[1] == out_width:
            head_weight = key
    head_keys = []
    if head_weight is not None:
        head_keys = [head_weight]
        bias_key = head_weight[:-len("weight")] + "bias"
        if bias_key in state:
            head_keys.append(bias_key)
        if embedding_key is not None and state[head_weight].shape[0] != state[embedding_key].shape[0]:
            raise ModelFileError(
                f"{path}: the head '{head_weight}' predicts {state[head_weight].shape[0]} tokens but the "
                f"embedding '{embedding_key}' has {state[embedding_key].shape[0]}")
    return embedding_key, head_keys


def _load_checked(module: nn.Module, state: dict, path: Path, prefix: str) -> None:
    expected = module.state_dict()
    for name, tensor in expected.items():
        if name not in state:
            raise ModelFileError(f"{path}: '{prefix}{name}' is missing")
        if state[name].shape != tensor.shape:
            raise ModelFileError(f"{path}: '{prefix}{name}' has shape {tuple(state[name].shape)}, "
                                 f"expected {tuple(tensor.shape)}")
    with torch.no_grad():
        module.load_state_dict({name: state[name].to(expected[name].dtype) for name in expected})
