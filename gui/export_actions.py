"""The export menu items, context menus and dialogs, wired to a built MainWindow.

Everything that writes files goes through gui.export / engine.data_export; this module only asks
the user where and how big, reports the result in the status bar, and shows errors. Each action
has a method that tests (and the headless command) call with the answer already given.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMenu, QMessageBox, QProgressDialog, QPushButton,
    QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from rnn_stepper.engine.errors import UserError
from rnn_stepper.gui import export
from rnn_stepper.gui.i18n import panel_title, translate_engine_message

log = logging.getLogger(__name__)

DEFAULT_SCALE = 2.0  # slides want sharper pictures than the screen
SCALE_RANGE = (0.25, 8.0)
WIDTH_RANGE = (100, 20_000)
DEFAULT_WIDTH = 1920
EXPORT_ALL_SHORTCUT = "Ctrl+Shift+A"
EXPORT_FOCUSED_SHORTCUT = "Ctrl+Shift+E"
SETTINGS_FOLDER_KEY = "export/folder"


class SizeChooser(QWidget):
    """"Scale ×2" or "width 1920 px": the two ways to say how big an image should be."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.by_scale = QRadioButton(self.tr("Scale"))
        self.by_scale.setToolTip(self.tr("Multiply the panel's on-screen size (sharper, not blurrier)"))
        self.by_width = QRadioButton(self.tr("Width"))
        self.by_width.setToolTip(self.tr("An exact width in pixels; the height follows the panel's shape"))
        group = QButtonGroup(self)
        group.addButton(self.by_scale)
        group.addButton(self.by_width)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(*SCALE_RANGE)
        self.scale.setSingleStep(0.5)
        self.scale.setValue(DEFAULT_SCALE)
        self.scale.setSuffix(" ×")
        self.width_px = QSpinBox()
        self.width_px.setRange(*WIDTH_RANGE)
        self.width_px.setValue(DEFAULT_WIDTH)
        self.width_px.setSuffix(" px")
        self.by_scale.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.by_scale, self.scale, self.by_width, self.width_px):
            layout.addWidget(widget)
        layout.addStretch(1)

    def value(self) -> export.ExportSize:
        if self.by_width.isChecked():
            return export.ExportSize(width=self.width_px.value())
        return export.ExportSize(scale=self.scale.value())


class ExportImageDialog(QDialog):
    """Where and how big to write one panel (PNG or SVG)."""

    def __init__(self, title: str, default_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export {0}").format(title))
        self.setObjectName("exportImageDialog")
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setToolTip(self.tr("The file to write; .png for a picture, .svg for a vector drawing"))
        browse = QPushButton(self.tr("Browse…"))
        browse.setToolTip(self.tr("Choose the file with a file dialog"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.size_chooser = SizeChooser()
        self.size_chooser.setToolTip(self.tr("PNG resolution (an SVG is resolution-free)"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("PNG size"), self.size_chooser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export image"), self.path_edit.text(),
                                              self.tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            self.path_edit.setText(path)


class AnimationDialog(QDialog):
    """Which panels, how fast and where, for an animated GIF of the playback."""

    def __init__(self, titles: dict[str, str], default_path: Path, speed: float, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export animation"))
        self.setObjectName("animationDialog")
        self.checks = {}
        panel_box = QVBoxLayout()
        for role, title in titles.items():
            check = QCheckBox(title)
            check.setChecked(role == "network")
            check.setToolTip(self.tr("Include this panel; several panels are stacked in each frame"))
            self.checks[role] = check
            panel_box.addWidget(check)
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setToolTip(self.tr("The .gif file to write"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.frame_ms = QSpinBox()
        self.frame_ms.setRange(20, 5000)
        self.frame_ms.setSuffix(self.tr(" ms per step"))
        self.frame_ms.setValue(max(20, round(1000 / speed)))
        self.frame_ms.setToolTip(self.tr("How long each step stays on screen (from the playback speed)"))
        self.size_chooser = SizeChooser()
        self.size_chooser.scale.setValue(1.0)
        form = QFormLayout()
        form.addRow(self.tr("Panels"), panel_box)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Speed"), self.frame_ms)
        form.addRow(self.tr("Size"), self.size_chooser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_roles(self) -> list[str]:
        return [role for role, check in self.checks.items() if check.isChecked()]

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export animation"), self.path_edit.text(),
                                              self.tr("GIF animation (*.gif)"))
        if path:
            self.path_edit.setText(path)


class ExportActions(QObject):
    """Adds File-menu items and panel context menus for exporting to a built MainWindow."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._install_menu()
        for role in export.IMAGE_ROLES:
            if role in window.panels:
                self._install_context_menu(role)

    # ---- where things go ---------------------------------------------------------------------------

    def export_folder(self) -> Path:
        saved = self.window.settings.value(SETTINGS_FOLDER_KEY)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        return Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()

    def _remember_folder(self, folder: Path) -> None:
        self.window.settings.setValue(SETTINGS_FOLDER_KEY, str(folder))

    def default_path(self, role: str, suffix: str) -> Path:
        session = self.window.session
        stem = export.file_stem(session.simulation, role, session.stepper.position)
        return self.export_folder() / f"{stem}.{suffix}"

    def focused_role(self) -> str:
        """The image panel holding keyboard focus or under the mouse; the network otherwise."""
        widget = QApplication.focusWidget() or QApplication.widgetAt(self.window.cursor().pos())
        while widget is not None:
            for role in export.IMAGE_ROLES:
                if self.window.panels.get(role) is widget:
                    return role
            widget = widget.parentWidget()
        return "network"

    # ---- menus ---------------------------------------------------------------------------------------

    def _install_menu(self) -> None:
        menu = self.window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        panel_menu = QMenu(self.tr("Export &panel"), menu)
        panel_menu.setToolTipsVisible(True)
        copy_menu = QMenu(self.tr("&Copy panel image"), menu)
        for role in export.IMAGE_ROLES:
            panel = self.window.panels.get(role)
            if panel is None:
                continue
            panel_menu.addAction(panel_title(panel) + "…", lambda r=role: self.ask_export_panel(r))
            copy_menu.addAction(panel_title(panel), lambda r=role: self.copy_panel(r))
        self.export_all_action = QAction(self.tr("Export &all panels…"), self.window)
        self.export_all_action.setShortcut(QKeySequence(EXPORT_ALL_SHORTCUT))
        self.export_all_action.setToolTip(self.tr("Every panel as PNG and SVG into a folder, the step in the names"))
        self.export_all_action.triggered.connect(self.ask_export_all)
        self.export_focused_action = QAction(self.tr("Export &focused panel…"), self.window)
        self.export_focused_action.setShortcut(QKeySequence(EXPORT_FOCUSED_SHORTCUT))
        self.export_focused_action.triggered.connect(lambda: self.ask_export_panel(self.focused_role()))
        data_action = QAction(self.tr("Export &data (CSV, .npy)…"), self.window)
        data_action.triggered.connect(self.ask_export_data)
        animation_action = QAction(self.tr("Export a&nimation (GIF)…"), self.window)
        animation_action.triggered.connect(self.ask_export_animation)
        for item in (panel_menu.menuAction(), self.export_focused_action, self.export_all_action,
                     copy_menu.menuAction(), data_action, animation_action):
            menu.insertAction(first, item)
        menu.insertSeparator(first)
        for action in (self.export_all_action, self.export_focused_action):
            self.window.addAction(action)  # the shortcut works wherever the focus is

    def _panel_menu(self, role: str) -> list[QAction]:
        export_action = QAction(self.tr("Export image…"), self.window)
        export_action.triggered.connect(lambda: self.ask_export_panel(role))
        copy_action = QAction(self.tr("Copy image"), self.window)
        copy_action.triggered.connect(lambda: self.copy_panel(role))
        return [export_action, copy_action]

    def _install_context_menu(self, role: str) -> None:
        panel = self.window.panels[role]
        actions = self._panel_menu(role)
        # Right-click on plain widgets of the panel...
        panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.customContextMenuRequested.connect(
            lambda pos: QMenu.exec(actions, panel.mapToGlobal(pos), None, panel))
        # ...and on its plots, whose menus pyqtgraph builds: ours replace its generic "Export...".
        for view in panel.findChildren(pg.GraphicsView):
            view.scene().contextMenu = actions

    # ---- the actions ---------------------------------------------------------------------------------

    def ask_export_panel(self, role: str) -> None:
        panel = self.window.panels[role]
        dialog = ExportImageDialog(panel_title(panel), self.default_path(role, "png"), self.window)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                path = self.export_panel(role, dialog.path_edit.text().strip(), dialog.size_chooser.value())
            except UserError as exc:
                dialog.error_label.setText(translate_engine_message(str(exc)))  # stay open: let the user fix the name
                continue
            self.window.show_message(self.tr("Saved {0}").format(path))
            return

    def export_panel(self, role: str, path: str | Path, size: export.ExportSize = export.ExportSize()) -> Path:
        if not str(path):
            raise UserError(self.tr("type a file name"))
        path = Path(path).expanduser()
        written = export.export_panel(self.window.panels[role], path, size)
        self._remember_folder(path.parent)
        return written

    def copy_panel(self, role: str) -> None:
        try:
            export.copy_to_clipboard(self.window.panels[role])
        except UserError as exc:
            self.window.show_error(str(exc))
            return
        self.window.show_message(self.tr("Copied the {0} image to the clipboard").format(
            panel_title(self.window.panels[role])))

    def ask_export_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Export all panels into"),
                                                  str(self.export_folder()))
        if folder:
            self.run_reporting(lambda: self.export_all(folder), self.tr("Saved {n} files into {folder}"), folder)

    def export_all(self, folder: str | Path, size: export.ExportSize = export.ExportSize(scale=DEFAULT_SCALE)):
        session = self.window.session
        written = export.export_panels(self.window.panels, folder, session.simulation,
                                       session.stepper.position, size)
        self._remember_folder(Path(folder))
        return written

    def ask_export_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Export data into"), str(self.export_folder()))
        if folder:
            self.run_reporting(lambda: self.export_data(folder), self.tr("Saved {n} data files into {folder}"), folder)

    def export_data(self, folder: str | Path):
        from rnn_stepper.engine.data_export import write_data

        session = self.window.session
        stem = export.file_stem(session.simulation, "data", session.stepper.position).replace("_data", "") + "_"
        written = write_data(session.simulation, folder, stem)
        self._remember_folder(Path(folder))
        return written

    def ask_export_animation(self) -> None:
        titles = {role: panel_title(self.window.panels[role]) for role in export.IMAGE_ROLES
                  if role in self.window.panels}
        default = self.default_path("network", "gif")
        dialog = AnimationDialog(titles, default.with_name(default.name.replace(
            f"_step{self.window.session.stepper.position}", "")), self.window.session.speed, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen_roles():
            return
        self.export_animation(dialog.chosen_roles(), dialog.path_edit.text().strip(),
                              dialog.size_chooser.value(), dialog.frame_ms.value())

    def export_animation(self, roles: list[str], path: str | Path, size: export.ExportSize = export.ExportSize(),
                         frame_ms: int = 500, cancel_after: int | None = None) -> Path | None:
        """Write the GIF with a progress dialog; `cancel_after` (tests) presses Cancel after N frames."""
        session = self.window.session
        session.pause()
        total = len(session.stepper)
        progress = QProgressDialog(self.tr("Rendering the animation…"), self.tr("Cancel"), 0, total, self.window)
        progress.setWindowTitle(self.tr("Export animation"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_frame(i):
            progress.setValue(i + 1)
            if cancel_after is not None and i + 1 >= cancel_after:
                progress.cancel()
            return not progress.wasCanceled()
        try:
            written = export.export_animation(session, [self.window.panels[r] for r in roles],
                                              Path(path).expanduser(), size, frame_ms, on_frame)
        except UserError as exc:
            self.window.show_error(str(exc))
            return None
        finally:
            progress.close()
        if written is None:
            self.window.show_message(self.tr("Animation cancelled; nothing was written"))
        else:
            self._remember_folder(written.parent)
            self.window.show_message(self.tr("Saved {0} ({1} frames)").format(written, total))
        return written

    def run_reporting(self, action, success: str, folder: str | Path = ""):
        """Run `action` (it returns the files written); `success` names {n} files and the {folder}."""
        try:
            written = action()
        except UserError as exc:
            QMessageBox.warning(self.window, self.tr("Export failed"), translate_engine_message(str(exc)))
            return None
        self.window.show_message(success.format(n=len(written), folder=folder))
        return written
