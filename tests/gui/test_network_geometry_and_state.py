"""The network panel's rooms that need no widget: the scene's geometry (pure layout maths) and
the state it draws from (a Session is enough, no window)."""

from __future__ import annotations

import itertools

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.geometry import SceneGeometry, track_rects
from rnn_stepper.gui.panels.network.state import STEP_REPAINT_MAX_CELLS, NetworkState
from rnn_stepper.gui.session import Session, StepSize

SHAPES = [(4, 1, 1), (5, 3, 1), (3, 2, 2), (6, 1, 2)]  # (T, L, D)
PITCHES = [2.0, 12.0, style.NETWORK_DETAIL_PITCH, 140.0]  # zoomed out to strips .. detailed


def geometry(T, L, D, pitch, row_pitch=90.0, has_head=True) -> SceneGeometry:
    return SceneGeometry(T, L, D, has_head, pitch, row_pitch)


# ---- geometry ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("pitch", PITCHES)
def test_the_cell_under_each_cells_centre_is_that_cell(shape, pitch):
    geo = geometry(*shape, pitch)
    T, L, D = shape
    for layer, direction, t in itertools.product(range(L), range(D), range(T)):
        center = geo.cell_rect(layer, direction, t).center()
        assert geo.cell_at(center.x(), center.y()) == Cell(layer, direction, t)
    # the h0 column, the input band and the output band hold no cell
    h0 = geo.h0_rect(0, 0).center()
    assert geo.cell_at(h0.x(), h0.y()) is None
    assert geo.cell_at(geo.column_center(0), geo.input_top + 10) is None
    assert geo.cell_at(geo.column_center(0), geo.rows_top - 10) is None


@pytest.mark.parametrize("shape", SHAPES)
def test_rows_run_from_the_top_layer_down_with_the_reverse_row_above_the_forward_one(shape):
    T, L, D = shape
    geo = geometry(*shape, 60.0)
    tops = {(layer, direction): geo.row_top(layer, direction) for layer in range(L) for direction in range(D)}
    assert sorted(tops, key=tops.get)[0] == (L - 1, D - 1)  # the top layer (its reverse row) first
    for layer in range(L - 1):
        assert tops[(layer + 1, 0)] < tops[(layer, 0)]
    if D == 2:
        assert tops[(0, 1)] < tops[(0, 0)]
    for visual in range(geo.rows):
        assert geo.visual_row(*geo.row_cell(visual)) == visual
    # rows do not overlap and fit between the output band and the input band
    assert min(tops.values()) == geo.rows_top
    assert max(tops.values()) + geo.row_pitch == geo.input_top < geo.height


def test_a_bidirectional_scene_has_a_second_h0_column_after_the_last_time_step():
    one, two = geometry(5, 1, 1, 40.0), geometry(5, 1, 2, 40.0)
    assert two.width - one.width == style.NETWORK_H0_WIDTH
    assert two.h0_rect(0, 1).left() >= two.column_x(5)  # the reverse sweep starts at the right end
    assert two.h0_rect(0, 0).right() <= two.column_x(0)


@pytest.mark.parametrize("pitch", PITCHES)
def test_t_range_is_the_columns_meeting_an_interval(pitch):
    geo = geometry(50, 1, 1, pitch)
    for x0, x1 in [
        (0.0, 30.0),
        (geo.column_x(7) + 0.5, geo.column_x(9) - 0.5),
        (geo.column_x(49), 1e6),
        (-100.0, -1.0),
    ]:
        expected = [t for t in range(geo.T) if geo.column_x(t) <= x1 and geo.column_x(t + 1) > x0]
        assert list(geo.t_range(x0, x1)) == expected, (x0, x1)


def test_an_lstm_cell_holds_its_c_track_above_its_h_track_inside_the_cell():
    geo = geometry(3, 1, 1, 140.0, row_pitch=130.0)
    cell = geo.cell_rect(0, 0, 1)
    h_only, none = track_rects(cell, has_cell_state=False)
    assert none is None and cell.contains(h_only)
    h, c = track_rects(cell, has_cell_state=True)
    assert cell.contains(h) and cell.contains(c)
    assert c.bottom() < h.top()
    assert not c.intersects(h)


# ---- state -------------------------------------------------------------------------------------


@pytest.fixture
def lstm_session(qapp):
    config = RNNConfig(
        cell="lstm", input_size=3, hidden_size=4, num_layers=2, bidirectional=True, seq_len=5, batch_size=2
    )
    return Session(config=config)


def test_spans_masks_and_latest_cells_follow_the_session(lstm_session):
    session = lstm_session
    state = NetworkState(session)
    stepper = state.stepper
    for position in (0, 1, 3, 5, 7, 12, len(stepper) - 1, len(stepper), 4):
        session.seek(position)
        state.view = session.view()
        mask = state.complete_mask(range(stepper.T))
        for layer, direction in itertools.product(range(stepper.L), range(stepper.D)):
            computed = [t for t in range(stepper.T) if stepper.is_computed(layer, direction, t)]
            lo, hi = state.span(layer, direction)
            assert list(range(lo, hi)) == computed, (position, layer, direction)
            expected_latest = None if not computed else (computed[-1] if direction == 0 else computed[0])
            assert state.latest_t(layer, direction) == expected_latest
            for t in range(stepper.T):
                assert mask[t, layer * stepper.D + direction] == state.complete(layer, direction, t)


def test_the_cell_whose_sub_operations_are_showing_is_not_complete_yet(lstm_session):
    session = lstm_session
    session.seek(3)
    session.step_size = StepSize.SUB_OPERATION
    session.step()  # the fourth cell, its first sub-operation
    state = NetworkState(session)
    busy = state.in_progress()
    assert busy == session.stepper.schedule.cell(3)
    assert session.stepper.is_computed(*busy)  # (the stepper holds it; the panel reveals it in stages)
    assert not state.complete(*busy)
    assert not state.complete_mask(range(busy.t, busy.t + 1))[0, busy.layer * 2 + busy.direction]
    assert state.stage_parts()  # what this sub-operation reveals is named


def test_a_step_redraws_the_columns_it_touched_and_a_jump_redraws_everything(lstm_session):
    session = lstm_session
    state = NetworkState(session)
    session.seek(2)
    state.view = session.view()
    session.step()
    # the cell that was current (t = 1) and the new one (t = 2) of the forward sweep
    assert state.columns_changed_by_step(session.view()) == {1, 2}
    long_session = Session(config=RNNConfig(input_size=2, hidden_size=3, seq_len=STEP_REPAINT_MAX_CELLS + 20))
    state = NetworkState(long_session)
    long_session.seek(2)
    state.view = long_session.view()
    long_session.seek(STEP_REPAINT_MAX_CELLS + 10)
    assert state.columns_changed_by_step(long_session.view()) is None


def test_the_c_colour_scale_is_the_largest_c_so_far_and_follows_a_step_back(lstm_session):
    session = lstm_session
    state = NetworkState(session)
    stepper = state.stepper
    with torch.no_grad():  # gates wide open: c grows at every step, so the scale leaves its floor of 1
        for name, parameter in stepper.rnn.named_parameters():
            if name.startswith("bias_hh"):  # (the recurrent term is computed cell by cell)
                parameter.fill_(3.0)
    session.seek(len(stepper))
    state.view = session.view()

    def largest_c(position: int) -> float:
        cells = [stepper.schedule.cell(i) for i in range(position)]
        values = [stepper.cell_state[c.t, c.layer * 2 + c.direction, state.batch].abs().max() for c in cells]
        return max([1.0, *map(float, values)])

    assert state.c_scale() == pytest.approx(largest_c(len(stepper)))
    assert state.c_scale() > 1.0
    assert largest_c(3) < largest_c(len(stepper))  # (so going back must lower the scale)
    session.seek(3)
    state.view = session.view()
    assert state.c_scale() == pytest.approx(largest_c(3))
