"""Order matters: the same model on "我爱你" and "你爱我" (issue 12.3)."""

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.order_compare import compare_orders, reversed_text
from rnn_stepper.engine.presets import preset_config


def test_reversed_text_parts_ways_at_the_first_differing_token():
    config = preset_config("text-woaini")
    model = build_model(config)
    result = compare_orders(config, model, reversed_text(config.text))
    assert [s.token_b for s in result.steps] == ["你", "爱", "我"]
    assert result.first_difference == 0  # 我 vs 你 from the first step
    assert all(s.distance > 0 for s in result.steps)
    # an independent check: nn.RNN itself on both embeddings
    ids = {ch: i for i, ch in enumerate(model.vocab.tokens)}
    for text, key in ((config.text, "a"), ("你爱我", "b")):
        x = model.embedding(torch.tensor([ids[c] for c in text])).unsqueeze(1)
        out, _ = model.rnn(x, torch.zeros(1, 1, config.hidden_size))
        probs = torch.softmax(model.head(out), -1)[:, 0]
        for t, step in enumerate(result.steps):
            best = model.vocab.tokens[int(probs[t].argmax())]
            assert (step.prediction_a if key == "a" else step.prediction_b) == best


def test_a_shared_start_keeps_the_states_equal_until_the_texts_differ():
    config = preset_config("text-woaini").replace(text="我爱你爱")
    model = build_model(config)
    result = compare_orders(config, model, "我爱爱你")
    assert [s.same_state for s in result.steps] == [True, True, False, False]
    assert result.first_difference == 2


def test_bidirectional_states_differ_even_before_the_change():
    """The reverse direction reads the end first: a bidirectional net parts ways at once."""
    config = preset_config("text-woaini").replace(text="我爱你爱", bidirectional=True)
    result = compare_orders(config, build_model(config), "我爱爱你")
    assert result.first_difference == 0


def test_bad_reorderings_are_refused_with_a_reason():
    config = preset_config("text-woaini")
    model = build_model(config)
    with pytest.raises(UserError, match="as many tokens"):
        compare_orders(config, model, "我爱")
    with pytest.raises(UserError):
        compare_orders(config, model, "他爱你")  # 他 is not in the vocabulary
    with pytest.raises(UserError, match="text input"):
        compare_orders(RNNConfig(input_size=3, hidden_size=2, seq_len=2), None, "x")
