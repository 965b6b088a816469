"""Panels skip the drawing nobody can see, and catch up when they are seen again.

A panel can be unseen while its window is shown: its dock closed, or a dock tab that is not the
current one. Qt keeps such a tab "visible" and only moves it off-screen, so isVisible() is not
enough: its visible region is empty. When the tab comes back no showEvent arrives either, only
a paint: `CatchUp` turns that paint (or a showEvent) into one redraw, after the event.

A panel that is not in a shown window at all (built for a test or an export) always draws at
once: there, what is "seen" is what is read back.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget


def nobody_sees(widget: QWidget) -> bool:
    """True when `widget` is in a shown window but none of it is on screen."""
    return widget.window().isVisible() and (not widget.isVisible() or widget.visibleRegion().isEmpty())


class CatchUp:
    """Calls `redraw` once, soon after the widget is shown or painted while marked behind."""

    def __init__(self, widget: QWidget, redraw):
        self._widget = widget
        self._redraw = redraw
        self.behind = False  # a change arrived while nobody could see the widget
        self._scheduled = False

    def skip(self) -> bool:
        """Call before drawing: True (and remembered) when nobody would see the drawing."""
        if nobody_sees(self._widget):
            self.behind = True
            return True
        self.behind = False
        return False

    def seen(self) -> None:
        """Call from the widget's showEvent and paintEvent."""
        if self.behind and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self._widget, self._run)

    def _run(self) -> None:
        self._scheduled = False
        if self.behind and not nobody_sees(self._widget):
            self.behind = False
            self._redraw()


class SeenBody(QWidget):
    """A scroll area's body that covers its panel: the panel itself is never painted (its one
    child, the scroll area, hides it), so it is the body whose paints and shows say "seen"."""

    seen = Signal()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self.seen.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.seen.emit()
