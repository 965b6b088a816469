"""The one owner of the panel docks' visibility: which panels are shown, hidden or locked.

MainWindow creates the docks, hands each to `PanelDocks.add` and arranges them (its default
layout, saved and restored with the window's state); everything else that shows, hides or asks
about a panel's dock goes through this object: lessons (hidden panels, File → Save lesson's
summary), classroom mode (hides and locks panels), the lesson notes (placed beside the code). So
a question like "which panels are hidden?" has one answer, and a change of how docks are shown is
made in one place.

It is also a read-only mapping role -> QDockWidget, for code that needs the dock itself (the
window's layout; the headless export, which takes panels out of their docks; tests).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtWidgets import QDockWidget, QMainWindow


class PanelDocks(Mapping[str, QDockWidget]):
    def __init__(self, window: QMainWindow):
        self._window = window
        self._docks: dict[str, QDockWidget] = {}

    # ---- the mapping ---------------------------------------------------------------------------

    def __getitem__(self, role: str) -> QDockWidget:
        return self._docks[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._docks)

    def __len__(self) -> int:
        return len(self._docks)

    def add(self, role: str, dock: QDockWidget) -> None:
        self._docks[role] = dock

    # ---- questions -----------------------------------------------------------------------------

    def is_shown(self, role: str) -> bool:
        """Whether the user has the panel open (checked in View), also while its window is hidden
        or it is a tab behind another: that is what a lesson or classroom mode remembers."""
        return self._docks[role].toggleViewAction().isChecked()

    def hidden(self) -> list[str]:
        """The roles of the closed panels, in the docks' order."""
        return [role for role in self._docks if not self.is_shown(role)]

    def titles(self) -> dict[str, str]:
        """Role -> the dock's title, in the interface's language."""
        return {role: dock.windowTitle() for role, dock in self._docks.items()}

    # ---- changes -------------------------------------------------------------------------------

    def show(self, role: str) -> None:
        self._docks[role].show()

    def hide(self, role: str) -> None:
        self._docks[role].hide()

    def show_all(self) -> None:
        """Show every closed panel (one already open is left as it is, a tab where it is)."""
        for role in self._docks:
            if not self.is_shown(role):
                self.show(role)

    def set_hidden(self, hidden) -> None:
        """Hide the panels in `hidden`, show every other one that is closed."""
        for role in self._docks:
            if role in hidden:
                self.hide(role)
            elif not self.is_shown(role):
                self.show(role)

    def lock(self, role: str, locked: bool) -> None:
        """A locked panel cannot be opened or closed from the View menu (classroom mode)."""
        self._docks[role].toggleViewAction().setEnabled(not locked)

    def place_beside(self, role: str, dock: QDockWidget) -> bool:
        """Put another dock (the lesson notes) as a tab beside `role`'s; False if there is none."""
        if role not in self._docks:
            return False
        self._window.tabifyDockWidget(self._docks[role], dock)
        return True
