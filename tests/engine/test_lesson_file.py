"""Lesson files: one .rnnlesson holds a whole session and opens safely.

Files are written by the real save_lesson, then damaged, edited or crafted by hand the way a
curious student or a hostile file would be, and opened with the real open_lesson.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import pathlib
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rnn_stepper.engine.lesson_file as lesson_file
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ModelFileError, UserError
from rnn_stepper.engine.lesson_file import (
    FORMAT_VERSION,
    LESSON_SUFFIX,
    MAX_JSON_BYTES,
    STEP_SIZES,
    Lesson,
    open_lesson,
    save_lesson,
    tensor_checksum,
)
from rnn_stepper.engine.model import StepperModel, build_model
from rnn_stepper.engine.presets import preset_config
from rnn_stepper.engine.simulation import Simulation
from rnn_stepper.engine.vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent.parent
LESSONS = ROOT / "resources" / "lessons"
VIEW = {
    "title": {"en": "我爱你 · lesson 1", "zh_CN": "我爱你 · 第一课"},
    "description": {"en": "Watch neuron 2.\nThen press End.", "zh_CN": "观察第 2 个神经元。\n然后按 End。"},
    "hidden_panels": ["code"],
    "hidden_controls": ["config"],
    "classroom_mode": True,
    "selected_neuron": 2,
    "batch_index": 1,
    "future_key": {"nested": [1, 2.5, None]},
}


def tensors(model: StepperModel) -> dict:
    return {k: v for k, v in model.state_dict().items() if isinstance(v, torch.Tensor)}


def assert_same_weights(a: StepperModel, b: StepperModel) -> None:
    ta, tb = tensors(a), tensors(b)
    assert ta.keys() == tb.keys()
    for name in ta:
        assert ta[name].dtype == tb[name].dtype, name
        assert torch.equal(ta[name], tb[name]), name  # bit-identical, not merely close


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, contents: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def edited(path: Path, change) -> Path:
    """The lesson at `path` with lesson.json changed by `change(document)`, written beside it."""
    contents = members(path)
    document = json.loads(contents["lesson.json"])
    change(document)
    contents["lesson.json"] = json.dumps(document).encode()
    return write_zip(path.with_name("edited" + LESSON_SUFFIX), contents)


def open_error(path: Path) -> str:
    with pytest.raises(ModelFileError) as info:
        open_lesson(path)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def text_lesson(tmp_path) -> Path:
    config = preset_config("text-woaini")
    return save_lesson(
        tmp_path / "woaini",
        config,
        build_model(config),
        position=2,
        step_size="time step",
        view={"title": "我爱你"},
    )


# ---- round trips ----------------------------------------------------------------------------------


def test_round_trip_keeps_config_weights_position_step_size_and_view(tmp_path):
    config = RNNConfig(
        input_size=5,
        hidden_size=3,
        num_layers=2,
        bidirectional=True,
        bias=False,
        batch_first=True,
        seq_len=4,
        batch_size=2,
        seed=7,
        dtype="float64",
        h0="random",
        nonlinearity="relu",
        dropout=0.25,
    )
    model = build_model(config)
    path = save_lesson(
        tmp_path / "deep.rnnlesson", config, model, position=9, step_size="sub-operation", view=VIEW
    )
    assert path == tmp_path / "deep.rnnlesson"
    lesson = open_lesson(path)
    assert isinstance(lesson, Lesson)
    assert lesson.config == config
    assert_same_weights(lesson.model, model)
    assert lesson.model.parameter("weight_hh", 1, 1).dtype == torch.float64
    assert (lesson.position, lesson.step_size) == (9, "sub-operation")
    assert lesson.view == VIEW
    assert (lesson.title, lesson.description) == (VIEW["title"]["en"], VIEW["description"]["en"])
    assert lesson.title_in("zh_CN") == "我爱你 · 第一课"
    assert lesson.notes == []
    assert not lesson.model.training and not any(p.requires_grad for p in lesson.model.parameters())


def test_text_model_keeps_its_own_vocabulary_and_head(tmp_path):
    # a vocabulary larger than the text (as after training on a corpus): it must not be rebuilt from the text
    config = RNNConfig(input_size=6, hidden_size=4, text="爱你")
    vocab = Vocabulary(("我", "爱", "你", "中", "国"))
    model = build_model(config, vocab)
    lesson = open_lesson(save_lesson(tmp_path / "corpus", config, model, position=1))
    assert lesson.model.vocab == vocab
    assert lesson.model.embedding.weight.shape == (5, 6) and lesson.model.head.weight.shape == (5, 4)
    assert_same_weights(lesson.model, model)
    assert (lesson.position, lesson.step_size, lesson.view) == (1, "cell", {})


def test_text_model_without_head_round_trips(tmp_path):
    config = RNNConfig(input_size=6, hidden_size=4, text="我爱你")
    model = build_model(config)
    model.head = None  # as loaded from a user's embedding -> RNN file without a linear layer
    lesson = open_lesson(save_lesson(tmp_path / "nohead", config, model))
    assert lesson.model.head is None
    assert_same_weights(lesson.model, model)
    assert Simulation.build(lesson.config, lesson.model).probabilities_at(0) is None


@pytest.mark.parametrize(
    "config",
    [
        preset_config("text-woaini"),
        RNNConfig(input_size=4, hidden_size=3, num_layers=2, seq_len=5, batch_size=3, h0="random", seed=3),
    ],
    ids=["text", "random-input"],
)
def test_opened_lesson_computes_identical_hidden_states(tmp_path, config):
    model = build_model(config)
    with torch.no_grad():  # weights no fresh model would have: only the file can carry them
        model.rnn.weight_hh_l0.mul_(-1.5)
    original = Simulation.build(config, model)
    lesson = open_lesson(save_lesson(tmp_path / "same", config, model, position=3))
    reopened = Simulation.build(lesson.config, lesson.model)
    assert torch.equal(reopened.inputs, original.inputs) and torch.equal(reopened.h0, original.h0)
    for simulation in (original, reopened):
        simulation.stepper.seek(len(simulation.stepper))
    assert torch.equal(reopened.stepper.hidden, original.stepper.hidden)
    assert not torch.equal(reopened.stepper.hidden, _fresh_hidden(config))  # the stored weights were used
    if config.is_text:
        assert torch.equal(reopened.all_probabilities(), original.all_probabilities())


def _fresh_hidden(config: RNNConfig) -> torch.Tensor:
    simulation = Simulation.build(config)
    simulation.stepper.seek(len(simulation.stepper))
    return simulation.stepper.hidden


def test_file_layout_is_a_zip_with_readable_json_and_a_plain_state_dict(text_lesson):
    contents = members(text_lesson)
    assert set(contents) == {"lesson.json", "weights.pt"}
    document = json.loads(contents["lesson.json"].decode("utf-8"))
    assert document["format"] == "rnn-stepper-lesson" and document["version"] == FORMAT_VERSION
    assert document["config"]["text"] == "我爱你" and document["position"] == 2
    # (a plain string is stored under its language: format version 2)
    assert document["step_size"] == "time step" and document["view"] == {"title": {"zh_CN": "我爱你"}}
    simulation = Simulation.build(preset_config("text-woaini"))
    assert document["inputs_sha256"] == tensor_checksum(simulation.inputs)
    state = torch.load(io.BytesIO(contents["weights.pt"]), weights_only=True)
    assert {"rnn.weight_ih_l0", "embedding.weight", "head.weight"} <= set(state)
    assert state["_extra_state"]["vocab"] == ["我", "爱", "你"]


def test_saving_is_deterministic_and_adds_the_extension(tmp_path):
    config = preset_config("text-woaini")
    model = build_model(config)
    first = save_lesson(tmp_path / "a", config, model)
    second = save_lesson(tmp_path / "b.RNNLESSON", config, model)
    assert first.name == "a.rnnlesson" and second.name == "b.RNNLESSON"
    assert first.read_bytes() == second.read_bytes()  # fixed timestamps: regenerated files diff cleanly


def test_step_size_may_be_an_enum_with_a_step_size_value(tmp_path):
    class Size:
        value = "time step"

    config = preset_config("text-woaini")
    assert (
        open_lesson(save_lesson(tmp_path / "e", config, build_model(config), step_size=Size())).step_size
        == "time step"
    )


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        (dict(position=4), "the position must be between 0 and 3 (the number of cells), got 4"),
        (dict(position=-1), "got -1"),
        (dict(step_size="leap"), "the step size must be one of cell, time step, sub-operation, got 'leap'"),
        (dict(view={"when": object()}), "the lesson's view settings cannot be saved"),
        (dict(view={"description": "长" * MAX_JSON_BYTES}), "too long to save"),
    ],
)
def test_bad_save_arguments_are_refused_and_the_old_file_stays(text_lesson, kwargs, needle):
    before = text_lesson.read_bytes()
    config = preset_config("text-woaini")
    with pytest.raises(UserError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        save_lesson(text_lesson, config, build_model(config), **kwargs)
    assert text_lesson.read_bytes() == before
    assert [p.name for p in text_lesson.parent.iterdir()] == [text_lesson.name]  # no temporary left


# ---- refusing bad files ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert open_error(tmp_path / "nope.rnnlesson") == f"there is no file {tmp_path / 'nope.rnnlesson'}"


def test_not_a_zip(tmp_path):
    path = tmp_path / "notes.rnnlesson"
    path.write_text("just some text")
    assert open_error(path) == (
        f"{path} is not a lesson file (a lesson is a zip archive with lesson.json and weights.pt)"
    )


def test_truncated_file(text_lesson):
    data = text_lesson.read_bytes()
    text_lesson.write_bytes(data[: len(data) // 2])
    assert str(text_lesson) in open_error(text_lesson)


@pytest.mark.parametrize(
    ("kept", "needle"),
    [
        (["lesson.json"], "is not a complete lesson: weights.pt is missing"),
        (["weights.pt"], "is not a complete lesson: lesson.json is missing"),
        ([], "is not a complete lesson: lesson.json and weights.pt are missing"),
    ],
)
def test_missing_members(text_lesson, kept, needle):
    contents = members(text_lesson)
    path = write_zip(
        text_lesson.with_name("part.rnnlesson"), {k: contents[k] for k in kept} or {"x.txt": b"x"}
    )
    assert open_error(path) == f"{path} {needle}"


def test_duplicate_member_is_refused(text_lesson):
    contents = members(text_lesson)
    path = text_lesson.with_name("dup.rnnlesson")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "w") as archive:
        for name in ("lesson.json", "weights.pt", "lesson.json"):
            archive.writestr(name, contents[name])
    assert open_error(path) == f"{path} holds lesson.json more than once"


def test_newer_format_version_asks_for_an_update(text_lesson):
    path = edited(text_lesson, lambda d: d.update(version=FORMAT_VERSION + 1))
    assert open_error(path) == (
        f"{path} was made by a newer RNN Stepper (lesson format {FORMAT_VERSION + 1}; "
        f"this version opens up to {FORMAT_VERSION}): update RNN Stepper to open it"
    )


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d.update(version="1"), "the lesson format version must be a whole number, got '1'"),
        (
            lambda d: d.update(format="something-else"),
            "is not an RNN Stepper lesson (lesson.json does not say",
        ),
        (lambda d: d.pop("config"), 'lesson.json has no "config" object'),
        (
            lambda d: d["config"].update(hidden_size=0),
            "invalid configuration: hidden_size must be between 1 and 4096, got 0",
        ),
        (
            lambda d: d["config"].update(nonlinearity="sigmoid"),
            "invalid configuration: nonlinearity must be one of tanh, relu, got 'sigmoid'",
        ),
        (lambda d: d["config"].update(batch_size=2), "text input uses one sequence, so batch_size must be 1"),
        (lambda d: d["config"].update(colour="red"), "unknown configuration field(s) 'colour'"),
        (lambda d: d["config"].update(text="我爱中国"), "not in the model's vocabulary: '中国'"),
        (
            lambda d: d.update(position=99),
            "position must be a whole number from 0 to 3 (the number of cells), got 99",
        ),
        (lambda d: d.update(position=True), "got True"),
        (
            lambda d: d.update(step_size="leap"),
            "step_size must be one of cell, time step, sub-operation, got 'leap'",
        ),
        (lambda d: d.update(view=[1, 2]), "'view' must be an object, got list"),
    ],
)
def test_invalid_lesson_json_values(text_lesson, change, needle):
    path = edited(text_lesson, change)
    message = open_error(path)
    assert message.startswith(str(path)) and needle in message


def test_bad_json(text_lesson):
    contents = members(text_lesson)
    contents["lesson.json"] = b'{"format": "rnn-stepper-lesson", "version": 1,'
    path = write_zip(text_lesson.with_name("bad.rnnlesson"), contents)
    assert (
        open_error(path) == f"{path}: lesson.json is not valid JSON: Expecting property name enclosed in "
        "double quotes at line 1, column 47"
    )
    contents["lesson.json"] = "{}".encode("utf-16")
    assert open_error(write_zip(path, contents)) == f"{path}: lesson.json is not UTF-8 text"


def test_missing_config_fields_take_the_defaults(text_lesson):
    path = edited(text_lesson, lambda d: [d["config"].pop(k) for k in ("seed", "h0", "dropout")])
    assert open_lesson(path).config == preset_config("text-woaini")


def test_weights_that_do_not_fit_the_configuration_name_the_tensor_and_shapes(text_lesson):
    path = edited(text_lesson, lambda d: d["config"].update(hidden_size=5))
    assert open_error(path) == (
        f"{path}: the weights do not fit the configuration: 'rnn.weight_ih_l0' has shape (4, 128), "
        "the configuration (input_size 128, hidden_size 5, num_layers 1, 3 tokens) needs (5, 128)"
    )
    path = edited(text_lesson, lambda d: d["config"].update(num_layers=2))
    assert open_error(path) == f"{path}: weights.pt has no 'rnn.weight_ih_l1', which the configuration needs"


def test_weights_of_a_text_model_under_a_random_input_config(text_lesson):
    path = edited(text_lesson, lambda d: d["config"].update(text=""))
    # (the head would fit a random-input classifier; the embedding cannot)
    assert open_error(path) == (
        f"{path}: the weights do not fit the configuration: weights.pt has "
        "'embedding.weight', which it does not use"
    )


def test_weights_member_that_is_not_a_pytorch_file(text_lesson):
    contents = members(text_lesson)
    contents["weights.pt"] = b"not a pickle at all"
    path = write_zip(text_lesson.with_name("junk.rnnlesson"), contents)
    message = open_error(path)
    assert message.startswith(f"{path} (weights.pt) is not a readable PyTorch file")
    assert "rnn-stepper-lesson-" not in message  # the temporary copy's name never reaches the user


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
def test_code_running_pickle_in_weights_is_refused_and_never_run(text_lesson, tmp_path, payload):
    config = preset_config("text-woaini")
    state = dict(build_model(config).state_dict())
    control_marker, marker = tmp_path / "control-ran", tmp_path / "PWNED"
    control = io.BytesIO()
    torch.save({**state, "hook": payload(control_marker)}, control)
    control.seek(0)
    torch.load(control, weights_only=False)  # an unsafe load of the same payload does run it
    assert control_marker.exists(), "the payload does not work; the test would prove nothing"

    evil = io.BytesIO()
    torch.save({**state, "hook": payload(marker)}, evil)
    contents = members(text_lesson)
    contents["weights.pt"] = evil.getvalue()
    path = write_zip(tmp_path / "evil.rnnlesson", contents)
    message = open_error(path)
    assert message.startswith(f"refused to open {path} (weights.pt): it stores Python objects")
    assert "unsafe" in message
    assert not marker.exists()


def test_json_zip_bomb_is_refused_by_its_declared_size(text_lesson):
    contents = members(text_lesson)
    contents["lesson.json"] = b"{" + b" " * (2 * MAX_JSON_BYTES) + b"}"
    path = write_zip(text_lesson.with_name("bomb.rnnlesson"), contents)
    assert path.stat().st_size < 20_000  # 2 MiB of JSON in a few KiB: a (small) zip bomb
    assert open_error(path) == (
        f"{path}: lesson.json would unpack to 2.0 MiB, more than the 1.0 MiB a lesson may hold; refused"
    )


def test_huge_weights_are_refused(text_lesson, monkeypatch):
    # 2 GiB of weights cannot be made in a test; the same check with a lower limit
    monkeypatch.setattr(lesson_file, "MAX_WEIGHTS_BYTES", 1000)
    size = zipfile.ZipFile(text_lesson).getinfo("weights.pt").file_size
    assert open_error(text_lesson) == (
        f"{text_lesson}: weights.pt would unpack to {size} bytes, more than the "
        "1000 bytes a lesson may hold; refused"
    )


def test_member_whose_declared_size_lies_is_not_unpacked_beyond_it(text_lesson, tmp_path):
    contents = members(text_lesson)
    contents["lesson.json"] = b"{" + b" " * (8 * MAX_JSON_BYTES) + b"}"
    path = write_zip(tmp_path / "liar.rnnlesson", contents)
    data = bytearray(path.read_bytes())
    # Claim 100 bytes in both the local header (offset 22) and the central directory (offset 24).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.index(signature)
        assert data[start + 30 if signature == b"PK\x03\x04" else start + 46 :][:11] == b"lesson.json"
        data[start + offset : start + offset + 4] = struct.pack("<I", 100)
    path.write_bytes(bytes(data))
    # read stopped after the 100 declared bytes, found their checksum wrong, and never unpacked 8 MiB
    assert open_error(path) == f"{path} is a damaged lesson file: Bad CRC-32 for file 'lesson.json'"


def test_changed_random_numbers_are_reported_not_hidden(text_lesson):
    path = edited(text_lesson, lambda d: d.update(inputs_sha256="0" * 64, torch="1.0.0"))
    lesson = open_lesson(path)
    assert lesson.notes == [
        f"the inputs regenerated here differ from the ones the lesson was saved with (saved "
        f"with PyTorch 1.0.0, this is {torch.__version__}): the numbers shown will differ "
        "from the teacher's"
    ]


# ---- the example lessons --------------------------------------------------------------------------


def test_example_lessons_open_and_are_small():
    for name in ("tutorial-single", "woaini", "vanishing-memory"):
        path = LESSONS / f"{name}{LESSON_SUFFIX}"
        assert path.stat().st_size < 1024**2, name
        lesson = open_lesson(path)
        # Random inputs are regenerated from the seed; a CPU whose vectorised normal sampler
        # rounds differently may regenerate them a little differently, and the note says so.
        assert all(note.startswith("the inputs regenerated here differ") for note in lesson.notes), name
        assert lesson.title and len(lesson.description) > 100, name
        assert lesson.step_size in STEP_SIZES


def test_tutorial_single_is_the_lessons_test01():
    lesson = open_lesson(LESSONS / "tutorial-single.rnnlesson")
    assert lesson.config == preset_config("tutorial-single")
    assert (
        lesson.config.input_size,
        lesson.config.hidden_size,
        lesson.config.seq_len,
        lesson.config.batch_size,
    ) == (128, 256, 1, 1)
    assert lesson.step_size == "sub-operation"


def test_woaini_is_trained_to_predict_ni_after_woai():
    lesson = open_lesson(LESSONS / "woaini.rnnlesson")
    assert (
        lesson.config.text == "我爱你" and lesson.config.hidden_size == 4 and lesson.config.input_size == 128
    )
    simulation = Simulation.build(lesson.config, lesson.model)
    simulation.stepper.seek(len(simulation.stepper))
    vocab = lesson.model.vocab.tokens
    after_woai = simulation.probabilities_at(1)[0]
    assert vocab[int(after_woai.argmax())] == "你" and float(after_woai.max()) > 0.9
    assert vocab[int(simulation.probabilities_at(0)[0].argmax())] == "爱"
    # an untrained model of the same config does not know it: the file carries the training
    fresh = Simulation.build(lesson.config)
    fresh.stepper.seek(len(fresh.stepper))
    assert float(fresh.probabilities_at(1)[0][vocab.index("你")]) < 0.9


def test_vanishing_memory_forgets_the_first_character():
    lesson = open_lesson(LESSONS / "vanishing-memory.rnnlesson")
    config = lesson.config
    assert config.is_text and len(config.text) == 60 and config.hidden_size == 16
    radius = float(torch.linalg.eigvals(lesson.model.rnn.weight_hh_l0).abs().max())
    assert radius == pytest.approx(0.8, abs=1e-5)
    simulation = Simulation.build(config, lesson.model)
    simulation.stepper.seek(len(simulation.stepper))
    hidden = simulation.stepper.hidden[:, 0, 0]
    distance = (hidden - hidden[-1]).norm(dim=1)
    assert distance[1] > 0.1 and distance[20] < 1e-3
    assert np.all(np.diff(distance[1:30].numpy()) < 0)  # it shrinks at every step
    assert "largest eigenvalue has size 0.8" in lesson.description
    quoted = float(re.search(r"t = 5: (\d\.\d{3})", lesson.description)[1])
    assert quoted == pytest.approx(float(distance[5]), abs=0.0015)  # the notes quote real measurements


def test_example_lessons_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "scripts/make_example_lessons.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def example_lessons_script():
    spec = importlib.util.spec_from_file_location(
        "make_example_lessons", ROOT / "scripts" / "make_example_lessons.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def rewrite_notes(path: Path, edit) -> None:
    """Save the lesson at `path` again with the same model but its English notes passed through `edit`."""
    lesson = open_lesson(path)
    view = dict(lesson.view, description=dict(lesson.descriptions, en=edit(lesson.descriptions["en"])))
    save_lesson(path, lesson.config, lesson.model, lesson.position, lesson.step_size, view)


@pytest.mark.parametrize(
    "edit, expected",
    [
        # a figure the weights do not give (the committed weights say something else)
        (
            lambda text: re.sub(
                r"probability of (\d+\.\d)%", lambda m: f"probability of {float(m[1]) - 3:.1f}%", text
            ),
            "quoted",
        ),
        (lambda text: text.replace("4 neurons", "5 neurons"), "5 quoted, 4 measured"),  # counts are exact
        (
            lambda text: text.replace("neurons", "units"),
            "words differ",
        ),  # a word the generator no longer writes
    ],
)
def test_the_up_to_date_check_fails_on_stale_notes(tmp_path, edit, expected):
    for path in LESSONS.glob(f"*{LESSON_SUFFIX}"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    rewrite_notes(tmp_path / "woaini.rnnlesson", edit)
    problems = example_lessons_script().check(tmp_path)
    assert problems and all(p.startswith("woaini.rnnlesson: ") for p in problems)
    assert any(expected in p for p in problems), problems


def test_the_up_to_date_check_allows_rounding_and_retraining_but_not_more():
    script = example_lessons_script()
    view = {"description": "p = 97.3%, d = 0.004"}
    assert (
        script.view_differences(view, {"description": "p = 97.4%, d = 0.005"}, script.within_rounding) == []
    )
    assert script.view_differences(view, {"description": "p = 97.6%, d = 0.004"}, script.within_rounding)
    # retrained on another CPU: figures move a little, but not a lesson's worth
    assert (
        script.view_differences(view, {"description": "p = 96.1%, d = 0.0041"}, script.within_rebuild) == []
    )
    assert script.view_differences(view, {"description": "p = 80.0%, d = 0.004"}, script.within_rebuild)
    assert script.view_differences(view, {"description": "q = 97.3%, d = 0.004"}, script.within_rebuild)


# ---- the command line -----------------------------------------------------------------------------


def cli(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("error: ")
    for needle in needles:
        assert needle in line


def test_export_lesson_writes_the_lessons_model_and_trace(tmp_path):
    config = RNNConfig(input_size=3, hidden_size=4, seq_len=5, batch_size=2, seed=11)
    model = build_model(config)
    with torch.no_grad():
        model.rnn.weight_hh_l0.fill_(0.1)  # only the lesson file knows these weights
    path = save_lesson(tmp_path / "custom", config, model, position=4)
    out = tmp_path / "out"
    result = cli("export", "--lesson", path, "--out", out, "--no-images")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(out / "trace.npz"),
        str(out / "model.pt"),
        str(out / "pytorch_code.py"),
    ]
    state = torch.load(out / "model.pt", weights_only=True)
    assert torch.equal(state["weight_hh_l0"], torch.full((4, 4), 0.1))
    assert "0.100000001" in (out / "pytorch_code.py").read_text(encoding="utf-8")  # the code loads them too
    expected = Simulation.build(config, model)
    expected.stepper.seek(len(expected.stepper))
    with np.load(out / "trace.npz") as trace:
        assert np.array_equal(trace["hidden"], expected.stepper.hidden.numpy())
        assert np.array_equal(trace["inputs"], expected.inputs.numpy())


def test_export_lesson_images_are_drawn_at_the_lessons_step_unless_step_overrides(text_lesson, tmp_path):
    at_lesson = cli("export", "--lesson", text_lesson, "--out", tmp_path / "a")
    assert at_lesson.returncode == 0, at_lesson.stderr
    names = [Path(line).name for line in at_lesson.stdout.split()]
    assert "我爱你_network_step2.png" in names  # the lesson was saved at position 2
    assert not any("step3" in name for name in names)
    overridden = cli("export", "--lesson", text_lesson, "--out", tmp_path / "b", "--step", "1")
    assert overridden.returncode == 0, overridden.stderr
    names = [Path(line).name for line in overridden.stdout.split()]
    assert "我爱你_network_step1.png" in names and not any("step2" in name for name in names)
    assert (tmp_path / "b" / "我爱你_network_step1.png").stat().st_size > 1000


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--step", "4"], ["--step must be between 0 and 3 (the number of cells), got 4"]),
        (["--hidden-size", "8"], ["--lesson holds the configuration and weights; leave out --hidden-size"]),
        (["--preset", "tutorial-single"], ["leave out --preset"]),
        (["--no-bias"], ["leave out --no-bias"]),
    ],
)
def test_export_lesson_usage_errors(text_lesson, tmp_path, args, needles):
    out = tmp_path / "out"
    assert_one_line_error(
        cli("export", "--lesson", text_lesson, "--out", out, "--no-images", *args), *needles
    )
    assert not out.exists()


def test_export_of_a_broken_lesson_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.rnnlesson"
    path.write_bytes(b"PK not really")
    assert_one_line_error(
        cli("export", "--lesson", path, "--out", tmp_path / "out", "--no-images"),
        f"{path} is not a lesson file",
    )


def test_opening_a_missing_lesson_in_the_app_is_a_one_line_error(tmp_path):
    assert_one_line_error(
        cli(tmp_path / "missing.rnnlesson"), f"there is no file {tmp_path / 'missing.rnnlesson'}"
    )


def test_a_lesson_is_opened_on_its_own(text_lesson):
    assert_one_line_error(cli(text_lesson, "--seed", "3"), "a lesson file is opened on its own")


def test_app_opens_a_lesson_from_the_command_line(text_lesson):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RNN_STEPPER_SETTINGS": "isolated",
        "RNN_STEPPER_EXIT_AFTER_PAINT": "ready",
    }
    result = cli(text_lesson, env=env)
    assert result.returncode == 0, result.stderr
    assert "RNN_STEPPER_READY" in result.stdout
    assert "Traceback" not in result.stderr and "start-up" not in result.stderr


def test_help_documents_lesson_files():
    result = cli("--help")
    assert result.returncode == 0
    assert "LESSON.rnnlesson" in result.stdout and "export" in result.stdout
    assert "--lesson FILE" in cli("export", "--help").stdout


def test_main_knows_the_lesson_extension_without_importing_torch():
    sys.path.insert(0, str(ROOT))
    try:
        from rnn_stepper import main
    finally:
        sys.path.remove(str(ROOT))
    assert main.LESSON_SUFFIX == LESSON_SUFFIX
