"""The network's viewport: paints the visible part of the scene (keeping the last frame), and
turns mouse, wheel and keys into the panel's actions (seek, select a neuron, zoom, scroll)."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.base import guarded


class NetworkCanvas(QWidget):
    """The viewport: paints the visible part of the scene; mouse and keys go to the panel.

    The painted frame is kept in a pixmap and drawn again as is while nothing it shows has
    changed (same step, selection, scroll, zoom and size): a window repainted for another
    reason (a dock resized, a menu closed) then costs a blit, not a redraw of every cell.
    """

    def __init__(self, panel):
        super().__init__(panel)
        # the NetworkPanel (not imported: panel.py imports this module, and cycles are refused)
        self.panel = panel
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        # The frame covers every pixel: Qt need not paint the panel's background under it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.last_paint_error: str | None = None
        self._frame: QPixmap | None = None
        self._frame_key = None
        self._frame_scroll_x = 0  # the horizontal scroll the frame was drawn at
        self._changed_columns: set[int] | None = None  # drawn differently since the last paint

    def sizeHint(self) -> QSize:
        return QSize(900, 300)

    def paintEvent(self, event) -> None:
        state, scroll_x = self.panel.frame_state()
        key = (state, self.size().toTuple(), self.devicePixelRatioF())
        changed = self._take_changed_columns()  # None: everything may have changed
        if (
            self._frame is not None
            and key == self._frame_key
            and changed is not None
            and scroll_x != self._frame_scroll_x
        ):
            # Following the current cell scrolls by a column or so: move the picture and
            # draw only the columns that came into view.
            exposed = self._scrolled_columns(self._frame_scroll_x, scroll_x)
            if exposed is None:
                changed = None
            else:
                ratio = self.devicePixelRatioF()
                gutter = round(style.NETWORK_LABEL_WIDTH * ratio)
                self._frame.scroll(
                    round((self._frame_scroll_x - scroll_x) * ratio),
                    0,
                    QRect(gutter, 0, self._frame.width() - gutter, self._frame.height()),
                )
                changed |= exposed
        if self._frame is None or key != self._frame_key or changed is None:
            self._frame, self._frame_key = self._render_frame(), key
        elif changed:  # a step: only the columns of the cells it touched are drawn again
            self._render_frame(changed)
        self._frame_scroll_x = scroll_x
        p = QPainter(self)
        try:
            if self._frame is not None:  # (only the exposed part is copied: a step's columns)
                p.drawPixmap(event.rect(), self._frame, self._device_rect(event.rect()))
            else:  # (opaque widget: every pixel must be painted)
                p.fillRect(self.rect(), QColor(style.NETWORK_BACKGROUND))
        finally:
            p.end()

    # ---- what changed since the last frame ----------------------------------------------------------

    def columns_changed(self, columns: set[int] | None) -> None:
        """These time steps are drawn differently now (None: anything may be)."""
        if columns is None or self._changed_columns is None:
            self._changed_columns = None
        else:
            self._changed_columns |= columns

    def update_columns(self, columns: set[int] | None) -> None:
        """Ask Qt to repaint just where these time steps are drawn (None: the whole canvas)."""
        panel = self.panel
        geo = panel.scene_geometry()
        if columns is None or panel.is_rolled() or not geo.detailed or not columns:
            self.update()
            return
        reach = (geo.pitch - geo.cell_width) / 2 + 4.0
        first = 0.0 if min(columns) <= 0 else geo.column_x(min(columns)) - reach
        last = geo.width if max(columns) >= geo.T - 1 else geo.column_x(max(columns) + 1) + reach
        left = style.NETWORK_LABEL_WIDTH + first - panel.hbar.value()
        right = style.NETWORK_LABEL_WIDTH + last - panel.hbar.value()
        self.update(QRect(math.floor(left), 0, math.ceil(right - left) + 1, self.height()))
        self.update(QRect(0, 0, style.NETWORK_LABEL_WIDTH, self.height()))  # row labels

    def _take_changed_columns(self) -> set[int] | None:
        """The time steps whose drawing changed since the last paint (None: anything may have,
        or the view is not one where a few columns can be drawn again: rolled, or zoomed out
        to strips, where columns are not whole pixels and labels span several)."""
        changed, self._changed_columns = self._changed_columns, set()
        if changed is None or self.panel.is_rolled() or not self.panel.scene_geometry().detailed:
            return None
        return changed

    def _scrolled_columns(self, old_x: int, new_x: int) -> set[int] | None:
        """Time steps that come into view when the scroll goes from old_x to new_x (None: too
        far to be worth moving the picture)."""
        view_w = self.width() - style.NETWORK_LABEL_WIDTH
        if self.panel.is_rolled() or abs(new_x - old_x) > view_w / 2:
            return None
        geo = self.panel.scene_geometry()
        a, b = (old_x + view_w, new_x + view_w) if new_x > old_x else (new_x, old_x)
        columns = set(geo.t_range(a - 1, b + 1))
        if b + 1 > geo.column_x(geo.T):  # the reverse h0 box and the margin after the last column
            columns.add(geo.T - 1)
        if a - 1 < geo.columns_left:  # the h0 boxes before the first column
            columns.add(0)
        return columns

    # ---- painting ------------------------------------------------------------------------------------

    def _device_rect(self, rect: QRect) -> QRect:
        ratio = self.devicePixelRatioF()
        if ratio == 1.0:
            return rect
        return QRect(
            round(rect.x() * ratio),
            round(rect.y() * ratio),
            round(rect.width() * ratio),
            round(rect.height() * ratio),
        )

    def _render_frame(self, columns: set[int] | None = None) -> QPixmap | None:
        """A new frame, or with `columns`, those time steps drawn again into the current one."""
        ratio = self.devicePixelRatioF()
        if columns is None:
            frame = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            frame.setDevicePixelRatio(ratio)
            frame.fill(QColor(style.NETWORK_BACKGROUND))
        else:
            frame = self._frame
        p = QPainter(frame)
        self._painted = False
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self.panel.safely(self._paint_into, p, columns)  # the panel's one error guard
        finally:
            p.end()
        if not self._painted:
            frame = self._frame = None  # not kept: the next paint tries again
        return frame

    def _paint_into(self, p: QPainter, columns: set[int] | None) -> None:
        """Paint the view; a failure is remembered in `last_paint_error` and raised to the error
        guard once, not again at every frame while it repeats (a frame a step, while playing)."""
        try:
            self.panel.paint_view(p, self.size(), columns)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            reported, self.last_paint_error = error == self.last_paint_error, error
            if reported:
                return
            raise
        self.last_paint_error = None
        self._painted = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.panel.relayout()

    # ---- interaction: hover, click, wheel, keys ---------------------------------------------------

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self._tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    @guarded
    def _tooltip_at(self, pos) -> str:
        cell = self.panel.cell_at(QPointF(pos))
        return "" if cell is None else self.panel.cell_tooltip(*cell)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.panel.safely(self._clicked, event.position())
        super().mousePressEvent(event)

    def _clicked(self, pos: QPointF) -> None:
        """A click on a cell computes up to it; on its h_t (or c_t) strip it picks that neuron too."""
        if self.panel.is_rolled():
            return
        cell = self.panel.cell_at(pos)
        if cell is not None:
            session = self.panel.session
            session.seek(session.simulation.stepper.schedule.index(*cell) + 1)
            neuron = self.panel.neuron_at(pos, cell)
            if neuron is not None:
                session.select_neuron(neuron)

    @guarded
    def mouseMoveEvent(self, event) -> None:
        cell = self.panel.cell_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if cell is not None else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    @guarded
    def wheelEvent(self, event) -> None:
        """Ctrl+wheel zooms about the pointer; the wheel scrolls (Shift, or a view that only
        scrolls vertically: up and down)."""
        panel = self.panel
        delta = event.angleDelta()
        rolled = panel.is_rolled()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and not rolled:
            if delta.y():
                factor = style.NETWORK_ZOOM_FACTOR if delta.y() > 0 else 1 / style.NETWORK_ZOOM_FACTOR
                panel.set_pitch(panel.pitch() * factor, anchor_x=event.position().x())
            event.accept()
            return
        vertical = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier) or rolled
        amount = delta.y() or delta.x()
        hbar, vbar = panel.hbar, panel.vbar
        bar = vbar if vertical or (hbar.maximum() == 0 and vbar.maximum() > 0) else hbar
        bar.setValue(bar.value() - round(amount / 120 * max(bar.singleStep(), 40)))
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.panel.zoom_in()
        elif event.key() == Qt.Key.Key_Minus:
            self.panel.zoom_out()
        else:
            super().keyPressEvent(event)
