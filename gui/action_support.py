"""What the menu actions (file, input, learn, export, classroom) are given instead of the window.

Each action class receives the objects it uses, named in its constructor: the session, the
settings, the menu it fills, the panels or docks it reads, the widget that parents its dialogs,
and a `StatusReporter` for the status bar. MainWindow passes them in `build`, in an order that can
be read there; no action looks the window's attributes up, so renaming one is an error in one
place, at import or in a type check, not a failure at run time after a language switch.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Protocol


class StatusReporter(Protocol):
    """The status bar, as the actions use it (MainWindow is one)."""

    def show_message(self, text: str, error: bool = False) -> None: ...

    def show_error(self, text: str) -> None: ...


@contextmanager
def collected_refusals(session):
    """The session's configRejected messages while something is being applied (a list that fills
    up inside the `with`): the actions report the reason in their own words."""
    messages: list[str] = []  # (engine Messages, which keep their code for translation)

    def collect(text: str) -> None:
        messages.append(text)

    session.configRejected.connect(collect)
    try:
        yield messages
    finally:
        session.configRejected.disconnect(collect)
