"""A long run to the end (T = 1000, H = 1024) goes in slices from the controls: the event loop
runs between slices, the status bar shows progress, Esc cancels (issue 12.8)."""

from PySide6.QtCore import Qt, QTimer
from rnn_stepper.engine.config import RNNConfig

from tests.gui.conftest import open_window

BIG = RNNConfig(input_size=16, hidden_size=1024, seq_len=1000)


def test_end_runs_in_slices_with_progress(qtbot, settings_file, monkeypatch):
    import rnn_stepper.gui.session as session_module

    # 1 ms slices: several slices on any CPU (a fast one does ~450 cells in a 30 ms slice)
    monkeypatch.setattr(session_module, "SLICE_MS", 1)
    window = open_window(qtbot, BIG)
    session = window.session
    progress = []
    session.runProgressed.connect(lambda done, total: progress.append(done))
    ticks = []
    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(lambda: ticks.append(session.stepper.position))
    heartbeat.start()
    window.controls.actions_by_name["end"].trigger()
    assert session.running and session.stepper.position < len(session.stepper)  # returned at once
    qtbot.waitUntil(lambda: "Running to the end" in window.message_label.text(), timeout=5000)
    qtbot.waitUntil(lambda: not session.running, timeout=120_000)
    heartbeat.stop()
    assert session.at_end and session.stepper.position == 1000
    assert len([p for p in progress if p > 0]) >= 3 and progress[-1] == -1
    assert len(set(ticks)) >= 3  # the event loop ran between slices, at several positions
    assert window.match_label.text().startswith("✓ 1000 of 1000 cells match nn.RNN")
    assert "Running to the end" not in window.message_label.text()


def test_escape_cancels_and_keeps_what_was_computed(qtbot, settings_file):
    window = open_window(qtbot, BIG)
    session = window.session
    window.controls.actions_by_name["end"].trigger()
    qtbot.waitUntil(lambda: session.stepper.position > 10, timeout=60_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not session.running
    stopped = session.stepper.position
    assert 10 < stopped < 1000
    assert window.position_label.text().startswith(f"cell {stopped} / 1000")
    session.step()  # the app goes on from there
    assert session.stepper.position == stopped + 1


def test_small_runs_stay_immediate(qtbot, settings_file):
    window = open_window(qtbot)
    window.controls.actions_by_name["end"].trigger()
    assert not window.session.running and window.session.at_end


def test_a_bidirectional_stack_runs_in_slices_to_nn_rnns_values(qtbot, settings_file, monkeypatch):
    """Layer 1's input terms (a T x 2H by 2H x H product per direction) are made in pieces
    between slices (Stepper.prepare_next); the cells are still nn.RNN's."""
    import rnn_stepper.gui.session as session_module

    monkeypatch.setattr(session_module, "SLICE_MS", 1)
    window = open_window(qtbot, BIG.replace(hidden_size=512, num_layers=2, bidirectional=True))
    session = window.session
    pieces = []
    original = session.stepper.prepare_next
    monkeypatch.setattr(session.stepper, "prepare_next", lambda n: pieces.append(original(n)) or pieces[-1])
    window.controls.actions_by_name["end"].trigger()
    assert session.running
    qtbot.waitUntil(lambda: not session.running, timeout=120_000)
    assert session.at_end and window.match_label.text().startswith("✓ 4000 of 4000 cells match nn.RNN")
    assert sum(pieces) == -(-1000 // session_module.PREPARE_TIME_STEPS)  # layer 1's terms, in pieces
    assert session.stepper.max_abs_diff() <= session.stepper.tolerance
