"""Text a teacher writes in more than one language: a lesson's title and notes.

Such a text is a dict from a language code to the text in that language, e.g.
`{"en": "One input through nn.RNN", "zh_CN": "一个输入经过 nn.RNN"}`. The codes are the
interface's (gui.i18n.LANGUAGES: "en", "zh_CN"); other codes a file may hold are kept as they are,
so a lesson edited elsewhere loses nothing when it is saved again.

Lesson files of format version 1 held one plain string, without saying its language:
`texts_from` guesses it (`guess_language`) so that the text lands under a language and the save
dialog can offer it in that language's field. Whatever the guess, the text is still shown in
every language that has none of its own (`text_in` falls back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_LANGUAGE = "en"  # the language the app's sources are written in; the first fallback
CHINESE = "zh_CN"
# A language code as Qt and the settings spell them: "en", "zh_CN", "pt_BR", "sr_Latn_RS".
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Za-z0-9]{2,8}){0,2}$")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# One Han character says about as much as a short English word (3 to 4 letters): text with more
# Han characters than that share of its Latin letters is taken to be Chinese. Symbols such as
# W_ih, h_t or nn.RNN in Chinese notes keep their letters, hence the margin.
_LETTERS_PER_HAN = 3


def guess_language(text: str) -> str:
    """ "zh_CN" for text that is mostly Chinese, else "en" (for plain strings in old lessons)."""
    han = len(_HAN.findall(text))
    return CHINESE if han and han * _LETTERS_PER_HAN >= len(_LATIN_LETTER.findall(text)) else DEFAULT_LANGUAGE


def texts_from(value) -> dict[str, str]:
    """Language code -> text from what a lesson holds: a plain string (one text, its language
    guessed) or a mapping of language codes to strings. Empty texts, entries that are not strings
    and keys that are not language codes are left out (a lesson is a file from elsewhere)."""
    if isinstance(value, str):
        return {guess_language(value): value} if value.strip() else {}
    if not isinstance(value, Mapping):
        return {}
    return {
        code: text
        for code, text in value.items()
        if isinstance(code, str) and LANGUAGE_CODE.match(code) and isinstance(text, str) and text.strip()
    }


def text_in(texts: Mapping[str, str], language: str) -> str:
    """The text in `language`; else in English; else in whichever language there is; else ""."""
    for code in (language, DEFAULT_LANGUAGE):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


def with_text(texts: Mapping[str, str], language: str, text: str) -> dict[str, str]:
    """`texts` with `language`'s text replaced by `text` (removed if `text` is empty); the other
    languages are kept."""
    changed = dict(texts)
    if text.strip():
        changed[language] = text
    else:
        changed.pop(language, None)
    return changed
