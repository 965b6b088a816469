"""Paints the rolled network, as the lesson first draws it: one cell per layer and direction,
with its loop arrow, because every cell of a row in the unrolled view is that one cell reused.

Gated cells: the rolled cell draws the gates of nn.LSTM (i, f, g, o and the c path) or nn.GRU
(r, z, n) inside it, lighting up those the current sub-operation has revealed, with the values of
the row's latest computed cell.
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.ink import DIRECTION_ARROWS, Ink, Painter, pen, qcolor, strip_image

ROLLED_GATED_LAYER_H = 150.0  # px, the least height of a layer whose rolled cell shows its gates
# The nonlinearity of each gate, as written in the rolled cell (engine/cell.py's formulas).
GATE_FUNCTIONS = {"i": "σ", "f": "σ", "g": "tanh", "o": "σ", "r": "σ", "z": "σ", "n": "tanh"}


class RolledPainter(Painter):
    """One rolled cell per (layer, direction), layers stacked, for the widget and the exports."""

    def rolled_layout(self, size: QSize) -> dict:
        """Rects of the rolled picture: one cell per (layer, direction), layers stacked."""
        s = self.state.stepper
        label_w = style.NETWORK_LABEL_WIDTH
        caption_h = 44.0
        out_h = 38.0 if self.state.has_head else 8.0
        in_h = 54.0
        gated = bool(self.state.gates)  # the gates are drawn inside the cell: it needs more room
        layer_h = max(
            ROLLED_GATED_LAYER_H if gated else 62.0, (size.height() - caption_h - out_h - in_h) / s.L
        )
        width = size.width() - label_w
        box_w = min(300.0 if gated else 230.0, width * (0.36 if s.D == 1 else 0.28))
        box_h = (
            max(ROLLED_GATED_LAYER_H * 0.8, min(layer_h * 0.7, 170.0))
            if gated
            else max(36.0, min(layer_h * 0.56, 84.0))
        )
        centers = [width / 2] if s.D == 1 else [width * 0.3, width * 0.7]
        boxes = {}
        for layer in range(s.L):
            top = caption_h + out_h + (s.L - 1 - layer) * layer_h
            for direction in range(s.D):
                cx = label_w + centers[direction]
                boxes[(layer, direction)] = QRectF(cx - box_w / 2, top + (layer_h - box_h) / 2, box_w, box_h)
        height = caption_h + out_h + s.L * layer_h + in_h
        return dict(boxes=boxes, layer_h=layer_h, caption_h=caption_h, out_h=out_h, height=height)

    def paint_rolled(self, p: QPainter, size: QSize, scroll_y: float) -> None:
        state, s = self.state, self.state.stepper
        p.fillRect(QRectF(0, 0, size.width(), size.height()), qcolor(style.NETWORK_BACKGROUND))
        lay = self.rolled_layout(size)
        boxes = lay["boxes"]
        p.save()
        p.translate(0, -scroll_y)
        ink = Ink()
        current = state.current_cell()
        record = state.view.record
        caption = QCoreApplication.translate("Style", style.NETWORK_ROLLED_CAPTION)
        if record is not None:
            caption += "  ·  " + QCoreApplication.translate(
                "NetworkPanel", "now: layer {layer} {arrow}, t = {t}"
            ).format(layer=record.layer, arrow=DIRECTION_ARROWS[record.direction], t=record.t)
        ink.text(
            QRectF(12, 6, size.width() - 24, 22),
            caption,
            self.font(style.NETWORK_LABEL_PX + 2, True),
            style.NETWORK_TEXT,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        ink.text(
            QRectF(12, 26, size.width() - 24, 16),
            (
                QCoreApplication.translate(
                    "NetworkPanel",
                    "the unrolled view draws each of these cells {n} times, once per time step",
                )
                if s.T != 1
                else QCoreApplication.translate(
                    "NetworkPanel", "the unrolled view draws each of these cells once: there is one time step"
                )
            ).format(n=s.T),
            self.font(style.NETWORK_SMALL_PX + 1),
            style.NETWORK_MUTED_TEXT,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        h0 = state.h0_rgba()
        for layer in range(s.L):
            top = min(box.top() for (l, _), box in boxes.items() if l == layer)
            row_rect = QRectF(12, top, style.NETWORK_LABEL_WIDTH - 12, boxes[(layer, 0)].height())
            ink.text(
                row_rect,
                QCoreApplication.translate("NetworkPanel", "layer {layer}").format(layer=layer),
                self.font(style.NETWORK_LABEL_PX),
                style.NETWORK_TEXT,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )
        for (layer, direction), box in boxes.items():
            t = state.latest_t(layer, direction)
            active = current is not None and (current.layer, current.direction) == (layer, direction)
            self._paint_rolled_cell(p, ink, box, layer, direction, t, active, h0[layer * s.D + direction])
            self._paint_rolled_input(p, ink, boxes, box, layer, direction, t)
        if state.has_head:
            self._paint_rolled_output(p, ink, boxes, lay)
        ink.flush(p)
        p.restore()

    def _paint_rolled_cell(
        self,
        p: QPainter,
        ink: Ink,
        box: QRectF,
        layer: int,
        direction: int,
        t: int | None,
        active: bool,
        h0_rgba: np.ndarray,
    ) -> None:
        state = self.state
        done = t is not None and state.complete(layer, direction, t)
        # the loop: h_t leaves the cell and comes back in as h_{t-1} of the next time step
        loop_color = style.NETWORK_ARROW if t is not None else style.NETWORK_FADED_ARROW
        # the loop sits on the outer side (a bidirectional layer's two cells face each other)
        on_right = self.state.stepper.D == 1 or direction == 1
        sign = 1 if on_right else -1
        edge = box.right() if on_right else box.left()
        reach = min(46.0, box.width() * 0.3)
        y_out, y_in = box.top() + box.height() * 0.3, box.top() + box.height() * 0.7
        path = QPainterPath(QPointF(edge, y_out))
        path.cubicTo(
            QPointF(edge + sign * reach, y_out - box.height() * 0.35),
            QPointF(edge + sign * reach * 1.6, y_in + box.height() * 0.35),
            QPointF(edge + sign * 3, y_in),
        )
        p.setPen(pen(loop_color, 2.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        ink.arrow([QPointF(edge + sign * 12, y_in + 1.5), QPointF(edge, y_in)], loop_color, 2.0)
        label_x = edge + sign * reach * 1.15
        label_rect = QRectF(label_x if on_right else label_x - 100, box.center().y() - 9, 100, 18)
        loop_name = "hₜ₋₁" if direction == 0 else "hₜ₊₁"  # what comes back in at the next step
        if state.has_cell_state:
            loop_name += ", " + ("cₜ₋₁" if direction == 0 else "cₜ₊₁")
        ink.text(
            label_rect,
            loop_name,
            self.font(style.NETWORK_LABEL_PX),
            style.NETWORK_MUTED_TEXT,
            (Qt.AlignmentFlag.AlignLeft if on_right else Qt.AlignmentFlag.AlignRight)
            | Qt.AlignmentFlag.AlignVCenter,
        )
        # the cell
        p.setPen(pen(style.NETWORK_CELL_BORDER, 1.2))
        p.setBrush(qcolor(style.NETWORK_CELL_FILL))
        p.drawRoundedRect(box, 8, 8)
        title = {
            "lstm": QCoreApplication.translate("NetworkPanel", "LSTM cell"),
            "gru": QCoreApplication.translate("NetworkPanel", "GRU cell"),
        }.get(state.sim.config.cell, QCoreApplication.translate("NetworkPanel", "RNN cell"))
        if self.state.stepper.D == 2:
            title += f" {DIRECTION_ARROWS[direction]}"
        head_rect = QRectF(box.left() + 8, box.top() + 3, box.width() - 16, 18)
        ink.text(
            head_rect,
            title,
            self.font(style.NETWORK_LABEL_PX, True),
            style.NETWORK_TEXT,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        state_name = (
            QCoreApplication.translate("NetworkPanel", "h₀ (no step yet)") if t is None else f"hₜ, t = {t}"
        )
        ink.text(
            head_rect,
            state_name,
            self.font(style.NETWORK_SMALL_PX + 1),
            style.NETWORK_MUTED_TEXT,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        if state.gates:
            self._paint_rolled_gates(p, ink, box, head_rect.bottom(), layer, direction, t, active, h0_rgba)
            self._outline_active(p, box, active)
            return
        strip = QRectF(
            box.left() + 8,
            head_rect.bottom() + 4,
            box.width() - 16,
            max(8.0, box.bottom() - head_rect.bottom() - 11),
        )
        if t is None:
            colors = h0_rgba[None]
        elif done:
            colors = state.strip_rgba(range(t, t + 1))[0, layer * state.stepper.D + direction][None]
        else:
            colors = None
        if colors is not None:
            p.drawImage(strip, strip_image(colors))
        else:
            ink.text(strip, "…", self.font(style.NETWORK_LABEL_PX), style.NETWORK_CURRENT)
        p.setPen(pen(style.NETWORK_FADED_BORDER, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(strip)
        self._outline_active(p, box, active)

    def _outline_active(self, p: QPainter, box: QRectF, active: bool) -> None:
        if active:
            record = self.state.view.record
            p.setPen(
                pen(
                    style.NETWORK_CURRENT if record.matches else style.NETWORK_MISMATCH,
                    style.NETWORK_CURRENT_WIDTH,
                )
            )
            p.setBrush(Qt.BrushStyle.NoBrush)
            grow = style.NETWORK_CURRENT_WIDTH / 2
            p.drawRoundedRect(box.adjusted(-grow, -grow, grow, grow), 8, 8)

    def lit_parts(self) -> set[str]:
        """The current cell's parts its current sub-operation reveals; summing the pre-activations
        lights the gates they are for."""
        state = self.state
        now = state.stage_parts()
        if "pre_activation" in now:
            now |= {gate for gate in state.gates if gate not in state.revealed()}
        return now & {"c_t", "h_t", *state.gates}

    def rolled_gate_rects(self, box: QRectF, top: float) -> dict[str, QRectF]:
        """Where the rolled gated cell draws its parts below `top` (the title): "c_t" (LSTM's c
        track, on top), one box per gate in PyTorch's order, and "h_t" (the new hidden state)."""
        gates = self.state.gates
        left, width = box.left() + 8, box.width() - 16
        track_h = 14.0
        strip_w = (width - 34) * 0.5  # the other half holds the formula of the track
        rects = {}
        y = top + 4
        if self.state.has_cell_state:
            rects["c_t"] = QRectF(left + 34, y, strip_w, track_h)
            y += track_h + 6
        bottom = box.bottom() - 6 - track_h - 6
        gap = 6.0
        gate_w = (width - gap * (len(gates) - 1)) / len(gates)
        for k, gate in enumerate(gates):
            rects[gate] = QRectF(left + k * (gate_w + gap), y, gate_w, max(20.0, bottom - y))
        rects["h_t"] = QRectF(left + 34, box.bottom() - 6 - track_h, strip_w, track_h)
        return rects

    def _paint_rolled_gates(
        self,
        p: QPainter,
        ink: Ink,
        box: QRectF,
        top: float,
        layer: int,
        direction: int,
        t: int | None,
        active: bool,
        h0_rgba: np.ndarray,
    ) -> None:
        """The inside of a gated rolled cell: each gate as a labelled box with its values as a
        colour strip, LSTM's c path along the top (c_{t-1} ⊗ f ⊕ i ⊗ g = c_t) and h_t below.
        The values are those of the row's latest computed cell (its record); in the current
        cell only the parts its sub-operations have revealed are filled in, and they are
        outlined in the current-cell colour."""
        state = self.state
        s, b = state.stepper, state.batch
        record = None
        if t is not None and state.stepper.is_computed(layer, direction, t):
            record = state.view.record if active else s.record(s.schedule.index(layer, direction, t))
        shown = (
            state.revealed() if active else ({"c_t", "h_t", *state.gates} if record is not None else set())
        )
        now = self.lit_parts() if active else set()
        rects = self.rolled_gate_rects(box, top)
        small, label = self.font(style.NETWORK_SMALL_PX), self.font(style.NETWORK_LABEL_PX, True)
        lit = style.NETWORK_CURRENT

        def values_strip(rect: QRectF, values: torch.Tensor | None, scale: float, name: str) -> None:
            if values is not None:
                p.drawImage(rect, strip_image(state.colors_of(state.binned(values, scale))[None]))
            else:
                ink.text(rect, "…" if active else "", small, style.NETWORK_MUTED_TEXT)
            p.setPen(pen(lit if name in now else style.NETWORK_FADED_BORDER, 2.0 if name in now else 0.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)

        for gate in state.gates:
            rect = rects[gate]
            p.setPen(pen(lit if gate in now else style.NETWORK_CELL_BORDER, 2.0 if gate in now else 1.0))
            p.setBrush(qcolor(style.NETWORK_H0_FILL))
            p.drawRoundedRect(rect, 4, 4)
            ink.text(QRectF(rect.left(), rect.top() + 1, rect.width(), 16), gate, label, style.NETWORK_TEXT)
            ink.text(
                QRectF(rect.left(), rect.top() + 16, rect.width(), 13),
                GATE_FUNCTIONS[gate],
                small,
                style.NETWORK_MUTED_TEXT,
            )
            strip = QRectF(rect.left() + 4, rect.top() + 31, rect.width() - 8, max(4.0, rect.height() - 35))
            values = record.gates[gate][b] if record is not None and gate in shown else None
            values_strip(strip, values, 1.0, gate)
        side = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if "c_t" in rects:
            rect = rects["c_t"]
            ink.text(
                QRectF(box.left() + 8, rect.top(), 34, rect.height()), "cₜ", label, style.NETWORK_TEXT, side
            )
            c_values = record.c_t[b] if record is not None and "c_t" in shown else None
            if t is None:  # before the first step the cell holds c0
                c_values = s.c0[layer * s.D + direction, b]
            values_strip(rect, c_values, state.c_scale(), "c_t")
            # the c path: the forget gate scales c_{t-1}, the input gate adds i * g (the formula once)
            ink.text(self._formula_rect(box, rect), "= f ⊗ cₜ₋₁ ⊕ i ⊗ g", small, style.NETWORK_TEXT, side)
        rect = rects["h_t"]
        ink.text(QRectF(box.left() + 8, rect.top(), 34, rect.height()), "hₜ", label, style.NETWORK_TEXT, side)
        if t is None:
            p.drawImage(rect, strip_image(h0_rgba[None]))
            p.setPen(pen(style.NETWORK_FADED_BORDER, 0.8))
            p.drawRect(rect)
        else:
            values_strip(
                rect,
                record.h_t[b] if record is not None and "h_t" in shown else None,
                state.value_scale(),
                "h_t",
            )
        formula = "= o ⊗ tanh(cₜ)" if state.has_cell_state else "= (1 − z) ⊗ n ⊕ z ⊗ hₜ₋₁"
        if s.H_out != s.H:
            formula = "= W_hr (o ⊗ tanh(cₜ))"
        ink.text(self._formula_rect(box, rect), formula, small, style.NETWORK_TEXT, side)

    @staticmethod
    def _formula_rect(box: QRectF, strip: QRectF) -> QRectF:
        """Right of a track's strip, up to the cell's edge."""
        return QRectF(
            strip.right() + 6, strip.top() - 2, box.right() - 8 - strip.right() - 6, strip.height() + 4
        )

    def _paint_rolled_input(
        self, p: QPainter, ink: Ink, boxes: dict, box: QRectF, layer: int, direction: int, t: int | None
    ) -> None:
        state = self.state
        color = style.NETWORK_ARROW if t is not None else style.NETWORK_FADED_ARROW
        if layer == 0:
            token_top = box.bottom() + 22
            token = state.token_text(t) if t is not None else "…"
            font = self.font(style.NETWORK_TOKEN_PX + (2 if state.tokens is not None else 0))
            token_rect = QRectF(box.center().x() - 60, token_top, 120, 28)
            ink.text(
                token_rect, token, font, style.NETWORK_CURRENT if t is not None else style.NETWORK_MUTED_TEXT
            )
            note = "xₜ" if t is None else f"xₜ, t = {t}"
            ink.text(
                QRectF(box.center().x() - 80, token_rect.bottom(), 160, 14),
                note,
                self.font(style.NETWORK_SMALL_PX),
                style.NETWORK_MUTED_TEXT,
            )
            ink.arrow([QPointF(box.center().x(), token_top), QPointF(box.center().x(), box.bottom())], color)
            return
        below = [boxes[(layer - 1, d)] for d in range(state.stepper.D)]
        if len(below) == 1:
            ink.arrow(
                [QPointF(box.center().x(), below[0].top()), QPointF(box.center().x(), box.bottom())], color
            )
            ink.text(
                QRectF(box.center().x() + 6, below[0].top() - 22, 150, 16),
                QCoreApplication.translate("NetworkPanel", "xₜ = hₜ of layer {layer}").format(
                    layer=layer - 1
                ),
                self.font(style.NETWORK_SMALL_PX),
                style.NETWORK_MUTED_TEXT,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )
            return
        # bidirectional: the layer reads both directions of the layer below, concatenated
        bar_y = (below[0].top() + box.bottom()) / 2
        for b in below:
            p.setPen(pen(style.NETWORK_BRANCH_ARROW, 1.3))
            p.drawLine(QPointF(b.center().x(), b.top()), QPointF(b.center().x(), bar_y))
        p.drawLine(QPointF(below[0].center().x(), bar_y), QPointF(below[1].center().x(), bar_y))
        ink.arrow([QPointF(box.center().x(), bar_y), QPointF(box.center().x(), box.bottom())], color)

    def _paint_rolled_output(self, p: QPainter, ink: Ink, boxes: dict, lay: dict) -> None:
        state, s = self.state, self.state.stepper
        top_boxes = [boxes[(s.L - 1, d)] for d in range(s.D)]
        y = lay["caption_h"] + 4
        cx = sum(b.center().x() for b in top_boxes) / len(top_boxes)
        record = state.view.record
        t = record.t if record is not None else None
        predicted = state.prediction(t) if t is not None else None
        text = "?" if predicted is None else f"{predicted[0]}"
        token_rect = QRectF(cx - 40, y, 80, 26)
        ink.text(
            token_rect,
            text,
            self.font(style.NETWORK_TOKEN_PX + 2),
            style.NETWORK_TEXT if predicted else style.NETWORK_FADED_BORDER,
        )
        if state.sim.model.is_classifier:
            note = (
                QCoreApplication.translate("NetworkPanel", "class guess")
                if predicted is None
                else QCoreApplication.translate("NetworkPanel", "class guess ({p}) after t = {t}").format(
                    p=f"{predicted[1]:.0%}", t=t
                )
            )
        else:
            note = (
                QCoreApplication.translate("NetworkPanel", "predicted next")
                if predicted is None
                else QCoreApplication.translate("NetworkPanel", "predicted next ({p}) after t = {t}").format(
                    p=f"{predicted[1]:.0%}", t=t
                )
            )
        ink.text(
            QRectF(cx + 30, y, 240, 26),
            note,
            self.font(style.NETWORK_SMALL_PX),
            style.NETWORK_MUTED_TEXT,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        color = style.NETWORK_ARROW if predicted else style.NETWORK_FADED_ARROW
        if len(top_boxes) == 1:
            ink.arrow([QPointF(cx, top_boxes[0].top()), QPointF(cx, token_rect.bottom())], color)
        else:
            bar_y = (top_boxes[0].top() + token_rect.bottom()) / 2
            p.setPen(pen(style.NETWORK_BRANCH_ARROW, 1.3))
            for b in top_boxes:
                p.drawLine(QPointF(b.center().x(), b.top()), QPointF(b.center().x(), bar_y))
            p.drawLine(QPointF(top_boxes[0].center().x(), bar_y), QPointF(top_boxes[1].center().x(), bar_y))
            ink.arrow([QPointF(cx, bar_y), QPointF(cx, token_rect.bottom())], color)
