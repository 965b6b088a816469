"""A seeded monkey: thousands of random user actions through the real window.

Every action goes through what a user touches: the controls' actions and keys, the timeline,
step size, speed and batch widgets, the configuration panel's widgets (valid and invalid values,
presets), play with a few timer ticks, classroom mode, lessons saved and opened again, and a few
exports. After each action the event loop runs (panels repaint) and the test checks that
- no exception escaped (pytest-qt's capture of exceptions in slots and virtual methods), nothing
  was logged as an error and the session reported nothing "unexpected";
- the state is consistent: the position is in range, the timeline and the batch spin box show
  the session's values, and the calculation panel's numbers are the engine's current record.

RNN_STEPPER_MONKEY_SEED=N reruns one sequence; RNN_STEPPER_MONKEY_ACTIONS=N changes its length.
A failure prints the seed and the last actions. It also opens model files (good ones, one with
NaN and Inf weights, broken ones and a code-running pickle, which must be refused and never run).
"""

from __future__ import annotations

import logging
import math
import os
import random
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from rnn_stepper.engine.config import LIMITS, RNNConfig
from rnn_stepper.gui.exporting import export
from rnn_stepper.gui.main_window import position_text
from rnn_stepper.gui.panels.calculation import REFERENCE, REVEALED_AT
from rnn_stepper.gui.session import STAGE_FULL, StepSize

from tests.gui.file_helpers import (
    bad_files,
    built_window,
    save_text_model,
    save_tutorial_model,
    write_code_running_pickle,
)

SEED = int(os.environ.get("RNN_STEPPER_MONKEY_SEED", "1234"))
ACTIONS = int(os.environ.get("RNN_STEPPER_MONKEY_ACTIONS", "2000"))
START = RNNConfig(input_size=4, hidden_size=6, num_layers=2, seq_len=5, batch_size=2, seed=0)
TEXT_ALPHABET = "我爱你他们 ab,。"
MAX_EXPORTS = 6  # exports render every panel: slow, so a few only
MAX_LESSONS = 6
MAX_MODELS = 8
PRINTED_ATOL = 6e-5  # printed with 4 decimals: half a unit of the last digit, plus float error
BARS_ATOL = 1e-6
SMALL_RANGES = {
    "input_size": (1, 6),
    "hidden_size": (1, 12),
    "num_layers": (1, 3),
    "seq_len": (1, 8),
    "batch_size": (1, 3),
    "seed": (0, 5),
}


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()}")


class Monkey:
    def __init__(self, qtbot, window, rng: random.Random, folder):
        self.qtbot, self.window, self.rng, self.folder = qtbot, window, rng, folder
        self.session = window.session
        self.config_panel = window.panels["config"]
        self.exports = 0
        self.lessons = 0
        self.models = 0
        self._model_files: dict = {}
        self.saved_lessons = []
        self.actions = [
            (12, self.press_key),
            (10, self.trigger_control),
            (6, self.seek_timeline),
            (4, self.change_step_size),
            (2, self.change_speed),
            (3, self.change_batch),
            (3, self.select_neuron),
            (3, self.play_a_little),
            (7, self.change_number),
            (2, self.type_invalid_number),
            (2, self.toggle_check),
            (2, self.choose_combo),
            (1, self.change_dropout),
            (2, self.type_text),
            (1, self.choose_preset),
            (1, self.toggle_classroom),
            (1, self.toggle_dock),
            (1, self.export_something),
            (1, self.lesson_round_trip),
            (1, self.open_model),
        ]
        self.weights = [w for w, _ in self.actions]

    def random_action(self):
        return self.rng.choices(self.actions, weights=self.weights)[0][1]

    # ---- actions (each returns a short description for the failure log) --------------------------

    def press_key(self) -> str:
        key = self.rng.choice(
            [Qt.Key.Key_Right] * 4
            + [Qt.Key.Key_Left] * 2
            + [Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Space]
        )
        self.qtbot.keyClick(self.window, key)
        return f"key {key.name}"

    def trigger_control(self) -> str:
        name = self.rng.choice(["step", "step", "back", "reset", "end", "play"])
        action = self.window.controls.actions_by_name[name]
        action.trigger()
        return f"control {name} (enabled={action.isEnabled()})"

    def seek_timeline(self) -> str:
        timeline = self.window.controls.timeline
        value = self.rng.randint(timeline.minimum(), timeline.maximum())
        timeline.setValue(value)
        return f"timeline {value}"

    def change_step_size(self) -> str:
        combo = self.window.controls.step_size_combo
        index = self.rng.randrange(combo.count())
        combo.setCurrentIndex(index)
        return f"step size {combo.itemData(index)}"

    def change_speed(self) -> str:
        value = self.rng.randint(0, 100)
        self.window.controls.speed_slider.setValue(value)
        return f"speed slider {value}"

    def change_batch(self) -> str:
        value = self.rng.randint(-1, 4)
        self.window.controls.batch_spin.setValue(value)
        return f"batch {value}"

    def select_neuron(self) -> str:
        value = self.rng.randint(-2, self.session.config.hidden_size + 2)
        self.session.select_neuron(value)
        return f"neuron {value}"

    def play_a_little(self) -> str:
        self.window.controls.actions_by_name["play"].trigger()
        wait = self.rng.randint(10, 60)
        self.qtbot.wait(wait)
        if self.rng.random() < 0.8:
            self.session.pause()
        return f"play {wait} ms"

    def change_number(self) -> str:
        name = self.rng.choice(list(SMALL_RANGES))
        value = self.rng.randint(*SMALL_RANGES[name])
        self.config_panel.fields[name].setValue(value)
        return f"config {name}={value}"

    def type_invalid_number(self) -> str:
        name = self.rng.choice(list(SMALL_RANGES))
        low, high = LIMITS[name]
        typed = str(self.rng.choice([low - 1, high + 1, -3, 10 * high]))
        spin = self.config_panel.fields[name]
        before = self.session.simulation
        spin.lineEdit().selectAll()
        self.qtbot.keyClicks(spin.lineEdit(), typed)
        self.qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
        assert self.session.simulation is before
        if spin.isEnabled():  # (seq_len and batch_size are disabled for text input)
            assert (
                f"{name} must be between {low} and {high}, got {int(typed)}"
                in self.config_panel.message_text()
            )
        return f"typed {name}={typed!r}"

    def toggle_check(self) -> str:
        name = self.rng.choice(["bias", "batch_first", "bidirectional"])
        self.config_panel.fields[name].click()
        return f"toggle {name}"

    def _activate(self, name: str, index: int) -> None:
        combo = self.config_panel.fields[name]
        combo.setCurrentIndex(index)
        combo.activated.emit(index)

    def choose_combo(self) -> str:
        name = self.rng.choice(["nonlinearity", "dtype", "h0", "input_kind"])
        index = self.rng.randrange(self.config_panel.fields[name].count())
        self._activate(name, index)
        return f"combo {name}={index}"

    def change_dropout(self) -> str:
        value = self.rng.choice([0.0, 0.3, 0.9])
        self.config_panel.fields["dropout"].setValue(value)
        return f"dropout {value}"

    def type_text(self) -> str:
        field = self.config_panel.fields["text"]
        length = self.rng.choice([0, 1, 2, 3, 5, 7])
        text = "".join(self.rng.choice(TEXT_ALPHABET) for _ in range(length))
        field.setText(text)
        field.editingFinished.emit()
        return f"text {text!r}"

    def choose_preset(self) -> str:
        combo = self.config_panel.fields["preset"]
        index = self.rng.randrange(combo.count())
        self._activate("preset", index)
        if self.session.config.hidden_size > 64:  # keep the monkey fast: back to a small model
            self.config_panel.fields["hidden_size"].setValue(self.rng.randint(1, 12))
        return f"preset {combo.itemText(index)}"

    def toggle_classroom(self) -> str:
        classroom = self.window.file_actions.classroom
        if classroom.enabled:
            classroom.disable()
            return "classroom off"
        controls = tuple(self.rng.sample(["config", "end", "timeline", "speed", "step_size", "batch"], 2))
        panels = tuple(self.rng.sample(["network", "output", "weights", "hidden", "code", "calculation"], 2))
        classroom.enable(controls, panels)
        return f"classroom on {controls} {panels}"

    def toggle_dock(self) -> str:
        role = self.rng.choice(list(self.window.docks))
        action = self.window.docks[role].toggleViewAction()
        if action.isEnabled():
            action.trigger()
        return f"dock {role} ({'enabled' if action.isEnabled() else 'locked'})"

    def export_something(self) -> str:
        if self.exports >= MAX_EXPORTS:
            return self.press_key()
        self.exports += 1
        actions = self.window.export_actions
        if self.rng.random() < 0.3:
            written = actions.export_data(self.folder / f"data{self.exports}")
            return f"export data ({len(written)} files)"
        role = self.rng.choice(export.IMAGE_ROLES)
        suffix = self.rng.choice(["png", "svg"])
        path = actions.export_panel(
            role, self.folder / f"{role}{self.exports}.{suffix}", export.ExportSize(scale=0.5)
        )
        assert path.stat().st_size > 0
        return f"export {role} {suffix}"

    def open_model(self) -> str:
        if self.models >= MAX_MODELS:
            return self.press_key()
        self.models += 1
        files = self.model_files()
        name = self.rng.choice(list(files))
        path, vocab, should_open = files[name]
        before = self.session.simulation
        opened = self.window.file_actions.open_model(path, vocab)
        assert opened == should_open, (name, self.window.file_actions.last_problem)
        if not opened:
            assert self.session.simulation is before
        return f"open model {name}"

    def model_files(self) -> dict:
        """name -> (path, vocabulary, whether it opens), made on first use."""
        if not self._model_files:
            folder = self.folder / "models"
            folder.mkdir()
            save_text_model(folder / "text.pt")
            save_text_model(
                folder / "nan.pt", poison={"rnn.weight_hh_l0": math.nan, "embedding.weight": math.inf}
            )
            tutorial, vocab, _ = save_tutorial_model(folder)
            broken = bad_files(folder)
            write_code_running_pickle(folder / "evil.pt", folder / "PWNED")
            self._model_files = {
                "text": (folder / "text.pt", "", True),
                "nan": (folder / "nan.pt", "", True),
                "tutorial": (tutorial, str(vocab), True),
                "tutorial-no-vocab": (tutorial, "", False),
                "truncated": (broken["truncated"], "", False),
                "random": (broken["random"], "", False),
                "evil": (folder / "evil.pt", "", False),
            }
        return self._model_files

    def lesson_round_trip(self) -> str:
        if self.lessons >= MAX_LESSONS:
            return self.press_key()
        self.lessons += 1
        fa = self.window.file_actions
        if self.saved_lessons and self.rng.random() < 0.5:
            path = self.rng.choice(self.saved_lessons)
            assert fa.open_lesson(path), fa.last_problem
            return f"open lesson {path.name}"
        path = fa.save_lesson(self.folder / f"lesson{self.lessons}", f"monkey {self.lessons}")
        self.saved_lessons.append(path)
        return f"save lesson {path.name}"

    # ---- checks ----------------------------------------------------------------------------------

    def check(self) -> None:
        session, window = self.session, self.window
        view = session.view()
        total = len(session.stepper)
        assert 0 <= view.position <= total
        assert view.total == total
        timeline = window.controls.timeline
        assert (timeline.value(), timeline.maximum()) == (view.position, total)
        assert window.controls.batch_spin.value() == session.batch_index < session.simulation.batch_size
        assert 0 <= session.selected_neuron < session.config.hidden_size
        if session.step_size is not StepSize.SUB_OPERATION:
            assert view.stage == STAGE_FULL
        assert window.position_label.text() == position_text(view, session.simulation)
        assert window.controls.step_size_combo.currentData() is session.step_size
        self.check_calculation(view)

    def check_calculation(self, view) -> None:
        panel = self.window.panels["calculation"]
        if not panel.isVisible():
            return  # a closed or tabbed-away panel catches up when shown (checked then)
        shown = panel.displayed_values()
        record = view.record
        if record is None:
            assert shown == {}
            return
        b = min(view.batch_index, record.h_t.shape[0] - 1)
        expected = {name for name, stage in REVEALED_AT.items() if view.stage >= stage}
        assert set(shown) == expected, (set(shown), expected)
        hidden = record.h_t.shape[1]
        atol = BARS_ATOL if hidden > 8 else PRINTED_ATOL
        for name, values in shown.items():
            truth = getattr(record, name)[b].double().numpy()
            np.testing.assert_allclose(
                values,
                truth,
                atol=atol,
                rtol=1e-6 if hidden > 8 else 0,
                err_msg=f"{name} of cell {record.index}, batch element {b}",
            )
        assert REFERENCE not in shown or len(shown[REFERENCE]) == hidden


@pytest.mark.slow
def test_monkey(qtbot, settings_file, tmp_path):
    window = built_window(qtbot, START)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    rng = random.Random(SEED)
    monkey = Monkey(qtbot, window, rng, tmp_path)
    reported, rejected = [], []
    window.session.errorOccurred.connect(reported.append)
    window.session.configRejected.connect(rejected.append)
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    history: list[str] = []
    print(f"monkey seed {SEED}", flush=True)  # on screen even if native code crashes the process
    started = time.perf_counter()
    try:
        with qtbot.capture_exceptions() as exceptions:
            for number in range(ACTIONS):
                action = monkey.random_action()
                try:
                    history.append(f"{number}: {action()}")
                    QApplication.processEvents()  # repaint, and let play's timer tick
                    assert not exceptions, [str(e[1]) for e in exceptions]
                    assert not errors.records, errors.records
                    unexpected = [m for m in reported if "unexpected" in m.lower() or "Error:" in m]
                    assert not unexpected, unexpected
                    monkey.check()
                except AssertionError as failure:
                    last = "\n  ".join(history[-15:])
                    raise AssertionError(
                        f"monkey seed {SEED}, action {number}: {failure}\nlast actions:\n  {last}"
                    ) from None
    finally:
        logging.getLogger().removeHandler(errors)
        window.session.pause()
    elapsed = time.perf_counter() - started
    print(
        f"monkey seed {SEED}: {ACTIONS} actions in {elapsed:.1f} s, {monkey.exports} exports, "
        f"{monkey.lessons} lesson saves/opens, {monkey.models} model opens, {len(rejected)} refused configs"
    )
    assert monkey.exports > 0 and monkey.lessons > 0 and monkey.models > 0
    assert not (tmp_path / "models" / "PWNED").exists()
