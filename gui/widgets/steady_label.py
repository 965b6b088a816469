"""A label whose text changes at every step without re-laying out the whole window.

QLabel.setText always calls updateGeometry(). That invalidates the parent's layout, whose
activation calls updateGeometry() on the parent, and so on up to the main window: every text
change made the QMainWindow lay out all its docks again (~0.6-1 ms each, several per step,
much of it Fusion building the dock title buttons' icons). Most per-step texts ("t = 41",
"cell 42 / 1000", "max |Δ| = 3.0e-08") keep their size, so that work is wasted.

`steady(label)` puts a label in a `SteadySlot`: a wrapper without a layout, so the label's
updateGeometry() only reaches the slot, which passes it on (updateGeometry on itself) only when
the label's size hints really changed. The label stays a real QLabel (text(), selection, rich
text); the slot mirrors its visibility, so label.setVisible() still shows or hides the line.

The slot also remembers the label's heights for widths while the text keeps its shape: a word-
wrapped rich label lays its whole text out to answer heightForWidth (~50 µs), and when any line
of a panel changes size the panel's layout and scroll area ask every line again, several widths
each (~65 calls a step in the Calculation panel before this).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget

_DIGITS = re.compile(r"\d")
_SIGNS = re.compile(r"[-+\u2212]")
_TAGS = re.compile(r"</?[bu]>")
HFW_CACHE_SIZE = 32


class SteadySlot(QWidget):
    """Holds one QLabel and tells its own parent about size changes only when there are some."""

    def __init__(self, label: QLabel, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        hidden = label.isHidden() and label.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        label.setParent(self)  # (a reparented widget is hidden until shown again)
        label.setVisible(not hidden)
        if hidden:
            self.setHidden(True)  # else shown as any child is, when its parent layout shows it
        self.setSizePolicy(label.sizePolicy())
        metrics = QFontMetricsF(label.font())  # signs and spaces as wide as digits (monospace)?
        self._fixed_pitch = len({metrics.horizontalAdvance(c) for c in "0 -+"}) == 1
        self._hfw: dict[tuple, int] = {}  # (text shape, width) -> the label's heightForWidth
        self._font_key = label.font().key()  # (QFont.key() costs ~10 µs: kept, renewed on FontChange)
        self._shaped: tuple[str, str] = ("", "")  # the label's last text and its shape
        self._hints = self._current_hints()
        self._shape = self._text_shape()
        label.installEventFilter(self)

    # what the parent layout asks: the label's own answers
    def sizeHint(self) -> QSize:
        return self.label.sizeHint().expandedTo(self.label.minimumSize())

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint().expandedTo(self.label.minimumSize())

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        key = (self._text_shape(), width)
        height = self._hfw.get(key)
        if height is None:
            if len(self._hfw) >= HFW_CACHE_SIZE:  # (old shapes and widths: forget them all)
                self._hfw.clear()
            height = self._hfw[key] = self.label.heightForWidth(width)
        return height

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        self._hints = self._current_hints()
        self._shape = self._text_shape()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.label.setGeometry(self.rect())
        self._hints = self._current_hints()  # the layout showing this slot asked afresh
        self._shape = self._text_shape()

    def _text_shape(self) -> tuple:
        """The text with every digit made a 0 (in a font where signs and spaces are as wide as
        digits, also every sign and space a space), and the width. While this is unchanged so
        is the size (digits are equally wide in UI fonts), and measuring a rich text (which
        lays it out) can be skipped: "t = 41" -> "t = 42" costs nothing."""
        text = self.label.text()
        if text != self._shaped[0]:  # (the layout asks many times a step: the regexes once)
            shape = _DIGITS.sub("0", text)
            if self._fixed_pitch:  # (bold and underline keep a monospace font's widths too)
                shape = _SIGNS.sub(" ", _TAGS.sub("", shape).replace("&nbsp;", " "))
            self._shaped = (text, shape)
        return self._shaped[1], self.width(), self._font_key

    def _current_hints(self) -> tuple:
        label = self.label
        hfw = label.heightForWidth(self.width()) if label.hasHeightForWidth() else -1
        return self.sizeHint().toTuple(), self.minimumSizeHint().toTuple(), hfw, label.sizePolicy()

    def event(self, event) -> bool:
        # A LayoutRequest is what the label's updateGeometry() posts here ("label" is missing
        # only while Python tears the slot down).
        if event.type() == QEvent.Type.LayoutRequest and hasattr(self, "label"):
            shape = self._text_shape()
            if shape == self._shape:
                self.label.setGeometry(self.rect())
                return True
            self._shape = shape
            hints = self._current_hints()
            if hints != self._hints:
                self._hints = hints
                if self.sizePolicy() != hints[3]:
                    self.setSizePolicy(hints[3])  # (calls updateGeometry itself)
                self.updateGeometry()
            self.label.setGeometry(self.rect())
            return True
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is getattr(self, "label", None):  # (None while Python tears the slot down)
            kind = event.type()
            if kind == QEvent.Type.FontChange:
                self._font_key = self.label.font().key()
            elif kind in (QEvent.Type.ContentsRectChange, QEvent.Type.StyleChange, QEvent.Type.PolishRequest):
                self._hfw.clear()  # other margins or style: other heights (the font is in the shape)
            elif kind == QEvent.Type.ShowToParent and self.isHidden():
                self.setVisible(True)
            elif kind == QEvent.Type.HideToParent and not self.isHidden():
                self.setVisible(False)
        return False


def set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it differs (a rich text is parsed and laid out again)."""
    if label.text() != text:
        label.setText(text)


def steady(label: QLabel) -> SteadySlot:
    """The widget to put in a layout instead of `label` (see the module docstring)."""
    return SteadySlot(label)
