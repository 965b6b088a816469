"""Text generation: predict a character, feed it back as the next input, repeat.

From a prefix ("我爱"), each step takes the head's prediction after the last character, picks
a character (temperature 0: the most probable one; above 0: sampled from
softmax(logits / temperature) with a seeded generator, so a seed gives the same text every time),
and appends it. The whole text (prefix + generated) can then be stepped cell by cell like any
input: `Generation.simulation_config(base)` / `simulation(base, model)`.

A unidirectional net carries its hidden state forward (exactly what stepping the whole text does).
A bidirectional net's reverse direction reads the characters after each position, so there is no
"state so far": each step reruns the whole text, and the prediction at the last position is the
one a Simulation of that text shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.model import StepperModel
from rnn_stepper.engine.vocab import Vocabulary
from torch import nn

MAX_GENERATED = 10_000
MAX_TEMPERATURE = 100.0


@dataclass(frozen=True)
class Generation:
    prefix: str
    token_ids: list[int]  # the generated tokens' ids, in order
    tokens: list[str]  # the generated tokens
    probabilities: torch.Tensor  # [steps, vocab]: the distribution each token was picked from
    temperature: float
    seed: int

    @property
    def generated_text(self) -> str:
        return "".join(self.tokens)

    @property
    def text(self) -> str:
        """Prefix and generated characters: the text to show in the unrolled view."""
        return self.prefix + self.generated_text

    @property
    def chosen_probabilities(self) -> list[float]:
        """The probability each picked token had when it was picked."""
        return [float(self.probabilities[i, token]) for i, token in enumerate(self.token_ids)]

    def simulation_config(self, base: RNNConfig) -> RNNConfig:
        """`base` (the model's configuration) with the full text as its input."""
        return base.replace(text=self.text, batch_size=1)

    def simulation(self, base: RNNConfig, model: StepperModel):
        """A Simulation stepping the model over prefix + generated text."""
        from rnn_stepper.engine.simulation import Simulation

        return Simulation.build(self.simulation_config(base), model)


def _check_text_model(model: StepperModel) -> tuple[nn.Linear, Vocabulary]:
    """The head and vocabulary of a text model; ConfigError for any other."""
    if model.embedding is None or model.head is None or not model.predicts_next_token or model.vocab is None:
        raise ConfigError("generate.needs_text_model")
    return model.head, model.vocab


def _embed(model: StepperModel, ids: list[int]) -> torch.Tensor:
    """Embeddings in nn.RNN's layout for one sequence: [T, 1, E] (or [1, T, E] batch_first)."""
    assert model.embedding is not None  # (checked by the callers' _check_text_model)
    x = model.embedding(torch.tensor(ids, dtype=torch.long)).unsqueeze(1)
    return x.transpose(0, 1) if model.rnn.batch_first else x


def _last_output(out: torch.Tensor, batch_first: bool) -> torch.Tensor:
    return out[0, -1] if batch_first else out[-1, 0]


@torch.no_grad()
def next_token_probabilities(model: StepperModel, text: str) -> torch.Tensor:
    """softmax(head(output[last])) for `text` from h0 = 0: [vocab], the next-character prediction."""
    head, vocab = _check_text_model(model)
    out, _ = model.rnn(_embed(model, vocab.encode(text)))
    return torch.softmax(head(_last_output(out, model.rnn.batch_first)), dim=-1)


def top_predictions(model: StepperModel, text: str, k: int = 3) -> list[tuple[str, float]]:
    """The k most probable next tokens and their probabilities, most probable first."""
    probs = next_token_probabilities(model, text)
    _, vocab = _check_text_model(model)
    values, ids = torch.topk(probs, min(k, probs.numel()))
    return [(vocab.tokens[int(i)], float(v)) for v, i in zip(values, ids)]


@torch.no_grad()
def generate(
    model: StepperModel, prefix: str, steps: int, temperature: float = 0.0, seed: int = 0
) -> Generation:
    """Generate `steps` tokens after `prefix`; see the module docstring."""
    head, vocab = _check_text_model(model)
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_GENERATED:
        raise ConfigError("generate.steps", high=MAX_GENERATED, value=repr(steps))
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, (int, float))
        or not (math.isfinite(temperature) and 0 <= temperature <= MAX_TEMPERATURE)
    ):
        raise ConfigError("generate.temperature", high=f"{MAX_TEMPERATURE:g}", value=repr(temperature))
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ConfigError("generate.seed", value=repr(seed))
    ids = vocab.encode(prefix)  # raises TextError for an empty prefix or unknown characters
    generator = torch.Generator().manual_seed(seed)
    rnn, batch_first = model.rnn, model.rnn.batch_first
    incremental = not rnn.bidirectional
    out, state = rnn(_embed(model, ids))
    chosen, distributions = [], []
    for _ in range(steps):
        logits = head(_last_output(out, batch_first))
        if temperature == 0:
            probs = torch.softmax(logits, dim=-1)
            token = int(torch.argmax(probs))
        else:
            probs = torch.softmax(logits / temperature, dim=-1)
            token = int(torch.multinomial(probs.double(), 1, generator=generator))
        chosen.append(token)
        distributions.append(probs)
        ids.append(token)
        if incremental:  # feed the new token in, carrying the state: one cell per layer
            out, state = rnn(_embed(model, [token]), state)
        else:
            out, _ = rnn(_embed(model, ids))
    return Generation(
        prefix=vocab.decode(ids[: len(ids) - steps]),
        token_ids=chosen,
        tokens=[vocab.tokens[i] for i in chosen],
        probabilities=torch.stack(distributions),
        temperature=float(temperature),
        seed=seed,
    )
