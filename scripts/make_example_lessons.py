#!/usr/bin/env python3
"""Regenerate the example lessons in resources/lessons/ (deterministic: same bytes every run).

    python scripts/make_example_lessons.py [--out DIR] [--check]

- tutorial-single.rnnlesson: the lesson's test01, nn.RNN(128, 256) on one (1, 1, 128) input,
  in sub-operation steps (W_ih x, W_hh h, the sum, tanh).
- woaini.rnnlesson: "我爱你" (embedding 128 -> RNN with 4 neurons -> head), trained with
  engine.training so that after "我爱" the most probable next character is "你".
- vanishing-memory.rnnlesson: "我" followed by 59 "。", hidden 16, W_hh scaled to spectral
  radius 0.8: the hidden state forgets the first character within a few steps.

--check rebuilds each lesson in a temporary folder and fails if it differs from the committed
file (or if a lesson no longer teaches what its notes say).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rnn_stepper.engine.config import RNNConfig  # noqa: E402
from rnn_stepper.engine.lesson_file import save_lesson  # noqa: E402
from rnn_stepper.engine.model import build_model  # noqa: E402
from rnn_stepper.engine.presets import preset_config  # noqa: E402
from rnn_stepper.engine.simulation import Simulation  # noqa: E402
from rnn_stepper.engine.training import TrainingConfig, train_text  # noqa: E402

DEFAULT_OUT = REPO / "resources" / "lessons"
MAX_LESSON_BYTES = 1024**2

VANISHING_TEXT = "我" + "。" * 59
VANISHING_RADIUS = 0.8
VANISHING_SEED = 0


def tutorial_single(out: Path) -> Path:
    config = preset_config("tutorial-single")
    view = {
        "title": "test01: one input through nn.RNN(128, 256)",
        "description": (
            "The lesson's first test: x has shape (1, 1, 128) - one time step, one sequence, 128 "
            "features - and the RNN has 256 neurons, starting from h0 = 0.\n\n"
            "Press Step four times to see the single cell in four parts: W_ih x_t + b_ih, then "
            "W_hh h_(t-1) + b_hh (only the bias here, since h0 is zero), their sum, and tanh. "
            "The calculation panel compares the result with torch.nn.RNN; the two should "
            "agree within float32 rounding (the tolerance is 1e-5).\n\n"
            "Questions: why is W_ih 256 x 128 and not 128 x 256? Why are all 256 outputs between "
            "-1 and 1?"),
        "classroom_mode": False,
        "selected_neuron": 0,
    }
    return save_lesson(out / "tutorial-single.rnnlesson", config, build_model(config), position=0,
                       step_size="sub-operation", view=view)


def woaini(out: Path) -> Path:
    torch.set_num_threads(1)  # the same sums in the same order: identical weights on every run
    trainer = train_text("我爱你", TrainingConfig(), preset_config("text-woaini"))
    config = trainer.simulation_config("我爱你")
    model = trainer.model
    after_woai = _probabilities(config, model, t=1)
    best = model.vocab.tokens[int(after_woai.argmax())]
    if best != "你":
        raise SystemExit(f"training did not teach 我爱 -> 你 (predicted {best!r}); check engine/training.py")
    chance = float(after_woai[model.vocab.tokens.index("你")])
    view = {
        "title": "我爱你: after 我爱 the network predicts 你",
        "description": (
            "The lesson's example. Each character becomes a 128-number vector (the embedding); "
            "the same RNN cell with 4 neurons reads 我, then 爱, then 你, and after each one a "
            "linear head turns h_t into a probability for every character.\n\n"
            f"These weights were trained ({trainer.training.epochs} epochs of Adam on 我爱你), so "
            f"after reading 我爱 the network gives 你 a probability of {chance:.1%}. Step cell by "
            "cell and watch the output panel: what does the network predict after 我 alone? "
            "Which of the 4 neurons changes most between t = 0 and t = 1?"),
        "classroom_mode": False,
        "selected_neuron": 0,
    }
    return save_lesson(out / "woaini.rnnlesson", config, model, position=0, step_size="cell", view=view)


def vanishing_memory(out: Path) -> Path:
    config = RNNConfig(input_size=8, hidden_size=16, text=VANISHING_TEXT, seed=VANISHING_SEED)
    model = build_model(config)
    with torch.no_grad():
        w_hh = model.rnn.weight_hh_l0
        w_hh.mul_(VANISHING_RADIUS / torch.linalg.eigvals(w_hh).abs().max())
    distance = _distance_to_settled(config, model)
    if not (distance[1] > 0.1 and distance[20] < 1e-3):
        raise SystemExit(f"the vanishing-memory lesson no longer forgets as described: {distance[:21]}")
    view = {
        "title": "Vanishing memory: the RNN forgets the first character",
        "description": (
            "The input is 我 followed by 59 。. From t = 1 on, the RNN reads the same character "
            "again and again, so the only thing that can make h_t differ from step to step is what "
            "it still remembers of 我.\n\n"
            f"W_hh was scaled so that its largest eigenvalue has size {VANISHING_RADIUS}: each step "
            "shrinks what is left of the memory by about that factor in the long run (tanh, whose "
            "slope is below 1, shrinks it further). Measured distance of h_t from the state it settles into: "
            f"t = 1: {distance[1]:.2f}, t = 5: {distance[5]:.3f}, t = 10: {distance[10]:.4f}, "
            f"t = 20: {distance[20]:.6f}.\n\n"
            "Step one time step at a time and watch the hidden-state panel: the columns stop "
            "changing after about 15 steps. By the end, nothing in h_t says whether the sentence "
            "began with 我. This is why a plain RNN struggles with long-range dependencies, and "
            "why LSTMs and GRUs add gates."),
        "classroom_mode": False,
        "selected_neuron": 0,
    }
    return save_lesson(out / "vanishing-memory.rnnlesson", config, model, position=0, step_size="time step",
                       view=view)


def _probabilities(config: RNNConfig, model, t: int) -> torch.Tensor:
    simulation = Simulation.build(config, model)
    simulation.stepper.seek(len(simulation.stepper))
    return simulation.probabilities_at(t)[0]


def _distance_to_settled(config: RNNConfig, model) -> list[float]:
    """|h_t - h_(T-1)| for every t: how much of the start the hidden state still carries."""
    simulation = Simulation.build(config, model)
    simulation.stepper.seek(len(simulation.stepper))
    hidden = simulation.stepper.hidden[:, 0, 0]  # [T, H]: layer 0, batch element 0
    return (hidden - hidden[-1]).norm(dim=1).tolist()


MAKERS = (tutorial_single, woaini, vanishing_memory)


def make_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [make(out) for make in MAKERS]
    for path in written:
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise SystemExit(f"{path} is {path.stat().st_size} bytes; keep example lessons under 1 MiB")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder (default {DEFAULT_OUT})")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out, write nothing")
    args = parser.parse_args()
    if not args.check:
        for path in make_all(args.out):
            print(f"{path} ({path.stat().st_size} bytes)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        stale = [path.name for path in make_all(Path(folder))
                 if not (args.out / path.name).is_file()
                 or not filecmp.cmp(path, args.out / path.name, shallow=False)]
    if stale:
        print(f"out of date: {', '.join(stale)} (run scripts/make_example_lessons.py)", file=sys.stderr)
        return 1
    print("example lessons are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
