"""`export --load` with the models students bring (one-hot, classifiers), their own input files,
and options that cannot apply: run as a user runs it, in a subprocess from the repo root."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from torch import nn

from tests.test_cli import assert_user_error, cli

LETTERS = "abcdefghijklmnopqrstuvwxyz "


class NameClassifier(nn.Module):  # the PyTorch char-RNN tutorial's layout
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(len(LETTERS), 6)
        self.h2o = nn.Linear(6, 3)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        _, hidden = self.rnn(x)
        return self.softmax(self.h2o(hidden[0]))


@pytest.fixture
def classifier(tmp_path):
    torch.manual_seed(5)
    model = NameClassifier().eval()
    torch.save(model.state_dict(), tmp_path / "names.pt")
    (tmp_path / "letters.txt").write_text("\n".join("\\s" if c == " " else c for c in LETTERS) + "\n")
    (tmp_path / "langs.json").write_text(json.dumps(["English", "Chinese", "French"]))
    return model, tmp_path


def test_one_hot_classifier_export_uses_the_text_vocab_and_labels(classifier):
    model, folder = classifier
    out = folder / "out"
    result = cli(
        "export",
        "--out",
        out,
        "--no-images",
        "--load",
        folder / "names.pt",
        "--vocab",
        folder / "letters.txt",
        "--labels",
        folder / "langs.json",
        "--text",
        "li wei",
    )
    assert result.returncode == 0, result.stderr
    for needle in (
        "inferred: one-hot input",
        "classifier head h2o.weight, h2o.bias with 3 classes",
        "labels file",
        "used: the vocabulary file",
    ):
        assert needle in result.stderr, result.stderr
    trace = np.load(out / "trace.npz")
    ids = torch.tensor([LETTERS.index(c) for c in "li wei"])
    x = nn.functional.one_hot(ids, len(LETTERS)).float().unsqueeze(1)
    np.testing.assert_array_equal(trace["inputs"], x.numpy())
    with torch.no_grad():
        expected = torch.exp(model(x))[0].numpy()
    np.testing.assert_allclose(trace["probs"][-1, 0], expected, atol=1e-5)
    assert list(trace["labels"]) == ["English", "Chinese", "French"]
    assert trace["token_ids"].tolist() == ids.tolist()


def test_user_input_and_h0_files_feed_the_rnn(classifier):
    model, folder = classifier
    x = torch.randn(2, 5, len(LETTERS))  # batch-first, batch of 2
    h0 = torch.randn(1, 2, 6)
    np.save(folder / "x.npy", x.numpy())
    torch.save(h0, folder / "h0.pt")
    out = folder / "out"
    result = cli(
        "export",
        "--out",
        out,
        "--no-images",
        "--load",
        folder / "names.pt",
        "--input",
        folder / "x.npy",
        "--h0",
        folder / "h0.pt",
        "--batch-first",
    )
    assert result.returncode == 0, result.stderr
    assert "used: input" in result.stderr and "used: h0" in result.stderr
    trace = np.load(out / "trace.npz")
    batch_first = nn.RNN(len(LETTERS), 6, batch_first=True)
    batch_first.load_state_dict(model.rnn.state_dict())
    with torch.no_grad():
        output, h_n = batch_first(x, h0)
    np.testing.assert_allclose(trace["output"], output.numpy(), atol=1e-5)
    np.testing.assert_allclose(trace["h_n"], h_n.numpy(), atol=1e-5)
    assert trace["probs"].shape == (5, 2, 3)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--text", "abc"], ["has no embedding and no vocabulary", "not text"]),
        (["--hidden-size", "8"], ["--hidden-size does not fit", "hidden_size=6; leave the option out"]),
        (
            ["--vocab", "letters.txt", "--seq-len", "4"],
            ["reads text", "--seq-len and --batch-size are for random input"],
        ),
        (
            ["--vocab", "letters.txt", "--labels", "two.txt"],
            ["the labels file", "names 2 classes but the head 'h2o.weight'"],
        ),
        (["--input", "bad.npy"], ["has 4 features per step", "input_size is 27"]),
        (["--input", "x3.npy", "--text", "ab"], ["--input is the whole input; leave out --text"]),
    ],
)
def test_options_that_cannot_apply_are_one_line_errors(classifier, args, needles):
    _, folder = classifier
    (folder / "two.txt").write_text("a\nb\n")
    np.save(folder / "bad.npy", np.zeros((3, 4), dtype=np.float32))
    np.save(folder / "x3.npy", np.zeros((3, len(LETTERS)), dtype=np.float32))
    args = [str(folder / a) if a.endswith((".txt", ".npy")) else a for a in args]
    out = folder / "out"
    assert_user_error(
        cli("export", "--out", out, "--no-images", "--load", folder / "names.pt", *args), *needles
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("h0", "needle"),
    [
        ("zero", "--h0 must be zeros, random or a .npy/.pt file, got 'zero'"),
        ("missing.npy", "there is no h0 file missing.npy"),
    ],
)
def test_h0_that_is_neither_a_mode_nor_a_file(tmp_path, h0, needle):
    assert_user_error(cli("export", "--out", tmp_path / "o", "--no-images", "--h0", h0), needle)


def test_labels_without_load_is_an_error(tmp_path):
    assert_user_error(
        cli("export", "--out", tmp_path / "o", "--labels", "x.txt"), "--labels goes with --load"
    )


def test_embedding_without_head_exports_with_images(tmp_path):
    """issue: this layout crashed the export with a traceback (exit 1)."""

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(3, 4)
            self.rnn = nn.RNN(4, 2)

    torch.save(Encoder().state_dict(), tmp_path / "enc.pt")
    (tmp_path / "v.txt").write_text("a\nb\nc\n")
    result = cli(
        "export",
        "--out",
        tmp_path / "out",
        "--load",
        tmp_path / "enc.pt",
        "--vocab",
        tmp_path / "v.txt",
        "--text",
        "abcab",
    )
    assert result.returncode == 0, result.stderr
    trace = np.load(tmp_path / "out" / "trace.npz")
    assert "probs" not in trace and trace["hidden"].shape == (5, 1, 1, 2)
    assert any(p.suffix == ".png" for p in (tmp_path / "out").iterdir())


def test_options_the_loaded_model_does_not_use_are_stated(classifier):
    _, folder = classifier
    result = cli(
        "export",
        "--out",
        folder / "out",
        "--no-images",
        "--load",
        folder / "names.pt",
        "--vocab",
        folder / "letters.txt",
        "--text",
        "ab",
        "--seed",
        "3",
        "--preset",
        "tutorial-single",
    )
    assert result.returncode == 0, result.stderr
    assert "note: --seed 3 is unused" in result.stderr
    assert "note: --preset tutorial-single: its sizes are replaced" in result.stderr
