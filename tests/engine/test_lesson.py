"""The lesson's own examples (rnn-layer-lesson.zh.txt) come out with the lesson's shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch
from rnn_stepper.engine.presets import DEFAULT_PRESET, PRESETS, preset_config
from rnn_stepper.engine.simulation import Simulation
from torch import nn

LESSON = Path("/work/shared/lesson/rnn-layer-lesson.zh.txt")


def run(name: str) -> Simulation:
    sim = Simulation.build(preset_config(name))
    sim.stepper.run_to_end()
    return sim


def lesson_code(config, sim):
    """The lesson's test01/test02 code, with the simulation's weights and inputs."""
    rnn = nn.RNN(input_size=config.input_size, hidden_size=config.hidden_size)
    rnn.load_state_dict(sim.model.rnn.state_dict())
    hn = torch.zeros(1, config.batch_size, config.hidden_size)
    with torch.no_grad():
        return rnn(sim.inputs, hn)


@pytest.mark.parametrize(("name", "batch"), [("tutorial-single", 1), ("tutorial-batch", 32)])
def test_tutorial_presets_have_the_lessons_shapes(name, batch):
    config = preset_config(name)
    assert (config.input_size, config.hidden_size, config.num_layers) == (128, 256, 1)
    assert not config.bidirectional and not config.batch_first and config.h0 == "zeros"
    sim = run(name)
    assert sim.inputs.shape == torch.Size([1, batch, 128])  # torch.randn(1, batch, 128)
    assert torch.equal(sim.h0, torch.zeros(1, batch, 256))  # torch.zeros(1, batch, 256)
    output, h_n = sim.stepper.output(), sim.stepper.h_n()
    assert output.shape == torch.Size([1, batch, 256])
    assert h_n.shape == torch.Size([1, batch, 256])
    ref_output, ref_hn = lesson_code(config, sim)
    torch.testing.assert_close(output, ref_output, atol=1e-5, rtol=0)
    torch.testing.assert_close(h_n, ref_hn, atol=1e-5, rtol=0)
    assert len(sim.stepper) == 1  # one cell: seq_len 1, one layer
    assert sim.stepper.record(0).matches


@pytest.mark.skipif(not LESSON.is_file(), reason="lesson text not available")
def test_lesson_prints_these_shapes():
    text = LESSON.read_text(encoding="utf-8")
    printed = re.findall(r"torch\.Size\(\[([\d, ]+)\]\)", text)
    assert printed == ["1, 1, 256", "1, 1, 256", "1, 32, 256", "1, 32, 256"]
    assert "nn.RNN(input_size=128, hidden_size=256)" in text
    assert "torch.randn(1, 32, 128)" in text


def test_default_preset_is_woaini():
    assert DEFAULT_PRESET == "text-woaini" and DEFAULT_PRESET in PRESETS


def test_woaini_tokens_shapes_and_probabilities():
    config = preset_config("text-woaini")
    assert (config.input_size, config.hidden_size, config.text) == (128, 4, "我爱你")
    sim = run("text-woaini")
    assert sim.tokens == ["我", "爱", "你"]
    assert sim.model.vocab.tokens == ("我", "爱", "你")
    assert sim.token_ids.tolist() == [0, 1, 2]
    assert sim.model.embedding.weight.shape == (3, 128)
    assert sim.inputs.shape == torch.Size([3, 1, 128])
    assert sim.stepper.output().shape == torch.Size([3, 1, 4])
    assert sim.stepper.h_n().shape == torch.Size([1, 1, 4])
    assert sim.model.head.weight.shape == (3, 4)
    probs = sim.all_probabilities()
    assert probs.shape == torch.Size([3, 1, 3])
    torch.testing.assert_close(probs.sum(dim=-1), torch.ones(3, 1), atol=1e-6, rtol=0)
    assert (probs > 0).all()
    for t in range(3):
        step_probs = sim.probabilities_at(t)
        assert step_probs.shape == (1, 3)
        torch.testing.assert_close(step_probs.sum(), torch.tensor(1.0), atol=1e-6, rtol=0)
        torch.testing.assert_close(step_probs, probs[t], atol=1e-6, rtol=0)
    # the lesson's pipeline written out: embedding -> RNN -> linear -> softmax
    with torch.no_grad():
        emb = sim.model.embedding(torch.tensor([0, 1, 2])).unsqueeze(1)
        out, _ = sim.model.rnn(emb, torch.zeros(1, 1, 4))
        expected = torch.softmax(sim.model.head(out), dim=-1)
    torch.testing.assert_close(probs, expected, atol=1e-6, rtol=0)


def test_woaini_probabilities_appear_as_cells_are_computed():
    sim = Simulation.build(preset_config("text-woaini"))
    assert [sim.probabilities_at(t) for t in range(3)] == [None, None, None]
    sim.stepper.step()  # "我"
    assert sim.probabilities_at(0) is not None and sim.probabilities_at(1) is None
    assert sim.output_at(0).shape == (1, 4)
    sim.stepper.back()
    assert sim.probabilities_at(0) is None


def test_building_a_preset_is_reproducible_and_leaves_global_rng_alone():
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    a = run("text-woaini")
    assert torch.equal(torch.random.get_rng_state(), before)
    b = run("text-woaini")
    assert torch.equal(a.stepper.hidden, b.stepper.hidden)
    assert torch.equal(a.all_probabilities(), b.all_probabilities())
