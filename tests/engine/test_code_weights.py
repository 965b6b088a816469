"""The PyTorch code rebuilds the model the app is running: its own weights (inline for small
models, a state_dict beside the script for larger ones), its own random inputs and h0, and
prints h_n and the prediction the app shows (issue 12.5)."""

import re
import subprocess
import sys

import pytest
import torch
from rnn_stepper.engine.code_export import CODE_FILE, simulation_code, write_code
from rnn_stepper.engine.codegen import WEIGHTS_FILE, WeightSource, pytorch_code
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.simulation import Simulation

from tests.engine.test_codegen import run_code

ATOL = 1e-5


def changed_model(config, scale=3.0, seed=7):
    """A model whose weights are not the seed's: as training or a file would leave them."""
    model = build_model(config)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(
                torch.randn(p.shape, generator=generator, dtype=p.dtype) * scale / max(p.shape[-1], 1) ** 0.5
            )
    return model


def finished(config, model):
    simulation = Simulation.build(config, model)
    simulation.stepper.run_to_end()
    return simulation


def printed_h_n(printed):
    line = next(line for line in printed if line.startswith("h_n = "))
    return torch.tensor([float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", line)])


def test_a_trained_text_model_prints_the_apps_prediction_and_h_n():
    config = preset_config("text-woaini")
    model = changed_model(config)
    simulation = finished(config, model)
    code, weights = simulation_code(simulation, "trained in the app")
    assert weights.inline and "# The weights the app is running: trained in the app." in code
    assert "untrained" not in code
    namespace, printed = run_code(code)
    torch.testing.assert_close(namespace["output"].detach(), simulation.stepper.output(), atol=ATOL, rtol=0)
    torch.testing.assert_close(printed_h_n(printed), simulation.stepper.h_n().flatten(), atol=1e-4, rtol=0)
    probs = simulation.all_probabilities()
    for t in range(len(simulation.tokens)):
        best = simulation.model.vocab.tokens[int(probs[t, 0].argmax())]
        seen = "".join(simulation.tokens[: t + 1])
        assert any(line.startswith(f"after {seen!r} the model predicts {best!r}") for line in printed)


def test_fresh_weights_are_not_loaded():
    config = preset_config("text-woaini")
    code, weights = simulation_code(finished(config, None), None)
    assert weights is None and "state = " not in code


def test_random_inputs_and_h0_are_the_apps_own():
    config = RNNConfig(
        input_size=5,
        hidden_size=3,
        seq_len=4,
        batch_size=2,
        h0="random",
        seed=5,
        num_layers=2,
        bidirectional=True,
    )
    simulation = finished(config, None)
    namespace, printed = run_code(pytorch_code(config))
    assert torch.equal(namespace["inputs"], simulation.inputs)
    torch.testing.assert_close(namespace["hn"].detach(), simulation.stepper.h_n(), atol=ATOL, rtol=0)
    torch.testing.assert_close(printed_h_n(printed), simulation.stepper.h_n().flatten(), atol=1e-4, rtol=0)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_inline_values_are_exact(dtype):
    config = RNNConfig(input_size=3, hidden_size=4, seq_len=2, dtype=dtype)
    model = changed_model(config)
    namespace, _ = run_code(pytorch_code(config, weights=WeightSource.of_model(model, "edited")))
    for key, value in model.rnn.state_dict().items():
        assert torch.equal(namespace["rnn"].state_dict()[key], value), key


def test_a_large_model_loads_its_weights_from_beside_the_script(tmp_path):
    config = RNNConfig(input_size=16, hidden_size=64, seq_len=3, batch_size=2)
    model = changed_model(config)
    simulation = finished(config, model)
    code, weights = simulation_code(simulation, "loaded from the model file big.pt")
    assert not weights.inline and "weights_only=True" in code
    written = write_code(tmp_path / "my_code.py", code, weights)
    assert [p.name for p in written] == ["my_code.py", WEIGHTS_FILE]
    state = torch.load(tmp_path / WEIGHTS_FILE, weights_only=True)
    assert set(state) == {f"rnn.{k}" for k in model.rnn.state_dict()}
    # run as a user runs it, from another folder: the script finds its weights beside itself
    result = subprocess.run(
        [sys.executable, str(tmp_path / "my_code.py")], cwd="/", capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    torch.testing.assert_close(
        printed_h_n(result.stdout.splitlines()), simulation.stepper.h_n().flatten(), atol=1e-4, rtol=0
    )


def test_the_code_file_name():
    assert "code" in CODE_FILE and CODE_FILE.endswith(".py")
