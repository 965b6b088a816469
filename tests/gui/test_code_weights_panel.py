"""The code panel follows the model the app runs: a lesson's weights, hand edits, a fresh model
again; its code prints the prediction the Output panel shows (issue 12.5)."""

import contextlib
import io
from pathlib import Path

from tests.gui.conftest import open_window

LESSON = Path(__file__).resolve().parents[2] / "resources" / "lessons" / "woaini.rnnlesson"


def run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<code panel>", "exec"), {})
    return out.getvalue()


def test_the_code_follows_lesson_edit_and_fresh_models(qtbot, settings_file, tmp_path):
    window = open_window(qtbot)
    code_panel, session = window.panels["code"], window.session
    assert "fresh initialisation" in code_panel.weights_note()
    assert window.file_actions.open_lesson(LESSON)
    code = code_panel.code()
    assert "# The weights the app is running: loaded from the lesson woaini.rnnlesson." in code
    assert "woaini.rnnlesson" in code_panel.weights_note()
    session.run_to_end()
    probs = session.simulation.probabilities_at(1)[0]
    predicted = session.simulation.model.vocab.tokens[int(probs.argmax())]
    printed = run(code)
    assert f"after '我爱' the model predicts '{predicted}'" in printed
    # Save code writes the same script (inline weights: one file)
    written = code_panel.save_code(tmp_path / "saved_code.py")
    assert [p.name for p in written] == ["saved_code.py"]
    assert written[0].read_text(encoding="utf-8") == code
    # a hand edit: the code loads the edited value and says so
    assert window.learn_actions.edit_weight("weight_hh_l0", (0, 0), 0.5)
    edited = code_panel.code()
    assert "then edited by hand in the app" in edited and edited != code
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(edited, "<code panel>", "exec"), namespace)
    assert namespace["rnn"].weight_hh_l0[0, 0].item() == 0.5
    # back to a fresh preset: nothing to load
    assert session.load_preset("text-woaini")
    assert "state = " not in code_panel.code() and "fresh initialisation" in code_panel.weights_note()
