"""The running verification: every computed cell compared with nn.RNN, every disagreement kept."""

import numpy as np
import pytest
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(input_size=3, hidden_size=4, seq_len=5, num_layers=2),
        RNNConfig(input_size=3, hidden_size=4, seq_len=5, num_layers=2, bidirectional=True, batch_size=2),
    ],
)
def test_counts_follow_the_position_and_all_match(config):
    stepper = Simulation.build(config).stepper
    assert stepper.check_cells().computed == 0
    for position in (1, 3, len(stepper), 2):
        stepper.seek(position)
        check = stepper.check_cells()
        assert check.computed == check.matching == position
        assert 0 <= check.max_abs_diff <= stepper.tolerance
        assert not check.ever_mismatched.any()


def test_a_disagreeing_cell_stays_marked_after_stepping_back():
    stepper = Simulation.build(RNNConfig(input_size=3, hidden_size=4, seq_len=5)).stepper
    stepper.seek(3)
    stepper.check_cells()
    stepper.hidden[2, 0, 0, 1] += 0.25  # the current cell (t = 2) disagrees now
    check = stepper.check_cells()
    assert (check.computed, check.matching) == (3, 2)
    assert check.max_abs_diff == pytest.approx(0.25, abs=1e-5)
    assert np.argwhere(check.ever_mismatched).tolist() == [[2, 0]]
    stepper.seek(1)
    check = stepper.check_cells()
    assert (check.computed, check.matching) == (1, 1)  # the summary covers computed cells
    assert check.ever_mismatched[2, 0]  # the mark stays
