"""The command line, run as a user runs it: `python main.py ...` in a subprocess from the repo root.

Exports are checked against torch.nn.RNN rebuilt here from the exported model.pt.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
EXPORT_OPTIONS = [
    "--out",
    "--step",
    "--no-images",
    "--lesson",
    "--load",
    "--vocab",
    "--labels",
    "--input",
    "--preset",
    "--text",
    "--seq-len",
    "--batch-size",
    "--input-size",
    "--hidden-size",
    "--num-layers",
    "--nonlinearity",
    "--no-bias",
    "--batch-first",
    "--bidirectional",
    "--dropout",
    "--h0",
    "--seed",
    "--dtype",
]
EXPORT_OPTIONS += [
    "--scale",
    "--width",
    "--figure",
    "--columns",
    "--animation",
    "--frame-ms",
    "--timing",
]  # images (issue 13)
EXPORT_OPTIONS += ["--cell", "--proj-size"]  # LSTM and GRU (issue 15)
TENSOR_KEYS = {"inputs", "h0", "hidden", "output", "h_n", "max_abs_diff"}
TEXT_KEYS = TENSOR_KEYS | {"vocab", "token_ids", "probs"}


def cli(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def export(out: Path, *args) -> dict:
    """The data part of the export (images are tested in tests/gui/test_export.py)."""
    result = cli("export", "--out", out, "--no-images", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    written = [str(out / "trace.npz"), str(out / "model.pt"), str(out / "pytorch_code.py")]
    # a larger loaded model's script reads its weights from a file beside it
    assert result.stdout.split() in (written, written + [str(out / "pytorch_code_weights.pt")])
    with np.load(out / "trace.npz") as data:
        return {key: data[key] for key in data.files}


def load_rnn(path: Path, **kwargs) -> nn.RNN:
    state = torch.load(path, weights_only=True)
    rnn = nn.RNN(**kwargs, dtype=state["weight_ih_l0"].dtype)
    rnn.load_state_dict(state, strict=True)
    return rnn.eval()


def check_hidden_layout(trace: dict, rnn: nn.RNN, tol: float) -> None:
    """hidden [T, L*D, B, H]: rows layer*D+direction, reverse index t = position t; checked per layer
    against plain nn.RNN stacks of 1..L layers with the exported weights."""
    L, D, H = rnn.num_layers, 2 if rnn.bidirectional else 1, rnn.hidden_size
    inputs, h0 = torch.from_numpy(trace["inputs"]), torch.from_numpy(trace["h0"])
    hidden = torch.from_numpy(trace["hidden"])
    x = inputs.transpose(0, 1) if rnn.batch_first else inputs
    T, B = x.shape[:2]
    assert hidden.shape == (T, L * D, B, H)
    state = rnn.state_dict()
    for layer in range(L):
        sub = nn.RNN(
            rnn.input_size,
            H,
            num_layers=layer + 1,
            nonlinearity=rnn.nonlinearity,
            bias=rnn.bias,
            bidirectional=rnn.bidirectional,
            dtype=x.dtype,
        )
        sub.load_state_dict({k: v for k, v in state.items() if int(k.split("_l")[1][0]) <= layer})
        with torch.no_grad():
            out, _ = sub.eval()(x, h0[: (layer + 1) * D])
        for d in range(D):
            expected = out[..., d * H : (d + 1) * H]
            torch.testing.assert_close(hidden[:, layer * D + d], expected, atol=tol, rtol=0)
    # the last layer's rows reassemble output; h_n is the last forward cell and the first reverse one
    output = torch.from_numpy(trace["output"])
    out_sf = output.transpose(0, 1) if rnn.batch_first else output
    top = hidden[:, (L - 1) * D :]
    assert torch.equal(out_sf, top.permute(0, 2, 1, 3).reshape(T, B, D * H))
    h_n = torch.from_numpy(trace["h_n"])
    for row in range(L * D):
        assert torch.equal(h_n[row], hidden[T - 1 if row % D == 0 else 0, row])


def check_against_nn_rnn(trace: dict, rnn: nn.RNN, tol: float) -> None:
    with torch.no_grad():
        output, h_n = rnn(torch.from_numpy(trace["inputs"]), torch.from_numpy(trace["h0"]))
    torch.testing.assert_close(torch.from_numpy(trace["output"]), output, atol=tol, rtol=0)
    torch.testing.assert_close(torch.from_numpy(trace["h_n"]), h_n, atol=tol, rtol=0)
    assert trace["max_abs_diff"].shape == () and 0 <= float(trace["max_abs_diff"]) <= tol
    check_hidden_layout(trace, rnn, tol)


# ---- exports -----------------------------------------------------------------------------------

TENSOR_ARGS = [
    "--seq-len",
    5,
    "--batch-size",
    3,
    "--input-size",
    4,
    "--hidden-size",
    3,
    "--num-layers",
    2,
    "--bidirectional",
    "--batch-first",
    "--nonlinearity",
    "relu",
    "--h0",
    "random",
    "--seed",
    11,
]


@pytest.fixture(scope="module")
def tensor_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("tensor") / "new" / "folder"  # created, parents too
    return out, export(out, *TENSOR_ARGS)


def test_tensor_export_trace_matches_nn_rnn(tensor_export):
    out, trace = tensor_export
    assert set(trace) == TENSOR_KEYS
    assert trace["inputs"].shape == (3, 5, 4)  # batch_first: (batch, seq_len, input_size)
    assert trace["inputs"].dtype == np.float32
    assert trace["h0"].shape == (4, 3, 3) and np.abs(trace["h0"]).max() > 0  # random h0
    assert trace["hidden"].shape == (5, 4, 3, 3)
    assert trace["output"].shape == (3, 5, 6)
    assert trace["h_n"].shape == (4, 3, 3)
    rnn = load_rnn(
        out / "model.pt",
        input_size=4,
        hidden_size=3,
        num_layers=2,
        nonlinearity="relu",
        batch_first=True,
        bidirectional=True,
    )
    check_against_nn_rnn(trace, rnn, 1e-5)


def test_tensor_export_inputs_are_the_simulations_inputs(tensor_export):
    """The CLI maps options to the same configuration the app would build (same seeded inputs)."""
    from rnn_stepper.engine.config import RNNConfig
    from rnn_stepper.engine.simulation import Simulation

    _, trace = tensor_export
    sim = Simulation.build(
        RNNConfig(
            input_size=4,
            hidden_size=3,
            num_layers=2,
            nonlinearity="relu",
            batch_first=True,
            bidirectional=True,
            seq_len=5,
            batch_size=3,
            h0="random",
            seed=11,
        )
    )
    assert np.array_equal(trace["inputs"], sim.inputs.numpy())
    assert np.array_equal(trace["h0"], sim.h0.numpy())


def test_tensor_model_file_is_a_bare_state_dict(tensor_export):
    out, _ = tensor_export
    state = torch.load(out / "model.pt", weights_only=True)
    expected = nn.RNN(4, 3, num_layers=2, bidirectional=True).state_dict()
    assert list(state) == list(expected)
    assert all(state[k].shape == expected[k].shape for k in state)
    assert sorted(p.name for p in out.iterdir()) == [
        "model.pt",
        "pytorch_code.py",
        "trace.npz",
    ]  # no temporary files


def test_tensor_export_load_round_trip(tensor_export, tmp_path):
    out, trace = tensor_export
    result = cli(
        "export",
        "--out",
        tmp_path,
        "--load",
        out / "model.pt",
        "--seq-len",
        5,
        "--batch-size",
        3,
        "--batch-first",
        "--nonlinearity",
        "relu",
        "--h0",
        "random",
        "--seed",
        11,
    )
    assert result.returncode == 0, result.stderr
    # sizes come from the file; the notes say so on stderr
    assert (
        "loaded: used: nn.RNN: input_size=4, hidden_size=3, 2 layers, bidirectional, bias=True"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    with np.load(tmp_path / "trace.npz") as again:
        assert set(again.files) == set(trace)
        for key in trace:
            assert np.array_equal(again[key], trace[key]), key
    assert (
        torch.load(tmp_path / "model.pt", weights_only=True).keys()
        == torch.load(out / "model.pt", weights_only=True).keys()
    )


def test_float64_unidirectional_no_bias_export(tmp_path):
    trace = export(
        tmp_path,
        "--preset",
        "tutorial-single",
        "--seq-len",
        6,
        "--batch-size",
        2,
        "--input-size",
        3,
        "--hidden-size",
        4,
        "--num-layers",
        3,
        "--no-bias",
        "--dtype",
        "float64",
        "--dropout",
        "0.3",
    )
    assert set(trace) == TENSOR_KEYS
    assert trace["inputs"].dtype == np.float64 and trace["inputs"].shape == (6, 2, 3)
    assert trace["hidden"].shape == (6, 3, 2, 4)
    assert not trace["h0"].any()
    rnn = load_rnn(tmp_path / "model.pt", input_size=3, hidden_size=4, num_layers=3, bias=False)
    assert not any("bias" in k for k in rnn.state_dict())
    check_against_nn_rnn(trace, rnn, 1e-10)


@pytest.fixture(scope="module")
def text_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("text")
    return out, export(
        out,
        "--text",
        "我爱你，你爱我",
        "--input-size",
        5,
        "--hidden-size",
        3,
        "--num-layers",
        2,
        "--bidirectional",
    )


def test_text_export_adds_vocab_token_ids_and_probs(text_export):
    out, trace = text_export
    assert set(trace) == TEXT_KEYS
    assert trace["vocab"].tolist() == ["我", "爱", "你", "，"]
    assert trace["token_ids"].tolist() == [0, 1, 2, 3, 2, 1, 0]
    assert trace["inputs"].shape == (7, 1, 5)
    probs = trace["probs"]
    assert probs.shape == (7, 1, 4)
    np.testing.assert_allclose(probs.sum(-1), 1.0, atol=1e-6)
    state = torch.load(out / "model.pt", weights_only=True)
    assert state["_extra_state"]["vocab"] == ["我", "爱", "你", "，"]
    # inputs are the embedding rows of the tokens
    assert np.array_equal(trace["inputs"][:, 0], state["embedding.weight"].numpy()[trace["token_ids"]])
    rnn = nn.RNN(5, 3, num_layers=2, bidirectional=True)
    rnn.load_state_dict({k[4:]: v for k, v in state.items() if k.startswith("rnn.")}, strict=True)
    check_against_nn_rnn(trace, rnn.eval(), 1e-5)
    with torch.no_grad():
        out_t = torch.from_numpy(trace["output"])
        expected = torch.softmax(out_t @ state["head.weight"].T + state["head.bias"], dim=-1)
    np.testing.assert_allclose(probs, expected.numpy(), atol=1e-6)


def test_text_export_load_round_trip(text_export, tmp_path):
    out, trace = text_export
    result = cli("export", "--out", tmp_path, "--load", out / "model.pt", "--text", "我爱你，你爱我")
    assert result.returncode == 0, result.stderr
    assert "loaded: used: embedding 'embedding.weight': 4 tokens x 5" in result.stderr
    with np.load(tmp_path / "trace.npz") as again:
        for key in trace:
            assert np.array_equal(again[key], trace[key]), key


def test_user_model_with_vocab_file(tmp_path):
    """A model trained elsewhere (embedding -> RNN -> linear, its own names) plus a vocabulary file."""
    tokens = ["<unk>", "我", "爱", "你"]

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(4, 6)
            self.encoder = nn.RNN(6, 3, num_layers=2)
            self.decoder = nn.Linear(3, 4)

    torch.manual_seed(0)
    net = Net().eval()
    torch.save({"model_state_dict": net.state_dict(), "epoch": 3}, tmp_path / "net.pt")
    (tmp_path / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "export",
        "--out",
        out,
        "--load",
        tmp_path / "net.pt",
        "--vocab",
        tmp_path / "vocab.txt",
        "--text",
        "我爱你们",
    )
    assert result.returncode == 0, result.stderr
    with np.load(out / "trace.npz") as trace:
        assert trace["token_ids"].tolist() == [1, 2, 3, 0]  # 们 -> <unk>
        ids = torch.tensor([1, 2, 3, 0])
        with torch.no_grad():
            rnn_out, _ = net.encoder(net.embed(ids).unsqueeze(1))
            expected = torch.softmax(net.decoder(rnn_out), dim=-1)
        np.testing.assert_allclose(trace["probs"], expected.numpy(), atol=1e-6)


# ---- errors: exit code 2, one line, no traceback -------------------------------------------------


def assert_user_error(result: subprocess.CompletedProcess, *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--hidden-size", "0"], ["hidden_size must be between 1 and 4096, got 0"]),
        (["--num-layers", "99"], ["num_layers must be between 1 and 8, got 99"]),
        (["--text", ""], ["--text is empty"]),
        (["--text", "X", "--seq-len", "3"], ["--text", "--seq-len"]),
        (["--preset", "nope"], ["unknown preset 'nope'", "tutorial-single"]),
        (["--vocab", "v.txt"], ["--vocab goes with --load"]),
        (["--load", "/nonexistent/model.pt"], ["there is no file /nonexistent/model.pt"]),
    ],
)
def test_config_and_file_errors(tmp_path, args, needles):
    out = tmp_path / "out"
    assert_user_error(cli("export", "--out", out, *args), *needles)
    assert not out.exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["export", "--out", "x", "--frobnicate"], ["unrecognized arguments: --frobnicate"]),
        (["export"], ["--out"]),
        (["export", "--out", "x", "--hidden-size", "four"], ["--hidden-size", "invalid int value"]),
        (["export", "--out", "x", "--nonlinearity", "sigmoid"], ["--nonlinearity", "invalid choice"]),
        (["explode"], ["invalid choice"]),
    ],
)
def test_usage_errors(args, needles):
    assert_user_error(cli(*args), *needles)


def test_out_pointing_at_an_existing_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("keep me")
    assert_user_error(cli("export", "--out", target), f"{target} is a file, not a folder")
    assert target.read_text() == "keep me"


def test_load_of_a_malicious_pickle_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "PWNED"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch '{marker}'",))

    evil = tmp_path / "model.pt"
    state = dict(nn.RNN(3, 4).state_dict())
    state["hook"] = Payload()
    torch.save(state, evil)
    out = tmp_path / "out"
    line = assert_user_error(cli("export", "--out", out, "--load", evil), f"refused to open {evil}", "unsafe")
    assert "posix.system" in line
    assert not marker.exists()
    assert not out.exists()


# ---- help -----------------------------------------------------------------------------------------


def test_help_mentions_every_command_and_option():
    top = cli("--help")
    assert top.returncode == 0 and top.stderr == ""
    for word in ("export", "bench", "--help"):
        assert word in top.stdout
    sub = cli("export", "--help")
    assert sub.returncode == 0 and sub.stderr == ""
    for option in EXPORT_OPTIONS:
        assert option in sub.stdout, option
    # and nothing the parser knows is left out of this list
    sys.path.insert(0, str(ROOT))
    try:
        from rnn_stepper import main
    finally:
        sys.path.remove(str(ROOT))
    parser = main.build_parser()
    export_parser = next(a for a in parser._actions if a.dest == "command").choices["export"]
    known = {s for a in export_parser._actions for s in a.option_strings if s.startswith("--")} - {"--help"}
    assert known == set(EXPORT_OPTIONS)
