"""The engine's messages by code (engine/message_catalog.py, engine/messages.py, engine/errors.py).

Every refusal names a code of the catalogue (no literal English left to parse back apart), every
code is used somewhere, every template can be filled, and a message reads exactly as its English
sentence while keeping its code and parameters (also through pickling, which copies exceptions
between processes and threads' result queues)."""

from __future__ import annotations

import ast
import copy
import pickle
import string
from pathlib import Path

import pytest
from rnn_stepper.engine.errors import ConfigError, ModelFileError, TextError, UserError
from rnn_stepper.engine.message_catalog import FOREIGN_TEXTS, TEMPLATES
from rnn_stepper.engine.messages import Foreign, Message, os_reason

ROOT = Path(__file__).resolve().parents[2]
# Where messages are made: the engine, the command line and the GUI (which raises a few of its own).
SOURCES = sorted([*(ROOT / "engine").rglob("*.py"), ROOT / "main.py", *(ROOT / "gui").rglob("*.py")])
# Calls whose first argument must be a code: the UserError classes, Message, and `error(...)`, the
# UserError class a caller passes to engine.files' readers.
MESSAGE_MAKERS = {
    "UserError",
    "ConfigError",
    "ModelFileError",
    "TextError",
    "CorpusError",
    "TrainingDiverged",
    "Message",
    "error",
}


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    # errors.ConfigError(...), but not log.error(...): `error` is a UserError class only as a bare name
    return func.attr if isinstance(func, ast.Attribute) and func.attr != "error" else None


def _is_code(node: ast.expr | None) -> bool:
    """A code of the catalogue, a choice between codes, or a code looked up in a table (a name or a
    subscript: the table's own strings are checked by test_every_code_like_string_is_a_code); not
    a sentence (a literal, an f-string, a concatenation, a .format() call)."""
    if isinstance(node, ast.Constant):
        return node.value in TEMPLATES
    if isinstance(node, ast.IfExp):
        return _is_code(node.body) and _is_code(node.orelse)
    return isinstance(node, (ast.Name, ast.Subscript))


def messages_without_a_code(source: str) -> list[str]:
    """The message-making calls in `source` whose first argument is not a code of the catalogue
    (an f-string or a literal sentence, as raises were written before codes)."""
    return [
        f"line {node.lineno}: {ast.unparse(node)[:100]}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and _called_name(node) in MESSAGE_MAKERS
        and not _is_code(node.args[0] if node.args else None)
    ]


def _code_like_constants(path: Path) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_message_is_made_from_a_code():
    problems = {
        str(path.relative_to(ROOT)): found
        for path in SOURCES
        if path.name != "message_catalog.py"
        for found in [messages_without_a_code(path.read_text(encoding="utf-8"))]
        if found
    }
    assert not problems, problems


def test_the_check_finds_a_literal_message():
    # (the check above could pass by seeing nothing: it must see the way raises were written before)
    assert messages_without_a_code('raise ConfigError(f"{name} must be a whole number, got {value!r}")')
    assert messages_without_a_code('raise error("there is no file")')
    assert messages_without_a_code('notes.append(Message("no.such.code"))')
    assert messages_without_a_code('raise UserError("the text " + "is empty")')
    assert messages_without_a_code('raise UserError("file.missing" if x else f"there is no {path}")')
    assert not messages_without_a_code('raise ConfigError("config.whole_number", name="x", value=1)')
    assert not messages_without_a_code('log.error("uncaught exception %s", where)')


FILE_SUFFIXES = (
    ".json",
    ".pt",
    ".pth",
    ".npy",
    ".txt",
    ".png",
    ".svg",
    ".pdf",
    ".gif",
    ".mp4",
    ".py",
)  # lesson.json


def test_every_code_like_string_is_a_code():
    """A string shaped like a code ("area.what", an area the catalogue has) is one: a code in a
    table (say {"the loss": "train.what.loss"}) with a typo would otherwise fail only when used."""
    areas = {code.split(".")[0] for code in TEMPLATES}
    shaped = {
        text
        for path in SOURCES
        if path.name != "message_catalog.py"
        for text in _code_like_constants(path)
        if text.split(".")[0] in areas
        and "." in text
        and text.replace(".", "").replace("_", "").isalnum()
        and text == text.lower()
        and " " not in text
        and not text.endswith(FILE_SUFFIXES)
    }
    assert sorted(shaped - set(TEMPLATES)) == []


def test_every_code_is_used_somewhere():
    used = set().union(*(_code_like_constants(path) for path in SOURCES if path.name != "message_catalog.py"))
    assert sorted(set(TEMPLATES) - used) == []


def _fields(template: str) -> set[str]:
    return {
        name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name is not None
    }


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_can_be_filled(code):
    fields = _fields(TEMPLATES[code])
    assert all(name.isidentifier() for name in fields), fields  # named fields only: no {0}, no {x.y}
    text = str(Message(code, **{name: f"<{name}>" for name in fields}))
    for name in fields:
        assert f"<{name}>" in text


def test_a_missing_parameter_or_code_is_a_defect_not_a_message():
    with pytest.raises(KeyError):
        Message("config.between", name="x")
    with pytest.raises(KeyError, match="no message has the code"):
        Message("no.such.code")


def test_an_error_reads_as_its_english_sentence_and_keeps_its_code():
    exc = ConfigError("config.between", name="hidden_size", low=1, high=1024, value=0)
    assert str(exc) == "hidden_size must be between 1 and 1024, got 0"
    assert isinstance(exc, ValueError) and isinstance(exc, UserError)
    assert exc.code == "config.between" and exc.params == {
        "name": "hidden_size",
        "low": 1,
        "high": 1024,
        "value": 0,
    }
    assert exc.message == str(exc) and isinstance(exc.message, str)


def test_nested_messages_stay_objects_for_the_gui():
    inner = TextError("text.empty_one")
    outer = ModelFileError("file.prefixed", path="/p/v.txt", message=inner)
    assert str(outer) == "/p/v.txt: the text is empty: type at least one character"
    assert outer.params["message"] is inner
    denied = os_reason(PermissionError(13, "Permission denied"))
    assert isinstance(denied, Foreign) and denied == "Permission denied"
    assert os_reason(OSError("no strerror")) == "no strerror"


@pytest.mark.parametrize(
    "copier", [copy.copy, copy.deepcopy, lambda value: pickle.loads(pickle.dumps(value))]
)
def test_copies_keep_the_code(copier):
    exc = ModelFileError("file.prefixed", path="m.pt", message=Message("model.key_missing", key="'w'"))
    copied = copier(exc)
    assert type(copied) is ModelFileError and str(copied) == str(exc) == "m.pt: 'w' is missing"
    assert copied.code == "file.prefixed" and copied.params["message"].code == "model.key_missing"
    note = copier(Message("edit.set", name="weight_hh_l0"))
    assert note == "set weight_hh_l0" and note.code == "edit.set"


def test_foreign_texts_are_plain_sentences():
    assert len(set(FOREIGN_TEXTS)) == len(FOREIGN_TEXTS)
    assert all(text and text == text.strip() and "{" not in text for text in FOREIGN_TEXTS)
