"""The generated PyTorch code must run as written and agree with the app's own Simulation."""

import contextlib
import io
import re
import subprocess
import sys

import pytest
import torch
from rnn_stepper.engine.codegen import pytorch_code
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.vocab import Vocabulary

TWO_LAYER_BIDI = RNNConfig(
    input_size=8,
    hidden_size=6,
    num_layers=2,
    nonlinearity="relu",
    bias=False,
    batch_first=True,
    bidirectional=True,
    seq_len=5,
    batch_size=3,
)
CONFIGS = {
    "tutorial-single": preset_config("tutorial-single"),
    "tutorial-batch": preset_config("tutorial-batch"),
    "text-woaini": preset_config("text-woaini"),
    "2-layer-bidi-batch-first-relu-no-bias": TWO_LAYER_BIDI,
    "float64-random-h0-dropout": TWO_LAYER_BIDI.replace(
        dtype="float64", h0="random", dropout=0.3, bias=True, batch_first=False
    ),
    "text-bidi-batch-first": preset_config("text-woaini").replace(
        text="我爱你，你爱我", bidirectional=True, batch_first=True, num_layers=2
    ),
}


def run_code(code: str) -> tuple[dict, list[str]]:
    """exec the code in a fresh namespace; return the namespace and the printed lines."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), torch.random.fork_rng(devices=[]):
        exec(compile(code, "<generated>", "exec"), namespace)
    return namespace, out.getvalue().splitlines()


def finished(config: RNNConfig, model=None) -> Simulation:
    simulation = Simulation.build(config, model)
    simulation.stepper.run_to_end()
    return simulation


@pytest.mark.parametrize("name", CONFIGS)
def test_generated_code_runs_and_shapes_equal_the_simulations(name):
    config = CONFIGS[name]
    simulation = finished(config)
    namespace, printed = run_code(pytorch_code(config))
    output_shape, hn_shape = simulation.stepper.output().shape, simulation.stepper.h_n().shape
    assert namespace["output"].shape == output_shape
    assert namespace["hn"].shape == hn_shape
    assert namespace["inputs"].shape == simulation.inputs.shape
    assert printed[:2] == [str(output_shape), str(hn_shape)]


def test_lesson_test01_and_test02_shapes():
    _, printed = run_code(pytorch_code(preset_config("tutorial-single")))
    assert printed[:2] == ["torch.Size([1, 1, 256])", "torch.Size([1, 1, 256])"]
    assert len(printed) == 3 and printed[2].startswith("h_n = [")
    _, printed = run_code(pytorch_code(preset_config("tutorial-batch")))
    assert printed[:2] == ["torch.Size([1, 32, 256])", "torch.Size([1, 32, 256])"]


def test_tutorial_single_is_written_like_the_lesson():
    lines = pytorch_code(preset_config("tutorial-single")).splitlines()
    for expected in (
        "import torch",
        "import torch.nn as nn",
        "rnn = nn.RNN(input_size=128, hidden_size=256)",
        "inputs = torch.randn(1, 1, 128)",
        "hn = torch.zeros(1, 1, 256)",
        "output, hn = rnn(inputs, hn)",
    ):
        assert expected in lines
    assert any(line.startswith("print(output.shape)") for line in lines)
    assert any(line.startswith("print(hn.shape)") for line in lines)


def test_only_non_default_kwargs_are_written():
    default_call = [
        line
        for line in pytorch_code(preset_config("text-woaini")).splitlines()
        if line.startswith("rnn = nn.RNN(")
    ]
    assert default_call == ["rnn = nn.RNN(input_size=128, hidden_size=4)"]
    code = pytorch_code(TWO_LAYER_BIDI)
    for kwarg in (
        "num_layers=2",
        'nonlinearity="relu"',
        "bias=False",
        "batch_first=True",
        "bidirectional=True",
    ):
        assert kwarg in code
    for default in ("dropout=", "dtype="):
        assert default not in code
    assert "dtype=torch.float64" in pytorch_code(TWO_LAYER_BIDI.replace(dtype="float64"))


def test_text_code_reproduces_the_apps_numbers():
    """Same seed and creation order: the pasted code computes exactly what the app shows."""
    config = CONFIGS["text-bidi-batch-first"]
    simulation = finished(config)
    namespace, printed = run_code(pytorch_code(config))
    torch.testing.assert_close(namespace["output"], simulation.stepper.output(), atol=1e-6, rtol=0)
    torch.testing.assert_close(
        namespace["probs"], simulation.all_probabilities().transpose(0, 1), atol=1e-6, rtol=0
    )
    assert len(printed) == 3 + len(simulation.tokens)  # two shapes, h_n, one prediction per token
    assert printed[3].startswith("after '我' the model predicts")


def test_tensor_code_builds_the_apps_weights():
    config = CONFIGS["2-layer-bidi-batch-first-relu-no-bias"]
    simulation = finished(config)
    namespace, _ = run_code(pytorch_code(config))
    expected = simulation.model.rnn.state_dict()
    actual = namespace["rnn"].state_dict()
    assert actual.keys() == expected.keys()
    for key in expected:
        torch.testing.assert_close(actual[key], expected[key], atol=0, rtol=0)


def test_a_loaded_vocabulary_with_multi_character_tokens():
    config = preset_config("text-woaini").replace(text="我爱你我爱")
    vocab = Vocabulary(("我爱", "你", "<unk>", "我"))
    simulation = finished(config, build_model(config, vocab))
    namespace, _ = run_code(pytorch_code(config, vocab_tokens=vocab.tokens))
    assert namespace["token_ids"].tolist() == simulation.token_ids.tolist() == [0, 1, 0]
    torch.testing.assert_close(namespace["output"], simulation.stepper.output(), atol=1e-6, rtol=0)


def test_long_text_is_wrapped_and_still_runs():
    text = "the quick brown fox jumps over the lazy dog\n" * 6
    config = preset_config("text-woaini").replace(text=text)
    code = pytorch_code(config)
    assert max(len(line) for line in code.splitlines()) <= 80
    namespace, printed = run_code(code)
    assert namespace["output"].shape == finished(config).stepper.output().shape
    assert printed[-1].startswith("after the whole text the model predicts")


@pytest.mark.parametrize("name", CONFIGS)
def test_lines_fit_a_narrow_panel(name):
    assert max(len(line) for line in pytorch_code(CONFIGS[name]).splitlines()) <= 80


@pytest.mark.parametrize("name", CONFIGS)
def test_comments_are_english_only(name):
    for line in pytorch_code(CONFIGS[name]).splitlines():
        comment = line.strip()[1:] if line.strip().startswith("#") else line.partition("  # ")[2]
        assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", comment), line


def test_codegen_does_not_import_qt():
    script = "import sys, engine.codegen; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
    )
    assert result.stdout.strip() == "False"


# ---- one-hot input, classifiers, unbatched input (issue 14) ---------------------------------------


def test_one_hot_code_feeds_one_hot_vectors_without_an_embedding():
    config = RNNConfig(input_size=4, hidden_size=3, text="abca")
    code = pytorch_code(config, ["a", "b", "c", "d"], one_hot=True)
    assert "nn.Embedding" not in code and "one_hot(token_ids, num_classes=len(vocab))" in code
    namespace, printed = run_code(code)
    expected = torch.nn.functional.one_hot(torch.tensor([0, 1, 2, 0]), 4).float().unsqueeze(1)
    assert torch.equal(namespace["inputs"], expected)
    assert printed[0] == "torch.Size([4, 1, 3])"


@pytest.mark.parametrize("batch_first", [False, True])
def test_classifier_code_prints_the_running_guess_and_the_prediction(batch_first):
    config = RNNConfig(input_size=5, hidden_size=3, text="我爱你", batch_first=batch_first)
    code = pytorch_code(config, ["我", "爱", "你"], classes=["negative", "positive"])
    namespace, printed = run_code(code)
    assert namespace["head"].out_features == 2 and namespace["classes"] == ["negative", "positive"]
    guesses = [line for line in printed if line.startswith("after step")]
    assert len(guesses) == 3 and printed[-1].startswith("prediction: ")
    probs = namespace["probs"]
    last = probs[0, -1] if batch_first else probs[-1, 0]
    assert namespace["classes"][int(last.argmax())] in printed[-1]


def test_unbatched_tensor_input_code_has_no_batch_dimension():
    config = RNNConfig(input_size=3, hidden_size=4, num_layers=2, seq_len=6, batch_size=1)
    code = pytorch_code(config, classes=["0", "1", "2"], unbatched=True)
    namespace, printed = run_code(code)
    assert tuple(namespace["inputs"].shape) == (6, 3)
    assert tuple(namespace["output"].shape) == (6, 4) and tuple(namespace["hn"].shape) == (2, 4)
    assert printed[:2] == ["torch.Size([6, 4])", "torch.Size([2, 4])"]
    assert "unbatched" in code
    named = pytorch_code(config, unbatched=True, input_file="x.npy", h0_file="h0.pt")
    assert "the app feeds your file x.npy" in named and "the app reads your file h0.pt" in named
    run_code(named)


def test_a_vocabulary_with_a_newline_token_keeps_the_line_break_in_the_code():
    config = RNNConfig(input_size=4, hidden_size=3, text="床前\n月")
    code = pytorch_code(config, ["床", "前", "\n", "月"])
    namespace, _ = run_code(code)
    assert namespace["text"] == "床前\n月" and namespace["token_ids"].tolist() == [0, 1, 2, 3]
