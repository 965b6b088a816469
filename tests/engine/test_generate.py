"""Text generation (engine/generate.py): feeding predictions back, greedy and seeded sampling."""

from __future__ import annotations

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError, TextError
from rnn_stepper.engine.generate import generate, next_token_probabilities, top_predictions
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.training import Trainer, TrainingConfig

CONFIG = RNNConfig(input_size=8, hidden_size=6, text="我爱你们。hello")


@pytest.fixture(scope="module")
def trained():
    trainer = Trainer("我爱你", TrainingConfig(), RNNConfig(input_size=128, hidden_size=4, text="我爱你"))
    trainer.run()
    return trainer


def test_greedy_continues_the_lesson(trained):
    gen = generate(trained.model, "我爱", 1)
    assert gen.tokens == ["你"] and gen.text == "我爱你" and gen.prefix == "我爱"
    assert gen.chosen_probabilities[0] > 0.9
    assert generate(trained.model, "我", 2).text == "我爱你"


def test_greedy_is_deterministic_and_picks_the_argmax():
    model = build_model(CONFIG)
    a, b = generate(model, "我爱", 20), generate(model, "我爱", 20, seed=99)  # the seed plays no part
    assert a.token_ids == b.token_ids and torch.equal(a.probabilities, b.probabilities)
    assert a.token_ids == a.probabilities.argmax(dim=1).tolist()
    assert a.probabilities.shape == (20, len(model.vocab))
    torch.testing.assert_close(a.probabilities.sum(dim=1), torch.ones(20), atol=1e-5, rtol=0)


def test_each_step_equals_a_fresh_run_over_the_text_so_far():
    """Feeding back with the carried state is the same as rerunning the whole text (unidirectional)."""
    model = build_model(CONFIG.replace(num_layers=2))
    gen = generate(model, "我爱", 12)
    text = gen.prefix
    for i, token in enumerate(gen.tokens):
        torch.testing.assert_close(
            gen.probabilities[i], next_token_probabilities(model, text), atol=1e-6, rtol=0
        )
        text += token
    assert text == gen.text


@pytest.mark.parametrize("changes", [dict(), dict(bidirectional=True, num_layers=2), dict(batch_first=True)])
def test_generated_text_steps_in_a_simulation_with_the_same_predictions(changes):
    config = CONFIG.replace(**changes)
    model = build_model(config)
    gen = generate(model, "hel", 6)
    sim = gen.simulation(config, model)
    assert sim.config.text == gen.text and "".join(sim.tokens) == gen.text
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= sim.stepper.tolerance
    for i in range(6):
        t = len("hel") - 1 + i
        # each pick was made from the prediction at the last character of the text so far
        so_far = Simulation.build(config.replace(text=gen.text[: t + 1]), model)
        so_far.stepper.run_to_end()
        torch.testing.assert_close(so_far.probabilities_at(t)[0], gen.probabilities[i], atol=1e-5, rtol=0)
        if not config.bidirectional:  # a reverse direction reads ahead, so only then the full text agrees
            torch.testing.assert_close(sim.probabilities_at(t)[0], gen.probabilities[i], atol=1e-5, rtol=0)


def test_sampling_is_reproducible_with_a_seed_and_varies_with_it():
    model = build_model(CONFIG)
    state = torch.get_rng_state()
    a = generate(model, "我", 40, temperature=1.5, seed=7)
    b = generate(model, "我", 40, temperature=1.5, seed=7)
    c = generate(model, "我", 40, temperature=1.5, seed=8)
    assert torch.equal(torch.get_rng_state(), state)  # the caller's random state is untouched
    assert a.token_ids == b.token_ids and torch.equal(a.probabilities, b.probabilities)
    assert a.token_ids != c.token_ids
    assert a.token_ids != generate(model, "我", 40).token_ids  # not simply greedy
    assert a.temperature == 1.5 and a.seed == 7


def test_temperature_sharpens_or_flattens():
    model = build_model(CONFIG)
    cold = generate(model, "我", 1, temperature=0.1, seed=1).probabilities[0]
    warm = generate(model, "我", 1, temperature=10.0, seed=1).probabilities[0]
    plain = next_token_probabilities(model, "我")
    assert cold.max() > plain.max() > warm.max()
    assert int(cold.argmax()) == int(plain.argmax())


def test_top_predictions(trained):
    top = top_predictions(trained.model, "我爱", k=5)
    assert len(top) == 3 and top[0][0] == "你"  # only 3 tokens in the vocabulary
    assert top == sorted(top, key=lambda item: -item[1])


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(prefix="", steps=3), TextError, "empty"),
        (dict(prefix="我x", steps=3), TextError, "not in the model's vocabulary"),
        (dict(prefix="我", steps=0), ConfigError, "from 1 to"),
        (dict(prefix="我", steps=2.0), ConfigError, "whole number"),
        (dict(prefix="我", steps=3, temperature=-1), ConfigError, "temperature"),
        (dict(prefix="我", steps=3, temperature=float("inf")), ConfigError, "temperature"),
        (dict(prefix="我", steps=3, seed=-2), ConfigError, "seed"),
    ],
)
def test_bad_requests(kwargs, error, message):
    with pytest.raises(error, match=message):
        generate(build_model(CONFIG), **kwargs)


def test_random_tensor_models_cannot_generate():
    with pytest.raises(ConfigError, match="needs a text model"):
        generate(build_model(RNNConfig(input_size=4, hidden_size=3)), "a", 1)
