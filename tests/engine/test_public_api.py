"""`rnn_stepper.engine` is a library: its documented names import from the package itself, lazily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rnn_stepper.engine as engine
import torch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", engine.__all__)
def test_every_public_name_resolves_to_its_engine_module(name):
    value = getattr(engine, name)
    assert value.__module__.startswith("rnn_stepper.engine.")
    assert name in dir(engine)


def test_no_public_name_is_shadowed_by_an_engine_module():
    modules = {path.stem for path in (ROOT / "engine").glob("*.py")}
    assert not set(engine.__all__) & modules


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Simulator'"):
        engine.Simulator  # noqa: B018


def test_the_public_api_steps_and_agrees_with_nn_rnn():
    from rnn_stepper.engine import Simulation, preset_config

    simulation = Simulation.build(preset_config("text-woaini"))
    first = simulation.stepper.step()
    assert (first.layer, first.direction, first.t) == (0, 0, 0)
    simulation.stepper.seek(len(simulation.stepper))
    rnn = simulation.model.rnn
    output, h_n = rnn(simulation.inputs)
    assert torch.allclose(simulation.stepper.hidden[:, -1], output, atol=1e-5)


def test_one_engine_module_does_not_load_pytorch():
    """The GUI imports engine.errors before PyTorch has loaded; the package must not load it all."""
    code = (
        "import json, sys; import rnn_stepper.engine.errors; "
        "print(json.dumps(sorted(m for m in ('torch', 'rnn_stepper.engine.simulation') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_readme_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use the engine from Python") :]
    start = section.index("```python\n") + len("```python\n")
    example = section[start : section.index("\n```", start)]
    result = subprocess.run(
        [sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("0 0 tensor(") and "True" in result.stdout
    difference = float(lines[-1].removeprefix("tensor(").split(",")[0].rstrip(")"))
    assert difference <= 1e-5


def test_the_readme_weight_edit_example_runs_on_the_held_stepper():
    """The second example edits a weight and reads the stepper the first one holds: still right."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use the engine from Python") : readme.index("## Features")]
    blocks = [block.split("\n```", 1)[0] for block in section.split("```python\n")[1:]]
    assert len(blocks) == 2
    result = subprocess.run(
        [sys.executable, "-c", "\n".join(blocks)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    edited = result.stdout.splitlines()[-1]
    assert edited.startswith("tensor(") and edited.endswith(" True"), edited
