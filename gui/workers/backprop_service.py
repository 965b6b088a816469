"""Backward passes for the Backprop panel, asked for by the panel and computed here, never in a
widget's drawing code.

One `BackpropService` per Session (a child QObject of it, found again with `for_session`), so a
panel made again by a language switch finds the results of the one it replaces. It keeps the
last few results of the running model, keyed by what they depend on: the Simulation, its stepper
and t*. A weight edit recomputes the same stepper in place (engine.weight_edits), so what keeps a
result from outliving its weights is this: every `simulationChanged` (a new model, training, an
edit, an undo) drops them all, and a result is never shown for other weights.
Stepping back and forth over the same t* then costs one backward pass per t*, not one per step.

The panel stays lazy: it asks only when it is seen or read back (gui/panels/lazy.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from rnn_stepper.engine.bptt import Backprop, backprop

# Automatic recomputation only below this many multiply-adds (cells × H × (H + input)); a bigger
# net waits for the Compute button, so that stepping never stalls on a long backward pass.
AUTO_COMPUTE_WORK = 60_000_000
KEPT_RESULTS = 8  # t* values kept per model: a T = 1000 window's result is a few MB each


class BackpropService(QObject):
    """Computes and keeps `engine.bptt.backprop(simulation, t_star)` for the session's model."""

    def __init__(self, session):
        super().__init__(session)
        self.setObjectName("backpropService")
        self._session = session
        # (simulation, stepper, t*, result), oldest first; compared by identity: the objects are
        # held, so no other one can take their place while kept
        self._kept: list[tuple[object, object, int, Backprop]] = []
        self.computed_count = 0  # backward passes actually run (the others were kept ones)
        session.simulationChanged.connect(self._forget)

    @classmethod
    def for_session(cls, session) -> BackpropService:
        """The session's service, made on first use."""
        service = session.findChild(cls, "backpropService")
        return service if service is not None else cls(session)

    def result(self, t_star: int) -> Backprop:
        """The backward pass of the current model with the loss at `t_star`; raises the
        engine's UserError (its message is for the user) when there is no such loss."""
        simulation = self._session.simulation
        for entry in self._kept:
            if entry[0] is simulation and entry[1] is simulation.stepper and entry[2] == t_star:
                self._kept.remove(entry)
                self._kept.append(entry)  # the most recently asked is the last to go
                return entry[3]
        result = backprop(simulation, t_star)
        self.computed_count += 1
        self._kept = [
            entry for entry in self._kept if entry[0] is simulation and entry[1] is simulation.stepper
        ]
        self._kept = [*self._kept[-(KEPT_RESULTS - 1) :], (simulation, simulation.stepper, t_star, result)]
        return result

    def worth_computing_unasked(self) -> bool:
        """False for a network whose backward pass would stall stepping: it waits for Compute."""
        return self.work() <= AUTO_COMPUTE_WORK

    def work(self) -> int:
        """Multiply-adds of one backward pass, roughly."""
        s = self._session.simulation.stepper
        inputs = self._session.config.input_size
        # G gate blocks of H rows (G = 1 for the plain RNN, whose H_out is H)
        return len(s) * s.B * s.G * s.H * (s.H_out + max(inputs, s.H_out * s.D))

    def _forget(self, _simulation=None) -> None:
        """The model or its weights changed (or may have): no kept result applies any more."""
        self._kept.clear()
