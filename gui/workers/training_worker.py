"""Training off the GUI thread: a worker in a QThread runs `engine.training.Trainer`.

The trainer itself is made in the worker too: the first optimizer PyTorch makes in a process
imports torch._dynamo (seconds of work) and the GUI must not freeze for it. The GUI thread hands
over a function that makes the trainer from values it prepared (a private copy of the model,
the data, the settings), and checks everything a student can get wrong before that.

Only results cross from the worker to the GUI thread, by queued signals: batches of
`EpochRecord`s (at most every REPORT_SECONDS, so a fast trainer does not flood the event loop
with one signal per millisecond epoch), private weight snapshots (`Trainer.snapshot()`, at most
every SNAPSHOT_SECONDS) and, at the end, the final snapshot. The GUI thread never reads the
trainer's model while a run is going; it only calls `Trainer.cancel()`, which is thread-safe.

Pause and cancel both stop the trainer after the epoch in progress (engine.training guarantees
that the model is then exactly the one after the last completed epoch). They differ only in what
the GUI does next: a paused run keeps its trainer (and optimizer state) to resume; a cancelled
one is over, and its last model is kept.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.training import Trainer

log = logging.getLogger(__name__)

REPORT_SECONDS = 0.05  # epoch records are sent in batches at most this often
SNAPSHOT_SECONDS = 0.2  # weight snapshots (a deep copy of the model) at most this often
SHUTDOWN_WAIT_MS = 10_000  # closing the window waits this long for the epoch in progress

IDLE, RUNNING, PAUSING, PAUSED, CANCELLING = "idle", "running", "pausing", "paused", "cancelling"
FINISHED, CANCELLED, FAILED = "finished", "cancelled", "failed"  # how a run ended


_warm_up_thread: threading.Thread | None = None


def warm_up() -> None:
    """Start importing what the first optimizer needs (torch._dynamo: seconds), once, in the
    background: called when the Train panel is first shown, so that pressing Train trains at once.
    Not a daemon thread: an import cut off at exit could crash the interpreter."""
    global _warm_up_thread
    if _warm_up_thread is None:
        _warm_up_thread = threading.Thread(target=_make_an_optimizer, name="training-warm-up")
        _warm_up_thread.start()


def _make_an_optimizer() -> None:
    try:
        import torch

        torch.optim.Adam([torch.zeros(1, requires_grad=True)])
    except Exception:  # only a head start; the real trainer reports real errors
        log.exception("warming up the optimizer failed")


class TrainingWorker(QObject):
    """Lives in the training thread; `run()` makes the trainer if needed, then trains the
    remaining epochs (or until cancelled)."""

    progressed = Signal(object)  # list[EpochRecord], in order
    snapshotReady = Signal(object)  # StepperModel: a private copy, safe to show
    stopped = Signal(
        object, object
    )  # (final snapshot or None, error message or ""; a Message keeps its code)

    def __init__(self, run: TrainingRun):
        super().__init__()
        self._run = run

    @Slot()
    def run(self) -> None:
        try:
            trainer = self._run.make_trainer_once()
        except Exception as exc:  # reported to the student, like any refusal
            if not isinstance(exc, UserError):
                log.exception("could not make the trainer")
            self.stopped.emit(
                None,
                exc.message
                if isinstance(exc, UserError)
                else Message("defect.unexpected", detail=f"{type(exc).__name__}: {exc}"),
            )
            return
        pending = []
        clock = {"report": time.monotonic(), "snapshot": time.monotonic()}

        def flush() -> None:
            if pending:
                self.progressed.emit(list(pending))
                pending.clear()

        def on_epoch(record) -> None:
            pending.append(record)
            now = time.monotonic()
            if now - clock["report"] >= REPORT_SECONDS:
                clock["report"] = now
                flush()
            if now - clock["snapshot"] >= SNAPSHOT_SECONDS and not trainer.cancel_requested:
                clock["snapshot"] = now
                self.snapshotReady.emit(trainer.snapshot())

        error = ""
        try:
            trainer.run(on_epoch)
        except UserError as exc:  # diverged: the trainer rolled the epoch back, the model is usable
            error = exc.message
        except Exception as exc:  # a defect must end the run, not the app
            log.exception("training failed")
            error = Message("defect.training", detail=f"{type(exc).__name__}: {exc}")
        flush()
        try:
            final = trainer.snapshot()
        except Exception:
            log.exception("could not copy the trained model")
            final = None
        self.stopped.emit(final, error)


class TrainingRun(QObject):
    """One training job seen from the GUI thread: start, pause, resume, cancel, and its state.

    `trainer` is None until the worker has made it with `make_trainer` (read it in the GUI
    thread only between runs: after `paused` or `ended`).

    Signals arrive in the GUI thread. `ended(model, how, message)` comes once per job: when all
    epochs are done (FINISHED), after a cancel (CANCELLED) or on an error (FAILED); a pause emits
    `paused(model)` instead and the job can resume.
    """

    progressed = Signal(object)  # list[EpochRecord]
    snapshotReady = Signal(object)  # StepperModel
    stateChanged = Signal(str)
    paused = Signal(object)  # StepperModel after the last completed epoch
    ended = Signal(object, str, object)  # (StepperModel or None, FINISHED|CANCELLED|FAILED, message: a str)

    def __init__(self, make_trainer: Callable[[], Trainer], epochs: int, parent=None):
        super().__init__(parent)
        self.epochs = epochs  # the number of epochs asked for
        self.trainer: Trainer | None = None
        self._make_trainer = make_trainer
        self._lock = threading.Lock()  # trainer creation vs. a cancel arriving meanwhile
        self._cancel_requested = False
        self.state = IDLE
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None

    @property
    def active(self) -> bool:
        """A thread is training (or finishing its last epoch)."""
        return self._thread is not None

    # ---- control (GUI thread) ---------------------------------------------------------------------

    def make_trainer_once(self) -> Trainer:
        """(worker thread) The trainer, made on the first run; a cancel that came first is applied."""
        if self.trainer is None:
            trainer = self._make_trainer()
            with self._lock:
                self.trainer = trainer
                if self._cancel_requested:
                    trainer.cancel()
        return self.trainer

    def _request_stop(self) -> None:
        with self._lock:
            self._cancel_requested = True
            if self.trainer is not None:
                self.trainer.cancel()

    def start(self) -> None:
        if self.active or self.state not in (IDLE, PAUSED):
            return
        with self._lock:
            self._cancel_requested = False
            if self.trainer is not None:
                self.trainer.resume()  # clear a pause's cancel flag
        thread = QThread()
        thread.setObjectName("training")
        worker = TrainingWorker(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self.progressed)
        worker.snapshotReady.connect(self.snapshotReady)
        worker.stopped.connect(self._on_stopped)
        worker.stopped.connect(thread.quit)
        self._thread, self._worker = thread, worker
        self._set_state(RUNNING)
        thread.start()

    resume = start

    def pause(self) -> None:
        if self.state == RUNNING:
            self._request_stop()  # stops after the epoch in progress
            self._set_state(PAUSING)

    def cancel(self) -> None:
        if self.state in (RUNNING, PAUSING):
            self._request_stop()
            self._set_state(CANCELLING)
        elif self.state == PAUSED:
            self._set_state(IDLE)
            self.ended.emit(self.trainer.snapshot(), CANCELLED, "")

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> None:
        """Stop the thread (window closing): the epoch in progress finishes, nothing is applied."""
        thread = self._thread
        if thread is None:
            return
        self._request_stop()
        if self._worker is not None:
            self._worker.stopped.disconnect(self._on_stopped)
        thread.quit()
        if not thread.wait(wait_ms):
            log.warning("the training thread did not stop within %d ms", wait_ms)
            return  # keep the references: destroying a running QThread aborts the process
        self._thread = self._worker = None
        self._set_state(IDLE)

    # ---- the worker has stopped (GUI thread) ---------------------------------------------------------

    def _on_stopped(self, model, error) -> None:
        thread = self._thread
        if thread is not None:
            thread.quit()
            thread.wait()  # the worker has returned from run(): this is immediate
        self._thread = self._worker = None
        state = self.state
        if error or self.trainer is None:
            self._set_state(IDLE)
            # (The worker's messages are engine Messages; the panel shows them translated.)
            self.ended.emit(model, FAILED, error or self.tr("the trainer could not be made"))
        elif state == PAUSING and self.trainer.remaining_epochs:
            self._set_state(PAUSED)
            self.paused.emit(model)
        else:
            self._set_state(IDLE)
            how = CANCELLED if state == CANCELLING and self.trainer.remaining_epochs else FINISHED
            self.ended.emit(model, how, "")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)
