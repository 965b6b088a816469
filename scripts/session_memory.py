#!/usr/bin/env python3
"""Where resident memory goes in a long session of the real window (issue 10, item 12).

    python scripts/session_memory.py [--rounds N]

Builds the main window offscreen (its own throw-away settings file) and repeats one kind of
action at a time, N rounds of a batch each, printing the resident set size (VmRSS) after every
round. A leak grows round after round; a cache or an allocator's high-water mark grows in the
first rounds and then stays flat. Kinds: stepping through the sequence and back, single-weight
edits and undo (the undo history holds MAX_UNDO edits), whole-tensor edits, language switches,
panel exports to PNG bytes, and opening a lesson.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--only", metavar="WORD", help="run only the kinds whose name contains WORD")
    options = parser.parse_args()

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication(["rnn-stepper"])
    from rnn_stepper.engine.config import RNNConfig
    from rnn_stepper.engine.lesson_file import save_lesson
    from rnn_stepper.engine.weight_edits import MAX_UNDO, MAX_UNDO_BYTES
    from rnn_stepper.gui.app_identity import settings_in_file
    from rnn_stepper.gui.exporting import export
    from rnn_stepper.gui.main_window import create_main_window

    folder = Path(tempfile.mkdtemp(prefix="session-memory-"))
    config = RNNConfig(input_size=64, hidden_size=256, num_layers=2, seq_len=40, batch_size=2, seed=1)
    window = create_main_window(config, settings=settings_in_file(folder / "s.ini"))
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    session = window.session
    lesson = save_lesson(folder / "l.rnnlesson", config, session.simulation.model, 5)

    def steps():
        for _ in range(len(session.stepper)):
            session.step()
            app.processEvents()
        session.seek(0)
        app.processEvents()

    def weight_edits():
        learn = window.learn_actions
        for i in range(100):
            learn.edit_weight("weight_hh_l0", (i % 256, (i * 7) % 256), 0.001 * i)
            app.processEvents()

    def tensor_edits():
        for _ in range(20):
            window.session.change_weights(lambda editor: editor.scale("weight_hh_l0", 1.001))
            app.processEvents()

    def languages():
        for code in ("zh_CN", "en"):
            window.switch_language(code)
            app.processEvents()

    def exports():
        for panel in list(window.panels.values())[:6]:
            export.png_bytes(export.render_png_image(panel))
        app.processEvents()

    def lessons():
        window.file_actions.open_lesson(lesson)
        app.processEvents()

    kinds = {
        "step through and back": steps,
        "100 single-weight edits": weight_edits,
        "20 whole-tensor edits (H=256)": tensor_edits,
        "language switch (zh_CN and back)": languages,
        "export 6 panels as PNG": exports,
        "open a lesson": lessons,
    }
    print(f"config: {config}")
    print(
        f"start: {rss_mib():.0f} MiB; MAX_UNDO = {MAX_UNDO} edits, MAX_UNDO_BYTES = {MAX_UNDO_BYTES >> 20} MiB"
    )
    for name, action in kinds.items():
        if options.only and options.only not in name:
            continue
        figures = []
        for _ in range(options.rounds):
            action()
            # A script's processEvents() never runs deferred deletes (the app's event loop
            # does): without this, replaced widgets would look like a leak.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            figures.append(rss_mib())
        growth = figures[-1] - figures[1] if len(figures) > 1 else 0.0
        print(
            f"{name:36} "
            + " ".join(f"{f:6.0f}" for f in figures)
            + f"   (after the first round: {growth:+.0f} MiB)"
        )
    editor = window.session.weight_editor
    for _ in range(150):  # H=256: 512 KiB an edit; the byte limit keeps about 128 of them
        editor.scale("weight_hh_l0", 1.0001)
    print(f"after 150 more whole-tensor edits: {rss_mib():.0f} MiB, undo history {len(editor._undo)} edits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
