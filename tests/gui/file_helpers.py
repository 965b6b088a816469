"""Shared by the file-menu, classroom, bad-input and monkey tests: a real window with its own
settings file, model files to open, and answering modal dialogs."""

from __future__ import annotations

import os
import pathlib
import pickle

import torch
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from rnn_stepper.engine.config import RNNConfig
from rnn_stepper.engine.model import build_model
from rnn_stepper.engine.model_io import save_model
from torch import nn

TEXT_MODEL = RNNConfig(input_size=6, hidden_size=5, text="我爱你们", seed=3)


def built_window(qtbot, config=None):
    from rnn_stepper.gui.main_window import create_main_window

    window = create_main_window(config)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def save_text_model(path, config=TEXT_MODEL, nonlinearity="tanh", poison=None):
    """A text model saved by the app's own format (the vocabulary travels in the file).
    `poison`: {"parameter name": value} written into the first element of those tensors."""
    model = build_model(config.replace(nonlinearity=nonlinearity))
    with torch.no_grad():
        for name, value in (poison or {}).items():
            model.get_parameter(name).view(-1)[0] = value
    save_model(model, path)
    return model


class TutorialModel(nn.Module):
    """Embedding -> RNN -> Linear as a user writes it, saved without a vocabulary."""

    def __init__(self, vocab_size=5, embed=4, hidden=3):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, embed)
        self.rnn = nn.RNN(embed, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, vocab_size)


def save_tutorial_model(folder, tokens=("我", "爱", "你", "他", "们")):
    torch.manual_seed(7)
    model = TutorialModel(vocab_size=len(tokens))
    path = pathlib.Path(folder) / "tutorial.pt"
    torch.save(model.state_dict(), path)
    vocab = pathlib.Path(folder) / "vocab.txt"
    vocab.write_text("\n".join(tokens) + "\n", encoding="utf-8")
    return path, vocab, model


class ShellOnLoad:
    """Unpickling this runs a shell command that creates `marker`: proof that code ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch '{self.marker}'",))


def write_code_running_pickle(path, marker):
    """A real-looking state_dict with a payload inside; checks that the payload does work."""
    control_marker = pathlib.Path(str(marker) + ".control")
    obj = {**nn.RNN(3, 4).state_dict(), "hook": ShellOnLoad(control_marker)}
    control = pathlib.Path(str(path) + ".control")
    torch.save(obj, control)
    torch.load(control, weights_only=False)  # the unsafe way: it must run the payload
    assert control_marker.exists(), "the payload does not work; the test would prove nothing"
    torch.save({**nn.RNN(3, 4).state_dict(), "hook": ShellOnLoad(marker)}, path)
    return path


def bad_files(folder) -> dict[str, pathlib.Path]:
    """Files that are not models: empty, truncated, random bytes, text, a torch file holding a list,
    a plain (non-torch) pickle."""
    folder = pathlib.Path(folder)
    good = folder / "good.pt"
    torch.save(nn.RNN(3, 4).state_dict(), good)
    no_weights = folder / "list.pt"
    torch.save([1, 2, 3], no_weights)  # a real PyTorch file, but no state_dict in it
    files = {
        "empty": b"",
        "truncated": good.read_bytes()[: len(good.read_bytes()) // 2],
        "random": bytes(range(256)) * 7,
        "text": "这不是模型 — not a model\n".encode(),
        "pickle-list": no_weights.read_bytes(),
        "raw-pickle": pickle.dumps({"weight_ih_l0": [[1.0]]}, protocol=4),
    }
    paths = {}
    for name, data in files.items():
        path = folder / f"bad-{name}.pt"
        path.write_bytes(data)
        paths[name] = path
    return paths


def answer_next_dialog(callback, attempts: int = 50):
    """Run `callback(dialog)` on the next modal dialog once it is shown (dialog.exec() blocks)."""

    def try_now(left=attempts):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if left > 0:
                QTimer.singleShot(20, lambda: try_now(left - 1))
            return
        callback(dialog)

    QTimer.singleShot(0, try_now)


def model_state(model) -> dict:
    return {k: v.clone() for k, v in model.state_dict().items() if isinstance(v, torch.Tensor)}
