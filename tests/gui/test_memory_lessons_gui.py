"""The memory lessons (nn.RNN, nn.LSTM, nn.GRU remembering the first character) in the real window:
each opens as its own cell type, shows its notes in the interface's language, selects the neuron
its notes describe, steps one time step per Right key through the sentence with every cell
agreeing with the module, and ends on the answer its notes quote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from rnn_stepper.engine.lesson_file import LESSON_SUFFIX, open_lesson
from rnn_stepper.gui import i18n
from torch import nn

from tests.gui.file_helpers import built_window
from tests.gui.test_lesson_languages import expected_notes

LESSONS = Path(__file__).resolve().parents[2] / "resources" / "lessons"
MODULES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
# The last figure of each lesson's notes: the probability the output panel gives 我 after ？.
ANSWER = {"en": r"gives 我 a probability of (\d\.\d\d)", "zh_CN": r"给“我”的概率(?:都)?是 (\d\.\d\d)"}


@pytest.fixture
def window(qtbot, settings_file, qapp):
    w = built_window(qtbot)
    yield w
    i18n.install_language(qapp, "en")  # the other tests read English


@pytest.mark.parametrize("cell", MODULES)
@pytest.mark.parametrize("language", ("en", "zh_CN"))
def test_each_memory_lesson_opens_as_its_cell_and_steps_to_the_quoted_answer(window, qtbot, cell, language):
    assert window.switch_language(language)
    path = LESSONS / f"memory-{cell}{LESSON_SUFFIX}"
    lesson = open_lesson(path)
    files = window.file_actions
    assert files.open_lesson(path)
    session = window.session
    assert session.config == lesson.config and session.config.cell == cell
    assert type(session.simulation.model.rnn) is MODULES[cell]
    assert files.notes.isVisible() and files.notes.plain_text() == expected_notes(lesson, language)
    assert window.windowTitle().endswith(lesson.titles[language])
    assert session.selected_neuron == lesson.view["selected_neuron"]

    steps = len(lesson.config.text)  # one layer, one direction: a time step is one cell
    for _ in range(steps):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert session.stepper.position == steps and session.stepper.done
    check = session.cell_check()
    assert check.computed == steps and check.all_match
    if cell == "lstm":
        assert session.stepper.current.c_t is not None and set(session.stepper.current.gates) == set("ifgo")
    vocab = lesson.model.vocab.tokens
    answer = float(session.simulation.probabilities_at(steps - 1)[0][vocab.index("我")])
    quoted = float(re.search(ANSWER[language], lesson.descriptions[language])[1])
    assert answer == pytest.approx(quoted, abs=0.006)
