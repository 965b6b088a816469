"""The transport bar: reset, back, step, play/pause, run to end, speed, timeline, step size, batch.

Every button is a QAction with a keyboard shortcut. The window also puts these actions in its
Playback menu, so the shortcuts keep working when the toolbar is hidden, and wherever the focus
is inside the window. Qt offers a shortcut to the focused widget first (ShortcutOverride): a
QLineEdit or spin box claims Space, Left, Right, Home and End for editing, so typing a space in
the text field types a space instead of starting playback.

The widgets follow the session (stepChanged, playingChanged, simulationChanged, speedChanged,
stepSizeChanged) inside QSignalBlocker, so updating them never echoes back into the session: the
speed and step size a lesson or the saved settings give the session show here without anyone
writing to these widgets.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QSlider, QSpinBox, QStyle, QToolBar, QWidget
from rnn_stepper.gui import style
from rnn_stepper.gui.session import MAX_SPEED, MIN_SPEED, Session, StepSize
from rnn_stepper.gui.widgets.steady_label import steady

# (action name, key, menu text, tooltip) — the single list behind the buttons, the Playback menu
# and Help → Keyboard shortcuts.
SHORTCUTS = (
    (
        "reset",
        "Home",
        QT_TRANSLATE_NOOP("ControlsBar", "&Reset"),
        QT_TRANSLATE_NOOP("ControlsBar", "Reset: go back to before the first cell"),
    ),
    (
        "back",
        "Left",
        QT_TRANSLATE_NOOP("ControlsBar", "Step &back"),
        QT_TRANSLATE_NOOP("ControlsBar", "Step back: undo the last step"),
    ),
    (
        "step",
        "Right",
        QT_TRANSLATE_NOOP("ControlsBar", "&Step"),
        QT_TRANSLATE_NOOP("ControlsBar", "Step: compute the next cell (or time step, or sub-operation)"),
    ),
    (
        "play",
        "Space",
        QT_TRANSLATE_NOOP("ControlsBar", "&Play"),
        QT_TRANSLATE_NOOP("ControlsBar", "Play / pause: step automatically at the chosen speed"),
    ),
    (
        "end",
        "End",
        QT_TRANSLATE_NOOP("ControlsBar", "Run to &end"),
        QT_TRANSLATE_NOOP("ControlsBar", "Run to end: compute every remaining cell"),
    ),
)
SPEED_SLIDER_STEPS = 100  # the speed slider is logarithmic: 0 → MIN_SPEED, 100 → MAX_SPEED
STEP_SIZE_LABELS = {
    StepSize.CELL: QT_TRANSLATE_NOOP("ControlsBar", "one cell"),
    StepSize.TIME_STEP: QT_TRANSLATE_NOOP("ControlsBar", "one time step"),
    StepSize.SUB_OPERATION: QT_TRANSLATE_NOOP("ControlsBar", "one sub-operation"),
}
STEP_SIZE_TIPS = {
    StepSize.CELL: QT_TRANSLATE_NOOP(
        "ControlsBar", "Each step computes one cell: one layer, one direction, one time step"
    ),
    StepSize.TIME_STEP: QT_TRANSLATE_NOOP(
        "ControlsBar",
        "Each step completes one time step through every layer (bidirectional nets: one sweep of one layer)",
    ),
    StepSize.SUB_OPERATION: QT_TRANSLATE_NOOP(
        "ControlsBar",
        "Each step reveals one part of the cell: W_ih x_t + b_ih, "
        "W_hh h_(t-1) + b_hh, their sum, then the nonlinearity",
    ),
}


def speed_to_slider(speed: float) -> int:
    if not math.isfinite(speed) or speed <= 0:  # log() is undefined there; the slowest speed it is
        return 0
    fraction = math.log(speed / MIN_SPEED) / math.log(MAX_SPEED / MIN_SPEED)
    return round(max(0.0, min(1.0, fraction)) * SPEED_SLIDER_STEPS)


def slider_to_speed(value: int) -> float:
    speed = MIN_SPEED * (MAX_SPEED / MIN_SPEED) ** (value / SPEED_SLIDER_STEPS)
    return round(speed, 1) if speed < 10 else float(round(speed))


def format_speed(speed: float) -> str:
    return QCoreApplication.translate("ControlsBar", "{speed} steps/s").format(speed=f"{speed:g}")


class ControlsBar(QToolBar):
    """A toolbar bound to one session. `actions_by_name` holds the shortcut actions."""

    OBJECT_NAME = "controlsToolBar"

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Controls"))
        self.session = session
        self.setObjectName(self.OBJECT_NAME)
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.actions_by_name: dict[str, QAction] = {}
        self._position_total = -1  # the total the position label's width was set for
        self._build_actions()
        self._build_widgets()

        session.stepChanged.connect(self._on_step_changed)
        session.playingChanged.connect(self._on_playing_changed)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.speedChanged.connect(self._on_speed_changed)
        session.stepSizeChanged.connect(self._on_step_size_changed)
        self._on_simulation_changed(session.simulation)
        self._on_playing_changed(session.playing)
        self._on_speed_changed(session.speed)
        self._on_step_size_changed(session.step_size)

    # ---- building ------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        icons = {
            "reset": QStyle.StandardPixmap.SP_MediaSkipBackward,
            "back": QStyle.StandardPixmap.SP_MediaSeekBackward,
            "step": QStyle.StandardPixmap.SP_MediaSeekForward,
            "play": QStyle.StandardPixmap.SP_MediaPlay,
            "end": QStyle.StandardPixmap.SP_MediaSkipForward,
        }
        slots = {
            "reset": self.session.reset,
            "back": self.session.back,
            "step": self.session.step,
            "play": self.session.toggle_play,
            "end": self.session.run_to_end_sliced,  # long runs in slices, with progress and Esc
        }
        for name, key, text, tip in SHORTCUTS:
            action = QAction(self.style().standardIcon(icons[name]), self.tr(text), self)
            action.setObjectName(f"{name}Action")
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(f"{self.tr(tip)}  [{key}]")
            action.setAutoRepeat(name in ("back", "step"))  # hold Right to fast-forward
            action.triggered.connect(slots[name])
            self.addAction(action)
            self.actions_by_name[name] = action

    def _build_widgets(self) -> None:
        self.addSeparator()

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, SPEED_SLIDER_STEPS)
        self.speed_slider.setFixedWidth(110)
        self.speed_slider.setToolTip(
            self.tr("Play speed, from {low} to {high} steps per second").format(
                low=f"{MIN_SPEED:g}", high=f"{MAX_SPEED:g}"
            )
        )
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows belong to stepping
        self.speed_slider.valueChanged.connect(self._on_speed_slider)
        self.speed_label = QLabel()  # the slider and this label show the session's speed (_on_speed_changed)
        self.speed_label.setObjectName("speedLabel")
        self.speed_label.setToolTip(self.speed_slider.toolTip())
        self.speed_label.setMinimumWidth(
            self.speed_label.fontMetrics().horizontalAdvance(format_speed(60) + "  ")
        )
        self._add_labelled(self.tr("Speed"), self.speed_slider, self.speed_slider.toolTip())
        self.addWidget(self.speed_label)
        self.addSeparator()

        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setObjectName("timelineSlider")
        self.timeline.setToolTip(
            self.tr("Timeline: drag to jump to any point of the computation (0 = nothing computed yet)")
        )
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timeline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.timeline.setMinimumWidth(160)
        self.timeline.valueChanged.connect(self._on_timeline)
        self.addWidget(self.timeline)
        self.position_label = QLabel()
        self.position_label.setObjectName("positionLabel")
        self.position_label.setToolTip(self.tr("Cells computed / cells in the whole computation"))
        # Its text changes at every step: in a SteadySlot it does not lay out the window again
        # (gui/widgets/steady_label.py); its minimum width (set per total) keeps its size steady.
        self.addWidget(steady(self.position_label))
        self.addSeparator()

        self.step_size_combo = QComboBox()
        self.step_size_combo.setObjectName("stepSizeCombo")
        for size, label in STEP_SIZE_LABELS.items():
            self.step_size_combo.addItem(self.tr(label), size)
            self.step_size_combo.setItemData(
                self.step_size_combo.count() - 1, self.tr(STEP_SIZE_TIPS[size]), Qt.ItemDataRole.ToolTipRole
            )
        self.step_size_combo.setToolTip(self.tr("How far one step (Right / Left) moves"))
        self.step_size_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.step_size_combo.currentIndexChanged.connect(self._on_step_size)
        self._add_labelled(self.tr("Step"), self.step_size_combo, self.step_size_combo.toolTip())

        self.batch_spin = QSpinBox()
        self.batch_spin.setObjectName("batchSpin")
        self.batch_spin.setToolTip(self.tr("Which element of the batch the panels show (0 … batch_size − 1)"))
        self.batch_spin.valueChanged.connect(self.session.set_batch_index)
        self._batch_actions = [self.addSeparator()]
        self._batch_actions += self._add_labelled(
            self.tr("Batch element"), self.batch_spin, self.batch_spin.toolTip()
        )

    def paintEvent(self, event) -> None:
        """A flat background with a line under it: the style's toolbar gradient costs ~0.7 ms
        at every repaint of the window, and this bar is repainted with every step."""
        p = QPainter(self)
        try:
            p.fillRect(event.rect(), QColor(style.TOOLBAR_BACKGROUND))
            p.setPen(QColor(style.TOOLBAR_EDGE))
            p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        finally:
            p.end()

    def _add_labelled(self, text: str, widget: QWidget, tip: str) -> list[QAction]:
        label = QLabel(f" {text} ")
        label.setToolTip(tip)
        return [self.addWidget(label), self.addWidget(widget)]

    # ---- user → session --------------------------------------------------------------------------

    def _on_speed_slider(self, value: int) -> None:
        self.session.set_speed(slider_to_speed(value))  # speedChanged updates the label

    def _on_timeline(self, value: int) -> None:
        self.session.seek_sliced(value)  # a long jump ahead goes in slices, with progress and Esc

    def _on_step_size(self, index: int) -> None:
        self.session.set_step_size(self.step_size_combo.itemData(index))

    # ---- session → widgets -----------------------------------------------------------------------

    def _on_simulation_changed(self, simulation) -> None:
        view = self.session.view()
        batch = simulation.batch_size
        with QSignalBlocker(self.batch_spin):
            self.batch_spin.setRange(0, batch - 1)
            self.batch_spin.setValue(view.batch_index)
        for action in self._batch_actions:
            action.setVisible(batch > 1)  # one sequence: nothing to choose
        self._on_step_changed(view)

    def _on_step_changed(self, view) -> None:
        with QSignalBlocker(self.timeline):
            self.timeline.setRange(0, view.total)
            self.timeline.setValue(view.position)
        with QSignalBlocker(self.batch_spin):
            self.batch_spin.setValue(view.batch_index)
        width = len(str(view.total))
        if self._position_total != view.total:
            self._position_total = view.total
            widest = f" {'0' * width} / {view.total} "
            self.position_label.setMinimumWidth(self.position_label.fontMetrics().horizontalAdvance(widest))
        text = f" {view.position:>{width}} / {view.total} "
        if self.position_label.text() != text:
            self.position_label.setText(text)
        self.actions_by_name["back"].setEnabled(view.position > 0)
        self.actions_by_name["reset"].setEnabled(view.position > 0)
        at_end = view.position == view.total and (view.record is None or view.current_complete)
        self.actions_by_name["step"].setEnabled(not at_end)
        self.actions_by_name["end"].setEnabled(not at_end)

    def _on_speed_changed(self, speed: float) -> None:
        # Several slider positions round to one speed (slider_to_speed): a slider already on one
        # of them stays put, so dragging it never jumps back under the mouse.
        if slider_to_speed(self.speed_slider.value()) != speed:
            with QSignalBlocker(self.speed_slider):
                self.speed_slider.setValue(speed_to_slider(speed))
        self.speed_label.setText(format_speed(speed))

    def _on_step_size_changed(self, size: StepSize) -> None:
        combo = self.step_size_combo
        with QSignalBlocker(combo):
            for index in range(combo.count()):
                if combo.itemData(index) is size:
                    combo.setCurrentIndex(index)

    def _on_playing_changed(self, playing: bool) -> None:
        action = self.actions_by_name["play"]
        pixmap = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        action.setIcon(self.style().standardIcon(pixmap))
        action.setText(self.tr("&Pause") if playing else self.tr("&Play"))
        action.setToolTip(
            (
                self.tr("Pause: step automatically at the chosen speed")
                if playing
                else self.tr("Play: step automatically at the chosen speed")
            )
            + f"  [{SHORTCUTS[3][1]}]"
        )

    def step_size(self) -> StepSize:
        return self.step_size_combo.currentData()
