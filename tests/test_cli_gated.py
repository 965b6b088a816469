"""`export --cell lstm|gru` and `train --cell`, run as a user runs them (a subprocess from the repo
root). The traces are checked against nn.LSTM / nn.GRU rebuilt here from the exported model.pt."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from tests.test_cli import cli, export

MODULES = {"lstm": nn.LSTM, "gru": nn.GRU}


def load_module(path: Path, cell: str, **kwargs) -> nn.RNNBase:
    state = torch.load(path, weights_only=True)
    if "rnn.weight_ih_l0" in state:
        state = {k[4:]: v for k, v in state.items() if k.startswith("rnn.")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        module = MODULES[cell](**kwargs, dtype=state["weight_ih_l0"].dtype)
    module.load_state_dict(state, strict=True)
    return module.eval()


@pytest.mark.parametrize(
    "cell, extra, kwargs",
    [
        ("lstm", [], dict(input_size=3, hidden_size=4, num_layers=2)),
        (
            "lstm",
            ["--proj-size", "2", "--bidirectional", "--batch-first", "--h0", "random"],
            dict(
                input_size=3, hidden_size=4, num_layers=2, proj_size=2, bidirectional=True, batch_first=True
            ),
        ),
        (
            "gru",
            ["--bidirectional", "--no-bias", "--dtype", "float64", "--dropout", "0.3"],
            dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True, bias=False, dropout=0.3),
        ),
    ],
)
def test_export_cell_writes_a_trace_that_the_module_reproduces(tmp_path, cell, extra, kwargs):
    trace = export(
        tmp_path / "out",
        "--cell",
        cell,
        "--seq-len",
        5,
        "--batch-size",
        2,
        "--input-size",
        3,
        "--hidden-size",
        4,
        "--num-layers",
        2,
        *extra,
    )
    module = load_module(tmp_path / "out" / "model.pt", cell, **kwargs)
    D = 2 if module.bidirectional else 1
    H, P = 4, kwargs.get("proj_size") or 4
    tol = 1e-10 if "float64" in extra else 1e-5
    inputs, h0 = torch.from_numpy(trace["inputs"]), torch.from_numpy(trace["h0"])
    assert trace["hidden"].shape == (5, 2 * D, 2, P)
    assert float(trace["max_abs_diff"]) <= tol
    with torch.no_grad():
        if cell == "lstm":
            c0 = torch.from_numpy(trace["c0"])
            assert trace["cell"].shape == (5, 2 * D, 2, H) and c0.shape == (2 * D, 2, H)
            assert ("random" in extra) == bool(c0.abs().sum() > 0)
            output, (h_n, c_n) = module(inputs, (h0, c0))
            np.testing.assert_allclose(trace["c_n"], c_n.numpy(), atol=tol, rtol=0)
            # c_n is the cell state of the last cell of each row: forward at t = T-1, reverse at t = 0
            for row in range(2 * D):
                np.testing.assert_allclose(trace["cell"][4 if row % D == 0 else 0, row], trace["c_n"][row])
        else:
            assert not {"cell", "c0", "c_n"} & set(trace)
            output, h_n = module(inputs, h0)
    np.testing.assert_allclose(trace["output"], output.numpy(), atol=tol, rtol=0)
    np.testing.assert_allclose(trace["h_n"], h_n.numpy(), atol=tol, rtol=0)
    # the top layer's rows of `hidden` are `output` (time-major), direction by direction
    hidden = trace["hidden"]
    out = trace["output"].transpose(1, 0, 2) if module.batch_first else trace["output"]
    for d in range(D):
        np.testing.assert_allclose(hidden[:, D + d], out[:, :, d * P : (d + 1) * P])


def test_export_text_lstm_and_reload_it(tmp_path):
    trace = export(tmp_path / "a", "--cell", "lstm", "--text", "我爱你")
    assert {"cell", "c0", "c_n", "probs", "vocab"} <= set(trace)
    again = export(tmp_path / "b", "--load", tmp_path / "a" / "model.pt", "--text", "我爱你")
    np.testing.assert_allclose(again["probs"], trace["probs"], atol=1e-6, rtol=0)
    np.testing.assert_allclose(again["cell"], trace["cell"], atol=1e-6, rtol=0)


def test_gated_export_draws_the_panels_and_a_figure(tmp_path):
    """The panels draw gated cells: export writes their images, the data files of the gates'
    terms and the code like for nn.RNN."""
    result = cli(
        "export",
        "--cell",
        "lstm",
        "--proj-size",
        "2",
        "--hidden-size",
        "4",
        "--seq-len",
        "3",
        "--figure",
        "network,weights",
        "--out",
        tmp_path / "out",
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    for role in ("network", "weights", "configuration"):
        assert {f"random-H4_{role}_step3.png", f"random-H4_{role}_step3.svg"} <= names, role
    assert {"random-H4_figure_step3.png", "random-H4_figure_step3.pdf", "model.pt", "trace.npz"} <= names
    assert {
        "random-H4_step3_step_gates.csv",
        "random-H4_step3_cell.csv",
        "pytorch_code.py",
    } <= names  # the gates' terms too


@pytest.mark.parametrize(
    "args, message",
    [
        (["--cell", "gru", "--proj-size", "2"], "proj_size is an option of nn.LSTM only"),
        (
            ["--cell", "lstm", "--proj-size", "4"],
            "proj_size must be from 0 (no projection) up to hidden_size - 1 = 3",
        ),
        (["--cell", "lstm", "--nonlinearity", "relu"], "nonlinearity is an option of nn.RNN only"),
        (["--cell", "cnn"], "argument --cell: invalid choice"),
    ],
)
def test_bad_cell_options_are_one_line_and_exit_2(tmp_path, args, message):
    result = cli("export", "--no-images", "--hidden-size", "4", "--out", tmp_path / "out", *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_load_refuses_a_cell_that_disagrees_with_the_file(tmp_path):
    torch.save(nn.LSTM(3, 4).state_dict(), tmp_path / "lstm.pt")
    result = cli(
        "export",
        "--no-images",
        "--load",
        tmp_path / "lstm.pt",
        "--cell",
        "gru",
        "--seq-len",
        "3",
        "--out",
        tmp_path / "out",
    )
    assert result.returncode == 2
    assert "--cell does not fit" in result.stderr and "cell=lstm" in result.stderr
    result = cli(
        "export", "--no-images", "--load", tmp_path / "lstm.pt", "--seq-len", "3", "--out", tmp_path / "ok"
    )
    assert result.returncode == 0, result.stderr
    assert "loaded: used: nn.LSTM: input_size=3, hidden_size=4" in result.stderr


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_train_cell_learns_woaini_and_saves_a_model_the_module_loads(tmp_path, cell):
    out = tmp_path / "model.pt"
    result = cli("train", "--text", "我爱你", "--cell", cell, "--out", out, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"-> {cell.upper()}(hidden 4, 1 layer(s))" in result.stdout
    assert "prediction: '我爱' -> '你'" in result.stdout
    state = torch.load(out, weights_only=True)
    assert state["_extra_state"]["cell"] == cell
    load_module(out, cell, input_size=128, hidden_size=4)
    trace = export(tmp_path / "trace", "--load", out, "--text", "我爱")
    assert trace["vocab"][trace["probs"][-1, 0].argmax()] == "你"
