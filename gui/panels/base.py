"""The contract every panel of the main window follows, written once.

A panel is one module with one subclass of `StepPanel`:

- `TITLE` (English; its dock title, translated through gui.i18n.PANEL_TITLES) and `OBJECT_NAME`
  (the dock's object name, which the saved layout refers to);
- built as `Panel(session, parent)`, and listed in gui/panel_registry.py;
- it reads everything from the Session and asks the Session for every change (never the window
  or another panel);
- its slots run their bodies through `safely` (the one error guard: an error is logged and
  reported in the status bar, never allowed to close the window); mouse and hover handlers that
  must stay silent use `@guarded`;
- drawing nobody can see is skipped and caught up when the panel is seen again: `follow_visibility`
  once in __init__ (after building), then `unseen()` before drawing and `drawn()` once drawn;
  `catch_up_now()` before reading the panel back; a panel that puts off work of its own while
  unseen (the Backprop panel's backward pass) also answers `work_left_unseen()`
  (gui/panels/lazy.py explains why; no panel writes its own showEvent/paintEvent for this);
- computation (a backward pass, a generation) is asked of the engine or of a service like
  gui/workers/backprop_service.py from a slot, never done while drawing;
- the optional parts have defaults here, so the window, exports and actions call them on every
  panel without asking whether they exist: `export_widget` / `export_documents` / `export_plan`
  (what an export draws), `ui_state` / `restore_ui_state` (what survives a language switch, as
  plain data) and `is_busy` (a panel that owns the model for a while, like a training run).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from rnn_stepper.gui.i18n import panel_title
from rnn_stepper.gui.panels.lazy import CatchUp, SeenBody

log = logging.getLogger(__name__)


def guarded(slot):
    """Log instead of raising, and say nothing to the user: for hover and mouse handlers, where a
    surprising model must not take the window down and a status message per mouse move would
    drown everything else."""

    @functools.wraps(slot)
    def wrapper(*args, **kwargs):
        try:
            return slot(*args, **kwargs)
        except Exception:
            log.exception("%s failed", slot.__qualname__)

    return wrapper


class StepPanel(QWidget):
    """Base class of the main window's panels (see the module's text for the contract)."""

    TITLE = ""
    OBJECT_NAME = ""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self._session = session
        self._visibility: CatchUp | None = None

    @property
    def session(self):
        return self._session

    # ---- the one error guard ------------------------------------------------------------------------

    def safely(self, method: Callable, *args) -> None:
        """Run a slot body; an error is logged and reported, never allowed to kill the window."""
        try:
            method(*args)
        except Exception as exc:
            log.exception("the %s panel failed", self.TITLE)
            self._session.errorOccurred.emit(
                QCoreApplication.translate("StepPanel", "{0} panel: {1}: {2}").format(
                    panel_title(self), type(exc).__name__, exc
                )
            )

    # ---- drawing only what somebody sees ------------------------------------------------------------

    def follow_visibility(self, redraw: Callable[[], None], seen_by: SeenBody | None = None) -> None:
        """Skip drawing while nobody sees the panel and call `redraw` once when it is seen again.
        `seen_by`: the scroll area's body when one covers the panel (the panel itself is then
        never painted)."""
        self._visibility = CatchUp(seen_by if seen_by is not None else self, lambda: self.safely(redraw))
        self._redraw_when_seen = redraw
        if seen_by is not None:
            seen_by.seen.connect(self._visibility.seen)

    def unseen(self) -> bool:
        """Call before drawing: True (and remembered, for the catch-up) when nobody would see it."""
        return self._visibility is not None and self._visibility.skip()

    def catch_up_now(self) -> None:
        """Draw now what was skipped while unseen: before anything reads the panel back (an
        export, a test) or when it is shown."""
        if self._visibility is not None and (self._visibility.behind or self.work_left_unseen()):
            self._visibility.behind = False
            self.safely(self._redraw_when_seen)

    def work_left_unseen(self) -> bool:
        """True while the panel owes more than a redraw of what it has (the Backprop panel's
        backward pass, put off while nobody saw it): `catch_up_now` then runs the redraw even
        when a later drawing has cleared the "behind" mark. The redraw does that work."""
        return False

    @property
    def behind(self) -> bool:
        """True while a drawing was skipped because nobody saw the panel (not caught up yet)."""
        return self._visibility is not None and self._visibility.behind

    def drawn(self) -> None:
        """Say the panel has just drawn the current state (nothing left to catch up)."""
        if self._visibility is not None:
            self._visibility.behind = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.catch_up_now()  # at once: whoever showed it may read it back right away

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._visibility is not None:
            self._visibility.seen()  # a tab brought back to the front is painted, not shown

    # ---- the optional parts, with their defaults ----------------------------------------------------

    def export_widget(self) -> QWidget:
        """The widget an image export draws, up to date."""
        self.catch_up_now()
        return self

    def export_documents(self) -> dict[str, str]:
        """Text files the panel also saves, by suffix (e.g. {"py": code})."""
        return {}

    def export_plan(self, width: int | None):
        """(natural size, paint) for a panel that paints beyond its scrolled view; None: the
        export draws `export_widget()` as it is laid out."""
        return None

    def window_plan(self, t: int, columns: int):
        """(natural size, paint) of the part around time step `t` that an animation frame shows
        on top; None: the frame shows the whole panel below."""
        return None

    def ui_state(self) -> dict:
        """What the user set in the panel (view choices, typed text), as plain data that a new
        panel of the same kind restores after a language switch."""
        return {}

    def restore_ui_state(self, state: dict) -> None:
        """Take back `ui_state()` of a predecessor."""

    @property
    def is_busy(self) -> bool:
        """True while the panel owns the model (a training run): the window then refuses
        changes of model."""
        return False


def close_plot_items(widget: QWidget) -> None:
    """PlotItem.close() on every pyqtgraph plot inside `widget`, before panels are deleted. A
    PlotItem's "Plot Options" menu (and its six submenus) is a parentless QMenu that deleting the
    dock does not reach: without this, every language switch left 91 menus behind (measured with
    scripts/session_memory.py)."""
    import pyqtgraph as pg  # (here: the window's shell imports this module before pyqtgraph loads)

    for view in widget.findChildren(pg.GraphicsView):
        scene = view.scene()
        for item in scene.items() if scene is not None else ():
            if isinstance(item, pg.PlotItem):
                item.close()
