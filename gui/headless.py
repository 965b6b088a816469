"""Rendering the app's panels with no window on screen, for `python main.py export`.

The panels are the app's own, in a main window of the default size and layout, drawn by Qt's
offscreen platform, so a PNG here is what the app shows for the same state.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HEADLESS_WINDOW_SIZE = (1600, 1000)  # = gui.main_window.DEFAULT_WINDOW_SIZE, the app's default


def export_images(config, model, out: str | Path, step: int | None) -> list[Path]:
    """Every image panel as PNG and SVG at `step` (cells computed; None = the last), plus the
    data files (CSV and .npy) of that state. Returns the files written."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication: never a real window
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from rnn_stepper.engine.data_export import write_data
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.gui import export
    from rnn_stepper.gui.app import tear_down_window
    from rnn_stepper.gui.main_window import create_main_window

    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
    app = QApplication.instance() or QApplication(["rnn-stepper"])
    _silence_offscreen_notices()
    with tempfile.TemporaryDirectory() as settings_dir:
        # A throw-away settings file: the default layout, and the user's own layout untouched.
        settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(config, settings=settings, model=model)
        try:
            window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            window.resize(*HEADLESS_WINDOW_SIZE)
            window.show()
            app.processEvents()
            session = window.session
            total = len(session.stepper)
            position = total if step is None else step
            if not 0 <= position <= total:
                raise UserError(f"--step must be between 0 and {total} (the number of cells), got {position}")
            session.seek(position)
            app.processEvents()
            written = export.export_panels(window.panels, out, session.simulation, position)
            for path in written:
                if path.suffix == ".png":
                    _check_not_blank(path)
            stem = export.file_stem(session.simulation, "data", position).replace("_data", "") + "_"
            written += write_data(session.simulation, out, stem)
        finally:
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
    from rnn_stepper.gui.export import image_is_blank

    image = QImage(str(path))
    if image.isNull() or image_is_blank(image):
        raise UserError(f"rendering {path.name} produced an empty image")
