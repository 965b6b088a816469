"""Editing weights (engine/weight_edits.py): only dependent cells change, nn.RNN still agrees,
undo/redo/reset restore exact tensors."""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.weight_edits import WeightEditor


def fresh(**kwargs) -> Simulation:
    defaults = dict(input_size=3, hidden_size=4, num_layers=2, seq_len=5, batch_size=2, seed=4)
    return Simulation.build(RNNConfig(**{**defaults, **kwargs}))


def params(sim) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in sim.model.named_parameters()}


def assert_matches_nn_rnn(sim) -> None:
    s = sim.stepper
    assert s.max_abs_diff() <= s.tolerance
    if s.done:
        assert s.full_forward_diff() <= s.tolerance
        with torch.no_grad():
            output, _ = sim.model.rnn(sim.inputs, sim.h0)
        torch.testing.assert_close(s.output(), output, atol=s.tolerance, rtol=0)


def test_edit_of_layer_1_changes_only_layer_1_and_above():
    sim = fresh(num_layers=3)
    sim.stepper.run_to_end()
    before = sim.stepper.hidden.clone()
    editor = WeightEditor(sim)
    old_stepper = sim.stepper
    edit = editor.set_weight("weight_hh_l1", (0, 2), 2.5)
    assert sim.stepper is old_stepper and sim.stepper.done  # recomputed in place, at the same position
    assert float(sim.model.rnn.weight_hh_l1[0, 2]) == 2.5
    after = sim.stepper.hidden
    assert torch.equal(after[:, 0], before[:, 0])  # layer 0: bit-for-bit the same
    assert not torch.equal(after[:, 1], before[:, 1])
    assert not torch.equal(after[:, 2], before[:, 2])
    assert editor.affected_rows("weight_hh_l1") == [1, 2]
    assert editor.first_affected_index("weight_hh_l1") == 1  # time-major: (t=0, layer 1)
    assert_matches_nn_rnn(sim)
    # every record still agrees with its (rebuilt) nn.RNN reference
    assert all(sim.stepper.record(i).matches for i in range(len(sim.stepper)))
    assert edit.label == "weight_hh_l1[0, 2] = 2.5"


def test_edit_keeps_a_partial_position_and_recomputes_reference():
    sim = fresh()
    sim.stepper.seek(6)
    editor = WeightEditor(sim)
    editor.set_weight("rnn.weight_ih_l0", (1, 0), -3.0)
    assert sim.stepper.position == 6
    rec = sim.stepper.current
    assert rec.matches and rec.index == 5
    # the new value is really used: recompute cell (layer 0, t=0) by hand
    x0 = sim.inputs[0]
    rnn = sim.model.rnn
    h = torch.tanh(
        x0 @ rnn.weight_ih_l0.t() + rnn.bias_ih_l0 + sim.h0[0] @ rnn.weight_hh_l0.t() + rnn.bias_hh_l0
    )
    torch.testing.assert_close(sim.stepper.hidden[0, 0], h, atol=1e-6, rtol=0)
    sim.stepper.run_to_end()
    assert_matches_nn_rnn(sim)


def test_bidirectional_edit_of_reverse_direction():
    sim = fresh(bidirectional=True)
    sim.stepper.run_to_end()
    before = sim.stepper.hidden.clone()
    editor = WeightEditor(sim)
    editor.set_weight("weight_hh_l0_reverse", (1, 1), 1.7)
    after = sim.stepper.hidden
    assert torch.equal(after[:, 0], before[:, 0])  # layer 0 forward does not read the reverse weights
    assert not torch.equal(after[:, 1], before[:, 1])
    assert not torch.equal(after[:, 2], before[:, 2]) and not torch.equal(after[:, 3], before[:, 3])
    assert editor.affected_rows("weight_hh_l0_reverse") == [1, 2, 3]
    assert editor.first_affected_index("weight_hh_l0_reverse") == 5  # reverse sweep starts after T=5 cells
    assert_matches_nn_rnn(sim)


def test_undo_redo_reset_restore_exact_tensors():
    sim = fresh()
    sim.stepper.run_to_end()
    initial, initial_hidden = params(sim), sim.stepper.hidden.clone()
    editor = WeightEditor(sim)
    assert not editor.can_undo and editor.undo() is None and editor.reset() is None
    editor.set_weight("weight_hh_l1", (0, 0), 0.123456789)
    after_first = params(sim)
    editor.scale("weight_hh_l0", 3.0)
    after_second, hidden_second = params(sim), sim.stepper.hidden.clone()
    assert torch.equal(after_second["rnn.weight_hh_l0"], 3.0 * initial["rnn.weight_hh_l0"])
    assert editor.is_modified and editor.undo_label == "weight_hh_l0 × 3"

    editor.undo()
    assert all(torch.equal(after_first[n], p) for n, p in params(sim).items())
    editor.undo()
    assert all(torch.equal(initial[n], p) for n, p in params(sim).items())
    assert torch.equal(sim.stepper.hidden, initial_hidden)
    assert not editor.is_modified and not editor.can_undo and editor.can_redo

    editor.redo()
    editor.redo()
    assert all(torch.equal(after_second[n], p) for n, p in params(sim).items())
    assert torch.equal(sim.stepper.hidden, hidden_second)

    editor.reset()
    assert all(torch.equal(initial[n], p) for n, p in params(sim).items())
    assert torch.equal(sim.stepper.hidden, initial_hidden)
    editor.undo()  # the reset itself can be undone
    assert all(torch.equal(after_second[n], p) for n, p in params(sim).items())
    editor.set_weight("bias_ih_l0", 1, 0.5)  # a new edit clears redo
    assert not editor.can_redo
    assert_matches_nn_rnn(sim)


def test_text_model_embedding_and_head_edits():
    sim = Simulation.build(RNNConfig(input_size=6, hidden_size=4, text="我爱你"))
    sim.stepper.run_to_end()
    editor = WeightEditor(sim)
    assert "embedding.weight" in editor.parameter_names() and "head.bias" in editor.parameter_names()
    probs_before = sim.probabilities_at(1).clone()
    hidden_before = sim.stepper.hidden.clone()
    editor.set_weight("head.bias", 2, 5.0)
    assert torch.equal(sim.stepper.hidden, hidden_before)  # the head changes no cell
    assert editor.first_affected_index("head.bias") is None
    assert float(sim.probabilities_at(1)[0, 2]) > float(probs_before[0, 2])
    ai = sim.model.vocab.tokens.index("爱")
    editor.set_weight("embedding.weight", (ai, 0), 4.0)
    assert float(sim.inputs[1, 0, 0]) == 4.0  # the input vector of "爱" was remade
    assert torch.equal(sim.stepper.hidden[0], hidden_before[0])  # "我" does not read "爱"
    assert not torch.equal(sim.stepper.hidden[1], hidden_before[1])
    assert_matches_nn_rnn(sim)
    editor.reset()
    assert torch.equal(sim.stepper.hidden, hidden_before)


@pytest.mark.parametrize(
    "name, index, value, message",
    [
        ("weight_xx_l0", (0, 0), 1.0, "no parameter"),
        ("weight_hh_l0", (0, 9), 1.0, "outside 0..3"),
        ("weight_hh_l0", (0,), 1.0, "2 whole number"),
        ("weight_hh_l0", (0, 1.5), 1.0, "2 whole number"),
        ("weight_hh_l0", (0, 0), float("nan"), "finite"),
        ("weight_hh_l0", (0, 0), "1", "finite"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(name, index, value, message):
    sim = fresh()
    before = params(sim)
    editor = WeightEditor(sim)
    with pytest.raises(ConfigError, match=message):
        editor.set_weight(name, index, value)
    assert all(torch.equal(before[n], p) for n, p in params(sim).items())
    assert not editor.can_undo


# ---- the engine as a library: a script holding the stepper across an edit ----------------------


def module_output(sim) -> torch.Tensor:
    """The edited module's own `output` on the simulation's inputs."""
    with torch.no_grad():
        state = (sim.h0, sim.c0) if sim.c0 is not None else sim.h0
        return sim.model.rnn(sim.inputs, state)[0]


@pytest.mark.parametrize("kwargs", [{}, {"cell": "lstm", "bidirectional": True}, {"cell": "gru"}])
def test_a_script_holding_the_stepper_reads_the_edited_weights(kwargs):
    """`stepper = simulation.stepper`, then an edit: the held object is recomputed in place, so its
    cells, records and reference are those of the edited model, never stale ones."""
    sim = fresh(**kwargs)
    stepper = sim.stepper
    stepper.seek(3)
    held = stepper.current
    hidden_before = stepper.hidden.clone()
    WeightEditor(sim).set_weight("weight_ih_l0", (0, 0), 2.5)
    assert sim.stepper is stepper and stepper.position == 3
    assert not torch.equal(stepper.current.h_t, held.h_t)  # the record a script kept is a snapshot
    assert not torch.equal(stepper.hidden, hidden_before)
    again = Simulation.build(sim.config, sim.model)  # the edited model stepped from scratch
    again.stepper.seek(3)
    torch.testing.assert_close(stepper.current.h_t, again.stepper.current.h_t, atol=1e-6, rtol=0)
    torch.testing.assert_close(
        stepper.current.reference_h_t, again.stepper.current.reference_h_t, atol=1e-6, rtol=0
    )
    assert stepper.current.matches and stepper.check_cells().all_match
    stepper.run_to_end()
    torch.testing.assert_close(stepper.output(), module_output(sim), atol=stepper.tolerance, rtol=0)


def test_a_held_stepper_of_a_text_model_reads_the_edited_embedding():
    sim = Simulation.build(RNNConfig(input_size=6, hidden_size=4, text="我爱你"))
    stepper = sim.stepper
    stepper.run_to_end()
    ai = sim.model.vocab.tokens.index("爱")
    WeightEditor(sim).set_weight("embedding.weight", (ai, 0), 4.0)
    assert sim.stepper is stepper and stepper.done
    assert stepper.inputs is sim.inputs and float(stepper.x[1, 0, 0]) == 4.0
    torch.testing.assert_close(stepper.output(), module_output(sim), atol=stepper.tolerance, rtol=0)
