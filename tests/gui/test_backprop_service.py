"""gui/workers/backprop_service.py: the Backprop panel's backward passes are computed there, kept per
(model, weights, t*), and never shown for weights they were not computed from."""

from __future__ import annotations

import pytest
from rnn_stepper.engine.bptt import backprop
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.gui.session import Session
from rnn_stepper.gui.workers.backprop_service import BackpropService

from tests.gui.conftest import open_window

WAIT_MS = 10_000


def test_one_service_per_session_and_a_kept_result_is_not_computed_again(qtbot):
    session = Session(config=preset_config("text-woaini"))
    service = BackpropService.for_session(session)
    assert BackpropService.for_session(session) is service
    assert BackpropService.for_session(Session(config=preset_config("text-woaini"))) is not service
    first = service.result(1)
    assert first.loss == pytest.approx(backprop(session.simulation, 1).loss)
    assert service.result(1) is first and service.computed_count == 1
    other = service.result(0)
    assert other.t_star == 0 and service.computed_count == 2
    assert service.result(1) is first  # both kept


def test_a_weight_edit_is_never_answered_with_the_old_weights_result(qtbot, settings_file):
    window = open_window(qtbot)
    session = window.session
    service = BackpropService.for_session(session)
    before = service.result(1)
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 1), 2.5)
    after = service.result(1)
    assert after is not before
    assert after.loss == pytest.approx(backprop(session.simulation, 1).loss)
    assert after.loss != pytest.approx(before.loss)


def test_a_new_model_drops_every_kept_result(qtbot):
    session = Session(config=preset_config("text-woaini"))
    service = BackpropService.for_session(session)
    before = service.result(1)
    assert session.set_config(preset_config("text-woaini").replace(seed=123))
    after = service.result(1)
    assert after is not before and service.computed_count == 2
    assert after.loss == pytest.approx(backprop(session.simulation, 1).loss)


def test_the_panel_asks_the_service_and_stepping_back_reuses_its_result(qtbot, settings_file):
    window = open_window(qtbot)
    window.docks["backprop"].raise_()
    panel, session = window.panels["backprop"], window.session
    service = BackpropService.for_session(session)
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        session.seek(2)  # t* = 1
    first = panel.result
    assert first.t_star == 1
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        session.seek(1)  # t* = 0
    assert panel.result.t_star == 0
    count = service.computed_count
    with qtbot.waitSignal(panel.computed, timeout=WAIT_MS):
        session.seek(2)  # t* = 1 again: the kept result, not a new backward pass
    assert panel.result is first and service.computed_count == count
