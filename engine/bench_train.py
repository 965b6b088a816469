"""`python main.py bench train`: the Trainer's throughput against a plain PyTorch loop, in one run.

Both train the same model (embedding -> nn.RNN -> linear, same initial weights) on the same
batches with the same optimizer, learning rate and clipping; the plain loop is the textbook one
(zero_grad, forward, cross_entropy, backward, clip_grad_norm_, step) with nothing else. The
Trainer adds what makes it safe to run from a GUI: a lock per step, a rollback point per epoch,
finiteness checks, the batch shuffle and an epoch record. Throughput is characters predicted per
second (epochs x target characters per epoch / time); each side's best of several interleaved
repeats counts, so a busy machine slows both alike.

The Trainer runs with TRAINING_THREADS intra-op threads (see engine/training.py); the plain loop is
measured with the same number, so the ratio is the Trainer's own overhead, and once more with
PyTorch's default thread count, to show what that choice is worth.
"""

from __future__ import annotations

import copy
import json
import math
import time
from typing import Any

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.training import (
    DEFAULT_CORPUS,
    TRAINING_THREADS,
    Trainer,
    TrainingConfig,
    TrainingData,
    default_model_config,
    make_optimizer,
    sequence_logits,
)
from torch import nn

# The Trainer's extra work should cost little next to the training itself.
TARGET_RATIO = 0.8  # Trainer throughput / plain loop throughput, at least


def plain_training_loop(model, batches: list[torch.Tensor], training: TrainingConfig, epochs: int) -> None:
    """The reference: a plain PyTorch training loop, as a tutorial writes it."""
    model.train().requires_grad_(True)
    optimizer = make_optimizer(training.optimizer, model.parameters(), training.learning_rate)
    for _ in range(epochs):
        for ids in batches:
            optimizer.zero_grad()
            logits = sequence_logits(model, ids[:, :-1])
            loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
            loss.backward()
            if training.clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), training.clip)
            optimizer.step()


def compare(
    name: str,
    data: TrainingData,
    model_config: RNNConfig,
    training: TrainingConfig,
    epochs: int,
    repeats: int,
) -> dict:
    template = Trainer(data, training, model_config)  # built once: both sides start from its weights
    initial = template.snapshot()
    characters = template.characters_per_epoch * epochs

    def trainer_run():
        trainer = Trainer(data, training, model_config, model=initial)
        start = time.perf_counter()
        trainer.run_epochs(epochs)
        return time.perf_counter() - start

    def plain_run(threads: int):
        model = copy.deepcopy(initial)
        default = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            start = time.perf_counter()
            plain_training_loop(model, template.batches, training, epochs)
            return time.perf_counter() - start
        finally:
            torch.set_num_threads(default)

    default_threads = torch.get_num_threads()
    runs = {
        "trainer": trainer_run,
        "plain": lambda: plain_run(TRAINING_THREADS),
        "plain_default_threads": lambda: plain_run(default_threads),
    }
    for run in runs.values():
        run()  # warm-up: first calls pay for allocation and kernel selection
    best = {side: math.inf for side in runs}
    for _ in range(repeats):
        for side, run in runs.items():
            best[side] = min(best[side], run())
    trainer_cps, plain_cps = characters / best["trainer"], characters / best["plain"]
    c = template.model_config
    return {
        "name": name,
        "sentences": len(data.sentences),
        "vocab": len(template.vocab),
        "input_size": c.input_size,
        "hidden_size": c.hidden_size,
        "num_layers": c.num_layers,
        "optimizer": training.optimizer,
        "batch_size": training.batch_size,
        "epochs": epochs,
        "characters": characters,
        "trainer_seconds": best["trainer"],
        "plain_seconds": best["plain"],
        "trainer_chars_per_s": trainer_cps,
        "plain_chars_per_s": plain_cps,
        "ratio": trainer_cps / plain_cps,
        "threads": TRAINING_THREADS,
        "default_threads": default_threads,
        "plain_default_threads_chars_per_s": characters / best["plain_default_threads"],
    }


def default_woaini_seconds() -> dict:
    """Wall time of the lesson's default training: "我爱你", text-woaini preset, TrainingConfig()."""
    trainer = Trainer("我爱你", TrainingConfig(), default_model_config())
    start = time.perf_counter()
    trainer.run()
    seconds = time.perf_counter() - start
    from rnn_stepper.engine.generate import top_predictions

    token, probability = top_predictions(trainer.model, "我爱", k=1)[0]
    return {
        "epochs": trainer.epochs_done,
        "seconds": seconds,
        "prediction": token,
        "probability": probability,
    }


def run_train_bench(as_json: bool = False, quick: bool = False) -> int:
    repeats = 1 if quick else 5  # --quick is a smoke test of the command (CI runs it), not a measurement
    corpus = TrainingData.from_file(DEFAULT_CORPUS)
    preset = default_model_config()
    figures: dict[str, Any] = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "woaini_default": default_woaini_seconds(),
        "compare": [
            compare(
                "lesson text, preset 128->4",
                TrainingData.from_text("我爱你"),
                preset,
                TrainingConfig(),
                50 if quick else 200,
                repeats,
            ),
            compare("corpus, preset 128->4", corpus, preset, TrainingConfig(), 3 if quick else 10, repeats),
            compare(
                "corpus, 64->256, 2 layers",
                corpus,
                preset.replace(input_size=64, hidden_size=256, num_layers=2),
                TrainingConfig(),
                1 if quick else 3,
                repeats,
            ),
        ],
        "target_ratio": TARGET_RATIO,
    }
    if as_json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    w = figures["woaini_default"]
    print(f"RNN Stepper training benchmark (torch {figures['torch']}, {figures['threads']} threads, CPU)")
    print(
        f'\nDefault training on "我爱你" (text-woaini preset, {w["epochs"]} epochs): '
        f'{w["seconds"]:.2f} s; "我爱" -> {w["prediction"]!r} (p={w["probability"]:.3f})'
    )
    default_threads = figures["threads"]
    print(
        "\nThroughput, characters predicted per second (best of "
        f"{repeats}); ratio = Trainer / plain PyTorch loop, both with {TRAINING_THREADS} intra-op thread "
        f"(target >= {TARGET_RATIO}); last column: the plain loop with PyTorch's default {default_threads}"
    )
    print(
        f"{'setup':<28} {'epochs':>6} {'Trainer':>10} {'plain':>10} {'ratio':>6} {'':>6} "
        f"{f'plain, {default_threads} thr':>14}"
    )
    for row in figures["compare"]:
        ok = "ok" if row["ratio"] >= TARGET_RATIO else "MISSED"
        print(
            f"{row['name']:<28} {row['epochs']:>6} {row['trainer_chars_per_s']:>10,.0f} "
            f"{row['plain_chars_per_s']:>10,.0f} {row['ratio']:>6.2f} {ok:>6} "
            f"{row['plain_default_threads_chars_per_s']:>14,.0f}"
        )
    return 0
