"""The Calculation panel's text for a gated cell (nn.LSTM, nn.GRU): every gate with its real
numbers, the new cell state, the new hidden state, and what the gates did to each neuron.

Everything is read from the StepRecord (its gates, c_t, terms) and from
engine/neuron_arithmetic.py for the selected neuron; nothing is computed here. The stages follow
engine/cell.py's SUB_OPERATIONS in teaching order: in sub-operation mode `revealed_stage` says
how many are shown, and only the record's parts revealed by those stages carry numbers.

Kept apart from calculation.py so that the plain RNN's view stays exactly as it was; the texts
are translated in the CalculationPanel context like the panel's own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from rnn_stepper.engine.cell import MODULES
from rnn_stepper.engine.neuron_arithmetic import (
    FORGOTTEN,
    KEPT,
    KEPT_OLD,
    NOT_WRITTEN,
    TOOK_CANDIDATE,
    WRITTEN,
    GatedNeuronArithmetic,
    gate_effects,
)
from rnn_stepper.gui import style
from rnn_stepper.gui.session import GATED_STAGE_NAMES, STAGE_FULL

CONTEXT = "CalculationPanel"
FUTURE_COLOR = "#aaaaaa"  # a formula not reached yet in sub-operation mode
EFFECT_WORDS = {
    KEPT: QT_TRANSLATE_NOOP("CalculationPanel", "kept"),
    FORGOTTEN: QT_TRANSLATE_NOOP("CalculationPanel", "forgotten"),
    WRITTEN: QT_TRANSLATE_NOOP("CalculationPanel", "written"),
    NOT_WRITTEN: QT_TRANSLATE_NOOP("CalculationPanel", "not written"),
    KEPT_OLD: QT_TRANSLATE_NOOP("CalculationPanel", "kept the old state"),
    TOOK_CANDIDATE: QT_TRANSLATE_NOOP("CalculationPanel", "took the candidate"),
}
GATE_ROLES = {
    "i": QT_TRANSLATE_NOOP("CalculationPanel", "input gate: how much of g is written"),
    "f": QT_TRANSLATE_NOOP("CalculationPanel", "forget gate: how much of c<sub>t−1</sub> is kept"),
    "g": QT_TRANSLATE_NOOP("CalculationPanel", "candidate: what may be written"),
    "o": QT_TRANSLATE_NOOP("CalculationPanel", "output gate: how much of tanh(c<sub>t</sub>) is shown"),
    "r": QT_TRANSLATE_NOOP("CalculationPanel", "reset gate: how much of the history enters n"),
    "z": QT_TRANSLATE_NOOP("CalculationPanel", "update gate: how much of h<sub>t−1</sub> is kept"),
    "n": QT_TRANSLATE_NOOP("CalculationPanel", "candidate: the proposed new state"),
}


# What the Calculation panel's four bar plots show for a gated cell at large sizes, and the
# range each always covers (sigmoid's [0, 1], tanh's [-1, 1]).
BAR_KEYS = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n", "h_t")}
BAR_RANGES = {
    "i": (0.0, 1.0),
    "f": (0.0, 1.0),
    "o": (0.0, 1.0),
    "r": (0.0, 1.0),
    "z": (0.0, 1.0),
    "g": (-1.0, 1.0),
    "n": (-1.0, 1.0),
    "h_t": (-1.0, 1.0),
}


def bar_title(key: str) -> str:
    """A bar plot's title after its name: what the gate does (GRU's h_t: its blend)."""
    if key == "h_t":
        return "(1 − z)·n + z·h<sub>t−1</sub>"
    return tr(GATE_ROLES[key])


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def revealed_stage(record, stage: int) -> int:
    """How many of the record's sub-operations are shown at the session's `stage`. The session
    counts STAGE_FULL stages per cell; a complete cell shows all of them (a projected LSTM has
    one more stage, the projection, which comes with the hidden state)."""
    return len(record.sub_operations) if stage >= STAGE_FULL else min(stage, len(record.sub_operations))


def stage_title(record, stage: int) -> str:
    return tr(GATED_STAGE_NAMES[record.sub_operations[stage - 1].name])


def effect_word(key: str) -> str:
    return tr(EFFECT_WORDS[key])


def _num(v: float) -> str:
    return f"{v:.{style.NUMBER_DECIMALS}f}".replace("-", "−")


def previous_html(record) -> str:
    return "h<sub>t+1</sub>" if record.direction == 1 else "h<sub>t−1</sub>"


def previous_c_html(record) -> str:
    return "c<sub>t+1</sub>" if record.direction == 1 else "c<sub>t−1</sub>"


def formula_html(operations, direction: int, stage: int) -> str:
    """The cell's formulas, one per sub-operation (`operations`: engine.cell.sub_operations); the
    ones not reached yet are pale, the current one bold (sub-operation mode)."""
    lines = []
    for k, operation in enumerate(operations, start=1):
        text = operation.formula.replace("h_{t-1}", "h<sub>t−1</sub>").replace("c_{t-1}", "c<sub>t−1</sub>")
        text = (
            text.replace("x_t", "x<sub>t</sub>")
            .replace("c_t", "c<sub>t</sub>")
            .replace("h_t", "h<sub>t</sub>")
        )
        if direction == 1:
            text = text.replace("t−1", "t+1")
        if k == stage and stage < len(operations):
            lines.append(f"<b>{text}</b>")
        else:
            color = style.MUTED_COLOR if k <= stage else FUTURE_COLOR
            lines.append(f"<span style='color:{color}'>{text}</span>")
    return "<br>".join(lines)


def weight_names(cell: str, gate: str) -> tuple[str, str, str, str]:
    """PyTorch's names of a gate's blocks: W_ii, W_hi, b_ii, b_hi (LSTM's i gate), W_ir, ... (GRU)."""
    return (f"W<sub>i{gate}</sub>", f"W<sub>h{gate}</sub>", f"b<sub>i{gate}</sub>", f"b<sub>h{gate}</sub>")


def neuron_html(record, a: GatedNeuronArithmetic, stage: int) -> str:
    """The selected neuron's arithmetic, a line per gate and per state, revealed by stage."""
    i, muted = a.neuron, style.MUTED_COLOR
    previous, c_previous = previous_html(record), previous_c_html(record)
    revealed = record.revealed(stage)
    title = QCoreApplication.translate("CalculationPanel", "neuron {i}").format(i=i)
    lines = [f"<b>{title}</b> <span style='color:{muted}'>({MODULES[a.cell]})</span>"]
    placeholder = f"<span style='color:{muted}'>{style.PLACEHOLDER}</span>"
    terms_shown = "input_term" in revealed
    for g in a.gates:
        w_i, w_h, b_i, b_h = weight_names(a.cell, g.gate)
        value_shown = g.gate in revealed
        pre_shown = value_shown or "pre_activation" in revealed
        if not (terms_shown or value_shown):
            continue
        x_part = f"{w_i}[{i},:]·x<sub>t</sub>" + (f" + {b_i}[{i}]" if g.bias_ih is not None else "")
        h_part = f"{w_h}[{i},:]·{previous}" + (f" + {b_h}[{i}]" if g.bias_hh is not None else "")
        x_value = _num(g.input_total)
        h_value = _num(g.recurrent_total)
        if g.reset is None:
            argument = f"{x_part} + {h_part}"
            numbers = f"{x_value} + {h_value}".replace("+ −", "− ")
        else:  # GRU's n: the reset gate scales the recurrent part
            argument = f"{x_part} + r[{i}]·({h_part})"
            numbers = f"{x_value} + {_num(g.reset)} × {h_value}".replace("+ −", "− ")
        line = f"<b>{g.gate}</b>[{i}] = {g.activation}({argument})"
        if pre_shown:
            line += f" = {g.activation}({numbers}) = {g.activation}(<b>{_num(g.pre_activation)}</b>)"
            if not value_shown:
                line += f" = {placeholder}"
        else:  # only the terms so far (GRU's first stage computes every block's terms)
            line += f" <span style='color:{muted}'>({x_part} = {x_value}; {h_part} = {h_value})</span>"
        if value_shown:
            line += f" = <b>{_num(g.value)}</b>"
        role = tr(GATE_ROLES[g.gate])
        lines.append(line + f"<br><span style='color:{muted}'>&nbsp;&nbsp;&nbsp;{role}</span>")
    if a.cell == "lstm":
        f, ig, g = a.gate("f").value, a.gate("i").value, a.gate("g").value
        if "c_t" in revealed:
            kept, written = effect_word(a.effects[0]), effect_word(a.effects[1])
            lines.append(
                f"c<sub>t</sub>[{i}] = f·{c_previous} + i·g = {_num(f)} × {_num(a.c_prev)} + "
                f"{_num(ig)} × {_num(g)} = <b>{_num(a.c_t)}</b>"
                f" <span style='color:{muted}'>("
                + QCoreApplication.translate(
                    "CalculationPanel", "memory {kept}: f = {f}; g {written}: i = {i}"
                ).format(kept=kept, f=_num(f), written=written, i=_num(ig))
                + ")</span>"
            )
        else:
            lines.append(f"c<sub>t</sub>[{i}] = f·{c_previous} + i·g = {placeholder}")
        o = a.gate("o").value
        if "h_t" in revealed or "h_unprojected" in revealed:
            target = "(o·tanh(c<sub>t</sub>))" if a.projection is not None else "h<sub>t</sub>"
            lines.append(
                f"{target}[{i}] = o·tanh(c<sub>t</sub>) = {_num(o)} × tanh({_num(a.c_t)}) = "
                f"{_num(o)} × {_num(a.tanh_c)} = <b>{_num(a.h_unprojected)}</b>"
            )
        else:
            lines.append(f"h<sub>t</sub>[{i}] = o·tanh(c<sub>t</sub>) = {placeholder}")
        if a.projection is not None:
            k = a.projection_row
            if "h_t" in revealed:
                lines.append(
                    f"h<sub>t</sub>[{k}] = W<sub>hr</sub>[{k},:]·(o·tanh(c<sub>t</sub>)) = "
                    f"<b>{_num(a.projection.total)}</b> <span style='color:{muted}'>("
                    + QCoreApplication.translate(
                        "CalculationPanel", "the projection mixes all {n} neurons into h_t's {m} numbers"
                    ).format(n=a.projection.length, m=record.h_t.shape[1])
                    + ")</span>"
                )
            else:
                lines.append(
                    f"h<sub>t</sub>[{k}] = W<sub>hr</sub>[{k},:]·(o·tanh(c<sub>t</sub>)) = {placeholder}"
                )
    else:
        if "h_t" in revealed:
            z, n = a.gate("z").value, a.gate("n").value
            lines.append(
                f"h<sub>t</sub>[{i}] = (1 − z)·n + z·{previous} = (1 − {_num(z)}) × {_num(n)} + "
                f"{_num(z)} × {_num(a.h_prev)} = <b>{_num(a.h_t)}</b>"
                f" <span style='color:{muted}'>({effect_word(a.effects[0])})</span>"
            )
        else:
            lines.append(f"h<sub>t</sub>[{i}] = (1 − z)·n + z·{previous} = {placeholder}")
    return "<br>".join(lines)


def effects_html(record, b: int, stage: int) -> str:
    """What the gates did to every neuron of this cell, counted (readable at H = 1024 too)."""
    revealed = record.revealed(stage)
    cell = record.cell_type
    needed = ("f", "i") if cell == "lstm" else ("z",)
    if not all(name in revealed for name in needed):
        return ""
    effects = gate_effects(cell, {name: record.gates[name][b] for name in needed})
    H = len(effects)
    muted = style.MUTED_COLOR
    if cell == "lstm":
        kept = sum(e[0] == KEPT for e in effects)
        written = sum(e[1] == WRITTEN for e in effects)
        text = QCoreApplication.translate(
            "CalculationPanel",
            "f ≥ 0.5: {kept} of {n} neurons kept their memory, {forgot} forgot it; "
            "i ≥ 0.5: {written} had g written in",
        ).format(kept=kept, n=H, forgot=H - kept, written=written)
    else:
        kept = sum(e[0] == KEPT_OLD for e in effects)
        text = QCoreApplication.translate(
            "CalculationPanel", "z ≥ 0.5: {kept} of {n} neurons kept the old state, {took} took the candidate"
        ).format(kept=kept, n=H, took=H - kept)
    words = ""
    if H <= style.CALC_MAX_PRINTED_VALUES:
        words = "<br>" + ", ".join(
            f"{k}: " + " + ".join(effect_word(w) for w in e) for k, e in enumerate(effects)
        )
    return f"<span style='color:{muted}'>{text}{words}</span>"


def vector_parts(record, b: int, stage: int) -> dict[str, tuple[str, np.ndarray | None]]:
    """The printed/tabled vectors in teaching order: key -> (label, values or None while hidden).
    Keys: "x_t", "h_prev", "c_prev", "<gate>_pre", "<gate>", "c_t", "h_unprojected", "h_t",
    "reference_h_t"."""
    revealed = record.revealed(stage)
    H = next(iter(record.gates.values())).shape[1]
    previous = previous_html(record)
    parts: dict[str, tuple[str, np.ndarray | None]] = {
        "x_t": ("x<sub>t</sub>", record.x_t[b].numpy()),
        "h_prev": (previous, record.h_prev[b].numpy()),
    }
    if record.c_prev is not None:
        parts["c_prev"] = (previous_c_html(record), record.c_prev[b].numpy())
    for k, gate in enumerate(record.gates):
        shown = gate in revealed or "pre_activation" in revealed
        pre = record.pre_activation[b, k * H : (k + 1) * H].numpy() if shown else None
        parts[f"{gate}_pre"] = (
            QCoreApplication.translate("CalculationPanel", "{gate} before {f}").format(
                gate=gate, f="tanh" if gate in "gn" else "sigmoid"
            ),
            pre,
        )
        parts[gate] = (gate, record.gates[gate][b].numpy() if gate in revealed else None)
    if record.c_t is not None:
        parts["c_t"] = ("c<sub>t</sub>", record.c_t[b].numpy() if "c_t" in revealed else None)
    if record.h_unprojected is not None:
        parts["h_unprojected"] = (
            "o·tanh(c<sub>t</sub>)",
            record.h_unprojected[b].numpy() if "h_unprojected" in revealed else None,
        )
    done = "h_t" in revealed
    parts["h_t"] = ("h<sub>t</sub>", record.h_t[b].numpy() if done else None)
    parts["reference_h_t"] = (MODULES[record.cell_type], record.reference_h_t[b].numpy() if done else None)
    return parts


def table_header(key: str) -> str:
    """Plain text for a table header (the table shows no rich text)."""
    plain = {
        "x_t": "x_t",
        "h_prev": "h_prev",
        "c_prev": "c_prev",
        "c_t": "c_t",
        "h_unprojected": "o·tanh(c_t)",
        "h_t": "h_t",
    }
    if key in plain:
        return plain[key]
    if key.endswith("_pre"):
        return QCoreApplication.translate("CalculationPanel", "{gate} pre").format(gate=key[:-4])
    return key
