"""The one stateful Qt object that talks to the engine.

Controls ask the session to move; the session moves the engine's stepper and emits one signal
carrying an immutable `StepView`; panels listen and redraw. Panels never call each other and
never touch the engine's state directly (they may read the `Simulation` they were given).

It is also the one owner of every piece of state the user changes, each announced by a signal:
the configuration and model (simulationChanged), position and stage (stepChanged), speed and step
size, the selected neuron and batch element, weight edits and their history (weightsChanged),
and the open document (documentChanged, gui/document.py). That is why this module is longer than
500 lines: splitting the owner would give that state two homes again. (The background rebuild's
worker, the document's fields and the weight edits' logic live in their own modules.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QElapsedTimer, QObject, QTimer, Signal
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.model import StepperModel
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import StepRecord
from rnn_stepper.engine.user_inputs import UserInput, config_for_input
from rnn_stepper.engine.weight_edits import WeightEdit, WeightEditor
from rnn_stepper.gui.document import Document
from rnn_stepper.gui.workers.rebuild_worker import Preparation, PreparationSignals, planned_work

log = logging.getLogger(__name__)

# Sub-operation stages of the current cell, revealed one at a time in "sub-operation" mode.
STAGE_INPUT, STAGE_RECURRENT, STAGE_SUM, STAGE_FULL = 1, 2, 3, 4
# English; `stage_name` gives them in the interface's language (the formulas stay as they are).
STAGE_NAMES = {
    STAGE_INPUT: "W_ih·x(t) + b_ih",
    STAGE_RECURRENT: "W_hh·h(t−1) + b_hh",
    STAGE_SUM: QT_TRANSLATE_NOOP("StageNames", "sum"),
    STAGE_FULL: QT_TRANSLATE_NOOP("StageNames", "nonlinearity → h_t"),
}
MIN_SPEED, MAX_SPEED, DEFAULT_SPEED = 0.5, 60.0, 2.0
# "Run to end" from the controls goes in slices, with progress and cancel, when the cells left
# cost more than this (cells x H^2 multiply-adds: T = 1000, H = 1024 is 1e9), so the window keeps
# repainting; below it one synchronous move is quicker than any progress display.
SLICED_RUN_MIN_COST = 2e8
SLICE_MS = 30  # GUI-thread time per slice; the event loop runs between slices
PREPARE_TIME_STEPS = 100  # Stepper.prepare_next's piece in a slice: ~8 ms at H = 1024
# A rebuild asked for with background=True prepares the new model in a worker thread
# (gui/workers/rebuild_worker.py) when that work costs more than this, in the same units; small models
# are rebuilt at once, as before.
BACKGROUND_REBUILD_MIN_COST = SLICED_RUN_MIN_COST
# How a background rebuild ended (Session.rebuildEnded).
REBUILD_FINISHED, REBUILD_CANCELLED, REBUILD_FAILED = "finished", "cancelled", "failed"
FRESH_ORIGIN = "a fresh initialisation from the seed"
OUTSIDE_ORIGIN = "a model from outside the app's seed (a file, a lesson or training)"
EDITED_SUFFIX = ", then edited by hand in the app"


# engine/cell.py's sub-operation names of the gated cells, for the interface's language (the
# Calculation panel's words: it names the stages too).
GATED_STAGE_NAMES = {
    "pre-activations": QT_TRANSLATE_NOOP("CalculationPanel", "the pre-activations of the gates"),
    "gates": QT_TRANSLATE_NOOP("CalculationPanel", "the gates"),
    "cell state": QT_TRANSLATE_NOOP("CalculationPanel", "the new cell state"),
    "hidden state": QT_TRANSLATE_NOOP("CalculationPanel", "the new hidden state"),
    "projection": QT_TRANSLATE_NOOP("CalculationPanel", "the projection"),
    "reset gate": QT_TRANSLATE_NOOP("CalculationPanel", "the reset gate"),
    "update gate": QT_TRANSLATE_NOOP("CalculationPanel", "the update gate"),
    "candidate": QT_TRANSLATE_NOOP("CalculationPanel", "the candidate"),
    "blend": QT_TRANSLATE_NOOP("CalculationPanel", "the blend"),
}


def stage_name(stage: int, record=None) -> str:
    """A sub-operation stage's name in the interface's language ("" for an unknown stage): the
    lesson's terms for an RNN cell, the gated cell's own stages (engine.cell.SUB_OPERATIONS) for
    an LSTM or GRU `record`."""
    if record is not None and record.gates:
        operations = record.sub_operations
        if not 1 <= stage <= len(operations):
            return ""
        # a projected LSTM has one stage more than the session counts: the last shows both
        names = (
            [operations[stage - 1].name]
            if stage < STAGE_FULL
            else [op.name for op in operations[stage - 1 :]]
        )
        return " → ".join(QCoreApplication.translate("CalculationPanel", GATED_STAGE_NAMES[n]) for n in names)
    name = STAGE_NAMES.get(stage, "")
    return QCoreApplication.translate("StageNames", name) if name else ""


class StepSize(Enum):
    CELL = "cell"
    TIME_STEP = "time step"
    SUB_OPERATION = "sub-operation"


@dataclass(frozen=True, slots=True)
class StepView:
    """What the panels draw. Cells with index < position - 1 are complete; the current cell
    (index position - 1, described by `record`) is complete only when stage == STAGE_FULL."""

    position: int  # number of cells computed
    total: int  # number of cells in the schedule
    record: StepRecord | None  # the current cell, None before the first step
    stage: int
    batch_index: int  # which batch element the panels show

    @property
    def current_complete(self) -> bool:
        return self.record is not None and self.stage == STAGE_FULL


KEEP_INPUT = object()  # set_config: keep the user's input files in use


class Session(QObject):
    simulationChanged = Signal(object)  # Simulation: a new model or inputs; panels rebuild
    stepChanged = Signal(object)  # StepView
    playingChanged = Signal(bool)
    speedChanged = Signal(float)  # play speed in steps per second (the controls bar shows it)
    stepSizeChanged = Signal(object)  # StepSize: how far one press of "step" moves
    # The two carry a str; an engine message (engine.messages.Message, a str) keeps its code so the
    # window shows it in the user's language (gui.i18n.translate_error): hence `object`, not str.
    configRejected = Signal(object)  # a configuration the engine refused; the old one stays
    errorOccurred = Signal(object)  # anything else that went wrong, for the status bar / dialog
    neuronSelected = Signal(int)  # the hidden unit the user picked (highlighted in every panel)
    # The running model's weights were edited in place (change_weights, or apply_weight_change): the
    # Simulation and its stepper are the same objects, recomputed; simulationChanged and
    # stepChanged follow, so panels redraw. The edit history (weight_editor) changed with them.
    weightsChanged = Signal()
    # A sliced run (to the end, or a long seek ahead): (cells computed, the position it is going
    # to) after each slice; then (-1, -1) when it finished or was cancelled.
    runProgressed = Signal(int, int)
    # A background rebuild (set_config(background=True) of a big model): (work done, work in all)
    # while the new model is prepared off the GUI thread; the old one stays on screen meanwhile.
    rebuildProgressed = Signal(int, int)
    rebuildEnded = Signal(str)  # REBUILD_FINISHED (the new model is in), _CANCELLED or _FAILED
    documentChanged = Signal(object)  # Document: what was opened (a lesson, a model file), its notes

    def __init__(self, parent=None, config: RNNConfig | None = None):
        super().__init__(parent)
        self.simulation: Simulation = Simulation.build(config or preset_config("text-woaini"))
        self.step_size = StepSize.CELL
        self.stage = STAGE_FULL
        self.batch_index = 0
        self.selected_neuron = 0
        self.speed = DEFAULT_SPEED
        # Whether the model came from outside (a file, a lesson, training) rather than from the
        # configuration's seed: the configuration panel then keeps it for changes that fit it.
        self.model_is_custom = False
        # Where the running model's weights came from, in English for the generated code's
        # comments ("trained in the app", "loaded from woaini.rnnlesson"); FRESH_ORIGIN: the seed's.
        self.model_origin = FRESH_ORIGIN
        self.document = Document()  # what the user opened; see gui/document.py
        self._play_clock = QElapsedTimer()
        self._played = 0  # steps done since the play clock started
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_tick)
        self._timer.setInterval(self._interval_ms())
        self._slice_timer = QTimer(self)  # the sliced run (seek_sliced, run_to_end_sliced)
        self._slice_timer.setInterval(0)
        self._slice_timer.timeout.connect(self._run_slice)
        self._slice_target = 0  # where the sliced run is going
        self._rebuild: _PendingRebuild | None = None  # a new model being prepared off the GUI thread
        self._rebuild_signals: PreparationSignals | None = None  # made when first needed
        self._weight_editor: WeightEditor | None = None  # the running model's edits (weight_editor)

    # ---- reading ---------------------------------------------------------------------------------

    @property
    def config(self) -> RNNConfig:
        return self.simulation.config

    @property
    def stepper(self):
        return self.simulation.stepper

    @property
    def requested_config(self) -> RNNConfig:
        """The configuration being prepared in the background if any, else the running one:
        what the configuration form shows, and what the next change starts from."""
        return self._rebuild.config if self._rebuild is not None else self.config

    @property
    def requested_custom_model(self) -> StepperModel | None:
        """The model from outside (a file, a lesson, training, edits) that `requested_config`
        runs, None for one fresh from the seed: what a further change may keep."""
        if self._rebuild is not None:
            return self._rebuild.model
        return self.simulation.model if self.model_is_custom else None

    @property
    def rebuilding(self) -> bool:
        """Whether a new model is being prepared off the GUI thread (moves are ignored meanwhile)."""
        return self._rebuild is not None

    def view(self) -> StepView:
        s = self.stepper
        return StepView(
            s.position, len(s), s.current, self.stage if s.position else STAGE_FULL, self.batch_index
        )

    def cell_check(self):
        """Every computed cell compared with nn.RNN (engine CellCheck; cheap: new cells only).
        Marks cells that disagree for good (the network keeps them outlined)."""
        return self.stepper.check_cells()

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    # ---- moving ----------------------------------------------------------------------------------

    def step(self) -> None:
        """One press of "step": a cell, a whole time step, or the next sub-operation."""
        self._move(self._advance)

    def _advance(self) -> None:
        s = self.stepper
        if self.step_size is StepSize.SUB_OPERATION:
            if s.position and self.stage < STAGE_FULL:
                self.stage += 1
            elif not s.done:
                s.seek(s.position + 1)
                self.stage = STAGE_INPUT
        elif self.step_size is StepSize.TIME_STEP:
            s.step_group()
            self.stage = STAGE_FULL
        else:
            s.seek(min(s.position + 1, len(s)))
            self.stage = STAGE_FULL

    @property
    def at_end(self) -> bool:
        return self.stepper.done and self.stage == STAGE_FULL

    def back(self) -> None:
        def move():
            s = self.stepper
            if self.step_size is StepSize.SUB_OPERATION and s.position and self.stage > STAGE_INPUT:
                self.stage -= 1
            elif self.step_size is StepSize.TIME_STEP:
                s.back_group()
                self.stage = STAGE_FULL
            else:
                s.back()
                self.stage = STAGE_FULL

        self._move(move)

    def seek(self, position: int) -> None:
        position = self._clamped(position)
        self._move(lambda: (self.stepper.seek(position), self._set_stage(STAGE_FULL)))

    def _clamped(self, position) -> int:
        return max(0, min(int(position), len(self.stepper)))

    def reset(self) -> None:
        self.pause()
        self.seek(0)

    def run_to_end(self) -> None:
        self.pause()
        self.cancel_run()
        self.seek(len(self.stepper))

    # ---- sliced runs: the controls' End and the timeline's jumps ahead --------------------------------

    @property
    def running(self) -> bool:
        """Whether a sliced run (to the end, or a long seek ahead) is under way."""
        return self._slice_timer.isActive()

    @property
    def run_target(self) -> int:
        """The position a sliced run is going to (len(stepper) for a run to the end)."""
        return self._slice_target

    def run_to_end_sliced(self) -> None:
        """Run to the end a slice at a time when that is long work (SLICED_RUN_MIN_COST), so the
        window repaints, shows progress and can cancel; otherwise at once."""
        self.seek_sliced(len(self.stepper))

    def seek_sliced(self, position: int) -> None:
        """Seek as the timeline does: a jump far ahead (SLICED_RUN_MIN_COST) goes in slices like
        a run to the end; anything else at once. While a run goes on, a new position ahead of it
        becomes its goal (a drag of the slider), one behind it stops it and goes there at once
        (going back is free)."""
        self.pause()
        if self.rebuilding:
            return  # moves are ignored until the new model is in (see _move)
        s = self.stepper
        position = self._clamped(position)
        if self.running:
            if position > s.position:
                self._slice_target = position
                self.runProgressed.emit(s.position, position)
                return
            self.cancel_run()
        if (position - s.position) * s.H * s.H < SLICED_RUN_MIN_COST:
            self.seek(position)
            return
        self._slice_target = position
        self._slice_timer.start()
        self.runProgressed.emit(s.position, position)

    def cancel_run(self) -> None:
        """Stop a sliced run where it is; the cells computed so far stay computed and shown."""
        if self.running:
            self._slice_timer.stop()
            self.runProgressed.emit(-1, -1)
            self._set_stage(STAGE_FULL)
            self.stepChanged.emit(self.view())

    def _run_slice(self) -> None:
        s = self.stepper
        clock = QElapsedTimer()
        clock.start()
        target = min(self._slice_target, len(s))
        if s.position >= target:  # arrived in the slice before: the redraw gets a turn of its own
            self.cancel_run()  # (ends the run and shows where it is, as Esc does)
            return
        try:
            while s.position < target and clock.elapsed() < SLICE_MS:
                # a deeper bidirectional layer's input terms in pieces first, then four cells
                # between clock checks
                if not s.prepare_next(PREPARE_TIME_STEPS):
                    s.seek(min(target, s.position + 4))
        except Exception as exc:  # noqa: BLE001 — never let a slice kill the window
            self._slice_timer.stop()
            self.runProgressed.emit(-1, -1)
            self._report(exc)
            return
        self.runProgressed.emit(s.position, target)

    def _set_stage(self, stage: int) -> None:
        self.stage = stage

    def _move(self, move) -> None:
        if self.rebuilding:  # the new model is being stepped to this position: moves are ignored
            return  # until it is in (the status bar says so; Esc cancels)
        if self.running:  # any other move stops a sliced run first
            self.cancel_run()
        before = (self.stepper.position, self.stage)
        try:
            move()
        except Exception as exc:  # noqa: BLE001 — never let a step kill the window
            self._report(exc)
            return
        if (self.stepper.position, self.stage) != before:
            self.stepChanged.emit(self.view())

    # ---- playing ---------------------------------------------------------------------------------

    def play(self) -> None:
        if self.at_end:
            self.seek(0)  # play from the start again, as a media player does
        if not self.playing:
            self._restart_play_clock()
            self._timer.start()
            self.playingChanged.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, steps_per_second: float) -> None:
        speed = max(MIN_SPEED, min(MAX_SPEED, float(steps_per_second)))
        if speed == self.speed:
            return
        self.speed = speed
        self._timer.setInterval(self._interval_ms())
        self._restart_play_clock()
        self.speedChanged.emit(speed)

    def _interval_ms(self) -> int:
        return max(1, round(1000 / self.speed))

    def _restart_play_clock(self) -> None:
        self._play_clock.start()
        self._played = 0

    def _on_tick(self) -> None:
        """Advance by as many steps as the clock says are due, then redraw once.

        Playing keeps to the chosen speed in steps per second even when a frame takes longer
        than a tick (a big model at 60 steps/s): the steps still happen, frames are dropped."""
        if self.at_end:
            self.pause()
            return
        due = int(self._play_clock.elapsed() * self.speed / 1000) - self._played
        if due <= 0:
            return
        self._played += due

        def advance_due():
            for _ in range(due):
                if self.at_end:
                    break
                self._advance()

        self._move(advance_due)

    # ---- options -----------------------------------------------------------------------------------

    def set_step_size(self, size: StepSize) -> None:
        size = StepSize(size)
        if size is self.step_size:
            return
        self.step_size = size
        self.stepSizeChanged.emit(size)
        if size is not StepSize.SUB_OPERATION and self.stage != STAGE_FULL:
            self.stage = STAGE_FULL
            self.stepChanged.emit(self.view())

    def set_batch_index(self, index: int) -> None:
        index = max(0, min(int(index), self.simulation.batch_size - 1))
        if index != self.batch_index:
            self.batch_index = index
            self.stepChanged.emit(self.view())

    def select_neuron(self, index: int) -> None:
        index = max(0, min(int(index), self.config.hidden_size - 1))
        if index != self.selected_neuron:
            self.selected_neuron = index
            self.neuronSelected.emit(index)

    def set_config(
        self,
        config: RNNConfig,
        model: StepperModel | None = None,
        keep_stage: bool = False,
        user_input: UserInput | None | object = None,
        origin: str | None = None,
        background: bool = False,
    ) -> bool:
        """Rebuild with a new configuration (and optionally a loaded model), keeping the step
        position where it still exists. On failure the old simulation stays and False returns.
        `keep_stage` keeps the sub-operation stage too (a model that changes under the student's
        eyes while training must not move them).

        `user_input`: the user's own input files (None: the configuration makes the inputs;
        KEEP_INPUT: the ones in use, as the configuration panel asks). They fix the sequence length
        and batch size of a tensor-input configuration; text input sets an input tensor aside; a
        configuration they do not fit is refused. Lessons, presets and other models start afresh.
        `origin` says where `model` came from (English); by default the running model keeps its
        origin and any other model is "from outside".

        `background` (the configuration panel): when the rebuild is long work
        (BACKGROUND_REBUILD_MIN_COST: the build, stepping to the kept position, nn.RNN's
        reference), True returns at once and a worker thread does it (gui/workers/rebuild_worker.py),
        with rebuildProgressed; the new model replaces the old one when it is ready
        (rebuildEnded), Esc (cancel) keeps the old one, and a configuration the build refuses
        comes back as configRejected then. Until then the old model stays on screen,
        `requested_config` is the new configuration, and moves are ignored. (The configuration
        itself was checked when it was made: RNNConfig validates, with the memory budget.)"""
        if user_input is KEEP_INPUT:
            user_input = self._rebuild.user_input if self._rebuild is not None else self.simulation.user_input
        try:
            if user_input is not None and user_input.inputs is not None:
                if config.is_text:
                    user_input = (
                        None
                        if user_input.h0 is None
                        else UserInput(None, user_input.h0, "", user_input.h0_name)
                    )
                else:
                    config = config_for_input(config, user_input)
            if background and planned_cost(config, self.stepper.position) >= BACKGROUND_REBUILD_MIN_COST:
                self._prepare_in_background(config, model, user_input, keep_stage, origin)
                return True
            simulation = Simulation.build(config, model, user_input)
            simulation.stepper.seek(min(self.stepper.position, len(simulation.stepper)))
        except UserError as exc:
            self.configRejected.emit(exc.message)
            return False
        except Exception as exc:  # noqa: BLE001 — a defect in a build must not kill the window either
            self._report(exc)
            return False
        replaced = self._rebuild is not None
        self.cancel_rebuild(announce=False)  # this newer model replaces one being prepared
        self._install(simulation, model, keep_stage, origin)
        if replaced:
            self.rebuildEnded.emit(REBUILD_FINISHED)  # (a model is in: not "cancelled")
        return True

    def _install(
        self, simulation: Simulation, model: StepperModel | None, keep_stage: bool, origin: str | None
    ) -> None:
        """Make a built (and stepped) simulation the running one and tell every panel."""
        self.cancel_run()  # a new model: a run was for the old one
        if model is None:
            self.model_origin = FRESH_ORIGIN
        elif origin is not None:
            self.model_origin = origin
        elif model is not self.simulation.model:
            self.model_origin = OUTSIDE_ORIGIN
        self.simulation = simulation
        self.model_is_custom = model is not None
        if simulation.model is not self.document.source_model and self.document.source is not None:
            self.update_document(source=None, source_model=None)  # another model: not that file's
        self.batch_index = min(self.batch_index, simulation.batch_size - 1)
        self.selected_neuron = min(self.selected_neuron, simulation.config.hidden_size - 1)
        if not keep_stage:
            self.stage = STAGE_FULL
        self.simulationChanged.emit(simulation)
        self.stepChanged.emit(self.view())

    # ---- a rebuild prepared off the GUI thread -----------------------------------------------------

    def _prepare_in_background(
        self,
        config: RNNConfig,
        model: StepperModel | None,
        user_input: UserInput | None,
        keep_stage: bool,
        origin: str | None,
    ) -> None:
        self.cancel_rebuild(announce=False)  # this newer request replaces one being prepared
        self.cancel_run()
        self.pause()
        if self._rebuild_signals is None:
            self._rebuild_signals = PreparationSignals(self)
            self._rebuild_signals.connect_to(self._on_rebuild_progressed, self._on_rebuild_finished)
        preparation = Preparation(config, model, user_input, self.stepper.position, self._rebuild_signals)
        self._rebuild = _PendingRebuild(preparation, config, user_input, model, keep_stage, origin)
        self.rebuildProgressed.emit(0, preparation.work)
        preparation.start()  # from here the worker alone touches what it builds

    def cancel_rebuild(self, announce: bool = True) -> None:
        """Drop the model being prepared; the running one stays as it is."""
        pending, self._rebuild = self._rebuild, None
        if pending is None:
            return
        pending.preparation.cancel()
        if announce:
            self.rebuildEnded.emit(REBUILD_CANCELLED)

    def cancel(self) -> None:
        """Esc: stop whatever long work is under way (a sliced run, a background rebuild)."""
        self.cancel_run()
        self.cancel_rebuild()

    def _restart_rebuild(self) -> None:
        """Prepare the pending configuration again (its model's weights were edited in place)."""
        pending = self._rebuild
        self.cancel_rebuild(announce=False)
        if not self.set_config(
            pending.config,
            pending.model,
            pending.keep_stage,
            pending.user_input,
            pending.origin,
            background=True,
        ):
            self.rebuildEnded.emit(REBUILD_FAILED)

    def _on_rebuild_progressed(self, number: int, done: int, total: int) -> None:
        if self._rebuild is not None and number == self._rebuild.preparation.number:
            self.rebuildProgressed.emit(done, total)

    def _on_rebuild_finished(self, number: int, simulation, error, refused: bool) -> None:
        pending = self._rebuild
        if pending is None or number != pending.preparation.number:
            return  # a cancelled preparation's late answer
        self._rebuild = None
        if simulation is None:  # refused by the build (a UserError), or a defect: the old model stays
            (self.configRejected if refused else self.errorOccurred).emit(error)
            self.rebuildEnded.emit(REBUILD_FAILED)
            return
        try:
            self._install(simulation, pending.model, pending.keep_stage, pending.origin)
        finally:
            self.rebuildEnded.emit(REBUILD_FINISHED)

    # ---- the open document --------------------------------------------------------------------------

    def update_document(self, **changes) -> None:
        """Change fields of the open document (gui.document.Document), e.g.
        update_document(titles=..., descriptions=...); documentChanged tells whoever shows it."""
        document = replace(self.document, **changes)
        if document != self.document:
            self.document = document
            self.documentChanged.emit(document)

    # ---- weight edits -------------------------------------------------------------------------------

    @property
    def weight_editor(self) -> WeightEditor:
        """The running model's weight edits and their undo history, to read (can_undo,
        undo_label, is_modified, value...); weights change through `change_weights`. A new
        simulation gets a new history: it belongs to the model it edited. (Made when first asked
        for: it copies every weight, which a session nobody edits need not pay.)"""
        if self._weight_editor is None or self._weight_editor.simulation is not self.simulation:
            self._weight_editor = WeightEditor(self.simulation)
        return self._weight_editor

    def change_weights(self, change: Callable[[WeightEditor], WeightEdit | None]) -> WeightEdit | None:
        """The one way the app changes the running model's weights: `change` gets the editor and
        makes one undoable edit (e.g. `lambda editor: editor.scale("weight_hh_l0", 2)`, or
        WeightEditor.undo / redo / reset); the stepper is recomputed in place and every panel is
        told. Returns the edit, None when there was nothing to do; a refused edit raises
        UserError and changes nothing."""
        edit = change(self.weight_editor)
        if edit is not None:
            self.apply_weight_change()
        return edit

    def edit_weight(self, name: str, index, value: float) -> WeightEdit | None:
        """Set one weight, e.g. edit_weight("weight_hh_l0", (0, 2), 0.5) (see change_weights)."""
        return self.change_weights(lambda editor: editor.set_weight(name, tuple(index), value))

    def apply_weight_change(self) -> None:
        """Announce that the running model's weights changed in place with its stepper recomputed
        (change_weights does it; so may a caller that wrote the module's parameters itself):
        every panel redraws from the same Simulation."""
        if self._rebuild is not None and self._rebuild.model is self.simulation.model:
            self._restart_rebuild()  # it was being prepared from the weights before the edit
        self.model_is_custom = True  # edited weights: the configuration panel keeps them where it can
        if not self.model_origin.endswith(EDITED_SUFFIX):
            self.model_origin += EDITED_SUFFIX
        self.weightsChanged.emit()
        self.simulationChanged.emit(self.simulation)
        self.stepChanged.emit(self.view())

    def load_preset(self, name: str) -> bool:
        try:
            config = preset_config(name)
        except UserError as exc:
            self.configRejected.emit(exc.message)
            return False
        return self.set_config(config)

    def _report(self, exc: Exception) -> None:
        if isinstance(exc, UserError):
            self.errorOccurred.emit(exc.message)
        else:
            log.exception("unexpected error")
            self.errorOccurred.emit(Message("defect.unexpected", detail=f"{type(exc).__name__}: {exc}"))


@dataclass(frozen=True)
class _PendingRebuild:
    """A set_config(background=True) whose new model is being prepared: what installing it needs."""

    preparation: Preparation
    config: RNNConfig
    user_input: UserInput | None
    model: StepperModel | None
    keep_stage: bool
    origin: str | None


def planned_cost(config: RNNConfig, position: int) -> float:
    """Multiply-adds (cells x H^2) of a rebuild before it is built: stepping the new model to
    `position` (the old one's), then nn.RNN's reference over every cell (the first record needs
    it)."""
    return planned_work(config, position) * config.hidden_size**2
