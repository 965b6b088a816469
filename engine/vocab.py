"""Character-level vocabulary: how text becomes token ids.

Rules (documented in the README):
- Text is normalised to Unicode NFC, so a character typed two ways is one token.
- Line breaks and tabs become a plain space; every other character, including spaces and
  punctuation (，。!?), is a token of its own. Each Chinese character is one token.
- A vocabulary built from text lists its distinct characters in order of first appearance, so
  "我爱你" gets ids 我=0, 爱=1, 你=2.
- A vocabulary loaded from a file may hold multi-character tokens; text is then split greedily,
  longest token first. Characters not in the vocabulary are refused (or mapped to "<unk>" when
  the vocabulary has that token).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rnn_stepper.engine.errors import ModelFileError, TextError

UNKNOWN_TOKEN = "<unk>"
# Bounds for vocabularies read from files: far beyond a character vocabulary, small enough that a
# hostile file cannot fill memory or make one token the whole input text.
MAX_VOCAB_FILE_BYTES = 16 * 1024**2
MAX_TOKEN_CHARS = 100
_WHITESPACE_TO_SPACE = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    return text.translate(_WHITESPACE_TO_SPACE)


@dataclass(frozen=True)
class Vocabulary:
    tokens: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.tokens:
            raise TextError("a vocabulary needs at least one token")
        if len(set(self.tokens)) != len(self.tokens):
            seen, duplicates = set(), []
            for token in self.tokens:
                if token in seen:
                    duplicates.append(token)
                seen.add(token)
            raise TextError(f"the vocabulary lists {duplicates[0]!r} more than once")

    @classmethod
    def from_stored(cls, value) -> "Vocabulary":
        """The vocabulary kept in a model file's `_extra_state`: a list of non-empty strings. A file
        is untrusted input, so anything else is a TextError, not a crash further on."""
        if not isinstance(value, (list, tuple)):
            raise TextError(f"the stored vocabulary must be a list of tokens, got {type(value).__name__}")
        for number, token in enumerate(value, start=1):
            if not isinstance(token, str) or not token:
                raise TextError(f"token {number} of the stored vocabulary is {token!r}, not a non-empty string")
            if len(token) > MAX_TOKEN_CHARS:
                raise TextError(f"token {number} of the stored vocabulary has {len(token)} characters; "
                                f"a token has at most {MAX_TOKEN_CHARS}")
        return cls(tuple(value))

    def __len__(self) -> int:
        return len(self.tokens)

    @classmethod
    def from_text(cls, text: str) -> "Vocabulary":
        text = normalize_text(text)
        if not text:
            raise TextError("the text is empty: type at least one character")
        return cls(tuple(dict.fromkeys(text)))

    @classmethod
    def from_file(cls, path: str | Path) -> "Vocabulary":
        """One token per line, UTF-8; line N holds the token with id N-1."""
        from rnn_stepper.engine.files import read_regular_file

        path = Path(path)
        raw = read_regular_file(path, MAX_VOCAB_FILE_BYTES, ModelFileError, "vocabulary file")
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ModelFileError(f"the vocabulary file {path} is not UTF-8 text") from None
        lines = content.replace("\r\n", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the final newline ends the last line; it is not an empty token
        for number, line in enumerate(lines, start=1):
            if line == "":
                raise ModelFileError(f"line {number} of the vocabulary file {path} is empty")
            if len(line) > MAX_TOKEN_CHARS:
                raise ModelFileError(f"line {number} of the vocabulary file {path} has {len(line)} characters; "
                                     f"a token has at most {MAX_TOKEN_CHARS}")
        if not lines:
            raise ModelFileError(f"the vocabulary file {path} is empty")
        try:
            return cls(tuple(unicodedata.normalize("NFC", line) for line in lines))
        except TextError as exc:
            raise ModelFileError(f"{path}: {exc}") from None

    def encode(self, text: str) -> list[int]:
        text = normalize_text(text)
        if not text:
            raise TextError("the text is empty: type at least one character")
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
                f"{len(unknown)} character(s) are not in the model's vocabulary: "
                f"{shown[:20]!r}{'…' if len(shown) > 20 else ''}"
            )
        return ids

    def decode(self, ids) -> str:
        return "".join(self.tokens[int(i)] for i in ids)
