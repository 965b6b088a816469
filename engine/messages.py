"""The engine's sentences for the user, by code: one catalogue, English at the source.

An engine refusal is `UserError(code, **params)` (engine.errors); a note or an explanation the
engine hands the GUI is a `Message(code, **params)`. Both read as the English sentence of
engine.message_catalog.TEMPLATES[code] filled with the parameters, so the command line, the logs
and every test that reads the English see exactly what they saw before codes existed.

The GUI shows the same message in the user's language without parsing English: it looks the
template up by code in Qt's catalogue (context "EngineMessages", the English template as the key)
and fills in the parameters itself. A parameter that is itself a message (a Message, a nested
UserError) is translated in turn; a library's own wording embedded as a detail (the OS's strerror,
zlib's, zipfile's, json's, torch's reasons) is wrapped in `Foreign` and looked up by its exact
text among engine.message_catalog.FOREIGN_TEXTS; anything else (numbers, paths, names) is shown as
it is.

Standard library only, no Qt: the GUI imports this while PyTorch is still loading.
"""

from __future__ import annotations

from rnn_stepper.engine.message_catalog import TEMPLATES


class Message(str):
    """An English sentence that remembers its code and parameters.

    A str, so every caller that joins, compares or prints messages keeps working unchanged; only
    the GUI's translation reads `code` and `params`. str(message) (a plain copy) drops them, and the
    GUI then shows the English: nothing is ever lost, at worst it is untranslated."""

    code: str
    params: dict

    def __new__(cls, code: str, /, **params) -> Message:
        self = super().__new__(cls, render(code, params))
        self.code = code
        self.params = params
        return self

    def __reduce__(self):  # pickling and copying keep the code (str's own reduce would drop it)
        return (_rebuild, (type(self), self.code, self.params))

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {str(self)!r})"


def _rebuild(cls, code: str, params: dict):
    return cls(code, **params)


class Foreign(str):
    """Wording that is not ours (an OS strerror, a zlib / zipfile / json / torch reason), kept as it
    is in English; the GUI translates it only when FOREIGN_TEXTS has that exact text."""


def os_reason(exc: OSError) -> Foreign:
    """The OS's words for `exc` ("Permission denied"), or the whole exception when it has none."""
    return Foreign(exc.strerror or str(exc))


def render(code: str, params: dict) -> str:
    """The English sentence of `code` with `params` (each shown as str() shows it)."""
    try:
        template = TEMPLATES[code]
    except KeyError:
        raise KeyError(f"no message has the code {code!r} (engine/message_catalog.py)") from None
    return template.format(**params)
