"""nn.LSTM and nn.GRU model files and lessons: opened in the layouts the RNN path accepts, saved so
that they load into nn.LSTM / nn.GRU built with the same options, and lessons carry the cell."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import torch
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.errors import ModelFileError
from rnn_stepper.engine.lesson_file import open_lesson, save_lesson
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.model_io import load_model, save_model
from rnn_stepper.engine.simulation import Simulation
from torch import nn

from tests.engine.test_model_io import write_vocab

ROOT = Path(__file__).resolve().parents[2]
TOKENS = ["我", "爱", "你", "们", "。"]


class GatedTutorialModel(nn.Module):
    """embedding -> LSTM/GRU -> linear, as tutorials write it, under configurable names."""

    def __init__(self, module, names=("emb", "lstm", "fc"), embed=6, hidden=5, proj=0, bidirectional=True):
        super().__init__()
        self.names = names
        kwargs = dict(num_layers=2, bidirectional=bidirectional)
        if proj:
            kwargs["proj_size"] = proj
        setattr(self, names[0], nn.Embedding(len(TOKENS), embed))
        setattr(self, names[1], module(embed, hidden, **kwargs))
        setattr(self, names[2], nn.Linear((proj or hidden) * (2 if bidirectional else 1), len(TOKENS)))

    def forward(self, ids):
        emb, rnn, fc = (getattr(self, n) for n in self.names)
        out, _ = rnn(emb(ids).unsqueeze(1))
        return torch.softmax(fc(out[:, 0]), dim=-1)


@pytest.mark.parametrize("module, proj", [(nn.LSTM, 0), (nn.LSTM, 3), (nn.GRU, 0)])
@pytest.mark.parametrize("names", [("emb", "lstm", "fc"), ("embedding", "rnn", "decoder")])
def test_tutorial_layout_opens_and_computes_the_same(tmp_path, module, proj, names):
    torch.manual_seed(1)
    user = GatedTutorialModel(module, names, proj=proj)
    path = tmp_path / "user.pt"
    torch.save({"model_state_dict": user.state_dict(), "epoch": 3}, path)  # a checkpoint dict
    loaded = load_model(path, RNNConfig(text="我爱你们"), vocab_path=write_vocab(tmp_path, TOKENS))
    config = loaded.config
    assert config.cell == ("lstm" if module is nn.LSTM else "gru") and config.proj_size == proj
    assert config.num_layers == 2 and config.bidirectional and config.hidden_size == 5
    sim = Simulation.build(config, loaded.model)
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= 1e-5 and sim.stepper.full_forward_diff() <= 1e-5
    with torch.no_grad():
        expected = user(sim.token_ids)
    torch.testing.assert_close(sim.all_probabilities()[:, 0], expected, atol=1e-5, rtol=0)


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU])
def test_one_hot_classifier_without_embedding(tmp_path, module):
    """The name-classifier layout: one-hot characters -> LSTM/GRU -> class head, with labels."""

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = module(len(TOKENS), 4)
            self.h2o = nn.Linear(4, 2)

    path = tmp_path / "classifier.pt"
    torch.save(Classifier().state_dict(), path)
    labels = tmp_path / "labels.txt"
    labels.write_text("好\n坏\n", encoding="utf-8")
    loaded = load_model(
        path,
        RNNConfig(text="我爱你"),
        vocab_path=write_vocab(tmp_path, TOKENS),
        text_given=True,
        labels_path=labels,
    )
    assert loaded.model.one_hot and loaded.model.is_classifier and loaded.model.class_names == ("好", "坏")
    sim = Simulation.build(loaded.config, loaded.model)
    sim.stepper.run_to_end()
    assert sim.stepper.max_abs_diff() <= 1e-5


@pytest.mark.parametrize("cell, proj", [("lstm", 0), ("lstm", 2), ("gru", 0)])
@pytest.mark.parametrize("text", ["", "我爱你"])
def test_saved_model_loads_into_the_module_built_with_the_same_options(tmp_path, cell, proj, text):
    config = RNNConfig(
        cell=cell, proj_size=proj, input_size=4, hidden_size=5, num_layers=2, bidirectional=True, text=text
    )
    model = build_model(config)
    path = tmp_path / "model.pt"
    save_model(model, path)
    state = torch.load(path, weights_only=True)
    module = {"lstm": nn.LSTM, "gru": nn.GRU}[cell](**config.nn_rnn_kwargs())
    rnn_state = {k[4:]: v for k, v in state.items() if k.startswith("rnn.")} if text else state
    module.load_state_dict(rnn_state)  # strict: every key and shape fits
    if text:
        assert state["_extra_state"]["cell"] == cell
    reopened = load_model(path, config)
    assert reopened.config.cell == cell and reopened.config.proj_size == proj


def test_nonlinearity_is_refused_for_a_gated_file(tmp_path):
    path = tmp_path / "lstm.pt"
    torch.save(nn.LSTM(3, 4).state_dict(), path)
    with pytest.raises(ModelFileError, match="holds an nn.LSTM, whose gates fix their nonlinearities"):
        load_model(path, RNNConfig(), nonlinearity="relu")


def test_projection_weight_is_never_taken_for_a_head(tmp_path):
    """weight_hr [proj, hidden] is the LSTM's own; it must not be read as a linear head."""
    path = tmp_path / "proj.pt"
    torch.save(nn.LSTM(3, 4, proj_size=2).state_dict(), path)
    loaded = load_model(path, RNNConfig())
    assert loaded.model.head is None and loaded.config.proj_size == 2
    assert (
        "used: nn.LSTM: input_size=3, hidden_size=4, proj_size=2, 1 layer, one direction, bias=True, float32"
        in loaded.notes
    )


@pytest.mark.parametrize("cell, proj", [("lstm", 2), ("gru", 0)])
def test_lesson_carries_the_cell_and_reopens_identically(tmp_path, cell, proj):
    config = RNNConfig(cell=cell, proj_size=proj, input_size=4, hidden_size=3, text="我爱你", h0="random")
    model = build_model(config)
    path = save_lesson(tmp_path / "gated", config, model, position=2, step_size="sub-operation")
    document = json.loads(zipfile.ZipFile(path).read("lesson.json"))
    assert document["config"]["cell"] == cell
    assert ("c0_sha256" in document) == (cell == "lstm")
    lesson = open_lesson(path)
    assert lesson.config == config and lesson.notes == [] and lesson.position == 2
    for name, tensor in model.state_dict().items():
        if name != "_extra_state":
            assert torch.equal(lesson.model.state_dict()[name], tensor)


def test_an_rnn_lesson_is_written_as_before_and_old_lessons_open_as_rnn(tmp_path):
    path = save_lesson(tmp_path / "plain", RNNConfig(), build_model(RNNConfig()))
    document = json.loads(zipfile.ZipFile(path).read("lesson.json"))
    assert "cell" not in document["config"] and "proj_size" not in document["config"]
    # Bundled lessons written without a cell (all but the gated memory lessons) open as nn.RNN.
    modules = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
    cells = {}
    for bundled in sorted((ROOT / "resources" / "lessons").glob("*.rnnlesson")):
        cell = json.loads(zipfile.ZipFile(bundled).read("lesson.json"))["config"].get("cell", "rnn")
        lesson = open_lesson(bundled)
        assert lesson.config.cell == cell and type(lesson.model.rnn) is modules[cell], bundled.name
        cells[bundled.stem] = cell
    assert {cells[name] for name in ("tutorial-single", "woaini", "vanishing-memory", "memory-rnn")} == {
        "rnn"
    }


def test_a_lesson_whose_weights_are_another_cell_is_refused(tmp_path):
    """A config that says gru over LSTM weights (a hand-edited file) is refused with the shapes."""
    config = RNNConfig(cell="lstm", input_size=4, hidden_size=3, text="我爱你")
    path = save_lesson(tmp_path / "edited", config, build_model(config))
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = json.loads(members["lesson.json"])
    document["config"]["cell"] = "gru"
    members["lesson.json"] = json.dumps(document).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ModelFileError, match=r"the configuration \(nn.GRU, input_size 4, hidden_size 3"):
        open_lesson(path)
