"""The habits CI enforces: ruff's rules, mypy on engine/ and import-linter's layering contracts.

They run as tests so that the README's one test command, which .ci/run runs in a fresh venv, runs
them too, with the versions requirements-test.txt pins. Each tool is a subprocess of this
interpreter; its settings live in pyproject.toml and its findings are the failure message.

mypy and import-linter (grimp) analyse an installed-looking package: in the checkout rnn_stepper/
is only a pointer (its __init__ sets __path__ to the repository root), which neither follows, so
they run in a folder where `rnn_stepper` is a link to the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
# `lint-imports` is a console script; this is its body, so that this interpreter runs it.
LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
)


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def mirror(source: Path, dest: Path) -> None:
    """A real folder at `dest` whose entries are links to those of `source`."""
    dest.mkdir()
    for child in source.iterdir():
        (dest / child.name).symlink_to(child, target_is_directory=child.is_dir())


def package_folder(parent: Path, extra: dict[str, str] | None = None) -> Path:
    """`parent/rnn_stepper` as this checkout, plus `extra` modules (path in the package -> source),
    whose folders become real folders of links so the checkout itself is never written to."""
    top = parent / "rnn_stepper"
    if not extra:
        top.symlink_to(ROOT, target_is_directory=True)
        return parent
    mirror(ROOT, top)
    for relative, source in extra.items():
        folder = top
        for part in Path(relative).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                target = folder.resolve()
                folder.unlink()
                mirror(target, folder)
        (folder / Path(relative).name).write_text(source, encoding="utf-8")
    return parent


def lint_imports(parent: Path) -> subprocess.CompletedProcess:
    return run(
        ["-c", LINT_IMPORTS, "--config", str(PYPROJECT), "--no-cache"], cwd=parent, PYTHONPATH=str(parent)
    )


def test_ruff_finds_nothing():
    result = run(["-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_has_nothing_to_change():
    result = run(["-m", "ruff", "format", "--no-cache", "--check", "."], cwd=ROOT)
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_ruff_format_check_catches_a_badly_formatted_file(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("x = {  'a':1 }\n")
    result = run(
        ["-m", "ruff", "format", "--no-cache", "--check", "--config", str(PYPROJECT), str(bad)], cwd=tmp_path
    )
    assert result.returncode == 1 and "bad.py" in result.stdout


def test_ruff_rules_are_on(tmp_path):
    """The chosen rules really run: a swallowed blind except, an unused import, a stale noqa."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\ntry:\n    pass\nexcept Exception:\n    pass\nx = 1  # noqa: E731\n")
    result = run(
        [
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--config",
            str(PYPROJECT),
            str(bad),
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 1
    for code in ("F401", "BLE001", "RUF100"):
        assert code in result.stdout, result.stdout


def test_mypy_finds_nothing_in_the_engine(tmp_path, request):
    # mypy's cache goes where pytest keeps its own (.pytest_cache), so a second run takes a second.
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("mypy") if cache is not None else tmp_path / "mypy-cache"
    result = run(
        [
            "-m",
            "mypy",
            "--config-file",
            str(PYPROJECT),
            "--cache-dir",
            str(cache_dir),
            "-p",
            "rnn_stepper.engine",
        ],
        cwd=package_folder(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_import_contracts_are_kept(tmp_path):
    result = lint_imports(package_folder(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout, result.stdout


def test_import_contracts_catch_each_breach(tmp_path):
    """Each contract breaks on a module that breaks it (so "kept" above means something)."""
    parent = package_folder(
        tmp_path,
        {
            "engine/_uses_qt.py": "def f():\n    from PySide6.QtCore import QObject\n",
            "gui/panels/_uses_window.py": "from rnn_stepper.gui.main_window import MainWindow\n",
            "gui/plotting/_uses_panel.py": "from rnn_stepper.gui.panels.base import StepPanel\n",
            "gui/_cycle_a.py": "from rnn_stepper.gui import _cycle_b\n",
            "gui/_cycle_b.py": "from rnn_stepper.gui import _cycle_a\n",
        },
    )
    result = lint_imports(parent)
    assert result.returncode == 1
    assert "0 kept, 4 broken" in result.stdout, result.stdout
    for module in (
        "rnn_stepper.engine._uses_qt",
        "rnn_stepper.gui.panels._uses_window",
        "rnn_stepper.gui.plotting._uses_panel",
        "_cycle_a",
    ):
        assert module in result.stdout


LONG_MODULE = (
    500  # lines; a module beyond it says why at its top (issue #11: rooms that show the architecture)
)


def long_modules_without_a_reason(root: Path) -> list[str]:
    import ast

    found = []
    for path in sorted([root / "main.py", *(root / "engine").rglob("*.py"), *(root / "gui").rglob("*.py")]):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") <= LONG_MODULE:
            continue
        docstring = " ".join((ast.get_docstring(ast.parse(source)) or "").split())
        if "500 lines" not in docstring and "on purpose" not in docstring:
            found.append(f"{path.relative_to(root)}: {source.count(chr(10))} lines")
    return found


def test_long_modules_say_why_at_their_top():
    assert long_modules_without_a_reason(ROOT) == []


def test_a_long_module_without_a_reason_is_found(tmp_path):
    (tmp_path / "engine").mkdir()
    (tmp_path / "gui").mkdir()
    (tmp_path / "main.py").write_text('"""Short."""\n')
    (tmp_path / "engine" / "big.py").write_text('"""Big, no reason given."""\n' + "x = 1\n" * LONG_MODULE)
    (tmp_path / "gui" / "fine.py").write_text(
        '"""Big, over 500 lines on purpose."""\n' + "x = 1\n" * LONG_MODULE
    )
    assert long_modules_without_a_reason(tmp_path) == [f"engine/big.py: {LONG_MODULE + 1} lines"]
