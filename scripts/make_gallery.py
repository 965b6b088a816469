#!/usr/bin/env python3
"""Screenshots of the real app for docs/gallery/, one per situation a student or teacher meets.

Run on a real (virtual) display, so that fonts, docks and window geometry are what a user sees:

    xvfb-run -s "-screen 0 1600x1000x24" python scripts/make_gallery.py [--out docs/gallery]

Each picture is the main window, built as `python main.py` builds it, driven through the
session the way the controls drive it, then grabbed. Window settings go to a throw-away file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _settle(app, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "gallery"), help="folder for the PNG files")
    args = parser.parse_args()
    os.environ.setdefault("RNN_STEPPER_SETTINGS", "isolated")

    from PySide6.QtWidgets import QApplication
    from rnn_stepper.engine.config import RNNConfig
    from rnn_stepper.engine.presets import preset_config
    from rnn_stepper.gui.main_window import create_main_window

    app = QApplication.instance() or QApplication(sys.argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lessons = ROOT / "resources" / "lessons"

    settings_folder = Path(tempfile.mkdtemp())

    def shot(name: str, prepare, language: str = "en") -> None:
        # A fresh settings file each time: no layout or language carried over from the last shot.
        os.environ["RNN_STEPPER_SETTINGS_FILE"] = str(settings_folder / f"{name}.ini")
        window = create_main_window(preset_config("text-woaini"))
        window.show()
        _settle(app)
        if language != "en":
            window.switch_language(language)
        prepare(window)
        _settle(app, 40)
        path = out / f"{name}.png"
        window.grab().save(str(path))
        print(path, f"{window.width()} x {window.height()}", flush=True)
        window.close()
        window.deleteLater()
        _settle(app)

    def config(c, position=None):
        def prepare(window):
            window.session.set_config(c)
            window.session.seek(position if position is not None else len(window.session.stepper))

        return prepare

    def lesson(path, position=None):
        def prepare(window):
            window.file_actions.open_lesson(path)
            if position is not None:
                window.session.seek(position)

        return prepare

    shot("test01", config(preset_config("tutorial-single"), 1))
    shot("test02", config(preset_config("tutorial-batch"), 1))
    shot("woaini-untrained", config(preset_config("text-woaini"), 2))
    shot("woaini-trained", lesson(lessons / "woaini.rnnlesson", 3))
    shot(
        "two-layers-bidirectional-relu-h16",
        config(
            RNNConfig(
                input_size=8,
                hidden_size=16,
                num_layers=2,
                bidirectional=True,
                nonlinearity="relu",
                text="我爱你",
            ),
            9,
        ),
    )
    shot("long-t1000-h1024", config(RNNConfig(input_size=64, hidden_size=1024, seq_len=1000)))
    shot("chinese-interface", config(preset_config("text-woaini"), 2), language="zh_CN")

    def mid_cell(path, position, stage, rolled=False, tab=None):
        """A lesson stepped by sub-operations to `stage` of the cell after `position`."""

        def prepare(window):
            from rnn_stepper.gui.session import StepSize

            window.file_actions.open_lesson(path)
            window.session.seek(position)
            combo = window.controls.step_size_combo  # as a user chooses it (the combo drives the session)
            combo.setCurrentIndex(combo.findData(StepSize.SUB_OPERATION))
            for _ in range(stage):
                window.session.step()
            if rolled:
                window.panels["network"].set_rolled(True)
            if tab is not None:
                window.docks[tab].raise_()

        return prepare

    # LSTM and GRU (issue 15): a cell mid-step, its gates with real numbers; the rolled gated cell;
    # the gradient through c_t with the forget gate in place of the spectral radius; GRU in Chinese.
    shot("lstm-mid-step", mid_cell(lessons / "memory-lstm.rnnlesson", 4, 3))
    shot(
        "lstm-rolled-backprop",
        mid_cell(lessons / "memory-lstm.rnnlesson", 17, 4, rolled=True, tab="backprop"),
    )
    shot("gru-chinese", mid_cell(lessons / "memory-gru.rnnlesson", 6, 2), language="zh_CN")
    return 0


if __name__ == "__main__":
    sys.exit(main())
