"""File → Open input… / Open initial state h0… / Use generated input: the user's own tensors.

Reading and every shape check are the engine's (`engine.user_inputs`); the session keeps the
files in use across configuration changes (`Session.set_config`). A refused file is reported
and changes nothing: the running simulation stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.user_inputs import UserInput, read_tensor_file
from rnn_stepper.gui.action_support import StatusReporter, collected_refusals
from rnn_stepper.gui.i18n import translate_error

log = logging.getLogger(__name__)

INPUT, H0 = "input", "h0"


class InputActions(QObject):
    """The three actions (the File menu places them) for `session`. A refusal goes to
    `report_problem(title, text)`, a success to `status`; the file dialog opens in
    `start_folder()`, on top of `host`."""

    def __init__(
        self,
        session,
        status: StatusReporter,
        report_problem: Callable[[str, str], None],
        start_folder: Callable[[], str],
        host: QWidget,
    ):
        super().__init__(host)
        self.session = session
        self.status = status
        self.report_problem = report_problem
        self.start_folder = start_folder
        self.host = host
        self.open_input_action = self._action(
            self.tr("Open &input…"),
            self.tr(
                "Feed your own input tensor (.npy or .pt): (seq_len, batch, "
                "input_size), batch-first, or unbatched (seq_len, input_size)"
            ),
            lambda: self.ask_open(INPUT),
            "openInputAction",
        )
        self.open_h0_action = self._action(
            self.tr("Open initial &state h0…"),
            self.tr(
                "Start from your own h0 (.npy or .pt): (num_layers * num_directions, batch, hidden_size)"
            ),
            lambda: self.ask_open(H0),
            "openH0Action",
        )
        self.generated_action = self._action(
            self.tr("Use &generated input"),
            self.tr("Forget the input and h0 files: input and h0 come from the configuration again"),
            self.use_generated,
            "generatedInputAction",
        )
        self.session.simulationChanged.connect(self._on_simulation_changed)
        self._on_simulation_changed(self.session.simulation)

    def actions(self) -> list[QAction]:
        return [self.open_input_action, self.open_h0_action, self.generated_action]

    def _action(self, text: str, tip: str, slot, name: str) -> QAction:
        action = QAction(text, self.host)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _on_simulation_changed(self, simulation) -> None:
        self.generated_action.setEnabled(simulation.user_input is not None)

    def ask_open(self, what: str) -> None:
        title = self.tr("Open input") if what == INPUT else self.tr("Open initial state h0")
        path, _ = QFileDialog.getOpenFileName(
            self.host, title, self.start_folder(), self.tr("Tensors (*.npy *.pt *.pth);;All files (*)")
        )
        if path:
            self.open(path, what)

    def open(self, path: str | Path, what: str = INPUT) -> bool:
        """Use a tensor file as the input (or h0); on any problem say why and change nothing."""
        session = self.session
        current = session.simulation.user_input or UserInput()
        try:
            tensor = read_tensor_file(Path(path).expanduser(), what)
            if what == INPUT:
                user = UserInput(tensor, current.h0, Path(path).name, current.h0_name)
            else:
                user = UserInput(current.inputs, tensor, current.input_name, Path(path).name)
            config = session.config
            if what == INPUT and config.is_text:
                config = config.replace(text="")  # the tensor goes straight into the RNN
            model = session.simulation.model if session.model_is_custom else None
            session.pause()
            with collected_refusals(session) as refused:
                applied = session.set_config(config, model, user_input=user)
            if not applied:
                raise UserError(
                    "gui.as_given", text=refused[0] if refused else self.tr("the file does not fit the model")
                )
        except UserError as exc:
            self.report_problem(self.tr("Could not use the file"), translate_error(exc))
            return False
        except Exception as exc:  # a defect, but opening a file must not end the app
            log.exception("opening the %s file %s failed", what, path)
            self.report_problem(self.tr("Could not use the file"), f"{type(exc).__name__}: {exc}")
            return False
        shape = tuple(tensor.shape)
        if what == INPUT:
            kind = self.tr("unbatched input") if user.unbatched else self.tr("input")
        else:
            kind = "h0"
        self.status.show_message(self.tr("Using {0} {1}, shape {2}").format(kind, Path(path).name, shape))
        return True

    def use_generated(self) -> bool:
        model = self.session.simulation.model if self.session.model_is_custom else None
        return self.session.set_config(self.session.config, model, user_input=None)
