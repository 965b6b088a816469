"""The main window: a shell that paints at once, then docks every panel around the controls.

Two phases, so a student sees a window within a second of launching:
1. `MainWindow()` builds only Qt widgets (menus, status bar, a "Loading PyTorch…" label). This
   module imports nothing heavier than PySide6 at import time.
2. `load()` (called by gui.app after the first paint) imports the engine, makes a `Session` and
   calls `build(session)`, which creates the controls bar and one QDockWidget per panel listed in
   `gui.panel_registry`. Tests call `create_main_window()`, which does both synchronously.

The dock layout is saved to QSettings on close and restored on the next start, in the settings
gui.app_identity gives (a temporary ini file instead of the user's when isolated, as in tests).

Over 500 lines, on purpose: The window's shell: menus, docks, status bar, saved layout and the
language switch that rebuilds every widget around the same Session. Its parts share the window's one
set of docks and menus; the language switch (about 160 lines) is the next candidate for a module of
its own.
"""

from __future__ import annotations

import gc
import logging
import os
import platform

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QEvent,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QToolBar,
    QWidget,
)
from rnn_stepper.gui import i18n
from rnn_stepper.gui.app_identity import APP_NAME, app_icon, app_settings, configure_application
from rnn_stepper.gui.panel_docks import PanelDocks
from rnn_stepper.gui.panels.base import StepPanel, close_plot_items
from rnn_stepper.gui.widgets.steady_label import steady

log = logging.getLogger(__name__)

# The shell's own constants. Not in gui/style.py, because that module imports pyqtgraph and the
# shell must paint before pyqtgraph (and PyTorch) load; colours shared with the panels are there.
DEFAULT_WINDOW_SIZE = (1600, 1000)
LOADING_TEXT = QT_TRANSLATE_NOOP("MainWindow", "Loading PyTorch…")  # translated where shown
LOADING_FONT_POINTS = 16
STATUS_MESSAGE_MS = 10_000  # how long a status-bar message stays
KEYS_HINT = QT_TRANSLATE_NOOP(
    "MainWindow", "→ step · ← back · Space play/pause · Home reset · End run to end"
)
GUI_TORCH_THREADS = 1  # see load()
LOADING_ERROR_COLOR = "#c62828"  # = style.ERROR_COLOR, for the one message shown before style loads

LAYOUT_VERSION = 2  # bump when the set of docks changes, so an old saved layout is ignored
TITLE_TEXT_CHARS = 24  # longest text shown in the window title

# Default arrangement at 1600 x 1000 (scaled to the actual window): the network across the top;
# below it three columns: the calculation over the output, the hidden states over the weights,
# and the code and configuration as tabs.
TOP_HEIGHT_FRACTION = 0.31
NETWORK_MAX_HEIGHT_FRACTION = 0.45  # the network grows to show all its rows, up to this
COLUMN_FRACTIONS = (0.36, 0.36, 0.28)
UPPER_ROW_FRACTIONS = {"calculation": 0.58, "hidden": 0.56}
# Every panel's minimum, set explicitly: a panel's own hint grows with its content (a 2-layer
# bidirectional calculation, long tick labels) and the docks' summed minimums would grow the
# window past the screen and squeeze the neighbours to slivers. Panels scroll or shrink instead.
DOCK_MIN_SIZE = (220, 120)
DOCK_MIN_HEIGHTS = {"output": 170, "network": 150}  # a chart or a network needs a little more


def window_title(config) -> str:
    """ "我爱你" for text, the preset's name, or the nn.RNN call.

    Only the detail: Qt appends the application display name itself ("我爱你 — RNN Stepper");
    adding it here too showed it twice."""
    from rnn_stepper.engine.presets import PRESETS

    if config.is_text:
        text = config.text if len(config.text) <= TITLE_TEXT_CHARS else config.text[:TITLE_TEXT_CHARS] + "…"
        detail = text
    else:
        preset = next((name for name, p in PRESETS.items() if p.config == config), None)
        detail = preset or (
            f"nn.RNN({config.input_size}, {config.hidden_size}) · {config.seq_len} × {config.batch_size}"
        )
    return detail


def position_text(view, simulation) -> str:
    """Status bar: "cell 3 / 3 · layer 0 → · t = 2" ('←' for the reverse direction)."""
    if view.record is None:
        return QCoreApplication.translate("MainWindow", "cell 0 / {0} · not started").format(view.total)
    r = view.record
    arrow = "←" if r.direction == 1 else "→"
    text = QCoreApplication.translate("MainWindow", "cell {0} / {1} · layer {2} {3} · t = {4}").format(
        view.position, view.total, r.layer, arrow, r.t
    )
    tokens = simulation.tokens
    if tokens and 0 <= r.t < len(tokens):
        text += f" ({tokens[r.t]})"
    if simulation.batch_size > 1:
        text += QCoreApplication.translate("MainWindow", " · batch {0}").format(view.batch_index)
    return text


def match_text(view, check=None) -> tuple[str, str]:
    """(text, colour) of the comparison with nn.RNN: the current cell's, or with `check` (the
    stepper's CellCheck) the running count over every computed cell."""
    # The texts say nn.RNN; the module's name (not translated: it is code) replaces it for LSTM/GRU.
    from rnn_stepper.engine.cell import MODULES
    from rnn_stepper.gui import style
    from rnn_stepper.gui.session import STAGE_FULL, stage_name

    module = MODULES[view.record.cell_type if view.record is not None else "rnn"]

    def translate(context: str, text: str) -> str:
        return QCoreApplication.translate(context, text).replace("nn.RNN", module)

    if view.record is None:
        return translate("MainWindow", "nothing computed yet"), style.MUTED_COLOR
    if not view.current_complete:
        text = translate("MainWindow", "stage {0} / {1}: {2}")
        return text.format(view.stage, STAGE_FULL, stage_name(view.stage, view.record)), style.MUTED_COLOR
    r = view.record
    if not r.comparable:
        return (
            translate("MainWindow", "✗ cannot compare with nn.RNN: the values are NaN or infinite"),
            style.ERROR_COLOR,
        )
    if check is not None:  # the running summary over every computed cell
        if check.all_match and r.matches:
            return (
                translate("MainWindow", "✓ {0} of {1} cells match nn.RNN (max |Δ| = {2:.1e} ≤ {3:g})").format(
                    check.matching, check.computed, check.max_abs_diff, r.tolerance
                ),
                style.OK_COLOR,
            )
        return (
            translate("MainWindow", "✗ {0} of {1} cells match nn.RNN (max |Δ| = {2:.1e} > {3:g})").format(
                check.matching, check.computed, check.max_abs_diff, r.tolerance
            ),
            style.ERROR_COLOR,
        )
    if r.matches:
        return (
            translate("MainWindow", "✓ matches nn.RNN (max |Δ| = {0:.1e} ≤ {1:g})").format(
                r.max_abs_diff, r.tolerance
            ),
            style.OK_COLOR,
        )
    return (
        translate("MainWindow", "✗ differs from nn.RNN (max |Δ| = {0:.1e} > {1:g})").format(
            r.max_abs_diff, r.tolerance
        ),
        style.ERROR_COLOR,
    )


def _dock_style_sheet() -> str:
    from rnn_stepper.gui import style

    return (
        f"QDockWidget::title {{ background: {style.DOCK_TITLE_BACKGROUND}; padding: 4px 6px; }}"
        f"QMainWindow::separator {{ background: {style.DOCK_SEPARATOR_COLOR};"
        f" width: {style.DOCK_SEPARATOR_PX}px; height: {style.DOCK_SEPARATOR_PX}px; }}"
    )


def versions() -> dict[str, str]:
    """Versions shown in Help → About (modules not loaded yet are imported here)."""
    import PySide6
    from PySide6 import QtCore

    found = {"Python": platform.python_version(), "Qt": QtCore.qVersion(), "PySide6": PySide6.__version__}
    for label, module in (("PyTorch", "torch"), ("pyqtgraph", "pyqtgraph"), ("NumPy", "numpy")):
        try:
            found[label] = __import__(module).__version__
        except Exception as exc:  # noqa: BLE001 — show what is missing rather than fail
            found[label] = QCoreApplication.translate("MainWindow", "not available ({0})").format(
                type(exc).__name__
            )
    return found


def screen_describes_a_display() -> bool:
    """False only on Qt's offscreen platform with its built-in screen: there the window keeps
    the size it is given. `QT_QPA_PLATFORM=offscreen:configfile=FILE` (a JSON file with
    "screens": [{"width": ..., "height": ...}]) describes a screen, which is then honoured."""
    if QGuiApplication.platformName() != "offscreen":
        return True
    return "configfile=" in os.environ.get("QT_QPA_PLATFORM", "")


class MainWindow(QMainWindow):
    firstPainted = Signal()  # the shell has been painted once: time to load the heavy parts
    built = Signal()  # panels are in place (again after a language switch)
    languageChanged = Signal(str)  # the interface was rebuilt in this language ("en", "zh_CN")

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        # The language before any text is made: the choice in the Language menu, else the system's.
        language = i18n.preferred_language(self.settings)
        if language != i18n.current_language():
            i18n.install_language(QApplication.instance(), language)
        self.session = None
        self.controls = None
        self.export_actions = self.file_actions = self.learn_actions = None
        self.panels: dict[str, QWidget] = {}  # role -> panel
        self.docks = PanelDocks(self)  # role -> dock; the one owner of their visibility
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setDockNestingEnabled(True)
        self.setDocumentMode(True)
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        self.resize(*DEFAULT_WINDOW_SIZE)

        self.placeholder: QLabel | None = QLabel(self.tr(LOADING_TEXT))
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
        self.file_menu = file_menu = bar.addMenu(self.tr("&File"))
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut("Ctrl+Q")
        quit_action.setToolTip(self.tr("Close the window (the layout is remembered)"))
        quit_action.triggered.connect(self.close)
        self.playback_menu = bar.addMenu(self.tr("&Playback"))
        self.view_menu = bar.addMenu(self.tr("&View"))
        self.language_menu = self._build_language_menu(bar)
        help_menu = bar.addMenu(self.tr("&Help"))
        shortcuts = help_menu.addAction(self.tr("&Keyboard shortcuts"))
        shortcuts.setObjectName("shortcutsAction")
        shortcuts.triggered.connect(self.show_shortcuts)
        about = help_menu.addAction(self.tr("&About RNN Stepper"))
        about.setObjectName("aboutAction")
        about.triggered.connect(self.show_about)
        self.about_box: QMessageBox | None = None
        self.shortcuts_box: QMessageBox | None = None

    def _build_language_menu(self, bar: QMenuBar) -> QMenu:
        """ "Language / 语言": one radio item per language, each named in itself."""
        menu = bar.addMenu(i18n.MENU_TITLE)
        menu.setObjectName("languageMenu")
        group = QActionGroup(menu)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = menu.addAction(name)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.setToolTip(self.tr("Show the interface in this language (remembered)"))
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, c=code: self.request_language(c))
            self.language_actions[code] = action
        return menu

    def _sync_language_actions(self) -> None:
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        if not hasattr(self, "_status_bar_parts"):  # what Qt put there itself (kept on a language switch)
            import shiboken6

            self._status_bar_parts = {shiboken6.getCppPointer(child)[0] for child in bar.children()}
        self.message_label = QLabel()
        self.message_label.setObjectName("statusMessage")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.message_label, 1)
        self.position_label = QLabel()
        self.position_label.setObjectName("statusPosition")
        self.position_label.setToolTip(
            self.tr("The cell on screen: its layer, direction (→ forward, ← reverse) and time step t")
        )
        self.match_label = QLabel()
        self.match_label.setObjectName("statusMatch")
        self.match_label.setToolTip(self.tr("The stepper's h_t for this cell compared with torch.nn.RNN's"))
        # steady: the position ("t = 41") and the running count ("41 of 41 cells") change at every
        # step; the window must not lay out all its docks again for a text of the same size
        # (gui/widgets/steady_label.py)
        bar.addPermanentWidget(steady(self.position_label))
        bar.addPermanentWidget(steady(self.match_label))
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.placeholder and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.firstPainted.emit)  # after this paint has been flushed
        return super().eventFilter(watched, event)

    def show_message(self, text: str, error: bool = False) -> None:
        """A message in the status bar; errors in red. It fades after a few seconds. A message from
        the engine (a Message or UserError) is shown in the interface's language (gui.i18n)."""
        from rnn_stepper.gui import style

        text = i18n.translate_error(text)
        color = style.ERROR_COLOR if error else style.PLOT_FOREGROUND
        self.message_label.setStyleSheet(f"color: {color};")
        self.message_label.setText(text)
        self.message_label.setToolTip(text)
        self._message_timer.start(STATUS_MESSAGE_MS)

    def show_error(self, text: str) -> None:
        self.show_message(text, error=True)

    def show_loading_error(self, text: str) -> None:
        if self.placeholder is None:  # built already: the status bar says it
            self.show_error(text)
            return
        self.placeholder.setText(self.tr("Could not start:\n{0}").format(i18n.translate_error(text)))
        self.placeholder.setStyleSheet(f"color: {LOADING_ERROR_COLOR};")

    # ---- phase 2: panels -----------------------------------------------------------------------

    def load(self, config=None, model=None) -> None:
        """Import the engine, make the session and build the panels (slow: loads PyTorch).
        `config` defaults to the "我爱你" preset; `model` is a loaded StepperModel for it."""
        import torch
        from rnn_stepper.engine.presets import DEFAULT_PRESET, preset_config
        from rnn_stepper.gui.session import Session

        # One intra-op thread: a step is a few small matrix products with the GUI idle in between,
        # and waking a sleeping thread pool costs ~1.5 ms per product (measured: a 256 x 256
        # addmm after 20 ms idle takes 1.6 ms with 2 threads, 0.04 ms with 1), several per frame.
        torch.set_num_threads(GUI_TORCH_THREADS)
        config = config or preset_config(DEFAULT_PRESET)
        session = Session(config=config if model is None else preset_config(DEFAULT_PRESET))
        if model is not None and not session.set_config(config, model):
            log.warning("the loaded model could not be used; showing the default preset")
        self.build(session)
        self.file_actions.restore_playback()  # the speed and step size of the last run, once

    def build(self, session, state: QByteArray | None = None) -> None:
        """Controls, docks and the helpers' menus around `session`. `state` (a saveState) places
        the docks; without it the layout saved in the settings does."""
        from rnn_stepper.gui.panel_registry import PANELS
        from rnn_stepper.gui.widgets.controls import ControlsBar

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
            panel.setMinimumSize(DOCK_MIN_SIZE[0], DOCK_MIN_HEIGHTS.get(spec.role, DOCK_MIN_SIZE[1]))
            dock.setFeatures(
                QDockWidget.DockWidgetFeature.DockWidgetClosable
                | QDockWidget.DockWidgetFeature.DockWidgetMovable
                | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            )
            self.panels[spec.role] = panel
            self.docks.add(spec.role, dock)

        self.setStyleSheet(_dock_style_sheet())
        # Docks only: the panels share the whole window and every border is a splitter.
        size = self.size()
        if self.placeholder is not None:  # the first build; a rebuild has no central widget
            self.takeCentralWidget()
            self.placeholder.removeEventFilter(self)
            self.placeholder.deleteLater()
            self.placeholder = None
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.TopDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.TopDockWidgetArea)
        self._apply_default_layout()  # docks go straight to their places: stacking them first
        self._fill_view_menu()  # would grow the shown window to their summed heights
        if not self.restore_layout(state):
            self.resize(size)
        self._keep_on_screen_soon()
        QTimer.singleShot(0, self, self._unelide_dock_tabs)  # the tab bars exist once laid out

        session.stepChanged.connect(self._on_step_changed)
        session.simulationChanged.connect(self._on_simulation_changed)
        session.errorOccurred.connect(self._on_error_occurred)
        session.runProgressed.connect(self._on_run_progressed)
        session.rebuildProgressed.connect(self._on_rebuild_progressed)
        session.rebuildEnded.connect(self._on_rebuild_ended)
        session.configRejected.connect(self._on_config_rejected)
        session.documentChanged.connect(self._show_title)
        self._build_actions(session)
        if getattr(self, "_cancel_run_shortcut", None) is None:  # (once: a language switch builds again)
            self._cancel_run_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
            # only while a sliced run or a background rebuild is under way
            self._cancel_run_shortcut.setEnabled(False)
            self._cancel_run_shortcut.activated.connect(lambda: self.session and self.session.cancel())
        self._on_simulation_changed(session.simulation)
        self.show_message(self.tr(KEYS_HINT))
        self.built.emit()

    def _build_actions(self, session) -> None:
        """The helpers that fill the menus, each given what it uses (gui.action_support). The order
        is the File menu's, built from the top down in front of Quit: the exports first, then
        the files (lessons, models, input) above them, then Save model after Save lesson."""
        from rnn_stepper.gui.actions.export_actions import ExportActions
        from rnn_stepper.gui.actions.file_actions import FileActions
        from rnn_stepper.gui.actions.learn_actions import LearnActions

        self.export_actions = ExportActions(
            session, self.panels, file_menu=self.file_menu, settings=self.settings, status=self, host=self
        )
        # lessons, models, input files, recent files, classroom mode, lesson notes, saved settings
        self.file_actions = FileActions(
            session,
            self.settings,
            file_menu=self.file_menu,
            view_menu=self.view_menu,
            docks=self.docks,
            controls=self.controls,
            status=self,
            host=self,
        )
        # the Edit menu (weight edits) before Playback; Save model after Save lesson; training shutdown
        self.learn_actions = LearnActions(
            session,
            self.panels,
            menu_bar=self.menuBar(),
            edit_menu_before=self.playback_menu.menuAction(),
            file_menu=self.file_menu,
            save_model_after=self.file_actions.save_lesson_action,
            start_folder=self.file_actions.start_folder,
            status=self,
            host=self,
        )

    def _make_panel(self, spec, session) -> tuple[QWidget, str, str]:
        """The panel, or a label explaining why it is missing (one broken panel is not fatal)."""
        try:
            cls = spec.load()
            return cls(session, self), i18n.panel_title(cls), cls.OBJECT_NAME
        except Exception as exc:
            log.exception("panel %s could not be created", spec.class_name)
            from rnn_stepper.gui import style

            label = QLabel(
                self.tr("The {0} panel could not be created:\n{1}: {2}").format(
                    spec.role, type(exc).__name__, exc
                )
            )
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet(f"color: {style.ERROR_COLOR};")
            label.TITLE = spec.role.capitalize()  # menus and exports name it like a panel
            return label, i18n.translate(i18n.PANELS_CONTEXT, spec.role.capitalize()), f"{spec.role}Panel"

    def _fill_view_menu(self) -> None:
        menu = self.view_menu
        for dock in self.docks.values():
            action = dock.toggleViewAction()
            action.setToolTip(self.tr("Show or hide the {0} panel").format(dock.windowTitle()))
            menu.addAction(action)
        menu.addSeparator()
        toolbar_action = self.controls.toggleViewAction()
        toolbar_action.setText(self.tr("Controls toolbar"))
        menu.addAction(toolbar_action)
        menu.addSeparator()
        reset = menu.addAction(self.tr("&Reset layout"))
        reset.setObjectName("resetLayoutAction")
        reset.setToolTip(self.tr("Put every panel back in its default place"))
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
        self.resizeDocks(
            [d["calculation"], d["hidden"], d["code"]],
            [int(width * f) for f in COLUMN_FRACTIONS],
            Qt.Orientation.Horizontal,
        )
        lower = height * (1 - TOP_HEIGHT_FRACTION)
        for upper, under in (("calculation", "output"), ("hidden", "weights")):
            share = UPPER_ROW_FRACTIONS[upper]
            self.resizeDocks(
                [d[upper], d[under]], [int(lower * share), int(lower * (1 - share))], Qt.Orientation.Vertical
            )
        self._fit_network_rows()
        self._unelide_dock_tabs()

    def _unelide_dock_tabs(self) -> None:
        """Dock tabs show their whole titles ("Train", "Generate", not "T…"): the tab bars
        QMainWindow makes for tabbed docks elide by default; scroll buttons take over instead."""
        for bar in self.findChildren(QTabBar):
            if isinstance(bar.parent(), QMainWindow) or bar.parent() is self:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)
                bar.setExpanding(False)

    def _fit_network_rows(self, tries: int = 3) -> None:
        """Give the network dock the height its rows need (inputs and predictions in view), up to
        NETWORK_MAX_HEIGHT_FRACTION of the window; beyond that its rows scroll."""
        dock, panel = self.docks.get("network"), self.panels.get("network")
        if (
            dock is None
            or not hasattr(panel, "height_for_all_rows")
            or dock.isFloating()
            or not dock.isVisible()
        ):
            return
        need = min(
            panel.height_for_all_rows() + dock.height() - panel.height(),
            int(self.height() * NETWORK_MAX_HEIGHT_FRACTION),
        )
        if dock.height() < need:
            # resizeDocks hands the area's separators and neighbours part of the change: ask for
            # the shortfall again once laid out, a few times at most.
            self.resizeDocks([dock], [need + (need - dock.height()) * (3 - tries)], Qt.Orientation.Vertical)
            if tries > 1:
                QTimer.singleShot(0, self, lambda: self._fit_network_rows(tries - 1))

    def reset_layout(self) -> None:
        self._apply_default_layout()
        QTimer.singleShot(0, self._resize_default_docks)  # again once Qt has laid the docks out

    # ---- layout persistence ----------------------------------------------------------------------

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.session is not None:
            self.settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        if self.file_actions is not None:
            self.file_actions.save_settings()  # last configuration, speed, step size
        self.settings.sync()

    def restore_layout(self, state: QByteArray | None = None) -> bool:
        """Place the docks and toolbar as `state` says (default: as saved in the settings)."""
        if state is None:
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
            self.session.cancel_rebuild(announce=False)  # its worker then stops and emits nothing more
        try:
            self.save_layout()
        except Exception:  # an unwritable settings file must not block closing
            log.exception("could not save the window layout")
        super().closeEvent(event)

    # ---- session → shell -------------------------------------------------------------------------

    def _on_error_occurred(self, text) -> None:
        """The session's refusals are engine Messages, translated by their code (a panel's text,
        already translated, passes through unchanged)."""
        self.show_error(i18n.translate_error(text))

    def _on_config_rejected(self, text) -> None:
        self.show_error(self.tr("Configuration not applied: {0}").format(i18n.translate_error(text)))

    def _on_simulation_changed(self, simulation) -> None:
        self._show_title()
        self._on_step_changed(self.session.view())
        self._keep_on_screen_soon()
        QTimer.singleShot(0, self, self._fit_network_rows)  # more rows (layers, directions): more height

    def _show_title(self, *_args) -> None:
        """The window title's one home: the lesson's title while the lesson's own model runs,
        else what the configuration is (window_title). Qt appends " — RNN Stepper"."""
        session = self.session
        lesson = session.document.running_lesson_title(session.simulation.model, i18n.current_language())
        self.setWindowTitle(lesson or window_title(session.config))

    def _keep_on_screen_soon(self) -> None:
        """keep_on_screen once the panels have rebuilt; not on the offscreen platform's built-in
        800 x 800 screen, which describes no user's display (tests call keep_on_screen directly).
        An offscreen screen given by a configuration file is kept to, as a display is
        (tests/gui/test_small_screen.py)."""
        if screen_describes_a_display():
            QTimer.singleShot(0, self, self.keep_on_screen)

    def _on_run_progressed(self, done: int, target: int) -> None:
        """A sliced run (to the end, or a long jump ahead on the timeline): its progress in the
        status bar, Esc to cancel."""
        if done < 0:
            self._cancel_run_shortcut.setEnabled(self.session.rebuilding)
            self.message_label.clear()
            return
        self._cancel_run_shortcut.setEnabled(True)
        if target == len(self.session.stepper):
            text = self.tr("Running to the end… {0}% ({1} of {2} cells) · Esc cancels")
        else:
            text = self.tr("Going to cell {2}… {0}% ({1} of {2} cells) · Esc cancels")
        self._show_progress(text.format(100 * done // max(target, 1), done, target))

    def _on_rebuild_progressed(self, done: int, total: int) -> None:
        """A big model prepared off the GUI thread: the old one stays on screen meanwhile."""
        self._cancel_run_shortcut.setEnabled(True)
        self._show_progress(
            self.tr("Building the new model… {0}% · Esc cancels (the current model stays)").format(
                100 * done // max(total, 1)
            )
        )

    def _on_rebuild_ended(self, outcome: str) -> None:
        from rnn_stepper.gui.session import REBUILD_CANCELLED, REBUILD_FINISHED

        self._cancel_run_shortcut.setEnabled(self.session.running or self.session.rebuilding)
        if outcome == REBUILD_FINISHED:
            self.message_label.clear()
        elif outcome == REBUILD_CANCELLED:
            self.show_message(self.tr("Cancelled: the previous configuration is still running."))
        # REBUILD_FAILED: configRejected or errorOccurred has put the reason on screen

    def _show_progress(self, text: str) -> None:
        """Progress stays until the work ends (no fading, no error colour left over)."""
        from rnn_stepper.gui import style

        self._message_timer.stop()
        self.message_label.setStyleSheet(f"color: {style.PLOT_FOREGROUND};")
        self.message_label.setText(text)

    def keep_on_screen(self) -> None:
        """Shrink and move the window back inside the screen's available area, if it left it."""
        screen = self.screen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), area.width() - extra_w)
        height = min(self.height(), area.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
        y = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def _on_step_changed(self, view) -> None:
        self.position_label.setText(position_text(view, self.session.simulation))
        text, color = match_text(view, self.session.cell_check())
        self.match_label.setText(text)
        sheet = f"color: {color}; padding: 0 6px;"
        if self.match_label.styleSheet() != sheet:  # re-polishing every step costs ~0.1 ms for nothing
            self.match_label.setStyleSheet(sheet)

    # ---- language --------------------------------------------------------------------------------
    #
    # The interface is built in code, and Qt widgets do not re-translate themselves. So switching
    # rebuilds everything the window holds (menus, status bar, controls, docks and the helpers that
    # add menu items) around the same Session, in place: this MainWindow object stays (gui.app
    # holds it), and so do the simulation, its position, the dock layout and what the panels
    # offer in `ui_state()` / `restore_ui_state(state)`.

    def request_language(self, code: str) -> None:
        """The Language menu's handler: switch once the menu's own signal has returned (the menu
        and its actions are rebuilt, they must not be deleted while they are emitting)."""
        QTimer.singleShot(0, self, lambda: self._switch_language_reporting(code))

    def _switch_language_reporting(self, code: str) -> None:
        try:
            self.switch_language(code)
        except Exception as exc:  # a failed rebuild must not end the app
            log.exception("switching the language to %s failed", code)
            self.show_error(f"{type(exc).__name__}: {exc}")

    def switch_language(self, code: str) -> bool:
        """Show the interface in `code` ("en", "zh_CN") and remember the choice. Refused (False,
        with a message) while a training run owns the model."""
        if code not in i18n.LANGUAGES:
            return False
        if self._training_busy():
            self._sync_language_actions()
            self.show_error(
                self.tr(
                    "The model is being trained: let the training finish, or cancel it, "
                    "before switching the language."
                )
            )
            return False
        if code != i18n.current_language():
            if not i18n.install_language(QApplication.instance(), code):
                self._sync_language_actions()
                self.show_error(self.tr("The translation could not be loaded; the language stays as it is."))
                return False
            self._rebuild_interface()
            # The old panels are reference cycles (Python wrappers, pyqtgraph items, signal
            # slots) holding C++ widgets; Python's own collector, counting Python objects only,
            # would free them after many switches (measured: +5 MiB a switch until it runs).
            gc.collect()
        i18n.save_language(self.settings, code)  # also when it was already shown: the choice is now fixed
        self._sync_language_actions()
        self.languageChanged.emit(code)
        return True

    def _training_busy(self) -> bool:
        train = self.panels.get("train")
        return isinstance(train, StepPanel) and train.is_busy

    def _rebuild_interface(self) -> None:
        session = self.session
        if session is None:  # still loading PyTorch: only the shell exists
            self._replace_shell()
            if self.placeholder is not None:
                self.placeholder.setText(self.tr(LOADING_TEXT))
            return
        playing = session.playing
        session.pause()  # no step while the panels are being replaced
        state = self.saveState(LAYOUT_VERSION)
        carried = self._carry_over()
        self._tear_down_contents()
        self._replace_shell()
        self.build(session, state)
        self._hand_over(carried, state)
        if playing:
            session.play()

    def _carry_over(self) -> dict:
        """What the panels hold beyond the session (their ui_state), for their successors."""
        carried: dict = {"panels": {}}
        for role, panel in self.panels.items():
            if isinstance(panel, StepPanel):  # (not a panel that failed to build)
                try:
                    carried["panels"][role] = panel.ui_state()
                except Exception:  # lose that panel's settings, not the switch
                    log.exception("could not read the %s panel's state", role)
        # (The open document, speed, step size and weight edits are the session's, which stays.)
        return carried

    def _hand_over(self, carried: dict, state: QByteArray) -> None:
        for role, panel_state in carried["panels"].items():
            panel = self.panels.get(role)
            if isinstance(panel, StepPanel):
                try:
                    panel.restore_ui_state(panel_state)
                except Exception:
                    log.exception("could not restore the %s panel's state", role)
        self.restore_layout(state)  # again: the lesson notes dock exists now

    def _replace_shell(self) -> None:
        """A new menu bar, and the status bar emptied, then both filled in the current language.
        (The status bar itself stays: PySide lets go of the old one's wrapper in setStatusBar, and
        deleting it through another wrapper crashes later. Emptying the menu bar and deleting its
        menus one by one crashes too; deleting the whole old bar does not.)"""
        import shiboken6

        old_bar = self.menuBar()
        self.setMenuBar(QMenuBar(self))  # Qt deletes the old one later: now, so none of it stays findable
        doomed: list = [old_bar]
        status = self.statusBar()
        for widget in status.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if shiboken6.getCppPointer(widget)[0] not in self._status_bar_parts:  # ours, not Qt's size grip
                status.removeWidget(widget)
                doomed.append(widget)
        self._message_timer.stop()
        doomed.append(self._message_timer)
        for obj in doomed:
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)
        self._build_menus()
        self._build_status_bar()

    def _tear_down_contents(self) -> None:
        """Delete what `build` and the helpers made: docks (with their panels), the toolbar,
        window-wide actions, dialogs and the helper objects; keep the session."""
        import shiboken6

        session = self.session
        for signal, slot in (
            (session.stepChanged, self._on_step_changed),
            (session.simulationChanged, self._on_simulation_changed),
            (session.errorOccurred, self._on_error_occurred),
            (session.configRejected, self._on_config_rejected),
            (session.runProgressed, self._on_run_progressed),
            (session.rebuildProgressed, self._on_rebuild_progressed),
            (session.rebuildEnded, self._on_rebuild_ended),
            (session.documentChanged, self._show_title),
        ):
            signal.disconnect(slot)
        doomed = []
        for child in self.children():
            if child is session:
                continue
            if isinstance(child, QDockWidget):
                self.removeDockWidget(child)
                doomed.append(child)
            elif isinstance(child, QToolBar):
                self.removeToolBar(child)
                doomed.append(child)
            elif isinstance(child, QDialog):  # message boxes of the old interface
                child.close()
                doomed.append(child)
            elif isinstance(child, (QAction, QActionGroup)) or type(child).__module__.startswith(
                "rnn_stepper.gui."
            ):
                doomed.append(child)  # window-wide shortcuts; file, export and learn actions, classroom mode
        for action in self.actions():
            self.removeAction(action)
        for obj in doomed:
            if isinstance(obj, QDockWidget):
                close_plot_items(obj)
        for obj in doomed:
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)
        self.session = None
        self.controls = None
        self.panels, self.docks = {}, PanelDocks(self)
        self.export_actions = self.file_actions = self.learn_actions = None
        self.about_box = self.shortcuts_box = None

    # ---- help ------------------------------------------------------------------------------------

    def about_text(self) -> str:
        rows = "".join(
            f"<tr><td>{name}</td><td>&nbsp;{version}</td></tr>" for name, version in versions().items()
        )
        return (
            f"<h3>{APP_NAME}</h3>"
            + self.tr(
                "<p>Watch a recurrent neural network compute, one cell at a time, "
                "checked against <code>torch.nn.RNN</code>.</p>"
            )
            + f"<table>{rows}</table>"
        )

    def show_about(self) -> QMessageBox:
        box = self._info_box(self.tr("About RNN Stepper"), self.about_text(), "aboutBox")
        self.about_box = box
        return box

    def shortcuts_text(self) -> str:
        from rnn_stepper.gui.widgets.controls import SHORTCUTS

        # The tips are gui.controls' texts, translated under the controls bar's context.
        rows = "".join(
            f"<tr><td><b>{key}</b></td><td>&nbsp;{i18n.translate('ControlsBar', tip)}</td></tr>"
            for _n, key, _t, tip in SHORTCUTS
        )
        return (
            "<h3>" + self.tr("Keyboard shortcuts") + "</h3>"
            f"<table>{rows}</table>"
            + self.tr(
                "<p>They work anywhere in the window, except that a text or number field keeps "
                "the keys it needs for typing (Space types a space there).</p>"
            )
        )

    def show_shortcuts(self) -> QMessageBox:
        box = self._info_box(self.tr("Keyboard shortcuts"), self.shortcuts_text(), "shortcutsBox")
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
    configure_application(QApplication.instance())
    window = MainWindow(settings=settings)
    window.load(config, model)
    return window
