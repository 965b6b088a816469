"""The model: an `nn.RNN`, optionally with an embedding before it and a linear head after it.

The `nn.RNN` module's own parameters are the single source of truth for the weights; everything
else (the plain-ops stepper, the reference modules, the GUI's heatmaps) reads them by their
PyTorch names, made by `param_name`.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.vocab import Vocabulary

PARAM_KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
FILE_FORMAT = "rnn-stepper/1"


def param_name(kind: str, layer: int, direction: int = 0) -> str:
    """`nn.RNN`'s name for a parameter: param_name("bias_hh", 1, 1) -> "bias_hh_l1_reverse"."""
    if kind not in PARAM_KINDS:
        raise ValueError(f"unknown parameter kind {kind!r}")
    return f"{kind}_l{layer}" + ("_reverse" if direction == 1 else "")


class StepperModel(nn.Module):
    """embedding -> RNN -> linear head, the layout of the lesson's "我爱" -> "你" example.

    For random-tensor input only `rnn` is present. The vocabulary travels in the state_dict as
    extra state (plain strings, so `torch.load(weights_only=True)` reads it).
    """

    def __init__(self, rnn: nn.RNN, embedding: nn.Embedding | None = None,
                 head: nn.Linear | None = None, vocab: Vocabulary | None = None):
        super().__init__()
        self.embedding = embedding
        self.rnn = rnn
        self.head = head
        self.vocab = vocab

    @property
    def is_text(self) -> bool:
        return self.embedding is not None

    def parameter(self, kind: str, layer: int, direction: int = 0) -> torch.Tensor | None:
        """An RNN parameter by kind, layer and direction; None for a bias when bias=False."""
        return getattr(self.rnn, param_name(kind, layer, direction), None)

    def get_extra_state(self):
        return {"format": FILE_FORMAT, "nonlinearity": self.rnn.nonlinearity,
                "vocab": list(self.vocab.tokens) if self.vocab else None}

    def set_extra_state(self, state) -> None:
        if state and state.get("vocab"):
            self.vocab = Vocabulary(tuple(state["vocab"]))


def new_rnn(config: RNNConfig) -> nn.RNN:
    with warnings.catch_warnings():
        # nn.RNN warns that dropout does nothing with one layer; the stepper runs in eval mode
        # where dropout never acts, and the app says so itself.
        warnings.filterwarnings("ignore", message=".*dropout.*")
        rnn = nn.RNN(**config.nn_rnn_kwargs(), dtype=config.torch_dtype)
    return rnn.eval()


def build_model(config: RNNConfig, vocab: Vocabulary | None = None) -> StepperModel:
    """A freshly initialised model, reproducible from `config.seed`.

    Initialisation uses PyTorch's own default init under a forked RNG, so building a model never
    disturbs the caller's random state.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        rnn = new_rnn(config)
        embedding = head = None
        if config.is_text:
            vocab = vocab or Vocabulary.from_text(config.text)
            embedding = nn.Embedding(len(vocab), config.input_size, dtype=config.torch_dtype)
            head = nn.Linear(config.hidden_size * config.num_directions, len(vocab),
                             dtype=config.torch_dtype)
    model = StepperModel(rnn, embedding, head, vocab if config.is_text else None)
    model.requires_grad_(False)
    return model.eval()
