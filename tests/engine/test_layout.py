"""engine/ is the headless core: it must never need Qt or pyqtgraph.

import-linter's contract (pyproject.toml, run by tests/test_code_habits.py) checks the import
statements; these checks stay for what it cannot see: a module named in a string
(importlib.import_module, bench's child script) and what importing the engine really loads."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6", "gui")
ENGINE_FILES = sorted(ENGINE.glob("*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    """Every module named by an import statement anywhere in the tree (also inside functions)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call):
            # importlib.import_module("PySide6...") / __import__("pyqtgraph")
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
    return names


def _embedded_code_imports(tree: ast.AST) -> set[str]:
    """Imports inside string constants that are Python code run elsewhere (bench's child script)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "import " in node.value:
            try:
                inner = ast.parse(node.value)
            except SyntaxError:
                continue
            names |= _imported_modules(inner)
    return names


def test_engine_has_modules_to_scan():
    names = {p.name for p in ENGINE_FILES}
    for expected in ("config.py", "stepper.py", "model_io.py", "simulation.py", "vocab.py"):
        assert expected in names


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: p.name)
def test_engine_source_never_imports_qt(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    imported = _imported_modules(tree) | _embedded_code_imports(tree)
    bad = sorted(m for m in imported if m.removeprefix("rnn_stepper.").split(".")[0] in FORBIDDEN)
    assert not bad, f"{path.name} imports {bad}"


def test_ast_scan_detects_forbidden_imports():
    """The scanner itself catches every import form (so an empty result above means something)."""
    source = (
        "import PySide6.QtCore\n"
        "def f():\n    from pyqtgraph import PlotWidget\n"
        "import importlib\nimportlib.import_module('PySide6.QtGui')\n"
    )
    found = _imported_modules(ast.parse(source + "from rnn_stepper.gui.session import Session\n"))
    assert {"PySide6.QtCore", "pyqtgraph", "PySide6.QtGui", "rnn_stepper.gui.session"} <= found


def test_importing_every_engine_module_loads_no_qt():
    modules = [f"rnn_stepper.engine.{p.stem}" for p in ENGINE_FILES if p.stem != "__init__"]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "top = ('PySide6', 'pyqtgraph', 'shiboken6', 'gui')\n"
        "bad = sorted(m for m in sys.modules if m.removeprefix('rnn_stepper.').split('.')[0] in top)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('rnn_stepper.engine.'))\n"
        "print(json.dumps({'bad': bad, 'loaded': loaded}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["bad"] == []
    assert set(modules) <= set(report["loaded"])
