"""Lesson files: a whole session in one file a teacher can hand to students.

A lesson file (`*.rnnlesson`) is a zip archive with two members:

- `lesson.json` (UTF-8): everything but tensors:
  `{"format": "rnn-stepper-lesson", "version": 2, "config": {RNNConfig fields},
    "position": cells computed, "step_size": "cell" | "time step" | "sub-operation",
    "inputs_sha256": ..., "h0_sha256": ..., "view": {...}}`.
  Missing config fields take RNNConfig's defaults; unknown ones are refused. The cell type
  (`"cell": "lstm"` / `"gru"`, and `"proj_size"`) is written only when it is not the plain RNN,
  so an RNN lesson is exactly what earlier versions wrote (and they still open it), and every
  older file opens as an RNN. An LSTM lesson also stores `"c0_sha256"`.
- `weights.pt`: the model's state_dict (`StepperModel.state_dict()`: `rnn.weight_ih_l0`, ...,
  and for text models `embedding.weight`, `head.weight`, `head.bias` and `_extra_state` with the
  vocabulary as plain strings), written by torch.save and read back through
  `engine.model_io.state_dict_from`, i.e. `torch.load(weights_only=True)`: opening a lesson never
  runs code from the file.

The inputs are not stored: random inputs and a random h0 are regenerated from the seed, text
inputs from the text and the embedding. Their SHA-256 checksums are stored so that a mismatch
(another PyTorch version drawing other random numbers) is noticed and reported in
`Lesson.notes` rather than silently showing different numbers.

`view` is free-form JSON for the app; the keys it understands are listed in VIEW_KEYS.

Versions: 2 stores the title and notes in several languages, `{"en": "...", "zh_CN": "..."}`
(engine.localized_text), so students read them in the interface's language. Version 1 stored
one plain string each; such files still open (their language is guessed), and are written as
version 2 when saved again.

Over 500 lines, on purpose: The lesson format in one place: writing, reading every version, and
refusing a damaged or hostile file with a reason for each field.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError, TextError, UserError
from rnn_stepper.engine.files import atomic_write, format_size, require_regular_file
from rnn_stepper.engine.localized_text import DEFAULT_LANGUAGE, text_in, texts_from
from rnn_stepper.engine.messages import Foreign, Message, os_reason
from rnn_stepper.engine.model import OneHot, StepperModel, new_rnn
from rnn_stepper.engine.model_io import state_dict_from
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.vocab import Vocabulary
from torch import nn

LESSON_SUFFIX = ".rnnlesson"
FORMAT_NAME = "rnn-stepper-lesson"
FORMAT_VERSION = 2  # 2: title and description by language (1: one plain string each)
JSON_MEMBER, WEIGHTS_MEMBER = "lesson.json", "weights.pt"

# Refuse members whose uncompressed size is beyond any real lesson, checked against the declared
# size and again while inflating, so a small "zip bomb" cannot fill memory (or a disk: nothing is
# written to a temporary file). 128 MiB of weights is a 2-layer bidirectional RNN with 2048
# neurons and more; save_lesson refuses bigger models with the same limit, so every lesson the
# app writes, it can open.
MAX_JSON_BYTES = 1024**2
MAX_WEIGHTS_BYTES = 128 * 1024**2
MAX_LESSON_FILE_BYTES = MAX_JSON_BYTES + MAX_WEIGHTS_BYTES + 1024**2  # + the zip's own records
MAX_MEMBERS = 64
# Text shown in the window: bounded so that a crafted lesson cannot stall the layout (a
# 500,000-character title took minutes to lay out) nor hide the lesson behind a wall of text.
MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 20_000

# Mirrors gui.session.StepSize's values (the engine does not import Qt; a test keeps them equal).
STEP_SIZES = ("cell", "time step", "sub-operation")
DEFAULT_STEP_SIZE = "cell"

# Keys of `view` the app understands. Others are kept as they are (a newer app may add some).
VIEW_KEYS = {
    "title": "shown as the lesson's title ({language code: str}; a plain str in version 1)",
    "description": "notes for students, shown when the lesson opens ({language code: str}, plain text; "
    "a plain str in version 1)",
    "hidden_panels": "panel roles to hide, e.g. ['code', 'weights'] (list of str)",
    "hidden_controls": "control names to hide, e.g. ['config'] (list of str)",
    "classroom_mode": "hide the controls and panels the teacher chose (bool)",
    "selected_neuron": "the highlighted hidden unit (int)",
    "batch_index": "which batch element the panels show (int)",
}

# A fixed timestamp for the zip members, so the same lesson always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Lesson:
    config: RNNConfig
    model: StepperModel
    position: int  # cells computed
    step_size: str  # one of STEP_SIZES
    view: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what happened while opening, for the user

    @property
    def titles(self) -> dict[str, str]:
        """Language code -> title (a version-1 file's one title under its guessed language)."""
        return texts_from(self.view.get("title"))

    @property
    def descriptions(self) -> dict[str, str]:
        """Language code -> the notes for students."""
        return texts_from(self.view.get("description"))

    def title_in(self, language: str) -> str:
        """The title in `language`, else in English, else in any language the lesson has."""
        return text_in(self.titles, language)

    def description_in(self, language: str) -> str:
        return text_in(self.descriptions, language)

    @property
    def title(self) -> str:
        """The English title (else any); the app shows `title_in(its language)`."""
        return self.title_in(DEFAULT_LANGUAGE)

    @property
    def description(self) -> str:
        return self.description_in(DEFAULT_LANGUAGE)


# ---- saving --------------------------------------------------------------------------------------


def lesson_path(path: str | Path) -> Path:
    """`path` with the .rnnlesson extension added if it has none (as save dialogs often return)."""
    path = Path(path)
    return path if path.suffix.lower() == LESSON_SUFFIX else path.with_name(path.name + LESSON_SUFFIX)


def save_lesson(
    path: str | Path,
    config: RNNConfig,
    model: StepperModel,
    position: int = 0,
    step_size=DEFAULT_STEP_SIZE,
    view: dict | None = None,
    simulation: Simulation | None = None,
) -> Path:
    """Write the session as one lesson file, atomically; returns the path written (with the
    .rnnlesson extension added if missing). `step_size` is a STEP_SIZES string or an enum whose
    value is one (gui.session.StepSize). `simulation`, the running Simulation of this config and
    model if there is one, saves building the inputs again for their checksums."""
    step_size = _step_size_text(getattr(step_size, "value", step_size))
    if simulation is None or simulation.config != config or simulation.model is not model:
        simulation = Simulation.build(config, model)
    total = len(simulation.stepper)
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= total:
        raise UserError("lesson.save_position", total=total, value=repr(position))
    view = _localized_view(view or {})
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "torch": torch.__version__,  # which random-number generator made the inputs, for the notes
        "config": _config_document(config),
        "position": position,
        "step_size": step_size,
        "inputs_sha256": tensor_checksum(simulation.inputs),
        "h0_sha256": tensor_checksum(simulation.h0),
        "view": view,
    }
    if simulation.c0 is not None:
        document["c0_sha256"] = tensor_checksum(simulation.c0)
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise UserError("lesson.view_not_saved", detail=Foreign(exc)) from None
    if len(text.encode("utf-8")) > MAX_JSON_BYTES:
        raise UserError("lesson.text_too_long", limit=MAX_JSON_BYTES // 1024)
    for key, limit in (("title", MAX_TITLE_CHARS), ("description", MAX_DESCRIPTION_CHARS)):
        for written in view.get(key, {}).values():  # {language: text} (_localized_view)
            if len(written) > limit:
                raise UserError("lesson.field_too_long", key=key, count=len(written), limit=limit)
    weights = io.BytesIO()
    torch.save(model.state_dict(), weights)
    if weights.tell() > MAX_WEIGHTS_BYTES:
        raise UserError(
            "lesson.weights_too_big", size=format_size(weights.tell()), limit=format_size(MAX_WEIGHTS_BYTES)
        )

    def write(handle) -> None:
        with zipfile.ZipFile(handle, "w") as archive:
            for name, data in ((JSON_MEMBER, text.encode("utf-8")), (WEIGHTS_MEMBER, weights.getvalue())):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)

    path = lesson_path(path)
    atomic_write(path, write)
    return path


# Fields added with the gated cells, left out at these values (see the module docstring).
_OMITTED_AT_DEFAULT = {"cell": "rnn", "proj_size": 0}


def _config_document(config: RNNConfig) -> dict:
    return {
        f.name: getattr(config, f.name)
        for f in fields(RNNConfig)
        if _OMITTED_AT_DEFAULT.get(f.name, object()) != getattr(config, f.name)
    }


def _localized_view(view: dict) -> dict:
    """`view` with its title and notes as {language: text} (version 2). A plain string, as older
    callers pass, goes under its guessed language; empty texts are left out."""
    view = dict(view)
    for key in ("title", "description"):
        if key in view:
            texts = texts_from(view[key])
            if texts:
                view[key] = texts
            else:
                del view[key]
    return view


def tensor_checksum(tensor: torch.Tensor) -> str:
    """SHA-256 of a tensor's dtype, shape and values (C order)."""
    digest = hashlib.sha256(f"{tensor.dtype}{tuple(tensor.shape)}".encode())
    digest.update(tensor.detach().contiguous().cpu().numpy().tobytes())
    return digest.hexdigest()


def _step_size_text(value) -> str:
    if value not in STEP_SIZES:
        raise UserError("lesson.step_size_to_save", value=repr(value))
    return value


# ---- opening -------------------------------------------------------------------------------------


def open_lesson(path: str | Path) -> Lesson:
    """Read a lesson file; every problem is a ModelFileError whose message names the file."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="rnn-stepper-lesson-") as folder:
        return _open_lesson(path, Path(folder))


def _open_lesson(path: Path, folder: Path) -> Lesson:
    text, weights = _read_members(path, folder)
    document = _parse_document(path, text)
    config = _config_from(path, document.get("config"))
    position = document.get("position", 0)
    step_size = document.get("step_size", DEFAULT_STEP_SIZE)
    view = document.get("view", {})
    if not isinstance(step_size, str) or step_size not in STEP_SIZES:
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.step_size", value=_short_repr(step_size))
        )
    if not isinstance(view, dict):
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.view_not_object", type=type(view).__name__)
        )
    notes: list[str] = []
    view = _checked_view(view, notes)
    model = _model_from(path, config, weights)
    try:
        simulation = Simulation.build(config, model)
    except (TextError, ConfigError) as exc:
        raise ModelFileError("file.prefixed", path=path, message=exc) from None
    total = len(simulation.stepper)
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= total:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message("lesson.position", total=total, value=_short_repr(position)),
        )
    saved_with = document.get("torch")
    checks: tuple[tuple[str, torch.Tensor, str], ...] = (
        ("inputs_sha256", simulation.inputs, "inputs"),
        ("h0_sha256", simulation.h0, "h0"),
    )
    if simulation.c0 is not None:
        checks += (("c0_sha256", simulation.c0, "c0"),)
    for key, tensor, what in checks:
        expected = document.get(key)
        if expected is not None and expected != tensor_checksum(tensor):
            versions = (
                Message("lesson.torch_versions", saved=saved_with, this=torch.__version__)
                if saved_with and saved_with != torch.__version__
                else ""
            )
            notes.append(
                Message(
                    "lesson.regenerated_differ", msg_what=Message(_REGENERATED[what]), msg_versions=versions
                )
            )
    return Lesson(config, model, position, step_size, view, notes)


# Which tensor a lesson regenerated differently (the `what` of _open_lesson's checks) -> its code.
_REGENERATED = {"inputs": "lesson.what.inputs", "h0": "lesson.what.h0", "c0": "lesson.what.c0"}


def _checked_view(view: dict, notes: list[str]) -> dict:
    """The view with its text fields bounded and of the right type; what was changed is noted."""
    view = dict(view)
    for key, limit in (("title", MAX_TITLE_CHARS), ("description", MAX_DESCRIPTION_CHARS)):
        value = view.get(key)
        if value is None:
            continue
        # a plain string (version 1) or {language: text} (version 2)
        texts = {"": value} if isinstance(value, str) else value
        if not (
            isinstance(texts, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items())
        ):
            del view[key]
            notes.append(Message("lesson.field_not_text", key=key, type=type(value).__name__))
            continue
        for language, text in texts.items():
            if len(text) > limit:
                texts[language] = text[:limit] + "…"
                notes.append(Message("lesson.field_cut", key=key, count=len(text), limit=limit))
        view[key] = texts[""] if isinstance(value, str) else dict(texts)
    for key in ("hidden_panels", "hidden_controls"):
        value = view.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            del view[key]
            notes.append(Message("lesson.field_not_names", key=key))
    return view


def _short_repr(value, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _read_members(path: Path, folder: Path) -> tuple[bytes, Path]:
    """lesson.json's bytes, and weights.pt unpacked into `folder` (a private temporary folder):
    torch.load then maps it instead of reading it into memory, so a crafted member full of
    zeros costs disk (at most MAX_WEIGHTS_BYTES) rather than memory."""
    size = require_regular_file(path, ModelFileError, "lesson file").st_size
    if size > MAX_LESSON_FILE_BYTES:
        raise ModelFileError(
            "lesson.file_too_big", path=path, size=format_size(size), limit=format_size(MAX_LESSON_FILE_BYTES)
        )
    if not zipfile.is_zipfile(path):
        raise ModelFileError("lesson.not_a_lesson_file", path=path, json=JSON_MEMBER, weights=WEIGHTS_MEMBER)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if len(infos) > MAX_MEMBERS:
                raise ModelFileError(
                    "lesson.too_many_members",
                    path=path,
                    count=len(infos),
                    json=JSON_MEMBER,
                    weights=WEIGHTS_MEMBER,
                )
            for name in (JSON_MEMBER, WEIGHTS_MEMBER):
                if names.count(name) > 1:
                    raise ModelFileError("lesson.member_twice", path=path, name=name)
            missing = [name for name in (JSON_MEMBER, WEIGHTS_MEMBER) if name not in names]
            if missing:
                if len(missing) == 1:
                    raise ModelFileError("lesson.member_missing", path=path, name=missing[0])
                raise ModelFileError("lesson.members_missing", path=path, name=missing[0], name2=missing[1])
            buffer = io.BytesIO()
            _read_bounded(archive, path, JSON_MEMBER, MAX_JSON_BYTES, buffer)
            weights = folder / WEIGHTS_MEMBER
            with open(weights, "wb") as handle:
                _read_bounded(archive, path, WEIGHTS_MEMBER, MAX_WEIGHTS_BYTES, handle)
            text = buffer.getvalue()
    except ModelFileError:
        raise
    except OSError as exc:
        raise ModelFileError("file.cannot_read", path=path, msg_error=os_reason(exc)) from None
    except Exception as exc:  # noqa: BLE001 — a damaged archive raises anything: BadZipFile,
        # zlib.error (flipped bits), EOFError, struct.error, RuntimeError (encrypted),
        # NotImplementedError (unknown compression)...
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ModelFileError("lesson.damaged", path=path, detail=Foreign(detail)) from None
    return text, weights


def _read_bounded(archive: zipfile.ZipFile, path: Path, name: str, limit: int, into) -> None:
    """Copy the member into the binary file `into`, refusing it by its declared size and again
    while inflating, since the declared size in a crafted archive may lie."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message(
                "lesson.member_too_big", name=name, size=format_size(info.file_size), limit=format_size(limit)
            ),
        )
    written = 0
    with archive.open(info) as member:
        # Small chunks: in the app's many-threaded process, 1 MiB chunks left ~100 MiB of freed
        # but unreturned heap behind after a 112 MiB member (measured); 64 KiB ones do not.
        while chunk := member.read(64 * 1024):
            written += len(chunk)
            if written > limit:
                raise ModelFileError(
                    "file.prefixed",
                    path=path,
                    message=Message("lesson.member_unpacks_too_big", name=name, limit=format_size(limit)),
                )
            into.write(chunk)


def _parse_document(path: Path, raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8-sig"))  # a BOM, as Windows editors write, is fine
    except UnicodeDecodeError:
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("train.corpus_not_utf8", path=JSON_MEMBER)
        ) from None
    except json.JSONDecodeError as exc:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message(
                "lesson.not_json",
                json=JSON_MEMBER,
                msg_reason=Foreign(exc.msg),
                line=exc.lineno,
                column=exc.colno,
            ),
        ) from None
    except RecursionError:
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.nested_too_deeply", json=JSON_MEMBER)
        ) from None
    except ValueError:  # the only other ValueError: a number of more than 4300 digits
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.number_too_long", json=JSON_MEMBER)
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ModelFileError(
            "lesson.wrong_format", path=path, json=JSON_MEMBER, format=f'"format": "{FORMAT_NAME}"'
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.version", value=repr(version))
        )
    if version > FORMAT_VERSION:
        raise ModelFileError("lesson.newer", path=path, version=version, newest=FORMAT_VERSION)
    return document


def _config_from(path: Path, values) -> RNNConfig:
    if not isinstance(values, dict):
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.no_config", json=JSON_MEMBER)
        )
    known = {f.name for f in fields(RNNConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message("lesson.unknown_fields", names=", ".join(map(repr, unknown))),
        )
    try:
        return RNNConfig(**values)
    except (ConfigError, TypeError) as exc:
        raise ModelFileError(
            "file.prefixed", path=path, message=Message("lesson.invalid_config", msg_inner=exc)
        ) from None


def _model_from(path: Path, config: RNNConfig, weights: Path) -> StepperModel:
    state = _read_weights(path, weights)
    raw_extra = state.get("_extra_state")
    extra = raw_extra if isinstance(raw_extra, dict) else {}
    vocab = None
    if config.is_text:
        if extra.get("vocab"):
            try:
                vocab = Vocabulary.from_stored(extra["vocab"])
            except TextError as exc:
                raise ModelFileError(
                    "file.prefixed",
                    path=path,
                    message=Message("file.prefixed", path=WEIGHTS_MEMBER, message=exc),
                ) from None
        else:
            vocab = Vocabulary.from_text(config.text)
    head = state.get("head.weight")
    head_out = head.shape[0] if isinstance(head, torch.Tensor) and head.dim() == 2 else None
    model = _empty_model(
        config, vocab, head_out, head_bias="head.bias" in state, one_hot=extra.get("input") == "one-hot"
    )
    expected = {name: tensor for name, tensor in model.state_dict().items() if name != "_extra_state"}
    for name, tensor in expected.items():
        if name not in state:
            raise ModelFileError(
                "file.prefixed",
                path=path,
                message=Message("lesson.weight_missing", weights=WEIGHTS_MEMBER, key=f"'{name}'"),
            )
        found = state[name]
        if not isinstance(found, torch.Tensor):
            raise ModelFileError(
                "file.prefixed",
                path=path,
                message=Message(
                    "file.prefixed",
                    path=WEIGHTS_MEMBER,
                    message=Message("lesson.not_a_tensor", key=f"'{name}'"),
                ),
            )
        if not found.is_floating_point():
            raise ModelFileError(
                "file.prefixed",
                path=path,
                message=Message(
                    "file.prefixed",
                    path=WEIGHTS_MEMBER,
                    message=Message("lesson.weight_not_float", key=f"'{name}'", dtype=found.dtype),
                ),
            )
        if found.shape != tensor.shape:
            raise ModelFileError(
                "file.prefixed",
                path=path,
                message=Message(
                    "lesson.weight_shape",
                    key=f"'{name}'",
                    shape=tuple(found.shape),
                    msg_sizes=_sizes(config, vocab),
                    expected=tuple(tensor.shape),
                ),
            )
    unexpected = sorted(set(state) - set(expected) - {"_extra_state"})
    if unexpected:
        more = Message("lesson.and_more", count=len(unexpected) - 1) if len(unexpected) > 1 else ""
        raise ModelFileError(
            "file.prefixed",
            path=path,
            message=Message("lesson.weight_unused", json=WEIGHTS_MEMBER, key=f"'{unexpected[0]}'", more=more),
        )
    with torch.no_grad():
        model.load_state_dict({name: state[name].to(expected[name].dtype) for name in expected}, strict=False)
    model.vocab = vocab
    labels = extra.get("labels")
    if isinstance(labels, list) and head_out is not None and len(labels) == head_out:
        model.labels = tuple(str(label) for label in labels)
    model.requires_grad_(False)
    return model.eval()


def _read_weights(path: Path, weights: Path) -> dict:
    """The state_dict in the unpacked weights.pt via model_io's safe reader, memory-mapped (tensors
    that are never used, like a crafted 100 MiB extra one, are never read); its messages name
    the lesson."""
    return state_dict_from(weights, f"{path} ({WEIGHTS_MEMBER})", mmap=True)


def _empty_model(
    config: RNNConfig, vocab: Vocabulary | None, head_out: int | None, head_bias: bool, one_hot: bool = False
) -> StepperModel:
    """A model of the configuration's shape, to receive the stored weights. Built under a forked
    RNG: its random initial values are overwritten, and the caller's random state is untouched.
    `head_out`: the head's width (the vocabulary for a next-token head, the classes of a
    classifier), None without a head; `one_hot`: one-hot input instead of an embedding."""
    with torch.random.fork_rng(devices=[]):
        rnn = new_rnn(config)
        embedding = linear = None
        if vocab is not None:
            embedding = (
                OneHot(len(vocab), config.torch_dtype)
                if one_hot
                else nn.Embedding(len(vocab), config.input_size, dtype=config.torch_dtype)
            )
        if head_out is not None:
            linear = nn.Linear(
                config.output_size * config.num_directions, head_out, bias=head_bias, dtype=config.torch_dtype
            )
    return StepperModel(rnn, embedding, linear, vocab)


def _sizes(config: RNNConfig, vocab: Vocabulary | None) -> Message:
    gated = config.cell != "rnn"
    return Message(
        "lesson.sizes",
        module=f"{config.module_name}, " if gated else "",
        i=config.input_size,
        h=config.hidden_size,
        l=config.num_layers,
        projection=f", proj_size {config.proj_size}" if gated and config.proj_size else "",
        msg_bi=Message("lesson.sizes_bidirectional") if config.bidirectional else "",
        msg_tokens=Message("lesson.sizes_tokens", count=len(vocab)) if vocab is not None else "",
    )
