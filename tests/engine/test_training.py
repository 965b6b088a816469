"""Training (engine/training.py) on real models: it learns, it can be stopped, it stays consistent."""

from __future__ import annotations

import math
import threading

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError, TextError
from rnn_stepper.engine.generate import top_predictions
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import PRESETS
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.training import (
    DEFAULT_CORPUS,
    CorpusError,
    Trainer,
    TrainingConfig,
    TrainingData,
    TrainingDiverged,
)

SMALL = RNNConfig(input_size=8, hidden_size=8, text="x")


def weights(model) -> dict[str, torch.Tensor]:
    return {n: p.detach().clone() for n, p in model.named_parameters()}


def same_weights(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def assert_usable(model, text: str, config: RNNConfig) -> None:
    """Eval mode, no gradients, finite, and a Simulation of it agrees with nn.RNN cell by cell."""
    assert not model.training and not any(m.training for m in model.modules())
    assert not any(p.requires_grad for p in model.parameters())
    assert all(p.grad is None for p in model.parameters())
    assert all(bool(torch.isfinite(p).all()) for p in model.parameters())
    sim = Simulation.build(config.replace(text=text), model)
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= sim.stepper.tolerance
    assert sim.stepper.full_forward_diff() <= sim.stepper.tolerance


# ---- the lesson's example ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_default_training_teaches_woaini(seed):
    """With every default (text-woaini preset: input 128, hidden 4; default TrainingConfig), "我爱" -> "你"."""
    model_config = PRESETS["text-woaini"].config.replace(seed=seed)
    trainer = Trainer("我爱你", TrainingConfig(seed=seed), model_config)
    before = top_predictions(trainer.model, "我爱", k=3)
    records = trainer.run()
    assert len(records) == TrainingConfig().epochs == trainer.epochs_done
    best, probability = top_predictions(trainer.model, "我爱", k=1)[0]
    assert best == "你" and probability > 0.9, (before, best, probability)
    assert records[-1].loss < 0.1 < records[0].loss
    # the model as the app steps it: the prediction after "爱" (t=1) is "你"
    sim = Simulation.build(trainer.simulation_config("我爱你"), trainer.model)
    sim.stepper.run_to_end()
    probs = sim.probabilities_at(1)[0]
    assert sim.model.vocab.tokens[int(probs.argmax())] == "你"
    assert_usable(trainer.model, "我爱你", trainer.model_config)


def test_records_and_loss_decrease_on_the_corpus():
    data = TrainingData.from_file(DEFAULT_CORPUS)
    trainer = Trainer(
        data,
        TrainingConfig(epochs=40, learning_rate=0.02, seed=1),
        RNNConfig(input_size=16, hidden_size=32, text="x"),
    )
    initial = trainer.evaluate_loss()
    assert initial == pytest.approx(math.log(len(trainer.vocab)), rel=0.2)  # untrained: about uniform
    records = trainer.run()
    assert [r.epoch for r in records] == list(range(1, 41))
    assert all(r.characters == trainer.characters_per_epoch for r in records)
    assert trainer.characters_per_epoch == sum(len(s) - 1 for s in data.sentences)
    assert all(r.grad_norm > 0 and math.isfinite(r.loss) for r in records)
    assert [r.elapsed for r in records] == sorted(r.elapsed for r in records)
    assert records[-1].loss < 0.6 * records[0].loss
    assert trainer.evaluate_loss() < 0.6 * initial
    assert trainer.history == records


@pytest.mark.parametrize(
    "changes",
    [
        dict(num_layers=2, nonlinearity="relu"),
        dict(num_layers=2, bidirectional=True, batch_first=True),
        dict(dtype="float64", bias=False),
        dict(num_layers=2, dropout=0.3),
    ],
)
def test_every_configuration_trains(changes):
    config = SMALL.replace(**changes)
    trainer = Trainer(["我爱你", "我爱中国", "你爱我"], TrainingConfig(epochs=30, seed=2), config)
    first = trainer.evaluate_loss()
    trainer.run()
    assert trainer.evaluate_loss() < first
    assert_usable(trainer.model, "我爱中国", trainer.model_config)


def test_training_is_reproducible_and_leaves_the_callers_rng_alone():
    config = SMALL.replace(num_layers=2, dropout=0.5)
    state = torch.get_rng_state()
    a = Trainer(
        ["我爱你", "我爱中国", "你爱我", "hello"], TrainingConfig(epochs=10, seed=5, batch_size=1), config
    )
    a.run()
    assert torch.equal(torch.get_rng_state(), state)
    b = Trainer(
        ["我爱你", "我爱中国", "你爱我", "hello"], TrainingConfig(epochs=10, seed=5, batch_size=1), config
    )
    b.run()
    assert same_weights(weights(a.model), weights(b.model))
    c = Trainer(
        ["我爱你", "我爱中国", "你爱我", "hello"], TrainingConfig(epochs=10, seed=6, batch_size=1), config
    )
    c.run()
    assert not same_weights(weights(a.model), weights(c.model))  # the seed orders batches (and dropout)


def test_an_existing_model_is_copied_not_changed():
    config = SMALL.replace(text="我爱你")
    model = build_model(config)
    before = weights(model)
    trainer = Trainer("我爱你", TrainingConfig(epochs=20), config, model=model)
    trainer.run()
    assert same_weights(before, weights(model))
    assert not same_weights(before, weights(trainer.model))
    assert not any(p.requires_grad for p in model.parameters())


def test_sgd_and_no_clipping():
    trainer = Trainer(
        "我爱你我爱你", TrainingConfig(epochs=50, optimizer="sgd", learning_rate=0.5, clip=0), SMALL
    )
    first = trainer.evaluate_loss()
    records = trainer.run()
    assert isinstance(trainer.optimizer, torch.optim.SGD)
    assert trainer.evaluate_loss() < first
    assert max(r.grad_norm for r in records) > 0


def test_clipping_limits_each_step():
    """With clip c, no parameter moves by more than lr * c in one plain-SGD step."""
    trainer = Trainer(
        "我爱你", TrainingConfig(epochs=1, optimizer="sgd", learning_rate=1.0, clip=1e-3), SMALL
    )
    before = weights(trainer.model)
    record = trainer.step_epoch()
    assert record.grad_norm > 1e-3  # the unclipped norm is reported
    moved = sum(float(((p - before[n]) ** 2).sum()) for n, p in trainer.model.named_parameters())
    assert math.sqrt(moved) == pytest.approx(1e-3, rel=1e-3)


# ---- stopping and consistency -------------------------------------------------------------------------


def test_callback_stop_leaves_the_model_after_the_last_completed_epoch():
    training = TrainingConfig(epochs=50, seed=3)
    reference = Trainer("我爱你", training, SMALL)
    reference.run_epochs(7)
    expected = weights(reference.model)

    trainer = Trainer("我爱你", training, SMALL)
    records = trainer.run(callback=lambda r: r.epoch < 7)
    assert len(records) == 7 and trainer.epochs_done == 7 and trainer.remaining_epochs == 43
    assert same_weights(expected, weights(trainer.model))
    assert_usable(trainer.model, "我爱你", trainer.model_config)
    trainer.run_epochs(3)  # and it can go on (pause = stop, then run again)
    reference.run_epochs(3)
    assert same_weights(weights(reference.model), weights(trainer.model))


def test_cancel_from_another_thread():
    data = TrainingData.from_file(DEFAULT_CORPUS)
    trainer = Trainer(data, TrainingConfig(epochs=10_000, seed=1), SMALL)
    snapshots, three_done = [], threading.Event()

    def callback(record):
        snapshots.append((record.epoch, weights(trainer.model)))
        if record.epoch >= 3:
            three_done.set()

    worker = threading.Thread(target=trainer.run, args=(callback,))
    worker.start()
    assert three_done.wait(timeout=120)
    live = trainer.snapshot()  # taken while the worker trains: a whole-batch state, eval, no grad
    assert not live.training and not any(p.requires_grad for p in live.parameters())
    trainer.cancel()
    worker.join(timeout=120)
    assert not worker.is_alive() and trainer.cancel_requested
    assert 3 <= trainer.epochs_done < 10_000
    last_epoch, last_weights = snapshots[-1]
    assert last_epoch == trainer.epochs_done
    assert same_weights(last_weights, weights(trainer.model))
    assert_usable(trainer.model, data.first_sentence, trainer.model_config)
    assert trainer.run_epochs(5) == []  # still cancelled
    trainer.resume()
    assert len(trainer.run_epochs(2)) == 2


def test_divergence_rolls_back_to_the_epochs_start():
    data = TrainingData.from_sentences(["我爱你", "我爱中国", "你爱我", "hello world"])
    trainer = Trainer(data, TrainingConfig(epochs=10, batch_size=1), SMALL)
    trainer.run_epochs(3)
    after_three = weights(trainer.model)
    optimizer_steps = {id(p): int(s["step"]) for p, s in trainer.optimizer.state.items()}
    real_step, calls = trainer.optimizer.step, []

    def corrupting_step(*args, **kwargs):  # the second step of epoch 4 writes a NaN weight
        result = real_step(*args, **kwargs)
        calls.append(1)
        if len(calls) == 2:
            trainer.model.rnn.weight_hh_l0.data[0, 0] = float("nan")
        return result

    trainer.optimizer.step = corrupting_step
    with pytest.raises(TrainingDiverged, match="lower the learning rate"):
        trainer.step_epoch()
    assert trainer.epochs_done == 3
    assert same_weights(after_three, weights(trainer.model))
    assert {id(p): int(s["step"]) for p, s in trainer.optimizer.state.items()} == optimizer_steps
    assert_usable(trainer.model, "我爱你", trainer.model_config)


# ---- data and validation ------------------------------------------------------------------------------


def test_vocabulary_covers_the_corpus():
    data = TrainingData.from_file(DEFAULT_CORPUS)
    assert 40 <= len(data.sentences) <= 80
    trainer = Trainer(data, TrainingConfig(epochs=1), SMALL)
    text = "".join(data.sentences)
    assert set(trainer.vocab.tokens) == set(text)
    assert trainer.model.embedding.num_embeddings == trainer.model.head.out_features == len(trainer.vocab)
    assert data.vocabulary().tokens[:3] == ("我", "爱", "你")


def test_corpus_characters_are_drawable_by_the_bundled_font():
    """The bundled font subset covers GB2312 (scripts/make_font_subset.py)."""
    for char in set("".join(TrainingData.from_file(DEFAULT_CORPUS).sentences)):
        assert char.isascii() or char.encode("gb2312")


def test_training_data_rules(tmp_path):
    data = TrainingData.from_sentences(["  我爱你 ", "", "   ", "a\tb"])
    assert data.sentences == ("我爱你", "a b")
    assert TrainingData.from_text("ab\ncd").sentences == ("ab cd",)
    path = tmp_path / "c.txt"
    path.write_bytes("\ufeff我爱你\r\n\r\nhello\r\n".encode("utf-8"))
    assert TrainingData.from_file(path).sentences == ("我爱你", "hello")
    batches = Trainer(["ab", "cd", "efg", "x"], TrainingConfig(batch_size=1), SMALL).batches
    assert sorted(b.shape for b in batches) == [(1, 2), (1, 2), (1, 3)]  # "x" has nothing to predict
    batches = Trainer(["ab", "cd", "efg"], TrainingConfig(batch_size=8), SMALL).batches
    assert sorted(b.shape for b in batches) == [(1, 3), (2, 2)]  # equal lengths share a batch


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda p: TrainingData.from_file(p / "missing.txt"), CorpusError, "there is no file"),
        (lambda p: TrainingData.from_file(p), CorpusError, "is a folder"),
        (
            lambda p: (p / "bin.txt").write_bytes(b"\xff\xfe\xfa") and TrainingData.from_file(p / "bin.txt"),
            CorpusError,
            "not UTF-8",
        ),
        (
            lambda p: (p / "blank.txt").write_text("\n \n") and TrainingData.from_file(p / "blank.txt"),
            CorpusError,
            "no sentences",
        ),
        (lambda p: TrainingData.from_sentences(["a", "b"]), TextError, "nothing to learn"),
        (lambda p: TrainingData.from_text(""), TextError, "empty"),
        (lambda p: Trainer("x", TrainingConfig(), SMALL), TextError, "nothing to learn"),
    ],
)
def test_bad_data_messages(tmp_path, make, error, message):
    with pytest.raises(error, match=message):
        make(tmp_path)


def test_models_that_cannot_be_trained():
    with pytest.raises(ConfigError, match="needs a text model"):
        Trainer("我爱你", model=build_model(RNNConfig(input_size=4, hidden_size=3)))
    with pytest.raises(TextError, match="not in the model's vocabulary: '中国'"):
        Trainer("我爱中国", model=build_model(SMALL.replace(text="我爱你")))


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(epochs=0), "epochs must be between 1 and"),
        (dict(epochs=2.5), "epochs must be a whole number"),
        (dict(learning_rate=0), "learning rate must be a number above 0"),
        (dict(learning_rate=float("nan")), "learning rate"),
        (dict(learning_rate=11), "at most 10"),
        (dict(optimizer="rmsprop"), "optimizer must be one of adam, sgd"),
        (dict(clip=-1), "clip"),
        (dict(batch_size=0), "batch_size must be between 1 and"),
        (dict(seed=-1), "seed must be between 0 and"),
        (dict(seed=True), "seed must be a whole number"),
    ],
)
def test_training_config_validation(changes, message):
    with pytest.raises(ConfigError, match=message):
        TrainingConfig(**changes)
    with pytest.raises(ConfigError, match=message):
        TrainingConfig().replace(**changes)
