"""Bad input at every GUI entry point, through the real window.

Each case checks three things: a clear message reaches the user, nothing the user made is lost
(the running simulation object and its position stay), and nothing escaped as an exception
(pytest-qt fails a test on an exception in a slot; the `quiet` fixture also fails it on an
error the app caught and logged, or reported as "unexpected").
"""

from __future__ import annotations

import json
import logging
import math
import random
import resource
import zipfile

import numpy as np
import pytest
from PySide6.QtCore import Qt
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.lesson_file import save_lesson
from rnn_stepper.engine.model import build_model
from rnn_stepper.gui.exporting import export

from tests.gui.file_helpers import (
    answer_next_dialog,
    bad_files,
    built_window,
    save_text_model,
    save_tutorial_model,
    write_code_running_pickle,
)

RANDOM = RNNConfig(input_size=3, hidden_size=5, num_layers=2, seq_len=5, batch_size=2, seed=1)


@pytest.fixture
def window(qtbot, settings_file):
    return built_window(qtbot)


@pytest.fixture
def quiet(window, caplog):
    """Fails the test if the app caught a defect: a logged error or an "unexpected error"."""
    reported = []
    window.session.errorOccurred.connect(reported.append)
    with caplog.at_level(logging.ERROR):
        yield reported
    unexpected = [m for m in reported if "unexpected" in m.lower() or "Error:" in m]
    assert not unexpected, unexpected
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


def snapshot(window):
    return window.session.simulation, window.session.stepper.position


def type_into(qtbot, spin, text):
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def to_random_input(window):
    assert window.session.set_config(RANDOM)
    window.session.seek(3)


# ---- the configuration panel -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, typed",
    [
        ("hidden_size", "0"),
        ("input_size", "-5"),
        ("num_layers", "9"),
        ("seq_len", "1000000"),
        ("batch_size", "0"),
        ("hidden_size", "99999"),
    ],
)
def test_typed_sizes_outside_the_limits_are_refused_with_a_message(qtbot, window, quiet, name, typed):
    to_random_input(window)
    before = snapshot(window)
    panel = window.panels["config"]
    window.docks["config"].raise_()
    type_into(qtbot, panel.fields[name], typed)
    assert f"{name} must be between" in panel.message_text() and f"got {int(typed)}" in panel.message_text()
    assert "previous configuration is still running" in panel.message_text()
    assert snapshot(window) == before
    assert panel.fields[name].value() == getattr(RANDOM, name)  # the form shows what still runs


def test_a_size_combination_over_the_memory_budget_is_refused_before_allocating(qtbot, window, quiet):
    to_random_input(window)
    panel = window.panels["config"]
    window.docks["config"].raise_()
    type_into(qtbot, panel.fields["num_layers"], "8")
    dtype = panel.fields["dtype"]
    dtype.setCurrentText("float64")
    dtype.activated.emit(dtype.currentIndex())
    assert (window.session.config.num_layers, window.session.config.dtype) == (8, "float64")
    before = snapshot(window)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    type_into(qtbot, panel.fields["hidden_size"], "4096")  # 8 layers of 4096 x 4096 float64: 4 GiB
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_kib) / 1024
    assert "would need about" in panel.message_text() and "GiB of memory" in panel.message_text()
    assert snapshot(window) == before
    assert grown_mib < 200, f"the refused configuration allocated {grown_mib:.0f} MiB first"


def test_empty_text_is_refused(qtbot, window, quiet):
    window.session.seek(2)
    before = snapshot(window)
    panel = window.panels["config"]
    field = panel.fields["text"]
    field.clear()
    field.editingFinished.emit()
    assert "The text is empty" in panel.message_text()
    assert snapshot(window) == before and field.text() == "我爱你"


def test_characters_outside_a_loaded_vocabulary_are_refused(qtbot, window, quiet, tmp_path):
    path, vocab, _ = save_tutorial_model(tmp_path)
    fa = window.file_actions
    assert fa.open_model(path, str(vocab), text="我爱你")
    window.session.seek(2)
    before = snapshot(window)
    panel = window.panels["config"]
    panel.fields["text"].setText("我爱她")
    panel.fields["text"].editingFinished.emit()
    assert "1 character(s) are not in the model's vocabulary: '她'" in panel.message_text()
    assert snapshot(window) == before
    # ...and the same text typed into Open model.
    assert not fa.open_model(path, str(vocab), text="她爱你")
    assert "not in the model's vocabulary: '她'" in fa.last_problem
    assert snapshot(window) == before


# ---- NaN and Inf ----------------------------------------------------------------------------------------


def step_everything_and_export(qtbot, window, tmp_path):
    """Steps, back, seek, run to end, and every export: all must work on non-finite numbers."""
    window.activateWindow()
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    window.controls.timeline.setValue(1)
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.session.stepper.position == len(window.session.stepper)
    written = window.export_actions.export_all(tmp_path / "images", export.ExportSize(scale=1.0))
    # every panel as PNG and SVG, the code as .py and the configuration as .json
    assert len(written) == 2 * len(export.IMAGE_ROLES) + 2 and all(p.stat().st_size > 0 for p in written)
    data = window.export_actions.export_data(tmp_path / "data")
    assert data and all(p.exists() for p in data)
    image = export.render_png_image(window.panels["network"])
    assert not export.image_is_blank(image)
    window.repaint()  # every dock paints with the non-finite values on screen


def only_the_classic_panels(window):
    """The learn-mode panels are checked with NaN in a child process (see
    test_nan_weights_in_every_panel_do_not_crash_the_app): a crash in native code there would end
    this whole test run rather than fail one test."""
    for role in ("train", "generate", "backprop"):
        if role in window.docks:
            window.docks[role].hide()


def test_nan_and_inf_weights_are_shown_not_fatal(qtbot, window, quiet, tmp_path):
    only_the_classic_panels(window)
    path = tmp_path / "nan.pt"
    save_text_model(path, poison={"rnn.weight_hh_l0": math.nan, "rnn.bias_ih_l0": math.inf})
    assert window.file_actions.open_model(path)
    window.session.step()
    record = window.session.view().record
    assert math.isinf(record.input_term[0, 0].item())
    assert math.isnan(record.recurrent_term[0, 0].item())  # 0 x NaN: h0 is zeros
    shown = window.panels["calculation"].displayed_values()
    assert math.isinf(shown["input_term"][0]) and math.isnan(shown["recurrent_term"][0])
    assert math.isnan(shown["h_t"][0])
    assert window.match_label.text() == "✗ cannot compare with nn.RNN: the values are NaN or infinite"
    step_everything_and_export(qtbot, window, tmp_path)


def test_nan_and_inf_inputs_are_shown_not_fatal(qtbot, window, quiet, tmp_path):
    only_the_classic_panels(window)
    path = tmp_path / "inputs.pt"
    # Row 0 of the embedding is 我's input vector: x_0 holds an Inf, x_1 (爱) a NaN.
    save_text_model(path, poison={"embedding.weight": math.inf})
    model_path = tmp_path / "inputs2.pt"
    import torch

    state = torch.load(path, weights_only=True)
    state["embedding.weight"][1, 2] = math.nan
    torch.save(state, model_path)
    assert window.file_actions.open_model(model_path)
    inputs = window.session.simulation.inputs
    assert torch.isinf(inputs).any() and torch.isnan(inputs).any()
    window.session.step()
    assert (
        np.isnan(window.panels["calculation"].displayed_values()["input_term"]).any()
        or np.isinf(window.panels["calculation"].displayed_values()["input_term"]).any()
    )
    step_everything_and_export(qtbot, window, tmp_path)


CRASH_PROBE = r"""
import logging, math, pathlib, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
caught = []  # errors the panels caught and logged: survived, but still defects


class Collect(logging.Handler):
    def emit(self, record):
        caught.append(f"{record.name}: {record.getMessage()}")


logging.getLogger().addHandler(Collect(logging.ERROR))
from rnn_stepper.gui.error_handling import install_error_handling
reporter = install_error_handling(pathlib.Path(sys.argv[1]))  # uncaught exceptions in slots
from tests.gui.file_helpers import save_text_model
from rnn_stepper.gui.main_window import create_main_window
from rnn_stepper.gui.exporting import export

folder = pathlib.Path(sys.argv[1])
save_text_model(folder / "nan.pt", poison={"rnn.weight_hh_l0": math.nan, "rnn.bias_hh_l0": math.inf,
                                           "embedding.weight": math.inf})
window = create_main_window()
window.show()
app.processEvents()
assert window.file_actions.open_model(folder / "nan.pt"), window.file_actions.last_problem
for role, dock in window.docks.items():
    dock.show()
    dock.raise_()  # bring a tabbed panel to the front: it draws only when seen
    app.processEvents()
    window.session.step()
    app.processEvents()
    print("shown", role, flush=True)
window.session.run_to_end()
app.processEvents()
window.export_actions.export_all(folder / "images", export.ExportSize(scale=0.5))
assert not caught and not reporter.reported, (caught, reporter.reported)
print("EVERY PANEL SURVIVED", flush=True)
"""


def test_nan_weights_in_every_panel_do_not_crash_the_app(tmp_path):
    """Run in a child process: a crash in native code (a NaN reaching LAPACK, say) would
    otherwise take the whole test run down instead of failing this test."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RNN_STEPPER_SETTINGS": "isolated",
        "RNN_STEPPER_SETTINGS_FILE": str(tmp_path / "settings.ini"),
        "PYTHONPATH": str(root),
    }
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", CRASH_PROBE, str(tmp_path)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    shown = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("shown ")]
    assert done.returncode == 0 and "EVERY PANEL SURVIVED" in done.stdout, (
        f"exit code {done.returncode} after showing {shown}\nstdout:\n{done.stdout[-1000:]}\n"
        f"stderr (the Python stack at a crash):\n{done.stderr[-3000:]}"
    )


# ---- files that are not what they claim ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["empty", "truncated", "random", "text", "pickle-list", "raw-pickle"])
def test_broken_model_files_are_refused_and_nothing_changes(qtbot, window, quiet, tmp_path, kind):
    path = bad_files(tmp_path)[kind]
    window.session.seek(2)
    before = snapshot(window)
    assert not window.file_actions.open_model(path)
    problem = window.file_actions.last_problem
    assert str(path) in problem
    expected = {"empty": "is empty (0 bytes)", "pickle-list": "holds no weights"}.get(
        kind, "is not a readable PyTorch file"
    )
    assert expected in problem
    assert window.file_actions.problem_box.isVisible() and expected in window.file_actions.problem_box.text()
    assert snapshot(window) == before


@pytest.mark.parametrize("kind", ["empty", "truncated", "random", "text", "pickle-list", "raw-pickle"])
def test_broken_lesson_files_are_refused_and_nothing_changes(qtbot, window, quiet, tmp_path, kind):
    path = bad_files(tmp_path)[kind].rename(tmp_path / f"{kind}.rnnlesson")
    window.session.seek(1)
    before = snapshot(window)
    assert not window.file_actions.open_lesson(path)
    expected = (
        "is not a complete lesson: lesson.json and weights.pt are missing"
        if kind == "pickle-list"
        else "is not a lesson file"
    )  # a torch file is a zip archive, just not a lesson
    assert f"{path} {expected}" in window.file_actions.last_problem
    assert snapshot(window) == before


def lesson_bytes(tmp_path) -> bytes:
    config = RNNConfig(input_size=3, hidden_size=4, seq_len=3)
    return save_lesson(tmp_path / "real", config, build_model(config), 1).read_bytes()


def test_damaged_lessons_say_what_is_wrong(qtbot, window, quiet, tmp_path):
    before = snapshot(window)
    good = lesson_bytes(tmp_path)
    truncated = tmp_path / "truncated.rnnlesson"
    truncated.write_bytes(good[: len(good) * 2 // 3])
    wrong_json = tmp_path / "json.rnnlesson"
    with zipfile.ZipFile(wrong_json, "w") as archive:
        archive.writestr("lesson.json", "{oops")
        archive.writestr("weights.pt", b"")
    unknown = tmp_path / "unknown.rnnlesson"
    with zipfile.ZipFile(tmp_path / "real.rnnlesson") as source, zipfile.ZipFile(unknown, "w") as archive:
        document = json.loads(source.read("lesson.json"))
        document["config"]["attention"] = 8
        archive.writestr("lesson.json", json.dumps(document))
        archive.writestr("weights.pt", source.read("weights.pt"))
    cases = {
        truncated: "",
        wrong_json: "lesson.json is not valid JSON",
        unknown: "unknown configuration field(s) 'attention'",
    }
    for path, expected in cases.items():
        assert not window.file_actions.open_lesson(path)
        assert str(path) in window.file_actions.last_problem and expected in window.file_actions.last_problem
        assert snapshot(window) == before


def test_a_code_running_pickle_never_runs_via_open_model(qtbot, window, quiet, tmp_path):
    marker = tmp_path / "PWNED"
    path = write_code_running_pickle(tmp_path / "evil.pt", marker)
    before = snapshot(window)
    assert not window.file_actions.open_model(path)
    problem = window.file_actions.last_problem
    assert problem.startswith(f"refused to open {path}: it stores Python objects (posix.system)")
    assert "which would be unsafe" in problem
    assert window.file_actions.problem_box.isVisible()
    assert not marker.exists()
    assert snapshot(window) == before


def test_a_code_running_pickle_never_runs_via_open_lesson(qtbot, window, quiet, tmp_path):
    marker = tmp_path / "PWNED"
    evil = write_code_running_pickle(tmp_path / "evil.pt", marker)
    lesson_bytes(tmp_path)
    path = tmp_path / "evil.rnnlesson"
    with zipfile.ZipFile(tmp_path / "real.rnnlesson") as source, zipfile.ZipFile(path, "w") as archive:
        archive.writestr("lesson.json", source.read("lesson.json"))
        archive.writestr("weights.pt", evil.read_bytes())
    before = snapshot(window)
    assert not window.file_actions.open_lesson(path)
    assert (
        f"refused to open {path} (weights.pt): it stores Python objects" in window.file_actions.last_problem
    )
    assert not marker.exists()
    assert snapshot(window) == before


# ---- places that cannot be written --------------------------------------------------------------------------


def test_saving_a_lesson_where_nothing_can_be_written(qtbot, window, quiet):
    window.session.seek(2)
    before = snapshot(window)
    from rnn_stepper.engine.errors import UserError

    for target, expected in (
        ("/proc/no-such/lesson", "cannot write into the folder /proc/no-such"),
        ("/proc/self/lesson", "cannot write into the folder /proc/self"),
        ("/proc", "is a folder"),
        ("", "type a file name"),
    ):
        with pytest.raises(UserError, match=expected):
            window.file_actions.save_lesson(target)
    assert snapshot(window) == before
    assert window.file_actions.recent_files() == []


def test_exports_where_nothing_can_be_written(qtbot, window, quiet, monkeypatch):
    from rnn_stepper.engine.errors import UserError
    from rnn_stepper.gui.actions import export_actions as module

    before = snapshot(window)
    with pytest.raises(UserError, match="the folder /proc/no-such does not exist"):
        window.export_actions.export_panel("network", "/proc/no-such/network.png")
    with pytest.raises(UserError, match="cannot write"):
        window.export_actions.export_panel("network", "/proc/self/network.png")
    with pytest.raises(UserError, match="cannot"):
        window.export_actions.export_data("/proc/self")
    # Through the menu: a message box explains, and the app goes on.
    monkeypatch.setattr(module.QFileDialog, "getExistingDirectory", lambda *a, **k: "/proc/self")
    seen = {}

    def read_and_close(box):
        seen["text"] = box.text()
        box.close()

    answer_next_dialog(read_and_close)
    window.export_actions.export_all_action.trigger()
    assert "cannot" in seen["text"] and "/proc/self" in seen["text"]
    assert snapshot(window) == before
    window.session.step()
    assert window.session.stepper.position == before[1] + 1


# ---- very long text ----------------------------------------------------------------------------------------


def test_ten_thousand_characters_of_text(qtbot, window, quiet):
    alphabet = "我爱你他她们的是不了在人有这中大为上个国"
    text = "".join(random.Random(5).choice(alphabet) for _ in range(10_000))
    panel = window.panels["config"]
    panel.fields["text"].setText(text)
    panel.fields["text"].editingFinished.emit()
    session = window.session
    assert session.config.text == text and len(session.stepper) == 10_000
    assert panel.message_text() == ""
    window.activateWindow()
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert session.stepper.position == 3
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert session.stepper.position == 10_000 and window.controls.timeline.value() == 10_000
    record = session.view().record
    assert record.t == 9_999 and record.matches
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert session.stepper.position == 9_999
    network = window.panels["network"]
    image = network.grab().toImage()
    assert not export.image_is_blank(image)
    window.repaint()
    assert window.windowTitle().endswith("…")  # the title shows the start of the text only
