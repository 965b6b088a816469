"""The generated PyTorch code for nn.LSTM / nn.GRU runs as written and computes the app's numbers:
output, h_n, c_n (LSTM) and the prediction, with fresh or the app's own weights (issue 15.3)."""

import subprocess
import sys

import pytest
import torch
from rnn_stepper.engine.code_export import simulation_code, write_code
from rnn_stepper.engine.codegen import pytorch_code
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.presets import preset_config

from tests.engine.test_code_weights import changed_model, finished, printed_h_n
from tests.engine.test_codegen import run_code

GATED = {
    "lstm": RNNConfig(cell="lstm", input_size=3, hidden_size=4, seq_len=4, batch_size=2),
    "lstm-proj-2-layer-bidi-random": RNNConfig(
        cell="lstm",
        input_size=3,
        hidden_size=5,
        proj_size=2,
        num_layers=2,
        bidirectional=True,
        h0="random",
        seq_len=4,
        batch_size=3,
    ),
    "lstm-float64-batch-first-no-bias": RNNConfig(
        cell="lstm",
        input_size=2,
        hidden_size=3,
        dtype="float64",
        batch_first=True,
        bias=False,
        seq_len=5,
        batch_size=2,
    ),
    "gru": RNNConfig(cell="gru", input_size=3, hidden_size=4, seq_len=4, batch_size=2),
    "gru-2-layer-bidi-random-float64": RNNConfig(
        cell="gru",
        input_size=3,
        hidden_size=4,
        num_layers=2,
        bidirectional=True,
        h0="random",
        dtype="float64",
        seq_len=3,
    ),
    "lstm-text": preset_config("text-woaini").replace(cell="lstm"),
    "gru-text-bidi": preset_config("text-woaini").replace(
        cell="gru", bidirectional=True, text="我爱你，你爱我"
    ),
}


def printed_values(printed, name):
    line = next(line for line in printed if line.startswith(f"{name} = "))
    return torch.tensor([float(v) for v in line.split("[", 1)[1].rstrip("]").split(",")])


@pytest.mark.parametrize("name", GATED)
def test_gated_code_computes_the_apps_output_h_n_and_c_n(name):
    config = GATED[name]
    simulation = finished(config, None)
    code = pytorch_code(config)
    assert f"rnn = {config.module_name}(" in code.replace("\n    ", "")
    namespace, printed = run_code(code)
    stepper = simulation.stepper
    tol = dict(atol=10 * config.tolerance, rtol=0)
    torch.testing.assert_close(namespace["inputs"], simulation.inputs, atol=0, rtol=0)  # the app's own inputs
    torch.testing.assert_close(namespace["output"].detach(), stepper.output(), **tol)
    torch.testing.assert_close(namespace["hn"].detach(), stepper.h_n(), **tol)
    assert printed[:2] == [str(stepper.output().shape), str(stepper.h_n().shape)]
    torch.testing.assert_close(
        printed_h_n(printed).to(stepper.h_n().dtype), stepper.h_n().flatten(), atol=1e-4, rtol=0
    )
    if config.cell == "lstm":
        torch.testing.assert_close(namespace["cn"].detach(), stepper.c_n(), **tol)
        assert printed[2] == str(stepper.c_n().shape)
        torch.testing.assert_close(
            printed_values(printed, "c_n").to(stepper.c_n().dtype), stepper.c_n().flatten(), atol=1e-4, rtol=0
        )
        assert "output, (hn, cn) = rnn(inputs, (hn, cn))" in code
    else:
        assert "cn" not in namespace and "c_n =" not in code
        assert "output, hn = rnn(inputs, hn)" in code


def test_the_shapes_comment_names_h_n_and_c_n_with_the_projection():
    config = GATED["lstm-proj-2-layer-bidi-random"]
    lines = pytorch_code(config).splitlines()
    assert "print(output.shape)  # torch.Size([4, 3, 4])" in lines  # directions * proj_size
    assert "print(hn.shape)  # torch.Size([4, 3, 2])" in lines  # h_n: proj_size numbers
    assert "print(cn.shape)  # torch.Size([4, 3, 5])" in lines  # c_n: hidden_size numbers
    assert "#   (num_layers * num_directions, batch_size, proj_size)" in lines
    zh = pytorch_code(config, language="zh_CN")
    assert "# cn: 每一层、每个方向最后的细胞状态," in zh and "proj_size=2" in zh

    def code_only(text_lines):
        return [line.split("  #")[0] for line in text_lines if not line.lstrip().startswith("#")]

    assert code_only(zh.splitlines()) == code_only(lines)  # only the comments differ


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_a_trained_gated_text_model_prints_the_apps_prediction(tmp_path, cell):
    config = preset_config("text-woaini").replace(cell=cell)
    simulation = finished(config, changed_model(config))
    code, weights = simulation_code(simulation, "trained in the app")
    write_code(tmp_path / "code.py", code, weights)  # (an LSTM's 4 gate blocks: a weights file beside it)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "code.py")], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    torch.testing.assert_close(printed_h_n(printed), simulation.stepper.h_n().flatten(), atol=1e-4, rtol=0)
    probs = simulation.all_probabilities()
    for t in range(len(simulation.tokens)):
        best = simulation.model.vocab.tokens[int(probs[t, 0].argmax())]
        seen = "".join(simulation.tokens[: t + 1])
        assert any(line.startswith(f"after {seen!r} the model predicts {best!r}") for line in printed)


def test_a_large_projected_lstm_runs_from_its_saved_state_dict_in_a_subprocess(tmp_path):
    config = RNNConfig(
        cell="lstm",
        input_size=8,
        hidden_size=32,
        proj_size=6,
        num_layers=2,
        seq_len=3,
        batch_size=2,
        h0="random",
    )
    model = changed_model(config)
    simulation = finished(config, model)
    code, weights = simulation_code(simulation, "loaded from the model file big.pt")
    assert not weights.inline
    write_code(tmp_path / "lstm_code.py", code, weights)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "lstm_code.py")], cwd="/", capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    torch.testing.assert_close(printed_h_n(printed), simulation.stepper.h_n().flatten(), atol=1e-4, rtol=0)
    torch.testing.assert_close(
        printed_values(printed, "c_n"), simulation.stepper.c_n().flatten(), atol=1e-4, rtol=0
    )


def test_the_headless_export_writes_runnable_code_for_a_gated_model(tmp_path):
    import numpy as np

    from tests.test_cli import export

    trace = export(
        tmp_path / "out",
        "--cell",
        "lstm",
        "--proj-size",
        "2",
        "--hidden-size",
        "4",
        "--seq-len",
        "3",
        "--batch-size",
        "2",
        "--input-size",
        "3",
    )
    result = subprocess.run(
        [sys.executable, str(tmp_path / "out" / "pytorch_code.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    np.testing.assert_allclose(printed_h_n(printed).numpy(), trace["h_n"].flatten(), atol=1e-4, rtol=0)
    np.testing.assert_allclose(
        printed_values(printed, "c_n").numpy(), trace["c_n"].flatten(), atol=1e-4, rtol=0
    )
