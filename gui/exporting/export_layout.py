"""Sizes that suit each panel's content, for exports made without a window on screen.

In the app a panel is exported at the size the user gave its dock (what you see is what you
get). Headless, no dock size means anything: the default layout squashes the output chart to
572 x 142 and 16 neurons' bars into each other. So `main.py export` lays each panel out alone
at the size its content needs (more tokens, time steps or neurons: larger), within limits that
keep a figure printable, and only then draws it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from rnn_stepper.engine.cell import GATES
from rnn_stepper.gui.style import CALC_MAX_PRINTED_VALUES, OUTPUT_TOP_K

MIN_WIDTH = 640  # px at scale 1: every panel at least this wide
MAX_SIDE = 4000  # px at scale 1: beyond this, items get thinner rather than the image larger
ROW_PX = 26  # one horizontal bar of the output's top-k chart
BAR_PX = 14  # one vertical bar (a neuron) while there is room
STEP_PX = 24  # one time step of the hidden-state and backprop plots
NEURON_PX = 4  # one heatmap row
SCROLL_MARGIN = 60  # px around a scrolled area's content (the panel's other rows, frames)
ANIMATION_PANEL_WIDTH = 640  # px: a panel's column in an animation frame
ANIMATION_PANEL_MAX_HEIGHT = 900


def _clamp(value: float, low: int, high: int = MAX_SIDE) -> int:
    return int(max(low, min(high, round(value))))


def content_size(role: str, panel: QWidget, simulation) -> QSize | None:
    """The size `panel` (playing `role`) should be laid out at; None: it sizes itself (the
    network paints every time step at its own pitch)."""
    if role == "network":
        return None
    size = _content_size(role, panel, simulation)
    # A panel that scrolls (a form, the backprop panel's terms) is made tall enough to show all
    # of its content: a picture cannot be scrolled.
    inner = [
        area.widget().sizeHint().height()
        for area in panel.findChildren(QScrollArea)
        if area.widget() is not None and area.isVisibleTo(panel)
    ]
    if inner:
        size.setHeight(min(MAX_SIDE, max(size.height(), max(inner) + SCROLL_MARGIN)))
    return size


def _content_size(role: str, panel: QWidget, simulation) -> QSize:
    config = simulation.config
    neurons = config.output_size * config.num_directions  # output[t]'s width (proj_size for a projected LSTM)
    steps = simulation.seq_len
    hint = panel.sizeHint()
    if role == "output":
        if simulation.model.head is not None:
            rows = min(OUTPUT_TOP_K, len(simulation.model.vocab))
            return QSize(MIN_WIDTH, 110 + rows * ROW_PX)
        return QSize(_clamp(160 + neurons * BAR_PX, MIN_WIDTH), 360)
    if role == "calculation":
        if config.hidden_size <= CALC_MAX_PRINTED_VALUES:
            return QSize(max(MIN_WIDTH, hint.width()), max(hint.height(), 380))
        return QSize(_clamp(180 + config.hidden_size * BAR_PX, MIN_WIDTH), max(hint.height(), 820))
    if role in ("hidden", "backprop"):
        return QSize(
            _clamp(240 + steps * STEP_PX, MIN_WIDTH), _clamp(380 + config.hidden_size * NEURON_PX, 480, 2400)
        )
    if role == "weights":
        # rows: one block of hidden_size per gate (4 for LSTM, 3 for GRU), then LSTM's W_hr
        rows = max(1, len(GATES[config.cell])) * config.hidden_size + config.proj_size
        return QSize(
            _clamp(380 + (config.input_size + config.output_size) * NEURON_PX, MIN_WIDTH),
            _clamp(240 + rows * NEURON_PX, 320, 2400),
        )
    if role == "train":
        return QSize(720, 720)  # the loss curve takes what the settings leave: about 720 x 470
    return QSize(max(MIN_WIDTH, hint.width()), max(300, hint.height()))


def animation_size(role: str, panel: QWidget, simulation) -> QSize | None:
    """The size of a panel in an animation frame: a column of ANIMATION_PANEL_WIDTH (content
    sizes grow with the sequence, which in a frame of fixed width would make a thumbnail)."""
    size = content_size(role, panel, simulation)
    return (
        None if size is None else QSize(ANIMATION_PANEL_WIDTH, min(size.height(), ANIMATION_PANEL_MAX_HEIGHT))
    )


def fit_unseen(role: str, panel: QWidget, simulation) -> None:
    """Give a panel nobody sees (a dock tab behind another, a closed dock: Qt never laid it out,
    it may be 100 x 68 px) its content size before the app exports it; a panel on screen keeps
    the size the user gave it. The dock lays the panel out again when it is shown."""
    from rnn_stepper.gui.panels.lazy import nobody_sees

    if panel.isVisible() and not nobody_sees(panel):
        return
    size = content_size(role, panel, simulation)
    if size is None:
        return
    panel.resize(size)
    for widget in [panel, *panel.findChildren(QWidget)]:
        if widget.layout() is not None:
            widget.layout().activate()
    QApplication.sendPostedEvents()


STAGED_PROPERTY = "rnnStepperStagedForExport"


def unstage(window, role: str) -> None:
    """Put a panel that `stage` took out back into its dock (for a window that lives on)."""
    panel, dock = window.panels[role], window.docks.get(role)
    if not panel.property(STAGED_PROPERTY) or dock is None:
        return
    panel.hide()
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
    panel.setProperty(STAGED_PROPERTY, False)
    placeholder = dock.widget()
    dock.setWidget(panel)
    if placeholder is not None and placeholder is not panel:
        placeholder.deleteLater()
    QApplication.processEvents()


def stage(window, role: str, size: QSize | None) -> QWidget:
    """Take `role`'s panel out of its dock into a window of its own (never on screen) of `size`,
    laid out and drawn there. Meant for the headless export, whose window is thrown away after;
    `unstage` puts the panel back."""
    panel = window.panels[role]
    if size is None:
        return panel
    dock = window.docks.get(role)
    if dock is not None and dock.widget() is panel:
        dock.setWidget(QWidget())  # the dock lets go of the panel (it stays alive, ours now)
    panel.setParent(None)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.setProperty(STAGED_PROPERTY, True)
    panel.resize(size)
    panel.show()
    QApplication.processEvents()  # layout, then the catch-up redraw of a panel seen at last
    QApplication.processEvents()
    return panel
