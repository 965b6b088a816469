"""Stepping LSTM and GRU cells: back, seek, one time step, run to end, and the sub-operations in
teaching order (LSTM: pre-activations, gates, cell state, hidden state; GRU: r, z, n, blend)."""

from __future__ import annotations

import random

import pytest
import torch
from rnn_stepper.engine.cell import SUB_OPERATIONS, sub_operations
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation

CASES = [("lstm", 0, False), ("lstm", 2, True), ("gru", 0, False), ("gru", 0, True)]


def _simulation(cell, proj, bidirectional, layers=2):
    config = RNNConfig(
        cell=cell,
        proj_size=proj,
        input_size=3,
        hidden_size=4,
        num_layers=layers,
        bidirectional=bidirectional,
        seq_len=5,
        batch_size=2,
        h0="random",
        text="",
        seed=7,
    )
    return Simulation.build(config)


def _states(stepper):
    states = [stepper.hidden.clone()]
    if stepper.cell_state is not None:
        states.append(stepper.cell_state.clone())
    return states


@pytest.mark.parametrize("cell, proj, bidirectional", CASES)
def test_back_and_seek_give_the_same_cells_as_stepping_forward(cell, proj, bidirectional):
    stepper = _simulation(cell, proj, bidirectional).stepper
    forward = [stepper.step() for _ in range(len(stepper))]
    assert stepper.step() is None and stepper.done
    rng = random.Random(0)
    for _ in range(30):  # random jumps back and forth land on identical records
        position = rng.randrange(len(stepper) + 1)
        stepper.seek(position)
        assert stepper.position == position
        if position:
            record, expected = stepper.current, forward[position - 1]
            assert record.cell == expected.cell
            torch.testing.assert_close(record.h_t, expected.h_t, atol=1e-6, rtol=0)
            for name in expected.gates:
                torch.testing.assert_close(record.gates[name], expected.gates[name], atol=1e-6, rtol=0)
            if expected.c_t is not None:
                torch.testing.assert_close(record.c_t, expected.c_t, atol=1e-6, rtol=0)
            assert record.matches
    stepper.seek(len(stepper) - 1)
    stepper.back()
    assert stepper.position == len(stepper) - 2
    stepper.reset()
    assert stepper.position == 0 and stepper.current is None


@pytest.mark.parametrize("cell, proj, bidirectional", CASES)
def test_run_to_end_equals_cell_by_cell(cell, proj, bidirectional):
    one = _simulation(cell, proj, bidirectional).stepper
    while one.step() is not None:
        pass
    other = _simulation(cell, proj, bidirectional).stepper
    other.seek(3)
    other.run_to_end()
    for mine, theirs in zip(_states(one), _states(other)):
        torch.testing.assert_close(mine, theirs, atol=1e-6, rtol=0)
    assert other.max_abs_diff() <= 1e-5 and other.full_forward_diff() <= 1e-5


@pytest.mark.parametrize("cell, proj, bidirectional", CASES)
def test_one_time_step_and_back(cell, proj, bidirectional):
    stepper = _simulation(cell, proj, bidirectional).stepper
    stepper.step_group()
    group = stepper.schedule.group_end(0)
    assert stepper.position == group
    stepper.step_group()
    stepper.back_group()
    assert stepper.position == group
    stepper.back_group()
    assert stepper.position == 0


def test_sub_operations_follow_the_teaching_order():
    assert [s.name for s in SUB_OPERATIONS["lstm"]] == [
        "pre-activations",
        "gates",
        "cell state",
        "hidden state",
    ]
    assert [s.name for s in SUB_OPERATIONS["gru"]] == ["reset gate", "update gate", "candidate", "blend"]
    assert [s.name for s in SUB_OPERATIONS["rnn"]] == ["input term", "recurrent term", "sum", "h_t"]
    assert [s.name for s in sub_operations("lstm", projected=True)][-2:] == ["hidden state", "projection"]
    for cell in ("rnn", "lstm", "gru"):  # the last stage reveals h_t, and only it does
        stages = sub_operations(cell)
        assert stages[-1].parts == ("h_t",)
        assert all("h_t" not in s.parts for s in stages[:-1])


@pytest.mark.parametrize("cell, proj, bidirectional", CASES + [("rnn", 0, False)])
def test_each_sub_operation_reveals_real_values_of_the_record(cell, proj, bidirectional):
    stepper = _simulation(cell, proj, bidirectional, layers=1).stepper
    record = stepper.step()
    stages = record.sub_operations
    assert len(stages) == (5 if proj else 4)
    seen = set()
    for stage in range(1, len(stages) + 1):
        revealed = record.revealed(stage)
        assert set(revealed) >= seen  # a stage adds parts, it never hides earlier ones
        seen = set(revealed)
        for name, value in revealed.items():
            assert value is record.part(name)
    assert set(record.revealed(len(stages))) >= {"h_t"}
    assert "h_t" not in record.revealed(len(stages) - 1)
    if cell == "lstm":
        assert set(record.revealed(2)) == {
            "input_term",
            "recurrent_term",
            "pre_activation",
            "i",
            "f",
            "g",
            "o",
        }
        assert "c_t" in record.revealed(3) and "c_t" not in record.revealed(2)
    if cell == "gru":
        assert list(record.revealed(1)) == ["input_term", "recurrent_term", "r"]
        assert "z" in record.revealed(2) and "n" in record.revealed(3)
    with pytest.raises(KeyError, match=f"a {cell} cell has no part 'nonsense'"):
        record.part("nonsense")


def test_lstm_gates_say_what_happens_to_each_neuron():
    """The values a teacher reads off: f near 1 keeps c_{t-1}, i * g is what is written."""
    record = _simulation("lstm", 0, False, layers=1).stepper.step()
    i, f, g, o = (record.gates[name] for name in "ifgo")
    for gate in (i, f, o):
        assert ((gate > 0) & (gate < 1)).all()
    assert ((g > -1) & (g < 1)).all()
    torch.testing.assert_close(record.c_t, f * record.c_prev + i * g, atol=1e-6, rtol=0)
    torch.testing.assert_close(record.h_t, o * torch.tanh(record.c_t), atol=1e-6, rtol=0)


def test_an_rnn_record_is_unchanged():
    record = _simulation("rnn", 0, False).stepper.step()
    assert record.cell_type == "rnn" and dict(record.gates) == {}
    assert record.c_t is None and record.c_prev is None and record.h_unprojected is None
    assert record.max_abs_diff == float(record.abs_diff.max())
