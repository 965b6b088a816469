"""The colour scale beside the network's toolbar (h_t's, and an LSTM's c_t's)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget
from rnn_stepper.gui import style
from rnn_stepper.gui.panels.network.ink import draw_text, pen, pixel_font, strip_image


# The class keeps its old private-looking name: it is the translation context of its tooltips
# (self.tr), and a new name would lose their Chinese until the .ts is migrated.
class _ColourLegend(QWidget):
    """The colour scale of the strips: -1 blue, 0 white, +1 red (relu: 0 .. the largest h)."""

    def __init__(self, panel, track: str = "h"):
        super().__init__(panel)
        # the NetworkPanel (not imported: panel.py imports this module, and cycles are refused)
        self.panel = panel
        self.track = track  # "h": h_t's scale; "c": an LSTM's c_t's
        self.setFixedSize(150, 22)
        if track == "c":
            self.setToolTip(
                self.tr(
                    "Colour of each cell-state value c_t: blue negative, white zero, red positive. "
                    "c_t is not squashed: the scale is ±1, or ± the largest |c_t| so far."
                )
            )
        else:
            self.setToolTip(
                self.tr(
                    "Colour of each hidden value: blue negative, white zero, red positive. "
                    "Large hidden states are shown as the mean of each of at most {bins} bins."
                ).format(bins=style.NETWORK_STRIP_BINS)
            )

    def paintEvent(self, event) -> None:
        # Drawn once per scale into a pixmap (the window repaints it with every other widget).
        state = self.panel.drawn_state()
        scale = state.c_scale() if self.track == "c" and state.has_cell_state else state.value_scale()
        key = (scale, self.size().toTuple(), self.devicePixelRatioF())
        if getattr(self, "_picture_key", None) != key:
            self._picture, self._picture_key = self._draw(state, scale), key
        p = QPainter(self)
        try:
            p.drawPixmap(0, 0, self._picture)
        finally:
            p.end()

    def _draw(self, state, scale: float) -> QPixmap:
        ratio = self.devicePixelRatioF()
        picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        p = QPainter(picture)
        try:
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            bar = QRectF(24, 5, self.width() - 50, 12)
            p.drawImage(bar, strip_image(state.lut[None, :, :]))
            p.setPen(pen(style.NETWORK_FADED_BORDER))
            p.drawRect(bar)
            font = pixel_font(style.NETWORK_SMALL_PX)
            low, high = ("−1", "+1") if scale == 1.0 else (f"−{scale:.2g}", f"+{scale:.2g}")
            draw_text(p, QRectF(0, 0, 24, 22), low, font, style.NETWORK_TEXT)
            draw_text(
                p, QRectF(bar.right(), 0, self.width() - bar.right(), 22), high, font, style.NETWORK_TEXT
            )
        finally:
            p.end()
        return picture
