"""Saving and opening model files, safely.

Saved files are plain state_dicts:
- random-tensor models: exactly `nn.RNN(...).state_dict()` (or nn.LSTM's, nn.GRU's), so
  `nn.RNN(...).load_state_dict(torch.load(f, weights_only=True))` works (nn.LSTM / nn.GRU
  built with the same options likewise);
- text models: `StepperModel.state_dict()`: `embedding.weight`, `rnn.weight_ih_l0`, ...,
  `head.weight`, `head.bias` and `_extra_state` (the vocabulary, the input kind and the class
  labels, as plain strings; a one-hot model has no `embedding.weight`). The RNN part
  loads into a plain `nn.RNN` (`nn.LSTM`, `nn.GRU`) with the `rnn.` prefix stripped.

Opening accepts a bare `nn.RNN`, `nn.LSTM` or `nn.GRU` state_dict (the cell is told by the
number of row blocks in weight_ih: 1, 4 or 3; `weight_hr` means an LSTM with proj_size), or the
state_dict of any model that holds one under a prefix, optionally with an embedding before it and a linear head after it
("embedding -> RNN -> linear", whatever the submodules are called and in whatever order their
keys come), also when wrapped in a checkpoint dict. Without an embedding, a vocabulary of
input_size tokens makes the input one-hot; a head is a next-token head or a classifier.
Sizes, layers, direction and bias are inferred from the tensors' shapes. Every load uses
`torch.load(..., weights_only=True)`: a file that needs code to unpickle is refused, never run.

Over 500 lines, on purpose: Every model file layout the app opens (nn.RNN/LSTM/GRU state_dicts
alone, with an embedding, with a head, the tutorials' wrappers), each refused with its own reason;
the checks read the same state_dict and its names.
"""

from __future__ import annotations

import pickle
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import torch
from rnn_stepper.engine.cell import GATES, MODULES
from rnn_stepper.engine.config import NONLINEARITIES, RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError, TextError
from rnn_stepper.engine.files import atomic_write, format_size, require_regular_file
from rnn_stepper.engine.messages import Foreign, Message
from rnn_stepper.engine.model import OneHot, StepperModel, new_rnn
from rnn_stepper.engine.vocab import Vocabulary, read_token_list
from torch import nn

_RNN_KEY = re.compile(
    r"^(?P<prefix>.*?)(?P<kind>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(?P<layer>\d+)"
    r"(?P<rev>_reverse)?$"
)
_CELL_OF_BLOCKS = {1: "rnn", 4: "lstm", 3: "gru"}  # row blocks of weight_ih -> the cell (engine.cell.GATES)
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
    state = model.state_dict() if model.is_text or model.head is not None else model.rnn.state_dict()
    atomic_write(path, lambda handle: torch.save(state, handle))


def read_state_dict(path: str | Path) -> dict:
    """The checked state_dict of a model file (torch.load with weights_only=True), with every
    failure turned into a clear message."""
    path = Path(path)
    state = _find_state_dict(safe_torch_load(path), str(path))
    check_state_dict(state, str(path))
    return state


def safe_torch_load(path: str | Path, what: str = "model file"):
    """Whatever a .pt file holds, read with weights_only=True; every failure a ModelFileError.
    Only a regular file is opened (not a folder, a device or a FIFO), and only up to
    MAX_MODEL_FILE_BYTES."""
    path = Path(path)
    size = require_regular_file(path, ModelFileError, what).st_size
    if size == 0:
        raise ModelFileError("model.empty_file", path=path)
    if size > MAX_MODEL_FILE_BYTES:
        raise ModelFileError(
            "model.file_too_big", path=path, size=format_size(size), limit=format_size(MAX_MODEL_FILE_BYTES)
        )
    return _torch_load(path, str(path))


def state_dict_from(source, name: str, mmap: bool = False) -> dict:
    """The checked state_dict in `source` (a path or a binary file object); `name` is how
    messages call it. `mmap` (a path only) maps the tensors' bytes instead of reading them."""
    state = _find_state_dict(_torch_load(source, name, mmap), name)
    check_state_dict(state, name)
    return state


def _torch_load(source, name: str, mmap: bool = False):
    """torch.load(weights_only=True) of `source`; every failure a ModelFileError naming `name`."""
    try:
        with warnings.catch_warnings():
            # torch warns (on stderr) about some refused files before raising; the refusal
            # message below is the one line the user gets.
            warnings.simplefilter("ignore")
            return torch.load(source, map_location="cpu", weights_only=True, mmap=mmap or None)
    except Exception as exc:  # noqa: BLE001 — a damaged file raises anything: EOFError, struct.error...
        text = str(exc)
        # The weights-only unpickler names the global it refused to import; a file that merely
        # is not a pickle fails on an opcode instead, and deserves a different message.
        if isinstance(exc, pickle.UnpicklingError) and "global" in text.lower():
            raise _refusal(name, exc) from None
        raise ModelFileError("model.unreadable", path=name, detail=Foreign(_detail(exc))) from None


def check_state_dict(state: dict, name: str) -> None:
    """Refuse what would otherwise fail deep inside the app (a file is untrusted input): keys that
    are not names, tensors that hold no plain numbers here (meta, sparse, quantized), complex
    numbers (casting would silently drop the imaginary part), and a malformed `_extra_state`."""
    for key, value in state.items():
        if not isinstance(key, str):
            raise ModelFileError(
                "file.prefixed",
                path=name,
                message=Message("model.key_not_a_name", type=type(key).__name__, value=_short(key)),
            )
        if isinstance(value, torch.Tensor):
            problem = _tensor_problem(value)
            if problem:
                raise ModelFileError(
                    "file.prefixed",
                    path=name,
                    message=Message("model.tensor_not_plain", key=f"'{_short(key)}'", msg_problem=problem),
                )
    extra = state.get("_extra_state")
    if isinstance(extra, dict):
        if "vocab" in extra and extra["vocab"] is not None:
            try:
                Vocabulary.from_stored(extra["vocab"])
            except TextError as exc:
                raise ModelFileError("file.prefixed", path=name, message=exc) from None
        nonlinearity = extra.get("nonlinearity")
        if nonlinearity is not None and nonlinearity not in NONLINEARITIES:
            raise ModelFileError(
                "file.prefixed",
                path=name,
                message=Message(
                    "config.one_of",
                    name="nonlinearity",
                    choices=", ".join(NONLINEARITIES),
                    value=_short(nonlinearity),
                ),
            )


def _tensor_problem(tensor: torch.Tensor) -> str:
    if tensor.is_meta:
        return Message("model.problem.meta")
    if tensor.layout != torch.strided:
        return Message("model.problem.layout", layout=str(tensor.layout).removeprefix("torch."))
    if tensor.is_quantized:
        return Message("model.problem.quantized")
    if tensor.is_complex():
        return Message("model.problem.complex")
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


def _refusal(path, exc: Exception) -> ModelFileError:
    found = re.search(r"(?:GLOBAL|global) ([\w.]+)", str(exc))
    what = f" ({found.group(1).replace(' ', '.')})" if found else ""
    return ModelFileError("model.unsafe_pickle", path=path, what=what)


def _find_state_dict(obj, path) -> dict:
    if isinstance(obj, dict) and any(isinstance(v, torch.Tensor) for v in obj.values()):
        return obj
    if isinstance(obj, dict):
        for key in _CHECKPOINT_KEYS:  # a training checkpoint: {"model_state_dict": {...}, ...}
            inner = obj.get(key)
            if isinstance(inner, dict) and any(isinstance(v, torch.Tensor) for v in inner.values()):
                return inner
    raise ModelFileError("model.no_weights", path=path, type=type(obj).__name__)


def load_model(
    path: str | Path,
    base: RNNConfig,
    vocab_path: str | Path | None = None,
    nonlinearity: str | None = None,
    text_given: bool = False,
    labels_path: str | Path | None = None,
) -> LoadedModel:
    """Open a model file. Sizes come from the file; everything else (seq_len, seed, text,
    batch_first...) from `base`; the nonlinearity, which a state_dict cannot record, from the
    argument, the file's extra state, or tanh.

    Input: an embedding in the file needs a vocabulary of as many tokens; without one, a
    vocabulary of exactly input_size tokens means one-hot input (the PyTorch name-classifier
    tutorial, D2L's RNNModel); without a vocabulary the input is a tensor, and typed text
    (`text_given`) is refused rather than ignored. A head with one output per vocabulary token
    predicts the next token; any other head, or one given class names (`labels_path`), is a
    classifier.

    For a text model, `base.text` is the input. If the user did not type it (`text_given` is
    False) and the model's vocabulary cannot spell it, the first tokens of the vocabulary are
    used instead, and a note says so. The notes say what was used, inferred and dropped."""
    state = read_state_dict(path)
    path = Path(path)
    notes: list[str] = []
    state = _linear_cell_as_rnn(state, path, notes)
    prefix, rnn_keys = _find_rnn(state, path)
    shape = _infer_rnn_shape(state, prefix, rnn_keys, path)
    raw_extra = state.get("_extra_state")
    extra = raw_extra if isinstance(raw_extra, dict) else {}
    module_name = MODULES[shape["cell"]]
    if shape["cell"] != "rnn":
        if nonlinearity:
            raise ModelFileError("model.gated_nonlinearity", path=path, module=module_name)
        nonlinearity = "tanh"
    nonlinearity_note = Message(
        "model.nonlinearity_given"
        if nonlinearity
        else "model.nonlinearity_recorded"
        if extra.get("nonlinearity")
        else "model.nonlinearity_default"
    )
    nonlinearity = nonlinearity or extra.get("nonlinearity") or "tanh"
    dtype = {torch.float32: "float32", torch.float64: "float64"}.get(state[prefix + "weight_ih_l0"].dtype)
    if dtype is None:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message("model.dtype", dtype=state[prefix + "weight_ih_l0"].dtype),
        )
    embedding_key, head_keys = _find_embedding_and_head(state, prefix, shape, path, notes)
    vocab, vocab_source = None, ""
    if vocab_path is not None:
        vocab, vocab_source = Vocabulary.from_file(vocab_path), Message("model.vocab_file", path=vocab_path)
    elif extra.get("vocab"):
        # checked already by check_state_dict
        vocab, vocab_source = Vocabulary.from_stored(extra["vocab"]), Message("model.vocab_stored", path=path)
    if embedding_key is not None:
        vocab_size = state[embedding_key].shape[0]
        if vocab is None:
            raise ModelFileError(
                "model.embedding_without_vocab", path=path, count=vocab_size, lines=vocab_size
            )
        if len(vocab) != vocab_size:
            raise ModelFileError(
                "model.vocab_embedding_rows",
                msg_vocab=vocab_source,
                count=len(vocab),
                key=f"'{embedding_key}'",
                path=path,
                rows=vocab_size,
            )
    elif vocab is not None and len(vocab) != shape["input_size"]:
        raise ModelFileError(
            "model.vocab_one_hot_size",
            msg_vocab=vocab_source,
            count=len(vocab),
            path=path,
            size=shape["input_size"],
        )
    elif vocab is None and text_given:
        raise ModelFileError(
            "model.no_text_input", path=path, size=shape["input_size"], size2=shape["input_size"]
        )
    out_features = state[head_keys[0]].shape[0] if head_keys else 0
    labels = None
    if labels_path is not None:
        labels = read_token_list(labels_path, "labels")
        if not head_keys:
            raise ModelFileError(
                "model.labels_without_head", labels=labels_path, count=len(labels), path=path
            )
        if len(labels) != out_features:
            raise ModelFileError(
                "model.labels_head_size",
                labels=labels_path,
                count=len(labels),
                key=f"'{head_keys[0]}'",
                path=path,
                out=out_features,
            )
    elif head_keys and isinstance(extra.get("labels"), list) and len(extra["labels"]) == out_features:
        labels = tuple(str(label) for label in extra["labels"])
    try:
        changes = dict(shape, nonlinearity=nonlinearity, dtype=dtype)
        if vocab is None:
            changes["text"] = ""
        else:
            changes["batch_size"] = 1  # text input is one sequence
            if not text_given and not _spells(vocab, base.text):
                changes["text"] = "".join(vocab.tokens[:8])
                notes.append(Message("model.note.input_text", text=repr(changes["text"])))
        config = base.replace(**changes)
    except ConfigError as exc:
        raise ModelFileError("file.prefixed", path=path, message=exc) from None

    with torch.random.fork_rng(devices=[]):  # module init must not move the caller's RNG
        rnn = new_rnn(config)
        embedding: nn.Module | None = None
        if embedding_key is not None and vocab is not None:  # (an embedding without a vocabulary was refused)
            embedding = nn.Embedding(len(vocab), config.input_size, dtype=config.torch_dtype)
        elif vocab is not None:
            embedding = OneHot(len(vocab), config.torch_dtype)
    rnn_state = {key[len(prefix) :]: state[key] for key in rnn_keys}
    _load_checked(rnn, rnn_state, path, prefix)
    if isinstance(embedding, nn.Embedding):  # the file's embedding, at embedding_key
        _load_checked(embedding, {"weight": state[embedding_key]}, path, embedding_key[: -len("weight")])
    head = None
    if head_keys:
        with torch.random.fork_rng(devices=[]):
            head = nn.Linear(
                config.output_size * config.num_directions,
                out_features,
                bias=len(head_keys) == 2,
                dtype=config.torch_dtype,
            )
        head_prefix = head_keys[0][: -len("weight")]
        _load_checked(head, {key[len(head_prefix) :]: state[key] for key in head_keys}, path, head_prefix)
    model = StepperModel(rnn, embedding, head, vocab, labels)
    model.requires_grad_(False)
    model.eval()

    notes.append(
        Message(
            "model.note.used_rnn",
            module=module_name,
            under=Message("model.note.under", prefix=repr(prefix)) if prefix else "",
            i=config.input_size,
            h=config.hidden_size,
            projection=f", proj_size={config.proj_size}" if config.proj_size else "",
            msg_layers=Message(
                "model.note.layers" if config.num_layers > 1 else "model.note.one_layer",
                count=config.num_layers,
            ),
            msg_dir=Message(
                "model.note.bidirectional" if config.bidirectional else "model.note.one_direction"
            ),
            bias=config.bias,
            dtype=dtype,
        )
    )
    if config.cell == "rnn":
        notes.append(Message("model.note.nonlinearity", name=nonlinearity, msg_why=nonlinearity_note))
    else:
        notes.append(
            Message(
                "model.note.gates",
                module=module_name,
                count=config.num_gates,
                gates=", ".join(GATES[config.cell]),
            )
        )
    if vocab is not None:
        notes.append(Message("model.note.vocab", msg_vocab=vocab_source, count=len(vocab)))
    if embedding_key is not None:
        notes.append(
            Message(
                "model.note.embedding", key=f"'{embedding_key}'", count=vocab_size, size=config.input_size
            )
        )
    elif vocab is not None:
        notes.append(Message("model.note.one_hot", size=config.input_size))
    else:
        notes.append(Message("model.note.tensor_input", size=config.input_size))
    if model.predicts_next_token:
        notes.append(Message("model.note.next_token_head", keys=", ".join(head_keys)))
    elif model.is_classifier:
        names = (
            Message("model.note.labels_file", path=labels_path)
            if labels_path is not None
            else Message("model.note.labels_stored")
            if labels is not None
            else Message("model.note.classes_numbered", last=out_features - 1)
        )
        notes.append(Message("model.note.classifier", keys=", ".join(head_keys), count=out_features))
        notes.append(names)
        notes.append(Message("model.note.probabilities"))
        if config.bidirectional:
            notes.append(Message("model.note.bidirectional_classifier"))
    else:
        notes.append(Message("model.note.no_head"))
    used = set(rnn_keys) | {embedding_key} | set(head_keys) | {"_extra_state"}
    ignored = [key for key in state if key not in used and not str(key).endswith("_extra_state")]
    if ignored:
        notes.append(
            Message(
                "model.note.dropped",
                count=len(ignored),
                keys=f"{', '.join(map(str, ignored[:5]))}{'…' if len(ignored) > 5 else ''}",
            )
        )
    return LoadedModel(model, config, notes)


def _spells(vocab: Vocabulary, text: str) -> bool:
    try:
        vocab.encode(text)
        return True
    except TextError:
        return False


# The PyTorch name-classifier tutorial's hand-written cell: hidden = tanh(i2h(x) + h2h(hidden)).
_I2H, _H2H = re.compile(r"^(?P<prefix>.*?)i2h\.weight$"), "h2h.weight"
CELL_RNN_PREFIX = "rnn."  # where the converted cell's weights go, as a saved StepperModel has them


def _linear_cell_as_rnn(state: dict, path: Path, notes: list[str]) -> dict:
    """A state_dict with `i2h` and `h2h` linear layers (and no nn.RNN) rewritten as nn.RNN's
    weight_ih_l0 / weight_hh_l0 / biases: the tutorial's tanh(i2h(x) + h2h(h)) is exactly one
    nn.RNN cell. The older tutorial's i2h over cat(input, hidden) with i2o is refused with the
    reason: it has no nonlinearity and its output reads the input directly."""
    if any(isinstance(key, str) and _RNN_KEY.match(key) for key in state):
        return state
    found = [match for key in state if isinstance(key, str) and (match := _I2H.match(key))]
    if len(found) != 1:
        return state
    prefix = found[0]["prefix"]
    i2h, h2h = state[f"{prefix}i2h.weight"], state.get(f"{prefix}{_H2H}")
    if h2h is None:
        if f"{prefix}i2o.weight" in state:
            raise ModelFileError("model.old_tutorial_cell", path=path)
        return state
    if not (
        isinstance(i2h, torch.Tensor)
        and isinstance(h2h, torch.Tensor)
        and i2h.dim() == h2h.dim() == 2
        and h2h.shape[0] == h2h.shape[1] == i2h.shape[0]
    ):
        return state
    converted = {
        key: value
        for key, value in state.items()
        if not (isinstance(key, str) and key.startswith((f"{prefix}i2h.", f"{prefix}h2h.")))
    }
    biases = [state.get(f"{prefix}i2h.bias"), state.get(f"{prefix}h2h.bias")]
    cell = {"weight_ih_l0": i2h, "weight_hh_l0": h2h}
    if any(bias is not None for bias in biases):  # nn.RNN has both biases or none: a missing one is zeros
        cell["bias_ih_l0"], cell["bias_hh_l0"] = (
            b if b is not None else torch.zeros_like(i2h[:, 0]) for b in biases
        )
    notes.append(Message("model.note.tutorial_cell", i2h=f"'{prefix}i2h'", h2h=f"'{prefix}h2h'"))
    return {**{CELL_RNN_PREFIX + name: tensor for name, tensor in cell.items()}, **converted}


def _find_rnn(state: dict, path: Path) -> tuple[str, list[str]]:
    by_prefix: dict[str, list[str]] = {}
    for key in state:
        match = _RNN_KEY.match(key)
        if match and isinstance(state[key], torch.Tensor):
            by_prefix.setdefault(match["prefix"], []).append(key)
    candidates = [p for p, keys in by_prefix.items() if p + "weight_ih_l0" in keys]
    if not candidates:
        raise ModelFileError("model.no_rnn", path=path)
    if len(candidates) > 1:
        raise ModelFileError("model.several_rnns", path=path, names=", ".join(repr(c) for c in candidates))
    return candidates[0], by_prefix[candidates[0]]


def _infer_rnn_shape(state: dict, prefix: str, keys: list[str], path: Path) -> dict:
    """Sizes, layers, direction, bias, and the cell: weight_hh is [G*H, H_out] with G row blocks
    (1 nn.RNN, 4 nn.LSTM, 3 nn.GRU) and H_out = hidden_size, or proj_size when the LSTM has
    weight_hr [proj_size, hidden_size]."""
    w_ih, w_hh = state[prefix + "weight_ih_l0"], state.get(prefix + "weight_hh_l0")
    w_hr = state.get(prefix + "weight_hr_l0")
    if w_ih.dim() != 2 or w_hh is None or w_hh.dim() != 2:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message(
                "model.not_matrices", key=f"'{prefix}weight_ih_l0'", key2=f"'{prefix}weight_hh_l0'"
            ),
        )
    if isinstance(w_hr, torch.Tensor) and w_hr.dim() == 2 and w_hh.shape[0] == 4 * w_hr.shape[1]:
        hidden, proj = w_hr.shape[1], w_hr.shape[0]  # an LSTM with proj_size
    else:
        hidden, proj = w_hh.shape[1], 0
    blocks = w_hh.shape[0] // hidden if w_hh.shape[0] % hidden == 0 else 0
    cell = _CELL_OF_BLOCKS.get(blocks)
    if cell is None or w_ih.shape[0] != w_hh.shape[0] or (proj and cell != "lstm"):
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message(
                "model.ih_does_not_fit",
                key=f"'{prefix}weight_ih_l0'",
                shape=tuple(w_ih.shape),
                hidden=hidden,
                key2=f"'{prefix}weight_hh_l0'",
                shape2=tuple(w_hh.shape),
            ),
        )
    layers = sorted({int(_RNN_KEY.match(k)["layer"]) for k in keys})  # type: ignore[index]  # keys matched
    if layers != list(range(len(layers))):
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message(
                "model.layer_numbers", key=f"'{prefix}'", range=f"0..{len(layers) - 1}", layers=layers
            ),
        )
    return dict(
        input_size=w_ih.shape[1],
        hidden_size=hidden,
        num_layers=len(layers),
        bidirectional=any(k.endswith("_reverse") for k in keys),
        bias=(prefix + "bias_ih_l0") in state,
        cell=cell,
        proj_size=proj,
    )


# Module names that say what a matrix is, for the one case shapes cannot decide.
_EMBEDDING_NAME = re.compile(r"emb|encoder|lookup|wte|tok|word", re.I)
_HEAD_NAME = re.compile(r"fc|head|linear|decoder|out|h2o|classif|proj|dense|logit|cls", re.I)


def _find_embedding_and_head(state: dict, prefix: str, shape: dict, path: Path, notes: list[str]):
    """Which other matrices are the embedding [V, input_size] and the head [out, H*D].

    Decided by shapes first; an embedding never has a bias, a linear head usually does; where a
    matrix still fits both (input_size == H*D, no bias), its module name decides ('emb...' vs
    'fc', 'head', 'linear', 'h2o'...), and only then its position before or after the RNN,
    with a note. The order of the keys alone never decides.
    """
    out_width = (shape["proj_size"] or shape["hidden_size"]) * (2 if shape["bidirectional"] else 1)
    roles: dict[str, list[str]] = {"embedding": [], "head": []}
    undecided = []
    for key, tensor in state.items():
        if not isinstance(key, str) or not isinstance(tensor, torch.Tensor) or tensor.dim() != 2:
            continue
        if not key.endswith("weight") or key.startswith(prefix) and _RNN_KEY.match(key):
            continue
        fits_embedding = tensor.shape[1] == shape["input_size"] and _bias_key(key) not in state
        fits_head = tensor.shape[1] == out_width
        if fits_embedding and fits_head:
            role = _role_by_name(key)
            if role is None:
                undecided.append(key)
                continue
        elif fits_embedding or fits_head:
            role = "embedding" if fits_embedding else "head"
        else:
            continue
        roles[role].append(key)
    keys = list(state)
    rnn_position = keys.index(prefix + "weight_ih_l0")
    for key in undecided:
        if not roles["embedding"] and (roles["head"] or keys.index(key) < rnn_position):
            roles["embedding"].append(key)
        else:
            roles["head"].append(key)
        notes.append(
            Message(
                "model.note.role_by_place",
                key=f"'{key}'",
                msg_role=_ROLES["embedding" if key in roles["embedding"] else "head"],
            )
        )
    embedding_key = _one_of(roles["embedding"], "embedding", _EMBEDDING_NAME, path)
    head_weight = _one_of(roles["head"], "head", _HEAD_NAME, path)
    head_keys = []
    if head_weight is not None:
        head_keys = [head_weight]
        if _bias_key(head_weight) in state:
            head_keys.append(_bias_key(head_weight))
    return embedding_key, head_keys


def _bias_key(weight_key: str) -> str:
    return weight_key[: -len("weight")] + "bias"


def _role_by_name(key: str) -> str | None:
    module = key[: -len("weight")]
    embedding, head = bool(_EMBEDDING_NAME.search(module)), bool(_HEAD_NAME.search(module))
    return "embedding" if embedding and not head else "head" if head and not embedding else None


# A matrix's role in the model, as messages name it.
_ROLES = {"embedding": Message("model.role.embedding"), "head": Message("model.role.head")}


def _one_of(keys: list[str], role: str, names: re.Pattern, path: Path) -> str | None:
    if len(keys) <= 1:
        return keys[0] if keys else None
    named = [key for key in keys if names.search(key[: -len("weight")])]
    if len(named) == 1:
        return named[0]
    raise ModelFileError(
        "file.prefixed",
        path=path,
        message=Message("model.several_roles", msg_role=_ROLES[role], keys=", ".join(keys)),
    )


def _load_checked(module: nn.Module, state: dict, path: Path, prefix: str) -> None:
    expected = module.state_dict()
    for name, tensor in expected.items():
        if name not in state:
            raise ModelFileError(
                "file.prefixed", path=path, message=Message("model.key_missing", key=f"'{prefix}{name}'")
            )
        if state[name].shape != tensor.shape:
            raise ModelFileError(
                "file.prefixed",
                path=path,
                message=Message(
                    "model.key_shape",
                    key=f"'{prefix}{name}'",
                    shape=tuple(state[name].shape),
                    expected=tuple(tensor.shape),
                ),
            )
    with torch.no_grad():
        module.load_state_dict({name: state[name].to(expected[name].dtype) for name in expected})
