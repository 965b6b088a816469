"""Classroom mode: a teacher hides the controls and panels students should not touch or see.

View → Classroom mode… opens a dialog listing the controls (the configuration panel, each
transport button, speed, timeline, step size, batch element) and the panels; "Turn on" hides the
chosen ones, "Turn off" brings back exactly what was showing before. While it is on, the View
menu cannot bring a hidden panel back (its entry is disabled) and a badge in the status bar says
so. The choice is remembered in the settings (a lab PC stays set up) and saved in lessons
(`hidden_controls`, `hidden_panels`, `classroom_mode`).

A hidden transport action is hidden everywhere, toolbar and Playback menu, so its keyboard
shortcut stops working too: hiding "run to end" also disables the End key.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
)
from rnn_stepper.gui import style
from rnn_stepper.gui.action_support import StatusReporter
from rnn_stepper.gui.panel_docks import PanelDocks
from rnn_stepper.gui.settings_store import ClassroomState, SettingsStore

log = logging.getLogger(__name__)

TOGGLE_SHORTCUT = "Ctrl+Shift+K"
CONFIG_CONTROL = "config"  # the configuration panel counts as a control: it changes the model
TRANSPORT = ("reset", "back", "step", "play", "end")  # = gui.controls.SHORTCUTS' action names
# Which controls a teacher would typically hide first, offered when nothing was chosen yet.
DEFAULT_HIDDEN_CONTROLS = (CONFIG_CONTROL, "end", "timeline")


# Control name (as saved in lessons) -> what the dialog calls it, translated at use
# (`control_labels`) under the context of the class that shows them.
CONTROL_LABELS = {
    CONFIG_CONTROL: QT_TRANSLATE_NOOP("ClassroomMode", "Configuration panel (presets, sizes, text)"),
    "reset": QT_TRANSLATE_NOOP("ClassroomMode", "Reset button (Home)"),
    "back": QT_TRANSLATE_NOOP("ClassroomMode", "Step back button (←)"),
    "step": QT_TRANSLATE_NOOP("ClassroomMode", "Step button (→)"),
    "play": QT_TRANSLATE_NOOP("ClassroomMode", "Play / pause button (Space)"),
    "end": QT_TRANSLATE_NOOP("ClassroomMode", "Run to end button (End)"),
    "speed": QT_TRANSLATE_NOOP("ClassroomMode", "Speed slider"),
    "timeline": QT_TRANSLATE_NOOP("ClassroomMode", "Timeline slider"),
    "step_size": QT_TRANSLATE_NOOP("ClassroomMode", "Step size choice"),
    "batch": QT_TRANSLATE_NOOP("ClassroomMode", "Batch element choice"),
}


def control_labels() -> dict[str, str]:
    """Control name (as saved in lessons) -> what the dialog calls it, in the current language."""
    return {
        name: QCoreApplication.translate("ClassroomMode", label) for name, label in CONTROL_LABELS.items()
    }


class ClassroomDialog(QDialog):
    """Checkboxes for every control and panel, and Turn on / Turn off / Cancel."""

    TURN_OFF = 2  # done() code of the Turn off button (Accepted = 1 turns on or updates)

    def __init__(self, controls: dict[str, str], panels: dict[str, str], state: ClassroomState, parent=None):
        super().__init__(parent)
        self.setObjectName("classroomDialog")
        self.setWindowTitle(self.tr("Classroom mode"))
        intro = QLabel(
            self.tr(
                "Hide what students should not use or see. Everything comes back when "
                "classroom mode is turned off (here, or with {0}). Lessons saved while "
                "it is on open in classroom mode."
            ).format(TOGGLE_SHORTCUT)
        )
        intro.setWordWrap(True)
        chosen_controls = state.hidden_controls or DEFAULT_HIDDEN_CONTROLS
        self.control_checks = self._checks(controls, chosen_controls)
        self.panel_checks = self._checks(panels, state.hidden_panels)
        boxes = QHBoxLayout()
        boxes.addWidget(self._group(self.tr("Controls to hide"), self.control_checks))
        boxes.addWidget(self._group(self.tr("Panels to hide"), self.panel_checks))

        buttons = QDialogButtonBox()
        self.turn_on = buttons.addButton(
            self.tr("Apply") if state.enabled else self.tr("Turn on"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.turn_on.setObjectName("classroomTurnOn")
        self.turn_on.setDefault(True)
        self.turn_off = QPushButton(self.tr("Turn off"))
        self.turn_off.setObjectName("classroomTurnOff")
        self.turn_off.setToolTip(self.tr("Show every control and panel again"))
        self.turn_off.setVisible(state.enabled)
        buttons.addButton(self.turn_off, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.turn_off.clicked.connect(lambda: self.done(self.TURN_OFF))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(boxes)
        layout.addWidget(buttons)

    def _checks(self, labels: dict[str, str], chosen) -> dict[str, QCheckBox]:
        checks = {}
        for name, text in labels.items():
            check = QCheckBox(text)
            check.setObjectName(f"hide_{name}")
            check.setChecked(name in chosen)
            checks[name] = check
        return checks

    @staticmethod
    def _group(title: str, checks: dict[str, QCheckBox]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for row, check in enumerate(checks.values()):
            grid.addWidget(check, row, 0)
        grid.setRowStretch(len(checks), 1)
        return box

    def chosen(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(hidden controls, hidden panels) as ticked."""
        return (
            tuple(n for n, c in self.control_checks.items() if c.isChecked()),
            tuple(n for n, c in self.panel_checks.items() if c.isChecked()),
        )


class ClassroomMode(QObject):
    """Hides and restores the chosen controls (of `controls`, the ControlsBar) and panels (through
    `docks`, their one owner). `host` (the main window) parents the dialog, owns the shortcut and
    shows the badge in its status bar; `status` hears the result."""

    changed = Signal(bool)  # on / off

    def __init__(
        self,
        session,
        controls,
        docks: PanelDocks,
        view_menu: QMenu,
        status: StatusReporter,
        store: SettingsStore,
        host: QMainWindow,
    ):
        super().__init__(host)
        self.host = host
        self.session = session
        self.bar = controls
        self.docks = docks
        self.view_menu = view_menu
        self.status = status
        self.store = store
        saved = store.classroom()
        self.enabled = False
        self.hidden_controls: tuple[str, ...] = saved.hidden_controls
        self.hidden_panels: tuple[str, ...] = saved.hidden_panels
        self._reopen: set[str] = set()  # docks that were open when classroom mode hid them
        self._hidden_actions: list[QAction] = []
        self._install_menu()
        self._install_badge()
        session.simulationChanged.connect(self._reapply)
        if saved.enabled:
            # Reopening the app in classroom mode: the saved layout already has the chosen docks
            # closed, so which ones to bring back on "Turn off" comes from the settings.
            self.enable(saved.hidden_controls, saved.hidden_panels, reopen=set(saved.reopen_panels))

    # ---- the catalogue -------------------------------------------------------------------------------

    def controls(self) -> dict[str, str]:
        return control_labels()

    def panels(self) -> dict[str, str]:
        """Panel role -> dock title, for every panel but the configuration (it is a control here)."""
        return {role: title for role, title in self.docks.titles().items() if role != CONFIG_CONTROL}

    def _actions_of(self, name: str) -> list[QAction]:
        """The toolbar/menu actions that make up control `name` (its label and separator included)."""
        bar = self.bar
        if name in TRANSPORT:
            return [bar.actions_by_name[name]]
        widgets = {
            "speed": (bar.speed_slider, bar.speed_label),
            "timeline": (bar.timeline, bar.position_label),
            "step_size": (bar.step_size_combo, bar.step_size_combo),
            "batch": (bar.batch_spin, bar.batch_spin),
        }.get(name)
        if widgets is None:
            return []
        actions = bar.actions()
        owners = [bar.widgetForAction(a) for a in actions]

        def index_of(widget) -> int:
            # The toolbar may hold the widget itself or a wrapper around it.
            for i, owner in enumerate(owners):
                if owner is not None and (owner is widget or owner.isAncestorOf(widget)):
                    return i
            raise ValueError(widget)

        try:
            first, last = index_of(widgets[0]), index_of(widgets[1])
        except ValueError:  # the toolbar changed shape: hide nothing rather than the wrong thing
            log.warning("classroom mode: control %s not found in the toolbar", name)
            return []
        if first > 0 and isinstance(owners[first - 1], QLabel):
            first -= 1  # the control's caption ("Speed", "Step", "Batch element")
        if first > 0 and actions[first - 1].isSeparator():
            first -= 1  # its separator, so no two separators end up side by side
        return actions[first : last + 1]

    # ---- on / off ----------------------------------------------------------------------------------

    def state(self) -> ClassroomState:
        return ClassroomState(
            self.enabled, self.hidden_controls, self.hidden_panels, tuple(sorted(self._reopen))
        )

    def hidden_docks(self) -> set[str]:
        roles = {r for r in self.hidden_panels if r in self.docks}
        if CONFIG_CONTROL in self.hidden_controls:
            roles.add(CONFIG_CONTROL)
        return roles

    def enable(self, controls=None, panels=None, reopen: set[str] | None = None) -> None:
        """Hide `controls` and `panels` (default: the last choice). Calling it while on updates
        what is hidden. `reopen` (restoring from the settings): docks to show again on disable."""
        if self.enabled:
            self._restore()
        known_controls, known_panels = self.controls(), set(self.docks)
        self.hidden_controls = tuple(
            c for c in (self.hidden_controls if controls is None else controls) if c in known_controls
        )
        self.hidden_panels = tuple(
            p for p in (self.hidden_panels if panels is None else panels) if p in known_panels
        )
        self._reopen = (
            set(reopen)
            if reopen is not None
            else {role for role in self.hidden_docks() if self.docks.is_shown(role)}
        )
        self.enabled = True
        self._hide()
        self._save()
        self._sync_ui()
        self.changed.emit(True)

    def disable(self) -> None:
        if not self.enabled:
            return
        self._restore()
        self.enabled = False
        self._save()
        self._sync_ui()
        self.changed.emit(False)

    def set_enabled(self, on: bool) -> None:
        self.enable() if on else self.disable()

    def _hide(self) -> None:
        for role in self.hidden_docks():
            self.docks.hide(role)
            self.docks.lock(role, True)  # students cannot bring it back from View
        self._hidden_actions = []
        for name in self.hidden_controls:
            for action in self._actions_of(name):
                action.setVisible(False)
                self._hidden_actions.append(action)

    def _restore(self) -> None:
        batch_actions = set(self._actions_of("batch"))
        several = self.session.simulation.batch_size > 1
        bar = self.bar
        for action in self._hidden_actions:
            # The batch choice is shown by the controls bar only for batches of two or more.
            visible = several if action in batch_actions else True
            action.setVisible(visible)
            widget = bar.widgetForAction(action)
            if visible and widget is not None and widget.isHidden():
                # A widget hidden before the toolbar was first laid out (classroom mode restored
                # at start-up) is not shown again by QToolBar's layout when its action is.
                widget.show()
        self._hidden_actions = []
        for role in self.hidden_docks():
            self.docks.lock(role, False)
            if role in self._reopen:
                self.docks.show(role)
        self._reopen = set()

    def _reapply(self, _simulation=None) -> None:
        """The controls bar shows the batch choice again for a batch of two or more: hide it again."""
        if self.enabled and "batch" in self.hidden_controls:
            for action in self._actions_of("batch"):
                action.setVisible(False)
                if action not in self._hidden_actions:
                    self._hidden_actions.append(action)

    def _save(self) -> None:
        self.store.save_classroom(self.state())

    # ---- menu, badge, dialog -----------------------------------------------------------------------

    def _install_menu(self) -> None:
        menu = self.view_menu
        menu.addSeparator()
        self.dialog_action = QAction(self.tr("&Classroom mode…"), self.host)
        self.dialog_action.setObjectName("classroomAction")
        self.dialog_action.setToolTip(self.tr("Choose controls and panels to hide from students"))
        self.dialog_action.triggered.connect(self.ask)
        self.toggle_action = QAction(self.tr("Classroom mode &on"), self.host)
        self.toggle_action.setObjectName("classroomToggleAction")
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence(TOGGLE_SHORTCUT))
        self.toggle_action.setToolTip(self.tr("Turn classroom mode on or off with the last choice"))
        self.toggle_action.toggled.connect(self._on_toggle)
        menu.addAction(self.dialog_action)
        menu.addAction(self.toggle_action)
        self.host.addAction(self.toggle_action)  # the shortcut works with the menu bar hidden too

    def _install_badge(self) -> None:
        self.badge = QLabel(self.tr("Classroom mode"))
        self.badge.setObjectName("classroomBadge")
        self.badge.setToolTip(
            self.tr("Some controls or panels are hidden. View → Classroom mode… or {0} turns it off.").format(
                TOGGLE_SHORTCUT
            )
        )
        self.badge.setStyleSheet(
            f"background: {style.CLASSROOM_BADGE_BACKGROUND}; "
            f"color: {style.CLASSROOM_BADGE_TEXT}; "
            "border-radius: 3px; padding: 1px 6px;"
        )
        self.badge.hide()
        self.host.statusBar().addPermanentWidget(self.badge)

    def _sync_ui(self) -> None:
        self.badge.setVisible(self.enabled)
        if self.toggle_action.isChecked() != self.enabled:
            self.toggle_action.blockSignals(True)
            self.toggle_action.setChecked(self.enabled)
            self.toggle_action.blockSignals(False)

    def _on_toggle(self, on: bool) -> None:
        if on and not self.hidden_controls and not self.hidden_panels:
            self._sync_ui()  # nothing chosen yet: ask first
            self.ask()
            return
        self.set_enabled(on)

    def dialog(self) -> ClassroomDialog:
        return ClassroomDialog(self.controls(), self.panels(), self.state(), self.host)

    def ask(self) -> None:
        dialog = self.dialog()
        result = dialog.exec()
        self.answer(dialog, result)

    def answer(self, dialog: ClassroomDialog, result: int) -> None:
        """Act on a closed dialog (separate from `ask` so tests can fill the dialog themselves)."""
        if result == ClassroomDialog.TURN_OFF:
            self.disable()
        elif result == QDialog.DialogCode.Accepted:
            controls, panels = dialog.chosen()
            self.enable(controls, panels)
            self.status.show_message(
                self.tr("Classroom mode: {0} control(s) and {1} panel(s) hidden").format(
                    len(self.hidden_controls), len(self.hidden_panels)
                )
            )


def hidden_control_names() -> tuple[str, ...]:
    """Every control name classroom mode knows (lesson files may list any of them)."""
    return tuple(CONTROL_LABELS)
