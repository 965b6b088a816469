"""gui/panels/base.py's StepPanel: the one error guard and the catch-up when a panel is seen again,
for a panel written the way the contract says (a real Session, a real dock in a shown window)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.panels.base import StepPanel, guarded
from rnn_stepper.gui.session import Session


class CountingPanel(StepPanel):
    """Draws the current step into a label, counting its drawings; fails when told to."""

    TITLE = "Output"  # (a known title: the error message names the panel in the user's language)
    OBJECT_NAME = "countingPanel"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.label = QLabel(self)
        self.drawings = 0
        self.owes_work = False
        self.follow_visibility(self._draw)
        session.stepChanged.connect(self._on_step_changed)

    def _on_step_changed(self, _view) -> None:
        if not self.unseen():
            self.safely(self._draw)

    def _draw(self) -> None:
        self.drawings += 1
        self.owes_work = False
        self.label.setText(f"position {self.session.view().position}")
        self.drawn()

    def work_left_unseen(self) -> bool:
        return self.owes_work

    def fail(self) -> None:
        raise ValueError("a surprising model")

    @guarded
    def hover(self) -> None:
        raise ValueError("a surprising hover")


def docked_behind_another(qtbot, panel):
    window = QMainWindow()
    qtbot.addWidget(window)
    docks = [QDockWidget("panel"), QDockWidget("other")]
    docks[0].setWidget(panel)
    docks[1].setWidget(QLabel("something else"))
    for dock in docks:
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(docks[0], docks[1])
    window.show()
    qtbot.waitExposed(window)
    docks[1].raise_()
    qtbot.waitUntil(lambda: panel.visibleRegion().isEmpty())
    return window, docks  # (the caller holds the window: it owns the panel)


def test_an_unseen_panel_skips_drawing_and_catches_up_once_when_its_tab_comes_back(qtbot):
    session = Session(config=preset_config("text-woaini"))
    panel = CountingPanel(session)
    _window, docks = docked_behind_another(qtbot, panel)
    before = panel.drawings
    session.step()
    session.step()
    assert panel.behind and panel.drawings == before  # nobody saw it: nothing drawn
    docks[0].raise_()  # painted again, not shown: the paint calls the one redraw
    qtbot.waitUntil(lambda: not panel.behind)
    assert panel.drawings == before + 1 and panel.label.text() == "position 2"


def test_catch_up_now_draws_what_was_skipped_and_the_work_a_panel_put_off(qtbot):
    session = Session(config=preset_config("text-woaini"))
    panel = CountingPanel(session)
    _window, _docks = docked_behind_another(qtbot, panel)
    before = panel.drawings
    panel.catch_up_now()
    assert panel.drawings == before  # nothing skipped, nothing owed: no redraw
    session.step()
    panel.catch_up_now()  # (an export, a test reading it back)
    assert panel.drawings == before + 1 and panel.label.text() == "position 1" and not panel.behind
    panel.owes_work = True  # e.g. a backward pass put off while unseen, after a later drawing
    panel.catch_up_now()
    assert panel.drawings == before + 2 and not panel.owes_work
    assert panel.export_widget() is panel and panel.drawings == before + 2


def test_the_error_guard_reports_and_the_hover_guard_only_logs(qtbot, caplog):
    session = Session(config=preset_config("text-woaini"))
    panel = CountingPanel(session)
    qtbot.addWidget(panel)
    errors = []
    session.errorOccurred.connect(errors.append)
    with caplog.at_level(logging.ERROR):
        panel.safely(panel.fail)  # does not raise
        panel.hover()  # does not raise, says nothing to the user
    assert errors == ["Output panel: ValueError: a surprising model"]
    assert sum("failed" in r.getMessage() for r in caplog.records) == 2
