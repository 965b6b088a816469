"""Uncaught exceptions are logged and shown, never fatal.

PySide6 hands an exception raised inside a slot to `sys.excepthook` (and one raised in a Python
thread goes to `threading.excepthook`). The default hooks only print to stderr, which a student
starting the app from a desktop icon never sees; worse, some setups abort. We replace both hooks:
the traceback goes to a log file and stderr, and a one-line summary is emitted as a Qt signal,
which the main window shows in its status bar. The event loop keeps running.

Only PySide6 and the standard library are imported: this module is installed before the window
is shown, while PyTorch is still loading.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from rnn_stepper.engine.messages import Message
from rnn_stepper.gui.app_identity import is_isolated

log = logging.getLogger("rnn_stepper")

LOG_FILE_NAME = "rnn-stepper.log"


def log_directory() -> Path:
    """Where the log file lives: the per-user app data folder, or a temp folder in tests."""
    if not is_isolated():
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if location:
            return Path(location)
    return Path(tempfile.gettempdir()) / f"rnn-stepper-{os.getpid()}"


class ErrorReporter(QObject):
    """Owns the hooks. `errorReported(summary)` is emitted from whatever thread failed; Qt queues
    it to receivers living in the GUI thread, so slots may touch widgets."""

    errorReported = Signal(object)  # the summary: a Message (a str that keeps its code for translation)

    def __init__(self, log_path: Path, parent=None):
        super().__init__(parent)
        self.log_path = log_path
        self.reported: list[str] = []  # summaries, newest last (the window and tests read it)
        self._previous_hooks = None

    def install(self) -> None:
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def report(self, exc_type, exc_value, exc_traceback, where: str = "") -> None:
        if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc_value, exc_traceback)  # Ctrl+C in a terminal
            return
        try:
            log.error(
                "uncaught exception%s",
                f" in {where}" if where else "",
                exc_info=(exc_type, exc_value, exc_traceback),
            )
            traceback.print_exception(exc_type, exc_value, exc_traceback, file=sys.stderr)
        except Exception:  # noqa: BLE001 — a broken stderr or disk must not turn one error into two
            pass
        summary = Message(
            "defect.uncaught", detail=f"{exc_type.__name__}: {exc_value}"
        )  # translated where shown
        self.reported.append(summary)
        try:
            self.errorReported.emit(summary)
        except RuntimeError:  # the reporter was deleted with the application
            pass

    def _excepthook(self, exc_type, exc_value, exc_traceback) -> None:
        self.report(exc_type, exc_value, exc_traceback)

    def _thread_excepthook(self, args) -> None:
        thread = args.thread.name if args.thread is not None else "a thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, where=thread)


_reporter: ErrorReporter | None = None


def install_error_handling(log_dir: Path | None = None) -> ErrorReporter:
    """Install the hooks and the log file once per process; return the reporter."""
    global _reporter
    if _reporter is None:
        log_dir = Path(log_dir) if log_dir else log_directory()
        log_path = log_dir / LOG_FILE_NAME
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(log_path, encoding="utf-8", delay=True)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            handler.setLevel(logging.WARNING)
            logging.getLogger().addHandler(handler)  # the root: engine and session warnings too
            if logging.getLogger().level > logging.WARNING:
                logging.getLogger().setLevel(logging.WARNING)
        except OSError as exc:  # read-only home: keep running, report on stderr only
            print(f"RNN Stepper: cannot write the log file {log_path}: {exc}", file=sys.stderr)
        _reporter = ErrorReporter(log_path)
    _reporter.install()
    return _reporter


def error_reporter() -> ErrorReporter | None:
    return _reporter
