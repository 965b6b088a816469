"""What hovering a cell of the network shows: where it is, its token, h_t (and an LSTM's c_t)
against the module's own value, and whether they match. The strings keep the NetworkPanel
translation context they had when this was a method of the panel."""

from __future__ import annotations

import math

import torch
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.ink import DIRECTION_ARROWS
from rnn_stepper.gui.panels.network.state import NetworkState
from rnn_stepper.gui.session import stage_name

DIRECTION_NAMES = (QT_TRANSLATE_NOOP("NetworkPanel", "forward"), QT_TRANSLATE_NOOP("NetworkPanel", "reverse"))


def cell_tooltip(state: NetworkState, cell: Cell, family: str) -> str:
    """Rich text for `cell`; `family`: the font the tokens are drawn with (the CJK one)."""
    layer, direction, t = cell
    s = state.stepper
    where = (
        "<b>"
        + QCoreApplication.translate("NetworkPanel", "layer {layer}").format(layer=layer)
        + f" {DIRECTION_ARROWS[direction]}</b>"
    )
    if s.D == 2:
        where += " (" + QCoreApplication.translate("NetworkPanel", DIRECTION_NAMES[direction]) + ")"
    lines = [f"{where}, t = {t}"]
    token = state.token_text(t)
    if state.tokens is not None:
        lines.append(
            QCoreApplication.translate("NetworkPanel", "token: {token}").format(
                token=f"<span style=\"font-family:'{family}'\">{escape_html(token)}</span>"
            )
        )
    else:
        lines.append(QCoreApplication.translate("NetworkPanel", "input: {token}").format(token=token))
    index = s.schedule.index(layer, direction, t)
    if not s.is_computed(layer, direction, t):
        lines.append(
            QCoreApplication.translate(
                "NetworkPanel", "<i>not computed yet</i> (cell {i} of {n}) — click to compute up to here"
            ).format(i=index + 1, n=len(s))
        )
        return "<br>".join(lines)
    record = (
        state.view.record
        if (state.view.record is not None and state.view.record.index == index)
        else s.record(index)
    )
    b = state.batch
    if Cell(layer, direction, t) == state.in_progress():
        lines.append(
            QCoreApplication.translate("NetworkPanel", "being computed: {stage}").format(
                stage=escape_html(stage_name(state.view.stage, record))
            )
        )
    module = state.sim.config.module_name
    width = f"H = {s.H}" if s.H_out == s.H else f"H_out = proj_size = {s.H_out}"
    lines.append(f"h_t: <code>{format_values(record.h_t[b])}</code>  ({width})")
    lines.append(f"{module}: <code>{format_values(record.reference_h_t[b])}</code>")
    if record.c_t is not None:  # LSTM: the cell state, checked too
        lines.append(f"c_t: <code>{format_values(record.c_t[b])}</code>  (H = {s.H})")
        lines.append(f"{module}: <code>{format_values(record.reference_c_t[b])}</code>")
    neuron = min(state.session.selected_neuron, s.H_out - 1)
    lines.append(
        QCoreApplication.translate("NetworkPanel", "selected neuron {i}: h = {value}").format(
            i=neuron, value=f"{record.h_t[b, neuron].item():+.4f}"
        )
    )
    if record.c_t is not None:
        neuron = min(state.session.selected_neuron, s.H - 1)
        lines.append(
            QCoreApplication.translate("NetworkPanel", "selected neuron {i}: c = {value}").format(
                i=neuron, value=f"{record.c_t[b, neuron].item():+.4f}"
            )
        )
    diff = float(record.abs_diff[b].max())
    if record.c_abs_diff is not None:
        c_diff = float(record.c_abs_diff[b].max())
        diff = c_diff if not math.isfinite(c_diff) else max(diff, c_diff)  # a NaN anywhere stays NaN
    if not math.isfinite(diff):
        verdict = QCoreApplication.translate("NetworkPanel", "✗ NaN or infinite: cannot compare")
    elif diff <= record.tolerance:
        verdict = QCoreApplication.translate("NetworkPanel", "✓ matches")
    else:
        verdict = QCoreApplication.translate("NetworkPanel", "✗ differs")
    lines.append(
        f"max |diff| = {diff:.2e}  {verdict} "
        + QCoreApplication.translate("NetworkPanel", "(tolerance {tol})").format(
            tol=f"{record.tolerance:.0e}"
        )
    )
    if s.B > 1:
        lines.append(QCoreApplication.translate("NetworkPanel", "batch element {b}").format(b=b))
    return "<br>".join(lines)


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def format_values(values: torch.Tensor) -> str:
    n = style.NETWORK_TOOLTIP_VALUES
    shown = ", ".join(f"{v:+.4f}" for v in values[:n].tolist())
    return f"[{shown}{', …' if values.numel() > n else ''}]"
