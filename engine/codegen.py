"""The PyTorch code that builds and runs a configuration, written the way the lesson writes it.

The lesson's test01 reads:

    rnn = nn.RNN(input_size=128, hidden_size=256)
    inputs = torch.randn(1, 1, 128)
    hn = torch.zeros(1, 1, 256)
    output, hn = rnn(inputs, hn)
    print(output.shape)

`pytorch_code` writes the same lines for any configuration, naming only the `nn.RNN` keyword
arguments that differ from PyTorch's defaults, and commenting every dimension in English. For
text models it adds the vocabulary, the `nn.Embedding` before the RNN and the `nn.Linear` head
plus softmax after it.

The code seeds PyTorch with the configuration's seed and creates the modules in the order
`engine.model.build_model` does, so a freshly built model in the app and the pasted code start
from the same weights. Random inputs and a random h0 are drawn from the app's own seeded
generators, so the script computes the app's very numbers.

A model that is no longer the seed's fresh one (trained, loaded from a file or a lesson, edited)
is rebuilt from its weights (`WeightSource`): small models as values written into the script,
larger ones from a state_dict saved beside it (`WEIGHTS_FILE`), loaded with weights_only=True.
The script says where the weights came from and prints h_n and the prediction, as the app shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import torch

from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.simulation import H0_STREAM, INPUT_STREAM, stream_seed
from rnn_stepper.engine.vocab import Vocabulary, normalize_text

# nn.RNN's own defaults: a keyword argument equal to these is left out of the generated call.
NN_RNN_DEFAULTS = {"num_layers": 1, "nonlinearity": "tanh", "bias": True, "batch_first": False,
                   "dropout": 0.0, "bidirectional": False}
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
    def of_model(cls, model, origin: str) -> "WeightSource":
        state = {f"{name}.{key}": tensor.detach().clone() for name in MODULES
                 if getattr(model, name, None) is not None
                 for key, tensor in getattr(model, name).state_dict().items()}
        return cls(state, origin)

    @property
    def inline(self) -> bool:
        return sum(t.numel() for t in self.state.values()) <= INLINE_MAX_VALUES

    def file_state(self) -> dict[str, torch.Tensor]:
        """What to save as WEIGHTS_FILE beside the script (plain tensors: weights_only loads it)."""
        return {key: tensor.contiguous() for key, tensor in self.state.items()}


def pytorch_code(config: RNNConfig, vocab_tokens=None, weights: WeightSource | None = None) -> str:
    """Runnable Python source that builds `config` with torch.nn and prints the result shapes.

    `vocab_tokens` is the model's vocabulary (a loaded model's may differ from the text's own
    characters); by default the vocabulary is built from `config.text` as the app builds it.
    `weights`: the model's own weights when they are not the seed's fresh ones.
    """
    lines = ["import torch", "import torch.nn as nn", ""]
    if weights is not None and not weights.inline:
        lines[1:1] = ["from pathlib import Path"]
    lines += ["# The app's seed: modules created in this order start from the same",
              "# weights as a freshly built model in the app.",
              f"torch.manual_seed({config.seed})", ""]
    if config.is_text:
        vocab = (Vocabulary(tuple(vocab_tokens)) if vocab_tokens is not None
                 else Vocabulary.from_text(config.text))
        lines += _vocabulary_lines(config, vocab)
    lines += _rnn_lines(config)
    if config.is_text:
        lines += _text_module_lines(config, len(vocab))
    if weights is not None:
        lines += _weight_lines(config, weights)
    if config.is_text:
        lines += _text_input_lines(config, vocab)
    else:
        lines += _tensor_input_lines(config)
    lines += _h0_lines(config, 1 if config.is_text else config.batch_size)
    lines += _run_lines(config, len(vocab.encode(config.text)) if config.is_text else config.seq_len,
                        1 if config.is_text else config.batch_size)
    if config.is_text:
        lines += _head_lines(config, len(vocab.encode(config.text)), own_weights=weights is not None)
    return "\n".join(lines) + "\n"


# ---- pieces ----------------------------------------------------------------------------------------


def _rnn_lines(c: RNNConfig) -> list[str]:
    kwargs = [f"input_size={c.input_size}", f"hidden_size={c.hidden_size}"]
    for name, default in NN_RNN_DEFAULTS.items():
        value = getattr(c, name)
        if value != default:
            kwargs.append(f"{name}={_literal(value)}")
    if c.dtype != "float32":
        kwargs.append(f"dtype=torch.{c.dtype}")
    what = "each embedding vector" if c.is_text else "each input vector"
    lines = [f"# The RNN layer: {what} has {c.input_size} numbers (input_size);",
             f"# the hidden state has {c.hidden_size} (hidden_size: the number of neurons,",
             "# which is also the size of the output)."]
    if c.num_layers > 1:
        lines.append(f"# num_layers={c.num_layers}: {c.num_layers} RNN layers stacked, "
                     "each reads the one below.")
    if c.bidirectional:
        lines.append("# bidirectional=True: another set of weights reads right to left;")
        lines.append("# the two directions' hidden states are joined side by side in `output`.")
    if c.nonlinearity != "tanh":
        lines.append(f"# nonlinearity={_literal(c.nonlinearity)}: h_t = relu(...), not tanh(...).")
    if not c.bias:
        lines.append(f"# bias=False: no b_ih and b_hh, h_t = {c.nonlinearity}(W_ih x_t + W_hh h_(t-1)).")
    if c.batch_first:
        lines.append("# batch_first=True: inputs and output are (batch_size, seq_len, ...).")
    lines.append(_call("rnn = nn.RNN(", kwargs))
    if c.dropout:
        lines.append("# dropout acts only in training mode; the app runs the model in eval mode")
        lines.append("rnn.eval()")
    return lines + [""]


def _vocabulary_lines(c: RNNConfig, vocab: Vocabulary) -> list[str]:
    tokens = [_literal(t) for t in vocab.tokens]
    rows = [", ".join(tokens[i:i + TOKENS_PER_LINE]) for i in range(0, len(tokens), TOKENS_PER_LINE)]
    lines = [f"# The vocabulary: {len(vocab)} tokens; a token's id is its position in this list."]
    if len(rows) == 1:
        lines.append(f"vocab = [{rows[0]}]")
    else:
        lines.append("vocab = [")
        lines += [f"    {row}," for row in rows]
        lines.append("]")
    return lines + [""]


def _text_module_lines(c: RNNConfig, vocab_size: int) -> list[str]:
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    width = c.hidden_size * c.num_directions
    return [
        f"# The embedding turns each token id into a vector of {c.input_size} numbers",
        "# (the RNN's input_size).",
        f"embedding = nn.Embedding(num_embeddings=len(vocab), embedding_dim={c.input_size}{dtype})",
        "# The head turns one output vector into a score for every vocabulary token:",
        f"# in_features = num_directions * hidden_size = {c.num_directions} * {c.hidden_size} = {width}.",
        f"head = nn.Linear(in_features={width}, out_features=len(vocab){dtype})",
        "",
    ]


def _text_input_lines(c: RNNConfig, vocab: Vocabulary) -> list[str]:
    text = normalize_text(c.text)
    ids = vocab.encode(c.text)
    lines = [f"text = {_text_literal(text)}"]
    by_character = {t: i for i, t in enumerate(vocab.tokens) if len(t) == 1}
    if len(text) == len(ids) and all(by_character.get(ch) == i for ch, i in zip(text, ids)):
        lines.append("# one id per character")
        lines.append("token_ids = torch.tensor([vocab.index(ch) for ch in text])")
    else:  # multi-character or unknown tokens: the ids the app's tokenizer chose
        lines.append("# the ids the app's tokenizer chose for text")
        lines.append(f"token_ids = torch.tensor({_wrapped_list(ids)})")
    meaning = {"seq_len": "the number of tokens, one time step each", "batch_size": "one sentence",
               "input_size": "the numbers in one embedding vector"}
    lines += _input_shape_comment(c, len(ids), 1, meaning)
    batch_axis = 0 if c.batch_first else 1
    lines.append(f"inputs = embedding(token_ids).unsqueeze({batch_axis})  # add the batch dimension")
    return lines


def _tensor_input_lines(c: RNNConfig) -> list[str]:
    meaning = {"seq_len": "the sequence length: how many time steps",
               "batch_size": "how many sequences are processed side by side",
               "input_size": "the numbers describing one time step"}
    lines = _input_shape_comment(c, c.seq_len, c.batch_size, meaning)
    dims = _input_dims(c, c.seq_len, c.batch_size)
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    lines.append("# (random numbers, as in the lesson, from the app's own seeded generator,")
    lines.append("# so they are the very numbers the app shows)")
    lines.append(f"torch.manual_seed({stream_seed(c.seed, INPUT_STREAM)})  # the app's seed for its inputs")
    lines.append(f"inputs = torch.randn({', '.join(str(v) for _, v in dims)}{dtype})")
    return lines


def _input_dims(c: RNNConfig, T: int, B: int) -> list[tuple[str, int]]:
    dims = [("seq_len", T), ("batch_size", B), ("input_size", c.input_size)]
    return [dims[1], dims[0], dims[2]] if c.batch_first else dims


def _input_shape_comment(c: RNNConfig, T: int, B: int, meaning: dict[str, str]) -> list[str]:
    dims = _input_dims(c, T, B)
    names = ", ".join(name for name, _ in dims)
    values = ", ".join(str(v) for _, v in dims)
    return [f"# inputs: ({names}) = ({values})",
            *(f"#   {name:<10} = {value:<5} {meaning[name]}" for name, value in dims)]


def _h0_lines(c: RNNConfig, batch: int) -> list[str]:
    rows = c.num_layers * c.num_directions
    make = "torch.zeros" if c.h0 == "zeros" else "torch.randn"
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"
    note = "all zeros" if c.h0 == "zeros" else "random (from the app's own seeded generator)"
    reseed = ([] if c.h0 == "zeros"
              else [f"torch.manual_seed({stream_seed(c.seed, H0_STREAM)})  # the app's seed for its h0"])
    return [
        f"# hn: the first hidden state h0, {note}",
        "#   shape (num_layers * num_directions, batch_size, hidden_size):",
        f"#   num_layers * num_directions = {c.num_layers} * {c.num_directions} = {rows}:"
        " one per layer and direction",
        f"#   batch_size  = {batch:<5} one per sequence",
        f"#   hidden_size = {c.hidden_size:<5} one number per neuron",
        *reseed,
        f"hn = {make}({rows}, {batch}, {c.hidden_size}{dtype})",
        "",
    ]


def _run_lines(c: RNNConfig, T: int, B: int) -> list[str]:
    width = c.num_directions * c.hidden_size
    if c.batch_first:
        out_shape, out_layout = [B, T, width], "(batch_size, seq_len, num_directions * hidden_size)"
    else:
        out_shape, out_layout = [T, B, width], "(seq_len, batch_size, num_directions * hidden_size)"
    hn_shape = [c.num_layers * c.num_directions, B, c.hidden_size]
    return [
        "# output: the top layer's hidden state at every time step,",
        f"#   {out_layout}",
        "# hn: the last hidden state of every layer and direction,",
        "#   (num_layers * num_directions, batch_size, hidden_size)",
        "output, hn = rnn(inputs, hn)",
        f"print(output.shape)  # torch.Size({out_shape})",
        f"print(hn.shape)  # torch.Size({hn_shape})",
        "# h_n's numbers, as the app shows them (4 decimals), on one line",
        "print('h_n =', [round(v, 4) for v in hn.flatten().tolist()])",
    ]


def _head_lines(c: RNNConfig, T: int, own_weights: bool = False) -> list[str]:
    at = (lambda t: f"probs[0, {t}]") if c.batch_first else (lambda t: f"probs[{t}, 0]")
    layout = "(batch_size, seq_len, vocab_size)" if c.batch_first else "(seq_len, batch_size, vocab_size)"
    lines = [
        "",
        "# The head scores every token after each time step; softmax turns the",
        "# scores into probabilities for the next token (the weights are untrained,",
        "# so the guess is random).",
    ] if not own_weights else [
        "",
        "# The head scores every token after each time step; softmax turns the",
        "# scores into probabilities for the next token (with the app's weights above).",
    ]
    lines += [
        f"# probs: {layout}",
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


def _weight_lines(c: RNNConfig, weights: WeightSource) -> list[str]:
    """Replace the fresh weights by the app's own: inline values, or a state_dict beside the script."""
    modules = [name for name in MODULES if any(k.startswith(name + ".") for k in weights.state)]
    lines = [f"# The weights the app is running: {weights.origin}.",
             "# They replace the fresh ones above, so this script computes what the app shows."]
    if weights.inline:
        lines.append("state = {")
        for key, tensor in weights.state.items():
            lines.append(f"    {_literal(key)}: {_tensor_literal(tensor, c)},")
        lines.append("}")
    else:
        lines += [f"# Saved beside this script as {WEIGHTS_FILE} (a state_dict of plain tensors;",
                  "# weights_only=True refuses anything that would run code).",
                  f"state = torch.load(Path(__file__).with_name({_literal(WEIGHTS_FILE)}), weights_only=True)"]
    lines.append("with torch.no_grad():")
    for name in modules:
        lines.append(f"    {name}.load_state_dict({{k[{len(name) + 1}:]: v for k, v in state.items()"
                     f" if k.startswith({_literal(name + '.')})}})")
    return lines + [""]


def _tensor_literal(tensor: torch.Tensor, c: RNNConfig) -> str:
    """torch.tensor([...]) with every value exact: 9 significant digits round-trip a float32."""
    digits = ".9g" if tensor.dtype != torch.float64 else ".17g"
    dtype = "" if c.dtype == "float32" else f", dtype=torch.{c.dtype}"

    def row(values) -> str:
        cells = [format(float(v), digits) for v in values]
        if len(cells) <= VALUES_PER_LINE:
            return "[" + ", ".join(cells) + "]"
        chunks = [", ".join(cells[i:i + VALUES_PER_LINE]) for i in range(0, len(cells), VALUES_PER_LINE)]
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
    parts = [text[i:i + TEXT_CHARS_PER_LINE] for i in range(0, len(text), TEXT_CHARS_PER_LINE)]
    return "(\n" + "\n".join(f"    {_literal(p)}" for p in parts) + "\n)"


def _wrapped_list(values: list[int], per_line: int = 24) -> str:
    if len(values) <= per_line:
        return repr(values)
    rows = [", ".join(map(str, values[i:i + per_line])) for i in range(0, len(values), per_line)]
    return "[\n" + "\n".join(f"    {row}," for row in rows) + "\n]"
