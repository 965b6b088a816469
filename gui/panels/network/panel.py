"""The network panel: cells over time (columns) and layers (rows), with the current cell
highlighted, unrolled or rolled. The painting lives in painter.py and rolled.py, what is drawn in
state.py, where in geometry.py, the frame cache and the mouse in canvas.py, the hover text in
tooltip.py. This module holds the widgets, the view (zoom, scroll, rolled), the exports and the
public reading that tests and exports use; a little over 500 lines, because those all read the
same view and splitting them would only pass it around."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollBar, QToolButton, QVBoxLayout
from rnn_stepper.engine.schedule import Cell
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.base import StepPanel
from rnn_stepper.gui.panels.network.canvas import NetworkCanvas
from rnn_stepper.gui.panels.network.geometry import SceneGeometry, track_rects
from rnn_stepper.gui.panels.network.ink import DIRECTION_ARROWS
from rnn_stepper.gui.panels.network.legend import _ColourLegend
from rnn_stepper.gui.panels.network.painter import UnrolledPainter
from rnn_stepper.gui.panels.network.rolled import RolledPainter
from rnn_stepper.gui.panels.network.state import NetworkState
from rnn_stepper.gui.panels.network.tooltip import cell_tooltip
from rnn_stepper.gui.widgets.steady_label import steady


class NetworkPanel(StepPanel):
    """Cells over time (columns) and layers (rows), with the current cell highlighted."""

    TITLE = "Unrolled network"
    OBJECT_NAME = "networkPanel"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self._read_simulation()
        self._pitch = style.NETWORK_DEFAULT_PITCH
        self._row_pitch = style.NETWORK_ROW_PITCH_RANGE[1]
        self._auto_pitch = True  # until the user zooms, short sequences widen to fill the view
        # The smallest row height: the style's, or less after Fit when the rows need it to fit.
        self._min_row_pitch = style.NETWORK_ROW_PITCH_RANGE[0]
        self._center_y = 0.0  # a network shorter than the view is centred vertically
        self._rolled = False
        self._labelled_row = None  # the current (layer, direction) when the row labels were drawn
        self._build_widgets()
        self._show_c_legend()
        session.simulationChanged.connect(self._on_simulation_changed)
        session.stepChanged.connect(self._on_step_changed)
        session.neuronSelected.connect(self._on_neuron_selected)
        self.relayout()
        self._follow_current()

    def _build_widgets(self) -> None:
        self.rolled_button = QToolButton(self)
        self.rolled_button.setText(self.tr("⟲ Rolled"))
        self.rolled_button.setCheckable(True)
        self.rolled_button.setToolTip(
            self.tr(
                "Show the network rolled up: one recurrent cell per layer with its loop arrow.\n"
                "Every cell of a row in the unrolled view is this one cell, reused at every time step."
            )
        )
        self.rolled_button.toggled.connect(self.set_rolled)
        self.zoom_out_button = self._tool_button(
            "−", self.tr("Zoom out: narrower time steps (Ctrl+wheel, − key)"), self.zoom_out
        )
        self.zoom_in_button = self._tool_button(
            "+", self.tr("Zoom in: wider time steps (Ctrl+wheel, + key)"), self.zoom_in
        )
        self.fit_button = self._tool_button(
            self.tr("Fit"), self.tr("Fit the whole sequence into the view"), self.fit_all
        )
        self.legend = _ColourLegend(self)
        self.c_legend_label = QLabel("cₜ:", self)
        self.c_legend = _ColourLegend(self, track="c")
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet(f"color: {style.NETWORK_MUTED_TEXT};")

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(4, 2, 4, 2)
        toolbar.setSpacing(4)
        for w in (self.rolled_button, self.zoom_out_button, self.zoom_in_button, self.fit_button):
            toolbar.addWidget(w)
        toolbar.addSpacing(10)
        toolbar.addWidget(QLabel("hₜ:", self))
        toolbar.addWidget(self.legend)
        toolbar.addSpacing(6)
        toolbar.addWidget(self.c_legend_label)
        toolbar.addWidget(self.c_legend)
        toolbar.addStretch(1)
        toolbar.addWidget(steady(self.status_label))  # changes at every step: gui/widgets/steady_label.py

        self.canvas = NetworkCanvas(self)
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        for bar in (self.hbar, self.vbar):
            bar.setStyleSheet(style.FLAT_SCROLLBAR_STYLE)
        self.hbar.valueChanged.connect(self.canvas.update)
        self.vbar.valueChanged.connect(self.canvas.update)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.canvas, 0, 0)
        grid.addWidget(self.vbar, 0, 1)
        grid.addWidget(self.hbar, 1, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(toolbar)
        layout.addLayout(grid, 1)

    def _tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # ---- panel contract (export_plan and window_plan: with the exports below) ----------------------

    def ui_state(self) -> dict:
        """The view the user chose: rolled or not, and the zoom (None while it still follows the
        dock's width) with the row height Fit chose. The scroll is not kept: the new panel
        scrolls to the current cell."""
        return {
            "rolled": self._rolled,
            "pitch": None if self._auto_pitch else self._pitch,
            "min_row_pitch": self._min_row_pitch,
        }

    def restore_ui_state(self, state: dict) -> None:
        self._min_row_pitch = state["min_row_pitch"]
        if state["pitch"] is not None:
            self.set_pitch(state["pitch"])
        self.set_rolled(state["rolled"])
        self.relayout()
        self._follow_current()

    # ---- public reading ------------------------------------------------------------------------------

    def scene_geometry(self, pitch: float | None = None) -> SceneGeometry:
        s = self._state.stepper
        return SceneGeometry(s.T, s.L, s.D, self._state.has_head, pitch or self._pitch, self._row_pitch)

    def drawn_state(self) -> NetworkState:
        """What the panel draws from (the session's simulation, read for drawing)."""
        return self._state

    def highlighted_cell(self) -> Cell | None:
        """The cell drawn as being computed: (layer, direction, t) of the session's current record."""
        return self._state.current_cell()

    def is_rolled(self) -> bool:
        return self._rolled

    def track_rects(self, layer: int, direction: int, t: int) -> tuple[QRect, QRect | None]:
        """Where a detailed cell's h_t strip and (LSTM) c_t strip are drawn, in canvas coordinates."""
        h, c = track_rects(QRectF(self.cell_rect(layer, direction, t)), self._state.has_cell_state)
        return h.toAlignedRect(), None if c is None else c.toAlignedRect()

    def c_colour_scale(self) -> float | None:
        """The value drawn fully red (and its negative fully blue) in the c_t strips; None
        without a cell state."""
        return self._state.c_scale() if self._state.has_cell_state else None

    def lit_parts(self) -> set[str]:
        """The parts of the current gated cell outlined in the rolled view: those its current
        sub-operation reveals (gate names, "c_t", "h_t")."""
        return self._rolled_painter.lit_parts()

    def pitch(self) -> float:
        """Width of one time step in px (the zoom)."""
        return self._pitch

    def scroll_offset(self) -> QPointF:
        """Scene point at the canvas's top-left (right of the row labels); y < 0 when centred."""
        return QPointF(self.hbar.value(), self.vbar.value() - self._center_y)

    def token_font(self) -> QFont:
        """The font input and predicted tokens are drawn with (the bundled CJK font)."""
        return self._painter.font(style.NETWORK_TOKEN_PX)

    def token_label(self, t: int) -> str:
        """The input label drawn under column t: the token ("␣" for a space) or "x₅"."""
        return self._state.token_text(t)

    def prediction(self, t: int) -> tuple[str, float] | None:
        """The predicted next token drawn above column t and its probability, once computed."""
        return self._state.prediction(t)

    def cell_rect(self, layer: int, direction: int, t: int) -> QRect:
        """Where cell (layer, direction, t) is drawn, in the canvas's coordinates (may be off-screen)."""
        if self._rolled:
            box = self._rolled_painter.rolled_layout(self.canvas.size())["boxes"][(layer, direction)]
            return box.translated(0, -self.scroll_offset().y()).toAlignedRect()
        rect = self.scene_geometry().cell_rect(layer, direction, t)
        scroll = self.scroll_offset()
        return rect.translated(style.NETWORK_LABEL_WIDTH - scroll.x(), -scroll.y()).toAlignedRect()

    def cell_at(self, pos) -> Cell | None:
        """The cell under a canvas point, or None (the row labels, tokens, gaps between rows)."""
        x, y = float(pos.x()), float(pos.y())
        if self._rolled:
            for (layer, direction), box in self._rolled_painter.rolled_layout(self.canvas.size())[
                "boxes"
            ].items():
                if box.contains(QPointF(x, y + self.scroll_offset().y())):
                    t = self._state.latest_t(layer, direction)
                    return Cell(
                        layer,
                        direction,
                        t if t is not None else (0 if direction == 0 else self._state.stepper.T - 1),
                    )
            return None
        if x < style.NETWORK_LABEL_WIDTH:
            return None
        scroll = self.scroll_offset()
        return self.scene_geometry().cell_at(x - style.NETWORK_LABEL_WIDTH + scroll.x(), y + scroll.y())

    def strip_colors(self, layer: int, direction: int, t: int, track: str = "h") -> list[QColor] | None:
        """The colour strip drawn in a cell (one colour per bin) for h_t, or with track="c" an
        LSTM's c_t; None if the cell is not computed."""
        if not self._state.complete(layer, direction, t):
            return None
        strips = self._state.c_strip_rgba if track == "c" else self._state.strip_rgba
        rgba = strips(range(t, t + 1))[0, layer * self._state.stepper.D + direction]
        return [QColor(int(r), int(g), int(b)) for r, g, b, _ in rgba]

    def cell_tooltip(self, layer: int, direction: int, t: int) -> str:
        """What hovering a cell shows: where it is, its token, h_t (and an LSTM's c_t) against the
        module's own value."""
        return cell_tooltip(self._state, Cell(layer, direction, t), self.token_font().family())

    # ---- public actions ------------------------------------------------------------------------------

    def set_rolled(self, rolled: bool) -> None:
        rolled = bool(rolled)
        if rolled == self._rolled:
            return
        self._rolled = rolled
        if self.rolled_button.isChecked() != rolled:
            self.rolled_button.setChecked(rolled)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(not rolled)
        self.relayout()
        self._follow_current()
        self.canvas.update()

    def set_pitch(self, pitch: float, anchor_x: float | None = None) -> None:
        """Zoom to `pitch` px per time step, keeping the scene point under canvas x `anchor_x` still."""
        pitch = max(style.NETWORK_MIN_PITCH, min(style.NETWORK_MAX_PITCH, float(pitch)))
        self._auto_pitch = False
        if pitch == self._pitch:
            return
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        if anchor_x is None:
            anchor_x = style.NETWORK_LABEL_WIDTH + view_w / 2
        old = self.scene_geometry()
        scene_x = anchor_x - style.NETWORK_LABEL_WIDTH + self.hbar.value()
        t_float = (scene_x - old.columns_left) / old.pitch
        self._pitch = pitch
        self.relayout()
        new_scene_x = old.columns_left + t_float * pitch
        self.hbar.setValue(round(new_scene_x - (anchor_x - style.NETWORK_LABEL_WIDTH)))
        self.canvas.update()

    def zoom_in(self) -> None:
        self.set_pitch(self._pitch * style.NETWORK_ZOOM_FACTOR)

    def zoom_out(self) -> None:
        self.set_pitch(self._pitch / style.NETWORK_ZOOM_FACTOR)

    def height_for_all_rows(self) -> int:
        """This panel's height that shows every row (at the smallest row height) without scrolling."""
        s = self._state.stepper
        content = (
            SceneGeometry.fixed_height(self._state.has_head) + s.L * s.D * style.NETWORK_ROW_PITCH_RANGE[0]
        )
        return self.height() - self.canvas.height() + math.ceil(content)

    def fit_all(self) -> None:
        """Every time step and every row in view: narrower columns, and shorter rows if needed."""
        geo = self.scene_geometry()
        rows = geo.L * geo.D
        share = (self.canvas.height() - SceneGeometry.fixed_height(self._state.has_head)) / rows
        self._min_row_pitch = max(style.NETWORK_MIN_ROW_PITCH, min(style.NETWORK_ROW_PITCH_RANGE[0], share))
        fixed = geo.width - geo.T * geo.pitch
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        self.relayout()
        self.set_pitch((view_w - fixed) / max(geo.T, 1))
        self.hbar.setValue(0)
        self.vbar.setValue(0)

    def scroll_to_cell(self, layer: int, direction: int, t: int) -> None:
        """Scroll as little as needed for the cell to be in view, with a little context around it."""
        if self._rolled:
            return
        rect = self.scene_geometry().cell_rect(layer, direction, t)
        view_w = self.canvas.width() - style.NETWORK_LABEL_WIDTH
        view_h = self.canvas.height()
        margin = min(self._pitch * 1.5, view_w / 3)
        x = self.hbar.value()
        if rect.left() - margin < x:
            x = rect.left() - margin
        elif rect.right() + margin > x + view_w:
            x = rect.right() + margin - view_w
        self.hbar.setValue(round(x))
        y = self.vbar.value()
        pad = min(self._row_pitch / 2, view_h / 4)
        top, bottom = rect.top() - pad, rect.bottom() + pad
        if top < y:
            y = top
        elif bottom > y + view_h:
            y = bottom - view_h
        self.vbar.setValue(round(y))

    def render_image(self, width: int | None = None) -> QImage:
        """The whole network (every time step, not just the visible ones) as an image.

        `width` in px sets the column width so that everything fits; by default the current zoom
        is used, narrowed if the image would be wider than NETWORK_MAX_EXPORT_WIDTH."""
        size, paint = self.export_plan(width)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(style.NETWORK_BACKGROUND))
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            paint(p)
        finally:
            p.end()
        return image

    def render_svg(self, path) -> None:
        """The whole network as an SVG file (vector shapes and text; colour strips as images)."""
        from PySide6.QtSvg import QSvgGenerator

        size, paint = self.export_plan(None)
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(self.TITLE)
        generator.setDescription("RNN Stepper: the unrolled network")
        p = QPainter(generator)
        try:
            paint(p)
        finally:
            p.end()

    # ---- what an export draws: StepPanel's export_plan and window_plan ------------------------------

    def export_plan(self, width: int | None):
        """The whole network (every time step, rows at full height), at `width` px or the zoom."""
        if self._rolled:
            w = int(width or max(self.canvas.width(), 640))
            h = int(max(self.canvas.height(), self._rolled_painter.rolled_layout(QSize(w, 400))["height"]))
            size = QSize(w, h)
            return size, lambda p: self._rolled_painter.paint_rolled(p, size, 0.0)
        geo = self.scene_geometry()
        # Rows at full height: on screen they share the dock's height (squashed when there are
        # many); an exported picture has no dock to fit.
        geo = SceneGeometry(geo.T, geo.L, geo.D, geo.has_head, geo.pitch, style.NETWORK_ROW_PITCH_RANGE[1])
        label_w = style.NETWORK_LABEL_WIDTH
        fixed = geo.width - geo.T * geo.pitch + label_w
        target = width if width is not None else fixed + geo.T * geo.pitch
        target = min(float(target), float(style.NETWORK_MAX_EXPORT_WIDTH))
        pitch = max((target - fixed) / geo.T, 0.05)
        geo = SceneGeometry(geo.T, geo.L, geo.D, geo.has_head, pitch, geo.row_pitch)
        size = QSize(math.ceil(label_w + geo.width), math.ceil(geo.height))
        return size, lambda p: self._painter.paint_unrolled(p, geo, size, QPointF(0, 0))

    def window_plan(self, t: int, columns: int):
        """(size, paint) of a window of `columns` time steps around time step `t`, at the current
        zoom, with the row labels: what one animation frame shows of a long sequence (the whole
        sequence when it is shorter)."""
        geo = self.scene_geometry()
        if self._rolled or geo.T <= columns:
            return self.export_plan(None)
        geo = SceneGeometry(geo.T, geo.L, geo.D, geo.has_head, geo.pitch, style.NETWORK_ROW_PITCH_RANGE[1])
        label_w = style.NETWORK_LABEL_WIDTH
        view_w = geo.width - geo.T * geo.pitch + columns * geo.pitch  # the margins and `columns` steps
        size = QSize(math.ceil(label_w + view_w), math.ceil(geo.height))
        left = geo.column_x(t) + geo.pitch / 2 - view_w / 2  # the current column in the middle
        left = min(max(0.0, left), geo.width - view_w)
        return size, lambda p: self._painter.paint_unrolled(p, geo, size, QPointF(left, 0))

    # ---- for the canvas: what its frame shows, painting it, laying the view out ----------------------

    def frame_state(self) -> tuple[tuple, int]:
        """Where the canvas's picture is taken from besides its size (see NetworkCanvas): when any
        of the first part changes, the whole picture is drawn again; the second is the
        horizontal scroll, which the canvas can follow by moving the picture."""
        return (
            self._rolled,
            self._pitch,
            self._row_pitch,
            self._center_y,
            self.vbar.value(),
        ), self.hbar.value()

    def paint_view(self, p: QPainter, size: QSize, columns: set[int] | None = None) -> None:
        current = self._state.current_cell()
        row = None if current is None else (current.layer, current.direction)
        row_labels = columns is None or row != self._labelled_row  # (the current row's is bold)
        self._labelled_row = row
        if self._rolled:
            self._rolled_painter.paint_rolled(p, size, self.scroll_offset().y())
        elif columns is None:
            self._painter.paint_unrolled(p, self.scene_geometry(), size, self.scroll_offset())
        else:
            for first, last in _runs(sorted(columns)):
                self._painter.paint_unrolled(
                    p,
                    self.scene_geometry(),
                    size,
                    self.scroll_offset(),
                    only=range(first, last + 1),
                    row_labels=row_labels,
                )
                row_labels = False

    def relayout(self) -> None:
        """Share the height between the rows and set the scroll ranges (after a resize or zoom)."""
        view_w = max(1, self.canvas.width() - style.NETWORK_LABEL_WIDTH)
        view_h = max(1, self.canvas.height())
        if self._rolled:
            content_h = self._rolled_painter.rolled_layout(self.canvas.size())["height"]
            self.hbar.setRange(0, 0)
            self.hbar.hide()
        else:
            low, high = self._min_row_pitch, style.NETWORK_ROW_PITCH_RANGE[1]
            rows = self._state.stepper.L * self._state.stepper.D
            share = (view_h - SceneGeometry.fixed_height(self._state.has_head)) / rows
            self._row_pitch = max(low, min(high, share))
            if self._auto_pitch:
                fixed = self.scene_geometry(1.0).width - self._state.stepper.T
                fill = (view_w - fixed) / self._state.stepper.T
                self._pitch = max(style.NETWORK_DEFAULT_PITCH, min(style.NETWORK_MAX_PITCH, fill))
            geo = self.scene_geometry()
            content_h = geo.height
            self.hbar.setRange(0, max(0, math.ceil(geo.width - view_w)))
            self.hbar.setPageStep(view_w)
            self.hbar.setSingleStep(max(1, round(self._pitch)))
            self.hbar.show()
        self._center_y = max(0.0, (view_h - content_h) / 2)
        self.vbar.setRange(0, max(0, math.ceil(content_h - view_h)))
        self.vbar.setPageStep(view_h)
        self.vbar.setSingleStep(20)
        self.vbar.setVisible(self.vbar.maximum() > 0)
        self._update_status()

    def _update_status(self) -> None:
        view = self._state.view
        s = self._state.stepper
        if view.record is None:
            text = self.tr("0 / {n} cells").format(n=len(s))
        else:
            r = view.record
            arrow = f" {DIRECTION_ARROWS[r.direction]}" if s.D == 2 else ""
            text = self.tr("cell {i} / {n}: layer {layer}{arrow}, t = {t}").format(
                i=view.position, n=len(s), layer=r.layer, arrow=arrow, t=r.t
            )
        self.status_label.setText(text)

    def _follow_current(self) -> None:
        current = self._state.current_cell()
        if current is not None:
            self.scroll_to_cell(*current)

    def _read_simulation(self) -> None:
        """What is drawn and the two painters, for the session's simulation (anew with each)."""
        self._state = NetworkState(self.session)
        self._painter = UnrolledPainter(self._state)
        self._rolled_painter = RolledPainter(self._state)

    # the session's signals: each body runs through the one error guard (StepPanel.safely)

    def _on_simulation_changed(self, simulation) -> None:
        self.safely(self._show_simulation)

    def _on_step_changed(self, view) -> None:
        self.safely(self._show_step, view)

    def _on_neuron_selected(self, neuron: int) -> None:
        self.safely(self._show_selected_neuron)

    def _show_simulation(self) -> None:
        self._read_simulation()
        self._auto_pitch = True
        self._min_row_pitch = style.NETWORK_ROW_PITCH_RANGE[0]
        self.hbar.setValue(0)
        self.vbar.setValue(0)
        self.canvas.columns_changed(None)
        self.relayout()
        self._follow_current()
        self.canvas.update()
        self.legend.update()
        self._show_c_legend()

    def _show_c_legend(self) -> None:
        """c_t's colour scale beside h_t's, for an LSTM only."""
        gated = self._state.has_cell_state
        self.c_legend_label.setVisible(gated)
        self.c_legend.setVisible(gated)
        self._c_scale_shown = self._state.c_scale() if gated else 1.0
        self.c_legend.update()

    def _show_step(self, view) -> None:
        columns = self._state.columns_changed_by_step(view)
        self._state.view = view
        if self._state.has_cell_state and self._state.c_scale() != self._c_scale_shown:
            columns = None  # the c_t colours follow the largest |c|: every cell is drawn anew
            self._c_scale_shown = self._state.c_scale()
            self.c_legend.update()
        self.canvas.columns_changed(columns)
        self._update_status()
        self._follow_current()  # (a scroll repaints the whole canvas)
        self.canvas.update_columns(columns)
        if self._state.stepper.nonlinearity == "relu":
            self.legend.update()

    def _show_selected_neuron(self) -> None:
        current = self._state.current_cell()
        self.canvas.columns_changed(set() if current is None else {current.t})
        self.canvas.update()  # the mark under the current cell's strip moves

    def neuron_at(self, pos, cell: Cell) -> int | None:
        """The neuron under a canvas point on `cell`'s h_t strip, or an LSTM's c_t strip (the
        first of its bin), or None."""
        s = self._state.stepper
        h_strip, c_strip = track_rects(QRectF(self.cell_rect(*cell)), self._state.has_cell_state)
        for strip, H in ((h_strip, s.H_out), (c_strip, s.H)):  # c_t has hidden_size numbers
            if strip is None or not strip.contains(QPointF(pos)) or strip.width() <= 0:
                continue
            bins = self._state.bins(H)
            column = min(int((pos.x() - strip.left()) / strip.width() * bins), bins - 1)
            return column * H // bins
        return None


def _runs(values: list[int]):
    """Sorted integers as (first, last) runs of consecutive values: [1, 2, 3, 7] -> (1, 3), (7, 7)."""
    start = previous = None
    for v in values:
        if previous is not None and v == previous + 1:
            previous = v
            continue
        if start is not None:
            yield start, previous
        start = previous = v
    if start is not None:
        yield start, previous
