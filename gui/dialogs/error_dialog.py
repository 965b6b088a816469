"""A dialog for uncaught exceptions, on top of gui.error_handling's log file and status line.

gui.error_handling turns an exception that escaped a slot into a log entry and an
`errorReported(summary)` signal. A status-bar line is easy to miss, so the window also shows this
non-modal box: what went wrong, that the app keeps running, and where the details were written.
A bug that fires on every frame must not bury the window under boxes: while the box is open,
further errors only update its text and count.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox
from rnn_stepper.gui.i18n import translate_error


class ErrorDialogPresenter(QObject):
    def __init__(self, window, reporter):
        super().__init__(window)
        self.window = window
        self.reporter = reporter
        self.box: QMessageBox | None = None
        self.count = 0  # errors shown by the current box
        reporter.errorReported.connect(self.show_error)

    def show_error(self, summary: str) -> None:
        # The reporter is one per process and outlives windows: a window that was closed (but not
        # yet deleted) must not pop up boxes of its own beside the live window's. The error is in
        # the log whatever happens here.
        if not self.window.isVisible():
            return
        if self.box is None:
            self.count = 0
            box = QMessageBox(self.window)
            box.setObjectName("uncaughtErrorBox")
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(self.tr("Unexpected error"))
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.setWindowModality(Qt.WindowModality.NonModal)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.destroyed.connect(self._forget_box)
            self.box = box
        self.count += 1
        summary = translate_error(summary)  # "Unexpected error: …" (a Message) in the current language
        text = (
            summary
            if self.count == 1
            else (self.tr("{0}\n\n({1} errors so far; this is the latest)").format(summary, self.count))
        )
        self.box.setText(text)
        self.box.setInformativeText(
            self.tr(
                "RNN Stepper keeps running, but what is on screen may be "
                "incomplete. The details were written to:\n{0}"
            ).format(self.reporter.log_path)
        )
        self.box.show()

    def _forget_box(self, *_args) -> None:
        self.box = None

    def text(self) -> str:
        """What the box says now ("" when it is closed)."""
        return "" if self.box is None else f"{self.box.text()}\n{self.box.informativeText()}"
