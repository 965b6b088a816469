"""Every refusal of a hostile lesson or model file reads in Chinese in the Chinese interface.

The engine raises UserErrors that carry a code; gui/i18n.py shows them in Chinese by that code. A
refusal whose translation is missing (or whose library detail is not among the known foreign
texts) stays in English, which a student using the Chinese interface may not read. This test opens every hostile file the suite crafts
(tests/hostile_files.py) with the real engine and checks that the translated message holds Chinese
and no English word is left once paths, quoted names, key=value identifiers, dotted names,
numbers and technical words are taken out."""

from __future__ import annotations

import re
import warnings
import zipfile

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.lesson_file import JSON_MEMBER, WEIGHTS_MEMBER, open_lesson
from rnn_stepper.engine.model_io import load_model, read_state_dict
from rnn_stepper.gui import i18n

from tests import hostile_files as hostile

# Words that stay as they are in Chinese text: formats, libraries, dtypes, tensor layouts and names.
TECHNICAL = {
    "json",
    "utf",
    "pytorch",
    "torch",
    "state_dict",
    "float32",
    "float64",
    "int64",
    "int32",
    "int8",
    "qint8",
    "complex64",
    "complex128",
    "sparse_coo",
    "sparse_csr",
    "meta",
    "tensor",
    "weights",
    "lesson",
    "vocab",
    "rnnlesson",
    "hostile",
    "config",
    "view",
    "unused",
    "fifo",
    "tuple",
    "dict",
    "list",
    "none",
    "true",
    "false",
    "bool",
    "float",
    "str",
    "nonlinearity",
    "tanh",
    "relu",
    "step_size",
    "position",
    "hidden_size",
    "input_size",
    "weight_hh_l0",
    "weight_ih_l0",
    "zip",
    "zipfile",
    "rnn",
    "stepper",
    "gib",
    "mib",
    "kib",
    "bytes",
    "pickle",
    "python",
    "zlib",
}


def _lesson(make):
    return lambda folder: open_lesson(make(folder))


def _model(make):
    return lambda folder: load_model(make(folder), RNNConfig(text="我爱你"))


def _state(make):
    return lambda folder: read_state_dict(make(folder))


def _folder(folder):
    target = folder / "folder"
    target.mkdir()
    return target


CASES = {f"lesson: {name}": _lesson(build) for name, (build, _fragment) in hostile.BAD_LESSON_FILES.items()}
CASES.update(
    {f"model: {name}": _model(build) for name, (build, _fragment) in hostile.BAD_MODEL_FILES.items()}
)
for _kind, _make in {
    "null device": hostile.char_device,
    "zero device": hostile.zero_device,
    "fifo": hostile.fifo,
    "folder": _folder,
}.items():
    CASES[f"lesson: {_kind}"] = _lesson(_make)
    CASES[f"model: {_kind}"] = _model(_make)
    CASES[f"state_dict: {_kind}"] = _state(_make)


# Refusals of lesson files the shared tables do not craft, made here from their builders.
def _members_changed(change):
    def build(folder):
        members = hostile._members(hostile.good_lesson(folder))
        change(members)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a duplicate member name
            return hostile.write_lesson(folder / "hostile.rnnlesson", members)

    return build


def _duplicate(folder):
    members = hostile._members(hostile.good_lesson(folder))
    path = folder / "hostile.rnnlesson"
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")
        for name, data in [*members.items(), (JSON_MEMBER, members[JSON_MEMBER])]:
            archive.writestr(name, data)
    return path


EXTRA_LESSONS = {
    "65 members": _members_changed(lambda m: m.update({f"extra{i}.txt": b"x" for i in range(63)})),
    "a member twice": _duplicate,
    "no weights": _members_changed(lambda m: m.pop(WEIGHTS_MEMBER)),
    "no members it needs": _members_changed(lambda m: m.clear() or m.update({"other.txt": b"x"})),
    "format version is text": hostile._lesson_with_document(lambda d: d.__setitem__("version", "one")),
    "newer format version": hostile._lesson_with_document(lambda d: d.__setitem__("version", 99)),
    "not a lesson format": hostile._lesson_with_document(lambda d: d.__setitem__("format", "other")),
    "unknown configuration field": hostile._config_value("colour", "red"),
    "a weight missing": hostile._lesson_with_state(lambda s: s.pop("rnn.weight_hh_l0")),
    "a weight that is not a tensor": hostile._lesson_with_state(
        lambda s: s.__setitem__("rnn.weight_hh_l0", 1.5)
    ),
    "a weight of the wrong shape": hostile._lesson_with_state(
        lambda s: s.__setitem__("rnn.weight_hh_l0", torch.zeros(2, 2))
    ),
    "two unused tensors": hostile._lesson_with_state(
        lambda s: s.update(unused=torch.zeros(1), spare=torch.zeros(1))
    ),
    "vocabulary of ints": hostile._lesson_with_state(
        lambda s: s["_extra_state"].__setitem__("vocab", [1, 2, 3, 4])
    ),
    "not JSON at all": hostile._lesson_with_json("nothing"),
    "JSON with extra data": hostile._lesson_with_json("{} {}"),
}
CASES.update({f"lesson: {name}": _lesson(build) for name, build in EXTRA_LESSONS.items()})


def leftover_english(message: str, path: str) -> list[str]:
    """The English words of 4+ letters left in `message` once the path, quoted names,
    key=value identifiers, dotted names, numbers and technical words are taken out."""
    text = re.sub(re.escape(path) + r"[^\s:：]*", " ", message)  # the file path
    text = re.sub(r"[\w.]+\((?:[^()]|\([^()]*\))*\)", " ", text)  # code: torch.save(model.state_dict(), path)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # quoted names
    text = re.sub(r"\w+=\S+", " ", text)  # key=value
    text = re.sub(r"[\w]+(?:\.[\w()]+)+", " ", text)  # dotted names: nn.RNN, lesson.json, torch.save(...)
    text = re.sub(r"\d+", " ", text)
    words = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", text)
    return [w for w in words if len(w) >= 4 and w.lower() not in TECHNICAL and "_" not in w]


@pytest.fixture
def chinese(qapp):
    i18n.install_language(qapp, "zh_CN")
    yield
    i18n.install_language(qapp, "en")


def refusal(tmp_path, monkeypatch, case) -> UserError:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as info:
        CASES[case](tmp_path)
    assert not (tmp_path / "pwned.txt").exists()
    return info.value


@pytest.mark.parametrize("case", list(CASES))
def test_every_hostile_file_is_refused_in_chinese(tmp_path, monkeypatch, chinese, case):
    message = refusal(tmp_path, monkeypatch, case)
    translated = i18n.translate_error(message)
    assert re.search(r"[\u4e00-\u9fff]", translated), f"no Chinese in {translated!r}"
    left = leftover_english(translated, str(tmp_path))
    assert not left, f"English words {left} left in {translated!r}"


def test_the_check_counts_every_builder():
    assert len(CASES) == len(hostile.BAD_LESSON_FILES) + len(hostile.BAD_MODEL_FILES) + 12 + len(
        EXTRA_LESSONS
    )


def test_the_checker_sees_english():
    assert leftover_english("/p/x: lesson.json is not valid JSON: Expecting value", "/p/x") == [
        "valid",
        "Expecting",
        "value",
    ]
    assert leftover_english("/p/x：lesson.json 不是有效的 JSON", "/p/x") == []
