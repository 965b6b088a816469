"""The export menu items, context menus and dialogs, wired in `MainWindow.build`, which passes
what they need (gui.action_support).

Everything that writes files goes through gui.export / engine.data_export; this module only asks
the user where and how big, reports the result in the status bar, and shows errors. Each action
has a method that tests (and the headless command) call with the answer already given.

Over 500 lines, on purpose: The export menu: three dialogs (a panel, an animation, a figure) and the
actions that run them, which share the file naming, the size choices and the progress handling.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.files import prepare_output_dir, published, staged_output
from rnn_stepper.gui.action_support import StatusReporter
from rnn_stepper.gui.exporting import export
from rnn_stepper.gui.i18n import panel_title, translate_error

log = logging.getLogger(__name__)

DEFAULT_SCALE = 2.0  # slides want sharper pictures than the screen
SCALE_RANGE = (0.25, 8.0)
WIDTH_RANGE = (100, 20_000)
DEFAULT_WIDTH = 1920
EXPORT_ALL_SHORTCUT = "Ctrl+Shift+A"
EXPORT_FOCUSED_SHORTCUT = "Ctrl+Shift+E"
SETTINGS_FOLDER_KEY = "export/folder"
TEXT_FORMAT_FILTERS = {"py": "Python (*.py)", "json": "JSON (*.json)"}


def error_label() -> QLabel:
    """The red line under an export dialog's fields that says why its choice cannot be saved."""
    label = QLabel()
    label.setStyleSheet("color: #c62828")
    label.setWordWrap(True)
    return label


def lay_out_save_dialog(dialog: QDialog, form: QFormLayout, errors: QLabel) -> None:
    """The fields, the error line, then Save and Cancel: the layout every export dialog shares."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(errors)
    layout.addWidget(buttons)


class SizeChooser(QWidget):
    """ "Scale ×2" or "width 1920 px": the two ways to say how big an image should be."""

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

    def __init__(self, title: str, default_path: Path, parent=None, text_formats: tuple[str, ...] = ()):
        super().__init__(parent)
        self.text_formats = text_formats
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
        self.error_label = error_label()
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("PNG size"), self.size_chooser)
        lay_out_save_dialog(self, form, self.error_label)

    def _browse(self) -> None:
        filters = [self.tr("PNG image (*.png)"), self.tr("SVG drawing (*.svg)")]
        filters += [TEXT_FORMAT_FILTERS.get(f, f"*.{f}") for f in self.text_formats]
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export image"), self.path_edit.text(), ";;".join(filters)
        )
        if path:
            self.path_edit.setText(path)


def panel_checks(titles: dict[str, str], chosen, tooltip: str) -> tuple[dict[str, QCheckBox], QVBoxLayout]:
    """One check box per panel (those in `chosen` ticked), in a column."""
    checks, box = {}, QVBoxLayout()
    for role, title in titles.items():
        check = QCheckBox(title)
        check.setChecked(role in chosen)
        check.setToolTip(tooltip)
        checks[role] = check
        box.addWidget(check)
    return checks, box


class AnimationDialog(QDialog):
    """Which panels, how fast and where, for an animation (GIF or MP4) of the playback."""

    def __init__(self, titles: dict[str, str], default_path: Path, speed: float, parent=None):
        from rnn_stepper.gui.exporting.animation import DEFAULT_ROLES, MAX_FRAME_SIDE

        super().__init__(parent)
        self.setWindowTitle(self.tr("Export animation"))
        self.setObjectName("animationDialog")
        self.checks, panel_box = panel_checks(
            titles,
            DEFAULT_ROLES,
            self.tr("Include this panel: the network follows the current cell on top, the others below it"),
        )
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setToolTip(
            self.tr(
                "The file to write: .gif (plays everywhere) or .mp4 (smaller, sharper); "
                "frames are at most {0} px on a side"
            ).format(MAX_FRAME_SIDE)
        )
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_roles(self) -> list[str]:
        return [role for role, check in self.checks.items() if check.isChecked()]

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export animation"),
            self.path_edit.text(),
            self.tr("GIF animation (*.gif);;MP4 video (*.mp4)"),
        )
        if path:
            self.path_edit.setText(path)


class FigureDialog(QDialog):
    """Which panels, how many columns, where and how big, for one figure of several panels."""

    def __init__(self, titles: dict[str, str], default_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export figure"))
        self.setObjectName("figureDialog")
        self.checks, panel_box = panel_checks(
            titles, ("network", "calculation", "hidden"), self.tr("Include this panel in the figure")
        )
        self.whole_window = QCheckBox(self.tr("The whole window, as it is on screen"))
        self.whole_window.setToolTip(
            self.tr("Docks, controls and all, instead of the chosen panels in a grid")
        )
        panel_box.insertWidget(0, self.whole_window)
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setToolTip(self.tr("The file to write: .png, .svg or .pdf"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.columns = QSpinBox()
        self.columns.setRange(0, 10)
        self.columns.setSpecialValueText(self.tr("automatic"))
        self.columns.setToolTip(
            self.tr("Panels side by side; automatic: one column for one or two panels, else two")
        )
        self.size_chooser = SizeChooser()
        self.size_chooser.setToolTip(self.tr("PNG resolution (SVG and PDF are resolution-free)"))
        self.error_label = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Panels"), panel_box)
        form.addRow(self.tr("Columns"), self.columns)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("PNG size"), self.size_chooser)
        lay_out_save_dialog(self, form, self.error_label)

    def chosen_roles(self) -> list[str]:
        return [role for role, check in self.checks.items() if check.isChecked()]

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export figure"),
            self.path_edit.text(),
            self.tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"),
        )
        if path:
            self.path_edit.setText(path)


class ExportActions(QObject):
    """The export items of `file_menu` and the panels' context menus, for the panels of `session`.
    The chosen folder is remembered in `settings`; results go to `status`. `host` (the main
    window) parents the dialogs, owns the shortcuts, and is drawn as it is by "the whole window"
    figure."""

    def __init__(
        self,
        session,
        panels: Mapping[str, QWidget],
        file_menu: QMenu,
        settings,
        status: StatusReporter,
        host: QMainWindow,
    ):
        super().__init__(host)
        self.session = session
        self.panels = panels
        self.settings = settings
        self.status = status
        self.host = host
        self._install_menu(file_menu)
        for role in export.IMAGE_ROLES:
            if export.exportable(panels.get(role)):
                self._install_context_menu(role)

    # ---- where things go ---------------------------------------------------------------------------

    def export_folder(self) -> Path:
        saved = self.settings.value(SETTINGS_FOLDER_KEY)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        return Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()

    def _remember_folder(self, folder: Path) -> None:
        self.settings.setValue(SETTINGS_FOLDER_KEY, str(folder))

    def default_path(self, role: str, suffix: str) -> Path:
        session = self.session
        stem = export.file_stem(session.simulation, role, session.stepper.position)
        return self.export_folder() / f"{stem}.{suffix}"

    def focused_role(self) -> str:
        """The image panel holding keyboard focus or under the mouse; the network otherwise."""
        widget = QApplication.focusWidget() or QApplication.widgetAt(self.host.cursor().pos())
        while widget is not None:
            for role in export.IMAGE_ROLES:
                if self.panels.get(role) is widget:
                    return role
            widget = widget.parentWidget()
        return "network"

    # ---- menus ---------------------------------------------------------------------------------------

    def _install_menu(self, menu: QMenu) -> None:
        first = menu.actions()[0] if menu.actions() else None
        panel_menu = QMenu(self.tr("Export &panel"), menu)
        panel_menu.setToolTipsVisible(True)
        copy_menu = QMenu(self.tr("&Copy panel image"), menu)
        for role in export.IMAGE_ROLES:
            panel = self.panels.get(role)
            if not export.exportable(panel):
                continue
            panel_menu.addAction(panel_title(panel) + "…", lambda r=role: self.ask_export_panel(r))
            copy_menu.addAction(panel_title(panel), lambda r=role: self.copy_panel(r))
        self.export_all_action = QAction(self.tr("Export &all panels…"), self.host)
        self.export_all_action.setShortcut(QKeySequence(EXPORT_ALL_SHORTCUT))
        self.export_all_action.setToolTip(
            self.tr("Every panel as PNG and SVG into a folder, the step in the names")
        )
        self.export_all_action.triggered.connect(self.ask_export_all)
        self.export_focused_action = QAction(self.tr("Export &focused panel…"), self.host)
        self.export_focused_action.setShortcut(QKeySequence(EXPORT_FOCUSED_SHORTCUT))
        self.export_focused_action.triggered.connect(lambda: self.ask_export_panel(self.focused_role()))
        data_action = QAction(self.tr("Export &data (CSV, .npy)…"), self.host)
        data_action.triggered.connect(self.ask_export_data)
        animation_action = QAction(self.tr("Export a&nimation (GIF, MP4)…"), self.host)
        animation_action.triggered.connect(self.ask_export_animation)
        self.export_figure_action = QAction(
            self.tr("Export fi&gure of several panels (PNG, SVG, PDF)…"), self.host
        )
        self.export_figure_action.setToolTip(
            self.tr("The whole window or chosen panels as one picture for a slide or a paper")
        )
        self.export_figure_action.triggered.connect(self.ask_export_figure)
        for item in (
            panel_menu.menuAction(),
            self.export_focused_action,
            self.export_all_action,
            self.export_figure_action,
            copy_menu.menuAction(),
            data_action,
            animation_action,
        ):
            menu.insertAction(first, item)
        menu.insertSeparator(first)
        for action in (self.export_all_action, self.export_focused_action):
            self.host.addAction(action)  # the shortcut works wherever the focus is

    def _panel_menu(self, role: str) -> list[QAction]:
        export_action = QAction(self.tr("Export image…"), self.host)
        export_action.triggered.connect(lambda: self.ask_export_panel(role))
        copy_action = QAction(self.tr("Copy image"), self.host)
        copy_action.triggered.connect(lambda: self.copy_panel(role))
        actions = [export_action, copy_action]
        for suffix in export.documents(self.panels[role]):
            save_action = QAction(self.tr("Save as .{0}…").format(suffix), self.host)
            save_action.triggered.connect(lambda _=False, s=suffix: self.ask_export_panel(role, s))
            actions.append(save_action)
        figure_action = QAction(self.tr("Export figure of several panels…"), self.host)
        figure_action.triggered.connect(self.ask_export_figure)
        return actions + [figure_action]

    def _install_context_menu(self, role: str) -> None:
        panel = self.panels[role]
        actions = self._panel_menu(role)
        # Right-click on plain widgets of the panel...
        panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.customContextMenuRequested.connect(
            lambda pos: QMenu.exec(actions, panel.mapToGlobal(pos), None, panel)
        )
        # ...on its text boxes, whose own menu (copy, select all) comes first...
        for text_box in panel.findChildren(QPlainTextEdit) + panel.findChildren(QTextEdit):
            text_box.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            text_box.customContextMenuRequested.connect(
                lambda pos, box=text_box: self._text_box_menu(box, actions).exec(box.mapToGlobal(pos))
            )
        # ...and on its plots, whose menus pyqtgraph builds: ours replace its generic "Export...".
        for view in panel.findChildren(pg.GraphicsView):
            view.scene().contextMenu = actions

    @staticmethod
    def _text_box_menu(box, actions: list[QAction]) -> QMenu:
        menu = box.createStandardContextMenu()
        menu.addSeparator()
        menu.addActions(actions)
        return menu

    # ---- the actions ---------------------------------------------------------------------------------

    def ask_export_panel(self, role: str, suffix: str = "png") -> None:
        panel = self.panels[role]
        dialog = ExportImageDialog(
            panel_title(panel), self.default_path(role, suffix), self.host, tuple(export.documents(panel))
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                path = self.export_panel(role, dialog.path_edit.text().strip(), dialog.size_chooser.value())
            except UserError as exc:
                dialog.error_label.setText(translate_error(exc))  # stay open: let the user fix the name
                continue
            self.status.show_message(self.tr("Saved {0}").format(path))
            return

    def _ready(self, roles) -> None:
        """Lay out the chosen panels that are not on screen (see export_layout.fit_unseen)."""
        from rnn_stepper.gui.exporting.export_layout import fit_unseen

        for role in roles:
            panel = self.panels.get(role)
            if export.exportable(panel):
                fit_unseen(role, panel, self.session.simulation)

    def export_panel(
        self, role: str, path: str | Path, size: export.ExportSize = export.ExportSize()
    ) -> Path:
        if not str(path):
            raise UserError("gui.as_given", text=self.tr("type a file name"))
        path = Path(path).expanduser()
        self._ready([role])
        written = export.export_panel(self.panels[role], path, size)
        self._remember_folder(path.parent)
        return written

    def copy_panel(self, role: str) -> None:
        self._ready([role])
        try:
            export.copy_to_clipboard(self.panels[role])
        except UserError as exc:
            self.status.show_error(translate_error(exc))
            return
        self.status.show_message(
            self.tr("Copied the {0} image to the clipboard").format(panel_title(self.panels[role]))
        )

    def ask_export_all(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.host, self.tr("Export all panels into"), str(self.export_folder())
        )
        if folder:
            self.export_all_with_progress(folder)

    def export_all_with_progress(self, folder: str | Path, cancel_after: int | None = None):
        """Export all, with a progress dialog whose Cancel stops after the file being written and
        then writes nothing (the set is whole or absent); `cancel_after` (tests) presses Cancel
        after N files."""
        progress = QProgressDialog(self.tr("Exporting the panels…"), self.tr("Cancel"), 0, 1, self.host)
        progress.setWindowTitle(self.tr("Export all panels"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        total = [0]

        def on_file(i, count):
            total[0] = count
            progress.setMaximum(count)
            progress.setValue(i + 1)
            if cancel_after is not None and i + 1 >= cancel_after:
                progress.cancel()
            return not progress.wasCanceled()

        try:
            written = self.run_reporting(
                lambda: self.export_all(folder, on_file=on_file),
                self.tr("Saved {n} files into {folder}"),
                folder,
            )
        finally:
            progress.close()
        if written is not None and len(written) < total[0]:
            self.status.show_message(self.tr("Export cancelled; nothing was written into {0}").format(folder))
        return written

    def export_all(
        self,
        folder: str | Path,
        size: export.ExportSize = export.ExportSize(scale=DEFAULT_SCALE),
        on_file=None,
    ):
        session = self.session
        self._ready(export.IMAGE_ROLES)
        written = export.export_panels(
            self.panels, folder, session.simulation, session.stepper.position, size, on_file=on_file
        )
        self._remember_folder(Path(folder))
        return written

    def ask_export_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.host, self.tr("Export data into"), str(self.export_folder())
        )
        if folder:
            self.run_reporting(
                lambda: self.export_data(folder), self.tr("Saved {n} data files into {folder}"), folder
            )

    def export_data(self, folder: str | Path):
        from rnn_stepper.engine.data_export import write_data

        session = self.session
        stem = (
            export.file_stem(session.simulation, "data", session.stepper.position).replace("_data", "") + "_"
        )
        out = prepare_output_dir(folder)
        with staged_output(out) as staging:  # the whole set or nothing, as Export all
            written = write_data(session.simulation, staging, stem)
        self._remember_folder(Path(folder))
        return published(out, staging, written)

    def _titles(self) -> dict[str, str]:
        return {
            role: panel_title(self.panels[role])
            for role in export.IMAGE_ROLES
            if export.exportable(self.panels.get(role))
        }

    def ask_export_animation(self) -> None:
        default = self.default_path("network", "gif")
        dialog = AnimationDialog(
            self._titles(),
            default.with_name(default.name.replace(f"_step{self.session.stepper.position}", "")),
            self.session.speed,
            self.host,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen_roles():
            return
        self.export_animation(
            dialog.chosen_roles(),
            dialog.path_edit.text().strip(),
            dialog.size_chooser.value(),
            dialog.frame_ms.value(),
        )

    def export_animation(
        self,
        roles: list[str],
        path: str | Path,
        size: export.ExportSize = export.ExportSize(),
        frame_ms: int = 500,
        cancel_after: int | None = None,
    ) -> Path | None:
        """Write the GIF or MP4 with a progress dialog; `cancel_after` (tests) presses Cancel after N frames."""
        from rnn_stepper.gui.exporting import animation

        session = self.session
        session.pause()
        self._ready(roles)
        total = len(session.stepper)
        progress = QProgressDialog(
            self.tr("Rendering the animation…"), self.tr("Cancel"), 0, total, self.host
        )
        progress.setWindowTitle(self.tr("Export animation"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_frame(i, _total):
            progress.setValue(i + 1)
            if cancel_after is not None and i + 1 >= cancel_after:
                progress.cancel()
            return not progress.wasCanceled()

        try:
            written = animation.export_animation(session, self.panels, path, roles, size, frame_ms, on_frame)
        except UserError as exc:
            self.status.show_error(translate_error(exc))
            return None
        finally:
            progress.close()
        if written is None:
            self.status.show_message(self.tr("Animation cancelled; nothing was written"))
        else:
            self._remember_folder(written.parent)
            self.status.show_message(self.tr("Saved {0} ({1} frames)").format(written, total))
        return written

    def ask_export_figure(self) -> None:
        dialog = FigureDialog(self._titles(), self.default_path("figure", "png"), self.host)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                path = self.export_figure(
                    dialog.chosen_roles(),
                    dialog.path_edit.text().strip(),
                    dialog.size_chooser.value(),
                    dialog.columns.value() or None,
                    whole_window=dialog.whole_window.isChecked(),
                )
            except UserError as exc:
                dialog.error_label.setText(translate_error(exc))  # stay open: let the user fix it
                continue
            self.status.show_message(self.tr("Saved {0}").format(path))
            return

    def export_figure(
        self,
        roles: list[str],
        path: str | Path,
        size: export.ExportSize = export.ExportSize(),
        columns: int | None = None,
        whole_window: bool = False,
    ) -> Path:
        """The chosen panels (at their on-screen sizes) as one figure, or the whole window as it
        is on screen: .png, .svg or .pdf."""
        from rnn_stepper.gui.exporting import figure

        if not str(path):
            raise UserError("gui.as_given", text=self.tr("type a file name"))
        path = Path(path).expanduser()
        self._ready(roles)
        written = figure.export_figure(
            [self.panels[role] for role in roles],
            path,
            size,
            columns,
            window=self.host if whole_window else None,
        )
        self._remember_folder(path.parent)
        return written

    def run_reporting(self, action, success: str, folder: str | Path = ""):
        """Run `action` (it returns the files written); `success` names {n} files and the {folder}."""
        try:
            written = action()
        except UserError as exc:
            QMessageBox.warning(self.host, self.tr("Export failed"), translate_error(exc))
            return None
        self.status.show_message(success.format(n=len(written), folder=folder))
        return written
