"""Editing a model's weights by hand, with undo, redo and reset, keeping the stepper truthful.

Names are the model's parameter names: the RNN's may be given bare, as nn.RNN names them
('weight_hh_l1', 'bias_ih_l0_reverse') or with the model's prefix ('rnn.weight_hh_l1'); text
models also have 'embedding.weight', 'head.weight' and 'head.bias'.

After every change (edit, undo, redo, reset) the cells are recomputed in place
(`Simulation.recompute`): the simulation keeps its `Stepper` object, which computes again every
cell up to its position from the current weights, and rebuilds its nn.RNN reference from them too.
Nothing is replaced, so a script that holds `stepper = simulation.stepper` across an edit reads
the edited model's numbers, never stale ones. This is the simplest approach that is always right;
it costs one recomputation up to the current position (a whole-trace seek is the fast
`run_to_end` path). Cells that do not depend on the edited weight come out bit-for-bit the same,
because they are the same operations on the same numbers. An edit of the embedding also remakes
the text's input vectors. An edit of the head changes no cell, only the probabilities (computed
from the head when read).

The GUI's Session owns the editor of its running simulation and announces each change
(gui.session: edit_weight, undo_weight_edit, redo_weight_edit, reset_weights).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import torch
from rnn_stepper.engine.errors import ConfigError
from rnn_stepper.engine.messages import Message
from rnn_stepper.engine.model import PARAM_KINDS, PROJECTION_KIND

MAX_UNDO = 500
# Whole-tensor edits keep two copies of the tensor: 500 of them on a 1024 x 1024 W_hh would hold
# 4 GiB. The history also stops at this many bytes, dropping the oldest edits first (the newest
# one is always kept, so the last action can be undone).
MAX_UNDO_BYTES = 64 * 1024**2


@dataclass(frozen=True)
class Change:
    name: str  # full parameter name in the model, e.g. "rnn.weight_hh_l1"
    index: tuple[int, ...] | None  # one element, or None for the whole tensor
    before: torch.Tensor  # exact previous value(s), a private copy
    after: torch.Tensor


@dataclass(frozen=True)
class WeightEdit:
    """One undoable action: a single weight, a whole tensor, or a reset (several tensors)."""

    label: str  # "weight_hh_l1[0, 2] = 0.5", for an Undo menu or a status line
    changes: tuple[Change, ...]


class WeightEditor:
    """Undoable edits of `simulation`'s model, in place.

    Every change (set_weight, set_tensor, scale, undo, redo, reset) writes the model's parameters
    and then recomputes `simulation.stepper` in place (`Simulation.recompute`): the same Stepper
    object, at the same position, with every computed cell, record and nn.RNN reference from the
    new weights. A script may therefore hold `stepper = simulation.stepper` across edits::

        editor = WeightEditor(simulation)
        stepper = simulation.stepper
        editor.set_weight("weight_hh_l0", (0, 1), 0.5)
        stepper.current  # the current cell as the edited model computes it

    (A StepRecord kept from before the edit is a snapshot of the old cell.) The history (undo,
    redo, reset to the weights at the editor's creation) belongs to this model and simulation."""

    def __init__(self, simulation):
        self.simulation = simulation
        self.model = simulation.model
        self._parameters = dict(self.model.named_parameters())
        self._initial = {name: p.detach().clone() for name, p in self._parameters.items()}
        self._undo: list[WeightEdit] = []
        self._redo: list[WeightEdit] = []

    # ---- names and values -------------------------------------------------------------------------

    def parameter_names(self) -> list[str]:
        """Every editable parameter, by its full name ('rnn.weight_ih_l0', 'head.bias', ...)."""
        return list(self._parameters)

    def full_name(self, name: str) -> str:
        if name in self._parameters:
            return name
        if "rnn." + name in self._parameters:
            return "rnn." + name
        raise ConfigError("edit.no_parameter", name=repr(name), names=", ".join(self._parameters))

    def tensor(self, name: str) -> torch.Tensor:
        """The live parameter (do not write to it directly: edits go through this editor)."""
        return self._parameters[self.full_name(name)]

    def value(self, name: str, index) -> float:
        name = self.full_name(name)
        return float(self._parameters[name][self._check_index(name, index)])

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    @property
    def is_modified(self) -> bool:
        """Whether any weight differs from the model as it was when the editor was made."""
        return any(not torch.equal(p, self._initial[n]) for n, p in self._parameters.items())

    # ---- edits ------------------------------------------------------------------------------------

    def set_weight(self, name: str, index, value: float) -> WeightEdit:
        """Set one element, e.g. set_weight('weight_hh_l1', (0, 2), 0.5)."""
        name = self.full_name(name)
        index = self._check_index(name, index)
        value = _check_value(value)
        parameter = self._parameters[name]
        after = torch.tensor(value, dtype=parameter.dtype)
        short = name.removeprefix("rnn.")
        label = f"{short}[{', '.join(map(str, index))}] = {float(after):.6g}"
        return self._apply_new(WeightEdit(label, (Change(name, index, parameter[index].clone(), after),)))

    def set_tensor(self, name: str, values, label: str | None = None) -> WeightEdit:
        """Replace a whole parameter (same shape), e.g. to scale W_hh and watch gradients explode."""
        name = self.full_name(name)
        parameter = self._parameters[name]
        values = torch.as_tensor(values, dtype=parameter.dtype)
        if values.shape != parameter.shape:
            raise ConfigError(
                "edit.shape", name=name, shape=tuple(parameter.shape), shape2=tuple(values.shape)
            )
        if not bool(torch.isfinite(values).all()):
            raise ConfigError("edit.values_not_finite")
        change = Change(name, None, parameter.detach().clone(), values.detach().clone())
        return self._apply_new(
            WeightEdit(label or Message("edit.set", name=name.removeprefix("rnn.")), (change,))
        )

    def scale(self, name: str, factor: float) -> WeightEdit:
        factor = _check_value(factor)
        return self.set_tensor(
            name,
            self.tensor(name).detach() * factor,
            label=f"{self.full_name(name).removeprefix('rnn.')} × {factor:g}",
        )

    def undo(self) -> WeightEdit | None:
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._write(edit, "before", reversed_order=True)
        self._redo.append(edit)
        return edit

    def redo(self) -> WeightEdit | None:
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._write(edit, "after")
        self._undo.append(edit)
        return edit

    def reset(self) -> WeightEdit | None:
        """Every weight back to its initial value; itself undoable. None if nothing was changed."""
        changes = tuple(
            Change(name, None, p.detach().clone(), self._initial[name].clone())
            for name, p in self._parameters.items()
            if not torch.equal(p, self._initial[name])
        )
        if not changes:
            return None
        return self._apply_new(WeightEdit(Message("edit.reset_all"), changes))

    # ---- what an edit affects ---------------------------------------------------------------------

    def affected_rows(self, name: str) -> list[int]:
        """Hidden-state rows (layer * D + direction) whose cells depend on parameter `name`."""
        name = self.full_name(name)
        s = self.simulation.stepper
        if name.startswith("embedding."):
            return list(range(s.L * s.D))
        if not name.startswith("rnn."):
            return []  # the head reads the output; no cell depends on it
        layer, direction = _layer_and_direction(name.removeprefix("rnn."))
        return [layer * s.D + direction] + list(range((layer + 1) * s.D, s.L * s.D))

    def first_affected_index(self, name: str) -> int | None:
        """Schedule index of the first cell that depends on `name` (None: no cell does)."""
        s = self.simulation.stepper
        firsts = []
        for row in self.affected_rows(name):
            layer, direction = divmod(row, s.D)
            firsts.append(s.schedule.index(layer, direction, 0 if direction == 0 else s.T - 1))
        return min(firsts) if firsts else None

    # ---- internals --------------------------------------------------------------------------------

    def _check_index(self, name: str, index) -> tuple[int, ...]:
        shape = tuple(self._parameters[name].shape)
        if isinstance(index, int) and not isinstance(index, bool):
            index = (index,)
        wrong = ConfigError("edit.position_numbers", name=name, count=len(shape), value=repr(index))
        try:
            index = tuple(index)
        except TypeError:
            raise wrong from None
        if len(index) != len(shape) or any(isinstance(i, bool) or not isinstance(i, int) for i in index):
            raise wrong
        for axis, (i, size) in enumerate(zip(index, shape)):
            if not 0 <= i < size:
                raise ConfigError(
                    "edit.position_outside", index=i, axis=axis, name=name, last=size - 1, shape=shape
                )
        return index

    def _apply_new(self, edit: WeightEdit) -> WeightEdit:
        self._write(edit, "after")
        self._undo.append(edit)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        while len(self._undo) > 1 and sum(map(_edit_bytes, self._undo)) > MAX_UNDO_BYTES:
            del self._undo[0]
        return edit

    @torch.no_grad()
    def _write(self, edit: WeightEdit, side: str, reversed_order: bool = False) -> None:
        changes = reversed(edit.changes) if reversed_order else edit.changes
        for change in changes:
            parameter = self._parameters[change.name]
            value = getattr(change, side)
            if change.index is None:
                parameter.copy_(value)
            else:
                parameter[change.index] = value
        self._recompute()

    def _recompute(self) -> None:
        """Every computed cell again from the edited weights, in place (see the module docstring)."""
        self.simulation.recompute()


def _edit_bytes(edit: WeightEdit) -> int:
    return sum(change.before.nbytes + change.after.nbytes for change in edit.changes)


def _check_value(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ConfigError("edit.value_not_finite", value=repr(value))
    return float(value)


def _layer_and_direction(rnn_name: str) -> tuple[int, int]:
    """'weight_hh_l1_reverse' -> (1, 1)."""
    for kind in (*PARAM_KINDS, PROJECTION_KIND):
        prefix = kind + "_l"
        if rnn_name.startswith(prefix):
            rest = rnn_name[len(prefix) :]
            reverse = rest.endswith("_reverse")
            return int(rest.removesuffix("_reverse")), 1 if reverse else 0
    raise ValueError(f"not an nn.RNN parameter name: {rnn_name!r}")
