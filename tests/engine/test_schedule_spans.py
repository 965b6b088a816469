"""Schedule.computed_span: which time steps of one row the first `position` cells hold.

The network panel draws from it, so it must agree with the stepper's own answer (is_computed)
at every position a user can reach: single steps, whole groups, seeks and steps back."""

from __future__ import annotations

import itertools
import random

import pytest
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.schedule import Schedule
from rnn_stepper.engine.simulation import Simulation


def spans_by_asking_each_cell(schedule: Schedule, position: int, layer: int, direction: int) -> list[int]:
    return [t for t in range(schedule.seq_len) if schedule.index(layer, direction, t) < position]


@pytest.mark.parametrize(
    "seq_len, num_layers, num_directions", list(itertools.product((1, 2, 5), (1, 2, 3), (1, 2)))
)
def test_span_is_the_cells_before_the_position_at_every_position(seq_len, num_layers, num_directions):
    schedule = Schedule(seq_len, num_layers, num_directions)
    for position in range(len(schedule) + 1):
        for layer, direction in itertools.product(range(num_layers), range(num_directions)):
            span = schedule.computed_span(position, layer, direction)
            assert list(span) == spans_by_asking_each_cell(schedule, position, layer, direction), (
                position,
                layer,
                direction,
            )


def test_a_reverse_row_fills_from_its_last_time_step():
    schedule = Schedule(seq_len=4, num_layers=1, num_directions=2)
    assert schedule.computed_span(4 + 1, 0, 1) == range(3, 4)  # the forward sweep, then one reverse cell
    assert schedule.computed_span(4 + 1, 0, 0) == range(0, 4)


def test_a_row_that_is_not_there_is_refused():
    schedule = Schedule(seq_len=3, num_layers=2, num_directions=1)
    with pytest.raises(IndexError):
        schedule.computed_span(0, 2, 0)
    with pytest.raises(IndexError):
        schedule.computed_span(0, 0, 1)


@pytest.mark.parametrize("seed", range(6))
def test_span_agrees_with_the_stepper_while_it_is_moved_around(seed):
    """Random nets moved by random steps (one cell, one group, a seek, back) in a random order."""
    rng = random.Random(seed)
    config = RNNConfig(
        input_size=2,
        hidden_size=3,
        num_layers=rng.randint(1, 3),
        bidirectional=rng.random() < 0.5,
        seq_len=rng.randint(2, 6),
        cell=rng.choice(("rnn", "lstm", "gru")),
    )
    stepper = Simulation.build(config).stepper
    schedule = stepper.schedule
    positions = set()
    for _ in range(25):
        move = rng.choice(("step", "group", "seek", "back", "back_group"))
        if move == "step" and not stepper.done:
            stepper.step()
        elif move == "group" and not stepper.done:
            stepper.step_group()
        elif move == "seek":
            stepper.seek(rng.randint(0, len(schedule)))
        elif move == "back":
            stepper.back()
        elif move == "back_group":
            stepper.back_group()
        positions.add(stepper.position)
        for layer, direction in itertools.product(range(stepper.L), range(stepper.D)):
            span = schedule.computed_span(stepper.position, layer, direction)
            for t in range(stepper.T):
                assert (t in span) == stepper.is_computed(layer, direction, t), (
                    config,
                    stepper.position,
                    layer,
                    direction,
                    t,
                )
    assert len(positions) >= min(3, len(schedule) + 1)  # the walk really went to several places
