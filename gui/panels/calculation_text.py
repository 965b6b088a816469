"""The Calculation panel's texts for a plain RNN cell: the formula, where the cell is, each term's
name with its notes, the selected neuron's arithmetic written out, and the check against
nn.RNN. Plain functions of the record and the session's state; the panel sets them.

They are translated in the panel's context ("CalculationPanel"), where they were written first.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from rnn_stepper.engine.cell import sub_operations
from rnn_stepper.gui import style
from rnn_stepper.gui.panels import gated_calculation as gated
from rnn_stepper.gui.session import STAGE_FULL, STAGE_INPUT, STAGE_RECURRENT, STAGE_SUM, StepView

REFERENCE = "reference_h_t"  # the module's own h_t for the same cell, beside the terms
STAGE_TITLES = {
    STAGE_INPUT: QT_TRANSLATE_NOOP("CalculationPanel", "the input term"),
    STAGE_RECURRENT: QT_TRANSLATE_NOOP("CalculationPanel", "the recurrent term"),
    STAGE_SUM: QT_TRANSLATE_NOOP("CalculationPanel", "their sum"),
    STAGE_FULL: QT_TRANSLATE_NOOP("CalculationPanel", "the nonlinearity"),
}


def note_html(session, bars_mode: bool, hidden: int, dots: bool = True) -> str:
    """How the vectors are shown (printed or as bars), and which neuron is the selected one."""
    selected = session.selected_neuron
    if bars_mode:
        if hidden <= style.REFERENCE_MARKS_MAX and dots:
            text = QCoreApplication.translate(
                "CalculationPanel",
                "showing all {n} values as bars, one per neuron; dots on h<sub>t</sub> are "
                "nn.RNN's values; the green line marks neuron {i}, the selected one",
            )
        else:
            text = QCoreApplication.translate(
                "CalculationPanel",
                "showing all {n} values as bars, one per neuron; the green line marks neuron {i}, "
                "the selected one",
            )
        text = text.format(n=hidden, i=selected)
    else:
        text = QCoreApplication.translate(
            "CalculationPanel", "one number per neuron; <b><u>bold</u></b>: neuron {i}, the selected one"
        ).format(i=selected)
    return f"<span style='color:{style.MUTED_COLOR}'>{text}</span>"


def neuron_html(record, a, stage: int) -> str:
    """h_t[i]'s arithmetic, line by line, revealed with the sub-operations."""
    i, d = a.neuron, style.NUMBER_DECIMALS
    previous = "h<sub>t+1</sub>" if record.direction == 1 else "h<sub>t−1</sub>"
    muted = style.MUTED_COLOR

    def num(v: float) -> str:
        return f"{v:.{d}f}".replace("-", "−")

    def dot_line(weight: str, vector: str, dot, is_h0: bool) -> str:
        line = f"{weight}[{i},:]·{vector} = <b>{num(dot.total)}</b>"
        if dot.all_zero_input:
            note = (
                QCoreApplication.translate("CalculationPanel", "h0 = zeros, so every product is 0")
                if is_h0
                else QCoreApplication.translate("CalculationPanel", "{v} is all zeros").format(v=vector)
            )
            return line + f" <span style='color:{muted}'>({note})</span>"
        named = ", ".join(
            f"{weight}[{i},{c.index}]·{vector}[{c.index}] = {num(c.weight)} × {num(c.value)} "
            f"= {num(c.product)}"
            for c in dot.largest
        )
        others = dot.length - len(dot.largest)
        detail = QCoreApplication.translate("CalculationPanel", "{n} products; largest: {named}").format(
            n=dot.length, named=named
        )
        if others:
            detail += "; " + QCoreApplication.translate("CalculationPanel", "the other {n}: {sum}").format(
                n=others, sum=num(dot.rest)
            )
        return line + f"<br><span style='color:{muted}'>&nbsp;&nbsp;&nbsp;{detail}</span>"

    vector_x = "x<sub>t</sub>"
    title = QCoreApplication.translate("CalculationPanel", "neuron {i}").format(
        i=i
    )  # (not inside the f-string: lupdate would miss it)
    lines = [
        f"<b>{title}</b>: "
        f"h<sub>t</sub>[{i}] = {a.nonlinearity}(W<sub>ih</sub>[{i},:]·x<sub>t</sub>"
        + (f" + b<sub>ih</sub>[{i}]" if a.bias_ih is not None else "")
        + f" + W<sub>hh</sub>[{i},:]·{previous}"
        + (f" + b<sub>hh</sub>[{i}]" if a.bias_hh is not None else "")
        + ")"
    ]
    placeholder = f"<span style='color:{muted}'>{style.PLACEHOLDER}</span>"
    if stage >= STAGE_INPUT:
        lines.append(dot_line("W<sub>ih</sub>", vector_x, a.input_dot, False))
        if a.bias_ih is not None:
            lines.append(f"b<sub>ih</sub>[{i}] = <b>{num(a.bias_ih)}</b>")
    if stage >= STAGE_RECURRENT:
        lines.append(dot_line("W<sub>hh</sub>", previous, a.recurrent_dot, record.h_prev_is_h0))
        if a.bias_hh is not None:
            lines.append(f"b<sub>hh</sub>[{i}] = <b>{num(a.bias_hh)}</b>")
    if stage >= STAGE_SUM:
        parts = [a.input_dot.total, a.bias_ih, a.recurrent_dot.total, a.bias_hh]
        terms = " + ".join(num(v) for v in parts if v is not None).replace("+ −", "− ")
        lines.append(
            QCoreApplication.translate("CalculationPanel", "sum")
            + f" = {terms} = <b>{num(a.pre_activation)}</b>"
        )
    if stage >= STAGE_FULL:
        lines.append(f"h<sub>t</sub>[{i}] = {a.nonlinearity}({num(a.pre_activation)}) = <b>{num(a.h_t)}</b>")
    else:
        lines.append(placeholder)
    return "<br>".join(lines)


def formula_html(config, record) -> str:
    """The formula as this cell computes it: the reverse direction reads h_{t+1}."""
    muted = style.MUTED_COLOR
    if config.cell != "rnn":  # (a gated record's formulas are set by _render_gated)
        operations = sub_operations(config.cell, bool(config.proj_size))
        return gated.formula_html(operations, 0, len(operations))
    previous = "h<sub>t+1</sub>" if record is not None and record.direction == 1 else "h<sub>t−1</sub>"
    b_ih, b_hh = (" + b<sub>ih</sub>", " + b<sub>hh</sub>") if config.bias else ("", "")
    return (
        f"<span style='color:{muted}'>h<sub>t</sub> = {config.nonlinearity}(W<sub>ih</sub> "
        f"x<sub>t</sub>{b_ih} + W<sub>hh</sub> {previous}{b_hh})</span>"
    )


def header_html(session, cjk_family: str, view: StepView, b: int) -> str:
    """Where the cell is: layer, direction, t and its token, batch element, cell and stage."""
    record, simulation = view.record, session.simulation
    if record.direction == 1:
        head = QCoreApplication.translate("CalculationPanel", "layer {layer}, reverse, t = {t}")
    else:
        head = QCoreApplication.translate("CalculationPanel", "layer {layer}, forward, t = {t}")
    parts = ["<b>" + head.format(layer=record.layer, t=record.t) + "</b>"]
    tokens = simulation.tokens
    if tokens is not None and record.t < len(tokens):
        token = html.escape(style.display_token(tokens[record.t]))
        cjk = f"<span style=\"font-family:'{cjk_family}'\"><b>{token}</b></span>"
        parts[0] += " " + QCoreApplication.translate("CalculationPanel", "(token {token})").format(token=cjk)
    if simulation.batch_size > 1:
        parts.append(
            QCoreApplication.translate("CalculationPanel", "batch element {b} of {n}").format(
                b=b, n=simulation.batch_size
            )
        )
    parts.append(
        QCoreApplication.translate("CalculationPanel", "cell {i} of {n}").format(
            i=record.index + 1, n=view.total
        )
    )
    if view.stage < STAGE_FULL:
        title = (
            gated.stage_title(record, view.stage)
            if record.gates
            else QCoreApplication.translate("CalculationPanel", STAGE_TITLES[view.stage])
        )
        parts.append(
            QCoreApplication.translate("CalculationPanel", "part {stage} of {full}: {title}").format(
                stage=view.stage, full=STAGE_FULL, title=title
            )
        )
    return f"<span style='color:{style.MUTED_COLOR}'> · </span>".join(
        parts[:1] + [f"<span style='color:{style.MUTED_COLOR}'>{p}</span>" for p in parts[1:]]
    )


def one_hot_note(session, cjk_family: str, record) -> str:
    """For one-hot input: x_t is 1 at the token's id, so W_ih x_t is that column of W_ih."""
    simulation = session.simulation
    if not simulation.model.one_hot or simulation.token_ids is None or record.t >= len(simulation.token_ids):
        return ""
    token_id = int(simulation.token_ids[record.t])
    token = html.escape(style.display_token(simulation.model.vocab.tokens[token_id]))
    note = QCoreApplication.translate(
        "CalculationPanel", "(x<sub>t</sub> = one-hot of “{token}”, so this is column {id} of W<sub>ih</sub>)"
    ).format(token=f"<span style=\"font-family:'{cjk_family}'\">{token}</span>", id=token_id)
    return f" <span style='color:{style.MUTED_COLOR}'>{note}</span>"


def term_names(session, cjk_family: str, record) -> dict[str, str]:
    """Each term's name with its formula and notes (h0, one-hot input, a lower layer's output)."""
    config = session.config
    previous = "h<sub>t+1</sub>" if record.direction == 1 else "h<sub>t−1</sub>"
    b_ih, b_hh = (" + b<sub>ih</sub>", " + b<sub>hh</sub>") if config.bias else ("", "")
    muted = style.MUTED_COLOR
    input_note = ""
    if record.layer:
        if config.bidirectional:
            note = QCoreApplication.translate(
                "CalculationPanel", "(x<sub>t</sub> = layer {layer}'s output at t, both directions)"
            )
        else:
            note = QCoreApplication.translate(
                "CalculationPanel", "(x<sub>t</sub> = layer {layer}'s output at t)"
            )
        input_note = f" <span style='color:{muted}'>{note.format(layer=record.layer - 1)}</span>"
    else:
        input_note = one_hot_note(session, cjk_family, record)
    h0_note = ""
    if record.h_prev_is_h0:
        h0_note = (
            f" <span style='color:{muted}'>"
            + QCoreApplication.translate(
                "CalculationPanel", "({previous} = h0, the initial hidden state)"
            ).format(previous=previous)
            + "</span>"
        )
    elif record.direction == 1:
        h0_note = (
            f" <span style='color:{muted}'>"
            + QCoreApplication.translate("CalculationPanel", "(the reverse direction reads right to left)")
            + "</span>"
        )

    def swatch(name: str, text: str) -> str:
        return f"<span style='color:{style.TERM_COLORS[name]}'>■</span> {text}"

    return {
        "input_term": swatch("input_term", f"W<sub>ih</sub> x<sub>t</sub>{b_ih}{input_note}"),
        "recurrent_term": swatch("recurrent_term", f"W<sub>hh</sub> {previous}{b_hh}{h0_note}"),
        "pre_activation": swatch(
            "pre_activation",
            QCoreApplication.translate("CalculationPanel", "sum") + " = (W<sub>ih</sub> x<sub>t</sub>"
            f"{b_ih}) + (W<sub>hh</sub> {previous}{b_hh})",
        ),
        "h_t": swatch(
            "h_t",
            "<b>"
            + QCoreApplication.translate("CalculationPanel", "{f}(sum) = h<sub>t</sub>").format(
                f=config.nonlinearity
            )
            + "</b>",
        ),
        REFERENCE: (
            f"<span style='color:{style.REFERENCE_MARK_COLOR}'>●</span> "
            + QCoreApplication.translate("CalculationPanel", "nn.RNN's h<sub>t</sub> for the same cell")
        ),
    }


def match_html(record) -> str:
    """Whether this cell agrees with PyTorch's own module, and by how much."""
    detail = f"max |Δ| = {record.max_abs_diff:.1e}"
    if not record.comparable:
        return (
            f"<span style='color:{style.ERROR_COLOR}'><b>"
            + QCoreApplication.translate(
                "CalculationPanel", "✗ cannot compare with nn.RNN: NaN or infinite values"
            )
            + "</b></span>"
        )
    if record.matches:
        return (
            f"<span style='color:{style.OK_COLOR}'><b>"
            + QCoreApplication.translate("CalculationPanel", "✓ matches nn.RNN")
            + "</b> "
            f"({detail} ≤ {record.tolerance:.0e})</span>"
        )
    return (
        f"<span style='color:{style.ERROR_COLOR}'><b>"
        + QCoreApplication.translate("CalculationPanel", "✗ differs from nn.RNN")
        + "</b> "
        f"({detail} &gt; {record.tolerance:.0e})</span>"
    )
