"""Find English text shown to the user without going through Qt's translation.

An AST check: a string literal holding words, passed straight to a call that shows text
(setText, setToolTip, QLabel(...), addAction, QMessageBox.warning...), is reported; the same
literal inside self.tr(...) / QCoreApplication.translate(...) / QT_TRANSLATE_NOOP(...) is fine.
f-strings, "+" concatenations, "a" if x else "b" and "...".format(...) are looked into.
Technical symbols are not words: names with "_" or digits (W_ih, h_t, input_size, float32), a
short list of code names (tanh, nn.RNN, PyTorch...), single letters, HTML tags and entities.

    python tests/gui/untranslated_strings.py gui/main_window.py gui/panels/*.py
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

# Call name -> which positional arguments are user-visible text (None: every string argument).
TEXT_ARGUMENTS: dict[str, tuple[int, ...] | None] = {
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setWindowTitle": (0,),
    "setPlaceholderText": (0,),
    "setTitle": (0,),
    "setFormat": (0,),
    "setSpecialValueText": (0,),
    "setSuffix": (0,),
    "setPrefix": (0,),
    "setInformativeText": (0,),
    "setDetailedText": (0,),
    "setLabelText": (0,),
    "setHtml": (0,),
    "showMessage": (0,),
    "show_message": (0,),
    "show_error": (0,),
    "addAction": None,
    "addMenu": None,
    "insertMenu": None,
    "addItem": (0,),
    "addItems": None,
    "addTab": (1,),
    "addRow": (0,),
    "setTabText": (1,),
    "setItemText": (1,),
    "setLabel": None,
    "QLabel": None,
    "QPushButton": None,
    "QCheckBox": None,
    "QRadioButton": None,
    "QGroupBox": None,
    "QAction": None,
    "QMenu": None,
    "QToolBar": None,
    "QDockWidget": None,
    "QProgressDialog": None,
    "LabelItem": (0,),
    "warning": (1, 2),
    "information": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "about": (1, 2),
    "getSaveFileName": (1, 3),
    "getOpenFileName": (1, 3),
    "getExistingDirectory": (1,),
    "getDouble": (1, 2),
    "getInt": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
}
TRANSLATING_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP", "translate_error", "panel_title"}
# Words that are code or names, the same in every language.
TECHNICAL_WORDS = {
    "tanh",
    "relu",
    "nn",
    "RNN",
    "PyTorch",
    "torch",
    "Adam",
    "SGD",
    "NaN",
    "inf",
    "Qt",
    "PySide",
    "NumPy",
    "Python",
    "pyqtgraph",
    "png",
    "svg",
    "gif",
    "csv",
    "npy",
    "pt",
    "pth",
    "PNG",
    "SVG",
    "GIF",
    "CSV",
    "RNN Stepper",
    "Stepper",
    "px",
    "ms",
    "output",
    "pre",
    "max",
    "log",
    "softmax",
    "logits",
    "sub",
    "nbsp",
    "b",
    "br",
    "code",
    "span",
    "style",
    "color",
    "font",
    "family",
    "h",
    "p",
    "sum",
    "ih",
    "hh",
    "prev",
    "left",
    "right",
    "top",
    "bottom",  # pyqtgraph's axis names: setLabel("bottom", text)
}
_TAG = re.compile(r"<[^>]*>|&\w+;")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.']*")


def has_words(text: str) -> bool:
    """Whether `text` contains English words (not only technical symbols)."""
    for word in _WORD.findall(_TAG.sub(" ", text)):
        word = word.strip(".'")
        if len(word) < 2 or word in TECHNICAL_WORDS or any(c.isdigit() or c == "_" for c in word):
            continue
        if "." in word and all(part in TECHNICAL_WORDS for part in word.split(".") if part):
            continue  # nn.RNN, torch.nn
        return True
    return False


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def untranslated_literal(node: ast.AST) -> str | None:
    """The first untranslated literal with words inside the expression `node`, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        return text if has_words(text) else None
    if isinstance(node, ast.BinOp):
        return untranslated_literal(node.left) or untranslated_literal(node.right)
    if isinstance(node, ast.IfExp):
        return untranslated_literal(node.body) or untranslated_literal(node.orelse)
    if isinstance(node, ast.Call):
        if _call_name(node) in TRANSLATING_CALLS:
            return None
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):
            return untranslated_literal(func.value)  # "English {0}".format(x): the literal itself
    return None


def find_untranslated(paths) -> list[str]:
    """'file:line: call("literal")' for each untranslated text literal in the given files."""
    problems = []
    for path in map(Path, paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name not in TEXT_ARGUMENTS:
                continue
            positions = TEXT_ARGUMENTS[name]
            args = [a for i, a in enumerate(node.args) if positions is None or i in positions]
            args += [k.value for k in node.keywords if k.arg in ("text", "title", "label")]
            for arg in args:
                literal = untranslated_literal(arg)
                if literal is not None:
                    problems.append(f"{path}:{node.lineno}: {name}({literal!r})")
    return problems


if __name__ == "__main__":
    found = find_untranslated(sys.argv[1:])
    print("\n".join(found) or "no untranslated text found")
    sys.exit(1 if found else 0)
