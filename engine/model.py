"""The model: an `nn.RNN` (or `nn.LSTM` / `nn.GRU`, by the configuration's `cell`), optionally
with an embedding before it and a linear head after it.

The module's own parameters are the single source of truth for the weights; everything else
(the plain-ops stepper, the reference modules, the GUI's heatmaps) reads them by their PyTorch
names, made by `param_name`.
"""

from __future__ import annotations

import warnings

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.rng import private_global_rng
from rnn_stepper.engine.vocab import Vocabulary
from torch import nn

PARAM_KINDS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
PROJECTION_KIND = "weight_hr"  # nn.LSTM with proj_size: h_t = W_hr (o * tanh(c_t))
FILE_FORMAT = "rnn-stepper/1"
_MODULE_CLASSES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
# nn.LSTM with proj_size says, once, that oneDNN does not take it and PyTorch's own kernel runs:
# nothing the user can or should act on, and it would break the command line's one-line output.
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")


def param_name(kind: str, layer: int, direction: int = 0) -> str:
    """The module's name for a parameter: param_name("bias_hh", 1, 1) -> "bias_hh_l1_reverse"."""
    if kind not in PARAM_KINDS and kind != PROJECTION_KIND:
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

    def __init__(
        self,
        rnn: nn.RNNBase,
        embedding: nn.Module | None = None,
        head: nn.Linear | None = None,
        vocab: Vocabulary | None = None,
        labels: tuple[str, ...] | None = None,
    ):
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
        state = {
            "format": FILE_FORMAT,
            "cell": cell_type_of(self.rnn),
            "nonlinearity": nonlinearity_of(self.rnn),
            "vocab": list(self.vocab.tokens) if self.vocab else None,
        }
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


def cell_type_of(module: nn.RNNBase) -> str:
    """ "rnn", "lstm" or "gru" for an nn.RNN, nn.LSTM or nn.GRU (from PyTorch's own `mode`)."""
    mode = getattr(module, "mode", None)
    if mode in ("RNN_TANH", "RNN_RELU"):
        return "rnn"
    if mode in ("LSTM", "GRU"):
        return mode.lower()
    raise ValueError(f"not an nn.RNN, nn.LSTM or nn.GRU: {type(module).__name__}")


def nonlinearity_of(module: nn.RNNBase) -> str:
    """nn.RNN's nonlinearity; "tanh" for LSTM and GRU, which have no such option."""
    return getattr(module, "nonlinearity", "tanh")


def output_size_of(module: nn.RNNBase) -> int:
    """Width of h_t: proj_size for a projected nn.LSTM, else hidden_size."""
    return getattr(module, "proj_size", 0) or module.hidden_size


def new_rnn(config: RNNConfig) -> nn.RNNBase:
    """A fresh nn.RNN, nn.LSTM or nn.GRU (by `config.cell`) in eval mode."""
    with warnings.catch_warnings():
        # The module warns that dropout does nothing with one layer; the stepper runs in eval
        # mode where dropout never acts, and the app says so itself.
        warnings.filterwarnings("ignore", message=".*dropout.*")
        rnn = _MODULE_CLASSES[config.cell](**config.nn_rnn_kwargs(), dtype=config.torch_dtype)
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
            head = nn.Linear(config.output_size * config.num_directions, len(vocab), dtype=config.torch_dtype)
    model = StepperModel(rnn, embedding, head, vocab if config.is_text else None)
    model.requires_grad_(False)
    return model.eval()
