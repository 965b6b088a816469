"""Order matters, demonstrated: the same model run on the text and on a reordering of it.

The lesson's first point is that a sentence is a sequence: "我爱你" and "你爱我" hold the same
characters, and an RNN tells them apart because each h_t depends on h_{t-1}. `compare_orders`
runs both texts through the same model (the same weights, h0 and stepper as the app) and reports,
step by step, how far the top layer's hidden states are apart and what each predicts next.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.model import StepperModel
from rnn_stepper.engine.simulation import Simulation

SAME_STATE = 1e-6  # below this max |difference| two hidden states count as equal


@dataclass(frozen=True, slots=True)
class StepComparison:
    t: int
    token_a: str
    token_b: str
    distance: float  # max |output_a[t] - output_b[t]| over the top layer (both directions)
    prediction_a: str | None  # the most probable next token (None: a model without a head)
    prediction_b: str | None
    p_a: float | None
    p_b: float | None

    @property
    def same_state(self) -> bool:
        return self.distance <= SAME_STATE


@dataclass(frozen=True, slots=True)
class OrderComparison:
    text_a: str
    text_b: str
    steps: tuple[StepComparison, ...]

    @property
    def first_difference(self) -> int | None:
        """The first t at which the hidden states part ways (None: they never do)."""
        return next((s.t for s in self.steps if not s.same_state), None)


def reversed_text(text: str) -> str:
    return text[::-1]


@torch.no_grad()
def compare_orders(config: RNNConfig, model: StepperModel, text_b: str) -> OrderComparison:
    """Run `config.text` and `text_b` through `model`; they must have the same number of tokens."""
    if not config.is_text:
        raise UserError("order.needs_text")
    text_b = text_b.strip()
    if not text_b:
        raise UserError("order.no_text")
    a = Simulation.build(config.replace(batch_size=1), model)
    b = Simulation.build(config.replace(text=text_b, batch_size=1), model)
    tokens_a, tokens_b = a.tokens, b.tokens
    assert tokens_a is not None and tokens_b is not None  # (text input, checked above)
    if len(tokens_a) != len(tokens_b):
        raise UserError("order.token_count", count=len(tokens_a), given=len(tokens_b))
    outputs = []
    for sim in (a, b):
        sim.stepper.run_to_end()
        out = sim.stepper.output()
        outputs.append(out[0] if config.batch_first else out[:, 0])  # [T, D*H]
    distance = (outputs[0] - outputs[1]).abs().amax(dim=1).tolist()
    probs = [sim.all_probabilities() for sim in (a, b)]
    steps = []
    vocab = model.vocab.tokens if model.vocab is not None else None
    for t in range(len(tokens_a)):
        guesses: list[tuple[str | None, float | None]] = []
        for p in probs:
            if p is None or vocab is None:
                guesses.append((None, None))
            else:
                row = p[t, 0]  # all_probabilities is [T, B, vocab] in either layout
                best = int(row.argmax())
                guesses.append((vocab[best], float(row[best])))
        steps.append(
            StepComparison(
                t,
                tokens_a[t],
                tokens_b[t],
                float(distance[t]),
                guesses[0][0],
                guesses[1][0],
                guesses[0][1],
                guesses[1][1],
            )
        )
    return OrderComparison(config.text, text_b, tuple(steps))
