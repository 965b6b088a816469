"""The main window: a shell that paints at once, then docks every panel around the controls.

Two phases, so a student sees a window within a second of launching:
1. `MainWindow()` builds only Qt widgets (menus, status bar, a "Loading PyTorch…" label). This
   module imports nothing heavier than PySide6 at import time.
2. `load()` (called by gui.app after the first paint) imports the engine, makes a `Session` and
   calls `build(session)`, which creates the controls bar and one QDockWidget per panel listed in
   `gui.panel_registry`. Tests call `create_main_window()`, which does both synchronously.

The dock layout is saved to QSettings on close and restored on the next start. With the
environment variable RNN_STEPPER_SETTINGS=isolated (the tests set it) a temporary ini file is used
instead of the user's settings.
"""

from __future__ import annotations

import logging
import os
import platform
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget,
)

from gui.error_handling import is_isolated

log = logging.getLogger(__name__)

# The shell's own constants. Not in gui/style.py, because that module imports pyqtgraph and the
# shell must paint before pyqtgraph (and PyTorch) load; colours shared with the panels are there.
APP_NAME = "RNN Stepper"
ORG_NAME = "RNN Stepper"
DEFAULT_WINDOW_SIZE = (1600, 1000)
LOADING_TEXT = "Loading PyTorch…"
LOADING_FONT_POINTS = 16
STATUS_MESSAGE_MS = 10_000  # how long a status-bar message stays
KEYS_HINT = "→ step · ← back · Space play/pause · Home reset · End run to end"  # shown once loaded
GUI_TORCH_THREADS = 1  # see load()
LOADING_ERROR_COLOR = "#c62828"  # = style.ERROR_COLOR, for the one message shown before style loads

ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "rnn-stepper.svg"
SETTINGS_FILE_ENV = "RNN_STEPPER_SETTINGS_FILE"  # isolated mode: which ini file (tests may set it)
LAYOUT_VERSION = 2  # bump when the set of docks changes, so an old saved layout is ignored
TITLE_TEXT_CHARS = 24  # longest text shown in the window title

# Default arrangement at 1600 x 1000 (scaled to the actual window): the network across the top;
# below it three columns: the calculation over the output, the hidden states over the weights,
# and the code and configuration as tabs.
TOP_HEIGHT_FRACTION = 0.31
COLUMN_FRACTIONS = (0.36, 0.36, 0.28)
UPPER_ROW_FRACTIONS = {"calculation": 0.58, "hidden": 0.56}


def settings_for_layout() -> QSettings:
    """The user's settings, or a throw-away ini file when isolated (tests)."""
    if is_isolated():
        path = os.environ.get(SETTINGS_FILE_ENV) or str(
            Path(tempfile.gettempdir()) / f"rnn-stepper-{os.getpid()}" / "settings.ini")
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORG_NAME, APP_NAME)


def app_icon() -> QIcon:
    return QIcon(str(ICON_PATH))


def window_title(config) -> str:
    """"RNN Stepper — 我爱你" for text, the preset's name, or the nn.RNN call."""
    from engine.presets import PRESETS

    if config.is_text:
        text = config.text if len(config.text) <= TITLE_TEXT_CHARS else config.text[:TITLE_TEXT_CHARS] + "…"
        detail = text
    else:
        preset = next((name for name, p in PRESETS.items() if p.config == config), None)
        detail = preset or (f"nn.RNN({config.input_size}, {config.hidden_size}) · "
                            f"{config.seq_len} × {config.batch_size}")
    return f"{APP_NAME} — {detail}"


def position_text(view, simulation) -> str:
    """Status bar: "cell 3 / 3 · layer 0 → · t = 2" ('←' for the reverse direction)."""
    if view.record is None:
        return f"cell 0 / {view.total} · not started"
    r = view.record
    arrow = "←" if r.direction == 1 else "→"
    text = f"cell {view.position} / {view.total} · layer {r.layer} {arrow} · t = {r.t}"
    tokens = simulation.tokens
    if tokens and 0 <= r.t < len(tokens):
        text += f" ({tokens[r.t]})"
    if simulation.batch_size > 1:
        text += f" · batch {view.batch_index}"
    return text


def match_text(view) -> tuple[str, str]:
    """(text, colour) of the comparison with nn.RNN for the current cell."""
    from gui import style
    from gui.session import STAGE_FULL, STAGE_NAMES

    if view.record is None:
        return "nothing computed yet", style.MUTED_COLOR
    if not view.current_complete:
        return f"stage {view.stage} / {STAGE_FULL}: {STAGE_NAMES[view.stage]}", style.MUTED_COLOR
    r = view.record
    if r.matches:
        return f"✓ matches nn.RNN (max |Δ| = {r.max_abs_diff:.1e} ≤ {r.tolerance:g})", style.OK_COLOR
    return f"✗ differs from nn.RNN (max |Δ| = {r.max_abs_diff:.1e} > {r.tolerance:g})", style.ERROR_COLOR


def _dock_style_sheet() -> str:
    from gui import style

    return (f"QDockWidget::title {{ background: {style.DOCK_TITLE_BACKGROUND}; padding: 4px 6px; }}"
            f"QMainWindow::separator {{ background: {style.DOCK_SEPARATOR_COLOR};"
            f" width: {style.DOCK_SEPARATOR_PX}px; height: {style.DOCK_SEPARATOR_PX}px; }}")


def versions() -> dict[str, str]:
    """Versions shown in Help → About (modules not loaded yet are imported here)."""
    import PySide6
    from PySide6 import QtCore

    found = {"Python": platform.python_version(), "Qt": QtCore.qVersion(), "PySide6": PySide6.__version__}
    for label, module in (("PyTorch", "torch"), ("pyqtgraph", "pyqtgraph"), ("NumPy", "numpy")):
        try:
            found[label] = __import__(module).__version__
        except Exception as exc:  # noqa: BLE001 — show what is missing rather than fail
            found[label] = f"not available ({type(exc).__name__})"
    return found


class MainWindow(QMainWindow):
    firstPainted = Signal()  # the shell has been painted once: time to load the heavy parts
    built = Signal()  # panels are in place

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or settings_for_layout()
        self.session = None
        self.controls = None
        self.panels: dict[str, QWidget] = {}  # role -> panel
        self.docks: dict[str, QDockWidget] = {}  # role -> dock
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setDockNestingEnabled(True)
        self.setDocumentMode(True)
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        self.resize(*DEFAULT_WINDOW_SIZE)

        self.placeholder = QLabel(LOADING_TEXT)
        self.placeholder.setObjectName("loadingLabel")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.placeholder.font()
        font.setPointSize(LOADING_FONT_POINTS)
        self.placeholder.setFont(font)
        self.placeholder.installEventFilter(self)
        self.setCentralWidget(self.placeholder)

        self._build_menus()
        self._build_status_bar()
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)

    # ---- shell ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("&File")
        quit_action = file_menu.addAction("&Quit")
        quit_action.setShortcut("Ctrl+Q")
        quit_action.setToolTip("Close the window (the layout is remembered)")
        quit_action.triggered.connect(self.close)
        self.playback_menu = bar.addMenu("&Playback")
        self.view_menu = bar.addMenu("&View")
        help_menu = bar.addMenu("&Help")
        shortcuts = help_menu.addAction("&Keyboard shortcuts")
        shortcuts.setObjectName("shortcutsAction")
        shortcuts.triggered.connect(self.show_shortcuts)
        about = help_menu.addAction("&About RNN Stepper")
        about.setObjectName("aboutAction")
        about.triggered.connect(self.show_about)
        self.about_box: QMessageBox | None = None
        self.shortcuts_box: QMessageBox | None = None

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.message_label = QLabel()
        self.message_label.setObjectName("statusMessage")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.message_label, 1)
        self.position_label = QLabel()
        self.position_label.setObjectName("statusPosition")
        self.position_label.setToolTip("The cell on screen: its layer, direction (→ forward, ← reverse) "
                                       "and time step t")
        self.match_label = QLabel()
        self.match_label.setObjectName("statusMatch")
        self.match_label.setToolTip("The stepper's h_t for this cell compared with torch.nn.RNN's")
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.match_label)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.placeholder and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)  # after this paint has been flushed
        return super().eventFilter(watched, event)

    def show_message(self, text: str, error: bool = False) -> None:
        """A message in the status bar; errors in red. It fades after a few seconds."""
        from gui import style

        color = style.ERROR_COLOR if error else style.PLOT_FOREGROUND
        self.message_label.setStyleSheet(f"color: {color};")
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        self._message_timer.start(STATUS_MESSAGE_MS)

    def show_error(self, text: str) -> None:
        self.show_message(text, error=True)

    def show_loading_error(self, text: str) -> None:
        self.placeholder.setText(f"Could not start:\n{text}")
        self.placeholder.setStyleSheet(f"color: {LOADING_ERROR_COLOR};")

    # ---- phase 2: panels -----------------------------------------------------------------------

    def load(self, config=None, model=None) -> None:
        """Import the engine, make the session and build the panels (slow: loads PyTorch).
        `config` defaults to the "我爱你" preset; `model` is a loaded StepperModel for it."""
        import torch

        from engine.presets import DEFAULT_PRESET, preset_config
        from gui.session import Session

        # One intra-op thread: a step is a few small matrix products with the GUI idle in between,
        # and waking a sleeping thread pool costs ~1.5 ms per product (measured: a 256 x 256
        # addmm after 20 ms idle takes 1.6 ms with 2 threads, 0.04 ms with 1), several per frame.
        torch.set_num_threads(GUI_TORCH_THREADS)
        config = config or preset_config(DEFAULT_PRESET)
        session = Session(config=config if model is None else preset_config(DEFAULT_PRESET))
        if model is not None and not session.set_config(config, model):
            log.warning("the loaded model could not be used; showing the default preset")
        self.build(session)

    def build(self, session) -> None:
        from gui.controls import ControlsBar
        from gui.panel_registry import PANELS

        if self.session is not None:
            raise RuntimeError("the window is already built")
        self.session = session
        session.setParent(self)
        self.controls = ControlsBar(session, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.controls)
        for action in self.controls.actions_by_name.values():
            self.playback_menu.addAction(action)  # keeps the shortcuts alive if the toolbar is hidden

        for spec in PANELS:
            panel, title, object_name = self._make_panel(spec, session)
            dock = QDockWidget(title, self)
            dock.setObjectName(object_name)
            dock.setWidget(panel)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                             | QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
            self.panels[spec.role] = panel
            self.docks[spec.role] = dock

        self.setStyleSheet(_dock_style_sheet())
        # Docks only: the panels share the whole window and every border is a splitter.
        size = self.size()
        self.takeCentralWidget()
        self.placeholder.removeEventFilter(self)
        self.placeholder.deleteLater()
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.TopDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.TopDockWidgetArea)
        self._apply_default_layout()  # docks go straight to their places: stacking them first
        self._fill_view_menu()          # would grow the shown window to their summed heights
        if not self.restore_layout():
            self.resize(size)

        from gui.export_actions import ExportActions

        self.export_actions = ExportActions(self)
        session.stepChanged.connect(self._on_step_changed)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.errorOccurred.connect(self.show_error)
        session.configRejected.connect(lambda text: self.show_error(f"Configuration not applied: {text}"))
        from gui.file_actions import FileActions

        self.file_actions = FileActions(self)  # lessons, models, recent files, classroom mode, settings
        from gui.learn_actions import LearnActions

        self.learn_actions = LearnActions(self)  # Edit menu (weight edits), Save model, training shutdown
        self._on_simulation_changed(session.simulation)
        self.show_message(KEYS_HINT)
        self.built.emit()

    def _make_panel(self, spec, session) -> tuple[QWidget, str, str]:
        """The panel, or a label explaining why it is missing (one broken panel is not fatal)."""
        try:
            cls = spec.load()
            return cls(session, self), cls.TITLE, cls.OBJECT_NAME
        except Exception as exc:  # noqa: BLE001
            log.exception("panel %s could not be created", spec.class_name)
            from gui import style

            label = QLabel(f"The {spec.role} panel could not be created:\n{type(exc).__name__}: {exc}")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet(f"color: {style.ERROR_COLOR};")
            return label, spec.role.capitalize(), f"{spec.role}Panel"

    def _fill_view_menu(self) -> None:
        menu = self.view_menu
        for role, dock in self.docks.items():
            action = dock.toggleViewAction()
            action.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
            menu.addAction(action)
        menu.addSeparator()
        toolbar_action = self.controls.toggleViewAction()
        toolbar_action.setText("Controls toolbar")
        menu.addAction(toolbar_action)
        menu.addSeparator()
        reset = menu.addAction("&Reset layout")
        reset.setObjectName("resetLayoutAction")
        reset.setToolTip("Put every panel back in its default place")
        reset.triggered.connect(self.reset_layout)
        self.reset_layout_action = reset

    def _apply_default_layout(self) -> None:
        d = self.docks
        Horizontal, Vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        for dock in d.values():
            dock.setFloating(False)
            dock.show()
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, d["network"])
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, d["calculation"])
        self.splitDockWidget(d["calculation"], d["hidden"], Horizontal)
        self.splitDockWidget(d["hidden"], d["code"], Horizontal)
        self.splitDockWidget(d["calculation"], d["output"], Vertical)
        self.splitDockWidget(d["hidden"], d["weights"], Vertical)
        self.tabifyDockWidget(d["code"], d["config"])
        for role in ("train", "generate", "backprop"):  # learn mode, one tab each beside the code
            self.tabifyDockWidget(d["code"], d[role])
        d["code"].raise_()
        self._resize_default_docks()

    def _resize_default_docks(self) -> None:
        d = self.docks
        width, height = max(self.width(), 800), max(self.height(), 600)
        self.resizeDocks([d["network"]], [int(height * TOP_HEIGHT_FRACTION)], Qt.Orientation.Vertical)
        self.resizeDocks([d["calculation"], d["hidden"], d["code"]],
                         [int(width * f) for f in COLUMN_FRACTIONS], Qt.Orientation.Horizontal)
        lower = height * (1 - TOP_HEIGHT_FRACTION)
        for upper, under in (("calculation", "output"), ("hidden", "weights")):
            share = UPPER_ROW_FRACTIONS[upper]
            self.resizeDocks([d[upper], d[under]], [int(lower * share), int(lower * (1 - share))],
                             Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        self._apply_default_layout()
        QTimer.singleShot(0, self._resize_default_docks)  # again once Qt has laid the docks out

    # ---- layout persistence ----------------------------------------------------------------------

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.session is not None:
            self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        if getattr(self, "file_actions", None) is not None:
            self.file_actions.save_settings()  # last configuration, speed, step size
        self.settings.sync()

    def restore_layout(self) -> bool:
        state = self.settings.value("window/state")
        if not isinstance(state, QByteArray) or state.isEmpty():
            return False
        restored = self.restoreState(state, LAYOUT_VERSION)
        if self.controls is not None:
            # The controls are the app's steering wheel: a stale or odd saved state (say, from
            # the toolbar's context menu) must never leave a student without them.
            self.controls.setVisible(True)
        return restored

    def closeEvent(self, event) -> None:
        if self.session is not None:
            self.session.pause()
        try:
            self.save_layout()
        except Exception:  # noqa: BLE001 — an unwritable settings file must not block closing
            log.exception("could not save the window layout")
        super().closeEvent(event)

    # ---- session → shell -------------------------------------------------------------------------

    def _on_simulation_changed(self, simulation) -> None:
        self.setWindowTitle(window_title(simulation.config))
        self._on_step_changed(self.session.view())

    def _on_step_changed(self, view) -> None:
        self.position_label.setText(position_text(view, self.session.simulation))
        text, color = match_text(view)
        self.match_label.setText(text)
        self.match_label.setStyleSheet(f"color: {color}; padding: 0 6px;")

    # ---- help ------------------------------------------------------------------------------------

    def about_text(self) -> str:
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;{version}</td></tr>"
                       for name, version in versions().items())
        return (f"<h3>{APP_NAME}</h3>"
                "<p>Watch a recurrent neural network compute, one cell at a time, "
                "checked against <code>torch.nn.RNN</code>.</p>"
                f"<table>{rows}</table>")

    def show_about(self) -> QMessageBox:
        box = self._info_box("About RNN Stepper", self.about_text(), "aboutBox")
        self.about_box = box
        return box

    def shortcuts_text(self) -> str:
        from gui.controls import SHORTCUTS

        rows = "".join(f"<tr><td><b>{key}</b></td><td>&nbsp;{tip}</td></tr>" for _n, key, _t, tip in SHORTCUTS)
        return ("<h3>Keyboard shortcuts</h3>"
                f"<table>{rows}</table>"
                "<p>They work anywhere in the window, except that a text or number field keeps "
                "the keys it needs for typing (Space types a space there).</p>")

    def show_shortcuts(self) -> QMessageBox:
        box = self._info_box("Keyboard shortcuts", self.shortcuts_text(), "shortcutsBox")
        self.shortcuts_box = box
        return box

    def _info_box(self, title: str, html: str, name: str) -> QMessageBox:
        """A non-modal message box: the app keeps running while it is open."""
        box = QMessageBox(self)
        box.setObjectName(name)
        box.setWindowTitle(title)
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(html)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box


def create_main_window(config=None, settings: QSettings | None = None, model=None) -> MainWindow:
    """A fully built window, synchronously (for tests and the benchmark). Needs a QApplication."""
    from gui.app import configure_application

    configure_application(QApplication.instance())
    window = MainWindow(settings=settings)
    window.load(config, model)
    return window

