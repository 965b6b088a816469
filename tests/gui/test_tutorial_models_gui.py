"""The app with the models students bring: a one-hot name classifier opened with its vocabulary
and class names (File → Open model), and the user's own input tensor (File → Open input)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QLabel
from rnn_stepper.engine.errors import UserError
from torch import nn

from tests.gui.file_helpers import answer_next_dialog, built_window

LETTERS = "abcdefghijklmnopqrstuvwxyz "
LANGUAGES = ["English", "Chinese", "French"]


class NameClassifier(nn.Module):  # the PyTorch char-RNN tutorial's layout
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(len(LETTERS), 8)
        self.h2o = nn.Linear(8, len(LANGUAGES))
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, x):
        _, hidden = self.rnn(x)
        return self.softmax(self.h2o(hidden[0]))


def one_hot(name: str) -> torch.Tensor:
    return (
        nn.functional.one_hot(torch.tensor([LETTERS.index(c) for c in name]), len(LETTERS))
        .float()
        .unsqueeze(1)
    )


@pytest.fixture
def files(tmp_path):
    torch.manual_seed(11)
    model = NameClassifier().eval()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    data = [("smith", 0), ("jones", 0), ("wang", 1), ("zhang", 1), ("dubois", 2), ("girard", 2)]
    for _ in range(40):  # briefly trained on names made here
        for name, label in data:
            loss = nn.functional.nll_loss(model(one_hot(name)), torch.tensor([label]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    torch.save(model.state_dict(), tmp_path / "char_rnn.pt")
    (tmp_path / "letters.txt").write_text("\n".join("\\s" if c == " " else c for c in LETTERS) + "\n")
    (tmp_path / "languages.json").write_text(json.dumps(LANGUAGES))
    return model, tmp_path


@pytest.fixture
def window(qtbot, settings_file):
    return built_window(qtbot)


def labels_text(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_open_model_dialog_opens_a_one_hot_classifier_with_class_names(qtbot, window, files):
    model, folder = files

    def fill(dialog):
        dialog.path_edit.setText(str(folder / "char_rnn.pt"))
        dialog.vocab_edit.setText(str(folder / "letters.txt"))
        dialog.labels_edit.setText(str(folder / "languages.json"))
        dialog.text_edit.setText("zhang")
        dialog.accept()

    answer_next_dialog(fill)
    window.file_actions.ask_open_model()
    session = window.session
    simulation = session.simulation
    assert simulation.model.one_hot and simulation.model.class_names == tuple(LANGUAGES)
    assert torch.equal(simulation.inputs, one_hot("zhang"))
    info = window.file_actions.info_box.informativeText()
    assert "one-hot input" in info and "classifier head h2o.weight, h2o.bias with 3 classes" in info

    output, code = window.panels["output"], window.panels["code"]
    with torch.no_grad():
        running = [torch.exp(model(one_hot("zhang")[: t + 1]))[0] for t in range(5)]
    session.step()  # t = 0: the running guess after "z", no final prediction yet
    assert output.predicted_token() == LANGUAGES[int(running[0].argmax())]
    assert output.final_prediction() is None
    assert "one-hot of" in labels_text(window.panels["calculation"])
    session.run_to_end()
    final = LANGUAGES[int(running[-1].argmax())]
    assert output.predicted_token() == final and output.final_prediction() == final
    shown = dict(output.shown_probabilities())
    for i, language in enumerate(LANGUAGES):
        assert shown[language] == pytest.approx(float(running[-1][i]), abs=1e-5)
    assert window.panels["network"].prediction(4)[0] == final
    z = LETTERS.index("z")
    assert window.panels["weights"].value_text_at("weight_ih", 0, z).endswith("(column of the token “z”)")
    assert (
        "nn.functional.one_hot(token_ids" in code.code() and '"English", "Chinese", "French"' in code.code()
    )
    entry = window.file_actions.recent_files()[0]
    assert entry.labels == str(folder / "languages.json")


def test_open_input_feeds_an_unbatched_tensor_and_a_bad_one_changes_nothing(qtbot, window, files, tmp_path):
    model, folder = files
    assert window.file_actions.open_model(folder / "char_rnn.pt")  # no vocabulary: tensor input
    actions = window.file_actions.input_actions
    x = torch.randn(7, len(LETTERS))
    np.save(tmp_path / "x.npy", x.numpy())
    assert actions.open(tmp_path / "x.npy")
    simulation = window.session.simulation
    assert simulation.unbatched and simulation.seq_len == 7
    window.session.run_to_end()
    with torch.no_grad():
        output, h_n = model.rnn(x)  # nn.RNN's own unbatched call
    torch.testing.assert_close(simulation.stepper.output()[:, 0], output, atol=1e-5, rtol=0)
    rows = window.panels["code"].shape_rows()
    assert rows["inputs"] == "torch.Size([7, 27])" and rows["output"] == "torch.Size([7, 8])"
    assert rows["h_n"] == "torch.Size([1, 8])"
    assert "unbatched" in window.panels["code"].code()
    assert actions.generated_action.isEnabled()
    seq_len = window.panels["config"].fields["seq_len"]
    assert seq_len.value() == 7 and not seq_len.isEnabled() and "x.npy" in seq_len.toolTip()

    # a configuration change keeps the input file in use (and the loaded weights)
    dtype = window.panels["config"].fields["dtype"]
    index = dtype.findText("float64")
    dtype.setCurrentIndex(index)
    dtype.activated.emit(index)
    simulation = window.session.simulation
    assert simulation.config.dtype == "float64" and simulation.unbatched
    torch.testing.assert_close(simulation.inputs[:, 0], x.double(), rtol=0, atol=0)

    np.save(tmp_path / "wrong.npy", np.zeros((7, 5), dtype=np.float32))
    assert not actions.open(tmp_path / "wrong.npy")
    assert "has 5 features per step" in window.file_actions.last_problem
    assert window.session.simulation is simulation  # nothing changed

    torch.save(torch.zeros(1, 3), tmp_path / "h0.pt")
    assert not actions.open(tmp_path / "h0.pt", "h0")
    assert "the h0 file h0.pt has shape (1, 3); for unbatched input" in window.file_actions.last_problem
    torch.save(torch.ones(1, 8) * 0.5, tmp_path / "h0.pt")
    assert actions.open(tmp_path / "h0.pt", "h0")
    assert torch.equal(window.session.simulation.h0[:, 0], torch.ones(1, 8) * 0.5)

    with pytest.raises(UserError, match="a lesson cannot hold your input or h0 files"):
        window.file_actions.save_lesson(tmp_path / "x.rnnlesson")
    assert not (tmp_path / "x.rnnlesson").exists()

    # opening a preset starts afresh (no input file that may not fit it)
    assert window.session.load_preset("tutorial-single") and window.session.simulation.user_input is None
    assert actions.open(tmp_path / "h0.pt", "h0") is False  # (1, 8) does not fit hidden_size 256
    assert actions.open(tmp_path / "x.npy") is False  # 27 features, input_size 128
    assert window.session.simulation.user_input is None

    assert window.file_actions.open_model(folder / "char_rnn.pt") and actions.open(tmp_path / "x.npy")
    assert actions.use_generated()
    assert window.session.simulation.user_input is None and not actions.generated_action.isEnabled()
    assert seq_len.isEnabled()
