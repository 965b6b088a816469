"""Learn mode's menu items and weight editing, wired in `MainWindow.build` (gui.action_support).

- Edit → Undo / Redo / Reset weights to initial, and double-clicking a weight in the Weights
  panel: every change goes through `Session.change_weights`, which owns the running model's
  `engine.weight_edits.WeightEditor` and its undo history (so a language switch, which replaces
  these actions, keeps it). The editor changes the model in place and recomputes the
  simulation's stepper at the same position (every later cell from the new weights, the module's
  reference too: nn.RNN, nn.LSTM or nn.GRU); the session then makes every panel redraw
  (weightsChanged). A new simulation (another configuration, a file, training) gets a new
  history: it belongs to the model it edited.
- File → Save model…: the running model's weights through `engine.model_io.save_model` (a plain
  state_dict that File → Open model reads back).
- Closing the window stops a training thread after its epoch.

Each dialog-showing `ask_*` method has a twin that does the work with the answer given
(`edit_weight`, `save_model`), which tests call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QWidget,
)
from rnn_stepper.engine.cell import GATES
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.messages import os_reason
from rnn_stepper.engine.weight_edits import WeightEditor
from rnn_stepper.gui.action_support import StatusReporter
from rnn_stepper.gui.i18n import translate_error
from rnn_stepper.gui.panels.base import StepPanel

log = logging.getLogger(__name__)

UNDO_SHORTCUT = QKeySequence.StandardKey.Undo  # Ctrl+Z (text fields keep their own undo)
REDO_SHORTCUT = "Ctrl+Shift+Z"
WEIGHT_RANGE = 1e6  # the edit dialog's limits: any sensible weight, nothing that overflows a float32
WEIGHT_DECIMALS = 6
MODEL_SUFFIX = ".pt"
DEFAULT_MODEL_NAME = "{cell}-model.pt"  # rnn-model.pt, lstm-model.pt, gru-model.pt


def gate_block_name(name: str, index, config) -> str:
    """A gated cell's weight in its gate block, as the formulas name it: weight_hh_l0[5, 0] of an
    LSTM with H = 4 is W_hf[1, 0] (rows are PyTorch's blocks, engine.cell.GATES); '' for the plain
    RNN and for parameters without blocks (LSTM's projection weight_hr)."""
    gates = GATES[config.cell]
    kind = name.split("_l")[0]
    if not gates or kind not in ("weight_ih", "weight_hh", "bias_ih", "bias_hh") or not len(index):
        return ""
    block, row = divmod(int(index[0]), config.hidden_size)
    if block >= len(gates):
        return ""
    letter = "W" if kind.startswith("weight") else "b"
    return f"{letter}_{kind[-2]}{gates[block]}[{', '.join(map(str, (row, *index[1:])))}]"


class LearnActions(QObject):
    """Learn mode's actions for `session`: the Edit menu, added to `menu_bar` before the menu of
    `edit_menu_before`; Save model, put into `file_menu` after `save_model_after` (at the end
    when None). The weights and train panels come from `panels`; saving starts in
    `start_folder()`; messages go to `status`. `host` (the main window) parents the dialogs, owns
    the shortcuts, and its closing stops a training thread."""

    def __init__(
        self,
        session,
        panels: Mapping[str, QWidget],
        menu_bar: QMenuBar,
        edit_menu_before: QAction,
        file_menu: QMenu,
        save_model_after: QAction | None,
        start_folder: Callable[[], str],
        status: StatusReporter,
        host: QMainWindow,
    ):
        super().__init__(host)
        self.host = host
        self.session = session
        self.panels = panels
        self.status = status
        self.start_folder = start_folder
        self.save_box: QMessageBox | None = None
        self._install_menus(menu_bar, edit_menu_before, file_menu, save_model_after)
        self.session.simulationChanged.connect(self._sync_actions)  # a new model: a new history
        self.session.weightsChanged.connect(self._sync_actions)
        weights = panels.get("weights")
        if hasattr(weights, "editRequested"):
            weights.editRequested.connect(self.ask_edit_weight)
        train = self.train_panel
        if train is not None:
            train.trainingStarted.connect(self._sync_actions)
            train.trainingStopped.connect(self._sync_actions)
        host.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._sync_actions()

    @property
    def train_panel(self):
        panel = self.panels.get("train")
        return panel if isinstance(panel, StepPanel) else None  # (not a panel that failed to build)

    # ---- menus --------------------------------------------------------------------------------------

    def _install_menus(
        self,
        menu_bar: QMenuBar,
        edit_menu_before: QAction,
        file_menu: QMenu,
        save_model_after: QAction | None,
    ) -> None:
        self.edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        self.edit_menu.setObjectName("editMenu")
        self.edit_menu.setToolTipsVisible(True)
        menu_bar.insertMenu(edit_menu_before, self.edit_menu)
        self.undo_action = self._action(self.tr("&Undo"), UNDO_SHORTCUT, self.undo, "undoWeightAction")
        self.redo_action = self._action(self.tr("&Redo"), REDO_SHORTCUT, self.redo, "redoWeightAction")
        self.reset_action = self._action(
            self.tr("Reset &weights to initial"), None, self.reset_weights, "resetWeightsAction"
        )
        self.reset_action.setToolTip(
            self.tr("Put every weight back to its value before the first edit (itself undoable)")
        )
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        hint = self.edit_menu.addAction(self.tr("Double-click a weight in the Weights panel to edit it"))
        hint.setEnabled(False)
        self.edit_menu.addAction(self.reset_action)

        self.save_model_action = self._action(
            self.tr("Save &model…"), None, self.ask_save_model, "saveModelAction"
        )
        self.save_model_action.setToolTip(
            self.tr(
                "Save the running model's weights (a PyTorch state_dict, opened again with File → Open model)"
            )
        )
        actions = file_menu.actions()
        if save_model_after in actions and actions.index(save_model_after) + 1 < len(actions):
            file_menu.insertAction(actions[actions.index(save_model_after) + 1], self.save_model_action)
        else:
            file_menu.insertAction(actions[-1] if actions else None, self.save_model_action)

    def _action(self, text: str, shortcut, slot, name: str) -> QAction:
        action = QAction(text, self.host)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.host.addAction(action)  # the shortcut works wherever the focus is
        return action

    def _sync_actions(self, *_args) -> None:
        editor, free = self.session.weight_editor, not self._training_owns_model()
        self.undo_action.setEnabled(free and editor.can_undo)
        self.redo_action.setEnabled(free and editor.can_redo)
        self.reset_action.setEnabled(free and editor.is_modified)
        # (an edit's name comes from the engine, in English: "set weight_hh_l0", "reset every weight")
        self.undo_action.setText(
            self.tr("&Undo {0}").format(translate_error(editor.undo_label))
            if editor.can_undo
            else self.tr("&Undo")
        )
        self.redo_action.setText(
            self.tr("&Redo {0}").format(translate_error(editor.redo_label))
            if editor.can_redo
            else self.tr("&Redo")
        )

    # ---- weight edits ---------------------------------------------------------------------------------

    def _training_owns_model(self) -> bool:
        train = self.train_panel
        return train is not None and train.is_busy

    def _refuse_while_training(self) -> bool:
        if not self._training_owns_model():
            return False
        self.status.show_error(
            self.tr(
                "The model is being trained: let the training finish, or cancel it, before editing weights."
            )
        )
        return True

    def ask_edit_weight(self, name: str, index, value: float) -> bool:
        """The Weights panel's double-click: ask for the new value, then edit."""
        if self._refuse_while_training():
            return False
        where = f"{name}[{', '.join(map(str, index))}]"
        block = gate_block_name(name, index, self.session.config)
        if block:
            where += f" ({block})"
        new, ok = QInputDialog.getDouble(
            self.host,
            self.tr("Edit weight"),
            self.tr("New value of {0}:").format(where),
            value,
            -WEIGHT_RANGE,
            WEIGHT_RANGE,
            WEIGHT_DECIMALS,
        )
        if not ok or new == value:
            return False
        return self.edit_weight(name, index, new)

    def edit_weight(self, name: str, index, value: float) -> bool:
        """Set one weight; every cell from the first one that reads it is recomputed."""
        if self._refuse_while_training():
            return False
        return self._change(lambda: self.session.edit_weight(name, index, value), self.tr("Edited {0}"))

    def undo(self) -> bool:
        if self._refuse_while_training() or not self.session.weight_editor.can_undo:
            return False
        return self._change(lambda: self.session.change_weights(WeightEditor.undo), self.tr("Undid {0}"))

    def redo(self) -> bool:
        if self._refuse_while_training() or not self.session.weight_editor.can_redo:
            return False
        return self._change(lambda: self.session.change_weights(WeightEditor.redo), self.tr("Redid {0}"))

    def reset_weights(self) -> bool:
        if self._refuse_while_training():
            return False
        return self._change(
            lambda: self.session.change_weights(WeightEditor.reset),
            self.tr("{0}: the weights are back to where they started"),
        )

    def _change(self, change, message: str) -> bool:
        """`change()` asks the session for an edit (the session announces it); then say what was done."""
        try:
            edit = change()
        except UserError as exc:
            self.status.show_error(translate_error(exc))
            return False
        except Exception as exc:  # a failed edit must not end the app
            log.exception("weight edit failed")
            self.status.show_error(self.tr("unexpected error: {0}: {1}").format(type(exc).__name__, exc))
            return False
        if edit is None:
            return False
        self.status.show_message(message.format(translate_error(edit.label)))
        return True

    # ---- saving the model -----------------------------------------------------------------------------

    def default_model_path(self) -> Path:
        return Path(self.start_folder()) / DEFAULT_MODEL_NAME.format(cell=self.session.config.cell)

    def ask_save_model(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.host,
            self.tr("Save model"),
            str(self.default_model_path()),
            self.tr("PyTorch state_dict (*.pt *.pth);;All files (*)"),
        )
        if not path:
            return
        try:
            written = self.save_model(path)
        except UserError as exc:
            self.save_box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Could not save the model"),
                translate_error(exc),
                QMessageBox.StandardButton.Close,
                self.host,
            )
            self.save_box.setObjectName("saveModelProblemBox")
            self.save_box.show()
            return
        self.status.show_message(
            self.tr("Saved the model to {0} (open it with File → Open model)").format(written)
        )

    def save_model(self, path: str | Path) -> Path:
        """Write the running model's weights; a name without a suffix gets .pt."""
        from rnn_stepper.engine.files import check_file_name
        from rnn_stepper.engine.model_io import save_model

        path = Path(path).expanduser()
        if not path.suffix:
            path = path.with_suffix(MODEL_SUFFIX)
        check_file_name(path.name)
        try:
            save_model(self.session.simulation.model, path)
        except OSError as exc:
            raise UserError("file.cannot_write", path=path, msg_error=os_reason(exc)) from None
        return path

    # ---- closing ----------------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Close:
            self.shutdown()
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        train = self.train_panel
        if train is not None:
            train.shutdown()
