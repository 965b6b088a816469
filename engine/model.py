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
from rnn_stepper.engine.rng import private_global_rng
from rnn_stepper.engine.vocab import Vocabulary

PARAM_KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
FILE_FORMAT = "rnn-stepper/1"


def param_name(kind: str, layer: int, direction: int = 0) -> str:
    """`nn.RNN`'s name for a parameter: param_name("bias_hh", 1, 1) -> "bias_hh_l1_reverse"."""
    if kind not in PARAM_KINDS:
        raise ValueError(f"unknown parameter kind {kind!r}")
    return f"{kind}_l{layer}" + ("_reverse" if direction == 1 else "")


class OneHot(nn.Module):
    """Token ids -> one-hot vectors, the input of models without an embedding (the PyTorch
    name-classifier tutorial, D2L's RNNModel): x_t has a 1 at the token's id and 0 elsewhere,
    so W_ih x_t is simply column `id` of W_ih. No parameters: nothing to train or save."""

    def __init__(self, size: int, dtype: torch.dtype = torch.float32):
        super().__init__()
        self.num_embeddings = self.embedding_dim = size  # read like nn.Embedding's sizes
        self.dtype = dtype

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return nn.functional.one_hot(ids, self.num_embeddings).to(self.dtype)


class StepperModel(nn.Module):
    """embedding -> RNN -> linear head, the layout of the lesson's "我爱" -> "你" example.

    For random-tensor input only `rnn` is present. For one-hot input `embedding` is a `OneHot`.
    The head predicts the next token when it has one output per vocabulary token and no class
    names were given; otherwise it is a classifier (sentiment, name -> language) whose classes
    are `labels`, or numbered. The vocabulary, the input kind and the labels travel in the
    state_dict as extra state (plain strings, so `torch.load(weights_only=True)` reads them).
    """

    def __init__(self, rnn: nn.RNN, embedding: nn.Module | None = None,
                 head: nn.Linear | None = None, vocab: Vocabulary | None = None,
                 labels: tuple[str, ...] | None = None):
        super().__init__()
        self.embedding = embedding
        self.rnn = rnn
        self.head = head
        self.vocab = vocab
        self.labels = labels

    @property
    def is_text(self) -> bool:
        return self.embedding is not None

    @property
    def one_hot(self) -> bool:
        return isinstance(self.embedding, OneHot)

    @property
    def is_classifier(self) -> bool:
        """A head that names classes rather than the next token."""
        if self.head is None:
            return False
        return self.labels is not None or self.vocab is None or self.head.out_features != len(self.vocab)

    @property
    def predicts_next_token(self) -> bool:
        return self.head is not None and not self.is_classifier

    @property
    def class_names(self) -> tuple[str, ...]:
        """The classifier's class names: the labels given, else the class numbers."""
        if self.labels is not None:
            return self.labels
        return tuple(str(i) for i in range(self.head.out_features)) if self.head is not None else ()

    def parameter(self, kind: str, layer: int, direction: int = 0) -> torch.Tensor | None:
        """An RNN parameter by kind, layer and direction; None for a bias when bias=False."""
        return getattr(self.rnn, param_name(kind, layer, direction), None)

    def get_extra_state(self):
        state = {"format": FILE_FORMAT, "nonlinearity": self.rnn.nonlinearity,
                 "vocab": list(self.vocab.tokens) if self.vocab else None}
        if self.one_hot:
            state["input"] = "one-hot"
        if self.labels is not None:
            state["labels"] = list(self.labels)
        return state

    def set_extra_state(self, state) -> None:
        if state and state.get("vocab"):
            self.vocab = Vocabulary(tuple(state["vocab"]))
        if state and state.get("labels"):
            self.labels = tuple(str(label) for label in state["labels"])


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
    with private_global_rng():  # (a lock too: a worker thread may be building reference modules)
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
