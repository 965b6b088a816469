"""`python main.py train`, run as a user runs it: a subprocess from the repo root."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "resources" / "corpus" / "sentences.txt"


def cli(*args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def export_trace(model: Path, out: Path, *args) -> dict:
    result = cli("export", "--load", model, "--no-images", "--out", out, *args)
    assert result.returncode == 0, result.stderr
    with np.load(out / "trace.npz") as data:
        return {key: data[key] for key in data.files}


def test_train_woaini_with_defaults(tmp_path):
    out = tmp_path / "woaini.pt"
    result = cli("train", "--text", "我爱你", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert (
        len(epochs) == 11 and epochs[0].startswith("epoch   1/200") and epochs[-1].startswith("epoch 200/200")
    )
    losses = [float(re.search(r"loss (\S+)", line).group(1)) for line in epochs]
    assert losses[-1] < 0.1 < losses[0]
    prediction = next(line for line in lines if line.startswith("prediction:"))
    assert "'我爱' -> '你'" in prediction
    assert out.is_file() and [p.name for p in tmp_path.iterdir()] == ["woaini.pt"]  # no temporary files

    # the file opens like any model: export --load steps it, and "我爱" predicts "你" there too
    trace = export_trace(out, tmp_path / "export")
    vocab = [str(token) for token in trace["vocab"]]
    assert vocab == ["我", "爱", "你"]
    assert vocab[int(trace["probs"][1, 0].argmax())] == "你"
    assert float(trace["max_abs_diff"]) <= 1e-5
    state = torch.load(out, weights_only=True)
    assert state["embedding.weight"].shape == (3, 128) and state["rnn.weight_hh_l0"].shape == (4, 4)


def test_train_corpus_with_every_option(tmp_path):
    out = tmp_path / "corpus.pt"
    result = cli(
        "train",
        "--corpus",
        CORPUS,
        "--epochs",
        3,
        "--lr",
        0.1,
        "--optimizer",
        "sgd",
        "--clip",
        0,
        "--seed",
        3,
        "--input-size",
        8,
        "--hidden-size",
        6,
        "--num-layers",
        2,
        "--nonlinearity",
        "relu",
        "--bidirectional",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert "training on 60 sentence(s)" in result.stdout
    assert "sgd, learning rate 0.1, clip 0 (off), seed 3" in result.stdout
    assert len([line for line in result.stdout.splitlines() if line.startswith("epoch ")]) == 3
    assert "prediction: '我爱'" in result.stdout  # the first sentence, minus its last character
    trace = export_trace(out, tmp_path / "export", "--text", "i love you")
    assert trace["hidden"].shape == (10, 4, 1, 6)  # 10 characters, 2 layers x 2 directions, hidden 6
    state = torch.load(out, weights_only=True)
    assert state["_extra_state"]["nonlinearity"] == "relu"
    assert state["embedding.weight"].shape[1] == 8 and "rnn.weight_hh_l1_reverse" in state


def test_same_seed_same_model(tmp_path):
    for name in ("a.pt", "b.pt"):
        assert (
            cli(
                "train", "--text", "我爱你们", "--epochs", 5, "--seed", 9, "--out", tmp_path / name
            ).returncode
            == 0
        )
    a, b = (torch.load(tmp_path / n, weights_only=True) for n in ("a.pt", "b.pt"))
    assert all(torch.equal(a[k], b[k]) for k in a if isinstance(a[k], torch.Tensor))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--text", "我爱你"], "required: --out"),
        (["--out", "m.pt"], "one of the arguments --text --corpus is required"),
        (["--text", "我爱你", "--corpus", "c.txt", "--out", "m.pt"], "not allowed with argument"),
        (["--text", "我爱你", "--epochs", "0", "--out", "m.pt"], "epochs must be between 1 and"),
        (["--text", "我爱你", "--lr", "-1", "--out", "m.pt"], "learning rate must be a number above 0"),
        (["--text", "我爱你", "--optimizer", "lbfgs", "--out", "m.pt"], "invalid choice"),
        (["--text", "我爱你", "--clip", "-2", "--out", "m.pt"], "clip"),
        (["--text", "我爱你", "--hidden-size", "0", "--out", "m.pt"], "hidden_size must be between 1 and"),
        (["--text", "我", "--out", "m.pt"], "nothing to learn"),
        (["--text", "", "--out", "m.pt"], "the text is empty"),
        (["--corpus", "missing.txt", "--out", "m.pt"], "there is no file missing.txt"),
        (["--corpus", "BINARY", "--out", "m.pt"], "is not UTF-8 text"),
        (["--text", "我爱你", "--out", "no/such/folder/m.pt"], "there is no folder"),
        (["--text", "我爱你", "--out", "."], "is a folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\xd8")
    args = [str(binary) if a == "BINARY" else a for a in args]
    args = [str(tmp_path / a) if a in ("m.pt", "no/such/folder/m.pt") else a for a in args]
    args = [str(tmp_path) if a == "." else a for a in args]
    result = cli("train", *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error:")
    assert message in result.stderr
    assert not (tmp_path / "m.pt").exists()


def test_bench_train_quick_json():
    import json

    result = cli("bench", "train", "--quick", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["woaini_default"]["prediction"] == "你"
    for row in figures["compare"]:
        assert row["trainer_chars_per_s"] > 0 and row["plain_chars_per_s"] > 0
        assert row["ratio"] == pytest.approx(row["trainer_chars_per_s"] / row["plain_chars_per_s"])


def test_help_lists_every_train_option():
    result = cli("train", "--help")
    assert result.returncode == 0 and result.stderr == ""
    for option in (
        "--text",
        "--corpus",
        "--out",
        "--epochs",
        "--lr",
        "--optimizer",
        "--clip",
        "--seed",
        "--input-size",
        "--hidden-size",
        "--num-layers",
        "--nonlinearity",
        "--bidirectional",
        "--cell",
        "--proj-size",
    ):
        assert option in result.stdout, option
    assert "train" in cli("--help").stdout
