"""Errors whose message is meant for the user, as opposed to bugs.

The command line prints these as one line (exit code 2); the app shows them beside the field or
in the status bar. Anything else that escapes is a defect and is reported as one.
"""


class UserError(Exception):
    """Something the user asked for cannot be done; the message says why and what to do."""


class ConfigError(UserError, ValueError):
    """A configuration value is out of range or inconsistent."""


class ModelFileError(UserError):
    """A model or vocabulary file cannot be used."""


class TextError(UserError, ValueError):
    """Input text cannot be turned into tokens."""
