"""Model files: saving plain state_dicts, opening user models safely, and refusing what can't be used."""

from __future__ import annotations

import os
import pathlib
import pickle

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ModelFileError, UserError
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.model_io import load_model, read_state_dict, save_model
from rnn_stepper.engine.simulation import Simulation
from torch import nn


def probabilities(config: RNNConfig, model) -> torch.Tensor:
    sim = Simulation.build(config, model)
    sim.stepper.run_to_end()
    return sim.all_probabilities()


def write_vocab(tmp_path, tokens, name="vocab.txt"):
    path = tmp_path / name
    path.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path


# ---- (a) tensor models: a bare nn.RNN state_dict -----------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(),
        dict(input_size=5, hidden_size=3, num_layers=2, bidirectional=True, bias=False, nonlinearity="relu"),
        dict(input_size=2, hidden_size=7, num_layers=3, batch_first=True, dtype="float64"),
    ],
)
def test_tensor_model_saves_a_bare_nn_rnn_state_dict(tmp_path, kwargs):
    config = RNNConfig(**kwargs, seq_len=4, batch_size=2, h0="random")
    model = build_model(config)
    path = tmp_path / "model.pt"
    save_model(model, path)
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]  # no temporary file left behind
    state = torch.load(path, weights_only=True)
    assert list(state) == list(model.rnn.state_dict())
    plain = nn.RNN(**config.nn_rnn_kwargs(), dtype=config.torch_dtype)
    plain.load_state_dict(state, strict=True)
    for name, tensor in model.rnn.state_dict().items():
        assert torch.equal(getattr(plain, name), tensor)
    # and our own loader gives back the same sizes and the same numbers
    loaded = load_model(
        path,
        RNNConfig(seq_len=4, batch_size=2, h0="random", seed=config.seed, batch_first=config.batch_first),
        nonlinearity=config.nonlinearity,
    )
    for field in (
        "input_size",
        "hidden_size",
        "num_layers",
        "bidirectional",
        "bias",
        "dtype",
        "nonlinearity",
    ):
        assert getattr(loaded.config, field) == getattr(config, field), field
    assert not loaded.config.is_text and loaded.model.embedding is None and loaded.model.vocab is None
    a, b = Simulation.build(config, model), Simulation.build(loaded.config, loaded.model)
    assert torch.equal(a.inputs, b.inputs)
    a.stepper.run_to_end()
    b.stepper.run_to_end()
    assert torch.equal(a.stepper.hidden, b.stepper.hidden)


def test_loading_a_tensor_model_from_a_text_base_switches_to_random_input(tmp_path):
    path = tmp_path / "m.pt"
    save_model(build_model(RNNConfig(input_size=4, hidden_size=3)), path)
    loaded = load_model(path, RNNConfig(input_size=128, hidden_size=4, text="我爱你"))
    assert loaded.config.text == "" and loaded.config.input_size == 4
    assert any("input_size=4, hidden_size=3" in note for note in loaded.notes)
    assert any(
        "nonlinearity tanh (the default: a state_dict does not record it)" in note for note in loaded.notes
    )


# ---- (b) text models ---------------------------------------------------------------------------


def test_text_model_round_trip(tmp_path):
    config = RNNConfig(
        input_size=6, hidden_size=3, num_layers=2, bidirectional=True, nonlinearity="relu", text="我爱你啊"
    )
    model = build_model(config)
    path = tmp_path / "text.pt"
    save_model(model, path)
    state = torch.load(path, weights_only=True)
    assert set(state) == (
        {"embedding.weight", "head.weight", "head.bias", "_extra_state"}
        | {f"rnn.{k}" for k in model.rnn.state_dict()}
    )
    assert state["_extra_state"]["vocab"] == ["我", "爱", "你", "啊"]
    assert state["_extra_state"]["nonlinearity"] == "relu"
    assert state["embedding.weight"].shape == (4, 6) and state["head.weight"].shape == (4, 6)
    plain = nn.RNN(**config.nn_rnn_kwargs())
    plain.load_state_dict(
        {k[len("rnn.") :]: v for k, v in state.items() if k.startswith("rnn.")}, strict=True
    )

    loaded = load_model(path, RNNConfig(text="我爱你啊"))  # the default sizes are replaced by the file's
    assert loaded.model.vocab.tokens == ("我", "爱", "你", "啊")
    assert loaded.config.nonlinearity == "relu"  # from the file's extra state
    assert (loaded.config.input_size, loaded.config.hidden_size, loaded.config.num_layers) == (6, 3, 2)
    assert loaded.config.bidirectional and loaded.config.is_text
    expected = probabilities(config, model)
    assert torch.equal(probabilities(loaded.config, loaded.model), expected)
    # the nonlinearity argument wins over the file
    other = load_model(path, RNNConfig(text="我爱你啊"), nonlinearity="tanh")
    assert other.config.nonlinearity == "tanh"
    assert not torch.allclose(probabilities(other.config, other.model), expected)


def test_text_model_loaded_with_an_empty_base_text_gets_a_valid_text(tmp_path):
    path = tmp_path / "text.pt"
    save_model(build_model(RNNConfig(input_size=4, hidden_size=2, text="ab")), path)
    loaded = load_model(path, RNNConfig(text="", batch_size=5))
    assert loaded.config.text == "ab" and loaded.config.batch_size == 1
    assert any("first tokens 'ab'" in note for note in loaded.notes)
    probs = probabilities(loaded.config, loaded.model)
    assert probs.shape == (2, 1, 2)


def test_text_the_vocabulary_cannot_spell_is_refused_when_typed(tmp_path):
    from rnn_stepper.engine.errors import TextError
    from rnn_stepper.engine.simulation import Simulation

    path = tmp_path / "text.pt"
    save_model(build_model(RNNConfig(input_size=4, hidden_size=2, text="ab")), path)
    untyped = load_model(path, RNNConfig(text="我爱你"))  # the preset's text, not the user's
    assert untyped.config.text == "ab"
    typed = load_model(path, RNNConfig(text="我爱你"), text_given=True)
    with pytest.raises(TextError, match="not in the model's vocabulary"):
        Simulation.build(typed.config, typed.model)


def test_text_outside_the_loaded_vocabulary_is_a_user_error(tmp_path):
    path = tmp_path / "text.pt"
    save_model(build_model(RNNConfig(input_size=4, hidden_size=2, text="ab")), path)
    loaded = load_model(path, RNNConfig(text="abc"), text_given=True)
    with pytest.raises(UserError, match=r"1 character\(s\) are not in the model's vocabulary: 'c'"):
        Simulation.build(loaded.config, loaded.model)


# ---- (c) a tutorial-style user model -----------------------------------------------------------


class TutorialModel(nn.Module):
    """How a lesson writes "embedding -> RNN -> linear"; names are configurable to test inference."""

    def __init__(
        self,
        vocab_size,
        embed,
        hidden,
        names=("emb", "rnn", "fc"),
        num_layers=2,
        bidirectional=True,
        bias=True,
        nonlinearity="tanh",
        dtype=torch.float32,
    ):
        super().__init__()
        self.names = names
        directions = 2 if bidirectional else 1
        setattr(self, names[0], nn.Embedding(vocab_size, embed, dtype=dtype))
        setattr(
            self,
            names[1],
            nn.RNN(
                embed,
                hidden,
                num_layers=num_layers,
                bidirectional=bidirectional,
                bias=bias,
                nonlinearity=nonlinearity,
                dtype=dtype,
            ),
        )
        setattr(self, names[2], nn.Linear(directions * hidden, vocab_size, dtype=dtype))

    def forward(self, ids):
        emb, rnn, fc = (getattr(self, n) for n in self.names)
        out, _ = rnn(emb(ids).unsqueeze(1))  # [T, 1, D*H], h0 zeros
        return torch.softmax(fc(out), dim=-1)


TOKENS = ["我", "爱", "你", "们", "。"]
TEXT = "我爱你们。你爱我"


@pytest.mark.parametrize(
    ("embed", "hidden", "names", "extra"),
    [
        (5, 3, ("emb", "rnn", "fc"), {}),
        (6, 3, ("emb", "rnn", "fc"), {}),  # input_size == 2H: embedding and head have the same shape
        (4, 2, ("embed", "encoder", "decoder"), {}),
        (4, 4, ("embed", "encoder", "decoder"), dict(bidirectional=False, num_layers=1)),  # input == H
        (3, 2, ("emb", "rnn", "fc"), dict(bias=False, num_layers=3)),
        (5, 3, ("emb", "rnn", "fc"), dict(nonlinearity="relu")),
    ],
)
def test_tutorial_user_model_is_inferred_and_computes_the_same(tmp_path, embed, hidden, names, extra):
    torch.manual_seed(7)
    user = TutorialModel(len(TOKENS), embed, hidden, names, **extra).eval()
    path = tmp_path / "user.pt"
    torch.save(user.state_dict(), path)
    vocab = write_vocab(tmp_path, TOKENS)
    loaded = load_model(path, RNNConfig(text=TEXT), vocab_path=vocab, nonlinearity=extra.get("nonlinearity"))
    c = loaded.config
    assert c.input_size == embed and c.hidden_size == hidden
    assert c.num_layers == extra.get("num_layers", 2)
    assert c.bidirectional == extra.get("bidirectional", True)
    assert c.bias == extra.get("bias", True)
    assert c.dtype == "float32" and c.text == TEXT
    assert loaded.model.vocab.tokens == tuple(TOKENS)
    assert torch.equal(loaded.model.embedding.weight, getattr(user, names[0]).weight)
    assert torch.equal(loaded.model.head.weight, getattr(user, names[2]).weight)
    assert any(f"under '{names[1]}.'" in note for note in loaded.notes)
    assert any(f"embedding '{names[0]}.weight'" in note for note in loaded.notes)
    assert any(f"head {names[2]}.weight, {names[2]}.bias: next-token" in note for note in loaded.notes)
    ids = torch.tensor([TOKENS.index(ch) for ch in TEXT])
    with torch.no_grad():
        expected = user(ids)
    got = probabilities(c, loaded.model)
    assert got.shape == expected.shape == (len(TEXT), 1, len(TOKENS))
    torch.testing.assert_close(got, expected, atol=1e-6, rtol=0)


def test_user_model_without_a_head_loads_without_probabilities(tmp_path):
    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(3, 4)
            self.rnn = nn.RNN(4, 2)

    path = tmp_path / "enc.pt"
    torch.save(Encoder().state_dict(), path)
    loaded = load_model(path, RNNConfig(text="abc"), vocab_path=write_vocab(tmp_path, ["a", "b", "c"]))
    assert loaded.model.head is None
    assert any("no linear head" in note for note in loaded.notes)
    sim = Simulation.build(loaded.config, loaded.model)
    sim.stepper.run_to_end()
    assert sim.all_probabilities() is None and sim.stepper.full_forward_diff() <= 1e-5


def test_other_tensors_are_ignored_and_reported(tmp_path):
    state = TutorialModel(len(TOKENS), 5, 3).state_dict()
    state["norm.weight"] = torch.ones(6)
    state["norm.bias"] = torch.zeros(6)
    path = tmp_path / "user.pt"
    torch.save(state, path)
    loaded = load_model(path, RNNConfig(text="我爱你"), vocab_path=write_vocab(tmp_path, TOKENS))
    assert any(note.startswith("dropped 2 other tensor(s): norm.weight, norm.bias") for note in loaded.notes)


def test_embedding_without_a_vocabulary_is_refused(tmp_path):
    path = tmp_path / "user.pt"
    torch.save(TutorialModel(len(TOKENS), 5, 3).state_dict(), path)
    with pytest.raises(
        ModelFileError,
        match=r"has an embedding of 5 tokens but no vocabulary: "
        r"give a vocabulary file with 5 tokens",
    ):
        load_model(path, RNNConfig(text="我爱你"))


# ---- (d) checkpoints ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["model_state_dict", "state_dict", "model"])
def test_training_checkpoint_dict(tmp_path, key):
    torch.manual_seed(3)
    user = TutorialModel(len(TOKENS), 5, 3)
    optimizer = torch.optim.Adam(user.parameters())
    user(torch.tensor([0, 1])).sum().backward()
    optimizer.step()
    path = tmp_path / "ckpt.pt"
    torch.save(
        {key: user.state_dict(), "optimizer_state_dict": optimizer.state_dict(), "epoch": 3, "loss": 0.25},
        path,
    )
    loaded = load_model(path, RNNConfig(text="我爱你"), vocab_path=write_vocab(tmp_path, TOKENS))
    assert loaded.config.hidden_size == 3 and loaded.config.num_layers == 2
    with torch.no_grad():
        expected = user.eval()(torch.tensor([0, 1, 2]))
    torch.testing.assert_close(probabilities(loaded.config, loaded.model), expected, atol=1e-6, rtol=0)


def test_checkpoint_without_weights_is_refused(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save({"epoch": 3, "loss": 0.5}, path)
    with pytest.raises(
        ModelFileError, match=r"holds no weights \(expected a state_dict of tensors, got dict\)"
    ):
        load_model(path, RNNConfig())
    torch.save(torch.zeros(3), path)
    with pytest.raises(ModelFileError, match="holds no weights.*got Tensor"):
        load_model(path, RNNConfig())


# ---- (e) files that would run code -------------------------------------------------------------


class TouchOnLoad:
    """Unpickling this calls Path.touch(marker): proof of code execution if the marker appears."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


class ShellOnLoad:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


@pytest.mark.parametrize("payload", [TouchOnLoad, ShellOnLoad])
@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_code_running_pickle_is_refused_and_never_run(tmp_path, payload, writer):
    # a real-looking state_dict with the payload hidden inside
    state = dict(nn.RNN(3, 4).state_dict())
    path = tmp_path / "evil.pt"
    control_marker, marker = tmp_path / "control-ran", tmp_path / "PWNED"
    for target, m in ((tmp_path / "control.pt", control_marker), (path, marker)):
        obj = {**state, "hook": payload(m)}
        if writer == "torch.save":
            torch.save(obj, target)
        else:
            with open(target, "wb") as handle:
                pickle.dump(obj, handle, protocol=2)
    # control: an unsafe load of the same kind of file does run the payload
    if writer == "torch.save":
        torch.load(tmp_path / "control.pt", weights_only=False)
    else:
        with open(tmp_path / "control.pt", "rb") as handle:
            pickle.load(handle)
    assert control_marker.exists(), "the payload does not work; the test would prove nothing"

    with pytest.raises(ModelFileError) as info:
        load_model(path, RNNConfig())
    message = str(info.value)
    assert message.startswith(f"refused to open {path}: it stores Python objects")
    assert "running code from the file, which would be unsafe" in message
    assert "torch.save(model.state_dict(), path)" in message
    assert "\n" not in message
    assert not marker.exists()


def test_refusal_names_the_blocked_global(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"hook": ShellOnLoad(tmp_path / "x")}, path)
    with pytest.raises(ModelFileError, match=r"stores Python objects \(posix\.system\) that"):
        read_state_dict(path)


def test_whole_pickled_module_is_refused_with_an_explanation(tmp_path):
    path = tmp_path / "module.pt"
    torch.save(nn.RNN(3, 4), path)
    with pytest.raises(ModelFileError) as info:
        load_model(path, RNNConfig())
    message = str(info.value)
    assert "refused to open" in message
    assert "(torch.nn.modules.rnn.RNN)" in message
    assert "save them with torch.save(model.state_dict(), path)" in message


# ---- (f) unreadable files ----------------------------------------------------------------------


def test_truncated_file(tmp_path):
    good = tmp_path / "good.pt"
    torch.save(nn.RNN(3, 4).state_dict(), good)
    data = good.read_bytes()
    for name, cut in (("half.pt", len(data) // 2), ("first-bytes.pt", 10), ("almost.pt", len(data) - 1)):
        path = tmp_path / name
        path.write_bytes(data[:cut])
        with pytest.raises(ModelFileError) as info:
            load_model(path, RNNConfig())
        message = str(info.value)
        assert message.startswith(
            f"{path} is not a readable PyTorch file (it may be truncated or another format)"
        )
        assert "\n" not in message


def test_truncated_legacy_format_file(tmp_path):
    path = tmp_path / "legacy.pt"
    torch.save(nn.RNN(3, 4).state_dict(), path, _use_new_zipfile_serialization=False)
    assert load_model(path, RNNConfig()).config.hidden_size == 4  # the old format itself is fine
    data = path.read_bytes()
    for cut in (len(data) // 2, len(data) // 3, 100):
        path.write_bytes(data[:cut])
        with pytest.raises(ModelFileError, match="is not a readable PyTorch file"):
            load_model(path, RNNConfig())


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pt"
    path.write_bytes(b"")
    with pytest.raises(ModelFileError, match=r"empty\.pt is empty \(0 bytes\)$"):
        load_model(path, RNNConfig())


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(ModelFileError, match=r"^there is no file .*nope\.pt$"):
        load_model(tmp_path / "nope.pt", RNNConfig())
    with pytest.raises(ModelFileError, match="is a folder, not a model file"):
        load_model(tmp_path, RNNConfig())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hello.txt", b"hello world\n"),  # 'h' is a pickle memo opcode: torch raises KeyError
        ("table.csv", b"a,b,c\n1,2,3\n"),  # torch raises IndexError
        ("notes.txt", "我爱你\n".encode()),
        ("config.json", b'{"hidden_size": 4}\n'),
        ("random.bin", bytes(range(256)) * 4),
        ("random2.bin", bytes((i * 7919 + 13) % 256 for i in range(999))),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_files_that_are_not_pytorch_files_are_a_clear_error(tmp_path, name, data):
    """Whatever torch.load raises (KeyError, IndexError, UnpicklingError...), the user sees one line
    that says the file is not a PyTorch file, never a traceback and never a claim about code."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ModelFileError) as info:
        load_model(path, RNNConfig())
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path} is not a readable PyTorch file"), message


@pytest.mark.filterwarnings("ignore::UserWarning")  # torch warns about odd pickle protocols it detects
def test_damaged_files_never_escape_as_other_exceptions(tmp_path):
    """Flipped bytes in real files make torch.load raise many exception types; all become ModelFileError."""
    import random

    good = tmp_path / "good.pt"
    legacy = tmp_path / "legacy.pt"
    torch.save(nn.RNN(3, 4).state_dict(), good)
    torch.save(nn.RNN(3, 4).state_dict(), legacy, _use_new_zipfile_serialization=False)
    rnd = random.Random(1234)
    path = tmp_path / "damaged.pt"
    for source in (good, legacy):
        data = source.read_bytes()
        for _ in range(60):
            damaged = bytearray(data)
            for _ in range(3):
                damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
            path.write_bytes(bytes(damaged))
            try:
                load_model(path, RNNConfig())
            except ModelFileError as exc:
                assert "\n" not in str(exc)


# ---- (g) other recurrent layers: nn.LSTM and nn.GRU open as what they are -----------------------


@pytest.mark.parametrize(
    ("module", "cell"),
    [
        (nn.GRU(3, 4), "gru"),
        (nn.LSTM(3, 4, num_layers=2), "lstm"),
        (nn.GRU(3, 5, bidirectional=True), "gru"),
        (nn.LSTM(4, 4), "lstm"),  # input == hidden: only the row count tells
    ],
)
def test_gru_and_lstm_open_as_their_cell(tmp_path, module, cell):
    path = tmp_path / "other.pt"
    torch.save(module.state_dict(), path)
    loaded = load_model(path, RNNConfig())
    assert loaded.config.cell == cell
    assert type(loaded.model.rnn) is type(module)
    for name, tensor in module.state_dict().items():
        assert torch.equal(loaded.model.rnn.state_dict()[name], tensor)


def test_gru_inside_a_user_model_opens_with_its_embedding_and_head(tmp_path):
    class GRUModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(3, 4)
            self.gru = nn.GRU(4, 2)
            self.fc = nn.Linear(2, 3)

    path = tmp_path / "gru.pt"
    torch.save(GRUModel().state_dict(), path)
    loaded = load_model(path, RNNConfig(text="abc"), vocab_path=write_vocab(tmp_path, ["a", "b", "c"]))
    assert loaded.config.cell == "gru" and loaded.model.predicts_next_token
    assert (
        "used: nn.GRU under 'gru.': input_size=4, hidden_size=2, 1 layer, one direction, bias=True, float32"
        in loaded.notes
    )


# ---- (h) shape mismatches ---------------------------------------------------------------------


def test_head_wider_than_the_vocabulary_is_a_numbered_classifier(tmp_path):
    user = TutorialModel(len(TOKENS), 5, 3)
    user.fc = nn.Linear(6, len(TOKENS) + 2)
    path = tmp_path / "user.pt"
    torch.save(user.state_dict(), path)
    loaded = load_model(path, RNNConfig(text="我爱你"), vocab_path=write_vocab(tmp_path, TOKENS))
    assert loaded.model.is_classifier and not loaded.model.predicts_next_token
    assert loaded.model.class_names == tuple(str(i) for i in range(7))
    assert "inferred: classifier head fc.weight, fc.bias with 7 classes" in loaded.notes
    assert "classes numbered 0..6 (give a labels file to name them)" in loaded.notes


def test_wrong_shaped_rnn_tensor_names_the_tensor_and_shapes(tmp_path):
    state = nn.RNN(3, 4, num_layers=2).state_dict()
    state["weight_hh_l1"] = torch.zeros(4, 5)
    path = tmp_path / "bad.pt"
    torch.save(state, path)
    with pytest.raises(ModelFileError, match=r"'weight_hh_l1' has shape \(4, 5\), expected \(4, 4\)"):
        load_model(path, RNNConfig())
    state = nn.RNN(3, 4).state_dict()
    state["weight_ih_l0"] = torch.zeros(5, 3)
    torch.save(state, path)
    with pytest.raises(
        ModelFileError,
        match=r"'weight_ih_l0' has shape \(5, 3\), which does not fit "
        r"hidden_size 4 from 'weight_hh_l0' \(4, 4\)",
    ):
        load_model(path, RNNConfig())


def test_missing_rnn_tensor_is_named(tmp_path):
    state = nn.RNN(3, 4, num_layers=2, bidirectional=True).state_dict()
    del state["bias_hh_l1_reverse"]
    path = tmp_path / "bad.pt"
    torch.save(state, path)
    with pytest.raises(ModelFileError, match=r"'bias_hh_l1_reverse' is missing"):
        load_model(path, RNNConfig())


def test_layers_not_numbered_from_zero(tmp_path):
    state = nn.RNN(3, 4, num_layers=3).state_dict()
    state = {k: v for k, v in state.items() if "_l1" not in k}
    path = tmp_path / "bad.pt"
    torch.save(state, path)
    with pytest.raises(ModelFileError, match=r"layers of '' are not numbered 0\.\.1: \[0, 2\]"):
        load_model(path, RNNConfig())


def test_no_rnn_or_several_rnns(tmp_path):
    path = tmp_path / "lin.pt"
    torch.save(nn.Linear(3, 4).state_dict(), path)
    with pytest.raises(
        ModelFileError, match=r"contains no nn.RNN weights \(no key ending in 'weight_ih_l0'\)"
    ):
        load_model(path, RNNConfig())
    two = nn.ModuleDict({"a": nn.RNN(3, 4), "b": nn.RNN(4, 4)})
    torch.save(two.state_dict(), path)
    with pytest.raises(ModelFileError, match=r"several recurrent layers \('a\.', 'b\.'\); only one nn.RNN"):
        load_model(path, RNNConfig())


def test_unsupported_dtype(tmp_path):
    path = tmp_path / "half.pt"
    torch.save(nn.RNN(3, 4, dtype=torch.float16).state_dict(), path)
    with pytest.raises(ModelFileError, match=r"weights of type torch.float16 are not supported"):
        load_model(path, RNNConfig())


def test_inferred_sizes_outside_the_limits_are_a_model_file_error(tmp_path):
    path = tmp_path / "deep.pt"
    torch.save(nn.RNN(2, 2, num_layers=9).state_dict(), path)
    with pytest.raises(ModelFileError, match=r"deep\.pt: num_layers must be between 1 and 8, got 9"):
        load_model(path, RNNConfig())


# ---- (i) vocabulary size ----------------------------------------------------------------------


@pytest.mark.parametrize("tokens", [TOKENS[:-1], TOKENS + ["们们"]])
def test_vocabulary_size_mismatch(tmp_path, tokens):
    path = tmp_path / "user.pt"
    torch.save(TutorialModel(len(TOKENS), 5, 3).state_dict(), path)
    with pytest.raises(
        ModelFileError,
        match=rf"the vocabulary file .*vocab.txt has {len(tokens)} tokens but "
        r"the embedding 'emb.weight' in .*user.pt has 5 rows",
    ):
        load_model(path, RNNConfig(text="我爱你"), vocab_path=write_vocab(tmp_path, tokens))


def test_bad_vocab_file_with_a_model(tmp_path):
    path = tmp_path / "user.pt"
    torch.save(TutorialModel(len(TOKENS), 5, 3).state_dict(), path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes("我\n\n你\n".encode())
    with pytest.raises(ModelFileError, match="line 2 of the vocabulary file"):
        load_model(path, RNNConfig(text="我爱你"), vocab_path=bad)
    with pytest.raises(ModelFileError, match="there is no file .*none.txt"):
        load_model(path, RNNConfig(text="我爱你"), vocab_path=tmp_path / "none.txt")


# ---- (j) float64 ------------------------------------------------------------------------------


def test_float64_file_infers_float64(tmp_path):
    torch.manual_seed(0)
    user = TutorialModel(len(TOKENS), 5, 3, dtype=torch.float64).eval()
    path = tmp_path / "user64.pt"
    torch.save(user.state_dict(), path)
    loaded = load_model(path, RNNConfig(text=TEXT), vocab_path=write_vocab(tmp_path, TOKENS))
    assert loaded.config.dtype == "float64" and loaded.config.tolerance == 1e-10
    assert loaded.model.rnn.weight_ih_l0.dtype == torch.float64
    assert loaded.model.embedding.weight.dtype == torch.float64
    ids = torch.tensor([TOKENS.index(ch) for ch in TEXT])
    with torch.no_grad():
        expected = user(ids)
    got = probabilities(loaded.config, loaded.model)
    assert got.dtype == torch.float64
    torch.testing.assert_close(got, expected, atol=1e-12, rtol=0)
    bare = tmp_path / "bare64.pt"
    torch.save(nn.RNN(3, 4, dtype=torch.float64).state_dict(), bare)
    assert load_model(bare, RNNConfig(dtype="float32")).config.dtype == "float64"


def test_save_into_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot write into the folder"):
        save_model(build_model(RNNConfig()), tmp_path / "no" / "such" / "model.pt")
