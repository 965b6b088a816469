"""The PyTorch code that builds and runs a configuration, written the way the lesson writes it.

The lesson's test01 reads:

    rnn = nn.RNN(input_size=128, hidden_size=256)
    inputs = torch.randn(1, 1, 128)
    hn = torch.zeros(1, 1, 256)
    output, hn = rnn(inputs, hn)
    print(output.shape)

`pytorch_code` writes the same lines for any configuration, naming only the `nn.RNN` keyword
arguments that differ from PyTorch's defaults, and commenting every dimension in English or, for
the Chinese interface, in Chinese the way the lesson comments its code ("# 第一个数字: 表示句子
长度"); only the comments differ between the languages. For text models it adds the vocabulary,
the `nn.Embedding` (or one-hot vectors, for models without an embedding) before the RNN and the
`nn.Linear` head plus softmax after it; a classifier's head scores its classes. Unbatched input
is written without a batch dimension, as nn.RNN takes it.

The code seeds PyTorch with the configuration's seed and creates the modules in the order
`engine.model.build_model` does, so a freshly built model in the app and the pasted code start
from the same weights. Random inputs and a random h0 are drawn from the app's own seeded
generators, so the script computes the app's very numbers.

A model that is no longer the seed's fresh one (trained, loaded from a file or a lesson, edited)
is rebuilt from its weights (`WeightSource`): small models as values written into the script,
larger ones from a state_dict saved beside it (`WEIGHTS_FILE`), loaded with weights_only=True.
The script says where the weights came from and prints h_n and the prediction, as the app shows.

Over 500 lines, on purpose: One script writer: the same lines for every cell type, option and weight
source, each commented in English or Chinese; splitting it would scatter one script over several
files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.localized_text import CHINESE, DEFAULT_LANGUAGE
from rnn_stepper.engine.simulation import C0_STREAM, H0_STREAM, INPUT_STREAM, stream_seed
from rnn_stepper.engine.vocab import Vocabulary, normalize_text

# nn.RNN's own defaults: a keyword argument equal to these is left out of the generated call.
NN_RNN_DEFAULTS = {
    "num_layers": 1,
    "nonlinearity": "tanh",
    "bias": True,
    "batch_first": False,
    "dropout": 0.0,
    "bidirectional": False,
}
TOKENS_PER_LINE = 12  # vocabulary list wrapping (CJK characters are drawn double width)
TEXT_CHARS_PER_LINE = 32  # long text literals are split into implicitly joined lines
MAX_PRINTED_PREDICTIONS = 20  # longer texts print only the prediction after the last token
INLINE_MAX_VALUES = 2000  # models with up to this many weights are written into the script itself
WEIGHTS_FILE = "pytorch_code_weights.pt"  # the state_dict saved beside a script for larger models
VALUES_PER_LINE = 6
MODULES = ("embedding", "rnn", "head")  # the script's module names, also the state_dict's prefixes


@dataclass(frozen=True)
class WeightSource:
    """The weights the app is running, for a script that rebuilds exactly that model.

    `state` uses the app's state_dict names ("rnn.weight_ih_l0", "embedding.weight",
    "head.bias", ...); `origin` says in English where they came from ("trained in the app")."""

    state: dict[str, torch.Tensor]
    origin: str

    @classmethod
    def of_model(cls, model, origin: str) -> WeightSource:
        state = {
            f"{name}.{key}": tensor.detach().clone()
            for name in MODULES
            if getattr(model, name, None) is not None
            for key, tensor in getattr(model, name).state_dict().items()
        }
        return cls(state, origin)

    @property
    def inline(self) -> bool:
        return sum(t.numel() for t in self.state.values()) <= INLINE_MAX_VALUES

    def file_state(self) -> dict[str, torch.Tensor]:
        """What to save as WEIGHTS_FILE beside the script (plain tensors: weights_only loads it)."""
        return {key: tensor.contiguous() for key, tensor in self.state.items()}


def pytorch_code(
    config: RNNConfig,
    vocab_tokens=None,
    one_hot: bool = False,
    classes=None,
    unbatched: bool = False,
    input_file: str = "",
    h0_file: str = "",
    language: str = DEFAULT_LANGUAGE,
    weights: WeightSource | None = None,
) -> str:
    """Runnable Python source that builds `config` with torch.nn and prints the result shapes.

    `vocab_tokens` is the model's vocabulary (a loaded model's may differ from the text's own
    characters); by default the vocabulary is built from `config.text` as the app builds it.
    `one_hot`: tokens become one-hot vectors (no embedding). `classes`: the class names of a
    classifier head. `unbatched`: tensor input of shape (seq_len, input_size). `input_file`,
    `h0_file`: the user's files the app reads instead (named in comments; the code keeps
    drawing its own numbers of the same shapes, so it runs anywhere).
    `language` ("en", "zh_CN") is the language of the comments; the code is the same in every
    language, and a language without comments of its own gets English ones.
    `weights`: the model's own weights when they are not the seed's fresh ones.
    """
    say = _Say(language)
    lines = ["import torch", "import torch.nn as nn", ""]
    if weights is not None and not weights.inline:
        lines[1:1] = ["from pathlib import Path"]
    lines += say(
        [
            "# The app's seed: modules created in this order start from the same",
            "# weights as a freshly built model in the app.",
        ],
        ["# 随机种子与应用相同: 按下面的顺序创建模块,", "# 初始权重就和应用里新建的模型一样"],
    )
    lines += [f"torch.manual_seed({config.seed})", ""]
    if config.is_text:
        vocab = (
            Vocabulary(tuple(vocab_tokens)) if vocab_tokens is not None else Vocabulary.from_text(config.text)
        )
        lines += _vocabulary_lines(config, vocab, say)
    if classes is not None:
        lines += _class_lines(classes, say)
    lines += _rnn_lines(config, say, one_hot)
    unbatched = unbatched and not config.is_text
    if config.is_text:
        lines += _text_module_lines(config, len(vocab), say, one_hot, classes)
    elif classes is not None:
        lines += _head_module_lines(config, "len(classes)", say, classifier=True)
    if weights is not None:
        lines += _weight_lines(config, weights, say)
    if config.is_text:
        lines += _text_input_lines(config, vocab, say, one_hot)
    else:
        lines += _tensor_input_lines(config, say, unbatched, input_file)
    batch = None if unbatched else 1 if config.is_text else config.batch_size
    lines += _h0_lines(config, batch, say, h0_file)
    lines += _run_lines(
        config, len(vocab.encode(config.text)) if config.is_text else config.seq_len, batch, say
    )
    if classes is not None:
        lines += _class_head_lines(config, unbatched, say)
    elif config.is_text:
        lines += _head_lines(config, len(vocab.encode(config.text)), say, own_weights=weights is not None)
    return "\n".join(lines) + "\n"


class _Say:
    """Picks a comment's wording: `say(english, chinese)` gives the one for the code's language.
    Both wordings sit side by side at the place the comment belongs, so they change together."""

    def __init__(self, language: str):
        self.chinese = language == CHINESE

    def __call__(self, english, chinese):
        return chinese if self.chinese else english


# ---- pieces ----------------------------------------------------------------------------------------


# What the gated cells compute, for the comment above their module (engine/cell.py has the maths).
_GATED_FORMULAS = {
    "lstm": (
        [
            "# nn.LSTM: the gates i, f, o = sigmoid(...) and the candidate g = tanh(...), each",
            "# W_i* x_t + b_i* + W_h* h_(t-1) + b_h*; c_t = f * c_(t-1) + i * g; h_t = o * tanh(c_t).",
        ],
        [
            "# nn.LSTM: 输入门 i、遗忘门 f、输出门 o = sigmoid(...), 候选值 g = tanh(...),",
            "# 括号里都是 W_i* x_t + b_i* + W_h* h_(t-1) + b_h*; c_t = f * c_(t-1) + i * g; h_t = o * tanh(c_t)",
        ],
    ),
    "gru": (
        [
            "# nn.GRU: r, z = sigmoid(W_i* x_t + b_i* + W_h* h_(t-1) + b_h*);",
            "# n = tanh(W_in x_t + b_in + r * (W_hn h_(t-1) + b_hn)); h_t = (1 - z) * n + z * h_(t-1).",
        ],
        [
            "# nn.GRU: 重置门 r、更新门 z = sigmoid(W_i* x_t + b_i* + W_h* h_(t-1) + b_h*);",
            "# 候选值 n = tanh(W_in x_t + b_in + r * (W_hn h_(t-1) + b_hn)); h_t = (1 - z) * n + z * h_(t-1)",
        ],
    ),
}


def _rnn_lines(c: RNNConfig, say: _Say, one_hot: bool = False) -> list[str]:
    kwargs = [f"input_size={c.input_size}", f"hidden_size={c.hidden_size}"]
    for name, default in NN_RNN_DEFAULTS.items():
        value = getattr(c, name)
        if value != default and (name != "nonlinearity" or c.cell == "rnn"):  # gates fix theirs
            kwargs.append(f"{name}={_literal(value)}")
    if c.proj_size:
        kwargs.append(f"proj_size={c.proj_size}")
    if c.dtype != "float32":
        kwargs.append(f"dtype=torch.{c.dtype}")
    what = (
        ("each one-hot vector" if one_hot else "each embedding vector") if c.is_text else "each input vector"
    )
    what_zh = (
        (" (one-hot 向量的长度, input_size)," if one_hot else " (词向量的长度, input_size),")
        if c.is_text
        else " (input_size),"
    )
    layer = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}[c.cell]
    if c.proj_size:  # the output is the projection's width (said below), not hidden_size
        lines = say(
            [
                f"# The {layer} layer: {what} has {c.input_size} numbers (input_size);",
                f"# the cell has {c.hidden_size} neurons (hidden_size).",
            ],
            [
                f"# 循环网络层 ({layer}): 输入数据维度 {c.input_size}" + what_zh,
                f"# 单元里有 {c.hidden_size} 个神经元 (hidden_size)",
            ],
        )
    else:
        lines = say(
            [
                f"# The {layer} layer: {what} has {c.input_size} numbers (input_size);",
                f"# the hidden state has {c.hidden_size} (hidden_size: the number of neurons,",
                "# which is also the size of the output).",
            ],
            [
                f"# 循环网络层 ({layer}): 输入数据维度 {c.input_size}" + what_zh,
                f"# 输出维度 {c.hidden_size} (hidden_size: 隐藏层的神经元个数,",
                "# 也就是隐藏状态的维度)",
            ],
        )
    if c.cell != "rnn":
        lines += say(*_GATED_FORMULAS[c.cell])
    if c.proj_size:
        lines += say(
            [
                f"# proj_size={c.proj_size}: h_t = W_hr (o * tanh(c_t)) has {c.proj_size} numbers "
                "(the output's size);",
                f"# the cell state c_t keeps hidden_size = {c.hidden_size}.",
            ],
            [
                f"# proj_size={c.proj_size}: h_t = W_hr (o * tanh(c_t)) 有 {c.proj_size} 个数 (输出的维度);",
                f"# 细胞状态 c_t 仍然有 hidden_size = {c.hidden_size} 个数",
            ],
        )
    if c.num_layers > 1:
        lines.append(
            say(
                f"# num_layers={c.num_layers}: {c.num_layers} {layer} layers stacked, "
                "each reads the one below.",
                f"# num_layers={c.num_layers}: 叠放 {c.num_layers} 层循环网络, 每层读取下面一层的输出",
            )
        )
    if c.bidirectional:
        lines += say(
            [
                "# bidirectional=True: another set of weights reads right to left;",
                "# the two directions' hidden states are joined side by side in `output`.",
            ],
            [
                "# bidirectional=True: 另一组权重从右往左读这个序列;",
                "# 两个方向的隐藏状态在 output 里左右拼接",
            ],
        )
    if c.nonlinearity != "tanh" and c.cell == "rnn":
        lines.append(
            say(
                f"# nonlinearity={_literal(c.nonlinearity)}: h_t = relu(...), not tanh(...).",
                f"# nonlinearity={_literal(c.nonlinearity)}: h_t = relu(...), 而不是 tanh(...)",
            )
        )
    if not c.bias:
        if c.cell == "rnn":
            lines.append(
                say(
                    f"# bias=False: no b_ih and b_hh, h_t = {c.nonlinearity}(W_ih x_t + W_hh h_(t-1)).",
                    f"# bias=False: 没有偏置 b_ih 和 b_hh, h_t = {c.nonlinearity}(W_ih x_t + W_hh h_(t-1))",
                )
            )
        else:
            lines.append(
                say(
                    "# bias=False: no b_ih and b_hh in any gate.",
                    "# bias=False: 所有的门都没有偏置 b_ih 和 b_hh",
                )
            )
    if c.batch_first:
        lines.append(
            say(
                "# batch_first=True: inputs and output are (batch_size, seq_len, ...).",
                "# batch_first=True: inputs 和 output 的形状是 (batch_size, seq_len, ...)",
            )
        )
    lines.append(_call(f"rnn = {c.module_name}(", kwargs))
    if c.dropout:
        lines.append(
            say(
                "# dropout acts only in training mode; the app runs the model in eval mode",
                "# dropout 只在训练模式下起作用; 应用里的模型运行在评估模式 (eval)",
            )
        )
        lines.append("rnn.eval()")
    return lines + [""]


def _vocabulary_lines(c: RNNConfig, vocab: Vocabulary, say: _Say) -> list[str]:
    tokens = [_literal(t) for t in vocab.tokens]
    rows = [", ".join(tokens[i : i + TOKENS_PER_LINE]) for i in range(0, len(tokens), TOKENS_PER_LINE)]
    lines = [
        say(
            f"# The vocabulary: {len(vocab)} tokens; a token's id is its position in this list.",
            f"# 词表: 共 {len(vocab)} 个词 (token), 每个词的编号就是它在列表中的位置",
        )
    ]
    if len(rows) == 1:
        lines.append(f"vocab = [{rows[0]}]")
    else:
        lines.append("vocab = [")
        lines += [f"    {row}," for row in rows]
        lines.append("]")
    return lines + [""]


def _text_module_lines(
    c: RNNConfig, vocab_size: int, say: _Say, one_hot: bool = False, classes=None
) -> list[str]:
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    if one_hot:
        lines = say(
            [
                "# No embedding: each token is a one-hot vector of len(vocab) numbers",
                f"# (input_size = {c.input_size}): 1 at the token's id, 0 elsewhere, so",
                "# W_ih x_t picks column `id` of W_ih.",
            ],
            [
                f"# 没有词嵌入层: 每个词是一个长度为 len(vocab) 的 one-hot 向量 (input_size = {c.input_size}),",
                "# 在这个词的编号处为 1, 其余为 0, 所以 W_ih x_t 就是取出 W_ih 的第 id 列",
            ],
        )
    else:
        lines = [
            *say(
                [
                    f"# The embedding turns each token id into a vector of {c.input_size} numbers",
                    "# (the RNN's input_size).",
                ],
                [
                    f"# 词嵌入层: 把每个词的编号变成长度为 {c.input_size} 的词向量",
                    "# (也就是循环网络层的 input_size)",
                ],
            ),
            f"embedding = nn.Embedding(num_embeddings=len(vocab), embedding_dim={c.input_size}{dtype})",
        ]
    if classes is not None:
        return lines + _head_module_lines(c, "len(classes)", say, classifier=True)
    return lines + _head_module_lines(c, "len(vocab)", say, classifier=False)


def _head_module_lines(c: RNNConfig, out_features: str, say: _Say, classifier: bool) -> list[str]:
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    width = c.output_size * c.num_directions
    size = "proj_size" if c.proj_size else "hidden_size"
    in_features = f"# in_features = num_directions * {size} = {c.num_directions} * {c.output_size} = {width}"
    return [
        *say(
            [
                f"# The head turns one output vector into a score for every "
                f"{'class' if classifier else 'vocabulary token'}:",
                in_features + ".",
            ],
            [
                f"# 全连接层 (head): 把一个输出向量变成{'每个类别' if classifier else '词表里每个词'}的得分:",
                in_features,
            ],
        ),
        f"head = nn.Linear(in_features={width}, out_features={out_features}{dtype})",
        "",
    ]


def _class_lines(classes, say: _Say) -> list[str]:
    names = [_literal(str(name)) for name in classes]
    rows = [", ".join(names[i : i + TOKENS_PER_LINE]) for i in range(0, len(names), TOKENS_PER_LINE)]
    lines = [
        say(
            f"# The classifier's {len(names)} classes; the head's output i scores classes[i].",
            f"# 分类器的 {len(names)} 个类别; 全连接层的第 i 个输出是 classes[i] 的得分",
        )
    ]
    if len(rows) == 1:
        return lines + [f"classes = [{rows[0]}]", ""]
    return lines + ["classes = ["] + [f"    {row}," for row in rows] + ["]", ""]


def _class_head_lines(c: RNNConfig, unbatched: bool, say: _Say) -> list[str]:
    if unbatched:
        at, layout = (lambda t: f"probs[{t}]"), "(seq_len, num_classes)"
    elif c.batch_first:
        at, layout = (lambda t: f"probs[0, {t}]"), "(batch_size, seq_len, num_classes)"
    else:
        at, layout = (lambda t: f"probs[{t}, 0]"), "(seq_len, batch_size, num_classes)"
    return [
        "",
        *say(
            [
                "# A classifier: the head scores every class after each time step (the",
                "# running guess); the guess after the last step is the prediction.",
                "# (softmax of a LogSoftmax head gives the same probabilities)",
            ],
            [
                "# 分类器: 每个时间步之后, 全连接层给每个类别打分 (当前的猜测);",
                "# 最后一个时间步之后的猜测就是预测结果",
                "# (对 LogSoftmax 的输出再做 softmax, 得到的概率相同)",
            ],
        ),
        say(f"# probs: {layout}", f"# probs 的形状: {layout}"),
        "probs = torch.softmax(head(output), dim=-1)",
        "for t in range(output.shape[" + ("1" if c.batch_first and not unbatched else "0") + "]):",
        f"    p, best = {at('t')}.max(dim=-1)",
        "    print(f'after step {t} the class guess is {classes[best]!r} (p = {p:.2f})')",
        f"p, best = {at(-1)}.max(dim=-1)",
        "print(f'prediction: {classes[best]!r} (p = {p:.2f})')",
    ]


def _text_input_lines(c: RNNConfig, vocab: Vocabulary, say: _Say, one_hot: bool = False) -> list[str]:
    text = normalize_text(c.text, vocab.kept_whitespace)  # a vocabulary with "\n" keeps line breaks
    ids = vocab.encode(c.text)
    lines = [f"text = {_text_literal(text)}"]
    by_character = {t: i for i, t in enumerate(vocab.tokens) if len(t) == 1}
    if len(text) == len(ids) and all(by_character.get(ch) == i for ch, i in zip(text, ids)):
        lines.append(say("# one id per character", "# 每个字一个编号"))
        lines.append("token_ids = torch.tensor([vocab.index(ch) for ch in text])")
    else:  # multi-character or unknown tokens: the ids the app's tokenizer chose
        lines.append(say("# the ids the app's tokenizer chose for text", "# 应用的分词器为 text 选出的编号"))
        lines.append(f"token_ids = torch.tensor({_wrapped_list(ids)})")
    meaning = say(
        {
            "seq_len": "the number of tokens, one time step each",
            "batch_size": "one sentence",
            "input_size": (
                "the numbers in one one-hot vector" if one_hot else "the numbers in one embedding vector"
            ),
        },
        {
            "seq_len": "表示句子长度 ({value} 个字, 每个字一个时间步)",
            "batch_size": "批量个数 ({value}, 只有一个句子)",
            "input_size": (
                "表示数据维度 ({value}, one-hot 向量的长度)"
                if one_hot
                else "表示数据维度 ({value}, 词向量的长度)"
            ),
        },
    )
    lines += _input_shape_comment(c, len(ids), 1, meaning, say)
    batch_axis = 0 if c.batch_first else 1
    add_batch = say("# add the batch dimension", "# 加上批量这一维")
    if one_hot:
        dtype = "float" if c.dtype == "float32" else "double"
        lines.append(f"inputs = nn.functional.one_hot(token_ids, num_classes=len(vocab)).{dtype}()")
        lines.append(f"inputs = inputs.unsqueeze({batch_axis})  {add_batch}")
    else:
        lines.append(f"inputs = embedding(token_ids).unsqueeze({batch_axis})  {add_batch}")
    return lines


def _tensor_input_lines(c: RNNConfig, say: _Say, unbatched: bool = False, input_file: str = "") -> list[str]:
    meaning = say(
        {
            "seq_len": "the sequence length: how many time steps",
            "batch_size": "how many sequences are processed side by side",
            "input_size": "the numbers describing one time step",
        },
        {
            "seq_len": "表示句子长度 ({value} 个时间步)",
            "batch_size": "批量个数 ({value} 个序列一起计算)",
            "input_size": "表示数据维度 (每个时间步 {value} 个数)",
        },
    )
    batch = None if unbatched else c.batch_size
    lines = _input_shape_comment(c, c.seq_len, batch, meaning, say)
    dims = _input_dims(c, c.seq_len, batch)
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    if input_file:
        lines += say(
            [
                f"# (the app feeds your file {input_file}: torch.load or numpy.load it",
                "# to get the same numbers; here random ones of the same shape)",
            ],
            [
                f"# (应用读入的是你的文件 {input_file}: 用 torch.load 或 numpy.load 读它",
                "# 就得到同样的数; 这里用形状相同的随机数)",
            ],
        )
    else:
        lines += say(
            [
                "# (random numbers, as in the lesson, from the app's own seeded generator,",
                "# so they are the very numbers the app shows)",
            ],
            ["# (和课程一样用随机数, 而且用的是应用自己的随机种子,", "# 所以就是应用里显示的那些数)"],
        )
        lines.append(
            f"torch.manual_seed({stream_seed(c.seed, INPUT_STREAM)})  "
            + say("# the app's seed for its inputs", "# 应用生成输入数据用的随机种子")
        )
    lines.append(f"inputs = torch.randn({', '.join(str(v) for _, v in dims)}{dtype})")
    return lines


def _input_dims(c: RNNConfig, T: int, B: int | None) -> list[tuple[str, int]]:
    """The input's dimensions in nn.RNN's order; B None = unbatched (no batch dimension)."""
    if B is None:
        return [("seq_len", T), ("input_size", c.input_size)]
    dims = [("seq_len", T), ("batch_size", B), ("input_size", c.input_size)]
    return [dims[1], dims[0], dims[2]] if c.batch_first else dims


# The lesson numbers the dimensions: "# 第一个数字: 表示句子长度".
_ORDINALS_ZH = ("第一个数字", "第二个数字", "第三个数字")


def _input_shape_comment(
    c: RNNConfig, T: int, B: int | None, meaning: dict[str, str], say: _Say
) -> list[str]:
    dims = _input_dims(c, T, B)
    names = ", ".join(name for name, _ in dims)
    values = ", ".join(str(v) for _, v in dims)
    if say.chinese:
        unbatched = ["# (没有批量这一维: nn.RNN 也接受这样的输入)"] if B is None else []
        return [
            f"# inputs 的形状: ({names}) = ({values})",
            *unbatched,
            *(
                f"# {ordinal}: {meaning[name].format(value=value)}"
                for ordinal, (name, value) in zip(_ORDINALS_ZH, dims)
            ),
        ]
    unbatched = ["#   (unbatched: no batch dimension, as nn.RNN accepts it)"] if B is None else []
    return [
        f"# inputs: ({names}) = ({values})",
        *unbatched,
        *(f"#   {name:<10} = {value:<5} {meaning[name]}" for name, value in dims),
    ]


def _h0_lines(c: RNNConfig, batch: int | None, say: _Say, h0_file: str = "") -> list[str]:
    """h0 for a batch of `batch`; None = unbatched, (num_layers * num_directions, hidden_size).
    An LSTM also gets c0 (cn), which follows the h0 option (zeros when h0 is the user's file),
    as engine.simulation makes it."""
    rows = c.num_layers * c.num_directions
    make = "torch.zeros" if c.h0 == "zeros" else "torch.randn"
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    layout = "batch_size, " if batch is not None else ""
    size_name = "proj_size" if c.proj_size else "hidden_size"

    def sizes(width: int) -> str:
        return f"{rows}, {batch}, {width}" if batch is not None else f"{rows}, {width}"

    if say.chinese:
        note = "全为 0" if c.h0 == "zeros" else "随机数 (用应用自己的随机种子生成)"
        if h0_file:
            note = f"(应用读入的是你的文件 {h0_file}; 这里用{'全 0' if c.h0 == 'zeros' else '随机数'})"
        ordinals = iter(_ORDINALS_ZH)
        comments = [
            f"# hn: 初始隐藏状态 h0, {note}",
            f"# 形状 (num_layers * num_directions, {layout}{size_name}):",
            f"# {next(ordinals)}: 层数 * 方向数 = {c.num_layers} * {c.num_directions} = {rows}, 每层每个方向一个",
            *([f"# {next(ordinals)}: 批量个数 {batch}, 每个序列一个"] if batch is not None else []),
            (
                f"# {next(ordinals)}: 投影后的维度 proj_size {c.proj_size}, h_t 的每个数一个"
                if c.proj_size
                else f"# {next(ordinals)}: 隐藏层神经元个数 {c.hidden_size}, 每个神经元一个数"
            ),
        ]
    else:
        note = "all zeros" if c.h0 == "zeros" else "random (from the app's own seeded generator)"
        if h0_file:
            note = f"(the app reads your file {h0_file}; here {'zeros' if c.h0 == 'zeros' else 'random'})"
        comments = [
            f"# hn: the first hidden state h0, {note}",
            f"#   shape (num_layers * num_directions, {layout}{size_name}):",
            f"#   num_layers * num_directions = {c.num_layers} * {c.num_directions} = {rows}:"
            " one per layer and direction",
            *([f"#   batch_size  = {batch:<5} one per sequence"] if batch is not None else []),
            (
                f"#   proj_size   = {c.proj_size:<5} one number per projected output"
                if c.proj_size
                else f"#   hidden_size = {c.hidden_size:<5} one number per neuron"
            ),
        ]
    reseed = (
        []
        if c.h0 == "zeros" or h0_file
        else [
            f"torch.manual_seed({stream_seed(c.seed, H0_STREAM)})  "
            + say("# the app's seed for its h0", "# 应用生成 h0 用的随机种子")
        ]
    )
    lines = [*comments, *reseed, f"hn = {make}({sizes(c.output_size)}{dtype})", ""]
    if c.cell != "lstm":
        return lines
    random_c0 = c.h0 == "random" and not h0_file
    lines += say(
        [
            f"# cn: the first cell state c0, {'random' if random_c0 else 'all zeros'}, shape "
            f"(num_layers * num_directions, {layout}hidden_size)"
        ],
        [
            f"# cn: 初始细胞状态 c0, {'随机数' if random_c0 else '全为 0'}, 形状 "
            f"(num_layers * num_directions, {layout}hidden_size)"
        ],
    )
    if random_c0:
        lines.append(
            f"torch.manual_seed({stream_seed(c.seed, C0_STREAM)})  "
            + say("# the app's seed for its c0", "# 应用生成 c0 用的随机种子")
        )
    return lines + [
        f"cn = {'torch.randn' if random_c0 else 'torch.zeros'}({sizes(c.hidden_size)}{dtype})",
        "",
    ]


def _run_lines(c: RNNConfig, T: int, B: int | None, say: _Say) -> list[str]:
    width = c.num_directions * c.output_size
    size_name = "proj_size" if c.proj_size else "hidden_size"
    batch = "batch_size, " if B is not None else ""
    if B is None:
        out_shape, out_layout = [T, width], f"(seq_len, num_directions * {size_name})"
    elif c.batch_first:
        out_shape, out_layout = [B, T, width], f"(batch_size, seq_len, num_directions * {size_name})"
    else:
        out_shape, out_layout = [T, B, width], f"(seq_len, batch_size, num_directions * {size_name})"
    rows = c.num_layers * c.num_directions
    hn_shape = [rows, *([B] if B is not None else []), c.output_size]
    lines = [
        say(
            "# output: the top layer's hidden state at every time step,",
            "# output: 最上面一层在每个时间步的隐藏状态,",
        ),
        f"#   {out_layout}",
        say(
            "# hn: the last hidden state of every layer and direction,",
            "# hn: 每一层、每个方向最后的隐藏状态,",
        ),
        f"#   (num_layers * num_directions, {batch}{size_name})",
    ]
    if c.cell == "lstm":
        cn_shape = [rows, *([B] if B is not None else []), c.hidden_size]
        lines += [
            say(
                "# cn: the last cell state of every layer and direction,",
                "# cn: 每一层、每个方向最后的细胞状态,",
            ),
            f"#   (num_layers * num_directions, {batch}hidden_size)",
            say("# nn.LSTM takes and returns the pair (h, c)", "# nn.LSTM 的输入和输出都是 (h, c) 这一对"),
            "output, (hn, cn) = rnn(inputs, (hn, cn))",
            f"print(output.shape)  # torch.Size({out_shape})",
            f"print(hn.shape)  # torch.Size({hn_shape})",
            f"print(cn.shape)  # torch.Size({cn_shape})",
        ]
    else:
        lines += [
            "output, hn = rnn(inputs, hn)",
            f"print(output.shape)  # torch.Size({out_shape})",
            f"print(hn.shape)  # torch.Size({hn_shape})",
        ]
    lines += [
        say(
            "# h_n's numbers, as the app shows them (4 decimals), on one line",
            "# h_n 的数值, 和应用里一样保留 4 位小数, 打印在一行里",
        ),
        "print('h_n =', [round(v, 4) for v in hn.flatten().tolist()])",
    ]
    if c.cell == "lstm":
        lines.append("print('c_n =', [round(v, 4) for v in cn.flatten().tolist()])")
    return lines


def _head_lines(c: RNNConfig, T: int, say: _Say, own_weights: bool = False) -> list[str]:
    at = (lambda t: f"probs[0, {t}]") if c.batch_first else (lambda t: f"probs[{t}, 0]")
    layout = "(batch_size, seq_len, vocab_size)" if c.batch_first else "(seq_len, batch_size, vocab_size)"
    lines = [
        "",
        *(
            say(
                [
                    "# The head scores every token after each time step; softmax turns the",
                    "# scores into probabilities for the next token (with the app's weights above).",
                ],
                [
                    "# 每个时间步之后, 全连接层给词表里的每个词打分, softmax 把得分",
                    "# 变成下一个字的预测概率 (用的是上面应用里的权重)",
                ],
            )
            if own_weights
            else say(
                [
                    "# The head scores every token after each time step; softmax turns the",
                    "# scores into probabilities for the next token (the weights are untrained,",
                    "# so the guess is random).",
                ],
                [
                    "# 每个时间步之后, 全连接层给词表里的每个词打分, softmax 把得分",
                    "# 变成下一个字的预测概率 (权重还没有训练, 所以预测是随机的)",
                ],
            )
        ),
        say(f"# probs: {layout}", f"# probs 的形状: {layout}"),
        "probs = torch.softmax(head(output), dim=-1)",
    ]
    if T <= MAX_PRINTED_PREDICTIONS:
        lines += [
            "for t in range(len(token_ids)):",
            f"    p, best = {at('t')}.max(dim=-1)",
            "    seen = ''.join(vocab[i] for i in token_ids[:t + 1])",
            "    print(f'after {seen!r} the model predicts {vocab[best]!r} (p = {p:.2f})')",
        ]
    else:
        lines += [
            f"p, best = {at(-1)}.max(dim=-1)",
            "print(f'after the whole text the model predicts {vocab[best]!r} (p = {p:.2f})')",
        ]
    return lines


def _weight_lines(c: RNNConfig, weights: WeightSource, say: _Say) -> list[str]:
    """Replace the fresh weights by the app's own: inline values, or a state_dict beside the script."""
    modules = [name for name in MODULES if any(k.startswith(name + ".") for k in weights.state)]
    lines = say(
        [
            f"# The weights the app is running: {weights.origin}.",
            "# They replace the fresh ones above, so this script computes what the app shows.",
        ],
        [
            f"# 应用正在用的权重: {_origin_in_chinese(weights.origin)}",
            "# 用它们替换上面新建的权重, 这段代码算出的就是应用里显示的结果",
        ],
    )
    if weights.inline:
        lines.append("state = {")
        for key, tensor in weights.state.items():
            lines.append(f"    {_literal(key)}: {_tensor_literal(tensor, c)},")
        lines.append("}")
    else:
        lines += say(
            [
                f"# Saved beside this script as {WEIGHTS_FILE} (a state_dict of plain tensors;",
                "# weights_only=True refuses anything that would run code).",
            ],
            [
                f"# 保存在这段代码旁边的 {WEIGHTS_FILE} 里 (只有张量的 state_dict;",
                "# weights_only=True 会拒绝任何需要运行代码才能读入的内容)",
            ],
        )
        lines += [
            f"state = torch.load(Path(__file__).with_name({_literal(WEIGHTS_FILE)}), weights_only=True)"
        ]
    lines.append("with torch.no_grad():")
    for name in modules:
        lines.append(
            f"    {name}.load_state_dict({{k[{len(name) + 1}:]: v for k, v in state.items()"
            f" if k.startswith({_literal(name + '.')})}})"
        )
    return lines + [""]


# Where the app's weights came from, as the app says it (gui.session's origins, main.py's export),
# for the Chinese comments; an origin not listed here is shown as it is.
_ORIGINS_ZH = (
    (re.compile(r"^loaded from the lesson (.+)$"), "从课程文件 {0} 读入"),
    (re.compile(r"^loaded from the model file (.+)$"), "从模型文件 {0} 读入"),
    (re.compile(r"^loaded from (.+)$"), "从 {0} 读入"),
    (re.compile(r"^trained in the app$"), "在应用里训练过"),
    (re.compile(r"^a model from outside the app's seed"), "不是用随机种子新建的模型 (来自文件、课程或训练)"),
)


def _origin_in_chinese(origin: str) -> str:
    for pattern, chinese in _ORIGINS_ZH:
        found = pattern.match(origin)
        if found:
            return chinese.format(*found.groups())
    return origin


def _tensor_literal(tensor: torch.Tensor, c: RNNConfig) -> str:
    """torch.tensor([...]) with every value exact: 9 significant digits round-trip a float32."""
    digits = ".9g" if tensor.dtype != torch.float64 else ".17g"
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"

    def row(values) -> str:
        cells = [format(float(v), digits) for v in values]
        if len(cells) <= VALUES_PER_LINE:
            return "[" + ", ".join(cells) + "]"
        chunks = [", ".join(cells[i : i + VALUES_PER_LINE]) for i in range(0, len(cells), VALUES_PER_LINE)]
        return "[" + ",\n         ".join(chunks) + "]"

    if tensor.dim() == 1:
        return f"torch.tensor({row(tensor.tolist())}{dtype})"
    rows = ",\n        ".join(row(r) for r in tensor.tolist())
    return f"torch.tensor([\n        {rows},\n    ]{dtype})"


def _call(opening: str, args: list[str], limit: int = 79) -> str:
    """`opening` + args + ")" on one line, or one argument per line when that is too long."""
    one_line = f"{opening}{', '.join(args)})"
    if len(one_line) <= limit:
        return one_line
    return opening + "\n" + "".join(f"    {a},\n" for a in args) + ")"


# ---- literals --------------------------------------------------------------------------------------


def _literal(value) -> str:
    """A Python literal; strings in double quotes and unescaped Unicode (JSON strings are valid Python)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _text_literal(text: str) -> str:
    if len(text) <= TEXT_CHARS_PER_LINE:
        return _literal(text)
    parts = [text[i : i + TEXT_CHARS_PER_LINE] for i in range(0, len(text), TEXT_CHARS_PER_LINE)]
    return "(\n" + "\n".join(f"    {_literal(p)}" for p in parts) + "\n)"


def _wrapped_list(values: list[int], per_line: int = 24) -> str:
    if len(values) <= per_line:
        return repr(values)
    rows = [", ".join(map(str, values[i : i + per_line])) for i in range(0, len(values), per_line)]
    return "[\n" + "\n".join(f"    {row}," for row in rows) + "\n]"
