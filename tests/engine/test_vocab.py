"""Character-level tokenisation and vocabulary files."""

from __future__ import annotations

import unicodedata

import pytest
from rnn_stepper.engine.errors import ModelFileError, TextError, UserError
from rnn_stepper.engine.vocab import UNKNOWN_TOKEN, Vocabulary, normalize_text


def test_each_chinese_character_is_a_token_in_order_of_first_appearance():
    v = Vocabulary.from_text("我爱你")
    assert v.tokens == ("我", "爱", "你") and len(v) == 3
    assert v.encode("我爱你") == [0, 1, 2]
    v = Vocabulary.from_text("你爱我，我爱你")
    assert v.tokens == ("你", "爱", "我", "，")
    assert v.encode("你爱我，我爱你") == [0, 1, 2, 3, 2, 1, 0]
    assert v.decode([2, 1, 0]) == "我爱你"


def test_nfc_normalisation_makes_one_token_of_two_spellings():
    composed, decomposed = "\u00e9", "e\u0301"
    assert composed != decomposed
    v = Vocabulary.from_text(decomposed + composed)
    assert v.tokens == (composed,)
    assert v.encode(decomposed) == v.encode(composed) == [0]
    assert normalize_text("e\u0301") == "\u00e9"
    # Hangul jamo compose to one syllable
    assert Vocabulary.from_text("\u1100\u1161").tokens == ("\uac00",)


def test_line_breaks_and_tabs_become_spaces():
    v = Vocabulary.from_text("我\n爱\t你\r\n!\r")
    assert v.tokens == ("我", " ", "爱", "你", "!")
    assert v.encode("我\n爱\t你\r\n!\r") == [0, 1, 2, 1, 3, 1, 4, 1]
    assert normalize_text("a\r\nb") == "a b"  # one space for a Windows line break, not two


def test_spaces_and_punctuation_are_tokens():
    text = "你好， 世界！?. "
    v = Vocabulary.from_text(text)
    assert v.tokens == tuple(dict.fromkeys(text))
    assert " " in v.tokens and "，" in v.tokens and "！" in v.tokens and "?" in v.tokens
    assert len(v.encode(text)) == len(text)


def test_empty_text_refused():
    with pytest.raises(TextError, match="the text is empty"):
        Vocabulary.from_text("")
    with pytest.raises(TextError, match="the text is empty"):
        Vocabulary(("a",)).encode("")


def test_text_errors_are_user_errors():
    assert issubclass(TextError, UserError) and issubclass(ModelFileError, UserError)


def test_whitespace_only_text_is_spaces_not_empty():
    assert Vocabulary.from_text("\n\t").tokens == (" ",)


def test_unknown_characters_refused_with_a_message_listing_them():
    v = Vocabulary(("我", "爱", "你"))
    with pytest.raises(TextError) as info:
        v.encode("我爱你们他们")
    message = str(info.value)
    assert message.startswith("3 character(s) are not in the model's vocabulary: ")
    assert "'们他'" in message  # each unknown character once, in order


def test_many_unknown_characters_are_shown_shortened():
    v = Vocabulary(("a",))
    unknown = "".join(chr(0x4E00 + i) for i in range(30))
    with pytest.raises(TextError) as info:
        v.encode("a" + unknown)
    message = str(info.value)
    assert message.startswith("30 character(s)")
    assert repr(unknown[:20]) in message and message.endswith("…")
    assert unknown[20] not in message


def test_unknown_characters_map_to_unk_when_the_vocabulary_has_it():
    v = Vocabulary((UNKNOWN_TOKEN, "我", "爱"))
    assert UNKNOWN_TOKEN == "<unk>"
    assert v.encode("我爱你们") == [1, 2, 0, 0]
    assert v.encode("<unk>") == [0]  # the token itself, matched greedily as one token


def test_multi_character_tokens_greedy_longest_match():
    v = Vocabulary(("我", "爱", "你", "我爱", "我爱你", "ab", "abc", "c"))
    assert v.encode("我爱你我爱我") == [4, 3, 0]
    assert v.encode("abcab") == [6, 5]
    assert v.decode(v.encode("我爱你abc")) == "我爱你abc"
    with pytest.raises(TextError, match="1 character"):
        v.encode("a")  # "a" alone is not a token, only "ab" and "abc" are


def test_vocabulary_constructor_refuses_empty_and_duplicates():
    with pytest.raises(TextError, match="at least one token"):
        Vocabulary(())
    with pytest.raises(TextError, match="'爱' more than once"):
        Vocabulary(("我", "爱", "你", "爱"))


# ---- vocabulary files ------------------------------------------------------------------------


def write(tmp_path, data: bytes, name="vocab.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        "我\n爱\n你\n".encode(),
        "我\n爱\n你".encode(),  # no final newline
        "\ufeff我\n爱\n你\n".encode(),  # BOM (Notepad)
        "我\r\n爱\r\n你\r\n".encode(),  # Windows line breaks
        b"\xef\xbb\xbf" + "我\r\n爱\r\n你".encode(),
    ],
)
def test_vocab_file_reading(tmp_path, data):
    v = Vocabulary.from_file(write(tmp_path, data))
    assert v.tokens == ("我", "爱", "你")
    assert v.encode("你爱我") == [2, 1, 0]


def test_vocab_file_with_multi_character_tokens_and_space_token(tmp_path):
    v = Vocabulary.from_file(write(tmp_path, "<unk>\n \n我爱\n我\n".encode()))
    assert v.tokens == ("<unk>", " ", "我爱", "我")
    assert v.encode("我爱 我X") == [2, 1, 3, 0]


def test_vocab_file_is_nfc_normalised(tmp_path):
    v = Vocabulary.from_file(write(tmp_path, "e\u0301\nx\n".encode()))
    assert v.tokens == ("\u00e9", "x")
    assert unicodedata.is_normalized("NFC", v.tokens[0])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("我\n\n你\n".encode(), r"line 2 of the vocabulary file .* is empty"),
        ("\n我\n".encode(), r"line 1 of the vocabulary file .* is empty"),
        ("我\n你\n\n".encode(), r"line 3 of the vocabulary file .* is empty"),
        (b"", r"the vocabulary file .* is empty"),
        (b"\xef\xbb\xbf", r"the vocabulary file .* is empty"),
        ("我\n你\n我\n".encode(), r"vocab\.txt: the vocabulary lists '我' more than once"),
        ("\u00e9\ne\u0301\n".encode(), r"lists 'é' more than once"),
        ("我\n爱\n".encode("gbk"), r"the vocabulary file .* is not UTF-8 text"),
        ("我\n爱\n".encode("utf-16"), r"is not UTF-8 text"),
        (bytes(range(128, 256)), r"is not UTF-8 text"),
    ],
)
def test_bad_vocab_files_refused(tmp_path, data, message):
    with pytest.raises(ModelFileError, match=message):
        Vocabulary.from_file(write(tmp_path, data))


def test_missing_vocab_file(tmp_path):
    with pytest.raises(ModelFileError, match=r"there is no file .*missing\.txt"):
        Vocabulary.from_file(tmp_path / "missing.txt")
    with pytest.raises(ModelFileError, match="is a folder, not a vocabulary file"):
        Vocabulary.from_file(tmp_path)  # a folder


# ---- vocabulary files as people write them ------------------------------------------------------


def test_line_file_escapes_newline_space_tab_and_backslash(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("床\n前\n\\n\n\\s\n\\t\n\\\\\n<unk>\n", encoding="utf-8")
    v = Vocabulary.from_file(path)
    assert v.tokens == ("床", "前", "\n", " ", "\t", "\\", "<unk>")
    # a vocabulary with a newline token keeps the poem's line breaks instead of making them spaces
    assert v.encode("床前\n前 床") == [0, 1, 2, 1, 3, 0]
    assert v.encode("床\t月") == [0, 4, 6]  # tab kept; 月 is unknown


def test_line_file_with_an_empty_line_suggests_the_escapes(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text("a\n\nb\n")
    with pytest.raises(
        ModelFileError, match=r"line 2 of the vocabulary file .* is empty \(write \\n for a newline"
    ):
        Vocabulary.from_file(path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("itos.json", '["<pad>", "<unk>", "我", "爱", "你"]'),
        ("stoi.json", '{"我": 2, "<pad>": 0, "你": 4, "<unk>": 1, "爱": 3}'),
        ("idx2char.json", '{"0": "<pad>", "1": "<unk>", "2": "我", "3": "爱", "4": "你"}'),
        (
            "both.json",
            '{"stoi": {"<pad>": 0, "<unk>": 1, "我": 2, "爱": 3, "你": 4}, "itos": ["<pad>", "<unk>", "我", "爱", "你"]}',
        ),
        ("vocab.txt", '["<pad>", "<unk>", "我", "爱", "你"]'),  # JSON content without the suffix
    ],
)
def test_json_vocabularies_list_object_and_index_object(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    v = Vocabulary.from_file(path)
    assert v.tokens == ("<pad>", "<unk>", "我", "爱", "你")
    assert v.encode("我爱她") == [2, 3, 1]  # special tokens work: 她 -> <unk>


def test_a_line_file_that_looks_like_empty_json_stays_a_line_file(tmp_path):
    path = tmp_path / "brackets.txt"
    path.write_text("[\n]\n")
    assert Vocabulary.from_file(path).tokens == ("[", "]")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"a": 0, "b": 2}', "must be 0 to 1, each used once"),
        ('{"a": 0, "b": 0}', "must be 0 to 1, each used once"),
        ('{"a": "x", "b": 1}', "neither token -> id"),
        ("[1, 2]", "not of strings"),
        ('{"a": ', "is not valid JSON"),
        ("[]", "holds no tokens"),
    ],
)
def test_bad_json_vocabularies_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "v.json"
    path.write_text(content)
    with pytest.raises(ModelFileError, match=message):
        Vocabulary.from_file(path)
