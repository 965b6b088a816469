"""Start the desktop app: a painted window first, PyTorch afterwards.

Importing torch takes a second or more, pyqtgraph and the panels a little more. So `run()` shows
the main window with a "Loading PyTorch…" label as soon as the QApplication exists, and only
after that first paint (QTimer.singleShot(0) from the paint event) imports the engine, builds the
session on the "我爱你" preset and docks the panels. Keep this module's imports to PySide6 and the
standard library.

RNN_STEPPER_EXIT_AFTER_PAINT (used by `gui.bench`): "1" prints the time from process start to
the first paint of the window and quits; "ready" prints that, then the time until the panels are
built and painted, and quits.
"""

from __future__ import annotations

import gc
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

_IMPORTED_AT = time.perf_counter()
EXIT_AFTER_PAINT_ENV = "RNN_STEPPER_EXIT_AFTER_PAINT"
PAINTED_TAG, READY_TAG = "RNN_STEPPER_PAINTED", "RNN_STEPPER_READY"


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux: from /proc; elsewhere: since this import)."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5), counted after the ")" of the name
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED_AT


def _report(tag: str) -> None:
    print(f"{tag} since_start={seconds_since_process_start():.4f} epoch={time.time():.4f}", flush=True)


def run(argv: list[str] | None = None, config=None, model=None, lesson=None) -> int:
    """Run the app until its window closes; returns the exit code. `config` (an RNNConfig) and
    `model` (a loaded StepperModel) replace the default "我爱你" preset, e.g. from the command line;
    `lesson` (the path of a .rnnlesson file) replaces both and is opened after the first paint.
    With none of them, the configuration the user had last time is restored (gui.settings_store)."""
    argv = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(argv)
    from rnn_stepper.gui.app_identity import configure_application

    configure_application(app)
    from rnn_stepper.gui.gc_guard import collect_on_the_gui_thread

    collect_on_the_gui_thread(app)  # before any worker thread exists (gui/gc_guard.py says why)

    from rnn_stepper.gui.error_handling import install_error_handling
    from rnn_stepper.gui.main_window import MainWindow

    reporter = install_error_handling()
    window = MainWindow()
    reporter.errorReported.connect(window.show_error)
    exit_mode = os.environ.get(EXIT_AFTER_PAINT_ENV, "")

    def load() -> None:
        try:
            if lesson is not None:
                from rnn_stepper.gui.lesson_support import load_window_with_lesson

                load_window_with_lesson(window, lesson)
            elif config is None and model is None:
                from rnn_stepper.gui.settings_store import load_window_with_last_config

                load_window_with_last_config(window)  # what the user had last time
            else:
                window.load(config, model)
            freeze_startup_objects()
        except Exception as exc:  # noqa: BLE001 — e.g. a broken PyTorch install: say so in the window
            reporter.report(type(exc), exc, exc.__traceback__, where="start-up")
            window.show_loading_error(f"{type(exc).__name__}: {exc}")
            if exit_mode:
                app.exit(1)
            return
        if exit_mode == "ready":
            window.repaint()  # every dock painted before the time is taken
            _report(READY_TAG)
            app.quit()

    def on_first_paint() -> None:
        if exit_mode:
            _report(PAINTED_TAG)
            if exit_mode != "ready":
                app.quit()
                return
        QTimer.singleShot(0, load)

    window.firstPainted.connect(on_first_paint)
    window.show()
    window.raise_()
    window.activateWindow()  # keyboard focus at once (also where no window manager would give it)
    code = app.exec()
    tear_down_window(window)
    return code


def freeze_startup_objects() -> None:
    """Keep the objects made while starting (PyTorch, Qt wrappers, pyqtgraph: about 250,000)
    out of the garbage collector's full passes. They live as long as the app, yet every full
    collection walked them all: a ~0.3 s freeze of the window at a moment nobody chose (seen in
    `bench gui` (e), landing in a rebuild). Objects made later are collected as before; garbage
    already made by then is kept (a little memory, once). Done by the app and its benchmark, not
    by the tests, whose many windows would pile up."""
    gc.freeze()


def tear_down_window(window) -> None:
    """Destroy the window's C++ objects while the QApplication still exists. Left to the
    interpreter's shutdown, widgets and pyqtgraph items can be freed after Qt itself (a crash on
    exit, after the layout has already been saved)."""
    import shiboken6

    window.hide()
    if shiboken6.isValid(window):
        shiboken6.delete(window)


if __name__ == "__main__":
    sys.exit(run(sys.argv))
