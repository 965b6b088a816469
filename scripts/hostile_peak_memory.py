#!/usr/bin/env python3
"""Peak resident memory of the command line opening hostile lesson files (issue 10).

    python scripts/hostile_peak_memory.py [--quick] [--app]

Makes every hostile lesson of tests/hostile_files.py plus the worst zip bombs (one declaring
1.9 GB, one inflating to just under the lesson's weights limit) in a temporary folder, runs
`main.py export --lesson FILE --no-images` on each in its own process, and prints that process's
peak resident memory (ru_maxrss from wait4) beside a baseline run on a good lesson. With --app,
each process instead builds the real window offscreen and opens the lesson with File → Open
(the window alone takes about 400 MiB). The target is under 500 MiB for any hostile lesson.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mib(args: list[str], cwd: Path, script: Path = ROOT / "main.py") -> tuple[float, int, str]:
    process = subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    error = process.stderr.read().decode(errors="replace").strip()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, process.returncode, error


def open_in_app(path: str) -> int:
    """The child of --app: the real window, offscreen, opening `path` through File → Open."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication(["rnn-stepper"])
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.main_window import create_main_window

    with tempfile.TemporaryDirectory() as folder:
        window = create_main_window(settings=settings_in_file(Path(folder) / "s.ini"))
        window.show()
        app.processEvents()
        opened = window.file_actions.open_lesson(path)
        app.processEvents()
        if not opened:
            print(f"error: {window.file_actions.last_problem}", file=sys.stderr)
        from rnn_stepper.gui.app import tear_down_window

        tear_down_window(window)  # as the app does: no widget may outlive Qt at exit
    return 0 if opened else 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="skip the 1.9 GB bomb (it takes a while to make)"
    )
    parser.add_argument("--app", action="store_true", help="open each lesson in the real window instead")
    parser.add_argument("--app-child", metavar="FILE", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.app_child:
        return open_in_app(options.app_child)
    from rnn_stepper.engine.lesson_file import MAX_WEIGHTS_BYTES

    from tests import hostile_files as hostile

    with tempfile.TemporaryDirectory(prefix="hostile-memory-") as folder:
        folder = Path(folder)
        cases = {"(baseline) a good lesson": hostile.good_lesson}
        cases.update({name: build for name, (build, _) in hostile.BAD_LESSON_FILES.items()})
        cases["long title (500,000 characters)"] = hostile.long_title_lesson
        cases["zip bomb inflating to just under the limit"] = lambda d: hostile.zip_bomb_lesson(
            d, MAX_WEIGHTS_BYTES - 16 * 1024**2
        )
        if not options.quick:
            cases["zip bomb declaring 1.9 GB"] = lambda d: hostile.zip_bomb_lesson(d, 1900 * 1024**2)
        print(f"{'lesson':48} {'peak MiB':>9} {'exit':>5}  message")
        worst = ("", 0.0)
        for name, build in cases.items():
            case_folder = folder / f"case{len(name)}-{abs(hash(name))}"
            case_folder.mkdir()
            path = build(case_folder)
            size = path.stat().st_size
            if options.app:
                peak, code, error = peak_mib(["--app-child", str(path)], case_folder, script=Path(__file__))
            else:
                peak, code, error = peak_mib(
                    ["export", "--lesson", str(path), "--out", str(case_folder / "out"), "--no-images"],
                    case_folder,
                )
            if not name.startswith("(baseline)") and peak > worst[1]:
                worst = (name, peak)
            error = error.splitlines()[-1] if error else ""
            print(f"{name[:48]:48} {peak:9.0f} {code:5d}  ({size / 1024:.0f} KiB file) {error[-90:]}")
        print(f"worst hostile lesson: {worst[0]}, {worst[1]:.0f} MiB peak (target < 500 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
