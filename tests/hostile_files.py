"""Hostile and odd input files, made by the tests themselves (issue 10): model files, vocabularies,
corpora, lesson files and special files (private device nodes and FIFOs in the test's own folder,
never the system's). Shared by tests/engine, tests/test_hostile_cli.py and tests/gui.

Each builder writes one file into `folder` and returns its path. The tables map a case name to
its builder and to a fragment of the one-line message the user must get.
"""

from __future__ import annotations

import io
import json
import os
import stat
import warnings
import zipfile
from pathlib import Path

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.lesson_file import JSON_MEMBER, WEIGHTS_MEMBER, save_lesson
from rnn_stepper.engine.model import build_model

TEXT_CONFIG = RNNConfig(input_size=6, hidden_size=5, text="我爱你们", seed=3)


def text_state() -> dict:
    return build_model(TEXT_CONFIG).state_dict()


def save_state(folder: Path, name: str, state) -> Path:
    path = Path(folder) / name
    torch.save(state, path)
    return path


# ---- special files ---------------------------------------------------------------------------------


def char_device(folder: Path, name: str = "null-device", major: int = 1, minor: int = 3) -> Path:
    """A private character device node (1,3 is the null device; 1,5 the zero device). The tests
    run as root; the node lives in the test's temporary folder only."""
    path = Path(folder) / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path


def zero_device(folder: Path) -> Path:
    return char_device(folder, "zero-device", 1, 5)


def fifo(folder: Path, name: str = "pipe") -> Path:
    path = Path(folder) / name
    os.mkfifo(path)
    return path


# ---- model files -------------------------------------------------------------------------------------


def _with(**changes):
    def build(folder: Path) -> Path:
        state = text_state()
        for key, make in changes.items():
            state[key.replace("__", ".")] = make(state.get(key.replace("__", ".")))
        return save_state(folder, "hostile.pt", state)

    return build


def _extra(**values):
    def build(folder: Path) -> Path:
        state = text_state()
        state["_extra_state"] = {**state["_extra_state"], **values}
        return save_state(folder, "hostile.pt", state)

    return build


def _int_key(folder: Path) -> Path:
    state = text_state()
    state[3] = torch.zeros(2)
    return save_state(folder, "hostile.pt", state)


def _tuple_key(folder: Path) -> Path:
    state = text_state()
    state[(1, 2)] = torch.zeros(2)
    return save_state(folder, "hostile.pt", state)


def _quantized(old):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.quantize_per_tensor(old.float(), 0.1, 0, torch.qint8)


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > pwned.txt",))


def _pickle_with_code(folder: Path) -> Path:
    return save_state(folder, "hostile.pt", {"rnn.weight_ih_l0": torch.zeros(2, 2), "x": _Evil()})


def _not_a_dict(folder: Path) -> Path:
    return save_state(folder, "hostile.pt", [torch.zeros(2)])


def _truncated(folder: Path) -> Path:
    path = save_state(folder, "hostile.pt", text_state())
    path.write_bytes(path.read_bytes()[:300])
    return path


def _empty(folder: Path) -> Path:
    path = Path(folder) / "hostile.pt"
    path.write_bytes(b"")
    return path


# name -> (builder, fragment of the message)
BAD_MODEL_FILES = {
    "int key": (_int_key, "one key is int"),
    "tuple key": (_tuple_key, "one key is tuple"),
    "sparse tensor": (_with(rnn__weight_hh_l0=lambda t: t.to_sparse()), "is a sparse_coo tensor"),
    "meta tensor": (
        _with(rnn__weight_hh_l0=lambda t: torch.empty(t.shape, device="meta")),
        "is a meta tensor",
    ),
    "quantized tensor": (_with(rnn__weight_hh_l0=_quantized), "quantized"),
    "complex weights": (_with(rnn__weight_hh_l0=lambda t: t.to(torch.complex64)), "holds complex numbers"),
    "vocabulary is an int": (_extra(vocab=5), "the stored vocabulary must be a list of tokens, got int"),
    "vocabulary of ints": (_extra(vocab=[1, 2, 3, 4]), "token 1 of the stored vocabulary is 1"),
    "vocabulary with None": (
        _extra(vocab=["我", None, "你", "们"]),
        "token 2 of the stored vocabulary is None",
    ),
    "vocabulary with a huge token": (_extra(vocab=["我", "爱" * 5000, "你", "们"]), "a token has at most"),
    "nonlinearity is a number": (_extra(nonlinearity=7), "nonlinearity must be one of"),
    "pickle that runs code": (_pickle_with_code, "refused to open"),
    "not a dict": (_not_a_dict, "holds no weights"),
    "truncated": (_truncated, "is not a readable PyTorch file"),
    "empty": (_empty, "is empty (0 bytes)"),
}


def nan_model(folder: Path, value=float("nan")) -> Path:
    """A valid text model whose recurrent weights are NaN (or inf): it opens, and every
    comparison with nn.RNN involves NaN."""
    state = text_state()
    state["rnn.weight_hh_l0"] = torch.full_like(state["rnn.weight_hh_l0"], value)
    return save_state(folder, f"{'nan' if value != value else 'inf'}.pt", state)


# ---- lesson files --------------------------------------------------------------------------------------


def good_lesson(folder: Path, name: str = "good.rnnlesson", view: dict | None = None) -> Path:
    model = build_model(TEXT_CONFIG)
    return save_lesson(Path(folder) / name, TEXT_CONFIG, model, position=2, view=view or {"title": "好"})


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_lesson(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _document(folder: Path) -> dict:
    return json.loads(_members(good_lesson(folder))[JSON_MEMBER])


def _lesson_with_json(text: str | bytes):
    def build(folder: Path) -> Path:
        members = _members(good_lesson(folder))
        members[JSON_MEMBER] = text.encode() if isinstance(text, str) else text
        return write_lesson(Path(folder) / "hostile.rnnlesson", members)

    return build


def _lesson_with_document(change):
    def build(folder: Path) -> Path:
        document = _document(folder)
        change(document)
        text = json.dumps(document, ensure_ascii=False)
        return _lesson_with_json(text)(folder)

    return build


def _lesson_with_state(change):
    def build(folder: Path) -> Path:
        members = _members(good_lesson(folder))
        state = text_state()
        change(state)
        buffer = io.BytesIO()
        torch.save(state, buffer)
        members[WEIGHTS_MEMBER] = buffer.getvalue()
        return write_lesson(Path(folder) / "hostile.rnnlesson", members)

    return build


def _bit_flipped(folder: Path) -> Path:
    path = good_lesson(folder)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(WEIGHTS_MEMBER)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 40, start + info.compress_size - 40, 97):  # inside the deflated data
        data[offset] ^= 0xFF
    hostile = Path(folder) / "hostile.rnnlesson"
    hostile.write_bytes(bytes(data))
    return hostile


def zip_bomb_lesson(folder: Path, inflated: int = 1024**3) -> Path:
    """A small lesson whose weights member inflates to `inflated` bytes of zeros, written in
    pieces so that making it never holds the inflated bytes in memory."""
    path = Path(folder) / "bomb.rnnlesson"
    members = _members(good_lesson(folder))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_MEMBER, members[JSON_MEMBER])
        with archive.open(WEIGHTS_MEMBER, "w", force_zip64=True) as member:
            block = bytes(16 * 1024**2)
            for _ in range(inflated // len(block)):
                member.write(block)
    return path


def unused_zeros_lesson(folder: Path, megabytes: int = 8) -> Path:
    """A well-formed lesson whose weights carry an extra, unused tensor of zeros: it compresses to
    almost nothing and loads as a real tensor, so only mapping (not reading) the weights keeps it
    out of memory. Refused because the configuration does not use it."""

    def add(state):
        state["unused"] = torch.zeros(megabytes * 1024**2 // 4)

    return _lesson_with_state(add)(folder)


def _config_value(key, value):
    return _lesson_with_document(lambda d: d["config"].__setitem__(key, value))


BAD_LESSON_FILES = {
    "bit-flipped zip": (_bit_flipped, "damaged lesson file"),
    "deeply nested JSON": (
        _lesson_with_json('{"format": "rnn-stepper-lesson", "view": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        "nested too deeply",
    ),
    "meta tensor in the weights": (
        _lesson_with_state(
            lambda s: s.__setitem__(
                "rnn.weight_hh_l0", torch.empty(s["rnn.weight_hh_l0"].shape, device="meta")
            )
        ),
        "is a meta tensor",
    ),
    "vocabulary is an int": (
        _lesson_with_state(lambda s: s["_extra_state"].__setitem__("vocab", 5)),
        "the stored vocabulary must be a list of tokens",
    ),
    "int key in the weights": (
        _lesson_with_state(lambda s: s.__setitem__(3, torch.zeros(1))),
        "one key is int",
    ),
    "complex weights": (
        _lesson_with_state(
            lambda s: s.__setitem__("rnn.weight_hh_l0", s["rnn.weight_hh_l0"].to(torch.complex64))
        ),
        "holds complex numbers",
    ),
    "integer weights": (
        _lesson_with_state(
            lambda s: s.__setitem__("rnn.weight_hh_l0", s["rnn.weight_hh_l0"].to(torch.int64))
        ),
        "weights are floating-point numbers",
    ),
    "config is a list": (
        _lesson_with_document(lambda d: d.__setitem__("config", [1, 2])),
        'no "config" object',
    ),
    "config field of the wrong type": (
        _config_value("hidden_size", "many"),
        "hidden_size must be a whole number",
    ),
    "step size is a list": (
        _lesson_with_document(lambda d: d.__setitem__("step_size", [1])),
        "step_size must be",
    ),
    "position is a float": (
        _lesson_with_document(lambda d: d.__setitem__("position", 1.5)),
        "position must be",
    ),
    "not UTF-8": (_lesson_with_json(b"\xff\xfe{}"), "is not UTF-8 text"),
    "not JSON": (_lesson_with_json("{"), "is not valid JSON"),
    "view is a string": (
        _lesson_with_document(lambda d: d.__setitem__("view", "x")),
        "'view' must be an object",
    ),
    "not a zip": (lambda folder: _raw(folder, b"PK\x03\x04 not really"), "is not a lesson file"),
    "an unused tensor of zeros": (unused_zeros_lesson, "'unused', which it does not use"),
    "zip bomb (declared size)": (lambda folder: zip_bomb_lesson(folder, 512 * 1024**2), "would unpack to"),
}


def _raw(folder: Path, data: bytes) -> Path:
    path = Path(folder) / "hostile.rnnlesson"
    path.write_bytes(data)
    return path


def _huge_number_json(key: str):
    def build(folder: Path) -> Path:
        document = _document(folder)
        text = json.dumps(document, ensure_ascii=False)
        if key == "position":
            text = text.replace('"position": 2', '"position": ' + "9" * 5000)
        else:
            text = text.replace('"seed": 3', '"seed": ' + "9" * 5000)
        return _lesson_with_json(text)(folder)

    return build


BAD_LESSON_FILES["5,000-digit position"] = (
    _huge_number_json("position"),
    "holds a number too long to be any lesson value",
)
BAD_LESSON_FILES["5,000-digit seed"] = (
    _huge_number_json("seed"),
    "holds a number too long to be any lesson value",
)


def long_title_lesson(folder: Path, length: int = 500_000) -> Path:
    """A lesson whose title is `length` characters without a space (saved around save_lesson's
    own bound, as a crafted file would be)."""
    return _lesson_with_document(lambda d: d["view"].__setitem__("title", "W" * length))(folder)


def bom_lesson(folder: Path) -> Path:
    """A valid lesson whose lesson.json starts with a UTF-8 byte-order mark (as Windows editors
    write): it opens."""
    members = _members(good_lesson(folder))
    members[JSON_MEMBER] = b"\xef\xbb\xbf" + members[JSON_MEMBER]
    return write_lesson(Path(folder) / "bom.rnnlesson", members)
