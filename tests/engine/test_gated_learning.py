"""The rest of the engine with LSTM and GRU models: training, generation and weight edits work.
(The generated code, the data export and BPTT have their own gated tests: test_codegen_gated.py,
test_data_export_gated.py, test_gated_bptt.py.)"""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.generate import generate, top_predictions
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.training import TrainingConfig, train_text
from rnn_stepper.engine.weight_edits import WeightEditor


@pytest.mark.parametrize("cell, proj", [("lstm", 0), ("lstm", 2), ("gru", 0)])
def test_training_teaches_woaini_to_a_gated_cell(cell, proj):
    trainer = train_text(
        "我爱你", TrainingConfig(epochs=150), RNNConfig(cell=cell, proj_size=proj, text="我爱你")
    )
    assert trainer.history[-1].loss < trainer.history[0].loss / 5
    assert top_predictions(trainer.model, "我爱")[0][0] == "你"
    sim = Simulation.build(trainer.simulation_config(), trainer.model)
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= 1e-5


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_generation_agrees_with_stepping_the_generated_text(cell):
    config = RNNConfig(cell=cell, input_size=6, hidden_size=5, text="我爱你们。")
    sim = Simulation.build(config)
    result = generate(sim.model, "我爱", 4)  # greedy: its probabilities are the head's softmax
    stepped = result.simulation(config, sim.model)
    stepped.stepper.run_to_end()
    last = len(result.text) - 2  # the prediction that picked the last generated token
    torch.testing.assert_close(stepped.probabilities_at(last)[0], result.probabilities[-1], atol=1e-5, rtol=0)


def test_a_weight_edit_recomputes_an_lstm_with_its_c0():
    config = RNNConfig(cell="lstm", proj_size=2, input_size=3, hidden_size=4, seq_len=5, text="", h0="random")
    sim = Simulation.build(config)
    c0 = sim.c0.clone()
    sim.stepper.seek(4)
    before = sim.stepper.hidden[:3].clone()
    editor = WeightEditor(sim)
    editor.set_weight("weight_hr_l0", (1, 2), 3.0)
    assert sim.stepper.position == 4 and torch.equal(sim.stepper.c0, c0)
    assert not torch.equal(sim.stepper.hidden[:3], before)
    assert sim.stepper.max_abs_diff() <= 1e-5
    editor.undo()
    torch.testing.assert_close(sim.stepper.hidden[:3], before, atol=1e-6, rtol=0)
