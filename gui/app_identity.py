"""Who the app is: its name, organisation and icon, and where its settings are kept.

One small module every other part imports these from (the window, the app's start-up, the
headless export, the error log, scripts and tests), so none of them has to import the main window
for a name. It imports only PySide6 and the standard library: gui.app uses it before the window
paints, while PyTorch is still loading.

Settings: the user's own QSettings (per organisation and app name), or, when isolated (tests and
benchmarks set RNN_STEPPER_SETTINGS=isolated), an ini file that is never the user's: the file
named by RNN_STEPPER_SETTINGS_FILE, else one in a per-process temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

APP_NAME = "RNN Stepper"
ORGANISATION = "RNN Stepper"
ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "rnn-stepper.svg"

SETTINGS_ENV, ISOLATED = "RNN_STEPPER_SETTINGS", "isolated"  # tests set it: no user files touched
SETTINGS_FILE_ENV = "RNN_STEPPER_SETTINGS_FILE"  # isolated mode: which ini file (tests may set it)


def is_isolated() -> bool:
    """Tests and benchmarks: settings and logs go to temporary files, never the user's."""
    return os.environ.get(SETTINGS_ENV, "") == ISOLATED


def settings_in_file(path: str | Path) -> QSettings:
    """Settings kept in one ini file (a test's own, the headless export's throw-away one)."""
    return QSettings(str(path), QSettings.Format.IniFormat)


def app_settings() -> QSettings:
    """The user's settings, or a throw-away ini file when isolated (tests)."""
    if is_isolated():
        return settings_in_file(
            os.environ.get(SETTINGS_FILE_ENV)
            or Path(tempfile.gettempdir()) / f"rnn-stepper-{os.getpid()}" / "settings.ini"
        )
    return QSettings(ORGANISATION, APP_NAME)


def app_icon() -> QIcon:
    return QIcon(str(ICON_PATH))


def configure_application(app: QApplication) -> None:
    """Names (for QSettings and the log folder), the icon and a font that can draw Chinese."""
    from rnn_stepper.gui.fonts import register_bundled_font

    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    cjk = register_bundled_font()
    font = app.font()
    families = font.families() or [font.family()]
    if cjk not in families:
        # The platform's UI font first (it looks native), the bundled CJK font for what it lacks.
        font.setFamilies([*families, cjk])
        app.setFont(font)
