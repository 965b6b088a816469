"""Models as students bring them: written here in the style of the tutorials (our own code),
trained briefly on data made here, saved as their authors save them, opened, and compared with
the model's own forward pass at every hidden state and every prediction.

- the PyTorch "classifying names with a character-level RNN" tutorial: one-hot letters ->
  nn.RNN -> `h2o` -> LogSoftmax, name -> language;
- Dive into Deep Learning's concise `RNNModel`: one-hot characters -> `rnn` -> `linear`, the next
  character (its vocabulary has `<unk>` and a space);
- a sentiment classifier: embedding -> 2-layer RNN -> `fc` with 2 classes, its RNN registered
  before its embedding (so the RNN's keys come first in the state_dict).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ConfigError, ModelFileError
from rnn_stepper.engine.model_io import load_model, save_model
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.stepper import Stepper
from rnn_stepper.engine.trace_export import trace_arrays
from rnn_stepper.engine.user_inputs import UserInput, config_for_input, read_tensor_file
from torch import nn

LETTERS = "abcdefghijklmnopqrstuvwxyz '"
NAMES = {
    "English": ["smith", "jones", "brown", "taylor", "wilson"],
    "Chinese": ["li", "wang", "zhang", "liu", "chen"],
    "French": ["dubois", "moreau", "laurent", "lefebvre", "girard"],
}


# ---- the models, as the tutorials write them ------------------------------------------------------


class NameClassifier(nn.Module):
    """PyTorch tutorial style: the head reads the last hidden state, LogSoftmax on top."""

    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):  # [T, 1, n_letters]
        rnn_out, hidden = self.rnn(line_tensor)
        return self.softmax(self.h2o(hidden[0]))


class D2LRNNModel(nn.Module):
    """D2L's concise RNNModel: one-hot inside forward, `linear` over every step."""

    def __init__(self, rnn_layer, vocab_size):
        super().__init__()
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.linear = nn.Linear(self.rnn.hidden_size, vocab_size)

    def forward(self, inputs, state):  # inputs [batch, T] ids
        x = nn.functional.one_hot(inputs.T.long(), self.vocab_size).to(torch.float32)
        y, state = self.rnn(x, state)
        return self.linear(y.reshape((-1, y.shape[-1]))), state


class SentimentRNN(nn.Module):
    """embedding -> 2-layer RNN -> fc, with the RNN registered first."""

    def __init__(self, vocab_size, embed, hidden):
        super().__init__()
        self.rnn = nn.RNN(embed, hidden, num_layers=2, batch_first=True)
        self.embedding = nn.Embedding(vocab_size, embed, padding_idx=0)
        self.fc = nn.Linear(hidden, 2)

    def forward(self, ids):  # [B, T]
        out, _ = self.rnn(self.embedding(ids))
        return self.fc(out[:, -1])


def one_hot_line(name: str) -> torch.Tensor:
    return (
        nn.functional.one_hot(torch.tensor([LETTERS.index(c) for c in name]), len(LETTERS))
        .float()
        .unsqueeze(1)
    )


def train_name_classifier() -> NameClassifier:
    torch.manual_seed(0)
    model = NameClassifier(len(LETTERS), 12, len(NAMES))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(30):
        for label, names in enumerate(NAMES.values()):
            for name in names:
                loss = nn.functional.nll_loss(model(one_hot_line(name)), torch.tensor([label]))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
    return model.eval()


def hidden_reference(rnn: nn.RNN, x: torch.Tensor) -> torch.Tensor:
    """Every layer's hidden state at every step from the model's own nn.RNN, [T, L, H] (batch 1,
    one direction), by running it one more step at a time: h_n after t+1 steps."""
    rows = []
    for t in range(x.shape[0]):
        _, h_n = rnn(x[: t + 1])
        rows.append(h_n[:, 0])
    return torch.stack(rows)


# ---- 1 and 2: the name classifier, one-hot in, classes out --------------------------------------


@pytest.fixture(scope="module")
def name_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    model = train_name_classifier()
    torch.save(model.state_dict(), folder / "char_rnn.pt")
    # the space as an escape; the apostrophe as itself
    (folder / "letters.txt").write_text("\n".join("\\s" if c == " " else c for c in LETTERS) + "\n")
    (folder / "languages.txt").write_text("\n".join(NAMES) + "\n")
    return model, folder


@pytest.mark.parametrize("name", ["zhang", "moreau", "wilson", "li wei", "o'brien"])
def test_name_classifier_steps_one_hot_and_predicts_like_its_own_forward(name_files, name):
    model, folder = name_files
    loaded = load_model(
        folder / "char_rnn.pt",
        RNNConfig(text=name),
        vocab_path=folder / "letters.txt",
        labels_path=folder / "languages.txt",
        text_given=True,
    )
    assert loaded.model.one_hot and loaded.model.is_classifier
    assert loaded.model.class_names == tuple(NAMES)
    assert any("one-hot input" in note for note in loaded.notes)
    sim = Simulation.build(loaded.config, loaded.model)
    x = one_hot_line(name)
    torch.testing.assert_close(sim.inputs, x, rtol=0, atol=0)  # x_t really is one-hot
    sim.stepper.run_to_end()
    with torch.no_grad():
        expected_hidden = hidden_reference(model.rnn, x)
        expected = torch.exp(model(x))[0]
        running = [torch.exp(model(x[: t + 1]))[0] for t in range(len(name))]
    torch.testing.assert_close(sim.stepper.hidden[:, :, 0], expected_hidden, atol=1e-5, rtol=0)
    for t in range(len(name)):
        torch.testing.assert_close(sim.probabilities_at(t)[0], running[t], atol=1e-5, rtol=0)
    torch.testing.assert_close(sim.all_probabilities()[-1, 0], expected, atol=1e-5, rtol=0)
    assert int(sim.all_probabilities()[-1, 0].argmax()) == int(expected.argmax())


def test_trained_classifier_gets_its_training_names_right(name_files):
    """The briefly trained tutorial model has learnt something (so the comparison above compares
    a real classifier, not noise), and the stepper names the same language."""
    model, folder = name_files
    right = 0
    for label, names in enumerate(NAMES.values()):
        for name in names:
            loaded = load_model(
                folder / "char_rnn.pt",
                RNNConfig(text=name),
                vocab_path=folder / "letters.txt",
                labels_path=folder / "languages.txt",
                text_given=True,
            )
            sim = Simulation.build(loaded.config, loaded.model)
            sim.stepper.run_to_end()
            right += int(sim.all_probabilities()[-1, 0].argmax()) == label
    assert right >= 12


def test_classifier_trace_has_probs_and_labels(name_files, tmp_path):
    _, folder = name_files
    loaded = load_model(
        folder / "char_rnn.pt",
        RNNConfig(text="chen"),
        vocab_path=folder / "letters.txt",
        labels_path=folder / "languages.txt",
        text_given=True,
    )
    arrays = trace_arrays(Simulation.build(loaded.config, loaded.model))
    assert arrays["probs"].shape == (4, 1, 3)
    np.testing.assert_allclose(arrays["probs"].sum(-1), 1, atol=1e-5)
    assert list(arrays["labels"]) == list(NAMES)
    assert arrays["inputs"].shape == (4, 1, len(LETTERS)) and set(np.unique(arrays["inputs"])) == {0.0, 1.0}


def test_classifier_without_labels_is_numbered_and_round_trips_with_its_labels(name_files, tmp_path):
    _, folder = name_files
    loaded = load_model(folder / "char_rnn.pt", RNNConfig(text="li"), vocab_path=folder / "letters.txt")
    assert loaded.model.class_names == ("0", "1", "2")
    assert any("classes numbered 0..2" in note for note in loaded.notes)
    named = load_model(
        folder / "char_rnn.pt",
        RNNConfig(text="li"),
        vocab_path=folder / "letters.txt",
        labels_path=folder / "languages.txt",
    )
    save_model(named.model, tmp_path / "saved.pt")
    again = load_model(tmp_path / "saved.pt", RNNConfig(text="li"))  # vocabulary, one-hot and labels travel
    assert again.model.one_hot and again.model.class_names == tuple(NAMES)
    assert "embedding.weight" not in torch.load(tmp_path / "saved.pt", weights_only=True)


@pytest.mark.parametrize(
    ("labels", "message"),
    [(["English", "Chinese"], r"names 2 classes but the head 'h2o.weight' in .*char_rnn.pt has 3 outputs")],
)
def test_labels_that_do_not_fit_are_refused_naming_both_files(name_files, tmp_path, labels, message):
    _, folder = name_files
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels))
    with pytest.raises(ModelFileError, match=message):
        load_model(
            folder / "char_rnn.pt", RNNConfig(text="li"), vocab_path=folder / "letters.txt", labels_path=path
        )


def test_one_hot_model_refuses_typed_text_without_a_vocabulary_and_a_wrong_sized_one(name_files, tmp_path):
    _, folder = name_files
    with pytest.raises(
        ModelFileError, match="has no embedding and no vocabulary: its RNN reads vectors of 28"
    ):
        load_model(folder / "char_rnn.pt", RNNConfig(text="li"), text_given=True)
    short = tmp_path / "short.txt"
    short.write_text("a\nb\nc\n")
    with pytest.raises(
        ModelFileError,
        match=r"the vocabulary file .*short.txt has 3 tokens but .*char_rnn.pt has "
        r"no embedding and its RNN reads input_size=28",
    ):
        load_model(folder / "char_rnn.pt", RNNConfig(text="li"), vocab_path=short)


# ---- 1: D2L's RNNModel, one-hot in, the next character out ---------------------------------------


def test_d2l_rnn_model_predicts_the_next_character_like_its_own_forward(tmp_path):
    corpus = "the time machine by h g wells " * 4
    idx_to_token = ["<unk>"] + sorted(set(corpus))
    token_to_idx = {token: i for i, token in enumerate(idx_to_token)}
    torch.manual_seed(1)
    net = D2LRNNModel(nn.RNN(len(idx_to_token), 16), len(idx_to_token))
    optimizer = torch.optim.SGD(net.parameters(), lr=1.0)
    ids = torch.tensor([token_to_idx[c] for c in corpus])
    for _ in range(40):
        x, y = ids[:-1].unsqueeze(0), ids[1:]
        out, _ = net(x, torch.zeros(1, 1, 16))
        loss = nn.functional.cross_entropy(out, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    net.eval()
    torch.save(net.state_dict(), tmp_path / "d2l.pt")
    (tmp_path / "vocab.json").write_text(json.dumps(token_to_idx))  # token -> id, as D2L's token_to_idx
    text = "the time"
    loaded = load_model(
        tmp_path / "d2l.pt", RNNConfig(text=text), vocab_path=tmp_path / "vocab.json", text_given=True
    )
    assert loaded.model.one_hot and loaded.model.predicts_next_token
    sim = Simulation.build(loaded.config, loaded.model)
    sim.stepper.run_to_end()
    ids = torch.tensor([token_to_idx[c] for c in text])
    with torch.no_grad():
        logits, _ = net(ids.unsqueeze(0), torch.zeros(1, 1, 16))
        x = nn.functional.one_hot(ids, len(idx_to_token)).float().unsqueeze(1)
        expected_hidden = hidden_reference(net.rnn, x)
    torch.testing.assert_close(sim.stepper.hidden[:, :, 0], expected_hidden, atol=1e-5, rtol=0)
    torch.testing.assert_close(sim.all_probabilities()[:, 0], torch.softmax(logits, -1), atol=1e-5, rtol=0)
    # trained: after "the tim" it expects "e"
    assert idx_to_token[int(sim.all_probabilities()[-2, 0].argmax())] == "e"


# ---- 2 and 7: a sentiment classifier whose RNN keys come before its embedding ---------------------


def test_sentiment_classifier_with_rnn_keys_first_loads_by_shape_and_name(tmp_path):
    good, bad = ["好 好 电影", "很 好 看", "喜欢 好"], ["很 差", "不 好 看", "差 差 电影"]
    stoi = {"<pad>": 0, "<unk>": 1}
    for sentence in good + bad:
        for word in sentence.split():
            stoi.setdefault(word, len(stoi))
    torch.manual_seed(2)
    net = SentimentRNN(len(stoi), 8, 6)
    assert list(net.state_dict())[0].startswith("rnn.")  # the order this test is about
    optimizer = torch.optim.Adam(net.parameters(), lr=0.05)
    data = [([stoi[w] for w in s.split()], 1) for s in good] + [
        ([stoi[w] for w in s.split()], 0) for s in bad
    ]
    for _ in range(60):
        for ids, label in data:
            loss = nn.functional.cross_entropy(net(torch.tensor([ids])), torch.tensor([label]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    net.eval()
    torch.save({"model_state_dict": net.state_dict(), "epoch": 60}, tmp_path / "sentiment.pt")
    (tmp_path / "stoi.json").write_text(json.dumps({"stoi": stoi, "itos": list(stoi)}, ensure_ascii=False))
    (tmp_path / "labels.json").write_text(json.dumps({"negative": 0, "positive": 1}))
    # word tokens, so the text is split by the vocabulary (longest match); spaces are not tokens,
    # so the text is given without them
    text = "很好看"
    loaded = load_model(
        tmp_path / "sentiment.pt",
        RNNConfig(text=text, batch_first=True),
        vocab_path=tmp_path / "stoi.json",
        labels_path=tmp_path / "labels.json",
        text_given=True,
    )
    c = loaded.config
    assert (c.input_size, c.hidden_size, c.num_layers) == (8, 6, 2)
    assert loaded.model.is_classifier and loaded.model.class_names == ("negative", "positive")
    assert torch.equal(loaded.model.embedding.weight, net.embedding.weight)
    sim = Simulation.build(c, loaded.model)
    sim.stepper.run_to_end()
    ids = torch.tensor([[stoi["很"], stoi["好"], stoi["看"]]])
    with torch.no_grad():
        expected = torch.softmax(net(ids), -1)[0]
        x = net.embedding(ids)[0].unsqueeze(1)
        single = nn.RNN(8, 6, num_layers=2)
        single.load_state_dict(net.rnn.state_dict())
        expected_hidden = hidden_reference(single, x)
    assert sim.token_ids.tolist() == ids[0].tolist()
    torch.testing.assert_close(sim.stepper.hidden[:, :, 0], expected_hidden, atol=1e-5, rtol=0)
    torch.testing.assert_close(sim.all_probabilities()[-1, 0], expected, atol=1e-5, rtol=0)
    assert int(expected.argmax()) == 1  # the model learnt that this one is positive


def test_embedding_and_head_of_the_same_shape_are_told_apart_by_name_not_order(tmp_path):
    """input_size == hidden_size and a head without a bias: shapes cannot decide; names can."""

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 5, bias=False)  # registered first
            self.rnn = nn.RNN(4, 4)
            self.embed = nn.Embedding(5, 4)

    torch.manual_seed(3)
    model = Model()
    torch.save(model.state_dict(), tmp_path / "m.pt")
    (tmp_path / "v.txt").write_text("a\nb\nc\nd\ne\n")
    loaded = load_model(tmp_path / "m.pt", RNNConfig(text="abc"), vocab_path=tmp_path / "v.txt")
    assert torch.equal(loaded.model.embedding.weight, model.embed.weight)
    assert torch.equal(loaded.model.head.weight, model.fc.weight)


# ---- 4: every accepted layout exports ----------------------------------------------------------


def test_embedding_rnn_without_a_head_exports(tmp_path):
    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(3, 4)
            self.rnn = nn.RNN(4, 2)

    torch.save(Encoder().state_dict(), tmp_path / "enc.pt")
    (tmp_path / "v.txt").write_text("a\nb\nc\n")
    loaded = load_model(tmp_path / "enc.pt", RNNConfig(text="abc"), vocab_path=tmp_path / "v.txt")
    arrays = trace_arrays(Simulation.build(loaded.config, loaded.model))
    assert "probs" not in arrays and arrays["token_ids"].tolist() == [0, 1, 2]


# ---- 5: the user's own input and h0 --------------------------------------------------------------


def test_unbatched_input_and_h0_from_files_match_nn_rnn(tmp_path):
    torch.manual_seed(4)
    rnn = nn.RNN(3, 5, num_layers=2).eval()
    x, h0 = torch.randn(6, 3), torch.randn(2, 5)
    np.save(tmp_path / "x.npy", x.numpy())
    torch.save(h0, tmp_path / "h0.pt")
    config = RNNConfig(input_size=3, hidden_size=5, num_layers=2)
    user = UserInput(
        read_tensor_file(tmp_path / "x.npy", "input"), read_tensor_file(tmp_path / "h0.pt", "h0")
    )
    config = config_for_input(config, user)
    assert (config.seq_len, config.batch_size, config.is_text) == (6, 1, False)
    from rnn_stepper.engine.model import StepperModel

    sim = Simulation.build(config, StepperModel(rnn), user)
    arrays = trace_arrays(sim)
    with torch.no_grad():
        output, h_n = rnn(x, h0)  # nn.RNN's own unbatched call
    assert arrays["inputs"].shape == (6, 3) and arrays["h0"].shape == (2, 5)
    np.testing.assert_allclose(arrays["output"], output.numpy(), atol=1e-5)
    np.testing.assert_allclose(arrays["h_n"], h_n.numpy(), atol=1e-5)
    assert arrays["output"].shape == tuple(output.shape) and arrays["h_n"].shape == tuple(h_n.shape)


@pytest.mark.parametrize(
    ("shape", "batch_first", "message"),
    [
        ((4, 2, 7), False, r"has 7 features per step \(shape \(4, 2, 7\)\) but the model's input_size is 3"),
        ((4, 0, 3), False, "a batch of 0 sequences"),
        ((0, 3), False, "0 time steps"),
        ((2, 4, 3, 1), False, r"nn.RNN takes \(seq_len, batch, input_size\) or, unbatched"),
        ((4, 2, 7), True, r"shape \(4, 2, 7\)"),
    ],
)
def test_input_shapes_nn_rnn_refuses_get_a_clear_message(shape, batch_first, message):
    config = RNNConfig(input_size=3, hidden_size=2, batch_first=batch_first)
    with pytest.raises(ConfigError, match=message):
        config_for_input(config, UserInput(torch.zeros(shape)))


def test_h0_of_the_wrong_shape_is_refused_with_the_expected_shape():
    config = RNNConfig(input_size=3, hidden_size=2, num_layers=2)
    user = UserInput(torch.zeros(5, 4, 3), torch.zeros(1, 4, 2))
    with pytest.raises(
        ConfigError, match=r"h0 has shape \(1, 4, 2\); for a batch of 4 nn.RNN needs .* = \(2, 4, 2\)"
    ):
        Simulation.build(config_for_input(config, user), None, user)
    unbatched = UserInput(torch.zeros(5, 3), torch.zeros(2, 1, 2))
    with pytest.raises(ConfigError, match=r"for unbatched input nn.RNN needs .* = \(2, 2\)"):
        Simulation.build(config_for_input(config, unbatched), None, unbatched)


def test_stepper_refuses_packed_sequences_and_empty_batches_clearly():
    rnn = nn.RNN(3, 2)
    packed = nn.utils.rnn.pack_padded_sequence(torch.zeros(4, 2, 3), [4, 2])
    with pytest.raises(ConfigError, match="PackedSequence"):
        Stepper(rnn, packed, torch.zeros(1, 2, 2), 1e-5)
    with pytest.raises(ConfigError, match="a batch of 0"):
        Stepper(rnn, torch.zeros(4, 0, 3), torch.zeros(1, 0, 2), 1e-5)
    config = RNNConfig(input_size=3, hidden_size=2)
    with pytest.raises(ConfigError, match="PackedSequence"):
        config_for_input(config, UserInput(packed))
    with pytest.raises(ConfigError, match="must be a tensor, got list"):
        config_for_input(config, UserInput([[1.0, 2.0, 3.0]]))
    with pytest.raises(ConfigError, match="NaN or infinite"):
        config_for_input(config, UserInput(torch.tensor([[1.0, float("nan"), 3.0]])))
    # unbatched, as nn.RNN takes it
    stepper = Stepper(rnn, torch.ones(4, 3), torch.zeros(1, 2), 1e-5)
    stepper.run_to_end()
    assert stepper.max_abs_diff() <= 1e-5 and stepper.full_forward_diff() <= 1e-5


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.txt", b"1 2 3", "must be .npy or .pt"),
        ("x.npy", b"not numpy", "is not a readable .npy array"),
        ("x.pt", None, "holds dict, not one tensor"),
    ],
)
def test_bad_input_files_are_refused_by_name(tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        torch.save({"a": torch.zeros(2), "b": torch.zeros(2)}, path)
    else:
        path.write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        read_tensor_file(path, "input")


def test_one_hot_classifier_survives_a_lesson_file(name_files, tmp_path):
    from rnn_stepper.engine.lesson_file import open_lesson, save_lesson

    _, folder = name_files
    loaded = load_model(
        folder / "char_rnn.pt",
        RNNConfig(text="wang"),
        vocab_path=folder / "letters.txt",
        labels_path=folder / "languages.txt",
        text_given=True,
    )
    path = save_lesson(tmp_path / "names.rnnlesson", loaded.config, loaded.model, position=2)
    lesson = open_lesson(path)
    assert lesson.model.one_hot and lesson.model.class_names == tuple(NAMES)
    before, after = (
        Simulation.build(loaded.config, loaded.model),
        Simulation.build(lesson.config, lesson.model),
    )
    before.stepper.run_to_end()
    after.stepper.run_to_end()
    torch.testing.assert_close(after.all_probabilities(), before.all_probabilities(), rtol=0, atol=0)


# ---- 7: the tutorial's hand-written cell, recognised by its names and shapes ---------------------


class TutorialCell(nn.Module):
    """The PyTorch name-classifier tutorial's own RNN: hidden = tanh(i2h(x) + h2h(hidden))."""

    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, x, hidden):
        hidden = torch.tanh(self.i2h(x) + self.h2h(hidden))
        return self.softmax(self.h2o(hidden)), hidden

    def init_hidden(self):
        return torch.zeros(1, self.hidden_size)


def test_tutorial_i2h_h2h_h2o_cell_opens_as_an_rnn_and_steps_like_its_loop(tmp_path):
    torch.manual_seed(6)
    model = TutorialCell(len(LETTERS), 10, len(NAMES))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(20):
        for label, names in enumerate(NAMES.values()):
            for name in names:
                hidden = model.init_hidden()
                for x_t in one_hot_line(name):
                    output, hidden = model(x_t, hidden)
                loss = nn.functional.nll_loss(output, torch.tensor([label]))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
    model.eval()
    torch.save(model.state_dict(), tmp_path / "tutorial.pt")
    (tmp_path / "letters.json").write_text(json.dumps(list(LETTERS)))
    loaded = load_model(
        tmp_path / "tutorial.pt",
        RNNConfig(text="moreau"),
        vocab_path=tmp_path / "letters.json",
        text_given=True,
    )
    assert any("'i2h' and 'h2h' are one RNN cell" in note for note in loaded.notes)
    assert loaded.model.one_hot and loaded.model.is_classifier and loaded.config.hidden_size == 10
    sim = Simulation.build(loaded.config, loaded.model)
    sim.stepper.run_to_end()
    hidden = model.init_hidden()
    with torch.no_grad():
        for t, x_t in enumerate(one_hot_line("moreau")):
            output, hidden = model(x_t, hidden)
            torch.testing.assert_close(sim.stepper.hidden[t, 0], hidden, atol=1e-5, rtol=0)
            torch.testing.assert_close(sim.probabilities_at(t), torch.exp(output), atol=1e-5, rtol=0)
    assert sim.stepper.max_abs_diff() <= 1e-5


def test_older_tutorial_cell_over_cat_input_hidden_is_refused_with_the_reason(tmp_path):
    class OldCell(nn.Module):
        def __init__(self):
            super().__init__()
            self.i2h = nn.Linear(28 + 8, 8)
            self.i2o = nn.Linear(28 + 8, 3)

    torch.save(OldCell().state_dict(), tmp_path / "old.pt")
    with pytest.raises(ModelFileError, match="no nonlinearity and its output reads the input directly"):
        load_model(tmp_path / "old.pt", RNNConfig())
