"""The Backprop panel's rows of gradient terms: which rows a cell type has, the record's tensor
behind each, how a vector is printed, and each row's name with its formula.

The names are translated in the panel's context ("BackpropPanel"): they moved here from the
panel class, and their Chinese stays where it was.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from rnn_stepper.engine.bptt import Backprop, BackwardRecord
from rnn_stepper.engine.cell import GATES
from rnn_stepper.gui import style
from rnn_stepper.gui.i18n import gate_name

VECTOR_TERMS = (
    "grad_h_from_above",
    "grad_h_from_next",
    "grad_h",
    "activation_derivative",
    "grad_pre",
    "grad_h_prev",
    "grad_bias",
)  # the plain RNN's rows, in this order
GATE_NAMES = tuple(dict.fromkeys(gate for gates in GATES.values() for gate in gates))  # i f g o r z n
# A gated cell's rows: ∂L/∂pre per gate block ("grad_pre_f") instead of one ∂L/∂pre, and LSTM's
# cell-state path. Every row of either kind, in the order shown (the RNN's rows keep theirs).
GATED_TERMS = (
    "grad_h_from_above",
    "grad_h_from_next",
    "grad_h",
    "grad_c_from_next",
    "grad_c",
    *(f"grad_pre_{gate}" for gate in GATE_NAMES),
    "grad_c_prev",
    "grad_h_prev",
)
ALL_TERMS = tuple(
    dict.fromkeys(
        VECTOR_TERMS[:3] + GATED_TERMS[3:5] + VECTOR_TERMS[3:5] + GATED_TERMS[5:-1] + VECTOR_TERMS[5:]
    )
)
# Colours of the gated rows, picked from the plot palette (the RNN's rows keep style's).
TERM_COLORS = {
    **style.GRAD_TERM_COLORS,
    "grad_c_from_next": style.LINE_COLORS[5],
    "grad_c": style.LINE_COLORS[2],
    "grad_c_prev": style.LINE_COLORS[4],
    **{
        f"grad_pre_{gate}": style.LINE_COLORS[(6 + k) % len(style.LINE_COLORS)]
        for k, gate in enumerate(GATE_NAMES)
    },
}
CELL_STATE_TERMS = ("grad_c_from_next", "grad_c", "grad_c_prev")  # H wide, like the gates
H_WIDE_TERMS = ("grad_h_from_above", "grad_h_from_next", "grad_h", "grad_h_prev")  # H_out wide
VALUES_PER_LINE = 4
VALUES_PER_LINE_SCIENTIFIC = 3  # wider numbers: the dock is narrow
SCIENTIFIC_BELOW = 0.01  # a vector whose largest |value| is below this is printed as 1.234e-03


def vector_text(values: np.ndarray) -> str:
    """Fixed decimals like the Calculation panel, or powers of ten for a vector of tiny numbers
    (vanishing gradients must not read as zeros)."""
    values = values + 0.0  # -0.0 (a product with an exact zero) prints as 0
    largest = float(np.abs(values).max()) if values.size else 0.0
    tiny = 0.0 < largest < SCIENTIFIC_BELOW
    cells = [
        (f"{v: .2e}" if tiny else f"{v: .{style.NUMBER_DECIMALS}f}").replace(" ", "&nbsp;") for v in values
    ]
    per_line = VALUES_PER_LINE_SCIENTIFIC if tiny else VALUES_PER_LINE
    rows = [",&nbsp;".join(cells[i : i + per_line]) for i in range(0, len(cells), per_line)]
    return "[" + ",<br>&nbsp;".join(rows) + "&nbsp;]"


def terms_of(cell: str) -> tuple[str, ...]:
    """The rows of terms a cell type shows: the RNN's, or the gated ones that apply."""
    if not GATES[cell]:
        return VECTOR_TERMS
    return tuple(
        name
        for name in GATED_TERMS
        if (cell == "lstm" or name not in CELL_STATE_TERMS)
        and (not name.startswith("grad_pre_") or name[len("grad_pre_") :] in GATES[cell])
    )


def term_tensor(record: BackwardRecord, name: str):
    """The record's tensor behind a row of terms ("grad_pre_f": the f block of ∂L/∂pre), or
    None where the row does not apply to this cell."""
    if record.gates and name in ("grad_pre", "grad_bias", "activation_derivative"):
        return None  # a gated cell shows ∂L/∂pre per gate block, and its bias shares in the heatmaps' rows
    if name.startswith("grad_pre_"):
        gate = name[len("grad_pre_") :]
        if gate not in record.gates:
            return None
        k, H = list(record.gates).index(gate), record.gates[gate].shape[1]
        return record.grad_pre[:, k * H : (k + 1) * H]
    return getattr(record, name)


def vectors(record: BackwardRecord, b: int) -> dict[str, np.ndarray | None]:
    values = {}
    for name in ALL_TERMS:
        tensor = term_tensor(record, name)
        if tensor is None:
            values[name] = None
        elif tensor.dim() == 1:  # the bias share is summed over the batch already
            values[name] = tensor.detach().double().cpu().numpy()
        else:
            values[name] = tensor[b].detach().double().cpu().numpy()
    return values


def term_names(record: BackwardRecord, result: Backprop) -> dict[str, str]:
    """Each row's name with the formula it is, for the cell `record` of `result`."""
    reverse = record.direction == 1
    nxt, prev = ("t−1", "t+1") if reverse else ("t+1", "t−1")
    top = record.layer == result.L - 1
    if top and record.t == result.t_star:
        above = (
            QCoreApplication.translate("BackpropPanel", "from the loss at t* (through the head)")
            if result.head is not None
            else QCoreApplication.translate("BackpropPanel", "from the loss at t*")
        )
    elif top:
        above = QCoreApplication.translate(
            "BackpropPanel", "nothing from above (the loss reads only output[t*])"
        )
    else:
        above = QCoreApplication.translate("BackpropPanel", "from layer {0} above (its ∂L/∂x)").format(
            record.layer + 1
        )
    act = "tanh′(pre) = 1 − h<sub>t</sub>²" if result.nonlinearity == "tanh" else "relu′(pre) = 1[pre &gt; 0]"
    handed = (
        QCoreApplication.translate("BackpropPanel", "handed to h0")
        if record.grad_h_prev_is_h0
        else QCoreApplication.translate("BackpropPanel", "handed to the cell at {0}").format(prev)
    )
    colors = TERM_COLORS

    def swatch(name: str, text: str) -> str:
        return f"<span style='color:{colors[name]}'>■</span> {text}"

    if record.gates:
        return gated_term_names(record, swatch, above, nxt, prev, handed)
    return {
        "grad_h_from_above": swatch("grad_h_from_above", f"∂L/∂h<sub>t</sub> {above}"),
        "grad_h_from_next": swatch(
            "grad_h_from_next",
            QCoreApplication.translate(
                "BackpropPanel",
                "∂L/∂h<sub>t</sub> from the next time step: W<sub>hh</sub>ᵀ ∂L/∂pre<sub>{0}</sub>",
            ).format(nxt),
        ),
        "grad_h": swatch(
            "grad_h",
            QCoreApplication.translate("BackpropPanel", "<b>∂L/∂h<sub>t</sub></b> = the sum of both"),
        ),
        "activation_derivative": swatch("activation_derivative", act),
        "grad_pre": swatch("grad_pre", "<b>∂L/∂pre</b> = ∂L/∂h<sub>t</sub> ⊙ " + act.split(" =")[0]),
        "grad_h_prev": swatch(
            "grad_h_prev",
            QCoreApplication.translate(
                "BackpropPanel", "W<sub>hh</sub>ᵀ ∂L/∂pre = ∂L/∂h<sub>{0}</sub>, {1}"
            ).format(prev, handed),
        ),
        "grad_bias": swatch(
            "grad_bias",
            QCoreApplication.translate(
                "BackpropPanel", "∂L/∂b<sub>ih</sub> = ∂L/∂b<sub>hh</sub> (this cell's share)"
            ),
        ),
    }


def gated_term_names(
    record: BackwardRecord, swatch, above: str, nxt: str, prev: str, handed: str
) -> dict[str, str]:
    """The rows of a gated cell, each with the formula it is (engine/bptt.py's equations)."""
    muted = style.MUTED_COLOR
    # ∂L/∂(o ⊙ tanh c_t): ∂L/∂h_t itself, or through the projection h_t = W_hr (o ⊙ tanh c_t)
    dm = "∂L/∂h<sub>t</sub>" + (" W<sub>hr</sub>" if record.grad_weight_hr is not None else "")
    formulas = {
        "i": "∂L/∂c<sub>t</sub> ⊙ g ⊙ i(1 − i)",
        "f": "∂L/∂c<sub>t</sub> ⊙ c<sub>t−1</sub> ⊙ f(1 − f)",
        "g": "∂L/∂c<sub>t</sub> ⊙ i ⊙ (1 − g²)",
        "o": f"{dm} ⊙ tanh(c<sub>t</sub>) ⊙ o(1 − o)",
        "r": "∂L/∂pre<sub>n</sub> ⊙ (W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>) ⊙ r(1 − r)",
        "z": "∂L/∂h<sub>t</sub> ⊙ (h<sub>t−1</sub> − n) ⊙ z(1 − z)",
        "n": "∂L/∂h<sub>t</sub> ⊙ (1 − z) ⊙ (1 − n²)",
    }
    names = {
        "grad_h_from_above": swatch("grad_h_from_above", f"∂L/∂h<sub>t</sub> {above}"),
        "grad_h_from_next": swatch(
            "grad_h_from_next",
            QCoreApplication.translate(
                "BackpropPanel",
                "∂L/∂h<sub>t</sub> from the next time step (what the cell at {0} handed back)",
            ).format(nxt),
        ),
        "grad_h": swatch(
            "grad_h",
            QCoreApplication.translate("BackpropPanel", "<b>∂L/∂h<sub>t</sub></b> = the sum of both"),
        ),
        "grad_c_from_next": swatch(
            "grad_c_from_next",
            QCoreApplication.translate(
                "BackpropPanel",
                "∂L/∂c<sub>t</sub> from the next time step: ∂L/∂c<sub>{0}</sub> ⊙ f<sub>{0}</sub>",
            ).format(nxt),
        ),
        "grad_c": swatch(
            "grad_c",
            QCoreApplication.translate(
                "BackpropPanel",
                "<b>∂L/∂c<sub>t</sub></b> = that + through h<sub>t</sub>: {0} ⊙ o ⊙ (1 − tanh²(c<sub>t</sub>))",
            ).format(dm),
        ),
        "grad_c_prev": swatch(
            "grad_c_prev",
            QCoreApplication.translate(
                "BackpropPanel", "∂L/∂c<sub>t</sub> ⊙ f = ∂L/∂c<sub>{0}</sub>, {1}"
            ).format(
                prev,
                QCoreApplication.translate("BackpropPanel", "handed to c0")
                if record.grad_h_prev_is_h0
                else QCoreApplication.translate("BackpropPanel", "handed to the cell at {0}").format(prev),
            ),
        ),
    }
    if "z" in record.gates:
        names["grad_h_prev"] = swatch(
            "grad_h_prev",
            QCoreApplication.translate(
                "BackpropPanel",
                "W<sub>hh</sub>ᵀ ∂L/∂(W<sub>hh</sub>h<sub>t−1</sub> + b<sub>hh</sub>) + ∂L/∂h<sub>t</sub> ⊙ z "
                "(z's direct path) = ∂L/∂h<sub>{0}</sub>, {1}",
            ).format(prev, handed),
        )
    else:
        names["grad_h_prev"] = swatch(
            "grad_h_prev",
            QCoreApplication.translate(
                "BackpropPanel", "W<sub>hh</sub>ᵀ ∂L/∂pre = ∂L/∂h<sub>{0}</sub>, {1}"
            ).format(prev, handed),
        )
    for gate in record.gates:
        names[f"grad_pre_{gate}"] = swatch(
            f"grad_pre_{gate}",
            (
                f"<b>∂L/∂pre<sub>{gate}</sub></b> = {formulas[gate]} "
                f"<span style='color:{muted}'>({gate_name(gate)})</span>"
            ),
        )
    return names
