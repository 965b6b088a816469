"""Rebuilding a big model off the GUI thread, so that a rebuild does not freeze the window.

At T = 1000, H = 1024 a rebuild is up to a second or more of work: the build (the model's init,
the stepper's buffers and first input terms), stepping the new model to the position the student
was at, nn.RNN's reference forward (the first record needs it) and the check of every computed
cell. `Session.set_config(..., background=True)` (the configuration panel) hands it to a
`Preparation`: a Python thread does it while the GUI thread shows its progress and keeps
repainting. The configuration was checked when it was made (RNNConfig validates, memory budget
included), so what the build can still refuse (a model or input file that does not fit) comes
back as a refusal when the thread ends; the old model stays meanwhile and then.

Threading contract (as in gui/workers/training_worker.py, only results cross threads):
- from `start()` until `finished` is delivered, only the worker touches the new Simulation; the
  GUI thread keeps showing the old one and never reads the new one;
- the worker reads a given model's weights and the user's input tensors, never writes them; the
  GUI thread must not edit them in place while a preparation that shares them runs (the Session
  starts it again after a weight edit);
- a fresh model's init seeds the global RNG under engine.rng's lock, as the GUI thread does;
- the worker only emits, through `PreparationSignals` (a QObject of the GUI thread, queued
  connections), each signal tagged with the preparation's number so that the late answer of a
  cancelled one is recognised and dropped;
- cancel is a threading.Event, checked between chunks of cells. The one call that cannot stop
  midway (nn.RNN's forward, about 0.15 s a layer at this size) runs out and its result is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time

import torch
from PySide6.QtCore import QObject, Qt, Signal
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.model import StepperModel
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.user_inputs import UserInput

log = logging.getLogger(__name__)

# Cells stepped between two looks at the cancel flag and two progress reports, as a cost in
# multiply-adds (cells x H^2): about 5 ms of work whatever the hidden size.
CHUNK_COST = 2e7
PROGRESS_SECONDS = 0.05  # progress reports at most this often: each one relays out the status bar
WORKER_THREADS = 1  # torch's intra-op threads in the worker (see Preparation._run)


def planned_work(config: RNNConfig, position: int) -> int:
    """The work of a rebuild, in cells, before it is built: those stepped to reach `position`
    (the old model's, at most every cell), then nn.RNN's reference, about one pass over every
    cell. (The build itself is small beside them.) Text input: its characters bound the tokens."""
    steps = len(config.text) if config.is_text else config.seq_len
    cells = steps * config.num_layers * config.num_directions
    return min(position, cells) + cells


class PreparationSignals(QObject):
    """The signals every preparation of one session emits, tagged with the preparation's number.

    One long-lived QObject in the GUI thread (the session's child) rather than one per
    preparation: a cancelled preparation's thread may still be running, and a QObject must not
    be deleted while another thread may emit through it."""

    progressed = Signal(int, int, int)  # (preparation number, work done, work in all), in cells
    # (number, the prepared Simulation or None, error message or "" (an engine Message keeps its
    # code for translation: object), whether the build refused the configuration: a UserError,
    # said to the student as a refusal)
    finished = Signal(int, object, object, bool)

    def connect_to(self, on_progressed, on_finished) -> None:
        """Queued: the slots run in the GUI thread whichever thread emits."""
        self.progressed.connect(on_progressed, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(on_finished, Qt.ConnectionType.QueuedConnection)


class Preparation:
    """Builds the Simulation of `config` (with `model` and `user_input`, as Simulation.build),
    steps it to `position` (where the old one was, if it has that many cells) and computes its
    reference and cell check, in a worker thread; `signals.finished` hands it back."""

    _numbers = itertools.count(1)

    def __init__(
        self,
        config: RNNConfig,
        model: StepperModel | None,
        user_input: UserInput | None,
        position: int,
        signals: PreparationSignals,
    ):
        self.number = next(self._numbers)
        self.work = planned_work(config, position)
        self._build = (config, model, user_input)
        self._position = position
        self._signals = signals
        self._cancel = threading.Event()
        # Held while emitting: once cancel() returns, this preparation never emits again, so the
        # GUI thread may then let the signals' QObject go.
        self._lock = threading.Lock()
        # Not a daemon: a thread cut off inside torch at exit could crash the interpreter; the
        # longest piece it cannot stop midway is one layer's nn.RNN forward.
        self._thread = threading.Thread(target=self._run, name="simulation-preparation")

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop at the next chunk; nothing more is emitted (a result already on its way to the
        GUI thread is recognised there by its number and dropped)."""
        with self._lock:
            self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, seconds: float | None = None) -> bool:
        """Join the worker thread (tests and shutdown); True when it has ended."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    # ---- in the worker thread ----------------------------------------------------------------------

    def _run(self) -> None:
        # One core for the worker, the other stays the GUI thread's: with torch's default two
        # threads here, the worker's OpenMP team (which spins a while after each product) took
        # both cores of a 2-core machine from the event loop. ATen's OpenMP backend keeps the
        # count per thread (omp ICV, MKL's local setting); the GUI thread keeps its own (tested).
        torch.set_num_threads(WORKER_THREADS)
        try:
            simulation = self._prepare()
        except UserError as exc:  # the build refused the configuration: the old model stays
            self._emit("finished", None, exc.message, True)
            return
        except Exception as exc:  # reported to the student; the old model stays
            log.exception("preparing the new model failed")
            self._emit(
                "finished", None, Message("defect.unexpected", detail=f"{type(exc).__name__}: {exc}"), False
            )
            return
        if simulation is not None:
            self._emit("finished", simulation, "", False)

    def _prepare(self) -> Simulation | None:
        """The prepared Simulation; None when cancelled on the way."""
        simulation = Simulation.build(*self._build)  # (a model's init takes engine.rng's lock)
        self._build = None
        stepper = simulation.stepper
        target = min(self._position, len(stepper))
        chunk = max(1, int(CHUNK_COST // (stepper.H * stepper.H)))
        reported = time.monotonic()
        while stepper.position < target:
            if self.cancelled:
                return None
            stepper.seek(min(target, stepper.position + chunk))
            if time.monotonic() - reported >= PROGRESS_SECONDS:
                reported = time.monotonic()
                self._emit("progressed", stepper.position, self.work)
        if self.cancelled:
            return None
        stepper.reference_hidden  # noqa: B018 — nn.RNN's forward, a layer at a time: the one long piece
        if self.cancelled:
            return None
        stepper.check_cells()  # every computed cell against the reference: the status bar's count
        self._emit("progressed", self.work, self.work)
        return simulation

    def _emit(self, name: str, *args) -> None:
        with self._lock:
            if self.cancelled:
                return
            try:
                getattr(self._signals, name).emit(self.number, *args)
            except RuntimeError:  # the signals' QObject is gone (the window closed): nobody listens
                self._cancel.set()
