"""Next-character training of the lesson's model (embedding -> nn.RNN -> linear head).

The task is the lesson's: after reading "我爱", predict "你". For every sentence, output[t] (the
top layer's hidden state after token t) goes through the head, and the cross-entropy against
token t+1 is the loss. Each sentence is one sequence starting from h0 = 0; sentences of the same
length are stacked into a batch (so no padding is needed and a bidirectional net never reads
padding), at most `batch_size` per optimizer step.

Running it from a GUI worker thread:
- `Trainer.step_epoch()` runs one epoch and returns an `EpochRecord`; `run_epochs(n, callback)`
  runs up to n, calling `callback(record)` after each (return False to stop).
- `cancel()` (from any thread) is checked between epochs: the epoch in progress finishes, so after
  a cancel the model is exactly the model after the last completed epoch.
- Consistency: each optimizer step runs under `lock`, so `snapshot()` taken from another thread
  during training is the model after some whole batch, never half-updated. If the loss, a
  gradient or a weight becomes infinite or NaN, the epoch is rolled back to its start (weights
  and optimizer state) and `TrainingDiverged` is raised: the model stays usable.
- After `step_epoch`/`run_epochs` return (also on cancel or an error), the model is in eval mode
  with requires_grad False and no .grad, like every model `engine.model.build_model` makes; it
  is in training mode only while they run (callbacks included: use `snapshot()` there).

The trainer works on its own deep copy of the model it is given, so the app can keep showing the
old model while a new one trains.

Over 500 lines, on purpose: The trainer: data, batches, epochs, clipping, divergence recovery,
snapshots for the GUI thread and the seeded dropout; one class's state read together.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch
from rnn_stepper.engine.config import MAX_TEXT_CHARS, RNNConfig
from rnn_stepper.engine.errors import ConfigError, TextError, UserError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.model import StepperModel, build_model
from rnn_stepper.engine.presets import DEFAULT_PRESET, PRESETS
from rnn_stepper.engine.vocab import Vocabulary, normalize_text
from torch import nn

OPTIMIZERS = ("adam", "sgd")
LIMITS = {"epochs": (1, 100_000), "batch_size": (1, 1024), "seed": (0, 2**31 - 1)}
MAX_LEARNING_RATE = 10.0
MAX_CORPUS_BYTES = 4 * 1024**2
# Training batches are small (a few short sentences), so an op has too little work to share out:
# with several intra-op threads each op waits for threads to wake, and when the CPU is busy (the
# GUI painting, other programs) that wait can cost milliseconds per op: 10-30x slower overall was
# measured on a busy 2-core machine. One thread is about as fast on an idle one (`python main.py
# bench train` prints both) and steady under load. torch.set_num_threads acts on the calling
# thread (OpenMP keeps the setting per thread), so a GUI worker does not change the GUI's own torch.
TRAINING_THREADS = 1
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "resources" / "corpus" / "sentences.txt"


class TrainingDiverged(UserError):
    """The loss or the weights became infinite/NaN; the model was rolled back to the epoch's start."""


# What became infinite (the `what` of Trainer._diverged) -> its message code.
_DIVERGED_WHAT = {
    "the loss": "train.what.loss",
    "a gradient": "train.what.gradient",
    "a weight": "train.what.weight",
}


class CorpusError(UserError):
    """A corpus file cannot be read or holds nothing to train on."""


@dataclass(frozen=True)
class TrainingConfig:
    """How to train. The defaults teach "我爱" -> "你" to the text-woaini preset (input 128,
    hidden 4) in well under a second, for every seed tried (tests/engine/test_training.py)."""

    epochs: int = 200
    learning_rate: float = 0.03
    optimizer: str = "adam"  # "adam" or "sgd" (plain, no momentum)
    clip: float = 1.0  # largest gradient norm per step (clip_grad_norm_); 0 turns clipping off
    batch_size: int = 8  # sentences per optimizer step (only sentences of equal length share one)
    seed: int = 0  # batch order and dropout; the model's initial weights come from RNNConfig.seed

    def __post_init__(self) -> None:
        for name in ("epochs", "batch_size", "seed"):
            value, (low, high) = getattr(self, name), LIMITS[name]
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError("config.whole_number", name=name, value=repr(value))
            if not low <= value <= high:
                raise ConfigError("config.between", name=name, low=low, high=high, value=value)
        lr = self.learning_rate
        if not _is_number(lr) or not 0 < lr <= MAX_LEARNING_RATE:
            raise ConfigError("train.learning_rate", high=f"{MAX_LEARNING_RATE:g}", value=repr(lr))
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                "config.one_of", name="optimizer", choices=", ".join(OPTIMIZERS), value=repr(self.optimizer)
            )
        clip = self.clip
        if not _is_number(clip) or clip < 0:
            raise ConfigError("train.clip", value=repr(clip))

    def replace(self, **changes) -> TrainingConfig:
        """A copy with some fields changed (validated like any new config)."""
        return dataclasses.replace(self, **changes)


def _is_number(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


@dataclass(frozen=True)
class EpochRecord:
    epoch: int  # epochs completed so far, counting this one (1-based)
    loss: float  # mean cross-entropy per predicted character, measured before each step
    grad_norm: float  # mean over the epoch's steps of the gradient norm before clipping
    elapsed: float  # seconds spent training so far (all epochs, this one included)
    epoch_seconds: float
    characters: int  # characters predicted (targets) in this epoch


# ---- data -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingData:
    """Sentences to train on, each normalised like any input text (engine/vocab.py)."""

    sentences: tuple[str, ...]

    def __post_init__(self) -> None:
        if not any(len(s) >= 2 for s in self.sentences):
            raise TextError("train.nothing_to_learn")
        total = sum(len(s) for s in self.sentences)
        if total > MAX_TEXT_CHARS:
            raise TextError("train.text_too_long", count=total, limit=MAX_TEXT_CHARS)

    @classmethod
    def from_text(cls, text: str) -> TrainingData:
        """One text, trained as one sequence (line breaks become spaces, as everywhere)."""
        if not isinstance(text, str) or not normalize_text(text).strip():
            raise TextError("text.empty_two")
        return cls((normalize_text(text),))

    @classmethod
    def from_sentences(cls, lines: Iterable[str]) -> TrainingData:
        """One sentence per item; blank items are skipped, surrounding spaces removed."""
        sentences = tuple(s for s in (normalize_text(line).strip() for line in lines) if s)
        if not sentences:
            raise TextError("train.no_sentences")
        return cls(sentences)

    @classmethod
    def from_file(cls, path: str | Path) -> TrainingData:
        """A UTF-8 text file with one sentence per line."""
        from rnn_stepper.engine.files import read_regular_file

        path = Path(path)
        if path.is_dir():
            raise CorpusError("train.corpus_is_folder", path=path)
        raw = read_regular_file(path, MAX_CORPUS_BYTES, CorpusError, "corpus file")
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CorpusError("train.corpus_not_utf8", path=path) from None
        try:
            return cls.from_sentences(content.replace("\r\n", "\n").split("\n"))
        except TextError as exc:
            raise CorpusError("file.prefixed", path=path, message=exc) from None

    def vocabulary(self) -> Vocabulary:
        """Every character of the corpus, in order of first appearance ("我爱你": 我=0, 爱=1, 你=2)."""
        return Vocabulary.from_text("".join(self.sentences))

    @property
    def first_sentence(self) -> str:
        return next(s for s in self.sentences if len(s) >= 2)


def default_model_config() -> RNNConfig:
    """The text-woaini preset: embedding 128 -> RNN with 4 neurons -> head."""
    return PRESETS[DEFAULT_PRESET].config


def batches_for(data: TrainingData, vocab: Vocabulary, batch_size: int) -> list[torch.Tensor]:
    """Token ids [B, T+1] per batch: equal-length sentences stacked, in corpus order."""
    by_length: dict[int, list[list[int]]] = {}
    for sentence in data.sentences:
        ids = vocab.encode(sentence)
        if len(ids) >= 2:
            by_length.setdefault(len(ids), []).append(ids)
    batches = []
    for length in sorted(by_length):
        group = by_length[length]
        for start in range(0, len(group), batch_size):
            batches.append(torch.tensor(group[start : start + batch_size], dtype=torch.long))
    return batches


def sequence_logits(model: StepperModel, ids: torch.Tensor) -> torch.Tensor:
    """head(output) for token ids [B, T]: logits [B, T, vocab], from h0 = 0 (as in the lesson)."""
    assert model.embedding is not None and model.head is not None  # (a text model, checked by the callers)
    x = model.embedding(ids)  # [B, T, E]
    if not model.rnn.batch_first:
        x = x.transpose(0, 1)
    out, _ = model.rnn(x)
    if not model.rnn.batch_first:
        out = out.transpose(0, 1)
    return model.head(out)


def make_optimizer(name: str, parameters, learning_rate: float) -> torch.optim.Optimizer:
    if name == "adam":
        return torch.optim.Adam(parameters, lr=learning_rate)
    return torch.optim.SGD(parameters, lr=learning_rate)


# ---- the trainer ----------------------------------------------------------------------------------


class Trainer:
    """Trains a copy of a text model (or a fresh one) on `data`, one epoch at a time."""

    def __init__(
        self,
        data: TrainingData | str | Sequence[str],
        training: TrainingConfig | None = None,
        model_config: RNNConfig | None = None,
        model: StepperModel | None = None,
    ):
        """`data`: TrainingData, a text (one sequence) or a list of sentences.

        Without `model`, a fresh model is built from `model_config` (default: the text-woaini
        preset) with a vocabulary made from the corpus. With `model`, a copy of it is trained; its
        vocabulary must contain every character of the corpus.
        """
        if isinstance(data, str):
            data = TrainingData.from_text(data)
        elif not isinstance(data, TrainingData):
            data = TrainingData.from_sentences(data)
        self.data = data
        self.training = training or TrainingConfig()
        model_config = model_config or default_model_config()
        if model is None:
            vocab = data.vocabulary()
            # RNNConfig.text is what a Simulation of this model shows; any corpus sentence will do.
            model_config = model_config.replace(text=data.first_sentence, batch_size=1)
            model = build_model(model_config, vocab)
        else:
            if model.head is None or model.embedding is None:
                raise ConfigError("train.needs_text_model")
            if model.is_classifier:
                raise ConfigError("train.classifier", count=len(model.class_names))
            model = copy.deepcopy(model)
            assert model.vocab is not None  # (a text model has one)
            missing = sorted(set("".join(data.sentences)) - _spelled_characters(model.vocab, data))
            if missing:
                shown = "".join(missing[:20])
                raise TextError("train.unknown_characters", count=len(missing), chars=repr(shown))
        self.model_config = model_config
        self.model = model.eval().requires_grad_(False)
        assert model.vocab is not None  # (built with one, or asserted above)
        self.vocab: Vocabulary = model.vocab
        self.batches = batches_for(data, self.vocab, self.training.batch_size)
        if not self.batches:  # a vocabulary of multi-character tokens can make every sentence one token
            raise TextError("train.no_two_tokens")
        self.characters_per_epoch = sum(b.shape[0] * (b.shape[1] - 1) for b in self.batches)
        self._parameters = list(model.parameters())
        self.optimizer = make_optimizer(
            self.training.optimizer, self._parameters, self.training.learning_rate
        )
        self.lock = threading.Lock()  # held for each optimizer step (see the module docstring)
        self.epochs_done = 0
        self.elapsed = 0.0
        self.history: list[EpochRecord] = []
        self._order = torch.Generator().manual_seed(self.training.seed)  # batch order, epoch after epoch
        self._cancel = threading.Event()
        self._mode_depth = 0  # nesting of _training_mode (run_epochs -> epochs)

    # ---- control (any thread) ---------------------------------------------------------------------

    def cancel(self) -> None:
        """Stop before the next epoch starts (the current one finishes)."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def resume(self) -> None:
        """Clear a cancel, so that `run_epochs` trains again (pause = cancel, then resume later)."""
        self._cancel.clear()

    @property
    def remaining_epochs(self) -> int:
        return max(0, self.training.epochs - self.epochs_done)

    def snapshot(self) -> StepperModel:
        """A private copy of the model in eval mode, requires_grad False: safe to show while training."""
        with self.lock:
            clone = copy.deepcopy(self.model)
        for parameter in clone.parameters():
            parameter.grad = None
        return clone.eval().requires_grad_(False)

    # ---- training ---------------------------------------------------------------------------------

    def run(self, callback: Callable[[EpochRecord], bool | None] | None = None) -> list[EpochRecord]:
        """Train the remaining epochs of `training.epochs` (stops early on cancel or callback False)."""
        return self.run_epochs(self.remaining_epochs, callback)

    def run_epochs(
        self, count: int, callback: Callable[[EpochRecord], bool | None] | None = None
    ) -> list[EpochRecord]:
        """Up to `count` epochs; after each, `callback(record)`; returning False stops.

        The model stays in training mode for the whole call (callbacks included: read the weights
        there through `snapshot()`), and is back in eval mode, requires_grad False, on return."""
        records = []
        with self._training_mode():
            for _ in range(count):
                if self._cancel.is_set():
                    break
                record = self._epoch()
                records.append(record)
                if callback is not None and callback(record) is False:
                    break
        return records

    def step_epoch(self) -> EpochRecord:
        """One pass over every batch, in a seeded shuffled order. Atomic: see the module docstring."""
        with self._training_mode():
            return self._epoch()

    @contextmanager
    def _training_mode(self):
        """Train mode and requires_grad on the inside; eval mode, no gradients, no .grad outside."""
        self._mode_depth += 1
        threads = torch.get_num_threads()
        try:
            if self._mode_depth == 1:
                torch.set_num_threads(TRAINING_THREADS)
                with self.lock:
                    self.model.train().requires_grad_(True)
            yield
        finally:
            self._mode_depth -= 1
            if self._mode_depth == 0:
                with self.lock:
                    self.optimizer.zero_grad(set_to_none=True)
                    self.model.eval().requires_grad_(False)
                torch.set_num_threads(threads)

    def _epoch(self) -> EpochRecord:
        start = time.perf_counter()
        model, optimizer, clip = self.model, self.optimizer, self.training.clip
        max_norm = clip if clip > 0 else math.inf  # inf: measure the norm, never scale
        order = torch.randperm(len(self.batches), generator=self._order).tolist()
        backup = self._backup()
        total_loss, norms, characters = 0.0, [], 0
        # Dropout (only between layers, only in training) draws from the global RNG: give it a
        # seeded stream of its own so runs repeat and the caller's random state is left alone.
        uses_dropout = model.rnn.dropout > 0 and model.rnn.num_layers > 1
        with torch.random.fork_rng(devices=[], enabled=uses_dropout):
            if uses_dropout:
                torch.default_generator.manual_seed(self.training.seed * 100_003 + self.epochs_done)
            for index in order:
                ids = self.batches[index]
                with self.lock:  # one whole optimizer step: snapshot() never sees half of one
                    optimizer.zero_grad(set_to_none=True)
                    logits = sequence_logits(model, ids[:, :-1])
                    loss = nn.functional.cross_entropy(
                        logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1)
                    )
                    loss.backward()
                    norm = float(nn.utils.clip_grad_norm_(self._parameters, max_norm))
                    loss_value = float(loss.detach())
                    if not (math.isfinite(loss_value) and math.isfinite(norm)):
                        self._diverged(backup, "the loss" if not math.isfinite(loss_value) else "a gradient")
                    optimizer.step()
                count = ids.shape[0] * (ids.shape[1] - 1)
                total_loss += loss_value * count
                characters += count
                norms.append(norm)
        with self.lock:
            # the largest |weight|: finite unless a step overflowed (or wrote NaN)
            if not math.isfinite(float(nn.utils.get_total_norm(self._parameters, math.inf))):
                self._diverged(backup, "a weight")
        seconds = time.perf_counter() - start
        self.epochs_done += 1
        self.elapsed += seconds
        record = EpochRecord(
            epoch=self.epochs_done,
            loss=total_loss / characters,
            grad_norm=sum(norms) / len(norms),
            elapsed=self.elapsed,
            epoch_seconds=seconds,
            characters=characters,
        )
        self.history.append(record)
        return record

    def _backup(self) -> tuple[list, dict]:
        """The weights and the optimizer's state at the start of an epoch, to roll back to."""
        weights = [p.detach().clone() for p in self._parameters]
        state = {
            p: {k: v.clone() if isinstance(v, torch.Tensor) else copy.deepcopy(v) for k, v in s.items()}
            for p, s in self.optimizer.state.items()
        }
        return weights, state

    def _diverged(self, backup: tuple[list, dict], what: str) -> None:
        weights, optimizer_state = backup
        with torch.no_grad():
            for parameter, saved in zip(self._parameters, weights):
                parameter.copy_(saved)
        self.optimizer.state.clear()
        self.optimizer.state.update(optimizer_state)
        raise TrainingDiverged(
            "train.diverged",
            msg_what=Message(_DIVERGED_WHAT[what]),
            epoch=self.epochs_done + 1,
            rate=f"{self.training.learning_rate:g}",
            previous=self.epochs_done,
        )

    @torch.no_grad()
    def evaluate_loss(self) -> float:
        """Mean cross-entropy per predicted character over the whole corpus, no training."""
        total, count = 0.0, 0
        for ids in self.batches:
            logits = sequence_logits(self.model, ids[:, :-1])
            loss = nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1), reduction="sum"
            )
            total += float(loss)
            count += ids[:, 1:].numel()
        return total / count

    def simulation_config(self, text: str | None = None) -> RNNConfig:
        """The RNNConfig to step the trained model on `text` (default: the first sentence)."""
        return self.model_config.replace(text=text or self.data.first_sentence, batch_size=1)


def _spelled_characters(vocab: Vocabulary, data: TrainingData) -> set[str]:
    """Characters of the corpus the vocabulary can encode (one by one, as the vocabulary splits text)."""
    ok = set()
    for char in set("".join(data.sentences)):
        try:
            vocab.encode(char)
            ok.add(char)
        except TextError:
            pass
    return ok


def train_text(
    text: str, training: TrainingConfig | None = None, model_config: RNNConfig | None = None
) -> Trainer:
    """Train a fresh model on one text with every epoch of `training`; the trainer holds the result."""
    trainer = Trainer(text, training, model_config)
    trainer.run()
    return trainer


# ---- the command line: python main.py train ---------------------------------------------------------


def train_command(
    *,
    text: str | None,
    corpus: str | None,
    out: str,
    training: TrainingConfig,
    model_changes: dict,
    echo: Callable[[str], None] = print,
) -> int:
    """Train from scratch, print the loss about ten times and the final prediction, save to `out`.

    `model_changes` override the text-woaini preset (input_size, hidden_size, ...). Every user
    mistake raises a UserError before any training starts, where that can be known in advance.
    """
    from rnn_stepper.engine.files import check_file_name, check_replaceable
    from rnn_stepper.engine.generate import top_predictions
    from rnn_stepper.engine.model_io import save_model

    out_path = Path(out)
    check_file_name(out_path.name)
    check_replaceable(out_path)  # before training, so a refusal is the only line printed
    if out_path.is_dir():
        raise UserError("train.out_is_folder", path=out_path, example=out_path / "model.pt")
    if not out_path.parent.is_dir():
        raise UserError("train.out_no_folder", path=out_path, folder=out_path.parent)
    if text is not None:
        data = TrainingData.from_text(text)
    else:
        assert corpus is not None  # (the command line requires one of the two)
        data = TrainingData.from_file(corpus)
    model_config = default_model_config().replace(**model_changes)
    trainer = Trainer(data, training, model_config)
    c, vocab = trainer.model_config, trainer.vocab
    echo(
        f"training on {len(data.sentences)} sentence(s), {trainer.characters_per_epoch} characters to "
        f"predict per epoch; vocabulary of {len(vocab)} characters"
    )
    cell = c.nonlinearity if c.cell == "rnn" else f"proj_size {c.proj_size}" if c.proj_size else ""
    echo(
        f"model: embedding {len(vocab)} x {c.input_size} -> {c.module_name[3:]}(hidden {c.hidden_size}, "
        f"{c.num_layers} layer(s){', ' + cell if cell else ''}{', bidirectional' if c.bidirectional else ''}) "
        f"-> head {len(vocab)}; "
        f"{training.optimizer}, learning rate {training.learning_rate:g}, "
        f"clip {training.clip:g}" + (" (off)" if training.clip == 0 else "") + f", seed {training.seed}"
    )
    every = max(1, training.epochs // 10)
    width = len(str(training.epochs))

    def report(record: EpochRecord) -> None:
        if record.epoch % every == 0 or record.epoch in (1, training.epochs):
            echo(
                f"epoch {record.epoch:>{width}}/{training.epochs}  loss {record.loss:.4f}  "
                f"grad norm {record.grad_norm:.4f}"
            )

    trainer.run(report)
    speed = trainer.epochs_done * trainer.characters_per_epoch / max(trainer.elapsed, 1e-9)
    echo(
        f"trained {trainer.epochs_done} epochs in {trainer.elapsed:.2f} s ({speed:,.0f} characters/s); "
        f"final loss {trainer.evaluate_loss():.4f}"
    )
    sentence = data.first_sentence
    prefix = sentence[:-1]
    top = top_predictions(trainer.model, prefix, k=3)
    others = ", ".join(f"{token!r} {p:.3f}" for token, p in top[1:])
    echo(
        f"prediction: {prefix!r} -> {top[0][0]!r} (p={top[0][1]:.3f}; next: {others}); "
        f"the text continues with {sentence[-1]!r}"
    )
    save_model(trainer.model, out_path)
    echo(f"saved {out_path} (step it with: python main.py export --load {out_path} --text TEXT --out DIR)")
    return 0
