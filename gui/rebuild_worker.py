"""Preparing a rebuilt Simulation off the GUI thread, so a big model's rebuild does not freeze it.

At T = 1000, H = 1024 most of a rebuild is not the build: it is stepping the new model to the
position the student was at, nn.RNN's reference forward (the first record needs it) and the
check of every computed cell, up to a second or more. `Session.set_config(..., background=True)`
builds the Simulation on the GUI thread (quick, and where every refusal is raised, so a bad
configuration is still refused at once) and hands the rest to a `Preparation`: a Python thread
does it while the GUI thread shows its progress and keeps repainting.

Threading contract (as in gui/training_worker.py, only results cross threads):
- from `start()` until `finished` is delivered, only the worker touches the new Simulation; the
  GUI thread keeps showing the old one and never reads the new one;
- the worker reads the model's weights and never writes them; the GUI thread must not edit them
  in place while a preparation that shares them runs (the Session starts it again after an edit);
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

from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.simulation import Simulation

log = logging.getLogger(__name__)

# Cells stepped between two looks at the cancel flag and two progress reports, as a cost in
# multiply-adds (cells x H^2): about 5 ms of work whatever the hidden size.
CHUNK_COST = 2e7
PROGRESS_SECONDS = 0.05  # progress reports at most this often: each one relays out the status bar
WORKER_THREADS = 1  # torch's intra-op threads in the worker (see Preparation._run)


def preparation_work(simulation: Simulation, position: int) -> int:
    """The work a preparation does, in cells: those stepped to reach `position`, then nn.RNN's
    reference, which costs about one pass over every cell."""
    return position + len(simulation.stepper)


class PreparationSignals(QObject):
    """The signals every preparation of one session emits, tagged with the preparation's number.

    One long-lived QObject in the GUI thread (the session's child) rather than one per
    preparation: a cancelled preparation's thread may still be running, and a QObject must not
    be deleted while another thread may emit through it."""

    progressed = Signal(int, int, int)  # (preparation number, work done, work in all), in cells
    finished = Signal(int, object, str)  # (number, the prepared Simulation or None, error or "")

    def connect_to(self, on_progressed, on_finished) -> None:
        """Queued: the slots run in the GUI thread whichever thread emits."""
        self.progressed.connect(on_progressed, Qt.ConnectionType.QueuedConnection)
        self.finished.connect(on_finished, Qt.ConnectionType.QueuedConnection)


class Preparation:
    """Steps a freshly built `simulation` to `position` and computes its reference and cell
    check in a worker thread; `signals.finished` hands it back (or None and a message)."""

    _numbers = itertools.count(1)

    def __init__(self, simulation: Simulation, position: int, signals: PreparationSignals):
        self.number = next(self._numbers)
        self.work = preparation_work(simulation, position)
        self._simulation = simulation
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
        simulation, self._simulation = self._simulation, None  # the thread's alone from here
        # One core for the worker, the other stays the GUI thread's: with torch's default two
        # threads here, the worker's OpenMP team (which spins a while after each product) took
        # both cores of a 2-core machine from the event loop. ATen's OpenMP backend keeps the
        # count per thread (omp ICV, MKL's local setting); the GUI thread keeps its own (tested).
        torch.set_num_threads(WORKER_THREADS)
        try:
            done = self._prepare(simulation)
        except Exception as exc:  # noqa: BLE001 — reported to the student; the old model stays
            if not isinstance(exc, UserError):
                log.exception("preparing the new model failed")
            self._emit("finished", None, str(exc) if isinstance(exc, UserError) else
                       f"unexpected error: {type(exc).__name__}: {exc}")
            return
        if done:
            self._emit("finished", simulation, "")

    def _prepare(self, simulation: Simulation) -> bool:
        """True when everything was done; False when cancelled on the way."""
        stepper = simulation.stepper
        chunk = max(1, int(CHUNK_COST // (stepper.H * stepper.H)))
        reported = time.monotonic()
        while stepper.position < self._position:
            if self.cancelled:
                return False
            stepper.seek(min(self._position, stepper.position + chunk))
            if time.monotonic() - reported >= PROGRESS_SECONDS:
                reported = time.monotonic()
                self._emit("progressed", stepper.position, self.work)
        if self.cancelled:
            return False
        stepper.reference_hidden  # nn.RNN's forward, a layer at a time: the one long piece
        if self.cancelled:
            return False
        stepper.check_cells()  # every computed cell against the reference: the status bar's count
        self._emit("progressed", self.work, self.work)
        return True

    def _emit(self, name: str, *args) -> None:
        with self._lock:
            if self.cancelled:
                return
            try:
                getattr(self._signals, name).emit(self.number, *args)
            except RuntimeError:  # the signals' QObject is gone (the window closed): nobody listens
                self._cancel.set()
