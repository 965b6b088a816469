"""The layout shared by the form-like learn panels (Train, Generate, Backprop)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget
from rnn_stepper.gui import style


def scrolling_body(panel: QWidget, body: QWidget | None = None) -> QVBoxLayout:
    """A vertical layout inside a frameless scroll area filling `panel` (on `body` if given).

    Like the Configuration panel: a narrow or short dock scrolls instead of forcing its minimum
    size on the whole window."""
    outer = QVBoxLayout(panel)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    outer.addWidget(scroll)
    body = body or QWidget()
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(8, 6, 8, 6)
    layout.setSpacing(6)
    return layout


def intro_label(text: str) -> QLabel:
    """A muted, wrapped sentence saying what the panel is for."""
    intro = QLabel(text)
    intro.setWordWrap(True)
    intro.setStyleSheet(f"color: {style.MUTED_COLOR};")
    return intro
