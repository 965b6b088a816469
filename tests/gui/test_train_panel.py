"""The Train panel through the real window: a real Trainer in a real QThread, the real panels."""

from __future__ import annotations

import threading

import pytest
import torch
from PySide6.QtCore import QTimer
from rnn_stepper.engine.training import DEFAULT_CORPUS, Trainer, TrainingData

from tests.gui.conftest import open_window

TRAIN_TIMEOUT_MS = 30_000


@pytest.fixture
def window(qtbot, settings_file):
    w = open_window(qtbot)
    yield w
    w.panels["train"].shutdown()  # never leave a training thread behind a failed test


@pytest.fixture
def panel(window):
    window.docks["train"].raise_()
    return window.panels["train"]


def train_and_wait(qtbot, panel, outcome="finished"):
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        assert panel.start_training()
    assert stopped.args == [outcome], panel.status_text()


def wait_for_progress(qtbot, panel):
    with qtbot.waitSignal(panel.run.progressed, timeout=TRAIN_TIMEOUT_MS):
        pass


def model_parameters(model):
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def assert_same_weights(a, b):
    pa, pb = model_parameters(a), model_parameters(b)
    assert pa.keys() == pb.keys()
    for name in pa:
        assert torch.equal(pa[name], pb[name]), name


def test_training_in_a_thread_teaches_woaini_end_to_end(qtbot, window, panel, monkeypatch):
    threads = []
    original_run = Trainer.run

    def recording_run(self, callback=None):
        threads.append(threading.current_thread())
        return original_run(self, callback)

    monkeypatch.setattr(Trainer, "run", recording_run)

    session, output = window.session, window.panels["output"]
    session.seek(2)  # the student is at t = 1 ("爱") before training
    untrained = session.simulation.model
    assert panel.text_edit.text() == "我爱你"  # defaults to the text being stepped

    train_and_wait(qtbot, panel)

    assert threads and threads[0] is not threading.main_thread()  # trained off the GUI thread
    assert session.stepper.position == 2  # training did not move the student
    assert session.simulation.model is not untrained
    session.seek(0)
    session.seek(2)  # step "我爱" with the trained weights
    assert output.predicted_token() == "你"
    assert session.simulation.probabilities_at(1)[0].max() > 0.9
    epochs, losses = panel.loss_points()
    assert epochs == list(range(1, 201))  # one point per epoch
    assert losses[-1] < losses[0] / 10
    assert sum(losses[-10:]) < sum(losses[:10])
    assert panel.progress.value() == 200
    assert "Trained 200 epochs" in panel.status_text() and "你" in panel.status_text()
    assert window.match_label.text().startswith("✓")


def test_pause_then_resume_continues_from_the_same_epoch(qtbot, window, panel):
    panel.epochs_spin.setValue(50_000)
    assert panel.start_training()
    wait_for_progress(qtbot, panel)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        panel.pause_button.click()
    assert stopped.args == ["paused"]
    trainer = panel.run.trainer
    paused_at = trainer.epochs_done
    assert 0 < paused_at < 50_000
    assert panel.loss_points()[0] == list(range(1, paused_at + 1))
    assert_same_weights(window.session.simulation.model, trainer.model)  # the paused model is on screen
    assert panel.resume_button.isEnabled() and not panel.train_button.isEnabled()
    assert str(paused_at + 1) in panel.status_text()

    panel.resume_button.click()
    qtbot.waitUntil(lambda: len(panel.loss_points()[0]) > paused_at + 5, timeout=TRAIN_TIMEOUT_MS)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        panel.cancel_button.click()
    assert stopped.args == ["cancelled"]
    epochs, _ = panel.loss_points()
    assert epochs == list(range(1, trainer.epochs_done + 1))  # no gap, no repeat at the pause
    assert trainer.epochs_done > paused_at
    assert [r.epoch for r in trainer.history] == epochs


def test_cancel_keeps_the_model_of_the_last_completed_epoch(qtbot, window, panel):
    session = window.session
    panel.corpus_radio.setChecked(True)
    panel.epochs_spin.setValue(100_000)
    assert panel.start_training()
    wait_for_progress(qtbot, panel)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        panel.cancel_button.click()
    assert stopped.args == ["cancelled"]
    trainer = panel.run.trainer
    assert 0 < trainer.epochs_done < 100_000
    model = session.simulation.model
    assert_same_weights(model, trainer.model)
    assert all(bool(torch.isfinite(p).all()) for p in model.parameters())
    assert f"Cancelled after epoch {trainer.epochs_done}" in panel.status_text()
    session.run_to_end()
    stepper = session.stepper
    assert all(stepper.record(i).matches for i in range(len(stepper)))  # every cell agrees with nn.RNN
    assert window.match_label.text().startswith("✓")
    assert panel.train_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_the_gui_stays_responsive_and_follows_the_model_while_training(qtbot, window, panel):
    session = window.session
    session.seek(1)
    panel.corpus_radio.setChecked(True)
    panel.epochs_spin.setValue(100_000)
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(panel.run.active))
    timer.start()
    models = set()
    session.simulationChanged.connect(lambda sim: models.add(id(sim.model)))
    assert panel.start_training()
    # While the thread trains, the GUI thread keeps running its timers and applies live snapshots.
    qtbot.waitUntil(lambda: sum(ticks) >= 5 and len(models) >= 2, timeout=TRAIN_TIMEOUT_MS)
    timer.stop()
    assert panel.run.active  # all of that happened during training
    session.step()  # stepping works during training, and a live update keeps the position
    assert session.stepper.position == 2
    before = len(models)
    qtbot.waitUntil(lambda: len(models) > before, timeout=TRAIN_TIMEOUT_MS)
    assert session.stepper.position == 2
    assert session.config.text == "我爱你"  # the text being stepped stays (the corpus model can read it)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
        panel.cancel()


def test_a_corpus_the_model_cannot_read_trains_new_weights(qtbot, window, panel):
    session = window.session
    panel.corpus_radio.setChecked(True)
    panel.epochs_spin.setValue(2)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS) as stopped:
        assert panel.start_training()
        assert "New random weights" in panel.status_text()  # the 我爱你 vocabulary lacks the corpus's
    assert stopped.args == ["finished"]
    corpus_vocab = TrainingData.from_file(DEFAULT_CORPUS).vocabulary()
    assert session.simulation.model.vocab.tokens == corpus_vocab.tokens
    assert session.config.text == "我爱你"  # still the text being stepped: the new vocabulary reads it
    assert panel.loss_points()[0] == [1, 2]


def test_settings_the_engine_refuses_are_shown_and_nothing_starts(qtbot, window, panel):
    panel.text_edit.setText("我")
    assert not panel.start_training()
    assert "nothing to learn" in panel.status_text()
    assert panel.run is None and panel.train_button.isEnabled()
    panel.corpus_radio.setChecked(True)
    panel.corpus_edit.setText(str(DEFAULT_CORPUS.with_name("no-such-file.txt")))
    assert not panel.start_training()
    assert "there is no file" in panel.status_text()


def test_the_trained_model_saves_and_opens_like_any_other(qtbot, window, panel, tmp_path):
    train_and_wait(qtbot, panel)
    trained = window.session.simulation.model
    path = window.learn_actions.save_model(tmp_path / "trained")
    assert path.name == "trained.pt" and path.is_file()
    window.session.load_preset("text-woaini")  # back to untrained weights
    assert window.file_actions.open_model(path)
    assert_same_weights(window.session.simulation.model, trained)
    window.session.seek(2)
    assert window.panels["output"].predicted_token() == "你"


def test_weights_cannot_be_edited_while_training(qtbot, window, panel):
    panel.epochs_spin.setValue(50_000)
    assert panel.start_training()
    wait_for_progress(qtbot, panel)
    assert not window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)
    assert "being trained" in window.message_label.text()
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
        panel.cancel()
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)


def test_live_updates_keep_the_sub_operation_stage(qtbot, window, panel):
    from rnn_stepper.gui.session import StepSize

    session = window.session
    session.set_step_size(StepSize.SUB_OPERATION)
    session.step()
    session.step()  # cell 1, part 2 of 4: the recurrent term
    assert (session.stepper.position, session.stage) == (1, 2)
    panel.epochs_spin.setValue(50_000)
    trained_models = []
    session.simulationChanged.connect(lambda sim: trained_models.append(sim.model))
    assert panel.start_training()
    qtbot.waitUntil(lambda: len(trained_models) >= 2, timeout=TRAIN_TIMEOUT_MS)  # two live updates
    assert (session.stepper.position, session.stage) == (1, 2)
    with qtbot.waitSignal(panel.trainingStopped, timeout=TRAIN_TIMEOUT_MS):
        panel.cancel()
    assert (session.stepper.position, session.stage) == (1, 2)


def test_closing_the_window_stops_the_training_thread(qtbot, window, panel):
    panel.corpus_radio.setChecked(True)
    panel.epochs_spin.setValue(100_000)
    assert panel.start_training()
    wait_for_progress(qtbot, panel)
    run = panel.run
    assert run.active
    window.close()  # waits for the epoch in progress, applies nothing
    assert not run.active
    assert 0 < run.trainer.epochs_done < 100_000
