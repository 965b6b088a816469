"""Three bundled lessons that compare nn.RNN, nn.LSTM and nn.GRU on the vanishing-memory task, side
by side (scripts/make_example_lessons.py writes them and checks them with the others).

The task is the vanishing-memory lesson's, with something to remember: a first character (我, 你
or 他), a gap of 。, a ？, and then the first character again: 我。。。。？我. The three cells have
the same sizes and are trained the same way (engine.training: the same TrainingConfig, sentences
and seed). A lesson file holds one model, so each cell has its own lesson (memory-rnn,
memory-lstm, memory-gru); the notes of all three carry the same comparison, measured on all
three models, and then a paragraph about the lesson's own cell. A student opens one, steps it,
and opens the next on the same sentence.

What is measured, on the real modules:
- how long the first character is remembered: the probability of the right answer after ？ as
  the gap grows (also beyond the longest training gap), and, after the lesson's gap, the distance
  between the states of sentences that differ only in the first character (the vanishing-memory
  lesson's measure);
- the gradient over time: |dL/dh_t| (and |dL/dc_t| for the LSTM), where L is the cross-entropy of
  the answer, with respect to the state each step hands to the next, by torch.autograd through
  the module run one time step at a time;
- for the lesson's own cell, from the app's stepper (the records the panels show, each checked
  against the module): the neuron that keeps the memory and its gate values over the gap.

Why 25 epochs, in float64: a rebuild on another CPU (whose sums differ in the last bits) must land
on the same figures within 5%, so training must not be chaotic. Measured by nudging the initial
weights by a relative 1e-14 and training both copies with Adam at 0.05: the RNN's training turns
chaotic once it starts to learn (the nudge grows to 4e-8 of the weights at epoch 25, 1e-5 at 30
and 20% at 40, and decides what the RNN remembers); the LSTM and the GRU stay stable until long
after they have learned every gap (after about 80 epochs Adam amplifies the noise of their tiny
gradients). At 25 epochs, nudges of 1e-14 and 1e-12 change no quoted figure beyond its rounding,
while 1e-10 moves the RNN's gradient figures by up to 40%: float32's rounding (6e-8) would not do.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.training import Trainer, TrainingConfig, sequence_logits
from torch import nn

CELLS = ("rnn", "lstm", "gru")
FILE_NAMES = tuple(f"memory-{cell}.rnnlesson" for cell in CELLS)
NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
FIRSTS = ("我", "你", "他")  # the character to remember; a guess is right one time in three
FILLER, QUESTION = "。", "？"
TRAINING_GAPS = (1, 2, 4, 8, 16)
TESTED_GAPS = (1, 2, 4, 8, 16, 32, 64)  # 32 and 64: longer than any training sentence
LESSON_GAP = 16  # the lessons' own sentence: 我, 16 。, ？
GRADIENT_TIMES = (0, 4, 8, 12, 16)
# The vanishing-memory lesson's sizes (input 8, hidden 16) and seed. 25 epochs of Adam at 0.05 (the
# app's optimizer, a little faster than its default 0.03; see the module docstring for why no more)
# teach the GRU every gap by epoch 10 and the LSTM by epoch 25, in about 0.2 s each on 1 thread;
# the RNN, trained identically, learns hardly anything of the first character.
SIZES = {"input_size": 8, "hidden_size": 16}
SEED = 0
DTYPE = "float64"
TRAINING = TrainingConfig(epochs=25, learning_rate=0.05)
# What the notes claim, checked on every build and every committed lesson (SystemExit otherwise).
REMEMBERS, FORGETS = 0.9, 0.5  # recall of the gated cells at every training gap; the RNN's at the longest
VANISHED, KEPT = 1e-6, 0.1  # gradient at t = 0 as a fraction of the last step's: the RNN's; the others'
SAME_ANSWER = 0.01  # the RNN's answer after the gap moves less than this with the first character
# A distance between two states below this is float64 rounding (sums of numbers near 1 differ by
# about 1e-16), not memory: printed as 0, so that a rebuild on another CPU prints the same.
ROUNDING = 1e-12


def sentence(first: str, gap: int) -> str:
    """A training sentence: the first character, `gap` fillers, the question, the answer."""
    return question(first, gap) + first


def question(first: str, gap: int) -> str:
    """The sentence up to the question mark: what the network reads before it answers."""
    return first + FILLER * gap + QUESTION


# ---- the models ------------------------------------------------------------------------------------


def build() -> tuple[tuple[RNNConfig, object], ...]:
    """(config, model) per cell in CELLS, each config set to step the lesson's sentence."""
    return copy.deepcopy(_trained())  # a caller may change a model; the cache keeps the originals


@functools.cache
def _trained() -> tuple[tuple[RNNConfig, object], ...]:
    # Cached: --check and the tests that run it build the lessons several times in one process.
    torch.set_num_threads(1)  # the same sums in the same order: identical weights on every run here
    sentences = [sentence(first, gap) for gap in TRAINING_GAPS for first in FIRSTS]
    built = []
    for cell in CELLS:
        trainer = Trainer(sentences, TRAINING, RNNConfig(**SIZES, cell=cell, dtype=DTYPE, seed=SEED))
        trainer.run()
        built.append((trainer.simulation_config(question(FIRSTS[0], LESSON_GAP)), trainer.model))
    return tuple(built)


# ---- the measurements ------------------------------------------------------------------------------


def recall(model, gap: int) -> float:
    """The probability the model gives the right first character after ？, averaged over FIRSTS."""
    ids = torch.tensor([model.vocab.encode(question(first, gap)) for first in FIRSTS])
    answers = [model.vocab.encode(first)[0] for first in FIRSTS]
    with torch.no_grad():
        probabilities = sequence_logits(model, ids)[:, -1].softmax(-1)
    return float(probabilities[range(len(FIRSTS)), answers].mean())


def state_gradients(model, first: str, gap: int) -> tuple[list[float], list[float] | None]:
    """|dL/dh_t| for every t, and |dL/dc_t| for nn.LSTM (None otherwise), L the cross-entropy of
    the answer after reading question(first, gap).

    The module runs one time step at a time, so every state it hands to the next step is a tensor
    of its own that autograd differentiates with respect to; the weights stay frozen. For the
    LSTM these are partial derivatives with respect to the pair (h_t, c_t) handed on; the last
    c_t is handed to nothing, so its gradient is 0."""
    ids = torch.tensor(model.vocab.encode(question(first, gap)))
    with torch.enable_grad():
        x = model.embedding(ids).detach().requires_grad_(True)  # so that the states carry a graph
        state, hidden, cells = None, [], []
        for t in range(len(ids)):
            _, state = model.rnn(x[t : t + 1, None], state)  # one step: [1, 1, input] -> [1, 1, H]
            h, c = state if isinstance(state, tuple) else (state, None)
            hidden.append(h)
            if c is not None:
                cells.append(c)
        answer = torch.tensor(model.vocab.encode(first))
        loss = nn.functional.cross_entropy(model.head(hidden[-1][0]), answer)
        grads = torch.autograd.grad(loss, hidden + cells, allow_unused=True)
    norms = [0.0 if g is None else float(g.norm()) for g in grads]
    return norms[: len(hidden)], norms[len(hidden) :] or None


@dataclass(frozen=True)
class Memory:
    """What one trained cell remembers of the first character, as the notes quote it."""

    cell: str
    recall: dict[int, float]  # gap -> probability of the right answer after ？ (mean over FIRSTS)
    answer: float  # the lesson's own sentence: the probability of 我 after ？
    answer_spread: float  # how much that probability moves when the sentence starts with 你 or 他
    distance: dict[int, float]  # t -> |h_t(我...) - h_t(你...)| on the lesson's sentences
    cell_distance: float | None  # LSTM: |c_t(我...) - c_t(你...)| at the end of the gap
    h_gradient: dict[int, float]  # t -> |dL/dh_t| / |dL/dh_last|
    shrinks_every_step: bool  # |dL/dh_t| < |dL/dh_(t+1)| at every t
    c_gradient: dict[int, float] | None  # LSTM: t -> |dL/dc_t| / |dL/dh_last|
    neuron: int  # the neuron whose state (c_t for LSTM, else h_t) best tells FIRSTS apart after the gap
    gates: dict[str, tuple[float, float]]  # that neuron's gate values over the gap: name -> (min, max)


def measure(config: RNNConfig, model) -> Memory:
    if (config.num_layers, config.num_directions, len(config.text)) != (1, 1, LESSON_GAP + 2):
        raise SystemExit(
            f"the memory lessons are one-layer, one-direction models of {question(FIRSTS[0], LESSON_GAP)}"
        )
    stepped = {first: _stepped(config, model, first) for first in FIRSTS}
    parts = ("h_t", "c_t") if config.cell == "lstm" else ("h_t",)
    states = {
        part: {first: torch.stack([r.part(part)[0] for r in stepped[first][0]]) for first in FIRSTS}
        for part in parts
    }  # part -> first character -> [T, H]
    me, you = FIRSTS[0], FIRSTS[1]
    end = {first: states[parts[-1]][first][LESSON_GAP] for first in FIRSTS}  # c_t for LSTM, else h_t
    apart = torch.stack([(end[a] - end[b]).abs() for i, a in enumerate(FIRSTS) for b in FIRSTS[i + 1 :]])
    neuron = int(apart.amin(0).argmax())  # the neuron whose closest pair of starts is furthest apart
    over_gap = stepped[me][0][1 : LESSON_GAP + 1]  # the steps that read 。
    gates = {
        name: (float(values.min()), float(values.max()))
        for name in over_gap[0].gates
        for values in [torch.stack([r.gates[name][0, neuron] for r in over_gap])]
    }
    answers = [stepped[first][1] for first in FIRSTS]
    dh, dc = state_gradients(model, me, LESSON_GAP)
    return Memory(
        cell=config.cell,
        recall={gap: recall(model, gap) for gap in TESTED_GAPS},
        answer=answers[0],
        answer_spread=max(answers) - min(answers),
        distance={
            t: float((states["h_t"][me][t] - states["h_t"][you][t]).norm())
            for t in (*GRADIENT_TIMES, LESSON_GAP)
        },
        cell_distance=(
            float((states["c_t"][me][LESSON_GAP] - states["c_t"][you][LESSON_GAP]).norm())
            if "c_t" in states
            else None
        ),
        h_gradient={t: dh[t] / dh[-1] for t in GRADIENT_TIMES},
        shrinks_every_step=all(dh[t] < dh[t + 1] for t in range(len(dh) - 1)),
        c_gradient={t: dc[t] / dh[-1] for t in GRADIENT_TIMES} if dc else None,
        neuron=neuron,
        gates=gates,
    )


def _stepped(config: RNNConfig, model, first: str) -> tuple[list, float]:
    """The app's records of question(first, LESSON_GAP), one per time step, each checked against
    the module (a lesson whose stepper and module disagree teaches nothing), and the probability
    the output panel then gives FIRSTS[0] after the question."""
    simulation = Simulation.build(config.replace(text=question(first, LESSON_GAP)), model)
    stepper = simulation.stepper
    stepper.seek(len(stepper))
    records = [stepper.record(t) for t in range(len(stepper))]  # one layer, one direction: index = t
    if [r.t for r in records] != list(range(len(stepper))) or not all(r.matches for r in records):
        raise SystemExit(f"the stepper and {config.module_name} disagree on {question(first, LESSON_GAP)}")
    probability = float(simulation.probabilities_at(LESSON_GAP + 1)[0][model.vocab.encode(FIRSTS[0])[0]])
    return records, probability


def _require_the_comparison(memories: dict[str, Memory]) -> None:
    """SystemExit unless the models still show what the notes say (the titles make the claims)."""
    rnn, lstm, gru = (memories[cell] for cell in CELLS)
    problems = []
    for gated in (lstm, gru):
        forgotten = {
            gap: round(p, 3) for gap, p in gated.recall.items() if gap in TRAINING_GAPS and p < REMEMBERS
        }
        if forgotten:
            problems.append(f"the {NAMES[gated.cell]} no longer remembers every training gap: {forgotten}")
    if rnn.recall[max(TRAINING_GAPS)] > FORGETS:
        problems.append(f"the RNN remembers the longest gap: {rnn.recall[max(TRAINING_GAPS)]:.3f}")
    if rnn.answer_spread > SAME_ANSWER:
        problems.append(f"the RNN's answer still depends on the first character: {rnn.answer_spread:.3f}")
    if not rnn.shrinks_every_step:
        problems.append("the RNN's gradient no longer shrinks at every step back")
    if not (rnn.h_gradient[0] < VANISHED and lstm.c_gradient[0] > KEPT and gru.h_gradient[0] > KEPT):
        problems.append(
            "the gradients at t = 0 no longer vanish for the RNN only: "
            f"RNN {rnn.h_gradient[0]:.2g}, LSTM c_t {lstm.c_gradient[0]:.2g}, GRU {gru.h_gradient[0]:.2g}"
        )
    if problems:
        raise SystemExit("the memory lessons no longer show what their notes say: " + "; ".join(problems))


# ---- the notes ---------------------------------------------------------------------------------------


def describe(built) -> tuple[dict, ...]:
    """One lesson view per cell: the same comparison in every one, then the cell's own paragraph."""
    memories = {config.cell: measure(config, model) for config, model in built}
    if tuple(memories) != CELLS:
        raise SystemExit(f"the memory lessons hold {tuple(memories)}, not {CELLS}")
    _require_the_comparison(memories)
    views = []
    for index, cell in enumerate(CELLS):
        own = memories[cell]
        number, name = index + 1, NAMES[cell]
        views.append(
            {
                "title": {
                    "en": f"Memory compared ({number}/{len(CELLS)}): {TITLES[cell]['en']}",
                    "zh_CN": f"记忆对比（{number}/{len(CELLS)}）：{TITLES[cell]['zh_CN']}",
                },
                "description": {
                    "en": "\n\n".join(
                        [
                            _introduction_en(name),
                            _recall_en(memories),
                            _gradients_en(memories),
                            OWN_PARAGRAPH[cell]["en"](own),
                        ]
                    ),
                    "zh_CN": "\n\n".join(
                        [
                            _introduction_zh(name),
                            _recall_zh(memories),
                            _gradients_zh(memories),
                            OWN_PARAGRAPH[cell]["zh_CN"](own),
                        ]
                    ),
                },
                "classroom_mode": False,
                "selected_neuron": own.neuron if cell != "rnn" else 0,
            }
        )
    return tuple(views)


def _p(value: float) -> str:
    """A probability as the notes print it."""
    return f"{value:.2f}"


def _size(value: float) -> str:
    """Two significant digits, in the notation PyTorch prints: 0.47, 0.0029, 2.6e-28, 13.0."""
    return f"{value:.1f}" if value >= 10 else f"{value:#.2g}".replace("e-0", "e-")


def _distance(value: float) -> str:
    return "0.0" if value < ROUNDING else _size(value)


TITLES = {
    "rnn": {"en": "the RNN forgets the first character", "zh_CN": "RNN 忘掉了第一个字"},
    "lstm": {"en": "the LSTM keeps it in its cell state", "zh_CN": "LSTM 把第一个字存在细胞状态里"},
    "gru": {"en": "the GRU keeps it in h_t", "zh_CN": "GRU 把第一个字留在隐藏状态里"},
}
_EXAMPLE = sentence(FIRSTS[0], 4)
_LAST_T = LESSON_GAP + 1


def _introduction_en(name: str) -> str:
    gaps = ", ".join(str(gap) for gap in TRAINING_GAPS[:-1]) + f" and {TRAINING_GAPS[-1]}"
    return (
        f"Three lessons, one comparison: memory-rnn, memory-lstm and memory-gru hold an nn.RNN, an nn.LSTM "
        f"and an nn.GRU of the same sizes (embedding {SIZES['input_size']} -> {SIZES['hidden_size']} neurons "
        f"-> head, {DTYPE}), trained the same way on the same sentences. The task is the vanishing-memory "
        f"lesson's, with something to remember: a first character ({FIRSTS[0]}, {FIRSTS[1]} or {FIRSTS[2]}), a "
        f"gap of {FILLER}, then {QUESTION}, after which the first character comes again ({_EXAMPLE}). Training: "
        f"gaps of {gaps}, {TRAINING.epochs} epochs of Adam at learning rate {TRAINING.learning_rate:g}, initial "
        f"weights from seed {SEED}. This lesson holds the {name}, on {FIRSTS[0]}, {LESSON_GAP} {FILLER} and "
        f"{QUESTION} ({LESSON_GAP + 2} time steps); open the other two to step them on the same sentence."
    )


def _introduction_zh(name: str) -> str:
    gaps = "、".join(str(gap) for gap in TRAINING_GAPS[:-1]) + f" 和 {TRAINING_GAPS[-1]}"
    return (
        f"三课合起来是一次对比：memory-rnn、memory-lstm 和 memory-gru 里是三种循环网络层，分别是一个 nn.RNN、一个 "
        f"nn.LSTM 和一个 nn.GRU，大小完全相同（词嵌入，数据维度 {SIZES['input_size']} -> 隐藏层 {SIZES['hidden_size']} "
        "个神经元 -> "
        f"全连接层，{DTYPE}），用同样的方法在同样的句子上训练。任务就是“记忆消失”那一课的任务，只是这回要记住一个字："
        f"先是第一个字（{FIRSTS[0]}、{FIRSTS[1]}或{FIRSTS[2]}），然后是一串“{FILLER}”，再是“{QUESTION}”，"
        f"之后要说出第一个字（{_EXAMPLE}）。训练：间隔（“{FILLER}”的个数）为 {gaps}，用 Adam 训练 "
        f"{TRAINING.epochs} 轮，学习率 {TRAINING.learning_rate:g}，初始权重的随机种子是 {SEED}。这一课里是 "
        f"{name}，输入是“{FIRSTS[0]}”、{LESSON_GAP} 个“{FILLER}”和“{QUESTION}”，句子长度是 {LESSON_GAP + 2} "
        "个时间步；打开另外两课，可以在同一句话上单步执行另外两种网络。"
    )


def _recall_rows(
    memories: dict[str, Memory], gap_word: str, colon: str, separator: str, longer: str
) -> list[str]:
    rows = []
    for gap in TESTED_GAPS:
        cells = separator.join(f"{NAMES[cell]} {_p(memories[cell].recall[gap])}" for cell in CELLS)
        rows.append(f"{gap_word} {gap}{colon}{cells}" + (longer if gap > max(TRAINING_GAPS) else ""))
    return rows


def _recall_en(memories: dict[str, Memory]) -> str:
    rnn, lstm, gru = (memories[cell] for cell in CELLS)
    return "\n".join(
        [
            f"How long is the first character remembered? The probability each network gives the right first "
            f"character after {QUESTION} (the mean over {FIRSTS[0]}, {FIRSTS[1]} and {FIRSTS[2]}; a guess gets "
            f"{_p(1 / len(FIRSTS))}), by the length of the gap:",
            *_recall_rows(memories, "gap", ": ", ", ", " (longer than any training sentence)"),
            f"After {LESSON_GAP} {FILLER}, the hidden states of the sentences that begin with {FIRSTS[0]} and with "
            f"{FIRSTS[1]} are this far apart (what is left of the first character; 0 means nothing): RNN "
            f"{_distance(rnn.distance[LESSON_GAP])}, LSTM {_distance(lstm.distance[LESSON_GAP])} (but its cell "
            f"states {_distance(lstm.cell_distance)}), GRU {_distance(gru.distance[LESSON_GAP])}.",
        ]
    )


def _recall_zh(memories: dict[str, Memory]) -> str:
    rnn, lstm, gru = (memories[cell] for cell in CELLS)
    return "\n".join(
        [
            f"第一个字能记多久？读到“{QUESTION}”之后，每个网络给正确的第一个字的概率（{FIRSTS[0]}、{FIRSTS[1]}、"
            f"{FIRSTS[2]}三种开头的平均；瞎猜是 {_p(1 / len(FIRSTS))}），按间隔长短列出：",
            *_recall_rows(memories, "间隔", "：", "，", "（比所有训练句子都长）"),
            f"读完 {LESSON_GAP} 个“{FILLER}”以后，以“{FIRSTS[0]}”开头和以“{FIRSTS[1]}”开头的两句话，隐藏状态之间的距离"
            f"（也就是第一个字还剩下多少；0 表示什么都没剩下）：RNN 是 {_distance(rnn.distance[LESSON_GAP])}，LSTM 是 "
            f"{_distance(lstm.distance[LESSON_GAP])}（但它的细胞状态相差 {_distance(lstm.cell_distance)}），GRU 是 "
            f"{_distance(gru.distance[LESSON_GAP])}。",
        ]
    )


def _gradient_rows(
    memories: dict[str, Memory], first_note: str, colon: str, separator: str, cell_state: str
) -> list[str]:
    rows = []
    for t in GRADIENT_TIMES:
        cells = []
        for cell in CELLS:
            memory = memories[cell]
            text = f"{NAMES[cell]} {_size(memory.h_gradient[t])}"
            if memory.c_gradient is not None:
                text += cell_state.format(_size(memory.c_gradient[t]))
            cells.append(text)
        rows.append(f"t = {t}{first_note if t == 0 else ''}{colon}" + separator.join(cells))
    return rows


def _gradients_en(memories: dict[str, Memory]) -> str:
    return "\n".join(
        [
            f"Why: the gradient over time. Backpropagation through time sends the loss at {QUESTION} (the "
            f"cross-entropy of the answer, gap {LESSON_GAP}) back to every step. Here torch.autograd differentiates "
            "it through the real nn.RNN, nn.LSTM and nn.GRU, run one time step at a time, with respect to the state "
            "each step hands to the next: h_t, and for the LSTM also its cell state c_t. The size of dL/dh_t (and "
            f"dL/dc_t) as a fraction of the size of dL/dh_t at the last step, t = {_LAST_T}:",
            *_gradient_rows(memories, " (the first character)", ": ", ", ", " (c_t: {})"),
            f"The RNN's gradient shrinks at every step back: almost nothing of the error at {QUESTION} reaches "
            f"{FIRSTS[0]}, so in {TRAINING.epochs} epochs training could hardly teach the RNN to keep it. In the LSTM, "
            "c_t = f * c_(t-1) + i * g "
            "passes the gradient back unchanged wherever the forget gate f is 1; in the GRU, h_t = (1 - z) * n + "
            "z * h_(t-1) does the same wherever the update gate z is 1.",
        ]
    )


def _gradients_zh(memories: dict[str, Memory]) -> str:
    return "\n".join(
        [
            f"原因在梯度上。随时间反向传播把“{QUESTION}”处的损失（答案的交叉熵，间隔 {LESSON_GAP}）送回每一个时间步。"
            "这里用 torch.autograd 对真正的 nn.RNN、nn.LSTM 和 nn.GRU（一次运行一个时间步）求导，求的是损失对每一步"
            "交给下一步的状态的梯度：隐藏状态 h_t，LSTM 还有细胞状态 c_t。下面是 dL/dh_t（和 dL/dc_t）的大小，"
            f"以最后一步 t = {_LAST_T} 的 dL/dh_t 的大小为 1：",
            *_gradient_rows(memories, "（第一个字）", "：", "，", "（c_t：{}）"),
            f"RNN 的梯度每往回一步都变小：“{QUESTION}”处的误差几乎传不回“{FIRSTS[0]}”，所以在 {TRAINING.epochs} 轮训练里，"
            "RNN 几乎没学会记住它。"
            "LSTM 里 c_t = f * c_(t-1) + i * g，遗忘门 f 等于 1 的地方，梯度原样往回传；GRU 里 "
            "h_t = (1 - z) * n + z * h_(t-1)，更新门 z 等于 1 的地方也是这样。",
        ]
    )


def _rnn_en(own: Memory) -> str:
    return (
        "In this lesson (the RNN; the step size is one time step), watch the hidden-state panel: the distance "
        f"between h_t after {FIRSTS[0]} and after {FIRSTS[1]} falls from {_distance(own.distance[0])} at t = 0 "
        f"to {_distance(own.distance[4])} at t = 4 and {_distance(own.distance[8])} at t = 8. Within a few steps "
        "h_t no longer depends on the first character, as in the vanishing-memory lesson: after "
        f"{QUESTION} the output panel gives {FIRSTS[0]} a probability of {_p(own.answer)}, whichever character "
        "the sentence began with."
    )


def _rnn_zh(own: Memory) -> str:
    return (
        f"这一课里是 RNN（步长是一个时间步）。留意“隐藏状态”面板：以“{FIRSTS[0]}”开头和以“{FIRSTS[1]}”开头，两句话的"
        f"隐藏状态 h_t 之间的距离，从 t = 0 的 {_distance(own.distance[0])} 降到 t = 4 的 "
        f"{_distance(own.distance[4])}，t = 8 时只剩 {_distance(own.distance[8])}。几个时间步之后，h_t 就和第一个字"
        f"无关了，和“记忆消失”那一课一样：读到“{QUESTION}”之后，不管句子以哪个字开头，“输出”面板给“{FIRSTS[0]}”的"
        f"概率都是 {_p(own.answer)}。"
    )


def _lstm_en(own: Memory) -> str:
    (f_low, _), (_, o_high) = own.gates["f"], own.gates["o"]
    return (
        f"In this lesson (the LSTM; the step size is one time step), neuron {own.neuron} is selected: after "
        f"{LESSON_GAP} {FILLER} its cell state tells {FIRSTS[0]}, {FIRSTS[1]} and {FIRSTS[2]} apart best. Over "
        f"the gap its forget gate f stays within {_size(1 - f_low)} of 1, so c_t = f * c_(t-1) + i * g carries "
        f"what {FIRSTS[0]} wrote at t = 0 through the gap; its output gate o stays at most {_size(o_high)}, so h_t "
        f"hardly shows it. After {QUESTION} the output panel gives {FIRSTS[0]} a probability of "
        f"{_p(own.answer)}."
    )


def _lstm_zh(own: Memory) -> str:
    (f_low, _), (_, o_high) = own.gates["f"], own.gates["o"]
    return (
        f"这一课里是 LSTM（步长是一个时间步），选中的是神经元 {own.neuron}：读完 {LESSON_GAP} 个“{FILLER}”之后，"
        f"它的细胞状态最能区分“{FIRSTS[0]}”“{FIRSTS[1]}”“{FIRSTS[2]}”。在这段间隔里，它的遗忘门 f 和 1 相差不到 "
        f"{_size(1 - f_low)}，所以 c_t = f * c_(t-1) + i * g 把 t = 0 时“{FIRSTS[0]}”写进去的内容一直带过整段间隔；"
        f"它的输出门 o 最多 {_size(o_high)}，所以从 h_t 上几乎看不出来。读到“{QUESTION}”之后，“输出”面板给"
        f"“{FIRSTS[0]}”的概率是 {_p(own.answer)}。"
    )


def _gru_en(own: Memory) -> str:
    z_low, _ = own.gates["z"]
    return (
        f"In this lesson (the GRU; the step size is one time step), neuron {own.neuron} is selected: after "
        f"{LESSON_GAP} {FILLER} its h_t tells {FIRSTS[0]}, {FIRSTS[1]} and {FIRSTS[2]} apart best. Over the gap "
        f"its update gate z stays within {_size(1 - z_low)} of 1, so h_t = (1 - z) * n + z * h_(t-1) is almost "
        f"h_(t-1) at every step. After {QUESTION} the output panel gives {FIRSTS[0]} a probability of "
        f"{_p(own.answer)}."
    )


def _gru_zh(own: Memory) -> str:
    z_low, _ = own.gates["z"]
    return (
        f"这一课里是 GRU（步长是一个时间步），选中的是神经元 {own.neuron}：读完 {LESSON_GAP} 个“{FILLER}”之后，"
        f"它的隐藏状态 h_t 最能区分“{FIRSTS[0]}”“{FIRSTS[1]}”“{FIRSTS[2]}”。在这段间隔里，它的更新门 z 和 1 相差"
        f"不到 {_size(1 - z_low)}，所以 h_t = (1 - z) * n + z * h_(t-1) 每一步都几乎等于 h_(t-1)。读到"
        f"“{QUESTION}”之后，“输出”面板给“{FIRSTS[0]}”的概率是 {_p(own.answer)}。"
    )


OWN_PARAGRAPH = {
    "rnn": {"en": _rnn_en, "zh_CN": _rnn_zh},
    "lstm": {"en": _lstm_en, "zh_CN": _lstm_zh},
    "gru": {"en": _gru_en, "zh_CN": _gru_zh},
}
