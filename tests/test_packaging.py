"""`pip install .` installs the app like an app: one import package (rnn_stepper), an `rnn-stepper`
command and `python -m rnn_stepper`, with its resources.

A wheel is built from a copy of the checkout (no network: the installed setuptools, no build
isolation), inspected, then installed into a fresh venv. The venv finds the app's dependencies
(torch, PySide6, ...) where the interpreter running the tests found them, through a .pth file:
`--system-site-packages` would point at the base interpreter, which lacks them when the tests
run in a virtual environment or after `pip install --user`. Nothing is downloaded. The installed
command is run from an unrelated folder, so nothing can be found through the checkout.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "rnn_stepper"
# The generic names the app must never claim at the top of site-packages (issue 16).
GENERIC_NAMES = ("main", "engine", "gui", "resources")
REQUIRED_FILES = [
    "main.py",
    "__main__.py",
    "engine/__init__.py",
    "engine/lesson_file.py",
    "gui/__init__.py",
    "gui/app.py",
    "gui/panels/__init__.py",
    "gui/plotting/__init__.py",
    "gui/plotting/fast_plots.py",
    "resources/fonts/NotoSansSC-Subset.otf",
    "resources/fonts/OFL.txt",
    "gui/panels/network/__init__.py",
    "gui/panels/network/panel.py",  # a panel that is a package
    "resources/icons/rnn-stepper.svg",
    "resources/lessons/woaini.rnnlesson",
    "resources/lessons/tutorial-single.rnnlesson",
    "resources/lessons/vanishing-memory.rnnlesson",
    "resources/translations/rnn_stepper_zh_CN.qm",
]
NOT_SHIPPED = ("tests/", "scripts/", ".git/", "rnn_stepper/")  # rnn_stepper/ is the checkout's pointer


def run(args, cwd, env, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("packaging")
    source = base / "source"
    # A copy, so the build's build/ and *.egg-info never land in (or come stale from) the checkout.
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            ".pytest_cache",
            ".hypothesis",
            "out",
            ".venv",
        ),
    )
    dist = base / "dist"
    result = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            source,
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            dist,
        ],
        cwd=base,
        env=os.environ,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = dist.glob("rnn_stepper-*.whl")
    return built


DEPENDENCIES = ("torch", "numpy", "PySide6", "shiboken6", "pyqtgraph", "PIL")


def dependency_folders() -> list[str]:
    """The site-packages folders (system, venv or user) from which this interpreter imports the
    app's dependencies, in the order it searches them."""
    search = [Path(entry).resolve() for entry in sys.path if entry]
    folders = {Path(importlib.import_module(name).__file__).resolve().parent.parent for name in DEPENDENCIES}
    ordered = sorted(folders, key=lambda folder: search.index(folder) if folder in search else len(search))
    return [str(folder) for folder in ordered]


@pytest.fixture(scope="module")
def venv(wheel) -> Path:
    folder = wheel.parent.parent / "venv"
    result = run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=folder.parent, env=os.environ)
    assert result.returncode == 0, result.stderr
    python = folder / "bin" / "python"
    (site_packages,) = folder.glob("lib/python*/site-packages")
    (site_packages / "rnn_stepper_test_dependencies.pth").write_text("\n".join(dependency_folders()) + "\n")
    result = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel],
        cwd=folder.parent,
        env=os.environ,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture
def clean_env(tmp_path) -> dict:
    """No PYTHONPATH to the checkout; offscreen Qt and throw-away settings for the app."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", RNN_STEPPER_SETTINGS="isolated", HOME=str(tmp_path / "home"))
    return env


def top_level_names(names: list[str]) -> set[str]:
    """What a wheel puts at the top of site-packages (folders and modules, without .py)."""
    return {name.split("/")[0].removesuffix(".py") for name in names}


def test_wheel_installs_one_package_with_the_modules_resources_and_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_points = archive.read(info).decode()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert top_level_names(names) == {PACKAGE, dist_info}
    assert not top_level_names(names) & set(GENERIC_NAMES)
    in_package = [n.removeprefix(f"{PACKAGE}/") for n in names if n.startswith(f"{PACKAGE}/")]
    for required in REQUIRED_FILES:
        assert required in in_package, required
    # every module of the checkout is shipped (a new sub-package must be listed in pyproject.toml)
    for folder in ("engine", "gui"):
        for module in (ROOT / folder).rglob("*.py"):
            assert module.relative_to(ROOT).as_posix() in in_package, module
    assert not [n for n in in_package if n.startswith(NOT_SHIPPED)]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert f"[console_scripts]\nrnn-stepper = {PACKAGE}.main:main" in entry_points
    # the tested versions from requirements.txt, exactly
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert f"Requires-Dist: {line}" in metadata, line


def test_the_top_level_check_catches_a_generic_name():
    assert top_level_names(["engine/__init__.py", "rnn_stepper/main.py", "main.py"]) & set(GENERIC_NAMES) == {
        "engine",
        "main",
    }


def test_installed_command_runs_from_anywhere(venv, tmp_path, clean_env):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = venv / "bin" / "rnn-stepper"
    assert command.is_file()

    site_packages = next(venv.glob("lib/python*/site-packages"))
    assert not [
        name
        for name in GENERIC_NAMES
        if (site_packages / name).exists() or (site_packages / f"{name}.py").exists()
    ]
    where = run(
        [
            venv / "bin" / "python",
            "-c",
            "import rnn_stepper.main, rnn_stepper.gui.fonts, rnn_stepper.gui.app_identity; "
            "print(rnn_stepper.main.__file__); print(rnn_stepper.gui.fonts.FONT_PATH); "
            "print(rnn_stepper.gui.app_identity.ICON_PATH)",
        ],
        cwd=elsewhere,
        env=clean_env,
    )
    assert where.returncode == 0, where.stderr
    main_file, font, icon = map(Path, where.stdout.split())
    assert main_file.is_relative_to(site_packages / PACKAGE) and not main_file.is_relative_to(ROOT)
    assert font.is_file() and font.is_relative_to(venv) and icon.is_file() and icon.is_relative_to(venv)
    lessons = main_file.parent / "resources" / "lessons"

    # the engine is a library: usable from the installed package in a plain script, without Qt
    engine = run(
        [
            venv / "bin" / "python",
            "-c",
            "import sys; from rnn_stepper.engine.presets import preset_config; "
            "from rnn_stepper.engine.simulation import Simulation; "
            "s = Simulation.build(preset_config('text-woaini')); s.stepper.seek(len(s.stepper)); "
            "print(tuple(s.stepper.hidden.shape)); print('PySide6' in sys.modules)",
        ],
        cwd=elsewhere,
        env=clean_env,
    )
    assert engine.returncode == 0, engine.stderr
    assert engine.stdout.split() == ["(3,", "1,", "1,", "4)", "False"]

    as_module = run([venv / "bin" / "python", "-m", PACKAGE, "--help"], cwd=elsewhere, env=clean_env)
    assert as_module.returncode == 0, as_module.stderr
    assert "export" in as_module.stdout

    help_text = run([command, "--help"], cwd=elsewhere, env=clean_env)
    assert help_text.returncode == 0, help_text.stderr
    assert help_text.stdout.startswith("usage: rnn-stepper") and "export" in help_text.stdout

    out = elsewhere / "out"
    export = run([command, "export", "--out", out, "--no-images"], cwd=elsewhere, env=clean_env)
    assert export.returncode == 0, export.stderr
    assert export.stdout.split() == [
        str(out / "trace.npz"),
        str(out / "model.pt"),
        str(out / "pytorch_code.py"),
    ]
    with np.load(out / "trace.npz") as trace:
        assert trace["hidden"].shape == (3, 1, 1, 4)  # the default "我爱你" preset

    lesson_out = elsewhere / "lesson-out"
    export = run(
        [command, "export", "--lesson", lessons / "woaini.rnnlesson", "--out", lesson_out, "--no-images"],
        cwd=elsewhere,
        env=clean_env,
    )
    assert export.returncode == 0, export.stderr
    assert (lesson_out / "trace.npz").is_file()


def test_installed_app_starts_on_an_installed_lesson_with_its_font(venv, tmp_path, clean_env):
    lesson = next(
        venv.glob(f"lib/python*/site-packages/{PACKAGE}/resources/lessons/vanishing-memory.rnnlesson")
    )
    env = {**clean_env, "RNN_STEPPER_EXIT_AFTER_PAINT": "ready"}
    result = run([venv / "bin" / "rnn-stepper", lesson], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "RNN_STEPPER_READY" in result.stdout
    assert "could not load bundled CJK font" not in result.stderr
    assert "Traceback" not in result.stderr
