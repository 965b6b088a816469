r"""Character-level vocabulary: how text becomes token ids.

Rules (documented in the README):
- Text is normalised to Unicode NFC, so a character typed two ways is one token.
- Line breaks and tabs become a plain space; every other character, including spaces and
  punctuation (，。!?), is a token of its own. Each Chinese character is one token.
- A vocabulary built from text lists its distinct characters in order of first appearance, so
  "我爱你" gets ids 我=0, 爱=1, 你=2.
- A vocabulary loaded from a file may hold multi-character tokens; text is then split greedily,
  longest token first. Characters not in the vocabulary are refused (or mapped to "<unk>" when
  the vocabulary has that token).
- A vocabulary that has a newline or a tab token (a character model trained on poems) keeps that
  character in the text instead of turning it into a space.

Vocabulary and label files are read by `read_token_list`, in the forms people write them:
- one token per line (line N = id N-1), where a line that is exactly `\n`, `\t`, `\r`, `\s`
  or `\\` stands for a newline, tab, carriage return, space or one backslash;
- a JSON list, index -> token (`itos`, `idx2char`);
- a JSON object token -> index (`stoi`, `char2idx`), or index -> token with the indices as
  strings ({"0": "a", ...}); the indices must be 0..N-1, each once.
Special tokens such as `<unk>` and `<pad>` are tokens like any other.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rnn_stepper.engine.errors import ModelFileError, TextError
from rnn_stepper.engine.files import file_role

UNKNOWN_TOKEN = "<unk>"
# Bounds for vocabularies read from files: far beyond a character vocabulary, small enough that a
# hostile file cannot fill memory or make one token the whole input text.
MAX_VOCAB_FILE_BYTES = 16 * 1024**2
MAX_TOKEN_CHARS = 100
_WHITESPACE_TO_SPACE = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


# Whole-line escapes of a one-token-per-line file, for tokens a line cannot hold as such.
LINE_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\s": " ", "\\\\": "\\"}


def normalize_text(text: str, keep: frozenset[str] | set[str] = frozenset()) -> str:
    """NFC, Windows line breaks as one, and line breaks/tabs as spaces except those in `keep`
    (the whitespace tokens a loaded vocabulary has)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if not keep:
        return text.translate(_WHITESPACE_TO_SPACE)
    return text.translate({code: to for code, to in _WHITESPACE_TO_SPACE.items() if chr(code) not in keep})


def read_token_list(path: str | Path, what: str = "vocabulary") -> tuple[str, ...]:
    """The tokens (or class names) of a file, in id order; see the module docstring for the
    forms. `what` names the file in messages ("vocabulary", "labels")."""
    from rnn_stepper.engine.files import read_regular_file

    path = Path(path)
    raw = read_regular_file(path, MAX_VOCAB_FILE_BYTES, ModelFileError, f"{what} file")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ModelFileError("vocab.not_utf8", msg_file=file_role(f"{what} file"), path=path) from None
    parsed = _json_tokens(content, path, what)
    tokens = parsed if parsed is not None else _line_tokens(content, path, what)
    if not tokens:
        raise ModelFileError("vocab.empty_file", msg_file=file_role(f"{what} file"), path=path)
    too_long = next((token for token in tokens if len(token) > MAX_TOKEN_CHARS), None)
    if too_long is not None:
        raise ModelFileError(
            "vocab.token_too_long",
            msg_file=file_role(f"{what} file"),
            path=path,
            count=len(too_long),
            limit=MAX_TOKEN_CHARS,
        )
    return tuple(unicodedata.normalize("NFC", token) for token in tokens)


def _json_tokens(content: str, path: Path, what: str) -> list[str] | None:
    """The tokens of a JSON list or object; None when the file is not JSON (a .json file must be).

    A one-token-per-line file can happen to parse as JSON (the two lines "[" and "]"); only a
    non-empty list or object counts, so such a file stays a line file."""
    try:
        data = json.loads(content)
    except RecursionError:  # a hostile file of deeply nested brackets
        raise ModelFileError(
            "vocab.nested_too_deeply", msg_file=file_role(f"{what} file"), path=path
        ) from None
    except ValueError:
        if path.suffix.lower() == ".json":
            raise ModelFileError("vocab.not_json", msg_file=file_role(f"{what} file"), path=path) from None
        return None
    if isinstance(data, dict):
        for key in ("itos", "idx2char", "idx_to_token", "stoi", "char2idx", "token_to_idx", "vocab"):
            if key in data and len(data) > 1 and isinstance(data[key], (list, dict)):
                data = data[key]  # {"stoi": {...}, "itos": [...], ...}: one of them is enough
                break
    if isinstance(data, list) and data:
        if not all(isinstance(token, str) for token in data):
            raise ModelFileError("vocab.list_not_of_strings", msg_file=file_role(f"{what} file"), path=path)
        return data
    if isinstance(data, dict) and data:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in data.values()):
            by_id = {index: token for token, index in data.items()}  # token -> id
        elif all(isinstance(v, str) for v in data.values()) and all(k.isdigit() for k in data):
            by_id = {int(k): token for k, token in data.items()}  # "id" -> token
        else:
            raise ModelFileError("vocab.object_not_a_mapping", msg_file=file_role(f"{what} file"), path=path)
        if len(by_id) != len(data) or sorted(by_id) != list(range(len(data))):
            raise ModelFileError(
                "vocab.ids_not_a_range", msg_file=file_role(f"{what} file"), path=path, last=len(data) - 1
            )
        return [by_id[i] for i in range(len(data))]
    if path.suffix.lower() == ".json":
        raise ModelFileError("vocab.no_tokens", msg_file=file_role(f"{what} file"), path=path)
    return None


def _line_tokens(content: str, path: Path, what: str) -> list[str]:
    lines = content.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it is not an empty token
    for number, line in enumerate(lines, start=1):
        if line == "":
            raise ModelFileError(
                "vocab.empty_line", line=number, msg_file=file_role(f"{what} file"), path=path
            )
        if len(line) > MAX_TOKEN_CHARS:
            raise ModelFileError(
                "vocab.line_too_long",
                line=number,
                msg_file=file_role(f"{what} file"),
                path=path,
                count=len(line),
                limit=MAX_TOKEN_CHARS,
            )
    return [LINE_ESCAPES.get(line, line) for line in lines]


@dataclass(frozen=True)
class Vocabulary:
    tokens: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.tokens:
            raise TextError("vocab.no_token")
        if len(set(self.tokens)) != len(self.tokens):
            seen, duplicates = set(), []
            for token in self.tokens:
                if token in seen:
                    duplicates.append(token)
                seen.add(token)
            raise TextError("vocab.duplicate", token=repr(duplicates[0]))

    @classmethod
    def from_stored(cls, value) -> Vocabulary:
        """The vocabulary kept in a model file's `_extra_state`: a list of non-empty strings. A file
        is untrusted input, so anything else is a TextError, not a crash further on."""
        if not isinstance(value, (list, tuple)):
            raise TextError("vocab.stored_not_a_list", type=type(value).__name__)
        for number, token in enumerate(value, start=1):
            if not isinstance(token, str) or not token:
                raise TextError("vocab.stored_token_not_text", number=number, value=repr(token))
            if len(token) > MAX_TOKEN_CHARS:
                raise TextError(
                    "vocab.stored_token_too_long", number=number, count=len(token), limit=MAX_TOKEN_CHARS
                )
        return cls(tuple(value))

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def from_text(cls, text: str) -> Vocabulary:
        text = normalize_text(text)
        if not text:
            raise TextError("text.empty_one")
        return cls(tuple(dict.fromkeys(text)))

    @classmethod
    def from_file(cls, path: str | Path) -> Vocabulary:
        """A vocabulary file in any form of `read_token_list`; token N has id N."""
        tokens = read_token_list(path, "vocabulary")
        try:
            return cls(tokens)
        except TextError as exc:
            raise ModelFileError("file.prefixed", path=path, message=exc) from None

    @property
    def kept_whitespace(self) -> frozenset[str]:
        """Line breaks and tabs this vocabulary has as tokens, so text keeps them."""
        return frozenset(token for token in ("\n", "\t", "\r") if token in self.tokens)

    def encode(self, text: str) -> list[int]:
        text = normalize_text(text, self.kept_whitespace)
        if not text:
            raise TextError("text.empty_one")
        index = {token: i for i, token in enumerate(self.tokens)}
        longest = max(len(token) for token in self.tokens)
        unknown_id = index.get(UNKNOWN_TOKEN)
        ids, unknown, pos = [], [], 0
        while pos < len(text):
            for length in range(min(longest, len(text) - pos), 0, -1):
                token_id = index.get(text[pos : pos + length])
                if token_id is not None:
                    ids.append(token_id)
                    pos += length
                    break
            else:
                if unknown_id is None:
                    unknown.append(text[pos])
                else:
                    ids.append(unknown_id)
                pos += 1
        if unknown:
            shown = "".join(dict.fromkeys(unknown))
            raise TextError(
                "text.unknown_characters",
                count=len(unknown),
                chars=f"{shown[:20]!r}{'…' if len(shown) > 20 else ''}",
            )
        return ids

    def decode(self, ids) -> str:
        return "".join(self.tokens[int(i)] for i in ids)
