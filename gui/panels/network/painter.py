"""Paints the unrolled network: every cell over time (columns) and layers (rows).

Why it is painted by hand: a 1000-step, 3-layer bidirectional net has 6000 cells, and one
graphics item per cell would make every step, scroll and zoom slow. One paint routine draws only
the columns in view, reading the stepper's hidden tensor (downsampled to a few colour bins with
torch), and the same routine paints the whole network into an image or an SVG for export.

Gated cells: an LSTM carries a second state, c_t, from cell to cell; it is drawn as a second
track above h_t (its own strip in each cell and its own c_{t-1} -> c_t arrows), coloured on its
own scale (c_t is not squashed: ±1, or ± the largest |c| so far when that is larger). Only values
the stepper computed are drawn; nothing is recomputed here.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.geometry import SceneGeometry, track_rects
from rnn_stepper.gui.panels.network.ink import (
    DIRECTION_ARROWS,
    Ink,
    Painter,
    pen,
    qcolor,
    rgba_bytes,
    strip_image,
)


def _nice_step(minimum: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `minimum`."""
    step = 1
    while step < minimum:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step >= minimum:
                break
    return step


class UnrolledPainter(Painter):
    """The one paint code of the unrolled view: the widget, the PNG export and the SVG export all
    call it."""

    def paint_unrolled(
        self,
        p: QPainter,
        geo: SceneGeometry,
        size: QSize,
        scroll: QPointF,
        only: range | None = None,
        row_labels: bool = True,
    ) -> None:
        """Paint what a viewport of `size` shows when the scene is scrolled by `scroll`.

        `only`: repaint just these time steps' columns (over a picture of the same view that
        is otherwise up to date); everything that reaches into them is drawn again, clipped.
        `row_labels`: paint the fixed row labels too (they change only with the current row)."""
        label_w = style.NETWORK_LABEL_WIDTH
        x0, x1 = scroll.x(), scroll.x() + size.width() - label_w  # the scene's x range in view
        # One column more on each side: its h arrow (and zoomed out, its t label) reaches in.
        reach = 1 if geo.detailed else math.ceil(32.0 / geo.pitch) + 1
        visible = geo.t_range(x0, x1)
        visible = range(max(0, visible.start - reach), min(geo.T, visible.stop + reach))
        if only is not None:
            # A changed column's h arrow reaches across the gap before it (in the reverse sweep,
            # after it) to the neighbouring cell's edge: the gaps beside the columns are drawn
            # again too, over whole pixels, and so are the neighbouring columns, whose arrows
            # reach into those gaps. Columns 0 and T-1 also own the h0 boxes beside them.
            reach = (geo.pitch - geo.cell_width) / 2 + 2.0  # (+ anti-aliasing)
            x0 = max(x0, 0.0 if only.start <= 0 else geo.column_x(only.start) - reach)
            x1 = min(x1, geo.width if only.stop >= geo.T else geo.column_x(only.stop) + reach)
            x0 = math.floor(x0 + label_w - scroll.x()) - label_w + scroll.x()  # whole pixels
            x1 = math.ceil(x1 + label_w - scroll.x()) - label_w + scroll.x()
            if x1 <= x0:
                if row_labels:
                    self._paint_row_labels(p, geo, size, scroll.y())
                return
            around = geo.t_range(x0, x1)
            visible = range(max(visible.start, around.start), min(visible.stop, around.stop))
        area = QRectF(label_w + x0 - scroll.x(), 0, x1 - x0, size.height())
        p.fillRect(
            area if only is not None else QRectF(0, 0, size.width(), size.height()),
            qcolor(style.NETWORK_BACKGROUND),
        )
        p.save()
        p.setClipRect(area)
        p.translate(label_w - scroll.x(), -scroll.y())
        under, over = Ink(), Ink()  # arrows go under the cells, labels over them
        self._paint_h0(p, geo, x0, x1, under, over)
        if len(visible):
            if geo.detailed:
                self._paint_detailed(p, geo, visible, under, over)
            else:
                under.flush(p)
                self._paint_compact(p, geo, visible)
            self._paint_tokens(geo, visible, over)
        over.flush(p)
        p.restore()
        if row_labels:
            self._paint_row_labels(p, geo, size, scroll.y())

    def _paint_row_labels(self, p: QPainter, geo: SceneGeometry, size: QSize, scroll_y: float) -> None:
        label_w = style.NETWORK_LABEL_WIDTH
        p.fillRect(QRectF(0, 0, label_w, size.height()), qcolor(style.NETWORK_GUTTER_BACKGROUND))
        ink = Ink()
        edge = QLineF(label_w - 0.5, 0, label_w - 0.5, size.height())
        ink.lines[(style.NETWORK_FADED_BORDER, 1.0)] = [edge]
        current = self.state.current_cell()
        left = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        for layer in range(geo.L):
            for direction in range(geo.D):
                text = QCoreApplication.translate("NetworkPanel", "layer {layer}").format(layer=layer)
                if geo.D == 2:
                    text += f" {DIRECTION_ARROWS[direction]}"
                rect = QRectF(6, geo.row_top(layer, direction) - scroll_y, label_w - 10, geo.row_pitch)
                active = current is not None and (current.layer, current.direction) == (layer, direction)
                ink.text(rect, text, self.font(style.NETWORK_LABEL_PX, bold=active), style.NETWORK_TEXT, left)
                if geo.detailed and self.state.has_cell_state:  # name the two tracks at their height
                    h_strip, c_strip = track_rects(geo.cell_rect(layer, direction, 0), True)
                    for name, strip in (("hₜ", h_strip), ("cₜ", c_strip)):
                        ink.text(
                            QRectF(label_w - 24, strip.top() - 3 - scroll_y, 20, strip.height() + 6),
                            name,
                            self.font(style.NETWORK_SMALL_PX),
                            style.NETWORK_MUTED_TEXT,
                            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                        )
        ink.text(
            QRectF(6, geo.input_top - scroll_y, label_w - 10, 28),
            QCoreApplication.translate("NetworkPanel", "input xₜ"),
            self.font(style.NETWORK_LABEL_PX),
            style.NETWORK_MUTED_TEXT,
            left,
        )
        if geo.has_head:
            ink.text(
                QRectF(6, style.NETWORK_TOP_MARGIN - scroll_y, label_w - 10, 26),
                QCoreApplication.translate("NetworkPanel", "class guess")
                if self.state.sim.model.is_classifier
                else QCoreApplication.translate("NetworkPanel", "predicted next"),
                self.font(style.NETWORK_SMALL_PX),
                style.NETWORK_MUTED_TEXT,
                left,
            )
        ink.flush(p)

    def _paint_h0(self, p: QPainter, geo: SceneGeometry, x0: float, x1: float, under: Ink, over: Ink) -> None:
        """h0 at the start of every row: before t=0 forward, after t=T-1 for the reverse sweep."""
        boxes = [
            (layer, direction, geo.h0_rect(layer, direction))
            for layer in range(geo.L)
            for direction in range(geo.D)
        ]
        boxes = [
            (layer, direction, rect)
            for layer, direction, rect in boxes
            if rect.right() >= x0 and rect.left() <= x1
        ]
        if not boxes:  # (a repaint of a few columns away from both ends)
            return
        colors = self.state.h0_rgba()
        gated = self.state.has_cell_state
        c_colors = self.state.c0_rgba() if gated else None
        font = self.font(style.NETWORK_SMALL_PX)
        # The dashed outline is made into a shape first: Qt dashes a clipped outline from the
        # clip's edge, so a box cut by the window's edge would get other dashes than a whole one.
        dashes = QPainterPathStroker(pen(style.NETWORK_CELL_BORDER, 1.0, Qt.PenStyle.DashLine))
        strips = []
        for layer, direction, rect in boxes:
            outline = QPainterPath()
            outline.addRoundedRect(rect, 4, 4)
            p.fillPath(outline, qcolor(style.NETWORK_H0_FILL))
            p.fillPath(dashes.createStroke(outline), qcolor(style.NETWORK_CELL_BORDER))
            caption = QRectF(rect.left(), rect.top() + 1, rect.width(), min(14.0, rect.height() / 2))
            over.text(caption, "h₀ c₀" if gated else "h₀", font, style.NETWORK_TEXT)
            strip = QRectF(
                rect.left() + 3,
                caption.bottom() + 1,
                rect.width() - 6,
                max(3.0, rect.bottom() - caption.bottom() - 4),
            )
            row = layer * geo.D + direction
            if gated:  # c0 above h0, as the tracks run through the cells
                c_strip = QRectF(strip.left(), strip.top(), strip.width(), strip.height() / 2 - 0.5)
                strip = QRectF(strip.left(), c_strip.bottom() + 1, strip.width(), c_strip.height())
                strips.append((c_strip, c_colors[row]))
            strips.append((strip, colors[row]))
            if geo.detailed:  # h0 (and c0) -> the first cell of the sweep (t=0 forward, t=T-1 reverse)
                first = geo.cell_rect(layer, direction, 0 if direction == 0 else geo.T - 1)
                done = self.state.complete(layer, direction, 0 if direction == 0 else geo.T - 1)
                for track in track_rects(first, gated):
                    if track is None:
                        continue
                    y = min(max(track.center().y(), rect.top() + 2), rect.bottom() - 2)
                    end_y = track.center().y()
                    if direction == 0:
                        points = [QPointF(rect.right(), y), QPointF(first.left(), end_y)]
                    else:
                        points = [QPointF(rect.left(), y), QPointF(first.right(), end_y)]
                    under.arrow(points, style.NETWORK_ARROW if done else style.NETWORK_FADED_ARROW)
        for strip, row_colors in strips:
            p.drawImage(strip, strip_image(row_colors[None, :, :]))
        if strips:  # zeros are white: the frame shows there is a vector
            p.setPen(pen(style.NETWORK_FADED_BORDER, 0.8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRects([strip for strip, _ in strips])

    def _paint_detailed(self, p: QPainter, geo: SceneGeometry, ts: range, under: Ink, over: Ink) -> None:
        state = self.state
        mask = state.complete_mask(ts)  # [n, rows]
        rgba = state.strip_rgba(ts)  # [n, rows, bins, 4]
        for t in ts:
            self._column_arrows(geo, t, mask[t - ts.start], under)
            for layer in range(geo.L):
                for direction in range(geo.D):
                    done = bool(mask[t - ts.start, layer * geo.D + direction])
                    self._h_arrow(geo, layer, direction, t, done, under)
        under.flush(p)
        cells = {True: [], False: []}
        mismatched = []  # cells that ever disagreed with nn.RNN: outlined for good
        ever = self.state.stepper.ever_mismatched
        for t in ts:
            for layer in range(geo.L):
                for direction in range(geo.D):
                    done = bool(mask[t - ts.start, layer * geo.D + direction])
                    cells[done].append(geo.cell_rect(layer, direction, t))
                    if ever[t, layer * geo.D + direction]:
                        mismatched.append(geo.cell_rect(layer, direction, t))
        for done, rects in cells.items():
            p.setPen(pen(style.NETWORK_CELL_BORDER if done else style.NETWORK_FADED_BORDER, 1.0))
            p.setBrush(qcolor(style.NETWORK_CELL_FILL if done else style.NETWORK_FADED_FILL))
            for rect in rects:
                p.drawRoundedRect(rect, 5, 5)
        # one image per row holds every visible cell's strip (transparent between them)
        first = self._strip_rect(geo.cell_rect(0, 0, ts.start))  # (both tracks share x and width)
        x0 = math.floor(first.left())
        px = np.arange(x0, math.ceil(first.left() + (len(ts) - 1) * geo.pitch + first.width()) + 1)
        k = np.floor((px + 0.5 - first.left()) / geo.pitch).astype(np.intp).clip(0, len(ts) - 1)
        offset = px + 0.5 - (first.left() + k * geo.pitch)
        inside = (offset >= 0) & (offset < first.width())
        tracks = [(0, rgba, mask)]  # (index into track_rects, colours, which cells show them)
        revealed_c = None  # the current cell's c strip once its "cell state" stage has shown it
        if state.has_cell_state:
            c_mask, busy = mask, state.in_progress()
            if busy is not None and busy.t in ts and "c_t" in state.revealed():
                c_mask = mask.copy()
                c_mask[busy.t - ts.start, busy.layer * geo.D + busy.direction] = True
                revealed_c = track_rects(geo.cell_rect(*busy), True)[1]
            tracks.append((1, state.c_strip_rgba(ts), c_mask))
        for track, colours, shown in tracks:
            bins = colours.shape[2]
            b = np.floor(offset / first.width() * bins).astype(np.intp).clip(0, bins - 1)
            for layer in range(geo.L):
                for direction in range(geo.D):
                    row = layer * geo.D + direction
                    line = colours[k, row, b].copy()  # [pixels, 4]
                    line[~(inside & shown[k, row])] = 0
                    strip = track_rects(geo.cell_rect(layer, direction, ts.start), state.has_cell_state)[
                        track
                    ]
                    p.drawImage(QRectF(x0, strip.top(), len(px), strip.height()), strip_image(line[None]))
        p.setPen(pen(style.NETWORK_FADED_BORDER, 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        frames = [
            strip for r in cells[True] for strip in track_rects(r, state.has_cell_state) if strip is not None
        ]
        if revealed_c is not None:
            frames.append(revealed_c)
        if frames:
            p.drawRects(frames)
        if mismatched:
            p.setPen(pen(style.NETWORK_MISMATCH, style.NETWORK_CURRENT_WIDTH - 1))
            for rect in mismatched:
                p.drawRoundedRect(rect, 5, 5)
        self._paint_current(p, geo, ts, over)

    def _strip_rect(self, rect: QRectF) -> QRectF:
        """h_t's colour strip inside a detailed cell."""
        return track_rects(rect, self.state.has_cell_state)[0]

    def _h_arrow(self, geo: SceneGeometry, layer: int, direction: int, t: int, done: bool, ink: Ink) -> None:
        """h_{t-1} -> h_t between neighbouring cells (pointing left in the reverse direction), and
        for an LSTM c_{t-1} -> c_t on its own track above."""
        rect = geo.cell_rect(layer, direction, t)
        color = style.NETWORK_ARROW if done else style.NETWORK_FADED_ARROW
        h_strip, c_strip = track_rects(rect, self.state.has_cell_state)
        for strip in (h_strip, c_strip):
            if strip is None:
                continue
            y = strip.center().y()
            if direction == 0 and t > 0:
                source = geo.cell_rect(layer, 0, t - 1)
                ink.arrow([QPointF(source.right(), y), QPointF(rect.left(), y)], color)
            elif direction == 1 and t < geo.T - 1:
                source = geo.cell_rect(layer, 1, t + 1)
                ink.arrow([QPointF(source.left(), y), QPointF(rect.right(), y)], color)

    def _column_arrows(self, geo: SceneGeometry, t: int, done_rows: np.ndarray, ink: Ink) -> None:
        """x_t -> cell: the input up into layer 0, each layer's output up into the next, and the
        top layer's output up to the prediction. In a bidirectional net both directions of a layer
        read the same input (split on the left) and the next layer reads both (merged on the right,
        at a dot that stands for the concatenation). An arrow is dark once the cell reading it has
        been computed."""
        cx = geo.column_center(t)
        D = geo.D
        output_done = self.state.has_head and bool(done_rows[(geo.L - 1) * D :].all())
        out_y = style.NETWORK_TOP_MARGIN + 26.0
        color = lambda ok: style.NETWORK_ARROW if ok else style.NETWORK_FADED_ARROW  # noqa: E731
        branch = lambda ok: style.NETWORK_BRANCH_ARROW if ok else style.NETWORK_FADED_ARROW  # noqa: E731
        if D == 1:
            below = geo.input_top + 4.0
            for layer in range(geo.L):
                rect = geo.cell_rect(layer, 0, t)
                ink.arrow([QPointF(cx, below), QPointF(cx, rect.bottom())], color(bool(done_rows[layer])))
                below = rect.top()
            if self.state.has_head:
                ink.arrow([QPointF(cx, below), QPointF(cx, out_y)], color(output_done))
            return
        gap = geo.pitch - geo.cell_width
        side = min(8.0, gap * 0.3)
        inner = geo.cell_width * 0.22
        source_y = geo.input_top + 4.0  # where this layer's input comes from
        for layer in range(geo.L):
            fwd, rev = geo.cell_rect(layer, 0, t), geo.cell_rect(layer, 1, t)
            fwd_done, rev_done = bool(done_rows[layer * 2]), bool(done_rows[layer * 2 + 1])
            split_y = (fwd.bottom() + geo.input_top) / 2 if layer == 0 else source_y
            between = (fwd.top() + rev.bottom()) / 2
            ink.arrow([QPointF(cx, source_y), QPointF(cx, fwd.bottom())], color(fwd_done))
            x_left = fwd.left() - side
            ink.arrow(
                [
                    QPointF(cx, split_y),
                    QPointF(x_left, split_y),
                    QPointF(x_left, between),
                    QPointF(cx - inner, between),
                    QPointF(cx - inner, rev.bottom()),
                ],
                branch(rev_done),
            )
            if layer < geo.L - 1:
                target_bottom = geo.cell_rect(layer + 1, 0, t).bottom()
            elif self.state.has_head:
                target_bottom = out_y
            else:
                continue
            merge_y = (rev.top() + target_bottom) / 2
            used = output_done if layer == geo.L - 1 else bool(done_rows[(layer + 1) * 2])
            x_right = fwd.right() + side
            ink.arrow(
                [
                    QPointF(cx + inner, fwd.top()),
                    QPointF(cx + inner, between),
                    QPointF(x_right, between),
                    QPointF(x_right, merge_y),
                    QPointF(cx, merge_y),
                ],
                branch(used),
                head=False,
            )
            ink.arrow([QPointF(cx, rev.top()), QPointF(cx, merge_y)], color(used), head=False)
            ink.dot(QPointF(cx, merge_y), color(used))
            if layer == geo.L - 1:
                ink.arrow([QPointF(cx, merge_y), QPointF(cx, out_y)], color(output_done))
            source_y = merge_y

    def _paint_compact(self, p: QPainter, geo: SceneGeometry, ts: range) -> None:
        """Zoomed out: each cell is a thin strip, its bins stacked vertically; no arrows."""
        state = self.state
        mask = state.complete_mask(ts)
        rgba = state.strip_rgba(ts)  # [n, rows, bins, 4]
        if state.has_cell_state:  # LSTM: c_t's bins above h_t's, as in the detailed cells
            rgba = np.concatenate((state.c_strip_rgba(ts), rgba), axis=2)
        rgba = rgba.copy()
        rgba[~mask] = rgba_bytes(style.UNCOMPUTED_COLOR)
        x0, width = geo.column_x(ts.start), len(ts) * geo.pitch
        for layer in range(geo.L):
            for direction in range(geo.D):
                row = layer * geo.D + direction
                top = geo.cell_rect(layer, direction, ts.start)
                image = strip_image(rgba[:, row].transpose(1, 0, 2))  # [bins, n]
                p.drawImage(QRectF(x0, top.top(), width, top.height()), image)
        if geo.pitch >= 4:  # 1 px gaps keep neighbouring time steps apart
            p.setPen(pen(style.NETWORK_BACKGROUND, 1.0))
            lines_top, lines_bottom = geo.rows_top, geo.input_top
            p.drawLines(
                [QLineF(geo.column_x(t) + 0.5, lines_top, geo.column_x(t) + 0.5, lines_bottom) for t in ts]
            )
        ever = state.stepper.ever_mismatched[ts.start : ts.stop]
        if ever.any():  # cells that ever disagreed with nn.RNN stay marked, at least 4 px wide
            p.setPen(pen(style.NETWORK_MISMATCH, 2.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            for k, row in np.argwhere(ever):
                rect = geo.cell_rect(row // geo.D, row % geo.D, ts.start + int(k))
                if rect.width() < 4:
                    rect = QRectF(rect.center().x() - 2, rect.top(), 4, rect.height())
                p.drawRect(rect)
        self._paint_current(p, geo, ts, None)

    def _paint_current(self, p: QPainter, geo: SceneGeometry, ts: range, over: Ink | None) -> None:
        current = self.state.current_cell()
        if current is None or current.t not in ts:
            return
        rect = geo.cell_rect(*current)
        if rect.width() < 6:  # keep the highlight visible on a 2 px strip
            rect = QRectF(rect.center().x() - 3, rect.top(), 6, rect.height())
        record = self.state.view.record
        color = style.NETWORK_CURRENT if record.matches else style.NETWORK_MISMATCH
        p.setPen(pen(color, style.NETWORK_CURRENT_WIDTH))
        p.setBrush(Qt.BrushStyle.NoBrush)
        grow = style.NETWORK_CURRENT_WIDTH / 2
        p.drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow), 5, 5)
        if over is None:
            return
        strip = self._strip_rect(geo.cell_rect(*current))
        if self.state.in_progress() is not None:  # sub-operations still showing
            over.text(strip, "…", self.font(style.NETWORK_LABEL_PX), style.NETWORK_CURRENT)
            return
        # a small mark under the selected neuron's bin, as the other panels highlight it
        H = self.state.stepper.H_out
        neuron = min(self.state.session.selected_neuron, H - 1)
        bins = self.state.bins()
        x = strip.left() + (neuron * bins // H + 0.5) * strip.width() / bins
        over.arrow(
            [QPointF(x, strip.bottom() + 7), QPointF(x, strip.bottom() + 1)], style.SELECTION_COLOR, 1.5
        )

    def _paint_tokens(self, geo: SceneGeometry, ts: range, ink: Ink) -> None:
        state = self.state
        is_text = state.tokens is not None
        current = state.current_cell()
        show_tokens = geo.pitch >= style.NETWORK_TOKEN_PITCH and (is_text or geo.detailed)
        if show_tokens:
            token_px = min(style.NETWORK_TOKEN_PX, geo.pitch * 0.8)
            token_font = self.font(token_px if is_text else min(token_px, style.NETWORK_LABEL_PX + 2))
            small = self.font(style.NETWORK_SMALL_PX)
            for t in ts:
                x = geo.column_x(t)
                is_now = current is not None and current.t == t
                rect = QRectF(x, geo.input_top + 4, geo.pitch, token_px + 6)
                ink.text(
                    rect,
                    state.token_text(t),
                    token_font,
                    style.NETWORK_CURRENT if is_now else style.NETWORK_TEXT,
                )
                if is_text and geo.detailed:
                    ink.text(
                        QRectF(x, rect.bottom(), geo.pitch, 14), f"t={t}", small, style.NETWORK_MUTED_TEXT
                    )
                if state.has_head:
                    out_rect = QRectF(x, style.NETWORK_TOP_MARGIN, geo.pitch, 26)
                    predicted = state.prediction(t)
                    if predicted is not None:
                        ink.text(out_rect, predicted[0], token_font, style.NETWORK_TEXT)
                    elif geo.detailed:
                        ink.text(out_rect, "?", token_font, style.NETWORK_FADED_BORDER)
        if not geo.detailed:
            self._time_ticks(geo, ts, ink, below_tokens=show_tokens)

    def _time_ticks(self, geo: SceneGeometry, ts: range, ink: Ink, below_tokens: bool) -> None:
        """t indices every few columns, so a zoomed-out sequence still shows where it is."""
        step = _nice_step(44.0 / geo.pitch)
        font = self.font(style.NETWORK_SMALL_PX)
        y = geo.input_top + (26 if below_tokens else 4)
        for t in range((ts.start // step) * step, ts.stop, step):
            cx = geo.column_center(t)
            ink.arrow([QPointF(cx, y), QPointF(cx, y + 4)], style.NETWORK_MUTED_TEXT, 1.0, head=False)
            ink.text(QRectF(cx - 30, y + 4, 60, 14), f"t={t}", font, style.NETWORK_MUTED_TEXT)
