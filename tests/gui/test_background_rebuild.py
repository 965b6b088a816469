"""At T = 1000, H = 1024 a rebuild from the configuration panel is prepared off the GUI thread
and a long jump on the timeline goes in slices: progress in the status bar, Esc cancels and
leaves what was there, a bad configuration is still refused at once (issue 12.8)."""

import threading

import pytest
import torch
from PySide6.QtCore import Qt
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import build_model

from tests.gui.conftest import open_window

# 1000 cells x 1024^2: five times BACKGROUND_REBUILD_MIN_COST, so every rebuild takes the long path
BIG = RNNConfig(input_size=16, hidden_size=1024, seq_len=1000)
WAIT_MS = 120_000  # a loaded 2-core machine; the waits end as soon as the work does


def preparations_alive() -> bool:
    return any(t.name == "simulation-preparation" for t in threading.enumerate())


@pytest.fixture
def big_window(qtbot, settings_file):
    window = open_window(qtbot, BIG)
    yield window
    window.session.cancel_rebuild(announce=False)
    qtbot.waitUntil(lambda: not preparations_alive(), timeout=WAIT_MS)  # no thread outlives its test


def config_panel(window):
    return window.panels["config"]


def at_the_end(window):
    window.session.run_to_end()
    assert window.session.at_end


def test_seed_change_is_prepared_in_the_background_with_progress(qtbot, big_window):
    window, session = big_window, big_window.session
    at_the_end(window)
    old = session.simulation
    threads = torch.get_num_threads()
    progress = []
    session.rebuildProgressed.connect(lambda done, total: progress.append((done, total)))
    config_panel(window).fields["seed"].setValue(BIG.seed + 1)
    # returned at once: the old model still runs and is shown; the form shows what was asked for
    assert session.rebuilding and session.simulation is old
    assert session.requested_config.seed == BIG.seed + 1 and session.config.seed == BIG.seed
    assert config_panel(window).fields["seed"].value() == BIG.seed + 1
    assert window.message_label.text().startswith("Building the new model… 0% · Esc cancels")
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    new = session.simulation
    assert new is not old and new.config.seed == BIG.seed + 1
    assert session.stepper.position == 1000 and session.at_end  # the position was kept
    total = progress[-1][1]
    assert progress[0] == (0, total) and progress[-1] == (total, total) and len(progress) >= 2
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert "Building the new model" not in window.message_label.text()
    assert window.match_label.text().startswith("✓ 1000 of 1000 cells match nn.RNN")
    # the new model's cells, computed in the worker, are nn.RNN's for the new seed
    output, _ = new.model.rnn(new.inputs, new.h0)
    assert torch.allclose(new.stepper.output(), output, atol=1e-4)
    assert not torch.allclose(new.model.rnn.weight_hh_l0, old.model.rnn.weight_hh_l0)
    assert torch.get_num_threads() == threads  # the worker's one thread was its own setting


def test_escape_cancels_a_background_rebuild_and_keeps_the_old_model(qtbot, big_window):
    window, session = big_window, big_window.session
    at_the_end(window)
    old = session.simulation
    panel = config_panel(window)
    panel.fields["num_layers"].setValue(2)
    assert session.rebuilding and panel.fields["num_layers"].value() == 2
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not session.rebuilding
    assert session.simulation is old and session.config.num_layers == 1 and session.at_end
    assert panel.fields["num_layers"].value() == 1  # the form snaps back to what still runs
    assert window.message_label.text() == "Cancelled: the previous configuration is still running."
    # the worker stops and its late answer, if one was on its way, is dropped
    qtbot.waitUntil(lambda: not preparations_alive(), timeout=WAIT_MS)
    qtbot.wait(50)
    assert session.simulation is old and session.config.num_layers == 1
    session.back()  # the window goes on with the old model
    assert session.stepper.position == 999


def test_moves_wait_for_the_new_model(qtbot, big_window):
    window, session = big_window, big_window.session
    session.seek(3)
    config_panel(window).fields["seed"].setValue(BIG.seed + 1)
    assert session.rebuilding
    window.controls.actions_by_name["step"].trigger()
    window.controls.actions_by_name["end"].trigger()
    assert session.stepper.position == 3 and not session.running  # ignored while preparing
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    assert session.stepper.position == 3
    window.controls.actions_by_name["step"].trigger()
    assert session.stepper.position == 4


def test_a_second_change_replaces_the_one_being_prepared(qtbot, big_window):
    window, session = big_window, big_window.session
    panel = config_panel(window)
    panel.fields["seed"].setValue(BIG.seed + 1)
    combo = panel.fields["nonlinearity"]
    combo.setCurrentText("relu")
    combo.activated.emit(combo.currentIndex())  # as a user's choice; starts from the requested seed
    assert session.requested_config.seed == BIG.seed + 1
    assert session.requested_config.nonlinearity == "relu"
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    assert session.config == BIG.replace(seed=BIG.seed + 1, nonlinearity="relu")
    assert "Cancelled" not in window.message_label.text()


def test_a_bad_configuration_is_refused_and_changes_nothing(qtbot, big_window):
    window, session = big_window, big_window.session
    at_the_end(window)
    old = session.simulation
    panel = config_panel(window)
    panel.fields["batch_size"].setValue(1024)  # ~12 GiB: over the memory budget, refused at once
    assert "memory" in panel.message_text() and not session.rebuilding
    assert session.simulation is old and panel.fields["batch_size"].value() == 1
    # refused by the build itself, in the worker (a model whose input_size does not fit): the
    # refusal comes back when it ends, and the old model stays
    rejected = []
    session.configRejected.connect(rejected.append)
    wrong_model = build_model(BIG.replace(input_size=8))
    assert session.set_config(BIG.replace(seed=7), wrong_model, background=True) and session.rebuilding
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    assert len(rejected) == 1 and "input_size" in rejected[0]
    assert session.simulation is old and session.config == BIG and session.at_end
    assert window.message_label.text().startswith("Configuration not applied:")
    assert panel.fields["seed"].value() == BIG.seed and "input_size" in panel.message_text()


def test_a_refusal_while_preparing_leaves_the_prepared_change_going(qtbot, big_window):
    window, session = big_window, big_window.session
    panel = config_panel(window)
    panel.fields["seed"].setValue(BIG.seed + 1)
    panel.fields["batch_size"].setValue(1024)  # refused
    assert "memory" in panel.message_text() and session.rebuilding
    assert panel.fields["batch_size"].value() == 1 and panel.fields["seed"].value() == BIG.seed + 1
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    assert session.config == BIG.replace(seed=BIG.seed + 1)


def test_a_failure_in_the_worker_is_reported_and_the_old_model_stays(qtbot, big_window, monkeypatch):
    import rnn_stepper.engine.stepper as stepper_module

    window, session = big_window, big_window.session
    at_the_end(window)  # the old model's reference is made: the fault below can only hit the new one
    old = session.simulation

    def broken_reference(*_args):
        raise RuntimeError("the reference broke")

    monkeypatch.setattr(stepper_module, "reference_states", broken_reference)
    config_panel(window).fields["seed"].setValue(BIG.seed + 1)
    assert session.rebuilding
    qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
    assert session.simulation is old and session.config.seed == BIG.seed
    assert config_panel(window).fields["seed"].value() == BIG.seed
    assert "unexpected error: RuntimeError: the reference broke" in window.message_label.text()
    session.back()
    assert session.stepper.position == 999


def test_small_models_are_rebuilt_at_once(qtbot, settings_file):
    window = open_window(qtbot)  # "我爱你", H = 4
    config_panel(window).fields["seed"].setValue(5)
    assert not window.session.rebuilding and window.session.config.seed == 5


def test_a_long_timeline_jump_goes_in_slices_and_follows_the_slider(qtbot, big_window, monkeypatch):
    import rnn_stepper.gui.session as session_module

    monkeypatch.setattr(session_module, "SLICE_MS", 1)  # several slices on any CPU
    window, session = big_window, big_window.session
    timeline = window.controls.timeline
    timeline.setValue(500)  # as a drag does
    assert session.running and session.run_target == 500 and session.stepper.position < 500
    qtbot.waitUntil(lambda: "Going to cell 500…" in window.message_label.text(), timeout=5000)
    timeline.setValue(800)  # the drag goes on: the run follows
    assert session.running and session.run_target == 800
    qtbot.waitUntil(lambda: not session.running, timeout=WAIT_MS)
    assert session.stepper.position == 800 and timeline.value() == 800
    assert window.match_label.text().startswith("✓ 800 of 800 cells match nn.RNN")
    assert "Going to cell" not in window.message_label.text()
    timeline.setValue(100)  # going back is free: at once
    assert not session.running and session.stepper.position == 100


def test_escape_stops_a_timeline_jump_where_it_is(qtbot, big_window):
    window, session = big_window, big_window.session
    window.controls.timeline.setValue(1000)
    assert session.running
    qtbot.waitUntil(lambda: session.stepper.position > 10, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    stopped = session.stepper.position
    assert not session.running and 10 < stopped < 1000
    assert window.controls.timeline.value() == stopped  # the slider shows where the run stopped


def test_a_model_set_at_once_replaces_the_one_being_prepared(qtbot, big_window):
    """A lesson, a file or training sets its model at once: it wins over a change in preparation."""
    window, session = big_window, big_window.session
    config_panel(window).fields["seed"].setValue(BIG.seed + 1)
    assert session.rebuilding
    small = RNNConfig(input_size=3, hidden_size=4, seq_len=5)
    assert session.set_config(small)
    assert not session.rebuilding and session.config == small
    assert config_panel(window).fields["hidden_size"].value() == 4
    assert "Building the new model" not in window.message_label.text()
    assert "Cancelled" not in window.message_label.text()
    qtbot.waitUntil(lambda: not preparations_alive(), timeout=WAIT_MS)
    qtbot.wait(50)
    assert session.config == small  # the dropped preparation's answer never lands


def test_a_weight_edit_while_preparing_is_in_the_new_model(qtbot, settings_file):
    """A model from outside is kept for a seed change, so the preparation shares its weights:
    an edit meanwhile starts the preparation again from the edited weights."""
    window = open_window(qtbot, BIG, model=build_model(BIG.replace(seed=42)))
    session = window.session
    try:
        assert session.model_is_custom
        starts = []
        session.rebuildProgressed.connect(lambda done, _total: starts.append(done) if done == 0 else None)
        config_panel(window).fields["seed"].setValue(BIG.seed + 1)
        assert session.rebuilding and session.requested_custom_model is session.simulation.model
        assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)
        assert session.rebuilding and len(starts) == 2  # started again, from the edited weights
        qtbot.waitUntil(lambda: not session.rebuilding, timeout=WAIT_MS)
        new = session.simulation
        assert new.config.seed == BIG.seed + 1 and float(new.model.rnn.weight_hh_l0[0, 0]) == 0.5
        session.run_to_end()
        output, _ = new.model.rnn(new.inputs, new.h0)
        assert torch.allclose(new.stepper.output(), output, atol=1e-4)
        assert new.stepper.max_abs_diff() <= new.stepper.tolerance  # the reference is of the edited weights
    finally:
        session.cancel_rebuild(announce=False)
        qtbot.waitUntil(lambda: not preparations_alive(), timeout=WAIT_MS)
