"""Errors whose message is meant for the user, as opposed to bugs.

The command line prints these as one line (exit code 2); the app shows them beside the field or
in the status bar. Anything else that escapes is a defect and is reported as one.

Each carries a code of engine.message_catalog and its parameters (`exc.message`, a
engine.messages.Message): str(exc) is the English sentence, and the GUI translates the message by
its code, never by parsing the English.
"""

from __future__ import annotations

from rnn_stepper.engine.messages import Message


class UserError(Exception):
    """Something the user asked for cannot be done; the message says why and what to do."""

    def __init__(self, code: str, /, **params):
        self.message = Message(code, **params)
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def params(self) -> dict:
        return self.message.params

    def __reduce__(self):  # pickling and copying: Exception's own would call cls(message text)
        return (_rebuild, (type(self), self.message.code, self.message.params))


def _rebuild(cls, code: str, params: dict):
    return cls(code, **params)


class ConfigError(UserError, ValueError):
    """A configuration value is out of range or inconsistent."""


class ModelFileError(UserError):
    """A model or vocabulary file cannot be used."""


class TextError(UserError, ValueError):
    """Input text cannot be turned into tokens."""
