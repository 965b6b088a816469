#!/usr/bin/env python3
"""How long each kind of export takes, in the app and headless (figures for the README).

    python scripts/time_exports.py [--seq-len 60] [--hidden-size 16]

In the app: the real window (offscreen, default size and layout) and its ExportActions, each
kind timed once after a warm-up export. Headless: `main.py export ... --timing` in a subprocess,
whose own report splits the time by kind; the wall time includes starting Python, Qt and torch.
Writes only into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label: str, action, rows: list) -> None:
    started = time.perf_counter()
    action()
    rows.append((label, time.perf_counter() - started))


def in_the_app(seq_len: int, hidden: int, folder: Path) -> list:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from rnn_stepper.engine.config import RNNConfig
    from rnn_stepper.gui.app import tear_down_window
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.exporting import export
    from rnn_stepper.gui.exporting.export import ExportSize
    from rnn_stepper.gui.main_window import create_main_window

    app = QApplication.instance() or QApplication([])
    settings = settings_in_file(folder / "settings.ini")
    window = create_main_window(
        RNNConfig(input_size=8, hidden_size=hidden, seq_len=seq_len, batch_size=1), settings=settings
    )
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    window.session.seek(len(window.session.stepper))
    app.processEvents()
    actions = window.export_actions
    rows: list = []
    actions.export_panel("network", folder / "warm.png", ExportSize(scale=2))  # fonts, caches
    for role in export.IMAGE_ROLES:
        timed(
            f"panel PNG x2: {role}",
            lambda r=role: actions.export_panel(r, folder / f"{r}.png", ExportSize(scale=2)),
            rows,
        )
    for role in export.IMAGE_ROLES:
        timed(f"panel SVG: {role}", lambda r=role: actions.export_panel(r, folder / f"{r}.svg"), rows)
    timed("clipboard: calculation", lambda: actions.copy_panel("calculation"), rows)
    timed("export all (PNG x2 + SVG + .py/.json)", lambda: actions.export_all(folder / "all"), rows)
    figure_roles = ["network", "calculation", "hidden"]
    for suffix in ("png", "svg", "pdf"):
        timed(
            f"figure {suffix.upper()} (network, calculation, hidden)",
            lambda s=suffix: actions.export_figure(figure_roles, folder / f"figure.{s}", ExportSize(scale=2)),
            rows,
        )
    for suffix in ("gif", "mp4"):
        timed(
            f"animation {suffix.upper()} ({seq_len} frames)",
            lambda s=suffix: actions.export_animation(
                figure_roles, folder / f"play.{s}", ExportSize(scale=1), frame_ms=100
            ),
            rows,
        )
    window.close()
    tear_down_window(window)
    return rows


def headless(seq_len: int, hidden: int, folder: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "export",
            "--out",
            str(folder / "headless"),
            "--seq-len",
            str(seq_len),
            "--hidden-size",
            str(hidden),
            "--input-size",
            "8",
            "--figure",
            "network,calculation,hidden-state",
            "--animation",
            str(folder / "headless" / "play.mp4"),
            "--timing",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return time.perf_counter() - started, result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seq-len", type=int, default=60)
    parser.add_argument("--hidden-size", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"random input, T={args.seq_len}, H={args.hidden_size}, at the last step")
        print("in the app (offscreen window 1600 x 1000):")
        for label, seconds in in_the_app(args.seq_len, args.hidden_size, folder):
            print(f"  {label:<48} {seconds:7.2f} s")
        wall, report = headless(args.seq_len, args.hidden_size, folder)
        print(f"headless (main.py export, wall {wall:.1f} s including start-up):")
        for line in report.splitlines():
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
