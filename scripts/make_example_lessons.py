#!/usr/bin/env python3
"""Regenerate the example lessons in resources/lessons/ (the same bytes on every run on one machine).

    python scripts/make_example_lessons.py [--out DIR] [--check]

- tutorial-single.rnnlesson: the lesson's test01, nn.RNN(128, 256) on one (1, 1, 128) input,
  in sub-operation steps (W_ih x, W_hh h, the sum, tanh).
- woaini.rnnlesson: "我爱你" (embedding 128 -> RNN with 4 neurons -> head), trained with
  engine.training so that after "我爱" the most probable next character is "你".
- vanishing-memory.rnnlesson: "我" followed by 59 "。", hidden 16, W_hh scaled to spectral
  radius 0.8: the hidden state forgets the first character within a few steps.
- memory-rnn, memory-lstm and memory-gru.rnnlesson: an nn.RNN, nn.LSTM and nn.GRU trained the same
  way to remember the first character over a gap of 。 (scripts/memory_lessons.py); each lesson's
  notes compare all three (how long each remembers, the gradient over time).

Each lesson's title and notes are written in English and in Chinese (for Chinese students, in the
lesson's own terms: 循环网络层, 隐藏状态, 词嵌入, 句子长度, 批量个数, 数据维度, 时间步); the
figures they quote are measured here and put into both.

--check writes nothing. It holds on any CPU, although training is not bit-identical across
CPUs (BLAS kernels differ by instruction set), so it never compares bytes. It fails when:
- a committed lesson no longer teaches what its notes say: its figures, measured again from its
  own weights on this machine, differ from the ones its notes quote by more than the notes'
  rounding (QUOTE_TOLERANCE), or the behaviour itself (我爱 -> 你, forgetting, the memory
  comparison of RNN, LSTM and GRU) is gone;
- a committed lesson is out of date: rebuilt here, its configuration, vocabulary, position, step
  size or any word of its notes differ, its quoted figures differ by more than REBUILD_TOLERANCE
  (training on another CPU lands on slightly different weights), or the weights of an untrained
  lesson differ by more than UNTRAINED_WEIGHTS_ATOL.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rnn_stepper.engine.config import TOLERANCE, RNNConfig  # noqa: E402
from rnn_stepper.engine.lesson_file import Lesson, open_lesson, save_lesson  # noqa: E402
from rnn_stepper.engine.model import build_model  # noqa: E402
from rnn_stepper.engine.presets import preset_config  # noqa: E402
from rnn_stepper.engine.simulation import Simulation  # noqa: E402
from rnn_stepper.engine.training import Trainer, TrainingConfig  # noqa: E402

from scripts import memory_lessons  # noqa: E402

DEFAULT_OUT = REPO / "resources" / "lessons"
MAX_LESSON_BYTES = 1024**2

VANISHING_TEXT = "我" + "。" * 59
# What the notes say nn.RNN and the stepper agree within, written as students read it: "1e-5".
FLOAT32_TOLERANCE = f"{TOLERANCE['float32']:.0e}".replace("e-0", "e-")
VANISHING_RADIUS = 0.8
VANISHING_SEED = 0


Built = tuple[tuple[RNNConfig, object], ...]  # (config, model) per lesson file


@dataclass(frozen=True)
class Example:
    """Bundled lessons made together, one model in each file, and their notes, which quote figures
    measured on the models: `describe` gets every model of the group, so the notes of several
    lessons can compare their models (a lesson file holds only one). `describe` raises SystemExit
    when the models no longer show what the notes teach."""

    file_names: tuple[str, ...]
    build: Callable[[], Built]
    describe: Callable[[Built], tuple[dict, ...]]  # one view per file
    position: int
    step_size: str
    trained: bool

    def make(self, out: Path) -> list[Path]:
        built = self.build()
        views = self.describe(built)
        return [
            save_lesson(
                out / name, config, model, position=self.position, step_size=self.step_size, view=view
            )
            for name, (config, model), view in zip(self.file_names, built, views, strict=True)
        ]


def single(
    file_name: str,
    build: Callable[[], tuple[RNNConfig, object]],
    describe: Callable[[RNNConfig, object], dict],
    position: int,
    step_size: str,
    trained: bool,
) -> Example:
    """A lesson whose notes describe its own model only."""
    return Example(
        (file_name,), lambda: (build(),), lambda built: (describe(*built[0]),), position, step_size, trained
    )


def tutorial_single_model():
    config = preset_config("tutorial-single")
    return config, build_model(config)


def tutorial_single_view(config: RNNConfig, model) -> dict:
    return {
        "title": {
            "en": "test01: one input through nn.RNN(128, 256)",
            "zh_CN": "test01：一个输入送入 nn.RNN(128, 256)",
        },
        "description": {
            "en": (
                "The lesson's first test: x has shape (1, 1, 128) - one time step, one sequence, 128 "
                "features - and the RNN has 256 neurons, starting from h0 = 0.\n\n"
                "Press Step four times to see the single cell in four parts: W_ih x_t + b_ih, then "
                "W_hh h_(t-1) + b_hh (only the bias here, since h0 is zero), their sum, and tanh. "
                "The calculation panel compares the result with torch.nn.RNN; the two should "
                f"agree within float32 rounding (the tolerance is {FLOAT32_TOLERANCE}).\n\n"
                "Questions: why is W_ih 256 x 128 and not 128 x 256? Why are all 256 outputs between "
                "-1 and 1?"
            ),
            "zh_CN": (
                "这就是课程里的 test01：输入 inputs 的形状是 (1, 1, 128)。第一个数字是句子长度，只有 1 "
                "个时间步；第二个数字是批量个数，只有 1 个句子；第三个数字是数据维度，每个时间步送入 128 "
                "个数。循环网络层的隐藏层有 256 个神经元，初始隐藏状态 h0 全为 0。\n\n"
                "连按四次“单步”，把这一个神经元的计算拆成四步来看：先算 W_ih x_t + b_ih，再算 "
                "W_hh h_(t-1) + b_hh（h0 全为 0，这一项只剩下偏置），然后把两者相加，最后经过 tanh。"
                "“计算过程”面板会拿结果和 torch.nn.RNN 的输出对比，两者的差别应该只有 float32 的舍入误差"
                f"（容差 {FLOAT32_TOLERANCE}）。\n\n"
                "想一想：为什么 W_ih 的形状是 256 x 128，而不是 128 x 256？为什么 256 个输出都在 -1 "
                "和 1 之间？"
            ),
        },
        "classroom_mode": False,
        "selected_neuron": 0,
    }


# Trained gently so that the lesson still teaches tanh: with the app's defaults (200 epochs at
# 0.03) every h_t ends at ±1.0000 with pre-activations of 15-25, and "which neuron changes most"
# has no answer. A tenth of the default embedding (128 N(0, 1) numbers give W_ih x_t a spread of
# about 3 already) and a small learning rate leave the pre-activations mostly within ±3, while
# 我爱 -> 你 still wins clearly (p about 0.9).
WOAINI_TRAINING = TrainingConfig(epochs=120, learning_rate=0.003)
WOAINI_EMBEDDING_SCALE = 0.1


def woaini_model():
    torch.set_num_threads(1)  # the same sums in the same order: identical weights on every run here
    trainer = Trainer("我爱你", WOAINI_TRAINING, preset_config("text-woaini"))
    with torch.no_grad():
        trainer.model.embedding.weight.mul_(WOAINI_EMBEDDING_SCALE)
    trainer.run()
    return trainer.simulation_config("我爱你"), trainer.model


def woaini_view(config: RNNConfig, model) -> dict:
    after_woai = _probabilities(config, model, t=1)
    best = model.vocab.tokens[int(after_woai.argmax())]
    if best != "你":
        raise SystemExit(f"training did not teach 我爱 -> 你 (predicted {best!r}); check engine/training.py")
    chance = float(after_woai[model.vocab.tokens.index("你")])
    epochs = WOAINI_TRAINING.epochs
    return {
        "title": {
            "en": "我爱你: after 我爱 the network predicts 你",
            "zh_CN": "我爱你：输入“我爱”，网络预测出“你”",
        },
        "description": {
            "en": (
                "The lesson's example. Each character becomes a 128-number vector (the embedding); "
                "the same RNN cell with 4 neurons reads 我, then 爱, then 你, and after each one a "
                "linear head turns h_t into a probability for every character.\n\n"
                f"These weights were trained ({epochs} epochs of Adam at learning rate "
                f"{WOAINI_TRAINING.learning_rate:g} on 我爱你, starting from an embedding scaled to "
                f"{WOAINI_EMBEDDING_SCALE:g} of its usual size, so that tanh is not saturated: the "
                "pre-activations stay mostly within ±3 and the h_t values are not all ±1), so "
                f"after reading 我爱 the network gives 你 a probability of {chance:.1%}. Step cell by "
                "cell and watch the output panel: what does the network predict after 我 alone? "
                "Which of the 4 neurons changes most between t = 0 and t = 1?"
            ),
            "zh_CN": (
                "这是课程里的例子。每个字先做词嵌入，变成一个 128 维的词向量（数据维度 128）；"
                "同一个循环网络层（隐藏层只有 4 个神经元）依次读入“我”“爱”“你”，每个时间步输出一个"
                "隐藏状态 h_t，再由一个全连接层把 h_t 变成词表里每个字的概率。\n\n"
                f"这些权重已经训练过：用 Adam 在“我爱你”上训练了 {epochs} 轮，学习率 "
                f"{WOAINI_TRAINING.learning_rate:g}，训练前先把词向量缩小到原来的 {WOAINI_EMBEDDING_SCALE:g}，"
                "这样 tanh 不会饱和：预激活值大多在 ±3 以内，h_t 也不会全是 ±1。所以读完“我爱”之后，"
                f"网络给“你”的概率是 {chance:.1%}。一个单元一个单元地单步执行，留意“输出”面板："
                "只读了“我”的时候，网络预测的是哪个字？从 t = 0 到 t = 1，4 个神经元里哪一个的"
                "隐藏状态变化最大？"
            ),
        },
        "classroom_mode": False,
        "selected_neuron": 0,
    }


def vanishing_memory_model():
    config = RNNConfig(input_size=8, hidden_size=16, text=VANISHING_TEXT, seed=VANISHING_SEED)
    model = build_model(config)
    with torch.no_grad():
        w_hh = model.rnn.weight_hh_l0
        w_hh.mul_(VANISHING_RADIUS / torch.linalg.eigvals(w_hh).abs().max())
    return config, model


def vanishing_memory_view(config: RNNConfig, model) -> dict:
    distance = _distance_to_settled(config, model)
    if not (distance[1] > 0.1 and distance[20] < 1e-3):
        raise SystemExit(f"the vanishing-memory lesson no longer forgets as described: {distance[:21]}")
    repeats = len(VANISHING_TEXT) - 1
    return {
        "title": {
            "en": "Vanishing memory: the RNN forgets the first character",
            "zh_CN": "记忆消失：循环网络忘掉了第一个字",
        },
        "description": {
            "en": (
                f"The input is 我 followed by {repeats} 。. From t = 1 on, the RNN reads the same character "
                "again and again, so the only thing that can make h_t differ from step to step is what "
                "it still remembers of 我.\n\n"
                f"W_hh was scaled so that its largest eigenvalue has size {VANISHING_RADIUS}: each step "
                "shrinks what is left of the memory by about that factor in the long run (tanh, whose "
                "slope is below 1, shrinks it further). Measured distance of h_t from the state it settles "
                f"into: t = 1: {distance[1]:.2f}, t = 5: {distance[5]:.3f}, t = 10: {distance[10]:.4f}, "
                f"t = 20: {distance[20]:.6f}.\n\n"
                "Step one time step at a time and watch the hidden-state panel: the columns stop "
                "changing after about 15 steps. By the end, nothing in h_t says whether the sentence "
                "began with 我. This is why a plain RNN struggles with long-range dependencies, and "
                "why LSTMs and GRUs add gates."
            ),
            "zh_CN": (
                f"输入是一个“我”，后面跟着 {repeats} 个“。”，句子长度是 {len(VANISHING_TEXT)} 个时间步。"
                "从 t = 1 开始，循环网络层一遍又一遍地读同一个字，所以隐藏状态 h_t 在时间步之间还有"
                "差别，只能是因为它还记得一点“我”。\n\n"
                f"W_hh 经过缩放，它最大的特征值的模是 {VANISHING_RADIUS}：长远来看，每过一个时间步，"
                "剩下的记忆大约就缩小到原来的这么多倍（tanh 的斜率小于 1，还会让它缩得更快）。"
                "实际测得的 h_t 与最后稳定下来的隐藏状态之间的距离："
                f"t = 1: {distance[1]:.2f}，t = 5: {distance[5]:.3f}，t = 10: {distance[10]:.4f}，"
                f"t = 20: {distance[20]:.6f}。\n\n"
                "这一课的步长是“一个时间步”：一步一步地执行，留意“隐藏状态”面板：大约 15 步以后，各列就"
                "不再变化了。到最后，h_t 里已经看不出这句话是不是以“我”开头的。这就是普通的循环网络"
                "难以记住长距离依赖的原因，也是 LSTM 和 GRU 要加上“门”的原因。"
            ),
        },
        "classroom_mode": False,
        "selected_neuron": 0,
    }


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


EXAMPLES = (
    single(
        "tutorial-single.rnnlesson",
        tutorial_single_model,
        tutorial_single_view,
        0,
        "sub-operation",
        trained=False,
    ),
    single("woaini.rnnlesson", woaini_model, woaini_view, 0, "cell", trained=True),
    single(
        "vanishing-memory.rnnlesson",
        vanishing_memory_model,
        vanishing_memory_view,
        0,
        "time step",
        trained=False,
    ),
    Example(
        memory_lessons.FILE_NAMES, memory_lessons.build, memory_lessons.describe, 0, "time step", trained=True
    ),
)


def make_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [path for example in EXAMPLES for path in example.make(out)]
    for path in written:
        if path.stat().st_size > MAX_LESSON_BYTES:
            raise SystemExit(f"{path} is {path.stat().st_size} bytes; keep example lessons under 1 MiB")
    return written


# Figures in notes are printed rounded ("97.3%", "0.004"): measured again from the same weights on
# another CPU they may differ in the last printed digit, so one unit of it is allowed, plus a little.
QUOTE_TOLERANCE_UNITS = 1.5
# Rebuilt from scratch on another CPU, training lands on slightly different weights; the figures
# the notes quote may move by this much (relative, or absolute for numbers near zero).
REBUILD_TOLERANCE = 0.05
# Untrained lessons come from seeded initialisation; eigenvalue routines may differ in the last bits.
UNTRAINED_WEIGHTS_ATOL = 1e-5
# A number as notes print it; "2.6e-28" (PyTorch's notation for tiny values) is one number, so that
# 9.9e-19 and 1.0e-18 are compared as the close numbers they are, not as the words "-19" and "-18".
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def decimals_of(number: str) -> int:
    """The place of a printed number's last digit: 2 for "0.47", 29 for "2.6e-28", 0 for "16"."""
    mantissa, _, exponent = number.partition("e")
    return len(mantissa.partition(".")[2]) - int(exponent or 0)


def text_differences(quoted: str, measured: str, close) -> list[str]:
    """Where two texts differ: in a word, or in a number beyond `close(quoted, measured, decimals)`."""
    if NUMBER.split(quoted) != NUMBER.split(measured):
        return [f"the words differ: {quoted!r} vs {measured!r}"]
    problems = []
    for a, b in zip(NUMBER.findall(quoted), NUMBER.findall(measured)):
        decimals = decimals_of(a)
        if not decimals and a != b:  # a whole number in notes is a count (neurons, epochs, t): exact
            problems.append(f"{a} quoted, {b} measured")
        elif decimals and not close(float(a), float(b), decimals):
            problems.append(f"{a} quoted, {b} measured")
    return problems


def view_differences(quoted, measured, close, where: str = "view") -> list[str]:
    """Compare two lesson views (nested dicts, lists and strings) with number-aware text comparison."""
    if isinstance(quoted, dict) and isinstance(measured, dict):
        if quoted.keys() != measured.keys():
            return [f"{where}: keys {sorted(quoted)} vs {sorted(measured)}"]
        return [
            p for key in quoted for p in view_differences(quoted[key], measured[key], close, f"{where}.{key}")
        ]
    if isinstance(quoted, list) and isinstance(measured, list) and len(quoted) == len(measured):
        return [
            p
            for i, (a, b) in enumerate(zip(quoted, measured))
            for p in view_differences(a, b, close, f"{where}[{i}]")
        ]
    if isinstance(quoted, str) and isinstance(measured, str):
        return [f"{where}: {p}" for p in text_differences(quoted, measured, close)]
    return [] if quoted == measured else [f"{where}: {quoted!r} vs {measured!r}"]


def within_rounding(quoted: float, measured: float, decimals: int) -> bool:
    return abs(quoted - measured) <= QUOTE_TOLERANCE_UNITS * 10.0**-decimals


def within_rebuild(quoted: float, measured: float, decimals: int) -> bool:
    return within_rounding(quoted, measured, decimals) or math.isclose(
        quoted, measured, rel_tol=REBUILD_TOLERANCE, abs_tol=REBUILD_TOLERANCE / 10
    )


def lesson_problems(committed: Lesson, remeasured: dict, rebuilt: Lesson, trained: bool) -> list[str]:
    """Why a committed lesson is stale (empty: it is current). `remeasured`: its view as described
    again from the committed weights (of every lesson of its group)."""
    problems = [
        f"measured from its own weights: {p}"
        for p in view_differences(committed.view, remeasured, within_rounding)
    ]
    problems += [f"rebuilt here: {p}" for p in view_differences(committed.view, rebuilt.view, within_rebuild)]
    for what in ("config", "position", "step_size"):
        if getattr(committed, what) != getattr(rebuilt, what):
            problems.append(f"{what}: {getattr(committed, what)!r} vs {getattr(rebuilt, what)!r} rebuilt")
    old_vocab, new_vocab = committed.model.vocab, rebuilt.model.vocab
    if (old_vocab and old_vocab.tokens) != (new_vocab and new_vocab.tokens):
        problems.append("the vocabulary differs from the rebuilt one")
    old_state, new_state = committed.model.state_dict(), rebuilt.model.state_dict()
    if {k: tuple(getattr(v, "shape", ())) for k, v in old_state.items()} != {
        k: tuple(getattr(v, "shape", ())) for k, v in new_state.items()
    }:
        problems.append("the weights' names or shapes differ from the rebuilt ones")
    elif not trained:
        for key, value in old_state.items():
            if isinstance(value, torch.Tensor) and not torch.allclose(
                value, new_state[key], rtol=0, atol=UNTRAINED_WEIGHTS_ATOL
            ):
                problems.append(f"{key} differs from the rebuilt one by more than {UNTRAINED_WEIGHTS_ATOL}")
    return problems


def check(folder: Path) -> list[str]:
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for example in EXAMPLES:
            missing = [name for name in example.file_names if not (folder / name).is_file()]
            if missing:
                problems += [f"{name}: missing" for name in missing]
                continue
            committed = [open_lesson(folder / name) for name in example.file_names]
            rebuilt = [open_lesson(path) for path in example.make(Path(scratch))]
            try:
                remeasured = example.describe(tuple((lesson.config, lesson.model) for lesson in committed))
            except SystemExit as exc:  # the describe function refuses models whose behaviour is gone
                problems += [
                    f"{name}: the committed lesson no longer teaches it: {exc}" for name in example.file_names
                ]
                continue
            for name, old, view, new in zip(example.file_names, committed, remeasured, rebuilt, strict=True):
                problems += [f"{name}: {p}" for p in lesson_problems(old, view, new, example.trained)]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder (default {DEFAULT_OUT})")
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the lessons in --out against their notes and a rebuild; write nothing",
    )
    args = parser.parse_args()
    if not args.check:
        for path in make_all(args.out):
            print(f"{path} ({path.stat().st_size} bytes)")
        return 0
    problems = check(args.out)
    if problems:
        print(
            "out of date (run scripts/make_example_lessons.py):\n  " + "\n  ".join(problems), file=sys.stderr
        )
        return 1
    print("example lessons are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
