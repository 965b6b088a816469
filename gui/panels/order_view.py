"""Order matters, one click away: the same model on the text and on a reordering of it, side by
side, with the time step where the hidden states (and the predictions) part ways.

The numbers come from engine/order_compare.py; this widget only asks and shows.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from rnn_stepper.engine.errors import UserError
from rnn_stepper.engine.order_compare import OrderComparison, compare_orders, reversed_text
from rnn_stepper.gui import style
from rnn_stepper.gui.i18n import translate_error

AUTO_COMPARE_MAX_TOKENS = 200  # longer texts are compared on request only


class OrderView(QWidget):
    def __init__(self, session, cjk_family: str, parent=None):
        super().__init__(parent)
        self._session = session
        self._cjk = cjk_family
        self.comparison: OrderComparison | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        intro = QLabel(
            self.tr(
                "The same characters in another order: the same model, the same weights. "
                "An RNN reads in order, so its hidden states part ways where the texts do."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {style.MUTED_COLOR};")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setToolTip(self.tr("A reordering of the text (the same number of characters)"))
        self.edit.returnPressed.connect(self.compare)
        row.addWidget(self.edit, stretch=1)
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.clicked.connect(self.compare)
        row.addWidget(self.compare_button)
        self.reverse_button = QPushButton(self.tr("Reversed"))
        self.reverse_button.setToolTip(self.tr("Compare with the text read backwards"))
        self.reverse_button.clicked.connect(self._compare_reversed)
        row.addWidget(self.reverse_button)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.result, stretch=1)
        self._text = None  # the text the reordering was made for

    def refresh(self) -> None:
        """After a new simulation: a new text gets its reversal; the comparison is run again."""
        config = self._session.config
        if not config.is_text:
            return
        if config.text != self._text:
            self._text = config.text
            self.edit.setText(reversed_text(config.text))
        if len(self._session.simulation.tokens or []) <= AUTO_COMPARE_MAX_TOKENS:
            self.compare()
        else:
            self.comparison = None
            self.result.setText("")

    def _compare_reversed(self) -> None:
        self.edit.setText(reversed_text(self._session.config.text))
        self.compare()

    def compare(self) -> None:
        try:
            self.comparison = compare_orders(
                self._session.config, self._session.simulation.model, self.edit.text()
            )
        except UserError as exc:
            self.comparison = None
            self.result.setText(
                f"<span style='color:{style.ERROR_COLOR}'>{html.escape(translate_error(exc))}</span>"
            )
            return
        except Exception as exc:  # noqa: BLE001 — a comparison must never take the window down
            self.comparison = None
            self._session.errorOccurred.emit(f"Order comparison: {type(exc).__name__}: {exc}")
            return
        self.result.setText(self._html(self.comparison))

    def _font(self, text: str) -> str:
        return f"<span style=\"font-family:'{self._cjk}'\">{html.escape(style.display_token(text))}</span>"

    def _html(self, c: OrderComparison) -> str:
        first = c.first_difference
        a, b = self._font(c.text_a), self._font(c.text_b)
        if first is None:
            head = self.tr("“{a}” and “{b}” give the same hidden states at every step.").format(a=a, b=b)
        else:
            head = self.tr("“{a}” and “{b}”: the hidden states part ways at t = {t}.").format(
                a=a, b=b, t=first
            )
        last = c.steps[-1]
        if last.prediction_a is not None:
            head += " " + self.tr(
                "After the whole text the model predicts “{pa}” (p = {p:.2f}) and “{pb}” (p = {q:.2f})."
            ).format(
                pa=self._font(last.prediction_a), p=last.p_a, pb=self._font(last.prediction_b), q=last.p_b
            )
        cells = "".join(
            f"<th align='right'>&nbsp;{h}&nbsp;</th>"
            for h in (
                "t",
                "A",
                "B",
                self.tr("max |h<sub>A</sub> − h<sub>B</sub>|"),
                self.tr("A predicts"),
                self.tr("B predicts"),
            )
        )
        rows = [f"<tr>{cells}</tr>"]
        for s in c.steps:
            mark = f" style='background:{style.ORDER_PARTING_BACKGROUND}'" if s.t == first else ""
            predictions = (
                ("", "")
                if s.prediction_a is None
                else (
                    f"{self._font(s.prediction_a)} {s.p_a:.2f}",
                    f"{self._font(s.prediction_b)} {s.p_b:.2f}",
                )
            )
            differ = s.prediction_a != s.prediction_b
            pb = f"<b>{predictions[1]}</b>" if differ else predictions[1]
            rows.append(
                f"<tr{mark}><td align='right'>{s.t}</td><td align='right'>{self._font(s.token_a)}</td>"
                f"<td align='right'>{self._font(s.token_b)}</td><td align='right'>{s.distance:.4f}</td>"
                f"<td align='right'>{predictions[0]}</td><td align='right'>{pb}</td></tr>"
            )
        return f"<p>{head}</p><table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>"
