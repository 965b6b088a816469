"""Rendering the app's panels with no window on screen, for `python main.py export`.

The panels are the app's own, built in a main window of the default size and layout and drawn
by Qt's offscreen platform; each is then laid out alone at a size that suits its content
(gui/exporting/export_layout.py), so no chart is squashed by a dock it never had.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HEADLESS_WINDOW_SIZE = (1600, 1000)  # = gui.main_window.DEFAULT_WINDOW_SIZE, the app's default
DEFAULT_SCALE = 2.0  # = gui.export_actions.DEFAULT_SCALE (not imported: that loads Qt widgets)


@dataclass(frozen=True)
class HeadlessExport:
    """What `python main.py export` draws besides the data: the options in one place."""

    images: bool = True  # every panel as PNG and SVG (and code .py, configuration .json)
    scale: float = DEFAULT_SCALE
    width: int | None = None  # PNG width in px; replaces the scale
    figure: tuple[str, ...] = ()  # roles composed into one figure (PNG, SVG, PDF)
    columns: int | None = None  # of the figure's grid
    animation: str | None = None  # a .gif (or .mp4) file of the playback
    frame_ms: int = 500  # how long each step of the animation shows


def parse_roles(text: str) -> tuple[str, ...]:
    """'network,calculation,hidden-state' -> roles; 'all' -> every panel. A clear error otherwise."""
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.gui.exporting.export import IMAGE_ROLES, ROLE_FILE_NAMES

    by_name = {name: role for role, name in ROLE_FILE_NAMES.items()} | {role: role for role in IMAGE_ROLES}
    names = [part.strip() for part in text.split(",") if part.strip()]
    if names == ["all"]:
        return IMAGE_ROLES
    by_name["window"] = "window"  # the whole window as laid out (a separate figure)
    unknown = [name for name in names if name not in by_name]
    if unknown or not names:
        if unknown:
            raise UserError(
                "cli.figure_unknown_panel",
                name=repr(unknown[0]),
                names=", ".join(ROLE_FILE_NAMES[r] for r in IMAGE_ROLES),
            )
        raise UserError("cli.figure_no_panel")
    return tuple(dict.fromkeys(by_name[name] for name in names))


def export_images(
    config,
    model,
    out: str | Path,
    step: int | None,
    options: HeadlessExport = HeadlessExport(),
    report=lambda line: None,
    user_input=None,
) -> list[Path]:
    """The panels at `step` (cells computed; None = the last) as `options` say, plus the data
    files (CSV and .npy) of that state. Each panel is laid out alone at the size its content
    needs (gui.export_layout). `report(line)` gets a progress line per kind of file. Returns the
    files written."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication: never a real window
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from rnn_stepper.engine.data_export import write_data
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.engine.files import prepare_output_dir
    from rnn_stepper.gui.app import tear_down_window
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.exporting import export, figure
    from rnn_stepper.gui.exporting.export_layout import content_size, stage
    from rnn_stepper.gui.main_window import create_main_window

    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    app = QApplication.instance() or QApplication(["rnn-stepper"])
    _silence_offscreen_notices()
    size = export.ExportSize(width=options.width, scale=options.scale)
    with tempfile.TemporaryDirectory() as settings_dir:
        # A throw-away settings file: the default layout, and the user's own layout untouched.
        settings = settings_in_file(Path(settings_dir) / "settings.ini")
        window = create_main_window(config, settings=settings, model=model)
        panels = {}
        try:
            window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            window.resize(*HEADLESS_WINDOW_SIZE)
            window.show()
            app.processEvents()
            session = window.session
            if user_input is not None and not session.set_config(config, model, user_input=user_input):
                raise UserError("cli.inputs_do_not_fit")  # (checked before, by the trace)
            total = len(session.stepper)
            position = total if step is None else step
            if not 0 <= position <= total:
                raise UserError("cli.step", total=total, value=position)
            session.seek(position)
            app.processEvents()
            out = prepare_output_dir(out)
            written = []
            if "window" in options.figure:  # before the panels leave their docks for their own sizes
                started = time.perf_counter()
                stem = export.file_stem(session.simulation, "window", position)
                for suffix in figure.FIGURE_FORMATS:
                    written.append(figure.export_figure([], out / f"{stem}.{suffix}", size, window=window))
                report(f"window: {len(figure.FIGURE_FORMATS)} files in {time.perf_counter() - started:.2f} s")
            panels = {
                role: stage(window, role, content_size(role, panel, session.simulation))
                for role, panel in window.panels.items()
                if export.exportable(panel)
            }
            if options.images:
                started = time.perf_counter()
                written += export.export_panels(panels, out, session.simulation, position, size)
                for path in written:
                    if path.suffix == ".png":
                        _check_not_blank(path)
                report(f"panels: {len(written)} files in {time.perf_counter() - started:.2f} s")
            chosen = [panels[role] for role in options.figure if role in panels]
            if chosen:
                started = time.perf_counter()
                stem = export.file_stem(session.simulation, "figure", position)
                for suffix in figure.FIGURE_FORMATS:
                    written.append(
                        figure.export_figure(chosen, out / f"{stem}.{suffix}", size, options.columns)
                    )
                report(f"figure: {len(figure.FIGURE_FORMATS)} files in {time.perf_counter() - started:.2f} s")
            if options.images:
                stem = export.file_stem(session.simulation, "data", position).replace("_data", "") + "_"
                written += write_data(session.simulation, out, stem)
            if options.animation:
                from rnn_stepper.gui.exporting.animation import (
                    DEFAULT_ROLES,
                    export_animation_file,
                    terminal_progress,
                )
                from rnn_stepper.gui.exporting.export_layout import animation_size

                started = time.perf_counter()
                roles = [role for role in options.figure if role in panels] or DEFAULT_ROLES
                for role in roles:
                    if role in panels:
                        stage(window, role, animation_size(role, panels[role], session.simulation))
                written.append(
                    export_animation_file(
                        session,
                        panels,
                        options.animation,
                        roles=roles,
                        scale=options.scale,
                        width=options.width,
                        frame_ms=options.frame_ms,
                        on_frame=terminal_progress("animation"),
                    )
                )
                report(f"animation: {written[-1].name} in {time.perf_counter() - started:.2f} s")
        finally:
            import shiboken6

            for panel in panels.values():  # the staged ones left the window: freed by hand
                if shiboken6.isValid(panel) and panel.parent() is None:
                    shiboken6.delete(panel)
            window.close()
            tear_down_window(window)  # freed now, not in any order at interpreter exit (a crash)
    return written


def _silence_offscreen_notices() -> None:
    """The offscreen platform warns that it cannot resize windows to hints, once per dock; that
    says nothing about the export, so a command-line user is spared it. Other messages pass."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _check_not_blank(path: Path) -> None:
    from PySide6.QtGui import QImage
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.gui.exporting.export import image_is_blank

    image = QImage(str(path))
    if image.isNull() or image_is_blank(image):
        raise UserError("cli.empty_image", name=path.name)
