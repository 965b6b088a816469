"""How the network is inked: the colour map, pens, pixel-sized fonts, strip images, and `Ink`,
which batches arrows, dots and labels into a few Qt calls. Nothing here knows the network."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF
from rnn_stepper.gui import style
from rnn_stepper.gui.fonts import cjk_font

ARROW_HEAD = 6.0  # px, length of an arrow head
DIRECTION_ARROWS = ("→", "←")  # forward, reverse: beside a row's or a cell's name


def qcolor(value: str | tuple) -> QColor:
    return QColor(*value) if isinstance(value, tuple) else QColor(value)


def diverging_lut(size: int = 256) -> np.ndarray:
    """[size, 4] RGBA bytes of the shared blue-white-red map, index 0 = -1, size-1 = +1."""
    positions = np.array([p for p, _ in style.DIVERGING_STOPS])
    rgb = np.array([c for _, c in style.DIVERGING_STOPS], dtype=float)
    x = np.linspace(0.0, 1.0, size)
    lut = np.empty((size, 4), dtype=np.uint8)
    for channel in range(3):
        lut[:, channel] = np.round(np.interp(x, positions, rgb[:, channel]))
    lut[:, 3] = 255
    return lut


def rgba_bytes(color: str) -> np.ndarray:
    c = QColor(color)
    return np.array([c.red(), c.green(), c.blue(), 255], dtype=np.uint8)


def strip_image(rgba: np.ndarray) -> QImage:
    """A QImage owning a copy of an [h, w, 4] RGBA byte array."""
    rgba = np.ascontiguousarray(rgba)
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def pixel_font(pixels: float, bold: bool = False) -> QFont:
    """The bundled CJK font at a pixel size (pixels, so screen, PNG and SVG look the same)."""
    font = cjk_font()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def pen(color: str, width: float = 1.0, style_=Qt.PenStyle.SolidLine) -> QPen:
    rounded = QPen(QColor(color), width, style_)
    rounded.setCapStyle(Qt.PenCapStyle.RoundCap)
    rounded.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return rounded


def draw_text(
    p: QPainter, rect: QRectF, text: str, font: QFont, color: str, align=Qt.AlignmentFlag.AlignCenter
) -> None:
    """Draw one label now (for the few labels outside the batched scene)."""
    ink = Ink()
    ink.text(rect, text, font, color, align)
    ink.flush(p)


class Ink:
    """Arrows, dots and labels collected per colour/font and drawn with a few calls each.

    A frame of a wide bidirectional net holds hundreds of arrows; setting the pen once per colour
    and drawing every segment in one `drawLines` keeps painting cheap (each Qt call from Python
    costs far more than the pixels it draws).
    """

    def __init__(self):
        self.lines: dict[tuple[str, float], list[QLineF]] = {}
        self.heads: dict[str, list[QPointF]] = {}
        self.dots: dict[str, list[QPointF]] = {}
        self.texts: dict[tuple[QFont, str], list[tuple[QRectF, str, int]]] = {}

    def arrow(self, points: list[QPointF], color: str, width: float = 1.3, head: bool = True) -> None:
        """A polyline from points[0] to points[-1], with a filled head at the end."""
        tip, before = points[-1], points[-2]
        dx, dy = tip.x() - before.x(), tip.y() - before.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        size = min(ARROW_HEAD, length * 0.8) if head else 0.0
        # the shaft stops at the head's base, so the head's point stays sharp
        end = QPointF(tip.x() - ux * size * 0.8, tip.y() - uy * size * 0.8)
        shaft = points[:-1] + [end]
        lines = self.lines.setdefault((color, width), [])
        lines.extend(QLineF(a, b) for a, b in zip(shaft, shaft[1:]))
        if head:
            base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
            side = QPointF(-uy * size * 0.5, ux * size * 0.5)
            self.heads.setdefault(color, []).extend((tip, base + side, base - side))

    def dot(self, center: QPointF, color: str) -> None:
        self.dots.setdefault(color, []).append(center)

    def text(
        self, rect: QRectF, text: str, font: QFont, color: str, align=Qt.AlignmentFlag.AlignCenter
    ) -> None:
        elided = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width(), 1.0))
        self.texts.setdefault((font, color), []).append((rect, elided, int(align)))

    def flush(self, p: QPainter) -> None:
        # A fixed order (faded first, so what has been computed lies on top), whatever was
        # collected first: a repaint of a few columns then gives the same pixels as a full one.
        for (color, width), lines in sorted(self.lines.items(), key=lambda item: _ink_order(*item[0])):
            p.setPen(pen(color, width))
            p.drawLines(lines)
        if self.heads:
            p.setPen(Qt.PenStyle.NoPen)
            for color, corners in sorted(self.heads.items(), key=lambda item: _ink_order(item[0])):
                p.setBrush(QColor(color))
                p.drawPath(_triangles(corners))
        for color, centers in sorted(self.dots.items(), key=lambda item: _ink_order(item[0])):
            p.setPen(pen(color, 5.5))  # a round-capped point is a dot
            p.drawPoints(QPolygonF(centers))
        for (font, color), items in self.texts.items():
            p.setFont(font)
            p.setPen(QColor(color))
            for rect, text, align in items:
                p.drawText(rect, align, text)
        self.lines, self.heads, self.dots, self.texts = {}, {}, {}, {}


_INK_ORDER = {
    style.NETWORK_FADED_BORDER: 0,
    style.NETWORK_FADED_ARROW: 1,
    style.NETWORK_BRANCH_ARROW: 2,
    style.NETWORK_ARROW: 3,
}


def _ink_order(color: str, width: float = 0.0) -> tuple:
    return _INK_ORDER.get(color, len(_INK_ORDER)), color, width


def _triangles(corners: list[QPointF]) -> QPainterPath:
    """Many triangles (3 corners each) as one path of separate triangles, for one draw call
    (each Qt call from Python costs more than the pixels it draws)."""
    path = QPainterPath()
    for i in range(0, len(corners), 3):
        path.addPolygon(QPolygonF(corners[i : i + 3]))
        path.closeSubpath()
    return path


class Painter:
    """What the unrolled and the rolled painters share: the state they draw and a font cache."""

    def __init__(self, state):
        self.state = state
        self._fonts: dict[tuple[int, bool], QFont] = {}

    def font(self, pixels: float, bold: bool = False) -> QFont:
        key = (max(1, round(pixels)), bold)
        if key not in self._fonts:
            self._fonts[key] = pixel_font(*key)
        return self._fonts[key]
