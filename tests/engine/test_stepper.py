"""Stepper navigation: step, back, seek, reset, groups, and the schedule's order."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.schedule import Cell, Schedule
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import Stepper, StepRecord

SHAPES = [  # (num_layers, bidirectional, seq_len, batch)
    (1, False, 5, 2),
    (3, False, 4, 1),
    (1, True, 5, 3),
    (2, True, 4, 2),
    (3, True, 3, 1),
]


def make(num_layers=2, bidirectional=False, seq_len=4, batch=2, **kwargs) -> Stepper:
    kwargs.setdefault("h0", "random")
    config = RNNConfig(
        input_size=3,
        hidden_size=4,
        num_layers=num_layers,
        bidirectional=bidirectional,
        seq_len=seq_len,
        batch_size=batch,
        **kwargs,
    )
    return Simulation.build(config).stepper


def exact(num_layers, bidirectional) -> bool:
    """Stepping and run_to_end are bit-identical except for deeper layers of a unidirectional stack."""
    return bidirectional or num_layers == 1


def same_hidden(a: torch.Tensor, b: torch.Tensor, bitwise: bool) -> None:
    if bitwise:
        assert torch.equal(a, b)
    else:
        torch.testing.assert_close(a, b, atol=1e-6, rtol=0)


def computed_hidden(stepper: Stepper) -> dict:
    """h_t of every computed cell, by cell."""
    cells = (stepper.schedule.cell(i) for i in range(stepper.position))
    return {c: stepper.hidden[c.t, c.layer * stepper.D + c.direction].clone() for c in cells}


def assert_records_equal(a: StepRecord, b: StepRecord) -> None:
    for f in dataclasses.fields(StepRecord):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, torch.Tensor):
            assert torch.equal(x, y), f.name
        else:
            assert x == y, f.name


@pytest.fixture
def count_computation(monkeypatch):
    """Counts every call into the stepper's computing methods."""
    calls = []
    for name in ("_compute", "_sweep", "_compute_layer_input_terms", "_run_to_end"):
        original = getattr(Stepper, name)

        def wrapper(self, *args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Stepper, name, wrapper)
    return calls


# ---- position bounds -----------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_position_bounds_and_step_until_done(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    n = T * layers * (2 if bidi else 1)
    assert len(s) == len(s.schedule) == n
    assert s.position == 0 and s.current is None and not s.done
    s.back()  # no-op at the start
    assert s.position == 0
    for i in range(n):
        record = s.step()
        assert record.index == i and s.position == i + 1
        assert s.current.index == i
    assert s.done and s.step() is None and s.position == n
    s.step_group()
    assert s.position == n
    for position in (-1, n + 1):
        with pytest.raises(IndexError):
            s.seek(position)
    assert s.position == n
    for _ in range(n):
        s.back()
    assert s.position == 0 and s.current is None
    s.back_group()
    assert s.position == 0


def test_records_of_uncomputed_cells_and_unfinished_outputs_are_refused():
    s = make(2, True, 3, 1)
    s.seek(4)
    with pytest.raises(IndexError):
        s.record(4)
    with pytest.raises(IndexError):
        s.record(-1)
    for method in (s.output, s.h_n):
        with pytest.raises(RuntimeError, match="needs every cell computed"):
            method()
    s.back()
    with pytest.raises(IndexError):
        s.record(3)


@pytest.mark.parametrize("shape", SHAPES)
def test_is_computed_follows_position(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    for position in [0, 1, len(s) // 2, len(s) - 1, len(s), 2]:
        s.seek(position)
        computed = {s.schedule.cell(i) for i in range(position)}
        for cell in s.schedule:
            assert s.is_computed(*cell) == (cell in computed)


# ---- back and seek backwards never recompute ------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_back_and_seek_backwards_do_not_recompute(shape, count_computation):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    s.run_to_end()
    count_computation.clear()
    s.back()
    s.back()
    s.seek(len(s) // 2)
    s.back_group()
    s.seek(min(1, s.position))
    s.reset()
    assert count_computation == []
    assert s.position == 0


@pytest.mark.parametrize("shape", SHAPES)
def test_current_after_back_shows_the_stored_value(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    records = [s.step() for _ in range(len(s))]
    for i in range(len(s) - 1, 0, -1):
        s.back()
        assert_records_equal(s.current, records[i - 1])


def test_back_does_not_scale_with_the_sequence_length():
    """back() is a pointer move; near the start of a long, deep, unidirectional trace it must
    not walk every remaining cell (here 800,000 of them)."""
    s = make(num_layers=8, bidirectional=False, seq_len=100_000, batch=1, h0="zeros")
    s.step()
    s.step()
    visited = []
    original_cell = s.schedule.cell
    s.schedule.cell = lambda index: visited.append(index) or original_cell(index)
    s.back()
    s.schedule.cell = original_cell
    assert s.position == 1
    assert len(visited) <= 2, f"back() visited {len(visited)} cells of the schedule"
    # and what it forgot is recomputed correctly
    s.step()
    s.seek(40)
    reference = make(num_layers=8, bidirectional=False, seq_len=100_000, batch=1, h0="zeros")
    reference.seek(40)
    assert torch.equal(s.hidden[:5], reference.hidden[:5])


# ---- forward, back, forward again --------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_seek_forward_back_forward_gives_identical_hidden(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    n = len(s)
    for far, near in [(n, 0), (n, n // 2), (n - 1, 1), (n // 2 + 1, n // 3), (n, n - 1)]:
        s.reset()
        s.seek(far)
        first = computed_hidden(s)
        s.seek(near)
        assert s.position == near
        s.seek(far)
        second = computed_hidden(s)
        assert first.keys() == second.keys()
        for cell in first:
            same_hidden(first[cell], second[cell], exact(layers, bidi) or far != n)


@pytest.mark.parametrize("shape", SHAPES)
def test_run_to_end_equals_stepping_cell_by_cell(shape):
    layers, bidi, T, B = shape
    stepped, ran = make(layers, bidi, T, B), make(layers, bidi, T, B)
    while stepped.step() is not None:
        pass
    ran.run_to_end()
    assert ran.done and ran.position == len(ran)
    same_hidden(stepped.hidden, ran.hidden, exact(layers, bidi))
    same_hidden(stepped.output(), ran.output(), exact(layers, bidi))
    same_hidden(stepped.h_n(), ran.h_n(), exact(layers, bidi))
    # finishing from the middle
    mixed = make(layers, bidi, T, B)
    mixed.seek(len(mixed) // 2 + 1)
    mixed.run_to_end()
    same_hidden(stepped.hidden, mixed.hidden, exact(layers, bidi))


@pytest.mark.parametrize("shape", SHAPES)
def test_going_back_then_forward_never_reads_forgotten_cells(shape):
    """After going back, the forgotten cells' stored values are garbage as far as the stepper is
    concerned: poison them (and the input terms not marked ready) with NaN, then finish."""
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    s.run_to_end()
    full = s.hidden.clone()
    for position in (1, len(s) // 2, len(s) - 1, 0):
        for finish in ("run_to_end", "step"):
            s.seek(position)
            for i in range(position, len(s)):
                cell = s.schedule.cell(i)
                s.hidden[cell.t, cell.layer * s.D + cell.direction] = float("nan")
            # input terms are stored [L*D, T, B, H]; readiness [T, L*D]
            s._input_terms[torch.from_numpy(~s._input_term_ready.T.copy())] = float("nan")
            if finish == "run_to_end":
                s.run_to_end()
            else:
                while s.step() is not None:
                    pass
            assert not s.hidden.isnan().any()
            same_hidden(s.hidden, full, exact(layers, bidi))
            assert s.max_abs_diff() <= 1e-5


@pytest.mark.parametrize("shape", SHAPES)
def test_records_from_step_equal_records_read_later(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    records = []
    while (r := s.step()) is not None:
        records.append(r)
    for i, r in enumerate(records):
        assert_records_equal(r, s.record(i))
    # after going back and forward again, still the same (bitwise: same path)
    s.seek(len(s) // 3)
    for i in range(len(s) // 3):
        assert_records_equal(records[i], s.record(i))
    while s.step() is not None:
        pass
    for i, r in enumerate(records):
        assert_records_equal(r, s.record(i))


def test_records_are_immutable_private_copies():
    s = make(2, True, 3, 2)
    r = s.step()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.h_t = torch.zeros(2, 4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.max_abs_diff = 0.0
    kept = r.h_t.clone()
    r.h_t.add_(100.0)  # editing the record's tensor must not touch the stepper's state
    r.x_t.add_(100.0)
    r.h_prev.add_(100.0)
    r.input_term.add_(100.0)
    again = s.record(0)
    assert torch.equal(again.h_t, kept)
    assert again.max_abs_diff <= 1e-5
    s.run_to_end()
    assert s.full_forward_diff() <= 1e-5


# ---- groups ------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_step_group_and_back_group_move_by_whole_groups(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    size = T if bidi else layers  # bidi: one sweep; uni: one time step through every layer
    n = len(s)
    positions = [0]
    while not s.done:
        s.step_group()
        positions.append(s.position)
    assert positions == list(range(0, n + 1, size))
    if not bidi:
        for k in range(1, T + 1):  # after k groups, time steps 0..k-1 are done in every layer
            s.seek(k * size)
            assert all(s.is_computed(l, 0, t) for l in range(layers) for t in range(k))
            assert not any(s.is_computed(l, 0, t) for l in range(layers) for t in range(k, T))
    back = [n]
    s.run_to_end()
    while s.position:
        s.back_group()
        back.append(s.position)
    assert back == positions[::-1]
    # from the middle of a group: step_group finishes it, back_group returns to its start
    if size > 1:
        s.seek(size + 1)
        s.step_group()
        assert s.position == 2 * size
        s.seek(size + 1)
        s.back_group()
        assert s.position == size


# ---- the schedule ------------------------------------------------------------------------------


def test_unidirectional_schedule_is_time_major():
    schedule = Schedule(seq_len=3, num_layers=2, num_directions=1)
    assert list(schedule) == [
        Cell(0, 0, 0),
        Cell(1, 0, 0),
        Cell(0, 0, 1),
        Cell(1, 0, 1),
        Cell(0, 0, 2),
        Cell(1, 0, 2),
    ]


def test_bidirectional_schedule_is_layer_major_forward_then_reverse():
    schedule = Schedule(seq_len=3, num_layers=2, num_directions=2)
    assert list(schedule) == [
        Cell(0, 0, 0),
        Cell(0, 0, 1),
        Cell(0, 0, 2),
        Cell(0, 1, 2),
        Cell(0, 1, 1),
        Cell(0, 1, 0),
        Cell(1, 0, 0),
        Cell(1, 0, 1),
        Cell(1, 0, 2),
        Cell(1, 1, 2),
        Cell(1, 1, 1),
        Cell(1, 1, 0),
    ]


@pytest.mark.parametrize(("T", "L", "D"), list(itertools.product([1, 2, 5], [1, 2, 3], [1, 2])))
def test_schedule_index_inverts_cell_and_covers_every_cell_once(T, L, D):
    schedule = Schedule(T, L, D)
    cells = list(schedule)
    assert len(cells) == len(schedule) == T * L * D
    assert set(cells) == {Cell(l, d, t) for l in range(L) for d in range(D) for t in range(T)}
    for i, cell in enumerate(cells):
        assert schedule.cell(i) == cell
        assert schedule.index(*cell) == i
    for bad in (-1, len(schedule)):
        with pytest.raises(IndexError):
            schedule.cell(bad)
    for bad in [(L, 0, 0), (0, D, 0), (0, 0, T), (-1, 0, 0), (0, 0, -1)]:
        with pytest.raises(IndexError):
            schedule.index(*bad)
    # every cell comes after the cells it reads: its h_prev and (layer > 0) the layer below at t
    for i, cell in enumerate(cells):
        prev = schedule.previous_cell(cell)
        if prev is not None:
            assert schedule.index(*prev) < i
            assert prev.t == (cell.t - 1 if cell.direction == 0 else cell.t + 1)
        else:
            assert cell.t == (0 if cell.direction == 0 else T - 1)
        if cell.layer:
            for d in range(D):
                assert schedule.index(cell.layer - 1, d, cell.t) < i


@pytest.mark.parametrize("shape", SHAPES)
def test_computed_times_agree_with_is_computed(shape):
    layers, bidi, T, B = shape
    s = make(layers, bidi, T, B)
    for position in range(len(s) + 1):
        s.seek(position)
        for layer, direction in itertools.product(range(layers), range(s.D)):
            times = s.computed_times(layer * s.D + direction)
            assert set(range(T)[times]) == {t for t in range(T) if s.is_computed(layer, direction, t)}


def test_max_abs_diff_covers_only_computed_cells():
    s = make(2, True, 3, 2)
    assert s.max_abs_diff() == 0.0
    s.seek(4)
    assert 0.0 <= s.max_abs_diff() <= 1e-5
    s.run_to_end()
    assert s.max_abs_diff() <= 1e-5
    # it reads exactly the computed cells: a wrong value in a computed cell is seen, in an
    # un-computed one it is not
    s.seek(4)
    cell = s.schedule.cell(5)
    s.hidden[cell.t, cell.layer * s.D + cell.direction] += 1.0
    assert s.max_abs_diff() <= 1e-5
    cell = s.schedule.cell(3)
    s.hidden[cell.t, cell.layer * s.D + cell.direction] += 1.0
    assert s.max_abs_diff() >= 0.99


def test_the_reference_leaves_the_callers_random_state_alone():
    stepper = make(num_layers=2, bidirectional=True)
    state = torch.get_rng_state()
    stepper.reference_hidden  # noqa: B018 — makes nn.RNN modules, whose init draws from the RNG
    assert torch.equal(torch.get_rng_state(), state)


@pytest.mark.parametrize("use", ["build a model", "make the reference"])
def test_global_rng_users_wait_for_each_other_across_threads(use):
    """The app makes reference modules in a worker thread while the GUI thread may seed and build
    a model (gui/workers/rebuild_worker.py): both take the global RNG's lock, so neither can reseed or
    restore it under the other and a model from a seed always gets that seed's weights."""
    import threading

    from rnn_stepper.engine.model import build_model
    from rnn_stepper.engine.rng import private_global_rng

    config = RNNConfig(input_size=3, hidden_size=4, seq_len=3, seed=11)
    expected = build_model(config).rnn.weight_hh_l0.clone()
    stepper = make()
    inside, release, results = threading.Event(), threading.Event(), []

    def hold():
        with private_global_rng():
            inside.set()
            release.wait(30)
            torch.manual_seed(999)  # what would spoil a model built meanwhile without the lock

    def work():
        results.append(
            build_model(config).rnn.weight_hh_l0.clone()
            if use == "build a model"
            else stepper.reference_hidden
        )

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(30)
    worker = threading.Thread(target=work)
    worker.start()
    worker.join(0.3)
    blocked = worker.is_alive() and not results  # it waits for the lock
    release.set()
    holder.join(30)
    worker.join(30)
    assert blocked and len(results) == 1
    if use == "build a model":
        assert torch.equal(results[0], expected)


@pytest.mark.parametrize("num_layers, bidirectional", [(1, False), (3, False), (1, True), (3, True)])
def test_prepare_next_does_a_deeper_layers_input_terms_in_pieces(num_layers, bidirectional):
    """The window's sliced runs call prepare_next before stepping, so that no slice holds a whole
    layer's input-term product; the cells are then nn.RNN's as without it."""
    stepper = make(num_layers=num_layers, bidirectional=bidirectional, seq_len=7)
    plain = make(num_layers=num_layers, bidirectional=bidirectional, seq_len=7)
    pieces = 0
    while not stepper.done:
        while stepper.prepare_next(2):  # 7 time steps: four pieces per deeper layer
            pieces += 1
        stepper.step()
    assert pieces == (4 * (num_layers - 1) if bidirectional else 0)
    plain.run_to_end()
    assert torch.allclose(stepper.hidden, plain.hidden, atol=1e-6)
    assert stepper.max_abs_diff() <= stepper.tolerance  # every cell against nn.RNN
    stepper.seek(0)
    assert not stepper.prepare_next(2)  # layer 0's terms are made with the stepper
    if bidirectional and num_layers == 3:
        stepper.seek(7 * 2 * 2)  # layer 2's first cell: its terms were forgotten going back to 0
        assert stepper.prepare_next(100) and not stepper.prepare_next(100)
